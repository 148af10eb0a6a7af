"""The `secure-workspace` stack: snapshot, and the rules and resources that matter, asserted one by one."""

from __future__ import annotations

import copy
import re

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from amlnet.loading import parse_config
from amlnet.providers import CDK, App
from amlnet.stacks import SecureWorkspaceStack
from tests.conftest import one, resources, synth_stack


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JSONSnapshotExtension)


AZURERM_PIN = "<the CDK's bindings pin it: 4.55.0 on cdktf, 4.81.0 on cdktn>"


def scrub(doc: dict) -> dict:
    """Remove values that depend on the machine or the CDK (its version, the azurerm pin of its bindings), nothing
    else: the snapshots hold on both CDKs (test_provider_and_state checks the pin)."""
    d = copy.deepcopy(doc)
    d.get("//", {}).get("metadata", {}).pop("version", None)
    azurerm = d.get("terraform", {}).get("required_providers", {}).get("azurerm")
    if azurerm and "version" in azurerm:
        azurerm["version"] = AZURERM_PIN
    return d


def build(data: dict) -> dict:
    return synth_stack(SecureWorkspaceStack(App(), "secure-workspace", parse_config(data)))


def test_snapshot(default_doc, snapshot_json):
    assert scrub(default_doc) == snapshot_json


def test_composition(default_doc):
    """What the stack must hold: a zone and a link per private-link zone, an endpoint per subresource,
    storage logs through diagnostic settings, one closed compute NSG and route table."""
    counts = {t: len(v) for t, v in default_doc["resource"].items()}
    assert counts["azurerm_private_dns_zone"] == counts["azurerm_private_dns_zone_virtual_network_link"] == 9
    assert counts["azurerm_private_endpoint"] == 8  # workspace, 5 storage, vault, registry
    assert counts["azurerm_monitor_diagnostic_setting"] == 2  # blob and queue services
    assert counts["azurerm_network_security_group"] == counts["azurerm_route_table"] == 1


def test_provider_and_state(default_doc):
    (prov,) = default_doc["provider"]["azurerm"]
    assert prov["environment"] == "public"
    assert default_doc["terraform"]["backend"] == {"local": {"path": "../../../terraform.secure-workspace.tfstate"}}
    assert default_doc["terraform"]["required_providers"]["azurerm"]["version"] == CDK.azurerm_version
    assert CDK.azurerm_version == {"cdktf": "4.55.0", "cdktn": "4.81.0"}[CDK.name]


def test_compute_has_no_public_ip_and_waits_for_the_private_endpoint(default_doc):
    for rtype in ("azurerm_machine_learning_compute_cluster", "azurerm_machine_learning_compute_instance"):
        c = one(default_doc, rtype)
        assert c["node_public_ip_enabled"] is False
        assert c["subnet_resource_id"].startswith("${azurerm_subnet.compute-subnet")
        assert any(d.startswith("azurerm_private_endpoint.workspace_pe-workspace") for d in c["depends_on"])
        assert any(d.startswith("azurerm_subnet_network_security_group_association.") for d in c["depends_on"])
        assert any(d.startswith("azurerm_subnet_route_table_association.") for d in c["depends_on"])


def test_workspace_private_with_image_build_compute(default_doc):
    w = one(default_doc, "azurerm_machine_learning_workspace")
    assert w["public_network_access_enabled"] is False
    assert w["image_build_compute_name"] == "cpu-cluster"


def test_every_private_endpoint_zone_is_linked_to_the_vnet(default_doc):
    zones = resources(default_doc, "azurerm_private_dns_zone")
    links = resources(default_doc, "azurerm_private_dns_zone_virtual_network_link").values()
    linked = {re.search(r"azurerm_private_dns_zone\.([^.]+)\.name", link["private_dns_zone_name"]).group(1) for link in links}
    assert linked == set(zones)
    used = {zid for pe in resources(default_doc, "azurerm_private_endpoint").values() for zid in pe["private_dns_zone_group"]["private_dns_zone_ids"]}
    assert {f"${{azurerm_private_dns_zone.{k}.id}}" for k in zones} == used
    names = {z["name"] for z in zones.values()}
    assert {"privatelink.api.azureml.ms", "privatelink.notebooks.azure.net"} <= names


def test_nsg_holds_the_seed_rules(default_doc):
    rules = {r["name"]: r for r in one(default_doc, "azurerm_network_security_group")["security_rule"]}
    got = {(r["destination_address_prefix"], r["protocol"]) for r in rules.values()}
    for tag, proto in [("AzureActiveDirectory", "Tcp"), ("AzureMachineLearning", "Tcp"), ("AzureMachineLearning", "Udp"),
                       ("BatchNodeManagement.EastUS2", "*"), ("AzureResourceManager", "Tcp"), ("Storage.EastUS2", "Tcp"),
                       ("AzureFrontDoor.Frontend", "Tcp"), ("MicrosoftContainerRegistry", "Tcp"), ("AzureFrontDoor.FirstParty", "Tcp"),
                       ("AzureMonitor", "Tcp")]:
        assert (tag, proto) in got, tag
    assert rules["DenyAllOutbound"]["priority"] == 4096 and rules["DenyAllOutbound"]["access"] == "Deny"


def test_nothing_opens_the_subnet_wider(default_doc):
    rules = one(default_doc, "azurerm_network_security_group")["security_rule"]
    inbound = [r for r in rules if r["direction"] == "Inbound"]
    assert [(r["name"], r["access"], r["source_address_prefix"]) for r in inbound] == [("DenyInternetInbound", "Deny", "Internet")]
    for r in rules:
        if r["access"] != "Allow":
            continue
        dst = r["destination_address_prefix"] or r["destination_address_prefixes"]
        assert dst not in ("*", ["*"]), r["name"]
        if dst == "Internet":
            assert r["destination_port_range"] == "443" and r["protocol"] == "Tcp", r["name"]


def test_default_route_to_firewall(default_doc):
    rt = one(default_doc, "azurerm_route_table")
    (route,) = rt["route"]
    assert (route["address_prefix"], route["next_hop_type"]) == ("0.0.0.0/0", "VirtualAppliance")
    assert re.fullmatch(r"\$\{azurerm_firewall\.[^.]+\.ip_configuration\[0\]\.private_ip_address\}", route["next_hop_in_ip_address"])
    dns = one(default_doc, "azurerm_virtual_network_dns_servers")
    assert dns["dns_servers"] == [route["next_hop_in_ip_address"]]


def test_firewall_rules(default_doc):
    rcg = one(default_doc, "azurerm_firewall_policy_rule_collection_group")
    net = rcg["network_rule_collection"][0]["rule"]
    app = rcg["application_rule_collection"][0]["rule"]
    assert (["AzureMachineLearning"], ["UDP"], ["5831"]) in [(r["destination_addresses"], r["protocols"], r["destination_ports"]) for r in net]
    fqdns = {f for r in app for f in r["destination_fqdns"]}
    assert {"pypi.org", "*.pythonhosted.org", "graph.microsoft.com"} <= fqdns
    assert "viennaglobal.azurecr.io" not in fqdns  # microsoft-images is off by default (issue 19, item 11)
    assert one(default_doc, "azurerm_firewall_policy")["dns"] == {"proxy_enabled": True}


def test_outputs(default_doc):
    assert set(default_doc["output"]) == {"workspace_id", "workspace_name", "compute_subnet_id", "private_dns_zone_ids", "firewall_private_ip"}


def test_nat_gateway_variant():
    doc = build({"egress": {"mode": "nat-gateway", "nat_allow_unfiltered_https": True}})
    assert resources(doc, "azurerm_firewall") == {} and resources(doc, "azurerm_route_table") == {}
    assert len(resources(doc, "azurerm_subnet_nat_gateway_association")) == 1
    assert resources(doc, "azurerm_virtual_network_dns_servers") == {}


def test_hub_spoke_variant():
    sub = "00000000-0000-0000-0000-000000000000"
    hub = f"/subscriptions/{sub}/resourceGroups/hub/providers/Microsoft.Network"
    doc = build({
        "stacks": ["secure-workspace"],
        "network": {"existing_vnet_id": f"/subscriptions/{sub}/resourceGroups/spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke",
                    "address_space": ["10.30.0.0/16"],
                    "compute_subnet": {"name": "snet-compute", "cidr": "10.30.0.0/24"},
                    "private_endpoint_subnet": {"name": "snet-pe", "cidr": "10.30.1.0/24"}},
        "egress": {"firewall": {"existing": {"policy_id": f"{hub}/firewallPolicies/hub-policy", "private_ip": "10.0.0.4"}}},
        "dns": {"existing_zone_ids": {"api": f"{hub}/privateDnsZones/privatelink.api.azureml.ms",
                                      "notebooks": f"{hub}/privateDnsZones/privatelink.notebooks.azure.net"}},
    })
    assert resources(doc, "azurerm_virtual_network") == {} and resources(doc, "azurerm_firewall") == {}
    assert one(doc, "azurerm_firewall_policy_rule_collection_group")["firewall_policy_id"] == f"{hub}/firewallPolicies/hub-policy"
    assert one(doc, "azurerm_route_table")["route"][0]["next_hop_in_ip_address"] == "10.0.0.4"
    assert len(resources(doc, "azurerm_private_dns_zone")) == 7
    hub_links = [link for link in resources(doc, "azurerm_private_dns_zone_virtual_network_link").values() if link["resource_group_name"] == "hub"]
    assert len(hub_links) == 2 and all(link["name"] == "link-vnet-spoke" for link in hub_links)
    assert resources(doc, "azurerm_virtual_network_dns_servers") == {}


def test_remote_state():
    doc = build({"state": {"backend": "azurerm", "azurerm": {"resource_group_name": "rg-tfstate", "storage_account_name": "sttfstate",
                                                             "container_name": "tfstate"}}})
    be = doc["terraform"]["backend"]["azurerm"]
    assert (be["key"], be["container_name"], be["use_azuread_auth"]) == ("secure-workspace.tfstate", "tfstate", True)


def test_usgov_environment_and_zones():
    doc = build({"cloud": "usgov", "region": "usgovvirginia"})
    assert doc["provider"]["azurerm"][0]["environment"] == "usgovernment"
    names = {z["name"] for z in resources(doc, "azurerm_private_dns_zone").values()}
    assert "privatelink.api.ml.azure.us" in names and not any(n.endswith((".windows.net", ".azureml.ms")) for n in names)


def test_compute_waits_for_dns_and_firewall_rules(default_doc):
    deps = one(default_doc, "azurerm_machine_learning_compute_cluster")["depends_on"]
    assert any(d.startswith("azurerm_virtual_network_dns_servers.") for d in deps)
    assert any(d.startswith("azurerm_firewall_policy_rule_collection_group.") for d in deps)
