"""`amlnet egress` in managed network mode: each catalog flow of the enabled scenarios and the managed-VNet
outbound rule that carries it (`amlnet.planning.managed`). No cdktf.

JSON schema `amlnet.egress-managed/v1`::

    {"schema": "amlnet.egress-managed/v1", "cloud": "public", "regions": ["eastus2"], "isolation_mode": str,
     "scenarios": [...],
     "rows": [{"managed_rule": "service-tag" | "fqdn" | "private-endpoint" | "internet" | "aml-required" | "not-allowed",
               "rule_name": str ("" when no rule is written: internet outbound, a required rule Azure creates,
                                 or a destination approved-outbound does not open),
               "destination": str, "protocol": "TCP" | "UDP" | "*", "port": str,
               "scenario": str, "seed": str, "customer_vnet": str (what the customer-VNet stacks do instead)}]}
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from ..catalog import Region
from ..planning.managed import (
    AML_REQUIRED,
    FQDN,
    NOT_ALLOWED,
    PRIVATE_ENDPOINT,
    SERVICE_TAG,
    ManagedRequirement,
    managed_requirements,
    plan_managed_rules,
)
from .egress import to_csv

if TYPE_CHECKING:
    from ..config import AmlNetConfig

SCHEMA = "amlnet.egress-managed/v1"
COLUMNS = ("managed_rule", "rule_name", "destination", "protocol", "port", "scenario", "seed", "customer_vnet")

CUSTOMER_VNET = {
    SERVICE_TAG: "NSG rule to the service tag (and a firewall network rule behind a firewall)",
    FQDN: "firewall application rule (your Azure Firewall)",
    PRIVATE_ENDPOINT: "private endpoint in your private-endpoint subnet",
    AML_REQUIRED: "private endpoint in your private-endpoint subnet",
    NOT_ALLOWED: "NSG rule to the service tag (and a firewall network rule behind a firewall)",
}
"""What the customer-VNet stacks write for a row that the managed VNet carries by each rule type."""


@dataclass(frozen=True)
class ManagedRow:
    managed_rule: str
    rule_name: str
    destination: str
    protocol: str
    port: str
    scenario: str
    seed: str
    customer_vnet: str


def managed_rows(cfg: AmlNetConfig, regions: tuple[Region, ...] | None = None, isolation_mode: str | None = None) -> tuple[ManagedRow, ...]:
    """One row per catalog flow, with the managed rule type and rule name that carries it."""
    mode = isolation_mode or cfg.managed_network.isolation_mode
    rows: dict[ManagedRow, None] = {}
    for reg in regions or (cfg.region_info,):
        plan = plan_managed_rules(cfg.cloud, reg, cfg.enabled_scenarios, mode)
        tag_names = {(t.service_tag, t.protocol): t.name for t in plan.service_tags}
        fqdn_names = {f.destination_fqdn: f.name for f in plan.fqdns}
        pe_names = {f"{p.target}:{p.sub_resource_target}": p.name for p in plan.private_endpoints}
        for r in managed_requirements(cfg.cloud, reg, cfg.enabled_scenarios, mode):
            rows[_row(r, mode, tag_names, fqdn_names, pe_names)] = None
    return tuple(rows)


def _row(r: ManagedRequirement, mode: str, tags: dict[tuple[str, str], str], fqdns: dict[str, str], pes: dict[str, str]) -> ManagedRow:
    if r.rule_type == PRIVATE_ENDPOINT:
        kind, name = PRIVATE_ENDPOINT, pes[r.target]
    elif r.rule_type in (AML_REQUIRED, NOT_ALLOWED):
        kind, name = r.rule_type, ""
    elif mode == "allow_internet_outbound":
        kind, name = "internet", ""
    elif r.rule_type == FQDN:
        kind, name = FQDN, fqdns[r.target]
    else:
        kind, name = SERVICE_TAG, tags[(r.target, r.protocol)]
    customer = CUSTOMER_VNET[r.rule_type]
    if r.host and r.rule_type == SERVICE_TAG:
        customer = f"NSG rule to {r.target} (the tag carries the host)"
    dest = f"{r.host} (via {r.target})" if r.host else r.target
    return ManagedRow(kind, name, dest, r.protocol, r.port, r.scenario, r.row, customer)


def counts(rows: tuple[ManagedRow, ...]) -> dict[str, int]:
    """Rules written per type (distinct rule names)."""
    out: dict[str, set[str]] = {}
    for r in rows:
        if r.rule_name:
            out.setdefault(r.managed_rule, set()).add(r.rule_name)
    return {k: len(v) for k, v in sorted(out.items())}


def render_managed(rows: tuple[ManagedRow, ...], fmt: str, *, cloud: str, regions: list[str], scenarios: list[str], isolation_mode: str) -> str:
    if fmt == "json":
        doc = {"schema": SCHEMA, "cloud": cloud, "regions": regions, "isolation_mode": isolation_mode, "scenarios": scenarios,
               "rows": [asdict(r) for r in rows]}
        return json.dumps(doc, indent=2) + "\n"
    if fmt == "csv":
        return to_csv(rows, COLUMNS)
    if fmt == "markdown":
        return comparison_markdown(rows)
    if fmt == "table":
        shown = ("managed_rule", "rule_name", "destination", "protocol", "port", "scenario")
        cells = [shown] + [tuple(str(getattr(r, c)) for c in shown) for r in rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(shown))]
        out = ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells]
        out.insert(1, "  ".join("-" * w for w in widths))
        c = counts(rows)
        out.append("")
        out.append(f"isolation_mode {isolation_mode}: " + ", ".join(f"{n} {k} rules" for k, n in c.items()))
        return "\n".join(out) + "\n"
    raise ValueError(f"unknown format {fmt!r}; expected one of table, csv, json, markdown")


_NO_RULE = {
    AML_REQUIRED: "required rule Azure Machine Learning creates",
    NOT_ALLOWED: "not opened (global tag; use a private endpoint)",
}


def comparison_markdown(rows: tuple[ManagedRow, ...]) -> str:
    """Customer VNet vs managed network, side by side, one line per catalog flow (the table in docs/variants.md)."""
    lines = ["| destination | protocol/port | scenario | customer VNet | managed network |", "|---|---|---|---|---|"]
    for r in rows:
        managed = f"`{r.managed_rule}` rule `{r.rule_name}`" if r.rule_name else _NO_RULE.get(r.managed_rule, "allowed (internet outbound)")
        lines.append(f"| `{r.destination}` | {r.protocol}/{r.port} | {r.scenario} | {r.customer_vnet} | {managed} |")
    return "\n".join(lines) + "\n"
