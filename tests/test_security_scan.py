"""checkov 3.3.30 (pinned, its own venv) over every synthesized stack: zero failed checks, with the
skips in security/checkov-skips.yaml and amlnet's own checks in security/checks.

checkov starts slowly (seconds), so it runs once per session over one tree that holds every case:
default/<stack>, examples/<example>/<stack> and mutations/<id>/secure-workspace; each test reads
the results of its own directory."""

from __future__ import annotations

import json
import os

import pytest
import yaml

from tests import background
from tests.conftest import ROOT, session_dir
from tests.synthesized import EXAMPLES, stacks_of

CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"
SKIPS = yaml.safe_load((ROOT / "security" / "checkov-skips.yaml").read_text())
# Examples that opt into an exposure on purpose fail the check that guards it, and only that one.
OPT_IN = {"public-ip-compute.yaml": {"CKV_AMLNET_1"}}


def _mutate(doc: dict, fn) -> dict:
    doc = json.loads(json.dumps(doc))
    fn(doc["resource"])
    return doc


MUTATIONS = {
    "public-ip": ("CKV_AMLNET_1", lambda r: [c.update(node_public_ip_enabled=True) for c in r["azurerm_machine_learning_compute_cluster"].values()]),
    "one-zone": ("CKV_AMLNET_2", lambda r: [pe["private_dns_zone_group"].update(private_dns_zone_ids=pe["private_dns_zone_group"]["private_dns_zone_ids"][:1])
                                            for pe in r["azurerm_private_endpoint"].values()]),
    "no-workspace-endpoint": ("CKV2_AMLNET_1", lambda r: [r["azurerm_private_endpoint"].pop(k) for k in list(r["azurerm_private_endpoint"])
                                                          if r["azurerm_private_endpoint"][k]["private_service_connection"]["subresource_names"] == ["amlworkspace"]]),
    "no-nsg": ("CKV2_AMLNET_3", lambda r: r.pop("azurerm_subnet_network_security_group_association")),
    "no-subnet": ("CKV2_AMLNET_4", lambda r: [c.pop("subnet_resource_id") for c in r["azurerm_machine_learning_compute_cluster"].values()]),
}


def write(docs: dict[str, dict], root) -> None:
    for name, doc in docs.items():
        d = root / name
        d.mkdir(parents=True, exist_ok=True)
        (d / "cdk.tf.json").write_text(json.dumps(doc))


def scan(root, env: dict[str, str] | None = None) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """Failed checks (file path -> check id -> resources) and passed check ids (file path -> ids),
    paths relative to `root` as checkov reports them ("/default/secure-workspace/cdk.tf.json")."""
    assert CHECKOV.exists(), "make test installs checkov into .venv-checkov"
    r = background.run(
        [str(CHECKOV), "-d", str(root), "--framework", "terraform_json", "--skip-download", "--compact",
         "--external-checks-dir", str(ROOT / "security" / "checks"), "--skip-check", ",".join(SKIPS), "-o", "json"],
        timeout=600, env=env,
    )
    if not r.stdout.strip():
        raise AssertionError(f"checkov printed nothing (exit {r.returncode}): {r.stderr[-2000:]}")
    reports = json.loads(r.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    failed: dict[str, dict[str, list[str]]] = {}
    passed: dict[str, set[str]] = {}
    for rep in reports:
        res = rep.get("results", {})
        for f in res.get("failed_checks", []):
            failed.setdefault(f["file_path"], {}).setdefault(f["check_id"], []).append(f["resource"])
        for p in res.get("passed_checks", []):
            passed.setdefault(p["file_path"], set()).add(p["check_id"])
    return failed, passed


@background.job
def checkov_scan():
    """One checkov run over every case (see the module docstring): the tree is written when collection
    ends, checkov runs beside the other tests (tests/background.py)."""
    root = session_dir("amlnet-checkov-")
    write(stacks_of("default"), root / "default")
    for example in EXAMPLES:
        write(stacks_of(example.name), root / "examples" / example.name)
    for key, (_, mutation) in MUTATIONS.items():
        write({"secure-workspace": _mutate(stacks_of("default")["secure-workspace"], mutation)}, root / "mutations" / key)
    env = dict(os.environ)  # taken now, before any test can monkeypatch it
    return lambda: scan(root, env)


pytestmark = [pytest.mark.slow, background.uses(checkov_scan)]


@pytest.fixture(scope="session")
def scanned():
    return background.result(checkov_scan)


def results(scanned, prefix: str) -> tuple[dict[str, list[str]], set[str]]:
    """(check id -> failing resources, passed ids) of the files under `prefix`; fails if checkov saw none."""
    failed_by_file, passed_by_file = scanned
    files = {f for f in (*failed_by_file, *passed_by_file) if f.startswith(prefix + "/")}
    assert files, f"checkov reported nothing under {prefix}"
    failed: dict[str, list[str]] = {}
    for f in files:
        for check, res in failed_by_file.get(f, {}).items():
            failed.setdefault(check, []).extend(f"{f}:{r}" for r in res)
    return failed, set().union(*(passed_by_file.get(f, set()) for f in files))


def test_every_skip_has_a_reason():
    assert SKIPS and all(isinstance(v, str) and len(v) > 40 for v in SKIPS.values())


def test_default_stacks_pass_with_zero_failures(scanned):
    failed, _ = results(scanned, "/default")
    assert failed == {}


@pytest.mark.parametrize("example", [p.name for p in EXAMPLES])
def test_examples_pass(example, scanned):
    failed, _ = results(scanned, f"/examples/{example}")
    assert set(failed) == OPT_IN.get(example, set()), failed


def test_custom_checks_run(scanned):
    _, passed = results(scanned, "/default")
    assert {"CKV_AMLNET_1", "CKV_AMLNET_2", "CKV2_AMLNET_1", "CKV2_AMLNET_3", "CKV2_AMLNET_4"} <= passed


@pytest.mark.parametrize("key", list(MUTATIONS))
def test_custom_checks_catch_mutations(scanned, key):
    check, _ = MUTATIONS[key]
    failed, _ = results(scanned, f"/mutations/{key}")
    assert check in failed, failed


def test_managed_network_compute_passes_without_a_subnet(scanned):
    """Compute in a workspace's managed VNet has no subnet_resource_id; CKV2_AMLNET_4 accepts it there only
    (the no-subnet mutation, the same compute beside a workspace without managed network, fails)."""
    failed, passed = results(scanned, "/examples/managed-network.yaml")
    assert "CKV2_AMLNET_4" in passed and "CKV2_AMLNET_4" not in failed
