"""Routes for a compute subnet. Pure functions, no cdktf.

Seed 000 ("no public IP" note): compute without public IP reaches the internet through a NAT
gateway or through a user-defined route 0.0.0.0/0 whose next hop is the firewall's private IP.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import AmlNetConfig

FIREWALL_IP = "<firewall private ip>"
"""Placeholder for the next hop when the stack creates the firewall (its IP is known at apply)."""


@dataclass(frozen=True)
class RouteSpec:
    name: str
    address_prefix: str
    next_hop_type: str
    next_hop_ip: str | None


def plan_routes(cfg: "AmlNetConfig") -> tuple[RouteSpec, ...]:
    if cfg.egress.mode != "firewall":
        return ()
    existing = cfg.egress.firewall.existing
    ip = existing.private_ip if existing else FIREWALL_IP
    return (RouteSpec("default-to-firewall", "0.0.0.0/0", "VirtualAppliance", ip),)
