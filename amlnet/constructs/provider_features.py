"""Provider settings that agree with an isolated network, and the check that a stack uses them.

The storage account amlnet creates closes its network (`network_rules.default_action = "Deny"`, public
access off or limited to a resource-instance rule). azurerm 4.55 reads and writes some storage
properties through the storage *data plane* (`<account>.queue.core.windows.net`, `...web...`) from the
machine that runs Terraform: `queue_properties` and `static_website`. A runner outside the VNet is
refused there, so create fails and every later plan or refresh fails too. With the provider feature
`features { storage { data_plane_available = false } }` the provider never calls the data plane and
rejects those two properties at plan time (provider source, v4.55.0:
internal/services/storage/storage_account_resource.go, CustomizeDiff: "cannot configure
'queue_properties' when the Provider Feature 'data_plane_available' is set to 'false'"). amlnet emits
neither property and logs the storage services through diagnostic settings instead.

Example::

    AzurermProvider(stack, "azurerm", features=[isolated_network_features()])
"""

from __future__ import annotations

from ..providers import (
    AzurermProvider,
    AzurermProviderFeatures,
    AzurermProviderFeaturesKeyVault,
    AzurermProviderFeaturesMachineLearning,
    AzurermProviderFeaturesStorage,
    Construct,
    TerraformStack,
)


def isolated_network_features(*, purge_workspace_on_destroy: bool = False) -> AzurermProviderFeatures:
    """The azurerm `features` block amlnet's stacks use; pass it to your own `AzurermProvider` too.

    - `storage.data_plane_available = false`: no data-plane calls to the closed storage account.
    - `key_vault.purge_soft_delete_on_destroy = false`: the vault has purge protection, so a purge on
      destroy cannot succeed; it stays soft-deleted for its retention period (90 days by default).
    - `key_vault.recover_soft_deleted_key_vaults = true`: a re-deploy with the same name (names are
      stable per subscription and resource group) recovers that vault instead of failing.
    - `machine_learning.purge_soft_deleted_workspace_on_destroy` (default false): a destroyed
      workspace stays soft-deleted for 14 days and its name cannot be reused until then (Learn:
      https://learn.microsoft.com/azure/machine-learning/concept-soft-delete#soft-delete-retention-period);
      true purges it on destroy, which frees the name and deletes its data for good.
    """
    return AzurermProviderFeatures(
        storage=[AzurermProviderFeaturesStorage(data_plane_available=False)],
        key_vault=[AzurermProviderFeaturesKeyVault(purge_soft_delete_on_destroy=False, recover_soft_deleted_key_vaults=True)],
        machine_learning=[AzurermProviderFeaturesMachineLearning(purge_soft_deleted_workspace_on_destroy=purge_workspace_on_destroy)],
    )


class DataPlaneProviderError(ValueError):
    """The stack's default azurerm provider would call the storage data plane of a closed account."""


def _data_plane_off(provider: AzurermProvider) -> bool:
    features = provider.features
    for f in features if isinstance(features, list) else []:
        for s in getattr(f, "storage", None) or []:
            if getattr(s, "data_plane_available", None) is False:
                return True
    return False


def check_isolated_provider(scope: Construct, who: str) -> None:
    """Raise `DataPlaneProviderError` when a default (un-aliased) azurerm provider of `scope`'s stack
    leaves `features.storage.data_plane_available` at its default (true). A provider added after the
    construct cannot be seen here; use `isolated_network_features()` for it."""
    stack = TerraformStack.of(scope)
    for c in stack.node.find_all():
        if isinstance(c, AzurermProvider) and not c.alias and not _data_plane_off(c):
            raise DataPlaneProviderError(
                f"{who}: the azurerm provider {c.node.id!r} of stack {stack.node.id!r} leaves features.storage.data_plane_available "
                "at its default (true), but the storage account is closed to the network; a runner outside the VNet would be refused "
                "on the storage data plane and the first apply would fail. Use AzurermProvider(..., features=[isolated_network_features()])"
            )
