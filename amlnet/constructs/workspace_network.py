"""WorkspaceNetwork: the workload VNet and the subnet that holds the private endpoints."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..config import parse_resource_id
from ..providers import Construct, DataAzurermVirtualNetwork, Subnet, VirtualNetwork


@dataclass(frozen=True)
class WorkspaceNetworkProps:
    """Props of `WorkspaceNetwork`.

    Either the construct creates the VNet (`address_space`) or reuses one, by `existing_vnet_id` or by
    name (`existing_vnet_name`, a data source lookup); the
    private-endpoint subnet is created from `private_endpoint_subnet_cidr` or reused from
    `existing_private_endpoint_subnet_id`.
    """

    name: str
    location: str
    resource_group_name: str
    address_space: tuple[str, ...] = ("10.20.0.0/16",)
    existing_vnet_id: str | None = None
    existing_vnet_name: str | None = None
    """Look the VNet up by name (data source `azurerm_virtual_network`) in `existing_vnet_resource_group_name`."""
    existing_vnet_resource_group_name: str | None = None
    private_endpoint_subnet_name: str = "snet-aml-private-endpoints"
    private_endpoint_subnet_cidr: str | None = "10.20.1.0/24"
    existing_private_endpoint_subnet_id: str | None = None
    tags: dict[str, str] = field(default_factory=dict)


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
        self.props = props
        self.vnet: VirtualNetwork | None = None
        self.vnet_lookup: DataAzurermVirtualNetwork | None = None
        if props.existing_vnet_name:
            if not props.existing_vnet_resource_group_name:
                raise ValueError("WorkspaceNetworkProps: existing_vnet_name needs existing_vnet_resource_group_name")
            self.vnet_lookup = DataAzurermVirtualNetwork(
                self, "vnet-lookup", name=props.existing_vnet_name, resource_group_name=props.existing_vnet_resource_group_name
            )
            self._vnet_id = self.vnet_lookup.id
            self._vnet_name = props.existing_vnet_name
            self._vnet_rg = props.existing_vnet_resource_group_name
        elif props.existing_vnet_id:
            parts = parse_resource_id(props.existing_vnet_id, "Microsoft.Network/virtualNetworks")
            self._vnet_id = props.existing_vnet_id
            self._vnet_name = parts["name"]
            self._vnet_rg = parts["resource_group"]
        else:
            self.vnet = VirtualNetwork(
                self,
                "vnet",
                name=props.name,
                location=props.location,
                resource_group_name=props.resource_group_name,
                address_space=list(props.address_space),
                tags=props.tags or None,
            )
            self._vnet_id = self.vnet.id
            self._vnet_name = self.vnet.name
            self._vnet_rg = props.resource_group_name

        self.private_endpoint_subnet: Subnet | None = None
        if props.existing_private_endpoint_subnet_id:
            parse_resource_id(props.existing_private_endpoint_subnet_id, "Microsoft.Network/virtualNetworks", "subnets")
            self._pe_subnet_id = props.existing_private_endpoint_subnet_id
        else:
            if not props.private_endpoint_subnet_cidr:
                raise ValueError("WorkspaceNetworkProps: private_endpoint_subnet_cidr or existing_private_endpoint_subnet_id is required")
            self.private_endpoint_subnet = Subnet(
                self,
                "private-endpoint-subnet",
                name=props.private_endpoint_subnet_name,
                resource_group_name=self._vnet_rg,
                virtual_network_name=self._vnet_name,
                address_prefixes=[props.private_endpoint_subnet_cidr],
                default_outbound_access_enabled=False,
            )
            self._pe_subnet_id = self.private_endpoint_subnet.id

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
