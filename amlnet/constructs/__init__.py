"""CDKTF constructs: one per file, typed frozen props, resources and IDs exposed as attributes.

This package is `amlnet.constructs`, not a top-level `constructs` folder, which would shadow the
`constructs` package that cdktf imports.
"""

from ._checks import PropsError
from .attached_compute_subnet import AttachedComputeSubnet, AttachedComputeSubnetProps
from .compute_subnet import ComputeSubnet, ComputeSubnetProps, PrefixRoute
from .databricks_subnets import DatabricksSubnets, DatabricksSubnetsProps
from .dns_resolver import DnsResolver, DnsResolverProps
from .egress_firewall import EgressFirewall, EgressFirewallProps
from .hub_peering import HubPeering, HubPeeringProps
from .inference_cluster import InferenceCluster, InferenceClusterProps
from .managed_outbound_rules import ManagedOutboundRules, ManagedOutboundRulesProps
from .nat_gateway_egress import NatGatewayEgress, NatGatewayEgressProps
from .peered_compute_network import PeeredComputeNetwork, PeeredComputeNetworkProps
from .private_dns_zones import PrivateDnsZones, PrivateDnsZonesProps, ZoneRef, zones_for_cloud
from .provider_features import DataPlaneProviderError, check_isolated_provider, isolated_network_features
from .secure_workspace import SecureWorkspace, SecureWorkspaceProps
from .serverless_compute import ServerlessCompute, ServerlessComputeProps
from .service_tag_prefixes import ServiceTagLookup, ServiceTagPrefixes, ServiceTagPrefixesProps
from .storage_exfiltration_guard import StorageExfiltrationGuard, StorageExfiltrationGuardProps
from .training_compute import ClusterProps, InstanceProps, TrainingCompute, TrainingComputeProps
from .unique_names import UniqueNames, UniqueNamesProps
from .verify_metadata import record_verify_metadata, verify_metadata
from .workspace_network import WorkspaceNetwork, WorkspaceNetworkProps
from .workspace_private_endpoint import WorkspacePrivateEndpoint, WorkspacePrivateEndpointProps

__all__ = [
    "record_verify_metadata", "verify_metadata",
    "AttachedComputeSubnet", "AttachedComputeSubnetProps", "DatabricksSubnets", "DatabricksSubnetsProps",
    "ClusterProps",
    "DataPlaneProviderError",
    "ComputeSubnet",
    "ComputeSubnetProps",
    "DnsResolver",
    "DnsResolverProps",
    "EgressFirewall",
    "EgressFirewallProps",
    "HubPeering",
    "HubPeeringProps",
    "InferenceCluster",
    "InferenceClusterProps",
    "ManagedOutboundRules",
    "ManagedOutboundRulesProps",
    "InstanceProps",
    "NatGatewayEgress",
    "NatGatewayEgressProps",
    "PeeredComputeNetwork",
    "PrefixRoute",
    "PeeredComputeNetworkProps",
    "PrivateDnsZones",
    "PrivateDnsZonesProps",
    "PropsError",
    "SecureWorkspace",
    "SecureWorkspaceProps",
    "ServerlessCompute",
    "ServerlessComputeProps",
    "ServiceTagLookup",
    "ServiceTagPrefixes",
    "ServiceTagPrefixesProps",
    "StorageExfiltrationGuard",
    "StorageExfiltrationGuardProps",
    "TrainingCompute",
    "TrainingComputeProps",
    "UniqueNames",
    "UniqueNamesProps",
    "WorkspaceNetwork",
    "WorkspaceNetworkProps",
    "WorkspacePrivateEndpoint",
    "WorkspacePrivateEndpointProps",
    "ZoneRef",
    "check_isolated_provider",
    "isolated_network_features",
    "zones_for_cloud",
]
