"""Globally unique names: stem, suffix length within Azure's limits, stable per resource group."""

import hashlib
import re

import pytest

from amlnet.naming import COMPUTE_INSTANCE, CONTAINER_REGISTRY, KEY_VAULT, MIN_SUFFIX_LENGTH, STORAGE_ACCOUNT, resource_group_id

# Azure's rules (Learn: resource-name-rules): storage 3-24 lowercase alnum; key vault 3-24 alnum and
# hyphens, letter first, no consecutive hyphens, alnum last; registry 5-50 alnum; compute instance 3-24.
VALID = {
    STORAGE_ACCOUNT: re.compile(r"^[a-z0-9]{3,24}$"),
    KEY_VAULT: re.compile(r"^(?!.*--)[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$"),
    CONTAINER_REGISTRY: re.compile(r"^[a-zA-Z0-9]{5,50}$"),
    COMPUTE_INSTANCE: re.compile(r"^[a-zA-Z][a-zA-Z0-9-]{2,23}$"),
}
# the longest prefix (12) plus the longest stack suffix the default app adds ("pc", "pe", "sl")
PREFIXES = ("abc", "amlnet", "abcdefghijkl", "abcdefghijklpc")


def _suffix(sub: str, rg: str) -> str:
    """What Terraform computes: sha256 of the resource group ID, lowercase hex."""
    return hashlib.sha256(resource_group_id(sub, rg).encode()).hexdigest()


@pytest.mark.parametrize("rule", list(VALID), ids=lambda r: r.kind)
@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_derived_name_obeys_azure_rules(rule, prefix):
    name = rule.with_suffix(prefix, _suffix("00000000-0000-0000-0000-000000000001", f"rg-{prefix}-eastus2"))
    assert VALID[rule].match(name), name
    assert rule.suffix_length(prefix) >= MIN_SUFFIX_LENGTH


def test_two_subscriptions_with_the_same_prefix_get_different_names():
    a = STORAGE_ACCOUNT.with_suffix("amlnet", _suffix("00000000-0000-0000-0000-000000000001", "rg-amlnet-eastus2"))
    b = STORAGE_ACCOUNT.with_suffix("amlnet", _suffix("00000000-0000-0000-0000-000000000002", "rg-amlnet-eastus2"))
    c = STORAGE_ACCOUNT.with_suffix("amlnet", _suffix("00000000-0000-0000-0000-000000000001", "rg-other"))
    assert len({a, b, c}) == 3


def test_a_prefix_too_long_for_a_suffix_is_refused():
    with pytest.raises(ValueError, match="no room for a unique suffix in a key vault name"):
        KEY_VAULT.suffix_length("a" * 18)
