"""The attach subnet's planners with a configuration (`attached_compute`), as `amlnet.planner` offers the others.

Example::

    cfg = parse_config({"attached_compute": {"subnet": {"name": "snet-aml-attached", "cidr": "10.20.5.0/24"}}})
    plan_attached_nsg_rules(cfg)[0].name   # 'AllowInSshFromAzureMachineLearning'
"""

from __future__ import annotations

from dataclasses import replace

from .config import AmlNetConfig
from .planner import plan_inputs, workspace_placement
from .planning import attached
from .planning.nsg import NsgRuleSpec
from .planning.placement import ComputePlacement
from .planning.routes import RouteSpec


def attached_placement(cfg: AmlNetConfig) -> ComputePlacement:
    """The attach subnet: the workspace compute subnet's egress, private endpoints and DNS, its own range."""
    att = cfg.attached_compute
    assert att is not None
    return replace(workspace_placement(cfg), label="attached", subnet_cidr=att.subnet.cidr, public_ip=False)


def plan_attached_nsg_rules(cfg: AmlNetConfig) -> tuple[NsgRuleSpec, ...]:
    """`planning.attached.plan_attached_nsg_rules` for `cfg.attached_compute`."""
    assert cfg.attached_compute is not None
    return attached.plan_attached_nsg_rules(plan_inputs(cfg), attached_placement(cfg), cfg.attached_compute.kinds)


def plan_attached_routes(cfg: AmlNetConfig) -> tuple[RouteSpec, ...]:
    """`planning.attached.plan_attached_routes` for `cfg.attached_compute`."""
    assert cfg.attached_compute is not None
    return attached.plan_attached_routes(plan_inputs(cfg), attached_placement(cfg), cfg.attached_compute.kinds)
