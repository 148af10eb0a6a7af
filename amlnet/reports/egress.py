"""The egress allow-list as rows, and its formats: table, CSV, JSON, Markdown. No cdktf.

This is what a team hands to the people who run a non-Azure firewall: every service tag (for NSGs
and Azure Firewall) and every host name (for firewalls that know no service tags), per scenario, with
the seed row it comes from and the Azure Firewall rule type it maps to.

JSON schema `amlnet.egress/v1`::

    {"schema": "amlnet.egress/v1", "cloud": "public", "regions": ["eastus2"],
     "scenarios": ["compute", ...],
     "rows": [{"kind": "service-tag" | "fqdn" | "address-range" (scoring clients, inbound), "destination": str,
               "protocol": "TCP" | "UDP" | "Any",
               "ports": str (comma-separated ports and ranges), "direction": "Outbound" | "Inbound",
               "purpose": str, "scenario": str, "seed": str, "firewall_rule": "network" | "application",
               "covered_by": str (service tag, "private-endpoint", or ""),
               "kubernetes_use": str ("training", "training,inference", or "" outside the kubernetes scenario),
               "learn_url": str (https URL of the Microsoft Learn page and section that print the requirement),
               "learn_section": str (that section's English heading, and in parentheses the table or part of it),
               "source": str (comma-separated subnet ranges the row is for: the compute subnets of the stacks),
               "carried_by": "firewall" | "private-endpoint" | "virtual-network" | "nsg-inbound" | "nat-gateway" | "your-egress",
               "risk": str ("" or a short label: storage wildcard, code hosting, global tag, log ingestion),
               "risk_reason": str (why the destination can carry data out, and what narrows it)}]}

`learn_url` and `learn_section`, then `source`, `carried_by`, `risk` and `risk_reason` were added to v1 (fields are only
ever added to a schema version). Rows of `egress.firewall.extra_fqdn_rules` have scenario `extra` and no seed. Only rows
carried by the firewall (or the NAT gateway, or your own egress) need a rule there; private endpoints and `VirtualNetwork`
rows stay inside the VNet (NSG rules only). The table format prints those groups apart.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

from ..catalog import FirewallRuleType, HostRule, Names, Protocol, Region, SeedRef, host_rules, tag_rules
from ..catalog.aks import SCORING_SOURCE
from ..planner import config_names
from ..planning.nsg import merge_ports
from .egress_risk import risk

if TYPE_CHECKING:
    from ..config import AmlNetConfig

SCHEMA = "amlnet.egress/v1"
COLUMNS = ("kind", "destination", "protocol", "ports", "direction", "purpose", "scenario", "seed", "firewall_rule", "covered_by", "kubernetes_use",
           "learn_url", "learn_section", "source", "carried_by", "risk", "risk_reason")
CARRIERS = {"firewall": "Through the firewall (it must allow these)", "nat-gateway": "Through the NAT gateway (NSG rules only)",
            "your-egress": "Through your own egress (the landing zone's firewall must allow these)",
            "private-endpoint": "To private endpoints in the VNet (no firewall rule)",
            "virtual-network": "Inside the virtual network (VirtualNetwork tag, NSG only)", "nsg-inbound": "Inbound (NSG rules)"}
FORMATS = ("table", "csv", "json", "markdown")
_PROTO = {Protocol.TCP: "TCP", Protocol.UDP: "UDP", Protocol.ANY: "Any"}


@dataclass(frozen=True)
class EgressRow:
    kind: str
    destination: str
    protocol: str
    ports: str
    direction: str
    purpose: str
    scenario: str
    seed: str
    firewall_rule: str
    covered_by: str
    kubernetes_use: str = ""
    learn_url: str = ""
    learn_section: str = ""
    source: str = ""
    carried_by: str = ""
    risk: str = ""
    risk_reason: str = ""


def _learn(source: SeedRef) -> dict[str, str]:
    """The Learn citation of a catalog row as EgressRow fields ("" for a row without one)."""
    ref = source.learn
    if ref is None:
        return {"learn_url": "", "learn_section": ""}
    return {"learn_url": ref.url, "learn_section": f"{ref.section} ({ref.part})" if ref.part else ref.section}


def _host_rows(h: HostRule) -> list[EgressRow]:
    """One row per host and Azure Firewall rule type: TCP 80/443 are application rules, the rest network."""
    http = [p for p in h.ports if h.protocol == Protocol.TCP and p.low == p.high and p.low in (80, 443)]
    other = [p for p in h.ports if p not in http]
    out = []
    for host in h.hosts:
        for group, rule in ((http, FirewallRuleType.APPLICATION), (other, FirewallRuleType.NETWORK)):
            if group:
                out.append(
                    EgressRow("fqdn", host, _PROTO[h.protocol], ",".join(merge_ports(group)), "Outbound", h.purpose,
                              h.scenario.value, str(h.source), rule.value, h.covered_by or "", ",".join(h.kubernetes_use), **_learn(h.source))
                )
    return out


def egress_rows(cfg: AmlNetConfig, regions: tuple[Region, ...] | None = None, names: Names | None = None) -> tuple[EgressRow, ...]:
    """Every requirement of the configuration's scenarios, for each region (regional tags and
    `<region>` hosts repeat per region), service tags first, then host names, then the user's
    `extra_fqdn_rules`; no duplicates. Each row says which subnets it is for, what carries it and its risk."""
    regions = regions or (cfg.region_info,)
    names = names or config_names(cfg)
    rows: dict[EgressRow, None] = {}
    for reg in regions:
        for t in tag_rules(cfg.cloud, reg, cfg.enabled_scenarios):
            rows[EgressRow("service-tag", t.tag, _PROTO[t.protocol], ",".join(merge_ports(t.ports)), t.direction.value, t.purpose,
                           t.scenario.value, str(t.source), FirewallRuleType.NETWORK.value, "", **_learn(t.source))] = None
    for reg in regions:
        for h in host_rules(cfg.cloud, reg, cfg.enabled_scenarios, names):
            for row in _host_rows(h):
                rows[row] = None
    for x in cfg.egress.firewall.extra_fqdn_rules:
        web = all(p in (80, 443) for p in x.ports)
        for fqdn in x.fqdns:
            rows[EgressRow("fqdn", fqdn, "TCP", ",".join(str(p) for p in sorted(x.ports)), "Outbound",
                           f"egress.firewall.extra_fqdn_rules: {x.name}", "extra", "",
                           (FirewallRuleType.APPLICATION if web else FirewallRuleType.NETWORK).value, "")] = None
    sources = ",".join(_compute_sources(cfg))
    out = [_placed(r, cfg, sources) for r in rows]
    if "aks-inference" in cfg.stacks:
        out += [r for r in inference_rows(cfg, regions[:1], names) if r not in out]
    return tuple(dict.fromkeys(out))


def _compute_sources(cfg: AmlNetConfig) -> tuple[str, ...]:
    """The compute subnets of the configuration's stacks (their ranges, or their VNet's when a subnet is reused); the
    AKS inference subnet's rows are its own (`inference_rows`)."""
    from ..planner import placements_for

    return tuple(dict.fromkeys(s for p in placements_for(cfg) if p.kubernetes_use != "inference" for s in p.sources))


def _carrier(row: EgressRow, egress_mode: str) -> str:
    if row.direction == "Inbound":
        return "nsg-inbound"
    if row.covered_by == "private-endpoint":
        return "private-endpoint"
    if row.kind == "service-tag" and row.destination == "VirtualNetwork":
        return "virtual-network"
    return {"firewall": "firewall", "nat-gateway": "nat-gateway"}.get(egress_mode, "your-egress")


def _placed(row: EgressRow, cfg: AmlNetConfig, sources: str) -> EgressRow:
    label, reason = risk(row.kind, row.destination)
    return replace(row, source=sources, carried_by=_carrier(row, cfg.egress.mode), risk=label, risk_reason=reason)


def inference_rows(cfg: AmlNetConfig, regions: tuple[Region, ...], names: Names) -> tuple[EgressRow, ...]:
    """The AKS inference subnet's own rows (seed 004): its tags and hosts (its exact scenarios, seed 000's
    Kubernetes rows for inference), and scoring inbound from each client range (kind `address-range`)."""
    from ..planner import inference_placement

    pl = inference_placement(cfg)
    rows: dict[EgressRow, None] = {}
    for reg in regions:
        for t in tag_rules(cfg.cloud, reg, pl.scenarios or (), exact=True):
            rows[EgressRow("service-tag", t.tag, _PROTO[t.protocol], ",".join(merge_ports(t.ports)), t.direction.value, t.purpose,
                           t.scenario.value, str(t.source), FirewallRuleType.NETWORK.value, "", **_learn(t.source))] = None
        for h in host_rules(cfg.cloud, reg, pl.scenarios or (), names, exact=True, kubernetes_use=pl.kubernetes_use):
            for row in _host_rows(h):
                rows[row] = None
    for client in pl.scoring_clients:
        rows[EgressRow("address-range", client, "TCP", ",".join(str(p) for p in pl.scoring_ports), "Inbound",
                       "Scoring clients to the internal load balancer (azureml-fe) in the AKS subnet", "aks-inference",
                       str(SCORING_SOURCE), FirewallRuleType.NETWORK.value, "", **_learn(SCORING_SOURCE))] = None
    sources = ",".join(pl.sources)
    return tuple(_placed(r, cfg, sources) for r in rows)


def to_csv(rows: Sequence[object], columns: Sequence[str]) -> str:
    """`rows` (dataclasses) as CSV with a header of `columns`."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([getattr(r, c) for c in columns])
    return buf.getvalue()


def render(rows: tuple[EgressRow, ...], fmt: str, *, cloud: str, regions: list[str], scenarios: list[str]) -> str:
    if fmt == "json":
        doc = {"schema": SCHEMA, "cloud": cloud, "regions": regions, "scenarios": scenarios, "rows": [asdict(r) for r in rows]}
        return json.dumps(doc, indent=2) + "\n"
    if fmt == "csv":
        return to_csv(rows, COLUMNS)
    if fmt == "markdown":
        lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        for r in rows:
            lines.append("| " + " | ".join(str(getattr(r, c)).replace("|", "\\|") for c in COLUMNS) + " |")
        return "\n".join(lines) + "\n"
    if fmt == "table":
        shown = ("kind", "destination", "protocol", "ports", "direction", "scenario", "firewall_rule", "covered_by", "source", "risk")
        out = []
        for carrier, title in CARRIERS.items():
            group = [r for r in rows if r.carried_by == carrier]
            if not group:
                continue
            cells = [shown] + [tuple(str(getattr(r, c)) for c in shown) for r in group]
            widths = [max(len(row[i]) for row in cells) for i in range(len(shown))]
            lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells]
            lines.insert(1, "  ".join("-" * w for w in widths))
            out += [f"{title}: {len(group)} rows", *lines, ""]
        other = [r for r in rows if r.carried_by not in CARRIERS]
        if other:
            out += [f"(unplaced: {len(other)} rows)", ""]
        risky = sorted({(r.risk, r.risk_reason) for r in rows if r.risk})
        if risky:
            out += ["risk:", *(f"  {label}: {reason}" for label, reason in risky), ""]
        return "\n".join(out).rstrip("\n") + "\n"
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
