"""Globally unique names in the synthesized stacks: hashed at plan time from the subscription and the
resource group's ID, or pinned."""

import json

from amlnet.loading import parse_config
from amlnet.providers import App
from amlnet.stacks import SecureWorkspaceStack
from tests.conftest import one, synth_stack
from tests.synthesized import shipped_stacks

SUFFIX = "${local.names_suffix_"


def test_default_names_hash_subscription_and_resource_group(default_doc):
    locals_ = default_doc["locals"]
    (key, expr), = ((k, v) for k, v in locals_.items() if k.startswith("names_suffix"))
    assert expr == (
        '${sha256("/subscriptions/${data.azurerm_client_config.client.subscription_id}'
        '/resourceGroups/${azurerm_resource_group.resource-group.name}")}'
    )
    ref = f"local.{key}"
    assert one(default_doc, "azurerm_storage_account")["name"] == f"stamlnet${{substr({ref}, 0, 8)}}"
    assert one(default_doc, "azurerm_key_vault")["name"] == f"kv-amlnet-${{substr({ref}, 0, 8)}}"
    assert one(default_doc, "azurerm_container_registry")["name"] == f"cramlnet${{substr({ref}, 0, 8)}}"
    assert one(default_doc, "azurerm_machine_learning_compute_instance")["name"] == f"ci-amlnet-${{substr({ref}, 0, 8)}}"


def test_no_shipped_stack_has_a_literal_global_name_by_default():
    for label, kind, cfg, doc in shipped_stacks():
        if cfg.names.unique_suffix or cfg.names.storage_account:
            continue
        for rtype in ("azurerm_storage_account", "azurerm_key_vault", "azurerm_container_registry", "azurerm_machine_learning_compute_instance"):
            for r in doc["resource"].get(rtype, {}).values():
                assert "substr(local.names_suffix" in r["name"], f"{label}:{kind}: {rtype} {r['name']}"


def test_pinned_suffix_and_names_are_literal():
    doc = synth_stack(SecureWorkspaceStack(App(), "s", parse_config({"names": {"unique_suffix": "0a1b2c3d", "key_vault": "kv-team-pinned"}})))
    assert one(doc, "azurerm_storage_account")["name"] == "stamlnet0a1b2c3d"
    assert one(doc, "azurerm_key_vault")["name"] == "kv-team-pinned"
    assert one(doc, "azurerm_machine_learning_compute_instance")["name"] == "ci-amlnet-0a1b2c3d"
    assert "sha256" not in json.dumps(doc.get("locals", {}))
