"""Audit an existing (brownfield) network, as Azure exports it, against what Azure Machine Learning needs.

Each NSG is taken to be a compute subnet's NSG. The compute subnet is the source of every flow: its range
when an export gives it (a VNet export, an ARM template's subnet, an NSG read with `$expand=subnets`), else
the VirtualNetwork tag (a rule naming VirtualNetwork or a private range is then taken to cover it). Its
routes are those of the route table sharing a subnet with it (a table or NSG that lists no subnet matches
all). Then, with the evaluators `amlnet verify` uses (`verify.nsg`, `verify.routing`, `verify.firewall`):

- missing: every outbound flow the catalog requires (`verify.flows.required_flows`; the private-endpoint
  rows towards `pe_prefixes`, or towards an unknown VNet range) is followed NSG -> route -> firewall; the
  inbound control flows of public-IP compute (`inbound_flows`) through the NSG. A denied flow is
  reported with the rule that decides (`DenyAllOutbound (4096)`, `default DenyAllOutBound (65500)`).
- excess: the exposure probes that must stay denied (`verify.flows.EXPOSURE`) that are allowed; allow
  rules from the Internet (or `*`) inbound; allow rules with two of source, destination and ports `*`;
  allow rules (and firewall network rules) naming a global tag where the catalog's regional one suffices
  (`Storage` for `Storage.EastUS2`); 0.0.0.0/0 routes to Internet, or, when a firewall policy is given,
  to a next hop that is not the firewall (`firewall_ip`, else any VirtualAppliance), or no such route.

Example::

    nsgs, tables, cols = load_exports(["nsg.json"], ["rt.json"], ["rcg.json"])
    rep = audit(nsgs, tables, cols, "public", ["eastus2"], ["python-packages"])
    rep.clean(), print(render_text(rep))
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from ..catalog import ALWAYS_ON, Cloud, Direction, Protocol, Region, Scenario, region, tag_rules
from ..verify import firewall as fw
from ..verify import nsg as nsg_eval
from ..verify.addresses import Context, Destination
from ..verify.flows import EXPOSURE, Flow, inbound_flows, required_flows
from ..verify.routing import Route, select
from .audit_export import AuditInputError, ExportedNsg, ExportedRouteTable

SCHEMA = "amlnet.audit/v1"
ANY_ADDRESS = frozenset({"*", "0.0.0.0/0", "any", "::/0"})
ANY_PORTS = frozenset({"*", "0-65535", "1-65535"})
_DEFAULTS = {name for name, *_ in (*nsg_eval.DEFAULT_OUTBOUND, *nsg_eval.DEFAULT_INBOUND)}


@dataclass(frozen=True)
class AuditFinding:
    """One problem: `kind` "missing" (a flow AML needs is denied) or "excess" (more is open than AML needs)."""

    kind: str
    subject: str
    """What is affected: `<nsg>: outbound <flow>`, `<nsg>: rule <name>`, `route table <name>: ...`."""
    rule: str
    """What decides: an NSG rule `Name (priority)`, `default DenyAllOutBound (65500)`, a route, a firewall rule."""
    detail: str


@dataclass(frozen=True)
class AuditReport:
    findings: tuple[AuditFinding, ...]
    checked: int
    """Flows and exposure probes evaluated, summed over the NSGs."""
    scenarios: tuple[str, ...]
    cloud: str = ""
    regions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def clean(self) -> bool:
        return not self.findings

    @property
    def missing(self) -> tuple[AuditFinding, ...]:
        return tuple(f for f in self.findings if f.kind == "missing")

    @property
    def excess(self) -> tuple[AuditFinding, ...]:
        return tuple(f for f in self.findings if f.kind == "excess")


@dataclass(frozen=True)
class _Env:
    """One NSG's compute subnet: the rules, routes and firewall a flow from it meets."""

    nsg: ExportedNsg
    me: Destination
    ctx: Context
    routes: list[Route]
    collections: list[fw.Collection]
    firewall_ip: str | None
    dns_proxy: bool


def _note(notes: list[str], text: str) -> None:
    if text not in notes:
        notes.append(text)


def _label(decided: str) -> str:
    """`NSG DenyAllOutbound (4096)` -> `DenyAllOutbound (4096)`; Azure's own rules read `default DenyAllOutBound (65500)`."""
    m = re.match(r"^NSG (.+) \((\d+)\)$", decided)
    if not m:
        return decided
    return f"default {m[1]} ({m[2]})" if int(m[2]) >= 65000 and m[1] in _DEFAULTS else f"{m[1]} ({m[2]})"


def _follow(env: _Env, flow: Flow, notes: list[str]) -> tuple[bool | None, str, str]:
    """(allowed, deciding rule, the steps): NSG, then the route, then the firewall. `allowed` is None where the
    exports end before the flow does (an appliance or gateway they do not describe)."""
    d = nsg_eval.decide(list(env.nsg.rules), "Outbound", flow.protocol, flow.port, env.me, flow.dest, env.ctx)
    chain = [d.rule]
    if not d.allowed:
        return False, _label(d.rule), "; ".join(chain)
    if flow.dest.kind == "unknown-subnet":
        return True, _label(d.rule), "; ".join((*chain, "inside the VNet"))
    hop = select(env.routes, flow.dest, env.ctx.vnet_prefixes)
    chain.append(hop.via)
    if hop.kind in ("vnet", "internet"):
        if hop.kind == "internet":
            _note(notes, "flows routed to the internet are taken to leave (a NAT gateway, public IP or default outbound access is not in the exports)")
        return True, f"{_label(d.rule)}, then {hop.via}", "; ".join(chain)
    if hop.kind == "drop":
        if "VirtualNetworkGateway" in hop.via:
            _note(notes, f"{hop.via}: the flow leaves for a VPN/ExpressRoute gateway; not followed further")
            return None, hop.via, "; ".join(chain)
        return False, hop.via, "; ".join(chain)
    if not env.collections or (env.firewall_ip and hop.next_hop_ip != env.firewall_ip):
        what = "no firewall policy was given" if not env.collections else f"it is not the firewall ({env.firewall_ip})"
        _note(notes, f"next hop {hop.next_hop_ip}: {what}; flows through it are checked up to the route only")
        return None, hop.via, "; ".join(chain)
    fd = fw.decide(env.collections, flow.protocol, flow.port, flow.dest, env.ctx.subnet_prefixes, env.dns_proxy)
    chain.append(fd.rule)
    return fd.allowed, fd.rule, "; ".join(chain)


def _requirement(cloud: Cloud | str, regions: Iterable[Region | str], scenarios: Iterable[Scenario | str]) -> tuple[Cloud, list[Region], set[Scenario]]:
    try:
        cloud_v = Cloud(cloud)
        regs = [r if isinstance(r, Region) else region(r) for r in regions]
        scen = {Scenario(s) for s in scenarios} | ALWAYS_ON
    except (KeyError, ValueError) as e:
        raise AuditInputError(f"unknown cloud, region or scenario: {e}") from None
    if not regs:
        raise AuditInputError("no region given: the catalog's regional tags need one (e.g. eastus2)")
    for r in regs:
        if r.cloud != cloud_v:
            raise AuditInputError(f"region {r.name} is not in cloud {cloud_v.value}")
    return cloud_v, regs, scen


def _flows(cloud: Cloud, regs: list[Region], scen: set[Scenario], pe_prefixes: tuple[str, ...]) -> list[Flow]:
    flows = required_flows(cloud, regs, scen, pe_prefixes)
    if not pe_prefixes:  # the private-endpoint rows, towards a VNet range nobody gave
        unknown = Destination("unknown-subnet", "private endpoints")
        pe = {(proto, p.low): Flow("Outbound", proto, p.low, unknown, f"private endpoints (range not given) {proto}/{p.low}")
              for reg in regs for t in tag_rules(cloud, reg, scen) if t.base_tag == "VirtualNetwork" and t.direction == Direction.OUTBOUND
              for proto in ["TCP" if t.protocol in (Protocol.TCP, Protocol.ANY) else "UDP"] for p in t.ports}
        flows += pe.values()
    return flows


def _regional(cloud: Cloud, regs: list[Region]) -> dict[str, tuple[str, ...]]:
    """Global tag (lower case) -> the regional forms the catalog asks for instead (`storage` -> `Storage.EastUS2`)."""
    out: dict[str, dict[str, None]] = {}
    for reg in regs:
        for t in tag_rules(cloud, reg, set(Scenario)):
            if t.tag != t.base_tag:
                out.setdefault(t.base_tag.lower(), {})[t.tag] = None
    return {k: tuple(v) for k, v in out.items()}


def _rule_findings(n: ExportedNsg, regional: dict[str, tuple[str, ...]]) -> list[AuditFinding]:
    out = []
    for r in n.rules:
        if r.access != "Allow":
            continue
        subject, label = f"{n.name}: rule {r.name}", f"{r.name} ({r.priority})"
        what = f"{r.direction.lower()} {r.protocol} from {', '.join(r.sources)} to {', '.join(r.destinations)} on ports {', '.join(r.ports)}"
        src_any = any(p.lower() in ANY_ADDRESS for p in r.sources)
        if r.direction == "Inbound" and (src_any or any(p.lower() == "internet" for p in r.sources)):
            out.append(AuditFinding("excess", subject, label, f"allows inbound traffic from the Internet: {what}; AML needs no Internet inbound"))
        wild = [w for w, on in (("source", src_any), ("destination", any(p.lower() in ANY_ADDRESS for p in r.destinations)),
                                ("port", any(p in ANY_PORTS for p in r.ports))) if on]
        if len(wild) >= 2:
            out.append(AuditFinding("excess", subject, label, f"allows any {' and any '.join(wild)}: {what}"))
        for p in r.destinations if r.direction == "Outbound" else r.sources:
            if p.lower() in regional:
                out.append(AuditFinding("excess", subject, label, f"names the global tag {p} (every region's addresses) where "
                                        f"{' / '.join(regional[p.lower()])} suffices for AML: {what}"))
    return out


def _route_findings(t: ExportedRouteTable, firewall: bool, firewall_ip: str | None) -> list[AuditFinding]:
    out = []
    defaults = [r for r in t.routes if r.prefix == "0.0.0.0/0"]
    for r in defaults:
        label = f"route {r.name} ({r.prefix} -> {r.next_hop_type}{' ' + r.next_hop_ip if r.next_hop_ip else ''})"
        if r.next_hop_type == "Internet":
            past = "past the firewall" if firewall else "unfiltered"
            out.append(AuditFinding("excess", f"route table {t.name}: route {r.name}", label, f"sends all other traffic to the internet, {past}"))
        elif firewall and (r.next_hop_type != "VirtualAppliance" or (firewall_ip and r.next_hop_ip != firewall_ip)):
            fw_is = f"the firewall at {firewall_ip}" if firewall_ip else "a VirtualAppliance (the firewall)"
            out.append(AuditFinding("excess", f"route table {t.name}: route {r.name}", label,
                                    f"the default route's next hop is not {fw_is}: internet-bound traffic escapes the firewall policy"))
    if firewall and not defaults:
        out.append(AuditFinding("excess", f"route table {t.name}", "no 0.0.0.0/0 route",
                                "internet-bound traffic leaves by the system route to the Internet, past the firewall"))
    return out


def _firewall_findings(collections: Sequence[fw.Collection], regional: dict[str, tuple[str, ...]]) -> list[AuditFinding]:
    out = []
    for c in collections:
        for r in c.rules:
            if c.action != "Allow" or not isinstance(r, fw.NetRule):
                continue
            for a in r.addresses:
                if a.lower() in regional:
                    out.append(AuditFinding("excess", f"firewall rule {c.name}/{r.name}", f"{c.name}/{r.name} (group {c.group_priority}, collection {c.priority})",
                                            f"names the global tag {a} where {' / '.join(regional[a.lower()])} suffices for AML"))
    return out


def audit(nsgs: Sequence[ExportedNsg], route_tables: Sequence[ExportedRouteTable], firewall: Sequence[fw.Collection],
          cloud: Cloud | str, regions: Iterable[Region | str], scenarios: Iterable[Scenario | str], *,
          pe_prefixes: Iterable[str] = (), firewall_ip: str | None = None, dns_proxy: bool = True) -> AuditReport:
    """Every catalog flow and exposure probe through each NSG (as a compute subnet's), its routes and `firewall`;
    `pe_prefixes` are the private-endpoint subnet ranges, `firewall_ip` the firewall's private address,
    `dns_proxy` whether its DNS proxy is on (FQDNs in network rules match only then)."""
    cloud_v, regs, scen = _requirement(cloud, regions, scenarios)
    if not nsgs:
        raise AuditInputError("no NSG to audit: give at least one NSG export")
    pes, cols, regional = tuple(pe_prefixes), list(firewall), _regional(cloud_v, regs)
    notes: list[str] = []
    findings: list[AuditFinding] = []
    checked = 0
    if cols and dns_proxy and any(isinstance(r, fw.NetRule) and r.fqdns for c in cols for r in c.rules):
        notes.append("firewall network rules with FQDNs are taken to match (DNS proxy assumed on; dns_proxy=False to change)")
    if cols and not firewall_ip:
        notes.append("a VirtualAppliance next hop is taken to be the firewall whose policy was given (firewall_ip to check its address)")
    for n in nsgs:
        tables = [t for t in route_tables if not t.subnet_ids or not n.subnet_ids or set(t.subnet_ids) & set(n.subnet_ids)]
        if len(tables) > 1:
            notes.append(f"NSG {n.name}: route tables {', '.join(t.name for t in tables)} all apply (no subnet tells them apart); their routes are combined")
        if cols and not tables:
            notes.append(f"NSG {n.name}: no route table applies, so flows take the system route to the Internet, not the firewall")
        routes = [r for t in tables for r in t.routes]
        me = Destination("cidr", n.subnet_prefixes[0]) if n.subnet_prefixes else Destination("unknown-subnet", "VirtualNetwork")
        if not n.subnet_prefixes:
            notes.append(f"NSG {n.name}: its subnet's range is not in the exports; the compute subnet is taken as VirtualNetwork "
                         "(rules naming VirtualNetwork or a private range cover it)")
        ctx = Context(subnet_prefixes=n.subnet_prefixes, vnet_prefixes=tuple(dict.fromkeys((*n.vnet_prefixes, *n.subnet_prefixes, *pes))),
                      udr_prefixes=tuple(r.prefix for r in routes))
        env = _Env(n, me, ctx, routes, cols, firewall_ip, dns_proxy)
        for flow in _flows(cloud_v, regs, scen, pes):
            checked += 1
            allowed, rule, how = _follow(env, flow, notes)
            if allowed is False:
                findings.append(AuditFinding("missing", f"{n.name}: outbound {flow.label}", rule, f"AML needs this flow; denied: {how}"))
        for flow in inbound_flows(cloud_v, regs, scen):
            checked += 1
            d = nsg_eval.decide(list(n.rules), "Inbound", flow.protocol, flow.port, flow.dest, me, ctx)
            if not d.allowed:
                findings.append(AuditFinding("missing", f"{n.name}: inbound {flow.label}", _label(d.rule), f"AML needs this flow; denied: {d.rule}"))
        for flow, layer in EXPOSURE:
            checked += 1
            if layer == "path" and flow.direction == "Outbound":
                allowed, rule, how = _follow(env, flow, notes)
            else:
                inbound = flow.direction == "Inbound"
                d = nsg_eval.decide(list(n.rules), flow.direction, flow.protocol, flow.port, flow.dest if inbound else me, me if inbound else flow.dest, ctx)
                allowed, rule, how = d.allowed, _label(d.rule), d.rule
            if allowed:
                why = " (a 0.0.0.0/0 route puts every address in the VirtualNetwork tag)" if "AllowVnet" in rule and "0.0.0.0/0" in ctx.udr_prefixes else ""
                findings.append(AuditFinding("excess", f"{n.name}: {flow.label}", rule, f"must stay denied; allowed: {how}{why}"))
        findings += _rule_findings(n, regional)
        notes += n.notes
    for t in route_tables:
        findings += _route_findings(t, bool(cols), firewall_ip)
    findings += _firewall_findings(cols, regional)
    return AuditReport(tuple(findings), checked, tuple(sorted(s.value for s in scen)), cloud_v.value, tuple(r.name for r in regs),
                       tuple(dict.fromkeys(notes)))


def render_text(report: AuditReport) -> str:
    """The findings, missing first, each with its deciding rule; then the notes."""
    head = (f"amlnet audit: cloud {report.cloud}; regions {', '.join(report.regions)}; scenarios {', '.join(report.scenarios)}\n"
            f"checked {report.checked} flows and probes: {len(report.missing)} missing, {len(report.excess)} excess"
            + (" (clean)" if report.clean() else ""))
    lines = [head]
    for title, group in (("MISSING (AML needs it, the network denies it)", report.missing), ("EXCESS (open beyond what AML needs)", report.excess)):
        if group:
            lines += ["", title]
            lines += [f"  {f.subject}\n    rule:   {f.rule}\n    detail: {f.detail}" for f in group]
    if report.notes:
        lines += ["", "notes:", *(f"  - {n}" for n in report.notes)]
    return "\n".join(lines) + "\n"


def render_json(report: AuditReport) -> str:
    """`{"schema": "amlnet.audit/v1", "clean": ..., "findings": [{"kind", "subject", "rule", "detail"}], ...}`."""
    return json.dumps({"schema": SCHEMA, "clean": report.clean(), "cloud": report.cloud, "regions": list(report.regions),
                       "scenarios": list(report.scenarios), "checked": report.checked, "missing": len(report.missing),
                       "excess": len(report.excess), "findings": [asdict(f) for f in report.findings], "notes": list(report.notes)},
                      indent=2) + "\n"
