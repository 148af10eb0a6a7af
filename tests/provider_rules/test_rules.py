"""The provider's create-time rules (amlnet.provider_rules): each fires on the configuration it describes and
on nothing amlnet ships; `amlnet verify` reports a hit as a violation; docs/provider-rules.md is generated."""

from __future__ import annotations

import json

import pytest

from amlnet.provider_rules import RULES, markdown, sweep
from amlnet.verify.document import Document
from amlnet.verify.engine import verify_document
from tests.conftest import ROOT
from tests.synthesized import app_output, ids, shipped_stacks

WS = "${azurerm_machine_learning_workspace.ws.id}"
# rule id -> (a resource body the provider refuses, other resources of the stack {type: {name: body}})
REFUSED: dict[str, tuple[dict, dict]] = {
    "aks-private-cluster-prefix-needs-custom-zone": (
        {"private_cluster_enabled": True, "private_dns_zone_id": "System", "dns_prefix_private_cluster": "aks"}, {}),
    "aks-dns-prefix-without-private-cluster": ({"private_cluster_enabled": False, "dns_prefix_private_cluster": "aks"}, {}),
    "aks-node-image-channel": ({"automatic_upgrade_channel": "node-image", "node_os_upgrade_channel": "Unmanaged", "dns_prefix": "a"}, {}),
    "aks-custom-zone-needs-user-assigned-identity": (
        {"private_dns_zone_id": "${azurerm_private_dns_zone.z.id}", "identity": [{"type": "SystemAssigned"}]}, {}),
    "aks-dns-service-ip-with-service-cidr": ({"network_profile": [{"dns_service_ip": "10.0.0.10"}]}, {}),
    "aks-pod-cidr-needs-overlay": ({"network_profile": [{"network_plugin": "azure", "pod_cidr": "10.244.0.0/16"}]}, {}),
    "aks-network-mode-needs-azure-plugin": ({"network_profile": [{"network_plugin": "kubenet", "network_mode": "transparent"}]}, {}),
    "aks-nat-gateway-profile-needs-standard-lb": (
        {"network_profile": [{"load_balancer_sku": "basic", "nat_gateway_profile": [{"idle_timeout_in_minutes": 4}]}]}, {}),
    "aks-outbound-none-needs-cached-bootstrap": ({"network_profile": [{"outbound_type": "none"}]}, {}),
    "aks-autoscaling-counts": ({"default_node_pool": [{"auto_scaling_enabled": True, "max_count": 5}]}, {}),
    "aks-workload-identity-needs-oidc": ({"workload_identity_enabled": True}, {}),
    "aks-cost-analysis-needs-paid-tier": ({"cost_analysis_enabled": True, "sku_tier": "Free"}, {}),
    "aks-node-pool-changes-need-a-rotation-name": ({"default_node_pool": [{"name": "system", "vm_size": "Standard_D4s_v3"}]}, {}),
    "workspace-serverless-needs-subnet-or-public-ip": (
        {"public_network_access_enabled": False, "serverless_compute": [{"public_ip_enabled": False}]}, {}),
    "workspace-identity-ids-need-user-assigned": ({"identity": [{"type": "SystemAssigned", "identity_ids": ["id"]}]}, {}),
    "compute-cluster-identity-ids-need-user-assigned": ({"identity": [{"type": "SystemAssigned", "identity_ids": ["id"]}]}, {}),
    "compute-instance-identity-ids-need-user-assigned": ({"identity": [{"type": "SystemAssigned", "identity_ids": ["id"]}]}, {}),
    "public-ip-standard-needs-static": ({"sku": "Standard", "allocation_method": "Dynamic"}, {}),
    "public-ip-ddos-plan-needs-enabled": ({"ddos_protection_plan_id": "/subscriptions/x/plan"}, {}),
    "subnet-sharing-scope-needs-no-default-outbound": ({"sharing_scope": "Tenant"}, {}),
    "nsg-rule-source-port-range-or-plural": ({"security_rule": [{"source_port_range": "*", "source_port_ranges": ["1"]}]}, {}),
    "nsg-rule-destination-port-range-or-plural": (
        {"security_rule": [{"destination_port_range": "443", "destination_port_ranges": ["80"]}]}, {}),
    "nsg-rule-source-address-prefix-or-plural": (
        {"security_rule": [{"source_address_prefix": "*", "source_address_prefixes": ["10.0.0.0/8"]}]}, {}),
    "nsg-rule-destination-address-prefix-or-plural": (
        {"security_rule": [{"destination_address_prefix": "Internet", "destination_address_prefixes": ["10.0.0.0/8"]}]}, {}),
    "private-endpoint-automatic-takes-no-request-message": (
        {"private_service_connection": [{"is_manual_connection": False, "request_message": "please"}]}, {}),
    "private-endpoint-manual-needs-request-message": ({"private_service_connection": [{"is_manual_connection": True}]}, {}),
    "storage-hns-needs-v2-kind": ({"is_hns_enabled": True, "account_kind": "Storage"}, {}),
    "storage-versioning-not-with-hns": ({"is_hns_enabled": True, "blob_properties": [{"versioning_enabled": True}]}, {}),
    "acr-private-needs-premium": ({"sku": "Standard", "public_network_access_enabled": False}, {}),
    "firewall-one-subnet": ({"ip_configuration": [{"name": "a"}, {"name": "b"}]}, {}),
    "resolver-inbound-ip-and-method": ({"ip_configurations": [{"private_ip_allocation_method": "Static"}]}, {}),
    "diagnostic-log-needs-a-category": ({"enabled_log": [{"category_group": None}]}, {}),
    "diagnostic-enables-something": ({"target_resource_id": "x"}, {}),
    "acr-retention-needs-premium": ({"sku": "Standard", "retention_policy_in_days": 7}, {}),
    "acr-data-endpoint-needs-premium": ({"sku": "Basic", "data_endpoint_enabled": True}, {}),
    "acr-zone-redundancy-needs-premium": ({"sku": "Standard", "zone_redundancy_enabled": True}, {}),
    "acr-quarantine-needs-premium": ({"sku": "Standard", "quarantine_policy_enabled": True}, {}),
    "acr-export-policy-off-needs-premium-and-private": ({"sku": "Premium", "export_policy_enabled": False}, {}),
    "acr-network-rules-need-premium": ({"sku": "Standard", "network_rule_set": [{"default_action": "Deny"}]}, {}),
    "compute-instance-without-subnet-needs-managed-network": (
        {"machine_learning_workspace_id": WS, "node_public_ip_enabled": False},
        {"azurerm_machine_learning_workspace": {"ws": {"managed_network": {"isolation_mode": "Disabled"}}}}),
}


def _doc(rule, body, others):
    return {"resource": {**others, rule.resource_type: {"r": body}}}


_SPECIAL = {"aks-addon-not-in-this-cloud", "storage-no-queue-properties-without-data-plane", "storage-no-static-website-without-data-plane"}


@pytest.mark.parametrize("rule", [r for r in RULES if r.id not in _SPECIAL], ids=[r.id for r in RULES if r.id not in _SPECIAL])
def test_each_rule_fires_on_what_the_provider_refuses(rule):
    assert rule.id in REFUSED, f"{rule.id}: add the configuration the provider refuses to REFUSED"
    body, others = REFUSED[rule.id]
    hits = sweep(_doc(rule, body, others), (rule,))
    assert [h.address for h in hits] == [f"{rule.resource_type}.r"]
    assert rule.message in hits[0].line() and rule.source in hits[0].line() and rule.arguments[0] in hits[0].line()


def test_a_reference_the_plan_does_not_know_fires_nothing():
    """Unknown values are the plan's to check (issue 20), not a guess: `${...}` never fires a rule."""
    rule = next(r for r in RULES if r.id == "acr-retention-needs-premium")
    assert sweep({"resource": {"azurerm_container_registry": {"r": {"sku": "${var.sku}", "retention_policy_in_days": 7}}}}, (rule,)) == []


@pytest.mark.parametrize("rule_id, body", [("storage-no-queue-properties-without-data-plane", {"queue_properties": [{}]}),
                                           ("storage-no-static-website-without-data-plane", {"static_website": [{}]})])
def test_data_plane_blocks_are_refused_when_the_provider_has_no_data_plane(rule_id, body):
    """storage_account_resource.go:1149/1158 read the provider's features (every amlnet stack turns the data plane off)."""
    rule = next(r for r in RULES if r.id == rule_id)
    off = {"azurerm": [{"features": [{"storage": [{"data_plane_available": False}]}]}]}
    assert sweep({"resource": {"azurerm_storage_account": {"r": body}}, "provider": off}, (rule,))
    assert not sweep({"resource": {"azurerm_storage_account": {"r": body}}, "provider": {"azurerm": [{"features": [{}]}]}}, (rule,))


def test_an_addon_is_refused_in_the_cloud_that_lacks_it():
    """kubernetes_addons.go:428 decides by the provider's environment."""
    rule = next(r for r in RULES if r.id == "aks-addon-not-in-this-cloud")
    body = {"azurerm_kubernetes_cluster": {"r": {"http_application_routing_enabled": True}}}
    assert sweep({"resource": body, "provider": {"azurerm": [{"environment": "china"}]}}, (rule,))
    assert sweep({"resource": body, "provider": {"azurerm": [{"environment": "usgovernment"}]}}, (rule,))
    assert not sweep({"resource": body, "provider": {"azurerm": [{"environment": "public"}]}}, (rule,))


def test_managed_network_compute_instance_passes():
    rule = next(r for r in RULES if r.id == "compute-instance-without-subnet-needs-managed-network")
    body, others = REFUSED[rule.id]
    managed = {"azurerm_machine_learning_workspace": {"ws": {"managed_network": [{"isolation_mode": "AllowOnlyApprovedOutbound"}]}}}
    assert sweep(_doc(rule, body, managed), (rule,)) == []


@pytest.mark.parametrize("label, kind, cfg, doc", shipped_stacks(), ids=ids())
def test_no_shipped_stack_breaks_a_rule(label, kind, cfg, doc):
    assert [h.line() for h in sweep(doc)] == []


def test_verify_reports_a_rule_hit_as_a_violation():
    """Item 1's defect (a System zone with dns_prefix_private_cluster) is a verify violation, naming the argument."""
    doc = json.loads(json.dumps(app_output("aks-inference.yaml")["aks-inference"]))
    cluster = next(iter(doc["resource"]["azurerm_kubernetes_cluster"].values()))
    assert cluster["private_dns_zone_id"] == "System"
    cluster["dns_prefix_private_cluster"], cluster["dns_prefix"] = cluster.pop("dns_prefix"), None
    bad = [f for f in verify_document(Document(doc, "aks")).findings if f.violation and f.check == "provider-rule"]
    assert len(bad) == 1 and bad[0].flow.endswith(".dns_prefix_private_cluster")
    assert "kubernetes_cluster_resource.go:1949" in bad[0].decided_by
    assert "v4.81.0 internal/services/containers/kubernetes_cluster_resource.go:2086" in bad[0].decided_by


def test_docs_list_every_rule():
    text = (ROOT / "docs" / "provider-rules.md").read_text(encoding="utf-8")
    assert markdown() in text, "regenerate docs/provider-rules.md's table with amlnet.provider_rules.markdown()"
    assert json.dumps(sorted(r.id for r in RULES))  # ids are strings


def test_every_rule_is_located_at_v4_81_too():
    """Each rule read at v4.55.0 has its line at v4.81.0 (cdktn-provider-azurerm 17.0.0's pin), and what changed is
    said only of rules that exist; docs/provider-rules.md shows both columns."""
    from amlnet.provider_rules.at_v4_81 import CHANGED_AT_V4_81, SOURCES_AT_V4_81

    assert set(SOURCES_AT_V4_81) == {r.id for r in RULES}
    for r in RULES:
        at = SOURCES_AT_V4_81[r.id]
        assert at.startswith("internal/services/") and at.rsplit(":", 1)[0].endswith(".go") and at.rsplit(":", 1)[1].isdigit(), at
        assert at.rsplit("/", 1)[1].split(":")[0] == r.source.rsplit("/", 1)[1].split(":")[0], (r.id, at)  # the same file
    assert set(CHANGED_AT_V4_81) <= set(SOURCES_AT_V4_81) and len(CHANGED_AT_V4_81) == 5
    assert "| source (v4.81.0) |" in markdown()
