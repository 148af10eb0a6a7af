"""The plan check (issue 20): every shipped stack planned offline with `terraform test` and `mock_provider
"azurerm"` (the real provider binary validates the values as evaluated at plan time), twice: resource IDs
unknown, then known with each type's Azure ID shape. Each defect class that `terraform validate` cannot see
fails with Terraform's or the provider's message; clean stacks pass.

Needs terraform and the provider like tests/validate/test_terraform.py (CI sets AMLNET_REQUIRE_TERRAFORM=1).
"""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path

import pytest

from amlnet.validate.plan import plan_stacks, render_plan
from amlnet.validate.runner import terraform_env
from tests import background
from tests.conftest import session_dir
from tests.synthesized import shipped_stacks
from tests.validate.stacks import terraform_tools

TOOLS, UNAVAILABLE = terraform_tools("plan")


def _plan(named_docs: dict[str, dict], prefix: str, batch: bool = True):
    root = session_dir(prefix)
    stacks = []
    for name, doc in named_docs.items():
        d = root / name.replace("/", "__")
        d.mkdir(parents=True)
        (d / "cdk.tf.json").write_text(json.dumps(doc))
        stacks.append((name, d))

    def run():
        if UNAVAILABLE:
            raise RuntimeError(UNAVAILABLE)
        TOOLS.source.prepare()
        t = time.perf_counter()
        res = plan_stacks(TOOLS.source, stacks, terraform=TOOLS.terraform, env=terraform_env(TOOLS.source), batch=batch)
        return res, time.perf_counter() - t
    return run


def _readme_composed() -> dict[str, dict]:
    """The docs' "compose the constructs in your own stack" app (its `class MyMlStack` block, on whichever page of
    README.md and docs/ holds it: docs/constructs.md), synthesized here."""
    import amlnet.providers
    from tests.test_readme import python_block

    out = session_dir("amlnet-plan-readme-app-")
    page, code = python_block("class MyMlStack")
    real_app = amlnet.providers.App
    amlnet.providers.App = lambda *a, **k: real_app(outdir=str(out))  # type: ignore[misc]
    try:
        exec(compile(code, page, "exec"), {"__name__": "readme"})
    finally:
        amlnet.providers.App = real_app  # type: ignore[misc]
    return {f"readme/{p.parent.name}": json.loads(p.read_text()) for p in (out / "stacks").glob("*/cdk.tf.json")}


@background.job
def shipped_plan():
    """Every stack of the default app and of every example, and the README's composed app, as one batch."""
    docs = {f"{Path(label).stem}/{kind}": doc for label, kind, _, doc in shipped_stacks()}
    return _plan({**docs, **_readme_composed()}, "amlnet-plan-shipped-")


def _first(doc: dict, rtype: str) -> dict:
    return next(iter(doc["resource"][rtype].values()))


def _defects() -> dict[str, dict]:
    base = shipped_stacks()[0][3]
    assert shipped_stacks()[0][:2] == ("default", "secure-workspace")
    vnet = next(iter(base["resource"]["azurerm_virtual_network"]))
    out = {}

    def case(name, fn):
        doc = copy.deepcopy(base)
        fn(doc)
        out[name] = doc

    # values the provider checks, computed at plan time (names from sha256(...) of the client config): one stack,
    # every resource's ValidateResourceConfig runs, so all three are reported together
    def provider_values(d):
        _first(d, "azurerm_storage_account").update(name="ST${substr(local.names_suffix_8C460BE1, 0, 8)}")
        _first(d, "azurerm_key_vault").update(name="kv-amlnet-much-too-long-${local.names_suffix_8C460BE1}")
        _first(d, "azurerm_log_analytics_workspace").update(sku='${upper(substr(local.names_suffix_8C460BE1, 0, 3))}')

    case("provider-values", provider_values)

    # functions that fail on values only a plan knows: two resources, both reported
    def functions(d):
        subnets = list(d["resource"]["azurerm_subnet"].values())
        subnets[0]["address_prefixes"] = ['${cidrsubnet("10.20.0.0/16", 20, 1)}']
        subnets[1]["address_prefixes"] = ['${["10.20.1.0/24"][3]}']

    case("functions", functions)
    case("for-each-over-unknown-keys", lambda d: d["resource"].setdefault("azurerm_user_assigned_identity", {}).update(
        per_vnet={"for_each": f"${{toset([azurerm_virtual_network.{vnet}.id])}}", "name": "id-${each.key}", "location": "eastus2",
                  "resource_group_name": "rg"}))

    # references to the wrong kind of resource: only IDs of the right shape (the known-IDs run) show them
    def wrong_kind(d):
        _first(d, "azurerm_private_endpoint")["subnet_id"] = f"${{azurerm_virtual_network.{vnet}.id}}"
        compute = next(k for k, s in d["resource"]["azurerm_subnet"].items() if s["name"] == "snet-aml-compute")
        _first(d, "azurerm_firewall")["ip_configuration"][0]["subnet_id"] = f"${{azurerm_subnet.{compute}.id}}"

    case("wrong-kind", wrong_kind)
    return out


EXPECTED = [  # (stack, run, text of Terraform's or the provider's message)
    ("provider-values", "plan_unknown_ids", "can only consist of lowercase letters and numbers"),   # upper case
    ("provider-values", "plan_unknown_ids", "may only contain alphanumeric characters and dashes and must be between 3-24"),
    ("provider-values", "plan_unknown_ids", "expected sku to be one of"),                           # enum built at plan time
    ("functions", "plan_unknown_ids", "Error in function call"),                                     # cidrsubnet overflow
    ("functions", "plan_unknown_ids", "Invalid index"),                                              # index past the end
    ("for-each-over-unknown-keys", "plan_unknown_ids", "Invalid for_each argument"),
    ("wrong-kind", "plan_known_ids", "parsing the Subnet ID"),                                       # endpoint given a VNet
    ("wrong-kind", "plan_known_ids", "must be exactly 'AzureFirewallSubnet'"),                       # firewall subnet
]


@background.job
def defect_plan():
    """Each defect stack alone (a batch with an error would be rerun that way anyway)."""
    return _plan(_defects(), "amlnet-plan-defects-", batch=False)


@background.uses(shipped_plan)
def test_every_shipped_stack_plans_clean(capsys):
    res, seconds = background.result(shipped_plan)
    report = render_plan(res, seconds)
    with capsys.disabled():
        print("\n" + report, end="")
    assert len(res) >= 27 and all(r.ok for r in res.values()), report


@background.uses(defect_plan)
@pytest.mark.parametrize("stack, run, text", EXPECTED, ids=[f"{s}:{t[:30]}" for s, _, t in EXPECTED])
def test_each_defect_class_fails_the_plan(stack, run, text):
    res, _ = background.result(defect_plan)
    r = res[stack]
    assert r.failure is None, r.failure
    assert any(rn == run and text in (d.summary + " " + d.detail) for rn, d in r.errors), [(rn, d.summary) for rn, d in r.errors]
    assert all(d.filename == "cdk.tf.json" for _, d in r.errors)  # each diagnostic points at the stack's own file


@background.uses(shipped_plan)
def test_a_stack_composed_by_a_user_plans_clean():
    res, _ = background.result(shipped_plan)
    composed = {n: r for n, r in res.items() if n.startswith("readme/")}
    assert composed and all(r.ok for r in composed.values()), {n: r.errors or r.failure for n, r in composed.items()}
