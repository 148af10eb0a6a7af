"""The workspace's own settings and the resource names a user pins.

Example::

    WorkspaceConfig(hbi=True), NameOverrides(unique_suffix="a1b2")
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import model_validator

from .base import StrictModel
from .fields import KeyVaultName, RegistryName, StorageAccountName, UniqueSuffix


class WorkspaceConfig(StrictModel):
    hbi: bool = False
    """high_business_impact (hbi_workspace): also enables the `hbi` scenario's outbound rules."""
    data_profiling_access: Literal["resource-instance", "trusted-services", "none"] = "resource-instance"
    """How studio data profiling reaches the default storage (seed 001): a resource-instance rule for the
    workspace, the trusted-services exception, or none (storage public network access fully disabled).
    Default: resource-instance; none for an hbi workspace (its storage takes no public access)."""
    storage_replication: Literal["LRS", "ZRS", "GRS", "GZRS"] = "LRS"
    """Replication of the workspace's default storage account."""
    purge_on_destroy: bool = False
    """Purge the workspace when the stack is destroyed (provider feature
    `machine_learning.purge_soft_deleted_workspace_on_destroy`). Off: a destroyed workspace stays
    soft-deleted for 14 days and its name cannot be reused before then, so a re-deploy within that time
    fails until it is purged (`az ml workspace delete --permanently-delete`). On: the name is free at
    once, and the workspace's data is gone for good."""

    @model_validator(mode="before")
    @classmethod
    def _hbi_default(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("hbi") is True and "data_profiling_access" not in data:
            data = {**data, "data_profiling_access": "none"}
        return data


class NameOverrides(StrictModel):
    """Resource names you pin. Unset names are derived: the prefix, and for globally unique names
    (storage account, key vault, container registry, compute instance) a suffix hashed from the
    subscription and resource group at plan time (see `amlnet.naming`)."""

    resource_group: str | None = None
    workspace: str | None = None
    storage_account: StorageAccountName | None = None
    key_vault: KeyVaultName | None = None
    container_registry: RegistryName | None = None
    unique_suffix: UniqueSuffix | None = None
    """Pin the suffix of the derived global names instead of hashing subscription and resource group:
    names become literals, the same wherever the stack is deployed (so they can collide again)."""
