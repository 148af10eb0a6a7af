"""SecureWorkspace refuses a provider that would call the data plane of its closed storage account."""

import pytest

from amlnet.constructs import DataPlaneProviderError, SecureWorkspace, SecureWorkspaceProps, isolated_network_features
from amlnet.providers import App, AzurermProvider, AzurermProviderFeatures, TerraformStack
from tests.conftest import synth_stack

ZONES = {k: f"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/{k}.example"
         for k in ("api", "notebooks", "blob", "file", "queue", "table", "dfs", "vault", "registry")}


def _props():
    return SecureWorkspaceProps(
        location="eastus2", resource_group_name="rg-ml", workspace_name="mlw-ml", storage_account_name="stml12345",
        key_vault_name="kv-ml-12345", container_registry_name="crml12345", private_endpoint_subnet_id="/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ws/providers/Microsoft.Network/virtualNetworks/vnet-ws/subnets/pe-subnet",
        zone_ids=ZONES, tenant_id="00000000-0000-0000-0000-000000000000", subscription_id="00000000-0000-0000-0000-000000000000",
    )


def test_default_provider_features_are_refused_with_the_setting_named():
    stack = TerraformStack(App(), "mine")
    AzurermProvider(stack, "azurerm", features=[AzurermProviderFeatures()])
    with pytest.raises(DataPlaneProviderError) as e:
        SecureWorkspace(stack, "workspace", _props())
    msg = str(e.value)
    assert "features.storage.data_plane_available" in msg and "'azurerm'" in msg and "isolated_network_features()" in msg


def test_isolated_features_are_accepted_and_synthesized():
    stack = TerraformStack(App(), "mine")
    AzurermProvider(stack, "azurerm", features=[isolated_network_features()])
    SecureWorkspace(stack, "workspace", _props())
    feats = synth_stack(stack)["provider"]["azurerm"][0]["features"][0]
    assert feats["storage"] == [{"data_plane_available": False}]
    assert feats["key_vault"] == [{"purge_soft_delete_on_destroy": False, "recover_soft_deleted_key_vaults": True}]
    assert feats["machine_learning"] == [{"purge_soft_deleted_workspace_on_destroy": False}]


def test_an_aliased_provider_does_not_count():
    """Only the default provider serves the construct's resources; an alias (a hub subscription) is not checked."""
    stack = TerraformStack(App(), "mine")
    AzurermProvider(stack, "azurerm", features=[isolated_network_features()])
    AzurermProvider(stack, "hub", features=[AzurermProviderFeatures()], alias="hub")
    SecureWorkspace(stack, "workspace", _props())
