"""dns.resolver (issue 14): an Azure DNS Private Resolver in the workspace VNet; its static inbound
address is the VNet's DNS server and the compute NSG's DNS target; bad subnets are refused."""

from __future__ import annotations

import copy

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from amlnet.config import ConfigError
from amlnet.constructs import DnsResolverProps, PropsError
from amlnet.loading import load_config, parse_config
from amlnet.providers import App
from amlnet.stacks import PeeredComputeStack, SecureWorkspaceStack
from amlnet.verify import Document, verify_document
from tests.conftest import ROOT, one, resources, synth_stack
from tests.stacks.test_secure_workspace import scrub

EXAMPLE = ROOT / "examples" / "custom-dns-resolver.yaml"
BASE = {"egress": {"firewall": {"use_as_dns": False}}, "dns": {"resolver": {"inbound_subnet": {"cidr": "10.20.3.0/28"}}}}


@pytest.fixture(scope="module")
def doc():
    return synth_stack(SecureWorkspaceStack(App(), "secure-workspace", load_config(EXAMPLE)))


def test_snapshot(doc, snapshot):
    assert scrub(doc) == snapshot.use_extension(JSONSnapshotExtension)


def test_resolver_is_linked_to_the_workspace_vnet(doc):
    resolver = one(doc, "azurerm_private_dns_resolver")
    vnet_key = next(iter(resources(doc, "azurerm_virtual_network")))
    assert resolver["virtual_network_id"] == f"${{azurerm_virtual_network.{vnet_key}.id}}"
    assert resolver["location"] == "eastus2"


def test_inbound_endpoint_is_static_in_its_own_delegated_subnet(doc):
    ep = one(doc, "azurerm_private_dns_resolver_inbound_endpoint")
    ipc = ep["ip_configurations"]
    assert ipc["private_ip_allocation_method"] == "Static" and ipc["private_ip_address"] == "10.20.3.4"
    subnets = resources(doc, "azurerm_subnet")
    key = ipc["subnet_id"].split(".")[1]
    sub = subnets[key]
    assert sub["address_prefixes"] == ["10.20.3.0/28"] and sub["name"] == "snet-dns-resolver-inbound"
    assert sub["delegation"][0]["service_delegation"]["name"] == "Microsoft.Network/dnsResolvers"
    # only the resolver's subnet is delegated; nothing else references it
    assert [k for k, s in subnets.items() if s.get("delegation")] == [key]


def test_vnet_dns_is_the_resolver_and_waits_for_it(doc):
    dns = one(doc, "azurerm_virtual_network_dns_servers")
    assert dns["dns_servers"] == ["10.20.3.4"]
    assert any(d.startswith("azurerm_private_dns_resolver_inbound_endpoint.") for d in dns["depends_on"])


def test_compute_nsg_allows_dns_to_the_resolver_only(doc):
    nsg = next(n for n in resources(doc, "azurerm_network_security_group").values() if "compute" in n["name"])
    dns = [r for r in nsg["security_rule"] if r.get("destination_port_range") == "53"]
    assert {r["protocol"] for r in dns} == {"Udp", "Tcp"}
    assert all((r.get("destination_address_prefixes") or [r.get("destination_address_prefix")]) == ["10.20.3.4"] for r in dns)


def test_verify_is_clean_and_dns_to_the_resolver_needs_the_rule(doc):
    cfg = load_config(EXAMPLE)
    assert not [f for f in verify_document(Document(doc, "s"), cloud="public", regions=[cfg.region]).findings if f.violation]
    mutated = copy.deepcopy(doc)
    nsg = next(n for n in resources(mutated, "azurerm_network_security_group").values() if "compute" in n["name"])
    nsg["security_rule"] = [r for r in nsg["security_rule"] if r.get("destination_port_range") != "53"]
    bad = [f.flow for f in verify_document(Document(mutated, "s"), cloud="public", regions=[cfg.region]).findings if f.violation]
    assert "DNS to the VNet's DNS server 10.20.3.4 UDP/53" in bad


def test_peered_compute_vnet_uses_the_resolver_too():
    cfg = parse_config({**BASE, "stacks": ["peered-compute"]}).for_stack("peered-compute")
    d = synth_stack(PeeredComputeStack(App(), "pc", cfg))
    servers = sorted(tuple(x["dns_servers"]) for x in resources(d, "azurerm_virtual_network_dns_servers").values())
    assert servers == [("10.20.3.4",), ("10.20.3.4",)]


def test_static_ip_of_choice():
    cfg = parse_config({**BASE, "dns": {"resolver": {"inbound_subnet": {"cidr": "10.20.3.0/28"}, "inbound_ip": "10.20.3.10"}}})
    assert cfg.dns.servers == ("10.20.3.10",)


def test_without_resolver_nothing_changes(default_cfg):
    d = synth_stack(SecureWorkspaceStack(App(), "s", default_cfg))
    assert not resources(d, "azurerm_private_dns_resolver") and not resources(d, "azurerm_private_dns_resolver_inbound_endpoint")


def _with(**dns_resolver):
    data = copy.deepcopy(BASE)
    data["dns"]["resolver"].update(dns_resolver)
    return data


@pytest.mark.parametrize("data, message", [
    ({"dns": BASE["dns"]}, "dns.resolver and egress.firewall.use_as_dns: true both choose the VNet's DNS servers"),
    (_with(inbound_subnet={"cidr": "10.20.3.0/29"}), "dns.resolver.inbound_subnet.cidr: 10.20.3.0/29 is a /29; a DNS Private Resolver subnet is /28"),
    (_with(inbound_subnet={"cidr": "10.20.0.0/23"}), "is a /23; a DNS Private Resolver subnet is /24 at the largest"),
    (_with(inbound_subnet={"cidr": "10.20.0.0/28"}), "dns.resolver.inbound_subnet.cidr: 10.20.0.0/28 overlaps network.compute_subnet: 10.20.0.0/24"),
    (_with(inbound_subnet={"cidr": "10.20.2.0/28"}), "overlaps network.firewall_subnet_cidr: 10.20.2.0/26"),
    (_with(inbound_subnet={"cidr": "10.99.0.0/28"}), "dns.resolver.inbound_subnet.cidr: 10.99.0.0/28 is outside network.address_space (10.20.0.0/16)"),
    (_with(inbound_subnet={"name": "snet-aml-private-endpoints", "cidr": "10.20.3.0/28"}),
     "dns.resolver.inbound_subnet.name: 'snet-aml-private-endpoints' is also network.private_endpoint_subnet; the resolver's subnet is delegated"),
    (_with(inbound_ip="10.20.3.2"), "inbound_ip: 10.20.3.2 is one of the addresses Azure reserves in 10.20.3.0/28"),
    (_with(inbound_ip="10.20.4.4"), "inbound_ip: 10.20.4.4 is outside the resolver subnet 10.20.3.0/28"),
    ({**BASE, "dns": {**BASE["dns"], "servers": ["10.0.0.4"]}}, "servers: ['10.0.0.4'] and resolver both choose the VNet's DNS servers"),
])
def test_bad_resolver_configurations_are_refused(data, message):
    with pytest.raises(ConfigError) as e:
        parse_config(data, "cfg.yaml")
    assert message in str(e.value) and "cfg.yaml" in str(e.value)


PROPS = {"name": "dnspr-x", "location": "eastus2", "resource_group_name": "rg-x", "vnet_id": "id", "vnet_name": "vnet-x",
         "vnet_resource_group_name": "rg-x", "subnet_cidr": "10.0.3.0/28"}


@pytest.mark.parametrize("change, message", [
    ({"subnet_cidr": "10.0.3.0/30"}, "subnet_cidr"),
    ({"inbound_ip": "10.0.3.15"}, "inbound_ip"),
    ({"subnet_name": "bad name!"}, "subnet_name"),
])
def test_construct_props_are_validated(change, message):
    with pytest.raises(PropsError) as e:
        DnsResolverProps(**{**PROPS, **change})
    assert message in str(e.value)


def test_managed_network_keeps_the_resolver_for_the_workspace_vnet():
    from amlnet.stacks import STACKS

    cfg = parse_config({"isolation": "managed", "dns": {"resolver": {"inbound_subnet": {"cidr": "10.20.3.0/28"}}}})
    d = synth_stack(STACKS["managed-network"](App(), "managed-network", cfg))
    assert one(d, "azurerm_private_dns_resolver_inbound_endpoint")["ip_configurations"]["private_ip_address"] == "10.20.3.4"
