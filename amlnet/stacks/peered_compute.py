"""The `peered-compute` reference stack: compute clusters in a second VNet peered with the workspace's."""

from __future__ import annotations

from ..config import AmlNetConfig
from ..constructs import ClusterProps, PeeredComputeNetwork, PeeredComputeNetworkProps, TrainingCompute, TrainingComputeProps
from ..planner import peered_placement, plan_nsg_rules
from ..providers import Construct, TerraformOutput
from .base import WorkspaceStackBase, storage_service_endpoints
from .secure_workspace import cluster_props, image_build_props

STACK_NAME = "peered-compute"


class PeeredComputeStack(WorkspaceStackBase):
    """Seed 003, "compute cluster in a different VNet/region" by VNet peering.

    The workspace VNet holds the private endpoints (and, in firewall mode, the firewall). The compute
    VNet (`compute_network`, its own region allowed) is peered both ways, linked to every private DNS
    zone of the workspace (api and notebooks as seed 003 says; storage, vault and registry so its
    compute resolves those endpoints), and routes its egress to the firewall over the peering (or
    through a NAT gateway of its own). A compute cluster, no public IP, runs there; compute
    instances cannot (seed 003).

    That cluster builds the workspace's images (its registry is private), unless it has a GPU size: then
    `compute.image_build_cluster` (a CPU size) is created beside it, in the same subnet with the same
    dependencies, and the workspace names it (`AmlNetConfig.compute_network_image_build`). With
    `secure-workspace` in `stacks` too, this stack still creates its own: each stack has a workspace of
    its own (`AmlNetConfig.for_stack`), and the workspace VNet's build cluster belongs to the other one.

    Example::

        PeeredComputeStack(app, "peered-compute", cfg.for_stack("peered-compute"))
    """

    def __init__(self, scope: Construct, id: str, cfg: AmlNetConfig) -> None:
        super().__init__(scope, id, cfg)
        cn = cfg.compute_network
        self.add_workspace_network()
        ib = cfg.compute_network_image_build  # a GPU cluster cannot build images: a CPU cluster beside it does
        self.add_workspace(ib.name if ib else cn.cluster.name)
        placement = peered_placement(cfg)
        mode = cfg.compute_egress_mode
        # a firewall lives in the workspace VNet (the hub of the two); a NAT gateway must be in the compute region
        self.egress = self.add_egress(
            mode=mode,
            placements=(placement,),
            network=self.network,
            location=cfg.region if mode == "firewall" else cfg.compute_region,
            firewall_subnet_cidr=cfg.network.firewall_subnet_cidr,
            use_existing_firewall=True,
            firewall_is_vnet_dns=cfg.firewall_is_vnet_dns,
            dns_servers=cfg.dns.servers,
        )
        cs = cn.compute_subnet
        self.add_service_tag_prefixes((placement,))
        routes, prefix_routes = self.routes_for(placement)
        guard = self.storage_guard(created=not cs.existing_id, location=cfg.compute_region, resource_group_name=self.resource_group.name,
                                   id_prefix="compute-")
        self.compute_network = PeeredComputeNetwork(
            self,
            "compute-network",
            PeeredComputeNetworkProps(
                name=cfg.compute_vnet_name,
                location=cfg.compute_region,
                resource_group_name=self.resource_group.name,
                remote_vnet_id=self.network.vnet_id,
                remote_vnet_name=self.network.vnet_name,
                remote_vnet_resource_group_name=self.network.vnet_resource_group_name,
                zones=self.dns.zone_refs,
                nsg_rules=plan_nsg_rules(cfg, placement),
                address_space=tuple(cn.address_space),
                existing_vnet_id=cn.existing_vnet_id,
                compute_subnet_name=cs.name,
                compute_subnet_cidr=None if cs.existing_id else cs.cidr,
                existing_compute_subnet_id=cs.existing_id,
                routes=routes,
                prefix_routes=prefix_routes,
                firewall_private_ip=self.egress.firewall_ip,
                nat_gateway_id=self.egress.nat_gateway_id,
                # the workspace VNet's firewall proxy, else the custom servers (the hub's), else Azure DNS
                dns_servers=(self.egress.firewall_ip,) if placement.dns_proxy_prefix and self.egress.firewall_ip else placement.dns_servers,
                compute_subnet_service_endpoints=storage_service_endpoints(guard),
                compute_subnet_service_endpoint_policy_ids=guard,
                tags=self.tags,
            ),
        )
        # a route or DNS server in the hub: the compute VNet is peered with the hub itself (peering is not transitive)
        self.peer_with_hub("compute", self.compute_network, created=cn.existing_vnet_id is None)
        subnet_id = self.compute_network.compute_subnet.subnet_id
        deps = (self.workspace.workspace_private_endpoint, *self.compute_network.ready, *self.egress.ready)

        def cluster(id: str, props: ClusterProps) -> TrainingCompute:
            return TrainingCompute(self, id, TrainingComputeProps(
                workspace_id=self.workspace.workspace_id, location=cfg.compute_region,  # the compute VNet's region
                subnet_id=subnet_id, cluster=props, instance=None, public_ip=cfg.compute.public_ip,
                workspace_private_endpoint=self.workspace.workspace_private_endpoint, depends_on=deps, tags=self.tags,
            ))

        self.compute = cluster("compute", cluster_props(cn.cluster))
        self.image_build = cluster("image-build", image_build_props(ib)) if ib is not None else None
        self.record_metadata((placement,))
        self.add_common_outputs(subnet_id, self.egress)
        TerraformOutput(self, "compute_vnet_id", value=self.compute_network.vnet_id)
