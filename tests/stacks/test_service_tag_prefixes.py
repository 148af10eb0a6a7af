"""Service tags as IP prefixes (issue 4): data sources, outputs, and routes built from prefixes."""

import pytest

from amlnet.config import ConfigError
from amlnet.loading import parse_config
from amlnet.providers import App
from amlnet.stacks import STACKS
from tests.conftest import one, resources, synth_stack


def synth(kind, data):
    cfg = parse_config(data)
    return synth_stack(STACKS[kind](App(), kind, cfg.for_stack(kind)))


def test_lookups_and_output():
    doc = synth("secure-workspace", {"service_tag_prefixes": True, "workspace": {"hbi": True}})
    ds = {(d["service"], d["location_filter"]) for d in doc["data"]["azurerm_network_service_tags"].values()}
    assert ds == {("BatchNodeManagement", "eastus2"), ("Storage", "eastus2"), ("AzureKeyVault", "eastus2")}
    assert all(d["location"] == "eastus2" for d in doc["data"]["azurerm_network_service_tags"].values())
    out = doc["output"]["service_tag_prefixes"]["value"]
    assert set(out) == {"BatchNodeManagement.EastUS2", "Storage.EastUS2", "AzureKeyVault.EastUS2"}
    assert all(v.endswith(".ipv4_cidrs}") for v in out.values())
    # inline routes unchanged when only the lookups are asked for
    assert one(doc, "azurerm_route_table")["route"][0]["address_prefix"] == "0.0.0.0/0"


def test_public_ip_routes_from_prefixes():
    doc = synth("secure-workspace", {"compute": {"public_ip": True, "public_ip_routes": "ip-prefixes"}})
    ds = {(d["service"], d["location_filter"]) for d in doc["data"]["azurerm_network_service_tags"].values()}
    assert {("AzureMachineLearning", "eastus2"), ("AzureMachineLearning", "centralus"),
            ("BatchNodeManagement", "eastus2"), ("BatchNodeManagement", "centralus")} <= ds
    rt = one(doc, "azurerm_route_table")
    assert "route" not in rt or not rt["route"]  # every route is a separate azurerm_route
    routes = resources(doc, "azurerm_route")
    default = [r for r in routes.values() if r.get("address_prefix") == "0.0.0.0/0"]
    assert len(default) == 1 and default[0]["next_hop_type"] == "VirtualAppliance"
    per_prefix = [r for r in routes.values() if "for_each" in r]
    assert len(per_prefix) == 4
    for r in per_prefix:
        assert r["next_hop_type"] == "Internet" and r["address_prefix"] == "${each.value}"
        assert r["for_each"].startswith("${toset(data.azurerm_network_service_tags.") and r["for_each"].endswith(".ipv4_cidrs)}")


def test_peered_stack_prefix_routes():
    doc = synth("peered-compute", {"compute": {"public_ip": True, "public_ip_routes": "ip-prefixes"}, "compute_network": {"region": "westus2"}})
    ds = {(d["service"], d["location_filter"]) for d in doc["data"]["azurerm_network_service_tags"].values()}
    assert ("AzureMachineLearning", "westcentralus") in ds and ("BatchNodeManagement", "westus2") in ds


def test_ip_prefix_routes_need_public_ip():
    with pytest.raises(ConfigError, match="compute.public_ip_routes: 'ip-prefixes' shapes the routes of compute with public IP"):
        parse_config({"compute": {"public_ip_routes": "ip-prefixes"}})
