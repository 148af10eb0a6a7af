"""The compute subnets' NSG: priorities of the generated rules and the user's extra rules.

Example::

    NsgConfig(priority_start=200, extra_rules=(NsgRule(name="AllowBastion", priority=3000, ...),))
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from ..addressing import port_range_problem
from .base import NSG_MAX_PRIORITY, NSG_MIN_PRIORITY, StrictModel


class NsgRule(StrictModel):
    """An extra NSG rule you add to every compute subnet (on top of the generated ones)."""

    name: str
    """Rule name (Azure: 1-80 letters, digits, underscores, periods, hyphens)."""
    priority: int = Field(ge=NSG_MIN_PRIORITY, le=NSG_MAX_PRIORITY)
    """100-4096, not one of the generated rules' priorities."""
    direction: Literal["Inbound", "Outbound"]
    access: Literal["Allow", "Deny"]
    protocol: Literal["Tcp", "Udp", "Icmp", "*"]
    source: str
    """Source address prefix, CIDR or service tag."""
    destination: str
    """Destination address prefix, CIDR or service tag."""
    ports: tuple[str, ...]
    """Ports or ranges (`443`, `8000-8100`, `*`)."""

    @field_validator("ports")
    @classmethod
    def _ports(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for p in v:
            problem = port_range_problem(p)
            if problem:
                raise ValueError(problem)
        return v


class NsgConfig(StrictModel):
    priority_start: int = Field(100, ge=NSG_MIN_PRIORITY, le=NSG_MAX_PRIORITY - 1)
    """First priority of the generated rules."""
    priority_step: int = Field(10, ge=1, le=100)
    """Distance between generated priorities."""
    extra_rules: tuple[NsgRule, ...] = ()
    """Your own rules, added to every compute NSG."""
