"""checkov 3.3.30 (pinned, its own venv) over every synthesized stack: zero failed checks, with the
skips in security/checkov-skips.yaml and amlnet's own checks in security/checks."""

from __future__ import annotations

import json
import subprocess

import pytest
import yaml

from amlnet.config import load_config, parse_config
from amlnet.providers import App
from amlnet.stacks import STACKS
from tests.conftest import ROOT, synth_stack

CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"
SKIPS = yaml.safe_load((ROOT / "security" / "checkov-skips.yaml").read_text())
# Examples that opt into an exposure on purpose fail the check that guards it, and only that one.
OPT_IN = {"public-ip-compute.yaml": {"CKV_AMLNET_1"}}


def write(docs: dict[str, dict], root) -> None:
    for name, doc in docs.items():
        d = root / name
        d.mkdir(parents=True, exist_ok=True)
        (d / "cdk.tf.json").write_text(json.dumps(doc))


def scan(root) -> tuple[dict[str, list[str]], set[str]]:
    """Failed checks (id -> resources) and the ids that passed somewhere."""
    assert CHECKOV.exists(), "make test installs checkov into .venv-checkov"
    r = subprocess.run(
        [str(CHECKOV), "-d", str(root), "--framework", "terraform_json", "--skip-download", "--compact",
         "--external-checks-dir", str(ROOT / "security" / "checks"), "--skip-check", ",".join(SKIPS), "-o", "json"],
        capture_output=True, text=True, timeout=600,
    )
    assert r.stdout.strip(), r.stderr[-2000:]
    reports = json.loads(r.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    failed: dict[str, list[str]] = {}
    passed: set[str] = set()
    for rep in reports:
        res = rep.get("results", {})
        for f in res.get("failed_checks", []):
            failed.setdefault(f["check_id"], []).append(f"{f['file_path']}:{f['resource']}")
        passed |= {p["check_id"] for p in res.get("passed_checks", [])}
    return failed, passed


def synth_all(cfg) -> dict[str, dict]:
    return {k: synth_stack(STACKS[k](App(), k, cfg.for_stack(k))) for k in cfg.stacks}


@pytest.fixture(scope="module")
def default_docs():
    return synth_all(parse_config({}))


def test_every_skip_has_a_reason():
    assert SKIPS and all(isinstance(v, str) and len(v) > 40 for v in SKIPS.values())


def test_default_stacks_pass_with_zero_failures(default_docs, tmp_path):
    write(default_docs, tmp_path)
    failed, _ = scan(tmp_path)
    assert failed == {}


@pytest.mark.parametrize("example", sorted(p.name for p in (ROOT / "examples").glob("*.*")))
def test_examples_pass(example, tmp_path):
    write(synth_all(load_config(ROOT / "examples" / example)), tmp_path)
    failed, _ = scan(tmp_path)
    assert set(failed) == OPT_IN.get(example, set()), failed


def test_custom_checks_run(default_docs, tmp_path):
    write(default_docs, tmp_path)
    _, passed = scan(tmp_path)
    assert {"CKV_AMLNET_1", "CKV_AMLNET_2", "CKV2_AMLNET_1", "CKV2_AMLNET_3"} <= passed


def _mutate(doc: dict, fn) -> dict:
    doc = json.loads(json.dumps(doc))
    fn(doc["resource"])
    return doc


@pytest.mark.parametrize(
    "check, mutation",
    [
        ("CKV_AMLNET_1", lambda r: [c.update(node_public_ip_enabled=True) for c in r["azurerm_machine_learning_compute_cluster"].values()]),
        ("CKV_AMLNET_2", lambda r: [pe["private_dns_zone_group"].update(private_dns_zone_ids=pe["private_dns_zone_group"]["private_dns_zone_ids"][:1])
                                    for pe in r["azurerm_private_endpoint"].values()]),
        ("CKV2_AMLNET_1", lambda r: [r["azurerm_private_endpoint"].pop(k) for k in list(r["azurerm_private_endpoint"])
                                     if r["azurerm_private_endpoint"][k]["private_service_connection"]["subresource_names"] == ["amlworkspace"]]),
        ("CKV2_AMLNET_3", lambda r: r.pop("azurerm_subnet_network_security_group_association")),
    ],
    ids=["public-ip", "one-zone", "no-workspace-endpoint", "no-nsg"],
)
def test_custom_checks_catch_mutations(default_docs, tmp_path, check, mutation):
    write({"secure-workspace": _mutate(default_docs["secure-workspace"], mutation)}, tmp_path)
    failed, _ = scan(tmp_path)
    assert check in failed, failed
