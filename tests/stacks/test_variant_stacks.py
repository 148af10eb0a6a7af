"""The variant stacks (issue 3): snapshots and the rules that matter."""

from __future__ import annotations

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from amlnet.loading import load_config, parse_config
from amlnet.providers import App
from amlnet.stacks import STACKS
from tests.conftest import ROOT, one, resources, synth_stack
from tests.stacks.test_secure_workspace import scrub


def synth(kind: str, data: dict | None = None) -> dict:
    cfg = parse_config(data or {})
    return synth_stack(STACKS[kind](App(), kind, cfg.for_stack(kind)))


@pytest.fixture(scope="module")
def docs():
    return {k: synth(k) for k in ("peered-compute", "private-endpoint-compute", "serverless-no-public-ip")}


@pytest.mark.parametrize("kind", ["peered-compute", "private-endpoint-compute", "serverless-no-public-ip"])
def test_snapshot(docs, kind, snapshot):
    assert scrub(docs[kind]) == snapshot.use_extension(JSONSnapshotExtension)


def test_composition(docs):
    """The peered VNet links to all 9 zones; the private-endpoint VNet has its own 9 zones and 8 endpoints."""
    def n(kind, rtype):
        return len(docs[kind]["resource"].get(rtype, {}))

    assert n("peered-compute", "azurerm_private_dns_zone_virtual_network_link") == 18
    assert n("peered-compute", "azurerm_virtual_network_peering") == 2
    assert n("private-endpoint-compute", "azurerm_private_endpoint") == 16
    assert n("private-endpoint-compute", "azurerm_private_dns_zone") == n("private-endpoint-compute", "azurerm_private_dns_zone_virtual_network_link") == 18
    assert n("serverless-no-public-ip", "azurerm_machine_learning_compute_instance") == 0


# --- peered-compute -------------------------------------------------------------------------------


def test_peered_both_directions(docs):
    peerings = list(resources(docs["peered-compute"], "azurerm_virtual_network_peering").values())
    assert len(peerings) == 2
    pairs = {(p["virtual_network_name"].split(".")[1], p["remote_virtual_network_id"].split(".")[1]) for p in peerings}
    assert len(pairs) == 2 and {(a, b) for a, b in pairs} == {(b, a) for a, b in pairs}


def test_peered_compute_vnet_zone_links(docs):
    doc = docs["peered-compute"]
    compute_links = [link for link in resources(doc, "azurerm_private_dns_zone_virtual_network_link").values()
                     if "compute-network_vnet" in link["virtual_network_id"]]
    # each link names its zone by reference (so Terraform creates the zone first), every zone once
    zones = resources(doc, "azurerm_private_dns_zone")
    linked = {link["private_dns_zone_name"] for link in compute_links}
    assert linked == {f"${{azurerm_private_dns_zone.{k}.name}}" for k in zones} and len(compute_links) == 9
    assert {"privatelink.api.azureml.ms", "privatelink.notebooks.azure.net"} <= {z["name"] for z in zones.values()}


def test_peered_cluster_in_the_compute_vnet_region_without_public_ip():
    doc = synth("peered-compute", {"compute_network": {"region": "westus2"}})
    c = one(doc, "azurerm_machine_learning_compute_cluster")
    assert c["location"] == "westus2" and c["node_public_ip_enabled"] is False
    assert c["subnet_resource_id"].startswith("${azurerm_subnet.compute-network_compute-subnet")
    assert resources(doc, "azurerm_machine_learning_compute_instance") == {}
    vnets = {v["name"]: v["location"] for v in resources(doc, "azurerm_virtual_network").values()}
    assert vnets == {"vnet-amlnetpc": "eastus2", "vnet-amlnetpc-compute": "westus2"}
    assert any(d.startswith("azurerm_virtual_network_peering.") for d in c["depends_on"])
    rules = {r["destination_address_prefix"] for r in one(doc, "azurerm_network_security_group")["security_rule"]}
    assert {"BatchNodeManagement.EastUS2", "BatchNodeManagement.WestUS2"} <= rules


def test_peered_nat_gateway_in_compute_region():
    doc = synth("peered-compute", {"compute_network": {"region": "westus2", "egress_mode": "nat-gateway"}, "egress": {"nat_allow_unfiltered_https": True, "mode": "nat-gateway"}})
    assert one(doc, "azurerm_nat_gateway")["location"] == "westus2"
    assert resources(doc, "azurerm_firewall") == {} and resources(doc, "azurerm_route_table") == {}


# --- private-endpoint-compute ----------------------------------------------------------------------


def test_second_workspace_private_endpoint(docs):
    doc = docs["private-endpoint-compute"]
    ws_pes = [p for p in resources(doc, "azurerm_private_endpoint").values() if p["private_service_connection"]["subresource_names"] == ["amlworkspace"]]
    assert len(ws_pes) == 2
    subnets = {p["subnet_id"].split(".")[1] for p in ws_pes}
    assert len(subnets) == 2  # one in each VNet
    assert resources(doc, "azurerm_virtual_network_peering") == {}
    second = [p for p in ws_pes if "compute-network" in p["subnet_id"]][0]
    assert second["resource_group_name"] == "${azurerm_resource_group.compute-resource-group.name}"
    compute_subs = sorted(p["private_service_connection"]["subresource_names"][0] for p in resources(doc, "azurerm_private_endpoint").values()
                          if "compute-network" in p["subnet_id"])
    assert compute_subs == ["amlworkspace", "blob", "dfs", "file", "queue", "registry", "table", "vault"]


def test_private_endpoint_zones_linked_to_the_compute_vnet(docs):
    doc = docs["private-endpoint-compute"]
    links = [link for link in resources(doc, "azurerm_private_dns_zone_virtual_network_link").values() if "compute-network_vnet" in link["virtual_network_id"]]
    assert len(links) == 9
    assert all("compute-endpoints_dns_zone-" in link["private_dns_zone_name"] for link in links)


def test_private_endpoint_compute_has_its_own_egress(docs):
    doc = docs["private-endpoint-compute"]
    fw = one(doc, "azurerm_firewall")
    assert fw["name"] == "afw-amlnetpe-compute"
    subnet = [s for s in resources(doc, "azurerm_subnet").values() if s["name"] == "AzureFirewallSubnet"][0]
    assert subnet["address_prefixes"] == ["10.21.2.0/26"]
    c = one(doc, "azurerm_machine_learning_compute_cluster")
    assert c["node_public_ip_enabled"] is False and c["subnet_resource_id"].startswith("${azurerm_subnet.compute-subnet")


# --- serverless-no-public-ip -------------------------------------------------------------------


def test_serverless_block_and_private_workspace(docs):
    doc = docs["serverless-no-public-ip"]
    w = one(doc, "azurerm_machine_learning_workspace")
    assert w["public_network_access_enabled"] is False
    assert w["serverless_compute"]["public_ip_enabled"] is False
    assert w["serverless_compute"]["subnet_id"].startswith("${azurerm_subnet.compute-subnet")
    nsg = one(doc, "azurerm_network_security_group")
    assert any(r["name"] == "DenyAllOutbound" for r in nsg["security_rule"])
    assert resources(doc, "azurerm_machine_learning_compute_instance") == {}
    assert one(doc, "azurerm_subnet_route_table_association")["subnet_id"] == w["serverless_compute"]["subnet_id"]


# --- public-IP compute -----------------------------------------------------------------------------


def test_public_ip_example():
    cfg = load_config(ROOT / "examples/public-ip-compute.yaml")
    doc = synth_stack(STACKS["secure-workspace"](App(), "secure-workspace", cfg))
    rules = {r["name"]: r for r in one(doc, "azurerm_network_security_group")["security_rule"]}
    aml = rules["AllowInAzureMachineLearningTcp"]
    assert (aml["direction"], aml["source_address_prefix"], aml["destination_port_range"]) == ("Inbound", "AzureMachineLearning", "44224")
    batch = rules["AllowInBatchNodeManagementEastUS2Tcp"]
    assert (batch["source_address_prefix"], batch["destination_port_range"]) == ("BatchNodeManagement.EastUS2", "29876-29877")
    routes = {r["address_prefix"]: r for r in one(doc, "azurerm_route_table")["route"]}
    for prefix in ("AzureMachineLearning.EastUS2", "AzureMachineLearning.CentralUS", "BatchNodeManagement.EastUS2", "BatchNodeManagement.CentralUS"):
        assert routes[prefix]["next_hop_type"] == "Internet" and routes[prefix]["next_hop_in_ip_address"] is None
    assert routes["0.0.0.0/0"]["next_hop_type"] == "VirtualAppliance"
    for rtype in ("azurerm_machine_learning_compute_cluster", "azurerm_machine_learning_compute_instance"):
        assert one(doc, rtype)["node_public_ip_enabled"] is True
