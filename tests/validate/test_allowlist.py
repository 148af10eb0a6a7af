"""The allow-list file and the diagnostics it matches (no terraform needed)."""

from __future__ import annotations

import pytest

from amlnet.validate import AllowList, AllowListError, Diagnostic
from tests.conftest import ROOT

DEPRECATED = Diagnostic("warning", "Argument is deprecated", "superseded by the `azurerm_storage_account_queue_properties` resource",
                        "azurerm_storage_account.workspace_storage_7969F94B")


def test_the_repo_allow_list_loads():
    allow = AllowList.load(ROOT / "terraform-validate-allow.yaml")
    assert all(len(a.reason) > 20 for a in allow.entries)


def test_entry_matches_by_summary_detail_address_and_stack():
    allow = AllowList.parse([{"summary": "Argument is deprecated", "detail": "queue_properties", "address": "azurerm_storage_account.*",
                              "stack": "default/*", "reason": "because"}])
    assert allow.match(DEPRECATED, "default/secure-workspace") is allow.entries[0]
    assert allow.match(DEPRECATED, "china/secure-workspace") is None  # stack glob
    other = Diagnostic("warning", "Argument is deprecated", "something else", DEPRECATED.address)
    assert allow.match(other, "default/secure-workspace") is None  # detail
    moved = Diagnostic("warning", DEPRECATED.summary, DEPRECATED.detail, "azurerm_key_vault.kv")
    assert allow.match(moved, "default/secure-workspace") is None  # address


def test_errors_are_never_allowed():
    allow = AllowList.parse([{"summary": "Argument is deprecated", "reason": "because"}])
    assert allow.match(Diagnostic("error", "Argument is deprecated"), "s") is None


@pytest.mark.parametrize("data, message", [
    ([{"summary": "Argument is deprecated"}], "entry 1: reason is required"),
    ([{"summary": "x", "reason": "  "}], "entry 1: reason is required"),
    ([{"reason": "r"}], "entry 1: summary is required"),
    ([{"summary": "x", "reason": "r", "adress": "a.b"}], "entry 1: unknown key 'adress'"),
    ([{"summary": "x", "reason": "r"}, "just a string"], "entry 2: expected a mapping"),
    ([{"summary": 3, "reason": "r"}], "entry 1: summary must be a string, got 3"),
    ({"summary": "x"}, "expected a list of entries, got dict"),
])
def test_bad_allow_list_names_entry_and_field(data, message):
    with pytest.raises(AllowListError, match="^allow.yaml: " + message.replace("(", r"\(")):
        AllowList.parse(data, "allow.yaml")


def test_missing_and_broken_files(tmp_path):
    with pytest.raises(AllowListError, match="no such allow-list file"):
        AllowList.load(tmp_path / "nope.yaml")
    (tmp_path / "bad.yaml").write_text("- summary: [unclosed\n")
    with pytest.raises(AllowListError, match="not valid YAML"):
        AllowList.load(tmp_path / "bad.yaml")
    (tmp_path / "empty.yaml").write_text("# nothing allowed\n")
    assert AllowList.load(tmp_path / "empty.yaml").entries == ()


@pytest.mark.parametrize("raw, address", [
    ({"severity": "error", "summary": "s", "address": "azurerm_subnet.a"}, "azurerm_subnet.a"),
    ({"severity": "error", "summary": "s", "snippet": {"context": "resource.azurerm_storage_account.x"}}, "azurerm_storage_account.x"),
    ({"severity": "error", "summary": "s", "snippet": {"context": "data.azurerm_subnet.existing"}}, "data.azurerm_subnet.existing"),
    ({"severity": "warning", "summary": "s", "snippet": {"context": "provider.azurerm"}}, ""),
    ({"severity": "warning", "summary": "s"}, ""),
])
def test_diagnostic_address(raw, address):
    assert Diagnostic.from_json(raw).address == address
