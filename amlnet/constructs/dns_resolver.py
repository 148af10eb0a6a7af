"""DnsResolver: an Azure DNS Private Resolver linked to a VNet, with one inbound endpoint at a static
address in a subnet of its own delegated to Microsoft.Network/dnsResolvers.

Learn "Azure DNS Private Resolver", https://learn.microsoft.com/azure/dns/dns-private-resolver-overview
("Subnet restrictions": /28 to /24, delegated to Microsoft.Network/dnsResolvers, no other resources);
"Azure DNS Private Resolver endpoints and rulesets", https://learn.microsoft.com/azure/dns/private-resolver-endpoints-rulesets
("Inbound endpoints": the address on-premises DNS servers forward to, dynamic or static). Provider:
hashicorp/terraform-provider-azurerm v4.55.0, internal/services/privatednsresolver
(`ip_configurations.private_ip_allocation_method` Dynamic or Static, `private_ip_address`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..dns_resolver_rules import (
    RESOLVER_DELEGATION,
    RESOLVER_SUBNET_ACTIONS,
    default_inbound_ip,
    inbound_ip_problem,
    inbound_subnet_problem,
)
from ..providers import (
    Construct,
    PrivateDnsResolver,
    PrivateDnsResolverInboundEndpoint,
    PrivateDnsResolverInboundEndpointIpConfigurations,
    Subnet,
    SubnetDelegation,
    SubnetDelegationServiceDelegation,
)
from ._checks import check_cidr, check_literals, check_name, check_tags, fail, is_token


@dataclass(frozen=True)
class DnsResolverProps:
    """Props of `DnsResolver`."""

    name: str
    """Name of the resolver (`dnspr-<prefix>`); the inbound endpoint is `<name>-inbound`."""
    location: str
    """Region of the resolver: the VNet's region (a resolver serves a VNet of its own region)."""
    resource_group_name: str
    """Resource group of the resolver and its endpoint."""
    vnet_id: str
    """The VNet the resolver is linked to (`WorkspaceNetwork.vnet_id`)."""
    vnet_name: str
    """That VNet's name, for the subnet."""
    vnet_resource_group_name: str
    """That VNet's resource group, for the subnet."""
    subnet_cidr: str
    """IPv4 range of the inbound endpoint's subnet: /28 to /24, inside the VNet."""
    subnet_name: str = "snet-dns-resolver-inbound"
    """Name of the inbound endpoint's subnet."""
    inbound_ip: str | None = None
    """The inbound endpoint's static IP; default: the subnet's fifth address (the first Azure hands out)."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Tags of the resolver and its endpoint."""

    def __post_init__(self) -> None:
        check_literals(self)
        check_name(self, "resource_group_name", "resource_group", self.resource_group_name)
        check_name(self, "subnet_name", "subnet", self.subnet_name)
        check_cidr(self, "subnet_cidr", self.subnet_cidr)
        problem = inbound_subnet_problem(self.subnet_cidr)
        if problem:
            fail(self, "subnet_cidr", problem)
        if self.inbound_ip is not None and not is_token(self.inbound_ip):
            problem = inbound_ip_problem(self.inbound_ip, self.subnet_cidr)
            if problem:
                fail(self, "inbound_ip", problem)
        check_tags(self, "tags", self.tags)

    @property
    def address(self) -> str:
        return self.inbound_ip or default_inbound_ip(self.subnet_cidr)


class DnsResolver(Construct):
    """An Azure DNS Private Resolver for a VNet; point the VNet's DNS servers and on-premises
    conditional forwarders at `inbound_ip`.

    Example::

        resolver = DnsResolver(stack, "dns-resolver", DnsResolverProps(
            name="dnspr-ml", location="eastus2", resource_group_name="rg-ml", vnet_id=net.vnet_id,
            vnet_name=net.vnet_name, vnet_resource_group_name="rg-ml", subnet_cidr="10.20.3.0/28"))
        resolver.inbound_ip  # '10.20.3.4'
    """

    def __init__(self, scope: Construct, id: str, props: DnsResolverProps) -> None:
        super().__init__(scope, id)
        self._props = props
        self._subnet = Subnet(
            self, "subnet", name=props.subnet_name, resource_group_name=props.vnet_resource_group_name,
            virtual_network_name=props.vnet_name, address_prefixes=[props.subnet_cidr], default_outbound_access_enabled=False,
            delegation=[SubnetDelegation(
                name="Microsoft.Network.dnsResolvers",
                service_delegation=SubnetDelegationServiceDelegation(name=RESOLVER_DELEGATION, actions=list(RESOLVER_SUBNET_ACTIONS)),
            )],
        )
        self._resolver = PrivateDnsResolver(
            self, "resolver", name=props.name, location=props.location, resource_group_name=props.resource_group_name,
            virtual_network_id=props.vnet_id, tags=dict(props.tags),
        )
        self._inbound = PrivateDnsResolverInboundEndpoint(
            self, "inbound-endpoint", name=f"{props.name}-inbound", location=props.location, private_dns_resolver_id=self._resolver.id,
            ip_configurations=PrivateDnsResolverInboundEndpointIpConfigurations(  # one block (MaxItems 1 in the provider)
                subnet_id=self._subnet.id, private_ip_allocation_method="Static", private_ip_address=props.address,
            ),
            tags=dict(props.tags),
        )

    @property
    def props(self) -> DnsResolverProps:
        return self._props

    @property
    def resolver(self) -> PrivateDnsResolver:
        return self._resolver

    @property
    def inbound_endpoint(self) -> PrivateDnsResolverInboundEndpoint:
        return self._inbound

    @property
    def subnet(self) -> Subnet:
        return self._subnet

    @property
    def inbound_ip(self) -> str:
        """The inbound endpoint's static address (known at synth time)."""
        return self._props.address
