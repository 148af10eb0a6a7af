"""How compute reaches the internet: the egress mode, the firewall (created or a hub's), extra host names.

Example::

    EgressConfig(mode="firewall", firewall=FirewallConfig(sku_tier="Premium"))
"""

from __future__ import annotations

import ipaddress
import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .base import StrictModel
from .fields import FirewallPolicyId


class ExistingFirewall(StrictModel):
    """A firewall policy in a hub: the stack only adds a rule collection group and routes to `private_ip`."""

    policy_id: FirewallPolicyId
    """Resource ID of the hub's Azure Firewall policy (Microsoft.Network/firewallPolicies)."""
    private_ip: str
    """The hub firewall's private IPv4 address: the next hop of the 0.0.0.0/0 route."""

    @field_validator("private_ip")
    @classmethod
    def _ip(cls, v: str) -> str:
        try:
            ip = ipaddress.ip_address(v)
        except ValueError:
            raise ValueError("not an IP address") from None
        if not ip.is_private:
            raise ValueError("the firewall's private IP must be a private address")
        return v


class ExtraFqdnRule(StrictModel):
    """Host names to allow through the firewall beyond the catalog (e.g. from `amlnet dependencies`).

    TCP 80/443 become application rules; other ports network rules with FQDNs (no wildcards there)."""

    name: str
    """Rule name, unique among extra_fqdn_rules."""
    fqdns: tuple[str, ...] = Field(min_length=1)
    """Host names, lowercase; `*.example.com` wildcards only on ports 80/443."""
    ports: tuple[int, ...] = Field(min_length=1)
    """TCP ports, 1-65535."""

    @field_validator("fqdns")
    @classmethod
    def _fqdns(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for f in v:
            if not re.fullmatch(r"(\*\.)?([a-z0-9-]+\.)+[a-z]{2,}", f.lower()):
                raise ValueError(f"not a host name: {f!r}")
        return tuple(f.lower() for f in v)

    @field_validator("ports")
    @classmethod
    def _ports(cls, v: tuple[int, ...]) -> tuple[int, ...]:
        for p in v:
            if not 0 < p <= 65535:
                raise ValueError(f"invalid port {p}")
        return v

    @model_validator(mode="after")
    def _wild(self) -> ExtraFqdnRule:
        if any(p not in (80, 443) for p in self.ports) and any(f.startswith("*.") for f in self.fqdns):
            raise ValueError("wildcard host names work on ports 80/443 only (application rules); network rules take exact names")
        return self


class FirewallConfig(StrictModel):
    sku_tier: Literal["Standard", "Premium"] = "Standard"
    """Basic has no DNS proxy, which FQDNs in network rules need."""
    threat_intel_mode: Literal["Alert", "Deny"] = "Deny"
    """What the firewall does with traffic to and from known-malicious addresses."""
    rule_collection_group_priority: int = Field(500, ge=100, le=65000)
    """Priority of amlnet's rule collection group in the policy (100-65000)."""
    existing: ExistingFirewall | None = None
    """A hub firewall to use instead of creating one."""
    use_as_dns: bool = True
    """Point the VNet's DNS at the firewall's DNS proxy (only when the stack creates the firewall)."""
    extra_fqdn_rules: tuple[ExtraFqdnRule, ...] = ()
    """Host names beyond the catalog (`amlnet dependencies --fragment`, merged with `amlnet merge`)."""


class EgressConfig(StrictModel):
    mode: Literal["firewall", "nat-gateway", "none"] = "firewall"
    """firewall: UDR 0.0.0.0/0 to an Azure Firewall. nat-gateway: NAT gateway, the NSG alone filters.
    none: the stack creates no egress path (your landing zone provides it)."""
    firewall: FirewallConfig = FirewallConfig()
    nat_allow_unfiltered_https: bool = False
    """nat-gateway only: allow outbound TCP 80/443 to Internet for the hosts no service tag covers.
    Off by default: a NAT gateway cannot filter by host name."""
