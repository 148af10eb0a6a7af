"""One library on both CDKs (docs/adr/0002-cdktf-archived-and-cdktn.md): the default app and every example synthesize
to the same Terraform JSON on CDK for Terraform 0.21 (azurerm 4.55.0) and on CDK Terrain 0.24 (azurerm 4.81.0),
apart from what each CDK writes of itself.

This session synthesizes with its own venv's CDK; a background job synthesizes the same configurations with the
other venv's (`.venv` for cdktf, `.venv-cdktn` for cdktn). `make test CDK=cdktn` installs both, so there the
comparison always runs; under plain `make test` it runs when `.venv-cdktn` is installed (CI runs both targets)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from amlnet.cdk_choice import CDKTF, CDKTN, choose_cdk
from tests import background
from tests.conftest import ROOT, session_dir
from tests.synthesized import app_output_dir, shipped_configs

THIS = choose_cdk(os.environ)
OTHER = CDKTN if THIS is CDKTF else CDKTF
OTHER_VENV = ROOT / (".venv-cdktn" if OTHER is CDKTN else ".venv")

#: Where the two CDKs' outputs may differ, each with the reason; anything else that differs fails the test.
DIFFERENCES: dict[tuple[str, ...], str] = {
    ("//", "metadata", "version"): "the CDK's own version (cdktf 0.21.0, cdktn 0.24.0), which it writes into every stack",
    ("terraform", "required_providers", "azurerm", "version"):
        "the azurerm version each CDK's bindings pin: 4.55.0 (cdktf-cdktf-provider-azurerm 14.23.1), "
        "4.81.0 (cdktn-provider-azurerm 17.0.0)",
}

SCRIPT = """
import sys
from pathlib import Path
from amlnet.stacks import build_app
from tests.synthesized import shipped_configs
out = Path(sys.argv[1])
for label, cfg in shipped_configs():
    build_app(cfg, str(out / label)).synth()
"""


def _other_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("AMLNET_CONFIG", "JSII_NODE", "CDKTF_OUTDIR")}
    cdktn_bin = str(ROOT / ".venv-cdktn" / "bin")
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p != cdktn_bin]
    if OTHER is CDKTN:  # the pinned Node 22 wheel, as `make test CDK=cdktn` uses it
        path.insert(0, cdktn_bin)
        env["JSII_NODE"] = str(ROOT / ".venv-cdktn" / "bin" / "node")
    return env | {"PATH": os.pathsep.join(path), "AMLNET_CDK": OTHER.name, "CHECKPOINT_DISABLE": "1"}


@background.job
def other_cdk_synthesis():
    """Every shipped configuration synthesized by the other CDK's venv, in a subprocess; returns its folder."""
    out = session_dir(f"amlnet-{OTHER.name}-")
    env = _other_env()

    def run() -> Path | None:
        python = OTHER_VENV / "bin" / "python"
        if not python.exists():
            return None
        r = background.run([str(python), "-c", SCRIPT, str(out)], cwd=ROOT, env=env, timeout=900)
        assert r.returncode == 0, r.stderr[-3000:]
        return out
    return run


def _differences(a: Any, b: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b)) for d in _differences(a.get(k), b.get(k), (*path, k))]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in _differences(x, y, (*path, str(i)))]
    return [] if a == b else [path]


@pytest.mark.slow
@background.uses(other_cdk_synthesis)
def test_every_shipped_stack_is_the_same_on_both_cdks():
    other = background.result(other_cdk_synthesis)
    if other is None:
        if THIS is CDKTN:
            pytest.fail("make test CDK=cdktn installs .venv (cdktf) beside .venv-cdktn for this comparison")
        pytest.skip("no .venv-cdktn: `make test CDK=cdktn` runs this comparison (CI runs both)")
    compared = 0
    for label, _ in shipped_configs():
        mine_dir, theirs_dir = app_output_dir(label) / "stacks", other / label / "stacks"
        mine = sorted(p.parent.name for p in mine_dir.glob("*/cdk.tf.json"))
        assert mine and mine == sorted(p.parent.name for p in theirs_dir.glob("*/cdk.tf.json")), label
        for stack in mine:
            a = json.loads((mine_dir / stack / "cdk.tf.json").read_text())
            b = json.loads((theirs_dir / stack / "cdk.tf.json").read_text())
            unexplained = [".".join(d) for d in _differences(a, b) if d not in DIFFERENCES]
            assert not unexplained, f"{label}:{stack}: {unexplained[:10]}"
            pins = {THIS.name: a["terraform"]["required_providers"]["azurerm"]["version"],
                    OTHER.name: b["terraform"]["required_providers"]["azurerm"]["version"]}
            assert pins == {"cdktf": "4.55.0", "cdktn": "4.81.0"}, (label, stack)
            compared += 1
    assert compared >= 20, compared


def test_the_difference_finder_sees_a_changed_value():
    """The comparison above can fail: a changed, added or reordered value is a difference at its path."""
    a = {"resource": {"x": {"y": [1, {"z": "a"}]}}, "//": {"metadata": {"version": "0.21.0"}}}
    b = {"resource": {"x": {"y": [1, {"z": "b"}], "new": True}}, "//": {"metadata": {"version": "0.24.0"}}}
    found = _differences(a, b)
    assert ("resource", "x", "y", "1", "z") in found and ("resource", "x", "new") in found
    assert [d for d in found if d not in DIFFERENCES] == [("resource", "x", "new"), ("resource", "x", "y", "1", "z")]
