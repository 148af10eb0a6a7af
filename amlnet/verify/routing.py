"""Route selection for a compute subnet: VNet and peered ranges, user-defined routes (CIDR or service
tag, longest prefix first, tags before 0.0.0.0/0), then the system route to the Internet."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from .addresses import Destination, cidr_within, tag_covers


@dataclass(frozen=True)
class Route:
    name: str
    prefix: str
    """A CIDR, or a service tag (`AzureMachineLearning.EastUS2`)."""
    next_hop_type: str
    next_hop_ip: str | None = None


@dataclass(frozen=True)
class Hop:
    kind: str
    """vnet | firewall | internet | drop"""
    via: str
    next_hop_ip: str | None = None


def _len(prefix: str) -> int:
    try:
        return ipaddress.ip_network(prefix, strict=False).prefixlen
    except ValueError:
        return 33  # a service tag: more specific than any CIDR that also covers the address


def select(routes: list[Route], d: Destination, vnet_prefixes: tuple[str, ...]) -> Hop:
    if d.kind == "cidr" and any(cidr_within(d.value, v) for v in vnet_prefixes):
        candidates = [r for r in routes if r.prefix != "0.0.0.0/0" and cidr_within(d.value, r.prefix) and _len(r.prefix) > 16]
        if not candidates:
            return Hop("vnet", "system route VnetLocal / VNetPeering")
    matching = []
    for r in routes:
        if r.prefix in ("0.0.0.0/0",):
            matching.append(r)
        elif d.kind == "cidr" and cidr_within(d.value, r.prefix):
            matching.append(r)
        elif d.kind in ("tag", "host") and (d.tag or (d.value if d.kind == "tag" else None)) and tag_covers(r.prefix, d.tag or d.value):
            matching.append(r)
    if not matching:
        return Hop("internet", "system route 0.0.0.0/0 -> Internet")
    best = max(matching, key=lambda r: _len(r.prefix))
    kind = {"VirtualAppliance": "firewall", "Internet": "internet", "None": "drop", "VnetLocal": "vnet"}.get(best.next_hop_type, "drop")
    return Hop(kind, f"route {best.name} ({best.prefix} -> {best.next_hop_type})", best.next_hop_ip)
