"""`amlnet init DIR`: the app it writes synthesizes as written, its own test passes, and `amlnet verify` checks every
flow of its plan from the metadata it records; bad input is one line, exit 2, nothing written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from amlnet.app_init import app_files
from amlnet.cdk_choice import choose_cdk
from amlnet.cli import main
from tests.conftest import ROOT

CDK = choose_cdk(os.environ)
AMLNET = Path(sys.executable).parent / "amlnet"


def _env(out: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("AMLNET_CONFIG",)}
    return env | {"CDKTF_OUTDIR": str(out), "PYTHONPATH": str(ROOT)}


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["new-vnet", "spoke"])
def test_the_app_synthesizes_its_test_passes_and_verify_checks_every_flow(tmp_path, variant, capsys):
    app = tmp_path / "fraud-ml"
    assert main(["init", str(app), "--variant", variant, "--cdk", CDK.name]) == 0
    assert "wrote 9 files" in capsys.readouterr().out
    r = subprocess.run([sys.executable, "main.py"], cwd=app, env=_env(tmp_path / "out"), capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    doc = json.loads((tmp_path / "out" / "stacks" / "fraud-ml" / "cdk.tf.json").read_text())
    assert doc["//"]["amlnet"]["regions"] == ["westeurope"] and "python-packages" in doc["//"]["amlnet"]["scenarios"]
    assert doc["terraform"]["required_providers"]["azurerm"]["version"] == CDK.azurerm_version
    for args in (["--snapshot-update"], []):  # record the snapshot once, then the app's test passes against it
        t = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], cwd=app, env=_env(tmp_path / "x"),
                           capture_output=True, text=True, timeout=300)
        assert t.returncode == 0 and "2 passed" in t.stdout, t.stdout[-2000:] + t.stderr[-2000:]
    v = subprocess.run([str(AMLNET), "verify", str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert v.returncode == 0 and "0 violations" in v.stdout and "OK:" in v.stdout, v.stdout + v.stderr
    flows = int(v.stdout.split(" flows,")[0].rsplit("(", 1)[1])
    assert flows >= 45, v.stdout  # every flow of the plan's scenarios, not the two assumed without metadata


def test_the_files_pin_the_chosen_cdk():
    tf, tn = app_files("ml", cdk_name="cdktf", suffix="abc123"), app_files("ml", cdk_name="cdktn", suffix="abc123")
    assert json.loads(tf["package.json"])["devDependencies"] == {"cdktf-cli": "0.21.0"}
    assert json.loads(tn["package.json"])["devDependencies"] == {"cdktn-cli": "0.24.0"}
    assert json.loads(tf["package.json"])["scripts"]["postinstall"] == "node quiet_cli.js node_modules"
    assert "cdktf-cdktf-provider-azurerm==14.23.1" in tf["requirements.txt"] and "cdktn-provider-azurerm==17.0.0" in tn["requirements.txt"]
    assert tf["main.py"] == tn["main.py"]  # the app's code is the same on both CDKs
    assert 'SUFFIX = "abc123"' in tf["main.py"] and tf["quiet_cli.js"] == (ROOT / "amlnet" / "quiet_cli.js").read_text()


@pytest.mark.parametrize(("setup", "argv", "message"), [
    (lambda d: (d / "app").mkdir() or (d / "app" / "keep.txt").write_text("mine"), ["app"], "DIR: '{d}/app' is not empty (--force"),
    (lambda d: (d / "app").write_text("a file"), ["app"], "DIR: '{d}/app' is not a folder"),
    (lambda d: None, ["9lives"], "the folder's name is the stack's name and must start with a letter"),
    (lambda d: None, ["app", "--variant", "hub"], "argument --variant: invalid choice: 'hub'"),
])
def test_bad_input_is_one_line_and_writes_nothing(tmp_path, capsys, setup, argv, message):
    setup(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    argv = [str(tmp_path / argv[0]), *argv[1:]]
    try:
        code = main(["init", *argv])
    except SystemExit as e:
        code = e.code
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert message.format(d=tmp_path) in err, err
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_force_writes_into_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "keep.txt").write_text("mine")
    assert main(["init", str(tmp_path / "app"), "--force"]) == 0
    assert (tmp_path / "app" / "keep.txt").read_text() == "mine" and (tmp_path / "app" / "main.py").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["app"]  # no staging folder left behind
