"""Read what Azure exports about an existing network into the verifier's types, for `amlnet.reports.audit`.

Per JSON file: what `az network nsg show`, `route-table show`, `firewall policy rule-collection-group show`
print (the REST body: `properties` nested, or flattened to the top level as az prints it), their `list`
forms (an array or `{"value": [...]}`), a REST API example (`{"responses": {"200": {"body": ...}}}`), or an
ARM template export (`resources`, child `securityRules`/`routes` included; `[parameters('x')]` takes its
default). A VNet or subnet in any file (`az network vnet show`, a template) gives an NSG its subnet range.
REST names map to `nsg.Rule`, `routing.Route`, `firewall.Collection` as `verify.views` maps Terraform's;
anything unreadable raises `AuditInputError`, its message naming the file and what is wrong.

Example::

    nsgs, tables, collections = load_exports(["nsg.json"], ["rt.json"], ["rcg.json"])
    nsgs[0].rules[0]   # Rule(name='AllowOutAzureMachineLearningUdp', priority=120, direction='Outbound', ...)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn

from ..verify import firewall as fw
from ..verify.nsg import Rule
from ..verify.routing import Route

NSG, ROUTE_TABLE, RCG, VNET, SUBNET = "networkSecurityGroups", "routeTables", "firewallPolicies/ruleCollectionGroups", "virtualNetworks", "virtualNetworks/subnets"
_CHILD = {"networkSecurityGroups/securityRules": (NSG, "securityRules"), "routeTables/routes": (ROUTE_TABLE, "routes")}
_WHAT = {NSG: "network security group", ROUTE_TABLE: "route table", RCG: "firewall policy rule collection group"}
_PORT = re.compile(r"^(\*|\d{1,5}(-\d{1,5})?)$")
_HOPS = ("VirtualNetworkGateway", "VnetLocal", "Internet", "VirtualAppliance", "None")


class AuditInputError(ValueError):
    """An export this module cannot read; `str(err)` is `<file>: <where>: <what is wrong>`."""


@dataclass(frozen=True)
class ExportedNsg:
    """One NSG: its own rules (Azure's six default rules are applied by `nsg.decide`, not listed here)."""

    name: str
    rules: tuple[Rule, ...]
    subnet_ids: tuple[str, ...] = ()
    """Associated subnets as `vnet/subnet` (lower case)."""
    subnet_prefixes: tuple[str, ...] = ()
    """The associated subnet's ranges, when an export gives them."""
    vnet_prefixes: tuple[str, ...] = ()
    source: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExportedRouteTable:
    """One route table; `subnet_ids` as in `ExportedNsg`."""

    name: str
    routes: tuple[Route, ...]
    subnet_ids: tuple[str, ...] = ()
    source: str = ""


@dataclass
class _Subnet:
    key: str
    prefixes: tuple[str, ...] = ()
    nsg: str | None = None
    route_table: str | None = None
    vnet_prefixes: tuple[str, ...] = ()


@dataclass
class _Src:
    file: str
    subnets: list[_Subnet] = field(default_factory=list)

    def fail(self, where: str, what: str) -> NoReturn:
        raise AuditInputError(f"{self.file}: {where}: {what}" if where else f"{self.file}: {what}")


def _kind(v: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(type(v), type(v).__name__)


def _get(obj: dict[str, Any], key: str) -> Any:
    """`obj.properties[key]` (REST shape) or `obj[key]` (az's flattened shape)."""
    props = obj.get("properties")
    if isinstance(props, dict) and key in props:
        return props[key]
    return obj.get(key)


def _text(src: _Src, obj: dict[str, Any], key: str, where: str, required: bool = True) -> str | None:
    v = obj.get(key) if key in ("name", "id", "type") else _get(obj, key)
    if v is None or v == "":
        if required:
            src.fail(where, f"no {key!r}")
        return None
    if not isinstance(v, str):
        src.fail(where, f"{key!r} must be a string, got {_kind(v)}")
    return v


def _choice(src: _Src, obj: dict[str, Any], key: str, options: tuple[str, ...], where: str) -> str:
    v = _text(src, obj, key, where) or ""
    return next((o for o in options if o.lower() == v.lower()), None) or src.fail(where, f"{key!r} is {v!r}, expected one of {', '.join(options)}")


def _int(src: _Src, obj: dict[str, Any], key: str, where: str) -> int:
    v = _get(obj, key)
    if (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, str) and v.isdigit()):
        return int(v)
    src.fail(where, f"{key!r} must be an integer, got {_kind(v) if v is not None else 'nothing'}")


def _strings(src: _Src, obj: dict[str, Any], single: str | None, plural: str, where: str) -> list[str]:
    out: list[str] = []
    if single and (v := _text(src, obj, single, where, required=False)):
        out.append(v)
    many = _get(obj, plural)
    if many is None:
        return out
    if not isinstance(many, list) or not all(isinstance(s, str | int) and not isinstance(s, bool) for s in many):
        src.fail(where, f"{plural!r} must be a list of strings, got {_kind(many)}")
    return out + [str(s) for s in many if s != ""]


def _ports(src: _Src, values: list[str], where: str, key: str) -> tuple[str, ...]:
    if not values:
        src.fail(where, f"no {key}")
    for p in values:
        lo, _, hi = p.partition("-")
        if not _PORT.match(p) or (p != "*" and not (0 <= int(lo) <= int(hi or lo) <= 65535)):
            src.fail(where, f"port {p!r} is not '*', a port or a range 'low-high'")
    return tuple(values)


def _ids(src: _Src, obj: dict[str, Any], key: str, where: str) -> list[str]:
    return [i for x in _list(src, obj, key, where, required=False) if isinstance(i := _obj(src, x, f"{where} {key}").get("id"), str)]


def _obj(src: _Src, raw: object, where: str) -> dict[str, Any]:
    return raw if isinstance(raw, dict) else src.fail(where, f"expected an object, got {_kind(raw)}")


def _list(src: _Src, obj: dict[str, Any], key: str, where: str, required: bool = True) -> list[Any]:
    v = _get(obj, key)
    if v is None and not required:
        return []
    return v if isinstance(v, list) else src.fail(where, f"{key!r} must be a list, got {_kind(v) if v is not None else 'nothing'}")


def subnet_key(ref: str) -> str:
    """`/subscriptions/../virtualNetworks/vnet1/subnets/snet1` -> `vnet1/snet1`."""
    m = re.search(r"virtualNetworks/([^/]+)/subnets/([^/]+)/?$", ref, re.I)
    return f"{m[1]}/{m[2]}".lower() if m else ref.lower()


def _last(ref: str) -> str:
    return ref.rstrip("/").rsplit("/", 1)[-1].lower()


def _addresses(src: _Src, r: dict[str, Any], side: str, where: str, notes: list[str]) -> tuple[str, ...]:
    out = _strings(src, r, f"{side}AddressPrefix", f"{side}AddressPrefixes", where)
    asgs = _ids(src, r, f"{side}ApplicationSecurityGroups", where)
    if asgs:
        notes.append(f"{where}: application security groups ({', '.join(_last(a) for a in asgs)}) are taken to match nothing")
    out += [f"asg:{_last(a)}" for a in asgs]
    if not out:
        src.fail(where, f"no {side}AddressPrefix(es) or {side}ApplicationSecurityGroups")
    return tuple(out)


def _rule(src: _Src, raw: object, where: str, notes: list[str]) -> Rule:
    r = _obj(src, raw, where)
    where = f"{where} {_text(src, r, 'name', where)!r}"
    ports = _strings(src, r, "destinationPortRange", "destinationPortRanges", where)
    proto = _choice(src, r, "protocol", ("Tcp", "Udp", "Icmp", "Esp", "Ah", "*", "Any"), where)
    return Rule(name=str(r["name"]), priority=_int(src, r, "priority", where), direction=_choice(src, r, "direction", ("Inbound", "Outbound"), where),
                access=_choice(src, r, "access", ("Allow", "Deny"), where), protocol="*" if proto == "Any" else proto,
                sources=_addresses(src, r, "source", where, notes), destinations=_addresses(src, r, "destination", where, notes),
                ports=_ports(src, ports, where, "destinationPortRange(s)"))


def _nsg(src: _Src, doc: dict[str, Any], where: str) -> ExportedNsg:
    name = _text(src, doc, "name", where) or ""
    where = f"NSG {name!r}"
    if _get(doc, "securityRules") is None and _get(doc, "defaultSecurityRules") is None:
        src.fail(where, "neither 'securityRules' nor 'defaultSecurityRules': not an NSG export")
    notes: list[str] = []
    rules = [_rule(src, r, f"{where} rule", notes) for r in _list(src, doc, "securityRules", where, required=False)]
    for r in _list(src, doc, "defaultSecurityRules", where, required=False):  # read to refuse junk; nsg.decide applies Azure's defaults
        _rule(src, r, f"{where} default rule", notes)
    keys, prefixes = [], []
    for s in _list(src, doc, "subnets", where, required=False):
        s = _obj(src, s, f"{where} subnet")
        if isinstance(s.get("id"), str):
            keys.append(subnet_key(s["id"]))
            prefixes += _strings(src, s, "addressPrefix", "addressPrefixes", f"{where} subnet {s['id']}")
    return ExportedNsg(name, tuple(rules), tuple(keys), tuple(prefixes), (), src.file, tuple(notes))


def _route_table(src: _Src, doc: dict[str, Any], where: str) -> ExportedRouteTable:
    name = _text(src, doc, "name", where) or ""
    where = f"route table {name!r}"
    routes = []
    for raw in _list(src, doc, "routes", where, required=False):
        r = _obj(src, raw, f"{where} route")
        rw = f"{where} route {_text(src, r, 'name', where)!r}"
        routes.append(Route(str(r["name"]), _text(src, r, "addressPrefix", rw) or "", _choice(src, r, "nextHopType", _HOPS, rw),
                            _text(src, r, "nextHopIpAddress", rw, required=False)))
    return ExportedRouteTable(name, tuple(routes), tuple(subnet_key(i) for i in _ids(src, doc, "subnets", where)), src.file)


def _fw_rule(src: _Src, raw: object, where: str) -> fw.NetRule | fw.AppRule | None:
    r = _obj(src, raw, where)
    where = f"{where} {_text(src, r, 'name', where)!r}"
    kind = _choice(src, r, "ruleType", ("NetworkRule", "ApplicationRule", "NatRule"), where)
    sources = tuple(_strings(src, r, None, "sourceAddresses", where) + [f"ipgroup:{_last(g)}" for g in _strings(src, r, None, "sourceIpGroups", where)])
    if kind == "NetworkRule":
        dests = _strings(src, r, None, "destinationAddresses", where) + [f"ipgroup:{_last(g)}" for g in _strings(src, r, None, "destinationIpGroups", where)]
        return fw.NetRule(str(r["name"]), tuple(_strings(src, r, None, "ipProtocols", where)), sources, tuple(dests),
                          tuple(_strings(src, r, None, "destinationFqdns", where)),
                          _ports(src, _strings(src, r, None, "destinationPorts", where), where, "destinationPorts"))
    if kind == "NatRule":
        return None  # DNAT: inbound to the firewall's public IP, nothing to do with compute's outbound flows
    protocols = []
    for p in _list(src, r, "protocols", where, required=False):
        p = _obj(src, p, f"{where} protocol")
        protocols.append((_text(src, p, "protocolType", where) or "", _int(src, p, "port", f"{where} protocol")))
    return fw.AppRule(str(r["name"]), sources, tuple(_strings(src, r, None, "targetFqdns", where)), tuple(protocols))


def _collections(src: _Src, doc: dict[str, Any], where: str) -> list[fw.Collection]:
    name = _text(src, doc, "name", where) or ""
    where = f"rule collection group {name!r}"
    gp, out = _int(src, doc, "priority", where), []
    for raw in _list(src, doc, "ruleCollections", where):
        c = _obj(src, raw, f"{where} collection")
        cw = f"{where} collection {_text(src, c, 'name', where)!r}"
        if _choice(src, c, "ruleCollectionType", ("FirewallPolicyFilterRuleCollection", "FirewallPolicyNatRuleCollection"), cw).endswith("NatRuleCollection"):
            continue
        action = _choice(src, _obj(src, _get(c, "action"), f"{cw} action"), "type", ("Allow", "Deny"), f"{cw} action")
        rules = [x for x in (_fw_rule(src, r, f"{cw} rule") for r in _list(src, c, "rules", cw)) if x is not None]
        net = tuple(x for x in rules if isinstance(x, fw.NetRule))
        app = tuple(x for x in rules if isinstance(x, fw.AppRule))
        prio = _int(src, c, "priority", cw)
        if net or not app:
            out.append(fw.Collection(str(c["name"]), gp, prio, action, "network", net))
        if app:
            out.append(fw.Collection(str(c["name"]), gp, prio, action, "application", app))
    return out


def _vnet(src: _Src, doc: dict[str, Any], where: str, vnet: str | None) -> None:
    """Subnets (range, NSG, route table) of a VNet document; with `vnet`, `doc` is one subnet of that VNet."""
    space = tuple(_strings(src, _obj(src, _get(doc, "addressSpace") or {}, where), None, "addressPrefixes", where))
    own = str(doc.get("name") or "")
    for raw in [doc] if vnet is not None else _list(src, doc, "subnets", where, required=False):
        s = _obj(src, raw, f"{where} subnet")
        sname = (_text(src, s, "name", f"{where} subnet") or "").rpartition("/")[2]
        sw = f"{where} subnet {sname!r}"
        key = subnet_key(s["id"]) if isinstance(s.get("id"), str) and "/subnets/" in s["id"].lower() else f"{vnet or own}/{sname}".lower()
        refs = [_get(_obj(src, _get(s, k) or {}, f"{sw} {k}"), "id") for k in ("networkSecurityGroup", "routeTable")]
        nsg, rt = (_last(r) if isinstance(r, str) else None for r in refs)
        src.subnets.append(_Subnet(key, tuple(_strings(src, s, "addressPrefix", "addressPrefixes", sw)), nsg, rt, space))


def _short(rtype: str) -> str:
    return rtype[len("Microsoft.Network/"):] if rtype.lower().startswith("microsoft.network/") else rtype


def _resolve(v: object, params: dict[str, Any]) -> object:
    if isinstance(v, dict):
        return {k: _resolve(x, params) for k, x in v.items()}
    if isinstance(v, list):
        return [_resolve(x, params) for x in v]
    return _arm(v, params)


def _arm(text: object, params: dict[str, Any]) -> object:
    """Resolve `[parameters('x')]`, `[concat(...)]` and `[resourceId(type, names...)]` in an ARM export (defaults only)."""
    if not isinstance(text, str) or not text.startswith("[") or text.startswith("[["):
        return text
    tokens = []
    for p, lit in re.findall(r"parameters\('([^']+)'\)|'([^']*)'", text):
        d = params.get(p, {}).get("defaultValue") if p and isinstance(params.get(p), dict) else None
        tokens.append(str(d) if p and d is not None else (f"<{p}>" if p else lit))
    if text.startswith("[concat("):
        return "".join(tokens)
    if text.startswith("[resourceId(") and any("/" in t for t in tokens):
        i = next(i for i, t in enumerate(tokens) if "/" in t)
        types = tokens[i].split("/")[1:]
        return "/providers/" + tokens[i].split("/")[0] + "".join(f"/{t}/{n}" for t, n in zip(types, tokens[i + 1:], strict=False))
    return tokens[0] if text.startswith("[parameters(") and tokens else text


def _template(src: _Src, doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    params: dict[str, Any] = doc["parameters"] if isinstance(doc.get("parameters"), dict) else {}
    flat: list[tuple[str, dict[str, Any]]] = []

    def walk(items: object, parent: str = "", parent_name: str = "") -> None:
        items = list(items.values()) if isinstance(items, dict) else items  # languageVersion 2.0: symbolic names
        if not isinstance(items, list):
            src.fail("template", f"'resources' must be a list, got {_kind(items)}")
        for i, raw in enumerate(items):
            r = _obj(src, _resolve(_obj(src, raw, f"template resource {i}"), params), f"template resource {i}")
            rtype = _text(src, r, "type", f"template resource {i}") or ""
            full = rtype if "/" in rtype or not parent else f"{parent}/{rtype}"
            name = str(r.get("name") or "")
            name = f"{parent_name}/{name}" if parent and "/" not in rtype else name
            flat.append((_short(full), {**r, "name": name}))
            if "resources" in r:
                walk(r["resources"], full, name)

    walk(doc.get("resources"))
    return flat


def _items(src: _Src, data: object) -> list[tuple[str, dict[str, Any]]]:
    """(kind, document) of every resource in a file: a REST body, a list, a `value` page, an example file or a template."""
    if isinstance(data, dict) and isinstance(data.get("responses"), dict):
        data = _obj(src, data["responses"].get("200"), "responses.200").get("body")
    if isinstance(data, dict) and isinstance(data.get("resources"), list | dict) and ("$schema" in data or "contentVersion" in data):
        return _template(src, data)
    if isinstance(data, dict) and isinstance(data.get("value"), list):
        data = data["value"]
    if isinstance(data, list):
        if not data:
            src.fail("", "an empty list")
        return [it for i, d in enumerate(data) for it in _items(src, _obj(src, d, f"item {i}"))]
    doc = _obj(src, data, "top level")
    rtype = str(doc.get("type") or "")
    by_key = (("securityRules", NSG), ("defaultSecurityRules", NSG), ("routes", ROUTE_TABLE), ("ruleCollections", RCG), ("addressSpace", VNET))
    kind = _short(rtype) if rtype.lower().startswith("microsoft.network/") else next((k for key, k in by_key if _get(doc, key) is not None), "")
    return [(kind, doc)]


def _read(path: str | Path, want: str, subnets: list[_Subnet]) -> list[Any]:
    """The resources of kind `want` in one file; its subnets are added to `subnets`."""
    src = _Src(str(path))
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        src.fail("", f"cannot read: {e.strerror or e}")
    except (UnicodeDecodeError, ValueError) as e:
        src.fail("", f"not JSON: {e}")
    items = _items(src, data)
    by = {k.lower(): k for k in (NSG, ROUTE_TABLE, RCG, VNET, SUBNET, *_CHILD)}
    items = [(by.get(k.lower(), k), d) for k, d in items]
    for child, (parent, key) in _CHILD.items():  # template child resources `parent/child` join their parent
        for _, d in [it for it in items if it[0] == child]:
            pname, _, cname = str(d.get("name", "")).rpartition("/")
            host = next((p for k, p in items if k == parent and str(p.get("name", "")).lower() == pname.lower()), None)
            if host is None:
                src.fail(f"template resource {d.get('name')!r}", f"its {_WHAT[parent]} {pname!r} is not in the template")
            own = _get(host, key) if isinstance(_get(host, key), list) else []
            if not any(isinstance(x, dict) and x.get("name") == cname for x in own):
                (host["properties"] if isinstance(host.get("properties"), dict) else host)[key] = [*own, {**d, "name": cname}]
    for k, d in items:
        if k in (VNET, SUBNET):
            vnet = None if k == VNET else str(d.get("name", "")).rpartition("/")[0] or subnet_key(str(d.get("id", ""))).rpartition("/")[0]
            _vnet(src, d, f"virtual network {d.get('name')!r}", vnet)
    parse = {NSG: _nsg, ROUTE_TABLE: _route_table, RCG: _collections}[want]
    found = [parse(src, d, _WHAT[want]) for k, d in items if k == want]
    if not found and not (want == NSG and src.subnets):
        kinds = sorted({k or "unrecognised" for k, _ in items})
        src.fail("", f"no {_WHAT[want]} found (found: {', '.join(kinds)}); expected az / REST output or an ARM template export")
    subnets += src.subnets
    return [x for f in found for x in (f if isinstance(f, list) else [f])]


def load_exports(nsg_files: Iterable[str | Path], route_table_files: Iterable[str | Path] = (), firewall_files: Iterable[str | Path] = ()
                 ) -> tuple[tuple[ExportedNsg, ...], tuple[ExportedRouteTable, ...], tuple[fw.Collection, ...]]:
    """NSGs, route tables and firewall rule collections read from export files; subnets found in any file
    (VNet exports, template subnets) give each NSG and route table their subnet and range."""
    subnets: list[_Subnet] = []
    nsg_files = list(nsg_files)
    nsgs: list[ExportedNsg] = [x for f in nsg_files for x in _read(f, NSG, subnets)]
    tables: list[ExportedRouteTable] = [x for f in route_table_files for x in _read(f, ROUTE_TABLE, subnets)]
    cols: list[fw.Collection] = [x for f in firewall_files for x in _read(f, RCG, subnets)]
    if not nsgs:
        raise AuditInputError(f"{', '.join(str(f) for f in nsg_files) or 'no NSG file'}: no network security group to audit")
    for i, n in enumerate(nsgs):
        mine = [s for s in subnets if s.nsg == n.name.lower() or s.key in n.subnet_ids]
        if mine:
            nsgs[i] = replace(n, subnet_ids=tuple(dict.fromkeys((*n.subnet_ids, *(s.key for s in mine)))),
                              subnet_prefixes=n.subnet_prefixes or tuple(dict.fromkeys(p for s in mine for p in s.prefixes)),
                              vnet_prefixes=tuple(dict.fromkeys(p for s in mine for p in s.vnet_prefixes)))
    for i, t in enumerate(tables):
        keys = [s.key for s in subnets if s.route_table == t.name.lower()]
        if keys:
            tables[i] = replace(t, subnet_ids=tuple(dict.fromkeys((*t.subnet_ids, *keys))))
    return tuple(dict.fromkeys(nsgs)), tuple(dict.fromkeys(tables)), tuple(dict.fromkeys(cols))  # a file given twice counts once
