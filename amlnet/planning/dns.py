"""Private DNS zones for the private endpoints, planned per cloud. Pure functions, no cdktf."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..catalog import ZONE_KEYS, profile

if TYPE_CHECKING:
    from ..config import AmlNetConfig


@dataclass(frozen=True)
class ZonePlan:
    key: str
    zone_name: str
    subresource: str
    existing_id: str | None
    """Reuse this zone (held in a hub) instead of creating it."""


def plan_zones(cfg: AmlNetConfig) -> tuple[ZonePlan, ...]:
    prof = profile(cfg.cloud)
    out = []
    for key in ZONE_KEYS:
        spec = prof.zone(key)
        out.append(ZonePlan(key, spec.zone_name, spec.subresource, cfg.dns.existing_zone_ids.get(key)))
    return tuple(out)
