"""azurerm v4.55.0 rules for storage, registries, firewalls, DNS resolvers and diagnostic settings that only
Create or CustomizeDiff check (read by issue 19's sweep of every emitted resource type).

Example::

    [r.id for r in STORAGE_AND_MORE_RULES][:1]   # ['storage-no-queue-properties-without-data-plane']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import ProviderRule, Stack, block, known

_ST = "internal/services/storage/storage_account_resource.go"
_ACR = "internal/services/containers/container_registry_resource.go"


def _enabled_logs_without_category(body: Mapping[str, Any], _: Stack) -> bool:
    logs = body.get("enabled_log") or []
    logs = logs if isinstance(logs, list) else [logs]
    return any(isinstance(log, Mapping) and not log.get("category") and not log.get("category_group") for log in logs)


def _nothing_enabled(body: Mapping[str, Any], _: Stack) -> bool:
    metrics = body.get("metric") or []
    metrics = metrics if isinstance(metrics, list) else [metrics]
    return not body.get("enabled_log") and not body.get("enabled_metric") and not any(
        isinstance(m, Mapping) and m.get("enabled", True) for m in metrics)


def _inbound_ip(body: Mapping[str, Any], _: Stack) -> bool:
    ip = block(body, "ip_configurations")
    method, addr = ip.get("private_ip_allocation_method", "Dynamic"), ip.get("private_ip_address")
    if not known(addr):
        return False
    return (method == "Dynamic" and bool(addr)) or (method == "Static" and not addr)


def _firewall_subnets(body: Mapping[str, Any], _: Stack) -> bool:
    ips = body.get("ip_configuration") or []
    ips = ips if isinstance(ips, list) else [ips]
    return bool(ips) and sum(1 for i in ips if isinstance(i, Mapping) and i.get("subnet_id")) != 1


STORAGE_AND_MORE_RULES: tuple[ProviderRule, ...] = (
    ProviderRule(
        "storage-no-queue-properties-without-data-plane", "azurerm_storage_account", ("queue_properties",), "CustomizeDiff", f"{_ST}:1149",
        "cannot configure 'queue_properties' when the Provider Feature 'data_plane_available' is set to 'false'",
        lambda b, s: not s.data_plane_available and bool(b.get("queue_properties"))),
    ProviderRule(
        "storage-no-static-website-without-data-plane", "azurerm_storage_account", ("static_website",), "CustomizeDiff", f"{_ST}:1158",
        "cannot configure 'static_website' when the Provider Feature 'data_plane_available' is set to 'false'",
        lambda b, s: not s.data_plane_available and bool(b.get("static_website"))),
    ProviderRule(
        "storage-hns-needs-v2-kind", "azurerm_storage_account", ("is_hns_enabled", "account_kind"), "Create", f"{_ST}:1459",
        "`is_hns_enabled` can only be used for accounts with `kind` set to one of: %+v",
        lambda b, _s: b.get("is_hns_enabled") is True and b.get("account_kind", "StorageV2") not in ("BlobStorage", "BlockBlobStorage", "StorageV2")),
    ProviderRule(
        "storage-versioning-not-with-hns", "azurerm_storage_account", ("blob_properties.versioning_enabled", "is_hns_enabled"), "Create",
        f"{_ST}:1620", "`versioning_enabled` can't be true when `is_hns_enabled` is true",
        lambda b, _s: block(b, "blob_properties").get("versioning_enabled") is True and b.get("is_hns_enabled") is True),
    ProviderRule(
        "acr-private-needs-premium", "azurerm_container_registry", ("public_network_access_enabled", "sku"), "Create", f"{_ACR}:409",
        "`public_network_access_enabled` can only be disabled for a Premium Sku",
        lambda b, _s: b.get("public_network_access_enabled") is False and known(b.get("sku")) and str(b.get("sku")).lower() != "premium"),
    ProviderRule(
        "firewall-one-subnet", "azurerm_firewall", ("ip_configuration.subnet_id",), "Create", "internal/services/firewall/firewall_resource.go:257",
        "validating %s: the \"ip_configuration\" is invalid, %d \"subnet_id\" have been set, one \"subnet_id\" should be set",
        _firewall_subnets),
    ProviderRule(
        "resolver-inbound-ip-and-method", "azurerm_private_dns_resolver_inbound_endpoint",
        ("ip_configurations.private_ip_address", "ip_configurations.private_ip_allocation_method"), "Create",
        "internal/services/privatednsresolver/private_dns_resolver_inbound_endpoint_resource.go:301",
        "`private_ip_address` must be set when `private_ip_allocation_method` is `Static` (and cannot be set when it is `Dynamic`)",
        _inbound_ip),
    ProviderRule(
        "diagnostic-log-needs-a-category", "azurerm_monitor_diagnostic_setting", ("enabled_log.category", "enabled_log.category_group"),
        "Create", "internal/services/monitor/monitor_diagnostic_setting_resource.go:660",
        "expanding enabled_log: exactly one of `category` or `category_group` must be specified", _enabled_logs_without_category),
    ProviderRule(
        "diagnostic-enables-something", "azurerm_monitor_diagnostic_setting", ("enabled_log", "enabled_metric"), "Create",
        "internal/services/monitor/monitor_diagnostic_setting_resource.go:287", "at least one type of Log or Metric must be enabled",
        _nothing_enabled),
)
