"""The network around one compute subnet as the document describes it: its ranges and VNet, its NSG
rules and routes, NAT and public IPs, peerings; and the firewall a route leads to, with its rule collections.

Example::

    sv = subnet_view(doc, "azurerm_subnet.compute", compute_subnets(doc)["azurerm_subnet.compute"])
    sv.rules, sv.routes, sv.nat
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..catalog import region
from . import firewall as fw
from . import nsg
from .addresses import Context
from .document import Document, JsonObject, as_list, first, ref
from .routing import Route


@dataclass
class SubnetView:
    key: str
    label: str
    prefixes: tuple[str, ...]
    vnet: str | None
    rules: list[nsg.Rule]
    has_nsg: bool
    routes: list[Route]
    nat: bool
    default_outbound: bool
    public_ip: bool
    ctx: Context


def _vnet_prefixes(doc: Document, vnet_key: str | None) -> tuple[str, ...]:
    """The VNet's ranges; for a VNet this stack does not create, the ranges of the subnets it adds there."""
    if not vnet_key:
        return ()
    v = doc.get(*vnet_key.split(".", 1)) if vnet_key.startswith("azurerm_virtual_network.") else None
    if v:
        return tuple(as_list(v.get("address_space")))
    out: list[str] = []
    for name, s in doc.all("azurerm_subnet").items():
        if vnet_of_subnet(doc, f"azurerm_subnet.{name}") == vnet_key:
            out.extend(as_list(s.get("address_prefixes")))
    return tuple(out)


def vnet_of_subnet(doc: Document, subnet_key: str) -> str | None:
    if subnet_key.startswith(("azurerm_subnet.", "data.azurerm_subnet.")):
        rtype, name = subnet_key.rsplit(".", 1)
        s = doc.get(rtype, name) or {}
        return doc.vnet_key(s.get("virtual_network_name"))
    m = re.match(r"^(.*/virtualNetworks/[^/]+)/subnets/[^/]+$", subnet_key, re.I)
    return doc.vnet_key(m.group(1)) if m else None


def peers(doc: Document, vnet_key: str | None) -> list[str]:
    out = []
    for p in doc.all("azurerm_virtual_network_peering").values():
        local = doc.vnet_key(p.get("virtual_network_name"))
        remote = doc.vnet_key(p.get("remote_virtual_network_id"))
        if local == vnet_key and remote:
            out.append(remote)
        elif remote == vnet_key and local:
            out.append(local)
    return out


def _nsg_rules(doc: Document, nsg_key: str) -> list[nsg.Rule]:
    name = nsg_key.split(".", 1)[1]
    body = doc.get("azurerm_network_security_group", name) or {}
    raw = list(as_list(body.get("security_rule")))
    for r in doc.all("azurerm_network_security_rule").values():
        if doc.key(r.get("network_security_group_name")) == nsg_key:
            raw.append(r)
    out = []
    for r in raw:
        out.append(nsg.Rule(
            name=r.get("name", "?"), priority=int(r.get("priority", 4096)), direction=r.get("direction", "Outbound"),
            access=r.get("access", "Deny"), protocol=r.get("protocol", "*"),
            sources=tuple(as_list(r.get("source_address_prefix")) + as_list(r.get("source_address_prefixes"))) or ("*",),
            destinations=tuple(as_list(r.get("destination_address_prefix")) + as_list(r.get("destination_address_prefixes"))) or ("*",),
            ports=tuple(as_list(r.get("destination_port_range")) + as_list(r.get("destination_port_ranges"))) or ("*",),
        ))
    return out


def _routes(doc: Document, table_key: str) -> list[Route]:
    name = table_key.split(".", 1)[1]
    body = doc.get("azurerm_route_table", name) or {}
    out = [Route(r.get("name", "?"), r.get("address_prefix", ""), r.get("next_hop_type", "None"), r.get("next_hop_in_ip_address"))
           for r in as_list(body.get("route"))]
    for rname, r in doc.all("azurerm_route").items():
        if doc.key(r.get("route_table_name")) != table_key:
            continue
        prefix = r.get("address_prefix", "")
        if prefix == "${each.value}":
            m = re.search(r"data\.azurerm_network_service_tags\.([A-Za-z0-9_-]+)\.", str(r.get("for_each", "")))
            ds = doc.get("data.azurerm_network_service_tags", m.group(1)) if m else None
            if ds:
                prefix = f"{ds['service']}.{region(ds['location_filter']).tag_suffix}"  # every prefix of the tag
        out.append(Route(rname, prefix, r.get("next_hop_type", "None"), r.get("next_hop_in_ip_address")))
    return out


def subnet_view(doc: Document, subnet_key: str, compute: list[JsonObject]) -> SubnetView:
    # a subnet of this stack, one looked up by a data source, or one named by its resource ID
    subnet_ref = f"${{{subnet_key}.id}}" if subnet_key.startswith(("azurerm_subnet.", "data.azurerm_subnet.")) else subnet_key
    body = doc.get(*subnet_key.rsplit(".", 1)) if subnet_key.startswith(("azurerm_subnet.", "data.azurerm_subnet.")) else None
    prefixes = tuple(as_list(body.get("address_prefixes"))) if body and not subnet_key.startswith("data.") else ()
    vnet = vnet_of_subnet(doc, subnet_key)
    vnet_ranges = _vnet_prefixes(doc, vnet)
    for p in peers(doc, vnet):
        vnet_ranges += _vnet_prefixes(doc, p)

    def assoc(rtype: str, attr: str) -> str | None:
        for a in doc.all(rtype).values():
            if a.get("subnet_id") in (subnet_ref, subnet_key):
                return doc.key(a.get(attr))
        return None

    nsg_key = assoc("azurerm_subnet_network_security_group_association", "network_security_group_id")
    rt_key = assoc("azurerm_subnet_route_table_association", "route_table_id")
    nat_key = assoc("azurerm_subnet_nat_gateway_association", "nat_gateway_id")
    routes = _routes(doc, rt_key) if rt_key else []
    default_outbound = body.get("default_outbound_access_enabled", True) is not False if body else False
    public_ip = any(c.get("node_public_ip_enabled", True) is not False for c in compute)
    label = (body or {}).get("name", subnet_key.rsplit("/", 1)[-1])
    ctx = Context(subnet_prefixes=prefixes, vnet_prefixes=vnet_ranges, udr_prefixes=tuple(r.prefix for r in routes))
    return SubnetView(subnet_key, label, prefixes, vnet, _nsg_rules(doc, nsg_key) if nsg_key else [], nsg_key is not None,
                      routes, nat_key is not None, default_outbound, public_ip, ctx)


@dataclass
class FirewallView:
    collections: list[fw.Collection]
    dns_proxy: bool
    vnet: str | None
    label: str


def policy_collections(doc: Document, policy_value: object) -> list[fw.Collection]:
    out = []
    for g in doc.all("azurerm_firewall_policy_rule_collection_group").values():
        if g.get("firewall_policy_id") != policy_value:
            continue
        gp = int(g.get("priority", 65000))
        for c in as_list(g.get("network_rule_collection")):
            rules = tuple(fw.NetRule(r.get("name", "?"), tuple(as_list(r.get("protocols"))), tuple(as_list(r.get("source_addresses"))),
                                     tuple(as_list(r.get("destination_addresses"))), tuple(as_list(r.get("destination_fqdns"))),
                                     tuple(str(p) for p in as_list(r.get("destination_ports")))) for r in as_list(c.get("rule")))
            out.append(fw.Collection(c.get("name", "?"), gp, int(c.get("priority", 65000)), c.get("action", "Deny"), "network", rules))
        for c in as_list(g.get("application_rule_collection")):
            app_rules = tuple(fw.AppRule(r.get("name", "?"), tuple(as_list(r.get("source_addresses"))), tuple(as_list(r.get("destination_fqdns"))),
                                     tuple((p.get("type"), int(p.get("port"))) for p in as_list(r.get("protocols")))) for r in as_list(c.get("rule")))
            out.append(fw.Collection(c.get("name", "?"), gp, int(c.get("priority", 65000)), c.get("action", "Deny"), "application", app_rules))
    return out


def firewall_at(doc: Document, next_hop_ip: str | None, notes: list[str]) -> FirewallView | None:
    r = ref(next_hop_ip)
    if r and r[0] == "azurerm_firewall":
        f = doc.get("azurerm_firewall", r[1]) or {}
        pol = f.get("firewall_policy_id")
        pbody = doc.resolve(pol) or {}
        proxy = bool(first(as_list(pbody.get("dns")), {}).get("proxy_enabled", False)) if pbody.get("dns") else False
        sub = first(as_list(f.get("ip_configuration")), {}).get("subnet_id")
        sub_key = doc.key(sub) if sub else None
        vnet = vnet_of_subnet(doc, sub_key) if sub_key else None
        return FirewallView(policy_collections(doc, pol), proxy, vnet, f.get("name", r[1]))
    if next_hop_ip and not r:
        literal = {g.get("firewall_policy_id") for g in doc.all("azurerm_firewall_policy_rule_collection_group").values()
                   if not ref(g.get("firewall_policy_id"))}
        if literal:
            note = f"next hop {next_hop_ip}: a firewall outside this stack; evaluated with this stack's rule collection group(s) in its policy, DNS proxy assumed on"
            if note not in notes:
                notes.append(note)
            cols = [c for p in sorted(literal, key=str) for c in policy_collections(doc, p)]
            return FirewallView(cols, True, None, next_hop_ip)
    return None


def compute_subnets(doc: Document) -> dict[str, list[JsonObject]]:
    out: dict[str, list[JsonObject]] = {}
    for rtype in ("azurerm_machine_learning_compute_cluster", "azurerm_machine_learning_compute_instance"):
        for c in doc.all(rtype).values():
            k = doc.key(c.get("subnet_resource_id"))
            if k:
                out.setdefault(k, []).append(c)
    for c in doc.all("azurerm_kubernetes_cluster").values():
        pool = first(as_list(c.get("default_node_pool")), {}) or {}
        k = doc.key(pool.get("vnet_subnet_id"))
        if k:
            out.setdefault(k, []).append({"node_public_ip_enabled": pool.get("node_public_ip_enabled", False), "aks": True})
    for w in doc.all("azurerm_machine_learning_workspace").values():
        sc = first(as_list(w.get("serverless_compute")), {}) or {}
        k = doc.key(sc.get("subnet_id"))
        if k:
            out.setdefault(k, []).append({"node_public_ip_enabled": sc.get("public_ip_enabled", True)})
    return out
