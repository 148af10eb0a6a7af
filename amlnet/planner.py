"""Planning from a configuration: the one module that imports both `amlnet.config` and `amlnet.planning`.

The planners take narrow typed inputs (`PlanInputs`, `ComputePlacement`), never the configuration.
Here `plan_inputs(cfg)` builds those inputs, the placement builders read where the configuration puts
compute, and each planner is offered with the configuration as its first argument, as the stacks and
the README use them.

Example::

    cfg = parse_config({"egress": {"mode": "firewall"}})
    plan_nsg_rules(cfg, peered_placement(cfg))          # = planning.plan_nsg_rules(plan_inputs(cfg), peered_placement(cfg))
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .catalog import HostRule, Names, Region, Scenario, TagRule, region
from .config import AmlNetConfig
from .planning import attached, dns, egress, firewall, nsg, routes
from .planning.firewall import FirewallPlan
from .planning.inputs import ExtraFqdns, ExtraNsgRule, PlanInputs
from .planning.nsg import NsgRuleSpec
from .planning.placement import ComputePlacement
from .planning.routes import RouteSpec

__all__ = [
    "PlanInputs", "config_names", "fqdn_only_host_rules", "generated_rule_count", "hosts_needing_fqdn_rules",
    "inference_placement", "peered_placement", "placements_for", "plan_firewall_rules", "plan_inputs", "plan_nsg_rules",
    "plan_routes", "plan_zones", "private_endpoint_placement", "resolved_host_rules", "resolved_tag_rules",
    "service_tag_lookups", "workspace_placement",
]


def config_names(cfg: AmlNetConfig) -> Names:
    """Host-name placeholders from the configuration: pinned names, or `<storage>` / `<acr>` when the
    name is derived at plan time (stacks pass the real names)."""
    return Names(storage_account=cfg.storage_account_name or "<storage>", container_registry=cfg.container_registry_name or "<acr>")


def plan_inputs(cfg: AmlNetConfig) -> PlanInputs:
    """What the planners read of `cfg`, and nothing else."""
    existing = cfg.egress.firewall.existing
    return PlanInputs(
        cloud=cfg.cloud,
        region=cfg.region_info,
        scenarios=cfg.enabled_scenarios,
        names=config_names(cfg),
        nsg_priority_start=cfg.nsg.priority_start,
        nsg_priority_step=cfg.nsg.priority_step,
        nsg_extra_rules=tuple(
            ExtraNsgRule(r.name, r.priority, r.direction, r.access, r.protocol, r.source, r.destination, tuple(r.ports))
            for r in cfg.nsg.extra_rules
        ),
        extra_fqdn_rules=tuple(ExtraFqdns(x.name, tuple(x.fqdns), tuple(x.ports)) for x in cfg.egress.firewall.extra_fqdn_rules),
        hub_firewall_ip=existing.private_ip if existing else None,
        existing_zone_ids=tuple(cfg.dns.existing_zone_ids.items()),
    )


# --- the planners, with a configuration -----------------------------------------------------------


def plan_nsg_rules(cfg: AmlNetConfig, placement: ComputePlacement | None = None) -> tuple[NsgRuleSpec, ...]:
    """`planning.plan_nsg_rules`; `placement` defaults to the workspace VNet's compute subnet."""
    return nsg.plan_nsg_rules(plan_inputs(cfg), placement or workspace_placement(cfg))


def generated_rule_count(cfg: AmlNetConfig, placement: ComputePlacement | None = None) -> int:
    return nsg.generated_rule_count(plan_inputs(cfg), placement or workspace_placement(cfg))


def plan_routes(cfg: AmlNetConfig, placement: ComputePlacement | None = None) -> tuple[RouteSpec, ...]:
    """`planning.plan_routes`; `placement` defaults to the workspace VNet's compute subnet."""
    return routes.plan_routes(plan_inputs(cfg), placement or workspace_placement(cfg))


def plan_firewall_rules(cfg: AmlNetConfig, placements: tuple[ComputePlacement, ...] | None = None,
                        names: Names | None = None) -> FirewallPlan:
    """`planning.plan_firewall_rules`; `placements` default to the workspace VNet's compute subnet."""
    return firewall.plan_firewall_rules(plan_inputs(cfg), placements or (workspace_placement(cfg),), names)


def plan_zones(cfg: AmlNetConfig) -> tuple[dns.ZonePlan, ...]:
    return dns.plan_zones(plan_inputs(cfg))


def service_tag_lookups(cfg: AmlNetConfig, placements: tuple[ComputePlacement, ...]) -> tuple[tuple[str, str], ...]:
    return routes.service_tag_lookups(plan_inputs(cfg), placements)


def resolved_tag_rules(cfg: AmlNetConfig, regions: Iterable[Region] | None = None,
                       scenarios: Iterable[Scenario] | None = None) -> tuple[TagRule, ...]:
    return egress.resolved_tag_rules(plan_inputs(cfg), regions, scenarios)


def resolved_host_rules(cfg: AmlNetConfig, regions: Iterable[Region] | None = None, names: Names | None = None,
                        scenarios: Iterable[Scenario] | None = None, kubernetes_use: str | None = None) -> tuple[HostRule, ...]:
    return egress.resolved_host_rules(plan_inputs(cfg), regions, names, scenarios, kubernetes_use)


def fqdn_only_host_rules(cfg: AmlNetConfig, regions: Iterable[Region] | None = None, names: Names | None = None,
                         scenarios: Iterable[Scenario] | None = None, kubernetes_use: str | None = None) -> tuple[HostRule, ...]:
    return egress.fqdn_only_host_rules(plan_inputs(cfg), regions, names, scenarios, kubernetes_use)


def hosts_needing_fqdn_rules(cfg: AmlNetConfig, regions: Iterable[Region] | None = None,
                             scenarios: Iterable[Scenario] | None = None, kubernetes_use: str | None = None) -> list[str]:
    return egress.hosts_needing_fqdn_rules(plan_inputs(cfg), regions, scenarios, kubernetes_use)


# --- where the configuration puts compute ---------------------------------------------------------


def _regions(cfg: AmlNetConfig, compute_region: str) -> tuple[Region, ...]:
    primary = region(cfg.region)
    other = region(compute_region)
    return (primary,) if other.name == primary.name else (primary, other)


def workspace_placement(cfg: AmlNetConfig) -> ComputePlacement:
    """Compute in the workspace VNet's compute subnet (secure-workspace, serverless-no-public-ip)."""
    n = cfg.network
    return ComputePlacement(
        label="workspace",
        subnet_cidr=n.compute_subnet.cidr,
        regions=_regions(cfg, cfg.region),
        private_endpoint_prefixes=(n.private_endpoint_subnet.cidr,) if n.private_endpoint_subnet.cidr else ("VirtualNetwork",),
        egress_mode=cfg.egress.mode,
        dns_proxy_prefix=n.firewall_subnet_cidr if cfg.firewall_is_vnet_dns else None,
        public_ip=cfg.compute.public_ip,
        nat_allow_unfiltered_https=cfg.egress.nat_allow_unfiltered_https,
        address_space=tuple(n.address_space),
        dns_servers=cfg.dns.servers,
    )


def peered_placement(cfg: AmlNetConfig) -> ComputePlacement:
    """Compute in a peered VNet: private endpoints are in the workspace VNet, reached over the
    peering; in firewall mode the default route goes to the workspace VNet's firewall."""
    n, cn = cfg.network, cfg.compute_network
    mode = cfg.compute_egress_mode
    return ComputePlacement(
        label="peered",
        subnet_cidr=cn.compute_subnet.cidr,
        regions=_regions(cfg, cfg.compute_region),
        private_endpoint_prefixes=(n.private_endpoint_subnet.cidr,) if n.private_endpoint_subnet.cidr else ("VirtualNetwork",),
        egress_mode=mode,
        dns_proxy_prefix=n.firewall_subnet_cidr if (mode == "firewall" and cfg.firewall_is_vnet_dns) else None,
        public_ip=cfg.compute.public_ip,
        nat_allow_unfiltered_https=cfg.egress.nat_allow_unfiltered_https,
        address_space=tuple(cn.address_space),
        dns_servers=cfg.dns.servers,  # peered with the workspace VNet, so it reaches the same servers
    )


def private_endpoint_placement(cfg: AmlNetConfig) -> ComputePlacement:
    """Compute in a VNet with its own workspace, storage, vault and registry endpoints, no peering;
    in firewall mode that VNet has its own firewall."""
    cn = cfg.compute_network
    mode = cfg.compute_egress_mode
    own_fw_dns = mode == "firewall" and cfg.egress.firewall.use_as_dns and cn.existing_vnet_id is None and cn.firewall_subnet_cidr
    return ComputePlacement(
        label="private-endpoint",
        subnet_cidr=cn.compute_subnet.cidr,
        regions=_regions(cfg, cfg.compute_region),
        private_endpoint_prefixes=(cn.private_endpoint_subnet.cidr,) if cn.private_endpoint_subnet.cidr else ("VirtualNetwork",),
        egress_mode=mode,
        dns_proxy_prefix=cn.firewall_subnet_cidr if own_fw_dns else None,
        public_ip=cfg.compute.public_ip,
        nat_allow_unfiltered_https=cfg.egress.nat_allow_unfiltered_https,
        address_space=tuple(cn.address_space),
    )


INFERENCE_SCENARIOS = frozenset({Scenario.AKS_INFERENCE, Scenario.KUBERNETES})


def inference_placement(cfg: AmlNetConfig) -> ComputePlacement:
    """The AKS inference cluster's node subnet in the workspace VNet (seed 004): its own rows (AKS egress,
    the regional registry tag, private endpoints, seed 000's Kubernetes rows for inference), the same egress
    as compute, and scoring inbound from the configured clients only."""
    inf = cfg.inference
    return replace(
        workspace_placement(cfg),
        label="aks-inference",
        subnet_cidr=inf.subnet.cidr,
        public_ip=False,
        scenarios=INFERENCE_SCENARIOS,
        kubernetes_use="inference",
        scoring_ports=inf.scoring_ports,
        scoring_clients=tuple(inf.scoring_clients) or tuple(cfg.network.address_space),
    )


def attached_placement(cfg: AmlNetConfig) -> ComputePlacement:
    """The attach subnet (`attached_compute`): the workspace compute subnet's egress, private endpoints and
    DNS, its own range."""
    att = cfg.attached_compute
    assert att is not None
    return replace(workspace_placement(cfg), label="attached", subnet_cidr=att.subnet.cidr, public_ip=False)


def placements_for(cfg: AmlNetConfig) -> tuple[ComputePlacement, ...]:
    """Every placement the configured stacks use (for validation)."""
    out = []
    if any(k in cfg.stacks for k in ("secure-workspace", "serverless-no-public-ip", "aks-inference")):
        out.append(workspace_placement(cfg))
    if "aks-inference" in cfg.stacks:
        out.append(inference_placement(cfg))
    if "peered-compute" in cfg.stacks:
        out.append(peered_placement(cfg))
    if "private-endpoint-compute" in cfg.stacks:
        out.append(private_endpoint_placement(cfg))
    return tuple(out) or (workspace_placement(cfg),)


def plan_attached_nsg_rules(cfg: AmlNetConfig) -> tuple[NsgRuleSpec, ...]:
    """`planning.attached.plan_attached_nsg_rules` for `cfg.attached_compute`."""
    assert cfg.attached_compute is not None
    return attached.plan_attached_nsg_rules(plan_inputs(cfg), attached_placement(cfg), cfg.attached_compute.kinds)


def plan_attached_routes(cfg: AmlNetConfig) -> tuple[RouteSpec, ...]:
    """`planning.attached.plan_attached_routes` for `cfg.attached_compute`."""
    assert cfg.attached_compute is not None
    return attached.plan_attached_routes(plan_inputs(cfg), attached_placement(cfg), cfg.attached_compute.kinds)
