"""The `secure-workspace` reference stack."""

from __future__ import annotations

from typing import Any

from ..config import AmlNetConfig, ClusterConfig, ImageBuildClusterConfig
from ..constructs import ClusterProps, InstanceProps, TrainingCompute, TrainingComputeProps
from ..planner import attached_placement, workspace_placement
from ..planning import ComputePlacement
from ..providers import Construct
from .attach import add_attached_compute, add_databricks, attach_metadata
from .base import Egress, WorkspaceStackBase

STACK_NAME = "secure-workspace"


def cluster_props(c: ClusterConfig) -> ClusterProps:
    return ClusterProps(c.name, c.vm_size, c.vm_priority, c.min_nodes, c.max_nodes, c.idle_seconds_before_scale_down)


def image_build_props(ib: ImageBuildClusterConfig) -> ClusterProps:
    """The image-build cluster: dedicated nodes, scaled to zero after 10 idle minutes."""
    return ClusterProps(ib.name, ib.vm_size, "Dedicated", 0, ib.max_nodes, 600)


class SecureWorkspaceStack(WorkspaceStackBase):
    """A secure AML workspace whose compute has no public IP and egresses through a firewall
    (or a NAT gateway), built from one `AmlNetConfig`.

    Example::

        app = App()
        SecureWorkspaceStack(app, "secure-workspace", default_config())
        app.synth()
    """

    def __init__(self, scope: Construct, id: str, cfg: AmlNetConfig) -> None:
        super().__init__(scope, id, cfg)
        self.add_workspace_network()
        cc, ci, ib = cfg.compute.cluster, cfg.compute.instance, cfg.compute.image_build_cluster
        # the registry is private: images build on a CPU cluster (the configuration refuses none)
        self.add_workspace(ib.name if ib else cc.name)
        placement = workspace_placement(cfg)
        self.egress = self.add_workspace_egress(placement)
        self.compute_subnet = self.add_compute_subnet(
            subnet=cfg.network.compute_subnet, placement=placement, egress=self.egress, network=self.network,
            location=cfg.region, resource_group_name=self.resource_group.name,
        )

        # Compute nodes must boot into a finished network: the workspace endpoint (Azure rejects
        # no-public-IP compute before it), NSG and route, firewall rules, the VNet's DNS, NAT's IP.
        deps = (self.workspace.workspace_private_endpoint, *self.compute_subnet.ready, *self.egress.ready)
        self.compute = self._compute(
            "compute", deps,
            cluster=cluster_props(cc) if cc.enabled else None,
            instance=InstanceProps(self.compute_instance_name, ci.vm_size) if ci.enabled else None,
        )
        # a CPU cluster that only builds environment images, scaled to zero when idle
        self.image_build = (
            self._compute("image-build", deps, cluster=image_build_props(ib))
            if ib is not None else None
        )
        # attached VMs/HDInsight and Databricks subnets (attached_compute, databricks), when configured
        self.attached_compute = add_attached_compute(self, self.egress)
        self.databricks = add_databricks(self)
        self.record_metadata((placement,))
        for key, value in attach_metadata(cfg).items():
            self.add_override(f"//.amlnet.{key}", value)
        self.add_common_outputs(self.compute_subnet.subnet_id, self.egress)

    def _compute(self, id: str, deps: tuple[Any, ...], *, cluster: ClusterProps | None, instance: InstanceProps | None = None) -> TrainingCompute:
        """Compute in the workspace VNet's compute subnet, created after `deps`."""
        cfg = self.cfg
        return TrainingCompute(
            self,
            id,
            TrainingComputeProps(
                workspace_id=self.workspace.workspace_id, location=cfg.region, subnet_id=self.compute_subnet.subnet_id,
                cluster=cluster, instance=instance, public_ip=cfg.compute.public_ip,
                workspace_private_endpoint=self.workspace.workspace_private_endpoint, depends_on=deps, tags=self.tags,
            ),
        )

    def add_workspace_egress(self, placement: ComputePlacement) -> Egress:
        cfg = self.cfg
        # the firewall's rules take the attach subnet as a source too
        extra = (attached_placement(cfg),) if cfg.attached_compute is not None else ()
        return self.add_egress(
            mode=cfg.egress.mode,
            placements=(placement, *extra),
            network=self.network,
            location=cfg.region,
            firewall_subnet_cidr=cfg.network.firewall_subnet_cidr,
            use_existing_firewall=True,
            firewall_is_vnet_dns=cfg.firewall_is_vnet_dns,
            dns_servers=cfg.dns.servers,
        )
