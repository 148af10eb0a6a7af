"""Name resolution from a compute VNet: which private DNS zones of the private endpoints it reaches are
linked to it (or answered through the firewall's DNS proxy), its custom DNS servers, and whether the
workspace's and its resources' host names resolve privately.

Example::

    dns_findings(doc, sv, notes)   # [("privatelink.api.azureml.ms", True, "zone linked to the compute VNet"), ...]
"""

from __future__ import annotations

import re

from ..catalog import Cloud, profile
from .document import Document, as_list, first, ref
from .views import SubnetView, firewall_at, peers, vnet_of_subnet


def _links(doc: Document) -> set[tuple[str, str | None]]:
    """(zone key, vnet key) for every link. A link that names its zone literally is matched to this
    stack's zone of that name and resource group, else to a zone ID of that name (a hub's)."""
    zones = {(str(z.get("name", "")).lower(), str(z.get("resource_group_name", ""))): f"azurerm_private_dns_zone.{k}"
             for k, z in doc.all("azurerm_private_dns_zone").items()}
    out: set[tuple[str, str | None]] = set()
    for link in doc.all("azurerm_private_dns_zone_virtual_network_link").values():
        zone = link.get("private_dns_zone_name")
        vnet = doc.vnet_key(link.get("virtual_network_id"))
        r = ref(zone)
        if r:
            out.add((f"{r[0]}.{r[1]}", vnet))
            continue
        rg = str(link.get("resource_group_name", ""))
        own = zones.get((str(zone).lower(), rg))
        out.add((own, vnet) if own else (f"name:{rg.lower()}/{str(zone).lower()}", vnet))
    return out


def _zone_identity(doc: Document, zone_id_value: object) -> str:
    r = ref(zone_id_value)
    if r:
        return f"{r[0]}.{r[1]}"
    m = re.match(r"^/subscriptions/[^/]+/resourceGroups/([^/]+)/providers/Microsoft\.Network/privateDnsZones/([^/]+)$", str(zone_id_value), re.I)
    return f"name:{m.group(1).lower()}/{m.group(2).lower()}" if m else str(zone_id_value)


def _zone_name(doc: Document, identity: str) -> str:
    if identity.startswith("name:"):
        return identity.split("/", 1)[1]
    body = doc.get(*identity.split(".", 1)) or {}
    return str(body.get("name", identity))


def dns_findings(doc: Document, sv: SubnetView, notes: list[str]) -> list[tuple[str, bool, str]]:
    """(zone name, resolvable, how) for every zone of every private endpoint the compute VNet reaches."""
    reach = {sv.vnet, *peers(doc, sv.vnet)}
    links = _links(doc)
    dns_servers = []
    for d in doc.all("azurerm_virtual_network_dns_servers").values():
        if doc.vnet_key(d.get("virtual_network_id")) == sv.vnet:
            dns_servers = as_list(d.get("dns_servers"))
    # custom DNS servers given as addresses (a hub's, a resolver's): the VNet resolves where each server lives
    # (amlnet.verify.reachability), so a zone must be linked to the server's VNet, not to the compute VNet
    custom = dns_servers_of(doc, sv)
    out: dict[str, tuple[str, bool, str]] = {}
    for pe in doc.all("azurerm_private_endpoint").values():
        pe_vnet = vnet_of_subnet(doc, doc.key(pe.get("subnet_id")) or "")
        if pe_vnet not in reach:
            continue
        group = first(as_list(pe.get("private_dns_zone_group")), {}) or {}
        for zid in as_list(group.get("private_dns_zone_ids")):
            ident = _zone_identity(doc, zid)
            name = _zone_name(doc, ident)
            if custom:
                out[ident] = (name, *_through_servers(doc, ident, custom, links))
                continue
            if (ident, sv.vnet) in links:
                out[ident] = (name, True, "zone linked to the compute VNet")
                continue
            proxy_ok = False
            for server in dns_servers:
                fv = firewall_at(doc, server, notes)
                if fv and fv.dns_proxy and fv.vnet and (ident, fv.vnet) in links:
                    proxy_ok = True
            out.setdefault(ident, (name, proxy_ok, "through the firewall's DNS proxy" if proxy_ok else "zone not linked to the compute VNet"))
    return list(out.values())


def _through_servers(doc: Document, ident: str, servers: list[str], links: set[tuple[str, str | None]]) -> tuple[bool, str]:
    """Whether a zone answers the custom DNS servers: linked to the VNet each server lives in (a zone of the hub,
    given by ID, is the hub's to link: assumed linked where the hub's server lives)."""
    from .reachability import server_vnet

    for server in servers:
        where = server_vnet(doc, server)
        if where is None:
            return False, (f"DNS server {server} is outside every VNet of this stack and no hub VNet is declared "
                           "(hub.vnet_id): the zone is not linked where that server resolves")
        if (ident, where) not in links and not ident.startswith("name:"):
            return False, f"zone not linked to {where}, where DNS server {server} resolves (a link to the compute VNet is not used)"
    how = ", ".join(f"{s} in {server_vnet(doc, s)}" for s in servers)
    if ident.startswith("name:"):
        return True, f"a hub zone, resolved by the hub's DNS server ({how}; the hub links it)"
    return True, f"zone linked where the DNS server resolves ({how})"


def dns_servers_of(doc: Document, sv: SubnetView) -> list[str]:
    """Literal custom DNS servers of the compute VNet: set on it in this stack, or recorded in the
    stack's metadata (`dns_servers`, for a VNet the landing zone owns). The stack's own firewall proxy
    (a reference, not an address) is checked by its own rule and by the DNS findings."""
    out: list[str] = []
    for d in doc.all("azurerm_virtual_network_dns_servers").values():
        if doc.vnet_key(d.get("virtual_network_id")) == sv.vnet:
            out.extend(str(x) for x in as_list(d.get("dns_servers")) if "${" not in str(x))
    out.extend(str(x) for x in doc.meta.get("dns_servers", []))
    return list(dict.fromkeys(out))


def resolve_hosts(doc: Document, sv: SubnetView, cloud: Cloud, notes: list[str]) -> list[tuple[str, str, bool, str]]:
    """(host, zone, resolves privately, how) for every private-link zone of the workspace and its
    storage (blob, file, queue, table, dfs), key vault and registry: what training jobs look up. A host
    resolves privately from the compute VNet when an endpoint it can reach registers in that zone and
    the zone answers there (linked to the VNet, or through its DNS proxy); otherwise it resolves to the
    service's public address, which the NSG and the closed services refuse."""
    found = {name.lower(): (ok, how) for name, ok, how in dns_findings(doc, sv, notes)}
    out = []
    for spec in profile(cloud).dns_zones:
        ok, how = found.get(spec.zone_name, (False, f"no private endpoint reachable from the compute VNet registers in {spec.zone_name}"))
        out.append((spec.host, spec.zone_name, ok, how))
    return out
