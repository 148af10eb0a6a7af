"""The real cdktf CLI, pinned in package-lock.json, synthesizes the app (no mocks)."""

import json
import os
import subprocess

import pytest

from tests.conftest import ROOT

CDKTF = ROOT / "node_modules" / ".bin" / "cdktf"

pytestmark = [pytest.mark.cli, pytest.mark.slow]


def _env():
    env = dict(os.environ, CHECKPOINT_DISABLE="1", JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="18,20", CI="1")
    env.pop("AMLNET_CONFIG", None)
    cfg = env.get("TF_CLI_CONFIG_FILE")
    if cfg and not os.path.exists(cfg):
        env.pop("TF_CLI_CONFIG_FILE")
    return env


def test_cli_is_the_pinned_version():
    assert CDKTF.exists(), "run `make test` (npm ci installs the pinned cdktf-cli)"
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/cdktf-cli"]["version"] == "0.21.0"
    out = subprocess.run([str(CDKTF), "--version"], cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "0.21.0"


def test_cdktf_synth_writes_the_stack(tmp_path):
    out = tmp_path / "cdktf.out"
    r = subprocess.run([str(CDKTF), "synth", "--output", str(out)], cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    manifest = json.loads((out / "manifest.json").read_text())
    from tests.synthesized import shipped_stacks

    in_memory = {kind: doc for label, kind, _, doc in shipped_stacks() if label == "default"}
    assert set(manifest["stacks"]) == set(in_memory)
    for name in manifest["stacks"]:
        doc = json.loads((out / "stacks" / name / "cdk.tf.json").read_text())
        # the CLI writes the very stacks the app builds: every resource, same addresses
        assert {(t, k) for t, v in doc["resource"].items() for k in v} == {(t, k) for t, v in in_memory[name]["resource"].items() for k in v}
        cluster = next(iter(doc["resource"]["azurerm_machine_learning_compute_cluster"].values()))
        assert cluster["node_public_ip_enabled"] is False, name
