"""Azure's naming rules, tag limits and VM size names (amlnet.catalog), and strict resource IDs."""

from __future__ import annotations

import pytest

from amlnet.catalog.naming_rules import RULES, check_name, name_problem
from amlnet.catalog.tag_limits import tags_problem
from amlnet.catalog.vm_sizes import vm_size_problem
from amlnet.resource_ids import parse_resource_id

REQUIRED = {
    "resource_group", "virtual_network", "subnet", "network_security_group", "route_table", "private_dns_zone_link",
    "private_endpoint", "storage_account", "key_vault", "container_registry", "workspace", "compute_instance",
    "compute_cluster", "log_analytics_workspace", "application_insights", "firewall", "firewall_policy", "public_ip", "nat_gateway",
}


def test_every_required_type_has_a_rule_with_its_source_section():
    assert REQUIRED <= set(RULES)
    for r in RULES.values():
        assert r.section.startswith("Microsoft.") and r.resource_type.startswith(r.section)
        assert 1 <= r.min_length <= r.max_length
    assert {k for k, r in RULES.items() if r.scope == "global"} == {"storage_account", "key_vault", "container_registry"}
    assert RULES["compute_instance"].scope == "region"


# (kind, longest valid, one too long, other invalid names)
CASES = [
    ("resource_group", "r" * 90, "r" * 91, ["rg.", "rg team", "rg/x"]),
    ("virtual_network", "v" * 64, "v" * 65, ["v", "-vnet", "vnet-", "vnet.", "vnet!"]),
    ("subnet", "s" * 80, "s" * 81, ["", "_s", "s-"]),
    ("private_endpoint", "p" * 64, "p" * 65, ["p", ".pe"]),
    ("storage_account", "s" * 24, "s" * 25, ["st", "St1234", "st-1234"]),
    ("key_vault", "k" * 24, "k" * 25, ["kv", "1kv-a", "kv-a-", "kv--a", "kv_a"]),
    ("container_registry", "c" * 50, "c" * 51, ["crab", "cr-team"]),
    ("workspace", "w" * 33, "w" * 34, ["ws", "my workspace!", "ws_1"]),
    ("compute_instance", "c" * 24, "c" * 25, ["ci", "1ci", "ci_1"]),
    ("compute_cluster", "c" * 32, "c" * 33, ["cc", "1cluster", "cpu.cluster"]),
    ("log_analytics_workspace", "l" * 63, "l" * 64, ["log", "log-", "-log"]),
    ("application_insights", "a" * 260, "a" * 261, ["appi/x", "appi.", "appi "]),
    ("firewall", "f" * 80, "f" * 81, ["-afw", "afw-"]),
    ("nat_gateway", "n" * 80, "n" * 81, ["ng!"]),
]


@pytest.mark.parametrize("kind, longest, too_long, invalid", CASES, ids=[c[0] for c in CASES])
def test_boundaries(kind, longest, too_long, invalid):
    assert name_problem(kind, longest) is None
    assert f"({len(too_long)} characters)" in name_problem(kind, too_long)
    for name in invalid:
        problem = name_problem(kind, name)
        assert problem and RULES[kind].label in problem, name
    with pytest.raises(ValueError, match="is not a valid"):
        check_name(kind, too_long)


def test_unicode_letters_only_where_azure_takes_them():
    assert name_problem("resource_group", "rg-équipe(1)") is None
    assert "'é' is not allowed" in name_problem("virtual_network", "vnet-équipe")
    assert "U+0007" in name_problem("resource_group", "rg\x07")


def test_tag_limits():
    assert tags_problem({f"t{i}": "v" for i in range(50)}) is None
    assert "at most 49 here" in tags_problem({f"t{i}": "v" for i in range(50)}, reserved=1)
    for key in ("a<b", "a>b", "a%b", "a&b", "a\\b", "a?b", "a/b"):
        assert "contains" in tags_problem({key: "v"}), key
    assert tags_problem({"k" * 128: "v" * 256}) is None
    assert "129 characters" in tags_problem({"k" * 129: "v"})
    assert "257 characters" in tags_problem({"k": "v" * 257})


@pytest.mark.parametrize("size", ["Standard_DS3_v2", "Standard_NC24ads_A100_v4", "Standard_E4-2s_v3", "Standard_ND96isr_H100_v5",
                                  "Standard_D2pls_v5", "Standard_HB120rs_v3", "Standard_M416ms_v2", "Standard_B1ls", "standard_d4s_v3"])
def test_vm_sizes_accepted(size):
    assert vm_size_problem(size) is None


@pytest.mark.parametrize("size", ["banana", "Standard_", "Basic_A1", "DS3_v2", "Standard DS3 v2", "Standard_DS3_v2 "])
def test_vm_sizes_refused(size):
    assert "is not an Azure VM size" in vm_size_problem(size)


SUB = "00000000-0000-0000-0000-000000000000"
VNET = f"/subscriptions/{SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-a"


def test_resource_ids_parse_strictly():
    rid = parse_resource_id(f"{VNET}/subnets/snet-a", "Microsoft.Network/virtualNetworks", "subnets")
    assert rid == {"subscription": SUB, "resource_group": "rg-net", "name": "vnet-a", "id": f"{VNET}/subnets/snet-a",
                   "parent_id": VNET, "child_name": "snet-a"}
    assert parse_resource_id(VNET.replace("resourceGroups", "resourcegroups"), "microsoft.network/virtualnetworks")["name"] == "vnet-a"


@pytest.mark.parametrize("value, message", [
    (VNET.replace(SUB, "0000"), "subscription '0000' is not a GUID"),
    (VNET.replace("rg-net", "rg net"), "no spaces"),
    (VNET.replace("rg-net", "rg."), "resource group: 'rg.' is not a valid resource group name"),
    (VNET.replace("vnet-a", "v"), "virtualNetworks: 'v' is not a valid virtual network name"),
    (VNET + "/", "trailing slash"),
    (VNET.replace("/subscriptions", "subscriptions"), "expected a resource ID like"),
    (VNET + "/subnets/s", "not a child resource"),
    (VNET.replace("virtualNetworks", "networkSecurityGroups"), "this is a Microsoft.Network/networkSecurityGroups ID"),
])
def test_resource_ids_refused(value, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(".", r"\.")):
        parse_resource_id(value, "Microsoft.Network/virtualNetworks")


def test_subnet_id_child_checked():
    with pytest.raises(ValueError, match="ending in /subnets/<name>"):
        parse_resource_id(f"{VNET}/virtualNetworkPeerings/p", "Microsoft.Network/virtualNetworks", "subnets")
    with pytest.raises(ValueError, match="subnets: 's!' is not a valid subnet name"):
        parse_resource_id(f"{VNET}/subnets/s!", "Microsoft.Network/virtualNetworks", "subnets")
