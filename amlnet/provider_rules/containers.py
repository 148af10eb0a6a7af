"""azurerm v4.55.0 rules for AKS and container registries that only Create, Update or CustomizeDiff check.

Example::

    [r.id for r in CONTAINER_RULES][:2]   # ['aks-private-cluster-prefix-needs-custom-zone', 'aks-dns-prefix-without-private-cluster']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import ProviderRule, Stack, known

_AKS = "internal/services/containers/kubernetes_cluster_resource.go"
_ACR = "internal/services/containers/container_registry_resource.go"


def _premium(body: Mapping[str, Any]) -> bool:
    sku = body.get("sku")
    return not known(sku) or str(sku).lower() == "premium"


def _set(body: Mapping[str, Any], arg: str) -> bool:
    v = body.get(arg)
    return v not in (None, "", [], {}) and known(v)


def _aks_prefix_private(body: Mapping[str, Any], _: Stack) -> bool:
    zone = body.get("private_dns_zone_id")
    return _set(body, "dns_prefix_private_cluster") and (not body.get("private_cluster_enabled") or zone in (None, "System", "None"))


def _aks_needs_dns_prefix(body: Mapping[str, Any], _: Stack) -> bool:
    return not body.get("private_cluster_enabled") and not body.get("dns_prefix")


def _aks_node_image(body: Mapping[str, Any], _: Stack) -> bool:
    ch, os_ch = body.get("automatic_upgrade_channel"), body.get("node_os_upgrade_channel")
    return ch == "node-image" and os_ch not in (None, "NodeImage") and known(os_ch)


def _acr_rule(arg: str, test: Any) -> Any:
    return lambda body, _stack: not _premium(body) and test(body.get(arg))


CONTAINER_RULES: tuple[ProviderRule, ...] = (
    ProviderRule(
        "aks-private-cluster-prefix-needs-custom-zone", "azurerm_kubernetes_cluster",
        ("dns_prefix_private_cluster", "private_dns_zone_id", "private_cluster_enabled"), "Create", f"{_AKS}:1949",
        "`dns_prefix_private_cluster` should only be set for private cluster with custom private dns zone", _aks_prefix_private),
    ProviderRule(
        "aks-dns-prefix-without-private-cluster", "azurerm_kubernetes_cluster", ("dns_prefix", "private_cluster_enabled"), "Create",
        f"{_AKS}:1780", "`dns_prefix` should be set if it is not a private cluster", _aks_needs_dns_prefix),
    ProviderRule(
        "aks-node-image-channel", "azurerm_kubernetes_cluster", ("node_os_upgrade_channel", "automatic_upgrade_channel"), "Create",
        f"{_AKS}:1850",
        "`node_os_upgrade_channel` cannot be set to a value other than `NodeImage` if `automatic_upgrade_channel` is set to `node-image`",
        _aks_node_image),
    ProviderRule(
        "acr-retention-needs-premium", "azurerm_container_registry", ("retention_policy_in_days", "sku"), "CustomizeDiff", f"{_ACR}:296",
        "an ACR retention policy can only be applied when using the Premium Sku. If you are downgrading from a Premium SKU please unset "
        "`retention_policy_in_days`", _acr_rule("retention_policy_in_days", lambda v: isinstance(v, int) and v > 0)),
    ProviderRule(
        "acr-data-endpoint-needs-premium", "azurerm_container_registry", ("data_endpoint_enabled", "sku"), "CustomizeDiff", f"{_ACR}:339",
        "`data_endpoint_enabled` can only be applied when using the Premium Sku", _acr_rule("data_endpoint_enabled", lambda v: v is True)),
    ProviderRule(
        "acr-zone-redundancy-needs-premium", "azurerm_container_registry", ("zone_redundancy_enabled", "sku"), "CustomizeDiff",
        f"{_ACR}:322", "ACR zone redundancy can only be applied when using the Premium Sku",
        _acr_rule("zone_redundancy_enabled", lambda v: v is True)),
    ProviderRule(
        "acr-quarantine-needs-premium", "azurerm_container_registry", ("quarantine_policy_enabled", "sku"), "CustomizeDiff",
        f"{_ACR}:291", "an ACR quarantine policy can only be applied when using the Premium Sku. If you are downgrading from a Premium SKU "
        "please unset quarantine_policy_enabled", _acr_rule("quarantine_policy_enabled", lambda v: v is True)),
    ProviderRule(
        "acr-export-policy-off-needs-premium-and-private", "azurerm_container_registry",
        ("export_policy_enabled", "public_network_access_enabled", "sku"), "CustomizeDiff", f"{_ACR}:307",
        "an ACR export policy can only be disabled when using the Premium Sku (and then `public_network_access_enabled` must also be `false`)",
        lambda b, _s: b.get("export_policy_enabled") is False and (not _premium(b) or b.get("public_network_access_enabled", True) is not False)),
    ProviderRule(
        "acr-network-rules-need-premium", "azurerm_container_registry", ("network_rule_set", "sku"), "Create", f"{_ACR}:398",
        "`network_rule_set_set` can only be specified for a Premium Sku. If you are reverting from a Premium to Basic SKU please set "
        "network_rule_set = []", _acr_rule("network_rule_set", lambda v: bool(v))),
)
