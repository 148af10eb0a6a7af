"""azurerm v4.55.0 rules for Azure Machine Learning compute that only Create checks (it reads the workspace).

Example::

    [r.id for r in MACHINE_LEARNING_RULES]   # ['compute-instance-without-subnet-needs-managed-network']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import ProviderRule, Stack, block

_CI = "internal/services/machinelearning/machine_learning_compute_instance_resource.go"


def _instance_needs_subnet(body: Mapping[str, Any], stack: Stack) -> bool:
    """`hasManagedNetwork(model)`: the workspace's managed network isolation mode is not Disabled."""
    if body.get("node_public_ip_enabled", True) is not False or body.get("subnet_resource_id"):
        return False
    ws = stack.referenced(body.get("machine_learning_workspace_id"), "azurerm_machine_learning_workspace")
    if ws is None:
        return False  # a workspace outside the stack: Create reads it from Azure, nothing to decide offline
    mode = block(ws, "managed_network").get("isolation_mode", "Disabled")
    return mode in (None, "Disabled")


def _serverless_needs_subnet_or_public_ip(body: Mapping[str, Any], _: Stack) -> bool:
    sc = block(body, "serverless_compute")
    if not sc:
        return False
    return sc.get("public_ip_enabled", False) is False and not sc.get("subnet_id") and body.get("public_network_access_enabled") is False


def _identity_ids_with_system(body: Mapping[str, Any], _: Stack) -> bool:
    ident = block(body, "identity")
    return bool(ident.get("identity_ids")) and ident.get("type") == "SystemAssigned"


_WS = "internal/services/machinelearning/machine_learning_workspace_resource.go"
_IDS = "expanding `identity`: `identity_ids` can only be specified when `type` is set to %q or %q"

MACHINE_LEARNING_RULES: tuple[ProviderRule, ...] = (
    ProviderRule(
        "workspace-serverless-needs-subnet-or-public-ip", "azurerm_machine_learning_workspace",
        ("serverless_compute.subnet_id", "serverless_compute.public_ip_enabled", "public_network_access_enabled"), "Create", f"{_WS}:334",
        "`public_ip_enabled` must be set to  `true` if `subnet_id` is not set and `public_network_access_enabled` is `false`",
        _serverless_needs_subnet_or_public_ip),
    ProviderRule("workspace-identity-ids-need-user-assigned", "azurerm_machine_learning_workspace", ("identity.identity_ids", "identity.type"),
                 "Create", f"{_WS}:294", _IDS, _identity_ids_with_system),
    ProviderRule("compute-cluster-identity-ids-need-user-assigned", "azurerm_machine_learning_compute_cluster",
                 ("identity.identity_ids", "identity.type"), "Create",
                 "internal/services/machinelearning/machine_learning_compute_cluster_resource.go:198", _IDS, _identity_ids_with_system),
    ProviderRule("compute-instance-identity-ids-need-user-assigned", "azurerm_machine_learning_compute_instance",
                 ("identity.identity_ids", "identity.type"), "Create", f"{_CI}:187", _IDS, _identity_ids_with_system),
    ProviderRule(
        "compute-instance-without-subnet-needs-managed-network", "azurerm_machine_learning_compute_instance",
        ("subnet_resource_id", "node_public_ip_enabled", "machine_learning_workspace_id"), "Create", f"{_CI}:221",
        "`subnet_resource_id` must be set if `node_public_ip_enabled` is set to `false` and the workspace is NOT using a managed network "
        "(isolation_mode = \"Disabled\")", _instance_needs_subnet),
)
