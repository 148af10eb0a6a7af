#!/usr/bin/env python
"""Where the time of `python main.py` goes: each phase timed inside a fresh process.

    .venv/bin/python benchmarks/bench_breakdown.py [--runs 3]

Runs the default app's phases in a child process (`python -O`, as cdktf.json runs main.py), with the lazy provider import (amlnet's way)
and with AMLNET_EAGER_PROVIDERS=1 (the bindings imported the ordinary way), and prints a markdown
table of the median milliseconds per phase. `interpreter start and exit` is the child's wall time
minus the phases it timed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHASES = [
    ("config", "load and validate the configuration (pydantic)"),
    ("jsii", "`import jsii` (Python runtime only)"),
    ("cdktf", "`import cdktf` (or cdktn): node kernel start, constructs and the CDK's assemblies"),
    ("azurerm_assembly", "azurerm assembly into the kernel (lazy: lib/index.js only)"),
    ("stack_modules", "import amlnet's stacks and constructs (the azurerm Python submodules they use)"),
    ("build", "build the default app's stacks (jsii calls; node requires the JS submodules used)"),
    ("synth", "`app.synth()`: resolve and write the JSON (node)"),
]


def child() -> None:
    """One run, timing each phase; prints {"phase": seconds}."""
    t: dict[str, float] = {}
    last = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        t[name] = now - last
        last = now

    sys.path.insert(0, str(ROOT))
    from amlnet.loading import load_selected_config

    cfg = load_selected_config()
    lap("config")
    import jsii  # noqa: F401

    lap("jsii")
    import amlnet.providers as providers  # imports cdktf: starts the kernel

    lap("cdktf")
    if os.environ.get("AMLNET_EAGER_PROVIDERS"):
        import importlib

        importlib.import_module(providers.CDK.provider_package)  # the ordinary way (cdktf's: every submodule)
    else:
        providers._import_azurerm("_jsii")
    lap("azurerm_assembly")
    from amlnet.stacks.app import build_app

    lap("stack_modules")
    app = build_app(cfg)
    lap("build")
    app.synth()
    lap("synth")
    print(json.dumps(t))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child()
        return 0
    env = dict(os.environ, CHECKPOINT_DISABLE="1", JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="18,20")
    env.pop("AMLNET_CONFIG", None)
    results: dict[str, dict[str, list[float]]] = {"lazy": {}, "eager": {}}
    with tempfile.TemporaryDirectory(prefix="amlnet-breakdown-") as tmp:
        for _ in range(args.runs):
            for mode in results:
                e = dict(env, CDKTF_OUTDIR=str(Path(tmp) / mode))
                e.pop("AMLNET_EAGER_PROVIDERS", None)
                if mode == "eager":
                    e["AMLNET_EAGER_PROVIDERS"] = "1"
                t0 = time.perf_counter()
                r = subprocess.run([sys.executable, "-O", __file__, "--child"], cwd=ROOT, env=e, capture_output=True, text=True)
                wall = time.perf_counter() - t0
                if r.returncode != 0:
                    sys.exit(f"breakdown ({mode}) failed:\n{r.stderr[-2000:]}")
                phases = json.loads(r.stdout.strip().splitlines()[-1])
                phases["start_exit"] = wall - sum(phases.values())
                phases["total"] = wall
                for k, v in phases.items():
                    results[mode].setdefault(k, []).append(v)
    rows = [*PHASES, ("start_exit", "interpreter start and exit (Python, node kernel shutdown)"), ("total", "**total (wall)**")]
    print("| phase | lazy ms | eager ms |")
    print("| --- | ---: | ---: |")
    for key, label in rows:
        lazy, eager = (statistics.median(results[m][key]) * 1000 for m in ("lazy", "eager"))
        print(f"| {label} | {lazy:.0f} | {eager:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
