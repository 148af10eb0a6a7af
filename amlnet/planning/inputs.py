"""What the planners read, as narrow frozen data: the catalog selection (cloud, primary region, enabled
scenarios, host-name placeholders) and the few settings that shape rules (NSG priorities and extra
rules, extra host names, a hub firewall's IP, zones held elsewhere). `amlnet.planner.plan_inputs` builds
it from a configuration; the planners never see the configuration itself.

Example::

    PlanInputs(cloud=Cloud.PUBLIC, region=region("eastus2"), scenarios=enabled({Scenario.PYTHON_PACKAGES}), names=Names())
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import Cloud, Names, Region, Scenario


@dataclass(frozen=True)
class ExtraNsgRule:
    """A user's NSG rule added to every compute subnet (`nsg.extra_rules`)."""

    name: str
    priority: int
    direction: str
    access: str
    protocol: str
    source: str
    destination: str
    ports: tuple[str, ...]


@dataclass(frozen=True)
class ExtraFqdns:
    """Host names to allow through the firewall beyond the catalog (`egress.firewall.extra_fqdn_rules`)."""

    name: str
    fqdns: tuple[str, ...]
    ports: tuple[int, ...]


@dataclass(frozen=True)
class PlanInputs:
    cloud: Cloud
    region: Region
    """The workspace's region: the default when a planner is given no regions."""
    scenarios: frozenset[Scenario]
    """Enabled scenarios, the always-on ones included."""
    names: Names = Names()
    """Host-name placeholders (`<storage>`, `<acr>`) or the pinned names."""
    nsg_priority_start: int = 100
    nsg_priority_step: int = 10
    nsg_extra_rules: tuple[ExtraNsgRule, ...] = ()
    extra_fqdn_rules: tuple[ExtraFqdns, ...] = ()
    hub_firewall_ip: str | None = None
    """The hub firewall's private IP (`egress.firewall.existing`): the next hop of the default route."""
    existing_zone_ids: tuple[tuple[str, str], ...] = ()
    """(zone key, resource ID) of private DNS zones held elsewhere."""
