"""PrivateDnsZones: the private DNS zones of the workspace's private endpoints, linked to VNets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..catalog import ZONE_KEYS, Cloud, profile
from ..planning import ZonePlan
from ..providers import AzurermProvider, Construct, DataAzurermPrivateDnsZone, PrivateDnsZone, PrivateDnsZoneVirtualNetworkLink
from ._checks import check_literals, check_name, check_resource_id, check_tags, fail, is_token


def zones_for_cloud(cloud: Cloud | str = Cloud.PUBLIC, existing_zone_ids: Mapping[str, str] | None = None) -> tuple[ZonePlan, ...]:
    """The zones of every private endpoint the workspace has, in `cloud` (public, usgov, china), for a
    stack without an amlnet configuration; `existing_zone_ids` reuses zones by key (a hub's)."""
    prof = profile(Cloud(cloud))
    existing = existing_zone_ids or {}
    unknown = sorted(set(existing) - set(ZONE_KEYS))
    if unknown:
        fail(zones_for_cloud, "existing_zone_ids", f"unknown zone key {unknown[0]!r}; expected one of {', '.join(ZONE_KEYS)}")
    return tuple(ZonePlan(k, prof.zone(k).zone_name, prof.zone(k).subresource, existing.get(k)) for k in ZONE_KEYS)


@dataclass(frozen=True)
class ZoneRef:
    """What a VNet link needs: the zone's name and resource group (and its ID), and the provider of the
    zone's subscription when the zone is held in a hub (links are created beside the zone)."""

    key: str
    """Zone key: api, notebooks, blob, file, queue, table, dfs, vault, registry."""
    name: str
    """Zone name, e.g. privatelink.api.azureml.ms (or a token of the zone resource)."""
    resource_group_name: str
    """The zone's resource group: links to it are created there."""
    id: str
    """The zone's resource ID."""
    provider: AzurermProvider | None = None
    """The aliased provider of the zone's (hub) subscription; None: the stack's default provider."""

    @classmethod
    def from_id(cls, key: str, zone_id: str, provider: AzurermProvider | None = None) -> ZoneRef:
        """A zone held elsewhere (a hub), by its resource ID."""
        parts = check_resource_id(cls, "from_id", zone_id, "Microsoft.Network/privateDnsZones")
        if parts is None:
            fail(cls, "from_id", f"zone {key!r}: a literal resource ID is needed (the name and resource group come from it)")
        _check_hub_subscription(cls, f"from_id({key!r})", zone_id, parts["subscription"], provider)
        return cls(key, parts["name"], parts["resource_group"], zone_id, provider)


def _check_hub_subscription(where: object, field: str, zone_id: str, subscription: str, provider: AzurermProvider | None) -> None:
    """A hub zone lies in the hub provider's subscription (when that subscription is a literal)."""
    hub_sub = provider.subscription_id if provider is not None else None
    if provider is not None and hub_sub and not is_token(hub_sub) and subscription.lower() != hub_sub.lower():
        fail(where, field, f"the zone {zone_id!r} is in subscription {subscription}, but hub_provider {provider.alias!r} is for subscription {hub_sub}")


@dataclass(frozen=True)
class PrivateDnsZonesProps:
    """Props of `PrivateDnsZones`.

    `zones` comes from `amlnet.planner.plan_zones(cfg)` (or `zones_for_cloud`): each zone is created in
    `resource_group_name`, or, when it has an `existing_id` (a zone held in a hub), reused; a zone
    whose key is in `existing_zone_resource_groups` is looked up by its planned name in that resource
    group (data source `azurerm_private_dns_zone`). `vnet_links` maps a link label (unique per zone: the
    VNet's name is a good one) to a VNet ID; every zone gets a link to every VNet (links to reused
    zones are created in the zone's resource group unless `link_existing_zones` is off).
    """

    resource_group_name: str
    """Where created zones (and their links) go."""
    zones: tuple[ZonePlan, ...]
    """The zones, one per key (`plan_zones(cfg)`)."""
    vnet_links: Mapping[str, str] = field(default_factory=dict)
    """Link label (`link-<label>`, a link name: 1-80 letters, digits, underscores, periods, hyphens) -> VNet ID."""
    link_existing_zones: bool = True
    """Create links from `vnet_links` to the reused zones too (off: the hub links them)."""
    existing_zone_resource_groups: Mapping[str, str] = field(default_factory=dict)
    """Zone key -> resource group of an existing zone of the planned name, found by a data source lookup."""
    hub_provider: AzurermProvider | None = None
    """Aliased provider of the hub subscription: the lookups and the links to reused zones use it, and
    reused zone IDs must be in its subscription (when it is a literal)."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Tags of the zones and links."""
    resource_names: Mapping[str, str] = field(default_factory=dict)
    """Link name overrides, by `link-<key>-<label>` (default name `link-<label>`)."""

    def __post_init__(self) -> None:
        check_literals(self)
        check_name(self, "resource_group_name", "resource_group", self.resource_group_name)
        keys = [z.key for z in self.zones]
        dup = next((k for i, k in enumerate(keys) if k in keys[:i]), None)
        if dup:
            fail(self, "zones", f"zone key {dup!r} is listed twice")
        for i, z in enumerate(self.zones):
            parts = check_resource_id(self, f"zones[{i}].existing_id", z.existing_id, "Microsoft.Network/privateDnsZones")
            if parts is not None:
                _check_hub_subscription(self, f"zones[{i}].existing_id", str(z.existing_id), parts["subscription"], self.hub_provider)
            if z.existing_id and z.key in self.existing_zone_resource_groups:
                fail(self, f"existing_zone_resource_groups[{z.key!r}]", f"zone {z.key!r} already has an existing_id; give one or the other")
        for key, rg in self.existing_zone_resource_groups.items():
            if key not in keys:
                fail(self, f"existing_zone_resource_groups[{key!r}]", f"{key!r} is not one of the zones ({', '.join(keys)})")
            check_name(self, f"existing_zone_resource_groups[{key!r}]", "resource_group", rg)
        for label in self.vnet_links:
            check_name(self, f"vnet_links[{label!r}]", "private_dns_zone_link", f"link-{label}")
        for key, name in self.resource_names.items():
            check_name(self, f"resource_names[{key!r}]", "private_dns_zone_link", name)
        check_tags(self, "tags", self.tags)


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
        self._props = props
        self._zones: dict[str, PrivateDnsZone] = {}
        self._lookups: dict[str, DataAzurermPrivateDnsZone] = {}
        self._links: dict[tuple[str, str], PrivateDnsZoneVirtualNetworkLink] = {}
        self._refs: dict[str, ZoneRef] = {}
        for z in props.zones:
            if z.existing_id:
                ref = ZoneRef.from_id(z.key, z.existing_id, props.hub_provider)
            elif z.key in props.existing_zone_resource_groups:
                rg = props.existing_zone_resource_groups[z.key]
                lookup = DataAzurermPrivateDnsZone(
                    self, f"zone-{z.key}-lookup", name=z.zone_name, resource_group_name=rg, provider=props.hub_provider
                )
                self._lookups[z.key] = lookup
                ref = ZoneRef(z.key, z.zone_name, rg, lookup.id, props.hub_provider)
            else:
                zone = PrivateDnsZone(
                    self, f"zone-{z.key}", name=z.zone_name, resource_group_name=props.resource_group_name, tags=dict(props.tags) or None
                )
                self._zones[z.key] = zone
                # the zone's own attributes, not its literal name: links made from this ref (here or in
                # another VNet's construct) then depend on the zone, and Terraform creates it first
                ref = ZoneRef(z.key, zone.name, props.resource_group_name, zone.id)
            self._refs[z.key] = ref
            if z.key not in self._zones and not props.link_existing_zones:
                continue
            for label, vnet_id in props.vnet_links.items():
                self.add_link(ref, label, vnet_id)

    def add_link(self, zone: ZoneRef | str, label: str, vnet_id: str) -> PrivateDnsZoneVirtualNetworkLink:
        """Link another VNet to a zone (a `ZoneRef` or a zone key); `label` must be unique per zone."""
        ref = self._refs[zone] if isinstance(zone, str) else zone
        if (ref.key, label) in self._links:
            fail(self, "add_link.label", f"zone {ref.key!r} already has a link labelled {label!r}")
        name = self._props.resource_names.get(f"link-{ref.key}-{label}")
        link = zone_link(self, ref, label, vnet_id, self._props.tags, name=name)
        self._links[(ref.key, label)] = link
        return link

    @property
    def props(self) -> PrivateDnsZonesProps:
        return self._props

    @property
    def zones(self) -> dict[str, PrivateDnsZone]:
        """The zones this construct creates, by key."""
        return dict(self._zones)

    @property
    def zone_lookups(self) -> dict[str, DataAzurermPrivateDnsZone]:
        """Data sources of the zones reused by name, by key."""
        return dict(self._lookups)

    @property
    def links(self) -> dict[tuple[str, str], PrivateDnsZoneVirtualNetworkLink]:
        """(zone key, label) -> link."""
        return dict(self._links)

    @property
    def zone_ids(self) -> dict[str, str]:
        """Zone ID by key (api, notebooks, blob, file, queue, table, dfs, vault, registry)."""
        return {k: r.id for k, r in self._refs.items()}

    @property
    def zone_refs(self) -> tuple[ZoneRef, ...]:
        """The zones, for links from other VNets (e.g. `PeeredComputeNetwork`)."""
        return tuple(self._refs.values())


def zone_link(
    scope: Construct, zone: ZoneRef, label: str, vnet_id: str, tags: Mapping[str, str], *, name: str | None = None
) -> PrivateDnsZoneVirtualNetworkLink:
    """A link from a VNet to a private DNS zone; `label` names it (`link-<label>`) and must be unique per
    zone. The link is a child of the zone: it takes the zone's provider (the hub's for a hub zone)."""
    return PrivateDnsZoneVirtualNetworkLink(
        scope,
        f"link-{zone.key}-{label}",
        name=name or f"link-{label}",
        private_dns_zone_name=zone.name,
        resource_group_name=zone.resource_group_name,
        virtual_network_id=vnet_id,
        registration_enabled=False,
        tags=dict(tags) or None,
        provider=zone.provider,
    )
