"""Managed network mode (`isolation: managed`, issue 14 item 1): configuration checks, the rule plan derived
from the catalog, the `managed-network` stack, `amlnet verify` and `amlnet egress` in that mode."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from amlnet.catalog import Direction, host_rules, tag_rules
from amlnet.catalog.model import COVERED_BY_PRIVATE_ENDPOINT
from amlnet.cli import main as cli_main
from amlnet.config import STACK_KINDS, ConfigError, default_config
from amlnet.constructs import ManagedOutboundRules, ManagedOutboundRulesProps, PropsError
from amlnet.loading import load_config, parse_config
from amlnet.planning.managed import (
    KEY_VAULT_TARGETS,
    PROVIDER_SERVICE_TAGS,
    STORAGE_TARGETS,
    FqdnRuleSpec,
    ServiceTagRuleSpec,
    plan_managed_rules,
)
from amlnet.providers import App, TerraformStack
from amlnet.stacks import STACKS
from amlnet.verify.engine import Document, verify_document
from tests.conftest import one, resources, synth_stack
from tests.stacks.test_secure_workspace import scrub
from tests.synthesized import app_output

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "managed-network.yaml"
FQDN_T = "azurerm_machine_learning_workspace_network_outbound_rule_fqdn"
TAG_T = "azurerm_machine_learning_workspace_network_outbound_rule_service_tag"
PE_T = "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint"


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JSONSnapshotExtension)


def build(data: dict) -> dict:
    cfg = parse_config({"isolation": "managed", **data})
    return synth_stack(STACKS["managed-network"](App(), "managed-network", cfg.for_stack("managed-network")))


@pytest.fixture(scope="module")
def doc():
    return synth_stack(STACKS["managed-network"](App(), "managed-network", load_config(EXAMPLE)))


@pytest.fixture
def written():
    """The example's stack as `cdktf synth` writes it (with the amlnet metadata verify reads)."""
    return app_output("managed-network.yaml")["managed-network"]


def expected_counts(cfg) -> tuple[int, int, int]:
    """(service-tag, fqdn, private-endpoint) rule counts, derived from the catalog rows themselves."""
    reg, scen = cfg.region_info, cfg.enabled_scenarios
    tags = {(t.base_tag, t.protocol) for t in tag_rules(cfg.cloud, reg, scen) if t.direction == Direction.OUTBOUND and t.base_tag != "VirtualNetwork"}
    base = {t.tag: t.base_tag for t in tag_rules(cfg.cloud, reg, scen)}
    hosts = host_rules(cfg.cloud, reg, scen)
    tags |= {(base.get(h.covered_by, h.covered_by), h.protocol) for h in hosts if h.covered_by not in (None, COVERED_BY_PRIVATE_ENDPOINT)}
    fqdns = {x for h in hosts if h.covered_by is None for x in h.hosts}
    # approved outbound opens neither global tag (issue 19, item 16), and Azure creates the private endpoints to the
    # workspace's own blob, file, dfs and vault as required rules (item 7): only queue and table are ours
    tags = {(t, p) for t, p in tags if t not in ("Storage", "AzureFrontDoor.Frontend")}
    return len(tags), len(fqdns), len({"queue", "table"} & set(STORAGE_TARGETS)) + 0 * len(KEY_VAULT_TARGETS)


# --- configuration -------------------------------------------------------------------------------------


def test_default_is_customer_vnet_and_unchanged():
    cfg = default_config()
    assert cfg.isolation == "customer-vnet" and cfg.stacks == STACK_KINDS and "managed-network" not in STACK_KINDS


def test_managed_defaults_to_the_managed_network_stack_alone():
    cfg = parse_config({"isolation": "managed"})
    assert cfg.stacks == ("managed-network",) and cfg.managed_network.isolation_mode == "allow_only_approved_outbound"


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"stacks": ["secure-workspace"]}, "stacks: 'secure-workspace'"),
        ({"stacks": ["managed-network", "peered-compute"]}, "stacks: 'peered-compute'"),
        ({"compute_network": {"region": "eastus2"}}, "compute_network: set, but isolation is 'managed'"),
        ({"serverless": {"subnet": "compute"}}, "serverless: set"),
        ({"egress": {"mode": "nat-gateway"}}, "egress: set"),
        ({"nsg": {"extra_rules": []}}, "nsg: set"),
        ({"compute": {"public_ip": True}}, "compute.public_ip: set"),
        ({"network": {"compute_subnet": {"name": "c", "cidr": "10.20.0.0/24"}}}, "network.compute_subnet: set"),
        ({"network": {"firewall_subnet_cidr": "10.20.2.0/26"}}, "network.firewall_subnet_cidr: set"),
        ({"service_tag_prefixes": True}, "service_tag_prefixes: set"),
        ({"scenarios": ["kubernetes"]}, "scenarios: 'kubernetes' does not apply"),
        ({"scenarios": ["storage-firewall"]}, "scenarios: 'storage-firewall' does not apply"),
    ],
)
def test_customer_vnet_settings_contradict_managed(extra, field):
    with pytest.raises(ConfigError) as e:
        parse_config({"isolation": "managed", **extra})
    assert field in str(e.value)


def test_managed_settings_need_isolation_managed():
    with pytest.raises(ConfigError, match="stacks: 'managed-network' needs isolation: managed"):
        parse_config({"stacks": ["managed-network"]})
    with pytest.raises(ConfigError, match="managed_network: only applies with isolation: managed"):
        parse_config({"managed_network": {"isolation_mode": "allow_internet_outbound"}})
    with pytest.raises(ConfigError, match="managed_network.isolation_mode"):
        parse_config({"isolation": "managed", "managed_network": {"isolation_mode": "Disabled"}})


# --- the rule plan ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("scenarios", [[], ["microsoft-images", "python-packages", "azure-monitor"], ["vscode", "rstudio", "r-packages"],
                                       ["automl-nlp-vision"]])
def test_rule_counts_per_type_follow_the_catalog(scenarios):
    cfg = parse_config({"isolation": "managed", "scenarios": scenarios})
    plan = plan_managed_rules(cfg.cloud, cfg.region_info, cfg.enabled_scenarios, "allow_only_approved_outbound")
    assert (len(plan.service_tags), len(plan.fqdns), len(plan.private_endpoints)) == expected_counts(cfg)


def test_hbi_vault_host_rides_the_key_vault_tag():
    cfg = parse_config({"isolation": "managed", "workspace": {"hbi": True}})
    plan = plan_managed_rules(cfg.cloud, cfg.region_info, cfg.enabled_scenarios, "allow_only_approved_outbound")
    assert "AzureKeyVault" in {t.service_tag for t in plan.service_tags}
    assert not any("vault" in f.destination_fqdn for f in plan.fqdns)


def test_fqdn_rules_only_for_hosts_no_tag_covers():
    cfg = load_config(EXAMPLE)
    plan = plan_managed_rules(cfg.cloud, cfg.region_info, cfg.enabled_scenarios, "allow_only_approved_outbound")
    covered = {x for h in host_rules(cfg.cloud, cfg.region_info, cfg.enabled_scenarios) if h.covered_by for x in h.hosts}
    fqdns = {f.destination_fqdn for f in plan.fqdns}
    assert fqdns and not fqdns & covered
    assert {"pypi.org", "viennaglobal.azurecr.io"} <= fqdns and "mcr.microsoft.com" not in fqdns  # MicrosoftContainerRegistry carries it


def test_service_tag_rules_use_base_tags_the_provider_accepts():
    cfg = load_config(EXAMPLE)
    plan = plan_managed_rules(cfg.cloud, cfg.region_info, cfg.enabled_scenarios, "allow_only_approved_outbound")
    tags = {t.service_tag for t in plan.service_tags}
    assert tags <= PROVIDER_SERVICE_TAGS and "BatchNodeManagement" in tags
    assert not tags & {"Storage", "AzureFrontDoor.Frontend"}  # global tags: exfiltration paths (issue 19, item 16)
    assert not any("." in t and not t.startswith("AzureFrontDoor.") for t in tags)  # no regional tag (Storage.EastUS2)
    assert "VirtualNetwork" not in tags
    aml = {t.protocol: t.port_ranges for t in plan.service_tags if t.service_tag == "AzureMachineLearning"}
    assert aml == {"TCP": "443,8787,18881", "UDP": "5831"}


def test_allow_internet_outbound_needs_only_private_endpoint_rules():
    cfg = parse_config({"isolation": "managed", "managed_network": {"isolation_mode": "allow_internet_outbound"}})
    plan = plan_managed_rules(cfg.cloud, cfg.region_info, cfg.enabled_scenarios, "allow_internet_outbound")
    assert not plan.service_tags and not plan.fqdns
    # the workspace's own blob, file, dfs and vault are required rules Azure creates (issue 19, item 7)
    assert [(p.target, p.sub_resource_target) for p in plan.private_endpoints] == [("storage", "queue"), ("storage", "table")]


@pytest.mark.parametrize("cloud, region", [("usgov", "usgovvirginia"), ("china", "chinanorth3")])
def test_sovereign_clouds_plan(cloud, region):
    cfg = parse_config({"isolation": "managed", "cloud": cloud, "region": region})
    plan = plan_managed_rules(cfg.cloud, cfg.region_info, cfg.enabled_scenarios, "allow_only_approved_outbound")
    assert (len(plan.service_tags), len(plan.fqdns), len(plan.private_endpoints)) == expected_counts(cfg)
    if cloud == "china":  # no AzureFrontDoor.FirstParty there: MCR content delivery is an FQDN rule
        assert "*.data.mcr.microsoft.com" in {f.destination_fqdn for f in plan.fqdns}


# --- the stack -----------------------------------------------------------------------------------------------


def test_snapshot(doc, snapshot_json):
    assert scrub(doc) == snapshot_json


def test_workspace_managed_network_block(doc):
    ws = one(doc, "azurerm_machine_learning_workspace")
    assert ws["managed_network"] == {"isolation_mode": "AllowOnlyApprovedOutbound", "provision_on_creation_enabled": True}
    assert ws["public_network_access_enabled"] is False and "serverless_compute" not in ws


def test_rules_written_match_the_plan(doc):
    cfg = load_config(EXAMPLE)
    n_tags, n_fqdn, n_pe = expected_counts(cfg)
    assert (len(resources(doc, TAG_T)), len(resources(doc, FQDN_T)), len(resources(doc, PE_T))) == (n_tags, n_fqdn, n_pe)
    for t in resources(doc, TAG_T).values():
        assert t["protocol"] in ("TCP", "UDP", "*") and t["port_ranges"] and t["workspace_id"].startswith("${azurerm_machine_learning_workspace.")


def test_private_endpoint_rules_reference_storage_by_id_and_leave_required_rules_to_azure(doc):
    pes = {r["name"]: r for r in resources(doc, PE_T).values()}
    assert set(pes) == {"pe-storage-queue", "pe-storage-table"}  # blob, file, dfs, vault: AML's required rules (item 7)
    for sub in ("queue", "table"):
        r = pes[f"pe-storage-{sub}"]
        assert r["service_resource_id"].startswith("${azurerm_storage_account.") and r["service_resource_id"].endswith(".id}")
        assert r["sub_resource_target"] == sub


def test_outbound_rules_are_created_one_after_another(doc):
    """Each rule waits for the previous one (issue 19, item 6: parallel PUTs lose rules, Azure/terraform-provider-azapi#453)."""
    rules = {f"{t}.{k}": v for t in (TAG_T, FQDN_T, PE_T) for k, v in resources(doc, t).items()}
    assert len(rules) > 20
    first = [a for a, r in rules.items() if "depends_on" not in r]
    after = {r["depends_on"][0]: a for a, r in rules.items() if "depends_on" in r}
    assert len(first) == 1 and all(len(r.get("depends_on", [])) <= 1 for r in rules.values())
    chain = [first[0]]
    while chain[-1] in after:
        chain.append(after[chain[-1]])
    assert sorted(chain) == sorted(rules)  # one chain through every rule: no two are created at the same time


def test_no_customer_compute_network(doc):
    for rtype in ("azurerm_network_security_group", "azurerm_route_table", "azurerm_firewall", "azurerm_nat_gateway"):
        assert not resources(doc, rtype), rtype
    assert [s["name"] for s in resources(doc, "azurerm_subnet").values()] == ["snet-aml-private-endpoints"]


def test_images_build_on_a_cpu_cluster_in_the_managed_vnet(doc):
    """Issue 19, item 10: the registry is private, so without image-build compute every environment build failed."""
    ws = one(doc, "azurerm_machine_learning_workspace")
    cluster = one(doc, "azurerm_machine_learning_compute_cluster")
    instance = one(doc, "azurerm_machine_learning_compute_instance")
    assert ws["image_build_compute_name"] == cluster["name"] == "cpu-cluster"
    assert cluster["vm_size"] == "Standard_DS3_v2" and cluster["scale_settings"]["min_node_count"] == 0
    for c in (cluster, instance):
        assert "subnet_resource_id" not in c and c["node_public_ip_enabled"] is False
        # created after the last outbound rule, so the first compute provisions the managed VNet with every rule
        assert c["depends_on"] and c["depends_on"][0].startswith("azurerm_machine_learning_workspace_network_outbound_rule_")


def test_compute_can_be_turned_off_but_images_still_build():
    d = build({"compute": {"cluster": {"enabled": False}, "instance": {"enabled": False}, "image_build_cluster": {"name": "img"}}})
    assert not resources(d, "azurerm_machine_learning_compute_instance")
    assert [c["name"] for c in resources(d, "azurerm_machine_learning_compute_cluster").values()] == ["img"]
    assert one(d, "azurerm_machine_learning_workspace")["image_build_compute_name"] == "img"


def test_allow_internet_outbound_stack():
    d = build({"managed_network": {"isolation_mode": "allow_internet_outbound"}})
    assert one(d, "azurerm_machine_learning_workspace")["managed_network"]["isolation_mode"] == "AllowInternetOutbound"
    assert not resources(d, TAG_T) and not resources(d, FQDN_T) and len(resources(d, PE_T)) == 2
    rep = verify_document(Document(d, "internet"), cloud="public", regions=["eastus2"], scenarios=["compute", "studio"])
    assert rep.findings and not rep.violations


# --- verify -------------------------------------------------------------------------------------------------


def test_verify_clean(written):
    rep = verify_document(Document(written, "managed"))
    assert rep.findings and not rep.violations
    assert {f.subnet for f in rep.findings} == {"managed VNet"}


@pytest.mark.parametrize("rtype, match, flow", [
    (FQDN_T, "fqdn-pypi-org", "pypi.org TCP/443"),
    (TAG_T, "tag-azuremachinelearning-udp", "AzureMachineLearning UDP/5831"),
    (PE_T, "pe-storage-queue", "private endpoint storage:queue"),
])
def test_verify_a_removed_rule_is_a_violation_naming_the_flow(written, rtype, match, flow):
    d = written
    key = next(k for k, v in d["resource"][rtype].items() if v["name"] == match)
    del d["resource"][rtype][key]
    bad = verify_document(Document(d, "managed")).violations
    assert bad and all(f.flow.startswith(flow) for f in bad), [f.flow for f in bad]


def test_verify_an_internet_tag_rule_is_an_exposure(written):
    d = written
    d["resource"][TAG_T]["wide"] = {"name": "wide", "service_tag": "Internet", "protocol": "*", "port_ranges": "*",
                                   "workspace_id": next(iter(d["resource"][TAG_T].values()))["workspace_id"]}
    bad = verify_document(Document(d, "managed")).violations
    assert [f.check for f in bad] == ["exposure"]


@pytest.mark.parametrize("tag", ["Storage", "AzureFrontDoor.Frontend"])
def test_verify_a_global_storage_or_front_door_rule_is_an_exposure(written, tag):
    """Issue 19, item 16: the stack of the previous release had these rules and verify said OK."""
    d = written
    assert all(r["service_tag"] != tag for r in d["resource"][TAG_T].values())
    d["resource"][TAG_T]["g"] = {"name": "g", "service_tag": tag, "protocol": "TCP", "port_ranges": "443",
                                "workspace_id": next(iter(d["resource"][TAG_T].values()))["workspace_id"]}
    bad = verify_document(Document(d, "managed")).violations
    assert [(f.check, f.flow) for f in bad] == [("exposure", f"service-tag rule to {tag}")]


# --- egress ---------------------------------------------------------------------------------------------------


def _egress(*args: str) -> str:
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert cli_main(["egress", *args]) == 0
    return buf.getvalue()


def test_egress_shows_the_rule_type_of_each_row():
    out = json.loads(_egress("--config", str(EXAMPLE), "--format", "json"))
    assert out["schema"] == "amlnet.egress-managed/v1"
    by = {r["destination"]: r for r in out["rows"]}
    assert by["pypi.org"]["managed_rule"] == "fqdn" and by["pypi.org"]["rule_name"] == "fqdn-pypi-org"
    assert by["mcr.microsoft.com (via MicrosoftContainerRegistry)"]["managed_rule"] == "service-tag"
    assert by["storage:queue"]["managed_rule"] == "private-endpoint"
    assert by["storage:blob"]["managed_rule"] == "aml-required" and by["storage:blob"]["rule_name"] == ""
    assert by["Storage"]["managed_rule"] == "not-allowed" and by["Storage"]["rule_name"] == ""
    cfg = load_config(EXAMPLE)
    n_tags, n_fqdn, n_pe = expected_counts(cfg)
    names = {(r["managed_rule"], r["rule_name"]) for r in out["rows"]}
    assert sum(1 for k, _ in names if k == "service-tag") == n_tags and sum(1 for k, _ in names if k == "fqdn") == n_fqdn


def test_egress_internet_mode():
    out = json.loads(_egress("--managed-mode", "allow_internet_outbound", "--format", "json"))
    assert {r["managed_rule"] for r in out["rows"]} == {"internet", "private-endpoint", "aml-required"}


def test_readme_comparison_table_is_generated():
    from amlnet.reports.managed_egress import comparison_markdown, managed_rows
    from tests.test_readme import page_with

    start, end = "<!-- managed-comparison:start -->\n", "<!-- managed-comparison:end -->"
    _, page = page_with(start)  # docs/variants.md, or wherever the README's pages keep the table
    table = page.split(start, 1)[1].split(end, 1)[0]
    assert table == comparison_markdown(managed_rows(load_config(EXAMPLE))), "regenerate: amlnet egress --config examples/managed-network.yaml --format markdown"


# --- construct props -----------------------------------------------------------------------------------------


def _props(**kw):
    base = dict(workspace_id="/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w",
                storage_account_id="/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/s",
                key_vault_id="/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/k")
    return ManagedOutboundRulesProps(**{**base, **kw})


def test_props_refuse_bad_rules():
    with pytest.raises(PropsError, match="protocol 'Tcp'"):
        _props(service_tags=(ServiceTagRuleSpec("a", "Storage", "Tcp", "443"),))
    with pytest.raises(PropsError, match="rule name 'a' is used twice"):
        _props(fqdns=(FqdnRuleSpec("a", "x.org"), FqdnRuleSpec("a", "y.org")))
    with pytest.raises(PropsError, match="storage_account_id"):
        _props(storage_account_id="/subscriptions/x/bogus")


def test_construct_with_literal_ids():
    stack = TerraformStack(App(), "t")
    from amlnet.providers import AzurermProvider

    AzurermProvider(stack, "azurerm", features=[{}])
    ManagedOutboundRules(stack, "rules", _props(fqdns=(FqdnRuleSpec("fqdn-pypi-org", "pypi.org"),)))
    d = synth_stack(stack)
    assert one(d, FQDN_T)["destination_fqdn"] == "pypi.org"
