"""`amlnet validate`: terraform init + validate (and the plan check) of every stack with the real azurerm provider."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .args import positive


def register(sub: Any) -> None:
    t = sub.add_parser("validate", help="terraform init + validate every stack with the real azurerm provider; exit 1 on an error "
                                        "or on a warning the allow-list does not explain")
    t.add_argument("path", nargs="*", default=["cdktf.out"], help="cdktf.out, a stack folder or a cdk.tf.json (default: cdktf.out)")
    t.add_argument("--allow", metavar="FILE", help="YAML list of accepted warnings, each with a reason (see terraform-validate-allow.yaml)")
    t.add_argument("--jobs", type=positive, default=None, help="stacks at once (default: $AMLNET_VALIDATE_JOBS or the CPU count)")
    t.add_argument("--separately", action="store_true", help="one terraform init + validate per stack (default: all stacks as "
                                                             "modules of one run; a batch with an error is rerun this way)")
    t.add_argument("--format", choices=["table", "json"], default="table")
    t.add_argument("--no-plan", action="store_true", help="skip the plan check (terraform test with mock_provider azurerm, two "
                                                         "plans per stack: resource IDs unknown, then known); it runs after a clean "
                                                         "validate, with the table format")
    t.add_argument("--cache-dir", default=None, help="where the provider mirror and plugin cache live (default: $AMLNET_CACHE_DIR "
                                                    "or ~/.cache/amlnet)")
    t.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import time
    from pathlib import Path

    from ..validate import AllowList, Skip, Validator, find_stacks, preflight, render
    from ..validate.stack import ValidateError

    start = time.perf_counter()
    stacks = [s for p in args.path for s in find_stacks(p, prefix=f"{Path(p).name}/" if len(args.path) > 1 else "")]
    allow = AllowList.load(args.allow) if args.allow else AllowList(source="no allow-list")
    try:
        tools = preflight(Path(args.cache_dir) if args.cache_dir else None)
    except Skip:
        raise ValidateError("terraform is not on the PATH; install terraform >= 1.4 (docs/proving.md: Validate with the real provider)") from None
    tools.source.prepare()
    with Validator(tools.source, allow, jobs=args.jobs, terraform=tools.terraform, batch=not args.separately) as v:
        for s in stacks:
            v.submit(s)
        results = v.results()
    sys.stdout.write(render(results, args.format, source=tools.source, allow=allow, seconds=time.perf_counter() - start, jobs=v.jobs))
    ok = all(r.ok for r in results)
    if args.no_plan or not ok or args.format != "table":
        return 0 if ok else 1
    from ..validate.plan import plan_stacks, render_plan
    from ..validate.runner import terraform_env

    t = time.perf_counter()
    planned = plan_stacks(tools.source, [(s.name, s.file) for s in stacks], terraform=tools.terraform, env=terraform_env(tools.source))
    sys.stdout.write(render_plan(planned, time.perf_counter() - t))
    return 0 if all(r.ok for r in planned.values()) else 1
