"""`amlnet verify`: every required and every unrequested flow of synthesized stacks; exit 1 on a violation."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..catalog import Scenario
from .args import CLOUDS, region_arg


def register(sub: Any) -> None:
    v = sub.add_parser("verify", help="evaluate every required and every unrequested flow in synthesized stacks; exit 1 on a violation")
    v.add_argument("path", nargs="?", default="cdktf.out", help="cdktf.out (every stack) or one cdk.tf.json (default: cdktf.out)")
    v.add_argument("--format", choices=["table", "json"], default="table")
    v.add_argument("--all", action="store_true", help="list every check, not only the violations")
    v.add_argument("--cloud", choices=CLOUDS, default=None, help="for stacks without amlnet metadata")
    v.add_argument("--region", action="append", default=None, type=region_arg, help="for stacks without amlnet metadata (repeatable)")
    v.add_argument("--scenario", action="append", default=None, choices=[s.value for s in Scenario],
                   help="for stacks without amlnet metadata (repeatable)")
    v.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..verify import load_documents, render, verify_document

    reports = [verify_document(d, cloud=args.cloud, regions=args.region, scenarios=args.scenario) for d in load_documents(args.path)]
    sys.stdout.write(render(reports, args.format, show_all=args.all))
    return 1 if any(r.violations or not r.findings for r in reports) else 0
