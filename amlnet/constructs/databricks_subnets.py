"""DatabricksSubnets: the host and container subnets an Azure Databricks workspace is injected into."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from ..addressing import ipv4_network
from ..config.attach import DATABRICKS_MAX_PREFIX
from ..providers import (
    Construct,
    NetworkSecurityGroup,
    Subnet,
    SubnetDelegation,
    SubnetDelegationServiceDelegation,
    SubnetNetworkSecurityGroupAssociation,
)
from ._checks import Overrides, check_cidr, check_literals, check_name, check_overrides, check_tags, fail

DATABRICKS_DELEGATION = "Microsoft.Databricks/workspaces"
"""Learn, "Deploy Azure Databricks in your Azure virtual network (VNet injection)", VNet configuration: both
subnets delegated to `Microsoft.Databricks/workspaces`, each with a network security group, dedicated to the
workspace (no other Azure resources) (https://learn.microsoft.com/azure/databricks/security/network/classic/vnet-inject)."""
DATABRICKS_ACTIONS = (
    "Microsoft.Network/virtualNetworks/subnets/join/action",
    "Microsoft.Network/virtualNetworks/subnets/prepareNetworkPolicies/action",
    "Microsoft.Network/virtualNetworks/subnets/unprepareNetworkPolicies/action",
)
"""The actions Azure grants the delegation (what it reports for Microsoft.Databricks/workspaces; listed so
Terraform does not see a difference after apply)."""


@dataclass(frozen=True)
class DatabricksSubnetsProps:
    """Props of `DatabricksSubnets`. Both subnets are new, /26 or larger, in the same VNet, not overlapping."""

    host_name: str
    """Name of the host subnet (Databricks' "public" subnet; Azure: 1-80 letters, digits, underscores, periods, hyphens)."""
    host_cidr: str
    """IPv4 CIDR of the host subnet, /26 or larger."""
    container_name: str
    """Name of the container subnet (Databricks' "private" subnet)."""
    container_cidr: str
    """IPv4 CIDR of the container subnet, /26 or larger, not overlapping the host subnet."""
    location: str
    """Region of the NSGs (the VNet's region; Databricks needs the workspace in the same region)."""
    resource_group_name: str
    """Resource group of the NSGs."""
    vnet_name: str
    """The VNet the subnets are in (a token of `WorkspaceNetwork.vnet_name` or a literal name)."""
    vnet_resource_group_name: str
    """The VNet's resource group."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Tags of the NSGs (Azure: at most 50; keys up to 128 characters without <>%&\\?/)."""
    resource_names: Mapping[str, str] = field(default_factory=dict)
    """Name overrides by resource: `host-nsg`, `container-nsg` (defaults `nsg-<subnet name>`)."""
    resource_tags: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Extra tags by resource (`host-nsg`, `container-nsg`), on top of `tags`."""

    NAMED: ClassVar[Mapping[str, str]] = {"host-nsg": "network_security_group", "container-nsg": "network_security_group"}

    def __post_init__(self) -> None:
        check_literals(self)
        for f in ("host", "container"):
            check_name(self, f"{f}_name", "subnet", getattr(self, f"{f}_name"))
            check_cidr(self, f"{f}_cidr", getattr(self, f"{f}_cidr"), max_prefix=DATABRICKS_MAX_PREFIX,
                       what="an Azure Databricks subnet (Learn: VNet injection, /26 or larger)")
        check_name(self, "vnet_name", "virtual_network", self.vnet_name)
        check_name(self, "resource_group_name", "resource_group", self.resource_group_name)
        check_name(self, "vnet_resource_group_name", "resource_group", self.vnet_resource_group_name)
        if self.host_name.lower() == self.container_name.lower():
            fail(self, "container_name", f"{self.container_name!r} is also the host subnet's name; Databricks needs two subnets")
        if ipv4_network(self.host_cidr).overlaps(ipv4_network(self.container_cidr)):
            fail(self, "container_cidr", f"{self.container_cidr} overlaps host_cidr {self.host_cidr}")
        check_tags(self, "tags", self.tags)
        check_overrides(self, self.NAMED, self.resource_names, self.resource_tags)


class DatabricksSubnets(Construct):
    """The two delegated subnets of an injected Azure Databricks workspace, each with its NSG (seed 003,
    "Azure Databricks"). amlnet does not create the Databricks workspace: pass the attributes to your
    `azurerm_databricks_workspace`'s `custom_parameters` (`virtual_network_id`, `public_subnet_name`,
    `private_subnet_name`, `public_subnet_network_security_group_association_id`,
    `private_subnet_network_security_group_association_id`).

    The NSGs carry no rules of their own: by the delegation, Databricks adds and owns the rules it needs
    (Learn, VNet injection, network security group rules); Terraform does not manage `security_rule`
    (azurerm network_security_group_resource.go: `security_rule` is Optional + Computed, so when it is left
    unset the provider reads back whatever rules exist and plans no change to them).

    Example::

        dbw = DatabricksSubnets(stack, "databricks", DatabricksSubnetsProps(
            host_name="snet-dbw-host", host_cidr="10.20.6.0/26",
            container_name="snet-dbw-container", container_cidr="10.20.6.64/26",
            location="eastus2", resource_group_name="rg-ml", vnet_name=net.vnet_name,
            vnet_resource_group_name=net.vnet_resource_group_name))
        dbw.host_nsg_association_id
    """

    def __init__(self, scope: Construct, id: str, props: DatabricksSubnetsProps) -> None:
        super().__init__(scope, id)
        self._props = props
        names = Overrides(props.resource_names, props.tags, props.resource_tags)
        made: dict[str, tuple[Subnet, NetworkSecurityGroup, SubnetNetworkSecurityGroupAssociation]] = {}
        for role, name, cidr in (("host", props.host_name, props.host_cidr), ("container", props.container_name, props.container_cidr)):
            subnet = Subnet(
                self, f"{role}-subnet", name=name, resource_group_name=props.vnet_resource_group_name,
                virtual_network_name=props.vnet_name, address_prefixes=[cidr], default_outbound_access_enabled=False,
                delegation=[SubnetDelegation(name="databricks", service_delegation=SubnetDelegationServiceDelegation(
                    name=DATABRICKS_DELEGATION, actions=list(DATABRICKS_ACTIONS)))],
            )
            nsg = NetworkSecurityGroup(
                self, f"{role}-nsg", name=names.name(f"{role}-nsg", f"nsg-{name}"), location=props.location,
                resource_group_name=props.resource_group_name, tags=names.tags(f"{role}-nsg"),
            )
            assoc = SubnetNetworkSecurityGroupAssociation(
                self, f"{role}-nsg-association", subnet_id=subnet.id, network_security_group_id=nsg.id)
            made[role] = (subnet, nsg, assoc)
        self._host, self._host_nsg, self._host_assoc = made["host"]
        self._container, self._container_nsg, self._container_assoc = made["container"]

    @property
    def props(self) -> DatabricksSubnetsProps:
        return self._props

    @property
    def host_subnet(self) -> Subnet:
        return self._host

    @property
    def container_subnet(self) -> Subnet:
        return self._container

    @property
    def host_subnet_id(self) -> str:
        return self._host.id

    @property
    def container_subnet_id(self) -> str:
        return self._container.id

    @property
    def host_nsg(self) -> NetworkSecurityGroup:
        return self._host_nsg

    @property
    def container_nsg(self) -> NetworkSecurityGroup:
        return self._container_nsg

    @property
    def host_nsg_association_id(self) -> str:
        """`custom_parameters.public_subnet_network_security_group_association_id`."""
        return self._host_assoc.id

    @property
    def container_nsg_association_id(self) -> str:
        """`custom_parameters.private_subnet_network_security_group_association_id`."""
        return self._container_assoc.id
