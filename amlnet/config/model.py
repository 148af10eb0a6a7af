"""What the user wants: one validated, frozen model for a deployment, and the names derived from it.

Take `default_config()` or build one with `amlnet.loading.parse_config` / `load_config`, which also
run the checks that need the planners (`amlnet.plan_checks`). Model validation here runs every check
that needs no planning (`amlnet.config.cross_checks`, `amlnet.config.azure_rules`); nothing cdktf.

Example::

    cfg = AmlNetConfig.model_validate({"region": "westeurope", "name_prefix": "fraud"})
    cfg.egress.mode  # 'firewall'
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from ..catalog import Cloud, Scenario
from ..catalog import region as lookup_region
from ..catalog.model import ALWAYS_ON, Region
from ..naming import COMPUTE_INSTANCE, CONTAINER_REGISTRY, KEY_VAULT, STORAGE_ACCOUNT, GlobalNameRule
from .attach import AttachedComputeConfig, DatabricksNetworkConfig
from .base import AZURE_RESERVED_IPS, StrictModel
from .compute import GPU_VM_SIZE, ComputeConfig, ImageBuildClusterConfig, ServerlessConfig
from .cross_checks import validate_cross
from .dns import DnsConfig
from .egress import EgressConfig
from .fields import NamePrefix, RegionName, parse_resource_id
from .hub import HubConfig
from .inference import InferenceConfig
from .literals import template_message, template_problem
from .managed import Isolation, ManagedNetworkConfig, managed_default_stacks
from .network import ComputeNetworkConfig, NetworkConfig
from .nsg import NsgConfig
from .state import StateConfig
from .workspace import NameOverrides, WorkspaceConfig

StackKind = Literal["secure-workspace", "peered-compute", "private-endpoint-compute", "serverless-no-public-ip", "aks-inference", "managed-network"]
STACK_KINDS: tuple[StackKind, ...] = ("secure-workspace", "peered-compute", "private-endpoint-compute", "serverless-no-public-ip", "aks-inference")


class AmlNetConfig(StrictModel):
    """One deployment of a network-isolated Azure Machine Learning workspace."""

    cloud: Cloud = Cloud.PUBLIC
    """Azure cloud: public, usgov (Azure Government) or china (Azure operated by 21Vianet)."""
    region: RegionName = "eastus2"
    """ARM region name (eastus2, westeurope, usgovvirginia, chinanorth3, ...); must belong to the cloud."""
    name_prefix: NamePrefix = "amlnet"
    """3-12 lowercase letters and digits, starting with a letter; resource names derive from it."""
    names: NameOverrides = NameOverrides()
    scenarios: tuple[Scenario, ...] = (Scenario.PYTHON_PACKAGES, Scenario.AZURE_MONITOR)
    """Enabled on top of `compute` and `studio`, which are always on. `microsoft-images` (viennaglobal.azurecr.io, older
    curated environments) is off by default: current curated environments come from mcr.microsoft.com (always allowed),
    and Learn (how-to-prevent-data-loss-exfiltration, "4. Curated environments") says viennaglobal images cannot be
    used with the storage exfiltration guard; enabling it turns `compute.storage_exfiltration_guard: auto` off."""
    network: NetworkConfig = NetworkConfig()
    egress: EgressConfig = EgressConfig()
    """How compute reaches the internet."""
    dns: DnsConfig = DnsConfig()
    hub: HubConfig | None = None
    """A hub in another subscription (its firewall policy and DNS zones); None: the hub's resources are in the workload's subscription."""
    workspace: WorkspaceConfig = WorkspaceConfig()
    """The workspace's own settings."""
    compute: ComputeConfig = ComputeConfig()
    """Compute in the workspace's VNet."""
    compute_network: ComputeNetworkConfig = ComputeNetworkConfig()
    serverless: ServerlessConfig = ServerlessConfig()
    """Serverless compute of the serverless-no-public-ip stack."""
    inference: InferenceConfig = InferenceConfig()
    """The AKS inference cluster of the `aks-inference` stack (seed 004)."""
    attached_compute: AttachedComputeConfig | None = None
    """A subnet for VMs and HDInsight clusters attached as compute (SSH from AzureMachineLearning only); None: none."""
    databricks: DatabricksNetworkConfig | None = None
    """The two delegated subnets for an injected Azure Databricks workspace (not the workspace itself); None: none."""
    stacks: tuple[StackKind, ...] = Field(STACK_KINDS, min_length=1)
    """The stacks `make synth` writes (at least one, each once). Default: every customer-VNet stack (without
    `aks-inference` in cloud china), or `managed-network` alone with `isolation: managed`."""
    isolation: Isolation = "customer-vnet"
    """customer-vnet: compute in your VNet (NSGs, routes, firewall or NAT). managed: the workspace's managed VNet (the `managed-network` stack)."""
    managed_network: ManagedNetworkConfig = ManagedNetworkConfig()
    """The managed VNet's outbound mode (`isolation: managed` only)."""
    service_tag_prefixes: bool = False
    """Look up the IPv4 prefixes of every regional service tag the stack uses and output them
    (`service_tag_prefixes`), for firewalls and routes that need addresses."""
    nsg: NsgConfig = NsgConfig()
    """Priorities of the generated NSG rules, and extra rules."""
    state: StateConfig = StateConfig()
    """Terraform state backend."""
    tags: dict[str, str] = {}
    """Tags on every resource: at most 49 (amlnet adds managed-by), keys up to 128 characters without <>%&\\?/, values up to 256."""

    @field_validator("scenarios")
    @classmethod
    def _scen(cls, v: tuple[Scenario, ...]) -> tuple[Scenario, ...]:
        return tuple(dict.fromkeys(v))  # drop duplicates, keep order

    @field_validator("stacks")
    @classmethod
    def _stacks(cls, v: tuple[StackKind, ...]) -> tuple[StackKind, ...]:
        dup = next((k for i, k in enumerate(v) if k in v[:i]), None)
        if dup:
            raise ValueError(f"{dup!r} is listed twice; each stack is written once")
        return v

    @model_validator(mode="before")
    @classmethod
    def _managed_default_stacks(cls, data: object) -> object:
        found = template_problem(data)
        if found:  # before any field: a template in any value, of any type, is refused (issue 21)
            raise ValueError(template_message(*found))
        return managed_default_stacks(data)

    @model_validator(mode="after")
    def _cross(self) -> AmlNetConfig:
        validate_cross(self)
        return self

    # --- derived values -------------------------------------------------------------------
    @property
    def region_info(self) -> Region:
        return lookup_region(self.region)

    @property
    def enabled_scenarios(self) -> frozenset[Scenario]:
        s = set(self.scenarios) | ALWAYS_ON
        if self.workspace.hbi:
            s.add(Scenario.HBI)
        if self.compute.public_ip:
            s.add(Scenario.PUBLIC_IP_COMPUTE)
        return frozenset(s)

    @property
    def compute_region(self) -> str:
        """Region of the second (compute) VNet."""
        return self.compute_network.region or self.region

    @property
    def compute_vnet_name(self) -> str:
        cn = self.compute_network
        if cn.existing_vnet_id:
            return parse_resource_id(cn.existing_vnet_id, "Microsoft.Network/virtualNetworks")["name"]
        return cn.vnet_name or f"vnet-{self.name_prefix}-compute"

    @property
    def compute_egress_mode(self) -> str:
        return self.compute_network.egress_mode or self.egress.mode

    def for_stack(self, kind: str) -> AmlNetConfig:
        """The configuration one stack uses: the default app deploys four stacks side by side, so
        each variant gets its own name prefix (and so its own resource group and resource names)."""
        suffix = {"secure-workspace": "", "peered-compute": "pc", "private-endpoint-compute": "pe", "serverless-no-public-ip": "sl",
                  "aks-inference": "ak", "managed-network": ""}[kind]
        return self.model_copy(update={"name_prefix": self.name_prefix + suffix}) if suffix else self

    @property
    def resource_group_name(self) -> str:
        return self.names.resource_group or f"rg-{self.name_prefix}-{self.region}"

    @property
    def workspace_name(self) -> str:
        return self.names.workspace or f"mlw-{self.name_prefix}"

    # Globally unique names: the pinned name, or None when it is derived at plan time from the
    # subscription and resource group (`amlnet.constructs.UniqueNames`); reports show a placeholder.
    @property
    def storage_account_name(self) -> str | None:
        return self.names.storage_account or self._pinned_global(STORAGE_ACCOUNT)

    @property
    def key_vault_name(self) -> str | None:
        return self.names.key_vault or self._pinned_global(KEY_VAULT)

    @property
    def container_registry_name(self) -> str | None:
        return self.names.container_registry or self._pinned_global(CONTAINER_REGISTRY)

    def _pinned_global(self, rule: GlobalNameRule) -> str | None:
        return rule.with_suffix(self.name_prefix, self.names.unique_suffix) if self.names.unique_suffix else None

    @property
    def vnet_name(self) -> str:
        if self.network.existing_vnet_id:
            return parse_resource_id(self.network.existing_vnet_id, "Microsoft.Network/virtualNetworks")["name"]
        return self.network.vnet_name or f"vnet-{self.name_prefix}"

    @property
    def compute_instance_name(self) -> str | None:
        """Compute instance names are unique per region: pinned, or derived like the global names."""
        return self.compute.instance.name or self._pinned_global(COMPUTE_INSTANCE)

    @property
    def firewall_is_vnet_dns(self) -> bool:
        """The stack creates both the VNet and the firewall, and points the VNet's DNS at its proxy."""
        f = self.egress.firewall
        return (
            self.egress.mode == "firewall"
            and f.existing is None
            and f.use_as_dns
            and self.network.existing_vnet_id is None
            and self.network.firewall_subnet_cidr is not None
        )

    @property
    def compute_network_image_build(self) -> ImageBuildClusterConfig | None:
        """`compute.image_build_cluster` when the peered-compute and private-endpoint-compute stacks create it beside
        `compute_network.cluster` (same compute subnet, no public IP): only when that cluster has a GPU size, which cannot
        build the workspace's images (a CPU SKU only, see ImageBuildClusterConfig). A CPU `compute_network.cluster` keeps
        building them itself, and those stacks create no extra cluster (their output is as before). None: no build cluster there."""
        return self.compute.image_build_cluster if GPU_VM_SIZE.match(self.compute_network.cluster.vm_size) else None

    @property
    def compute_subnet_ip_demand(self) -> int:
        """IPs the compute subnet needs: one per instance, one per cluster node, plus Azure's 5."""
        n = AZURE_RESERVED_IPS
        if self.compute.cluster.enabled:
            n += self.compute.cluster.max_nodes
        if self.compute.image_build_cluster is not None:
            n += self.compute.image_build_cluster.max_nodes
        if self.compute.instance.enabled:
            n += 1
        return n


def default_config() -> AmlNetConfig:
    """The built-in default: a secure workspace in eastus2 behind an Azure Firewall."""
    return AmlNetConfig()
