"""PeeredComputeNetwork: a second VNet for compute clusters, peered with the workspace VNet."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..config import parse_resource_id
from ..planning import NsgRuleSpec, RouteSpec
from ..providers import Construct, VirtualNetwork, VirtualNetworkDnsServers, VirtualNetworkPeering
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
    location: str
    resource_group_name: str
    remote_vnet_id: str
    remote_vnet_name: str
    remote_vnet_resource_group_name: str
    zones: tuple[ZoneRef, ...]
    nsg_rules: tuple[NsgRuleSpec, ...]
    address_space: tuple[str, ...] = ("10.21.0.0/16",)
    existing_vnet_id: str | None = None
    compute_subnet_name: str = "snet-aml-compute"
    compute_subnet_cidr: str | None = "10.21.0.0/24"
    existing_compute_subnet_id: str | None = None
    routes: tuple[RouteSpec, ...] = ()
    prefix_routes: tuple[PrefixRoute, ...] = ()
    firewall_private_ip: str | None = None
    nat_gateway_id: str | None = None
    dns_servers: tuple[str, ...] = ()
    tags: dict[str, str] = field(default_factory=dict)


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
        self.props = props
        self.vnet: VirtualNetwork | None = None
        if props.existing_vnet_id:
            parts = parse_resource_id(props.existing_vnet_id, "Microsoft.Network/virtualNetworks")
            self._vnet_id, self._vnet_name, self._vnet_rg = props.existing_vnet_id, parts["name"], parts["resource_group"]
            label = parts["name"]
        else:
            self.vnet = VirtualNetwork(
                self, "vnet", name=props.name, location=props.location, resource_group_name=props.resource_group_name,
                address_space=list(props.address_space), tags=props.tags or None,
            )
            self._vnet_id, self._vnet_name, self._vnet_rg = self.vnet.id, self.vnet.name, props.resource_group_name
            label = props.name

        self.peering_to_workspace = VirtualNetworkPeering(
            self, "peering-to-workspace", name=f"peer-{label}-to-workspace", resource_group_name=self._vnet_rg,
            virtual_network_name=self._vnet_name, remote_virtual_network_id=props.remote_vnet_id,
            allow_virtual_network_access=True, allow_forwarded_traffic=True,
        )
        self.peering_from_workspace = VirtualNetworkPeering(
            self, "peering-from-workspace", name=f"peer-workspace-to-{label}", resource_group_name=props.remote_vnet_resource_group_name,
            virtual_network_name=props.remote_vnet_name, remote_virtual_network_id=self._vnet_id,
            allow_virtual_network_access=True, allow_forwarded_traffic=True,
        )
        self.zone_links = {z.key: zone_link(self, z.key, z.name, z.resource_group_name, label, self._vnet_id, props.tags) for z in props.zones}

        self.dns_servers: VirtualNetworkDnsServers | None = None
        if props.dns_servers:
            self.dns_servers = VirtualNetworkDnsServers(self, "dns-servers", virtual_network_id=self._vnet_id, dns_servers=list(props.dns_servers))

        self.compute_subnet = ComputeSubnet(
            self,
            "compute-subnet",
            ComputeSubnetProps(
                name=props.compute_subnet_name, location=props.location, resource_group_name=props.resource_group_name,
                vnet_name=self._vnet_name, vnet_resource_group_name=self._vnet_rg, nsg_rules=props.nsg_rules,
                cidr=None if props.existing_compute_subnet_id else props.compute_subnet_cidr,
                existing_subnet_id=props.existing_compute_subnet_id, routes=props.routes, prefix_routes=props.prefix_routes,
                firewall_private_ip=props.firewall_private_ip, nat_gateway_id=props.nat_gateway_id, tags=props.tags,
            ),
        )

    @property
    def vnet_id(self) -> str:
        return self._vnet_id

    @property
    def ready(self) -> list[Any]:
        """What compute in this VNet must wait for: both peerings, the zone links, DNS, NSG and routes."""
        out = [self.peering_to_workspace, self.peering_from_workspace, *self.zone_links.values(), *self.compute_subnet.ready]
        if self.dns_servers is not None:
            out.append(self.dns_servers)
        return out
