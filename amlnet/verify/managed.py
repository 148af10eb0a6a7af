"""`amlnet verify` for a managed-network stack: no customer NSG or route carries the compute's traffic, so
every catalog flow of the enabled scenarios must be carried by one of the workspace's managed-VNet
outbound rules (`amlnet.planning.managed` says which rule type carries which row)."""

from __future__ import annotations

from typing import Any, Protocol

from ..catalog import Cloud, Region, Scenario
from ..planning.managed import (
    AML_REQUIRED,
    APPROVED_OUTBOUND_DENIED_TAGS,
    FQDN,
    NOT_ALLOWED,
    PRIVATE_ENDPOINT,
    SERVICE_TAG,
    ManagedRequirement,
    managed_requirements,
)

SUBNET_LABEL = "managed VNet"
_TARGET_OF = {"azurerm_storage_account": "storage", "azurerm_key_vault": "key-vault"}
BROAD_TAGS = ("Internet", "AzureCloud", *APPROVED_OUTBOUND_DENIED_TAGS)
"""Service-tag rules that open far more than any catalog row: an exposure in allow_only_approved_outbound
(`Storage` and `AzureFrontDoor.Frontend`: every storage account or Front Door site of the cloud, issue 19 item 16)."""


class _Doc(Protocol):
    name: str

    def all(self, rtype: str) -> dict[str, Any]: ...


def _ports(text: str) -> list[tuple[int, int]]:
    out = []
    for part in str(text).split(","):
        part = part.strip()
        if not part:
            continue
        if part == "*":
            out.append((1, 65535))
            continue
        lo, _, hi = part.partition("-")
        out.append((int(lo), int(hi or lo)))
    return out


def managed_workspaces(doc: _Doc) -> dict[str, str]:
    """{workspace address: isolation mode} of the workspaces with a managed VNet."""
    out = {}
    for name, w in doc.all("azurerm_machine_learning_workspace").items():
        mn = w.get("managed_network")
        mn = mn[0] if isinstance(mn, list) and mn else mn
        if isinstance(mn, dict) and mn.get("isolation_mode") in ("AllowOnlyApprovedOutbound", "AllowInternetOutbound"):
            out[f"azurerm_machine_learning_workspace.{name}"] = mn["isolation_mode"]
    return out


def _ref_key(value: object) -> str:
    from .document import ref

    r = ref(value)
    return f"{r[0]}.{r[1]}" if r else str(value)


def managed_findings(doc: _Doc, cloud: Cloud, regions: list[Region], scenarios: set[Scenario]) -> list[tuple[str, str, bool, str, bool]]:
    """(flow, expected, allowed, decided by, violation) for each catalog flow of every managed workspace."""
    out: list[tuple[str, str, bool, str, bool]] = []
    for ws, mode in managed_workspaces(doc).items():
        tags = [(n, r) for n, r in doc.all("azurerm_machine_learning_workspace_network_outbound_rule_service_tag").items()
                if _ref_key(r.get("workspace_id")) == ws]
        fqdns = {r.get("destination_fqdn"): r.get("name", n) for n, r in doc.all("azurerm_machine_learning_workspace_network_outbound_rule_fqdn").items()
                 if _ref_key(r.get("workspace_id")) == ws}
        pes: dict[str, str] = {}
        for n, r in doc.all("azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint").items():
            if _ref_key(r.get("workspace_id")) == ws:
                kind = _TARGET_OF.get(_ref_key(r.get("service_resource_id")).split(".")[0], "other")
                pes[f"{kind}:{r.get('sub_resource_target')}"] = r.get("name", n)
        internet = mode == "AllowInternetOutbound"
        reqs: dict[ManagedRequirement, None] = {}
        for reg in regions:
            reqs.update(dict.fromkeys(managed_requirements(cloud, reg, frozenset(scenarios),
                                                           "allow_internet_outbound" if internet else "allow_only_approved_outbound")))
        for req in reqs:
            how = ""
            if req.rule_type == AML_REQUIRED:
                out.append((f"{req.label} ({req.row})", "allowed", True, "required rule Azure Machine Learning creates", False))
                continue
            if req.rule_type == NOT_ALLOWED:  # a rule to the tag is reported below as an exposure
                out.append((f"{req.label} ({req.row})", "denied", False, "not opened in allow_only_approved_outbound (global tag)", False))
                continue
            if req.rule_type == PRIVATE_ENDPOINT:
                how = f"private-endpoint rule {pes[req.target]}" if req.target in pes else ""
            elif internet:
                how = "AllowInternetOutbound"
            elif req.rule_type == FQDN:
                how = f"fqdn rule {fqdns[req.target]}" if req.target in fqdns else ""
            elif req.rule_type == SERVICE_TAG:
                low = int(req.port.split("-")[0])
                for n, r in tags:
                    if r.get("service_tag") == req.target and r.get("protocol") in ("*", req.protocol) and any(
                        a <= low <= b for a, b in _ports(r.get("port_ranges", ""))
                    ):
                        how = f"service-tag rule {r.get('name', n)}"
                        break
            label = f"{req.label} ({req.rule_type} rule; {req.row})"
            out.append((label, "allowed", bool(how), how or f"no {req.rule_type} rule in the managed VNet (default deny)", not how))
        if not internet:
            for n, r in tags:
                if r.get("service_tag") in BROAD_TAGS:
                    out.append((f"service-tag rule to {r.get('service_tag')}", "denied", True, f"service-tag rule {n}", True))
    return out
