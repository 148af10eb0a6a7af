"""Where AML compute runs, as the planners need it. Pure data, no cdktf.

One configuration can place compute in several subnets: the workspace VNet's compute subnet, the
compute subnet of a peered VNet, or of a VNet that reaches the workspace through its own private
endpoint. Each placement gets its own NSG rules and routes; the firewall rules cover all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..catalog import Region, Scenario, region

if TYPE_CHECKING:
    from ..config import AmlNetConfig


@dataclass(frozen=True)
class ComputePlacement:
    label: str
    subnet_cidr: str | None
    """The compute subnet's range; None for a reused subnet of unknown range."""
    regions: tuple[Region, ...]
    """The workspace's region first (seed 003: regional tags name the workspace's region), then the
    compute's region when it differs (its Azure Batch pool and storage live there)."""
    private_endpoint_prefixes: tuple[str, ...]
    """Where the private endpoints this compute uses live (443, and 445 to storage)."""
    egress_mode: str
    dns_proxy_prefix: str | None
    """The firewall subnet, when the compute VNet's DNS server is the firewall's DNS proxy."""
    public_ip: bool
    nat_allow_unfiltered_https: bool = False
    address_space: tuple[str, ...] = ()
    """The compute VNet's ranges: firewall rule sources when the subnet's range is unknown."""
    dns_servers: tuple[str, ...] = ()
    """Custom DNS servers the compute VNet uses (`dns.servers`: the hub's DNS proxy or resolver)."""
    scenarios: frozenset[Scenario] | None = None
    """This subnet's exact scenarios (an AKS inference subnet's); None: the configuration's, with compute and studio."""
    kubernetes_use: str | None = None
    """'inference': only the Kubernetes rows seed 000 marks for inference."""
    scoring_ports: tuple[int, ...] = ()
    """Inbound scoring ports (AKS inference): allowed from `scoring_clients` only; every other inbound is denied."""
    scoring_clients: tuple[str, ...] = ()

    @property
    def exact(self) -> dict[str, Any]:
        """Keyword arguments for the planners' scenario selection."""
        return {"scenarios": self.scenarios, "kubernetes_use": self.kubernetes_use}

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.subnet_cidr,) if self.subnet_cidr else self.address_space


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
    n, inf = cfg.network, cfg.inference
    return ComputePlacement(
        label="aks-inference",
        subnet_cidr=inf.subnet.cidr,
        regions=_regions(cfg, cfg.region),
        private_endpoint_prefixes=(n.private_endpoint_subnet.cidr,) if n.private_endpoint_subnet.cidr else ("VirtualNetwork",),
        egress_mode=cfg.egress.mode,
        dns_proxy_prefix=n.firewall_subnet_cidr if cfg.firewall_is_vnet_dns else None,
        public_ip=False,
        nat_allow_unfiltered_https=cfg.egress.nat_allow_unfiltered_https,
        address_space=tuple(n.address_space),
        dns_servers=cfg.dns.servers,
        scenarios=INFERENCE_SCENARIOS,
        kubernetes_use="inference",
        scoring_ports=inf.scoring_ports,
        scoring_clients=tuple(inf.scoring_clients) or tuple(n.address_space),
    )


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
