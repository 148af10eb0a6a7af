"""azurerm v4.55.0 rules for network resources that only Create, Update or CustomizeDiff check.

Example::

    [r.id for r in NETWORK_RULES][:1]   # ['public-ip-standard-needs-static']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import ProviderRule, Stack, block, known

_N = "internal/services/network"


def _rules_with_both(single: str, plural: str) -> Any:
    def fires(body: Mapping[str, Any], _: Stack) -> bool:
        rules = body.get("security_rule") or []
        return any(isinstance(r, Mapping) and r.get(single) not in (None, "") and r.get(plural) for r in rules)

    return fires


def _pe_request_message(manual: bool) -> Any:
    def fires(body: Mapping[str, Any], _: Stack) -> bool:
        psc = block(body, "private_service_connection")
        if not psc or not known(psc.get("request_message")):
            return False
        msg = str(psc.get("request_message") or "")
        return bool(psc.get("is_manual_connection")) == manual and (not msg.strip() if manual else msg != "")

    return fires


_NSG_PAIRS = (("source_port_range", "source_port_ranges", 532), ("destination_port_range", "destination_port_ranges", 536),
              ("source_address_prefix", "source_address_prefixes", 540),
              ("destination_address_prefix", "destination_address_prefixes", 544))

NETWORK_RULES: tuple[ProviderRule, ...] = (
    ProviderRule(
        "public-ip-standard-needs-static", "azurerm_public_ip", ("allocation_method", "sku"), "Create", f"{_N}/public_ip_resource.go:215",
        "static IP allocation must be used when creating Standard SKU public IP addresses",
        lambda b, _s: str(b.get("sku", "Standard")).lower() in ("standard", "standardv2") and known(b.get("allocation_method"))
        and str(b.get("allocation_method", "")).lower() != "static"),
    ProviderRule(
        "public-ip-ddos-plan-needs-enabled", "azurerm_public_ip", ("ddos_protection_plan_id", "ddos_protection_mode"), "Create",
        f"{_N}/public_ip_resource.go:243", "ddos protection plan id can only be set when ddos protection is enabled",
        lambda b, _s: bool(b.get("ddos_protection_plan_id")) and str(b.get("ddos_protection_mode", "VirtualNetworkInherited")).lower() != "enabled"),
    ProviderRule(
        "subnet-sharing-scope-needs-no-default-outbound", "azurerm_subnet", ("sharing_scope", "default_outbound_access_enabled"),
        "CustomizeDiff", f"{_N}/subnet_resource.go:118", "`sharing_scope` cannot be set if `default_outbound_access_enabled` is set to `true`",
        lambda b, _s: bool(b.get("sharing_scope")) and b.get("default_outbound_access_enabled", True) is not False),
    *(ProviderRule(
        f"nsg-rule-{single.replace('_', '-')}-or-plural", "azurerm_network_security_group", (f"security_rule.{single}", f"security_rule.{plural}"),
        "Create", f"{_N}/network_security_group_resource.go:{line}",
        f"only one of \"{single}\" and \"{plural}\" can be used per security rule", _rules_with_both(single, plural))
      for single, plural, line in _NSG_PAIRS),
    ProviderRule(
        "private-endpoint-automatic-takes-no-request-message", "azurerm_private_endpoint",
        ("private_service_connection.request_message", "private_service_connection.is_manual_connection"), "Create",
        f"{_N}/private_endpoint_resource.go:1155",
        "\"private_service_connection\":%q is invalid, the \"request_message\" attribute cannot be set if the \"is_manual_connection\" "
        "attribute is \"false\"", _pe_request_message(False)),
    ProviderRule(
        "private-endpoint-manual-needs-request-message", "azurerm_private_endpoint",
        ("private_service_connection.request_message", "private_service_connection.is_manual_connection"), "Create",
        f"{_N}/private_endpoint_resource.go:1160",
        "\"private_service_connection\":%q is invalid, the \"request_message\" attribute must not be empty", _pe_request_message(True)),
)
