"""NSG evaluation as Azure does it: rules of one direction in priority order, then the default rules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .addresses import Context, Destination, prefix_matches

DEFAULT_OUTBOUND = (
    ("AllowVnetOutBound", 65000, "Allow", "VirtualNetwork", "VirtualNetwork"),
    ("AllowInternetOutBound", 65001, "Allow", "*", "Internet"),
    ("DenyAllOutBound", 65500, "Deny", "*", "*"),
)
DEFAULT_INBOUND = (
    ("AllowVnetInBound", 65000, "Allow", "VirtualNetwork", "VirtualNetwork"),
    ("AllowAzureLoadBalancerInBound", 65001, "Allow", "AzureLoadBalancer", "*"),
    ("DenyAllInBound", 65500, "Deny", "*", "*"),
)


@dataclass(frozen=True)
class Rule:
    name: str
    priority: int
    direction: str
    access: str
    protocol: str
    sources: tuple[str, ...]
    destinations: tuple[str, ...]
    ports: tuple[str, ...]


@dataclass(frozen=True)
class Decision:
    allowed: bool
    rule: str


def port_in(port: int, ranges: Iterable[str | None]) -> bool:
    for r in ranges:
        if r in ("*", None):
            return True
        lo, _, hi = str(r).partition("-")
        if int(lo) <= port <= int(hi or lo):
            return True
    return False


def protocol_matches(rule_protocol: str, protocol: str) -> bool:
    return rule_protocol in ("*", "Any") or rule_protocol.lower() == protocol.lower()


def decide(rules: list[Rule], direction: str, protocol: str, port: int, source: Destination, destination: Destination, ctx: Context) -> Decision:
    """The first matching rule of `direction` by priority decides; Azure's default rules close the list."""
    own = sorted((r for r in rules if r.direction == direction), key=lambda r: r.priority)
    defaults = DEFAULT_OUTBOUND if direction == "Outbound" else DEFAULT_INBOUND
    candidates = own + [Rule(n, p, direction, a, "*", (s,), (d,), ("*",)) for n, p, a, s, d in defaults]
    for r in candidates:
        if not protocol_matches(r.protocol, protocol) or not port_in(port, r.ports):
            continue
        if any(prefix_matches(p, source, ctx) for p in r.sources) and any(prefix_matches(p, destination, ctx) for p in r.destinations):
            return Decision(r.access == "Allow", f"NSG {r.name} ({r.priority})")
    raise AssertionError("the default rules always match")  # pragma: no cover
