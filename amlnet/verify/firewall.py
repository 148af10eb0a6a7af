"""Azure Firewall policy evaluation: rule collection groups by priority, all network rules before any
application rule; service tags and IP addresses in network rules, FQDNs in network rules only with the
DNS proxy on, FQDNs (with `*.` wildcards) in application rules for HTTP/HTTPS; no match is a deny."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .addresses import Destination, cidr_within, tag_covers
from .nsg import port_in


@dataclass(frozen=True)
class NetRule:
    name: str
    protocols: tuple[str, ...]
    sources: tuple[str, ...]
    addresses: tuple[str, ...]
    fqdns: tuple[str, ...]
    ports: tuple[str, ...]


@dataclass(frozen=True)
class AppRule:
    name: str
    sources: tuple[str, ...]
    fqdns: tuple[str, ...]
    protocols: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Collection:
    name: str
    group_priority: int
    priority: int
    action: str
    kind: str
    """network | application"""
    rules: tuple[NetRule, ...] | tuple[AppRule, ...]


@dataclass(frozen=True)
class Decision:
    allowed: bool
    rule: str


def fqdn_matches(pattern: str, host: str) -> bool:
    pattern, host = pattern.lower(), host.lower()
    if pattern.startswith("*."):
        return host.endswith(pattern[1:])
    return pattern == host


def _source_ok(sources: Iterable[str], subnet_prefixes: Sequence[str]) -> bool:
    if not subnet_prefixes:
        return True
    return any(s == "*" or any(cidr_within(p, s) for p in subnet_prefixes) for s in sources)


def _address_ok(addresses: Iterable[str], d: Destination) -> bool:
    for a in addresses:
        if a in ("*", "0.0.0.0/0"):
            return True
        if d.kind == "cidr" and cidr_within(d.value, a):
            return True
        tag = d.value if d.kind == "tag" else d.tag
        if tag and tag_covers(a, tag):
            return True
    return False


def decide(collections: list[Collection], protocol: str, port: int, d: Destination, subnet_prefixes: Sequence[str], dns_proxy: bool) -> Decision:
    ordered = sorted(collections, key=lambda c: (c.kind != "network", c.group_priority, c.priority))
    for c in ordered:
        for r in c.rules:
            if isinstance(r, NetRule):
                if not any(p in ("Any", "*") or p.upper() == protocol.upper() for p in r.protocols):
                    continue
                if not port_in(port, r.ports) or not _source_ok(r.sources, subnet_prefixes):
                    continue
                by_fqdn = d.host is not None and dns_proxy and any(fqdn_matches(f, d.host) for f in r.fqdns)
                if _address_ok(r.addresses, d) or by_fqdn:
                    return Decision(c.action == "Allow", f"firewall {c.kind} rule {c.name}/{r.name}")
            else:
                if d.host is None or protocol.upper() != "TCP" or not _source_ok(r.sources, subnet_prefixes):
                    continue
                if any(pp == port for _, pp in r.protocols) and any(fqdn_matches(f, d.host) for f in r.fqdns):
                    return Decision(c.action == "Allow", f"firewall {c.kind} rule {c.name}/{r.name}")
    return Decision(False, "firewall: no rule matches (default deny)")
