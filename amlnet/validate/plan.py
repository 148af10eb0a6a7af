"""The plan check: every stack planned offline against the real azurerm provider, with known inputs.

`terraform validate` checks a configuration before values are known, so what amlnet computes at plan time
(unique names from `sha256` of the client config, `cidrsubnet`, indexes, `for_each` keys, references)
escapes it. `terraform test` with `mock_provider "azurerm"` (Terraform >= 1.7) plans with the real
provider binary, which runs its `ValidateResourceConfig` on the values as evaluated, without credentials
or network (terraform v1.11 internal/providers/mock.go). Two runs per stack:

1. `plan_unknown_ids`: resource attributes stay unknown, as on a first plan; `for_each`/`count` over
   values known only after apply fail here.
2. `plan_known_ids`: every resource's `id` is mocked with the Azure ID shape of its type
   (`ID_SHAPES`), so a reference to the wrong kind of resource (a VNet ID where a subnet ID belongs) is
   refused by the provider's ID validation.

Every stack becomes a child module of one root (one init, one test for all: the provider starts once).
The module's own provider blocks are removed (a mock replaces only providers configured in the root)
and provider aliases are passed in; its variables get placeholder values; its backend is removed.
`azurerm_client_config` is mocked with GUIDs. A diagnostic goes back to its stack by its file
(`s003/cdk.tf.json`).

Example::

    results = plan_stacks(source, [Stack("default/secure-workspace", Path("cdktf.out/stacks/secure-workspace"))])
    results["default/secure-workspace"]   # [] or the provider's and Terraform's errors
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic
from .provider import AZURERM_VERSION, ProviderSource

SUB = "00000000-0000-0000-0000-000000000002"
CLIENT_CONFIG = {"tenant_id": "00000000-0000-0000-0000-000000000001", "subscription_id": SUB,
                 "object_id": "00000000-0000-0000-0000-000000000003", "client_id": "00000000-0000-0000-0000-000000000004"}
_RG = f"/subscriptions/{SUB}/resourceGroups/rg-plan"
_N = f"{_RG}/providers/Microsoft.Network"
ID_SHAPES: dict[str, str] = {
    "azurerm_resource_group": _RG,
    "azurerm_virtual_network": f"{_N}/virtualNetworks/vnet",
    "azurerm_subnet": f"{_N}/virtualNetworks/vnet/subnets/snet",
    "azurerm_network_security_group": f"{_N}/networkSecurityGroups/nsg",
    "azurerm_route_table": f"{_N}/routeTables/rt",
    "azurerm_nat_gateway": f"{_N}/natGateways/nat",
    "azurerm_public_ip": f"{_N}/publicIPAddresses/pip",
    "azurerm_firewall": f"{_N}/azureFirewalls/afw",
    "azurerm_firewall_policy": f"{_N}/firewallPolicies/afwp",
    "azurerm_firewall_policy_rule_collection_group": f"{_N}/firewallPolicies/afwp/ruleCollectionGroups/rcg",
    "azurerm_private_endpoint": f"{_N}/privateEndpoints/pe",
    "azurerm_private_dns_zone": f"{_N}/privateDnsZones/privatelink.example.net",
    "azurerm_private_dns_zone_virtual_network_link": f"{_N}/privateDnsZones/privatelink.example.net/virtualNetworkLinks/link",
    "azurerm_private_dns_resolver": f"{_N}/dnsResolvers/dnspr",
    "azurerm_private_dns_resolver_inbound_endpoint": f"{_N}/dnsResolvers/dnspr/inboundEndpoints/in",
    "azurerm_virtual_network_peering": f"{_N}/virtualNetworks/vnet/virtualNetworkPeerings/peer",
    "azurerm_subnet_service_endpoint_storage_policy": f"{_N}/serviceEndpointPolicies/sep",
    "azurerm_storage_account": f"{_RG}/providers/Microsoft.Storage/storageAccounts/stplan",
    "azurerm_key_vault": f"{_RG}/providers/Microsoft.KeyVault/vaults/kv-plan",
    "azurerm_container_registry": f"{_RG}/providers/Microsoft.ContainerRegistry/registries/crplan",
    "azurerm_application_insights": f"{_RG}/providers/Microsoft.Insights/components/appi",
    "azurerm_log_analytics_workspace": f"{_RG}/providers/Microsoft.OperationalInsights/workspaces/log",
    "azurerm_machine_learning_workspace": f"{_RG}/providers/Microsoft.MachineLearningServices/workspaces/mlw",
    "azurerm_machine_learning_compute_cluster": f"{_RG}/providers/Microsoft.MachineLearningServices/workspaces/mlw/computes/cc",
    "azurerm_machine_learning_compute_instance": f"{_RG}/providers/Microsoft.MachineLearningServices/workspaces/mlw/computes/ci",
    "azurerm_user_assigned_identity": f"{_RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id",
    "azurerm_kubernetes_cluster": f"{_RG}/providers/Microsoft.ContainerService/managedClusters/aks",
}
"""The `id` shape each resource type gets in the known-IDs run (`_overrides`: one `override_resource` per resource,
`override_during = plan`, Terraform >= 1.11); types not listed keep the mock's generated value."""

DATA_SHAPES: dict[str, dict[str, str]] = {
    "azurerm_private_dns_zone": {"id": f"{_N}/privateDnsZones/privatelink.example.net"},
    "azurerm_firewall_policy": {"id": f"{_N}/firewallPolicies/afwp-hub"},
    "azurerm_virtual_network": {"id": f"{_N}/virtualNetworks/vnet-existing"},
    "azurerm_subnet": {"id": f"{_N}/virtualNetworks/vnet-existing/subnets/snet-existing"},
}
"""What a data source reads, in both runs (a data source is read during the plan): IDs of the right shape."""

_PLACEHOLDER = {"string": "plan-placeholder", "number": 1, "bool": True}
_FILE = re.compile(r"^(s\d{3})/")


@dataclass
class PlanResult:
    """The plan check's answer for one stack: errors from Terraform or the provider, per run."""

    name: str
    errors: list[tuple[str, Diagnostic]] = field(default_factory=list)
    """(run name, diagnostic)."""
    failure: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.failure is None and not self.errors


def _aliases(doc: dict[str, Any]) -> list[str]:
    blocks = (doc.get("provider") or {}).get("azurerm") or []
    blocks = blocks if isinstance(blocks, list) else [blocks]
    return sorted({b["alias"] for b in blocks if isinstance(b, dict) and b.get("alias")})


def _child(doc: dict[str, Any]) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
    """The stack as a child module: no provider blocks (aliases declared as configuration_aliases), no backend;
    with the aliases it needs and placeholder values for its variables."""
    aliases = _aliases(doc)
    doc = dict(doc)
    doc.pop("provider", None)
    tf = dict(doc.get("terraform") or {})
    tf.pop("backend", None)
    req = dict(tf.get("required_providers") or {})
    az = dict(req.get("azurerm") or {"source": "hashicorp/azurerm"})
    if aliases:
        az["configuration_aliases"] = [f"azurerm.{a}" for a in aliases]
    req["azurerm"] = az
    tf["required_providers"] = req
    doc["terraform"] = tf
    values = {}
    for name, var in (doc.get("variable") or {}).items():
        if "default" not in var:
            values[name] = _PLACEHOLDER.get(str(var.get("type", "string")), "plan-placeholder")
    return doc, aliases, values


def _overrides(key: str, doc: dict[str, Any]) -> list[str]:
    """override_resource blocks giving each resource of the stack an ID of its type's shape, ending in its own
    literal name where the JSON has one (a subnet named AzureFirewallSubnet keeps that name in its ID)."""
    out = []
    for rtype, shape in ID_SHAPES.items():
        for name, body in ((doc.get("resource") or {}).get(rtype) or {}).items():
            literal = body.get("name") if isinstance(body, dict) else None
            rid = shape
            if isinstance(literal, str) and literal and "${" not in literal and "/" not in literal and '"' not in literal:
                rid = shape.rsplit("/", 1)[0] + "/" + literal
            out.append(f"  override_resource {{\n    target = module.{key}.{rtype}.{name}\n    override_during = plan\n"
                       f"    values = {{ id = \"{rid}\" }}\n  }}")
    return out


def _hcl_object(values: dict[str, str]) -> str:
    return ", ".join(f"{k} = {json.dumps(v)}" for k, v in values.items())


def _test_file(aliases: set[str], overrides: list[str] | None = None) -> str:
    client = "\n".join(f"      {k} = \"{v}\"" for k, v in CLIENT_CONFIG.items())
    data = "\n".join(f"  mock_data \"{t}\" {{\n    defaults = {{ {_hcl_object(vals)} }}\n  }}" for t, vals in sorted(DATA_SHAPES.items()))
    out = []
    for known_ids in (False, True):
        for alias in ("", *sorted(aliases)):
            out.append(f"mock_provider \"azurerm\" {{\n  alias = \"{'known_' if known_ids else 'unknown_'}{alias or 'default'}\"\n"
                       f"  mock_data \"azurerm_client_config\" {{\n    defaults = {{\n{client}\n    }}\n  }}\n{data}\n}}\n")
    for known_ids in (False, True):
        prefix = "known_" if known_ids else "unknown_"
        mapping = ", ".join([f"azurerm = azurerm.{prefix}default", *(f"azurerm.{a} = azurerm.{prefix}{a}" for a in sorted(aliases))])
        extra = "\n".join(overrides or []) if known_ids else ""
        out.append(f"run \"plan_{'known' if known_ids else 'unknown'}_ids\" {{\n  command = plan\n  providers = {{ {mapping} }}\n{extra}\n}}\n")
    return "\n".join(out)


def _root(stacks: list[tuple[str, dict[str, Any]]], root: Path) -> list[str]:
    keys = []
    modules: dict[str, Any] = {}
    all_aliases: set[str] = set()
    overrides: list[str] = []
    for i, (_, doc) in enumerate(stacks):
        key = f"s{i:03d}"
        keys.append(key)
        overrides += _overrides(key, doc)
        child, aliases, values = _child(doc)
        (root / key).mkdir()
        (root / key / "cdk.tf.json").write_text(json.dumps(child))
        all_aliases.update(aliases)
        modules[key] = {"source": f"./{key}", **values,
                        "providers": {"azurerm": "azurerm", **{f"azurerm.{a}": f"azurerm.{a}" for a in aliases}}}
    providers = [{"features": [{}]}, *({"alias": a, "features": [{}]} for a in sorted(all_aliases))]
    (pin,) = {azurerm_pin(doc) for _, doc in stacks}  # plan_stacks plans each pin apart
    (root / "main.tf.json").write_text(json.dumps({
        "terraform": {"required_providers": {"azurerm": {"source": "hashicorp/azurerm", "version": pin}}},
        "provider": {"azurerm": providers}, "module": modules}, indent=1))
    (root / "plan.tftest.hcl").write_text(_test_file(all_aliases, overrides))
    return keys


def azurerm_pin(doc: dict[str, Any]) -> str:
    """The azurerm version a synthesized stack pins (its CDK's bindings write it: 4.55.0 cdktf, 4.81.0 cdktn)."""
    pin = doc.get("terraform", {}).get("required_providers", {}).get("azurerm", {}).get("version")
    return pin if isinstance(pin, str) and pin else AZURERM_VERSION


def plan_stacks(source: ProviderSource, stacks: list[tuple[str, Path]], terraform: str = "terraform",
                env: dict[str, str] | None = None, timeout: float = 600, batch: bool = True) -> dict[str, PlanResult]:
    """Plan every stack (name, its cdk.tf.json or the folder holding it) in one `terraform test`; {name: PlanResult}. When that run
    reports any error, each stack is planned alone: an error in one module stops Terraform before it plans the
    others, so only a clean batch answers for all. `batch=False` plans each alone from the start."""
    docs = [(name, json.loads((d if d.is_file() else d / "cdk.tf.json").read_text())) for name, d in stacks]
    pins = sorted({azurerm_pin(doc) for _, doc in docs})
    if len(pins) > 1:  # one root module has one azurerm version: each pin is its own run
        return {k: v for pin in pins for k, v in plan_stacks(
            source, [(n, d) for (n, d), (_, doc) in zip(stacks, docs, strict=True) if azurerm_pin(doc) == pin],
            terraform, env, timeout, batch).items()}
    results = _plan(source, docs, terraform, env, timeout) if batch or len(docs) == 1 else {}
    if len(docs) > 1 and (not batch or not all(r.ok for r in results.values())):
        with ThreadPoolExecutor(max_workers=max(1, min(len(docs), (os.cpu_count() or 2)))) as pool:
            alone = list(pool.map(lambda d: _plan(source, [d], terraform, env, timeout), docs))
        results = {k: v for r in alone for k, v in r.items()}
    return results


def _plan(source: ProviderSource, docs: list[tuple[str, dict[str, Any]]], terraform: str, env: dict[str, str] | None,
          timeout: float) -> dict[str, PlanResult]:
    results = {name: PlanResult(name) for name, _ in docs}
    root = Path(tempfile.mkdtemp(prefix="amlnet-plan-"))
    try:
        keys = _root(docs, root)
        owner = dict(zip(keys, (n for n, _ in docs), strict=True))
        t = time.perf_counter()
        init = subprocess.run([terraform, "init", "-backend=false", "-input=false", "-no-color"], cwd=root, env=env,
                              capture_output=True, text=True, timeout=timeout)
        if init.returncode != 0:
            for r in results.values():
                r.failure = f"terraform init failed ({source.description}): {(init.stdout + init.stderr).strip()[-2000:]}"
            return results
        test = subprocess.run([terraform, "test", "-json", "-no-color"], cwd=root, env=env, capture_output=True, text=True,
                              timeout=timeout)
        seconds = time.perf_counter() - t
        orphans = []
        for line in test.stdout.splitlines():
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue
            diag = event.get("diagnostic")
            if event.get("type") != "diagnostic" or not diag or diag.get("severity") != "error":
                continue
            run = (event.get("@testrun") or "").strip() or "test"
            d = Diagnostic.from_json(diag)
            m = _FILE.match(d.filename)
            name = owner.get(m.group(1)) if m else None
            if name is None:
                # an address in a module: module.s003.azurerm_x.y
                am = re.match(r"^module\.(s\d{3})\.", d.address or "")
                name = owner.get(am.group(1)) if am else None
            if name is None:
                orphans.append(d)
                continue
            results[name].errors.append((run, Diagnostic(d.severity, d.summary, d.detail, re.sub(r"^module\.s\d{3}\.", "", d.address),
                                                          _FILE.sub("", d.filename), d.line, d.code)))
        for r in results.values():
            r.seconds = seconds
        if test.returncode != 0 and not any(r.errors for r in results.values()):
            text = "; ".join(d.summary for d in orphans) or (test.stderr or test.stdout).strip()[-2000:]
            for r in results.values():
                r.failure = f"terraform test exited {test.returncode}: {text}"
        elif orphans:
            for r in results.values():
                r.failure = r.failure or f"terraform test reported errors outside any one stack: {'; '.join(d.summary for d in orphans)}"
        return results
    except subprocess.TimeoutExpired as e:
        for r in results.values():
            r.failure = f"terraform {e.cmd[1]} did not finish within {e.timeout:.0f} s"
        return results
    finally:
        shutil.rmtree(root, ignore_errors=True)


def render_plan(results: dict[str, PlanResult], seconds: float) -> str:
    """The plan check's lines: one per stack, then each error with its run, address, message and file:line."""
    lines = []
    for name, r in results.items():
        if r.failure:
            lines.append(f"{name:<50} plan FAILED: {r.failure}")
        elif r.errors:
            lines.append(f"{name:<50} plan: {len(r.errors)} error(s)")
            for run, d in r.errors:
                where = f"{d.filename}:{d.line}" if d.filename else ""
                lines.append(f"  [{run}] {d.address or '-'}: {d.summary}{f' ({where})' if where else ''}")
        else:
            lines.append(f"{name:<50} plan ok (unknown IDs, known IDs)")
    bad = sum(not r.ok for r in results.values())
    lines.append(f"plan: {'OK' if not bad else 'FAILED'}: {len(results)} stacks, {bad} with errors, two runs each "
                 f"(terraform test, mock_provider azurerm); {seconds:.1f} s")
    return "\n".join(lines) + "\n"

