"""HubPeering: a VNet the stack creates, peered both ways with the hub VNet of a hub-spoke landing zone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..providers import AzurermProvider, Construct, VirtualNetworkPeering
from ._checks import check_literals, check_name, check_resource_id, fail


@dataclass(frozen=True)
class HubPeeringProps:
    """Props of `HubPeering`.

    Peering is not transitive (Learn, "Virtual network peering"): a VNet reaches the hub firewall (its 0.0.0.0/0
    next hop) or the hub's DNS server only through a peering with the hub itself, not through another spoke.
    """

    label: str
    """Names the two peerings (`peer-<label>-to-hub`, `peer-hub-to-<label>`); letters, digits, hyphens."""
    vnet_id: str
    """The spoke VNet the stack creates (`WorkspaceNetwork.vnet_id`, usually a reference)."""
    vnet_name: str
    """Its name (the spoke-side peering is its child)."""
    vnet_resource_group_name: str
    """Its resource group."""
    hub_vnet_id: str
    """The hub VNet's ID (`hub.vnet_id`): a literal ID of a VNet the landing zone owns."""
    hub_provider: AzurermProvider | None = None
    """The provider of the hub's subscription (the hub-side peering is a child of the hub VNet); None: this subscription."""

    def __post_init__(self) -> None:
        check_literals(self)
        check_name(self, "label", "virtual_network_peering", f"peer-{self.label}-to-hub")
        check_resource_id(self, "vnet_id", self.vnet_id, "Microsoft.Network/virtualNetworks")
        parts = check_resource_id(self, "hub_vnet_id", self.hub_vnet_id, "Microsoft.Network/virtualNetworks")
        if parts is None:
            fail(self, "hub_vnet_id", "a reference: the hub VNet is the landing zone's, give its literal resource ID")


class HubPeering(Construct):
    """Spoke-to-hub and hub-to-spoke `azurerm_virtual_network_peering`, forwarded traffic allowed both ways
    (the hub firewall forwards the spoke's egress and its replies).

    Example::

        HubPeering(stack, "hub-peering", HubPeeringProps(
            label="workspace", vnet_id=net.vnet_id, vnet_name=net.vnet_name, vnet_resource_group_name="rg-ml",
            hub_vnet_id="/subscriptions/.../resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"))
    """

    def __init__(self, scope: Construct, id: str, props: HubPeeringProps) -> None:
        super().__init__(scope, id)
        self._props = props
        hub = check_resource_id(props, "hub_vnet_id", props.hub_vnet_id, "Microsoft.Network/virtualNetworks") or {}
        self._to_hub = VirtualNetworkPeering(
            self, "to-hub", name=f"peer-{props.label}-to-hub", resource_group_name=props.vnet_resource_group_name,
            virtual_network_name=props.vnet_name, remote_virtual_network_id=props.hub_vnet_id,
            allow_virtual_network_access=True, allow_forwarded_traffic=True,
        )
        self._from_hub = VirtualNetworkPeering(
            self, "from-hub", name=f"peer-hub-to-{props.label}", resource_group_name=hub["resource_group"],
            virtual_network_name=hub["name"], remote_virtual_network_id=props.vnet_id,
            allow_virtual_network_access=True, allow_forwarded_traffic=True, provider=props.hub_provider,
        )

    @property
    def props(self) -> HubPeeringProps:
        return self._props

    @property
    def to_hub(self) -> VirtualNetworkPeering:
        return self._to_hub

    @property
    def from_hub(self) -> VirtualNetworkPeering:
        return self._from_hub

    @property
    def ready(self) -> list[Any]:
        """Both peerings: compute whose route or DNS is in the hub waits for them."""
        return [self._to_hub, self._from_hub]
