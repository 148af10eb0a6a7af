"""`make dist`'s wheel is a release a user can pin: it holds the package data (the node hooks, the app template's
CLI wrapper, py.typed), declares both CDK extras, carries amlnet's one version, and, installed into a fresh venv,
`amlnet init` writes an app that synthesizes with it."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

import amlnet
from tests.conftest import ROOT


def _build(out: Path) -> Path:
    code = f"from setuptools import build_meta as b; print(b.build_wheel({str(out)!r}))"
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    return out / r.stdout.strip().splitlines()[-1]


@pytest.mark.slow
def test_the_wheel_installs_in_a_fresh_venv_and_init_writes_an_app_that_synthesizes(tmp_path):
    wheel = _build(tmp_path / "dist")
    assert wheel.name == f"amlnet-{amlnet.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        meta = z.read(f"amlnet-{amlnet.__version__}.dist-info/METADATA").decode()
    assert {"amlnet/lazy_provider_index.js", "amlnet/quiet_cli.js", "amlnet/py.typed", "amlnet/app_init.py"} <= names
    assert f"Version: {amlnet.__version__}\n" in meta and "Provides-Extra: cdktf" in meta and "Provides-Extra: cdktn" in meta
    assert 'Requires-Dist: cdktf-cdktf-provider-azurerm==14.23.1; extra == "cdktf"' in meta
    assert 'Requires-Dist: cdktn-provider-azurerm==17.0.0; extra == "cdktn"' in meta
    # a fresh venv: the wheel itself, the locked dependencies taken from this venv (no index, no download)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True).stdout
    Path(site.strip(), "locked-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    r = subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    env = {k: v for k, v in os.environ.items() if k not in ("AMLNET_CONFIG", "PYTHONPATH")}
    where = subprocess.run([str(py), "-c", "import amlnet; print(amlnet.__file__)"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert where.stdout.strip().startswith(str(env_dir)), where.stdout + where.stderr  # the wheel's amlnet, not this checkout's
    app = tmp_path / "my-ml"
    r = subprocess.run([str(env_dir / "bin" / "amlnet"), "init", str(app)], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([str(py), "main.py"], cwd=app, env=env | {"CDKTF_OUTDIR": str(tmp_path / "out")}, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert (tmp_path / "out" / "stacks" / "my-ml" / "cdk.tf.json").is_file()


def test_the_changelog_has_a_section_for_this_version():
    """A release a user pins is described: the CHANGELOG's released section names amlnet's one version."""
    import re

    text = (ROOT / "CHANGELOG.md").read_text()
    assert re.search(rf"^## \[{re.escape(amlnet.__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", text, re.M)
    assert text.index("## [Unreleased]") < text.index(f"## [{amlnet.__version__}]")
