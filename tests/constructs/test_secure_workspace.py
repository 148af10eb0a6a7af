"""SecureWorkspace: private by default, every endpoint with its zones, data-profiling access (seed 001)."""

import pytest

from amlnet.constructs import SecureWorkspace, SecureWorkspaceProps
from amlnet.providers import App, TerraformStack
from tests.conftest import one, resources, synth_stack

PE_SUBNET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ws/providers/Microsoft.Network/virtualNetworks/vnet-ws/subnets/pe-subnet"
ZONES = {k: f"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/zone-{k}.example" for k in ("api", "notebooks", "blob", "file", "queue", "table", "dfs", "vault", "registry")}


def build(**over):
    stack = TerraformStack(App(), "t")
    props = dict(location="eastus2", resource_group_name="rg", workspace_name="mlw", storage_account_name="stml", key_vault_name="kv-ml",
                 container_registry_name="crml1", private_endpoint_subnet_id=PE_SUBNET, zone_ids=ZONES, tenant_id="00000000-0000-0000-0000-000000000001",
                 subscription_id="00000000-0000-0000-0000-000000000002", image_build_compute_name="cpu-cluster")
    props.update(over)
    ws = SecureWorkspace(stack, "ws", SecureWorkspaceProps(**props))
    return ws, synth_stack(stack)


@pytest.fixture(scope="module")
def doc():
    return build()[1]


def test_workspace_is_private(doc):
    w = one(doc, "azurerm_machine_learning_workspace")
    assert w["public_network_access_enabled"] is False
    assert w["identity"] == {"type": "SystemAssigned"}
    assert w["image_build_compute_name"] == "cpu-cluster"
    assert w["high_business_impact"] is False


def test_dependencies_are_private(doc):
    assert one(doc, "azurerm_key_vault")["public_network_access_enabled"] is False
    assert one(doc, "azurerm_key_vault")["network_acls"]["default_action"] == "Deny"
    acr = one(doc, "azurerm_container_registry")
    assert (acr["sku"], acr["public_network_access_enabled"], acr["admin_enabled"]) == ("Premium", False, False)
    st = one(doc, "azurerm_storage_account")
    assert st["network_rules"]["default_action"] == "Deny"
    assert st["min_tls_version"] == "TLS1_2" and st["allow_nested_items_to_be_public"] is False


def test_private_endpoints_and_zone_groups(doc):
    pes = {p["private_service_connection"]["subresource_names"][0]: p for p in resources(doc, "azurerm_private_endpoint").values()}
    assert set(pes) == {"amlworkspace", "blob", "file", "queue", "table", "dfs", "vault", "registry"}
    assert pes["amlworkspace"]["private_dns_zone_group"]["private_dns_zone_ids"] == [ZONES["api"], ZONES["notebooks"]]
    for sub in ("blob", "file", "queue", "table", "dfs", "vault", "registry"):
        assert pes[sub]["private_dns_zone_group"]["private_dns_zone_ids"] == [ZONES[sub]]
    assert all(p["subnet_id"] == PE_SUBNET and p["private_service_connection"]["is_manual_connection"] is False for p in pes.values())


def test_data_profiling_resource_instance(doc):
    st = one(doc, "azurerm_storage_account")
    (rule,) = st["network_rules"]["private_link_access"]
    assert rule["endpoint_resource_id"] == "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/mlw"
    assert st["network_rules"]["bypass"] == ["None"]
    roles = sorted(r["role_definition_name"] for r in resources(doc, "azurerm_role_assignment").values())
    assert roles == ["Reader", "Reader", "Storage Blob Data Contributor"]


def test_data_profiling_trusted_services():
    _, doc = build(data_profiling_access="trusted-services")
    st = one(doc, "azurerm_storage_account")
    assert st["network_rules"]["bypass"] == ["AzureServices"] and st["public_network_access_enabled"] is True


def test_data_profiling_off_disables_storage_public_access():
    _, doc = build(data_profiling_access="none")
    assert one(doc, "azurerm_storage_account")["public_network_access_enabled"] is False
    assert resources(doc, "azurerm_role_assignment") == {}


def test_hbi():
    _, doc = build(high_business_impact=True)
    assert one(doc, "azurerm_machine_learning_workspace")["high_business_impact"] is True


def test_managed_network_option():
    _, doc = build(managed_network_isolation_mode="AllowInternetOutbound", managed_network_provision_on_creation=False)
    assert one(doc, "azurerm_machine_learning_workspace")["managed_network"] == {
        "isolation_mode": "AllowInternetOutbound", "provision_on_creation_enabled": False}
    _, plain = build()
    assert "managed_network" not in one(plain, "azurerm_machine_learning_workspace")


def test_managed_network_option_refuses_bad_values():
    from amlnet.constructs import PropsError, ServerlessComputeProps

    with pytest.raises(PropsError, match="managed_network_isolation_mode: 'Disabled' is not one of"):
        build(managed_network_isolation_mode="Disabled")
    with pytest.raises(PropsError, match="serverless: serverless compute in a custom subnet contradicts"):
        build(managed_network_isolation_mode="AllowOnlyApprovedOutbound", serverless=ServerlessComputeProps(subnet_id=PE_SUBNET))
