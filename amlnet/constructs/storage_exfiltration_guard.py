"""StorageExfiltrationGuard: a subnet service endpoint storage policy that lets compute subnets reach
only the given storage accounts and service aliases over the Microsoft.Storage service endpoint.

Learn "Azure Machine Learning data exfiltration prevention",
https://learn.microsoft.com/azure/machine-learning/how-to-prevent-data-loss-exfiltration (step 1: the
workspace's default storage account as a resource, `/services/Azure/MachineLearning` as an alias);
Learn "Virtual network service endpoint policies for Azure Storage",
https://learn.microsoft.com/azure/virtual-network/virtual-network-service-endpoint-policies-overview.
Provider: hashicorp/terraform-provider-azurerm v4.55.0, website/docs/r/subnet_service_endpoint_storage_policy
(`definition.service`: `Microsoft.Storage` for resource IDs, `Global` for aliases; one kind per definition).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..catalog.storage_guard import AML_ALIAS
from ..providers import Construct, SubnetServiceEndpointStoragePolicy, SubnetServiceEndpointStoragePolicyDefinition
from ._checks import check_literals, check_name, check_resource_id, check_tags, fail, is_token


@dataclass(frozen=True)
class StorageExfiltrationGuardProps:
    """Props of `StorageExfiltrationGuard`."""

    name: str
    """Name of the policy (`sep-<prefix>`)."""
    location: str
    """Region of the policy: the region of the VNet whose subnets it is attached to."""
    resource_group_name: str
    """Resource group of the policy."""
    storage_account_ids: tuple[str, ...]
    """The storage accounts compute may reach over the service endpoint (tokens or Microsoft.Storage/storageAccounts IDs); at least one."""
    aliases: tuple[str, ...] = (AML_ALIAS,)
    """Service aliases allowed too (`/services/Azure/...`); default the Azure Machine Learning alias."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Tags of the policy."""

    def __post_init__(self) -> None:
        check_literals(self)
        check_name(self, "resource_group_name", "resource_group", self.resource_group_name)
        if not self.storage_account_ids:
            fail(self, "storage_account_ids", "give at least one storage account (the workspace's)")
        for i, sid in enumerate(self.storage_account_ids):
            if not is_token(sid):
                check_resource_id(self, f"storage_account_ids[{i}]", sid, "Microsoft.Storage/storageAccounts")
        for i, alias in enumerate(self.aliases):
            if not alias.startswith("/services/Azure"):
                fail(self, f"aliases[{i}]", f"{alias!r} is not a service alias (/services/Azure/...)")
        check_tags(self, "tags", self.tags)


class StorageExfiltrationGuard(Construct):
    """The policy; attach `policy_id` to subnets that have the Microsoft.Storage service endpoint.

    Example::

        guard = StorageExfiltrationGuard(stack, "storage-guard", StorageExfiltrationGuardProps(
            name="sep-ml", location="eastus2", resource_group_name="rg-ml", storage_account_ids=(ws.storage_account_id,)))
        ComputeSubnetProps(..., service_endpoints=("Microsoft.Storage",), service_endpoint_policy_ids=(guard.policy_id,))
    """

    def __init__(self, scope: Construct, id: str, props: StorageExfiltrationGuardProps) -> None:
        super().__init__(scope, id)
        self._props = props
        definitions = [SubnetServiceEndpointStoragePolicyDefinition(
            name="workspace-storage", description="The workspace's storage accounts", service="Microsoft.Storage",
            service_resources=list(props.storage_account_ids),
        )]
        if props.aliases:
            definitions.append(SubnetServiceEndpointStoragePolicyDefinition(
                name="azure-ml", description="Microsoft-managed storage Azure Machine Learning compute needs", service="Global",
                service_resources=list(props.aliases),
            ))
        self._policy = SubnetServiceEndpointStoragePolicy(
            self, "policy", name=props.name, location=props.location, resource_group_name=props.resource_group_name,
            definition=definitions, tags=dict(props.tags),
        )

    @property
    def props(self) -> StorageExfiltrationGuardProps:
        return self._props

    @property
    def policy(self) -> SubnetServiceEndpointStoragePolicy:
        return self._policy

    @property
    def policy_id(self) -> str:
        return str(self._policy.id)
