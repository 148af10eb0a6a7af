"""The one place amlnet imports its CDK and the prebuilt azurerm provider bindings.

amlnet runs on CDK for Terraform (cdktf 0.21.0 with cdktf-cdktf-provider-azurerm 14.23.1, azurerm 4.55.0:
the final releases, CDKTF was archived upstream on 2025-12-10) and on its maintained fork CDK Terrain
(cdktn 0.24.0 with cdktn-provider-azurerm 17.0.0, azurerm 4.81.0). Which one is decided once, here, by
amlnet/cdk_choice.py (`AMLNET_CDK`, else the one installed, cdktf when both are): `CDK` says which.
Everything else in amlnet imports `App`, `Subnet`, ... from this module and never names either CDK.

Nested blocks are always built from the generated struct classes (e.g. `NetworkSecurityGroupSecurityRule`):
plain dicts reach the provider untranslated and their snake_case keys synthesize as null.

Provider classes load lazily (docs/adr/0001-lazy-provider-import.md). `from amlnet.providers import Subnet`
works as a plain import, but only the bindings' `subnet` submodule is executed, not the whole package
(cdktf's bindings import all 1,528 submodules in their `__init__`, about 4 s: amlnet/lazy_package.py
builds a package shell for them; cdktn's are generated lazy). The node side of both is eager too: the
jsii kernel loads the assembly with `require()`, and the package's lib/index.js requires every JavaScript
submodule (about 2 s and 350 to 450 MB in node). The kernel starts with amlnet/lazy_provider_index.js
preloaded, which compiles that one file with each export turned into a getter that requires on first
access. If the CDK was imported before this module, the kernel is already running without it: still
correct, only slower. To add a provider class, add one line to amlnet/azurerm_classes.py and one import
to each type-checking block below.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING

from amlnet import lazy_package
from amlnet.azurerm_classes import AZURERM_CLASSES
from amlnet.cdk_choice import Cdk, choose_cdk

# jsii prints a Node end-of-life banner on every process start; the variable that silences it
# takes the Node major version (the documented JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION is
# set too, for older jsii releases).
os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20")
os.environ.setdefault("CHECKPOINT_DISABLE", "1")

#: The CDK this process uses (amlnet.cdk_choice.CDKTF or CDKTN).
CDK: Cdk = choose_cdk(os.environ)
#: `mypy --always-true MYPY_CDKTN` (make typecheck CDK=cdktn) checks amlnet against CDK Terrain's types;
#: pyproject.toml makes it always false otherwise. Never true at run time.
MYPY_CDKTN = False

# AMLNET_EAGER_PROVIDERS=1 loads the bindings the ordinary way (for comparison and debugging).
_LAZY = os.environ.get("AMLNET_EAGER_PROVIDERS", "") in ("", "0")
# Importing the CDK starts the jsii kernel (node); it starts with the hook that keeps the node side of the
# bindings lazy. NODE_OPTIONS is only extended for that start, then restored.
_node_options = os.environ.get("NODE_OPTIONS")
if _LAZY:
    _preload = f"--require {json.dumps(str(Path(__file__).with_name('lazy_provider_index.js')))}"
    os.environ["NODE_OPTIONS"] = f"{_node_options} {_preload}" if _node_options else _preload
try:
    _core = importlib.import_module(CDK.core_module)
    from constructs import Construct
finally:
    if _node_options is None:
        os.environ.pop("NODE_OPTIONS", None)
    else:
        os.environ["NODE_OPTIONS"] = _node_options

if TYPE_CHECKING:
    # What type checkers see: the real classes (the runtime loads them lazily through `__getattr__` below).
    # One import per `AZURERM_CLASSES` line, the same in both blocks; tests/test_providers.py checks it.
    if MYPY_CDKTN:
        from cdktn import (
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
        from cdktn_provider_azurerm.application_insights import ApplicationInsights
        from cdktn_provider_azurerm.container_registry import ContainerRegistry
        from cdktn_provider_azurerm.data_azurerm_client_config import DataAzurermClientConfig
        from cdktn_provider_azurerm.data_azurerm_firewall_policy import DataAzurermFirewallPolicy
        from cdktn_provider_azurerm.data_azurerm_network_service_tags import DataAzurermNetworkServiceTags
        from cdktn_provider_azurerm.data_azurerm_private_dns_zone import DataAzurermPrivateDnsZone
        from cdktn_provider_azurerm.data_azurerm_subnet import DataAzurermSubnet
        from cdktn_provider_azurerm.data_azurerm_virtual_network import DataAzurermVirtualNetwork
        from cdktn_provider_azurerm.firewall import Firewall, FirewallIpConfiguration
        from cdktn_provider_azurerm.firewall_policy import FirewallPolicy, FirewallPolicyDns, FirewallPolicyIntrusionDetection
        from cdktn_provider_azurerm.firewall_policy_rule_collection_group import (
            FirewallPolicyRuleCollectionGroup,
            FirewallPolicyRuleCollectionGroupApplicationRuleCollection,
            FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRule,
            FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRuleProtocols,
            FirewallPolicyRuleCollectionGroupNetworkRuleCollection,
            FirewallPolicyRuleCollectionGroupNetworkRuleCollectionRule,
        )
        from cdktn_provider_azurerm.key_vault import KeyVault, KeyVaultNetworkAcls
        from cdktn_provider_azurerm.kubernetes_cluster import (
            KubernetesCluster,
            KubernetesClusterDefaultNodePool,
            KubernetesClusterIdentity,
            KubernetesClusterNetworkProfile,
        )
        from cdktn_provider_azurerm.kubernetes_cluster_extension import KubernetesClusterExtension
        from cdktn_provider_azurerm.log_analytics_workspace import LogAnalyticsWorkspace
        from cdktn_provider_azurerm.machine_learning_compute_cluster import (
            MachineLearningComputeCluster,
            MachineLearningComputeClusterIdentity,
            MachineLearningComputeClusterScaleSettings,
        )
        from cdktn_provider_azurerm.machine_learning_compute_instance import (
            MachineLearningComputeInstance,
            MachineLearningComputeInstanceIdentity,
        )
        from cdktn_provider_azurerm.machine_learning_workspace import (
            MachineLearningWorkspace,
            MachineLearningWorkspaceIdentity,
            MachineLearningWorkspaceManagedNetwork,
            MachineLearningWorkspaceServerlessCompute,
        )
        from cdktn_provider_azurerm.machine_learning_workspace_network_outbound_rule_fqdn import (
            MachineLearningWorkspaceNetworkOutboundRuleFqdn,
        )
        from cdktn_provider_azurerm.machine_learning_workspace_network_outbound_rule_private_endpoint import (
            MachineLearningWorkspaceNetworkOutboundRulePrivateEndpoint,
        )
        from cdktn_provider_azurerm.machine_learning_workspace_network_outbound_rule_service_tag import (
            MachineLearningWorkspaceNetworkOutboundRuleServiceTag,
        )
        from cdktn_provider_azurerm.monitor_diagnostic_setting import (
            MonitorDiagnosticSetting,
            MonitorDiagnosticSettingEnabledLog,
            MonitorDiagnosticSettingEnabledMetric,
        )
        from cdktn_provider_azurerm.nat_gateway import NatGateway
        from cdktn_provider_azurerm.nat_gateway_public_ip_association import NatGatewayPublicIpAssociation
        from cdktn_provider_azurerm.network_security_group import NetworkSecurityGroup, NetworkSecurityGroupSecurityRule
        from cdktn_provider_azurerm.private_dns_resolver import PrivateDnsResolver
        from cdktn_provider_azurerm.private_dns_resolver_inbound_endpoint import (
            PrivateDnsResolverInboundEndpoint,
            PrivateDnsResolverInboundEndpointIpConfigurations,
        )
        from cdktn_provider_azurerm.private_dns_zone import PrivateDnsZone
        from cdktn_provider_azurerm.private_dns_zone_virtual_network_link import PrivateDnsZoneVirtualNetworkLink
        from cdktn_provider_azurerm.private_endpoint import (
            PrivateEndpoint,
            PrivateEndpointPrivateDnsZoneGroup,
            PrivateEndpointPrivateServiceConnection,
        )
        from cdktn_provider_azurerm.provider import (
            AzurermProvider,
            AzurermProviderFeatures,
            AzurermProviderFeaturesKeyVault,
            AzurermProviderFeaturesMachineLearning,
            AzurermProviderFeaturesStorage,
        )
        from cdktn_provider_azurerm.public_ip import PublicIp
        from cdktn_provider_azurerm.resource_group import ResourceGroup
        from cdktn_provider_azurerm.resource_group_template_deployment import ResourceGroupTemplateDeployment
        from cdktn_provider_azurerm.role_assignment import RoleAssignment
        from cdktn_provider_azurerm.route import Route
        from cdktn_provider_azurerm.route_table import RouteTable, RouteTableRoute
        from cdktn_provider_azurerm.storage_account import (
            StorageAccount,
            StorageAccountBlobProperties,
            StorageAccountBlobPropertiesContainerDeleteRetentionPolicy,
            StorageAccountBlobPropertiesDeleteRetentionPolicy,
            StorageAccountNetworkRules,
            StorageAccountNetworkRulesPrivateLinkAccess,
            StorageAccountSasPolicy,
        )
        from cdktn_provider_azurerm.subnet import Subnet, SubnetDelegation, SubnetDelegationServiceDelegation
        from cdktn_provider_azurerm.subnet_nat_gateway_association import SubnetNatGatewayAssociation
        from cdktn_provider_azurerm.subnet_network_security_group_association import SubnetNetworkSecurityGroupAssociation
        from cdktn_provider_azurerm.subnet_route_table_association import SubnetRouteTableAssociation
        from cdktn_provider_azurerm.subnet_service_endpoint_storage_policy import (
            SubnetServiceEndpointStoragePolicy,
            SubnetServiceEndpointStoragePolicyDefinition,
        )
        from cdktn_provider_azurerm.user_assigned_identity import UserAssignedIdentity
        from cdktn_provider_azurerm.virtual_network import VirtualNetwork
        from cdktn_provider_azurerm.virtual_network_dns_servers import VirtualNetworkDnsServers
        from cdktn_provider_azurerm.virtual_network_peering import VirtualNetworkPeering
    else:
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
else:
    App = _core.App
    AzurermBackend = _core.AzurermBackend
    Fn = _core.Fn
    LocalBackend = _core.LocalBackend
    TerraformIterator = _core.TerraformIterator
    TerraformLocal = _core.TerraformLocal
    TerraformOutput = _core.TerraformOutput
    TerraformStack = _core.TerraformStack
    TerraformVariable = _core.TerraformVariable
    Testing = _core.Testing
    Token = _core.Token

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


def _import_azurerm(submodule: str) -> types.ModuleType:
    """`<bindings package>.<submodule>`; for cdktf's bindings without executing the package's own `__init__`."""
    package = CDK.provider_package
    if CDK.name == "cdktf":
        with lazy_package.LOCK:
            if _LAZY and package not in sys.modules:
                sys.modules[package] = lazy_package.package_shell(package, CDK.provider_assembly)
    return importlib.import_module(f"{package}.{submodule}")
