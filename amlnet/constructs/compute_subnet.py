"""ComputeSubnet: a subnet for AML compute with its NSG, route table and associations.

Length: one construct with its props and escape hatches (`add_nsg_rule`, `add_route`); about 70 lines are
its read-only attributes, one property each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from ..addressing import port_range_problem
from ..planning import FIREWALL_IP, ComputeNetworkPlan, NsgRuleSpec, RouteSpec
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
from ._checks import (
    Overrides,
    check_choice,
    check_cidr,
    check_literals,
    check_name,
    check_one_of,
    check_overrides,
    check_resource_id,
    check_tags,
    fail,
    is_token,
)

NextHopType = Literal["VirtualAppliance", "Internet", "VnetLocal", "VirtualNetworkGateway", "None"]
"""Azure's route next-hop types (Learn: https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview#user-defined)."""
Direction = Literal["Inbound", "Outbound"]
Access = Literal["Allow", "Deny"]
NsgProtocol = Literal["Tcp", "Udp", "Icmp", "Esp", "Ah", "*"]
"""The protocols an NSG rule takes (azurerm 4.55 network_security_group: Tcp, Udp, Icmp, Esp, Ah, *)."""
NSG_PRIORITIES = (100, 4096)
"""User rule priorities (Learn: https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#security-rules)."""


@dataclass(frozen=True)
class PrefixRoute:
    """Routes to every prefix of a Terraform list (e.g. `ServiceTagPrefixes.ipv4_cidrs[tag]`), one
    `azurerm_route` each, named `<name>-<prefix with / as _>`."""

    name: str
    """Stem of the route names (a route name: 1-80 letters, digits, underscores, periods, hyphens)."""
    prefixes: list[str]
    """A Terraform list of CIDRs (usually a token)."""
    next_hop_type: NextHopType = "Internet"
    """Where those prefixes go (default Internet: the control-plane routes of public-IP compute)."""


@dataclass(frozen=True)
class ComputeSubnetProps:
    """Props of `ComputeSubnet`.

    `nsg_rules` and `routes` come from `amlnet.planning` (`plan_nsg_rules`, `plan_routes`).
    A route whose next hop is `planning.FIREWALL_IP` takes `firewall_private_ip`.
    The subnet is created (`cidr`) or reused (`existing_subnet_id`, or `existing_subnet_name` by a data
    source lookup); either way the NSG and the route table are attached to it. The subnet is never
    delegated and has default outbound access off.
    """

    name: str
    """Subnet name (Azure: 1-80 letters, digits, underscores, periods, hyphens); the NSG is `nsg-<name>`, the route table `rt-<name>`."""
    location: str
    """Region of the NSG and route table (the VNet's region)."""
    resource_group_name: str
    """Resource group of the NSG and route table."""
    vnet_name: str
    """The VNet the subnet is in (a token of `WorkspaceNetwork.vnet_name` or a literal name)."""
    vnet_resource_group_name: str
    """The VNet's resource group."""
    nsg_rules: tuple[NsgRuleSpec, ...] = ()
    """Inline NSG rules (`plan_nsg_rules`); names unique, priorities 100-4096 and unique per direction. Add more with
    `add_nsg_rule`. Planned from `plan` when that is given instead."""
    cidr: str | None = None
    """IPv4 CIDR of a new subnet (inside the VNet's address space); exactly one of cidr, existing_subnet_id, existing_subnet_name."""
    existing_subnet_id: str | None = None
    """Reuse this subnet (a Microsoft.Network/virtualNetworks/subnets resource ID)."""
    existing_subnet_name: str | None = None
    """Look the subnet up by name in `vnet_name` (data source `azurerm_subnet`)."""
    routes: tuple[RouteSpec, ...] = ()
    """Routes of the route table (`plan_routes`); none and no prefix routes: no route table. Add more with `add_route`."""
    firewall_private_ip: str | None = None
    """Next hop of routes to `planning.FIREWALL_IP` (`EgressFirewall.private_ip`)."""
    nat_gateway_id: str | None = None
    """Associate this NAT gateway (`NatGatewayEgress.nat_gateway_id`) with the subnet."""
    prefix_routes: tuple[PrefixRoute, ...] = ()
    """With prefix routes, every route is a separate `azurerm_route` (Azure's inline routes and route
    resources cannot share a table)."""
    service_endpoints: tuple[str, ...] = ()
    """Service endpoints of a subnet it creates (e.g. `Microsoft.Storage`); not with a reused subnet, which amlnet does not manage."""
    service_endpoint_policy_ids: tuple[str, ...] = ()
    """Service endpoint policies of a subnet it creates (`StorageExfiltrationGuard.policy_id`); need the `Microsoft.Storage` endpoint."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Tags of the NSG and route table (Azure: at most 50; keys up to 128 characters without <>%&\\?/)."""
    resource_names: Mapping[str, str] = field(default_factory=dict)
    """Name overrides by resource: `nsg`, `route-table` (the subnet's name is `name`)."""
    resource_tags: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Extra tags by resource (`nsg`, `route-table`), on top of `tags`."""
    plan: ComputeNetworkPlan | None = None
    """The subnet's network described once (`amlnet.planning.ComputeNetworkPlan`): `nsg_rules` and `routes` are
    planned from it and `cidr` taken from it; given together, the plan and these props must agree."""

    NAMED: ClassVar[Mapping[str, str]] = {"nsg": "network_security_group", "route-table": "route_table"}

    def __post_init__(self) -> None:
        check_literals(self)
        _from_plan(self)
        check_name(self, "name", "subnet", self.name)
        check_name(self, "vnet_name", "virtual_network", self.vnet_name)
        check_name(self, "resource_group_name", "resource_group", self.resource_group_name)
        check_name(self, "vnet_resource_group_name", "resource_group", self.vnet_resource_group_name)
        check_one_of(self, {"cidr": self.cidr, "existing_subnet_id": self.existing_subnet_id,
                            "existing_subnet_name": self.existing_subnet_name})
        check_cidr(self, "cidr", self.cidr)
        check_resource_id(self, "existing_subnet_id", self.existing_subnet_id, "Microsoft.Network/virtualNetworks", "subnets")
        check_name(self, "existing_subnet_name", "subnet", self.existing_subnet_name)
        check_tags(self, "tags", self.tags)
        check_overrides(self, self.NAMED, self.resource_names, self.resource_tags)
        _check_rules(self, "nsg_rules", self.nsg_rules)
        _check_planned_range(self)
        if (self.service_endpoints or self.service_endpoint_policy_ids) and not self.cidr:
            fail(self, "service_endpoints" if self.service_endpoints else "service_endpoint_policy_ids",
                 "only on a subnet this construct creates (cidr); a reused subnet's endpoints belong to its owner")
        if self.service_endpoint_policy_ids and "Microsoft.Storage" not in self.service_endpoints:
            fail(self, "service_endpoint_policy_ids", "a storage policy needs the Microsoft.Storage service endpoint in service_endpoints")
        for i, r in enumerate(self.routes):
            check_name(self, f"routes[{i}].name", "route", r.name)
            check_choice(self, f"routes[{i}].next_hop_type", r.next_hop_type, NextHopType)
        for i, pr in enumerate(self.prefix_routes):
            check_name(self, f"prefix_routes[{i}].name", "route", pr.name)
            check_choice(self, f"prefix_routes[{i}].next_hop_type", pr.next_hop_type, NextHopType)


def _from_plan(props: ComputeSubnetProps) -> None:
    """Fill `nsg_rules`, `routes` and `cidr` from `plan`, refusing values that contradict it."""
    plan = props.plan
    if plan is None:
        return
    if not isinstance(plan, ComputeNetworkPlan):
        fail(props, "plan", f"{type(plan).__name__} is not an amlnet.planning.ComputeNetworkPlan")
    if props.nsg_rules or props.routes:
        fail(props, "nsg_rules" if props.nsg_rules else "routes", "given with `plan`, which plans them; give one or the other")
    if props.cidr is not None and plan.compute_subnet_cidr is not None and props.cidr != plan.compute_subnet_cidr:
        fail(props, "cidr", f"{props.cidr!r}, but plan.compute_subnet_cidr is {plan.compute_subnet_cidr!r}; the subnet's range is "
             "written once, in the plan")
    if props.firewall_private_ip is not None and plan.firewall_private_ip is not None and props.firewall_private_ip != plan.firewall_private_ip:
        fail(props, "firewall_private_ip", f"{props.firewall_private_ip!r}, but plan.firewall_private_ip is {plan.firewall_private_ip!r}")
    if plan.egress == "nat-gateway" and props.nat_gateway_id is None:
        fail(props, "nat_gateway_id", "plan.egress is 'nat-gateway': associate the NAT gateway (NatGatewayEgress.nat_gateway_id)")
    reused = props.existing_subnet_id is not None or props.existing_subnet_name is not None
    object.__setattr__(props, "nsg_rules", plan.nsg_rules())
    object.__setattr__(props, "routes", plan.routes())
    if props.cidr is None and not reused:
        object.__setattr__(props, "cidr", plan.compute_subnet_cidr)


def _check_planned_range(props: ComputeSubnetProps) -> None:
    """Without a plan: the planned rule for the subnet's own range (`AllowOutWithinComputeSubnet`) must name `cidr`."""
    if props.plan is not None:
        return
    own = next((r for r in props.nsg_rules if r.name == "AllowOutWithinComputeSubnet"), None)
    if own is not None and props.cidr is not None and own.destination_prefixes != (props.cidr,):
        fail(props, "cidr", f"{props.cidr!r}, but nsg_rules were planned for the subnet {', '.join(own.destination_prefixes)} "
             "(AllowOutWithinComputeSubnet); plan them for this range (or pass plan=ComputeNetworkPlan(...))")


def _check_rules(props: object, where: str, rules: Sequence[NsgRuleSpec], *, indexed: bool = True) -> None:
    """Names valid and unique, priorities in 100-4096 and unique per direction: a clash names both rules.
    `indexed`: the message names `<where>[i].<field>` (a props list), else `<where>.<field>` (a method's arguments)."""
    by_name: dict[str, NsgRuleSpec] = {}
    by_priority: dict[tuple[str, int], NsgRuleSpec] = {}
    for i, r in enumerate(rules):
        at = f"{where}[{i}]" if indexed else where
        check_name(props, f"{at}.name", "security_rule", r.name)
        check_choice(props, f"{at}.direction", r.direction, Direction)
        lo, hi = NSG_PRIORITIES
        if isinstance(r.priority, bool) or not isinstance(r.priority, int) or not lo <= r.priority <= hi:
            fail(props, f"{at}.priority", f"rule {r.name!r}: {r.priority!r} is outside {lo}-{hi} (Azure's NSG rule priorities)")
        other = by_name.get(r.name.lower())
        if other is not None:
            fail(props, f"{at}.name", f"{r.name!r} is already a rule of this NSG (priority {other.priority}); rule names are unique per NSG")
        clash = by_priority.get((r.direction, r.priority))
        if clash is not None:
            fail(props, f"{at}.priority",
                 f"rule {r.name!r} and rule {clash.name!r} both use {r.direction} priority {r.priority}; Azure needs unique priorities per direction")
        by_name[r.name.lower()] = r
        by_priority[(r.direction, r.priority)] = r


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
        subnet.add_nsg_rule(name="AllowOutGit", priority=3000, direction="Outbound", access="Allow",
                            protocol="Tcp", source="10.20.0.0/24", destination="10.0.9.0/24", ports=("22",))
        subnet.subnet_id
    """

    def __init__(self, scope: Construct, id: str, props: ComputeSubnetProps) -> None:
        super().__init__(scope, id)
        self._props = props
        names = self._names = Overrides(props.resource_names, props.tags, props.resource_tags)
        self._subnet: Subnet | None = None
        self._subnet_lookup: DataAzurermSubnet | None = None
        if props.existing_subnet_name:
            self._subnet_lookup = DataAzurermSubnet(
                self, "subnet-lookup", name=props.existing_subnet_name, virtual_network_name=props.vnet_name,
                resource_group_name=props.vnet_resource_group_name,
            )
            self._subnet_id: str = self._subnet_lookup.id
        elif props.existing_subnet_id:
            self._subnet_id = props.existing_subnet_id
        else:
            self._subnet = Subnet(
                self,
                "subnet",
                name=props.name,
                resource_group_name=props.vnet_resource_group_name,
                virtual_network_name=props.vnet_name,
                address_prefixes=[str(props.cidr)],
                default_outbound_access_enabled=False,
                service_endpoints=list(props.service_endpoints) or None,
                service_endpoint_policy_ids=list(props.service_endpoint_policy_ids) or None,
            )
            self._subnet_id = self._subnet.id

        # The rules stay inline (`security_rule` blocks): azurerm manages an NSG's rules either inline or
        # as azurerm_network_security_rule resources, never both (the provider's network_security_group
        # docs: "a conflict of rule settings ... will overwrite rules"). add_nsg_rule re-puts the list.
        self._rules: list[NsgRuleSpec] = list(props.nsg_rules)
        self._nsg = NetworkSecurityGroup(
            self,
            "nsg",
            name=names.name("nsg", f"nsg-{props.name}"),
            location=props.location,
            resource_group_name=props.resource_group_name,
            security_rule=[security_rule(r) for r in self._rules],
            tags=names.tags("nsg"),
        )
        self._nsg_association = SubnetNetworkSecurityGroupAssociation(
            self, "nsg-association", subnet_id=self._subnet_id, network_security_group_id=self._nsg.id
        )

        self._route_table: RouteTable | None = None
        self._route_table_association: SubnetRouteTableAssociation | None = None
        self._routes: list[Route] = []
        self._route_specs: list[RouteSpec] = list(props.routes)
        self._separate_routes = bool(props.prefix_routes)
        if props.routes or props.prefix_routes:
            route_table = self._ensure_route_table()
            if self._separate_routes:
                for r in props.routes:
                    self._routes.append(self._route_resource(r))
                for pr in props.prefix_routes:
                    it = TerraformIterator.from_list(pr.prefixes)
                    prefix = Token.as_string(it.value)
                    self._routes.append(
                        Route(self, f"route-{pr.name}", for_each=it, resource_group_name=props.resource_group_name,
                              route_table_name=route_table.name, name=Fn.join("-", [pr.name, Fn.replace(prefix, "/", "_")]),
                              address_prefix=prefix, next_hop_type=pr.next_hop_type)
                    )

        self._nat_gateway_association: SubnetNatGatewayAssociation | None = None
        if props.nat_gateway_id:
            self._nat_gateway_association = SubnetNatGatewayAssociation(
                self, "nat-gateway-association", subnet_id=self._subnet_id, nat_gateway_id=props.nat_gateway_id
            )

    def _ensure_route_table(self) -> RouteTable:
        if self._route_table is None:
            p = self._props
            self._route_table = RouteTable(
                self,
                "route-table",
                name=self._names.name("route-table", f"rt-{p.name}"),
                location=p.location,
                resource_group_name=p.resource_group_name,
                bgp_route_propagation_enabled=False,
                route=None if self._separate_routes else [RouteTableRoute(**self._route_args(r)) for r in self._route_specs],
                tags=self._names.tags("route-table"),
            )
            self._route_table_association = SubnetRouteTableAssociation(
                self, "route-table-association", subnet_id=self._subnet_id, route_table_id=self._route_table.id
            )
        return self._route_table

    def _route_resource(self, r: RouteSpec) -> Route:
        assert self._route_table is not None
        return Route(self, f"route-{r.name}", resource_group_name=self._props.resource_group_name,
                     route_table_name=self._route_table.name, **self._route_args(r))

    def _route_args(self, r: RouteSpec) -> dict[str, Any]:
        ip = r.next_hop_ip
        if ip == FIREWALL_IP:
            if not self._props.firewall_private_ip:
                raise ValueError(f"ComputeSubnetProps: route {r.name!r} goes to the firewall, but firewall_private_ip is not set")
            ip = self._props.firewall_private_ip
        return dict(name=r.name, address_prefix=r.address_prefix, next_hop_type=r.next_hop_type, next_hop_in_ip_address=ip)

    # --- escape hatches -------------------------------------------------------------------------
    def add_nsg_rule(
        self,
        *,
        name: str,
        priority: int,
        direction: Direction,
        access: Access,
        protocol: NsgProtocol,
        source: str | Sequence[str],
        destination: str | Sequence[str],
        ports: str | Sequence[str],
        description: str = "",
    ) -> NsgRuleSpec:
        """Add a rule to the NSG's inline rules. The priority must be free in its direction: the generated
        allow rules hold `nsg.priority_start` upwards in steps of `nsg.priority_step` and the final denies
        hold 4096; a clash is a `PropsError` naming both rules. A source, destination or port is a string
        or a sequence (several prefixes or ranges)."""

        def seq(v: str | Sequence[str]) -> tuple[str, ...]:
            return (v,) if isinstance(v, str) else tuple(v)

        rule = NsgRuleSpec(name=name, priority=priority, direction=direction, access=access, protocol=protocol,
                           source_prefixes=seq(source), destination_prefixes=seq(destination), destination_ports=seq(ports),
                           description=description)
        check_choice(self, "add_nsg_rule.access", access, Access)
        check_choice(self, "add_nsg_rule.protocol", protocol, NsgProtocol)
        for what, values in (("source", rule.source_prefixes), ("destination", rule.destination_prefixes), ("ports", rule.destination_ports)):
            if not values:
                fail(self, f"add_nsg_rule.{what}", f"rule {name!r}: at least one value is required")
        for port in rule.destination_ports:
            _check_port(self, name, port)
        _check_rules(self, "add_nsg_rule", (*self._rules, rule), indexed=False)
        self._rules.append(rule)
        self._nsg.put_security_rule([security_rule(r) for r in self._rules])
        return rule

    def add_route(self, *, name: str, address_prefix: str, next_hop_type: NextHopType, next_hop_ip: str | None = None) -> None:
        """Add a route (to the inline `route` list, or as an `azurerm_route` when the table has prefix
        routes); creates the route table and its association if the subnet has none yet. Route names and
        address prefixes are unique per table."""
        check_name(self, "add_route.name", "route", name)
        check_choice(self, "add_route.next_hop_type", next_hop_type, NextHopType)
        if (next_hop_type == "VirtualAppliance") != (next_hop_ip is not None):
            fail(self, "add_route.next_hop_ip", f"route {name!r}: a next hop IP goes with next_hop_type 'VirtualAppliance' and only with it")
        for r in self._route_specs:
            if r.name.lower() == name.lower():
                fail(self, "add_route.name", f"{name!r} is already a route of this table (to {r.address_prefix})")
            if r.address_prefix == address_prefix:
                fail(self, "add_route.address_prefix", f"route {name!r}: {address_prefix!r} is already routed by {r.name!r}")
        spec = RouteSpec(name=name, address_prefix=address_prefix, next_hop_type=next_hop_type, next_hop_ip=next_hop_ip)
        self._route_specs.append(spec)
        table = self._ensure_route_table()
        if self._separate_routes:
            self._routes.append(self._route_resource(spec))
        else:
            table.put_route([RouteTableRoute(**self._route_args(r)) for r in self._route_specs])

    # --- read-only attributes ---------------------------------------------------------------------
    @property
    def props(self) -> ComputeSubnetProps:
        return self._props

    @property
    def subnet(self) -> Subnet | None:
        """The subnet, when this construct creates it."""
        return self._subnet

    @property
    def subnet_lookup(self) -> DataAzurermSubnet | None:
        """The data source, when the subnet is reused by name."""
        return self._subnet_lookup

    @property
    def subnet_id(self) -> str:
        return self._subnet_id

    @property
    def nsg(self) -> NetworkSecurityGroup:
        return self._nsg

    @property
    def nsg_id(self) -> str:
        return self._nsg.id

    @property
    def nsg_rules(self) -> tuple[NsgRuleSpec, ...]:
        """Every rule of the NSG: the planned ones and those added with `add_nsg_rule`."""
        return tuple(self._rules)

    @property
    def nsg_association(self) -> SubnetNetworkSecurityGroupAssociation:
        return self._nsg_association

    @property
    def route_table(self) -> RouteTable | None:
        return self._route_table

    @property
    def route_table_id(self) -> str | None:
        return self._route_table.id if self._route_table is not None else None

    @property
    def route_table_association(self) -> SubnetRouteTableAssociation | None:
        return self._route_table_association

    @property
    def routes(self) -> tuple[Route, ...]:
        """The separate `azurerm_route` resources (with prefix routes); inline routes are in `route_table`."""
        return tuple(self._routes)

    @property
    def nat_gateway_association(self) -> SubnetNatGatewayAssociation | None:
        return self._nat_gateway_association

    @property
    def ready(self) -> list[Any]:
        """Resources compute must wait for: the NSG, route and NAT associations of the subnet."""
        out: list[Any] = [self._nsg_association]
        if self._route_table_association is not None:
            out.append(self._route_table_association)
        out.extend(self._routes)
        if self._nat_gateway_association is not None:
            out.append(self._nat_gateway_association)
        return out


def _check_port(where: object, rule: str, port: str) -> None:
    problem = None if is_token(port) else port_range_problem(port)
    if problem:
        fail(where, "add_nsg_rule.ports", f"rule {rule!r}: {problem} (ports 1-65535, e.g. 443 or 8000-8100, or *)")
