"""The validation step itself, with the real terraform and the real azurerm 4.55.0 provider: broken stacks
are reported as errors naming the resource address and the provider's message; a warning passes only
when the allow-list explains it.

Needs terraform on the PATH and the provider (../shared's local build, else the registry). Without
terraform these tests skip; with AMLNET_REQUIRE_TERRAFORM=1 (CI) a missing terraform or local build fails them.
"""

from __future__ import annotations

import json
import lzma
import os
import subprocess
import sys
import uuid

import pytest

from amlnet.cli import main
from amlnet.validate import AllowList, ProviderError, ProviderSource, Skip, Stack, Unavailable, Validator, preflight
from amlnet.validate import provider as provider_module
from tests.conftest import ROOT

CACHE = ROOT / ".make" / "terraform"


def stack_json(**storage_args) -> dict:
    """A minimal stack as cdktf writes it: the azurerm provider pinned, one storage account `x`."""
    account = {"name": "stamlnetvalidate01", "resource_group_name": "rg-amlnet", "location": "eastus2",
               "account_tier": "Standard", "account_replication_type": "LRS", **storage_args}
    return {
        "terraform": {"required_providers": {"azurerm": {"source": "azurerm", "version": "4.55.0"}}},
        "provider": {"azurerm": [{"features": [{}]}]},
        "resource": {"azurerm_storage_account": {"x": account}},
    }


# azurerm 4.55.0, internal/services/storage/storage_account_resource.go: queue_properties is Deprecated
# ("superseded by the `azurerm_storage_account_queue_properties` resource")
DEPRECATED_BLOCK = {"queue_properties": {"logging": {"delete": True, "read": True, "write": True, "version": "1.0"}}}
CASES = {
    "bad-enum": stack_json(account_tier="Fancy"),
    "unknown-argument": stack_json(bogus_argument=True),
    "warn-allowed": stack_json(**DEPRECATED_BLOCK),
    "warn-unlisted": stack_json(**DEPRECATED_BLOCK),
    "clean": stack_json(),
}
ALLOW = AllowList.parse([{"summary": "Argument is deprecated", "detail": "azurerm_storage_account_queue_properties",
                          "address": "azurerm_storage_account.*", "stack": "warn-allowed", "reason": "a test of the allow-list"}], "test")


def write_stack(root, name: str, doc: dict):
    d = root / name
    d.mkdir(parents=True)
    (d / "cdk.tf.json").write_text(json.dumps(doc, indent=2))
    return d


@pytest.fixture(scope="module")
def tools():
    try:
        t = preflight(CACHE)
    except Skip as s:
        pytest.skip(str(s))
    except Unavailable as e:
        pytest.fail(str(e))
    t.source.prepare()
    return t


@pytest.fixture(scope="module")
def results(tools, tmp_path_factory):
    root = tmp_path_factory.mktemp("stacks")
    stacks = [Stack(name, write_stack(root, name, doc)) for name, doc in CASES.items()]
    with Validator(tools.source, ALLOW, terraform=tools.terraform) as v:
        for s in stacks:
            v.submit(s)
        out = {r.name: r for r in v.results()}
    # the inputs were copied: no .terraform or lock file next to them
    assert sorted(p.name for p in root.rglob("*")) == sorted([*CASES, *["cdk.tf.json"] * len(CASES)])
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
    installed = d / ".terraform" / "providers" / "registry.terraform.io" / "hashicorp" / "azurerm" / "4.55.0" / "linux_amd64"
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


def test_cli_bad_input_exits_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 2
    assert f"{tmp_path}: no stacks/*/cdk.tf.json below it" in capsys.readouterr().err
    (tmp_path / "cdk.tf.json").write_text("{not json")
    assert main(["validate", str(tmp_path / "cdk.tf.json")]) == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_local_build_with_wrong_checksum_is_refused(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / provider_module.XZ_NAME).write_bytes(lzma.compress(b"not the provider"))
    monkeypatch.setenv(provider_module.PROVIDER_DIR_ENV, str(shared))
    src = ProviderSource.find(tmp_path / "cache")
    assert src.shared_dir == shared
    with pytest.raises(ProviderError, match="unpacked sha256 is [0-9a-f]{64}, expected adfa34a6"):
        src.prepare()
    assert not src.binary.exists()


def test_required_without_local_build_fails(tools, monkeypatch):
    monkeypatch.setattr(provider_module, "shared_provider_dir", lambda: None)
    assert not ProviderSource.find(CACHE).mirrored  # the registry, for a user with internet access
    with pytest.raises(Unavailable, match="no local azurerm build"):
        preflight(CACHE, require=True)


@pytest.mark.parametrize("require, code, text", [("1", 1, "validate: FAILED: terraform is not on the PATH"),
                                                 ("", 0, "validate: SKIPPED: terraform is not on the PATH")])
def test_make_validate_without_terraform(tmp_path, require, code, text):
    env = {**os.environ, "PATH": str(tmp_path), "AMLNET_REQUIRE_TERRAFORM": require}
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py")], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == code, r.stderr
    assert text in r.stderr and r.stdout == ""


def test_amlnet_validate_without_terraform_is_an_error(tmp_path):
    write_stack(tmp_path, "clean", CASES["clean"])
    env = {**os.environ, "PATH": str(tmp_path / "empty"), "AMLNET_REQUIRE_TERRAFORM": ""}
    r = subprocess.run([sys.executable, "-m", "amlnet", "validate", str(tmp_path / "clean")], env=env, capture_output=True, text=True)
    assert r.returncode == 2
    assert r.stderr == "amlnet: terraform is not on the PATH; install terraform >= 1.4 (README: Validate with the real provider)\n"
