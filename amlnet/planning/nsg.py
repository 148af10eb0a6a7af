"""NSG rules for a compute subnet, planned from the catalog. Pure functions, no cdktf.

Policy, one small rule each:
- one rule per (direction, service tag, protocol); the ports of that tag and protocol merged;
- `VirtualNetwork` rows (private endpoints, SMB to storage) name the private-endpoint subnet when
  its range is known: with a 0.0.0.0/0 route the `VirtualNetwork` tag would cover every address;
- in firewall mode (and with egress outside the stack, mode none), the host names no service tag covers
  reach the firewall as `Internet` on their ports: an NSG sees the original destination, so it must not
  drop what the firewall filters by FQDN;
- compute nodes may talk to each other inside the subnet (distributed training);
- everything else outbound is denied at priority 4096, above Azure's AllowInternetOutBound (65001);
- inbound from the Internet is denied at 4096 too: Azure adds user-defined route prefixes to the
  `VirtualNetwork` tag, so with a 0.0.0.0/0 route its default AllowVnetInBound (65000) would admit any
  source.
Priorities are assigned in this order from `nsg.priority_start` in steps of `nsg.priority_step`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..catalog import Direction, PortRange, Protocol
from .egress import fqdn_only_host_rules, resolved_tag_rules
from .placement import ComputePlacement

if TYPE_CHECKING:
    from .inputs import PlanInputs

DENY_ALL_PRIORITY = 4096


@dataclass(frozen=True)
class NsgRuleSpec:
    name: str
    priority: int
    direction: str
    access: str
    protocol: str
    source_prefixes: tuple[str, ...]
    destination_prefixes: tuple[str, ...]
    destination_ports: tuple[str, ...]
    description: str

    @property
    def source_port_range(self) -> str:
        return "*"


@dataclass(frozen=True)
class GeneratedRule:
    """A generated allow rule before it has a priority (priorities follow the order of the rules)."""

    name: str
    direction: str
    access: str
    protocol: str
    source_prefixes: tuple[str, ...]
    destination_prefixes: tuple[str, ...]
    destination_ports: tuple[str, ...]
    description: str

    def at(self, priority: int) -> NsgRuleSpec:
        return NsgRuleSpec(self.name, priority, self.direction, self.access, self.protocol, self.source_prefixes,
                           self.destination_prefixes, self.destination_ports, self.description)


@dataclass
class _TagGroup:
    """The catalog rows of one (direction, tag, protocol), gathered for one rule."""

    ports: list[PortRange] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def merge_ports(ranges: Iterable[PortRange]) -> tuple[str, ...]:
    """Sorted, de-duplicated, adjacent and overlapping ranges merged: (443, 80, 444) -> ('80', '443-444')."""
    spans = sorted({(r.low, r.high) for r in ranges})
    merged: list[list[int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return tuple(str(PortRange(lo, hi)) for lo, hi in merged)


def _safe(tag: str) -> str:
    return "".join(ch for ch in tag if ch.isalnum())


def _proto_name(p: Protocol) -> str:
    return {Protocol.TCP: "Tcp", Protocol.UDP: "Udp", Protocol.ANY: "Any"}[p]


def _unprioritized(inp: PlanInputs, pl: ComputePlacement) -> list[GeneratedRule]:
    """Generated allow rules in priority order, without priorities."""
    groups: dict[tuple[Direction, str, Protocol], _TagGroup] = {}
    for t in resolved_tag_rules(inp, pl.regions, pl.scenarios):
        key = (t.direction, t.tag, t.protocol)
        g = groups.setdefault(key, _TagGroup())
        g.ports.extend(t.ports)
        if t.purpose not in g.purposes:
            g.purposes.append(t.purpose)
        g.sources.append(str(t.source))

    rules: list[GeneratedRule] = []
    me = (pl.subnet_cidr,) if pl.subnet_cidr else ("VirtualNetwork",)
    if pl.scoring_ports:
        rules.extend(_scoring_inbound(pl, me))
    # inbound first (only public-IP compute has any), then outbound
    for direction in (Direction.INBOUND, Direction.OUTBOUND):
        for (d, tag, proto), g in groups.items():
            if d != direction:
                continue
            if tag == "VirtualNetwork" and direction == Direction.OUTBOUND:
                peer, label = pl.private_endpoint_prefixes, "PrivateEndpoints"
            else:
                peer, label = (tag,), _safe(tag)
            short = "In" if direction == Direction.INBOUND else "Out"
            src, dst = (peer, me) if direction == Direction.INBOUND else (me, peer)
            rules.append(
                GeneratedRule(
                    name=f"Allow{short}{label}{_proto_name(proto)}",
                    direction=direction.value,
                    access="Allow",
                    protocol=proto.value,
                    source_prefixes=src,
                    destination_prefixes=dst,
                    destination_ports=merge_ports(g.ports),
                    description=_describe(g),
                )
            )

    mode = pl.egress_mode
    fqdn = fqdn_only_host_rules(inp, pl.regions, None, **pl.exact)
    extra = inp.extra_fqdn_rules if mode == "firewall" else ()
    if (fqdn or extra) and (mode in ("firewall", "none") or (mode == "nat-gateway" and pl.nat_allow_unfiltered_https)):
        by_proto: dict[Protocol, list[PortRange]] = {}
        for h in fqdn:
            by_proto.setdefault(h.protocol, []).extend(h.ports)
        for x in extra:
            by_proto.setdefault(Protocol.TCP, []).extend(PortRange(p, p) for p in x.ports)
        for proto, prts in sorted(by_proto.items(), key=lambda kv: kv[0].value):
            via = {"firewall": "ViaFirewall", "none": "ViaLandingZone"}.get(mode, "Unfiltered")
            why = {
                "firewall": "Host names the firewall filters by FQDN; the 0.0.0.0/0 route sends this traffic to the firewall.",
                "none": "Host names for the landing zone's egress (egress.mode none) to filter by FQDN.",
            }.get(mode, "Opted in (egress.nat_allow_unfiltered_https): host names a NAT gateway cannot filter.")
            rules.append(
                GeneratedRule(
                    name=f"AllowOutInternet{via}{_proto_name(proto)}",
                    direction="Outbound",
                    access="Allow",
                    protocol=proto.value,
                    source_prefixes=me,
                    destination_prefixes=("Internet",),
                    destination_ports=merge_ports(prts),
                    description=why,
                )
            )
    if pl.dns_proxy_prefix:
        rules.append(
            GeneratedRule(
                name="AllowOutDnsToFirewall",
                direction="Outbound",
                access="Allow",
                protocol="*",
                source_prefixes=me,
                destination_prefixes=(pl.dns_proxy_prefix,),
                destination_ports=("53",),
                description="DNS to the firewall's DNS proxy (the VNet's DNS server).",
            )
        )
    for dns_proto in ("Udp", "Tcp") if pl.dns_servers else ():
        rules.append(
            GeneratedRule(
                name=f"AllowOutDnsToHub{dns_proto}",
                direction="Outbound",
                access="Allow",
                protocol=dns_proto,
                source_prefixes=me,
                destination_prefixes=tuple(pl.dns_servers),
                destination_ports=("53",),
                description="DNS to the VNet's custom DNS servers (dns.servers: the hub's DNS proxy or resolver).",
            )
        )
    if pl.subnet_cidr:
        rules.append(
            GeneratedRule(
                name="AllowOutWithinComputeSubnet",
                direction="Outbound",
                access="Allow",
                protocol="*",
                source_prefixes=me,
                destination_prefixes=me,
                destination_ports=("*",),
                description="Node-to-node traffic inside the compute subnet (distributed training).",
            )
        )
    return rules


def _scoring_inbound(pl: ComputePlacement, me: tuple[str, ...]) -> list[GeneratedRule]:
    """Inbound of an AKS inference subnet (seed 004): scoring from the configured clients only. Inside the
    subnet (nodes, pods, the API server's private endpoint) and Azure's load balancer probes stay open: AKS
    does not support blocking traffic inside its subnet (Learn: outbound-rules-control-egress, "Blocking
    internal subnet traffic using NSGs isn't supported"); everything else inbound is denied at 4096."""
    ports = tuple(str(p) for p in sorted(pl.scoring_ports))
    scoring = "[seed 004: scoring endpoint inbound rule] Scoring clients (inference.scoring_clients) to the internal load balancer."
    return [
        GeneratedRule(name="AllowInWithinAksSubnet", direction="Inbound", access="Allow", protocol="*", source_prefixes=me,
                      destination_prefixes=me, destination_ports=("*",),
                      description="Nodes, pods and the API server endpoint inside the AKS subnet."),
        GeneratedRule(name="AllowInAzureLoadBalancer", direction="Inbound", access="Allow", protocol="*", source_prefixes=("AzureLoadBalancer",),
                      destination_prefixes=me, destination_ports=("*",),
                      description="Health probes of the internal load balancer in front of azureml-fe."),
        GeneratedRule(name="AllowInScoringFromClients", direction="Inbound", access="Allow", protocol="Tcp",
                      source_prefixes=tuple(pl.scoring_clients), destination_prefixes=me, destination_ports=ports,
                      description=fit(scoring, NSG_DESCRIPTION_LIMIT)),
    ]


NSG_DESCRIPTION_LIMIT = 140


def _describe(g: _TagGroup) -> str:
    """Seed rows first (what a reviewer checks), then the purpose; cut at a word to fit Azure's 140."""
    return fit(" ".join(f"[{s}]" for s in dict.fromkeys(g.sources)) + " " + "; ".join(g.purposes), NSG_DESCRIPTION_LIMIT)


def fit(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 3].rsplit(" ", 1)[0].rstrip(" ;,")
    return cut + "..."


def generated_rule_count(inp: PlanInputs, placement: ComputePlacement) -> int:
    """How many priorities the generated allow rules take (the deny-all rule has its own)."""
    return len(_unprioritized(inp, placement))


def plan_nsg_rules(inp: PlanInputs, placement: ComputePlacement) -> tuple[NsgRuleSpec, ...]:
    """All NSG rules for the compute subnet of `placement`: generated, the user's extra rules, and deny-all outbound."""
    out: list[NsgRuleSpec] = []
    prio = inp.nsg_priority_start
    for r in _unprioritized(inp, placement):
        out.append(r.at(prio))
        prio += inp.nsg_priority_step
    for x in inp.nsg_extra_rules:
        out.append(
            NsgRuleSpec(
                name=x.name,
                priority=x.priority,
                direction=x.direction,
                access=x.access,
                protocol=x.protocol,
                source_prefixes=(x.source,),
                destination_prefixes=(x.destination,),
                destination_ports=tuple(x.ports),
                description="User-supplied rule (nsg.extra_rules).",
            )
        )
    if placement.scoring_ports:
        out.append(_deny("DenyAllInbound", "Inbound", "*",
                         "Only the scoring clients, the subnet itself and load balancer probes come in (seed 004)."))
    else:
        out.append(_deny("DenyInternetInbound", "Inbound", "Internet",
                         "With a 0.0.0.0/0 route the VirtualNetwork tag covers every source: deny the Internet explicitly."))
    out.append(_deny("DenyAllOutbound", "Outbound", "*", "Closes the subnet to every destination the rules above do not list."))
    return tuple(sorted(out, key=lambda r: (r.direction, r.priority)))


def _deny(name: str, direction: str, source: str, description: str) -> NsgRuleSpec:
    return NsgRuleSpec(name=name, priority=DENY_ALL_PRIORITY, direction=direction, access="Deny", protocol="*",
                       source_prefixes=(source,), destination_prefixes=("*",), destination_ports=("*",), description=description)
