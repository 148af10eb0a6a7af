"""`make test` runs `make validate`'s check here, in the test session (jsii is loaded once for the whole
suite): every stack of the default app and of every example passes the real azurerm provider's
`terraform validate` with zero errors and zero warnings outside terraform-validate-allow.yaml.

Without terraform this skips with one line saying so; with AMLNET_REQUIRE_TERRAFORM=1 (CI) it fails.
"""

from __future__ import annotations

import time

import pytest

from amlnet.validate import AllowList, Skip, Unavailable, preflight, render
from scripts.validate import ALLOW, CACHE, configurations, validate_shipped


def test_every_shipped_stack_passes_terraform_validate(tmp_path, capsys):
    start = time.perf_counter()
    try:
        tools = preflight(CACHE)
    except Skip as s:
        pytest.skip(f"validate: {s}")
    except Unavailable as e:
        pytest.fail(f"validate: {e}")
    allow = AllowList.load(ALLOW)
    results, jobs, _ = validate_shipped(tools, allow, tmp_path)
    report = render(results, "table", source=tools.source, allow=allow, seconds=time.perf_counter() - start, jobs=jobs)
    with capsys.disabled():
        print("\n" + report, end="")
    expected = {f"{name}/{kind}" for name, cfg in configurations() for kind in cfg.stacks}
    assert {r.name for r in results} == expected and len(expected) >= 19
    assert all(r.ok for r in results), report
