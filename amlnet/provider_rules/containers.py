"""azurerm v4.55.0 rules for AKS and container registries that only Create, Update or CustomizeDiff check.

Example::

    [r.id for r in CONTAINER_RULES][:2]   # ['aks-private-cluster-prefix-needs-custom-zone', 'aks-dns-prefix-without-private-cluster']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import ProviderRule, Stack, block, known

_AKS = "internal/services/containers/kubernetes_cluster_resource.go"
_AKSV = "internal/services/containers/kubernetes_cluster_validate.go"
_POOL = "internal/services/containers/kubernetes_nodepool.go"
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


def _net(body: Mapping[str, Any]) -> Mapping[str, Any]:
    return block(body, "network_profile")


def _pool(body: Mapping[str, Any]) -> Mapping[str, Any]:
    return block(body, "default_node_pool")


def _custom_zone_needs_user_identity(body: Mapping[str, Any], _: Stack) -> bool:
    zone = body.get("private_dns_zone_id")
    if zone in (None, "System", "None") or body.get("service_principal"):
        return False
    return block(body, "identity").get("type") != "UserAssigned"


def _dns_service_ip_pairs(body: Mapping[str, Any], _: Stack) -> bool:
    n = _net(body)
    return bool(n) and bool(n.get("dns_service_ip")) != bool(n.get("service_cidr") or n.get("service_cidrs"))


def _pod_cidr_with_azure(body: Mapping[str, Any], _: Stack) -> bool:
    n = _net(body)
    return bool(n.get("pod_cidr")) and str(n.get("network_plugin", "")).lower() == "azure" and n.get("network_plugin_mode") != "overlay"


def _autoscale(body: Mapping[str, Any], _: Stack) -> bool:
    p = _pool(body)
    if p.get("auto_scaling_enabled"):
        return not p.get("max_count") or not p.get("min_count")
    return bool(p.get("min_count") or p.get("max_count"))


def _rotation_name(body: Mapping[str, Any], _: Stack) -> bool:
    return not _pool(body).get("temporary_name_for_rotation")


def _addon_in_cloud(body: Mapping[str, Any], stack: Stack) -> bool:
    routing = body.get("http_application_routing_enabled") is True
    aci = bool(body.get("aci_connector_linux"))
    return (stack.environment == "china" and (routing or aci)) or (stack.environment == "usgovernment" and routing)


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
        "aks-custom-zone-needs-user-assigned-identity", "azurerm_kubernetes_cluster", ("private_dns_zone_id", "identity.type"), "Create",
        f"{_AKS}:1942", "a user assigned identity or a service principal must be used when using a custom private dns zone",
        _custom_zone_needs_user_identity),
    ProviderRule(
        "aks-dns-service-ip-with-service-cidr", "azurerm_kubernetes_cluster",
        ("network_profile.dns_service_ip", "network_profile.service_cidr"), "Create", f"{_AKSV}:45",
        "`dns_service_ip` and `service_cidr` should all be empty or both should be set", _dns_service_ip_pairs),
    ProviderRule(
        "aks-pod-cidr-needs-overlay", "azurerm_kubernetes_cluster", ("network_profile.pod_cidr", "network_profile.network_plugin_mode"),
        "Create", f"{_AKSV}:40", "`pod_cidr` and `azure` cannot be set together unless specifying `network_plugin_mode` to `overlay`",
        _pod_cidr_with_azure),
    ProviderRule(
        "aks-network-mode-needs-azure-plugin", "azurerm_kubernetes_cluster", ("network_profile.network_mode", "network_profile.network_plugin"),
        "Create", f"{_AKS}:3494", "`network_mode` cannot be set if `network_plugin` is not `azure`",
        lambda b, _s: bool(_net(b).get("network_mode")) and str(_net(b).get("network_plugin", "")).lower() != "azure"),
    ProviderRule(
        "aks-nat-gateway-profile-needs-standard-lb", "azurerm_kubernetes_cluster",
        ("network_profile.nat_gateway_profile", "network_profile.load_balancer_sku"), "Create", f"{_AKS}:3533",
        "only load balancer SKU 'Standard' supports NAT Gateway profiles. Provided load balancer type: %s",
        lambda b, _s: bool(_net(b).get("nat_gateway_profile")) and str(_net(b).get("load_balancer_sku", "standard")).lower() != "standard"),
    ProviderRule(
        "aks-outbound-none-needs-cached-bootstrap", "azurerm_kubernetes_cluster",
        ("network_profile.outbound_type", "bootstrap_profile.artifact_source"), "CustomizeDiff", f"{_AKS}:125",
        "when `network_profile.0.outbound_type` is set to `none`, `bootstrap_profile.0.artifact_source` must be set to `Cache`",
        lambda b, _s: _net(b).get("outbound_type") == "none" and block(b, "bootstrap_profile").get("artifact_source") != "Cache"),
    ProviderRule(
        "aks-autoscaling-counts", "azurerm_kubernetes_cluster",
        ("default_node_pool.auto_scaling_enabled", "default_node_pool.min_count", "default_node_pool.max_count"), "Create",
        f"{_POOL}:1006", "`max_count` and `min_count` must be configured when `auto_scaling_enabled` is set to `true`, and be `null` "
        "when it is not", _autoscale),
    ProviderRule(
        "aks-workload-identity-needs-oidc", "azurerm_kubernetes_cluster", ("workload_identity_enabled", "oidc_issuer_enabled"), "Create",
        f"{_AKS}:1821", "`oidc_issuer_enabled` must be set to `true` to enable Azure AD Workload Identity",
        lambda b, _s: b.get("workload_identity_enabled") is True and b.get("oidc_issuer_enabled") is not True),
    ProviderRule(
        "aks-cost-analysis-needs-paid-tier", "azurerm_kubernetes_cluster", ("cost_analysis_enabled", "sku_tier"), "Create", f"{_AKS}:4943",
        "`sku_tier` must be either `Standard` or `Premium` when cost analysis is enabled",
        lambda b, _s: b.get("cost_analysis_enabled") is True and b.get("sku_tier", "Free") not in ("Standard", "Premium")),
    ProviderRule(
        "aks-addon-not-in-this-cloud", "azurerm_kubernetes_cluster", ("http_application_routing_enabled", "aci_connector_linux"), "Create",
        "internal/services/containers/kubernetes_addons.go:428", "the addon %q is not supported for a Kubernetes Cluster located in %q",
        _addon_in_cloud),
    ProviderRule(
        "aks-node-pool-changes-need-a-rotation-name", "azurerm_kubernetes_cluster", ("default_node_pool.temporary_name_for_rotation",),
        "Update", f"{_AKS}:2630",
        "`temporary_name_for_rotation` must be specified when updating any of the following properties %q (vm_size, max_pods, "
        "vnet_subnet_id, node_public_ip_enabled and the other settings that cycle the default node pool)", _rotation_name),
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
