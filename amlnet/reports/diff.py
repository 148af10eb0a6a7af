"""`diff`: what a change to synthesized stacks does to the network. Per stack: the allowed flows it opens
and closes, the flows whose carrying rule changed, then the resources added, removed and changed.

Flows come from the verify model (`amlnet.verify.views`: a subnet's NSG rules, a firewall policy's rule
collections; `amlnet.verify.managed`: managed-VNet workspaces), not from the JSON text. A flow is one
ALLOW entry: (stack, layer, direction, source, destination, protocol, ports) plus its carrier, the rule
that allows it. Flows are compared by everything except the carrier: a renamed or re-prioritized rule
that still allows the same thing is a *carrier change* (`StackDiff.recarried`), not a closed and an
opened flow. Layers: `nsg` (Allow rules of an NSG, once per subnet it is associated with),
`firewall` (network and application rules of Allow collections), `managed` (a managed VNet's outbound
rules and AllowInternetOutbound), `private-endpoint` (a private endpoint in a customer VNet). The layer
is part of the key: a flow moved from the NSG to the firewall closes on one layer and opens on the other.
`flows_changed` is about opened and closed flows only; carrier changes and resource changes do not count.

Limits: rules are listed, not evaluated: an Allow shadowed by a higher-priority Deny is still a flow, and
Deny rules, Azure's default NSG rules, source ports, application security groups, IP groups, FQDN tags,
DNAT collections and parent policies are not read (their edits show only as changed resources). An NSG
counts once it is associated with a subnet; a subnet without an NSG opens nothing here. Managed-VNet
rules Azure adds itself (the required ones) are not in the JSON and not listed.

Example::

    diffs = diff_paths("before/cdktf.out", "cdktf.out")
    print(render_text(diffs))
    flows_changed(diffs)   # True when a change opens or closes at least one flow
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from ..verify.addresses import cidr_within
from ..verify.document import Document, JsonObject, VerifyError, as_list, load_documents, ref
from ..verify.firewall import AppRule, NetRule
from ..verify.views import policy_collections, subnet_view, vnet_of_subnet

SCHEMA = "amlnet.diff/v1"
_WHOLE = ("*", "Any", "0.0.0.0/0", "VirtualNetwork")
"""NSG prefixes that cover every address of the subnet the NSG is associated with."""
MANAGED_FQDN_PORTS = ("80", "443")
"""A managed VNet's FQDN rules allow HTTP and HTTPS only (they are Azure Firewall application rules)."""


class DiffError(VerifyError):
    """An input that cannot be compared (missing, unreadable, not synthesized Terraform JSON)."""


@dataclass(frozen=True)
class Flow:
    """One allowed flow. `key` (everything but `carrier`) is what the diff compares."""

    stack: str
    layer: str
    """nsg | firewall | managed | private-endpoint"""
    direction: str
    """Inbound | Outbound"""
    source: str
    """`<subnet name> (<CIDRs>)` (an NSG's own subnet, or a CIDR exactly one subnet of the stack has), else the
    rule's source prefix as written; `<prefix> in <subnet>` for an NSG rule narrower than its subnet."""
    destination: str
    """A service tag, host/FQDN, address range, or `<resource> (<sub-resource>)`."""
    protocol: str
    """TCP, UDP, Any, ICMP; HTTP/HTTPS/MSSQL for firewall application rules."""
    ports: str
    """As written: `443`, `8704-8710`, `*`."""
    carrier: str
    """The rule(s) that allow it, `; `-joined when several do."""

    @property
    def key(self) -> tuple[str, ...]:
        return (self.stack, self.layer, self.direction, self.source, self.destination, self.protocol, self.ports)

    def describe(self) -> str:
        return f"{self.direction} {self.layer}: {self.source} -> {self.destination} {self.protocol}/{self.ports} via {self.carrier}"


@dataclass(frozen=True)
class FlowChange:
    kind: str
    """opened | closed | carrier (same flow, another rule carries it; `was` names the old one)"""
    flow: Flow
    was: str = ""


@dataclass(frozen=True)
class StackDiff:
    stack: str
    opened: tuple[FlowChange, ...]
    closed: tuple[FlowChange, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    recarried: tuple[FlowChange, ...] = ()
    side: str = "both"
    """both | old (the stack is only in OLD) | new (only in NEW)"""


# --- flows ---------------------------------------------------------------------------------------------

def _literal_name(body: JsonObject | None, fallback: str) -> str:
    name = (body or {}).get("name")
    return name if isinstance(name, str) and name and "${" not in name else fallback


def _describe(label: str, prefixes: tuple[str, ...]) -> str:
    return f"{label} ({', '.join(prefixes)})" if prefixes else label


def _protocol(p: object) -> str:
    text = str(p)
    return "Any" if text in ("*", "Any", "any", "ANY") else text.upper()


def _within(prefix: str, desc: str, prefixes: tuple[str, ...]) -> str:
    """The subnet end of an NSG rule: the subnet itself when the prefix covers all of it."""
    if prefix in _WHOLE or (prefixes and all(cidr_within(p, prefix) for p in prefixes)):
        return desc
    return f"{prefix} in {desc}"


def _subnet_by_cidr(doc: Document) -> dict[str, str]:
    """{CIDR: subnet descriptor} for CIDRs that exactly one subnet of the stack has (firewall sources)."""
    seen: dict[str, list[str]] = {}
    for name in sorted(doc.all("azurerm_subnet")):
        body = doc.all("azurerm_subnet")[name]
        prefixes = tuple(str(p) for p in as_list(body.get("address_prefixes")))
        for p in prefixes:
            seen.setdefault(p, []).append(_describe(_literal_name(body, name), prefixes))
    return {p: d[0] for p, d in seen.items() if len(d) == 1}


def _nsg_flows(doc: Document, stack: str) -> Iterator[Flow]:
    by_cidr = _subnet_by_cidr(doc)
    for assoc in doc.all("azurerm_subnet_network_security_group_association").values():
        subnet_key, nsg_key = doc.key(assoc.get("subnet_id")), doc.key(assoc.get("network_security_group_id"))
        if not subnet_key or not nsg_key:
            continue
        sv = subnet_view(doc, subnet_key, [])
        desc = _describe(str(sv.label), sv.prefixes)
        nsg_name = _literal_name(doc.resolve(assoc.get("network_security_group_id")), nsg_key)
        for r in sv.rules:
            if r.access != "Allow":
                continue
            carrier = f"nsg {nsg_name} rule {r.name} (priority {r.priority})"
            for s in r.sources:
                for d in r.destinations:
                    for port in r.ports:
                        if r.direction == "Inbound":
                            src, dst = by_cidr.get(str(s), str(s)), _within(str(d), desc, sv.prefixes)
                        else:
                            src, dst = _within(str(s), desc, sv.prefixes), by_cidr.get(str(d), str(d))
                        yield Flow(stack, "nsg", r.direction, src, dst, _protocol(r.protocol), str(port), carrier)


def _policy_label(doc: Document, value: object) -> str:
    r = ref(value)
    if r:
        return _literal_name(doc.get(r[0], r[1]), f"{r[0]}.{r[1]}")
    text = str(value)
    return text.rsplit("/firewallPolicies/", 1)[-1] if "/firewallPolicies/" in text else text


def _firewall_flows(doc: Document, stack: str) -> Iterator[Flow]:
    policies = {str(g.get("firewall_policy_id")): g.get("firewall_policy_id")
                for g in doc.all("azurerm_firewall_policy_rule_collection_group").values()}
    by_cidr = _subnet_by_cidr(doc)
    for text in sorted(policies):
        label = _policy_label(doc, policies[text])
        for c in policy_collections(doc, policies[text]):
            if c.action != "Allow":
                continue
            for rule in c.rules:
                carrier = f"firewall {label}/{c.name}/{rule.name}"
                for s in rule.sources or ("*",):
                    src = by_cidr.get(s, s)
                    if isinstance(rule, NetRule):
                        for d in (*rule.addresses, *rule.fqdns):
                            for port in rule.ports:
                                for proto in rule.protocols:
                                    yield Flow(stack, "firewall", "Outbound", src, d, _protocol(proto), port, carrier)
                    elif isinstance(rule, AppRule):
                        for d in rule.fqdns:
                            for kind, pnum in rule.protocols:
                                yield Flow(stack, "firewall", "Outbound", src, d, _protocol(kind), str(pnum), carrier)


def _target(doc: Document, value: object) -> str:
    r = ref(value)
    if r:
        return f"{r[0]} {_literal_name(doc.get(r[0], r[1]), r[1])}"
    return str(value)


def _managed_flows(doc: Document, stack: str) -> Iterator[Flow]:
    from ..verify.managed import managed_workspaces  # as amlnet.verify.engine does: it reads amlnet.planning

    rule_types = {"fqdn": "azurerm_machine_learning_workspace_network_outbound_rule_fqdn",
                  "service-tag": "azurerm_machine_learning_workspace_network_outbound_rule_service_tag",
                  "private-endpoint": "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint"}
    for ws_key, mode in sorted(managed_workspaces(doc).items()):
        ws = _literal_name(doc.get(*ws_key.split(".", 1)), ws_key)
        src, managed = f"managed VNet of {ws}", f"managed network {ws}"
        if mode == "AllowInternetOutbound":
            yield Flow(stack, "managed", "Outbound", src, "Internet", "Any", "*", f"{managed} isolation AllowInternetOutbound")
        for kind, rtype in rule_types.items():
            for n, r in doc.all(rtype).items():
                if doc.key(r.get("workspace_id")) != ws_key:
                    continue
                name = r.get("name", n)
                if kind == "fqdn":
                    for port in MANAGED_FQDN_PORTS:
                        yield Flow(stack, "managed", "Outbound", src, str(r.get("destination_fqdn")), "TCP", port, f"{managed} fqdn rule {name}")
                elif kind == "service-tag":
                    for port in str(r.get("port_ranges", "*")).split(","):
                        yield Flow(stack, "managed", "Outbound", src, str(r.get("service_tag")), _protocol(r.get("protocol", "*")),
                                   port.strip(), f"{managed} service-tag rule {name}")
                else:
                    dst = f"{_target(doc, r.get('service_resource_id'))} ({r.get('sub_resource_target')})"
                    yield Flow(stack, "managed", "Outbound", src, dst, "Any", "*", f"private endpoint {name} ({managed})")


def _endpoint_flows(doc: Document, stack: str) -> Iterator[Flow]:
    for n, pe in doc.all("azurerm_private_endpoint").items():
        vnet = vnet_of_subnet(doc, doc.key(pe.get("subnet_id")) or "")
        vbody = doc.get(*vnet.split(".", 1)) if vnet and vnet.startswith("azurerm_virtual_network.") else None
        src = f"VNet {_literal_name(vbody, vnet or '?')}"
        for psc in as_list(pe.get("private_service_connection")):
            target = _target(doc, psc.get("private_connection_resource_id"))
            for sub in as_list(psc.get("subresource_names")) or ["-"]:
                yield Flow(stack, "private-endpoint", "Outbound", src, f"{target} ({sub})", "Any", "*", f"private endpoint {_literal_name(pe, n)}")


def _port_order(p: str) -> tuple[int, str]:
    head = p.split("-", 1)[0]
    return (int(head) if head.isdigit() else -1, p)


def _order(f: Flow) -> tuple[Any, ...]:
    return (f.layer, f.direction, f.source, f.destination, f.protocol, _port_order(f.ports), f.carrier)


def stack_flows(doc: Document, stack: str | None = None) -> tuple[Flow, ...]:
    """Every allowed flow of one stack, one per key (the carriers of a key joined), sorted."""
    name = stack or doc.name
    try:
        raw = [*_nsg_flows(doc, name), *_firewall_flows(doc, name), *_managed_flows(doc, name), *_endpoint_flows(doc, name)]
    except VerifyError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as e:
        raise DiffError(f"{doc.name}: cannot read the stack's network rules ({type(e).__name__}: {e})") from None
    carriers: dict[tuple[str, ...], tuple[Flow, set[str]]] = {}
    for f in raw:
        carriers.setdefault(f.key, (f, set()))[1].add(f.carrier)
    merged = (replace(f, carrier="; ".join(sorted(cs))) for f, cs in carriers.values())
    return tuple(sorted(merged, key=_order))


# --- diff ----------------------------------------------------------------------------------------------

def _resources(doc: Document) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for prefix, block in (("", doc.res), ("data.", doc.data)):
        for rtype, bodies in sorted((block or {}).items()):
            if isinstance(bodies, dict):
                out.update({f"{prefix}{rtype}.{n}": b for n, b in bodies.items()})
    return out


def diff_documents(old: Document | None, new: Document | None, stack: str) -> StackDiff:
    """One stack's diff; `old` or `new` is None for a stack only on the other side."""
    before = {f.key: f for f in (stack_flows(old, stack) if old else ())}
    after = {f.key: f for f in (stack_flows(new, stack) if new else ())}
    opened = tuple(FlowChange("opened", f) for k, f in after.items() if k not in before)
    closed = tuple(FlowChange("closed", f) for k, f in before.items() if k not in after)
    recarried = tuple(FlowChange("carrier", f, before[k].carrier) for k, f in after.items() if k in before and before[k].carrier != f.carrier)
    res_old, res_new = _resources(old) if old else {}, _resources(new) if new else {}
    return StackDiff(
        stack=stack, opened=opened, closed=closed,
        added=tuple(sorted(set(res_new) - set(res_old))),
        removed=tuple(sorted(set(res_old) - set(res_new))),
        changed=tuple(sorted(a for a in set(res_old) & set(res_new) if res_old[a] != res_new[a])),
        recarried=recarried, side="both" if old and new else ("new" if new else "old"),
    )


def _load(path: str | Path, side: str) -> dict[str, Document]:
    try:
        docs = load_documents(path)
    except VerifyError as e:
        msg = str(e) if str(path) in str(e) else f"{path}: {e}"
        raise DiffError(f"{side} input: {msg}") from None
    out: dict[str, Document] = {}
    for d in docs:
        if d.name in out:
            raise DiffError(f"{side} input: {path}: two stacks named {d.name!r}")
        try:
            stack_flows(d)  # malformed rules fail here, where the side and path are known
        except DiffError as e:
            raise DiffError(f"{side} input: {path}: stack {e}") from None
        out[d.name] = d
    return out


def diff_paths(old: str | Path, new: str | Path) -> list[StackDiff]:
    """Compare two syntheses (each a cdktf.out folder, a stack folder or a cdk.tf.json), stacks matched by
    name; two single files are compared with each other whatever their stacks are called."""
    olds, news = _load(old, "old"), _load(new, "new")
    if Path(old).is_file() and Path(new).is_file() and set(olds) != set(news):
        (o, od), (n, nd) = next(iter(olds.items())), next(iter(news.items()))
        return [diff_documents(od, nd, n if o == n else f"{o} -> {n}")]
    return [diff_documents(olds.get(s), news.get(s), s) for s in sorted(set(olds) | set(news))]


def flows_changed(diffs: list[StackDiff]) -> bool:
    """True when a change opens or closes a flow (a carrier change alone is not a flow change)."""
    return any(d.opened or d.closed for d in diffs)


# --- rendering -----------------------------------------------------------------------------------------

def _summary(d: StackDiff) -> str:
    where = {"old": " (only in OLD)", "new": " (only in NEW)"}.get(d.side, "")
    if not (d.opened or d.closed or d.recarried or d.added or d.removed or d.changed):
        return f"stack {d.stack}{where}: no changes"
    return (f"stack {d.stack}{where}: {len(d.opened)} flows opened, {len(d.closed)} closed, {len(d.recarried)} carriers changed; "
            f"resources: {len(d.added)} added, {len(d.removed)} removed, {len(d.changed)} changed")


def render_text(diffs: list[StackDiff]) -> str:
    opened, closed = sum(len(d.opened) for d in diffs), sum(len(d.closed) for d in diffs)
    lines = [f"amlnet diff: {len(diffs)} stack{'' if len(diffs) == 1 else 's'}; {opened} flows opened, {closed} closed"
             + ("" if flows_changed(diffs) else " (no flow changes)")]
    for d in diffs:
        lines.append("")
        lines.append(_summary(d))
        sections: tuple[tuple[str, str, list[str]], ...] = (
            ("flows opened", "+", [c.flow.describe() for c in d.opened]),
            ("flows closed", "-", [c.flow.describe() for c in d.closed]),
            ("carriers changed", "~", [f"{c.flow.describe()} (was {c.was})" for c in d.recarried]),
            ("resources added", "+", list(d.added)),
            ("resources removed", "-", list(d.removed)),
            ("resources changed", "~", list(d.changed)),
        )
        for title, mark, items in sections:
            if items:
                lines.append(f"  {title} ({len(items)}):")
                lines.extend(f"    {mark} {item}" for item in items)
    return "\n".join(lines) + "\n"


def _change(c: FlowChange) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": c.kind, **asdict(c.flow)}
    if c.kind == "carrier":
        out["was"] = c.was
    return out


def render_json(diffs: list[StackDiff]) -> str:
    stacks = [{
        "stack": d.stack, "side": d.side,
        "opened": [_change(c) for c in d.opened], "closed": [_change(c) for c in d.closed],
        "carriers_changed": [_change(c) for c in d.recarried],
        "resources": {"added": list(d.added), "removed": list(d.removed), "changed": list(d.changed),
                      "counts": {"added": len(d.added), "removed": len(d.removed), "changed": len(d.changed)}},
    } for d in diffs]
    return json.dumps({"schema": SCHEMA, "flows_changed": flows_changed(diffs), "stacks": stacks}, indent=2, sort_keys=True) + "\n"
