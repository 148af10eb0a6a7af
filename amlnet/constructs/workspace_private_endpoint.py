"""WorkspacePrivateEndpoint: reach the workspace from a VNet through a private endpoint of its own."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..planning import ZonePlan
from ..providers import Construct, PrivateEndpoint
from ._checks import check_literals, check_name, check_resource_id, check_tags, fail
from ._private_endpoint import private_endpoint
from .private_dns_zones import PrivateDnsZones, PrivateDnsZonesProps

ZONE_KEYS_NEEDED = ("api", "notebooks", "blob", "file", "queue", "table", "dfs", "vault", "registry")
"""Every zone training jobs resolve: the workspace (api, notebooks), the default storage (blob, file with
SMB 445 for training, seed 003; queue and table, which pipelines and the workspace's default storage
use; dfs for integrated notebooks, seed 000 AML hosts), the key vault and the registry. Without an
endpoint here such a name resolves to the public address, which the NSG and the closed account refuse."""
STORAGE_ENDPOINTS = ("blob", "file", "queue", "table", "dfs")


@dataclass(frozen=True)
class WorkspacePrivateEndpointProps:
    """Props of `WorkspacePrivateEndpoint` (seed 003, "compute cluster in a different VNet/region",
    private endpoint option: a new workspace endpoint in the compute VNet, and access from that VNet to
    the default storage, registry and key vault through endpoints there too).

    The endpoints register in a zone set of this VNet's own (`zones`, created in
    `resource_group_name` and linked to `vnet_id` only), because the workspace VNet's zones already
    hold the other endpoints' records for the same names. Zones with an `existing_id` are reused.
    """

    location: str
    """Region of the endpoints (the compute VNet's)."""
    resource_group_name: str
    """Where the endpoints and this VNet's zones go."""
    subnet_id: str
    """The subnet of the endpoints in the compute VNet."""
    vnet_id: str
    """The compute VNet, linked to the zones."""
    vnet_label: str
    """Names the zone links (`link-<label>`)."""
    workspace_id: str
    storage_account_id: str
    key_vault_id: str
    container_registry_id: str
    zones: tuple[ZonePlan, ...]
    """Every zone key the endpoints need (api, notebooks, blob, file, queue, table, dfs, vault, registry)."""
    name_suffix: str = "compute"
    """Endpoint names are `pe-<service>-<suffix>`."""
    tags: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_literals(self)
        check_name(self, "resource_group_name", "resource_group", self.resource_group_name)
        check_name(self, "vnet_label", "private_dns_zone_link", f"link-{self.vnet_label}")
        check_name(self, "name_suffix", "private_endpoint", f"pe-container-registry-{self.name_suffix}")
        missing = [k for k in ZONE_KEYS_NEEDED if k not in {z.key for z in self.zones}]
        if missing:
            fail(self, "zones", f"no zone for {', '.join(missing)}")
        check_tags(self, "tags", self.tags)
        for f, provider in (("workspace_id", "Microsoft.MachineLearningServices/workspaces"), ("storage_account_id", "Microsoft.Storage/storageAccounts"),
                            ("key_vault_id", "Microsoft.KeyVault/vaults"), ("container_registry_id", "Microsoft.ContainerRegistry/registries")):
            value = getattr(self, f)
            if isinstance(value, str) and value.startswith("/"):
                check_resource_id(self, f, value, provider)


class WorkspacePrivateEndpoint(Construct):
    """A second private endpoint of the workspace, and of its storage (blob, file, queue, table, dfs),
    key vault and registry, in a VNet that is not peered with the workspace VNet.

    Example::

        pe = WorkspacePrivateEndpoint(stack, "compute-endpoints", WorkspacePrivateEndpointProps(
            location="westus2", resource_group_name="rg-ml-compute", subnet_id=pe_subnet.id,
            vnet_id=vnet.id, vnet_label="vnet-ml-compute", workspace_id=ws.workspace_id,
            storage_account_id=ws.storage_account.id, key_vault_id=ws.key_vault.id,
            container_registry_id=ws.container_registry.id, zones=plan_zones(cfg)))
        pe.workspace_private_endpoint
    """

    def __init__(self, scope: Construct, id: str, props: WorkspacePrivateEndpointProps) -> None:
        super().__init__(scope, id)
        self._props = props
        zones = tuple(z for z in props.zones if z.key in ZONE_KEYS_NEEDED)
        self._dns = PrivateDnsZones(
            self,
            "dns",
            PrivateDnsZonesProps(resource_group_name=props.resource_group_name, zones=zones, vnet_links={props.vnet_label: props.vnet_id}, tags=props.tags),
        )
        z = self._dns.zone_ids
        targets = (
            ("workspace", props.workspace_id, "amlworkspace", [z["api"], z["notebooks"]]),
            *((f"storage-{sub}", props.storage_account_id, sub, [z[sub]]) for sub in STORAGE_ENDPOINTS),
            ("key-vault", props.key_vault_id, "vault", [z["vault"]]),
            ("container-registry", props.container_registry_id, "registry", [z["registry"]]),
        )
        self._endpoints: dict[str, PrivateEndpoint] = {
            key: private_endpoint(
                self, key, name=f"pe-{key}-{props.name_suffix}", location=props.location, resource_group_name=props.resource_group_name,
                subnet_id=props.subnet_id, resource_id=rid, subresource=sub, zone_ids=zids, tags=props.tags,
            )
            for key, rid, sub, zids in targets
        }

    @property
    def props(self) -> WorkspacePrivateEndpointProps:
        return self._props

    @property
    def dns(self) -> PrivateDnsZones:
        """This VNet's own zone set (its `add_link` links more VNets)."""
        return self._dns

    @property
    def endpoints(self) -> dict[str, PrivateEndpoint]:
        """workspace, storage-<blob|file|queue|table|dfs>, key-vault, container-registry."""
        return dict(self._endpoints)

    @property
    def workspace_private_endpoint(self) -> PrivateEndpoint:
        return self._endpoints["workspace"]

    @property
    def ready(self) -> list[Any]:
        return [*self._endpoints.values(), *self._dns.links.values()]
