"""Azure Firewall policy rules, planned from the catalog. Pure functions, no cdktf.

Policy (seed 000, third-party firewall section, and the outbound service-tag table):
- service tags become network rules (one per tag and protocol, ports merged);
- `VirtualNetwork` rows stay inside the VNet (private endpoints) and never reach the firewall;
- host names that an enabled service tag or a private endpoint already covers get no FQDN rule;
- the other host names: TCP 80/443 become application rules (Http:80 / Https:443), any other
  port or protocol a network rule with destination FQDNs (which needs the policy's DNS proxy);
- sources are the compute subnets only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..catalog import Direction, Names, Protocol, Region
from .egress import fqdn_only_host_rules, resolved_tag_rules
from .nsg import merge_ports
from .placement import ComputePlacement

if TYPE_CHECKING:
    from .inputs import PlanInputs

NETWORK_COLLECTION_PRIORITY = 100
APPLICATION_COLLECTION_PRIORITY = 200


@dataclass(frozen=True)
class NetworkRuleSpec:
    name: str
    protocols: tuple[str, ...]
    source_addresses: tuple[str, ...]
    destination_addresses: tuple[str, ...]
    destination_fqdns: tuple[str, ...]
    destination_ports: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class ApplicationRuleSpec:
    name: str
    source_addresses: tuple[str, ...]
    destination_fqdns: tuple[str, ...]
    protocols: tuple[tuple[str, int], ...]
    """(type, port): ('Https', 443)."""
    description: str


@dataclass(frozen=True)
class FirewallPlan:
    network_rules: tuple[NetworkRuleSpec, ...]
    application_rules: tuple[ApplicationRuleSpec, ...]


_FW_PROTO = {Protocol.TCP: "TCP", Protocol.UDP: "UDP", Protocol.ANY: "Any"}


def source_addresses(placements: Iterable[ComputePlacement]) -> tuple[str, ...]:
    out: list[str] = []
    for p in placements:
        for s in p.sources:
            if s not in out:
                out.append(s)
    return tuple(out)


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text).strip("-")


def _units(placements: Iterable[ComputePlacement]) -> list[tuple[str, tuple[str, ...], tuple[Region, ...], dict[str, Any]]]:
    """(label, sources, regions, scenario selection) per group of subnets that need the same rows: every
    placement with the configuration's scenarios together (as before), and each placement with its own
    exact scenarios (an AKS inference subnet) alone, so its rows name only its own subnet."""
    placements = tuple(placements)
    general = [p for p in placements if p.scenarios is None]
    out: list[tuple[str, tuple[str, ...], tuple[Region, ...], dict[str, Any]]] = []
    if general:
        out.append(("", source_addresses(general), tuple(dict.fromkeys(r for p in general for r in p.regions)), {}))
    for p in placements:
        if p.scenarios is not None:
            out.append((p.label, p.sources, p.regions, p.exact))
    return out


def _merge(rules: dict[Any, Any], key: Any, name: str, label: str, src: tuple[str, ...], build: Callable[..., Any]) -> None:
    """One rule per key; a second unit with the same destination and ports adds its sources, one with
    other ports gets its own rule named after its label."""
    for k, (rsrc, rb) in list(rules.items()):
        if k[0] == key[0] and k[1] == key[1]:
            rules[k] = (tuple(dict.fromkeys(rsrc + src)), rb)
            return
    taken = {rb(()).name for _, rb in rules.values()}
    final = name if name not in taken else f"{name}-{label}"
    rules[key] = (src, lambda s, b=build, n=final: b(s, n))


def plan_firewall_rules(inp: PlanInputs, placements: tuple[ComputePlacement, ...], names: Names | None = None) -> FirewallPlan:
    """Rules for the compute subnets of `placements`. `names` fills `<storage>` and `<acr>` in host names
    (default: `inp.names`, the configuration's pinned names or the placeholders)."""
    network: dict[Any, Any] = {}
    application: dict[Any, Any] = {}
    for label, src, regions, sel in _units(placements):
        groups: dict[tuple[str, Protocol], dict[str, list[Any]]] = {}
        for t in resolved_tag_rules(inp, regions, sel.get("scenarios")):
            if t.direction != Direction.OUTBOUND or t.base_tag == "VirtualNetwork":
                continue
            g = groups.setdefault((t.tag, t.protocol), {"ports": [], "sources": []})
            g["ports"].extend(t.ports)
            g["sources"].append(str(t.source))
        for (tag, proto), g in groups.items():
            ports = merge_ports(g["ports"])
            desc = "; ".join(dict.fromkeys(g["sources"]))
            _merge(network, (("tag", tag, _FW_PROTO[proto]), ports), f"tag-{_safe(tag)}-{_FW_PROTO[proto].lower()}", label, src,
                   lambda s, n=None, tag=tag, proto=proto, ports=ports, desc=desc: NetworkRuleSpec(
                       n or "", (_FW_PROTO[proto],), s, (tag,), (), ports, desc))
        for h in fqdn_only_host_rules(inp, regions, names, **sel):
            http = [p for p in h.ports if h.protocol == Protocol.TCP and p.low == p.high and p.low in (80, 443)]
            other = [p for p in h.ports if p not in http]
            base = _safe(h.hosts[0].replace("*.", "any."))
            desc = f"{h.purpose} [{h.source}]"
            if http:
                protos = tuple(("Http" if p.low == 80 else "Https", p.low) for p in sorted(http, key=lambda p: p.low))
                _merge(application, (("fqdn", h.hosts), protos), f"fqdn-{base}", label, src,
                       lambda s, n=None, hosts=h.hosts, protos=protos, desc=desc: ApplicationRuleSpec(n or "", s, hosts, protos, desc))
            if other:
                wild = [x for x in h.hosts if "*" in x]
                if wild:
                    raise ValueError(f"catalog row {h.source}: wildcard host {wild[0]} on non-HTTP ports cannot be a firewall network rule")
                ports = merge_ports(other)
                name = f"fqdn-{base}-{_FW_PROTO[h.protocol].lower()}"
                _merge(network, (("fqdn", h.hosts, _FW_PROTO[h.protocol]), ports), name, label, src,
                       lambda s, n=None, hosts=h.hosts, proto=h.protocol, ports=ports, desc=desc: NetworkRuleSpec(
                           n or "", (_FW_PROTO[proto],), s, (), hosts, ports, desc))
    net_rules = [b(s) for s, b in network.values()]
    app_rules = [b(s) for s, b in application.values()]
    src_all = source_addresses(placements)
    for x in inp.extra_fqdn_rules:
        extra_http = sorted(p for p in x.ports if p in (80, 443))
        extra_other = tuple(str(p) for p in sorted(x.ports) if p not in (80, 443))
        if extra_http:
            extra_protos = tuple(("Http" if p == 80 else "Https", p) for p in extra_http)
            app_rules.append(ApplicationRuleSpec(f"extra-{_safe(x.name)}", src_all, x.fqdns, extra_protos, "egress.firewall.extra_fqdn_rules"))
        if extra_other:
            net_rules.append(NetworkRuleSpec(f"extra-{_safe(x.name)}-tcp", ("TCP",), src_all, (), x.fqdns, extra_other,
                                             "egress.firewall.extra_fqdn_rules"))
    return FirewallPlan(tuple(net_rules), tuple(_dedupe_names(app_rules)))


def _dedupe_names(rules: list[ApplicationRuleSpec]) -> list[ApplicationRuleSpec]:
    seen: dict[str, int] = {}
    out = []
    for r in rules:
        n = seen.get(r.name, 0)
        seen[r.name] = n + 1
        out.append(r if n == 0 else ApplicationRuleSpec(f"{r.name}-{n + 1}", r.source_addresses, r.destination_fqdns, r.protocols, r.description))
    return out
