"""NSG planning, one policy rule per test."""

from amlnet.catalog import PortRange
from amlnet.loading import parse_config
from amlnet.planner import plan_nsg_rules
from amlnet.planning import DENY_ALL_PRIORITY, merge_ports


def by_name(cfg):
    return {r.name: r for r in plan_nsg_rules(cfg)}


def test_merge_ports():
    assert merge_ports([PortRange(443, 443), PortRange(80, 80), PortRange(444, 444)]) == ("80", "443-444")
    assert merge_ports([PortRange(8704, 8710), PortRange(8705, 8705)]) == ("8704-8710",)


def test_one_rule_per_tag_and_protocol_with_merged_ports(default_cfg):
    r = by_name(default_cfg)
    aml = r["AllowOutAzureMachineLearningTcp"]
    assert aml.destination_prefixes == ("AzureMachineLearning",) and aml.destination_ports == ("443", "8787", "18881")
    udp = r["AllowOutAzureMachineLearningUdp"]
    assert (udp.protocol, udp.destination_ports) == ("Udp", ("5831",))
    assert r["AllowOutAzureActiveDirectoryTcp"].destination_ports == ("80", "443")


def test_regional_tags_use_the_region_suffix(default_cfg):
    r = by_name(default_cfg)
    assert r["AllowOutBatchNodeManagementEastUS2Any"].destination_prefixes == ("BatchNodeManagement.EastUS2",)
    assert r["AllowOutBatchNodeManagementEastUS2Any"].protocol == "*"
    assert r["AllowOutStorageEastUS2Tcp"].destination_prefixes == ("Storage.EastUS2",)


def test_private_endpoint_rows_name_the_subnet_not_the_virtualnetwork_tag(default_cfg):
    r = by_name(default_cfg)["AllowOutPrivateEndpointsTcp"]
    assert r.destination_prefixes == ("10.20.1.0/24",) and r.destination_ports == ("443", "445")
    assert not any("VirtualNetwork" in x.destination_prefixes for x in plan_nsg_rules(default_cfg))


def test_firewall_mode_lets_fqdn_traffic_reach_the_firewall(default_cfg):
    r = by_name(default_cfg)["AllowOutInternetViaFirewallTcp"]
    assert r.destination_prefixes == ("Internet",) and r.destination_ports == ("443",)


def test_deny_all_outbound_closes_the_subnet(default_cfg):
    rules = plan_nsg_rules(default_cfg)
    deny = [r for r in rules if r.access == "Deny"]
    assert [(d.name, d.priority, d.direction, d.source_prefixes, d.destination_prefixes, d.destination_ports) for d in deny] == [
        ("DenyInternetInbound", DENY_ALL_PRIORITY, "Inbound", ("Internet",), ("*",), ("*",)),
        ("DenyAllOutbound", DENY_ALL_PRIORITY, "Outbound", ("*",), ("*",), ("*",)),
    ]
    allows = [r for r in rules if r.access == "Allow"]
    assert all(r.priority < DENY_ALL_PRIORITY for r in allows)
    # nothing opens the subnet to any destination on any port, except node-to-node inside it
    wide = [r for r in allows if r.destination_ports == ("*",)]
    assert [(r.name, r.destination_prefixes) for r in wide] == [("AllowOutWithinComputeSubnet", ("10.20.0.0/24",))]
    assert not any(r.destination_prefixes == ("*",) for r in allows)


def test_no_inbound_allow_rules_without_public_ip(default_cfg):
    inbound = [r for r in plan_nsg_rules(default_cfg) if r.direction == "Inbound"]
    assert [(r.name, r.access) for r in inbound] == [("DenyInternetInbound", "Deny")]


def test_priorities_deterministic_unique_and_stepped(default_cfg):
    a, b = plan_nsg_rules(default_cfg), plan_nsg_rules(default_cfg)
    assert a == b
    gen = [r.priority for r in a if r.access == "Allow"]
    assert gen == list(range(100, 100 + 10 * len(gen), 10))


def test_custom_priority_start_and_extra_rule():
    cfg = parse_config({"nsg": {"priority_start": 200, "priority_step": 5, "extra_rules": [
        {"name": "AllowSql", "priority": 1000, "direction": "Outbound", "access": "Allow", "protocol": "Tcp",
         "source": "10.20.0.0/24", "destination": "10.50.0.0/16", "ports": ["1433"]}]}})
    r = by_name(cfg)
    assert r["AllowOutAzureActiveDirectoryTcp"].priority == 200
    assert r["AllowOutAzureMachineLearningTcp"].priority == 205
    assert (r["AllowSql"].priority, r["AllowSql"].destination_ports) == (1000, ("1433",))


def test_scenarios_add_rules():
    base = by_name(parse_config({}))
    more = by_name(parse_config({"workspace": {"hbi": True}, "scenarios": ["storage-firewall", "vscode"]}))
    assert "AllowOutAzureKeyVaultEastUS2Tcp" not in base
    assert more["AllowOutAzureKeyVaultEastUS2Tcp"].destination_prefixes == ("AzureKeyVault.EastUS2",)
    assert more["AllowOutStorageEastUS2Tcp"].destination_ports == ("443", "445")
    assert more["AllowOutAzureMachineLearningTcp"].destination_ports == ("443", "8704-8710", "8787", "18881")


def test_azure_monitor_off_removes_its_rule():
    r = by_name(parse_config({"scenarios": ["python-packages"]}))
    assert "AllowOutAzureMonitorTcp" not in r


def test_nat_mode_has_no_internet_rule_unless_opted_in():
    nat = parse_config({"egress": {"mode": "nat-gateway", "nat_allow_unfiltered_https": True}})
    assert by_name(nat)["AllowOutInternetUnfilteredTcp"].destination_ports == ("443",)
    nat_quiet = parse_config({"egress": {"mode": "nat-gateway", "nat_allow_unfiltered_https": True}})
    assert "AllowOutDnsToFirewall" not in by_name(nat_quiet)


def test_dns_rule_only_when_the_firewall_is_the_vnet_dns(default_cfg):
    assert by_name(default_cfg)["AllowOutDnsToFirewall"].destination_prefixes == ("10.20.2.0/26",)
    off = parse_config({"egress": {"firewall": {"use_as_dns": False}}})
    assert "AllowOutDnsToFirewall" not in by_name(off)


def test_china_has_no_front_door_frontend_rule():
    r = by_name(parse_config({"cloud": "china", "region": "chinanorth3"}))
    assert "AllowOutAzureFrontDoorFrontendTcp" not in r
    assert r["AllowOutStorageChinaNorth3Tcp"].destination_prefixes == ("Storage.ChinaNorth3",)


def test_descriptions_fit_azure_limit(default_cfg):
    assert all(len(r.description) <= 140 for r in plan_nsg_rules(default_cfg))


def test_egress_outside_the_stack_lets_host_names_reach_the_landing_zone():
    r = by_name(parse_config({"stacks": ["secure-workspace"], "egress": {"mode": "none"}}))
    assert r["AllowOutInternetViaLandingZoneTcp"].destination_prefixes == ("Internet",)
    assert r["AllowOutInternetViaLandingZoneTcp"].destination_ports == ("443",)
    assert "AllowOutDnsToFirewall" not in r
