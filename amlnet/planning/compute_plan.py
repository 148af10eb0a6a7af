"""Plan one compute subnet's rules from what the constructs already know, without an amlnet configuration.

A stack composed of amlnet's constructs describes its network once, here: the ranges, where the private
endpoints live, the egress and the catalog selection (cloud, region, scenarios). The NSG rules, routes and
firewall rules come from the same planners the configuration-driven stacks use (`plan_nsg_rules`,
`plan_routes`, `plan_firewall_rules`), and `ComputeSubnetProps(plan=...)` takes the subnet's range from it,
so nothing is written twice. Values are checked when the plan is made; a bad one is a `PlanError` naming
the field and the value.

Example::

    plan = ComputeNetworkPlan(region="westeurope", compute_subnet_cidr="10.60.4.0/24",
                              private_endpoint_cidrs=("10.60.5.0/24",), firewall_private_ip="10.0.0.4",
                              scenarios=("python-packages", "vscode"))
    plan.nsg_rules()        # the compute subnet's NSG rules, final denies included
    plan.routes()           # 0.0.0.0/0 to the firewall and the control-plane routes
    plan.firewall_rules()   # the rule collections the firewall must hold for this subnet
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Literal

from ..addressing import ipv4_network
from ..catalog import REGIONS, Cloud, Names, Region, Scenario, region
from ..catalog.resolve import enabled
from .firewall import FirewallPlan, plan_firewall_rules
from .inputs import PlanInputs
from .nsg import NsgRuleSpec, plan_nsg_rules
from .placement import ComputePlacement
from .routes import RouteSpec, plan_routes

Egress = Literal["firewall", "nat-gateway", "none"]
DEFAULT_SCENARIOS: tuple[str, ...] = ("python-packages", "azure-monitor")
"""The configuration's default selection (`scenarios`); `compute` and `studio` are always on."""


class PlanError(ValueError):
    """A value of `ComputeNetworkPlan` that no plan can be made from; names the field and the value."""


def _cidr(field_name: str, value: str) -> str:
    try:
        return str(ipv4_network(value))
    except ValueError as e:
        if "only IPv4" in str(e):
            raise PlanError(f"ComputeNetworkPlan.{field_name}: {value!r} is IPv6; Azure Machine Learning compute subnets are IPv4") from None
        raise PlanError(f"ComputeNetworkPlan.{field_name}: {value!r} is not an IPv4 network in CIDR notation (e.g. 10.0.1.0/24)") from None


@dataclass(frozen=True)
class ComputeNetworkPlan:
    """What the planners need of one compute subnet, in construct terms (no configuration)."""

    region: str
    """The workspace's region (ARM name, e.g. `westeurope`): regional service tags name it (seed 003)."""
    compute_subnet_cidr: str | None
    """The compute subnet's range; None for a reused subnet of unknown range (then `address_space` is the source)."""
    private_endpoint_cidrs: tuple[str, ...]
    """Where the workspace's private endpoints live (443 and 445 go there); empty: `VirtualNetwork`."""
    cloud: Literal["public", "usgov", "china"] = "public"
    """The Azure cloud whose service tags and hosts are used."""
    scenarios: tuple[str, ...] = DEFAULT_SCENARIOS
    """Catalog scenarios (amlnet.catalog.Scenario values, e.g. `vscode`); `compute` and `studio` are always on."""
    egress: Egress = "firewall"
    """`firewall`: 0.0.0.0/0 to `firewall_private_ip` (or `EgressFirewall.private_ip` through ComputeSubnetProps);
    `nat-gateway`: outbound through a NAT gateway, NSG only; `none`: no default route (the VNet's own egress)."""
    firewall_private_ip: str | None = None
    """The firewall's private IP when it is known now (a hub's); None: the construct's `firewall_private_ip`."""
    compute_region: str | None = None
    """The compute's region when it differs from the workspace's (a peered VNet elsewhere)."""
    address_space: tuple[str, ...] = ()
    """The compute VNet's ranges: the firewall rules' sources when the subnet's range is unknown."""
    dns_servers: tuple[str, ...] = ()
    """Custom DNS servers of the compute VNet (a hub's DNS proxy or resolver); empty: Azure DNS."""
    dns_proxy_cidr: str | None = None
    """The firewall's subnet when the VNet's DNS server is that firewall's DNS proxy (`EgressFirewall` with DNS proxy)."""
    storage_account_name: str | None = None
    """The workspace's storage account, when the firewall rules should name it (else a `<storage>` placeholder)."""
    container_registry_name: str | None = None
    """The workspace's container registry, likewise (else `<acr>`)."""
    label: str = field(default="compute", compare=False)
    """A short label for rule descriptions and firewall rule names."""

    def __post_init__(self) -> None:
        if self.cloud not in ("public", "usgov", "china"):
            raise PlanError(f"ComputeNetworkPlan.cloud: {self.cloud!r} is not one of public, usgov, china")
        for name, value in (("region", self.region), ("compute_region", self.compute_region)):
            if value is not None and (not isinstance(value, str) or value.lower() not in REGIONS):
                raise PlanError(f"ComputeNetworkPlan.{name}: unknown region {value!r} (an ARM region name such as westeurope)")
            if value is not None and REGIONS[value.lower()].cloud != Cloud(self.cloud):
                raise PlanError(f"ComputeNetworkPlan.{name}: {value!r} is not a region of the {self.cloud} cloud")
        known = {s.value for s in Scenario}
        for i, s in enumerate(self.scenarios):
            if s not in known:
                raise PlanError(f"ComputeNetworkPlan.scenarios[{i}]: unknown scenario {s!r} (choose from {', '.join(sorted(known))})")
        if self.egress not in ("firewall", "nat-gateway", "none"):
            raise PlanError(f"ComputeNetworkPlan.egress: {self.egress!r} is not one of firewall, nat-gateway, none")
        if self.compute_subnet_cidr is not None:
            _cidr("compute_subnet_cidr", self.compute_subnet_cidr)
        elif not self.address_space:
            raise PlanError("ComputeNetworkPlan.compute_subnet_cidr: None needs address_space (the firewall rules' sources)")
        for i, c in enumerate(self.private_endpoint_cidrs):
            _cidr(f"private_endpoint_cidrs[{i}]", c)
        for i, c in enumerate(self.address_space):
            _cidr(f"address_space[{i}]", c)
        if self.dns_proxy_cidr is not None:
            _cidr("dns_proxy_cidr", self.dns_proxy_cidr)
        for name, ip in (("firewall_private_ip", self.firewall_private_ip), *((f"dns_servers[{i}]", d) for i, d in enumerate(self.dns_servers))):
            if ip is None:
                continue
            try:
                addr = ipaddress.IPv4Address(ip)
            except (TypeError, ValueError):
                raise PlanError(f"ComputeNetworkPlan.{name}: {ip!r} is not an IPv4 address") from None
            if not addr.is_private or addr.is_link_local or addr.is_unspecified:
                raise PlanError(f"ComputeNetworkPlan.{name}: {ip!r} is not a private address a VNet can route to")
        if self.firewall_private_ip is not None and self.egress != "firewall":
            raise PlanError(f"ComputeNetworkPlan.firewall_private_ip: {self.firewall_private_ip!r} is only used with egress='firewall' "
                            f"(egress is {self.egress!r})")

    @property
    def inputs(self) -> PlanInputs:
        """The planners' catalog selection."""
        return PlanInputs(
            cloud=Cloud(self.cloud),
            region=region(self.region),
            scenarios=enabled(Scenario(s) for s in self.scenarios),
            names=Names(storage_account=self.storage_account_name or "<storage>",
                        container_registry=self.container_registry_name or "<acr>"),
            hub_firewall_ip=self.firewall_private_ip,
        )

    @property
    def placement(self) -> ComputePlacement:
        """The subnet as the planners see it."""
        regions: tuple[Region, ...] = (region(self.region),)
        if self.compute_region and self.compute_region.lower() != self.region.lower():
            regions += (region(self.compute_region),)
        return ComputePlacement(
            label=self.label,
            subnet_cidr=self.compute_subnet_cidr,
            regions=regions,
            private_endpoint_prefixes=self.private_endpoint_cidrs or ("VirtualNetwork",),
            egress_mode=self.egress,
            dns_proxy_prefix=self.dns_proxy_cidr,
            public_ip=False,
            address_space=self.address_space,
            dns_servers=self.dns_servers,
        )

    def nsg_rules(self) -> tuple[NsgRuleSpec, ...]:
        """The compute subnet's NSG rules (`planning.plan_nsg_rules`)."""
        return plan_nsg_rules(self.inputs, self.placement)

    def routes(self) -> tuple[RouteSpec, ...]:
        """The compute subnet's routes (`planning.plan_routes`); a next hop of `FIREWALL_IP` takes the construct's firewall IP."""
        return plan_routes(self.inputs, self.placement)

    def firewall_rules(self) -> FirewallPlan:
        """The firewall's rule collections for this subnet (`planning.plan_firewall_rules`)."""
        return plan_firewall_rules(self.inputs, (self.placement,))
