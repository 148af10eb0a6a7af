"""amlnet's own checkov checks (resource level). Loaded with `--external-checks-dir security/checks`."""

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck


def _value(conf, key, default=None):
    v = conf.get(key, default)
    if isinstance(v, list):
        v = v[0] if v else default
    return v


class ComputeHasNoPublicIp(BaseResourceCheck):
    def __init__(self):
        super().__init__(
            name="AML compute has no public IP (node_public_ip_enabled defaults to true)",
            id="CKV_AMLNET_1",
            categories=[CheckCategories.NETWORKING],
            supported_resources=["azurerm_machine_learning_compute_cluster", "azurerm_machine_learning_compute_instance"],
        )

    def scan_resource_conf(self, conf):
        # Where it runs (your subnet, or the workspace's managed VNet) is CKV2_AMLNET_4, a graph check:
        # compute in a managed VNet has no subnet_resource_id by design.
        no_public_ip = _value(conf, "node_public_ip_enabled", True) in (False, "false")
        return CheckResult.PASSED if no_public_ip else CheckResult.FAILED


class WorkspaceEndpointHasBothZones(BaseResourceCheck):
    def __init__(self):
        super().__init__(
            name="A workspace private endpoint (amlworkspace) registers in both the api and the notebooks private DNS zones",
            id="CKV_AMLNET_2",
            categories=[CheckCategories.NETWORKING],
            supported_resources=["azurerm_private_endpoint"],
        )

    def scan_resource_conf(self, conf):
        psc = _value(conf, "private_service_connection", {}) or {}
        subresources = _value(psc, "subresource_names", []) if isinstance(psc, dict) else []
        subresources = subresources if isinstance(subresources, list) else [subresources]
        if "amlworkspace" not in subresources:
            return CheckResult.PASSED
        group = _value(conf, "private_dns_zone_group", {}) or {}
        zones = group.get("private_dns_zone_ids", []) if isinstance(group, dict) else []
        if zones and isinstance(zones[0], list):
            zones = zones[0]
        return CheckResult.PASSED if len(zones) >= 2 else CheckResult.FAILED


check_compute = ComputeHasNoPublicIp()
check_endpoint = WorkspaceEndpointHasBothZones()
