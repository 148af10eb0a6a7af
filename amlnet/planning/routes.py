"""Routes for a compute subnet. Pure functions, no cdktf.

Seed 000 ("no public IP" note): compute without public IP reaches the internet through a NAT
gateway or through a user-defined route 0.0.0.0/0 whose next hop is the firewall's private IP.
Seed 000 (public-IP compute): behind a firewall, the inbound control traffic from Azure Machine
Learning and Azure Batch must bypass it: routes with next hop `Internet` for the AzureMachineLearning
and BatchNodeManagement addresses of the primary and the secondary (paired) region.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..catalog import region as lookup_region
from ..catalog.service_tags import require_tag
from .placement import ComputePlacement

if TYPE_CHECKING:
    from .inputs import PlanInputs

FIREWALL_IP = "<firewall private ip>"
"""Placeholder for the next hop when the stack creates the firewall (its IP is known at apply)."""

CONTROL_PLANE_TAGS = ("AzureMachineLearning", "BatchNodeManagement")


@dataclass(frozen=True)
class RouteSpec:
    name: str
    address_prefix: str
    next_hop_type: str
    next_hop_ip: str | None


def control_plane_regions(placement: ComputePlacement) -> tuple[str, ...]:
    """Primary region(s) and their pairs, in order, without repeats."""
    out: list[str] = []
    for r in placement.regions:
        for name in (r.name, r.pair):
            if name and name not in out:
                out.append(name)
    return tuple(out)


def plan_routes(inp: PlanInputs, placement: ComputePlacement) -> tuple[RouteSpec, ...]:
    pl = placement
    if pl.egress_mode != "firewall":
        return ()
    ip = inp.hub_firewall_ip if inp.hub_firewall_ip and pl.label != "private-endpoint" else FIREWALL_IP
    routes = [RouteSpec("default-to-firewall", "0.0.0.0/0", "VirtualAppliance", ip)]
    if pl.public_ip:
        for name in control_plane_regions(pl):
            reg = lookup_region(name)
            for tag in CONTROL_PLANE_TAGS:
                routes.append(RouteSpec(f"{tag}-{reg.tag_suffix}-to-internet", require_tag(reg.cloud, f"{tag}.{reg.tag_suffix}"), "Internet", None))
    return tuple(routes)


def control_plane_lookups(placement: ComputePlacement) -> tuple[tuple[str, str], ...]:
    """(tag, region) pairs whose addresses the public-IP routes need (seed 000: primary and secondary)."""
    return tuple((tag, name) for name in control_plane_regions(placement) for tag in CONTROL_PLANE_TAGS)


def service_tag_lookups(inp: PlanInputs, placements: tuple[ComputePlacement, ...]) -> tuple[tuple[str, str], ...]:
    """Every regional tag the configuration uses, as (base tag, region): the NSG's and firewall's
    regional tags, and the control-plane tags of public-IP routes."""
    from .egress import resolved_tag_rules

    out: dict[tuple[str, str], None] = {}
    for pl in placements:
        for reg in pl.regions:
            for t in resolved_tag_rules(inp, (reg,), pl.scenarios):
                if t.tag != t.base_tag:
                    out[(t.base_tag, reg.name)] = None
        if pl.public_ip:
            for pair in control_plane_lookups(pl):
                out[pair] = None
    return tuple(out)
