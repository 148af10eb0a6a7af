"""SecureWorkspace: an AML workspace and its dependencies, reachable only through private endpoints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..providers import (
    ApplicationInsights,
    Construct,
    ContainerRegistry,
    KeyVault,
    KeyVaultNetworkAcls,
    LogAnalyticsWorkspace,
    MachineLearningWorkspace,
    MachineLearningWorkspaceIdentity,
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


@dataclass(frozen=True)
class SecureWorkspaceProps:
    """Props of `SecureWorkspace`. Defaults are the secure choice.

    `zone_ids` maps zone keys (api, notebooks, blob, file, queue, table, dfs, vault, registry) to
    private DNS zone IDs (see `PrivateDnsZones.zone_ids`). `tenant_id` and `subscription_id` are
    usually tokens of the `azurerm_client_config` data source.
    """

    location: str
    resource_group_name: str
    workspace_name: str
    storage_account_name: str
    key_vault_name: str
    container_registry_name: str
    private_endpoint_subnet_id: str
    zone_ids: dict[str, str]
    tenant_id: str
    subscription_id: str
    image_build_compute_name: str | None = None
    """The registry is private, so images are built on this compute cluster (seed 001)."""
    high_business_impact: bool = False
    data_profiling_access: Literal["resource-instance", "trusted-services", "none"] = "resource-instance"
    storage_replication: str = "LRS"
    serverless: ServerlessComputeProps | None = None
    """Serverless compute in a custom subnet (see `ServerlessCompute`); None leaves Azure's default."""
    name_suffix: str = "aml"
    tags: dict[str, str] = field(default_factory=dict)


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
        self.props = props
        tags = props.tags or None
        loc, rg = props.location, props.resource_group_name

        self.log_analytics = LogAnalyticsWorkspace(
            self, "log-analytics", name=f"log-{props.name_suffix}", location=loc, resource_group_name=rg,
            sku="PerGB2018", retention_in_days=30, tags=tags,
        )
        self.application_insights = ApplicationInsights(
            self, "application-insights", name=f"appi-{props.name_suffix}", location=loc, resource_group_name=rg,
            application_type="web", workspace_id=self.log_analytics.id, tags=tags,
        )

        # The workspace's resource ID is known before it exists; building it from names lets the
        # storage account hold the resource-instance rule inline (no dependency cycle, no window
        # in which the account is open).
        workspace_resource_id = (
            f"/subscriptions/{props.subscription_id}/resourceGroups/{rg}"
            f"/providers/Microsoft.MachineLearningServices/workspaces/{props.workspace_name}"
        )
        profiling = props.data_profiling_access
        self.storage_account = StorageAccount(
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
            tags=tags,
        )
        self.storage_diagnostics: dict[str, MonitorDiagnosticSetting] = {
            svc: MonitorDiagnosticSetting(
                self,
                f"storage-{svc}-diagnostics",
                name=f"diag-{svc}-to-log-analytics",
                target_resource_id=f"{self.storage_account.id}/{svc}Services/default",
                log_analytics_workspace_id=self.log_analytics.id,
                enabled_log=[MonitorDiagnosticSettingEnabledLog(category=c) for c in STORAGE_LOG_CATEGORIES],
            )
            for svc in STORAGE_LOG_SERVICES
        }
        self.key_vault = KeyVault(
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
            tags=tags,
        )
        self.container_registry = ContainerRegistry(
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
            tags=tags,
        )
        self.workspace = MachineLearningWorkspace(
            self,
            "workspace",
            name=props.workspace_name,
            location=loc,
            resource_group_name=rg,
            application_insights_id=self.application_insights.id,
            key_vault_id=self.key_vault.id,
            storage_account_id=self.storage_account.id,
            container_registry_id=self.container_registry.id,
            identity=MachineLearningWorkspaceIdentity(type="SystemAssigned"),
            public_network_access_enabled=False,
            image_build_compute_name=props.image_build_compute_name,
            high_business_impact=props.high_business_impact,
            v1_legacy_mode_enabled=False,
            tags=tags,
        )

        self.serverless: ServerlessCompute | None = None
        if props.serverless is not None:
            self.serverless = ServerlessCompute(self, "serverless", self.workspace, props.serverless)

        z = props.zone_ids
        self.workspace_private_endpoint = self._endpoint("workspace", self.workspace.id, "amlworkspace", [z["api"], z["notebooks"]])
        self.storage_private_endpoints = {
            sub: self._endpoint(f"storage-{sub}", self.storage_account.id, sub, [z[sub]]) for sub in STORAGE_SUBRESOURCES
        }
        self.key_vault_private_endpoint = self._endpoint("key-vault", self.key_vault.id, "vault", [z["vault"]])
        self.container_registry_private_endpoint = self._endpoint(
            "container-registry", self.container_registry.id, "registry", [z["registry"]]
        )

        # seed 001: the workspace identity gets Reader on the storage private endpoints and
        # Storage Blob Data Contributor on the account, so studio data profiling can read data.
        self.role_assignments: list[RoleAssignment] = []
        if profiling != "none":
            principal = self.workspace.identity.principal_id
            for sub in ("blob", "file"):
                self.role_assignments.append(
                    RoleAssignment(
                        self, f"reader-storage-{sub}-endpoint", scope=self.storage_private_endpoints[sub].id,
                        role_definition_name="Reader", principal_id=principal, principal_type="ServicePrincipal",
                    )
                )
            self.role_assignments.append(
                RoleAssignment(
                    self, "blob-data-contributor", scope=self.storage_account.id,
                    role_definition_name="Storage Blob Data Contributor", principal_id=principal, principal_type="ServicePrincipal",
                )
            )

    def _endpoint(self, key: str, resource_id: str, subresource: str, zone_ids: list[str]) -> PrivateEndpoint:
        p = self.props
        return private_endpoint(
            self, key, name=f"pe-{key}-{p.name_suffix}", location=p.location, resource_group_name=p.resource_group_name,
            subnet_id=p.private_endpoint_subnet_id, resource_id=resource_id, subresource=subresource, zone_ids=zone_ids, tags=p.tags,
        )

    @property
    def workspace_id(self) -> str:
        return self.workspace.id
