"""SecureWorkspace: an AML workspace and its dependencies, reachable only through private endpoints.

Length: one construct with its props and escape hatches (`add_private_endpoint`, `add_diagnostic_settings`);
about 90 lines are its read-only attributes, one property each.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from ..catalog import ZONE_KEYS
from ..providers import (
    ApplicationInsights,
    Construct,
    ContainerRegistry,
    KeyVault,
    KeyVaultNetworkAcls,
    LogAnalyticsWorkspace,
    MachineLearningWorkspace,
    MachineLearningWorkspaceIdentity,
    MachineLearningWorkspaceManagedNetwork,
    MonitorDiagnosticSetting,
    MonitorDiagnosticSettingEnabledLog,
    PrivateEndpoint,
    RoleAssignment,
    StorageAccount,
    StorageAccountBlobProperties,
    StorageAccountBlobPropertiesContainerDeleteRetentionPolicy,
    StorageAccountBlobPropertiesDeleteRetentionPolicy,
    StorageAccountNetworkRules,
    StorageAccountNetworkRulesPrivateLinkAccess,
    StorageAccountSasPolicy,
)
from ..resource_ids import GUID
from ._checks import Overrides, check_choice, check_literals, check_name, check_overrides, check_resource_id, check_tags, fail, is_token
from ._diagnostics import DiagnosticSettings
from ._private_endpoint import private_endpoint
from .provider_features import check_isolated_provider
from .serverless_compute import ServerlessCompute, ServerlessComputeProps

STORAGE_LOG_SERVICES: tuple[str, ...] = ("blob", "queue")
"""Storage services whose read, write and delete logs go to Log Analytics (diagnostic settings, an ARM
call: no data-plane access from the runner, unlike the deprecated `queue_properties.logging`)."""
STORAGE_LOG_CATEGORIES: tuple[str, ...] = ("StorageRead", "StorageWrite", "StorageDelete")

STORAGE_SUBRESOURCES: tuple[str, ...] = ("blob", "file", "queue", "table", "dfs")
"""Seed 000 basic configuration: the storage account (blob, file, table, queue) has private endpoints
in the VNet; `dfs` serves integrated notebooks (seed 000 AML hosts table)."""


DataProfilingAccess = Literal["resource-instance", "trusted-services", "none"]
StorageReplication = Literal["LRS", "ZRS", "GRS", "RAGRS", "GZRS", "RAGZRS"]
"""azurerm 4.55 storage_account `account_replication_type` values."""
DiagnosticTarget = Literal["workspace", "key-vault", "container-registry", "storage", "storage-blob", "storage-file",
                           "storage-queue", "storage-table"]
"""What `add_diagnostic_settings` can target: a resource of the construct, or one storage service."""


@dataclass(frozen=True)
class SecureWorkspaceProps:
    """Props of `SecureWorkspace`. Defaults are the secure choice.

    `zone_ids` maps zone keys (api, notebooks, blob, file, queue, table, dfs, vault, registry) to
    private DNS zone IDs (see `PrivateDnsZones.zone_ids`). `tenant_id` and `subscription_id` are
    usually tokens of the `azurerm_client_config` data source.
    """

    location: str
    """Region of the workspace and its dependencies."""
    resource_group_name: str
    """Resource group of everything the construct creates."""
    workspace_name: str
    """Workspace name (Azure: 3-33 letters, digits and hyphens)."""
    storage_account_name: str
    """Storage account name (Azure: 3-24 lowercase letters and digits, unique across Azure)."""
    key_vault_name: str
    """Key vault name (Azure: 3-24 letters, digits and hyphens, starting with a letter, unique across Azure)."""
    container_registry_name: str
    """Premium container registry name (Azure: 5-50 letters and digits, unique across Azure)."""
    private_endpoint_subnet_id: str
    """The subnet of the private endpoints (`WorkspaceNetwork.private_endpoint_subnet_id`)."""
    zone_ids: Mapping[str, str]
    """Private DNS zone ID by key, every one of api, notebooks, blob, file, queue, table, dfs, vault, registry (`PrivateDnsZones.zone_ids`)."""
    tenant_id: str
    """Entra tenant (a GUID or a token of `azurerm_client_config`)."""
    subscription_id: str
    """The workspace's subscription (a GUID or a token): the storage's resource-instance rule names the workspace by ID."""
    image_build_compute_name: str | None = None
    """The registry is private, so images are built on this compute cluster (seed 001)."""
    high_business_impact: bool = False
    """HBI workspace: less diagnostic data collected by Microsoft, encrypted scratch disks."""
    data_profiling_access: DataProfilingAccess = "resource-instance"
    """How studio data profiling reaches the closed storage: a resource-instance rule, the trusted-services exception, or not at all (seed 001)."""
    storage_replication: StorageReplication = "LRS"
    """Storage account replication."""
    serverless: ServerlessComputeProps | None = None
    """Serverless compute in a custom subnet (see `ServerlessCompute`); None leaves Azure's default."""
    managed_network_isolation_mode: Literal["AllowOnlyApprovedOutbound", "AllowInternetOutbound"] | None = None
    """The workspace's managed VNet (`managed_network.isolation_mode`, azurerm 4.55.0); None: no managed VNet
    (compute in your subnets). Outbound rules: `ManagedOutboundRules`."""
    managed_network_provision_on_creation: bool = True
    """With a managed VNet: provision it when the workspace is created (`provision_on_creation_enabled`)."""
    name_suffix: str = "aml"
    """Suffix of derived names: `log-<suffix>`, `appi-<suffix>`, `pe-<service>-<suffix>`."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Tags on every resource (Azure: at most 50, keys up to 128 characters on the storage account)."""
    resource_names: Mapping[str, str] = field(default_factory=dict)
    """Name overrides by resource: `log-analytics`, `application-insights`, `pe-workspace`, `pe-storage-<blob|file|queue|table|dfs>`,
    `pe-key-vault`, `pe-container-registry`."""
    resource_tags: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Extra tags by resource: the keys of `resource_names` and `storage`, `key-vault`, `container-registry`, `workspace`."""

    NAMED: ClassVar[Mapping[str, str]] = {
        "log-analytics": "log_analytics_workspace", "application-insights": "application_insights",
        "pe-workspace": "private_endpoint", **{f"pe-storage-{s}": "private_endpoint" for s in ("blob", "file", "queue", "table", "dfs")},
        "pe-key-vault": "private_endpoint", "pe-container-registry": "private_endpoint",
    }
    TAGGED: ClassVar[Mapping[str, str]] = {**NAMED, "storage": "storage_account", "key-vault": "key_vault",
                                           "container-registry": "container_registry", "workspace": "workspace"}

    def __post_init__(self) -> None:
        check_literals(self)
        check_name(self, "resource_group_name", "resource_group", self.resource_group_name)
        check_name(self, "workspace_name", "workspace", self.workspace_name)
        check_name(self, "storage_account_name", "storage_account", self.storage_account_name)
        check_name(self, "key_vault_name", "key_vault", self.key_vault_name)
        check_name(self, "container_registry_name", "container_registry", self.container_registry_name)
        check_name(self, "image_build_compute_name", "compute_cluster", self.image_build_compute_name)
        check_resource_id(self, "private_endpoint_subnet_id", self.private_endpoint_subnet_id, "Microsoft.Network/virtualNetworks", "subnets")
        for f in ("tenant_id", "subscription_id"):
            v = getattr(self, f)
            if not is_token(v) and not (isinstance(v, str) and GUID.fullmatch(v)):
                fail(self, f, f"{v!r} is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)")
        missing = [k for k in ZONE_KEYS if k not in self.zone_ids]
        if missing:
            fail(self, "zone_ids", f"no zone for {', '.join(missing)}; every private endpoint registers in its zone (keys: {', '.join(ZONE_KEYS)})")
        for k, zid in self.zone_ids.items():
            check_resource_id(self, f"zone_ids[{k!r}]", zid, "Microsoft.Network/privateDnsZones")
        check_choice(self, "data_profiling_access", self.data_profiling_access, DataProfilingAccess)
        check_choice(self, "storage_replication", self.storage_replication, StorageReplication)
        if self.managed_network_isolation_mode is not None:
            check_choice(self, "managed_network_isolation_mode", self.managed_network_isolation_mode,
                         Literal["AllowOnlyApprovedOutbound", "AllowInternetOutbound"])
            if self.serverless is not None:
                fail(self, "serverless", "serverless compute in a custom subnet contradicts managed_network_isolation_mode (it runs in the managed VNet)")
        check_name(self, "name_suffix", "log_analytics_workspace", f"log-{self.name_suffix}")
        check_name(self, "name_suffix", "private_endpoint", f"pe-container-registry-{self.name_suffix}")
        check_tags(self, "tags", self.tags)
        check_overrides(self, self.TAGGED, self.resource_names, self.resource_tags)
        for key in self.resource_names:
            if key not in self.NAMED:
                fail(self, f"resource_names[{key!r}]", f"{key!r} is named by its own prop; names here: {', '.join(self.NAMED)}")


class SecureWorkspace(Construct):
    """A workspace with public network access disabled and private endpoints for every dependency.

    Creates the workspace (system-assigned identity), a storage account, a key vault, a Premium
    container registry, Application Insights on Log Analytics, the private endpoints (workspace
    `amlworkspace`; storage blob, file, queue, table, dfs; `vault`; `registry`) with their DNS zone
    groups, and the storage access studio data profiling needs (seed 001).

    Example::

        ws = SecureWorkspace(stack, "workspace", SecureWorkspaceProps(
            location="eastus2", resource_group_name="rg-ml", workspace_name="mlw-ml",
            storage_account_name="stml123", key_vault_name="kv-ml-123",
            container_registry_name="crml123",
            private_endpoint_subnet_id=net.private_endpoint_subnet_id,
            zone_ids=dns.zone_ids, tenant_id=client.tenant_id,
            subscription_id=client.subscription_id, image_build_compute_name="cpu-cluster"))
        ws.workspace_id
    """

    def __init__(self, scope: Construct, id: str, props: SecureWorkspaceProps) -> None:
        super().__init__(scope, id)
        # the storage account below is closed to the network: the provider must not use its data plane
        check_isolated_provider(self, f"SecureWorkspace {id!r}")
        self._props = props
        names = self._names = Overrides(props.resource_names, props.tags, props.resource_tags)
        loc, rg = props.location, props.resource_group_name
        self._diagnostics = DiagnosticSettings(self)
        self._extra_endpoints: dict[str, PrivateEndpoint] = {}

        self._log_analytics = LogAnalyticsWorkspace(
            self, "log-analytics", name=names.name("log-analytics", f"log-{props.name_suffix}"), location=loc,
            resource_group_name=rg, sku="PerGB2018", retention_in_days=30, tags=names.tags("log-analytics"),
        )
        self._application_insights = ApplicationInsights(
            self, "application-insights", name=names.name("application-insights", f"appi-{props.name_suffix}"),
            location=loc, resource_group_name=rg, application_type="web", workspace_id=self._log_analytics.id,
            tags=names.tags("application-insights"),
        )

        # The workspace's resource ID is known before it exists; building it from names lets the
        # storage account hold the resource-instance rule inline (no dependency cycle, no window
        # in which the account is open).
        workspace_resource_id = (
            f"/subscriptions/{props.subscription_id}/resourceGroups/{rg}"
            f"/providers/Microsoft.MachineLearningServices/workspaces/{props.workspace_name}"
        )
        profiling = props.data_profiling_access
        self._storage_account = StorageAccount(
            self,
            "storage",
            name=props.storage_account_name,
            location=loc,
            resource_group_name=rg,
            account_kind="StorageV2",
            account_tier="Standard",
            account_replication_type=props.storage_replication,
            min_tls_version="TLS1_2",
            https_traffic_only_enabled=True,
            allow_nested_items_to_be_public=False,
            # recoverable deletes and a SAS lifetime policy (logged, not enforced). blob_properties is set
            # through ARM (blobServices); queue_properties and static_website would need the data plane,
            # so they are never set: queue and blob logs go to Log Analytics (diagnostic settings below).
            blob_properties=StorageAccountBlobProperties(
                delete_retention_policy=StorageAccountBlobPropertiesDeleteRetentionPolicy(days=7),
                container_delete_retention_policy=StorageAccountBlobPropertiesContainerDeleteRetentionPolicy(days=7),
            ),
            sas_policy=StorageAccountSasPolicy(expiration_period="1.00:00:00", expiration_action="Log"),
            # the workspace's default datastores authenticate with the account key
            shared_access_key_enabled=True,
            # seed 001: data profiling runs in a managed service outside the VNet; it reaches the
            # storage through a resource-instance rule or the trusted-services exception, which only
            # apply while public network access is "enabled from selected networks" (default Deny).
            public_network_access_enabled=profiling != "none",
            network_rules=StorageAccountNetworkRules(
                default_action="Deny",
                bypass=["AzureServices"] if profiling == "trusted-services" else ["None"],
                private_link_access=[
                    StorageAccountNetworkRulesPrivateLinkAccess(endpoint_resource_id=workspace_resource_id, endpoint_tenant_id=props.tenant_id)
                ]
                if profiling == "resource-instance"
                else None,
            ),
            tags=names.tags("storage"),
        )
        self._storage_diagnostics: dict[str, MonitorDiagnosticSetting] = {
            svc: MonitorDiagnosticSetting(
                self,
                f"storage-{svc}-diagnostics",
                name=f"diag-{svc}-to-log-analytics",
                target_resource_id=f"{self._storage_account.id}/{svc}Services/default",
                log_analytics_workspace_id=self._log_analytics.id,
                enabled_log=[MonitorDiagnosticSettingEnabledLog(category=c) for c in STORAGE_LOG_CATEGORIES],
            )
            for svc in STORAGE_LOG_SERVICES
        }
        for svc in STORAGE_LOG_SERVICES:
            self._diagnostics.note(f"storage-{svc}", f"diag-{svc}-to-log-analytics")
        self._key_vault = KeyVault(
            self,
            "key-vault",
            name=props.key_vault_name,
            location=loc,
            resource_group_name=rg,
            tenant_id=props.tenant_id,
            sku_name="standard",
            rbac_authorization_enabled=True,
            purge_protection_enabled=True,
            public_network_access_enabled=False,
            network_acls=KeyVaultNetworkAcls(default_action="Deny", bypass="AzureServices"),
            tags=names.tags("key-vault"),
        )
        self._container_registry = ContainerRegistry(
            self,
            "container-registry",
            name=props.container_registry_name,
            location=loc,
            resource_group_name=rg,
            sku="Premium",  # private endpoints need Premium
            admin_enabled=False,
            public_network_access_enabled=False,
            data_endpoint_enabled=True,  # dedicated data endpoints (<acr>.<region>.data.azurecr.io), served by the same private endpoint
            retention_policy_in_days=7,  # untagged manifests
            tags=names.tags("container-registry"),
        )
        self._workspace = MachineLearningWorkspace(
            self,
            "workspace",
            name=props.workspace_name,
            location=loc,
            resource_group_name=rg,
            application_insights_id=self._application_insights.id,
            key_vault_id=self._key_vault.id,
            storage_account_id=self._storage_account.id,
            container_registry_id=self._container_registry.id,
            identity=MachineLearningWorkspaceIdentity(type="SystemAssigned"),
            public_network_access_enabled=False,
            image_build_compute_name=props.image_build_compute_name,
            high_business_impact=props.high_business_impact,
            v1_legacy_mode_enabled=False,
            managed_network=MachineLearningWorkspaceManagedNetwork(
                isolation_mode=props.managed_network_isolation_mode,
                provision_on_creation_enabled=props.managed_network_provision_on_creation,
            )
            if props.managed_network_isolation_mode
            else None,
            tags=names.tags("workspace"),
        )

        self._serverless: ServerlessCompute | None = None
        if props.serverless is not None:
            self._serverless = ServerlessCompute(self, "serverless", self._workspace, props.serverless)

        z = props.zone_ids
        self._workspace_private_endpoint = self._endpoint("workspace", self._workspace.id, "amlworkspace", [z["api"], z["notebooks"]])
        self._storage_private_endpoints = {
            sub: self._endpoint(f"storage-{sub}", self._storage_account.id, sub, [z[sub]]) for sub in STORAGE_SUBRESOURCES
        }
        self._key_vault_private_endpoint = self._endpoint("key-vault", self._key_vault.id, "vault", [z["vault"]])
        self._container_registry_private_endpoint = self._endpoint(
            "container-registry", self._container_registry.id, "registry", [z["registry"]]
        )

        # seed 001: the workspace identity gets Reader on the storage private endpoints and
        # Storage Blob Data Contributor on the account, so studio data profiling can read data.
        self._role_assignments: list[RoleAssignment] = []
        if profiling != "none":
            principal = self._workspace.identity.principal_id
            for sub in ("blob", "file"):
                self._role_assignments.append(
                    RoleAssignment(
                        self, f"reader-storage-{sub}-endpoint", scope=self._storage_private_endpoints[sub].id,
                        role_definition_name="Reader", principal_id=principal, principal_type="ServicePrincipal",
                    )
                )
            self._role_assignments.append(
                RoleAssignment(
                    self, "blob-data-contributor", scope=self._storage_account.id,
                    role_definition_name="Storage Blob Data Contributor", principal_id=principal, principal_type="ServicePrincipal",
                )
            )

    def _endpoint(self, key: str, resource_id: str, subresource: str, zone_ids: list[str], subnet_id: str | None = None,
                  name: str | None = None) -> PrivateEndpoint:
        p = self._props
        return private_endpoint(
            self, key, name=name or self._names.name(f"pe-{key}", f"pe-{key}-{p.name_suffix}"), location=p.location,
            resource_group_name=p.resource_group_name, subnet_id=subnet_id or p.private_endpoint_subnet_id, resource_id=resource_id,
            subresource=subresource, zone_ids=zone_ids, tags=self._names.tags(f"pe-{key}") or {},
        )

    # --- escape hatches -------------------------------------------------------------------------
    def add_private_endpoint(
        self, key: str, *, resource_id: str, subresource: str, zone_ids: Sequence[str], subnet_id: str | None = None, name: str | None = None
    ) -> PrivateEndpoint:
        """Another private endpoint beside the workspace's (e.g. a second storage account or a registry of
        your own): construct id `pe-<key>`, name `pe-<key>-<name_suffix>` unless `name`, in the
        private-endpoint subnet unless `subnet_id`, registered in `zone_ids`."""
        taken = {"workspace", "key-vault", "container-registry", *(f"storage-{s}" for s in STORAGE_SUBRESOURCES), *self._extra_endpoints}
        if key in taken:
            fail(self, "add_private_endpoint.key", f"{key!r} is already a private endpoint of this workspace ({', '.join(sorted(taken))})")
        final = name or f"pe-{key}-{self._props.name_suffix}"
        check_name(self, "add_private_endpoint.name", "private_endpoint", final)
        check_resource_id(self, "add_private_endpoint.subnet_id", subnet_id, "Microsoft.Network/virtualNetworks", "subnets")
        if not zone_ids:
            fail(self, "add_private_endpoint.zone_ids", f"endpoint {key!r}: at least one private DNS zone ID (its records go there)")
        for zid in zone_ids:
            check_resource_id(self, "add_private_endpoint.zone_ids", zid, "Microsoft.Network/privateDnsZones")
        if not subresource:
            fail(self, "add_private_endpoint.subresource", f"endpoint {key!r}: the target's subresource (blob, vault, registry, ...) is required")
        pe = self._endpoint(key, resource_id, subresource, list(zone_ids), subnet_id, final)
        self._extra_endpoints[key] = pe
        return pe

    def add_diagnostic_settings(
        self,
        target: DiagnosticTarget,
        *,
        name: str = "diag-to-log-analytics",
        log_analytics_workspace_id: str | None = None,
        log_categories: Sequence[str] = (),
        log_category_groups: Sequence[str] = ("allLogs",),
        metrics: Sequence[str] = ("AllMetrics",),
    ) -> MonitorDiagnosticSetting:
        """Send a resource's logs and metrics to Log Analytics (the construct's own workspace unless
        `log_analytics_workspace_id`). `storage-<service>` targets one storage service (blob and queue
        already log read/write/delete to `diag-<service>-to-log-analytics`); at most 5 settings per target."""
        check_choice(self, "add_diagnostic_settings.target", target, DiagnosticTarget)
        ids = {"workspace": self._workspace.id, "key-vault": self._key_vault.id, "container-registry": self._container_registry.id,
               "storage": self._storage_account.id}
        if target.startswith("storage-"):
            resource_id = f"{self._storage_account.id}/{target.removeprefix('storage-')}Services/default"
            log_category_groups = () if log_categories else log_category_groups
        else:
            resource_id = ids[target]
        if target == "storage":
            # the account itself has metrics only; its logs are per service (storage-blob, ...)
            log_categories, log_category_groups = (), ()
        return self._diagnostics.add(
            target, target=target, target_resource_id=resource_id, name=name,
            log_analytics_workspace_id=log_analytics_workspace_id or self._log_analytics.id, log_categories=log_categories,
            log_category_groups=log_category_groups, metrics=metrics,
        )

    # --- read-only attributes ---------------------------------------------------------------------
    @property
    def log_analytics(self) -> LogAnalyticsWorkspace:
        return self._log_analytics

    @property
    def application_insights(self) -> ApplicationInsights:
        return self._application_insights

    @property
    def storage_account(self) -> StorageAccount:
        return self._storage_account

    @property
    def storage_diagnostics(self) -> dict[str, MonitorDiagnosticSetting]:
        return dict(self._storage_diagnostics)

    @property
    def key_vault(self) -> KeyVault:
        return self._key_vault

    @property
    def container_registry(self) -> ContainerRegistry:
        return self._container_registry

    @property
    def workspace(self) -> MachineLearningWorkspace:
        return self._workspace

    @property
    def serverless(self) -> ServerlessCompute | None:
        return self._serverless

    @property
    def workspace_private_endpoint(self) -> PrivateEndpoint:
        return self._workspace_private_endpoint

    @property
    def storage_private_endpoints(self) -> dict[str, PrivateEndpoint]:
        return dict(self._storage_private_endpoints)

    @property
    def key_vault_private_endpoint(self) -> PrivateEndpoint:
        return self._key_vault_private_endpoint

    @property
    def container_registry_private_endpoint(self) -> PrivateEndpoint:
        return self._container_registry_private_endpoint

    @property
    def role_assignments(self) -> list[RoleAssignment]:
        return list(self._role_assignments)

    @property
    def props(self) -> SecureWorkspaceProps:
        return self._props

    @functools.cached_property
    def workspace_id(self) -> str:
        # cached: every compute and endpoint reads it, and each read is a jsii round trip (same token)
        return self._workspace.id

    @property
    def storage_account_id(self) -> str:
        return self._storage_account.id

    @property
    def key_vault_id(self) -> str:
        return self._key_vault.id

    @property
    def container_registry_id(self) -> str:
        return self._container_registry.id

    @property
    def log_analytics_workspace_id(self) -> str:
        return self._log_analytics.id

    @property
    def extra_private_endpoints(self) -> dict[str, PrivateEndpoint]:
        """Endpoints added with `add_private_endpoint`, by key."""
        return dict(self._extra_endpoints)

    @property
    def diagnostic_settings(self) -> dict[str, MonitorDiagnosticSetting]:
        """Settings added with `add_diagnostic_settings` (the storage logs are `storage_diagnostics`)."""
        return dict(self._diagnostics.settings)
