"""A private endpoint with its DNS zone group: the shape every endpoint amlnet creates shares."""

from __future__ import annotations

from collections.abc import Mapping

from ..providers import (
    Construct,
    PrivateEndpoint,
    PrivateEndpointPrivateDnsZoneGroup,
    PrivateEndpointPrivateServiceConnection,
)


def private_endpoint(
    scope: Construct,
    key: str,
    *,
    name: str,
    location: str,
    resource_group_name: str,
    subnet_id: str,
    resource_id: str,
    subresource: str,
    zone_ids: list[str],
    tags: Mapping[str, str],
) -> PrivateEndpoint:
    """Construct id `pe-<key>`; the zone group registers the endpoint's records in `zone_ids`."""
    return PrivateEndpoint(
        scope,
        f"pe-{key}",
        name=name,
        location=location,
        resource_group_name=resource_group_name,
        subnet_id=subnet_id,
        private_service_connection=PrivateEndpointPrivateServiceConnection(
            name=f"psc-{key}", private_connection_resource_id=resource_id, subresource_names=[subresource], is_manual_connection=False
        ),
        private_dns_zone_group=PrivateEndpointPrivateDnsZoneGroup(name="default", private_dns_zone_ids=zone_ids),
        tags=dict(tags) or None,
    )
