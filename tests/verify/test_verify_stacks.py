"""`amlnet verify` on real synthesized stacks: clean for every default stack and example, and failing,
with the right flow named, on each mutation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from amlnet.loading import parse_config
from amlnet.stacks import build_app
from amlnet.verify import Document, verify_document
from tests.conftest import ROOT
from tests.synthesized import app_output


def synth(cfg, outdir) -> dict[str, dict]:
    build_app(cfg, str(outdir)).synth()
    return {p.parent.name: json.loads(p.read_text()) for p in (outdir / "stacks").glob("*/cdk.tf.json")}


@pytest.fixture
def default_docs():
    """The default app's stacks, synthesized once per session (tests/synthesized.py)."""
    return app_output("default")


def violations(doc: dict, name="stack"):
    return verify_document(Document(doc, name)).violations


def test_default_app_verifies_clean(default_docs):
    assert set(default_docs) == {"secure-workspace", "peered-compute", "private-endpoint-compute", "serverless-no-public-ip",
                                 "aks-inference"}
    for name, doc in default_docs.items():
        rep = verify_document(Document(doc, name))
        assert rep.violations == [], [(f.flow, f.decided_by) for f in rep.violations]
        assert sum(f.check == "flow" for f in rep.findings) >= 40 and any(f.check == "dns" for f in rep.findings)


@pytest.mark.parametrize("example", sorted(p.name for p in (ROOT / "examples").glob("*.*")))
def test_examples_verify_clean(example):
    for name, doc in app_output(example).items():
        assert violations(doc, name) == [], (example, name)


def _mutated(doc, fn):
    doc = json.loads(json.dumps(doc))
    fn(doc["resource"])
    return doc


def _only(flows):
    return sorted({(f.check, f.flow) for f in flows})


def test_mutation_remove_udp_5831(default_docs):
    def drop(r):
        nsg = next(iter(r["azurerm_network_security_group"].values()))
        nsg["security_rule"] = [x for x in nsg["security_rule"] if x["protocol"] != "Udp"]
    v = violations(_mutated(default_docs["secure-workspace"], drop))
    assert ("flow", "AzureMachineLearning UDP/5831") in _only(v)
    assert all("DenyAllOutbound" in f.decided_by for f in v if f.flow == "AzureMachineLearning UDP/5831")


def test_mutation_remove_the_notebooks_zone_link_of_the_compute_vnet(tmp_path):
    # without the firewall's DNS proxy the compute VNet resolves only through its own zone links
    docs = synth(parse_config({"stacks": ["peered-compute"], "egress": {"firewall": {"use_as_dns": False}}}), tmp_path)
    doc = docs["peered-compute"]
    assert violations(doc) == []

    def drop(r):
        links = r["azurerm_private_dns_zone_virtual_network_link"]
        for k in [k for k, link in links.items() if "compute-network" in k and "notebooks" in k]:
            del links[k]
    v = violations(_mutated(doc, drop))
    assert _only(v) == [("dns", "resolve privatelink.notebooks.azure.net")]


def test_mutation_remove_the_notebooks_link_in_the_private_endpoint_variant(default_docs):
    def drop(r):
        links = r["azurerm_private_dns_zone_virtual_network_link"]
        for k in [k for k in links if k.startswith("compute-endpoints") and "notebooks" in k]:
            del links[k]
    assert _only(violations(_mutated(default_docs["private-endpoint-compute"], drop))) == [("dns", "resolve privatelink.notebooks.azure.net")]


def test_mutation_remove_the_nat_gateway(tmp_path):
    doc = app_output("nat-gateway.json")["secure-workspace"]
    v = violations(_mutated(doc, lambda r: r.pop("azurerm_subnet_nat_gateway_association")))
    assert ("flow", "BatchNodeManagement.NorthEurope TCP/443") in _only(v)
    assert all("no egress" in f.decided_by for f in v)


def test_mutation_remove_the_default_route(default_docs):
    def drop(r):
        rt = next(iter(r["azurerm_route_table"].values()))
        rt["route"] = [x for x in rt["route"] if x["address_prefix"] != "0.0.0.0/0"]
    v = violations(_mutated(default_docs["secure-workspace"], drop))
    assert ("flow", "AzureMachineLearning UDP/5831") in _only(v) and ("flow", "pypi.org TCP/443") in _only(v)
    assert all("system route 0.0.0.0/0 -> Internet" in f.decided_by for f in v)


def test_mutation_allow_all_outbound_at_low_priority(default_docs):
    def add(r):
        nsg = next(iter(r["azurerm_network_security_group"].values()))
        nsg["security_rule"].append({"name": "AllowAllOut", "priority": 4000, "direction": "Outbound", "access": "Allow", "protocol": "*",
                                     "source_address_prefix": "*", "destination_address_prefix": "*", "destination_port_range": "*",
                                     "source_port_range": "*"})
    v = violations(_mutated(default_docs["secure-workspace"], add))
    assert ("exposure", "an arbitrary internet address TCP/22") in _only(v)
    assert all("AllowAllOut" in f.decided_by for f in v)


def test_public_ip_return_path(tmp_path):
    doc = app_output("public-ip-compute.yaml")["secure-workspace"]
    rep = verify_document(Document(doc, "s"))
    assert rep.violations == []
    paths = [f for f in rep.findings if f.check == "return-path"]
    assert len(paths) == 4 and all(f.result == "allowed" for f in paths)

    def drop(r):
        rt = next(iter(r["azurerm_route_table"].values()))
        rt["route"] = [x for x in rt["route"] if not x["address_prefix"].startswith("AzureMachineLearning.CentralUS")]
    assert _only(violations(_mutated(doc, drop))) == [("return-path", "replies to AzureMachineLearning.CentralUS bypass the firewall")]


def test_cli_exit_codes(default_docs, tmp_path):
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "cdk.tf.json").write_text(json.dumps(default_docs["secure-workspace"]))
    exe = Path(sys.executable).parent / "amlnet"
    ok = subprocess.run([str(exe), "verify", str(tmp_path / "good" / "cdk.tf.json")], capture_output=True, text=True)
    assert ok.returncode == 0 and "0 violations" in ok.stdout
    bad = _mutated(default_docs["secure-workspace"], lambda r: next(iter(r["azurerm_network_security_group"].values())).update(security_rule=[]))
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    r = subprocess.run([str(exe), "verify", str(tmp_path / "bad.json"), "--format", "json"], capture_output=True, text=True)
    assert r.returncode == 1
    assert json.loads(r.stdout)["violations"] > 0
    (tmp_path / "junk.json").write_text("{")
    r = subprocess.run([str(exe), "verify", str(tmp_path / "junk.json")], capture_output=True, text=True)
    assert r.returncode == 2 and "not valid JSON" in r.stderr and "Traceback" not in r.stderr


def test_standalone_rules_and_data_source_subnet(default_docs):
    """The same stack written with standalone NSG rules and routes, and the compute subnet looked up by a
    data source, verifies the same."""
    doc = json.loads(json.dumps(default_docs["secure-workspace"]))
    r = doc["resource"]
    nsg_name, nsg = next(iter(r["azurerm_network_security_group"].items()))
    r["azurerm_network_security_rule"] = {
        f"rule{i}": {**rule, "network_security_group_name": f"${{azurerm_network_security_group.{nsg_name}.name}}"}
        for i, rule in enumerate(nsg.pop("security_rule"))
    }
    rt_name, rt = next(iter(r["azurerm_route_table"].items()))
    r["azurerm_route"] = {f"route{i}": {**x, "route_table_name": f"${{azurerm_route_table.{rt_name}.name}}"} for i, x in enumerate(rt.pop("route"))}
    sub_name = next(k for k, s in r["azurerm_subnet"].items() if s["name"] == "snet-aml-compute")
    sub = r["azurerm_subnet"].pop(sub_name)
    doc.setdefault("data", {})["azurerm_subnet"] = {"compute": {"name": "snet-aml-compute", "virtual_network_name": sub["virtual_network_name"],
                                                                "resource_group_name": "rg"}}
    text = json.dumps(doc).replace(f"${{azurerm_subnet.{sub_name}.id}}", "${data.azurerm_subnet.compute.id}")
    rep = verify_document(Document(json.loads(text), "s"))
    assert rep.violations == [], [(f.flow, f.decided_by) for f in rep.violations]
    assert any("NSG AllowOutAzureMachineLearningUdp" in f.decided_by for f in rep.findings)
    assert any("route route0" in f.decided_by for f in rep.findings)


def test_egress_outside_the_stack(tmp_path):
    doc = synth(parse_config({"stacks": ["secure-workspace"], "egress": {"mode": "none"}}), tmp_path)["secure-workspace"]
    rep = verify_document(Document(doc, "s"))
    assert rep.violations == [] and any("egress is provided outside" in n for n in rep.notes)
    assert any(f.result == "external" for f in rep.findings)
    # an NSG mistake is still caught: the flow dies before it could leave the VNet

    def drop(r):
        nsg = next(iter(r["azurerm_network_security_group"].values()))
        nsg["security_rule"] = [x for x in nsg["security_rule"] if x["protocol"] != "Udp"]
    assert ("flow", "AzureMachineLearning UDP/5831") in _only(violations(_mutated(doc, drop)))


# --- aks-inference (seed 004): the AKS subnet's flows and its scoring inbound ------------------------


def _aks_nsg(r):
    return next(n for n in r["azurerm_network_security_group"].values() if n["name"] == "nsg-snet-aml-aks")


def test_aks_inference_verifies_every_seed_flow(default_docs):
    rep = verify_document(Document(default_docs["aks-inference"], "aks-inference"))
    assert rep.violations == []
    aks = {(f.check, f.flow): f for f in rep.findings if f.subnet == "snet-aml-aks"}
    for flow in ("AzureContainerRegistry.EastUS2 TCP/443", "MicrosoftContainerRegistry TCP/443", "private endpoints 10.20.1.0/24 TCP/443",
                 "mcr.microsoft.com TCP/443", "packages.aks.azure.com TCP/443", "scoring from client range 10.20.0.0/16 TCP/80"):
        assert aks[("flow", flow)].result == "allowed", flow
    assert aks[("exposure", "scoring from the internet TCP/80")].result == "denied"
    assert aks[("exposure", "scoring from unlisted range 192.168.255.240/28 TCP/80")].result == "denied"
    # the AKS subnet is checked against its own rows only, not the compute subnet's Azure Batch flows
    assert not any("BatchNodeManagement" in flow for _, flow in aks)


def test_mutation_aks_scoring_open_to_the_internet(default_docs):
    def open_up(r):
        nsg = _aks_nsg(r)
        for x in nsg["security_rule"]:
            if x["name"] == "AllowInScoringFromClients":
                x["source_address_prefix"], x["source_address_prefixes"] = "Internet", None
    v = violations(_mutated(default_docs["aks-inference"], open_up))
    assert ("exposure", "scoring from the internet TCP/80") in _only(v)


def test_mutation_aks_registry_rule_removed(default_docs):
    def drop(r):  # the NSG rule and the firewall's network rule: the NSG alone passes 443 on to the firewall as Internet
        nsg = _aks_nsg(r)
        nsg["security_rule"] = [x for x in nsg["security_rule"] if "AzureContainerRegistry" not in x["name"]]
        for g in r["azurerm_firewall_policy_rule_collection_group"].values():
            for c in g["network_rule_collection"]:
                c["rule"] = [x for x in c["rule"] if "AzureContainerRegistry" not in x["name"]]
    v = violations(_mutated(default_docs["aks-inference"], drop))
    assert ("flow", "AzureContainerRegistry.EastUS2 TCP/443") in _only(v)


def test_nothing_checked_is_not_ok(tmp_path, capsys):
    """A stack with nothing verify can check (another tool's, or no resources) is NOT VERIFIED and exits 1 (issue 21)."""
    from amlnet.cli import main

    f = tmp_path / "other.json"
    f.write_text(json.dumps({"resource": {"aws_instance": {"x": {"ami": "a"}}}}))
    code = main(["verify", str(f), "--cloud", "public", "--region", "eastus2"])
    out = capsys.readouterr().out
    assert code == 1 and "NOT VERIFIED: nothing was checked in other" in out and "OK:" not in out
    assert "scenarios assumed: compute, studio" in out


def test_without_metadata_verify_names_the_assumed_scenarios_and_claims_no_more(default_docs, tmp_path):
    """A composed stack without `//.amlnet`: verify checks the flows of compute and studio only, and says so instead of OK."""
    doc = json.loads(json.dumps(default_docs["secure-workspace"]))
    doc.pop("//", None)
    tmp_path = tmp_path / "composed"
    tmp_path.mkdir()
    (tmp_path / "cdk.tf.json").write_text(json.dumps(doc))
    exe = Path(sys.executable).parent / "amlnet"
    r = subprocess.run([str(exe), "verify", str(tmp_path / "cdk.tf.json"), "--cloud", "public", "--region", "eastus2"],
                       capture_output=True, text=True)
    last = r.stdout.strip().splitlines()[-1]
    assert r.returncode == 0 and last.startswith("OK ONLY FOR THE ASSUMED SCENARIOS (composed: compute, studio)"), r.stdout
    assert "record_verify_metadata" in last and "OK: every required flow" not in r.stdout
    j = subprocess.run([str(exe), "verify", str(tmp_path / "cdk.tf.json"), "--cloud", "public", "--region", "eastus2", "--format", "json"],
                       capture_output=True, text=True)
    assert json.loads(j.stdout)["assumed_scenarios"] == {"composed": ["compute", "studio"]}
    given = subprocess.run([str(exe), "verify", str(tmp_path / "cdk.tf.json"), "--cloud", "public", "--region", "eastus2",
                            "--scenario", "python-packages"], capture_output=True, text=True)
    assert given.stdout.strip().splitlines()[-1].startswith("OK: every required flow"), given.stdout
