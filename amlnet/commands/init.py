"""`amlnet init DIR [--variant new-vnet|spoke] [--cdk cdktf|cdktn] [--force]`: write a small app of your own."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("init", help="write a small app of your own that composes amlnet's constructs (main.py, cdktf.json, pins, a test)")
    p.add_argument("dir", help="the app's folder (created; its name is the stack's name); refused when not empty unless --force")
    p.add_argument("--variant", choices=["new-vnet", "spoke"], default="new-vnet",
                   help="new-vnet: a workspace VNet with its own firewall (default); spoke: an existing landing-zone spoke and hub")
    p.add_argument("--cdk", choices=["cdktf", "cdktn"], default="cdktf", help="CDK for Terraform 0.21 (default) or CDK Terrain 0.24")
    p.add_argument("--force", action="store_true", help="write into a folder that is not empty (files of the same name are replaced)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..app_init import init_app

    written = init_app(args.dir, variant=args.variant, cdk_name=args.cdk, force=args.force)
    print(f"wrote {len(written)} files in {args.dir}: " + ", ".join(sorted(str(p.relative_to(args.dir)) for p in written)))
    print(f"next: cd {args.dir}; see README.md (pip install -r requirements.txt, npm install, npx {args.cdk} synth, "
          "pytest --snapshot-update once to record the snapshot)", file=sys.stderr)
    return 0
