"""DNS of the workload VNets: private DNS zones held elsewhere, and custom DNS servers.

Example::

    DnsConfig(servers=("10.0.0.4",), existing_zone_ids={"blob": "/subscriptions/.../privateDnsZones/privatelink.blob.core.windows.net"})
"""

from __future__ import annotations

import ipaddress

from pydantic import field_validator, model_validator

from ..catalog import ZONE_KEYS
from .base import StrictModel
from .fields import parse_resource_id
from .resolver import DnsResolverConfig, resolver_servers


class DnsConfig(StrictModel):
    existing_zone_ids: dict[str, str] = {}
    """Private DNS zones held elsewhere (a hub), by key: api, notebooks, blob, file, queue, table, dfs, vault, registry."""
    link_existing_zones: bool = True
    """Create links from the workload VNet to the existing zones."""
    servers: tuple[str, ...] = ()
    """Custom DNS servers of the workload VNet(s): the hub firewall's DNS proxy or a Private DNS
    Resolver's inbound endpoint (private IPv4 addresses). The workspace VNet and a peered compute VNet
    use them when the stack creates those VNets, and every compute subnet's NSG allows UDP and TCP 53
    to them before its final deny. Empty: Azure DNS, or the stack's own firewall proxy
    (`egress.firewall.use_as_dns`). With `resolver`: its inbound address. Learn: https://learn.microsoft.com/azure/machine-learning/how-to-custom-dns"""
    resolver: DnsResolverConfig | None = None
    """Deploy an Azure DNS Private Resolver in the workspace VNet; its inbound address becomes the VNet's DNS server."""

    @field_validator("servers")
    @classmethod
    def _servers(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for server in v:
            try:
                ip = ipaddress.ip_address(server)
            except ValueError:
                raise ValueError(f"{server!r} is not an IP address") from None
            if ip.version != 4 or not ip.is_private:
                raise ValueError(f"{server!r} must be a private IPv4 address (a DNS server inside your network)")
        return tuple(dict.fromkeys(v))

    @model_validator(mode="after")
    def _resolver(self) -> DnsConfig:
        object.__setattr__(self, "servers", resolver_servers(self.resolver, self.servers))  # frozen: set once, while validating
        return self

    @field_validator("existing_zone_ids")
    @classmethod
    def _zones(cls, v: dict[str, str]) -> dict[str, str]:
        for key, zid in v.items():
            if key not in ZONE_KEYS:
                raise ValueError(f"unknown zone key {key!r}; expected one of {', '.join(ZONE_KEYS)}")
            try:
                parse_resource_id(zid, "Microsoft.Network/privateDnsZones")
            except ValueError as e:
                raise ValueError(f"{key}: {e}") from None
        return v
