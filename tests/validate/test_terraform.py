"""The validation step itself, with the real terraform and the real azurerm 4.55.0 provider: broken stacks
are reported as errors naming the resource address and the provider's message; a warning passes only
when the allow-list explains it; and every shipped stack passes (`make test` runs `make validate`'s check
here, reading the session's one synthesis of every shipped stack, tests/synthesized.py, and printing the
same table).

Needs terraform on the PATH and the provider (../shared's local build, else the registry). Without
terraform this whole module skips with one line saying so; with AMLNET_REQUIRE_TERRAFORM=1 (CI) a missing
terraform or local build fails every test here.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest

from amlnet.cli import main
from amlnet.validate import AllowList, ProviderSource, Stack, Unavailable, Validator, preflight, render
from amlnet.validate import provider as provider_module
from scripts.validate import ALLOW as REPO_ALLOW
from scripts.validate import CACHE, configurations
from tests import background
from tests.conftest import session_dir
from tests.synthesized import shipped_stacks
from tests.validate.stacks import CASES, DEPRECATED_BLOCK, PIN, stack_json, terraform_tools, write_stack

TOOLS, UNAVAILABLE = terraform_tools("validate")

ALLOW = AllowList.parse([{"summary": "Argument is deprecated", "detail": "azurerm_storage_account_queue_properties",
                          "address": "azurerm_storage_account.*", "stack": "warn-allowed", "reason": "a test of the allow-list"}], "test")


@pytest.fixture(scope="module")
def tools():
    if UNAVAILABLE:
        pytest.fail(UNAVAILABLE)
    TOOLS.source.prepare()
    return TOOLS


def _validator(allow=ALLOW, **options) -> Validator:
    """Made in a job's prepare step (main thread, before any test runs), so it takes the environment
    ($AMLNET_VALIDATE_REUSE, ...) before a test can monkeypatch it."""
    if UNAVAILABLE:
        raise RuntimeError(UNAVAILABLE)
    return Validator(TOOLS.source, allow, terraform=TOOLS.terraform, **options)


def _run(v: Validator, stacks) -> list:
    """In a job (background thread): every stack through `v`, results in order."""
    TOOLS.source.prepare()
    with v:
        for s in stacks:
            v.submit(s)
        return v.results()


@background.job
def case_results():
    """Each of CASES validated alone (beside the other tests); returns ({name: result}, the files left in the inputs)."""
    root = session_dir("amlnet-validate-cases-")
    stacks = [Stack(name, write_stack(root, name, doc)) for name, doc in CASES.items()]
    v = _validator()
    return lambda: ({r.name: r for r in _run(v, stacks)}, sorted(p.name for p in root.rglob("*")))


@background.job
def batch_of_warnings():
    """Three CASES with warnings or none and one shipped stack as one batch, and that shipped stack alone."""
    label, kind, _, shipped = shipped_stacks()[0]
    root = session_dir("amlnet-validate-batch-")
    shipped_stack = Stack(f"{label}/{kind}", write_stack(root, "shipped", shipped))
    stacks = [*(Stack(n, write_stack(root, n, CASES[n])) for n in ("warn-allowed", "warn-unlisted", "clean")), shipped_stack]
    together, alone = _validator(batch=True), _validator()
    return lambda: (_run(together, stacks), _run(alone, [shipped_stack]))


@background.job
def batch_with_an_error():
    root = session_dir("amlnet-validate-batch-error-")
    stacks = [Stack(n, write_stack(root, n, CASES[n])) for n in ("bad-enum", "clean")]
    v = _validator(batch=True)
    return lambda: _run(v, stacks)


pytestmark = [pytest.mark.slow, background.uses(case_results, batch_of_warnings, batch_with_an_error)]


@pytest.fixture(scope="module")
def results(tools):
    out, files = background.result(case_results)
    # the inputs were copied: no .terraform or lock file next to them
    assert files == sorted([*CASES, *["cdk.tf.json"] * len(CASES)])
    return out


def test_invalid_enum_is_an_error_with_address_and_provider_message(results):
    r = results["bad-enum"]
    assert not r.ok and r.failure is None
    [err] = r.errors
    assert err.address == "azurerm_storage_account.x"
    assert err.summary == 'expected account_tier to be one of ["Premium" "Standard"], got Fancy'
    line = json.dumps(CASES["bad-enum"], indent=2).splitlines().index('        "account_tier": "Fancy",') + 1
    assert (err.where, err.code) == (f"cdk.tf.json:{line}", '"account_tier": "Fancy",')


def test_unknown_argument_is_an_error_with_address(results):
    [err] = results["unknown-argument"].errors
    assert err.address == "azurerm_storage_account.x"
    assert err.message() == 'Extraneous JSON object property: No argument or block type is named "bogus_argument".'


def test_allow_listed_warning_passes_and_unlisted_fails(results):
    allowed, unlisted = results["warn-allowed"], results["warn-unlisted"]
    assert allowed.ok and [a.reason for _, a in allowed.allowed] == ["a test of the allow-list"]
    assert not unlisted.ok and not unlisted.errors
    [w] = unlisted.unexplained
    assert (w.severity, w.summary, w.address) == ("warning", "Argument is deprecated", "azurerm_storage_account.x")
    assert "azurerm_storage_account_queue_properties" in w.detail


def test_clean_stack_passes(results):
    r = results["clean"]
    assert r.ok and not r.allowed and r.init_seconds > 0 and r.validate_seconds > 0


def test_unchanged_stack_reuses_the_answer_and_a_changed_one_does_not(tools, tmp_path, monkeypatch):
    monkeypatch.delenv("AMLNET_VALIDATE_REUSE", raising=False)
    tag = uuid.uuid4().hex  # content no earlier run has seen
    d = write_stack(tmp_path, "s", stack_json(tags={"run": tag}, **DEPRECATED_BLOCK))

    def once():
        with Validator(tools.source, ALLOW, terraform=tools.terraform, reuse=True, in_place=True) as v:
            v.submit(Stack("warn-unlisted", d))
            return v.results()[0]

    first = once()
    # the stack's provider is a link into the shared plugin cache, not a 192 MB copy
    installed = d / ".terraform" / "providers" / "registry.terraform.io" / "hashicorp" / "azurerm" / PIN / "linux_amd64"
    assert installed.is_symlink() and installed.resolve().is_relative_to(tools.source.cache_dir)
    second = once()
    if not tools.source.mirrored:  # answers are kept only with the local build (a registry install may differ)
        assert not second.reused
        return
    assert not first.reused and second.reused
    assert second.unexplained == first.unexplained and len(first.unexplained) == 1 and second.validate_seconds == 0
    (d / "cdk.tf.json").write_text(json.dumps(stack_json(tags={"run": tag}, account_tier="Fancy")))
    third = once()
    assert not third.reused and [e.address for e in third.errors] == ["azurerm_storage_account.x"]


def test_cli_exit_code_and_report(tools, tmp_path, capsys):
    write_stack(tmp_path / "out" / "stacks", "broken", CASES["bad-enum"])
    write_stack(tmp_path / "out" / "stacks", "clean", CASES["clean"])
    (tmp_path / "allow.yaml").write_text("- {summary: Argument is deprecated, detail: nothing like this, reason: a stale entry}\n")
    code = main(["validate", str(tmp_path / "out"), "--cache-dir", str(CACHE), "--allow", str(tmp_path / "allow.yaml")])
    out = capsys.readouterr().out
    assert code == 1
    assert "note: allow-list entry 'Argument is deprecated' (nothing like this) matched no warning" in out
    assert "broken: FAILED" in out and "clean: FAILED" not in out
    assert 'error   azurerm_storage_account.x: expected account_tier to be one of ["Premium" "Standard"], got Fancy' in out
    assert "validate: FAILED: 2 stacks, 1 errors, 0 unexplained warnings" in out
    code = main(["validate", str(tmp_path / "out" / "stacks" / "clean"), "--cache-dir", str(CACHE), "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["schema"] == "amlnet.validate/v1" and doc["ok"] and [s["name"] for s in doc["stacks"]] == ["clean"]




def test_required_without_local_build_fails(tools, monkeypatch):
    monkeypatch.setattr(provider_module, "shared_provider_dir", lambda: None)
    assert not ProviderSource.find(CACHE).mirrored  # the registry, for a user with internet access
    with pytest.raises(Unavailable, match="no local azurerm build"):
        preflight(CACHE, require=True)



@background.job
def shipped_validation():
    """Every shipped stack written out when collection ends (the session's synthesis, main thread) and
    validated as one batch beside the other tests; returns (results, allow-list, seconds, jobs)."""
    root = session_dir("amlnet-validate-shipped-")
    stacks = []
    for label, kind, _, doc in shipped_stacks():
        d = root / Path(label).stem / kind  # named as make validate names them: <configuration>/<stack>
        d.mkdir(parents=True)
        (d / "cdk.tf.json").write_text(json.dumps(doc, indent=2))
        stacks.append(Stack(f"{Path(label).stem}/{kind}", d))
    allow = AllowList.load(REPO_ALLOW)
    v = _validator(allow, in_place=True, reuse=True, batch=True)

    def run():
        start = time.perf_counter()
        results = _run(v, stacks)
        return results, allow, time.perf_counter() - start, v.jobs
    return run


@background.uses(shipped_validation)
def test_every_shipped_stack_passes_terraform_validate(tools, capsys):
    results, allow, seconds, jobs = background.result(shipped_validation)
    report = render(results, "table", source=tools.source, allow=allow, seconds=seconds, jobs=jobs)
    with capsys.disabled():
        print("\n" + report, end="")
    expected = {f"{name}/{kind}" for name, cfg in configurations() for kind in cfg.stacks}
    assert sorted(r.name for r in results) == sorted(expected) and len(expected) >= 19
    assert all(r.ok for r in results), report


def _answer(r):
    """What a user reads of a result: verdict, diagnostics (file, line, address, text), allowed reasons."""
    return (r.name, r.ok, r.failure, r.errors, r.unexplained, [(d, a.reason) for d, a in r.allowed])


def test_batch_gives_each_stack_the_answer_of_its_own_run(tools, results):
    """Warnings only: one terraform run for all, and each stack gets exactly what validating it alone gives,
    file and line included; the batch's own warning (a backend block in a child module) is not reported."""
    assert "backend" in shipped_stacks()[0][3]["terraform"]  # the case that makes terraform warn inside a batch
    together, shipped_alone = background.result(batch_of_warnings)
    alone = [results[n] for n in ("warn-allowed", "warn-unlisted", "clean")] + shipped_alone
    assert [r.batched for r in together] == [True] * 4 and not any(r.batched for r in alone)
    assert [_answer(r) for r in together] == [_answer(r) for r in alone]
    [w] = together[1].unexplained
    assert w.address == "azurerm_storage_account.x" and w.where.startswith("cdk.tf.json:")
    assert together[3].ok and not together[3].unexplained


def test_batch_with_an_error_validates_every_stack_alone(tools, results):
    together = background.result(batch_with_an_error)
    assert not any(r.batched for r in together)
    assert [_answer(r) for r in together] == [_answer(results[n]) for n in ("bad-enum", "clean")]


def test_prepare_only_leaves_the_mirror_ready(tools):
    """`scripts/validate.py --prepare` (make test's install step) unpacks and checks the local build."""
    from scripts.validate import prepare_only

    assert prepare_only() == 0
    if tools.source.mirrored:
        assert tools.source.binary.is_file() and (tools.source.cache_dir / "mirror-4.55.0.verified").is_file()


def test_the_file_reading_payload_is_what_terraform_evaluates_and_what_amlnet_refuses(tools, tmp_path):
    """Issue 21 end to end: the payload in a tag makes the real `terraform validate` evaluate `file()` (here on a path that
    does not exist, so it says so); the same value in a configuration or a construct prop is refused before anything is
    synthesized; a dollar that starts no template reaches Terraform as written and validates."""
    from amlnet.config import ConfigError
    from amlnet.constructs import PropsError, WorkspaceNetwork, WorkspaceNetworkProps
    from amlnet.loading import parse_config
    from amlnet.providers import App, TerraformStack

    payload = '${file("' + str(tmp_path / "no-such-file") + '")}'
    d = write_stack(tmp_path, "payload", stack_json(tags={"owner": payload}))
    with Validator(tools.source, ALLOW, terraform=tools.terraform, reuse=False, in_place=True) as v:
        v.submit(Stack("payload", d))
        (res,) = v.results()
    assert any("no file exists" in (e.summary + e.detail) for e in res.errors), res  # Terraform ran file()
    with pytest.raises(ConfigError) as cfg_err:
        parse_config({"tags": {"owner": payload}})
    assert "tags.owner" in str(cfg_err.value) and "Terraform would evaluate" in str(cfg_err.value)
    with pytest.raises(PropsError) as props_err:
        WorkspaceNetwork(TerraformStack(App(), "s"), "net", WorkspaceNetworkProps(
            name="vnet-ml", location="westeurope", resource_group_name="rg-ml", tags={"owner": payload}))
    assert "WorkspaceNetworkProps.tags" in str(props_err.value)
    literal = write_stack(tmp_path, "literal", stack_json(tags={"budget": "$5 a day", "note": "100% private"}))
    with Validator(tools.source, ALLOW, terraform=tools.terraform, reuse=False, in_place=True) as v:
        v.submit(Stack("literal", literal))
        (ok,) = v.results()
    assert ok.ok and not ok.errors, ok
    assert parse_config({"tags": {"budget": "$5 a day"}}).tags["budget"] == "$5 a day"
