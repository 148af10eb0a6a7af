"""Hub-spoke DNS and routing that lead somewhere (issue 19, items 3, 5 and 14): a DNS server in the hub resolves in
the hub VNet, so the zones a stack creates are linked there; a VNet the stack creates reaches the hub's firewall or
DNS server only through its own peering with the hub. Each refusal and each verify violation below is what the
previous release shipped without a word."""

from __future__ import annotations

import copy

import pytest

from amlnet.config import ConfigError
from amlnet.loading import load_config, parse_config
from amlnet.providers import App
from amlnet.stacks import STACKS
from amlnet.verify import Document, verify_document
from tests.conftest import ROOT, one, resources, synth_stack
from tests.synthesized import app_output

SUB = "00000000-0000-0000-0000-000000000000"
HUB_VNET = f"/subscriptions/{SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"
POLICY = f"/subscriptions/{SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/afwp-hub"
HUB_FIREWALL = {"egress": {"mode": "firewall", "firewall": {"existing": {"policy_id": POLICY, "private_ip": "10.0.0.4"}}}}
LINK = "azurerm_private_dns_zone_virtual_network_link"
PEERING = "azurerm_virtual_network_peering"


def _meta(doc: dict, **extra: object) -> dict:
    """Testing.synth drops the `//` metadata verify reads: put back the cloud, region and hub."""
    d = copy.deepcopy(doc)
    d["//"] = {"amlnet": {"cloud": "public", "regions": ["eastus2"], "scenarios": ["compute", "studio"], **extra}}
    return d


# --- configuration ----------------------------------------------------------------------------------------------


def test_hub_spoke_without_the_hub_vnet_is_refused():
    """The example as the previous release shipped it: its created zones answered only the spoke."""
    data = load_config(ROOT / "examples/hub-spoke.yaml").model_dump(exclude_unset=True)
    data.pop("hub")
    with pytest.raises(ConfigError, match=r"dns.servers: \['10.0.0.4'\] lie outside the stack's VNets.*blob, file, queue, table, dfs, vault, registry.*hub.vnet_id"):
        parse_config(data)


def test_every_zone_from_the_hub_needs_no_hub_vnet():
    zones = {k: f"/subscriptions/{SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/{z}" for k, z in [
        ("api", "privatelink.api.azureml.ms"), ("notebooks", "privatelink.notebooks.azure.net"), ("blob", "privatelink.blob.core.windows.net"),
        ("file", "privatelink.file.core.windows.net"), ("queue", "privatelink.queue.core.windows.net"),
        ("table", "privatelink.table.core.windows.net"), ("dfs", "privatelink.dfs.core.windows.net"),
        ("vault", "privatelink.vaultcore.azure.net"), ("registry", "privatelink.azurecr.io")]}
    net = {"existing_vnet_id": f"/subscriptions/{SUB}/resourceGroups/rg-s/providers/Microsoft.Network/virtualNetworks/vnet-s",
           "address_space": ["10.60.0.0/16"], "compute_subnet": {"name": "c", "cidr": "10.60.4.0/24"},
           "private_endpoint_subnet": {"name": "p", "cidr": "10.60.5.0/24"}}
    cfg = parse_config({"stacks": ["secure-workspace"], "network": net, "dns": {"servers": ["10.0.0.4"], "existing_zone_ids": zones},
                        **HUB_FIREWALL})
    assert cfg.hub is None


def test_a_created_vnet_routed_to_a_hub_firewall_needs_the_hub():
    with pytest.raises(ConfigError, match=r"egress.firewall.existing.private_ip '10.0.0.4' is outside the stack's VNets, but the stack creates network"):
        parse_config({"stacks": ["secure-workspace"], **HUB_FIREWALL})


def test_aks_managed_zone_with_custom_dns_is_refused():
    """Item 3: with scope 'subnet' AKS links its own zone, which needs Network Contributor on the VNet."""
    with pytest.raises(ConfigError, match=r"inference.network_contributor_scope: 'subnet' makes AKS create and link the API server's zone"):
        parse_config({"stacks": ["aks-inference"], "inference": {"network_contributor_scope": "subnet"},
                      "dns": {"servers": ["10.20.9.4"]}, "egress": {"firewall": {"use_as_dns": False}}})


@pytest.mark.parametrize("hub, match", [
    ({}, "hub: set vnet_id"),
    ({"vnet_id": HUB_VNET, "subscription_id": "11111111-1111-1111-1111-111111111111"}, "is in subscription 00000000"),
    ({"vnet_id": POLICY}, "hub.vnet_id"),
])
def test_bad_hub(hub, match):
    with pytest.raises(ConfigError, match=match):
        parse_config({"hub": hub})


def test_hub_subscription_comes_from_the_vnet_id():
    assert parse_config({"hub": {"vnet_id": HUB_VNET}}).hub.subscription == SUB


# --- item 5: the zones the stack creates are linked where the hub's DNS server resolves ---------------------------


@pytest.fixture(scope="module")
def hub_spoke():
    return app_output("hub-spoke.yaml")["secure-workspace"]


def test_hub_spoke_links_every_created_zone_to_the_hub_vnet(hub_spoke):
    created = {f"${{azurerm_private_dns_zone.{k}.name}}" for k in resources(hub_spoke, "azurerm_private_dns_zone")}
    to_hub = {link["private_dns_zone_name"] for link in resources(hub_spoke, LINK).values() if link["virtual_network_id"] == HUB_VNET}
    assert len(created) == 7 and to_hub == created


def test_hub_spoke_verifies_clean(hub_spoke):
    rep = verify_document(Document(hub_spoke, "hub-spoke"))
    assert not rep.violations
    dns = [f for f in rep.findings if f.check == "dns" and "blob" in f.flow]
    assert dns and all("where the DNS server resolves (10.0.0.4 in vnet:vnet-hub)" in f.decided_by for f in dns)


def test_verify_without_the_hub_links_names_every_zone(hub_spoke):
    """Item 5 as verify sees it: the previous output (links to the spoke only) is a violation, not OK."""
    d = copy.deepcopy(hub_spoke)
    d["resource"][LINK] = {k: v for k, v in d["resource"][LINK].items() if v["virtual_network_id"] != HUB_VNET}
    bad = [f for f in verify_document(Document(d, "hub-spoke")).violations if f.check == "dns"]
    assert {f.flow for f in bad} >= {"resolve privatelink.blob.core.windows.net", "resolve privatelink.vaultcore.azure.net",
                                     "resolve privatelink.azurecr.io"}
    assert all("not linked to vnet:vnet-hub, where DNS server 10.0.0.4 resolves" in f.decided_by for f in bad)


def test_verify_without_a_declared_hub_does_not_say_ok(hub_spoke):
    d = copy.deepcopy(hub_spoke)
    del d["//"]["amlnet"]["hub_vnet_id"]
    bad = [f for f in verify_document(Document(d, "hub-spoke")).violations if f.check == "dns"]
    assert bad and all("no hub VNet is declared" in f.decided_by for f in bad)


def test_aks_api_server_zone_is_linked_to_the_hub():
    cfg = parse_config({"stacks": ["aks-inference"], "hub": {"vnet_id": HUB_VNET}, "dns": {"servers": ["10.0.0.4"]},
                        "egress": {"firewall": {"use_as_dns": False}}, "network": {"address_space": ["10.20.0.0/16"]}})
    cfg = cfg.for_stack("aks-inference")
    doc = synth_stack(STACKS["aks-inference"](App(), "aks", cfg))
    zone = next(k for k, z in resources(doc, "azurerm_private_dns_zone").items() if z["name"].endswith(".azmk8s.io"))
    hub_links = [v for v in resources(doc, LINK).values()
                 if v["virtual_network_id"] == HUB_VNET and v["private_dns_zone_name"] == f"${{azurerm_private_dns_zone.{zone}.name}}"]
    assert len(hub_links) == 1


# --- item 14: a VNet the stack creates is peered with the hub it routes to -----------------------------------------


@pytest.fixture(scope="module")
def spoke_created():
    cfg = parse_config({"stacks": ["secure-workspace"], "hub": {"vnet_id": HUB_VNET}, **HUB_FIREWALL})
    return synth_stack(STACKS["secure-workspace"](App(), "s", cfg))


def test_created_vnet_is_peered_both_ways_with_the_hub(spoke_created):
    p = {v["name"]: v for v in resources(spoke_created, PEERING).values()}
    assert p["peer-workspace-to-hub"]["remote_virtual_network_id"] == HUB_VNET
    assert p["peer-hub-to-workspace"]["virtual_network_name"] == "vnet-hub" and p["peer-hub-to-workspace"]["resource_group_name"] == "rg-hub"
    assert p["peer-hub-to-workspace"]["provider"] == "azurerm.hub"
    assert all(x["allow_forwarded_traffic"] is True for x in p.values())
    cluster = one(spoke_created, "azurerm_machine_learning_compute_cluster")
    assert {d for d in cluster["depends_on"] if d.startswith(PEERING)} == {f"{PEERING}.{k}" for k in resources(spoke_created, PEERING)}


def test_verify_reports_the_unpeered_next_hop(spoke_created):
    ok = verify_document(Document(_meta(spoke_created, hub_vnet_id=HUB_VNET), "s"))
    hop = [f for f in ok.findings if f.check == "reachability"]
    assert hop and not [f for f in ok.violations if f.check == "reachability"]
    d = copy.deepcopy(spoke_created)
    del d["resource"][PEERING]
    bad = [f for f in verify_document(Document(_meta(d, hub_vnet_id=HUB_VNET), "s")).violations if f.check == "reachability"]
    assert [f.flow for f in bad] == ["route next hop 10.0.0.4 reachable from the compute VNet"]
    assert "peering is not transitive" in bad[0].decided_by
