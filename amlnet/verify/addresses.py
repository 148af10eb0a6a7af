"""What a flow's endpoint is, and whether an NSG prefix, route prefix or firewall address covers it."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from ..catalog import REGIONS

_SUFFIXES = {r.tag_suffix for r in REGIONS.values()}


@dataclass(frozen=True)
class Destination:
    """One end of a flow.

    kind: "tag" (an address in a service tag's ranges, e.g. `Storage.EastUS2`), "host" (a host name; its
    address is in `tag` when a service tag carries it, else on the Internet), "cidr" (a private range inside
    the VNet, e.g. the private-endpoint subnet), "internet" (an arbitrary public address).
    """

    kind: str
    value: str
    tag: str | None = None
    host: str | None = None

    @property
    def public(self) -> bool:
        return self.kind not in ("cidr", "unknown-subnet")

    def __str__(self) -> str:
        return self.value


@dataclass
class Context:
    """What address matching needs to know about one compute subnet."""

    subnet_prefixes: tuple[str, ...] = ()
    vnet_prefixes: tuple[str, ...] = ()
    """The VNet's ranges and those of peered VNets: the `VirtualNetwork` tag."""
    udr_prefixes: tuple[str, ...] = ()
    """Prefixes of user-defined routes; Azure adds them to the `VirtualNetwork` tag too."""
    notes: list[str] = field(default_factory=list)


def tag_covers(rule_tag: str, tag: str) -> bool:
    """`Storage` covers `Storage.EastUS2`; `Storage.EastUS2` covers itself; `AzureFrontDoor.FirstParty` only itself."""
    if rule_tag.lower() == tag.lower():
        return True
    base, _, suffix = tag.rpartition(".")
    return bool(base) and suffix in _SUFFIXES and rule_tag.lower() == base.lower()


def _net(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


def cidr_within(inner: str, outer: str) -> bool:
    a, b = _net(inner), _net(outer)
    if isinstance(a, ipaddress.IPv4Network) and isinstance(b, ipaddress.IPv4Network):
        return a.subnet_of(b)
    if isinstance(a, ipaddress.IPv6Network) and isinstance(b, ipaddress.IPv6Network):
        return a.subnet_of(b)
    return False


def prefix_matches(prefix: str, d: Destination, ctx: Context) -> bool:
    """Does an NSG address prefix (CIDR, service tag, `*`, `Internet`, `VirtualNetwork`) cover `d`?"""
    p = prefix.strip()
    if p in ("*", "0.0.0.0/0", "Any"):
        return True
    if d.kind == "unknown-subnet":
        # the compute subnet's own range is not in the document (data source, resource ID): a rule naming a
        # private range or the VirtualNetwork tag is taken to cover it
        return p == "VirtualNetwork" or _net(p) is not None
    if p == "Internet":
        return d.public
    if p == "VirtualNetwork":
        if d.kind == "cidr":
            return any(cidr_within(d.value, v) for v in ctx.vnet_prefixes) or d.value == "VirtualNetwork"
        # Azure adds user-defined route prefixes to the VirtualNetwork tag: a 0.0.0.0/0 UDR makes it cover all
        return "0.0.0.0/0" in ctx.udr_prefixes
    if _net(p) is not None:
        return d.kind == "cidr" and cidr_within(d.value, p)
    # a service tag
    if d.kind == "tag":
        return tag_covers(p, d.value)
    if d.kind == "host" and d.tag:
        return tag_covers(p, d.tag)
    return False
