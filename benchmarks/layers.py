#!/usr/bin/env python
"""Speed and memory of amlnet's pure layers and of one synthesis (kept out of the test suite).

    .venv/bin/python benchmarks/layers.py

Prints wall time per step and the process's peak resident memory.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(label: str, fn, repeat: int = 1):
    t = time.perf_counter()
    for _ in range(repeat):
        out = fn()
    dt = (time.perf_counter() - t) / repeat
    print(f"{label:<45} {dt * 1000:10.2f} ms")
    return out


def bad_inputs() -> None:
    """Time to refuse each row of the bad-input table (tests/test_bad_inputs.py), in process."""
    import contextlib
    import io
    import os
    import tempfile

    import main as entry
    from amlnet.cli import main as amlnet_main
    from tests.test_bad_inputs import ROWS, _prepare, alias_bomb

    times = []
    for row in ROWS:
        if "unreadable" in row.files:  # needs a non-root user or a patched open
            continue
        _, env, argv = _prepare(Path(tempfile.mkdtemp()), row)
        os.environ.update(env)
        t = time.perf_counter()
        with contextlib.redirect_stderr(io.StringIO()), contextlib.suppress(SystemExit):
            amlnet_main(argv) if row.argv and row.argv[0] != "main.py" else entry.main(argv[1:] if argv else [])
        times.append((time.perf_counter() - t, row.id))
    os.environ.pop("AMLNET_CONFIG", None)
    worst = max(times)
    print(f"{'bad inputs refused (table rows)':<45} {len(times):10d}")
    print(f"{'slowest refusal: ' + worst[1]:<45} {worst[0] * 1000:10.2f} ms")
    from amlnet.config_loading import InputError, parse_text

    bomb = alias_bomb()

    def refuse_bomb():
        with contextlib.suppress(InputError):
            parse_text(bomb, "bomb.yaml", "yaml")

    timed("refuse the YAML alias bomb (9**10 values)", refuse_bomb, 20)


def main() -> None:
    from amlnet.config import default_config
    from amlnet.planner import plan_firewall_rules, plan_nsg_rules, plan_zones

    cfg = timed("validate default configuration", default_config, 50)
    timed("plan NSG rules", lambda: plan_nsg_rules(cfg), 200)
    timed("plan firewall rules", lambda: plan_firewall_rules(cfg), 200)
    timed("plan DNS zones", lambda: plan_zones(cfg), 200)

    bad_inputs()

    def load():
        import amlnet.providers  # noqa: F401  (jsii loads the azurerm assembly)

    timed("import cdktf + azurerm bindings (jsii)", load)
    from amlnet.providers import App, Testing
    from amlnet.stacks import SecureWorkspaceStack

    doc = timed("build + synthesize secure-workspace", lambda: json.loads(Testing.synth(SecureWorkspaceStack(App(), "s", cfg))))
    print(f"{'resources in secure-workspace':<45} {sum(len(v) for v in doc['resource'].values()):10d}")

    import tempfile

    from amlnet.stacks import build_app
    from amlnet.verify import load_documents, verify_document

    out = tempfile.mkdtemp()
    timed("build + synthesize the four default stacks", lambda: build_app(cfg, out).synth())
    docs = load_documents(out)
    reports = timed("amlnet verify, four stacks", lambda: [verify_document(d) for d in docs], 5)
    print(f"{'verify checks (four stacks)':<45} {sum(len(r.findings) for r in reports):10d}")

    from amlnet.reports.egress import egress_rows

    rows = timed("amlnet egress rows (default scenarios)", lambda: egress_rows(cfg), 50)
    print(f"{'egress rows (default scenarios)':<45} {len(rows):10d}")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{'peak RSS (python process)':<45} {peak_kib / 1024:10.1f} MiB")


if __name__ == "__main__":
    main()
