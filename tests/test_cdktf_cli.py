"""The real CLI of this venv's CDK (cdktf-cli 0.21.0, or cdktn-cli 0.24.0 under `make test CDK=cdktn`), pinned in
package-lock.json, synthesizes the app (no mocks)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from amlnet.cdk_choice import choose_cdk
from tests import background
from tests.conftest import ROOT, session_dir

CDK = choose_cdk(os.environ)
CLI_VERSION = {"cdktf": "0.21.0", "cdktn": "0.24.0"}[CDK.name]
CDKTF = ROOT / "node_modules" / ".bin" / CDK.name
# cdktf.json's app is the cdktf venv's python; the cdktn build names its own (as `make synth CDK=cdktn` does)
APP = [] if CDK.name == "cdktf" else ["--app", f"{Path(sys.executable).parent.relative_to(ROOT) / 'python'} -O main.py"]

pytestmark = [pytest.mark.cli, pytest.mark.slow]


def _env():
    env = dict(os.environ, CHECKPOINT_DISABLE="1", JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="18,20", CI="1")
    env.pop("AMLNET_CONFIG", None)
    cfg = env.get("TF_CLI_CONFIG_FILE")
    if cfg and not os.path.exists(cfg):
        env.pop("TF_CLI_CONFIG_FILE")
    return env


def test_cli_is_the_pinned_version():
    assert CDKTF.exists(), "run `make test` (npm ci installs the pinned cdktf-cli and cdktn-cli)"
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/cdktf-cli"]["version"] == "0.21.0"
    assert lock["packages"]["node_modules/cdktn-cli"]["version"] == "0.24.0"
    out = subprocess.run([str(CDKTF), "--version"], cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == CLI_VERSION


@background.job
def cli_synth():
    """`cdktf synth --output <tmp>` with the real CLI, beside the suite; returns (process, output folder)."""
    out = session_dir("amlnet-cli-") / "cdktf.out"

    env = _env()  # taken now, before any test can monkeypatch it

    def run() -> tuple[subprocess.CompletedProcess[str], Path]:
        cmd = [str(CDKTF), "synth", "--output", str(out), *APP]
        return background.run(cmd, cwd=ROOT, env=env, timeout=600), out
    return run


@background.uses(cli_synth)
def test_cdktf_synth_writes_the_bytes_of_the_type_checked_synthesis():
    """What `cdktf synth` writes (python -O: no run-time type checks, docs/adr/0007) is, byte for byte, what
    this session's synthesis of the default app wrote with the checks on (tests/synthesized.py)."""
    from tests.synthesized import app_output_dir

    r, out = background.result(cli_synth)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    manifest = json.loads((out / "manifest.json").read_text())
    checked = app_output_dir("default")
    files = sorted(p.relative_to(checked) for p in checked.rglob("cdk.tf.json"))
    assert sorted(f"stacks/{name}/cdk.tf.json" for name in manifest["stacks"]) == [str(f) for f in files] and len(files) == 5
    assert files == sorted(p.relative_to(out) for p in out.rglob("cdk.tf.json"))
    for f in files:
        assert (out / f).read_bytes() == (checked / f).read_bytes(), f
        doc = json.loads((out / f).read_text())
        cluster = next(iter(doc["resource"]["azurerm_machine_learning_compute_cluster"].values()))
        assert cluster["node_public_ip_enabled"] is False, f


def test_cdktf_json_runs_the_app_optimized():
    """docs/adr/0007: `cdktf synth` runs main.py with -O (the bindings' run-time type checks off)."""
    assert json.loads((ROOT / "cdktf.json").read_text())["app"] == ".venv/bin/python -O main.py"


def test_a_direct_synth_makes_no_call_home_and_prints_no_node_banner(tmp_path):
    """`npm ci` wraps node_modules/.bin/<cli> (amlnet/quiet_cli.js): a synthesis started directly, with none of the
    variables set, in an app that imports the CDK before anything of amlnet, prints only the CLI's own lines."""
    assert "amlnet quiet_cli.js wrapper" in CDKTF.read_text()
    app = tmp_path / "app"
    app.mkdir()
    (app / "cdktf.json").write_text(json.dumps({"language": "python", "app": f"{sys.executable} main.py"}))
    (app / "main.py").write_text(f"import {CDK.core_module} as cdk\napp = cdk.App()\ncdk.TerraformStack(app, 'quiet')\napp.synth()\n")
    env = {k: v for k, v in _env().items() if not k.startswith(("CHECKPOINT_", "JSII_SILENCE_"))}
    r = subprocess.run([str(CDKTF), "synth"], cwd=app, env=env, capture_output=True, text=True, timeout=300)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out[-2000:]
    assert (app / "cdktf.out" / "stacks" / "quiet" / "cdk.tf.json").is_file()
    assert "checkpoint" not in out and "end-of-life" not in out and "[ERROR]" not in out and "!!" not in out, out
    assert out.strip() == "Generated Terraform code for the stacks: quiet", out
    # the wrapper passes the real CLI's exit code on (an unknown command is 1)
    bad = subprocess.run([str(CDKTF), "no-such-command"], cwd=app, env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "no-such-command" in bad.stderr + bad.stdout


def test_the_wrapper_is_rewritten_by_a_later_install(tmp_path):
    """npm ci after an upgrade of quiet_cli.js rewrites an earlier wrapper (its target is on its marker line) and leaves
    files that are not npm's links alone."""
    bin_dir = tmp_path / "node_modules" / ".bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "cdktf").write_text("#!/usr/bin/env node\n// amlnet quiet_cli.js wrapper: the real CLI (../cdktf-cli/x), old\n")
    (bin_dir / "cdktn").write_text("#!/bin/sh\necho mine\n")
    r = subprocess.run(["node", str(ROOT / "amlnet" / "quiet_cli.js"), str(tmp_path / "node_modules")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "spawnSync" in (bin_dir / "cdktf").read_text() and "../cdktf-cli/x" in (bin_dir / "cdktf").read_text()
    assert (bin_dir / "cdktn").read_text() == "#!/bin/sh\necho mine\n"
