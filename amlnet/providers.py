"""The one place amlnet imports CDKTF and the prebuilt azurerm provider bindings.

CDKTF was archived upstream on 2025-12-10; cdktf 0.21.0 and cdktf-cdktf-provider-azurerm 14.23.1
(azurerm 4.55.0) are its final releases. A move to the maintained fork (CDK Terrain, `cdktn`)
changes the imports in this file only.

Nested blocks are always built from the generated struct classes (e.g. `NetworkSecurityGroupSecurityRule`):
plain dicts reach the provider untranslated and their snake_case keys synthesize as null.

Provider classes load lazily (docs/adr/0001-lazy-provider-import.md). `from amlnet.providers import Subnet`
works as a plain import, but only the bindings' `subnet` submodule is executed, not the package's
`__init__`, which imports all 1,528 submodules (about 4 s). To add a provider class, add one line to
`AZURERM_CLASSES`:

    "MonitorDiagnosticSetting": "monitor_diagnostic_setting",

How it works (`_import_azurerm`):
1. Importing `cdktf_cdktf_provider_azurerm.subnet` first imports its parent package; that is where the
   time goes. So, if the package is not imported yet, a module object for it is built from its own spec
   (`importlib.util.find_spec` + `module_from_spec`: `__path__`, `__file__`, `__spec__`, loader) and put in
   `sys.modules` without executing its `__init__`. Python's import system then finds submodules through
   its `__path__` as usual. Each submodule needs only `.._jsii` (the assembly, loaded into the jsii kernel
   once) and cdktf/constructs, never the package root.
2. That shell keeps full behaviour for anyone else who imports the package: a module `__getattr__`
   imports a submodule on attribute access (`cdktf_cdktf_provider_azurerm.vpn_site`), and any other
   name (`__all__` for `import *`, `check_type`, `dir()`) executes the real `__init__` into the same
   module object once, after which it is exactly the module a normal import gives (its
   `publication.publish()` included). If the package was already imported normally, it is used as is:
   the result does not depend on import order.
3. The jsii runtime imports the module of a type the kernel hands back when that type is not yet
   registered. For packages generated with lazy loading it finds the module through a jsii-FQN -> module
   map; these bindings predate that map, so its fallback is importing the package root, which the shell
   would answer without loading anything. `_register_submodule_fqns` supplies the map entries
   (`@cdktf/provider-azurerm.dataAzurermSubnet` -> `cdktf_cdktf_provider_azurerm.data_azurerm_subnet`);
   tests/test_providers.py checks the rule against every submodule's generated `jsii_type`.
4. The same eagerness sits on the node side: the jsii kernel loads the assembly with `require()`, and
   the package's lib/index.js requires all 1,528 JavaScript submodules (about 2 s and 350 MB in node).
   The kernel starts with amlnet/lazy_provider_index.js preloaded, which compiles that one file with
   each `exports.x = require("./x")` turned into a getter that requires on first access. If cdktf was
   imported before this module, the kernel is already running without it: still correct, only slower.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import re
import sys
import threading
import types
from pathlib import Path
from typing import TYPE_CHECKING

# jsii prints a Node end-of-life banner on every process start; the variable that silences it
# takes the Node major version (the documented JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION is
# set too, for older jsii releases).
os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20")
os.environ.setdefault("CHECKPOINT_DISABLE", "1")

# AMLNET_EAGER_PROVIDERS=1 loads the bindings the ordinary way (for comparison and debugging).
_LAZY = os.environ.get("AMLNET_EAGER_PROVIDERS", "") in ("", "0")
# Importing cdktf starts the jsii kernel (node); it starts with the hook that keeps the node side of the
# bindings lazy too (point 4 above). NODE_OPTIONS is only extended for that start, then restored.
_node_options = os.environ.get("NODE_OPTIONS")
if _LAZY:
    _preload = f"--require {json.dumps(str(Path(__file__).with_name('lazy_provider_index.js')))}"
    os.environ["NODE_OPTIONS"] = f"{_node_options} {_preload}" if _node_options else _preload
try:
    from cdktf import (
        App,
        AzurermBackend,
        Fn,
        LocalBackend,
        TerraformIterator,
        TerraformLocal,
        TerraformOutput,
        TerraformStack,
        TerraformVariable,
        Testing,
        Token,
    )
    from constructs import Construct
finally:
    if _node_options is None:
        os.environ.pop("NODE_OPTIONS", None)
    else:
        os.environ["NODE_OPTIONS"] = _node_options

if TYPE_CHECKING:
    # What type checkers see: the real classes (the runtime loads them lazily through `__getattr__` below).
    # One import per `AZURERM_CLASSES` line; tests/test_providers.py checks that the two lists agree.
    from cdktf_cdktf_provider_azurerm.application_insights import ApplicationInsights
    from cdktf_cdktf_provider_azurerm.container_registry import ContainerRegistry
    from cdktf_cdktf_provider_azurerm.data_azurerm_client_config import DataAzurermClientConfig
    from cdktf_cdktf_provider_azurerm.data_azurerm_firewall_policy import DataAzurermFirewallPolicy
    from cdktf_cdktf_provider_azurerm.data_azurerm_network_service_tags import DataAzurermNetworkServiceTags
    from cdktf_cdktf_provider_azurerm.data_azurerm_private_dns_zone import DataAzurermPrivateDnsZone
    from cdktf_cdktf_provider_azurerm.data_azurerm_subnet import DataAzurermSubnet
    from cdktf_cdktf_provider_azurerm.data_azurerm_virtual_network import DataAzurermVirtualNetwork
    from cdktf_cdktf_provider_azurerm.firewall import Firewall, FirewallIpConfiguration
    from cdktf_cdktf_provider_azurerm.firewall_policy import FirewallPolicy, FirewallPolicyDns, FirewallPolicyIntrusionDetection
    from cdktf_cdktf_provider_azurerm.firewall_policy_rule_collection_group import (
        FirewallPolicyRuleCollectionGroup,
        FirewallPolicyRuleCollectionGroupApplicationRuleCollection,
        FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRule,
        FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRuleProtocols,
        FirewallPolicyRuleCollectionGroupNetworkRuleCollection,
        FirewallPolicyRuleCollectionGroupNetworkRuleCollectionRule,
    )
    from cdktf_cdktf_provider_azurerm.key_vault import KeyVault, KeyVaultNetworkAcls
    from cdktf_cdktf_provider_azurerm.kubernetes_cluster import (
        KubernetesCluster,
        KubernetesClusterDefaultNodePool,
        KubernetesClusterIdentity,
        KubernetesClusterNetworkProfile,
    )
    from cdktf_cdktf_provider_azurerm.kubernetes_cluster_extension import KubernetesClusterExtension
    from cdktf_cdktf_provider_azurerm.log_analytics_workspace import LogAnalyticsWorkspace
    from cdktf_cdktf_provider_azurerm.machine_learning_compute_cluster import (
        MachineLearningComputeCluster,
        MachineLearningComputeClusterIdentity,
        MachineLearningComputeClusterScaleSettings,
    )
    from cdktf_cdktf_provider_azurerm.machine_learning_compute_instance import (
        MachineLearningComputeInstance,
        MachineLearningComputeInstanceIdentity,
    )
    from cdktf_cdktf_provider_azurerm.machine_learning_workspace import (
        MachineLearningWorkspace,
        MachineLearningWorkspaceIdentity,
        MachineLearningWorkspaceManagedNetwork,
        MachineLearningWorkspaceServerlessCompute,
    )
    from cdktf_cdktf_provider_azurerm.machine_learning_workspace_network_outbound_rule_fqdn import (
        MachineLearningWorkspaceNetworkOutboundRuleFqdn,
    )
    from cdktf_cdktf_provider_azurerm.machine_learning_workspace_network_outbound_rule_private_endpoint import (
        MachineLearningWorkspaceNetworkOutboundRulePrivateEndpoint,
    )
    from cdktf_cdktf_provider_azurerm.machine_learning_workspace_network_outbound_rule_service_tag import (
        MachineLearningWorkspaceNetworkOutboundRuleServiceTag,
    )
    from cdktf_cdktf_provider_azurerm.monitor_diagnostic_setting import (
        MonitorDiagnosticSetting,
        MonitorDiagnosticSettingEnabledLog,
        MonitorDiagnosticSettingEnabledMetric,
    )
    from cdktf_cdktf_provider_azurerm.nat_gateway import NatGateway
    from cdktf_cdktf_provider_azurerm.nat_gateway_public_ip_association import NatGatewayPublicIpAssociation
    from cdktf_cdktf_provider_azurerm.network_security_group import NetworkSecurityGroup, NetworkSecurityGroupSecurityRule
    from cdktf_cdktf_provider_azurerm.private_dns_resolver import PrivateDnsResolver
    from cdktf_cdktf_provider_azurerm.private_dns_resolver_inbound_endpoint import (
        PrivateDnsResolverInboundEndpoint,
        PrivateDnsResolverInboundEndpointIpConfigurations,
    )
    from cdktf_cdktf_provider_azurerm.private_dns_zone import PrivateDnsZone
    from cdktf_cdktf_provider_azurerm.private_dns_zone_virtual_network_link import PrivateDnsZoneVirtualNetworkLink
    from cdktf_cdktf_provider_azurerm.private_endpoint import (
        PrivateEndpoint,
        PrivateEndpointPrivateDnsZoneGroup,
        PrivateEndpointPrivateServiceConnection,
    )
    from cdktf_cdktf_provider_azurerm.provider import (
        AzurermProvider,
        AzurermProviderFeatures,
        AzurermProviderFeaturesKeyVault,
        AzurermProviderFeaturesMachineLearning,
        AzurermProviderFeaturesStorage,
    )
    from cdktf_cdktf_provider_azurerm.public_ip import PublicIp
    from cdktf_cdktf_provider_azurerm.resource_group import ResourceGroup
    from cdktf_cdktf_provider_azurerm.resource_group_template_deployment import ResourceGroupTemplateDeployment
    from cdktf_cdktf_provider_azurerm.role_assignment import RoleAssignment
    from cdktf_cdktf_provider_azurerm.route import Route
    from cdktf_cdktf_provider_azurerm.route_table import RouteTable, RouteTableRoute
    from cdktf_cdktf_provider_azurerm.storage_account import (
        StorageAccount,
        StorageAccountBlobProperties,
        StorageAccountBlobPropertiesContainerDeleteRetentionPolicy,
        StorageAccountBlobPropertiesDeleteRetentionPolicy,
        StorageAccountNetworkRules,
        StorageAccountNetworkRulesPrivateLinkAccess,
        StorageAccountSasPolicy,
    )
    from cdktf_cdktf_provider_azurerm.subnet import Subnet, SubnetDelegation, SubnetDelegationServiceDelegation
    from cdktf_cdktf_provider_azurerm.subnet_nat_gateway_association import SubnetNatGatewayAssociation
    from cdktf_cdktf_provider_azurerm.subnet_network_security_group_association import SubnetNetworkSecurityGroupAssociation
    from cdktf_cdktf_provider_azurerm.subnet_route_table_association import SubnetRouteTableAssociation
    from cdktf_cdktf_provider_azurerm.subnet_service_endpoint_storage_policy import (
        SubnetServiceEndpointStoragePolicy,
        SubnetServiceEndpointStoragePolicyDefinition,
    )
    from cdktf_cdktf_provider_azurerm.user_assigned_identity import UserAssignedIdentity
    from cdktf_cdktf_provider_azurerm.virtual_network import VirtualNetwork
    from cdktf_cdktf_provider_azurerm.virtual_network_dns_servers import VirtualNetworkDnsServers
    from cdktf_cdktf_provider_azurerm.virtual_network_peering import VirtualNetworkPeering

#: Provider class name -> its submodule of `cdktf_cdktf_provider_azurerm` (one line per class).
AZURERM_CLASSES: dict[str, str] = {
    "ApplicationInsights": "application_insights",
    "ContainerRegistry": "container_registry",
    "DataAzurermClientConfig": "data_azurerm_client_config",
    "DataAzurermFirewallPolicy": "data_azurerm_firewall_policy",
    "DataAzurermNetworkServiceTags": "data_azurerm_network_service_tags",
    "DataAzurermPrivateDnsZone": "data_azurerm_private_dns_zone",
    "DataAzurermSubnet": "data_azurerm_subnet",
    "DataAzurermVirtualNetwork": "data_azurerm_virtual_network",
    "Firewall": "firewall",
    "FirewallIpConfiguration": "firewall",
    "FirewallPolicy": "firewall_policy",
    "FirewallPolicyDns": "firewall_policy",
    "FirewallPolicyIntrusionDetection": "firewall_policy",
    "FirewallPolicyRuleCollectionGroup": "firewall_policy_rule_collection_group",
    "FirewallPolicyRuleCollectionGroupApplicationRuleCollection": "firewall_policy_rule_collection_group",
    "FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRule": "firewall_policy_rule_collection_group",
    "FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRuleProtocols": "firewall_policy_rule_collection_group",
    "FirewallPolicyRuleCollectionGroupNetworkRuleCollection": "firewall_policy_rule_collection_group",
    "FirewallPolicyRuleCollectionGroupNetworkRuleCollectionRule": "firewall_policy_rule_collection_group",
    "KeyVault": "key_vault",
    "KeyVaultNetworkAcls": "key_vault",
    "KubernetesCluster": "kubernetes_cluster",
    "KubernetesClusterDefaultNodePool": "kubernetes_cluster",
    "KubernetesClusterIdentity": "kubernetes_cluster",
    "KubernetesClusterNetworkProfile": "kubernetes_cluster",
    "KubernetesClusterExtension": "kubernetes_cluster_extension",
    "LogAnalyticsWorkspace": "log_analytics_workspace",
    "MachineLearningComputeCluster": "machine_learning_compute_cluster",
    "MachineLearningComputeClusterIdentity": "machine_learning_compute_cluster",
    "MachineLearningComputeClusterScaleSettings": "machine_learning_compute_cluster",
    "MachineLearningComputeInstance": "machine_learning_compute_instance",
    "MachineLearningComputeInstanceIdentity": "machine_learning_compute_instance",
    "MachineLearningWorkspace": "machine_learning_workspace",
    "MachineLearningWorkspaceIdentity": "machine_learning_workspace",
    "MachineLearningWorkspaceServerlessCompute": "machine_learning_workspace",
    "MachineLearningWorkspaceManagedNetwork": "machine_learning_workspace",
    "MachineLearningWorkspaceNetworkOutboundRuleFqdn": "machine_learning_workspace_network_outbound_rule_fqdn",
    "MachineLearningWorkspaceNetworkOutboundRulePrivateEndpoint": "machine_learning_workspace_network_outbound_rule_private_endpoint",
    "MachineLearningWorkspaceNetworkOutboundRuleServiceTag": "machine_learning_workspace_network_outbound_rule_service_tag",
    "MonitorDiagnosticSetting": "monitor_diagnostic_setting",
    "MonitorDiagnosticSettingEnabledLog": "monitor_diagnostic_setting",
    "MonitorDiagnosticSettingEnabledMetric": "monitor_diagnostic_setting",
    "NatGateway": "nat_gateway",
    "NatGatewayPublicIpAssociation": "nat_gateway_public_ip_association",
    "NetworkSecurityGroup": "network_security_group",
    "NetworkSecurityGroupSecurityRule": "network_security_group",
    "PrivateDnsResolver": "private_dns_resolver",
    "PrivateDnsResolverInboundEndpoint": "private_dns_resolver_inbound_endpoint",
    "PrivateDnsResolverInboundEndpointIpConfigurations": "private_dns_resolver_inbound_endpoint",
    "PrivateDnsZone": "private_dns_zone",
    "PrivateDnsZoneVirtualNetworkLink": "private_dns_zone_virtual_network_link",
    "PrivateEndpoint": "private_endpoint",
    "PrivateEndpointPrivateDnsZoneGroup": "private_endpoint",
    "PrivateEndpointPrivateServiceConnection": "private_endpoint",
    "AzurermProvider": "provider",
    "AzurermProviderFeatures": "provider",
    "AzurermProviderFeaturesKeyVault": "provider",
    "AzurermProviderFeaturesMachineLearning": "provider",
    "AzurermProviderFeaturesStorage": "provider",
    "PublicIp": "public_ip",
    "ResourceGroup": "resource_group",
    "ResourceGroupTemplateDeployment": "resource_group_template_deployment",
    "RoleAssignment": "role_assignment",
    "Route": "route",
    "RouteTable": "route_table",
    "RouteTableRoute": "route_table",
    "StorageAccount": "storage_account",
    "StorageAccountBlobProperties": "storage_account",
    "StorageAccountBlobPropertiesContainerDeleteRetentionPolicy": "storage_account",
    "StorageAccountBlobPropertiesDeleteRetentionPolicy": "storage_account",
    "StorageAccountNetworkRules": "storage_account",
    "StorageAccountNetworkRulesPrivateLinkAccess": "storage_account",
    "StorageAccountSasPolicy": "storage_account",
    "Subnet": "subnet",
    "SubnetDelegation": "subnet",
    "SubnetDelegationServiceDelegation": "subnet",
    "SubnetNatGatewayAssociation": "subnet_nat_gateway_association",
    "SubnetNetworkSecurityGroupAssociation": "subnet_network_security_group_association",
    "SubnetRouteTableAssociation": "subnet_route_table_association",
    "SubnetServiceEndpointStoragePolicy": "subnet_service_endpoint_storage_policy",
    "SubnetServiceEndpointStoragePolicyDefinition": "subnet_service_endpoint_storage_policy",
    "UserAssignedIdentity": "user_assigned_identity",
    "VirtualNetwork": "virtual_network",
    "VirtualNetworkDnsServers": "virtual_network_dns_servers",
    "VirtualNetworkPeering": "virtual_network_peering",
}

__all__ = [
    "App",
    "AzurermBackend",
    "Construct",
    "Fn",
    "LocalBackend",
    "TerraformIterator",
    "TerraformLocal",
    "TerraformOutput",
    "TerraformStack",
    "TerraformVariable",
    "Testing",
    "Token",
    *AZURERM_CLASSES,
]


if not TYPE_CHECKING:  # hidden from type checkers, so a class missing from the block above is an error, not `type`

    def __getattr__(name: str) -> type:
        """PEP 562: `from amlnet.providers import Subnet` loads the `subnet` submodule on first use."""
        submodule = AZURERM_CLASSES.get(name)
        if submodule is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value: type = getattr(_import_azurerm(submodule), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(AZURERM_CLASSES))


_PACKAGE = "cdktf_cdktf_provider_azurerm"
_ASSEMBLY = "@cdktf/provider-azurerm"
# Names the shell answers "absent" without running the package's __init__ (probes by inspect, pickle,
# doctest and the like); `__all__` and `__jsii_assembly__` are real attributes of the full package.
_FULL_PACKAGE_DUNDERS = frozenset({"__all__", "__jsii_assembly__"})
_lock = threading.RLock()


def _import_azurerm(submodule: str) -> types.ModuleType:
    """`cdktf_cdktf_provider_azurerm.<submodule>`, without executing the package's own `__init__`."""
    with _lock:
        if _LAZY and _PACKAGE not in sys.modules:
            sys.modules[_PACKAGE] = _package_shell()
    return importlib.import_module(f"{_PACKAGE}.{submodule}")


def _package_shell() -> types.ModuleType:
    """The package as a module object with its spec and `__path__`, its `__init__` not executed."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or spec.loader is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"No module named {_PACKAGE!r}", name=_PACKAGE)
    shell = importlib.util.module_from_spec(spec)
    loader = spec.loader
    locations = list(spec.submodule_search_locations)

    def complete() -> None:
        # Run the real __init__ once, in this module object; its `from . import x` lines reuse the
        # submodules already imported. Removing the hooks first keeps that import from re-entering them.
        with _lock:
            if shell.__dict__.pop("__getattr__", None) is None:
                return
            shell.__dict__.pop("__dir__", None)
            loader.exec_module(shell)

    def shell_getattr(name: str) -> object:
        if name.startswith("__") and name.endswith("__") and name not in _FULL_PACKAGE_DUNDERS:
            raise AttributeError(f"module {_PACKAGE!r} has no attribute {name!r}")
        if any(os.path.isfile(os.path.join(location, name, "__init__.py")) for location in locations):
            return importlib.import_module(f"{_PACKAGE}.{name}")
        complete()
        return getattr(shell, name)

    def shell_dir() -> list[str]:
        complete()
        return sorted(shell.__dict__)

    # PEP 562 hooks are looked up in the module's namespace
    shell.__dict__["__getattr__"] = shell_getattr
    shell.__dict__["__dir__"] = shell_dir
    _register_submodule_fqns(locations)
    return shell


def _jsii_submodule_name(python_name: str) -> str:
    """jsii-pacmak's Python submodule name back to the jsii one: `data_azurerm_subnet` -> `dataAzurermSubnet`."""
    return re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), python_name)


def _register_submodule_fqns(locations: list[str]) -> None:
    """Tell the jsii runtime which module holds each submodule's types (see point 3 above)."""
    from jsii import _reference_map  # jsii 1.142.0: the map its lazy type lookup consults first

    fqn_map = getattr(_reference_map, "_submodule_fqn_map", None)
    if fqn_map is None:
        return
    for location in locations:
        with os.scandir(location) as entries:
            for entry in entries:
                if not entry.name.startswith("_") and entry.is_dir():
                    fqn_map.setdefault(f"{_ASSEMBLY}.{_jsii_submodule_name(entry.name)}", f"{_PACKAGE}.{entry.name}")

