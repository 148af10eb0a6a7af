"""The `managed-network` stack (`isolation: managed`): the workspace's managed VNet and its outbound rules."""

from __future__ import annotations

from ..config import AmlNetConfig
from ..config.managed import ISOLATION_MODES
from ..constructs import ClusterProps, InstanceProps, ManagedOutboundRules, ManagedOutboundRulesProps, TrainingCompute, TrainingComputeProps
from ..constructs.verify_metadata import metadata_object
from ..planning.managed import plan_managed_rules
from ..providers import Construct, TerraformOutput
from .base import WorkspaceStackBase
from .secure_workspace import cluster_props, image_build_props

STACK_NAME = "managed-network"


class ManagedNetworkStack(WorkspaceStackBase):
    """A secure workspace whose compute runs in the workspace's AML-managed VNet.

    Your VNet holds only the private-endpoint subnet (clients reach the workspace, storage, vault and registry
    through private endpoints, as in the other stacks); outbound from compute is the managed VNet's rules,
    written from the catalog for the enabled scenarios. No NSG, route, firewall or NAT of yours.
    No compute resource is written: managed-VNet compute is created in the workspace once the managed VNet
    is provisioned (azurerm 4.55.0's compute resources need `subnet_resource_id` for no public IP).

    Example::

        app = App()
        ManagedNetworkStack(app, "managed-network", parse_config({"isolation": "managed"}))
        app.synth()
    """

    def __init__(self, scope: Construct, id: str, cfg: AmlNetConfig) -> None:
        super().__init__(scope, id, cfg)
        self.add_workspace_network()
        mn = cfg.managed_network
        cc, ci, ib = cfg.compute.cluster, cfg.compute.instance, cfg.compute.image_build_cluster
        # the registry is private: images build on a CPU cluster (the configuration refuses none), as in secure-workspace
        self.add_workspace(ib.name if ib else cc.name, managed_network=(ISOLATION_MODES[mn.isolation_mode], mn.provision_on_creation))
        self.plan = plan_managed_rules(cfg.cloud, cfg.region_info, cfg.enabled_scenarios, mn.isolation_mode)
        ws = self.workspace
        self.outbound_rules = ManagedOutboundRules(
            self, "managed-outbound-rules",
            ManagedOutboundRulesProps(
                workspace_id=ws.workspace_id, storage_account_id=ws.storage_account_id, key_vault_id=ws.key_vault_id,
                service_tags=self.plan.service_tags, fqdns=self.plan.fqdns, private_endpoints=self.plan.private_endpoints,
            ),
        )
        # Compute is created after every outbound rule (the first compute provisions the managed network with them)
        ready = tuple(self.outbound_rules.ready)
        self.compute = self._compute("compute", ready, cluster=cluster_props(cc) if cc.enabled else None,
                                     instance=InstanceProps(self.compute_instance_name, ci.vm_size) if ci.enabled else None)
        self.image_build = (
            self._compute("image-build", ready, cluster=image_build_props(ib))
            if ib is not None else None
        )
        meta = metadata_object(cfg.cloud.value, [cfg.region], (s.value for s in cfg.enabled_scenarios))
        meta["managed_network"] = {"isolation_mode": mn.isolation_mode}
        self.add_override("//.amlnet", meta)
        TerraformOutput(self, "workspace_id", value=ws.workspace_id)
        TerraformOutput(self, "workspace_name", value=cfg.workspace_name)
        TerraformOutput(self, "private_dns_zone_ids", value=self.dns.zone_ids)

    def _compute(self, id: str, deps: tuple[object, ...], *, cluster: ClusterProps | None,
                 instance: InstanceProps | None = None) -> TrainingCompute | None:
        """Compute in the workspace's managed VNet: no subnet, no public IP (None when nothing is enabled)."""
        if cluster is None and instance is None:
            return None
        return TrainingCompute(self, id, TrainingComputeProps(
            workspace_id=self.workspace.workspace_id, location=self.cfg.region, subnet_id=None, managed_network=True,
            cluster=cluster, instance=instance, depends_on=deps, tags=self.tags,
        ))
