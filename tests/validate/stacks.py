"""Hand-written stacks for the validation tests: what cdktf writes, reduced to one storage account `x`."""

from __future__ import annotations

import json
import os
from pathlib import Path

from amlnet.cdk_choice import choose_cdk

PIN = choose_cdk(os.environ).azurerm_version  # the version this venv's CDK pins, as a shipped stack has it


def stack_json(**storage_args) -> dict:
    """A minimal stack as cdktf writes it: the azurerm provider pinned, one storage account `x`."""
    account = {"name": "stamlnetvalidate01", "resource_group_name": "rg-amlnet", "location": "eastus2",
               "account_tier": "Standard", "account_replication_type": "LRS", **storage_args}
    return {
        "terraform": {"required_providers": {"azurerm": {"source": "azurerm", "version": PIN}}},
        "provider": {"azurerm": [{"features": [{}]}]},
        "resource": {"azurerm_storage_account": {"x": account}},
    }


# azurerm 4.55.0, internal/services/storage/storage_account_resource.go: queue_properties is Deprecated
# ("superseded by the `azurerm_storage_account_queue_properties` resource")
DEPRECATED_BLOCK = {"queue_properties": {"logging": {"delete": True, "read": True, "write": True, "version": "1.0"}}}
CASES = {
    "bad-enum": stack_json(account_tier="Fancy"),
    "unknown-argument": stack_json(bogus_argument=True),
    "warn-allowed": stack_json(**DEPRECATED_BLOCK),
    "warn-unlisted": stack_json(**DEPRECATED_BLOCK),
    "clean": stack_json(),
}


def write_stack(root: Path, name: str, doc: dict) -> Path:
    d = root / name
    d.mkdir(parents=True)
    (d / "cdk.tf.json").write_text(json.dumps(doc, indent=2))
    return d


def terraform_tools(label: str):
    """(tools, None) when terraform and the provider are here; (None, reason) when the provider is unavailable (each
    test then fails with the reason); skips the calling module when terraform is absent and not required (CI requires it)."""
    import pytest

    from amlnet.validate import Skip, Unavailable, preflight
    from scripts.validate import CACHE

    try:
        return preflight(CACHE), None
    except Skip as s:
        pytest.skip(f"{label}: {s}", allow_module_level=True)
    except Unavailable as e:
        return None, f"{label}: {e}"
