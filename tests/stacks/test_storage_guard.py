"""compute.storage_exfiltration_guard (issue 14): the Microsoft.Storage service endpoint and a service
endpoint storage policy (workspace storage + the AML alias) on every compute subnet amlnet creates;
`amlnet verify` denies a foreign storage account when it is on."""

from __future__ import annotations

import copy

import pytest

from amlnet.catalog import Cloud, Scenario
from amlnet.catalog.storage_guard import other_storage_needs
from amlnet.config import ConfigError, default_config
from amlnet.config.storage_guard import guard_enabled
from amlnet.constructs import ComputeSubnetProps, PropsError, StorageExfiltrationGuardProps
from amlnet.loading import load_config, parse_config
from amlnet.providers import App
from amlnet.stacks import STACKS
from amlnet.verify import Document, verify_document
from tests.conftest import ROOT, one, resources, synth_stack

EXISTING_SUBNET = ("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/"
                   "virtualNetworks/vnet-x/subnets/snet-compute")
EXISTING_VNET = EXISTING_SUBNET.rsplit("/subnets/", 1)[0]


def synth(kind: str, cfg) -> dict:
    scfg = cfg.for_stack(kind)
    doc = synth_stack(STACKS[kind](App(), kind, scfg))
    # Testing.synth drops the `//` metadata record_metadata writes; put back what verify reads
    doc["//"] = {"amlnet": {"cloud": scfg.cloud.value, "regions": sorted({scfg.region, scfg.compute_region}),
                            "scenarios": sorted(s.value for s in scfg.enabled_scenarios),
                            **({"storage_exfiltration_guard": True} if guard_enabled(scfg) else {})}}
    return doc


def compute_subnets(doc: dict) -> dict:
    return {k: s for k, s in resources(doc, "azurerm_subnet").items() if s["name"] == "snet-aml-compute"}


@pytest.mark.parametrize("kind", ["secure-workspace", "peered-compute", "private-endpoint-compute", "serverless-no-public-ip", "aks-inference"])
def test_default_stacks_guard_every_compute_subnet(kind):
    doc = synth(kind, default_config())
    policies = resources(doc, "azurerm_subnet_service_endpoint_storage_policy")
    assert len(policies) == 1
    (pkey, policy), = policies.items()
    storage_key = next(iter(resources(doc, "azurerm_storage_account")))
    assert policy["definition"] == [
        {"name": "workspace-storage", "description": "The workspace's storage accounts", "service": "Microsoft.Storage",
         "service_resources": [f"${{azurerm_storage_account.{storage_key}.id}}"]},
        {"name": "azure-ml", "description": "Microsoft-managed storage Azure Machine Learning compute needs", "service": "Global",
         "service_resources": ["/services/Azure/MachineLearning"]},
    ]
    subnets = compute_subnets(doc)
    assert len(subnets) == 1
    for s in subnets.values():
        assert s["service_endpoints"] == ["Microsoft.Storage"]
        assert s["service_endpoint_policy_ids"] == [f"${{azurerm_subnet_service_endpoint_storage_policy.{pkey}.id}}"]
    # nothing else gets an endpoint or a policy (private endpoints, firewall, AKS nodes)
    others = [s for k, s in resources(doc, "azurerm_subnet").items() if k not in subnets]
    assert not any(s.get("service_endpoints") or s.get("service_endpoint_policy_ids") for s in others)


def test_policy_lives_in_the_compute_vnets_region():
    cfg = parse_config({"stacks": ["private-endpoint-compute"], "compute_network": {"region": "centralus"}})
    policy = one(synth("private-endpoint-compute", cfg), "azurerm_subnet_service_endpoint_storage_policy")
    assert policy["location"] == "centralus" and policy["name"] == "sep-amlnetpe-compute"


def test_verify_denies_a_foreign_account_when_on_and_catches_a_missing_policy():
    doc = synth("secure-workspace", default_config())
    found = [f for f in verify_document(Document(doc, "s")).findings if f.check == "exfiltration"]
    assert [(f.expected, f.result, f.violation) for f in found] == [("denied", "denied", False)]
    assert "service endpoint policy sep-amlnet allows only" in found[0].decided_by
    for drop in ("service_endpoint_policy_ids", "service_endpoints"):
        mutated = copy.deepcopy(doc)
        for s in compute_subnets(mutated).values():
            s.pop(drop)
        bad = [f for f in verify_document(Document(mutated, "s")).findings if f.violation]
        assert [f.flow for f in bad] == ["anyaccount.blob.core.windows.net TCP/443 (a storage account not the workspace's)"]
        assert bad[0].result == "allowed" and "Storage" in bad[0].decided_by


def test_verify_reports_but_accepts_a_foreign_account_when_off():
    cfg = load_config(ROOT / "examples" / "hbi-storage-firewall.yaml")
    doc = synth("secure-workspace", cfg)
    assert not resources(doc, "azurerm_subnet_service_endpoint_storage_policy")
    assert not any(s.get("service_endpoints") for s in resources(doc, "azurerm_subnet").values())
    found = [f for f in verify_document(Document(doc, "s")).findings if f.check == "exfiltration"]
    assert [(f.result, f.violation) for f in found] == [("allowed", False)]
    assert found[0].flow.endswith("(compute.storage_exfiltration_guard off)")


def test_a_scope_definition_allows_any_account():
    doc = synth("secure-workspace", default_config())
    policy = one(doc, "azurerm_subnet_service_endpoint_storage_policy")
    policy["definition"][0]["service_resources"] = ["/subscriptions/00000000-0000-0000-0000-000000000000"]
    bad = [f for f in verify_document(Document(doc, "s")).findings if f.violation]
    assert len(bad) == 1 and "allows every account in /subscriptions/" in bad[0].decided_by


@pytest.mark.parametrize("data, on", [
    ({}, True),
    ({"scenarios": ["vscode"]}, False),
    ({"scenarios": ["storage-firewall"]}, False),
    ({"scenarios": ["kubernetes"]}, False),
    ({"scenarios": ["microsoft-images", "python-packages"]}, False),  # viennaglobal curated environments (item 11)
    ({"scenarios": ["r-packages", "rstudio"]}, True),
    ({"compute": {"storage_exfiltration_guard": False}}, False),
    ({"compute": {"storage_exfiltration_guard": True}}, True),
])
def test_auto_follows_the_scenarios(data, on):
    assert guard_enabled(parse_config(data)) is on


def test_auto_skips_a_reused_compute_subnet():
    cfg = parse_config({"stacks": ["secure-workspace"], "network": {"existing_vnet_id": EXISTING_VNET, "address_space": ["10.20.0.0/16"],
                        "compute_subnet": {"name": "snet-compute", "existing_id": EXISTING_SUBNET, "cidr": "10.20.0.0/24"}}})
    doc = synth("secure-workspace", cfg)
    assert not resources(doc, "azurerm_subnet_service_endpoint_storage_policy")
    found = [f for f in verify_document(Document(doc, "s")).findings if f.check == "exfiltration"]
    assert found and not any(f.violation for f in found)


@pytest.mark.parametrize("data, message", [
    ({"scenarios": ["vscode"], "compute": {"storage_exfiltration_guard": True}},
     "compute.storage_exfiltration_guard: true, but scenario 'vscode' needs what the policy blocks (vscode.blob.core.windows.net)"),
    ({"scenarios": ["storage-firewall"], "compute": {"storage_exfiltration_guard": True}}, "scenario 'storage-firewall' needs what the policy blocks"),
    # Learn how-to-prevent-data-loss-exfiltration, "4. Curated environments" (issue 19, item 11)
    ({"scenarios": ["microsoft-images"], "compute": {"storage_exfiltration_guard": True}},
     "scenario 'microsoft-images' needs what the policy blocks (viennaglobal.azurecr.io: curated environments from it cannot be used"),
    ({"compute": {"storage_exfiltration_guard": True}, "stacks": ["secure-workspace"],
      "network": {"existing_vnet_id": EXISTING_VNET, "address_space": ["10.20.0.0/16"],
                  "compute_subnet": {"name": "snet-compute", "existing_id": EXISTING_SUBNET}}},
     "compute.storage_exfiltration_guard: true, but network.compute_subnet.existing_id reuses a subnet amlnet does not manage"),
    ({"compute": {"storage_exfiltration_guard": "yes"}}, "compute.storage_exfiltration_guard: expected true, false or 'auto'"),
])
def test_bad_guard_settings_are_refused(data, message):
    with pytest.raises(ConfigError) as e:
        parse_config(data, "cfg.yaml")
    assert message in str(e.value)


def test_other_storage_needs_per_cloud():
    assert other_storage_needs(Cloud.PUBLIC, {Scenario.COMPUTE, Scenario.STUDIO, Scenario.PYTHON_PACKAGES}) == {}
    china = other_storage_needs(Cloud.CHINA, {Scenario.VSCODE})
    assert china == {Scenario.VSCODE: ("vscode.blob.core.chinacloudapi.cn",)}
    assert Scenario.VSCODE in other_storage_needs(Cloud.USGOV, {Scenario.VSCODE})  # US Gov rows name the Azure Public account


SUBNET = {"name": "snet-x", "location": "eastus2", "resource_group_name": "rg", "vnet_name": "vnet-x", "vnet_resource_group_name": "rg",
          "nsg_rules": ()}


@pytest.mark.parametrize("props, field", [
    ({**SUBNET, "existing_subnet_id": EXISTING_SUBNET, "service_endpoints": ("Microsoft.Storage",)}, "service_endpoints"),
    ({**SUBNET, "cidr": "10.0.0.0/24", "service_endpoint_policy_ids": ("id",)}, "service_endpoint_policy_ids"),
])
def test_compute_subnet_props_refuse_guard_misuse(props, field):
    with pytest.raises(PropsError) as e:
        ComputeSubnetProps(**props)
    assert field in str(e.value)


@pytest.mark.parametrize("change, field", [
    ({"storage_account_ids": ()}, "storage_account_ids"),
    ({"storage_account_ids": ("/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv",)}, "storage_account_ids[0]"),
    ({"aliases": ("MachineLearning",)}, "aliases[0]"),
])
def test_guard_props_are_validated(change, field):
    base = {"name": "sep-x", "location": "eastus2", "resource_group_name": "rg",
            "storage_account_ids": ("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st",)}
    with pytest.raises(PropsError) as e:
        StorageExfiltrationGuardProps(**{**base, **change})
    assert field in str(e.value)


def test_managed_network_has_no_guard_and_refuses_true():
    cfg = parse_config({"isolation": "managed"})
    assert guard_enabled(cfg) is False
    assert not resources(synth_stack(STACKS["managed-network"](App(), "managed-network", cfg)), "azurerm_subnet_service_endpoint_storage_policy")
    with pytest.raises(ConfigError) as e:
        parse_config({"isolation": "managed", "compute": {"storage_exfiltration_guard": True}}, "cfg.yaml")
    assert "compute.storage_exfiltration_guard: true, but isolation is 'managed'" in str(e.value)
