"""What an AKS inference cluster needs that is not a traffic row: zone names, the extension's settings,
address rules. Plain data (seed 004 and the Learn pages cited per value); no cdktf.
"""

from __future__ import annotations

from .learn import cite
from .model import Cloud, SeedRef

PRIVATE_CLUSTER_ZONE: dict[Cloud, str] = {
    Cloud.PUBLIC: "privatelink.{region}.azmk8s.io",
    Cloud.USGOV: "privatelink.{region}.cx.aks.containerservice.azure.us",
    Cloud.CHINA: "privatelink.{region}.cx.prod.service.azk8s.cn",
}
"""The private DNS zone of a private AKS cluster's API server, per cloud (Learn: "Azure Private Endpoint
private DNS zone values", Containers, Azure Kubernetes Service - Kubernetes API, https://learn.microsoft.com/azure/private-link/private-endpoint-dns#containers;
"Create a private AKS cluster", Configure a private DNS zone: a custom zone must be named
`privatelink.<region>.azmk8s.io` or `<subzone>.privatelink.<region>.azmk8s.io`)."""


def private_cluster_zone(cloud: Cloud, region: str) -> str:
    return PRIVATE_CLUSTER_ZONE[Cloud(cloud)].format(region=region)


EXTENSION_TYPE = "Microsoft.AzureML.Kubernetes"
"""Learn: "Deploy Azure Machine Learning extension on AKS or Arc Kubernetes cluster",
https://learn.microsoft.com/azure/machine-learning/how-to-deploy-kubernetes-extension (`--extension-type`)."""

EXTENSION_SOURCE = SeedRef("004", "internal AKS load balancer (v2: Azure Machine Learning extension, configuration settings table)",
                           cite("004", "internal-lb"))

SCORING_SOURCE = SeedRef("004", "scoring endpoint inbound rule", cite("004", "aks"))
"""Seed 004, AKS in a virtual network: the NSG needs an inbound rule for the scoring endpoint's address
when clients outside the virtual network call it (the `address-range` rows of `amlnet egress`)."""

# What each configuration setting does, from the configuration settings table of the page above
# (section "Review Azure Machine Learning extension configuration settings").
EXTENSION_SETTINGS_DOC: dict[str, str] = {
    "enableInference": "True: real-time inference support (deploys the azureml-fe inference router). Must be True for inference.",
    "enableTraining": "False: no training jobs on this cluster (the workspace's compute subnet trains).",
    "inferenceRouterServiceType": "loadBalancer: azureml-fe is exposed through the cluster's load balancer. Required with enableInference.",
    "internalLoadBalancerProvider": "azure: the inference router uses an internal (private) Azure load balancer; AKS only.",
    "allowInsecureConnections": "True only without a TLS secret: HTTP scoring (port 80); False: HTTPS, needs sslSecret and sslCname.",
    "inferenceRouterHA": "True: three azureml-fe replicas (needs at least three nodes); False: one replica.",
    "sslCname": "The CNAME the HTTPS scoring endpoint uses; required when allowInsecureConnections is False.",
}

CLI_SOURCE = ("Azure/azure-cli-extensions src/k8s-extension/azext_k8s_extension/partner_extensions/AzureMLKubernetes.py "
              "(AzureMLKubernetes.Create, __validate_scoring_fe_settings, __set_inference_ssl_from_file); "
              "Microsoft's Terraform template: Azure/AML-Kubernetes files/terraform-template.tf")
# Settings `az k8s-extension create --extension-type Microsoft.AzureML.Kubernetes` adds on the client before it calls
# the Microsoft.KubernetesConfiguration API (CLI_SOURCE). Terraform calls the API directly, so amlnet sends them.
CLI_DERIVED_SETTINGS: dict[str, str] = {
    "scoringFe.serviceType.internalLoadBalancer": "True when internalLoadBalancerProvider=azure: what makes the scoring load balancer internal.",
    "cluster_name": "The cluster's resource ID (also clusterId and prometheus.prometheusSpec.externalLabels.cluster_name).",
    "clusterId": "The cluster's resource ID.",
    "prometheus.prometheusSpec.externalLabels.cluster_name": "The cluster's resource ID.",
    "cluster_name_friendly": "The cluster's name.",
    "location": "The cluster's region.",
    "jobSchedulerLocation": "The cluster's region.",
    "domain": "<region>.cloudapp.azure.com, as the CLI sets it.",
    "servicebus.enabled": "False: no Service Bus for AKS (the CLI's default).",
    "relayserver.enabled": "False for AKS (managedClusters): no Azure Relay.",
    "nginxIngress.enabled": "True for AKS, as the CLI sets it.",
    "clusterPurpose": "DevTest when the cluster has fewer than three nodes (the CLI's rule); otherwise unset (FastProd).",
    "scoringFe.sslCert": "Protected: base64 of the certificate PEM (the CLI's reading of sslCertPemFile).",
    "scoringFe.sslKey": "Protected: base64 of the key PEM (the CLI's reading of sslKeyPemFile).",
}

SERVICE_CIDR_RESERVED_FIRST = 1
"""The DNS service IP must not be the service range's network address or its first address (offset 1):
Kubernetes gives the first one to its `kubernetes` API service (Learn: "Configure Azure CNI networking in AKS",
deployment parameters, Kubernetes DNS service IP address: "Don't use the first IP address in your address range")."""

DOCKER_BRIDGE_GONE = (
    "docker_bridge_cidr no longer exists in the AKS API: seed 004's \"Docker bridge address\" (docker_bridge_cidr = 172.17.0.1/16) "
    "was removed when AKS moved to containerd (azurerm 4.x has no docker_bridge_cidr in network_profile); remove it, nothing replaces it"
)
