"""A mermaid `flowchart LR` of synthesized stacks: per stack its VNets (created, or existing ones it only
adds to or looks up) with their subnets (ranges, an NSG rule count, the route table's default route), the
firewall or NAT gateway they leave through, private endpoints, private DNS zones and the VNets they are linked
to, peerings (to a VNet of the stack or a hub outside it), the workspace and its compute. Pure: reads Terraform
JSON only (no CDK imported).

Example::

    >>> doc = {"resource": {"azurerm_virtual_network": {"v": {"name": "vnet-a", "address_space": ["10.0.0.0/16"]}},
    ...        "azurerm_subnet": {"s": {"name": "snet-a", "address_prefixes": ["10.0.1.0/24"],
    ...                                 "virtual_network_name": "${azurerm_virtual_network.v.name}"}}}}
    >>> print(diagram([("demo", doc)]), end="")
    flowchart LR
      subgraph st_demo["stack demo"]
        subgraph st_demo_vnet_v["VNet vnet-a<br/>10.0.0.0/16"]
          st_demo_snet_s["snet-a<br/>10.0.1.0/24<br/>no NSG"]
        end
      end

Node IDs are `st_`, the stack's name and the resource's key (type shortened: `ABBREVIATIONS`), every character outside
[A-Za-z0-9_] made `_` (a counter suffix if two would meet). Labels are quoted, `"`, `#`, `&`, `<` and backticks
as mermaid entity codes. What the stack does not create (an existing VNet or subnet, a hub, a next hop outside
it) is drawn dashed. Nodes, edges and styles are sorted: the same stacks always give the same text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..verify.document import Document, JsonObject, as_list, first, ref
from ..verify.nsg import Rule
from ..verify.routing import Route
from ..verify.views import compute_subnets, subnet_view, vnet_of_subnet

_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
_ENTITIES = {"#": "#35;", '"': "#quot;", "&": "#amp;", "<": "#lt;", "`": "#96;", "\n": " ", "\r": " "}
_SPECIAL = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")
SHAPES = {
    "box": ('["', '"]'), "hexagon": ('{{"', '"}}'), "stadium": ('(["', '"])'), "flag": ('>"', '"]'),
    "subroutine": ('[["', '"]]'), "parallelogram": ('[/"', '"/]'), "circle": ('(("', '"))'), "cylinder": ('[("', '")]'),
}
"""Mermaid node shapes: the text before and after the quoted label."""
DASHED = "stroke-dasharray: 5 5"
ABBREVIATIONS = {"virtual_network": "vnet", "subnet": "snet", "private_endpoint": "pe", "private_dns_zone": "zone", "firewall": "afw",
                 "nat_gateway": "ng", "machine_learning_workspace": "mlw", "machine_learning_compute_cluster": "cluster",
                 "machine_learning_compute_instance": "ci", "kubernetes_cluster": "aks"}
"""The resource type's part of a node ID (`azurerm_subnet.x` -> `snet_x`); any other type loses its `azurerm_`."""
_TYPED = re.compile(r"^(data\.)?azurerm_([a-z0-9_]+)\.")
COMPUTE = (("azurerm_machine_learning_compute_cluster", "compute cluster"), ("azurerm_machine_learning_compute_instance", "compute instance"),
           ("azurerm_kubernetes_cluster", "AKS"))


def escape(text: str) -> str:
    """Text safe inside a quoted mermaid label: `"` -> `#quot;`, `#` -> `#35;`, ...; line breaks become spaces."""
    return _SPECIAL.sub(lambda m: _ENTITIES[m.group()], text)


def label(*lines: str) -> str:
    """The escaped non-empty lines, joined by mermaid's `<br/>`."""
    return "<br/>".join(escape(line) for line in lines if line)


def safe_id(text: str) -> str:
    """`secure-workspace` -> `secure_workspace`: only [A-Za-z0-9_]."""
    return _UNSAFE.sub("_", text) or "_"


def node(node_id: str, shape: str, *lines: str) -> str:
    """One node definition, `id["line 1<br/>line 2"]`, in one of `SHAPES`."""
    opening, closing = SHAPES[shape]
    return f"{node_id}{opening}{label(*lines)}{closing}"


def nsg_summary(rules: Iterable[Rule], has_nsg: bool) -> str:
    """`NSG in 0 allow/1 deny, out 13 allow/1 deny` (the NSG's own rules, not Azure's defaults), or `no NSG`."""
    if not has_nsg:
        return "no NSG"
    n = {(d, a): 0 for d in ("inbound", "outbound") for a in ("allow", "deny")}
    for r in rules:
        k = (r.direction.lower(), r.access.lower())
        n[k] = n.get(k, 0) + 1
    return (f"NSG in {n['inbound', 'allow']} allow/{n['inbound', 'deny']} deny, "
            f"out {n['outbound', 'allow']} allow/{n['outbound', 'deny']} deny")


def route_summary(routes: list[Route], firewalls: dict[str, str]) -> str:
    """`0.0.0.0/0 -> 10.0.3.4 (VirtualAppliance)` (a firewall of the stack by its name, from `firewalls`:
    `azurerm_firewall.x` -> name), then `, +N routes` for the others; `N routes` without a default route."""
    default = next((r for r in routes if r.prefix == "0.0.0.0/0"), None)
    others = len(routes) - (1 if default else 0)
    more = f"{others} route{'' if others == 1 else 's'}" if others else ""
    if not default:
        return more
    r = ref(default.next_hop_ip)
    hop = firewalls.get(f"{r[0]}.{r[1]}", default.next_hop_ip) if r else default.next_hop_ip
    text = f"0.0.0.0/0 -> {hop} ({default.next_hop_type})" if hop else f"0.0.0.0/0 -> {default.next_hop_type}"
    return f"{text}, +{more}" if more else text


def vnet_name(value: str) -> str:
    """The VNet's name in an ARM ID (of the VNet or of one of its subnets); else the value itself."""
    m = re.search(r"/virtualNetworks/([^/]+)", value, re.I)
    return m.group(1) if m else value


def _unique(base: str, used: set[str]) -> str:
    out, n = base, 1
    while out in used:
        n += 1
        out = f"{base}_{n}"
    used.add(out)
    return out


class _Stack:
    """The node definitions (per VNet subgraph), VNet titles, edges and dashed IDs of one stack's diagram."""

    def __init__(self, doc: Document, used: set[str]):
        self.doc, self.used = doc, used
        self.sid = _unique("st_" + safe_id(doc.name), used)
        self.ids: dict[str, str] = {}
        self.vnets: dict[str, str] = {}  # VNet key -> subgraph title (a label)
        self.alias: dict[str, str] = {}  # `vnet:<name>` -> the key of this stack's VNet of that name
        self.nodes: dict[str | None, set[str]] = {}  # VNet key (None: the stack's subgraph) -> node definitions
        self.edges: set[str] = set()
        self.dashed: set[str] = set()
        self.subnets: dict[str, str | None] = {}  # subnet key -> its VNet key
        self.hub = doc.vnet_key(doc.meta.get("hub_vnet_id"))

    def nid(self, key: str, hint: str | None = None) -> str:
        """The node ID of a key (`azurerm_subnet.x`, a literal ID, `internet`), made on first use."""
        if key not in self.ids:
            short = hint or _TYPED.sub(lambda m: (m[1] or "") + ABBREVIATIONS.get(m[2], m[2]) + ".", key)
            self.ids[key] = _unique(f"{self.sid}_{safe_id(short)}", self.used)
        return self.ids[key]

    def add(self, container: str | None, key: str, shape: str, *lines: str, dashed: bool = False, hint: str | None = None) -> str:
        i = self.nid(key, hint)
        self.nodes.setdefault(container if container in self.vnets else None, set()).add(node(i, shape, *lines))
        if dashed:
            self.dashed.add(i)
        return i

    def edge(self, a: str, arrow: str, b: str, text: str = "") -> None:
        self.edges.add(f'{a} {arrow}|"{escape(text)}"| {b}' if text else f"{a} {arrow} {b}")

    def vnet_key(self, value: object) -> str | None:
        k = self.doc.vnet_key(value)
        return self.alias.get(k, k) if k else None

    def vnet(self, key: str, *lines: str, existing: bool = False) -> None:
        if key not in self.vnets:
            self.vnets[key] = label(*lines)
            i = self.nid(key)
            if existing:
                self.dashed.add(i)

    def vnet_target(self, key: str, value: str, peered: set[str]) -> str:
        """The subgraph of one of the stack's VNets, else a node for a VNet outside it (a hub if peered or amlnet's hub)."""
        if key in self.vnets or key in self.ids:
            return self.nid(key)
        kind = "hub VNet" if key in peered or key == self.hub else "VNet"
        return self.add(None, key, "cylinder", f"{kind} {vnet_name(value)}", "outside this stack", dashed=True, hint="vnet_" + vnet_name(value))

    def subnet_vnet(self, key: str) -> str | None:
        """The VNet key of a subnet; a VNet the stack does not create becomes an existing (dashed) subgraph."""
        v = vnet_of_subnet(self.doc, key)
        v = self.alias.get(v, v) if v else None
        if v and v not in self.vnets:
            body = self.doc.get(*key.rsplit(".", 1)) if key.startswith(("azurerm_subnet.", "data.azurerm_subnet.")) else None
            named = (body or {}).get("virtual_network_name")
            raw = named if isinstance(named, str) and not ref(named) else key if key.startswith("/") else v.removeprefix("vnet:")
            self.vnet(v, f"existing VNet {vnet_name(raw)}", existing=True)
        return v

    def subnet(self, value: object) -> tuple[str | None, str | None]:
        """(VNet key, node ID) of the subnet a resource names; one the stack neither creates nor looks up
        (an ARM ID) becomes an existing (dashed) node."""
        key = self.doc.key(value)
        if not key:
            return None, None
        if key not in self.subnets:
            self.subnets[key] = v = self.subnet_vnet(key)
            short = key.rsplit("/", 1)[-1]
            self.add(v, key, "box", f"existing subnet {short}", dashed=True, hint="subnet_" + short)
        return self.subnets[key], self.nid(key)

    def attached(self, subnet: object, key: str, shape: str, *lines: str, text: str = "") -> str:
        """A node in the VNet of the subnet it uses, linked to that subnet."""
        vnet, sid = self.subnet(subnet)
        i = self.add(vnet, key, shape, *lines)
        if sid:
            self.edge(i, "---", sid, text)
        return i


def _vnets_and_subnets(g: _Stack, firewalls: dict[str, str]) -> dict[str, Route]:
    """The VNets and subnets; returns each subnet's default route through a virtual appliance."""
    doc = g.doc
    for prefix, found in (("", doc.all("azurerm_virtual_network")), ("data.", doc.data.get("azurerm_virtual_network") or {})):
        for name, v in sorted(found.items()):
            key = f"{prefix}azurerm_virtual_network.{name}"
            spaces = ", ".join(map(str, as_list(v.get("address_space"))))
            g.vnet(key, f"{'existing VNet' if prefix else 'VNet'} {v.get('name', name)}", spaces, existing=bool(prefix))
            if isinstance(v.get("name"), str) and not ref(v["name"]):
                g.alias[f"vnet:{v['name'].lower()}"] = key
    compute = compute_subnets(doc)
    keys = [f"azurerm_subnet.{n}" for n in sorted(doc.all("azurerm_subnet"))]
    keys += [f"data.azurerm_subnet.{n}" for n in sorted(doc.data.get("azurerm_subnet") or {})]
    defaults: dict[str, Route] = {}
    for key in keys:
        sv = subnet_view(doc, key, compute.get(key, []))
        g.subnets[key] = v = g.subnet_vnet(key)
        existing = key.startswith("data.")
        nsg = nsg_summary(sv.rules, sv.has_nsg) if sv.has_nsg or not existing else ""  # an existing subnet's own NSG is not in the stack
        g.add(v, key, "box", f"existing subnet {sv.label}" if existing else str(sv.label), ", ".join(sv.prefixes), nsg,
              route_summary(sv.routes, firewalls), dashed=existing)
        default = next((r for r in sv.routes if r.prefix == "0.0.0.0/0" and r.next_hop_type == "VirtualAppliance" and r.next_hop_ip), None)
        if default:
            defaults[key] = default
    return defaults


def _egress(g: _Stack, firewalls: dict[str, str], defaults: dict[str, Route]) -> None:
    """Firewalls, NAT gateways and next hops outside the stack, the subnets that use them, the Internet behind them."""
    doc, internet = g.doc, g.nid("internet")
    for fkey in sorted(firewalls):
        f = doc.get(*fkey.split(".", 1)) or {}
        sub = (first(as_list(f.get("ip_configuration")), {}) or {}).get("subnet_id")
        g.edge(g.attached(sub, fkey, "hexagon", f"Azure Firewall {firewalls[fkey]}", str(f.get("sku_tier", ""))), "-->", internet)
    for key, route in sorted(defaults.items()):
        r = ref(route.next_hop_ip)
        if r and f"{r[0]}.{r[1]}" in firewalls:
            target = g.nid(f"{r[0]}.{r[1]}")
        else:
            hop = str(route.next_hop_ip)
            target = g.add(None, f"ip:{hop}", "hexagon", f"next hop {hop}", "outside this stack", dashed=True, hint=f"next_hop_{hop}")
        g.edge(g.nid(key), "-->", target, "0.0.0.0/0")
    for name, nat in sorted(doc.all("azurerm_nat_gateway").items()):
        g.edge(g.add(None, f"azurerm_nat_gateway.{name}", "hexagon", f"NAT gateway {nat.get('name', name)}"), "-->", internet)
    for _, a in sorted(doc.all("azurerm_subnet_nat_gateway_association").items()):
        nat_key, (_, sid) = doc.key(a.get("nat_gateway_id")), g.subnet(a.get("subnet_id"))
        if sid and nat_key:
            short = nat_key.rsplit("/", 1)[-1]
            nat_id = g.ids.get(nat_key) or g.add(None, nat_key, "hexagon", f"NAT gateway {short}", "outside this stack", dashed=True, hint="nat_" + short)
            g.edge(sid, "-->", nat_id, "NAT")
    if any(e.endswith(f" {internet}") for e in g.edges):
        g.add(None, "internet", "circle", "Internet")


def _workloads(g: _Stack) -> None:
    """The workspace, its private endpoints (to the workspace when they connect to it) and compute."""
    doc = g.doc
    workspaces = {f"azurerm_machine_learning_workspace.{n}" for n in doc.all("azurerm_machine_learning_workspace")}
    for name, w in sorted(doc.all("azurerm_machine_learning_workspace").items()):
        serverless = first(as_list(w.get("serverless_compute")), {}) or {}
        managed = first(as_list(w.get("managed_network")), {}) or {}
        g.attached(serverless.get("subnet_id"), f"azurerm_machine_learning_workspace.{name}", "subroutine", f"workspace {w.get('name', name)}",
                   f"managed network {managed['isolation_mode']}" if managed.get("isolation_mode") else "", text="serverless compute")
    for name, pe in sorted(doc.all("azurerm_private_endpoint").items()):
        psc = [c for c in as_list(pe.get("private_service_connection")) if isinstance(c, dict)]
        subresources = ", ".join(sorted({str(s) for c in psc for s in as_list(c.get("subresource_names"))}))
        pid = g.attached(pe.get("subnet_id"), f"azurerm_private_endpoint.{name}", "stadium", f"private endpoint {pe.get('name', name)}", subresources)
        for c in psc:
            target = doc.key(c.get("private_connection_resource_id"))
            if target in workspaces:
                g.edge(pid, "-.->", g.nid(target))
    for rtype, kind in COMPUTE:
        for name, c in sorted(doc.all(rtype).items()):
            pool = first(as_list(c.get("default_node_pool")), {}) or {}
            public = c.get("node_public_ip_enabled", pool.get("node_public_ip_enabled"))
            g.attached(c.get("subnet_resource_id", pool.get("vnet_subnet_id")), f"{rtype}.{name}", "parallelogram", f"{kind} {c.get('name', name)}",
                       {True: "public IP", False: "no public IP"}[public] if isinstance(public, bool) else "")


def _dns_and_peerings(g: _Stack) -> None:
    """Private DNS zones, linked to VNets (of the stack or outside it); peerings, one edge per pair of VNets."""
    doc = g.doc
    peerings = sorted(doc.all("azurerm_virtual_network_peering").items())
    peered = {k for _, p in peerings for k in (g.vnet_key(p.get("virtual_network_name")), g.vnet_key(p.get("remote_virtual_network_id"))) if k}
    zones = {f"azurerm_private_dns_zone.{n}": z for n, z in doc.all("azurerm_private_dns_zone").items()}
    for zkey, z in sorted(zones.items()):
        g.add(None, zkey, "flag", f"private DNS zone {z.get('name', zkey.split('.', 1)[1])}")
    for _, link in sorted(doc.all("azurerm_private_dns_zone_virtual_network_link").items()):
        zone, vnet = link.get("private_dns_zone_name"), link.get("virtual_network_id")
        r = ref(zone)
        zkey = f"{r[0]}.{r[1]}" if r else f"zone:{zone}"
        if zkey not in zones:
            g.add(None, zkey, "flag", f"existing private DNS zone {r[1] if r else zone}", dashed=True, hint=f"zone_{r[1] if r else zone}")
        vkey = g.vnet_key(vnet)
        if vkey:
            g.edge(g.nid(zkey), "-.-", g.vnet_target(vkey, str(vnet), peered), "autoregistration" if link.get("registration_enabled") else "")
    for _, p in peerings:
        local, remote = p.get("virtual_network_name"), p.get("remote_virtual_network_id")
        lkey, rkey = g.vnet_key(local), g.vnet_key(remote)
        if lkey and rkey:
            a, b = sorted((g.vnet_target(lkey, str(local), peered), g.vnet_target(rkey, str(remote), peered)))
            g.edge(a, "<-->", b, "peering")


def _build(doc: Document, used: set[str]) -> _Stack:
    g = _Stack(doc, used)
    firewalls = {f"azurerm_firewall.{n}": str(f.get("name", n)) for n, f in doc.all("azurerm_firewall").items()}
    defaults = _vnets_and_subnets(g, firewalls)
    _egress(g, firewalls, defaults)
    _workloads(g)
    _dns_and_peerings(g)
    return g


def diagram_documents(docs: list[Document]) -> str:
    """`diagram` of documents already read, e.g. `amlnet.verify.document.load_documents("cdktf.out")`."""
    used: set[str] = set()
    built = [_build(d, used) for d in sorted(docs, key=lambda d: d.name)]
    lines = ["flowchart LR"]
    for g in built:
        lines.append(f'  subgraph {g.sid}["{label("stack " + g.doc.name)}"]')
        lines += [f"    {n}" for n in sorted(g.nodes.get(None, ()))]
        for vkey in sorted(g.vnets, key=g.nid):
            lines.append(f'    subgraph {g.nid(vkey)}["{g.vnets[vkey]}"]')
            lines += [f"      {n}" for n in sorted(g.nodes.get(vkey, ()))]
            lines.append("    end")
        lines.append("  end")
    lines += [f"  {e}" for g in built for e in sorted(g.edges)]
    lines += [f"  style {i} {DASHED}" for g in built for i in sorted(g.dashed)]
    return "\n".join(lines) + "\n"


def diagram(stacks: list[tuple[str, JsonObject]]) -> str:
    """Mermaid `flowchart LR` text for stacks given as (stack name, parsed cdk.tf.json).

    Raises `amlnet.verify.document.VerifyError` for a document that is not synthesized Terraform JSON."""
    return diagram_documents([Document(raw, name) for name, raw in stacks])
