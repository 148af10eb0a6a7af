"""Every file in examples/ is a test: it validates and synthesizes."""

from pathlib import Path

import pytest

from amlnet.loading import load_config
from tests.conftest import ROOT, one, resources
from tests.synthesized import stacks_of

EXAMPLES = sorted((ROOT / "examples").glob("*.*"))


def test_there_are_examples():
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_synthesizes(path: Path):
    cfg = load_config(path)
    docs = stacks_of(path.name)
    assert set(docs) == set(cfg.stacks)
    for kind, doc in docs.items():
        assert one(doc, "azurerm_machine_learning_workspace")["public_network_access_enabled"] is False, kind
        for rtype in ("azurerm_machine_learning_compute_cluster", "azurerm_machine_learning_compute_instance"):
            for c in resources(doc, rtype).values():
                assert c["node_public_ip_enabled"] is cfg.compute.public_ip, kind
        for nsg in resources(doc, "azurerm_network_security_group").values():  # compute, and the AKS subnet's
            assert any(r["name"] == "DenyAllOutbound" for r in nsg["security_rule"]), kind


def test_hbi_example_has_key_vault_and_smb_rules():
    doc = stacks_of("hbi-storage-firewall.yaml")["secure-workspace"]
    rules = {r["name"]: r for r in one(doc, "azurerm_network_security_group")["security_rule"]}
    assert rules["AllowOutAzureKeyVaultWestEuropeTcp"]["destination_address_prefix"] == "AzureKeyVault.WestEurope"
    assert rules["AllowOutStorageWestEuropeTcp"]["destination_port_ranges"] == ["443", "445"]
    app = one(doc, "azurerm_firewall_policy_rule_collection_group")["application_rule_collection"][0]["rule"]
    assert any("cloud.r-project.org" in r["destination_fqdns"] for r in app)
