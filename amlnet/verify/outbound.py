"""One outbound flow followed the way Azure would: the subnet's NSG, the route it takes, then the NAT
gateway, a node public IP, default outbound access or the firewall's rules. The result is typed
(`Outcome`): what decided it (`Stop`) and the chain of steps, so callers decide on that, not on text.

Example::

    out = evaluate_outbound(doc, sv, flow, notes)
    out.allowed, out.stop, out.how   # False, Stop.NO_EGRESS, "NSG AllowOut... (110); system route ...; no egress: ..."
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from . import firewall as fw
from . import nsg
from .addresses import Destination
from .document import Document
from .flows import Flow
from .routing import Hop, select
from .views import SubnetView, firewall_at


class Stop(Enum):
    """Where the evaluation of an outbound flow ended."""

    NSG = "nsg"
    """the NSG decided (denied)"""
    VNET = "vnet"
    """inside the VNet or a peered one"""
    DROPPED = "dropped"
    """a route with next hop None"""
    NAT_GATEWAY = "nat-gateway"
    NODE_PUBLIC_IP = "node-public-ip"
    DEFAULT_OUTBOUND = "default-outbound"
    NO_EGRESS = "no-egress"
    """bound for the internet with no NAT gateway, no public IP and default outbound access off"""
    UNKNOWN_NEXT_HOP = "unknown-next-hop"
    FIREWALL = "firewall"
    """the firewall's rules decided"""


@dataclass(frozen=True)
class Outcome:
    allowed: bool
    stop: Stop
    chain: tuple[str, ...]
    """What decided each step, in order (NSG rule, route, egress or firewall rule)."""

    @property
    def how(self) -> str:
        return "; ".join(self.chain)


def self_of(sv: SubnetView, notes: list[str]) -> Destination:
    """The compute subnet as a flow endpoint."""
    if sv.prefixes:
        return Destination("cidr", sv.prefixes[0])
    note = f"subnet {sv.label}: its range is not in the document; rules naming a private range are taken to cover it"
    if note not in notes:
        notes.append(note)
    return Destination("unknown-subnet", sv.label)


def evaluate_outbound(doc: Document, sv: SubnetView, flow: Flow, notes: list[str]) -> Outcome:
    me = self_of(sv, notes)
    d = nsg.decide(sv.rules, "Outbound", flow.protocol, flow.port, me, flow.dest, sv.ctx)
    chain = [d.rule if sv.has_nsg else "no NSG: " + d.rule]

    def end(allowed: bool, stop: Stop, *steps: str) -> Outcome:
        return Outcome(allowed, stop, (*chain, *steps))

    if not d.allowed:
        return end(False, Stop.NSG)
    hop: Hop = select(sv.routes, flow.dest, sv.ctx.vnet_prefixes)
    chain.append(hop.via)
    if hop.kind == "vnet":
        return end(True, Stop.VNET)
    if hop.kind == "drop":
        return end(False, Stop.DROPPED)
    if hop.kind == "internet":
        if sv.nat:
            return end(True, Stop.NAT_GATEWAY, "NAT gateway")
        if sv.public_ip:
            return end(True, Stop.NODE_PUBLIC_IP, "node public IP")
        if sv.default_outbound:
            return end(True, Stop.DEFAULT_OUTBOUND, "default outbound access (not recommended)")
        return end(False, Stop.NO_EGRESS, "no egress: no NAT gateway, no public IP, default outbound access off")
    fv = firewall_at(doc, hop.next_hop_ip, notes)
    if fv is None:
        return end(False, Stop.UNKNOWN_NEXT_HOP, f"next hop {hop.next_hop_ip} is no firewall this stack knows")
    fd = fw.decide(fv.collections, flow.protocol, flow.port, flow.dest, sv.prefixes, fv.dns_proxy)
    return end(fd.allowed, Stop.FIREWALL, fd.rule)
