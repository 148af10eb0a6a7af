"""Layers flow one way: catalog -> config -> planning -> constructs -> stacks. The configuration
package imports nothing from planning (nor from what sits above it), directly or through another module."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import ROOT

ABOVE_CONFIG = ("amlnet.planning", "amlnet.plan_checks", "amlnet.loading", "amlnet.constructs", "amlnet.stacks", "amlnet.providers")


def _imports(path) -> set[str]:
    """Absolute names of every module a file imports (relative imports resolved), at any depth of the file."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            base = base[: len(base) - node.level + 1] if node.level else []
            mod = ".".join([*base, node.module] if node.module else base)
            out |= {mod} | {f"{mod}.{a.name}" for a in node.names}
    return out


def test_config_package_imports_nothing_above_it():
    for path in sorted((ROOT / "amlnet" / "config").glob("*.py")):
        bad = sorted(m for m in _imports(path) if m.startswith(ABOVE_CONFIG))
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_importing_config_loads_no_planning_module():
    code = "import sys, amlnet.config; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert [m for m in out if m.startswith(ABOVE_CONFIG)] == []
    assert "amlnet.config.model" in out


MAX_LINES = 400


def test_no_long_module_without_a_reason():
    """One idea per file: a module of `amlnet/` over 400 lines says why in its docstring (a `Length:` line)."""
    long = []
    for path in sorted((ROOT / "amlnet").rglob("*.py")):
        text = path.read_text()
        if text.count("\n") > MAX_LINES:
            doc = ast.get_docstring(ast.parse(text)) or ""
            if not any(line.startswith("Length:") for line in doc.splitlines()):
                long.append(f"{path.relative_to(ROOT)} ({text.count(chr(10))} lines)")
    assert long == []


def test_planning_takes_no_configuration():
    """The planners read narrow inputs (`PlanInputs`, `ComputePlacement`); only `amlnet.planner` imports
    both the configuration and the planning package."""
    for path in sorted((ROOT / "amlnet" / "planning").glob("*.py")):
        bad = sorted(m for m in _imports(path) if m.startswith(("amlnet.config", "amlnet.loading", "amlnet.planner")))
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"
