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
    ({"tls_cname": "score.contoso.internal"}, "tls_certificate_pem, tls_key_pem missing"),
    ({"tls_cname": "s.contoso.internal", "tls_certificate_pem": "c", "tls_key_pem": ""}, "tls_key_pem missing"),
    ({"location": "westus2"}, "seed 004: with a private-endpoint workspace the AKS cluster must be in the workspace's region"),
])
def test_bad_props_are_refused(change, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        replace(PROPS, **change)


def test_extension_settings_follow_nodes_and_tls():
    full = extension_settings(PROPS, "CLUSTER_ID", "aks-ml")
    assert full["inferenceRouterHA"] == "True" and "clusterPurpose" not in full
    small = extension_settings(replace(PROPS, node_count=2), "CLUSTER_ID", "aks-ml")
    # three replicas need three nodes (Learn: configuration settings); the CLI marks a small cluster DevTest
    assert (small["inferenceRouterHA"], small["clusterPurpose"]) == ("False", "DevTest")
    tls_props = replace(PROPS, tls_cname="score.contoso.internal", tls_certificate_pem="CERT", tls_key_pem="KEY")
    tls = extension_settings(tls_props, "CLUSTER_ID", "aks-ml")
    assert (tls["allowInsecureConnections"], tls["sslCname"]) == ("False", "score.contoso.internal")
    assert "sslSecret" not in tls and "CERT" not in tls.values()  # the certificate only in protected settings
    assert all(v for v in tls.values())  # azurerm refuses empty configuration values (StringIsNotEmpty)


def test_settings_the_cli_would_add_are_sent():
    """Terraform calls the extension API directly: what `az k8s-extension create` adds on the client is amlnet's to send
    (catalog.aks.CLI_DERIVED_SETTINGS); without scoringFe.serviceType.internalLoadBalancer the scoring LB is public."""
    from amlnet.catalog.aks import CLI_DERIVED_SETTINGS
    s = extension_settings(PROPS, "CLUSTER_ID", "aks-ml")
    assert s["scoringFe.serviceType.internalLoadBalancer"] == "True"
    assert (s["cluster_name"], s["clusterId"], s["cluster_name_friendly"], s["location"]) == ("CLUSTER_ID", "CLUSTER_ID", "aks-ml", "eastus2")
    assert (s["servicebus.enabled"], s["relayserver.enabled"]) == ("False", "False")
    small = extension_settings(replace(PROPS, node_count=2), "CLUSTER_ID", "aks-ml")
    assert set(small) - {"enableTraining", "enableInference", "inferenceRouterServiceType", "internalLoadBalancerProvider",
                         "inferenceRouterHA", "allowInsecureConnections"} <= set(CLI_DERIVED_SETTINGS)


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
