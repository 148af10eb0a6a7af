"""Where a compute VNet's routes and DNS servers lead, and whether it can get there (issue 19, items 5 and 14).

Azure semantics encoded here (Learn, "Virtual network peering": peering is not transitive; "Name resolution for
resources in Azure virtual networks", "Name resolution that uses your own DNS server": a VNet with custom DNS
servers resolves where those servers live):

- `server_vnet`: the VNet a DNS server address lives in: a VNet of this stack whose ranges hold it, else the hub
  VNet the stack declares (`hub_vnet_id` metadata), else unknown.
- `reachable`: an address (a route's next hop, a DNS server) is reachable from a VNet when it lies in that VNet,
  in a VNet peered with it in this stack, or behind a peering to a VNet this stack does not create (the declared
  hub). A VNet this stack does not create is the landing zone's: its peerings are not in the document, and the
  answer is "assumed" (a note), not a violation.

Example::

    reachability_findings(doc, sv)   # [("next hop 10.0.0.4 from vnet-ml", True, "peered with vnet:vnet-hub ...")]
"""

from __future__ import annotations

import ipaddress

from .document import Document, as_list
from .views import SubnetView, _vnet_prefixes, peers


def _holds(prefixes: tuple[str, ...], address: str) -> bool:
    ip = ipaddress.ip_address(address)
    for p in prefixes:
        try:
            if ip in ipaddress.ip_network(p, strict=False):
                return True
        except ValueError:
            continue
    return False


def stack_vnets(doc: Document) -> list[str]:
    """Every VNet key of the document: created (`azurerm_virtual_network.x`) and reused (`vnet:<name>`, via their subnets)."""
    keys = [f"azurerm_virtual_network.{n}" for n in doc.all("azurerm_virtual_network")]
    for s in doc.all("azurerm_subnet").values():
        k = doc.vnet_key(s.get("virtual_network_name"))
        if k and k not in keys:
            keys.append(k)
    return keys


def server_vnet(doc: Document, address: str) -> str | None:
    """The VNet a DNS server lives in (module docstring), or None when nothing says."""
    for key in stack_vnets(doc):
        if _holds(_vnet_prefixes(doc, key), address):
            return key
    hub = doc.meta.get("hub_vnet_id")
    return doc.vnet_key(hub) if hub else None


def reachable(doc: Document, vnet: str | None, address: str) -> tuple[bool, str]:
    """(reachable, how) for an address from a VNet (module docstring)."""
    if not vnet:
        return True, "VNet unknown: not checked"
    if _holds(_vnet_prefixes(doc, vnet), address):
        return True, f"inside {vnet}"
    remotes = peers(doc, vnet)
    for r in remotes:
        if r.startswith("azurerm_virtual_network.") and _holds(_vnet_prefixes(doc, r), address):
            return True, f"in {r}, peered with {vnet}"
    outside = [r for r in remotes if not r.startswith("azurerm_virtual_network.")]
    if outside:
        return True, f"peered with {outside[0]}, a VNet this stack does not create (the declared hub)"
    if not vnet.startswith("azurerm_virtual_network."):
        return True, f"{vnet} is the landing zone's VNet: its peerings are the landing zone's (assumed)"
    return False, f"{address} is in no VNet of this stack and {vnet} is peered with nothing that holds it (peering is not transitive)"


def reachability_findings(doc: Document, sv: SubnetView, dns_servers: list[str]) -> list[tuple[str, bool, str]]:
    """(what, reachable, how) for every literal route next hop and DNS server of the compute subnet's VNet."""
    out: list[tuple[str, bool, str]] = []
    hops = dict.fromkeys(r.next_hop_ip for r in sv.routes if r.next_hop_type == "VirtualAppliance" and r.next_hop_ip
                         and "${" not in r.next_hop_ip)
    for ip in hops:
        ok, how = reachable(doc, sv.vnet, str(ip))
        out.append((f"route next hop {ip} reachable from the compute VNet", ok, how))
    for server in dns_servers:
        ok, how = reachable(doc, sv.vnet, server)
        out.append((f"DNS server {server} reachable from the compute VNet", ok, how))
    return out


def literal_servers(values: object) -> list[str]:
    return [str(x) for x in as_list(values) if "${" not in str(x)]
