"""DNS to the hub: with custom DNS servers (a hub firewall's DNS proxy or a resolver), compute subnets
reach them on UDP and TCP 53 before the NSG's final deny, and VNets the stack creates use them."""

import copy
import json

import pytest

from amlnet.config import ConfigError
from amlnet.loading import load_config, parse_config
from amlnet.providers import App
from amlnet.stacks import PeeredComputeStack, SecureWorkspaceStack, build_app
from amlnet.verify import Document, verify_document
from tests.conftest import ROOT, one, resources, synth_stack

HUB_VNET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"
# a DNS server in the hub needs the hub VNet declared: the zones the stack creates are linked there (issue 19, item 5)
HUB_DNS = {"dns": {"servers": ["10.0.0.4"]}, "egress": {"firewall": {"use_as_dns": False}}, "hub": {"vnet_id": HUB_VNET}}


def _rules(doc):
    return {r["name"]: r for nsg in resources(doc, "azurerm_network_security_group").values() for r in nsg["security_rule"]}


def test_hub_spoke_example_allows_dns_to_the_hub_before_the_final_deny(tmp_path):
    build_app(load_config(ROOT / "examples/hub-spoke.yaml"), str(tmp_path)).synth()  # with the `//` metadata
    doc = json.loads((tmp_path / "stacks" / "secure-workspace" / "cdk.tf.json").read_text())
    rules = _rules(doc)
    for proto in ("Udp", "Tcp"):
        r = rules[f"AllowOutDnsToHub{proto}"]
        assert (r["protocol"], r["destination_address_prefix"], r["destination_port_range"], r["access"]) == (proto, "10.0.0.4", "53", "Allow")
        assert r["priority"] < rules["DenyAllOutbound"]["priority"]
    assert doc["//"]["amlnet"]["dns_servers"] == ["10.0.0.4"]
    rep = verify_document(Document(doc, "hub-spoke"))
    dns = [f for f in rep.findings if f.flow.startswith("DNS to the VNet's DNS server 10.0.0.4")]
    assert len(dns) == 2 and not any(f.violation for f in dns)


def test_created_vnets_use_the_custom_servers():
    doc = synth_stack(PeeredComputeStack(App(), "p", parse_config(HUB_DNS).for_stack("peered-compute")))
    servers = [d["dns_servers"] for d in resources(doc, "azurerm_virtual_network_dns_servers").values()]
    assert servers == [["10.0.0.4"], ["10.0.0.4"]]  # workspace VNet and the peered compute VNet
    assert "AllowOutDnsToHubUdp" in _rules(doc)


def test_removing_the_dns_rule_is_a_violation():
    doc = synth_stack(SecureWorkspaceStack(App(), "s", parse_config(HUB_DNS)))
    mutated = copy.deepcopy(doc)
    nsg = one(mutated, "azurerm_network_security_group")
    nsg["security_rule"] = [r for r in nsg["security_rule"] if r["name"] != "AllowOutDnsToHubUdp"]
    # Testing.synth drops the `//` metadata: give back what verify needs (where the hub's DNS server lives)
    mutated["//"] = {"amlnet": {"cloud": "public", "regions": ["eastus2"], "scenarios": ["compute", "studio"], "hub_vnet_id": HUB_VNET}}
    bad = [f for f in verify_document(Document(mutated, "s")).findings if f.violation]
    assert [f.flow for f in bad] == ["DNS to the VNet's DNS server 10.0.0.4 UDP/53"]
    assert "DenyAllOutbound" in bad[0].decided_by


@pytest.mark.parametrize("data, message", [
    ({"dns": {"servers": ["10.0.0.4"]}}, "dns.servers: ['10.0.0.4'] and egress.firewall.use_as_dns: true both choose"),
    ({"dns": {"servers": ["10.20.0.9"]}, "egress": {"firewall": {"use_as_dns": False}}}, "dns.servers: 10.20.0.9 is inside network.compute_subnet.cidr"),
    ({"dns": {"servers": ["8.8.8.8"]}}, "must be a private IPv4 address"),
    ({"dns": {"servers": ["dns.hub"]}}, "'dns.hub' is not an IP address"),
])
def test_bad_dns_servers_are_refused(data, message):
    with pytest.raises(ConfigError, match=None) as e:
        parse_config(data, "cfg.yaml")
    assert message in str(e.value)
