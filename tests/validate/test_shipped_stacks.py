"""`make test` runs `make validate`'s check here: every stack of the default app and of every example
passes the real azurerm provider's `terraform validate` with zero errors and zero warnings outside
terraform-validate-allow.yaml. The stacks come from the session's one synthesis (tests/synthesized.py);
the table is printed as `make validate` prints it.

Without terraform this skips with one line saying so; with AMLNET_REQUIRE_TERRAFORM=1 (CI) it fails.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from amlnet.validate import AllowList, Skip, Stack, Unavailable, Validator, preflight, render
from scripts.validate import ALLOW, CACHE, configurations
from tests.synthesized import shipped_stacks


def test_every_shipped_stack_passes_terraform_validate(tmp_path, capsys):
    start = time.perf_counter()
    try:
        tools = preflight(CACHE)
    except Skip as s:
        pytest.skip(f"validate: {s}")
    except Unavailable as e:
        pytest.fail(f"validate: {e}")
    allow = AllowList.load(ALLOW)
    tools.source.prepare()
    with Validator(tools.source, allow, terraform=tools.terraform, in_place=True, reuse=True) as v:
        for label, kind, _, doc in shipped_stacks():
            d = tmp_path / Path(label).stem / kind  # named as make validate names them: <configuration>/<stack>
            d.mkdir(parents=True)
            (d / "cdk.tf.json").write_text(json.dumps(doc, indent=2))
            v.submit(Stack(f"{Path(label).stem}/{kind}", d))
        results = v.results()
    report = render(results, "table", source=tools.source, allow=allow, seconds=time.perf_counter() - start, jobs=v.jobs)
    with capsys.disabled():
        print("\n" + report, end="")
    expected = {f"{name}/{kind}" for name, cfg in configurations() for kind in cfg.stacks}
    assert sorted(r.name for r in results) == sorted(expected) and len(expected) >= 19
    assert all(r.ok for r in results), report
