"""`amlnet merge CONFIG FRAGMENT... [--output FILE]`: fragments merged into a configuration, validated, written atomically."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..config import ConfigError


def register(sub: Any) -> None:
    m = sub.add_parser("merge", help="merge fragments (e.g. `dependencies --fragment` output) into a configuration; validated")
    m.add_argument("config", help="the configuration (YAML or JSON)")
    m.add_argument("fragments", nargs="+", metavar="fragment", help="YAML or JSON fragments, merged in order")
    m.add_argument("-o", "--output", help="write here (atomically) instead of printing; may be the configuration itself")
    m.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import os
    import tempfile

    from ..merge import merge_files

    data, text = merge_files(args.config, args.fragments)
    if not args.output:
        sys.stdout.write(text)
        return 0
    target = os.path.abspath(args.output)
    if target.lower().endswith(".json"):  # a JSON target stays JSON (load_document reads it by its extension)
        import json

        text = json.dumps(data, indent=2) + "\n"
    elif not target.lower().endswith((".yaml", ".yml")):
        raise ConfigError(f"{args.output}: must end in .yaml, .yml or .json (the format is chosen by the extension)")
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise ConfigError(f"{args.output}: cannot write: the folder {folder} does not exist")
    # validated above; write next to the target and rename, so a failure leaves the old file whole
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".amlnet-merge-", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, target)
    except OSError as e:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
        raise ConfigError(f"{args.output}: cannot write: {e.strerror or e}") from None
    print(f"wrote {args.output}", file=sys.stderr)
    return 0
