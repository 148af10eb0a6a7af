"""PeeredComputeNetwork, WorkspacePrivateEndpoint and ServerlessCompute, each on its own."""

import pytest

from amlnet.constructs import (
    PeeredComputeNetwork,
    PeeredComputeNetworkProps,
    ServerlessCompute,
    ServerlessComputeProps,
    WorkspacePrivateEndpoint,
    WorkspacePrivateEndpointProps,
    ZoneRef,
)
from amlnet.loading import parse_config
from amlnet.planner import peered_placement, plan_nsg_rules, plan_routes, plan_zones
from amlnet.providers import App, MachineLearningWorkspace, MachineLearningWorkspaceIdentity, TerraformStack
from tests.conftest import one, resources, synth_stack

SUB = "00000000-0000-0000-0000-000000000000"
EXISTING_VNET = f"/subscriptions/{SUB}/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke"
EXISTING_SUBNET = EXISTING_VNET + "/subnets/snet-ml"
SNET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet"
ZONES = (ZoneRef("api", "privatelink.api.azureml.ms", "rg-dns", "zid-api"), ZoneRef("notebooks", "privatelink.notebooks.azure.net", "rg-dns", "zid-nb"),
         ZoneRef("blob", "privatelink.blob.core.windows.net", "rg-dns", "zid-blob"))


def peered(**over):
    cfg = parse_config({"compute_network": {"region": "westus2"}})
    pl = peered_placement(cfg)
    stack = TerraformStack(App(), "t")
    props = dict(name="vnet-compute", location="westus2", resource_group_name="rg", remote_vnet_id="/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ws/providers/Microsoft.Network/virtualNetworks/vnet-ws", remote_vnet_name="vnet-ws",
                 remote_vnet_resource_group_name="rg-ws", zones=ZONES, nsg_rules=plan_nsg_rules(cfg, pl), routes=plan_routes(cfg, pl),
                 firewall_private_ip="10.20.2.4", dns_servers=("10.20.2.4",))
    props.update(over)
    net = PeeredComputeNetwork(stack, "compute-network", PeeredComputeNetworkProps(**props))
    return net, synth_stack(stack)


def test_peering_both_directions():
    _, doc = peered()
    peerings = {p["name"]: p for p in resources(doc, "azurerm_virtual_network_peering").values()}
    to_ws, from_ws = peerings["peer-vnet-compute-to-workspace"], peerings["peer-workspace-to-vnet-compute"]
    assert to_ws["remote_virtual_network_id"] == "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ws/providers/Microsoft.Network/virtualNetworks/vnet-ws" and to_ws["virtual_network_name"].startswith("${azurerm_virtual_network.")
    assert (from_ws["virtual_network_name"], from_ws["resource_group_name"]) == ("vnet-ws", "rg-ws")
    assert from_ws["remote_virtual_network_id"].startswith("${azurerm_virtual_network.")
    for p in (to_ws, from_ws):
        assert p["allow_virtual_network_access"] is True and p["allow_forwarded_traffic"] is True


def test_compute_vnet_linked_to_every_workspace_zone():
    _, doc = peered()
    links = {link["private_dns_zone_name"]: link for link in resources(doc, "azurerm_private_dns_zone_virtual_network_link").values()}
    assert set(links) == {"privatelink.api.azureml.ms", "privatelink.notebooks.azure.net", "privatelink.blob.core.windows.net"}
    assert all(link["resource_group_name"] == "rg-dns" and link["name"] == "link-vnet-compute" for link in links.values())


def test_compute_vnet_region_dns_and_routes():
    _, doc = peered()
    assert one(doc, "azurerm_virtual_network")["location"] == "westus2"
    assert one(doc, "azurerm_virtual_network_dns_servers")["dns_servers"] == ["10.20.2.4"]
    assert one(doc, "azurerm_route_table")["route"][0]["next_hop_in_ip_address"] == "10.20.2.4"
    assert one(doc, "azurerm_network_security_group")["location"] == "westus2"


def test_existing_vnet_and_subnet():
    net, doc = peered(existing_vnet_id=EXISTING_VNET, existing_compute_subnet_id=EXISTING_SUBNET, compute_subnet_cidr=None)
    assert resources(doc, "azurerm_virtual_network") == {} and resources(doc, "azurerm_subnet") == {}
    to_ws = [p for p in resources(doc, "azurerm_virtual_network_peering").values() if p["remote_virtual_network_id"] == "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ws/providers/Microsoft.Network/virtualNetworks/vnet-ws"][0]
    assert (to_ws["virtual_network_name"], to_ws["resource_group_name"]) == ("vnet-spoke", "rg-spoke")
    assert one(doc, "azurerm_subnet_network_security_group_association")["subnet_id"] == EXISTING_SUBNET
    assert net.vnet_id == EXISTING_VNET


def test_workspace_private_endpoint_in_the_compute_vnet():
    stack = TerraformStack(App(), "t")
    pe = WorkspacePrivateEndpoint(stack, "endpoints", WorkspacePrivateEndpointProps(
        location="westus2", resource_group_name="rg-compute", subnet_id="pe-subnet", vnet_id="compute-vnet", vnet_label="vnet-compute",
        workspace_id="ws-id", storage_account_id="st-id", key_vault_id="kv-id", container_registry_id="acr-id", zones=plan_zones(parse_config({}))))
    doc = synth_stack(stack)
    pes = {p["private_service_connection"]["subresource_names"][0]: p for p in resources(doc, "azurerm_private_endpoint").values()}
    assert set(pes) == {"amlworkspace", "blob", "file", "queue", "table", "dfs", "vault", "registry"}
    ws = pes["amlworkspace"]
    assert (ws["location"], ws["subnet_id"], ws["private_service_connection"]["private_connection_resource_id"]) == ("westus2", "pe-subnet", "ws-id")
    assert len(ws["private_dns_zone_group"]["private_dns_zone_ids"]) == 2
    zones = {z["name"]: z for z in resources(doc, "azurerm_private_dns_zone").values()}
    assert set(zones) == {"privatelink.api.azureml.ms", "privatelink.notebooks.azure.net", "privatelink.blob.core.windows.net",
                          "privatelink.file.core.windows.net", "privatelink.queue.core.windows.net", "privatelink.table.core.windows.net",
                          "privatelink.dfs.core.windows.net", "privatelink.vaultcore.azure.net", "privatelink.azurecr.io"}
    assert all(z["resource_group_name"] == "rg-compute" for z in zones.values())
    assert all(link["virtual_network_id"] == "compute-vnet" for link in resources(doc, "azurerm_private_dns_zone_virtual_network_link").values())
    assert pe.workspace_private_endpoint is not None


def _workspace(stack):
    return MachineLearningWorkspace(stack, "ws", name="mlw", location="eastus2", resource_group_name="rg", application_insights_id="a",
                                    key_vault_id="k", storage_account_id="s", identity=MachineLearningWorkspaceIdentity(type="SystemAssigned"))


def test_serverless_block():
    stack = TerraformStack(App(), "t")
    ServerlessCompute(stack, "serverless", _workspace(stack), ServerlessComputeProps(subnet_id=SNET))
    w = one(synth_stack(stack), "azurerm_machine_learning_workspace")
    assert w["serverless_compute"] == {"subnet_id": SNET, "public_ip_enabled": False}


def test_serverless_without_subnet_needs_public_ip():
    stack = TerraformStack(App(), "t")
    with pytest.raises(ValueError, match="public_ip_enabled=False needs subnet_id"):
        ServerlessCompute(stack, "serverless", _workspace(stack), ServerlessComputeProps(subnet_id=None))


def test_zone_ref_from_id():
    ref = ZoneRef.from_id("api", f"/subscriptions/{SUB}/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.api.azureml.ms")
    assert (ref.name, ref.resource_group_name) == ("privatelink.api.azureml.ms", "rg-hub-dns")
    with pytest.raises(ValueError):
        ZoneRef.from_id("api", "/subscriptions/x")
