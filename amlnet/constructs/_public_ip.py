"""The public IP that egress resources (firewall, NAT gateway) need: Standard SKU, static."""

from __future__ import annotations

from collections.abc import Mapping

from ..providers import Construct, PublicIp


def standard_public_ip(scope: Construct, id: str, *, name: str, location: str, resource_group_name: str, tags: Mapping[str, str]) -> PublicIp:
    return PublicIp(
        scope,
        id,
        name=name,
        location=location,
        resource_group_name=resource_group_name,
        allocation_method="Static",
        sku="Standard",
        tags=dict(tags) or None,
    )
