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

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..catalog import Direction, Names, Protocol
from .egress import fqdn_only_host_rules, resolved_tag_rules
from .nsg import merge_ports
from .placement import ComputePlacement, workspace_placement

if TYPE_CHECKING:
    from ..config import AmlNetConfig

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


def plan_firewall_rules(cfg: AmlNetConfig, placements: tuple[ComputePlacement, ...] | None = None, names: Names | None = None) -> FirewallPlan:
    """Rules for the compute subnets of `placements` (default: the workspace VNet's compute subnet).
    `names` fills `<storage>` and `<acr>` in host names (default: the configuration's pinned names)."""
    placements = placements or (workspace_placement(cfg),)
    src = source_addresses(placements)
    regions = tuple(dict.fromkeys(r for p in placements for r in p.regions))
    groups: dict[tuple[str, Protocol], dict[str, list[Any]]] = {}
    for t in resolved_tag_rules(cfg, regions):
        if t.direction != Direction.OUTBOUND or t.base_tag == "VirtualNetwork":
            continue
        g = groups.setdefault((t.tag, t.protocol), {"ports": [], "sources": []})
        g["ports"].extend(t.ports)
        g["sources"].append(str(t.source))

    network: list[NetworkRuleSpec] = []
    for (tag, proto), g in groups.items():
        network.append(
            NetworkRuleSpec(
                name=f"tag-{_safe(tag)}-{_FW_PROTO[proto].lower()}",
                protocols=(_FW_PROTO[proto],),
                source_addresses=src,
                destination_addresses=(tag,),
                destination_fqdns=(),
                destination_ports=merge_ports(g["ports"]),
                description="; ".join(dict.fromkeys(g["sources"])),
            )
        )

    application: list[ApplicationRuleSpec] = []
    for h in fqdn_only_host_rules(cfg, regions, names):
        http = [p for p in h.ports if h.protocol == Protocol.TCP and p.low == p.high and p.low in (80, 443)]
        other = [p for p in h.ports if p not in http]
        base = _safe(h.hosts[0].replace("*.", "any."))
        if http:
            application.append(
                ApplicationRuleSpec(
                    name=f"fqdn-{base}",
                    source_addresses=src,
                    destination_fqdns=h.hosts,
                    protocols=tuple(("Http" if p.low == 80 else "Https", p.low) for p in sorted(http, key=lambda p: p.low)),
                    description=f"{h.purpose} [{h.source}]",
                )
            )
        if other:
            wild = [x for x in h.hosts if "*" in x]
            if wild:
                raise ValueError(f"catalog row {h.source}: wildcard host {wild[0]} on non-HTTP ports cannot be a firewall network rule")
            network.append(
                NetworkRuleSpec(
                    name=f"fqdn-{base}-{_FW_PROTO[h.protocol].lower()}",
                    protocols=(_FW_PROTO[h.protocol],),
                    source_addresses=src,
                    destination_addresses=(),
                    destination_fqdns=h.hosts,
                    destination_ports=merge_ports(other),
                    description=f"{h.purpose} [{h.source}]",
                )
            )
    for x in cfg.egress.firewall.extra_fqdn_rules:
        extra_http = sorted(p for p in x.ports if p in (80, 443))
        extra_other = tuple(str(p) for p in sorted(x.ports) if p not in (80, 443))
        if extra_http:
            application.append(ApplicationRuleSpec(f"extra-{_safe(x.name)}", src, x.fqdns,
                                                   tuple(("Http" if p == 80 else "Https", p) for p in extra_http),
                                                   "egress.firewall.extra_fqdn_rules"))
        if extra_other:
            network.append(NetworkRuleSpec(f"extra-{_safe(x.name)}-tcp", ("TCP",), src, (), x.fqdns, extra_other,
                                           "egress.firewall.extra_fqdn_rules"))
    return FirewallPlan(tuple(network), tuple(_dedupe_names(application)))


def _dedupe_names(rules: list[ApplicationRuleSpec]) -> list[ApplicationRuleSpec]:
    seen: dict[str, int] = {}
    out = []
    for r in rules:
        n = seen.get(r.name, 0)
        seen[r.name] = n + 1
        out.append(r if n == 0 else ApplicationRuleSpec(f"{r.name}-{n + 1}", r.source_addresses, r.destination_fqdns, r.protocols, r.description))
    return out
