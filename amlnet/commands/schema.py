"""`amlnet schema [--markdown]`: the configuration's JSON Schema (for editors), or the reference table of docs/configuration.md."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    s = sub.add_parser("schema", help="print the configuration's JSON Schema (for editors), or the reference of docs/configuration.md")
    s.add_argument("--markdown", action="store_true", help="the configuration reference table (docs/configuration.md) instead of the schema")
    s.set_defaults(func=run)



def run(args: argparse.Namespace) -> int:
    from ..schema import reference_markdown, schema_json

    sys.stdout.write(reference_markdown() if args.markdown else schema_json())
    return 0
