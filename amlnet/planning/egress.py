"""Which requirements leave the VNet, and which of them only a host-name rule can allow."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..catalog import Direction, HostRule, Names, Region, Scenario, TagRule, host_rules, tag_rules

if TYPE_CHECKING:
    from .inputs import PlanInputs


def _regions(inp: PlanInputs, regions: Iterable[Region] | None) -> tuple[Region, ...]:
    return tuple(regions) if regions else (inp.region,)


def _selection(inp: PlanInputs, scenarios: Iterable[Scenario] | None) -> tuple[frozenset[Scenario], bool]:
    """(scenarios, exact): the configuration's (always-on added), or a placement's own exact set."""
    return (inp.scenarios, False) if scenarios is None else (frozenset(scenarios), True)


def resolved_tag_rules(inp: PlanInputs, regions: Iterable[Region] | None = None,
                       scenarios: Iterable[Scenario] | None = None) -> tuple[TagRule, ...]:
    """Tag rules for every region (regional tags repeat per region; global tags appear once).
    `scenarios`: a placement's exact scenario set (an AKS subnet's), instead of the configuration's."""
    scen, exact = _selection(inp, scenarios)
    seen: dict[tuple[object, ...], TagRule] = {}
    for reg in _regions(inp, regions):
        for t in tag_rules(inp.cloud, reg, scen, exact=exact):
            seen.setdefault((t.direction, t.tag, t.protocol, t.ports, t.scenario), t)
    return tuple(seen.values())


def resolved_host_rules(inp: PlanInputs, regions: Iterable[Region] | None = None, names: Names | None = None,
                        scenarios: Iterable[Scenario] | None = None, kubernetes_use: str | None = None) -> tuple[HostRule, ...]:
    names = names or inp.names
    scen, exact = _selection(inp, scenarios)
    seen: dict[tuple[object, ...], HostRule] = {}
    for reg in _regions(inp, regions):
        for h in host_rules(inp.cloud, reg, scen, names, exact=exact, kubernetes_use=kubernetes_use):
            seen.setdefault((h.hosts, h.protocol, h.ports, h.scenario), h)
    return tuple(seen.values())


def fqdn_only_host_rules(inp: PlanInputs, regions: Iterable[Region] | None = None, names: Names | None = None,
                         scenarios: Iterable[Scenario] | None = None, kubernetes_use: str | None = None) -> tuple[HostRule, ...]:
    """Host rows that no enabled service tag and no private endpoint covers."""
    return tuple(h for h in resolved_host_rules(inp, regions, names, scenarios, kubernetes_use) if h.covered_by is None)


def hosts_needing_fqdn_rules(inp: PlanInputs, regions: Iterable[Region] | None = None, scenarios: Iterable[Scenario] | None = None,
                             kubernetes_use: str | None = None) -> list[str]:
    out: list[str] = []
    for h in fqdn_only_host_rules(inp, regions, None, scenarios, kubernetes_use):
        for name in h.hosts:
            if name not in out:
                out.append(name)
    return out


def outbound(rules: Iterable[TagRule]) -> tuple[TagRule, ...]:
    return tuple(t for t in rules if t.direction == Direction.OUTBOUND)
