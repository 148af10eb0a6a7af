"""amlnet/cdk_choice.py: which CDK amlnet builds on, decided from AMLNET_CDK and what is installed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from amlnet.cdk_choice import CDKTF, CDKTN, CdkChoiceError, choose_cdk
from tests.conftest import ROOT

BOTH = {"cdktf", "cdktf_cdktf_provider_azurerm", "cdktn", "cdktn_provider_azurerm"}


def installed(*modules: str):
    return lambda module: module in modules


def test_unset_takes_the_installed_one_and_cdktf_when_both_are():
    assert choose_cdk({}, installed(*BOTH)) is CDKTF  # an existing cdktf app keeps what it had
    assert choose_cdk({"AMLNET_CDK": ""}, installed("cdktn", "cdktn_provider_azurerm")) is CDKTN
    assert choose_cdk({}, installed("cdktf", "cdktf_cdktf_provider_azurerm")) is CDKTF
    # a CDK without its bindings does not count
    assert choose_cdk({}, installed("cdktf", "cdktn", "cdktn_provider_azurerm")) is CDKTN


def test_the_setting_wins_when_both_are_installed():
    assert choose_cdk({"AMLNET_CDK": "cdktn"}, installed(*BOTH)) is CDKTN
    assert choose_cdk({"AMLNET_CDK": " cdktf "}, installed(*BOTH)) is CDKTF


@pytest.mark.parametrize(("environ", "have", "message"), [
    ({"AMLNET_CDK": "terraform"}, BOTH, "AMLNET_CDK='terraform' is not a CDK amlnet supports (choose from cdktf, cdktn)"),
    ({"AMLNET_CDK": "cdktn"}, {"cdktf", "cdktf_cdktf_provider_azurerm", "cdktn"},
     "AMLNET_CDK='cdktn', but cdktn or its azurerm bindings are not installed (pip install 'amlnet[cdktn]'"),
    ({}, set(), "pip install 'amlnet[cdktf]' (cdktf 0.21, azurerm 4.55.0) or 'amlnet[cdktn]'"),
])
def test_refusals_name_the_setting_and_the_extra(environ, have, message):
    with pytest.raises(CdkChoiceError) as e:
        choose_cdk(environ, installed(*have))
    assert message in str(e.value)
    assert isinstance(e.value, ImportError)  # `import amlnet.constructs` fails as an import does


def test_main_check_refuses_a_bad_setting_before_anything_is_written(tmp_path):
    env = dict(os.environ, AMLNET_CDK="cdk-for-terraform", CDKTF_OUTDIR=str(tmp_path / "out"))
    r = subprocess.run([sys.executable, "main.py", "--check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip() == ("amlnet: AMLNET_CDK='cdk-for-terraform' is not a CDK amlnet supports (choose from cdktf, cdktn)")
    assert not (tmp_path / "out").exists()


def test_the_versions_match_the_locks():
    """What cdk_choice says of each CDK is what requirements.lock and requirements-cdktn.lock pin."""
    for cdk, lock in ((CDKTF, "requirements.lock"), (CDKTN, "requirements-cdktn.lock")):
        text = (ROOT / lock).read_text()
        package, version = cdk.bindings.split()
        assert f"\n{package}=={version} " in text, (lock, cdk.bindings)
        assert f"\n{cdk.core_module}=={ {'cdktf': '0.21.0', 'cdktn': '0.24.0'}[cdk.name] } " in text, lock
