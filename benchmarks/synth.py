#!/usr/bin/env python
"""`make bench`: synthesis time and peak memory against the naive floor, in one run.

    .venv/bin/python benchmarks/synth.py [--runs 5] [--out benchmarks/results.md]

Cases, each run `--runs` times (after one unmeasured warm-up), round-robin so that a change in the
machine's load touches every case alike; each case runs on CDK for Terraform (cdktf 0.21, `.venv`) and on
CDK Terrain (cdktn 0.24, `.venv-cdktn`, Node 22 from its pinned wheel), side by side (`--cdk` picks one):

- floor: benchmarks/floor_app.py, a one-resource app with the same CDK and azurerm bindings imported
  the ordinary way (for cdktf's, the package's `__init__` imports all 1,528 submodules; on both, node loads
  every JavaScript submodule).
- main.py: the default app by cdktf.json's command (`.venv/bin/python -O main.py`), as `cdktf synth` runs it.
- make synth: the warm `make synth` (`make synth CDK=cdktn`; installed already): `main.py --check`, the
  CDK's CLI, `main.py`. It writes ./cdktf.out, as it does for a user.
- spokes-1 / spokes-100: benchmarks/scale_app.py, the `peered-compute` stack with 1 and with 100
  peered compute VNets, run with -O as cdktf.json runs main.py; the difference gives the cost of each
  additional resource. One more row runs spokes-100 without -O (the bindings' run-time type checks on,
  docs/adr/0007) for comparison (cdktf only).
- breakdown: where the time of `python main.py` goes, measured inside one process (bench_breakdown.py).

Each case reports the median wall time (min-max), the ratio to the floor's median, the cost per
synthesized resource (`resource` blocks in the written cdk.tf.json files), and the peak resident
memory of its whole process tree (python, the jsii node kernel, make and the CLI: RSS summed over
the tree, sampled every 20 ms, highest of all runs). AMLNET_CONFIG is unset: the default app.
Prints a markdown table and writes it to `--out` (and, with `--docs`, into docs/performance.md between the bench
markers; `--readme` is the same flag's old name). Targets are figures to read, not a test: the exit
code is 0 whether they are met or not.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = ROOT / ".venv" / "bin" / "python"
CDKTN_BIN = ROOT / ".venv-cdktn" / "bin"
#: CDK -> (its venv's python, the environment it runs with, the CLI)
CDKS: dict[str, tuple[Path, dict[str, str], Path]] = {
    "cdktf": (PY, {"AMLNET_CDK": "cdktf"}, ROOT / "node_modules" / ".bin" / "cdktf"),
    "cdktn": (CDKTN_BIN / "python", {"AMLNET_CDK": "cdktn", "JSII_NODE": str(CDKTN_BIN / "node"),
                                     "PATH": f"{CDKTN_BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
              ROOT / "node_modules" / ".bin" / "cdktn"),
}
PAGE = os.sysconf("SC_PAGE_SIZE")
MIB = 1024 * 1024
#: the page `--docs` writes the table into, between these markers (the README's Performance section moved there)
PERFORMANCE_PAGE = ROOT / "docs" / "performance.md"
BENCH_START = "<!-- bench:start (benchmarks/synth.py --docs) -->"
BENCH_END = "<!-- bench:end -->"


@dataclass
class Case:
    cdk: str
    key: str  # floor, main, make, s1, s100, checked
    name: str
    argv: list[str]
    outdir: Path | None  # where the case writes cdk.tf.json files (None: ./cdktf.out)
    times: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)
    resources: int = 0


def app_command() -> list[str]:
    """cdktf.json's app command, split (`.venv/bin/python -O main.py`): the main.py case runs exactly that."""
    return str(json.loads((ROOT / "cdktf.json").read_text())["app"]).split()


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all of its descendants (0 for those already gone)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def measure(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak tree RSS of one run; a failing run stops the benchmark with its output."""
    peak = 0
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    elapsed = time.perf_counter() - t0
    done.set()
    sampler.join()
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(argv)} failed ({proc.returncode}):\n{out.decode(errors='replace')[-3000:]}")
    return elapsed, peak


def count_resources(outdir: Path) -> int:
    n = 0
    for f in sorted(outdir.glob("stacks/*/cdk.tf.json")):
        doc = json.loads(f.read_text())
        n += sum(len(v) for v in doc.get("resource", {}).values())
    return n


def machine() -> str:
    cpu = "unknown CPU"
    try:
        m = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        cpu = m.group(1).strip() if m else cpu
        mem = int(re.search(r"^MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text(), re.M).group(1)) / 1024 / 1024
    except (OSError, AttributeError):
        mem = 0.0
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, Linux {platform.release()}, "
            f"Python {platform.python_version()}, Node {node}")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def fmt_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="measured runs per case (default 5, at least 5 for docs/performance.md)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md", help="markdown file to write")
    ap.add_argument("--docs", "--readme", dest="docs", action="store_true",
                    help="also put the table in docs/performance.md, between the bench markers (--readme: the old name)")
    ap.add_argument("--cdk", choices=("both", *CDKS), default="both", help="the CDK(s) to measure (default both, side by side)")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs: at least 1")
    cdks = list(CDKS) if args.cdk == "both" else [args.cdk]
    for name in cdks:
        if not CDKS[name][0].exists() or not CDKS[name][2].exists():
            sys.exit(f"bench: run `make install{'' if name == 'cdktf' else ' CDK=cdktn'}` first")

    env = dict(os.environ, CHECKPOINT_DISABLE="1", JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION="1",
               JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="18,20")
    env.pop("AMLNET_CONFIG", None)
    env.pop("AMLNET_EAGER_PROVIDERS", None)
    tmp = Path(tempfile.mkdtemp(prefix="amlnet-bench-"))
    b = str(ROOT / "benchmarks")
    app = app_command()
    cases: list[Case] = []
    for name in cdks:
        py = str(CDKS[name][0])
        main_argv = [str(ROOT / app[0]), *app[1:]] if name == "cdktf" else [py, "-O", "main.py"]
        main_label = f"`{' '.join(app)}` (default app, cdktf.json's command)" if name == "cdktf" else "`.venv-cdktn/bin/python -O main.py` (default app)"
        cases += [
            Case(name, "floor", "floor (one resource, ordinary import)", [py, f"{b}/floor_app.py"], tmp / f"{name}-floor"),
            Case(name, "main", main_label, main_argv, tmp / f"{name}-main"),
            Case(name, "make", "warm `make synth" + ("`" if name == "cdktf" else " CDK=cdktn`"),
                 ["make", "--no-print-directory", "synth", f"CDK={name}"], None),
            Case(name, "s1", "spokes-1 (peered-compute, 1 spoke; -O)", [py, "-O", f"{b}/scale_app.py", "1"], tmp / f"{name}-spokes-1"),
            Case(name, "s100", "spokes-100 (peered-compute, 100 spokes; -O)", [py, "-O", f"{b}/scale_app.py", "100"],
                 tmp / f"{name}-spokes-100"),
        ]
        if name == "cdktf":
            cases.append(Case(name, "checked", "spokes-100 with the bindings' type checks (no -O)", [py, f"{b}/scale_app.py", "100"],
                              tmp / f"{name}-spokes-100-checked"))
    load_before = load()
    started = datetime.now(UTC)
    for round_ in range(args.runs + 1):  # round 0 warms caches up and is not counted
        for c in cases:
            case_env = dict(env, **CDKS[c.cdk][1])
            if c.outdir is not None:
                shutil.rmtree(c.outdir, ignore_errors=True)
                case_env["CDKTF_OUTDIR"] = str(c.outdir)
            t, peak = measure(c.argv, case_env)
            if round_:
                c.times.append(t)
                c.peaks.append(peak)
            print(f"  {'warm-up' if not round_ else f'run {round_}'}: {c.cdk}: {c.name}: {t:.2f} s, {peak / MIB:.0f} MiB",
                  file=sys.stderr)
            c.resources = count_resources(c.outdir if c.outdir is not None else ROOT / "cdktf.out")
    breakdowns = {name: subprocess.run([str(CDKS[name][0]), f"{b}/bench_breakdown.py", "--runs", str(max(3, min(args.runs, 5)))],
                                       cwd=ROOT, env=dict(env, **CDKS[name][1]), capture_output=True, text=True) for name in cdks}
    load_after = load()
    shutil.rmtree(tmp, ignore_errors=True)

    med = {id(c): statistics.median(c.times) for c in cases}
    peak = {id(c): max(c.peaks) for c in cases}
    by = {(c.cdk, c.key): c for c in cases}
    lines = [
        f"Run {started:%Y-%m-%d %H:%M} UTC on {machine()}; load average before {load_before}, after {load_after}.",
        f"Median of {args.runs} runs each (after one warm-up), cases interleaved; peak = highest RSS of the whole process tree.",
        "cdktf = CDK for Terraform 0.21.0 (azurerm 4.55.0, the machine's Node); cdktn = CDK Terrain 0.24.0 (azurerm 4.81.0, Node 22.20.0 "
        "from the pinned wheel).",
        "",
        fmt_row(["CDK", "case", "resources", "median s (min-max)", "x its floor", "ms / resource", "peak MiB"]),
        fmt_row(["---", "---", "---:", "---:", "---:", "---:", "---:"]),
    ]
    for c in cases:
        m, f = med[id(c)], med[id(by[(c.cdk, "floor")])]
        lines.append(fmt_row([c.cdk, c.name, str(c.resources), f"{m:.2f} ({min(c.times):.2f}-{max(c.times):.2f})", f"{m / f:.2f}",
                              f"{m * 1000 / c.resources:.1f}" if c.resources else "-", f"{peak[id(c)] / MIB:.0f}"]))
    lines += ["", fmt_row(["CDK", "target", "measured", "met"]), fmt_row(["---", "---", "---:", ":---:"])]
    for name in cdks:
        floor, main_, make_, s1, s100 = (by[(name, k)] for k in ("floor", "main", "make", "s1", "s100"))
        f = med[id(floor)]
        marginal = (med[id(s100)] - med[id(s1)]) * 1000 / max(1, s100.resources - s1.resources)
        targets = [
            ("`python main.py` <= 0.35 x floor", f"{med[id(main_)] / f:.2f} x", med[id(main_)] / f <= 0.35),
            ("`python main.py` peak memory <= floor's", f"{peak[id(main_)] / MIB:.0f} vs {peak[id(floor)] / MIB:.0f} MiB",
             peak[id(main_)] <= peak[id(floor)]),
            ("warm `make synth` <= 4 s", f"{med[id(make_)]:.2f} s", med[id(make_)] <= 4.0),
            ("100 spokes <= 6 s", f"{med[id(s100)]:.2f} s", med[id(s100)] <= 6.0),
            ("100 spokes <= 600 MiB", f"{peak[id(s100)] / MIB:.0f} MiB", peak[id(s100)] <= 600 * MIB),
            (f"<= 0.5 ms per additional resource ({s100.resources - s1.resources} resources, spokes-100 minus spokes-1)",
             f"{marginal:.2f} ms", marginal <= 0.5),
        ]
        lines += [fmt_row([name, t, v, "yes" if ok else "**no**"]) for t, v, ok in targets]
    for name, breakdown in breakdowns.items():
        if breakdown.returncode == 0:
            lines += ["", f"Where the time of `python main.py` goes on {name} (one process, median of its runs):", "", breakdown.stdout.strip()]
        else:
            lines += ["", f"({name} breakdown failed: {breakdown.stderr.strip()[-500:]})"]
    text = "\n".join(lines) + "\n"
    print(text)
    args.out.write_text("<!-- written by `make bench` (benchmarks/synth.py) -->\n" + text)
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}", file=sys.stderr)
    if args.docs:
        old = PERFORMANCE_PAGE.read_text()
        start, end = old.index(BENCH_START) + len(BENCH_START), old.index(BENCH_END)
        PERFORMANCE_PAGE.write_text(old[:start] + "\n" + text + old[end:])
        print(f"updated {PERFORMANCE_PAGE.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
