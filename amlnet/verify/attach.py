"""`amlnet verify` for the attach subnet (VMs, HDInsight) and the Databricks subnets, found by name from
the stack's `//.amlnet` metadata (`attached_compute`, `databricks`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..catalog import region
from . import nsg
from .addresses import Destination
from .routing import select

if TYPE_CHECKING:
    from .document import Document
    from .report import Finding
    from .views import SubnetView

DATABRICKS_DELEGATION = "Microsoft.Databricks/workspaces"


def subnet_key_named(doc: Document, name: str) -> str | None:
    """The `azurerm_subnet.<id>` key of the stack's subnet called `name`."""
    for rid, body in doc.all("azurerm_subnet").items():
        if str(body.get("name", "")).lower() == name.lower():
            return f"azurerm_subnet.{rid}"
    return None


def attached_subnets(doc: Document) -> dict[str, list[dict[str, Any]]]:
    """The attach subnet as a compute subnet for the engine (no AML compute resource names it)."""
    meta = doc.meta.get("attached_compute") or {}
    key = subnet_key_named(doc, meta["subnet"]) if meta.get("subnet") else None
    return {key: [{"node_public_ip_enabled": False, "attached": True}]} if key else {}


def attached_findings(doc: Document, sv: SubnetView, regs: list[Any], me: Destination) -> list[tuple[str, str, str, str, bool, str]]:
    """(check, flow, direction, expected, allowed, decided_by): SSH from each region's AzureMachineLearning
    allowed (seed 003); SSH from the Internet denied; with a firewall route, replies to AzureMachineLearning
    leave directly (an asymmetric path through the firewall would drop them)."""
    out = []
    seen: list[str] = []
    for reg in regs:
        for name in (reg.name, reg.pair):
            if name and name not in seen:
                seen.append(name)
    for name in seen:
        tag = f"AzureMachineLearning.{region(name).tag_suffix}"
        d = nsg.decide(sv.rules, "Inbound", "TCP", 22, Destination("tag", tag), me, sv.ctx)
        out.append(("flow", f"SSH from {tag} to attached compute TCP/22", "Inbound", "allowed", d.allowed, d.rule))
        if any(r.next_hop_type == "VirtualAppliance" for r in sv.routes):
            hop = select(sv.routes, Destination("tag", tag), sv.ctx.vnet_prefixes)
            out.append(("return-path", f"replies to {tag} (SSH) bypass the firewall", "Outbound", "allowed", hop.kind == "internet", hop.via))
    for label, src in (("the internet", Destination("internet", "203.0.113.22")), ("a private range outside the VNet",
                                                                                    Destination("cidr", "192.168.255.240/28"))):
        d = nsg.decide(sv.rules, "Inbound", "TCP", 22, src, me, sv.ctx)
        out.append(("exposure", f"SSH from {label} to attached compute TCP/22", "Inbound", "denied", d.allowed, d.rule))
    return out


def databricks_findings(doc: Document, make: Any) -> list[Finding]:
    """Both Databricks subnets exist, are delegated to Microsoft.Databricks/workspaces and have an NSG."""
    meta = doc.meta.get("databricks") or {}
    out = []
    for role in ("host_subnet", "container_subnet"):
        name = meta.get(role)
        if not name:
            continue
        key = subnet_key_named(doc, name)
        body = doc.get("azurerm_subnet", key.split(".", 1)[1]) if key else None
        if body is None:
            out.append(make(name, "databricks", f"{role} {name} exists", "missing from the stack"))
            continue
        services = [str((dl.get("service_delegation") or {}).get("name", "")) if isinstance(dl.get("service_delegation"), dict)
                    else str(((dl.get("service_delegation") or [{}])[0]).get("name", ""))
                    for dl in (body.get("delegation") or [])]
        out.append(make(name, "databricks", f"{role} delegated to {DATABRICKS_DELEGATION}",
                        None if DATABRICKS_DELEGATION in services else f"delegation: {services or 'none'}"))
        ref = f"${{{key}.id}}"
        assoc = [a for a in doc.all("azurerm_subnet_network_security_group_association").values() if a.get("subnet_id") == ref]
        out.append(make(name, "databricks", f"{role} has a network security group",
                        None if assoc else "no azurerm_subnet_network_security_group_association"))
    return out
