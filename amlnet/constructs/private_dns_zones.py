"""PrivateDnsZones: the private DNS zones of the workspace's private endpoints, linked to VNets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..config import parse_resource_id
from ..planning import ZonePlan
from ..providers import Construct, PrivateDnsZone, PrivateDnsZoneVirtualNetworkLink


@dataclass(frozen=True)
class ZoneRef:
    """What a VNet link needs: the zone's name and resource group (and its ID)."""

    key: str
    name: str
    resource_group_name: str
    id: str

    @classmethod
    def from_id(cls, key: str, zone_id: str) -> ZoneRef:
        """A zone held elsewhere (a hub), by its resource ID."""
        parts = parse_resource_id(zone_id, "Microsoft.Network/privateDnsZones")
        return cls(key, parts["name"], parts["resource_group"], zone_id)


@dataclass(frozen=True)
class PrivateDnsZonesProps:
    """Props of `PrivateDnsZones`.

    `zones` comes from `amlnet.planning.plan_zones`: each zone is created in
    `resource_group_name`, or, when it has an `existing_id` (a zone held in a hub), reused.
    `vnet_links` maps a link label (unique per zone: the VNet's name is a good one) to a VNet ID;
    every zone gets a link to every VNet (links to reused zones are created in the zone's resource
    group unless `link_existing_zones` is off).
    """

    resource_group_name: str
    zones: tuple[ZonePlan, ...]
    vnet_links: dict[str, str] = field(default_factory=dict)
    link_existing_zones: bool = True
    tags: dict[str, str] = field(default_factory=dict)


class PrivateDnsZones(Construct):
    """Private DNS zones per private-endpoint subresource, for the chosen cloud.

    Example::

        dns = PrivateDnsZones(stack, "dns", PrivateDnsZonesProps(
            resource_group_name="rg-ml", zones=plan_zones(cfg),
            vnet_links={"workload": net.vnet_id}))
        dns.zone_ids["api"]  # privatelink.api.azureml.ms in Azure Public
    """

    def __init__(self, scope: Construct, id: str, props: PrivateDnsZonesProps) -> None:
        super().__init__(scope, id)
        self.props = props
        self.zones: dict[str, PrivateDnsZone] = {}
        self.links: dict[tuple[str, str], PrivateDnsZoneVirtualNetworkLink] = {}
        self._refs: dict[str, ZoneRef] = {}
        for z in props.zones:
            if z.existing_id:
                parts = parse_resource_id(z.existing_id, "Microsoft.Network/privateDnsZones")
                self._refs[z.key] = ZoneRef(z.key, parts["name"], parts["resource_group"], z.existing_id)
                zone_name, zone_rg = parts["name"], parts["resource_group"]
                if not props.link_existing_zones:
                    continue
            else:
                zone = PrivateDnsZone(
                    self, f"zone-{z.key}", name=z.zone_name, resource_group_name=props.resource_group_name, tags=props.tags or None
                )
                self.zones[z.key] = zone
                # the zone's own attributes, not its literal name: links made from this ref (here or in
                # another VNet's construct) then depend on the zone, and Terraform creates it first
                self._refs[z.key] = ZoneRef(z.key, zone.name, props.resource_group_name, zone.id)
                zone_name, zone_rg = zone.name, props.resource_group_name
            for label, vnet_id in props.vnet_links.items():
                self.add_link(z.key, zone_name, zone_rg, label, vnet_id)

    def add_link(self, key: str, zone_name: str, zone_rg: str, label: str, vnet_id: str) -> PrivateDnsZoneVirtualNetworkLink:
        link = zone_link(self, key, zone_name, zone_rg, label, vnet_id, self.props.tags)
        self.links[(key, label)] = link
        return link

    @property
    def zone_ids(self) -> dict[str, str]:
        """Zone ID by key (api, notebooks, blob, file, queue, table, dfs, vault, registry)."""
        return {k: r.id for k, r in self._refs.items()}

    @property
    def zone_refs(self) -> tuple[ZoneRef, ...]:
        """The zones, for links from other VNets (e.g. `PeeredComputeNetwork`)."""
        return tuple(self._refs.values())


def zone_link(scope: Construct, key: str, zone_name: str, zone_rg: str, label: str, vnet_id: str, tags: Mapping[str, str]) -> PrivateDnsZoneVirtualNetworkLink:
    """A link from a VNet to a private DNS zone; `label` names it and must be unique per zone."""
    return PrivateDnsZoneVirtualNetworkLink(
        scope,
        f"link-{key}-{label}",
        name=f"link-{label}",
        private_dns_zone_name=zone_name,
        resource_group_name=zone_rg,
        virtual_network_id=vnet_id,
        registration_enabled=False,
        tags=tags or None,
    )
