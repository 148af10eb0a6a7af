"""What the user wants: the configuration model, validated and frozen, with every check that needs no
planning. This layer imports the catalog and nothing from `amlnet.planning` (tests/test_layers.py).
Reading files and the checks that need the planners sit above it, in `amlnet.loading`.

Modules, one idea each:
- `base`: the strict frozen base model, `ConfigError`, Azure's numbers the checks use;
- `fields`: field types (CIDRs, regions, Azure names, resource IDs) with their validators;
- `network`, `egress`, `dns`, `hub`, `compute`, `inference`, `nsg`, `workspace`, `state`: the sections (with
  `inference` also the checks of seed 004's limits);
- `model`: `AmlNetConfig` and the names derived from it; `default_config()`;
- `cross_checks`: checks spanning several fields; `azure_rules`: Azure's rules for names, tags, IDs.

Example::

    from amlnet.config import AmlNetConfig
    from amlnet.loading import parse_config

    cfg = parse_config({"region": "westeurope", "name_prefix": "fraud"})
    assert isinstance(cfg, AmlNetConfig) and cfg.egress.mode == "firewall"
"""

from .base import AZURE_RESERVED_IPS, DENY_ALL_PRIORITY, NSG_MAX_PRIORITY, NSG_MIN_PRIORITY, ConfigError, StrictModel
from .compute import GPU_VM_SIZE, ClusterConfig, ComputeConfig, ImageBuildClusterConfig, InstanceConfig, ServerlessConfig
from .dns import DnsConfig
from .egress import EgressConfig, ExistingFirewall, ExtraFqdnRule, FirewallConfig
from .fields import parse_resource_id
from .hub import HubConfig
from .inference import InferenceConfig, TlsConfig
from .model import STACK_KINDS, AmlNetConfig, StackKind, default_config
from .network import ComputeNetworkConfig, NetworkConfig, SubnetConfig
from .nsg import NsgConfig, NsgRule
from .state import AzurermBackendConfig, StateConfig
from .workspace import NameOverrides, WorkspaceConfig

__all__ = [
    "AZURE_RESERVED_IPS",
    "DENY_ALL_PRIORITY",
    "GPU_VM_SIZE",
    "NSG_MAX_PRIORITY",
    "NSG_MIN_PRIORITY",
    "STACK_KINDS",
    "AmlNetConfig",
    "AzurermBackendConfig",
    "ClusterConfig",
    "ComputeConfig",
    "ComputeNetworkConfig",
    "ConfigError",
    "DnsConfig",
    "EgressConfig",
    "ExistingFirewall",
    "ExtraFqdnRule",
    "FirewallConfig",
    "HubConfig",
    "ImageBuildClusterConfig",
    "InferenceConfig",
    "InstanceConfig",
    "NameOverrides",
    "NetworkConfig",
    "NsgConfig",
    "NsgRule",
    "ServerlessConfig",
    "StackKind",
    "StateConfig",
    "StrictModel",
    "SubnetConfig",
    "TlsConfig",
    "WorkspaceConfig",
    "default_config",
    "parse_resource_id",
]
