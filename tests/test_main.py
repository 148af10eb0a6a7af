"""main.py as the CLI runs it: bad input gives one message, exit code 2, no traceback, and the
previous output stays as it was."""

import os
import subprocess
import sys

import pytest

from tests import background
from tests.conftest import ROOT, session_dir


def run_main(tmp_path, config_text: str | None, *args, suffix=".yaml", environ=None):
    env = dict(os.environ if environ is None else environ)
    env.pop("AMLNET_CONFIG", None)
    if config_text is not None:
        cfg = tmp_path / f"cfg{suffix}"
        cfg.write_text(config_text)
        env["AMLNET_CONFIG"] = str(cfg)
    out = tmp_path / "cdktf.out"
    env["CDKTF_OUTDIR"] = str(out)
    return background.run([sys.executable, str(ROOT / "main.py"), *args], cwd=tmp_path, env=env, timeout=300)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("network:\n  compute_subnet: {name: c, cidr: 10.20.0.0/33}\n", "network.compute_subnet.cidr: malformed CIDR"),
        ("regoin: westus\n", "regoin: unknown key (typo?); value 'westus'"),
        ("cloud: china\nregion: eastus2\n", "region: 'eastus2' is in cloud 'public', not in cloud 'china'"),
        ("region: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_input_one_message_no_traceback(tmp_path, text, expected):
    old = tmp_path / "cdktf.out" / "stacks" / "secure-workspace"
    old.mkdir(parents=True)
    (old / "cdk.tf.json").write_text("{\"previous\": true}")
    r = run_main(tmp_path, text)
    assert r.returncode == 2
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("amlnet: invalid configuration: ") and expected in lines[0], r.stderr
    assert "Traceback" not in r.stderr
    assert (old / "cdk.tf.json").read_text() == "{\"previous\": true}"


def test_missing_config_file(tmp_path):
    env = dict(os.environ, AMLNET_CONFIG=str(tmp_path / "nope.yaml"))
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "--check"], env=env, capture_output=True, text=True)
    assert r.returncode == 2 and "nope.yaml: no such configuration file" in r.stderr and "Traceback" not in r.stderr


def test_check_only_writes_nothing(tmp_path):
    r = run_main(tmp_path, "region: westeurope\n", "--check")
    assert r.returncode == 0 and not (tmp_path / "cdktf.out").exists()


@background.job
def json_config_synth():
    """main.py with a JSON configuration, in a subprocess beside the suite; returns (process, its folder)."""
    tmp = session_dir("amlnet-main-")
    (tmp / "tmpdir").mkdir()
    # taken now, before any test can monkeypatch it; TMPDIR shows what the process leaves behind
    environ = dict(os.environ, TMPDIR=str(tmp / "tmpdir"))
    return lambda: (run_main(tmp, "{\"region\": \"westeurope\", \"name_prefix\": \"demo\"}", suffix=".json", environ=environ), tmp)


@pytest.mark.slow
@background.uses(json_config_synth)
def test_synth_writes_the_stack_and_leaves_no_temporary_files():
    """main.py ends with amlnet.providers.exit_now (no interpreter teardown): exit code 0, the output
    written, and the jsii kernel stopped as its atexit hook would (its runtime's temporary folder removed)."""
    r, tmp = background.result(json_config_synth)
    assert r.returncode == 0 and r.stdout == "" and r.stderr == "", r.stderr
    out = tmp / "cdktf.out" / "stacks" / "secure-workspace" / "cdk.tf.json"
    assert "\"westeurope\"" in out.read_text()
    assert list((tmp / "tmpdir").iterdir()) == []
