"""InferenceCluster props: bad input is refused at construction, with the field named."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from amlnet.catalog import Cloud
from amlnet.catalog.aks import private_cluster_zone
from amlnet.constructs.inference_cluster import COMPUTE_API_VERSION, InferenceClusterProps, _template, extension_settings

RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml"
PROPS = InferenceClusterProps(
    name="aks-ml", location="eastus2", resource_group_name="rg-ml", resource_group_id=RG,
    subnet_id=f"{RG}/providers/Microsoft.Network/virtualNetworks/v/subnets/s", network_contributor_scope=RG,
    service_cidr="10.0.0.0/16", dns_service_ip="10.0.0.10", egress_mode="firewall",
    workspace_id=f"{RG}/providers/Microsoft.MachineLearningServices/workspaces/mlw", workspace_location="eastus2",
    compute_name="aks-ml", container_registry_id="acr", storage_account_id="st", private_dns_zone_name="privatelink.eastus2.azmk8s.io",
)


@pytest.mark.parametrize("change, message", [
    ({"egress_mode": "vpn"}, "InferenceClusterProps.egress_mode: 'vpn'"),
    ({"tls_secret_name": "s"}, "tls_secret_name and tls_cname go together"),
    ({"location": "westus2"}, "seed 004: with a private-endpoint workspace the AKS cluster must be in the workspace's region"),
])
def test_bad_props_are_refused(change, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        replace(PROPS, **change)


def test_extension_settings_follow_nodes_and_tls():
    assert extension_settings(PROPS)["inferenceRouterHA"] == "True"
    small = extension_settings(replace(PROPS, node_count=2))
    assert small["inferenceRouterHA"] == "False"  # three replicas need three nodes (Learn: configuration settings)
    tls = extension_settings(replace(PROPS, tls_secret_name="azureml-tls", tls_cname="score.contoso.internal"))
    assert (tls["allowInsecureConnections"], tls["sslSecret"], tls["sslCname"]) == ("False", "azureml-tls", "score.contoso.internal")
    assert all(v for v in tls.values())  # azurerm refuses empty configuration values (StringIsNotEmpty)


def test_attachment_template_is_kubernetes_compute():
    t = json.loads(_template(COMPUTE_API_VERSION))
    assert set(t["parameters"]) == {"workspaceName", "computeName", "location", "clusterId", "identityId"}
    r = t["resources"][0]
    assert r["properties"]["computeType"] == "Kubernetes" and r["properties"]["properties"] == {"namespace": "default"}
    assert r["identity"]["type"] == "UserAssigned"


def test_private_cluster_zone_per_cloud():
    assert private_cluster_zone(Cloud.PUBLIC, "eastus2") == "privatelink.eastus2.azmk8s.io"
    assert private_cluster_zone(Cloud.USGOV, "usgovvirginia") == "privatelink.usgovvirginia.cx.aks.containerservice.azure.us"
    assert private_cluster_zone(Cloud.CHINA, "chinanorth3") == "privatelink.chinanorth3.cx.prod.service.azk8s.cn"


def test_system_zone_uses_dns_prefix_not_the_private_cluster_prefix():
    """azurerm v4.55.0 kubernetes_cluster_resource.go:1947 refuses dns_prefix_private_cluster with a "System" zone at create."""
    from amlnet.loading import load_config
    from amlnet.providers import App
    from amlnet.stacks import STACKS
    from tests.conftest import synth_stack
    from tests.synthesized import ROOT

    cfg = load_config(ROOT / "examples" / "aks-inference.yaml")
    doc = synth_stack(STACKS["aks-inference"](App(), "aks-inference", cfg.for_stack("aks-inference")))
    (cluster,) = doc["resource"]["azurerm_kubernetes_cluster"].values()
    assert cluster["private_dns_zone_id"] == "System"
    assert "dns_prefix_private_cluster" not in cluster and cluster["dns_prefix"]
