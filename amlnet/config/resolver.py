"""Configuration of the Azure DNS Private Resolver (`dns.resolver`) and its cross-field checks. No cdktf.

With `dns.resolver`, every stack deploys a resolver linked to the workspace VNet, its inbound
endpoint in a subnet of its own delegated to `Microsoft.Network/dnsResolvers`, at a static address;
that address becomes the VNet's DNS server (`dns.servers`) and the target of the compute subnets'
DNS rule. On-premises DNS servers forward the zones `amlnet dns-forwarders` prints to it.

Example::

    cfg = AmlNetConfig.model_validate({"egress": {"firewall": {"use_as_dns": False}},
                                       "dns": {"resolver": {"inbound_subnet": {"cidr": "10.20.3.0/28"}}}})
    cfg.dns.servers  # ('10.20.3.4',)
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, model_validator

from ..addressing import ipv4_network
from ..dns_resolver_rules import default_inbound_ip, inbound_ip_problem, inbound_subnet_problem

if TYPE_CHECKING:
    from .model import AmlNetConfig


def _subnet_name(v: str) -> str:
    from ..catalog.naming_rules import check_name

    return check_name("subnet", v)


def _resolver_cidr(v: str) -> str:
    problem = inbound_subnet_problem(v)
    if problem:
        raise ValueError(problem)
    return v


class ResolverSubnetConfig(BaseModel):
    """The inbound endpoint's subnet; the stack creates it, delegated to Microsoft.Network/dnsResolvers."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, use_attribute_docstrings=True)

    name: Annotated[str, AfterValidator(_subnet_name)] = "snet-dns-resolver-inbound"
    """Subnet name (Azure: 1-80 letters, digits, underscores, periods, hyphens)."""
    cidr: Annotated[str, AfterValidator(_resolver_cidr)]
    """Its IPv4 range: /28 to /24, inside network.address_space, overlapping no other subnet; it holds only the endpoint."""


class DnsResolverConfig(BaseModel):
    """An Azure DNS Private Resolver linked to the workspace VNet, with one inbound endpoint.
    Learn: https://learn.microsoft.com/azure/dns/dns-private-resolver-overview"""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, use_attribute_docstrings=True)

    inbound_subnet: ResolverSubnetConfig
    """The subnet of the inbound endpoint."""
    inbound_ip: str | None = None
    """The inbound endpoint's static private IP; default: the subnet's first usable address (its fifth,
    e.g. 10.20.3.4 of 10.20.3.0/28). Static, so the VNet's DNS setting, the NSG rules and on-premises
    forwarders can name it before the endpoint exists."""

    @model_validator(mode="after")
    def _ip(self) -> DnsResolverConfig:
        if self.inbound_ip is not None:
            problem = inbound_ip_problem(self.inbound_ip, self.inbound_subnet.cidr)
            if problem:
                raise ValueError(f"inbound_ip: {problem}")
        return self

    @property
    def address(self) -> str:
        """The inbound endpoint's address (`inbound_ip` or the default)."""
        return self.inbound_ip or default_inbound_ip(self.inbound_subnet.cidr)


def resolver_servers(resolver: DnsResolverConfig | None, servers: tuple[str, ...]) -> tuple[str, ...]:
    """`dns.servers` with a resolver: its inbound address (refuses other servers beside it)."""
    if resolver is None:
        return servers
    if servers and servers != (resolver.address,):
        raise ValueError(
            f"servers: {list(servers)} and resolver both choose the VNet's DNS servers; with dns.resolver leave dns.servers "
            f"empty (the resolver's inbound address {resolver.address} becomes the VNet's DNS server)"
        )
    return (resolver.address,)


def check_resolver(cfg: AmlNetConfig) -> None:
    """Cross-field checks of `dns.resolver`; messages name each field and value."""
    r = cfg.dns.resolver
    if r is None:
        return
    f, cidr = cfg.egress.firewall, r.inbound_subnet.cidr
    managed = cfg.isolation == "managed"  # no firewall of the stack's: the resolver serves the workspace VNet's clients
    if not managed and cfg.egress.mode == "firewall" and f.existing is None and f.use_as_dns and cfg.network.existing_vnet_id is None:
        raise ValueError(
            "dns.resolver and egress.firewall.use_as_dns: true both choose the VNet's DNS servers (the stack's own firewall "
            "would be its DNS proxy); set egress.firewall.use_as_dns: false so the VNet uses the resolver "
            f"({r.address}); the firewall's application rules still filter by host name"
        )
    net = ipv4_network(cidr)
    if not any(net.subnet_of(ipv4_network(s)) for s in cfg.network.address_space):
        raise ValueError(f"dns.resolver.inbound_subnet.cidr: {cidr} is outside network.address_space ({', '.join(cfg.network.address_space)})")
    n = cfg.network
    others: list[tuple[str, str, str | None]] = [
        ("network.private_endpoint_subnet", n.private_endpoint_subnet.name, n.private_endpoint_subnet.cidr)]
    if not managed:
        others.append(("network.compute_subnet", n.compute_subnet.name, n.compute_subnet.cidr))
    if not managed and cfg.egress.mode == "firewall" and f.existing is None and n.firewall_subnet_cidr:
        others.append(("network.firewall_subnet_cidr", "AzureFirewallSubnet", n.firewall_subnet_cidr))
    if "aks-inference" in cfg.stacks:
        others.append(("inference.subnet", cfg.inference.subnet.name, cfg.inference.subnet.cidr))
    for field, name, other in others:
        if name.lower() == r.inbound_subnet.name.lower():
            raise ValueError(
                f"dns.resolver.inbound_subnet.name: {name!r} is also {field}; the resolver's subnet is delegated to "
                "Microsoft.Network/dnsResolvers and holds nothing else, so give it its own name"
            )
        if other and net.overlaps(ipv4_network(other)):
            raise ValueError(f"dns.resolver.inbound_subnet.cidr: {cidr} overlaps {field}: {other}")
    addr = ipaddress.ip_address(r.address)
    for server in cfg.dns.servers:
        if server != r.address:  # resolver_servers keeps only the resolver's address
            raise ValueError(f"dns.servers: {server} is not the resolver's inbound address {addr}")
