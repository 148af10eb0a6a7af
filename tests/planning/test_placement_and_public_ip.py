"""Planning for the variants: placements, public-IP compute rules and routes."""

from amlnet.loading import parse_config
from amlnet.planner import (
    peered_placement,
    plan_firewall_rules,
    plan_nsg_rules,
    plan_routes,
    private_endpoint_placement,
    workspace_placement,
)


def by_name(rules):
    return {r.name: r for r in rules}


def test_public_ip_inbound_rules():
    cfg = parse_config({"compute": {"public_ip": True}})
    r = by_name(plan_nsg_rules(cfg))
    aml = r["AllowInAzureMachineLearningTcp"]
    assert (aml.direction, aml.source_prefixes, aml.destination_prefixes, aml.destination_ports) == (
        "Inbound", ("AzureMachineLearning",), ("10.20.0.0/24",), ("44224",))
    batch = r["AllowInBatchNodeManagementEastUS2Tcp"]
    assert (batch.source_prefixes, batch.destination_ports) == (("BatchNodeManagement.EastUS2",), ("29876-29877",))


def test_no_inbound_allow_rules_without_public_ip():
    assert not [r for r in plan_nsg_rules(parse_config({})) if r.direction == "Inbound" and r.access == "Allow"]


def test_public_ip_routes_for_primary_and_paired_region():
    routes = plan_routes(parse_config({"compute": {"public_ip": True}}))
    internet = {(r.address_prefix, r.next_hop_type) for r in routes if r.next_hop_type == "Internet"}
    assert internet == {
        ("AzureMachineLearning.EastUS2", "Internet"), ("BatchNodeManagement.EastUS2", "Internet"),
        ("AzureMachineLearning.CentralUS", "Internet"), ("BatchNodeManagement.CentralUS", "Internet"),
    }
    assert routes[0].address_prefix == "0.0.0.0/0"


def test_public_ip_without_firewall_has_no_routes():
    cfg = parse_config({"compute": {"public_ip": True}, "egress": {"mode": "nat-gateway", "nat_allow_unfiltered_https": True}})
    assert plan_routes(cfg) == ()


def test_region_without_pair_routes_primary_only():
    routes = plan_routes(parse_config({"region": "polandcentral", "compute": {"public_ip": True}}))
    assert {r.address_prefix for r in routes if r.next_hop_type == "Internet"} == {"AzureMachineLearning.PolandCentral", "BatchNodeManagement.PolandCentral"}


def test_peered_placement_uses_the_workspace_endpoints_and_firewall():
    cfg = parse_config({"compute_network": {"region": "westus2"}})
    pl = peered_placement(cfg)
    assert pl.subnet_cidr == "10.21.0.0/24" and pl.private_endpoint_prefixes == ("10.20.1.0/24",)
    assert pl.dns_proxy_prefix == "10.20.2.0/26"
    assert [r.name for r in pl.regions] == ["eastus2", "westus2"]
    r = by_name(plan_nsg_rules(cfg, pl))
    # regional tags for the workspace's region and the compute's region
    assert r["AllowOutBatchNodeManagementEastUS2Any"] and r["AllowOutBatchNodeManagementWestUS2Any"]
    assert r["AllowOutWithinComputeSubnet"].destination_prefixes == ("10.21.0.0/24",)


def test_private_endpoint_placement_uses_its_own_endpoints():
    cfg = parse_config({})
    pl = private_endpoint_placement(cfg)
    assert pl.private_endpoint_prefixes == ("10.21.1.0/24",) and pl.dns_proxy_prefix == "10.21.2.0/26"
    assert by_name(plan_nsg_rules(cfg, pl))["AllowOutPrivateEndpointsTcp"].destination_prefixes == ("10.21.1.0/24",)


def test_firewall_sources_are_the_placements_subnets():
    cfg = parse_config({})
    plan = plan_firewall_rules(cfg, (workspace_placement(cfg), peered_placement(cfg)))
    assert {r.source_addresses for r in plan.network_rules} == {("10.20.0.0/24", "10.21.0.0/24")}
