"""TrainingCompute: a compute cluster and a compute instance without public IP in a compute subnet."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..providers import (
    Construct,
    MachineLearningComputeCluster,
    MachineLearningComputeClusterIdentity,
    MachineLearningComputeClusterScaleSettings,
    MachineLearningComputeInstance,
    MachineLearningComputeInstanceIdentity,
)
from ._checks import check_choice, check_literals, check_name, check_range, check_resource_id, check_tags, check_vm_size, fail, is_token

VmPriority = Literal["Dedicated", "LowPriority"]


@dataclass(frozen=True)
class ClusterProps:
    """A compute cluster (AmlCompute)."""

    name: str = "cpu-cluster"
    """Cluster name (Azure: 3-32 letters, digits and hyphens, starting with a letter; unique in the workspace)."""
    vm_size: str = "Standard_DS3_v2"
    """A Standard VM size offered in the region."""
    vm_priority: VmPriority = "Dedicated"
    """Dedicated or low-priority (evictable) nodes."""
    min_nodes: int = 0
    """Nodes kept when idle (0: scale to zero)."""
    max_nodes: int = 4
    """Upper bound of the autoscaler, at least min_nodes and 1."""
    idle_seconds_before_scale_down: int = 1800
    """Idle time before a node is released (an ISO 8601 duration is built from it)."""

    def __post_init__(self) -> None:
        check_literals(self)
        check_name(self, "name", "compute_cluster", self.name)
        check_vm_size(self, "vm_size", self.vm_size)
        check_choice(self, "vm_priority", self.vm_priority, VmPriority)
        check_range(self, "min_nodes", self.min_nodes, 0, 10_000)
        check_range(self, "max_nodes", self.max_nodes, max(1, self.min_nodes), 10_000, why="at least min_nodes and 1")
        check_range(self, "idle_seconds_before_scale_down", self.idle_seconds_before_scale_down, 0, 10**7)


@dataclass(frozen=True)
class InstanceProps:
    """A compute instance."""

    name: str
    """Instance name (Azure: 3-24 letters, digits and hyphens, starting with a letter; unique in the region)."""
    vm_size: str = "Standard_DS3_v2"
    """A Standard VM size offered in the region."""

    def __post_init__(self) -> None:
        check_literals(self)
        check_name(self, "name", "compute_instance", self.name)
        check_vm_size(self, "vm_size", self.vm_size)


@dataclass(frozen=True)
class TrainingComputeProps:
    """Props of `TrainingCompute`.

    Compute in your subnet waits for the workspace's private endpoint (`workspace_private_endpoint`, required:
    Azure rejects compute without public IP before the endpoint exists) and for the subnet's NSG/route
    associations (`depends_on`, usually `ComputeSubnet.ready`). Compute in the workspace's managed VNet
    (`managed_network=True`) has no subnet: azurerm v4.55.0 accepts a compute instance without
    `subnet_resource_id` only when the workspace has a managed network (machine_learning_compute_instance_resource.go,
    Create, `hasManagedNetwork`), and Learn (how-to-managed-network, "Limitations") says compute can then only be
    created in the managed VNet.
    """

    workspace_id: str
    """The workspace (`SecureWorkspace.workspace_id`)."""
    location: str
    """Region of the cluster (the subnet's; the workspace's with a managed network: Learn, same Limitations)."""
    subnet_id: str | None
    """The compute subnet (`ComputeSubnet.subnet_id`); None exactly when `managed_network` is true."""
    cluster: ClusterProps | None = ClusterProps()
    """The cluster, or None for no cluster."""
    instance: InstanceProps | None = None
    """A compute instance, or None."""
    public_ip: bool = False
    """Only for the public-IP compute scenario; its subnet then needs the inbound rules of seed 000."""
    workspace_private_endpoint: Any = None
    """The workspace's private endpoint resource (`SecureWorkspace.workspace_private_endpoint`); the compute
    `depends_on` it. Required for compute without public IP in your subnet when the workspace is created in the
    same app (`workspace_id` a reference); an existing workspace (a literal ID) already has its endpoint."""
    managed_network: bool = False
    """The workspace has a managed VNet (`SecureWorkspaceProps.managed_network_isolation_mode`): no subnet."""
    depends_on: tuple[Any, ...] = ()
    """Further resources the compute waits for (the subnet's associations; a managed VNet's outbound rules)."""
    tags: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_literals(self)
        check_resource_id(self, "workspace_id", self.workspace_id, "Microsoft.MachineLearningServices/workspaces")
        if self.managed_network:
            if self.subnet_id is not None:
                fail(self, "subnet_id", f"{self.subnet_id!r} is set, but managed_network is true: compute of a workspace with a "
                     "managed VNet runs in that VNet only (Learn, how-to-managed-network, Limitations); leave subnet_id None")
            if self.public_ip:
                fail(self, "public_ip", "true with managed_network: the managed VNet's compute takes no public IP of yours")
        else:
            if self.subnet_id is None:
                fail(self, "subnet_id", "None, but managed_network is false: compute without a managed VNet needs a subnet "
                     "(azurerm v4.55.0 machine_learning_compute_instance_resource.go refuses it at create)")
            check_resource_id(self, "subnet_id", self.subnet_id, "Microsoft.Network/virtualNetworks", "subnets")
            if not self.public_ip and self.workspace_private_endpoint is None and is_token(self.workspace_id):
                fail(self, "workspace_private_endpoint", "None, but the workspace is created in this app (workspace_id is a "
                     "reference): compute without public IP in your subnet must wait for the workspace's private endpoint "
                     "(SecureWorkspace.workspace_private_endpoint); Azure refuses it before the endpoint exists")
        if self.cluster is None and self.instance is None:
            fail(self, "cluster", "neither a cluster nor an instance: nothing to create")
        check_tags(self, "tags", self.tags)


class TrainingCompute(Construct):
    """Compute cluster and compute instance with `node_public_ip_enabled = false`.

    The provider's default is a public IP on every node; this construct sets it to true only when
    `public_ip` is asked for explicitly.

    Example::

        TrainingCompute(stack, "compute", TrainingComputeProps(
            workspace_id=ws.workspace_id, location="eastus2", subnet_id=subnet.subnet_id,
            instance=InstanceProps(name="ci-ml-1"),
            workspace_private_endpoint=ws.workspace_private_endpoint, depends_on=subnet.ready))
    """

    def __init__(self, scope: Construct, id: str, props: TrainingComputeProps) -> None:
        super().__init__(scope, id)
        self._props = props
        self._cluster: MachineLearningComputeCluster | None = None
        self._instance: MachineLearningComputeInstance | None = None
        # each dependency once (callers often pass overlapping `ready` lists), in the order given
        pe = (props.workspace_private_endpoint,) if props.workspace_private_endpoint is not None else ()
        deps = _unique((*pe, *props.depends_on)) or None
        if props.cluster is not None:
            c = props.cluster
            self._cluster = MachineLearningComputeCluster(
                self,
                "cluster",
                name=c.name,
                location=props.location,
                machine_learning_workspace_id=props.workspace_id,
                vm_size=c.vm_size,
                vm_priority=c.vm_priority,
                scale_settings=MachineLearningComputeClusterScaleSettings(
                    min_node_count=c.min_nodes,
                    max_node_count=c.max_nodes,
                    scale_down_nodes_after_idle_duration=_iso_duration(c.idle_seconds_before_scale_down),
                ),
                subnet_resource_id=props.subnet_id,
                node_public_ip_enabled=props.public_ip,
                ssh_public_access_enabled=False,
                local_auth_enabled=False,
                identity=MachineLearningComputeClusterIdentity(type="SystemAssigned"),
                tags=dict(props.tags) or None,
                depends_on=deps,
            )
        if props.instance is not None:
            i = props.instance
            self._instance = MachineLearningComputeInstance(
                self,
                "instance",
                name=i.name,
                machine_learning_workspace_id=props.workspace_id,
                virtual_machine_size=i.vm_size,
                subnet_resource_id=props.subnet_id,
                node_public_ip_enabled=props.public_ip,
                local_auth_enabled=False,
                authorization_type="personal",
                identity=MachineLearningComputeInstanceIdentity(type="SystemAssigned"),
                tags=dict(props.tags) or None,
                depends_on=deps,
            )


    @property
    def props(self) -> TrainingComputeProps:
        return self._props

    @property
    def cluster(self) -> MachineLearningComputeCluster | None:
        return self._cluster

    @property
    def cluster_id(self) -> str | None:
        return self._cluster.id if self._cluster is not None else None

    @property
    def instance(self) -> MachineLearningComputeInstance | None:
        return self._instance

    @property
    def instance_id(self) -> str | None:
        return self._instance.id if self._instance is not None else None


def _iso_duration(seconds: int) -> str:
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return "PT" + (f"{h}H" if h else "") + (f"{m}M" if m else "") + (f"{s}S" if s or not (h or m) else "")


def _unique(items: Iterable[Any]) -> list[Any]:
    """Each object once, in first-seen order (by identity: construct objects)."""
    seen: set[int] = set()
    out: list[Any] = []
    for d in items:
        if id(d) not in seen:
            seen.add(id(d))
            out.append(d)
    return out
