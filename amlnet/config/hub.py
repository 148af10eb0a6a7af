"""The hub of a hub-spoke landing zone: its VNet (where its firewall and DNS server live) and its subscription.

Example::

    HubConfig(vnet_id="/subscriptions/1111.../resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub")
"""

from __future__ import annotations

from pydantic import field_validator, model_validator

from ..resource_ids import GUID
from .base import StrictModel
from .fields import parse_resource_id


class HubConfig(StrictModel):
    """The hub of a hub-spoke landing zone."""

    subscription_id: str | None = None
    """The hub's subscription (a GUID): the rule collection group in the hub's firewall policy, the links to the
    hub's private DNS zones and the hub side of peerings are created there, through an aliased azurerm provider
    `hub`. Default: the subscription of `vnet_id`."""
    vnet_id: str | None = None
    """The hub VNet: where the hub firewall (`egress.firewall.existing`) and the DNS server of `dns.servers` live.
    Azure DNS answers a VNet whose DNS server is elsewhere in the server's VNet (Learn, "Name resolution for
    resources in Azure virtual networks", "Name resolution that uses your own DNS server"), so every private DNS
    zone the stack creates is also linked to this VNet, and every VNet the stack creates is peered with it (its
    0.0.0.0/0 route and its DNS server are in the hub). Required when the stack creates a zone or a VNet and
    `dns.servers` or the hub firewall lie outside the stack's VNets."""

    @field_validator("subscription_id")
    @classmethod
    def _guid(cls, v: str | None) -> str | None:
        if v is not None and not GUID.fullmatch(v):
            raise ValueError(f"{v!r} is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)")
        return v

    @field_validator("vnet_id")
    @classmethod
    def _vnet(cls, v: str | None) -> str | None:
        if v is not None:
            parse_resource_id(v, "Microsoft.Network/virtualNetworks")
        return v

    @model_validator(mode="after")
    def _one(self) -> HubConfig:
        if self.subscription_id is None and self.vnet_id is None:
            raise ValueError("hub: set vnet_id (the hub VNet) or subscription_id (the hub's subscription)")
        if self.vnet_id is not None:
            sub = parse_resource_id(self.vnet_id, "Microsoft.Network/virtualNetworks")["subscription"]
            if self.subscription_id is None:
                object.__setattr__(self, "subscription_id", sub)  # frozen: set once, while validating
            elif sub.lower() != self.subscription_id.lower():
                raise ValueError(f"hub.vnet_id: {self.vnet_id!r} is in subscription {sub}, but hub.subscription_id is {self.subscription_id}")
        return self

    @property
    def subscription(self) -> str:
        """The hub's subscription (given, or that of `vnet_id`)."""
        return str(self.subscription_id)
