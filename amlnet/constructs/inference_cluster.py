"""InferenceCluster: a private AKS cluster in the workspace VNet whose scoring front end (azureml-fe) sits
on an internal load balancer, attached to the workspace as Kubernetes compute (seed 004).

Why the Azure Machine Learning extension and not `azurerm_machine_learning_inference_cluster`: see
docs/adr/0010-aks-inference-internal-load-balancer.md. In short, that resource attaches a v1 `AKS` compute
whose properties have no load-balancer setting in azurerm 4.55.0 (provider source
internal/services/machinelearning/machine_learning_inference_cluster_resource.go, expandAksComputeProperties:
only ClusterFqdn, SslConfiguration, ClusterPurpose), so v1 deploys azureml-fe behind a public load balancer;
and the extension refuses a cluster that still runs the v1 azureml-fe (Learn: how-to-deploy-kubernetes-extension,
limitations). The extension's `internalLoadBalancerProvider=azure` puts azureml-fe on an internal one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..catalog.aks import EXTENSION_TYPE
from ..providers import (
    Construct,
    Fn,
    KubernetesCluster,
    KubernetesClusterDefaultNodePool,
    KubernetesClusterExtension,
    KubernetesClusterIdentity,
    KubernetesClusterNetworkProfile,
    PrivateDnsZone,
    PrivateDnsZoneVirtualNetworkLink,
    ResourceGroupTemplateDeployment,
    RoleAssignment,
    UserAssignedIdentity,
)
from ._checks import check_literals, check_vm_size
from .training_compute import _unique

OUTBOUND_TYPE = {"firewall": "userDefinedRouting", "nat-gateway": "userAssignedNATGateway", "none": "userDefinedRouting"}
"""AKS `outbound_type` per egress mode: the subnet's 0.0.0.0/0 route to the firewall (or the landing zone's
route), or the subnet's NAT gateway (Learn: "Customize cluster egress with outbound types in AKS")."""

SYSTEM_ZONE = "System"
"""`private_dns_zone_id = "System"`: AKS creates and links the API server's zone in its node resource group."""

COMPUTE_API_VERSION = "2024-10-01"
"""Microsoft.MachineLearningServices/workspaces/computes, a stable version with computeType `Kubernetes`
(Learn: https://learn.microsoft.com/azure/templates/microsoft.machinelearningservices/2024-10-01/workspaces/computes)."""


@dataclass(frozen=True)
class InferenceClusterProps:
    """Props of `InferenceCluster`.

    `subnet_id` is the node subnet (Azure CNI: nodes and pods, and the internal load balancer's frontend).
    `network_contributor_scope` is the VNet's resource group ID (seed 004) or the subnet's ID (tighter); the
    cluster's user-assigned identity holds Network Contributor there before the cluster is created.
    `private_dns_zone_id`: the API server's zone from a hub; None creates `private_dns_zone_name` in
    `resource_group_name`; "System" lets AKS manage it in the node resource group (what a subnet-scoped
    Network Contributor needs: linking a zone of your own to the VNet needs the role on the VNet).
    `depends_on`: the subnet's NSG/route associations and the egress (firewall rules, NAT): AKS with
    `userDefinedRouting` checks the route at create time.
    """

    name: str
    location: str
    resource_group_name: str
    resource_group_id: str
    subnet_id: str
    network_contributor_scope: str
    service_cidr: str
    dns_service_ip: str
    egress_mode: str
    workspace_id: str
    workspace_location: str
    compute_name: str
    container_registry_id: str
    storage_account_id: str
    private_dns_zone_name: str
    private_dns_zone_id: str | None = None
    vm_size: str = "Standard_D4s_v3"
    node_count: int = 3
    max_pods: int = 50
    tls_cname: str | None = None
    """HTTPS scoring: the certificate's CNAME (`sslCname`). None: HTTP on port 80 inside the VNet."""
    tls_certificate_pem: str | None = None
    """PEM text of the scoring certificate, usually a sensitive `TerraformVariable`'s value; base64-encoded into the
    protected setting `scoringFe.sslCert`. Required with `tls_cname`."""
    tls_key_pem: str | None = None
    """PEM text of its private key (sensitive); base64-encoded into the protected setting `scoringFe.sslKey`."""
    api_server_zone_links: Mapping[str, str] = field(default_factory=dict)
    """Further VNets (label -> VNet ID) linked to the API server's zone when this construct creates it: the hub VNet
    whose DNS server answers the cluster's VNet (issue 19, item 5). AKS itself links the zone only to the cluster's VNet."""
    depends_on: tuple[Any, ...] = ()
    tags: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_literals(self)
        check_vm_size(self, "vm_size", self.vm_size)
        if self.egress_mode not in OUTBOUND_TYPE:
            raise ValueError(f"InferenceClusterProps.egress_mode: {self.egress_mode!r}; expected one of {', '.join(OUTBOUND_TYPE)}")
        tls = {"tls_cname": self.tls_cname, "tls_certificate_pem": self.tls_certificate_pem, "tls_key_pem": self.tls_key_pem}
        if any(v is not None for v in tls.values()) and not all(v for v in tls.values()):
            missing = ", ".join(k for k, v in tls.items() if not v)
            raise ValueError(
                f"InferenceClusterProps: {missing} missing; tls_cname, tls_certificate_pem and tls_key_pem go together: HTTPS "
                "scoring needs the certificate and key at install time (a Kubernetes secret cannot exist before the cluster does)")
        if self.location != self.workspace_location:
            raise ValueError(
                f"InferenceClusterProps.location: {self.location!r} differs from the workspace's {self.workspace_location!r}; "
                "seed 004: with a private-endpoint workspace the AKS cluster must be in the workspace's region"
            )


def extension_settings(props: InferenceClusterProps, cluster_id: str, cluster_name: str) -> dict[str, str]:
    """The Azure Machine Learning extension's configuration settings (see `amlnet.catalog.aks.EXTENSION_SETTINGS_DOC`).

    Besides the settings Learn documents, the ones `az k8s-extension create` adds on the client before it calls
    the API, and that Terraform, which calls the API directly, must send itself (`CLI_DERIVED_SETTINGS`): without
    `scoringFe.serviceType.internalLoadBalancer` the scoring service gets a public load balancer."""
    out = {
        "enableTraining": "False",
        "enableInference": "True",
        "inferenceRouterServiceType": "loadBalancer",
        "internalLoadBalancerProvider": "azure",
        "scoringFe.serviceType.internalLoadBalancer": "True",
        "inferenceRouterHA": "True" if props.node_count >= 3 else "False",
        "allowInsecureConnections": "False" if props.tls_cname else "True",
        "cluster_name": cluster_id,
        "clusterId": cluster_id,
        "prometheus.prometheusSpec.externalLabels.cluster_name": cluster_id,
        "cluster_name_friendly": cluster_name,
        "location": props.location,
        "jobSchedulerLocation": props.location,
        "domain": f"{props.location}.cloudapp.azure.com",
        "servicebus.enabled": "False",
        "relayserver.enabled": "False",
        "nginxIngress.enabled": "True",
    }
    if props.node_count < 3:
        out["clusterPurpose"] = "DevTest"
    if props.tls_cname:
        out["sslCname"] = props.tls_cname
    return out


def extension_protected_settings(props: InferenceClusterProps) -> dict[str, str] | None:
    """HTTPS scoring: certificate and key, base64 of the PEM text (what the CLI makes of `sslCertPemFile`/`sslKeyPemFile`)."""
    if not (props.tls_certificate_pem and props.tls_key_pem):
        return None
    return {"scoringFe.sslCert": Fn.base64encode(props.tls_certificate_pem), "scoringFe.sslKey": Fn.base64encode(props.tls_key_pem)}


def _template(api_version: str) -> str:
    """ARM template of the workspace's Kubernetes compute (computeType `Kubernetes`, namespace `default`)."""
    p = {k: {"type": t} for k, t in (("workspaceName", "string"), ("computeName", "string"), ("location", "string"),
                                     ("clusterId", "string"), ("identityId", "string"))}
    return json.dumps({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": p,
        "resources": [{
            "type": "Microsoft.MachineLearningServices/workspaces/computes",
            "apiVersion": api_version,
            "name": "[format('{0}/{1}', parameters('workspaceName'), parameters('computeName'))]",
            "location": "[parameters('location')]",
            "identity": {"type": "UserAssigned", "userAssignedIdentities": {"[parameters('identityId')]": {}}},
            "properties": {
                "computeType": "Kubernetes",
                "resourceId": "[parameters('clusterId')]",
                "description": "AKS inference cluster (amlnet, seed 004): private API server, scoring on an internal load balancer",
                "properties": {"namespace": "default"},
            },
        }],
    }, indent=2, sort_keys=True)


class InferenceCluster(Construct):
    """Private AKS cluster for real-time inference, scoring on an internal load balancer, attached to the workspace.

    Resources, in the order Azure needs them: a user-assigned identity for the control plane and its
    Network Contributor role (and Private DNS Zone Contributor on the API server's zone); the private
    cluster (Azure CNI, no public FQDN, egress by the subnet's route or NAT gateway); the Azure Machine
    Learning extension with an internal load balancer; an identity for the compute target with AcrPull on
    the registry and Storage Blob Data Reader on storage; the Kubernetes compute in the workspace.

    Example::

        InferenceCluster(stack, "inference", InferenceClusterProps(
            name="aks-ml", location="eastus2", resource_group_name=rg.name, resource_group_id=rg.id,
            subnet_id=aks_subnet.subnet_id, network_contributor_scope=rg.id, service_cidr="10.0.0.0/16",
            dns_service_ip="10.0.0.10", egress_mode="firewall", workspace_id=ws.workspace_id,
            workspace_location="eastus2", compute_name="aks-inference",
            container_registry_id=ws.container_registry.id, storage_account_id=ws.storage_account.id,
            private_dns_zone_name="privatelink.eastus2.azmk8s.io", depends_on=(*aks_subnet.ready, *egress.ready)))
    """

    def __init__(self, scope: Construct, id: str, props: InferenceClusterProps) -> None:
        super().__init__(scope, id)
        self.props = props
        tags = props.tags or None
        self.identity = UserAssignedIdentity(self, "identity", name=f"id-{props.name}", location=props.location,
                                             resource_group_name=props.resource_group_name, tags=tags)
        # seed 004: the cluster's identity needs Network Contributor on the VNet's resource group, before the
        # cluster exists (a user-assigned identity can hold it first; a system-assigned one could not)
        self.network_contributor = RoleAssignment(
            self, "network-contributor", scope=props.network_contributor_scope, role_definition_name="Network Contributor",
            principal_id=self.identity.principal_id, principal_type="ServicePrincipal",
        )
        self.private_dns_zone: PrivateDnsZone | None = None
        self.dns_zone_contributor: RoleAssignment | None = None
        if props.private_dns_zone_id == SYSTEM_ZONE:
            zone_id = SYSTEM_ZONE
        elif props.private_dns_zone_id is None:
            self.private_dns_zone = PrivateDnsZone(self, "api-server-zone", name=props.private_dns_zone_name,
                                                   resource_group_name=props.resource_group_name, tags=tags)
            zone_id = self.private_dns_zone.id
            for label, vnet_id in props.api_server_zone_links.items():
                PrivateDnsZoneVirtualNetworkLink(
                    self, f"api-server-zone-link-{label}", name=f"link-{label}", resource_group_name=props.resource_group_name,
                    private_dns_zone_name=self.private_dns_zone.name, virtual_network_id=vnet_id, registration_enabled=False,
                    tags=tags,
                )
        else:
            zone_id = props.private_dns_zone_id
        if zone_id != SYSTEM_ZONE:
            # a private DNS zone of your own: AKS writes the API server's record there and links the zone to the
            # cluster's VNet with the control-plane identity, which needs Network Contributor on that VNet
            # (Learn: "Create a private AKS cluster", hub and spoke with custom DNS, "Custom private DNS zone")
            self.dns_zone_contributor = RoleAssignment(
                self, "dns-zone-contributor", scope=zone_id, role_definition_name="Private DNS Zone Contributor",
                principal_id=self.identity.principal_id, principal_type="ServicePrincipal",
            )
        deps = _unique([self.network_contributor, *([self.dns_zone_contributor] if self.dns_zone_contributor else []), *props.depends_on])
        self.cluster = KubernetesCluster(
            self,
            "cluster",
            name=props.name,
            location=props.location,
            resource_group_name=props.resource_group_name,
            # azurerm v4.55.0 internal/services/containers/kubernetes_cluster_resource.go (resourceKubernetesClusterCreate,
            # line 1947) refuses dns_prefix_private_cluster unless private_dns_zone_id is a custom zone's ID
            dns_prefix=props.name if zone_id == SYSTEM_ZONE else None,
            dns_prefix_private_cluster=None if zone_id == SYSTEM_ZONE else props.name,
            private_cluster_enabled=True,
            # seed 004: Azure Machine Learning cannot use a public FQDN with a private cluster
            private_cluster_public_fqdn_enabled=False,
            private_dns_zone_id=zone_id,
            identity=KubernetesClusterIdentity(type="UserAssigned", identity_ids=[self.identity.id]),
            default_node_pool=KubernetesClusterDefaultNodePool(
                name="system", vm_size=props.vm_size, node_count=props.node_count, max_pods=props.max_pods,
                vnet_subnet_id=props.subnet_id, node_public_ip_enabled=False,
                # a later change of vm_size, max_pods or the subnet cycles the pool through a temporary one; without a
                # name for it the provider refuses the update (kubernetes_cluster_resource.go:2630, v4.55.0)
                temporary_name_for_rotation="systemtmp",
            ),
            network_profile=KubernetesClusterNetworkProfile(
                network_plugin="azure", network_policy="azure", load_balancer_sku="standard",
                service_cidr=props.service_cidr, dns_service_ip=props.dns_service_ip,
                outbound_type=OUTBOUND_TYPE[props.egress_mode],
            ),
            role_based_access_control_enabled=True,
            # patch releases and node images on AKS's schedule; the uptime SLA for the scoring cluster's API server
            automatic_upgrade_channel="patch",
            node_os_upgrade_channel="NodeImage",
            sku_tier="Standard",
            # the extension does not support AKS with local accounts disabled (Learn: how-to-deploy-kubernetes-extension, limitations)
            local_account_disabled=False,
            tags=tags,
            depends_on=deps,
        )
        self.extension = KubernetesClusterExtension(
            self, "azureml-extension", name="azureml", cluster_id=self.cluster.id, extension_type=EXTENSION_TYPE,
            release_namespace="azureml", configuration_settings=extension_settings(props, self.cluster.id, self.cluster.name),
            configuration_protected_settings=extension_protected_settings(props),
        )
        # the compute target's identity: pulls model images from the registry, reads models from storage
        # (Learn: "Attach a Kubernetes cluster to an Azure Machine Learning workspace", assign managed identity)
        self.compute_identity = UserAssignedIdentity(self, "compute-identity", name=f"id-{props.name}-compute", location=props.location,
                                                     resource_group_name=props.resource_group_name, tags=tags)
        self.acr_pull = RoleAssignment(self, "acr-pull", scope=props.container_registry_id, role_definition_name="AcrPull",
                                       principal_id=self.compute_identity.principal_id, principal_type="ServicePrincipal")
        self.blob_reader = RoleAssignment(self, "blob-reader", scope=props.storage_account_id,
                                          role_definition_name="Storage Blob Data Reader",
                                          principal_id=self.compute_identity.principal_id, principal_type="ServicePrincipal")
        # azurerm 4.55.0 has no Kubernetes (v2) compute resource (hashicorp/terraform-provider-azurerm#21457): the
        # workspace's compute is declared through an ARM deployment the azurerm provider runs and deletes on destroy
        self.attachment = ResourceGroupTemplateDeployment(
            self,
            "compute-attachment",
            name=f"attach-{props.compute_name}",
            # a compute is a child of the workspace: the deployment runs in the workspace's resource group
            resource_group_name=Fn.element(Fn.split("/", props.workspace_id), 4),
            deployment_mode="Incremental",
            template_content=_template(COMPUTE_API_VERSION),
            parameters_content=_parameters(props, self.cluster.id, self.compute_identity.id),
            tags=tags,
            depends_on=[self.extension, self.acr_pull, self.blob_reader],
        )

    @property
    def cluster_id(self) -> str:
        return self.cluster.id


def _parameters(props: InferenceClusterProps, cluster_id: str, identity_id: str) -> str:
    return Fn.jsonencode({
        "workspaceName": {"value": Fn.element(Fn.split("/", props.workspace_id), 8)},
        "computeName": {"value": props.compute_name},
        "location": {"value": props.workspace_location},
        "clusterId": {"value": cluster_id},
        "identityId": {"value": identity_id},
    })
