"""The validation step where no terraform runs: bad input, a corrupt local build, and a machine without
terraform (one SKIPPED line for make validate, a failure when AMLNET_REQUIRE_TERRAFORM=1)."""

from __future__ import annotations

import lzma
import os
import subprocess
import sys

import pytest

from amlnet.cli import main
from amlnet.validate import ProviderError, ProviderSource
from amlnet.validate import provider as provider_module
from tests.conftest import ROOT
from tests.validate.stacks import CASES, write_stack


def test_cli_bad_input_exits_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 2
    assert f"{tmp_path}: no stacks/*/cdk.tf.json below it" in capsys.readouterr().err
    (tmp_path / "cdk.tf.json").write_text("{not json")
    assert main(["validate", str(tmp_path / "cdk.tf.json")]) == 2
    assert "not valid JSON" in capsys.readouterr().err


@pytest.mark.parametrize("argv, text", [
    (["--prepare=x"], "argument --prepare: ignored explicit argument 'x'"),
    (["--jobs", "x"], "argument --jobs: expected a positive integer, got 'x'"),
    (["--jobs", "0"], "argument --jobs: expected a positive integer, got '0'"),
    (["--bogus"], "unrecognized arguments: --bogus"),
])
def test_make_validate_bad_flag_one_line_exit_2(argv, text):
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), *argv], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stdout == "" and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == [f"validate: {text} (see `scripts/validate.py --help`)"]


def test_cli_separately_takes_no_value(capsys):
    with pytest.raises(SystemExit) as e:
        main(["validate", "--separately=1"])
    assert e.value.code == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "amlnet: argument --separately: ignored explicit argument '1' (see `amlnet validate --help`)"]


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
    assert r.stderr == "amlnet: terraform is not on the PATH; install terraform >= 1.4 (docs/proving.md: Validate with the real provider)\n"


def test_a_named_file_is_copied_alone(tmp_path):
    """`amlnet validate some/dir/stack.json` reads and copies that one file, never its folder (issue 21)."""
    from amlnet.validate.stack import _copy_stack, find_stacks

    (tmp_path / "stack.json").write_text('{"resource": {}}')
    (tmp_path / "huge.bin").write_bytes(b"x" * 1000)
    (tmp_path / "other").mkdir()
    [stack] = find_stacks(tmp_path / "stack.json")
    assert stack.only == tmp_path / "stack.json" and stack.file == tmp_path / "stack.json"
    _copy_stack(stack, tmp_path / "copy")
    assert sorted(p.name for p in (tmp_path / "copy").iterdir()) == ["cdk.tf.json"]


def test_the_mirror_holds_both_builds_and_refuses_a_pin_it_lacks(tmp_path):
    """Each stack is validated with the azurerm build of the version it pins: 4.55.0 (cdktf) and 4.81.0 (cdktn) are
    both in ../shared; any other pin is refused with the versions there are (the registry is not tried)."""
    from amlnet.validate.provider import BUILDS, ProviderSource, shared_provider_dir

    shared = shared_provider_dir()
    assert shared is not None, "../shared/terraform-provider-azurerm is missing"
    src = ProviderSource(tmp_path, shared)
    assert src.versions == ("4.55.0", "4.81.0") == tuple(BUILDS)
    assert src.check_pin("4.55.0") is None and src.check_pin("4.81.0") is None
    why = src.check_pin("4.60.0")
    assert why is not None and "pins azurerm '4.60.0'; the local builds are 4.55.0, 4.81.0" in why
    assert src.binary_for("4.81.0").name == "terraform-provider-azurerm_v4.81.0"
    assert "azurerm 4.55.0 and 4.81.0" in src.description
