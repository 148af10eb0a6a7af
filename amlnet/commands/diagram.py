"""`amlnet diagram [cdktf.out | stack folder | cdk.tf.json]`: a mermaid flowchart of synthesized stacks, on standard output."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("diagram", help="a mermaid flowchart of synthesized stacks: VNets, subnets with NSG and route summaries, "
                                       "firewall or NAT, private endpoints and zones, peerings, hub")
    p.add_argument("path", nargs="?", default="cdktf.out", help="cdktf.out (every stack), a stack folder or a cdk.tf.json (default: cdktf.out)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..reports.diagram import diagram_documents
    from ..verify.document import load_documents

    text = diagram_documents(load_documents(args.path))
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
