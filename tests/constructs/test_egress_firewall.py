"""EgressFirewall: create mode and add-to-existing-policy mode."""

import pytest

from amlnet.constructs import EgressFirewall, EgressFirewallProps
from amlnet.planner import plan_firewall_rules
from amlnet.providers import App, TerraformStack
from tests.conftest import one, resources, synth_stack

POLICY = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hub/providers/Microsoft.Network/firewallPolicies/hub"


def build(cfg, **over):
    stack = TerraformStack(App(), "t")
    props = dict(name="ml", location="eastus2", resource_group_name="rg", plan=plan_firewall_rules(cfg), vnet_name="vnet",
                 vnet_resource_group_name="rg", firewall_subnet_cidr="10.20.2.0/26")
    props.update(over)
    fw = EgressFirewall(stack, "egress", EgressFirewallProps(**props))
    return fw, synth_stack(stack)


def test_creates_firewall_with_dns_proxy(default_cfg):
    fw, doc = build(default_cfg)
    assert one(doc, "azurerm_subnet")["name"] == "AzureFirewallSubnet"
    policy = one(doc, "azurerm_firewall_policy")
    assert policy["dns"] == {"proxy_enabled": True}
    assert policy["sku"] == "Standard" and policy["threat_intelligence_mode"] == "Deny"
    f = one(doc, "azurerm_firewall")
    assert (f["sku_name"], f["sku_tier"]) == ("AZFW_VNet", "Standard")
    assert one(doc, "azurerm_public_ip")["sku"] == "Standard"
    assert "ip_configuration[0].private_ip_address" in fw.private_ip or fw.private_ip.startswith("${")


def test_rule_collection_values(default_cfg):
    _, doc = build(default_cfg)
    rcg = one(doc, "azurerm_firewall_policy_rule_collection_group")
    (net,) = rcg["network_rule_collection"]
    (app,) = rcg["application_rule_collection"]
    assert (net["action"], net["priority"], app["priority"]) == ("Allow", 100, 200)
    udp = [r for r in net["rule"] if r["protocols"] == ["UDP"]]
    assert [(r["destination_addresses"], r["destination_ports"]) for r in udp] == [(["AzureMachineLearning"], ["5831"])]
    pypi = [r for r in app["rule"] if "pypi.org" in r["destination_fqdns"]]
    assert pypi and pypi[0]["destination_fqdns"] == ["pypi.org", "*.pythonhosted.org"]
    assert pypi[0]["protocols"] == [{"type": "Https", "port": 443}]
    assert all(r["source_addresses"] == ["10.20.0.0/24"] for r in net["rule"] + app["rule"])


def test_existing_policy_only_adds_a_rule_collection_group(default_cfg):
    fw, doc = build(default_cfg, existing_policy_id=POLICY, existing_private_ip="10.0.0.4", vnet_name=None, firewall_subnet_cidr=None)
    assert resources(doc, "azurerm_firewall") == {} and resources(doc, "azurerm_firewall_policy") == {}
    assert one(doc, "azurerm_firewall_policy_rule_collection_group")["firewall_policy_id"] == POLICY
    assert fw.private_ip == "10.0.0.4"


def test_existing_policy_needs_ip(default_cfg):
    with pytest.raises(ValueError, match="existing_private_ip"):
        build(default_cfg, existing_policy_id=POLICY)


def test_two_composed_spokes_get_different_rule_collection_groups(default_cfg):
    """Issue 19 item 15: the default group name derives from the construct's name, so two spokes adding
    to one hub policy in one app don't collide; a pinned name is kept."""
    app = App()
    names = []
    for spoke in ("spoke-a", "spoke-b"):
        stack = TerraformStack(app, spoke)
        EgressFirewall(stack, "egress", EgressFirewallProps(
            name=spoke, location="eastus2", resource_group_name="rg", plan=plan_firewall_rules(default_cfg),
            existing_policy_id=POLICY, existing_private_ip="10.0.0.4"))
        names.append(one(synth_stack(stack), "azurerm_firewall_policy_rule_collection_group")["name"])
    assert names == ["amlnet-spoke-a", "amlnet-spoke-b"]
    _, doc = build(default_cfg, rule_collection_group_name="pinned")
    assert one(doc, "azurerm_firewall_policy_rule_collection_group")["name"] == "pinned"
