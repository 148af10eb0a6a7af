"""Escape hatches and bad props of the public constructs: add_nsg_rule, add_route, add_firewall_rules,
add_diagnostic_settings, add_private_endpoint, name/tag overrides, lookups by name."""

import pytest

from amlnet.constructs import (
    ComputeSubnet,
    ComputeSubnetProps,
    EgressFirewall,
    EgressFirewallProps,
    PrivateDnsZones,
    PrivateDnsZonesProps,
    PropsError,
    SecureWorkspace,
    SecureWorkspaceProps,
    WorkspaceNetwork,
    WorkspaceNetworkProps,
    isolated_network_features,
    zones_for_cloud,
)
from amlnet.planner import peered_placement, plan_firewall_rules, plan_nsg_rules, plan_routes
from amlnet.planning import NetworkRuleSpec
from amlnet.providers import App, AzurermProvider, TerraformStack
from tests.conftest import one, resources, synth_stack

SUB = "00000000-0000-0000-0000-000000000000"
NET = f"/subscriptions/{SUB}/resourceGroups/rg-net/providers/Microsoft.Network"


def stack():
    s = TerraformStack(App(), "t")
    AzurermProvider(s, "azurerm", features=[isolated_network_features()])
    return s


def subnet(s, cfg, **over):
    props = dict(name="snet-ml", location="eastus2", resource_group_name="rg", vnet_name="vnet", vnet_resource_group_name="rg",
                 nsg_rules=plan_nsg_rules(cfg), cidr="10.20.0.0/24", routes=plan_routes(cfg), firewall_private_ip="10.20.2.4")
    props.update(over)
    return ComputeSubnet(s, "compute", ComputeSubnetProps(**props))


def test_add_nsg_rule_goes_inline_with_the_generated_rules(default_cfg):
    s = stack()
    cs = subnet(s, default_cfg)
    cs.add_nsg_rule(name="AllowOutGit", priority=3000, direction="Outbound", access="Allow", protocol="Tcp",
                    source="10.20.0.0/24", destination=["10.9.0.0/24", "10.9.1.0/24"], ports="22")
    doc = synth_stack(s)
    rules = {r["name"]: r for r in one(doc, "azurerm_network_security_group")["security_rule"]}
    assert len(rules) == len(plan_nsg_rules(default_cfg)) + 1
    git = rules["AllowOutGit"]
    assert (git["priority"], git["destination_address_prefixes"], git["destination_port_range"]) == (3000, ["10.9.0.0/24", "10.9.1.0/24"], "22")
    assert resources(doc, "azurerm_network_security_rule") == {}  # never mixed with inline rules


def test_add_nsg_rule_priority_clash_names_both_rules(default_cfg):
    cs = subnet(stack(), default_cfg)
    first = plan_nsg_rules(default_cfg)[0]
    with pytest.raises(PropsError) as e:
        cs.add_nsg_rule(name="Mine", priority=first.priority, direction=first.direction, access="Allow", protocol="Tcp",
                        source="*", destination="*", ports="443")
    assert "'Mine'" in str(e.value) and repr(first.name) in str(e.value) and str(first.priority) in str(e.value)
    with pytest.raises(PropsError, match="DenyAllOutbound|4096"):
        cs.add_nsg_rule(name="Late", priority=4096, direction="Outbound", access="Allow", protocol="Tcp", source="*", destination="*", ports="443")
    with pytest.raises(PropsError, match="add_nsg_rule.ports.*'70000'"):
        cs.add_nsg_rule(name="Bad", priority=3001, direction="Outbound", access="Allow", protocol="Tcp", source="*", destination="*", ports="70000")


def test_add_route(default_cfg):
    s = stack()
    cs = subnet(s, default_cfg)
    cs.add_route(name="to-onprem", address_prefix="192.168.0.0/16", next_hop_type="VirtualAppliance", next_hop_ip="10.0.0.5")
    routes = one(synth_stack(s), "azurerm_route_table")["route"]
    assert [r["name"] for r in routes] == ["default-to-firewall", "to-onprem"]
    with pytest.raises(PropsError, match="'0.0.0.0/0' is already routed by 'default-to-firewall'"):
        cs.add_route(name="again", address_prefix="0.0.0.0/0", next_hop_type="Internet")


def test_firewall_rules_diagnostics_and_names(default_cfg):
    s = stack()
    fw = EgressFirewall(s, "egress", EgressFirewallProps(
        name="ml", location="eastus2", resource_group_name="rg", plan=plan_firewall_rules(default_cfg), vnet_name="vnet",
        vnet_resource_group_name="rg", firewall_subnet_cidr="10.20.2.0/26", resource_names={"firewall": "afw-central"},
        resource_tags={"firewall": {"team": "net"}}))
    fw.add_firewall_rules("team-git", 300, network_rules=(NetworkRuleSpec("git", ("TCP",), ("10.20.0.0/24",), ("10.9.0.0/24",), (), ("22",), ""),))
    with pytest.raises(PropsError, match="'clash' and collection 'aml-network' both use priority 100"):
        fw.add_firewall_rules("clash", 100, network_rules=(NetworkRuleSpec("x", ("TCP",), ("*",), ("*",), (), ("1",), ""),))
    fw.add_diagnostic_settings("/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log")
    doc = synth_stack(s)
    group = one(doc, "azurerm_firewall_policy_rule_collection_group")
    assert [c["name"] for c in group["network_rule_collection"]] == ["aml-network", "team-git"]
    firewall = one(doc, "azurerm_firewall")
    assert firewall["name"] == "afw-central" and firewall["tags"] == {"team": "net"}
    diag = one(doc, "azurerm_monitor_diagnostic_setting")
    assert diag["enabled_log"] == [{"category_group": "allLogs"}] and diag["enabled_metric"] == [{"category": "AllMetrics"}]


def test_existing_vnet_subnet_zones_and_policy_by_name(default_cfg):
    s = stack()
    hub = AzurermProvider(s, "hub", alias="hub", subscription_id="11111111-1111-1111-1111-111111111111", features=[isolated_network_features()])
    net = WorkspaceNetwork(s, "net", WorkspaceNetworkProps(name="vnet-spoke", location="eastus2", resource_group_name="rg",
                                                           existing_vnet_name="vnet-spoke", existing_vnet_resource_group_name="rg-net",
                                                           private_endpoint_subnet_name="snet-pe", existing_private_endpoint_subnet_lookup=True))
    PrivateDnsZones(s, "dns", PrivateDnsZonesProps(resource_group_name="rg", zones=zones_for_cloud("public"),
                                                   existing_zone_resource_groups={"api": "rg-hub-dns"}, hub_provider=hub,
                                                   vnet_links={"spoke": net.vnet_id}))
    EgressFirewall(s, "egress", EgressFirewallProps(name="ml", location="eastus2", resource_group_name="rg", plan=plan_firewall_rules(default_cfg),
                                                    existing_policy_name="afwp-hub", existing_policy_resource_group_name="rg-hub",
                                                    existing_private_ip="10.0.0.4", hub_provider=hub))
    doc = synth_stack(s)
    data = doc["data"]
    assert set(data) >= {"azurerm_virtual_network", "azurerm_subnet", "azurerm_private_dns_zone", "azurerm_firewall_policy"}
    assert one({"resource": data}, "azurerm_private_dns_zone")["provider"] == "azurerm.hub"
    assert one({"resource": data}, "azurerm_firewall_policy")["provider"] == "azurerm.hub"
    assert "api" not in {k.split("_")[-1] for k in resources(doc, "azurerm_private_dns_zone")}
    assert len(resources(doc, "azurerm_private_dns_zone")) == 8


def workspace_props(**over):
    zones = {z.key: f"{NET}/privateDnsZones/{z.zone_name}" for z in zones_for_cloud("public")}
    props = dict(location="eastus2", resource_group_name="rg-ml", workspace_name="mlw-ml", storage_account_name="stml123",
                 key_vault_name="kv-ml-123", container_registry_name="crml123",
                 private_endpoint_subnet_id=f"{NET}/virtualNetworks/vnet/subnets/snet-pe", zone_ids=zones, tenant_id=SUB, subscription_id=SUB)
    props.update(over)
    return SecureWorkspaceProps(**props)


def test_secure_workspace_hatches():
    s = stack()
    ws = SecureWorkspace(s, "ws", workspace_props(resource_names={"log-analytics": "log-central"}))
    ws.add_diagnostic_settings("workspace")
    ws.add_diagnostic_settings("key-vault", log_categories=("AuditEvent",), log_category_groups=())
    ws.add_private_endpoint("data", resource_id=f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stdata",
                            subresource="blob", zone_ids=[ws.props.zone_ids["blob"]])
    with pytest.raises(PropsError, match="'diag-blob-to-log-analytics' is already a diagnostic setting of storage-blob"):
        ws.add_diagnostic_settings("storage-blob", name="diag-blob-to-log-analytics")
    with pytest.raises(PropsError, match="add_private_endpoint.key: 'workspace' is already"):
        ws.add_private_endpoint("workspace", resource_id="x", subresource="blob", zone_ids=["y"])
    doc = synth_stack(s)
    assert one(doc, "azurerm_log_analytics_workspace")["name"] == "log-central"
    assert len(resources(doc, "azurerm_monitor_diagnostic_setting")) == 4
    assert "pe-data-aml" in {pe["name"] for pe in resources(doc, "azurerm_private_endpoint").values()}


@pytest.mark.parametrize("over, message", [
    ({"storage_account_name": "St-Team"}, "SecureWorkspaceProps.storage_account_name: 'St-Team' is not a valid storage account name"),
    ({"storage_replication": "XRS"}, "SecureWorkspaceProps.storage_replication: 'XRS' is not one of"),
    ({"tenant_id": "contoso"}, "SecureWorkspaceProps.tenant_id: 'contoso' is not a GUID"),
    ({"zone_ids": {}}, "SecureWorkspaceProps.zone_ids: no zone for api"),
    ({"resource_names": {"nsg": "x"}}, "SecureWorkspaceProps.resource_names\\['nsg'\\]: 'nsg' is not a resource of this construct"),
    ({"tags": {"a/b": "x"}}, "SecureWorkspaceProps.tags: key 'a/b' contains '/'"),
])
def test_bad_workspace_props_name_the_prop_and_value(over, message):
    with pytest.raises(PropsError, match=message):
        workspace_props(**over)


@pytest.mark.parametrize("build, message", [
    (lambda cfg: ComputeSubnetProps(name="snet", location="x", resource_group_name="rg", vnet_name="vnet", vnet_resource_group_name="rg",
                                    nsg_rules=(), cidr="10.0.0.1/24"), "ComputeSubnetProps.cidr: '10.0.0.1/24': malformed CIDR"),
    (lambda cfg: EgressFirewallProps(name="x", location="x", resource_group_name="rg", plan=plan_firewall_rules(cfg), vnet_name="vnet",
                                     vnet_resource_group_name="rg", firewall_subnet_cidr="10.0.0.0/27"),
     "EgressFirewallProps.firewall_subnet_cidr: '10.0.0.0/27': AzureFirewallSubnet must be /26 or larger"),
    (lambda cfg: EgressFirewallProps(name="x", location="x", resource_group_name="rg", plan=plan_firewall_rules(cfg),
                                     existing_policy_id=f"{NET}/virtualNetworks/v", existing_private_ip="10.0.0.4"),
     "EgressFirewallProps.existing_policy_id: .*expected Microsoft.Network/firewallPolicies"),
    (lambda cfg: WorkspaceNetworkProps(name="vnet", location="x", resource_group_name="rg", address_space=("10.0.0.0/8", "nope")),
     "WorkspaceNetworkProps.address_space\\[1\\]: 'nope': malformed CIDR"),
])
def test_bad_network_props_name_the_prop_and_value(default_cfg, build, message):
    with pytest.raises(PropsError, match=message):
        build(default_cfg)


def test_hub_zone_in_another_subscription_than_the_hub_provider():
    s = stack()
    hub = AzurermProvider(s, "hub", alias="hub", subscription_id="11111111-1111-1111-1111-111111111111")
    zones = tuple(z if z.key != "api" else type(z)(z.key, z.zone_name, z.subresource, f"{NET}/privateDnsZones/{z.zone_name}")
                  for z in zones_for_cloud("public"))
    with pytest.raises(PropsError, match=f"zones\\[0\\].existing_id: the zone .* is in subscription {SUB}, but hub_provider 'hub' is for "
                                         "subscription 11111111-1111-1111-1111-111111111111"):
        PrivateDnsZonesProps(resource_group_name="rg", zones=zones, hub_provider=hub)


def test_peered_network_reuses_a_vnet_by_name(default_cfg):
    from amlnet.constructs import PeeredComputeNetwork, PeeredComputeNetworkProps

    s = stack()
    net = PeeredComputeNetwork(s, "peered", PeeredComputeNetworkProps(
        name="vnet-compute", location="westus2", resource_group_name="rg", remote_vnet_id=f"{NET}/virtualNetworks/vnet-ws",
        remote_vnet_name="vnet-ws", remote_vnet_resource_group_name="rg-net", zones=(), nsg_rules=plan_nsg_rules(default_cfg, peered_placement(default_cfg)),
        existing_vnet_name="vnet-compute-existing", existing_vnet_resource_group_name="rg-compute"))
    doc = synth_stack(s)
    assert "azurerm_virtual_network" not in doc.get("resource", {})
    assert one({"resource": doc["data"]}, "azurerm_virtual_network")["name"] == "vnet-compute-existing"
    assert one(doc, "azurerm_subnet")["virtual_network_name"] == "vnet-compute-existing"
    assert net.vnet_lookup is not None
