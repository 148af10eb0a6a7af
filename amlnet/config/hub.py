"""The hub of a hub-spoke landing zone, when it lives in another subscription than the workload.

Example::

    HubConfig(subscription_id="11111111-1111-1111-1111-111111111111")
"""

from __future__ import annotations

from pydantic import field_validator

from ..resource_ids import GUID
from .base import StrictModel


class HubConfig(StrictModel):
    """The hub of a hub-spoke landing zone, when it lives in another subscription than the workload."""

    subscription_id: str
    """The hub's subscription (a GUID): the rule collection group in the hub's firewall policy and the links
    to the hub's private DNS zones are created there, through an aliased azurerm provider `hub`."""

    @field_validator("subscription_id")
    @classmethod
    def _guid(cls, v: str) -> str:
        if not GUID.fullmatch(v):
            raise ValueError(f"{v!r} is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)")
        return v
