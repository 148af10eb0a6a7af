"""The virtual networks: the workspace VNet with its subnets, and the second (compute) VNet of the
peered-compute and private-endpoint-compute stacks.

Example::

    NetworkConfig(address_space=("10.30.0.0/16",), compute_subnet=SubnetConfig(name="snet-c", cidr="10.30.0.0/24"), ...)
"""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator, model_validator

from .base import StrictModel
from .compute import ClusterConfig
from .fields import AddressSpace, Cidr, FirewallSubnetCidr, RegionName, SubnetId, SubnetName, VnetId, VnetName, check_cidr


class SubnetConfig(StrictModel):
    """A subnet the stack creates (`cidr`) or reuses (`existing_id`).

    With `existing_id`, also give `cidr` (the subnet's range) so NSG and firewall rules can name it
    precisely; without it they fall back to the `VirtualNetwork` tag or the VNet's address space."""

    name: SubnetName
    """Subnet name (Azure: 1-80 letters, digits, underscores, periods, hyphens)."""
    cidr: Cidr | None = None
    """The subnet's IPv4 range; inside the VNet's address_space, overlapping no other subnet."""
    existing_id: SubnetId | None = None
    """Reuse this subnet (a resource ID of the VNet in existing_vnet_id) instead of creating it."""

    @field_validator("cidr")
    @classmethod
    def _cidr(cls, v: str | None) -> str | None:
        return None if v is None else check_cidr(v)

    @model_validator(mode="after")
    def _one_of(self) -> SubnetConfig:
        if self.cidr is None and self.existing_id is None:
            raise ValueError("give cidr (create the subnet) or existing_id (reuse it)")
        return self


class NetworkConfig(StrictModel):
    """The workload virtual network. Defaults: a new VNet 10.20.0.0/16 with three subnets."""

    vnet_name: VnetName | None = None
    """Defaults to `vnet-<prefix>`."""
    existing_vnet_id: VnetId | None = None
    """Reuse this VNet instead of creating one; `address_space` must then list its ranges."""
    address_space: AddressSpace = ("10.20.0.0/16",)
    """The VNet's IPv4 ranges; every subnet lies inside them."""
    compute_subnet: SubnetConfig = SubnetConfig(name="snet-aml-compute", cidr="10.20.0.0/24")
    private_endpoint_subnet: SubnetConfig = SubnetConfig(name="snet-aml-private-endpoints", cidr="10.20.1.0/24")
    firewall_subnet_cidr: FirewallSubnetCidr | None = "10.20.2.0/26"
    """AzureFirewallSubnet; only used when the stack creates the firewall."""


class ComputeNetworkConfig(StrictModel):
    """The second VNet of the `peered-compute` and `private-endpoint-compute` stacks (seed 003:
    compute cluster in a different VNet or region)."""

    region: RegionName | None = None
    """Defaults to the workspace's region. Seed 003 recommends the same region (latency, transfer cost)."""
    vnet_name: VnetName | None = None
    """Defaults to `vnet-<prefix>-compute`."""
    existing_vnet_id: VnetId | None = None
    """Reuse this VNet instead of creating one; `address_space` must then list its ranges."""
    address_space: AddressSpace = ("10.21.0.0/16",)
    """Its IPv4 ranges; must not overlap network.address_space."""
    compute_subnet: SubnetConfig = SubnetConfig(name="snet-aml-compute", cidr="10.21.0.0/24")
    private_endpoint_subnet: SubnetConfig = SubnetConfig(name="snet-aml-private-endpoints", cidr="10.21.1.0/24")
    """private-endpoint-compute only: holds the second workspace endpoint and the storage, vault, registry endpoints."""
    firewall_subnet_cidr: FirewallSubnetCidr | None = "10.21.2.0/26"
    """private-endpoint-compute with egress 'firewall': that VNet's own AzureFirewallSubnet (no peering to reach the other)."""
    egress_mode: Literal["firewall", "nat-gateway", "none"] | None = None
    """Defaults to egress.mode. peered-compute routes to the workspace VNet's firewall over the peering."""
    cluster: ClusterConfig = ClusterConfig()
    """The compute cluster in that VNet."""
    instance: bool = False
    """Always false: seed 003 says a compute instance cannot be created in another region or VNet."""
