"""`amlnet verify`: evaluate, in synthesized Terraform JSON, every flow the catalog requires for the
subnets that host AML compute, the way Azure would; and check that flows nobody asked for are denied."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..catalog import COVERED_BY_PRIVATE_ENDPOINT, Cloud, Direction, Protocol, Scenario, host_rules, profile, region, tag_rules
from ..catalog import Names as HostNames
from . import firewall as fw
from . import nsg
from .addresses import Context, Destination
from .routing import Hop, Route, select
from .storage_policy import FOREIGN_ACCOUNT, decide_foreign_account

REF = re.compile(r"^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.(.+)\}$")
STORAGE_NAMES = HostNames()  # placeholders stay; such hosts are private endpoints and are checked as DNS


class VerifyError(ValueError):
    """Input that is not synthesized Terraform JSON. `str(err)` says where and what."""


@dataclass
class Finding:
    stack: str
    subnet: str
    check: str
    """flow | dns | exposure | return-path"""
    direction: str
    flow: str
    expected: str
    result: str
    decided_by: str
    violation: bool


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.violation]


def ref(value) -> tuple[str, str, str] | None:
    """`${azurerm_subnet.x.id}` -> ("azurerm_subnet", "x", "id"); data sources keep a `data.` prefix."""
    if not isinstance(value, str):
        return None
    m = REF.match(value.strip())
    if not m:
        return None
    rtype = ("data." if m.group(1) else "") + m.group(2)
    return rtype, m.group(3), m.group(4)


def _first(v, default=None):
    if isinstance(v, list):
        return v[0] if v else default
    return v if v is not None else default


def _list(v) -> list:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


class Document:
    def __init__(self, doc: dict, name: str):
        if not isinstance(doc, dict) or "resource" not in doc:
            raise VerifyError(f"{name}: not a synthesized Terraform JSON stack (no 'resource' block)")
        self.name = name
        self.res: dict = doc.get("resource", {})
        self.data: dict = doc.get("data", {})
        meta = doc.get("//", {}).get("amlnet") if isinstance(doc.get("//"), dict) else None
        self.meta = meta or {}

    def all(self, rtype: str) -> dict:
        return self.res.get(rtype, {}) or {}

    def get(self, rtype: str, name: str) -> dict | None:
        if rtype.startswith("data."):
            return (self.data.get(rtype[5:], {}) or {}).get(name)
        return self.all(rtype).get(name)

    def key(self, value) -> str | None:
        """A stable key for a referenced resource (`azurerm_subnet.x`) or a literal ID."""
        r = ref(value)
        if r:
            return f"{r[0]}.{r[1]}"
        return value if isinstance(value, str) else None

    def vnet_key(self, value) -> str | None:
        """A VNet, referenced (`azurerm_virtual_network.x`) or literal (its ID or name -> `vnet:<name>`)."""
        r = ref(value)
        if r:
            return f"{r[0]}.{r[1]}"
        if not isinstance(value, str) or not value:
            return None
        m = re.search(r"/virtualNetworks/([^/]+)", value, re.I)
        return "vnet:" + (m.group(1) if m else value).lower()

    def resolve(self, value) -> dict | None:
        r = ref(value)
        return self.get(r[0], r[1]) if r else None


# --- the network around one compute subnet ---------------------------------------------------------


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
        return tuple(_list(v.get("address_space")))
    out: list[str] = []
    for name, s in doc.all("azurerm_subnet").items():
        if vnet_of_subnet(doc, f"azurerm_subnet.{name}") == vnet_key:
            out.extend(_list(s.get("address_prefixes")))
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
    raw = list(_list(body.get("security_rule")))
    for r in doc.all("azurerm_network_security_rule").values():
        if doc.key(r.get("network_security_group_name")) == nsg_key:
            raw.append(r)
    out = []
    for r in raw:
        out.append(nsg.Rule(
            name=r.get("name", "?"), priority=int(r.get("priority", 4096)), direction=r.get("direction", "Outbound"),
            access=r.get("access", "Deny"), protocol=r.get("protocol", "*"),
            sources=tuple(_list(r.get("source_address_prefix")) + _list(r.get("source_address_prefixes"))) or ("*",),
            destinations=tuple(_list(r.get("destination_address_prefix")) + _list(r.get("destination_address_prefixes"))) or ("*",),
            ports=tuple(_list(r.get("destination_port_range")) + _list(r.get("destination_port_ranges"))) or ("*",),
        ))
    return out


def _routes(doc: Document, table_key: str) -> list[Route]:
    name = table_key.split(".", 1)[1]
    body = doc.get("azurerm_route_table", name) or {}
    out = [Route(r.get("name", "?"), r.get("address_prefix", ""), r.get("next_hop_type", "None"), r.get("next_hop_in_ip_address"))
           for r in _list(body.get("route"))]
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


def subnet_view(doc: Document, subnet_key: str, compute: list[dict]) -> SubnetView:
    # a subnet of this stack, one looked up by a data source, or one named by its resource ID
    subnet_ref = f"${{{subnet_key}.id}}" if subnet_key.startswith(("azurerm_subnet.", "data.azurerm_subnet.")) else subnet_key
    body = doc.get(*subnet_key.rsplit(".", 1)) if subnet_key.startswith(("azurerm_subnet.", "data.azurerm_subnet.")) else None
    prefixes = tuple(_list(body.get("address_prefixes"))) if body and not subnet_key.startswith("data.") else ()
    vnet = vnet_of_subnet(doc, subnet_key)
    vnet_ranges = _vnet_prefixes(doc, vnet)
    for p in peers(doc, vnet):
        vnet_ranges += _vnet_prefixes(doc, p)

    def assoc(rtype, attr):
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


# --- firewalls --------------------------------------------------------------------------------------


@dataclass
class FirewallView:
    collections: list[fw.Collection]
    dns_proxy: bool
    vnet: str | None
    label: str


def _collections(doc: Document, policy_value) -> list[fw.Collection]:
    out = []
    for g in doc.all("azurerm_firewall_policy_rule_collection_group").values():
        if g.get("firewall_policy_id") != policy_value:
            continue
        gp = int(g.get("priority", 65000))
        for c in _list(g.get("network_rule_collection")):
            rules = tuple(fw.NetRule(r.get("name", "?"), tuple(_list(r.get("protocols"))), tuple(_list(r.get("source_addresses"))),
                                     tuple(_list(r.get("destination_addresses"))), tuple(_list(r.get("destination_fqdns"))),
                                     tuple(str(p) for p in _list(r.get("destination_ports")))) for r in _list(c.get("rule")))
            out.append(fw.Collection(c.get("name", "?"), gp, int(c.get("priority", 65000)), c.get("action", "Deny"), "network", rules))
        for c in _list(g.get("application_rule_collection")):
            rules = tuple(fw.AppRule(r.get("name", "?"), tuple(_list(r.get("source_addresses"))), tuple(_list(r.get("destination_fqdns"))),
                                     tuple((p.get("type"), int(p.get("port"))) for p in _list(r.get("protocols")))) for r in _list(c.get("rule")))
            out.append(fw.Collection(c.get("name", "?"), gp, int(c.get("priority", 65000)), c.get("action", "Deny"), "application", rules))
    return out


def firewall_at(doc: Document, next_hop_ip: str | None, notes: list[str]) -> FirewallView | None:
    r = ref(next_hop_ip)
    if r and r[0] == "azurerm_firewall":
        f = doc.get("azurerm_firewall", r[1]) or {}
        pol = f.get("firewall_policy_id")
        pbody = doc.resolve(pol) or {}
        proxy = bool(_first(_list(pbody.get("dns")), {}).get("proxy_enabled", False)) if pbody.get("dns") else False
        sub = _first(_list(f.get("ip_configuration")), {}).get("subnet_id")
        vnet = vnet_of_subnet(doc, doc.key(sub)) if sub else None
        return FirewallView(_collections(doc, pol), proxy, vnet, f.get("name", r[1]))
    if next_hop_ip and not r:
        literal = {g.get("firewall_policy_id") for g in doc.all("azurerm_firewall_policy_rule_collection_group").values()
                   if not ref(g.get("firewall_policy_id"))}
        if literal:
            note = f"next hop {next_hop_ip}: a firewall outside this stack; evaluated with this stack's rule collection group(s) in its policy, DNS proxy assumed on"
            if note not in notes:
                notes.append(note)
            cols = [c for p in sorted(literal) for c in _collections(doc, p)]
            return FirewallView(cols, True, None, next_hop_ip)
    return None


# --- flows ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flow:
    direction: str
    protocol: str
    port: int
    dest: Destination
    label: str


def required_flows(cloud: Cloud, regions, scenarios, pe_prefixes: tuple[str, ...], *, exact: bool = False,
                   kubernetes_use: str | None = None) -> list[Flow]:
    """Every outbound flow the scenarios need; `exact` and `kubernetes_use` select an AKS inference subnet's rows."""
    out: dict[tuple, Flow] = {}
    for reg in regions:
        for t in tag_rules(cloud, reg, scenarios, exact=exact):
            proto = "TCP" if t.protocol in (Protocol.TCP, Protocol.ANY) else "UDP"
            for p in t.ports:
                if t.direction == Direction.INBOUND:
                    continue
                if t.base_tag == "VirtualNetwork":
                    for pe in pe_prefixes:
                        out[("pe", pe, proto, p.low)] = Flow("Outbound", proto, p.low, Destination("cidr", pe), f"private endpoints {pe} {proto}/{p.low}")
                    continue
                out[("tag", t.tag, proto, p.low)] = Flow("Outbound", proto, p.low, Destination("tag", t.tag), f"{t.tag} {proto}/{p.low}")
        for h in host_rules(cloud, reg, scenarios, STORAGE_NAMES, exact=exact, kubernetes_use=kubernetes_use):
            if h.covered_by == COVERED_BY_PRIVATE_ENDPOINT:
                continue
            proto = "TCP" if h.protocol in (Protocol.TCP, Protocol.ANY) else "UDP"
            tag = h.covered_by
            for host in h.hosts:
                if "<" in host:
                    continue
                concrete = host.replace("*.", "x.", 1) if host.startswith("*.") else host
                for p in h.ports:
                    out[("host", host, proto, p.low)] = Flow("Outbound", proto, p.low, Destination("host", host, tag=tag, host=concrete),
                                                             f"{host} {proto}/{p.low}")
    return list(out.values())


def inbound_flows(cloud: Cloud, regions, scenarios) -> list[Flow]:
    out = []
    for reg in regions:
        for t in tag_rules(cloud, reg, scenarios):
            if t.direction == Direction.INBOUND:
                for p in t.ports:
                    out.append(Flow("Inbound", "TCP", p.low, Destination("tag", t.tag), f"from {t.tag} TCP/{p.low}"))
    return out


EXPOSURE = (
    (Flow("Outbound", "TCP", 443, Destination("host", "example.com", host="example.com"), "an arbitrary internet host TCP/443"), "path"),
    (Flow("Outbound", "TCP", 22, Destination("internet", "203.0.113.10"), "an arbitrary internet address TCP/22"), "nsg"),
    (Flow("Outbound", "UDP", 53, Destination("internet", "203.0.113.53"), "an arbitrary internet DNS server UDP/53"), "nsg"),
    (Flow("Inbound", "TCP", 22, Destination("internet", "203.0.113.10"), "inbound from the internet TCP/22"), "nsg"),
    (Flow("Inbound", "TCP", 8787, Destination("internet", "203.0.113.10"), "inbound from the internet TCP/8787"), "nsg"),
)


UNLISTED_PRIVATE = ("192.168.255.240/28", "172.31.255.240/28")
"""Private sources no configuration names as scoring clients (the first one outside every client range is used)."""


def scoring_flows(inf: dict) -> list[tuple[Flow, str]]:
    """Scoring to the internal load balancer (seed 004, scoring endpoint inbound rule): allowed from each
    configured client range, denied from the internet and from a private range nobody listed."""
    from .addresses import cidr_within

    clients = list(inf.get("scoring_clients", []))
    out = []
    for port in inf.get("scoring_ports", [80]):
        for c in clients:
            out.append((Flow("Inbound", "TCP", int(port), Destination("cidr", c), f"scoring from client range {c} TCP/{port}"), "allowed"))
        internet = Destination("internet", "203.0.113.10")
        out.append((Flow("Inbound", "TCP", int(port), internet, f"scoring from the internet TCP/{port}"), "denied"))
        other = next((u for u in UNLISTED_PRIVATE if not any(cidr_within(u, c) or cidr_within(c, u) for c in clients)), None)
        if other:
            label = f"scoring from unlisted range {other} TCP/{port}"
            out.append((Flow("Inbound", "TCP", int(port), Destination("cidr", other), label), "denied"))
    return out


def self_of(sv: SubnetView, notes: list[str]) -> Destination:
    """The compute subnet as a flow endpoint."""
    if sv.prefixes:
        return Destination("cidr", sv.prefixes[0])
    note = f"subnet {sv.label}: its range is not in the document; rules naming a private range are taken to cover it"
    if note not in notes:
        notes.append(note)
    return Destination("unknown-subnet", sv.label)


def evaluate_outbound(doc: Document, sv: SubnetView, flow: Flow, notes: list[str]) -> tuple[bool, str]:
    me = self_of(sv, notes)
    d = nsg.decide(sv.rules, "Outbound", flow.protocol, flow.port, me, flow.dest, sv.ctx)
    chain = [d.rule if sv.has_nsg else "no NSG: " + d.rule]
    if not d.allowed:
        return False, "; ".join(chain)
    hop: Hop = select(sv.routes, flow.dest, sv.ctx.vnet_prefixes)
    chain.append(hop.via)
    if hop.kind == "vnet":
        return True, "; ".join(chain)
    if hop.kind == "drop":
        return False, "; ".join(chain)
    if hop.kind == "internet":
        if sv.nat:
            chain.append("NAT gateway")
            return True, "; ".join(chain)
        if sv.public_ip:
            chain.append("node public IP")
            return True, "; ".join(chain)
        if sv.default_outbound:
            chain.append("default outbound access (not recommended)")
            return True, "; ".join(chain)
        chain.append("no egress: no NAT gateway, no public IP, default outbound access off")
        return False, "; ".join(chain)
    fv = firewall_at(doc, hop.next_hop_ip, notes)
    if fv is None:
        chain.append(f"next hop {hop.next_hop_ip} is no firewall this stack knows")
        return False, "; ".join(chain)
    fd = fw.decide(fv.collections, flow.protocol, flow.port, flow.dest, sv.prefixes, fv.dns_proxy)
    chain.append(fd.rule)
    return fd.allowed, "; ".join(chain)


# --- DNS ----------------------------------------------------------------------------------------------


def _links(doc: Document) -> set[tuple[str, str]]:
    """(zone key, vnet key) for every link. A link that names its zone literally is matched to this
    stack's zone of that name and resource group, else to a zone ID of that name (a hub's)."""
    zones = {(str(z.get("name", "")).lower(), str(z.get("resource_group_name", ""))): f"azurerm_private_dns_zone.{k}"
             for k, z in doc.all("azurerm_private_dns_zone").items()}
    out = set()
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


def _zone_identity(doc: Document, zone_id_value) -> str:
    r = ref(zone_id_value)
    if r:
        return f"{r[0]}.{r[1]}"
    m = re.match(r"^/subscriptions/[^/]+/resourceGroups/([^/]+)/providers/Microsoft\.Network/privateDnsZones/([^/]+)$", str(zone_id_value), re.I)
    return f"name:{m.group(1).lower()}/{m.group(2).lower()}" if m else str(zone_id_value)


def _zone_name(doc: Document, identity: str) -> str:
    if identity.startswith("name:"):
        return identity.split("/", 1)[1]
    body = doc.get(*identity.split(".", 1)) or {}
    return body.get("name", identity)


def dns_findings(doc: Document, sv: SubnetView, notes: list[str]) -> list[tuple[str, bool, str]]:
    """(zone name, resolvable, how) for every zone of every private endpoint the compute VNet reaches."""
    reach = {sv.vnet, *peers(doc, sv.vnet)}
    links = _links(doc)
    dns_servers = []
    for d in doc.all("azurerm_virtual_network_dns_servers").values():
        if doc.vnet_key(d.get("virtual_network_id")) == sv.vnet:
            dns_servers = _list(d.get("dns_servers"))
    out: dict[str, tuple[str, bool, str]] = {}
    for pe in doc.all("azurerm_private_endpoint").values():
        pe_vnet = vnet_of_subnet(doc, doc.key(pe.get("subnet_id")) or "")
        if pe_vnet not in reach:
            continue
        group = _first(_list(pe.get("private_dns_zone_group")), {}) or {}
        for zid in _list(group.get("private_dns_zone_ids")):
            ident = _zone_identity(doc, zid)
            name = _zone_name(doc, ident)
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


def dns_servers_of(doc: Document, sv: SubnetView) -> list[str]:
    """Literal custom DNS servers of the compute VNet: set on it in this stack, or recorded in the
    stack's metadata (`dns_servers`, for a VNet the landing zone owns). The stack's own firewall proxy
    (a reference, not an address) is checked by its own rule and by the DNS findings."""
    out: list[str] = []
    for d in doc.all("azurerm_virtual_network_dns_servers").values():
        if doc.vnet_key(d.get("virtual_network_id")) == sv.vnet:
            out.extend(str(x) for x in _list(d.get("dns_servers")) if "${" not in str(x))
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


# --- the whole check ---------------------------------------------------------------------------------


def compute_subnets(doc: Document) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for rtype in ("azurerm_machine_learning_compute_cluster", "azurerm_machine_learning_compute_instance"):
        for c in doc.all(rtype).values():
            k = doc.key(c.get("subnet_resource_id"))
            if k:
                out.setdefault(k, []).append(c)
    for c in doc.all("azurerm_kubernetes_cluster").values():
        pool = _first(_list(c.get("default_node_pool")), {}) or {}
        k = doc.key(pool.get("vnet_subnet_id"))
        if k:
            out.setdefault(k, []).append({"node_public_ip_enabled": pool.get("node_public_ip_enabled", False), "aks": True})
    for w in doc.all("azurerm_machine_learning_workspace").values():
        sc = _first(_list(w.get("serverless_compute")), {}) or {}
        k = doc.key(sc.get("subnet_id"))
        if k:
            out.setdefault(k, []).append({"node_public_ip_enabled": sc.get("public_ip_enabled", True)})
    return out


def verify_document(doc: Document, cloud: str | None = None, regions: list[str] | None = None, scenarios: list[str] | None = None) -> Report:
    rep = Report()
    if not doc.meta and not (cloud and regions):
        missing = " and ".join(f for f, v in (("--cloud", cloud), ("--region", regions)) if not v)
        raise VerifyError(
            f"{doc.name}: the stack has no amlnet metadata (it was not synthesized by amlnet's stacks), so its cloud and "
            f"regions are unknown; give {missing} (e.g. --cloud public --region eastus2)"
        )
    try:
        cloud_v = Cloud(cloud or doc.meta.get("cloud", "public"))
        regs = [region(r) for r in (regions or doc.meta.get("regions") or [])]
        scen = {Scenario(s) for s in (scenarios or doc.meta.get("scenarios") or ["compute", "studio"])}
    except (KeyError, ValueError) as e:
        raise VerifyError(f"{doc.name}: unknown cloud, region or scenario in the stack's amlnet metadata or the flags: {e}") from None
    if not regs:
        raise VerifyError(f"{doc.name}: the stack's amlnet metadata names no region; give --region")
    accepted = set(doc.meta.get("accepted_exposures", []))
    if not doc.meta:
        rep.notes.append(f"{doc.name}: no amlnet metadata; verified for cloud {cloud_v.value}, regions {[r.name for r in regs]} (from the flags)")
    subnets = compute_subnets(doc)
    if not subnets:
        rep.notes.append(f"{doc.name}: no subnet hosts AML compute")
    pe_prefixes_all = {}
    for pe in doc.all("azurerm_private_endpoint").values():
        k = doc.key(pe.get("subnet_id")) or ""
        body = doc.get("azurerm_subnet", k.split(".", 1)[1]) if k.startswith("azurerm_subnet.") else None
        if body:
            pe_prefixes_all[k] = (vnet_of_subnet(doc, k), tuple(_list(body.get("address_prefixes"))))
    for key, compute in subnets.items():
        sv = subnet_view(doc, key, compute)
        reach = {sv.vnet, *peers(doc, sv.vnet)}
        pe_prefixes = tuple(p for v, ps in pe_prefixes_all.values() if v in reach for p in ps)

        def add(check, flow_label, direction, expected, allowed, how, sv=sv):
            result = "allowed" if allowed else "denied"
            rep.findings.append(Finding(doc.name, sv.label, check, direction, flow_label, expected, result, how, result != expected))

        outside = bool(doc.meta.get("egress_outside"))
        aks = any(c.get("aks") for c in compute)
        inf = doc.meta.get("inference") or {}
        if aks:  # an AKS inference subnet: its own rows (seed 004), not the compute subnet's
            sel = dict(exact=True, kubernetes_use=inf.get("kubernetes_use", "inference"))
            own = {Scenario(x) for x in inf.get("scenarios", ["aks-inference", "kubernetes"])}
            flows = required_flows(cloud_v, regs, own, pe_prefixes, **sel)
        else:
            flows = required_flows(cloud_v, regs, scen, pe_prefixes)
        for flow in flows:
            ok, how = evaluate_outbound(doc, sv, flow, rep.notes)
            if not ok and outside and how.endswith("default outbound access off"):
                rep.findings.append(Finding(doc.name, sv.label, "flow", "Outbound", flow.label, "allowed", "external",
                                            how.rsplit("; ", 1)[0] + "; egress outside this stack", False))
                note = f"{doc.name}: egress is provided outside this stack (egress.mode none); flows leaving the VNet pass the NSG and are not followed further"
                if note not in rep.notes:
                    rep.notes.append(note)
                continue
            add("flow", flow.label, "Outbound", "allowed", ok, how)
        if sv.public_ip:
            me = self_of(sv, rep.notes)
            for flow in inbound_flows(cloud_v, regs, scen):
                d = nsg.decide(sv.rules, "Inbound", flow.protocol, flow.port, flow.dest, me, sv.ctx)
                add("flow", flow.label, "Inbound", "allowed", d.allowed, d.rule)
            if any(r.next_hop_type == "VirtualAppliance" for r in sv.routes):
                for reg in regs:
                    for name in dict.fromkeys(n for n in (reg.name, reg.pair) if n):
                        for tag in ("AzureMachineLearning", "BatchNodeManagement"):
                            t = f"{tag}.{region(name).tag_suffix}"
                            hop = select(sv.routes, Destination("tag", t), sv.ctx.vnet_prefixes)
                            add("return-path", f"replies to {t} bypass the firewall", "Outbound", "allowed", hop.kind == "internet", hop.via)
        if aks:
            for flow, expected in scoring_flows(inf):
                d = nsg.decide(sv.rules, "Inbound", "TCP", flow.port, flow.dest, self_of(sv, rep.notes), sv.ctx)
                add("flow" if expected == "allowed" else "exposure", flow.label, "Inbound", expected, d.allowed, d.rule)
        if not aks:  # compute.storage_exfiltration_guard: another account over Storage.<Region>
            guard = bool(doc.meta.get("storage_exfiltration_guard"))
            host = f"{FOREIGN_ACCOUNT}.blob.{profile(cloud_v).storage_suffix}"
            flow = Flow("Outbound", "TCP", 443, Destination("host", host, tag=f"Storage.{regs[0].tag_suffix}", host=host),
                        f"{host} TCP/443 (a storage account not the workspace's)")
            blocked, why = decide_foreign_account(doc, key)
            ok, how = (False, why) if blocked is False else evaluate_outbound(doc, sv, flow, rep.notes)
            if guard and key.startswith("azurerm_subnet."):  # the guard covers the compute subnets the stack creates
                add("exfiltration", flow.label, "Outbound", "denied", ok, how if blocked is False else f"{why}; {how}")
            else:  # off, or a reused subnet amlnet does not manage: reported, not a violation
                result = "allowed" if ok else "denied"
                why_off = "compute.storage_exfiltration_guard off" if not guard else "a subnet amlnet does not manage"
                rep.findings.append(Finding(doc.name, sv.label, "exfiltration", "Outbound", f"{flow.label} ({why_off})", result, result,
                                            how, False))
        me_dns = self_of(sv, rep.notes)
        for server in dns_servers_of(doc, sv):
            for proto in ("Udp", "Tcp"):
                d = nsg.decide(sv.rules, "Outbound", proto.upper(), 53, me_dns, Destination("cidr", f"{server}/32"), sv.ctx)
                add("flow", f"DNS to the VNet's DNS server {server} {proto.upper()}/53", "Outbound", "allowed", d.allowed, d.rule)
        findings = dns_findings(doc, sv, rep.notes)
        for zone, ok, how in findings:
            add("dns", f"resolve {zone}", "-", "allowed", ok, how)
        if findings:  # a stack with private endpoints: each zone jobs use must resolve privately too
            seen = {z.lower() for z, _, _ in findings}
            for host, zone, ok, how in resolve_hosts(doc, sv, cloud_v, rep.notes):
                if zone not in seen:
                    add("dns", f"resolve {host} ({zone})", "-", "allowed", ok, how)
        me = self_of(sv, rep.notes)
        for flow, layer in EXPOSURE:
            if flow.direction == "Inbound":
                d = nsg.decide(sv.rules, "Inbound", flow.protocol, flow.port, flow.dest, me, sv.ctx)
                add("exposure", flow.label, "Inbound", "denied", d.allowed, d.rule)
            elif layer == "nsg":
                d = nsg.decide(sv.rules, "Outbound", flow.protocol, flow.port, me, flow.dest, sv.ctx)
                add("exposure", flow.label, "Outbound", "denied", d.allowed, d.rule)
            else:
                ok, how = evaluate_outbound(doc, sv, flow, rep.notes)
                expected = "allowed" if (ok and "nat-unfiltered-https" in accepted) else "denied"
                add("exposure", flow.label + (" (accepted: egress.nat_allow_unfiltered_https)" if expected == "allowed" else ""),
                    "Outbound", expected, ok, how)
    return rep


def load_documents(path: str | Path) -> list[Document]:
    p = Path(path)
    if p.is_dir():
        files = sorted(p.glob("stacks/*/cdk.tf.json")) or sorted(p.glob("*/cdk.tf.json")) or sorted(p.glob("cdk.tf.json"))
        if not files:
            raise VerifyError(f"{path}: no stacks/*/cdk.tf.json below it (run `make synth` first)")
    elif p.is_file():
        files = [p]
    else:
        raise VerifyError(f"{path}: no such file or directory")
    docs = []
    for f in files:
        from ..config_loading import InputError, read_text

        try:
            raw = json.loads(read_text(f, "Terraform JSON file", max_bytes=64 * 1024 * 1024))
        except InputError as e:
            raise VerifyError(str(e)) from None
        except json.JSONDecodeError as e:
            raise VerifyError(f"{f}: not valid JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
        except RecursionError:
            raise VerifyError(f"{f}: nested too deeply to be Terraform JSON") from None
        docs.append(Document(raw, f.parent.name if f.name == "cdk.tf.json" else f.stem))
    return docs


def render(reports: list[Report], fmt: str, show_all: bool = False) -> str:
    findings = [f for r in reports for f in r.findings]
    notes = [n for r in reports for n in r.notes]
    if fmt == "json":
        return json.dumps({"schema": "amlnet.verify/v1", "violations": sum(f.violation for f in findings),
                           "findings": [asdict(f) for f in findings], "notes": notes}, indent=2) + "\n"
    shown = findings if show_all else [f for f in findings if f.violation]
    lines = []
    cols = ("stack", "subnet", "check", "flow", "expected", "result", "decided_by")
    rows = [cols] + [tuple(str(getattr(f, c)) for c in cols) for f in shown]
    if shown:
        widths = [min(max(len(r[i]) for r in rows), 70 if i == 3 else 200) for i in range(len(cols))]
        for i, r in enumerate(rows):
            lines.append("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
            if i == 0:
                lines.append("  ".join("-" * w for w in widths))
    by_stack: dict[str, list[Finding]] = {}
    for f in findings:
        by_stack.setdefault(f.stack, []).append(f)
    for stack, fs in by_stack.items():
        v = sum(f.violation for f in fs)
        lines.append(f"{stack}: {len(fs)} checks, {v} violation{'s' if v != 1 else ''} "
                     f"({sum(f.check == 'flow' for f in fs)} flows, {sum(f.check == 'dns' for f in fs)} DNS, "
                     f"{sum(f.check == 'exposure' for f in fs)} exposure, {sum(f.check == 'return-path' for f in fs)} return path, "
                     f"{sum(f.check == 'exfiltration' for f in fs)} exfiltration)")
    for n in dict.fromkeys(notes):
        lines.append(f"note: {n}")
    total = sum(f.violation for f in findings)
    lines.append("OK: every required flow is allowed and every unrequested one denied." if total == 0 else f"FAILED: {total} violation(s).")
    return "\n".join(lines) + "\n"
