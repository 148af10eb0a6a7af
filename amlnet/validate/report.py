"""The report of a validation run: a table per stack, the full diagnostics of every failing stack, the
allowed warnings with their reasons, and one closing line with the counts and the wall time.

Example::

    print(render(results, "table", source=src, allow=allow, seconds=12.3, jobs=2))
"""

from __future__ import annotations

import json
from dataclasses import asdict

from .allowlist import AllowList
from .diagnostics import Diagnostic
from .provider import ProviderSource, short_path
from .runner import REUSE_ENV, StackResult


def _diag(d: Diagnostic, indent: str = "    ") -> list[str]:
    head = f"{indent}{d.severity:<7} {d.address or '(no address)'}: {d.message()}"
    out = [head]
    if d.where or d.code:
        out.append(f"{indent}        at {d.where}: {d.code}" if d.code else f"{indent}        at {d.where}")
    return out


def render(results: list[StackResult], fmt: str, *, source: ProviderSource, allow: AllowList, seconds: float, jobs: int) -> str:
    ok = all(r.ok for r in results)
    if fmt == "json":
        return json.dumps({
            "schema": "amlnet.validate/v1",
            "ok": ok,
            "provider": source.description,
            "seconds": round(seconds, 2),
            "stacks": [{
                "name": r.name, "ok": r.ok, "failure": r.failure,
                "errors": [asdict(d) for d in r.errors],
                "unexplained_warnings": [asdict(d) for d in r.unexplained],
                "allowed_warnings": [{**asdict(d), "reason": a.reason} for d, a in r.allowed],
                "init_seconds": round(r.init_seconds, 2), "validate_seconds": round(r.validate_seconds, 2), "reused": r.reused,
                "batched": r.batched,
            } for r in results],
        }, indent=2) + "\n"

    lines = [f"terraform validate with {source.description}"]
    cols = ("stack", "errors", "warnings", "allowed", "init", "validate", "result")
    def took(r: StackResult, seconds: float) -> str:
        return "reused" if r.reused else "batch" if r.batched else f"{seconds:.1f}s"

    rows = [cols] + [(r.name, str(len(r.errors)), str(len(r.unexplained)), str(len(r.allowed)),
                      took(r, r.init_seconds), took(r, r.validate_seconds),
                      "ok" if r.ok else ("FAILED" if r.failure is None else "NOT RUN")) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(cols))]
    for i, row in enumerate(rows):
        lines.append("  ".join(v.ljust(w) if c == 0 else v.rjust(w) for c, (v, w) in enumerate(zip(row, widths, strict=True))).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))

    for r in results:
        if r.ok:
            continue
        lines += ["", f"{r.name}: FAILED"]
        if r.failure:
            lines += ["    " + ln for ln in r.failure.splitlines()]
        for d in r.errors:
            lines += _diag(d)
        for d in r.unexplained:
            lines += _diag(d)
            lines.append("            (a warning not in the allow-list: fix it, or list it there with a reason)")

    used: dict[int, int] = {}
    for r in results:
        for _, a in r.allowed:
            used[id(a)] = used.get(id(a), 0) + 1
    if used:
        lines += ["", f"allowed warnings ({short_path(allow.source) if allow.source else 'allow-list'}):"]
    for a in allow.entries:
        if id(a) in used:
            where = f" at {a.address}" if a.address else ""
            lines.append(f"    {used[id(a)]} x {a.summary!r}{where}: {a.reason}")
    stale = [a for a in allow.entries if id(a) not in used]
    for a in stale:
        what = a.detail or a.address or "any"
        lines.append(f"note: allow-list entry {a.summary!r} ({what}) matched no warning; delete it if it is no longer needed")

    n_err = sum(len(r.errors) for r in results)
    n_unx = sum(len(r.unexplained) for r in results)
    n_fail = sum(r.failure is not None for r in results)
    n_allowed = sum(len(r.allowed) for r in results)
    verdict = "OK" if ok else "FAILED"
    not_run = f", {n_fail} not run" if n_fail else ""
    n_reused = sum(r.reused for r in results)
    not_run += f", {n_reused} unchanged since an earlier run (answer reused; {REUSE_ENV}=0 to rerun)" if n_reused else ""
    batched = [r for r in results if r.batched]
    if batched:
        not_run += (f", {len(batched)} in one terraform run (init {batched[0].init_seconds:.1f} s, "
                    f"validate {batched[0].validate_seconds:.1f} s)")
    stacks = f"{len(results)} stack{'s' if len(results) != 1 else ''}"
    lines += ["", f"validate: {verdict}: {stacks}, {n_err} errors, {n_unx} unexplained warnings, {n_allowed} allowed"
                  f"{not_run}; {seconds:.1f} s wall ({jobs} in parallel)"]
    return "\n".join(lines) + "\n"
