"""The lazy provider import (amlnet/providers.py, docs/adr/0001-lazy-provider-import.md): only the
submodules used are loaded, on the Python and on the node side; the package still behaves in full
for code that imports it itself, in either order; and the output is the same bytes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from amlnet.cdk_choice import choose_cdk
from tests import background
from tests.conftest import ROOT, session_dir
from tests.synthesized import app_output_dir

CDK = choose_cdk(os.environ)  # the CDK this venv runs amlnet on (make test, make test CDK=cdktn)
PACKAGE = CDK.provider_package
CORE = CDK.core_module
# the package shell is for cdktf's eager bindings only; cdktn's bindings are generated lazy
cdktf_shell_only = pytest.mark.skipif(CDK.name != "cdktf", reason="cdktn-provider-azurerm is lazy as generated: no package shell")
HOOK = ROOT / "amlnet" / "lazy_provider_index.js"


def _env(**extra) -> dict[str, str]:
    env = dict(os.environ, CHECKPOINT_DISABLE="1", JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="18,20", **extra)
    for k in ("AMLNET_CONFIG", "AMLNET_EAGER_PROVIDERS"):
        env.pop(k, None)
    return env | extra


def _python(code: str, environ: dict[str, str] | None = None, **env) -> str:
    """Run `code` in a fresh interpreter; `environ` (else this process's, now) plus `env`."""
    base = _env(**env) if environ is None else environ | env
    r = background.run([sys.executable, "-c", code], cwd=ROOT, env=base, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    return r.stdout


def _package_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec(PACKAGE)
    assert spec and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations)))


def test_check_imports_neither_jsii_nor_the_bindings():
    out = _python(
        "import sys, runpy\n"
        "sys.argv = ['main.py', '--check']\n"
        "try:\n    runpy.run_path('main.py', run_name='__main__')\n"
        "except SystemExit as e:\n    assert e.code == 0, e.code\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in ('jsii', '{CORE}', 'constructs', '{PACKAGE}')))\n"
    )
    assert out.strip() == "[]"


def test_pure_layers_import_no_jsii():
    """catalog, config, planning, verify, report and the `amlnet` command stay free of jsii and cdktf."""
    out = _python(
        "import sys\n"
        "import amlnet.catalog, amlnet.config, amlnet.planning, amlnet.verify, amlnet.reports.egress, amlnet.reports.diff, amlnet.reports.audit, amlnet.reports.diagram, amlnet.cli, amlnet.naming\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in ('jsii', '{CORE}', 'constructs', '{PACKAGE}')))\n"
    )
    assert out.strip() == "[]"


@background.job
def lazy_then_complete():
    """A process that uses amlnet's lazy bindings, then imports the package itself (runs beside the suite;
    the environment is taken now, before any test can monkeypatch it)."""
    environ = _env()
    return lambda: _python(environ=environ, code=
        "import sys, json\n"
        "from amlnet.providers import AZURERM_CLASSES, Subnet, VirtualNetwork\n"
        f"P = '{PACKAGE}'\n"
        "loaded = lambda: sorted(m for m in sys.modules if m.startswith(P + '.') and not m.endswith('._private'))\n"
        "first = loaded()\n"
        f"import {PACKAGE} as az\n"
        "vpn = az.vpn_site.VpnSite.__name__\n"  # a submodule by attribute: only that one more
        "second = loaded()\n"
        f"from {PACKAGE} import *\n"  # anything else runs the package's own __init__
        "print(json.dumps({'first': first, 'second': second, 'vpn': vpn, 'all': len(az.__all__), 'after': len(loaded()),\n"
        "                  'same': az.subnet.Subnet is Subnet, 'check_type': callable(az.check_type),\n"
        "                  'table': all(getattr(__import__('amlnet.providers', fromlist=['x']), n).__name__ == n for n in AZURERM_CLASSES)}))\n"
    )


@pytest.mark.slow
@cdktf_shell_only
@background.uses(lazy_then_complete)
def test_only_the_submodules_used_are_imported_and_the_package_completes_on_demand():
    out = background.result(lazy_then_complete)
    r = json.loads(out)
    assert r["first"] == [f"{PACKAGE}._jsii", f"{PACKAGE}.subnet", f"{PACKAGE}.virtual_network"]
    assert r["second"] == sorted([*r["first"], f"{PACKAGE}.vpn_site"]) and r["vpn"] == "VpnSite"
    assert r["all"] > 1500 and r["after"] == r["all"] + 1  # every submodule and _jsii
    assert r["same"] and r["check_type"] and r["table"]


@background.job
def ordinary_import_first():
    """The default app from a process that imports the bindings the ordinary way before amlnet; returns its
    output folder (runs beside the suite)."""
    ordinary = session_dir("amlnet-ordinary-")

    environ = _env(CDKTF_OUTDIR=str(ordinary))

    def run() -> Path:
        _python(f"import {PACKAGE}, runpy; runpy.run_path('main.py', run_name='__main__')", environ)
        return ordinary
    return run


@pytest.mark.slow
@background.uses(ordinary_import_first)
def test_same_bytes_as_the_ordinary_import_first():
    """The default app written by this session (lazy bindings, tests/synthesized.py) and by a process that
    imports the bindings the ordinary way before amlnet (so its kernel starts without the node hook too)
    are the same files, byte for byte."""
    lazy, ordinary = app_output_dir("default"), background.result(ordinary_import_first)
    files = sorted(p.relative_to(lazy) for p in lazy.rglob("*") if p.is_file())
    assert {str(f) for f in files} >= {f"stacks/{k}/cdk.tf.json" for k in ("secure-workspace", "peered-compute")}
    assert files == sorted(p.relative_to(ordinary) for p in ordinary.rglob("*") if p.is_file())
    for f in files:
        assert (lazy / f).read_bytes() == (ordinary / f).read_bytes(), f


@cdktf_shell_only
def test_jsii_submodule_names_match_every_generated_module():
    """The FQN map the shell registers (`jsii_submodule_name`) against each submodule's own `jsii_type`."""
    from amlnet.lazy_package import jsii_submodule_name

    checked = 0
    for d in sorted(_package_dir().iterdir()):
        if d.name.startswith("_") or not (d / "__init__.py").is_file():
            continue
        with open(d / "__init__.py", encoding="utf-8") as f:
            head = f.read(8192)
        m = re.search(r'jsii_type="@cdktf/provider-azurerm\.([^."]+)\.', head)
        assert m, d.name
        assert jsii_submodule_name(d.name) == m.group(1), d.name
        checked += 1
    assert checked > 1500


def _node(script: str, stdin: str = "") -> str:
    r = subprocess.run(["node", "-e", script], input=stdin, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_node_hook_accepts_the_real_index():
    """The bindings' real lib/index.js (from the assembly tarball) has only the shapes the hook knows."""
    tgz = next((_package_dir() / "_jsii").glob("*.jsii.tgz"))
    with tarfile.open(tgz) as t:
        index = t.extractfile("package/lib/index.js").read().decode()
    exports = index.count('= require("./') + index.count('= __importStar(require("./')
    assert exports > 1500
    out = _node(f"const {{ lazyIndex }} = require({json.dumps(str(HOOK))}); const s = require('fs').readFileSync(0, 'utf8');"
                "const l = lazyIndex(s); console.log(l === null ? 'eager' : (l.match(/get\\(\\)/g) || []).length);", index)
    assert int(out) == exports


def test_node_hook_requires_on_first_access_and_leaves_other_files_alone(tmp_path):
    pkg = tmp_path / "node_modules" / "@cdktf" / "provider-azurerm"
    (pkg / "lib" / "alpha").mkdir(parents=True)
    (pkg / "package.json").write_text(json.dumps({"name": "@cdktf/provider-azurerm", "main": "lib/index.js"}))
    (pkg / "lib" / "alpha" / "index.js").write_text("globalThis.loaded = (globalThis.loaded || 0) + 1; exports.A = 1;\n")
    (pkg / "lib" / "index.js").write_text(
        '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\n'
        'exports.alpha = void 0;\n// generated by cdktf get\nexports.alpha = require("./alpha");\n')
    other = tmp_path / "node_modules" / "other" / "lib"
    (other / "alpha").mkdir(parents=True)
    (other.parent / "package.json").write_text(json.dumps({"name": "other", "main": "lib/index.js"}))
    (other / "alpha" / "index.js").write_text("globalThis.otherLoaded = true;\n")
    (other / "index.js").write_text('exports.alpha = require("./alpha");\n')
    out = _node(
        f"require({json.dumps(str(HOOK))}); process.chdir({json.dumps(str(tmp_path))});"
        f"const m = require({json.dumps(str(pkg))}); const before = globalThis.loaded || 0; const keys = Object.keys(m);"
        "const a = m.alpha.A; m.alpha; require(" + json.dumps(str(other.parent)) + ");"
        "console.log(JSON.stringify([before, keys, a, globalThis.loaded, globalThis.otherLoaded === true]));")
    assert json.loads(out) == [0, ["alpha"], 1, 1, True]


def test_type_checking_imports_match_the_class_table():
    """Type checkers see the classes through the `if TYPE_CHECKING:` imports (one block per CDK, chosen by
    `MYPY_CDKTN`), the runtime through `AZURERM_CLASSES`: each block names the same classes from the same
    submodules of its CDK's bindings, and the same core classes the runtime takes from the CDK."""
    import ast

    from amlnet import providers
    from amlnet.providers import AZURERM_CLASSES

    tree = ast.parse((ROOT / "amlnet" / "providers.py").read_text())
    blocks = [n for n in tree.body if isinstance(n, ast.If) and isinstance(n.test, ast.Name) and n.test.id == "TYPE_CHECKING"]
    assert len(blocks) == 1 and len(blocks[0].body) == 1
    choice = blocks[0].body[0]
    assert isinstance(choice, ast.If) and isinstance(choice.test, ast.Name) and choice.test.id == "MYPY_CDKTN"
    runtime_core = {t.id for n in blocks[0].orelse if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
    for body, core, package in ((choice.body, "cdktn", "cdktn_provider_azurerm"), (choice.orelse, "cdktf", "cdktf_cdktf_provider_azurerm")):
        imports = [n for n in body if isinstance(n, ast.ImportFrom) and n.module]
        assert len(imports) == len(body)
        assert {a.name for n in imports if n.module == core for a in n.names} == runtime_core
        seen = {
            alias.name: node.module.removeprefix(f"{package}.")
            for node in imports
            if node.module.startswith(f"{package}.")
            for alias in node.names
        }
        assert seen == AZURERM_CLASSES, package
    assert set(providers.__all__) == runtime_core | {"Construct"} | set(AZURERM_CLASSES)


def test_node_hook_reads_the_typescript_shape_of_cdktn_bindings(tmp_path):
    """@cdktn/provider-azurerm 17.x: TypeScript's helper header, then `exports.x = __importStar(require("./x/index"))`:
    each export becomes a getter, the helpers stay; a header that requires anything leaves the file eager."""
    header = (
        '"use strict";\n/**\n * Copyright\n */\n'
        'var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {\n'
        '    if (k2 === undefined) k2 = k; Object.defineProperty(o, k2, { enumerable: true, get: function() { return m[k]; } });\n'
        '}) : (function(o, m, k, k2) { o[k2 === undefined ? k : k2] = m[k]; }));\n'
        'var __setModuleDefault = (this && this.__setModuleDefault) || function(o, v) { o["default"] = v; };\n'
        'var __importStar = (this && this.__importStar) || function (mod) {\n'
        '    var result = {}; for (var k in mod) if (k !== "default") __createBinding(result, mod, k);\n'
        '    __setModuleDefault(result, mod); return result;\n};\n'
        'Object.defineProperty(exports, "__esModule", { value: true });\n'
        'exports.alpha = exports.beta = void 0;\n'
    )
    pkg = tmp_path / "node_modules" / "@cdktn" / "provider-azurerm"
    for name in ("alpha", "beta"):
        (pkg / "lib" / name).mkdir(parents=True)
        (pkg / "lib" / name / "index.js").write_text(f"globalThis.{name} = (globalThis.{name} || 0) + 1; exports.Name = '{name}';\n")
    (pkg / "package.json").write_text(json.dumps({"name": "@cdktn/provider-azurerm", "main": "lib/index.js"}))
    body = 'exports.alpha = __importStar(require("./alpha/index"));\nexports.beta = __importStar(require("./beta/index"));\n'
    (pkg / "lib" / "index.js").write_text(header + body)
    out = _node(
        f"require({json.dumps(str(HOOK))}); const m = require({json.dumps(str(pkg))});"
        "const before = [globalThis.alpha || 0, globalThis.beta || 0]; const a = m.alpha.Name; const same = m.alpha === m.alpha;"
        "console.log(JSON.stringify([before, Object.keys(m).sort(), a, same, globalThis.alpha, globalThis.beta || 0]));")
    assert json.loads(out) == [[0, 0], ["alpha", "beta"], "alpha", True, 1, 0]
    eager = header.replace("var __setModuleDefault", 'require("./alpha/index");\nvar __setModuleDefault') + body
    out = _node(f"const {{ lazyIndex }} = require({json.dumps(str(HOOK))}); console.log(lazyIndex(require('fs').readFileSync(0, 'utf8')) === null);",
                eager)
    assert out.strip() == "true"
