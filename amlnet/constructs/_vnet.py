"""A VNet that a construct creates, reuses by resource ID, or looks up by name: the one shape that
`WorkspaceNetwork` and `PeeredComputeNetwork` share. Construct ids `vnet` and `vnet-lookup` are
Terraform addresses: keep them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..providers import Construct, DataAzurermVirtualNetwork, VirtualNetwork
from ._checks import check_resource_id, fail


class VnetProps(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def location(self) -> str: ...
    @property
    def resource_group_name(self) -> str: ...
    @property
    def address_space(self) -> Sequence[str]: ...
    @property
    def existing_vnet_id(self) -> str | None: ...
    @property
    def existing_vnet_name(self) -> str | None: ...
    @property
    def existing_vnet_resource_group_name(self) -> str | None: ...


@dataclass(frozen=True)
class VnetRef:
    vnet: VirtualNetwork | None
    """The VNet, when the construct creates it."""
    lookup: DataAzurermVirtualNetwork | None
    """The data source, when the VNet is reused by name."""
    id: str
    name: str
    """The VNet's name (a reference when created here)."""
    resource_group_name: str
    label: str
    """The VNet's name as a literal, for naming what belongs to it."""


def vnet_of(scope: Construct, props: VnetProps, tags: Mapping[str, str] | None) -> VnetRef:
    """Look up `existing_vnet_name`, reuse `existing_vnet_id`, or create the VNet in `scope`."""
    if props.existing_vnet_name:
        rg = str(props.existing_vnet_resource_group_name)
        lookup = DataAzurermVirtualNetwork(scope, "vnet-lookup", name=props.existing_vnet_name, resource_group_name=rg)
        return VnetRef(None, lookup, lookup.id, props.existing_vnet_name, rg, props.existing_vnet_name)
    if props.existing_vnet_id:
        parts = check_resource_id(props, "existing_vnet_id", props.existing_vnet_id, "Microsoft.Network/virtualNetworks")
        if parts is None:
            fail(props, "existing_vnet_id", "a literal resource ID is needed (the VNet's name and resource group come from it)")
        name = str(parts["name"])
        return VnetRef(None, None, props.existing_vnet_id, name, str(parts["resource_group"]), name)
    vnet = VirtualNetwork(
        scope, "vnet", name=props.name, location=props.location, resource_group_name=props.resource_group_name,
        address_space=list(props.address_space), tags=dict(tags) if tags else None,
    )
    return VnetRef(vnet, None, vnet.id, vnet.name, props.resource_group_name, props.name)
