"""mypy --strict still checks amlnet's calls into the azurerm bindings, although pyproject.toml skips
the bindings' package root (`follow_imports = "skip"`, which keeps a cold run near 5 s instead of 60)."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = '''
from amlnet.providers import Construct, Subnet


def good(scope: Construct) -> str:
    return Subnet(scope, "ok", name="snet", resource_group_name="rg", virtual_network_name="v").id


def bad(scope: Construct) -> int:
    s = Subnet(scope, "x", name=1, resource_group_name="rg", virtual_network_name="v")
    return s.id
'''


def mypy_config(tmp_path: Path) -> tuple[Path, Path]:
    """pyproject.toml (and the cache) for this venv's CDK: on cdktn, the config `make typecheck CDK=cdktn` writes
    (amlnet/providers.py's CDK Terrain block switched on)."""
    from amlnet.cdk_choice import choose_cdk

    config = ROOT / "pyproject.toml"
    if choose_cdk(os.environ).name == "cdktf":
        return config, ROOT / ".mypy_cache"
    text = config.read_text()
    assert '\nalways_false = ["MYPY_CDKTN"]\n' in text
    (tmp_path / "mypy-cdktn.toml").write_text(text.replace('\nalways_false = ["MYPY_CDKTN"]\n', '\nalways_true = ["MYPY_CDKTN"]\n'))
    return tmp_path / "mypy-cdktn.toml", ROOT / ".mypy_cache-cdktn"


@pytest.mark.slow
def test_calls_into_the_bindings_are_type_checked(tmp_path):
    from mypy import api

    probe = tmp_path / "probe_bindings.py"
    probe.write_text(PROBE)
    config, cache = mypy_config(tmp_path)
    out, err, code = api.run(["--config-file", str(config), "--cache-dir", str(cache), str(probe)])
    errors = [line.split(": error: ", 1)[1] for line in out.splitlines() if ": error: " in line]
    assert code == 1, out + err
    # the wrong argument type and the wrong return type are both caught in the submodule's class...
    assert any('Argument "name" to "Subnet" has incompatible type "int"; expected "str"' in e for e in errors), out
    assert any('Incompatible return value type (got "str", expected "int")' in e for e in errors), out
    # ...and the correct call is not an error
    assert len(errors) == 2, out
