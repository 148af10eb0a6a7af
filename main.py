#!/usr/bin/env python
"""CDKTF entry point: `cdktf synth` runs this file (see cdktf.json).

The configuration is validated before anything is built or written: on invalid input this prints
one message naming the field and the value, exits with code 2, and leaves cdktf.out as it was.

`python main.py --check` validates only (what `make synth` runs before the CLI).
"""

import sys

from amlnet.config import ConfigError, load_selected_config


def main(argv: list[str]) -> int:
    try:
        cfg = load_selected_config()
    except ConfigError as err:
        print(f"amlnet: invalid configuration: {err}", file=sys.stderr)
        return 2
    if "--check" in argv:
        return 0
    from amlnet.stacks.app import build_app  # imports jsii and the provider bindings (seconds)

    build_app(cfg).synth()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
