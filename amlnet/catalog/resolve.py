"""Resolve catalog rows for one cloud, region and set of scenarios.

Placeholders in host names are replaced: `<region>` by the ARM region name, `<storage>` by the
default storage account name, `<acr>` by the registry name and `<workspace id>` by `*` (the id is
a GUID Azure assigns at creation, so rules match any workspace id in the region).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .model import (
    ALWAYS_ON,
    COVERED_BY_PRIVATE_ENDPOINT,
    Cloud,
    Direction,
    FirewallRuleType,
    HostRequirement,
    PortRange,
    Protocol,
    Region,
    Scenario,
    SeedRef,
    ServiceTagRequirement,
)
from .requirements import HOSTS, SERVICE_TAGS
from .service_tags import require_tag

HTTP_PORTS = frozenset({80, 443})


@dataclass(frozen=True)
class TagRule:
    """A service-tag requirement resolved for a region."""

    tag: str
    protocol: Protocol
    ports: tuple[PortRange, ...]
    direction: Direction
    purpose: str
    scenario: Scenario
    source: SeedRef
    base_tag: str


@dataclass(frozen=True)
class HostRule:
    """A host-name requirement resolved for a cloud, region and resource names."""

    hosts: tuple[str, ...]
    protocol: Protocol
    ports: tuple[PortRange, ...]
    purpose: str
    scenario: Scenario
    source: SeedRef
    covered_by: str | None
    """Resolved service tag that carries these hosts, `private-endpoint`, or None."""
    kubernetes_use: tuple[str, ...] = ()

    @property
    def firewall_rule_type(self) -> FirewallRuleType:
        """Seed 000: FQDNs on HTTP/S ports (80, 443) are application rules, others network rules."""
        if self.protocol == Protocol.TCP and all(p.low == p.high and p.low in HTTP_PORTS for p in self.ports):
            return FirewallRuleType.APPLICATION
        return FirewallRuleType.NETWORK


@dataclass(frozen=True)
class Names:
    """Resource names substituted into host placeholders."""

    storage_account: str = "<storage>"
    container_registry: str = "<acr>"


def enabled(scenarios: Iterable[Scenario]) -> frozenset[Scenario]:
    return frozenset(scenarios) | ALWAYS_ON


def tag_rules(cloud: Cloud, region: Region, scenarios: Iterable[Scenario], *, exact: bool = False) -> tuple[TagRule, ...]:
    """Tag rows of `scenarios` (plus the always-on `compute` and `studio`, unless `exact`)."""
    on = frozenset(scenarios) if exact else enabled(scenarios)
    out = []
    for r in SERVICE_TAGS:
        if r.scenario in on and cloud in r.clouds:
            rule = _resolve_tag(r, region)
            require_tag(cloud, rule.tag)  # never emit a tag the cloud does not publish
            out.append(rule)
    return tuple(out)


def _resolve_tag(r: ServiceTagRequirement, region: Region) -> TagRule:
    return TagRule(
        tag=r.tag_for(region.tag_suffix),
        protocol=r.protocol,
        ports=r.ports,
        direction=r.direction,
        purpose=r.purpose,
        scenario=r.scenario,
        source=r.source,
        base_tag=r.tag,
    )


def host_rules(cloud: Cloud, region: Region, scenarios: Iterable[Scenario], names: Names = Names(), *, exact: bool = False,
               kubernetes_use: str | None = None) -> tuple[HostRule, ...]:
    """Host rows of `scenarios` (plus `compute` and `studio`, unless `exact`); with `kubernetes_use`
    ('training' or 'inference') only the Kubernetes rows marked for that use."""
    on = frozenset(scenarios) if exact else enabled(scenarios)
    tags = {t.base_tag: t.tag for t in tag_rules(cloud, region, scenarios, exact=exact) if t.direction == Direction.OUTBOUND}
    out = []
    for r in HOSTS:
        if r.scenario not in on or cloud not in r.hosts:
            continue
        if kubernetes_use and r.scenario == Scenario.KUBERNETES and kubernetes_use not in r.kubernetes_use:
            continue
        out.append(_resolve_host(r, cloud, region, names, tags))
    return tuple(out)


def _resolve_host(r: HostRequirement, cloud: Cloud, region: Region, names: Names, tags: dict[str, str]) -> HostRule:
    hosts = tuple(substitute(h, region, names) for h in r.hosts[cloud])
    covered: str | None
    if r.covered_by == COVERED_BY_PRIVATE_ENDPOINT:
        covered = COVERED_BY_PRIVATE_ENDPOINT
    elif r.covered_by is not None and r.covered_by in tags:
        covered = tags[r.covered_by]
    else:
        covered = None  # no tag for it in this cloud or scenario set: only an FQDN rule allows it
    return HostRule(
        hosts=hosts,
        protocol=r.protocol,
        ports=r.ports,
        purpose=r.purpose,
        scenario=r.scenario,
        source=r.source,
        covered_by=covered,
        kubernetes_use=r.kubernetes_use,
    )


def substitute(host: str, region: Region, names: Names) -> str:
    return (
        host.replace("<region>", region.name)
        .replace("<storage>", names.storage_account)
        .replace("<acr>", names.container_registry)
        .replace("<workspace id>", "*")
    )
