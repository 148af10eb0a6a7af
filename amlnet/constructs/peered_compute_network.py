"""PeeredComputeNetwork: a second VNet for compute clusters, peered with the workspace VNet."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..planning import NsgRuleSpec, RouteSpec
from ..providers import (
    Construct,
    DataAzurermVirtualNetwork,
    PrivateDnsZoneVirtualNetworkLink,
    VirtualNetwork,
    VirtualNetworkDnsServers,
    VirtualNetworkPeering,
)
from ._checks import (
    Overrides,
    check_cidr,
    check_cidrs,
    check_literals,
    check_name,
    check_one_of,
    check_overrides,
    check_resource_id,
    check_tags,
    fail,
    is_token,
)
from ._vnet import vnet_of
from .compute_subnet import ComputeSubnet, ComputeSubnetProps, PrefixRoute
from .private_dns_zones import ZoneRef, zone_link


@dataclass(frozen=True)
class PeeredComputeNetworkProps:
    """Props of `PeeredComputeNetwork` (seed 003, "compute cluster in a different VNet/region", VNet peering).

    The VNet is created (`address_space`) or reused (`existing_vnet_id`); so is its compute subnet
    (`compute_subnet_cidr` or `existing_compute_subnet_id`). `remote_vnet_*` name the workspace VNet.
    `zones` are the workspace's private DNS zones: seed 003 links the api and notebooks zones; the
    storage, vault and registry zones are linked too, so the compute resolves those endpoints.
    `dns_servers` points the VNet at a DNS proxy (the workspace VNet's firewall) when set.
    """

    name: str
    """Name of the VNet it creates (Azure: 2-64 letters, digits, underscores, periods, hyphens)."""
    location: str
    """The compute VNet's region (may differ from the workspace's)."""
    resource_group_name: str
    remote_vnet_id: str
    """The workspace VNet (`WorkspaceNetwork.vnet_id`)."""
    remote_vnet_name: str
    remote_vnet_resource_group_name: str
    zones: tuple[ZoneRef, ...]
    """The workspace's private DNS zones (`PrivateDnsZones.zone_refs`): a hub zone's link takes its provider."""
    nsg_rules: tuple[NsgRuleSpec, ...]
    """The compute subnet's NSG rules (`plan_nsg_rules(cfg, peered_placement(cfg))`)."""
    address_space: tuple[str, ...] = ("10.21.0.0/16",)
    """IPv4 ranges of the VNet it creates."""
    existing_vnet_id: str | None = None
    """Reuse this VNet (Microsoft.Network/virtualNetworks resource ID) instead."""
    existing_vnet_name: str | None = None
    """Reuse a VNet found by name (data source `azurerm_virtual_network`) in `existing_vnet_resource_group_name`."""
    existing_vnet_resource_group_name: str | None = None
    compute_subnet_name: str = "snet-aml-compute"
    compute_subnet_cidr: str | None = "10.21.0.0/24"
    """IPv4 CIDR of the compute subnet it creates."""
    existing_compute_subnet_id: str | None = None
    """Reuse this subnet instead."""
    routes: tuple[RouteSpec, ...] = ()
    prefix_routes: tuple[PrefixRoute, ...] = ()
    firewall_private_ip: str | None = None
    """Next hop of routes to the firewall (the workspace VNet's firewall, over the peering)."""
    nat_gateway_id: str | None = None
    dns_servers: tuple[str, ...] = ()
    """DNS servers of the VNet (private IPv4: a DNS proxy or resolver); empty: Azure DNS."""
    compute_subnet_service_endpoints: tuple[str, ...] = ()
    """Service endpoints of the compute subnet it creates (`ComputeSubnetProps.service_endpoints`)."""
    compute_subnet_service_endpoint_policy_ids: tuple[str, ...] = ()
    """Service endpoint policies of the compute subnet it creates (`StorageExfiltrationGuard.policy_id`)."""
    tags: Mapping[str, str] = field(default_factory=dict)
    resource_names: Mapping[str, str] = field(default_factory=dict)
    """Name overrides: `peering-to-workspace`, `peering-from-workspace`, `nsg`, `route-table`."""
    resource_tags: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Extra tags by resource: `vnet`, `nsg`, `route-table`."""

    NAMED: ClassVar[Mapping[str, str]] = {"vnet": "virtual_network", "peering-to-workspace": "virtual_network_peering",
                                          "peering-from-workspace": "virtual_network_peering", "nsg": "network_security_group",
                                          "route-table": "route_table"}

    def __post_init__(self) -> None:
        check_literals(self)
        check_name(self, "name", "virtual_network", self.name)
        check_name(self, "resource_group_name", "resource_group", self.resource_group_name)
        check_resource_id(self, "remote_vnet_id", self.remote_vnet_id, "Microsoft.Network/virtualNetworks")
        check_resource_id(self, "existing_vnet_id", self.existing_vnet_id, "Microsoft.Network/virtualNetworks")
        check_one_of(self, {"existing_vnet_id": self.existing_vnet_id, "existing_vnet_name": self.existing_vnet_name}, required=False)
        check_name(self, "existing_vnet_name", "virtual_network", self.existing_vnet_name)
        if self.existing_vnet_name:
            if not self.existing_vnet_resource_group_name:
                fail(self, "existing_vnet_resource_group_name", f"existing_vnet_name {self.existing_vnet_name!r} needs its resource group")
            check_name(self, "existing_vnet_resource_group_name", "resource_group", self.existing_vnet_resource_group_name)
        if not (self.existing_vnet_id or self.existing_vnet_name):
            check_cidrs(self, "address_space", self.address_space)
        check_name(self, "compute_subnet_name", "subnet", self.compute_subnet_name)
        check_cidr(self, "compute_subnet_cidr", self.compute_subnet_cidr)
        check_resource_id(self, "existing_compute_subnet_id", self.existing_compute_subnet_id, "Microsoft.Network/virtualNetworks", "subnets")
        for i, server in enumerate(self.dns_servers):
            if is_token(server):
                continue
            try:
                ip = ipaddress.ip_address(server)
            except ValueError:
                fail(self, f"dns_servers[{i}]", f"{server!r} is not an IP address")
            if ip.version != 4 or not ip.is_private:
                fail(self, f"dns_servers[{i}]", f"{server!r} must be a private IPv4 address (a DNS server inside your network)")
        check_tags(self, "tags", self.tags)
        check_overrides(self, self.NAMED, self.resource_names, self.resource_tags)


class PeeredComputeNetwork(Construct):
    """A compute VNet peered in both directions with the workspace VNet, linked to its DNS zones.

    Forwarded traffic is allowed both ways, so a firewall in the workspace VNet can carry the
    compute VNet's egress (its default route points there) and the replies.

    Example::

        peered = PeeredComputeNetwork(stack, "compute-network", PeeredComputeNetworkProps(
            name="vnet-ml-compute", location="westus2", resource_group_name="rg-ml",
            remote_vnet_id=net.vnet_id, remote_vnet_name=net.vnet_name,
            remote_vnet_resource_group_name=net.vnet_resource_group_name,
            zones=dns.zone_refs, nsg_rules=plan_nsg_rules(cfg, peered_placement(cfg)),
            routes=plan_routes(cfg, peered_placement(cfg)), firewall_private_ip=fw.private_ip))
        peered.compute_subnet.subnet_id
    """

    def __init__(self, scope: Construct, id: str, props: PeeredComputeNetworkProps) -> None:
        super().__init__(scope, id)
        self._props = props
        names = Overrides(props.resource_names, props.tags, props.resource_tags)
        ref = vnet_of(self, props, names.tags("vnet"))
        self._vnet, self._vnet_lookup = ref.vnet, ref.lookup
        self._vnet_id, self._vnet_name, self._vnet_rg, label = ref.id, ref.name, ref.resource_group_name, ref.label

        self._peering_to_workspace = VirtualNetworkPeering(
            self, "peering-to-workspace", name=names.name("peering-to-workspace", f"peer-{label}-to-workspace"),
            resource_group_name=self._vnet_rg, virtual_network_name=self._vnet_name, remote_virtual_network_id=props.remote_vnet_id,
            allow_virtual_network_access=True, allow_forwarded_traffic=True,
        )
        self._peering_from_workspace = VirtualNetworkPeering(
            self, "peering-from-workspace", name=names.name("peering-from-workspace", f"peer-workspace-to-{label}"),
            resource_group_name=props.remote_vnet_resource_group_name,
            virtual_network_name=props.remote_vnet_name, remote_virtual_network_id=self._vnet_id,
            allow_virtual_network_access=True, allow_forwarded_traffic=True,
        )
        self._zone_links: dict[str, PrivateDnsZoneVirtualNetworkLink] = {
            z.key: zone_link(self, z, label, self._vnet_id, props.tags) for z in props.zones
        }

        self._dns_servers: VirtualNetworkDnsServers | None = None
        if props.dns_servers:
            self._dns_servers = VirtualNetworkDnsServers(self, "dns-servers", virtual_network_id=self._vnet_id, dns_servers=list(props.dns_servers))

        self._compute_subnet = ComputeSubnet(
            self,
            "compute-subnet",
            ComputeSubnetProps(
                name=props.compute_subnet_name, location=props.location, resource_group_name=props.resource_group_name,
                vnet_name=self._vnet_name, vnet_resource_group_name=self._vnet_rg, nsg_rules=props.nsg_rules,
                cidr=None if props.existing_compute_subnet_id else props.compute_subnet_cidr,
                existing_subnet_id=props.existing_compute_subnet_id, routes=props.routes, prefix_routes=props.prefix_routes,
                firewall_private_ip=props.firewall_private_ip, nat_gateway_id=props.nat_gateway_id, tags=props.tags,
                service_endpoints=props.compute_subnet_service_endpoints,
                service_endpoint_policy_ids=props.compute_subnet_service_endpoint_policy_ids,
                resource_names={k: v for k, v in props.resource_names.items() if k in ComputeSubnetProps.NAMED},
                resource_tags={k: v for k, v in props.resource_tags.items() if k in ComputeSubnetProps.NAMED},
            ),
        )

    @property
    def props(self) -> PeeredComputeNetworkProps:
        return self._props

    @property
    def vnet(self) -> VirtualNetwork | None:
        """The VNet, when this construct creates it."""
        return self._vnet

    @property
    def vnet_lookup(self) -> DataAzurermVirtualNetwork | None:
        """The data source, when the VNet is reused by name."""
        return self._vnet_lookup

    @property
    def vnet_id(self) -> str:
        return self._vnet_id

    @property
    def vnet_name(self) -> str:
        return self._vnet_name

    @property
    def vnet_resource_group_name(self) -> str:
        return self._vnet_rg

    @property
    def peering_to_workspace(self) -> VirtualNetworkPeering:
        return self._peering_to_workspace

    @property
    def peering_from_workspace(self) -> VirtualNetworkPeering:
        return self._peering_from_workspace

    @property
    def zone_links(self) -> dict[str, PrivateDnsZoneVirtualNetworkLink]:
        return dict(self._zone_links)

    @property
    def dns_servers(self) -> VirtualNetworkDnsServers | None:
        return self._dns_servers

    @property
    def compute_subnet(self) -> ComputeSubnet:
        """The compute subnet (its `add_nsg_rule` and `add_route` are the escape hatches here)."""
        return self._compute_subnet

    @property
    def ready(self) -> list[Any]:
        """What compute in this VNet must wait for: both peerings, the zone links, DNS, NSG and routes."""
        out: list[Any] = [self._peering_to_workspace, self._peering_from_workspace, *self._zone_links.values(), *self._compute_subnet.ready]
        if self._dns_servers is not None:
            out.append(self._dns_servers)
        return out
