"""Compute: the cluster, the instance, the image-build cluster and serverless compute.

Example::

    ComputeConfig(cluster=ClusterConfig(max_nodes=8), instance=InstanceConfig(enabled=False))
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from .base import StrictModel
from .fields import ClusterName, InstanceName, VmSize
from .storage_guard import GuardSetting


class ClusterConfig(StrictModel):
    enabled: bool = True
    """Create the compute cluster."""
    name: ClusterName = "cpu-cluster"
    """Compute cluster name (Azure: 3-32 letters, digits and hyphens, starting with a letter)."""
    vm_size: VmSize = "Standard_DS3_v2"
    """VM size of the nodes, a Standard size such as Standard_DS3_v2."""
    vm_priority: Literal["Dedicated", "LowPriority"] = "Dedicated"
    """Dedicated or low-priority (evictable) nodes."""
    min_nodes: int = Field(0, ge=0)
    """Nodes kept running when idle."""
    max_nodes: int = Field(4, ge=1, le=1000)
    """Largest number of nodes (each takes one IP of the compute subnet)."""
    idle_seconds_before_scale_down: int = Field(1800, ge=60)
    """Idle time before a node is released."""

    @model_validator(mode="after")
    def _nodes(self) -> ClusterConfig:
        if self.min_nodes > self.max_nodes:
            raise ValueError(f"min_nodes ({self.min_nodes}) is greater than max_nodes ({self.max_nodes})")
        return self


class InstanceConfig(StrictModel):
    enabled: bool = True
    """Create a compute instance."""
    name: InstanceName | None = None
    """Compute instance names are unique per region; defaults to `ci-<prefix>-<suffix>` (see `amlnet.naming`)."""
    vm_size: VmSize = "Standard_DS3_v2"
    """VM size of the instance, a Standard size such as Standard_DS3_v2."""


GPU_VM_SIZE = re.compile(r"^Standard_N[CDVG]", re.IGNORECASE)
"""N-series sizes (NC, ND, NV, NG) are GPU sizes (Learn: "Sizes for virtual machines in Azure", GPU
accelerated, https://learn.microsoft.com/azure/virtual-machines/sizes/overview#gpu-accelerated)."""


class ImageBuildClusterConfig(StrictModel):
    """A small CPU cluster, in the compute subnet, that builds the workspace's environment images.

    The workspace's registry is private, so Azure ML cannot build images on serverless compute: "This
    works only when the workspace-dependent resources such as Storage Account or Container Registry are
    not under any network restriction" and "Only a CPU SKU is supported" for an image-build compute
    (Learn: https://learn.microsoft.com/azure/machine-learning/how-to-secure-workspace-vnet#enable-azure-container-registry-acr)."""

    name: ClusterName = "image-build"
    vm_size: VmSize = "Standard_DS3_v2"
    max_nodes: int = Field(1, ge=1, le=10)
    """Scales to zero when idle; one node builds one image at a time."""


class ComputeConfig(StrictModel):
    cluster: ClusterConfig = ClusterConfig()
    """The compute cluster in the workspace's VNet."""
    instance: InstanceConfig = InstanceConfig()
    """The compute instance in the workspace's VNet."""
    image_build_cluster: ImageBuildClusterConfig | None = None
    """A dedicated CPU cluster for image builds. Default: none, the compute cluster builds images (it
    must then be enabled and of a CPU size). Set it when the compute cluster is disabled or has GPUs, or when
    `compute_network.cluster` has GPUs (peered-compute and private-endpoint-compute then create it in the compute VNet)."""
    public_ip_routes: Literal["service-tags", "ip-prefixes"] = "service-tags"
    """How the public-IP control-plane routes name their destinations: service tags, or the tags' IPv4
    prefixes looked up with the azurerm_network_service_tags data source (one route per prefix)."""
    storage_exfiltration_guard: GuardSetting = "auto"
    """A service endpoint policy on every compute subnet amlnet creates (with the Microsoft.Storage service
    endpoint) allowing only the workspace's storage account and the /services/Azure/MachineLearning alias.
    auto: on unless an enabled scenario needs other storage (storage-firewall, vscode, kubernetes) or is blocked by the policy
    (microsoft-images: viennaglobal.azurecr.io curated environments, Learn how-to-prevent-data-loss-exfiltration section 4); true: on
    (refused with such a scenario or a reused compute subnet); false: off."""
    public_ip: bool = False
    """Compute with public IP (seed 000 scenario): adds inbound from AzureMachineLearning on 44224 and
    from BatchNodeManagement on 29876-29877, and, behind a firewall, routes with next hop Internet for
    that control traffic of the primary and the paired region. Off: no public IP, no inbound."""


class ServerlessConfig(StrictModel):
    """Serverless compute of the `serverless-no-public-ip` stack (seed 003)."""

    subnet: Literal["compute", "none"] = "compute"
    """compute: the workspace VNet's compute subnet, with its NSG and egress. none: no custom subnet."""
    public_ip: bool = False
    """true: serverless compute nodes get public IPs."""

    @model_validator(mode="after")
    def _subnet(self) -> ServerlessConfig:
        if self.subnet == "none" and not self.public_ip:
            raise ValueError(
                "public_ip: false needs a custom subnet (subnet: compute): serverless compute without a custom "
                "subnet runs in a Microsoft-managed network and cannot be set to no public IP"
            )
        return self
