"""Where AML compute runs, as the planners need it. Pure data, no cdktf; `amlnet.planner` builds the
placements of a configuration (`workspace_placement(cfg)`, `peered_placement(cfg)`, ...).

One configuration can place compute in several subnets: the workspace VNet's compute subnet, the
compute subnet of a peered VNet, or of a VNet that reaches the workspace through its own private
endpoint. Each placement gets its own NSG rules and routes; the firewall rules cover all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..catalog import Region, Scenario


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
