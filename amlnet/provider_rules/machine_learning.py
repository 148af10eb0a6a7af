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


MACHINE_LEARNING_RULES: tuple[ProviderRule, ...] = (
    ProviderRule(
        "compute-instance-without-subnet-needs-managed-network", "azurerm_machine_learning_compute_instance",
        ("subnet_resource_id", "node_public_ip_enabled", "machine_learning_workspace_id"), "Create", f"{_CI}:221",
        "`subnet_resource_id` must be set if `node_public_ip_enabled` is set to `false` and the workspace is NOT using a managed network "
        "(isolation_mode = \"Disabled\")", _instance_needs_subnet),
)
