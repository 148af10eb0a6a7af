"""Firewall planning: tags as network rules, uncovered FQDNs as application rules."""

from amlnet.catalog import Scenario
from amlnet.loading import parse_config
from amlnet.planner import plan_firewall_rules


def test_service_tags_are_network_rules(default_cfg):
    plan = plan_firewall_rules(default_cfg)
    by = {r.destination_addresses: r for r in plan.network_rules if r.destination_addresses}
    assert by[("AzureMachineLearning",)].protocols in (("TCP",), ("UDP",))
    udp = [r for r in plan.network_rules if r.destination_addresses == ("AzureMachineLearning",) and r.protocols == ("UDP",)]
    assert [r.destination_ports for r in udp] == [("5831",)]
    assert by[("BatchNodeManagement.EastUS2",)].protocols == ("Any",)
    assert all(r.source_addresses == ("10.20.0.0/24",) for r in plan.network_rules)


def test_virtual_network_rows_never_reach_the_firewall(default_cfg):
    plan = plan_firewall_rules(default_cfg)
    assert not any("VirtualNetwork" in r.destination_addresses for r in plan.network_rules)


def test_python_hosts_are_https_application_rules(default_cfg):
    apps = {f: r for r in plan_firewall_rules(default_cfg).application_rules for f in r.destination_fqdns}
    for host in ("pypi.org", "*.pythonhosted.org", "anaconda.com", "*.anaconda.org", "*.tensorflow.org"):
        assert apps[host].protocols == (("Https", 443),), host
    assert "viennaglobal.azurecr.io" not in apps  # microsoft-images is off by default (issue 19, item 11)
    with_images = default_cfg.model_copy(update={"scenarios": (*default_cfg.scenarios, Scenario.MICROSOFT_IMAGES)})
    apps = {f: r for r in plan_firewall_rules(with_images).application_rules for f in r.destination_fqdns}
    assert apps["viennaglobal.azurecr.io"].protocols == (("Https", 443),)


def test_hosts_covered_by_tags_or_private_endpoints_get_no_fqdn_rule(default_cfg):
    fqdns = {f for r in plan_firewall_rules(default_cfg).application_rules for f in r.destination_fqdns}
    assert "*.instances.azureml.ms" not in fqdns  # AzureMachineLearning tag
    assert "*.blob.core.windows.net" not in fqdns  # Storage.EastUS2 tag (a wildcard would allow every account)
    assert not any(f.startswith("<storage>") for f in fqdns)  # private endpoint
    assert "graph.microsoft.com" in fqdns  # no tag documented for it


def test_application_rule_names_unique(default_cfg):
    names = [r.name for r in plan_firewall_rules(default_cfg).application_rules]
    assert len(names) == len(set(names))


def test_port_80_hosts_are_http_rules():
    plan = plan_firewall_rules(parse_config({"scenarios": ["kubernetes"]}))
    ubuntu = [r for r in plan.application_rules if "archive.ubuntu.com" in r.destination_fqdns]
    assert [r.protocols for r in ubuntu] == [(("Http", 80),)]


def test_non_http_fqdns_become_network_rules_in_china():
    """China: the studio host has no Front Door tag there, and tundra is a network rule if uncovered."""
    plan = plan_firewall_rules(parse_config({"cloud": "china", "region": "chinanorth3"}))
    apps = {f for r in plan.application_rules for f in r.destination_fqdns}
    assert "studio.ml.azure.cn" in apps
    assert not any(f.endswith((".windows.net", ".azureml.ms")) for f in apps)


def test_hbi_adds_key_vault_network_rule():
    plan = plan_firewall_rules(parse_config({"workspace": {"hbi": True}}))
    assert any(r.destination_addresses == ("AzureKeyVault.EastUS2",) for r in plan.network_rules)


def test_inference_subnet_is_a_source_only_of_its_own_rows():
    from amlnet.loading import parse_config
    from amlnet.planner import inference_placement, plan_firewall_rules, workspace_placement

    cfg = parse_config({})
    plan = plan_firewall_rules(cfg, (workspace_placement(cfg), inference_placement(cfg)))
    by = {r.name: r for r in plan.network_rules}
    assert by["tag-AzureContainerRegistry-EastUS2-tcp"].source_addresses == ("10.20.4.0/24",)
    assert by["tag-BatchNodeManagement-EastUS2-any"].source_addresses == ("10.20.0.0/24",)
    assert by["tag-MicrosoftContainerRegistry-tcp"].source_addresses == ("10.20.0.0/24", "10.20.4.0/24")
    # same tag, other ports: a rule of its own (compute's Entra ID rule has port 80 too)
    assert by["tag-AzureActiveDirectory-tcp"].destination_ports == ("80", "443")
    assert by["tag-AzureActiveDirectory-tcp-aks-inference"].source_addresses == ("10.20.4.0/24",)
    # without the inference subnet the plan is what it was
    alone = plan_firewall_rules(cfg, (workspace_placement(cfg),))
    assert all("aks" not in r.name and "AzureContainerRegistry" not in r.name for r in alone.network_rules)
