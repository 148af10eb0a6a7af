"""How amlnet names globally unique resources. Pure data and arithmetic; no cdktf.

Storage accounts, key vaults and container registries have names unique across Azure; compute
instances have names unique within a region (Learn: "Naming rules and restrictions for Azure
resources", https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules,
sections Microsoft.Storage, Microsoft.KeyVault, Microsoft.ContainerRegistry; "Create a compute instance",
https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance#create, "the name must be
unique across all existing compute instances within an Azure region").

A default name is a readable stem (type abbreviation and the configuration's prefix) followed by a
suffix: the first characters of the SHA-256 of the resource group's ID,
`/subscriptions/<subscription id>/resourceGroups/<resource group name>`, computed by Terraform at
plan time from the `azurerm_client_config` data source and the resource group (Azure's own templates
use `uniqueString(resourceGroup().id)` the same way). Two teams with the same prefix in different
subscriptions or resource groups get different names; one team gets the same names on every synth,
plan and re-deploy. Both the suffix (`names.unique_suffix`) and every name (`names.storage_account`, ...)
can be pinned.
"""

from __future__ import annotations

from dataclasses import dataclass

SUFFIX_LENGTH = 8
"""Hex characters of the suffix when the name has room (32 bits)."""
MIN_SUFFIX_LENGTH = 4


@dataclass(frozen=True)
class GlobalNameRule:
    """A globally (or regionally) unique name type: a stem and Azure's length limit."""

    kind: str
    abbreviation: str
    separator: str
    max_length: int
    """Azure's maximum length for the type."""

    def stem(self, prefix: str) -> str:
        return f"{self.abbreviation}{self.separator}{prefix}{self.separator}"

    def suffix_length(self, prefix: str) -> int:
        """How many suffix characters fit: up to `SUFFIX_LENGTH`, at least `MIN_SUFFIX_LENGTH`."""
        n = min(SUFFIX_LENGTH, self.max_length - len(self.stem(prefix)))
        if n < MIN_SUFFIX_LENGTH:
            raise ValueError(f"name prefix {prefix!r} leaves no room for a unique suffix in a {self.kind} name (at most {self.max_length} characters)")
        return n

    def with_suffix(self, prefix: str, suffix: str) -> str:
        """The name for a known suffix (a pinned one): the stem and the suffix cut to fit."""
        return self.stem(prefix) + suffix[: self.suffix_length(prefix)]


STORAGE_ACCOUNT = GlobalNameRule("storage account", "st", "", 24)
"""3-24 lowercase letters and digits, unique across Azure."""
KEY_VAULT = GlobalNameRule("key vault", "kv", "-", 24)
"""3-24 letters, digits and hyphens, starting with a letter, unique across Azure (a deleted vault keeps
its name for its soft-delete retention period)."""
CONTAINER_REGISTRY = GlobalNameRule("container registry", "cr", "", 50)
"""5-50 letters and digits, unique across Azure."""
COMPUTE_INSTANCE = GlobalNameRule("compute instance", "ci", "-", 24)
"""3-24 letters, digits and hyphens, starting with a letter, unique within the region."""


def resource_group_id(subscription_id: str, resource_group_name: str) -> str:
    """The resource group's ID, the text the suffix hashes."""
    return f"/subscriptions/{subscription_id}/resourceGroups/{resource_group_name}"
