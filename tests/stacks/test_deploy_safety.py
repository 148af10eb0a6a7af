"""Deploy safety over every shipped stack (default app and every example): what the first
`cdktf deploy` would reject or trip over, checked on the synthesized JSON."""

import pytest

from tests.synthesized import shipped_stacks

STACKS = shipped_stacks()
IDS = [f"{a}:{b}" for a, b, _, _ in STACKS]
DATA_PLANE_PROPERTIES = ("queue_properties", "static_website", "share_properties")


@pytest.mark.parametrize("index", range(len(STACKS)), ids=IDS)
def test_provider_never_uses_the_storage_data_plane(index):
    label, kind, cfg, doc = STACKS[index]
    for p in doc["provider"]["azurerm"]:
        assert p["features"][0]["storage"] == [{"data_plane_available": False}], f"{label}:{kind}"


@pytest.mark.parametrize("index", range(len(STACKS)), ids=IDS)
def test_closed_storage_has_no_data_plane_properties_and_logs_through_diagnostics(index):
    label, kind, cfg, doc = STACKS[index]
    accounts = doc["resource"]["azurerm_storage_account"]
    diags = doc["resource"].get("azurerm_monitor_diagnostic_setting", {}).values()
    for key, sa in accounts.items():
        assert sa["network_rules"]["default_action"] == "Deny", f"{label}:{kind}:{key}"
        for prop in DATA_PLANE_PROPERTIES:
            assert prop not in sa, f"{label}:{kind}: {key} sets {prop}, which needs the storage data plane"
        ref = f"${{azurerm_storage_account.{key}.id}}"
        for svc in ("blob", "queue"):
            d = [x for x in diags if x["target_resource_id"] == f"{ref}/{svc}Services/default"]
            assert len(d) == 1, f"{label}:{kind}: {svc} service of {key} has no diagnostic setting"
            assert d[0]["log_analytics_workspace_id"].startswith("${azurerm_log_analytics_workspace.")
            assert {c["category"] for c in d[0]["enabled_log"]} == {"StorageRead", "StorageWrite", "StorageDelete"}
