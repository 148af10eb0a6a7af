"""Private DNS zones for the private endpoints, planned per cloud. Pure functions, no cdktf."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..catalog import ZONE_KEYS, profile

if TYPE_CHECKING:
    from .inputs import PlanInputs


@dataclass(frozen=True)
class ZonePlan:
    key: str
    zone_name: str
    subresource: str
    existing_id: str | None
    """Reuse this zone (held in a hub) instead of creating it."""


def plan_zones(inp: PlanInputs) -> tuple[ZonePlan, ...]:
    prof = profile(inp.cloud)
    existing = dict(inp.existing_zone_ids)
    out = []
    for key in ZONE_KEYS:
        spec = prof.zone(key)
        out.append(ZonePlan(key, spec.zone_name, spec.subresource, existing.get(key)))
    return tuple(out)
