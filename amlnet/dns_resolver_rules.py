"""Azure DNS Private Resolver: the inbound endpoint's subnet and address, checked the one way the
configuration and the construct props both use. No cdktf.

Learn "Azure DNS Private Resolver", https://learn.microsoft.com/azure/dns/dns-private-resolver-overview,
section "Subnet restrictions": a resolver subnet is at least /28 and at most /24, is delegated to
`Microsoft.Network/dnsResolvers` and holds nothing else (it cannot be shared with other resources), and
IPv6 subnets are not supported. Learn "Azure DNS Private Resolver endpoints and rulesets",
https://learn.microsoft.com/azure/dns/private-resolver-endpoints-rulesets, section "Inbound endpoints":
the inbound endpoint's IP address is dynamic by default or static when chosen; on-premises DNS servers
forward to it.

Example::

    default_inbound_ip("10.20.3.0/28")               # '10.20.3.4' (Azure keeps .0-.3 of every subnet)
    inbound_subnet_problem("10.20.3.0/29")           # 'is a /29; a resolver subnet is /28 to /24 ...'
"""

from __future__ import annotations

import ipaddress

from .addressing import ipv4_network

RESOLVER_DELEGATION = "Microsoft.Network/dnsResolvers"
"""The service a resolver endpoint's subnet is delegated to (Learn: dns-private-resolver-overview, "Subnet restrictions")."""
RESOLVER_SUBNET_ACTIONS = ("Microsoft.Network/virtualNetworks/subnets/join/action",)
"""The delegation's action (what Azure sets for Microsoft.Network/dnsResolvers)."""
MIN_PREFIX, MAX_PREFIX = 24, 28
"""A resolver subnet is /28 (smallest) to /24 (largest)."""
AZURE_RESERVED_FIRST = 4
"""Azure reserves a subnet's first four addresses and its last (Learn: virtual-networks-faq, "Are there any restrictions on using IP addresses within these subnets?")."""


def inbound_subnet_problem(cidr: str) -> str | None:
    """None if `cidr` can hold a resolver endpoint, else why not (without the field name)."""
    try:
        net = ipv4_network(cidr)
    except ValueError as e:
        return str(e)
    if net.prefixlen > MAX_PREFIX:
        return f"{cidr} is a /{net.prefixlen}; a DNS Private Resolver subnet is /{MAX_PREFIX} (16 addresses) at the smallest"
    if net.prefixlen < MIN_PREFIX:
        return f"{cidr} is a /{net.prefixlen}; a DNS Private Resolver subnet is /{MIN_PREFIX} at the largest"
    return None


def default_inbound_ip(cidr: str) -> str:
    """The first address Azure hands out in `cidr` (its fifth): the inbound endpoint's static IP by default."""
    net = ipv4_network(cidr)
    return str(net.network_address + AZURE_RESERVED_FIRST)


def inbound_ip_problem(ip: str, cidr: str) -> str | None:
    """None if `ip` is a usable static address of subnet `cidr`, else why not."""
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return f"{ip!r} is not an IP address"
    net = ipv4_network(cidr)
    if addr.version != 4 or addr not in net:
        return f"{ip} is outside the resolver subnet {cidr}"
    offset = int(addr) - int(net.network_address)
    if offset < AZURE_RESERVED_FIRST or addr == net.broadcast_address:
        return f"{ip} is one of the addresses Azure reserves in {cidr} (the first four and the last); use {default_inbound_ip(cidr)} or later"
    return None
