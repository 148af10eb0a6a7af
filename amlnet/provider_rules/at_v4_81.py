"""Where each provider rule stands in azurerm v4.81.0, the version cdktn-provider-azurerm 17.0.0 pins.

The rules (catalog.py) were read at v4.55.0 and cite its lines. Every one of them is still in v4.81.0: this table
gives its line there (read with `git show v4.81.0:<file>` in hashicorp/terraform-provider-azurerm, the error
line compared with the v4.55.0 one), and `CHANGED_AT_V4_81` what differs beyond the line number (5 of 43:
a message, a phase, a condition). None of them changes what amlnet emits; `amlnet verify` cites both versions.
"""

from __future__ import annotations

V4_81 = "v4.81.0"

#: rule id -> `internal/services/.../<file>.go:<line>` of the same check at v4.81.0.
SOURCES_AT_V4_81: dict[str, str] = {
    "aks-private-cluster-prefix-needs-custom-zone": "internal/services/containers/kubernetes_cluster_resource.go:2086",
    "aks-dns-prefix-without-private-cluster": "internal/services/containers/kubernetes_cluster_resource.go:1914",
    "aks-node-image-channel": "internal/services/containers/kubernetes_cluster_resource.go:1986",
    "aks-custom-zone-needs-user-assigned-identity": "internal/services/containers/kubernetes_cluster_resource.go:2079",
    "aks-dns-service-ip-with-service-cidr": "internal/services/containers/kubernetes_cluster_validate.go:45",
    "aks-pod-cidr-needs-overlay": "internal/services/containers/kubernetes_cluster_validate.go:40",
    "aks-network-mode-needs-azure-plugin": "internal/services/containers/kubernetes_cluster_resource.go:3680",
    "aks-nat-gateway-profile-needs-standard-lb": "internal/services/containers/kubernetes_cluster_resource.go:3719",
    "aks-outbound-none-needs-cached-bootstrap": "internal/services/containers/kubernetes_cluster_resource.go:192",
    "aks-autoscaling-counts": "internal/services/containers/kubernetes_nodepool.go:1010",
    "aks-workload-identity-needs-oidc": "internal/services/containers/kubernetes_cluster_resource.go:1957",
    "aks-cost-analysis-needs-paid-tier": "internal/services/containers/kubernetes_cluster_resource.go:5135",
    "aks-addon-not-in-this-cloud": "internal/services/containers/kubernetes_addons.go:428",
    "aks-node-pool-changes-need-a-rotation-name": "internal/services/containers/kubernetes_cluster_resource.go:2788",
    "acr-retention-needs-premium": "internal/services/containers/container_registry_resource.go:314",
    "acr-data-endpoint-needs-premium": "internal/services/containers/container_registry_resource.go:357",
    "acr-zone-redundancy-needs-premium": "internal/services/containers/container_registry_resource.go:340",
    "acr-quarantine-needs-premium": "internal/services/containers/container_registry_resource.go:309",
    "acr-export-policy-off-needs-premium-and-private": "internal/services/containers/container_registry_resource.go:325",
    "acr-network-rules-need-premium": "internal/services/containers/container_registry_resource.go:397",
    "workspace-serverless-needs-subnet-or-public-ip": "internal/services/machinelearning/machine_learning_workspace_resource.go:347",
    "workspace-identity-ids-need-user-assigned": "internal/services/machinelearning/machine_learning_workspace_resource.go:307",
    "compute-cluster-identity-ids-need-user-assigned": "internal/services/machinelearning/machine_learning_compute_cluster_resource.go:200",
    "compute-instance-identity-ids-need-user-assigned": "internal/services/machinelearning/machine_learning_compute_instance_resource.go:189",
    "compute-instance-without-subnet-needs-managed-network": "internal/services/machinelearning/machine_learning_compute_instance_resource.go:223",
    "public-ip-standard-needs-static": "internal/services/network/public_ip_resource.go:235",
    "public-ip-ddos-plan-needs-enabled": "internal/services/network/public_ip_resource.go:263",
    "subnet-sharing-scope-needs-no-default-outbound": "internal/services/network/subnet_resource.go:121",
    "nsg-rule-source-port-range-or-plural": "internal/services/network/network_security_group_resource.go:546",
    "nsg-rule-destination-port-range-or-plural": "internal/services/network/network_security_group_resource.go:551",
    "nsg-rule-source-address-prefix-or-plural": "internal/services/network/network_security_group_resource.go:556",
    "nsg-rule-destination-address-prefix-or-plural": "internal/services/network/network_security_group_resource.go:561",
    "private-endpoint-automatic-takes-no-request-message": "internal/services/network/private_endpoint_resource.go:308",
    "private-endpoint-manual-needs-request-message": "internal/services/network/private_endpoint_resource.go:313",
    "storage-no-queue-properties-without-data-plane": "internal/services/storage/storage_account_resource.go:1138",
    "storage-no-static-website-without-data-plane": "internal/services/storage/storage_account_resource.go:1147",
    "storage-hns-needs-v2-kind": "internal/services/storage/storage_account_resource.go:1179",
    "storage-versioning-not-with-hns": "internal/services/storage/storage_account_resource.go:1651",
    "acr-private-needs-premium": "internal/services/containers/container_registry_resource.go:408",
    "firewall-one-subnet": "internal/services/firewall/firewall_resource.go:258",
    "resolver-inbound-ip-and-method": "internal/services/privatednsresolver/private_dns_resolver_inbound_endpoint_resource.go:307",
    "diagnostic-log-needs-a-category": "internal/services/monitor/monitor_diagnostic_setting_resource.go:659",
    "diagnostic-enables-something": "internal/services/monitor/monitor_diagnostic_setting_resource.go:286",
}

#: rule id -> what differs at v4.81.0 beyond the line number.
CHANGED_AT_V4_81: dict[str, str] = {
    'acr-network-rules-need-premium': 'message: "`network_rule_set` can only be specified for a Premium Sku. ..." (the 4.55 typo `network_rule_set_set` fixed)',
    'public-ip-standard-needs-static': 'message: "`allocation_method` must be set to `Static` when `sku` is set to `Standard` or `StandardV2`"; also for the StandardV2 SKU (network/public_ip_resource.go:233)',
    'private-endpoint-automatic-takes-no-request-message': 'phase: CustomizeDiff (refused at plan, not at create)',
    'private-endpoint-manual-needs-request-message': 'phase: CustomizeDiff (refused at plan, not at create)',
    'storage-hns-needs-v2-kind': 'phase: CustomizeDiff; message names `account_kind` instead of `kind`',
}
