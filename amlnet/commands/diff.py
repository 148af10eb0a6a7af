"""`amlnet diff OLD NEW [--format text|json] [--exit-code]`: the flows a change opens and closes, then its resources."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("diff", help="per stack, the network flows a change opens and closes (verify's flow model), then the "
                                    "resources added, removed and changed")
    p.add_argument("old", help="the output before: a cdktf.out folder, a stack folder or a cdk.tf.json")
    p.add_argument("new", help="the output after, likewise")
    p.add_argument("--format", choices=["text", "json"], default="text", help="text (default) or JSON (schema amlnet.diff/v1)")
    p.add_argument("--exit-code", action="store_true", help="exit 1 when a flow is opened or closed, 0 when none is")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..reports.diff import diff_paths, flows_changed, render_json, render_text

    diffs = diff_paths(args.old, args.new)
    sys.stdout.write(render_json(diffs) if args.format == "json" else render_text(diffs))
    return 1 if args.exit_code and flows_changed(diffs) else 0
