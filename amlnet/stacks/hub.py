"""The spoke's side of a hub-spoke landing zone (issue 19, items 5 and 14): zones the stack creates are linked to
the hub VNet where the hub's DNS server resolves, and VNets the stack creates are peered with the hub that holds
their route's next hop or DNS server. The rules of when: `amlnet.config.hub_reachability`.

Example::

    links = link_created_zones_to_hub(cfg, stack.dns)   # {"blob": <link>, ...} or {}
"""

from __future__ import annotations

from ..config import AmlNetConfig
from ..config.hub_reachability import external_dns_servers, hub_firewall_ip
from ..constructs import HubPeering, HubPeeringProps, PeeredComputeNetwork, PrivateDnsZones, WorkspaceNetwork
from ..providers import AzurermProvider, Construct, PrivateDnsZoneVirtualNetworkLink


def link_created_zones_to_hub(cfg: AmlNetConfig, dns: PrivateDnsZones) -> dict[str, PrivateDnsZoneVirtualNetworkLink]:
    """A DNS server in the hub resolves in the hub VNet: link every zone `dns` creates there too. The link is a
    child of the zone, in this subscription; zones given by ID are the hub's to link."""
    hub = cfg.hub.vnet_id if cfg.hub is not None else None
    if hub is None or not external_dns_servers(cfg):
        return {}
    return {key: dns.add_link(key, "hub", hub) for key in dns.zones}


def peer_with_hub(stack: Construct, cfg: AmlNetConfig, label: str, network: WorkspaceNetwork | PeeredComputeNetwork, *,
                  created: bool, hub_provider: AzurermProvider | None) -> HubPeering | None:
    """Peer a VNet the stack creates with `hub.vnet_id` when its 0.0.0.0/0 next hop or DNS server is in the hub
    (peering is not transitive); None when the VNet is reused (the landing zone peers it) or nothing is in the hub."""
    hub = cfg.hub.vnet_id if cfg.hub is not None else None
    if not created or hub is None or not (hub_firewall_ip(cfg) or external_dns_servers(cfg)):
        return None
    return HubPeering(stack, f"hub-peering-{label}", HubPeeringProps(
        label=label, vnet_id=network.vnet_id, vnet_name=network.vnet_name,
        vnet_resource_group_name=network.vnet_resource_group_name, hub_vnet_id=hub, hub_provider=hub_provider,
    ))
