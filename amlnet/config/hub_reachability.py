"""Where the stack's VNets resolve names and send 0.0.0.0/0, and whether they can get there (issue 19, items 3, 5, 14).

Azure DNS semantics these rules encode (Learn, "Name resolution for resources in Azure virtual networks",
https://learn.microsoft.com/azure/virtual-network/virtual-networks-name-resolution-for-vms-and-role-instances,
"Name resolution that uses your own DNS server"): a VNet whose DNS servers are custom sends every query to those
servers, and a server that forwards to Azure DNS (168.63.129.16; a firewall DNS proxy, a Private Resolver) resolves
*in its own VNet*. A private DNS zone answers only the VNets linked to it, so a zone the stack creates and links
only to the spoke is invisible to a hub DNS server: storage, key vault, registry and the AKS API server resolve to
their public names (or NXDOMAIN) and the first job or node bootstrap fails. Peering is not transitive (Learn,
"Virtual network peering"), so a VNet the stack creates reaches a hub firewall or DNS server only when it is
peered with the hub itself.

Pure functions over the configuration; each rule raises one ValueError naming the fields and values.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from ..catalog import ZONE_KEYS

if TYPE_CHECKING:
    from .model import AmlNetConfig


def stack_ranges(cfg: AmlNetConfig) -> list[ipaddress.IPv4Network]:
    """The address ranges of every VNet the configuration describes (workspace VNet, compute VNet)."""
    spaces = list(cfg.network.address_space)
    if any(k in cfg.stacks for k in ("peered-compute", "private-endpoint-compute")) and cfg.compute_network is not None:
        spaces += list(cfg.compute_network.address_space)
    return [ipaddress.ip_network(s, strict=False) for s in spaces]  # type: ignore[misc]


def outside(cfg: AmlNetConfig, address: str) -> bool:
    """True when `address` lies in none of the stack's VNets (a hub's address)."""
    ip = ipaddress.ip_address(address)
    return not any(ip in net for net in stack_ranges(cfg))


def external_dns_servers(cfg: AmlNetConfig) -> tuple[str, ...]:
    """`dns.servers` that live outside the stack's VNets (not the stack's own resolver)."""
    if cfg.dns.resolver is not None:
        return ()
    return tuple(s for s in cfg.dns.servers if outside(cfg, s))


def hub_firewall_ip(cfg: AmlNetConfig) -> str | None:
    """The hub firewall's address when routes go to a firewall the stack does not create, outside its VNets."""
    ex = cfg.egress.firewall.existing
    if cfg.egress.mode == "firewall" and ex is not None and outside(cfg, ex.private_ip):
        return ex.private_ip
    return None


def created_zone_keys(cfg: AmlNetConfig) -> tuple[str, ...]:
    """Private-link zones the stack creates (not given by `dns.existing_zone_ids`)."""
    return tuple(k for k in ZONE_KEYS if k not in cfg.dns.existing_zone_ids)


def created_vnets(cfg: AmlNetConfig) -> tuple[str, ...]:
    """The configuration keys of the VNets the stack creates."""
    out = []
    if cfg.network.existing_vnet_id is None:
        out.append("network")
    if (any(k in cfg.stacks for k in ("peered-compute", "private-endpoint-compute")) and cfg.compute_network is not None
            and cfg.compute_network.existing_vnet_id is None):
        out.append("compute_network")
    return tuple(out)


def check_hub_reachability(cfg: AmlNetConfig) -> None:
    """Refuse a stack whose names resolve, or whose default route leads, where nothing of it is linked or peered."""
    if cfg.isolation == "managed":
        return
    servers = external_dns_servers(cfg)
    hub_vnet = cfg.hub.vnet_id if cfg.hub is not None else None
    zones = created_zone_keys(cfg)
    if servers and zones and hub_vnet is None:
        raise ValueError(
            f"dns.servers: {list(servers)} lie outside the stack's VNets, so the VNets resolve names where that server lives; "
            f"the zones the stack creates ({', '.join(zones)}) would be linked only to the spoke and never answer there. "
            "Set hub.vnet_id (the DNS server's VNet: every zone the stack creates is also linked to it), or give every zone "
            "in dns.existing_zone_ids (zones the hub already links)"
        )
    fw = hub_firewall_ip(cfg)
    vnets = created_vnets(cfg)
    if vnets and hub_vnet is None and (fw or servers):
        what = f"egress.firewall.existing.private_ip {fw!r}" if fw else f"dns.servers {list(servers)}"
        raise ValueError(
            f"{what} is outside the stack's VNets, but the stack creates {' and '.join(vnets)} and peers it with nothing that "
            "reaches it (peering is not transitive): its 0.0.0.0/0 route or DNS would lead nowhere. Set hub.vnet_id "
            "(the stack peers every VNet it creates with the hub), or reuse VNets the landing zone peers (existing_vnet_id)"
        )
    _check_aks_api_zone(cfg, servers)


def _check_aks_api_zone(cfg: AmlNetConfig, servers: tuple[str, ...]) -> None:
    """Item 3: an AKS-managed ("System") API-server zone in a VNet with custom DNS."""
    if "aks-inference" not in cfg.stacks or not (servers or cfg.dns.servers):
        return
    inf = cfg.inference
    if inf.network_contributor_scope == "subnet" and inf.private_dns_zone_id is None:
        raise ValueError(
            f"inference.network_contributor_scope: 'subnet' makes AKS create and link the API server's zone itself (System), "
            f"but dns.servers is {list(cfg.dns.servers)}: AKS then links the zone to the VNet, which needs Network Contributor "
            "on the VNet, and a custom DNS server resolves the API server only if the zone is linked where it lives "
            "(Learn, AKS private clusters, \"Hub and spoke with custom DNS\"). Use network_contributor_scope: resource-group "
            "(amlnet creates the zone and links it), or set inference.private_dns_zone_id to a zone the hub links"
        )
