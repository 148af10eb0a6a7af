#!/usr/bin/env python
"""`make validate`: synthesize the default app and every example, then `terraform validate` each stack
with the real azurerm provider (amlnet.validate), stacks in parallel.

    .venv/bin/python scripts/validate.py [--jobs N] [--format table|json]
    .venv/bin/python scripts/validate.py --prepare      # only unpack the provider mirror (make test)

All configurations are synthesized in this one process (one App per configuration, each with its own
outdir under .make/validate/), so jsii starts once; each stack is validated as soon as its
configuration is synthesized. Exit 0 when every stack has zero errors and zero warnings outside
terraform-validate-allow.yaml, 1 otherwise, 2 on a bad configuration or allow-list. Without terraform
it prints one SKIPPED line and exits 0, unless AMLNET_REQUIRE_TERRAFORM=1 (CI), which makes it exit 1.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
import typing
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ALLOW = ROOT / "terraform-validate-allow.yaml"
CACHE = ROOT / ".make" / "terraform"
OUT = ROOT / ".make" / "validate"


def configurations():
    """(name, config) for the default app and every file in examples/."""
    from amlnet.config import default_config
    from amlnet.loading import load_config
    yield "default", default_config()
    for p in sorted((ROOT / "examples").glob("*.*")):
        if p.suffix in (".yaml", ".yml", ".json"):
            yield p.stem, load_config(p)


def validate_shipped(tools, allow, out: Path, jobs: int | None = None):
    """Synthesize every configuration into `out`/<name> in this process and validate each stack as soon as
    its configuration is written. Returns (results, jobs, seconds until the last synthesis).

    Raises ConfigError for a bad example and ProviderError when the local build cannot be used."""
    from amlnet.validate import Validator, default_jobs, find_stacks

    start = time.perf_counter()
    configs = list(configurations())
    jobs = jobs or default_jobs()
    # unpack/check the mirror while jsii starts and the first configuration synthesizes
    with ThreadPoolExecutor(max_workers=1) as one:
        prepared = one.submit(tools.source.prepare)
        from amlnet.stacks import build_app  # jsii and the provider bindings (seconds, once per process)

        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        validator = None
        try:
            for name, cfg in configs:
                build_app(cfg, str(out / name)).synth()
                if validator is None:
                    prepared.result()
                    validator = Validator(tools.source, allow, jobs=jobs, terraform=tools.terraform, in_place=True, reuse=True,
                                          batch=True)
                for stack in find_stacks(out / name, prefix=f"{name}/"):
                    validator.submit(stack)
            synth_seconds = time.perf_counter() - start
            return validator.results(), jobs, synth_seconds
        finally:
            if validator is not None:
                validator.close()


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> typing.NoReturn:  # one line naming the flag and the value, exit 2
        print(f"validate: {message} (see `scripts/validate.py --help`)", file=sys.stderr)
        raise SystemExit(2)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return int(text)


def prepare_only() -> int:
    """Unpack and check the local provider build into the mirror under .make/terraform (seconds, once), so
    the suite's validate tests find it ready. Nothing to do without terraform or without ../shared."""
    from amlnet.validate import ProviderError, Skip, Unavailable, preflight

    try:
        tools = preflight(CACHE, require=False)
        tools.source.prepare()
    except (Skip, Unavailable):
        return 0
    except ProviderError as e:
        print(f"validate: {e}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    start = time.perf_counter()
    parser = _Parser(prog="validate", description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=_positive, help="stacks at once (default: $AMLNET_VALIDATE_JOBS or CPUs)")
    parser.add_argument("--format", choices=["table", "json"], default="table")
    parser.add_argument("--prepare", action="store_true", help="only unpack and check the provider mirror (make test's "
                        "install step); silent when terraform is missing, which the suite reports")
    args = parser.parse_args(argv)
    if args.prepare:
        return prepare_only()

    from amlnet.config import ConfigError
    from amlnet.validate import AllowList, AllowListError, ProviderError, Skip, Unavailable, preflight, render

    try:
        tools = preflight(CACHE)
        allow = AllowList.load(ALLOW)
        list(configurations())  # every example loads, before jsii starts
    except Skip as s:
        print(f"validate: {s}", file=sys.stderr)  # one loud line
        return 0
    except Unavailable as e:
        print(f"validate: FAILED: {e}", file=sys.stderr)
        return 1
    except (AllowListError, ConfigError, ProviderError) as e:
        print(f"validate: {e}", file=sys.stderr)
        return 2
    try:
        results, jobs, synth_seconds = validate_shipped(tools, allow, OUT, args.jobs)
    except ProviderError as e:
        print(f"validate: FAILED: {e}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - start
    sys.stdout.write(render(results, args.format, source=tools.source, allow=allow, seconds=seconds, jobs=jobs))
    if args.format == "table":
        print(f"(synthesis of every configuration done after {synth_seconds:.1f} s; terraform {'.'.join(map(str, tools.version))})")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
