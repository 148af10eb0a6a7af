"""`amlnet diff`, `amlnet audit` and `amlnet diagram` as a user runs them: exit codes, formats, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from amlnet.cli import main
from tests.reports.test_audit import rest_nsg, rest_route_table, rest_rule_collection_group
from tests.synthesized import app_output, app_output_dir, shipped_configs


def _one(doc: dict, rtype: str) -> dict:
    (value,) = doc["resource"][rtype].values()
    return value


def test_diff_exit_code_is_0_on_identical_outputs_and_1_when_a_flow_closes(tmp_path, capsys):
    out = app_output_dir("default")
    assert main(["diff", str(out), str(out), "--exit-code"]) == 0
    assert "0 flows opened, 0 closed" in capsys.readouterr().out
    doc = app_output("default")["secure-workspace"]
    nsg = _one(doc, "azurerm_network_security_group")
    nsg["security_rule"] = [r for r in nsg["security_rule"] if r["name"] != "AllowOutAzureMachineLearningUdp"]
    (tmp_path / "new.json").write_text(json.dumps(doc))
    assert main(["diff", str(out / "stacks" / "secure-workspace" / "cdk.tf.json"), str(tmp_path / "new.json"), "--exit-code",
                 "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["schema"] == "amlnet.diff/v1"
    closed = [c for s in report["stacks"] for c in s["closed"]]
    assert closed and all("AllowOutAzureMachineLearningUdp" in c["carrier"] and c["ports"] == "5831" for c in closed)
    assert main(["diff", str(tmp_path / "missing"), str(out)]) == 2
    assert "old input" in capsys.readouterr().err


def test_audit_of_our_own_exported_network_is_clean_and_a_removed_flow_is_reported(tmp_path, capsys):
    doc = app_output("default")["secure-workspace"]
    nsg = rest_nsg(_one(doc, "azurerm_network_security_group"))
    files = {"nsg": nsg, "rt": rest_route_table(_one(doc, "azurerm_route_table")),
             "rcg": rest_rule_collection_group(_one(doc, "azurerm_firewall_policy_rule_collection_group"))}
    for name, data in files.items():
        (tmp_path / f"{name}.json").write_text(json.dumps(data))
    argv = ["audit", "--nsg", str(tmp_path / "nsg.json"), "--route-table", str(tmp_path / "rt.json"), "--firewall-policy",
            str(tmp_path / "rcg.json"), "--pe-prefix", "10.20.1.0/24"]
    assert main(argv) == 0, capsys.readouterr().out
    assert "0 missing, 0 excess" in capsys.readouterr().out
    rules = nsg["properties"]["securityRules"]
    nsg["properties"]["securityRules"] = [r for r in rules if r["name"] != "AllowOutAzureMachineLearningUdp"]
    (tmp_path / "nsg.json").write_text(json.dumps(nsg))
    assert main([*argv, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["schema"] == "amlnet.audit/v1" and any(
        f["kind"] == "missing" and "UDP/5831" in f["subject"] for f in report["findings"])
    (tmp_path / "junk.json").write_text("[1, 2]")
    assert main(["audit", "--nsg", str(tmp_path / "junk.json")]) == 2
    err = capsys.readouterr().err
    assert "junk.json" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_diagram_draws_every_shipped_stack(tmp_path, capsys):
    for label, _ in shipped_configs():
        assert main(["diagram", str(app_output_dir(label))]) == 0, label
        text = capsys.readouterr().out
        assert text.startswith("flowchart LR\n"), label
        for stack in app_output(label):
            assert f'["stack {stack}"]' in text, (label, stack)
    one = tmp_path / "one"
    shutil.copytree(app_output_dir("default") / "stacks" / "peered-compute", one)
    assert main(["diagram", str(one / "cdk.tf.json")]) == 0 and "peering" in capsys.readouterr().out
    assert main(["diagram", str(tmp_path / "nothing")]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_docs_diagrams_are_what_amlnet_diagram_draws_now():
    """docs/diagrams/<configuration>.md are generated (scripts/diagrams.py); they stay equal to the command's output."""
    import importlib.util

    from amlnet.reports.diagram import diagram_documents
    from amlnet.verify.document import load_documents
    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("diagrams_script", ROOT / "scripts" / "diagrams.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    labels = [label for label, _ in shipped_configs()]
    assert sorted(p.stem for p in (ROOT / "docs" / "diagrams").glob("*.md")) == sorted(Path(label).stem for label in labels)
    for label in labels:
        want = script.page(label, diagram_documents(load_documents(app_output_dir(label))))
        assert (ROOT / "docs" / "diagrams" / f"{Path(label).stem}.md").read_text() == want, (
            f"{label}: run `.venv/bin/python scripts/diagrams.py` and review the diff")
