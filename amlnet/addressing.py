"""IPv4 address ranges, parsed the one way the configuration and the construct props both use. No cdktf.

Example::

    ipv4_network("10.20.0.0/24").num_addresses   # 256
    ipv4_network("10.20.0.1/24")                 # ValueError: malformed CIDR: ... has host bits set
"""

from __future__ import annotations

import ipaddress


def ipv4_network(value: str) -> ipaddress.IPv4Network:
    """`value` as an IPv4 network (strict: no host bits); ValueError saying what is wrong."""
    try:
        net = ipaddress.ip_network(value, strict=True)
    except (ValueError, TypeError) as e:
        raise ValueError(f"malformed CIDR: {e}") from None
    if not isinstance(net, ipaddress.IPv4Network):
        raise ValueError("only IPv4 CIDRs are supported")
    return net


def port_range_problem(value: str) -> str | None:
    """None if `value` is an NSG port or range (`443`, `8000-8100`, `*`; ports 1-65535), else why not."""
    if value == "*":
        return None
    lo, _, hi = value.partition("-")
    if not (lo.isdigit() and (not hi or hi.isdigit())) or not (0 < int(lo) <= int(hi or lo) <= 65535):
        return f"invalid port or range {value!r}"
    return None
