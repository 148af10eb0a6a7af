#!/usr/bin/env python
"""CDKTF entry point: `cdktf synth` runs this file (see cdktf.json).

The configuration is validated before anything is built or written: on invalid input this prints
one message naming the field and the value, exits with code 2, and leaves cdktf.out as it was.

`python main.py --check` validates only (what `make synth` runs before the CLI).
`python main.py --version` prints amlnet's version.
"""

import os
import sys

# cdktf and terraform make no calls home, whoever starts this program (not only the Makefile).
os.environ.setdefault("CHECKPOINT_DISABLE", "1")

from amlnet.config_loading import BLANK_CONFIG_ENV, InputError, load_document  # noqa: E402

USAGE = "usage: main.py [--check] [--version]"


def main(argv: list[str]) -> int:
    unknown = [a for a in argv if a not in ("--check", "--version", "-h", "--help")]
    if unknown:
        print(f"amlnet: unknown argument {unknown[0][:60]!r} (choose from --check, --version); {USAGE}", file=sys.stderr)
        return 2
    if "-h" in argv or "--help" in argv:
        print(f"{USAGE}\n{__doc__.strip()}")
        return 0
    if "--version" in argv:
        from amlnet.cli import version

        print(f"amlnet {version()}")
        return 0
    from amlnet.cdk_choice import CdkChoiceError, choose_cdk

    try:  # AMLNET_CDK (or what is installed) is checked with the configuration, before the CLI writes anything
        choose_cdk(os.environ)
    except CdkChoiceError as err:
        print(f"amlnet: {err}", file=sys.stderr)
        return 2
    raw = os.environ.get("AMLNET_CONFIG")
    if raw is not None and not raw.strip():
        print(f"amlnet: invalid configuration: {BLANK_CONFIG_ENV}", file=sys.stderr)
        return 2
    path = (raw or "").strip()
    try:
        # the file is read and parsed before pydantic is imported: a bad file is refused at once
        data = load_document(path) if path else None
    except InputError as err:
        print(f"amlnet: invalid configuration: {err}", file=sys.stderr)
        return 2
    from amlnet.config import ConfigError, default_config
    from amlnet.loading import parse_loaded
    try:
        cfg = parse_loaded(data, path) if path else default_config()
    except ConfigError as err:
        print(f"amlnet: invalid configuration: {err}", file=sys.stderr)
        return 2
    if "--check" in argv:
        return 0
    from amlnet.constructs import PropsError
    from amlnet.stacks.app import build_app  # imports jsii and the provider bindings (seconds)

    try:
        app = build_app(cfg)
    except PropsError as err:  # props are checked as the stacks are built, before anything is written
        print(f"amlnet: invalid configuration: {err}", file=sys.stderr)
        return 2
    app.synth()
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    if "jsii" in sys.modules:  # the app was built: end without the interpreter's teardown
        from amlnet.fast_exit import exit_now

        exit_now(code)
    sys.exit(code)
