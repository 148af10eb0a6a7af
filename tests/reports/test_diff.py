"""amlnet.reports.diff on real synthesized output: the default app, the default app with a scenario added
or removed (synthesized here), and hand-mutated copies of its cdk.tf.json files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from amlnet.catalog import HOSTS, SERVICE_TAGS, Cloud, Scenario
from amlnet.reports.diff import (
    SCHEMA,
    DiffError,
    StackDiff,
    diff_paths,
    flows_changed,
    render_json,
    render_text,
    stack_flows,
)
from amlnet.verify.document import VerifyError, load_documents
from tests.synthesized import ROOT, app_output_dir

STACK = "secure-workspace"


def _synth(tmp_path_factory: pytest.TempPathFactory, label: str, scenarios: list[str]) -> Path:
    from amlnet.loading import parse_config
    from amlnet.stacks import build_app

    out = tmp_path_factory.mktemp(label)
    build_app(parse_config({"scenarios": scenarios}), str(out)).synth()
    return out


@pytest.fixture(scope="module")
def default_dir() -> Path:
    return app_output_dir("default")


@pytest.fixture(scope="module")
def default_scenarios() -> list[str]:
    from amlnet.config import default_config

    return [s.value for s in default_config().scenarios]


@pytest.fixture(scope="module")
def vscode_dir(tmp_path_factory: pytest.TempPathFactory, default_scenarios: list[str]) -> Path:
    assert Scenario.VSCODE.value not in default_scenarios
    return _synth(tmp_path_factory, "vscode", [*default_scenarios, Scenario.VSCODE.value])


@pytest.fixture(scope="module")
def no_python_dir(tmp_path_factory: pytest.TempPathFactory, default_scenarios: list[str]) -> Path:
    assert Scenario.PYTHON_PACKAGES.value in default_scenarios
    return _synth(tmp_path_factory, "nopython", [s for s in default_scenarios if s != Scenario.PYTHON_PACKAGES.value])


@pytest.fixture
def copy(default_dir: Path, tmp_path: Path) -> Path:
    out = tmp_path / "cdktf.out"
    shutil.copytree(default_dir, out)
    return out


def _by_stack(diffs: list[StackDiff]) -> dict[str, StackDiff]:
    return {d.stack: d for d in diffs}


def _empty(d: StackDiff) -> bool:
    return not (d.opened or d.closed or d.recarried or d.added or d.removed or d.changed)


def _edit(path: Path, stack: str, edit: object) -> None:
    f = path / "stacks" / stack / "cdk.tf.json"
    doc = json.loads(f.read_text())
    edit(doc)  # type: ignore[operator]
    f.write_text(json.dumps(doc, indent=2))


def _vscode_ports() -> set[str]:
    return {str(p) for t in SERVICE_TAGS if t.scenario is Scenario.VSCODE for p in t.ports}


def _hosts(scenario: Scenario) -> set[str]:
    return {h for req in HOSTS if req.scenario is scenario for h in req.hosts.get(Cloud.PUBLIC, ())}


def test_identical_outputs_change_nothing(default_dir: Path, copy: Path) -> None:
    diffs = diff_paths(default_dir, copy)
    assert [d.stack for d in diffs] == sorted(p.name for p in (default_dir / "stacks").iterdir())
    assert all(_empty(d) and d.side == "both" for d in diffs), render_text(diffs)
    assert flows_changed(diffs) is False
    # not vacuous: every stack has flows on its NSG and its firewall
    for doc in load_documents(default_dir):
        flows = stack_flows(doc)
        assert {"nsg", "firewall"} <= {f.layer for f in flows}, doc.name
        assert not [f for f in flows if " rule Deny" in f.carrier], "an NSG Deny rule is not an allowed flow"
    out = json.loads(render_json(diffs))
    assert out["schema"] == SCHEMA == "amlnet.diff/v1"
    assert out["flows_changed"] is False
    assert [s["stack"] for s in out["stacks"]] == [d.stack for d in diffs]
    assert all(s["opened"] == [] and s["closed"] == [] and s["resources"]["changed"] == [] for s in out["stacks"])
    text = render_text(diffs)
    assert "(no flow changes)" in text and f"stack {STACK}: no changes" in text


def test_adding_vscode_opens_its_ports_and_hosts(default_dir: Path, vscode_dir: Path) -> None:
    ports = _vscode_ports()
    assert ports == {"8704-8710"}  # the catalog's VS Code row
    diffs = diff_paths(default_dir, vscode_dir)
    assert flows_changed(diffs)
    sw = _by_stack(diffs)[STACK]
    assert sw.closed == ()
    opened = {(c.flow.layer, c.flow.destination, c.flow.ports) for c in sw.opened}
    for port in ports:  # the NSG and the firewall both open the server ports to AzureMachineLearning
        assert ("nsg", "AzureMachineLearning", port) in opened
        assert ("firewall", "AzureMachineLearning", port) in opened
    nsg_flow = next(c.flow for c in sw.opened if c.flow.layer == "nsg" and c.flow.ports in ports)
    assert nsg_flow.direction == "Outbound" and nsg_flow.protocol == "TCP"
    assert nsg_flow.source == "snet-aml-compute (10.20.0.0/24)"
    assert nsg_flow.carrier.startswith("nsg nsg-snet-aml-compute rule AllowOutAzureMachineLearningTcp (priority ")
    assert _hosts(Scenario.VSCODE) <= {d for layer, d, p in opened if layer == "firewall" and p == "443"}
    assert "azurerm_network_security_group.compute-subnet_nsg_8C0B7281" in sw.changed
    text = render_text(diffs)
    line = next(ln for ln in text.splitlines() if "8704-8710" in ln and "nsg:" in ln and STACK not in ln)
    assert line.strip().startswith("+ Outbound nsg: snet-aml-compute (10.20.0.0/24) -> AzureMachineLearning TCP/8704-8710 via nsg ")
    assert "code.visualstudio.com HTTPS/443 via firewall" in text
    js = json.loads(render_json(diffs))
    sw_js = next(s for s in js["stacks"] if s["stack"] == STACK)
    assert {"kind": "opened", **asdict(nsg_flow)} in sw_js["opened"]


def test_removing_a_scenario_closes_its_flows(default_dir: Path, no_python_dir: Path) -> None:
    diffs = diff_paths(default_dir, no_python_dir)
    assert flows_changed(diffs)
    for d in diffs:
        assert d.opened == (), d.stack
        closed = {c.flow.destination for c in d.closed if c.flow.layer == "firewall"}
        assert _hosts(Scenario.PYTHON_PACKAGES) <= closed, d.stack
        assert all(c.kind == "closed" for c in d.closed)
    assert "- Outbound firewall: snet-aml-compute (10.20.0.0/24) -> pypi.org HTTPS/443 via firewall " in render_text(diffs)


def test_reversed_diff_swaps_opened_and_closed(default_dir: Path, vscode_dir: Path) -> None:
    forward, back = _by_stack(diff_paths(default_dir, vscode_dir)), _by_stack(diff_paths(vscode_dir, default_dir))
    assert forward.keys() == back.keys()
    for name in forward:
        assert [c.flow for c in forward[name].opened] == [c.flow for c in back[name].closed]
        assert [c.flow for c in forward[name].closed] == [c.flow for c in back[name].opened]
        assert forward[name].added == back[name].removed and forward[name].changed == back[name].changed


def _rules(doc: dict) -> list[dict]:
    (nsg,) = doc["resource"]["azurerm_network_security_group"].values()
    rules: list[dict] = nsg["security_rule"]
    return rules


def test_deleting_one_nsg_rule_closes_exactly_that_flow(default_dir: Path, copy: Path) -> None:
    doc = json.loads((copy / "stacks" / STACK / "cdk.tf.json").read_text())
    (nsg_name,) = doc["resource"]["azurerm_network_security_group"]
    victim = next(r for r in _rules(doc) if r["name"] == "AllowOutAzureResourceManagerTcp")
    assert victim["access"] == "Allow" and victim["destination_port_range"] == "443"

    _edit(copy, STACK, lambda d: _rules(d).remove(next(r for r in _rules(d) if r["name"] == victim["name"])))
    diffs = _by_stack(diff_paths(default_dir, copy))
    sw = diffs.pop(STACK)
    assert all(_empty(d) for d in diffs.values())
    assert sw.opened == () and sw.recarried == () and sw.added == () and sw.removed == ()
    assert len(sw.closed) == 1
    flow = sw.closed[0].flow
    assert (flow.layer, flow.direction, flow.source, flow.destination, flow.protocol, flow.ports) == (
        "nsg", "Outbound", "snet-aml-compute (10.20.0.0/24)", "AzureResourceManager", "TCP", "443")
    assert flow.carrier == f"nsg nsg-snet-aml-compute rule AllowOutAzureResourceManagerTcp (priority {victim['priority']})"
    assert sw.changed == (f"azurerm_network_security_group.{nsg_name}",)
    # the firewall still carries the same destination: a separate layer, so it is not closed
    assert any(f.layer == "firewall" and f.destination == "AzureResourceManager" for f in stack_flows(load_documents(copy / "stacks" / STACK)[0]))
    text = render_text(list(diff_paths(default_dir, copy)))
    assert f"    - {flow.describe()}" in text and f"    ~ azurerm_network_security_group.{nsg_name}" in text


def test_renaming_a_rule_is_a_carrier_change(default_dir: Path, copy: Path) -> None:
    def rename(d: dict) -> None:
        next(r for r in _rules(d) if r["name"] == "AllowOutAzureMachineLearningTcp")["name"] = "AllowOutAmlTcp"

    _edit(copy, STACK, rename)
    diffs = diff_paths(default_dir, copy)
    sw = _by_stack(diffs)[STACK]
    assert sw.opened == () and sw.closed == () and not flows_changed(diffs)
    assert {c.flow.ports for c in sw.recarried} == {"443", "8787", "18881"}
    assert all(c.was.startswith("nsg nsg-snet-aml-compute rule AllowOutAzureMachineLearningTcp ")
               and c.flow.carrier.startswith("nsg nsg-snet-aml-compute rule AllowOutAmlTcp ") for c in sw.recarried)
    assert "carriers changed (3):" in render_text(diffs)


def test_stack_only_in_new_is_all_opened_and_added(default_dir: Path, copy: Path) -> None:
    gone = "aks-inference"
    shutil.rmtree(copy / "stacks" / gone)
    new_doc = load_documents(default_dir / "stacks" / gone)[0]
    all_flows = stack_flows(new_doc)
    assert all_flows
    diffs = _by_stack(diff_paths(copy, default_dir))
    d = diffs.pop(gone)
    assert all(_empty(x) for x in diffs.values())
    assert d.side == "new" and d.closed == () and d.removed == () and d.changed == ()
    assert tuple(c.flow for c in d.opened) == all_flows
    assert "azurerm_network_security_group.aks-subnet_nsg_FEEB22FA" in d.added
    assert len(d.added) == sum(len(v) for v in new_doc.res.values()) + sum(len(v) for v in new_doc.data.values())
    assert f"stack {gone} (only in NEW): {len(all_flows)} flows opened, 0 closed" in render_text(list(diffs.values()) + [d])
    back = _by_stack(diff_paths(default_dir, copy))[gone]
    assert back.side == "old" and back.opened == () and tuple(c.flow for c in back.closed) == all_flows and back.removed == d.added


def test_managed_network_rules_are_flows(tmp_path: Path) -> None:
    src = app_output_dir("managed-network.yaml")
    new = tmp_path / "out"
    shutil.copytree(src, new)
    (stack,) = (p.name for p in (new / "stacks").iterdir())

    def edit(doc: dict) -> None:
        (ws,) = doc["resource"]["azurerm_machine_learning_workspace"].values()
        ws["managed_network"]["isolation_mode"] = "AllowInternetOutbound"
        tags = doc["resource"]["azurerm_machine_learning_workspace_network_outbound_rule_service_tag"]
        del tags[next(n for n, r in tags.items() if r["service_tag"] == "AzureMonitor")]

    before = stack_flows(load_documents(src / "stacks" / stack)[0])
    assert {f.ports for f in before if f.layer == "managed" and f.destination == "pypi.org"} == {"80", "443"}
    assert not [f for f in before if f.destination == "Internet"]  # AllowOnlyApprovedOutbound
    _edit(new, stack, edit)
    (d,) = diff_paths(src, new)
    assert [(c.flow.layer, c.flow.destination, c.flow.protocol, c.flow.ports) for c in d.opened] == [("managed", "Internet", "Any", "*")]
    assert [(c.flow.destination, c.flow.ports) for c in d.closed] == [("AzureMonitor", "443")]
    assert d.closed[0].flow.carrier.startswith("managed network ") and "service-tag rule" in d.closed[0].flow.carrier
    assert len(d.removed) == 1 and d.removed[0].startswith("azurerm_machine_learning_workspace_network_outbound_rule_service_tag.")


@pytest.mark.parametrize("bad", ["missing", "empty-dir", "not-json", "not-a-stack", "bad-rule"])
def test_bad_input_is_one_clear_error(default_dir: Path, tmp_path: Path, bad: str) -> None:
    path = tmp_path / bad
    expected = {"missing": "no such file or directory", "empty-dir": "no stacks/\\*/cdk.tf.json", "not-json": "not valid JSON",
                "not-a-stack": "not a synthesized Terraform JSON stack", "bad-rule": "cannot read the stack's network rules"}[bad]
    if bad == "empty-dir":
        path.mkdir()
    elif bad == "not-json":
        path.write_text("{ nope")
    elif bad == "not-a-stack":
        path.write_text('{"variable": {}}')
    elif bad == "bad-rule":  # a priority that is not a number
        doc = json.loads((default_dir / "stacks" / STACK / "cdk.tf.json").read_text())
        _rules(doc)[0]["priority"] = "high"
        path.write_text(json.dumps(doc))
    with pytest.raises(VerifyError, match=f"^old input: .*{expected}") as err:
        diff_paths(path, default_dir)
    assert isinstance(err.value, DiffError) and str(path) in str(err.value)
    with pytest.raises(DiffError, match=f"^new input: .*{expected}"):
        diff_paths(default_dir, path)


def test_json_is_deterministic_and_sorted(default_dir: Path, vscode_dir: Path) -> None:
    text = render_json(diff_paths(default_dir, vscode_dir))
    assert text == render_json(diff_paths(default_dir, vscode_dir))
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n"


def test_the_module_imports_no_cdk() -> None:
    code = ("import sys, amlnet.reports.diff; bad = ('cdktf', 'cdktn', 'jsii', 'amlnet.providers', 'amlnet.constructs', 'amlnet.stacks'); "
            "print(sorted(m for m in sys.modules if m.startswith(bad)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
