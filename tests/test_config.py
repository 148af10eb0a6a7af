"""Configuration: defaults are secure, and each invalid input gets one message naming field and value."""

from __future__ import annotations

import json

import pytest

from amlnet.config import ConfigError, default_config
from amlnet.loading import load_config, parse_config

SUB = "00000000-0000-0000-0000-000000000000"


def err(data) -> str:
    with pytest.raises(ConfigError) as e:
        parse_config(data, "cfg.yaml")
    return str(e.value)


def test_default_is_secure():
    c = default_config()
    assert c.egress.mode == "firewall"
    assert c.cloud.value == "public" and c.region == "eastus2"
    assert {s.value for s in c.enabled_scenarios} == {"compute", "studio", "python-packages", "azure-monitor"}
    assert c.workspace.hbi is False
    assert c.compute.cluster.enabled and c.compute.instance.enabled


def test_config_is_frozen():
    c = default_config()
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="frozen"):
        c.region = "westus"  # type: ignore[misc]


def test_global_names_are_derived_at_plan_time_unless_pinned():
    """Without pins the configuration cannot know them (they hash the subscription); a pinned suffix
    or a pinned name makes them literal."""
    a = default_config()
    assert a.storage_account_name is None and a.key_vault_name is None and a.compute_instance_name is None
    b = parse_config({"names": {"unique_suffix": "a1b2c3d4"}})
    assert (b.storage_account_name, b.key_vault_name, b.container_registry_name) == ("stamlneta1b2c3d4", "kv-amlnet-a1b2c3d4", "cramlneta1b2c3d4")
    assert parse_config({"names": {"storage_account": "stmine01"}}).storage_account_name == "stmine01"
    assert "names.unique_suffix" in err({"names": {"unique_suffix": "Not-Hex"}})


def test_malformed_cidr():
    m = err({"network": {"compute_subnet": {"name": "c", "cidr": "10.20.0.0/33"}}})
    assert m.startswith("cfg.yaml: network.compute_subnet.cidr: malformed CIDR")
    assert '"10.20.0.0/33"' in m


def test_cidr_with_host_bits():
    m = err({"network": {"address_space": ["10.20.0.1/16"]}})
    assert "network.address_space" in m and "10.20.0.1/16" in m


def test_subnet_outside_vnet():
    m = err({"network": {"compute_subnet": {"name": "c", "cidr": "10.99.0.0/24"}}})
    assert "network.compute_subnet.cidr: 10.99.0.0/24 is outside network.address_space (10.20.0.0/16)" in m


def test_overlapping_subnets():
    m = err({"network": {"private_endpoint_subnet": {"name": "pe", "cidr": "10.20.0.128/25"}}})
    assert "network.compute_subnet.cidr: 10.20.0.0/24 overlaps network.private_endpoint_subnet.cidr: 10.20.0.128/25" in m


def test_overlapping_address_space():
    m = err({"network": {"address_space": ["10.20.0.0/16", "10.20.5.0/24"]}})
    assert "network.address_space: 10.20.0.0/16 overlaps 10.20.5.0/24" in m


def test_subnet_too_small_for_compute():
    m = err({"network": {"compute_subnet": {"name": "c", "cidr": "10.20.0.0/28"}}, "compute": {"cluster": {"max_nodes": 20}}})
    assert "network.compute_subnet.cidr: 10.20.0.0/28 has 16 addresses, but compute needs 26" in m
    assert "compute.cluster.max_nodes=20" in m


def test_subnet_exactly_large_enough():
    c = parse_config({"network": {"compute_subnet": {"name": "c", "cidr": "10.20.0.0/28"}}, "compute": {"cluster": {"max_nodes": 10}}})
    assert c.compute_subnet_ip_demand == 16


def test_firewall_subnet_smaller_than_26():
    m = err({"network": {"firewall_subnet_cidr": "10.20.2.0/27"}})
    assert "network.firewall_subnet_cidr: AzureFirewallSubnet must be /26 or larger, got /27" in m


def test_unknown_region():
    m = err({"region": "uswest"})
    assert m.startswith("cfg.yaml: region: unknown Azure region") and '"uswest"' in m


def test_region_outside_cloud():
    m = err({"cloud": "china", "region": "eastus2"})
    assert "region: 'eastus2' is in cloud 'public', not in cloud 'china'" in m


def test_unknown_cloud():
    m = err({"cloud": "azurestack"})
    assert m.startswith("cfg.yaml: cloud:") and "azurestack" in m


def test_unknown_top_level_key():
    m = err({"regoin": "westus"})
    assert m == "cfg.yaml: regoin: unknown key (typo?); value 'westus'"


def test_unknown_nested_key():
    m = err({"egress": {"mdoe": "nat-gateway"}})
    assert m == "cfg.yaml: egress.mdoe: unknown key (typo?); value 'nat-gateway'"


def test_unknown_scenario():
    m = err({"scenarios": ["python-packages", "rstuido"]})
    assert "scenarios.1" in m and "rstuido" in m


def test_unknown_egress_mode():
    m = err({"egress": {"mode": "proxy"}})
    assert "egress.mode" in m and "proxy" in m


def test_nsg_priorities_exhausted():
    m = err({"nsg": {"priority_start": 3900, "priority_step": 20}})
    assert m.startswith("cfg.yaml: nsg.priority_start: 14 generated rules from priority 3900 in steps of 20 end at 4160")


def test_extra_rule_clashes_with_generated():
    rule = {"name": "MyRule", "priority": 110, "direction": "Outbound", "access": "Allow", "protocol": "Tcp",
            "source": "10.20.0.0/24", "destination": "10.50.0.0/16", "ports": ["1433"]}
    m = err({"nsg": {"extra_rules": [rule]}})
    assert "nsg.extra_rules: 'MyRule' priority 110 clashes with a generated rule" in m


def test_extra_rule_clashes_with_deny_all():
    rule = {"name": "Late", "priority": 4096, "direction": "Outbound", "access": "Allow", "protocol": "Tcp",
            "source": "*", "destination": "*", "ports": ["22"]}
    assert "'Late' priority 4096 clashes" in err({"nsg": {"extra_rules": [rule]}})


def test_extra_rules_clash_with_each_other():
    a = {"name": "A", "priority": 3000, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "source": "*", "destination": "*", "ports": ["22"]}
    b = dict(a, name="B")
    assert "nsg.extra_rules: 'B' and 'A' both use Inbound priority 3000" in err({"nsg": {"extra_rules": [a, b]}})


def test_extra_rule_bad_port():
    a = {"name": "A", "priority": 3000, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "source": "*", "destination": "*", "ports": ["70000"]}
    assert "nsg.extra_rules.0.ports: invalid port or range '70000'" in err({"nsg": {"extra_rules": [a]}})


def test_bad_name_prefix():
    assert "name_prefix: 3-12 lowercase letters and digits" in err({"name_prefix": "My_Prefix"})


def test_bad_storage_account_name():
    assert "names.storage_account: storage account names are 3-24 lowercase letters and digits" in err({"names": {"storage_account": "St-1"}})


def test_bad_existing_vnet_id():
    m = err({"network": {"existing_vnet_id": "/subscriptions/x/vnet"}})
    assert "network.existing_vnet_id: expected a resource ID like /subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<name>" in m


def test_unknown_dns_zone_key():
    zid = f"/subscriptions/{SUB}/resourceGroups/hub/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net"
    assert "dns.existing_zone_ids: unknown zone key 'blobs'" in err({"dns": {"existing_zone_ids": {"blobs": zid}}})


def test_existing_zone_with_wrong_name():
    zid = f"/subscriptions/{SUB}/resourceGroups/hub/providers/Microsoft.Network/privateDnsZones/privatelink.file.core.windows.net"
    m = err({"dns": {"existing_zone_ids": {"blob": zid}}})
    assert "dns.existing_zone_ids.blob: zone 'privatelink.file.core.windows.net' is not the blob zone of cloud 'public' (privatelink.blob.core.windows.net)" in m


def test_existing_firewall_needs_private_ip():
    pid = f"/subscriptions/{SUB}/resourceGroups/hub/providers/Microsoft.Network/firewallPolicies/hub-policy"
    assert "egress.firewall.existing.private_ip: Field required" in err({"egress": {"firewall": {"existing": {"policy_id": pid}}}})


def test_existing_firewall_public_ip_rejected():
    pid = f"/subscriptions/{SUB}/resourceGroups/hub/providers/Microsoft.Network/firewallPolicies/hub-policy"
    m = err({"egress": {"firewall": {"existing": {"policy_id": pid, "private_ip": "20.1.2.3"}}}})
    assert "egress.firewall.existing.private_ip: the firewall's private IP must be a private address" in m


def test_nat_gateway_rejects_hosts_it_cannot_filter():
    m = err({"egress": {"mode": "nat-gateway"}})
    assert m.startswith("cfg.yaml: egress.mode: 'nat-gateway' cannot filter by host name, but the enabled scenarios need graph.microsoft.com")


def test_nat_gateway_with_opt_in():
    c = parse_config({"egress": {"mode": "nat-gateway", "nat_allow_unfiltered_https": True}})
    assert c.egress.mode == "nat-gateway"


def test_opt_in_only_for_nat():
    assert "egress.nat_allow_unfiltered_https: only applies when egress.mode is 'nat-gateway', not 'firewall'" in err(
        {"egress": {"nat_allow_unfiltered_https": True}}
    )


def test_automl_nlp_vision_public_only():
    m = err({"cloud": "usgov", "region": "usgovvirginia", "scenarios": ["automl-nlp-vision"]})
    assert "scenarios: 'automl-nlp-vision' is available in Azure Public only, not in cloud 'usgov'" in m


def test_cluster_min_above_max():
    assert "compute.cluster: min_nodes (5) is greater than max_nodes (2)" in err({"compute": {"cluster": {"min_nodes": 5, "max_nodes": 2}}})


def test_remote_state_needs_settings():
    assert "state: backend 'azurerm' needs the azurerm settings" in err({"state": {"backend": "azurerm"}})


def test_top_level_must_be_mapping():
    assert "must be a mapping at the top level, got list" in err(["region"])


def test_load_yaml_and_json(tmp_path):
    y = tmp_path / "c.yaml"
    y.write_text("region: westeurope\nname_prefix: fraud\n")
    assert load_config(y).region == "westeurope"
    j = tmp_path / "c.json"
    j.write_text(json.dumps({"region": "westeurope"}))
    assert load_config(j).region == "westeurope"


def test_load_errors(tmp_path):
    with pytest.raises(ConfigError, match="missing.yaml: no such configuration file"):
        load_config(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("region: [unclosed\n")
    with pytest.raises(ConfigError, match=r"bad.yaml: not valid YAML"):
        load_config(bad)
    txt = tmp_path / "c.txt"
    txt.write_text("region: westus")
    with pytest.raises(ConfigError, match=r"must end in .yaml, .yml or .json"):
        load_config(txt)


def test_empty_yaml_is_refused_and_braces_are_the_default(tmp_path):
    f = tmp_path / "empty.yaml"
    f.write_text("")
    with pytest.raises(ConfigError, match="empty.yaml: the file is empty"):
        load_config(f)
    f.write_text("{}\n")
    assert load_config(f) == default_config()


def test_compute_names():
    long_name = "a-cluster-name-longer-than-32-chars"
    assert f"compute.cluster.name: '{long_name}' is not a valid compute cluster name (35 characters)" in err({"compute": {"cluster": {"name": long_name}}})
    assert "compute.instance.name: 'ci_1' is not a valid compute instance name ('_' is not allowed)" in err({"compute": {"instance": {"name": "ci_1"}}})


def test_hbi_defaults_to_no_public_storage_access():
    assert parse_config({"workspace": {"hbi": True}}).workspace.data_profiling_access == "none"
    assert parse_config({"workspace": {"hbi": True, "data_profiling_access": "resource-instance"}}).workspace.data_profiling_access == "resource-instance"
    assert parse_config({}).workspace.data_profiling_access == "resource-instance"
