"""The one place amlnet imports CDKTF and the prebuilt azurerm provider bindings.

CDKTF was archived upstream on 2025-12-10; cdktf 0.21.0 and cdktf-cdktf-provider-azurerm 14.23.1
(azurerm 4.55.0) are its final releases. A move to the maintained fork (CDK Terrain, `cdktn`)
changes the imports in this file only.

Nested blocks are always built from the generated struct classes (e.g. `NetworkSecurityGroupSecurityRule`):
plain dicts reach the provider untranslated and their snake_case keys synthesize as null.
"""

from __future__ import annotations

import os

# jsii prints a Node end-of-life banner on every process start; the variable that silences it
# takes the Node major version (the documented JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION is
# set too, for older jsii releases).
os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20")
os.environ.setdefault("CHECKPOINT_DISABLE", "1")

from cdktf import (  # noqa: E402
    App,
    AzurermBackend,
    Fn,
    LocalBackend,
    TerraformIterator,
    TerraformLocal,
    TerraformOutput,
    TerraformStack,
    Testing,
    Token,
)
from constructs import Construct  # noqa: E402

from cdktf_cdktf_provider_azurerm.application_insights import ApplicationInsights  # noqa: E402
from cdktf_cdktf_provider_azurerm.container_registry import ContainerRegistry  # noqa: E402
from cdktf_cdktf_provider_azurerm.data_azurerm_client_config import DataAzurermClientConfig  # noqa: E402
from cdktf_cdktf_provider_azurerm.data_azurerm_network_service_tags import DataAzurermNetworkServiceTags  # noqa: E402
from cdktf_cdktf_provider_azurerm.data_azurerm_subnet import DataAzurermSubnet  # noqa: E402
from cdktf_cdktf_provider_azurerm.data_azurerm_virtual_network import DataAzurermVirtualNetwork  # noqa: E402
from cdktf_cdktf_provider_azurerm.firewall import Firewall, FirewallIpConfiguration  # noqa: E402
from cdktf_cdktf_provider_azurerm.firewall_policy import (  # noqa: E402
    FirewallPolicy,
    FirewallPolicyDns,
    FirewallPolicyIntrusionDetection,
)
from cdktf_cdktf_provider_azurerm.firewall_policy_rule_collection_group import (  # noqa: E402
    FirewallPolicyRuleCollectionGroup,
    FirewallPolicyRuleCollectionGroupApplicationRuleCollection,
    FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRule,
    FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRuleProtocols,
    FirewallPolicyRuleCollectionGroupNetworkRuleCollection,
    FirewallPolicyRuleCollectionGroupNetworkRuleCollectionRule,
)
from cdktf_cdktf_provider_azurerm.key_vault import KeyVault, KeyVaultNetworkAcls  # noqa: E402
from cdktf_cdktf_provider_azurerm.kubernetes_cluster import (  # noqa: E402
    KubernetesCluster,
    KubernetesClusterDefaultNodePool,
    KubernetesClusterIdentity,
    KubernetesClusterNetworkProfile,
)
from cdktf_cdktf_provider_azurerm.kubernetes_cluster_extension import KubernetesClusterExtension  # noqa: E402
from cdktf_cdktf_provider_azurerm.resource_group_template_deployment import ResourceGroupTemplateDeployment  # noqa: E402
from cdktf_cdktf_provider_azurerm.user_assigned_identity import UserAssignedIdentity  # noqa: E402
from cdktf_cdktf_provider_azurerm.log_analytics_workspace import LogAnalyticsWorkspace  # noqa: E402
from cdktf_cdktf_provider_azurerm.machine_learning_compute_cluster import (  # noqa: E402
    MachineLearningComputeCluster,
    MachineLearningComputeClusterIdentity,
    MachineLearningComputeClusterScaleSettings,
)
from cdktf_cdktf_provider_azurerm.machine_learning_compute_instance import (  # noqa: E402
    MachineLearningComputeInstance,
    MachineLearningComputeInstanceIdentity,
)
from cdktf_cdktf_provider_azurerm.machine_learning_workspace import (  # noqa: E402
    MachineLearningWorkspace,
    MachineLearningWorkspaceIdentity,
    MachineLearningWorkspaceServerlessCompute,
)
from cdktf_cdktf_provider_azurerm.monitor_diagnostic_setting import (  # noqa: E402
    MonitorDiagnosticSetting,
    MonitorDiagnosticSettingEnabledLog,
)
from cdktf_cdktf_provider_azurerm.nat_gateway import NatGateway  # noqa: E402
from cdktf_cdktf_provider_azurerm.nat_gateway_public_ip_association import NatGatewayPublicIpAssociation  # noqa: E402
from cdktf_cdktf_provider_azurerm.network_security_group import (  # noqa: E402
    NetworkSecurityGroup,
    NetworkSecurityGroupSecurityRule,
)
from cdktf_cdktf_provider_azurerm.private_dns_zone import PrivateDnsZone  # noqa: E402
from cdktf_cdktf_provider_azurerm.private_dns_zone_virtual_network_link import PrivateDnsZoneVirtualNetworkLink  # noqa: E402
from cdktf_cdktf_provider_azurerm.private_endpoint import (  # noqa: E402
    PrivateEndpoint,
    PrivateEndpointPrivateDnsZoneGroup,
    PrivateEndpointPrivateServiceConnection,
)
from cdktf_cdktf_provider_azurerm.provider import (  # noqa: E402
    AzurermProvider,
    AzurermProviderFeatures,
    AzurermProviderFeaturesKeyVault,
    AzurermProviderFeaturesMachineLearning,
    AzurermProviderFeaturesStorage,
)
from cdktf_cdktf_provider_azurerm.public_ip import PublicIp  # noqa: E402
from cdktf_cdktf_provider_azurerm.resource_group import ResourceGroup  # noqa: E402
from cdktf_cdktf_provider_azurerm.role_assignment import RoleAssignment  # noqa: E402
from cdktf_cdktf_provider_azurerm.route import Route  # noqa: E402
from cdktf_cdktf_provider_azurerm.route_table import RouteTable, RouteTableRoute  # noqa: E402
from cdktf_cdktf_provider_azurerm.storage_account import (  # noqa: E402
    StorageAccount,
    StorageAccountBlobProperties,
    StorageAccountBlobPropertiesContainerDeleteRetentionPolicy,
    StorageAccountBlobPropertiesDeleteRetentionPolicy,
    StorageAccountNetworkRules,
    StorageAccountNetworkRulesPrivateLinkAccess,
    StorageAccountSasPolicy,
)
from cdktf_cdktf_provider_azurerm.subnet import Subnet  # noqa: E402
from cdktf_cdktf_provider_azurerm.subnet_nat_gateway_association import SubnetNatGatewayAssociation  # noqa: E402
from cdktf_cdktf_provider_azurerm.subnet_network_security_group_association import (  # noqa: E402
    SubnetNetworkSecurityGroupAssociation,
)
from cdktf_cdktf_provider_azurerm.subnet_route_table_association import SubnetRouteTableAssociation  # noqa: E402
from cdktf_cdktf_provider_azurerm.virtual_network import VirtualNetwork  # noqa: E402
from cdktf_cdktf_provider_azurerm.virtual_network_dns_servers import VirtualNetworkDnsServers  # noqa: E402
from cdktf_cdktf_provider_azurerm.virtual_network_peering import VirtualNetworkPeering  # noqa: E402

__all__ = [name for name in dir() if name[:1].isupper()]
