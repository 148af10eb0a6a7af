"""ComputeSubnet: a subnet for AML compute with its NSG, route table and associations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..config import parse_resource_id
from ..planning import FIREWALL_IP, NsgRuleSpec, RouteSpec
from ..providers import (
    Construct,
    DataAzurermSubnet,
    Fn,
    NetworkSecurityGroup,
    NetworkSecurityGroupSecurityRule,
    Route,
    RouteTable,
    RouteTableRoute,
    Subnet,
    SubnetNatGatewayAssociation,
    SubnetNetworkSecurityGroupAssociation,
    SubnetRouteTableAssociation,
    TerraformIterator,
    Token,
)


@dataclass(frozen=True)
class PrefixRoute:
    """Routes to every prefix of a Terraform list (e.g. `ServiceTagPrefixes.ipv4_cidrs[tag]`), one
    `azurerm_route` each, named `<name>-<prefix with / as _>`."""

    name: str
    prefixes: list[str]
    next_hop_type: str = "Internet"


@dataclass(frozen=True)
class ComputeSubnetProps:
    """Props of `ComputeSubnet`.

    `nsg_rules` and `routes` come from `amlnet.planning` (`plan_nsg_rules`, `plan_routes`).
    A route whose next hop is `planning.FIREWALL_IP` takes `firewall_private_ip`.
    The subnet is created (`cidr`) or reused (`existing_subnet_id`); either way the NSG and the
    route table are attached to it. The subnet is never delegated and has default outbound access off.
    """

    name: str
    location: str
    resource_group_name: str
    vnet_name: str
    vnet_resource_group_name: str
    nsg_rules: tuple[NsgRuleSpec, ...]
    cidr: str | None = None
    existing_subnet_id: str | None = None
    existing_subnet_name: str | None = None
    """Look the subnet up by name in `vnet_name` (data source `azurerm_subnet`)."""
    routes: tuple[RouteSpec, ...] = ()
    firewall_private_ip: str | None = None
    nat_gateway_id: str | None = None
    prefix_routes: tuple[PrefixRoute, ...] = ()
    """With prefix routes, every route is a separate `azurerm_route` (Azure's inline routes and route
    resources cannot share a table)."""
    tags: dict[str, str] = field(default_factory=dict)


def security_rule(r: NsgRuleSpec) -> NetworkSecurityGroupSecurityRule:
    """One NSG rule as the provider's struct (never a plain dict: see `amlnet.providers`)."""
    one_src, one_dst, one_port = len(r.source_prefixes) == 1, len(r.destination_prefixes) == 1, len(r.destination_ports) == 1
    return NetworkSecurityGroupSecurityRule(
        name=r.name,
        priority=r.priority,
        direction=r.direction,
        access=r.access,
        protocol=r.protocol,
        description=r.description,
        source_port_range="*",
        source_address_prefix=r.source_prefixes[0] if one_src else None,
        source_address_prefixes=None if one_src else list(r.source_prefixes),
        destination_address_prefix=r.destination_prefixes[0] if one_dst else None,
        destination_address_prefixes=None if one_dst else list(r.destination_prefixes),
        destination_port_range=r.destination_ports[0] if one_port else None,
        destination_port_ranges=None if one_port else list(r.destination_ports),
    )


class ComputeSubnet(Construct):
    """A subnet for compute instances, clusters or serverless compute, closed by an NSG.

    Example::

        subnet = ComputeSubnet(stack, "compute", ComputeSubnetProps(
            name="snet-compute", cidr="10.20.0.0/24", location="eastus2",
            resource_group_name="rg-ml", vnet_name=net.vnet_name,
            vnet_resource_group_name=net.vnet_resource_group_name,
            nsg_rules=plan_nsg_rules(cfg), routes=plan_routes(cfg),
            firewall_private_ip=firewall.private_ip))
        subnet.subnet_id
    """

    def __init__(self, scope: Construct, id: str, props: ComputeSubnetProps) -> None:
        super().__init__(scope, id)
        self.props = props
        self.subnet: Subnet | None = None
        self.subnet_lookup: DataAzurermSubnet | None = None
        if props.existing_subnet_name:
            self.subnet_lookup = DataAzurermSubnet(
                self, "subnet-lookup", name=props.existing_subnet_name, virtual_network_name=props.vnet_name,
                resource_group_name=props.vnet_resource_group_name,
            )
            self._subnet_id = self.subnet_lookup.id
        elif props.existing_subnet_id:
            parse_resource_id(props.existing_subnet_id, "Microsoft.Network/virtualNetworks", "subnets")
            self._subnet_id = props.existing_subnet_id
        else:
            if not props.cidr:
                raise ValueError("ComputeSubnetProps: cidr or existing_subnet_id is required")
            self.subnet = Subnet(
                self,
                "subnet",
                name=props.name,
                resource_group_name=props.vnet_resource_group_name,
                virtual_network_name=props.vnet_name,
                address_prefixes=[props.cidr],
                default_outbound_access_enabled=False,
            )
            self._subnet_id = self.subnet.id

        self.nsg = NetworkSecurityGroup(
            self,
            "nsg",
            name=f"nsg-{props.name}",
            location=props.location,
            resource_group_name=props.resource_group_name,
            security_rule=[security_rule(r) for r in props.nsg_rules],
            tags=props.tags or None,
        )
        self.nsg_association = SubnetNetworkSecurityGroupAssociation(
            self, "nsg-association", subnet_id=self._subnet_id, network_security_group_id=self.nsg.id
        )

        self.route_table: RouteTable | None = None
        self.route_table_association: SubnetRouteTableAssociation | None = None
        self.routes: list[Route] = []
        if props.routes or props.prefix_routes:
            separate = bool(props.prefix_routes)
            self.route_table = RouteTable(
                self,
                "route-table",
                name=f"rt-{props.name}",
                location=props.location,
                resource_group_name=props.resource_group_name,
                bgp_route_propagation_enabled=False,
                route=None if separate else [RouteTableRoute(**self._route_args(r)) for r in props.routes],
                tags=props.tags or None,
            )
            if separate:
                for r in props.routes:
                    self.routes.append(Route(self, f"route-{r.name}", resource_group_name=props.resource_group_name,
                                             route_table_name=self.route_table.name, **self._route_args(r)))
                for pr in props.prefix_routes:
                    it = TerraformIterator.from_list(pr.prefixes)
                    prefix = Token.as_string(it.value)
                    self.routes.append(
                        Route(self, f"route-{pr.name}", for_each=it, resource_group_name=props.resource_group_name,
                              route_table_name=self.route_table.name, name=Fn.join("-", [pr.name, Fn.replace(prefix, "/", "_")]),
                              address_prefix=prefix, next_hop_type=pr.next_hop_type)
                    )
            self.route_table_association = SubnetRouteTableAssociation(
                self, "route-table-association", subnet_id=self._subnet_id, route_table_id=self.route_table.id
            )

        self.nat_gateway_association: SubnetNatGatewayAssociation | None = None
        if props.nat_gateway_id:
            self.nat_gateway_association = SubnetNatGatewayAssociation(
                self, "nat-gateway-association", subnet_id=self._subnet_id, nat_gateway_id=props.nat_gateway_id
            )

    def _route_args(self, r: RouteSpec) -> dict[str, Any]:
        ip = r.next_hop_ip
        if ip == FIREWALL_IP:
            if not self.props.firewall_private_ip:
                raise ValueError(f"ComputeSubnetProps: route {r.name!r} goes to the firewall, but firewall_private_ip is not set")
            ip = self.props.firewall_private_ip
        return dict(name=r.name, address_prefix=r.address_prefix, next_hop_type=r.next_hop_type, next_hop_in_ip_address=ip)

    @property
    def subnet_id(self) -> str:
        return self._subnet_id

    @property
    def ready(self) -> list[Any]:
        """Resources compute must wait for: the NSG, route and NAT associations of the subnet."""
        out: list[Any] = [self.nsg_association]
        if self.route_table_association is not None:
            out.append(self.route_table_association)
        out.extend(self.routes)
        if self.nat_gateway_association is not None:
            out.append(self.nat_gateway_association)
        return out
