"""The `aks-inference` reference stack (seed 004): a secure workspace and, in its VNet, a private AKS
cluster whose scoring front end sits on an internal load balancer, attached to the workspace."""

from __future__ import annotations

from ..catalog.aks import private_cluster_zone
from ..config import AmlNetConfig, parse_resource_id
from ..config.hub_reachability import external_dns_servers
from ..constructs import ComputeSubnet, ComputeSubnetProps, InferenceCluster, InferenceClusterProps, TrainingCompute, TrainingComputeProps
from ..planner import inference_placement, plan_nsg_rules, plan_routes, workspace_placement
from ..providers import Construct, TerraformOutput, TerraformVariable
from .base import WorkspaceStackBase
from .secure_workspace import cluster_props

STACK_NAME = "aks-inference"

REQUIRED_RESOURCE_PROVIDERS = ("Microsoft.KubernetesConfiguration",)
"""Registered by the provider for this stack, beyond azurerm's default (legacy) set."""


class AksInferenceStack(WorkspaceStackBase):
    """Seed 004, "secure an inferencing environment": the workspace of `secure-workspace` (its endpoints,
    zones and firewall or NAT gateway), a CPU cluster that builds environment images (the registry is
    private), and `InferenceCluster` in its own subnet `inference.subnet`, whose NSG lets scoring in from
    `inference.scoring_clients` only and lets out what AKS and Azure Machine Learning inference need.

    Example::

        AksInferenceStack(app, "aks-inference", cfg.for_stack("aks-inference"))
    """

    def __init__(self, scope: Construct, id: str, cfg: AmlNetConfig) -> None:
        super().__init__(scope, id, cfg)
        inf = cfg.inference
        # cluster extensions (the Azure ML extension) need Microsoft.KubernetesConfiguration registered (Learn:
        # "Deploy and manage cluster extensions", prerequisites); no registration set of azurerm v4.55.0
        # (internal/resourceproviders/required.go: Core, Extended, All, Legacy) includes it
        self.provider.resource_providers_to_register = list(REQUIRED_RESOURCE_PROVIDERS)
        self.add_workspace_network()
        cc, ib = cfg.compute.cluster, cfg.compute.image_build_cluster
        build = cluster_props(cc) if ib is None else cluster_props(cc).__class__(ib.name, ib.vm_size, "Dedicated", 0, ib.max_nodes, 600)
        self.add_workspace(build.name)
        wp, ip = workspace_placement(cfg), inference_placement(cfg)
        # one egress for both subnets: the firewall's rules name each subnet for what it needs
        self.egress = self.add_egress(
            mode=cfg.egress.mode, placements=(wp, ip), network=self.network, location=cfg.region,
            firewall_subnet_cidr=cfg.network.firewall_subnet_cidr, use_existing_firewall=True,
            firewall_is_vnet_dns=cfg.firewall_is_vnet_dns, dns_servers=cfg.dns.servers,
        )
        self.compute_subnet = self.add_compute_subnet(
            subnet=cfg.network.compute_subnet, placement=wp, egress=self.egress, network=self.network,
            location=cfg.region, resource_group_name=self.resource_group.name,
        )
        self.aks_subnet = ComputeSubnet(
            self,
            "aks-subnet",
            ComputeSubnetProps(
                name=inf.subnet.name, location=cfg.region, resource_group_name=self.resource_group.name,
                vnet_name=self.network.vnet_name, vnet_resource_group_name=self.network.vnet_resource_group_name,
                nsg_rules=plan_nsg_rules(cfg, ip), cidr=None if inf.subnet.existing_id else inf.subnet.cidr,
                existing_subnet_id=inf.subnet.existing_id, routes=plan_routes(cfg, ip),
                firewall_private_ip=self.egress.firewall_ip, nat_gateway_id=self.egress.nat_gateway_id, tags=self.tags,
            ),
        )
        deps = [self.workspace.workspace_private_endpoint, *self.compute_subnet.ready, *self.egress.ready]
        # environment images build here (the registry is private); scaled to zero when idle
        self.image_build = TrainingCompute(
            self, "image-build",
            TrainingComputeProps(workspace_id=self.workspace.workspace_id, location=cfg.region, subnet_id=self.compute_subnet.subnet_id,
                                 cluster=build, instance=None, public_ip=cfg.compute.public_ip,
                                 workspace_private_endpoint=self.workspace.workspace_private_endpoint, depends_on=tuple(deps), tags=self.tags),
        )
        ws = self.workspace
        self.inference = InferenceCluster(
            self,
            "inference",
            InferenceClusterProps(
                name=inf.cluster_name or f"aks-{cfg.name_prefix}",
                location=inf.region or cfg.region,
                resource_group_name=self.resource_group.name,
                resource_group_id=self.resource_group.id,
                subnet_id=self.aks_subnet.subnet_id,
                network_contributor_scope=self._network_contributor_scope(),
                service_cidr=inf.service_cidr,
                dns_service_ip=inf.dns_service_ip,
                egress_mode=cfg.egress.mode,
                workspace_id=ws.workspace_id,
                workspace_location=cfg.region,
                compute_name=inf.compute_name,
                container_registry_id=ws.container_registry.id,
                storage_account_id=ws.storage_account.id,
                private_dns_zone_name=private_cluster_zone(cfg.cloud, cfg.region),
                # subnet-scoped Network Contributor cannot link a zone of ours to the VNet: AKS manages the zone then
                private_dns_zone_id="System" if inf.network_contributor_scope == "subnet" else inf.private_dns_zone_id,
                # a DNS server in the hub resolves in the hub VNet: the zone amlnet creates is linked there too (item 5)
                api_server_zone_links={"hub": self.hub_vnet_id} if self.hub_vnet_id and external_dns_servers(cfg) else {},
                vm_size=inf.vm_size,
                node_count=inf.node_count,
                max_pods=inf.max_pods,
                tls_cname=inf.tls.cname if inf.tls else None,
                tls_certificate_pem=self._tls_variable("scoring_tls_certificate_pem", "the scoring certificate") if inf.tls else None,
                tls_key_pem=self._tls_variable("scoring_tls_key_pem", "the scoring certificate's private key") if inf.tls else None,
                # the registry and storage endpoints must exist before the first model pulls (seed 004, limits)
                depends_on=(ws.workspace_private_endpoint, *self.aks_subnet.ready, *self.egress.ready),
                tags=self.tags,
            ),
        )
        self.record_metadata((wp, ip))
        self.add_override("//.amlnet.inference", {
            "scenarios": sorted(s.value for s in ip.scenarios or ()),
            "kubernetes_use": ip.kubernetes_use,
            "scoring_ports": list(ip.scoring_ports),
            "scoring_clients": list(ip.scoring_clients),
        })
        self.add_common_outputs(self.compute_subnet.subnet_id, self.egress)
        TerraformOutput(self, "aks_cluster_id", value=self.inference.cluster_id)
        TerraformOutput(self, "aks_subnet_id", value=self.aks_subnet.subnet_id)
        TerraformOutput(self, "inference_compute_name", value=inf.compute_name)

    def _tls_variable(self, name: str, what: str) -> str:
        """A sensitive string variable (PEM text), set at deploy with TF_VAR_<name>; never in the configuration or cdk.tf.json."""
        var = TerraformVariable(self, name, type="string", sensitive=True, nullable=False,
                                description=f"PEM text of {what} for HTTPS scoring (inference.tls); set TF_VAR_{name}")
        return var.string_value

    def _network_contributor_scope(self) -> str:
        """The VNet's resource group (seed 004), or the AKS subnet (`network_contributor_scope: subnet`)."""
        cfg = self.cfg
        if cfg.inference.network_contributor_scope == "subnet":
            return self.aks_subnet.subnet_id
        if cfg.network.existing_vnet_id:
            rid = parse_resource_id(cfg.network.existing_vnet_id, "Microsoft.Network/virtualNetworks")
            return rid["id"].split("/providers/", 1)[0]
        return self.resource_group.id
