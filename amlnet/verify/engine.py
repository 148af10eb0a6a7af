"""`amlnet verify`: evaluate, in synthesized Terraform JSON, every flow the catalog requires for the
subnets that host AML compute, the way Azure would; and check that flows nobody asked for are denied.

The pieces, one idea each: `document` (reading the JSON), `views` (the network around a subnet, the
firewall), `flows` (what is checked), `outbound` (one flow followed, a typed `Outcome`), `nsg`,
`firewall`, `routing`, `addresses` (the evaluators), `dns` (name resolution), `report` (findings, rendering).

Example::

    rep = verify_document(load_documents("cdktf.out")[0])
    rep.violations   # []
"""

from __future__ import annotations

from ..catalog import Cloud, Region, Scenario, profile, region
from ..provider_rules import sweep
from . import nsg
from .addresses import Destination
from .attach import attached_findings, attached_subnets, databricks_findings
from .dns import dns_findings, dns_servers_of, resolve_hosts
from .document import Document, VerifyError, as_list
from .flows import EXPOSURE, Flow, inbound_flows, required_flows, scoring_flows
from .outbound import Stop, evaluate_outbound, self_of
from .reachability import reachability_findings
from .report import Finding, Report
from .routing import select
from .storage_policy import FOREIGN_ACCOUNT, decide_foreign_account
from .views import SubnetView, compute_subnets, peers, subnet_view, vnet_of_subnet


def verify_document(doc: Document, cloud: str | None = None, regions: list[str] | None = None, scenarios: list[str] | None = None) -> Report:
    rep = Report(stack=doc.name)
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
        if not scenarios:
            rep.assumed_scenarios = tuple(sorted(s.value for s in scen))
        assumed = "" if scenarios else "; scenarios assumed: compute, studio (give --scenario for more)"
        rep.notes.append(f"{doc.name}: no amlnet metadata; verified for cloud {cloud_v.value}, regions {[r.name for r in regs]} "
                         f"(from the flags){assumed}")
    subnets = {**compute_subnets(doc), **attached_subnets(doc)}
    if _managed(doc, rep, cloud_v, regs, scen):
        pass
    elif not subnets:
        rep.notes.append(f"{doc.name}: no subnet hosts AML compute")
    pe_prefixes_all = {}
    for pe in doc.all("azurerm_private_endpoint").values():
        k = doc.key(pe.get("subnet_id")) or ""
        body = doc.get("azurerm_subnet", k.split(".", 1)[1]) if k.startswith("azurerm_subnet.") else None
        if body:
            pe_prefixes_all[k] = (vnet_of_subnet(doc, k), tuple(as_list(body.get("address_prefixes"))))
    for key, compute in subnets.items():
        sv = subnet_view(doc, key, compute)
        reach = {sv.vnet, *peers(doc, sv.vnet)}
        pe_prefixes = tuple(p for v, ps in pe_prefixes_all.values() if v in reach for p in ps)

        def add(check: str, flow_label: str, direction: str, expected: str, allowed: bool, how: str, sv: SubnetView = sv) -> None:
            result = "allowed" if allowed else "denied"
            rep.findings.append(Finding(doc.name, sv.label, check, direction, flow_label, expected, result, how, result != expected))

        outside = bool(doc.meta.get("egress_outside"))
        aks = any(c.get("aks") for c in compute)
        inf = doc.meta.get("inference") or {}
        if aks:  # an AKS inference subnet: its own rows (seed 004), not the compute subnet's
            own = {Scenario(x) for x in inf.get("scenarios", ["aks-inference", "kubernetes"])}
            flows = required_flows(cloud_v, regs, own, pe_prefixes, exact=True, kubernetes_use=inf.get("kubernetes_use", "inference"))
        else:
            flows = required_flows(cloud_v, regs, scen, pe_prefixes)
        for flow in flows:
            out = evaluate_outbound(doc, sv, flow, rep.notes)
            if outside and out.stop is Stop.NO_EGRESS:
                rep.findings.append(Finding(doc.name, sv.label, "flow", "Outbound", flow.label, "allowed", "external",
                                            "; ".join((*out.chain[:-1], "egress outside this stack")), False))
                note = f"{doc.name}: egress is provided outside this stack (egress.mode none); flows leaving the VNet pass the NSG and are not followed further"
                if note not in rep.notes:
                    rep.notes.append(note)
                continue
            add("flow", flow.label, "Outbound", "allowed", out.allowed, out.how)
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
        if any(c.get("attached") for c in compute):  # VMs / HDInsight attached as compute
            for check, label, direction, expected, allowed, how in attached_findings(doc, sv, regs, self_of(sv, rep.notes)):
                add(check, label, direction, expected, allowed, how)
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
            if blocked is False:
                ok, how = False, why
            else:
                probe = evaluate_outbound(doc, sv, flow, rep.notes)
                ok, how = probe.allowed, probe.how
            # the guard covers the AML compute subnets the stack creates; attached VMs and HDInsight (whose
            # clusters use storage accounts of their own) are not guarded
            attached = any(c.get("attached") for c in compute)
            if guard and key.startswith("azurerm_subnet.") and not attached:
                add("exfiltration", flow.label, "Outbound", "denied", ok, how if blocked is False else f"{why}; {how}")
            else:  # off, a reused subnet amlnet does not manage, or attached compute: reported, not a violation
                result = "allowed" if ok else "denied"
                why_off = ("compute.storage_exfiltration_guard off" if not guard
                           else "attached compute, not guarded" if attached else "a subnet amlnet does not manage")
                rep.findings.append(Finding(doc.name, sv.label, "exfiltration", "Outbound", f"{flow.label} ({why_off})", result, result,
                                            how, False))
        me_dns = self_of(sv, rep.notes)
        for server in dns_servers_of(doc, sv):
            for proto in ("Udp", "Tcp"):
                d = nsg.decide(sv.rules, "Outbound", proto.upper(), 53, me_dns, Destination("cidr", f"{server}/32"), sv.ctx)
                add("flow", f"DNS to the VNet's DNS server {server} {proto.upper()}/53", "Outbound", "allowed", d.allowed, d.rule)
        for what, ok, how in reachability_findings(doc, sv, dns_servers_of(doc, sv)):
            add("reachability", what, "Outbound", "allowed", ok, how)
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
                probe = evaluate_outbound(doc, sv, flow, rep.notes)
                expected = "allowed" if (probe.allowed and "nat-unfiltered-https" in accepted) else "denied"
                add("exposure", flow.label + (" (accepted: egress.nat_allow_unfiltered_https)" if expected == "allowed" else ""),
                    "Outbound", expected, probe.allowed, probe.how)

    def databricks(subnet: str, check: str, label: str, problem: str | None) -> Finding:
        return Finding(doc.name, subnet, check, "-", label, "allowed", "denied" if problem else "allowed", problem or "set", bool(problem))

    rep.findings.extend(databricks_findings(doc, databricks))
    # what the provider's Go code refuses at plan or apply, which `terraform validate` never runs (issue 19)
    for hit in sweep({"resource": doc.res}):
        rep.findings.append(Finding(doc.name, "-", "provider-rule", "-", f"{hit.address}.{hit.rule.arguments[0]}", "accepted",
                                    "refused", hit.line(), True))
    return rep


def _managed(doc: Document, rep: Report, cloud: Cloud, regs: list[Region], scen: set[Scenario]) -> bool:
    """A workspace with a managed VNet: its outbound rules must carry every catalog flow (amlnet.verify.managed)."""
    from .managed import SUBNET_LABEL, managed_findings, managed_workspaces

    if not managed_workspaces(doc):
        return False
    rep.notes.append(f"{doc.name}: compute runs in the workspace's managed VNet; its outbound rules are checked (no customer NSG or route)")
    for flow, expected, allowed, how, violation in managed_findings(doc, cloud, regs, scen):
        result = "allowed" if allowed else "denied"
        check = "exposure" if expected == "denied" else "flow"
        rep.findings.append(Finding(doc.name, SUBNET_LABEL, check, "Outbound", flow, expected, result, how, violation))
    return True
