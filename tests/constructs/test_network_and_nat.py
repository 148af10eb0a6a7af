import pytest

from amlnet.constructs import NatGatewayEgress, NatGatewayEgressProps, WorkspaceNetwork, WorkspaceNetworkProps
from amlnet.providers import App, TerraformStack
from tests.conftest import one, resources, synth_stack

VNET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke"


def test_new_vnet_and_private_endpoint_subnet():
    stack = TerraformStack(App(), "t")
    WorkspaceNetwork(stack, "n", WorkspaceNetworkProps(name="vnet-ml", location="eastus2", resource_group_name="rg"))
    doc = synth_stack(stack)
    assert one(doc, "azurerm_virtual_network")["address_space"] == ["10.20.0.0/16"]
    s = one(doc, "azurerm_subnet")
    assert s["address_prefixes"] == ["10.20.1.0/24"] and s["default_outbound_access_enabled"] is False


def test_existing_vnet():
    stack = TerraformStack(App(), "t")
    net = WorkspaceNetwork(stack, "n", WorkspaceNetworkProps(name="vnet-x", location="eastus2", resource_group_name="rg", existing_vnet_id=VNET))
    doc = synth_stack(stack)
    assert resources(doc, "azurerm_virtual_network") == {}
    s = one(doc, "azurerm_subnet")
    assert (s["virtual_network_name"], s["resource_group_name"]) == ("vnet-spoke", "spoke")
    assert net.vnet_id == VNET


def test_existing_vnet_id_must_be_a_vnet():
    with pytest.raises(ValueError, match="expected a resource ID"):
        WorkspaceNetwork(TerraformStack(App(), "t"), "n", WorkspaceNetworkProps(name="vnet-x", location="l", resource_group_name="rg", existing_vnet_id="/bad"))


def test_nat_gateway():
    stack = TerraformStack(App(), "t")
    NatGatewayEgress(stack, "nat", NatGatewayEgressProps(name="ml", location="eastus2", resource_group_name="rg"))
    doc = synth_stack(stack)
    assert one(doc, "azurerm_nat_gateway")["sku_name"] == "Standard"
    assert one(doc, "azurerm_public_ip")["allocation_method"] == "Static"
    assert len(resources(doc, "azurerm_nat_gateway_public_ip_association")) == 1


def test_existing_vnet_and_compute_subnet_by_name(default_cfg):
    """Data source lookups by name (tests/verify covers verify through a data-source subnet)."""
    from amlnet.constructs import ComputeSubnet, ComputeSubnetProps
    from amlnet.planner import plan_nsg_rules, plan_routes

    stack = TerraformStack(App(), "t")
    net = WorkspaceNetwork(stack, "n", WorkspaceNetworkProps(name="vnet-x", location="eastus2", resource_group_name="rg",
                                                             existing_vnet_name="vnet-spoke", existing_vnet_resource_group_name="rg-spoke"))
    ComputeSubnet(stack, "c", ComputeSubnetProps(name="snet-ml", location="eastus2", resource_group_name="rg", vnet_name=net.vnet_name,
                                                  vnet_resource_group_name=net.vnet_resource_group_name, nsg_rules=plan_nsg_rules(default_cfg),
                                                  existing_subnet_name="snet-ml", routes=plan_routes(default_cfg), firewall_private_ip="10.0.0.4"))
    doc = synth_stack(stack)
    assert doc["data"]["azurerm_virtual_network"][next(iter(doc["data"]["azurerm_virtual_network"]))]["name"] == "vnet-spoke"
    lookup = next(iter(doc["data"]["azurerm_subnet"].values()))
    assert (lookup["name"], lookup["virtual_network_name"], lookup["resource_group_name"]) == ("snet-ml", "vnet-spoke", "rg-spoke")
    assert one(doc, "azurerm_subnet_network_security_group_association")["subnet_id"].startswith("${data.azurerm_subnet.")
    assert [s["name"] for s in resources(doc, "azurerm_subnet").values()] == ["snet-aml-private-endpoints"]  # only the PE subnet is created
    assert one(doc, "azurerm_subnet")["virtual_network_name"] == "vnet-spoke"
    with pytest.raises(ValueError, match="existing_vnet_resource_group_name"):
        WorkspaceNetwork(TerraformStack(App(), "u"), "n", WorkspaceNetworkProps(name="vnet-x", location="l", resource_group_name="rg", existing_vnet_name="vnet-v"))
