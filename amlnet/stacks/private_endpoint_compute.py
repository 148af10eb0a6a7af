"""The `private-endpoint-compute` reference stack: compute in a VNet that reaches the workspace
through private endpoints of its own, without peering."""

from __future__ import annotations

from dataclasses import replace

from ..config import AmlNetConfig
from ..constructs import (
    ClusterProps,
    TrainingCompute,
    TrainingComputeProps,
    WorkspaceNetwork,
    WorkspaceNetworkProps,
    WorkspacePrivateEndpoint,
    WorkspacePrivateEndpointProps,
)
from ..planner import plan_zones, private_endpoint_placement
from ..providers import Construct, ResourceGroup, TerraformOutput
from .base import WorkspaceStackBase
from .secure_workspace import cluster_props, image_build_props

STACK_NAME = "private-endpoint-compute"


class PrivateEndpointComputeStack(WorkspaceStackBase):
    """Seed 003, "compute cluster in a different VNet/region" by a workspace private endpoint.

    The compute VNet (`compute_network`, in a resource group of its own) is not peered. It gets a new
    private endpoint of the workspace (`amlworkspace`) and endpoints of the default storage (blob,
    file, queue, table, dfs), the key vault and the registry, registered in a private DNS zone set linked to that VNet
    only. Its egress is a firewall of its own (or a NAT gateway); then a compute cluster runs there.

    That cluster builds the workspace's images, unless it has a GPU size: then `compute.image_build_cluster`
    (a CPU size) is created beside it in the same compute subnet and the workspace names it, as in
    `PeeredComputeStack` (this stack's workspace is its own, whatever else `stacks` lists).

    Example::

        PrivateEndpointComputeStack(app, "private-endpoint-compute", cfg.for_stack("private-endpoint-compute"))
    """

    def __init__(self, scope: Construct, id: str, cfg: AmlNetConfig) -> None:
        super().__init__(scope, id, cfg)
        cn = cfg.compute_network
        self.add_workspace_network()
        ib = cfg.compute_network_image_build  # a GPU cluster cannot build images: a CPU cluster beside it does
        self.add_workspace(ib.name if ib else cn.cluster.name)
        region = cfg.compute_region
        self.compute_resource_group = ResourceGroup(
            self, "compute-resource-group", name=f"rg-{cfg.name_prefix}-compute-{region}", location=region, tags=self.tags
        )
        rg = self.compute_resource_group.name
        self.compute_vnet = WorkspaceNetwork(
            self,
            "compute-network",
            WorkspaceNetworkProps(
                name=cfg.compute_vnet_name,
                location=region,
                resource_group_name=rg,
                address_space=tuple(cn.address_space),
                existing_vnet_id=cn.existing_vnet_id,
                private_endpoint_subnet_name=cn.private_endpoint_subnet.name,
                private_endpoint_subnet_cidr=None if cn.private_endpoint_subnet.existing_id else cn.private_endpoint_subnet.cidr,
                existing_private_endpoint_subnet_id=cn.private_endpoint_subnet.existing_id,
                tags=self.tags,
            ),
        )
        self.peer_with_hub("compute", self.compute_vnet, created=cn.existing_vnet_id is None)
        ws = self.workspace
        self.endpoints = WorkspacePrivateEndpoint(
            self,
            "compute-endpoints",
            WorkspacePrivateEndpointProps(
                location=region,
                resource_group_name=rg,
                subnet_id=self.compute_vnet.private_endpoint_subnet_id,
                vnet_id=self.compute_vnet.vnet_id,
                vnet_label=cfg.compute_vnet_name,
                workspace_id=ws.workspace_id,
                storage_account_id=ws.storage_account.id,
                key_vault_id=ws.key_vault.id,
                container_registry_id=ws.container_registry.id,
                # this VNet's own zones: the workspace VNet's zones hold the first endpoints' records
                zones=tuple(replace(z, existing_id=None) for z in plan_zones(cfg)),
                name_suffix=f"{cfg.name_prefix}-compute",
                tags=self.tags,
            ),
        )
        placement = private_endpoint_placement(cfg)
        self.egress = self.add_egress(
            mode=cfg.compute_egress_mode,
            placements=(placement,),
            network=self.compute_vnet,
            location=region,
            firewall_subnet_cidr=cn.firewall_subnet_cidr,
            use_existing_firewall=False,
            firewall_is_vnet_dns=placement.dns_proxy_prefix is not None,
            id_prefix="compute-",
            name=f"{cfg.name_prefix}-compute",
        )
        self.compute_subnet = self.add_compute_subnet(
            subnet=cn.compute_subnet, placement=placement, egress=self.egress, network=self.compute_vnet,
            location=region, resource_group_name=rg,
        )
        deps = (self.endpoints.workspace_private_endpoint, *self.endpoints.ready, *self.compute_subnet.ready, *self.egress.ready)

        def cluster(id: str, props: ClusterProps) -> TrainingCompute:
            return TrainingCompute(self, id, TrainingComputeProps(
                workspace_id=ws.workspace_id, location=region, subnet_id=self.compute_subnet.subnet_id, cluster=props,
                instance=None, public_ip=cfg.compute.public_ip, workspace_private_endpoint=self.endpoints.workspace_private_endpoint,
                depends_on=deps, tags=self.tags,
            ))

        self.compute = cluster("compute", cluster_props(cn.cluster))
        self.image_build = cluster("image-build", image_build_props(ib)) if ib is not None else None
        self.record_metadata((placement,))
        self.add_common_outputs(self.compute_subnet.subnet_id, self.egress)
        TerraformOutput(self, "compute_vnet_id", value=self.compute_vnet.vnet_id)
