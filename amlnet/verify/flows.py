"""The flows `amlnet verify` checks: every outbound flow the catalog requires for the enabled scenarios,
the inbound control traffic of public-IP compute, and the exposure probes that must stay denied.

Example::

    required_flows(Cloud.PUBLIC, (region("eastus2"),), {Scenario.COMPUTE}, ("10.0.1.0/24",))
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..catalog import COVERED_BY_PRIVATE_ENDPOINT, Cloud, Direction, Protocol, Region, Scenario, host_rules, tag_rules
from ..catalog import Names as HostNames
from .addresses import Destination, cidr_within

STORAGE_NAMES = HostNames()  # placeholders stay; such hosts are private endpoints and are checked as DNS


@dataclass(frozen=True)
class Flow:
    direction: str
    protocol: str
    port: int
    dest: Destination
    label: str


def required_flows(cloud: Cloud, regions: Iterable[Region], scenarios: Iterable[Scenario], pe_prefixes: tuple[str, ...], *,
                   exact: bool = False, kubernetes_use: str | None = None) -> list[Flow]:
    """Every outbound flow the scenarios need; `exact` and `kubernetes_use` select an AKS inference subnet's rows."""
    out: dict[tuple[str, str, str, int], Flow] = {}
    for reg in regions:
        for t in tag_rules(cloud, reg, scenarios, exact=exact):
            proto = "TCP" if t.protocol in (Protocol.TCP, Protocol.ANY) else "UDP"
            for p in t.ports:
                if t.direction == Direction.INBOUND:
                    continue
                if t.base_tag == "VirtualNetwork":
                    for pe in pe_prefixes:
                        out[("pe", pe, proto, p.low)] = Flow("Outbound", proto, p.low, Destination("cidr", pe), f"private endpoints {pe} {proto}/{p.low}")
                    continue
                out[("tag", t.tag, proto, p.low)] = Flow("Outbound", proto, p.low, Destination("tag", t.tag), f"{t.tag} {proto}/{p.low}")
        for h in host_rules(cloud, reg, scenarios, STORAGE_NAMES, exact=exact, kubernetes_use=kubernetes_use):
            if h.covered_by == COVERED_BY_PRIVATE_ENDPOINT:
                continue
            proto = "TCP" if h.protocol in (Protocol.TCP, Protocol.ANY) else "UDP"
            tag = h.covered_by
            for host in h.hosts:
                if "<" in host:
                    continue
                concrete = host.replace("*.", "x.", 1) if host.startswith("*.") else host
                for p in h.ports:
                    out[("host", host, proto, p.low)] = Flow("Outbound", proto, p.low, Destination("host", host, tag=tag, host=concrete),
                                                             f"{host} {proto}/{p.low}")
    return list(out.values())


def inbound_flows(cloud: Cloud, regions: Iterable[Region], scenarios: Iterable[Scenario]) -> list[Flow]:
    out = []
    for reg in regions:
        for t in tag_rules(cloud, reg, scenarios):
            if t.direction == Direction.INBOUND:
                for p in t.ports:
                    out.append(Flow("Inbound", "TCP", p.low, Destination("tag", t.tag), f"from {t.tag} TCP/{p.low}"))
    return out


EXPOSURE = (
    (Flow("Outbound", "TCP", 443, Destination("host", "example.com", host="example.com"), "an arbitrary internet host TCP/443"), "path"),
    (Flow("Outbound", "TCP", 22, Destination("internet", "203.0.113.10"), "an arbitrary internet address TCP/22"), "nsg"),
    (Flow("Outbound", "UDP", 53, Destination("internet", "203.0.113.53"), "an arbitrary internet DNS server UDP/53"), "nsg"),
    (Flow("Inbound", "TCP", 22, Destination("internet", "203.0.113.10"), "inbound from the internet TCP/22"), "nsg"),
    (Flow("Inbound", "TCP", 8787, Destination("internet", "203.0.113.10"), "inbound from the internet TCP/8787"), "nsg"),
)


UNLISTED_PRIVATE = ("192.168.255.240/28", "172.31.255.240/28")
"""Private sources no configuration names as scoring clients (the first one outside every client range is used)."""


def scoring_flows(inf: dict[str, Any]) -> list[tuple[Flow, str]]:
    """Scoring to the internal load balancer (seed 004, scoring endpoint inbound rule): allowed from each
    configured client range, denied from the internet and from a private range nobody listed."""
    clients = list(inf.get("scoring_clients", []))
    out = []
    for port in inf.get("scoring_ports", [80]):
        for c in clients:
            out.append((Flow("Inbound", "TCP", int(port), Destination("cidr", c), f"scoring from client range {c} TCP/{port}"), "allowed"))
        internet = Destination("internet", "203.0.113.10")
        out.append((Flow("Inbound", "TCP", int(port), internet, f"scoring from the internet TCP/{port}"), "denied"))
        other = next((u for u in UNLISTED_PRIVATE if not any(cidr_within(u, c) or cidr_within(c, u) for c in clients)), None)
        if other:
            label = f"scoring from unlisted range {other} TCP/{port}"
            out.append((Flow("Inbound", "TCP", int(port), Destination("cidr", other), label), "denied"))
    return out
