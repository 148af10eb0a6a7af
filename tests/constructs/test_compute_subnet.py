"""ComputeSubnet: synthesized NSG rules carry every planned value (no jsii nulls)."""

import pytest

from amlnet.constructs import ComputeSubnet, ComputeSubnetProps
from amlnet.planner import plan_nsg_rules, plan_routes
from amlnet.providers import App, TerraformStack
from tests.conftest import one, resources, synth_stack

SUBNET_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet-a/subnets/s"


def build(cfg, **over):
    stack = TerraformStack(App(), "t")
    props = dict(name="snet-compute", location="eastus2", resource_group_name="rg", vnet_name="vnet", vnet_resource_group_name="rg",
                 nsg_rules=plan_nsg_rules(cfg), cidr="10.20.0.0/24", routes=plan_routes(cfg), firewall_private_ip="10.20.2.4")
    props.update(over)
    ComputeSubnet(stack, "compute", ComputeSubnetProps(**props))
    return synth_stack(stack)


def test_nsg_rules_synthesize_with_values(default_cfg):
    doc = build(default_cfg)
    rules = {r["name"]: r for r in one(doc, "azurerm_network_security_group")["security_rule"]}
    planned = plan_nsg_rules(default_cfg)
    assert set(rules) == {p.name for p in planned}
    for p in planned:
        r = rules[p.name]
        assert (r["priority"], r["direction"], r["access"], r["protocol"]) == (p.priority, p.direction, p.access, p.protocol)
        assert r["source_port_range"] == "*"
        dst = r["destination_address_prefix"] or r["destination_address_prefixes"]
        ports = r["destination_port_range"] or r["destination_port_ranges"]
        assert dst and ports, f"{p.name} synthesized without destination or ports"
    udp = rules["AllowOutAzureMachineLearningUdp"]
    assert (udp["protocol"], udp["destination_address_prefix"], udp["destination_port_range"]) == ("Udp", "AzureMachineLearning", "5831")


def test_subnet_is_closed_and_not_delegated(default_cfg):
    subnet = one(build(default_cfg), "azurerm_subnet")
    assert subnet["default_outbound_access_enabled"] is False
    assert subnet["address_prefixes"] == ["10.20.0.0/24"]
    assert "delegation" not in subnet or not subnet["delegation"]


def test_default_route_goes_to_the_firewall(default_cfg):
    doc = build(default_cfg)
    rt = one(doc, "azurerm_route_table")
    assert rt["bgp_route_propagation_enabled"] is False
    assert rt["route"] == [{"name": "default-to-firewall", "address_prefix": "0.0.0.0/0", "next_hop_type": "VirtualAppliance", "next_hop_in_ip_address": "10.20.2.4"}]
    assert one(doc, "azurerm_subnet_route_table_association")["subnet_id"].startswith("${azurerm_subnet.")


def test_route_to_firewall_without_ip_is_an_error(default_cfg):
    with pytest.raises(ValueError, match="firewall_private_ip is not set"):
        build(default_cfg, firewall_private_ip=None)


def test_existing_subnet_gets_nsg_and_routes(default_cfg):
    doc = build(default_cfg, cidr=None, existing_subnet_id=SUBNET_ID)
    assert resources(doc, "azurerm_subnet") == {}
    assert one(doc, "azurerm_subnet_network_security_group_association")["subnet_id"] == SUBNET_ID
    assert one(doc, "azurerm_subnet_route_table_association")["subnet_id"] == SUBNET_ID


def test_nat_gateway_association(default_cfg):
    doc = build(default_cfg, routes=(), nat_gateway_id="nat-id")
    assert resources(doc, "azurerm_route_table") == {}
    assert one(doc, "azurerm_subnet_nat_gateway_association")["nat_gateway_id"] == "nat-id"
