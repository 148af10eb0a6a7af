"""WorkspaceNetwork: the workload VNet and the subnet that holds the private endpoints."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..providers import Construct, DataAzurermSubnet, DataAzurermVirtualNetwork, Subnet, VirtualNetwork
from ._checks import check_cidr, check_cidrs, check_literals, check_name, check_one_of, check_resource_id, check_tags, fail
from ._vnet import vnet_of


@dataclass(frozen=True)
class WorkspaceNetworkProps:
    """Props of `WorkspaceNetwork`.

    Either the construct creates the VNet (`address_space`) or reuses one, by `existing_vnet_id` or by
    name (`existing_vnet_name`, a data source lookup); the
    private-endpoint subnet is created from `private_endpoint_subnet_cidr` or reused from
    `existing_private_endpoint_subnet_id`.
    """

    name: str
    """Name of the VNet it creates (Azure: 2-64 letters, digits, underscores, periods, hyphens)."""
    location: str
    """Region of the VNet."""
    resource_group_name: str
    """Resource group of the VNet it creates."""
    address_space: tuple[str, ...] = ("10.20.0.0/16",)
    """IPv4 ranges of the VNet it creates (ignored when reusing one)."""
    existing_vnet_id: str | None = None
    """Reuse this VNet (Microsoft.Network/virtualNetworks resource ID)."""
    existing_vnet_name: str | None = None
    """Look the VNet up by name (data source `azurerm_virtual_network`) in `existing_vnet_resource_group_name`."""
    existing_vnet_resource_group_name: str | None = None
    private_endpoint_subnet_name: str = "snet-aml-private-endpoints"
    """Name of the private-endpoint subnet (created, or looked up with `existing_private_endpoint_subnet_lookup`)."""
    private_endpoint_subnet_cidr: str | None = "10.20.1.0/24"
    """IPv4 CIDR of the private-endpoint subnet it creates, inside `address_space`."""
    existing_private_endpoint_subnet_id: str | None = None
    """Reuse this subnet (a .../virtualNetworks/<vnet>/subnets/<name> resource ID)."""
    existing_private_endpoint_subnet_lookup: bool = False
    """Reuse the subnet `private_endpoint_subnet_name` of the VNet, found by a data source lookup (`azurerm_subnet`)."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Tags of the VNet it creates."""

    def __post_init__(self) -> None:
        check_literals(self)
        check_name(self, "name", "virtual_network", self.name)
        check_name(self, "resource_group_name", "resource_group", self.resource_group_name)
        check_one_of(self, {"existing_vnet_id": self.existing_vnet_id, "existing_vnet_name": self.existing_vnet_name}, required=False)
        vnet = check_resource_id(self, "existing_vnet_id", self.existing_vnet_id, "Microsoft.Network/virtualNetworks")
        check_name(self, "existing_vnet_name", "virtual_network", self.existing_vnet_name)
        if self.existing_vnet_name:
            if not self.existing_vnet_resource_group_name:
                fail(self, "existing_vnet_resource_group_name", f"existing_vnet_name {self.existing_vnet_name!r} needs its resource group")
            check_name(self, "existing_vnet_resource_group_name", "resource_group", self.existing_vnet_resource_group_name)
        if not (self.existing_vnet_id or self.existing_vnet_name):
            check_cidrs(self, "address_space", self.address_space)
        check_name(self, "private_endpoint_subnet_name", "subnet", self.private_endpoint_subnet_name)
        check_one_of(self, {"private_endpoint_subnet_cidr": self.private_endpoint_subnet_cidr and not (
            self.existing_private_endpoint_subnet_id or self.existing_private_endpoint_subnet_lookup),
            "existing_private_endpoint_subnet_id": self.existing_private_endpoint_subnet_id,
            "existing_private_endpoint_subnet_lookup": self.existing_private_endpoint_subnet_lookup})
        if self.existing_private_endpoint_subnet_id and self.existing_private_endpoint_subnet_lookup:
            fail(self, "existing_private_endpoint_subnet_lookup", "set existing_private_endpoint_subnet_id or the lookup, not both")
        check_cidr(self, "private_endpoint_subnet_cidr", self.private_endpoint_subnet_cidr)
        sub = check_resource_id(self, "existing_private_endpoint_subnet_id", self.existing_private_endpoint_subnet_id,
                                "Microsoft.Network/virtualNetworks", "subnets")
        if vnet and sub and sub["parent_id"].lower() != vnet["id"].lower():
            fail(self, "existing_private_endpoint_subnet_id", f"the subnet belongs to VNet {sub['parent_id']!r}, not to existing_vnet_id {vnet['id']!r}")
        check_tags(self, "tags", self.tags)


class WorkspaceNetwork(Construct):
    """The virtual network of a secure workspace and its private-endpoint subnet.

    Example::

        net = WorkspaceNetwork(stack, "network", WorkspaceNetworkProps(
            name="vnet-ml", location="eastus2", resource_group_name="rg-ml",
            address_space=("10.20.0.0/16",), private_endpoint_subnet_cidr="10.20.1.0/24"))
        net.private_endpoint_subnet_id
    """

    def __init__(self, scope: Construct, id: str, props: WorkspaceNetworkProps) -> None:
        super().__init__(scope, id)
        self._props = props
        ref = vnet_of(self, props, props.tags)
        self._vnet, self._vnet_lookup = ref.vnet, ref.lookup
        self._vnet_id, self._vnet_name, self._vnet_rg = ref.id, ref.name, ref.resource_group_name

        self._private_endpoint_subnet: Subnet | None = None
        self._private_endpoint_subnet_lookup: DataAzurermSubnet | None = None
        if props.existing_private_endpoint_subnet_id:
            self._pe_subnet_id: str = props.existing_private_endpoint_subnet_id
        elif props.existing_private_endpoint_subnet_lookup:
            self._private_endpoint_subnet_lookup = DataAzurermSubnet(
                self, "private-endpoint-subnet-lookup", name=props.private_endpoint_subnet_name,
                virtual_network_name=self._vnet_name, resource_group_name=self._vnet_rg,
            )
            self._pe_subnet_id = self._private_endpoint_subnet_lookup.id
        else:
            self._private_endpoint_subnet = Subnet(
                self,
                "private-endpoint-subnet",
                name=props.private_endpoint_subnet_name,
                resource_group_name=self._vnet_rg,
                virtual_network_name=self._vnet_name,
                address_prefixes=[str(props.private_endpoint_subnet_cidr)],
                default_outbound_access_enabled=False,
            )
            self._pe_subnet_id = self._private_endpoint_subnet.id

    @property
    def props(self) -> WorkspaceNetworkProps:
        return self._props

    @property
    def vnet(self) -> VirtualNetwork | None:
        """The VNet, when this construct creates it."""
        return self._vnet

    @property
    def vnet_lookup(self) -> DataAzurermVirtualNetwork | None:
        """The data source, when the VNet is reused by name."""
        return self._vnet_lookup

    @property
    def private_endpoint_subnet(self) -> Subnet | None:
        return self._private_endpoint_subnet

    @property
    def private_endpoint_subnet_lookup(self) -> DataAzurermSubnet | None:
        return self._private_endpoint_subnet_lookup

    @property
    def vnet_id(self) -> str:
        return self._vnet_id

    @property
    def vnet_name(self) -> str:
        return self._vnet_name

    @property
    def vnet_resource_group_name(self) -> str:
        return self._vnet_rg

    @property
    def private_endpoint_subnet_id(self) -> str:
        return self._pe_subnet_id
