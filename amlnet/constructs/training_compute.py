"""TrainingCompute: a compute cluster and a compute instance without public IP in a compute subnet."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..providers import (
    Construct,
    MachineLearningComputeCluster,
    MachineLearningComputeClusterIdentity,
    MachineLearningComputeClusterScaleSettings,
    MachineLearningComputeInstance,
    MachineLearningComputeInstanceIdentity,
)


@dataclass(frozen=True)
class ClusterProps:
    name: str = "cpu-cluster"
    vm_size: str = "Standard_DS3_v2"
    vm_priority: str = "Dedicated"
    min_nodes: int = 0
    max_nodes: int = 4
    idle_seconds_before_scale_down: int = 1800


@dataclass(frozen=True)
class InstanceProps:
    name: str
    vm_size: str = "Standard_DS3_v2"


@dataclass(frozen=True)
class TrainingComputeProps:
    """Props of `TrainingCompute`.

    `depends_on` must hold the workspace's private endpoint (Azure rejects compute without public IP
    before it exists) and the compute subnet's NSG/route associations (`ComputeSubnet.ready`).
    """

    workspace_id: str
    location: str
    subnet_id: str
    cluster: ClusterProps | None = ClusterProps()
    instance: InstanceProps | None = None
    public_ip: bool = False
    """Only for the public-IP compute scenario; its subnet then needs the inbound rules of seed 000."""
    depends_on: tuple[Any, ...] = ()
    tags: dict[str, str] = field(default_factory=dict)


class TrainingCompute(Construct):
    """Compute cluster and compute instance with `node_public_ip_enabled = false`.

    The provider's default is a public IP on every node; this construct sets it to true only when
    `public_ip` is asked for explicitly.

    Example::

        TrainingCompute(stack, "compute", TrainingComputeProps(
            workspace_id=ws.workspace_id, location="eastus2", subnet_id=subnet.subnet_id,
            instance=InstanceProps(name="ci-ml-1"),
            depends_on=(ws.workspace_private_endpoint, *subnet.ready)))
    """

    def __init__(self, scope: Construct, id: str, props: TrainingComputeProps) -> None:
        super().__init__(scope, id)
        self.cluster: MachineLearningComputeCluster | None = None
        self.instance: MachineLearningComputeInstance | None = None
        # each dependency once (callers often pass overlapping `ready` lists), in the order given
        deps = _unique(props.depends_on) or None
        if props.cluster is not None:
            c = props.cluster
            self.cluster = MachineLearningComputeCluster(
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
                tags=props.tags or None,
                depends_on=deps,
            )
        if props.instance is not None:
            i = props.instance
            self.instance = MachineLearningComputeInstance(
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
                tags=props.tags or None,
                depends_on=deps,
            )


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
