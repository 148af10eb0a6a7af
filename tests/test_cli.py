"""The `amlnet` command: egress in four formats, dependencies, k8s-policies, and bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from amlnet.catalog import HOSTS, SERVICE_TAGS, Cloud, Scenario
from amlnet.cli import main
from amlnet.loading import parse_config
from tests.conftest import ROOT, seed_text

FIXTURE = ROOT / "tests" / "fixtures" / "outbound-dependencies.json"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_egress_json_schema_and_catalog(capsys):
    code, out, _ = run(capsys, "egress", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["schema"] == "amlnet.egress/v1" and doc["cloud"] == "public" and doc["regions"] == ["eastus2"]
    rows = doc["rows"]
    assert all(set(r) == {"kind", "destination", "protocol", "ports", "direction", "purpose", "scenario", "seed", "firewall_rule", "covered_by",
                          "kubernetes_use", "learn_url", "learn_section", "source", "carried_by", "risk", "risk_reason"} for r in rows)
    dests = {r["destination"] for r in rows}
    # every catalog row of the enabled scenarios is listed
    enabled = parse_config({}).enabled_scenarios
    for t in SERVICE_TAGS:
        if t.scenario in enabled:
            assert (t.tag + ".EastUS2" if t.regional else t.tag) in dests, t.tag
    for h in HOSTS:
        if h.scenario in enabled:
            for host in h.hosts[Cloud.PUBLIC]:
                assert host.replace("<region>", "eastus2") in dests, host
    pypi = [r for r in rows if r["destination"] == "*.pythonhosted.org"][0]
    assert (pypi["protocol"], pypi["ports"], pypi["firewall_rule"], pypi["covered_by"]) == ("TCP", "443", "application", "")


def test_egress_csv_parses_back_to_the_json_rows(capsys):
    _, out_csv, _ = run(capsys, "egress", "--format", "csv", "--scenario", "vscode", "--scenario", "kubernetes")
    _, out_json, _ = run(capsys, "egress", "--format", "json", "--scenario", "vscode", "--scenario", "kubernetes")
    assert list(csv.DictReader(io.StringIO(out_csv))) == json.loads(out_json)["rows"]


def test_aks_inference_is_refused_in_china(capsys):
    """Learn publishes no cluster-extensions endpoint for 21Vianet: amlnet opens nothing it cannot source (issue 19, item 12)."""
    code, out, err = run(capsys, "egress", "--cloud", "china", "--region", "chinanorth3", "--scenario", "aks-inference")
    assert code != 0 and out == "" and "Traceback" not in err
    assert "'aks-inference' with cloud 'china'" in err and "Cluster extensions" in err


@pytest.mark.parametrize("cloud, region", [("public", "eastus2"), ("usgov", "usgovvirginia"), ("china", "chinanorth3")])
def test_egress_json_rows_carry_learn_urls_that_parse_back_to_read_headings(capsys, cloud, region):
    """Every row, of every scenario, links a Learn section: the URL splits into a page whose source was
    read and an anchor of one of its headings, and learn_section names that heading."""
    from urllib.parse import urlsplit, urlunsplit

    from amlnet.catalog.learn import HEADINGS, anchor_of

    skip = {Scenario.COMPUTE, Scenario.STUDIO} | ({Scenario.AUTOML_NLP_VISION} if cloud != "public" else set())  # Azure Public only
    skip |= {Scenario.AKS_INFERENCE} if cloud == "china" else set()  # refused there: test_aks_inference_is_refused_in_china
    flags = [a for s in Scenario if s not in skip for a in ("--scenario", s.value)]
    code, out, _ = run(capsys, "egress", "--cloud", cloud, "--region", region, "--hbi", *flags, "--format", "json")
    assert code == 0
    rows = json.loads(out)["rows"]
    assert {r["scenario"] for r in rows} >= {"compute", "studio", "kubernetes", "vscode", "hbi"}
    for r in rows:
        url = urlsplit(r["learn_url"])
        assert url.scheme == "https" and url.fragment, r
        headings = HEADINGS[urlunsplit(url._replace(fragment=""))]
        by_anchor = {(explicit or anchor_of(h)): h.replace("`", "") for h, explicit in headings.items()}
        assert url.fragment in by_anchor, r
        assert r["learn_section"].startswith(by_anchor[url.fragment]), r


def test_egress_rows_of_the_aks_inference_subnet_carry_learn_urls(capsys, tmp_path):
    cfg = tmp_path / "aks.yaml"
    cfg.write_text("stacks: [aks-inference]\ninference: {scoring_clients: [10.30.0.0/16]}\n")
    _, out, _ = run(capsys, "egress", "--config", str(cfg), "--format", "json")
    rows = [r for r in json.loads(out)["rows"] if r["scenario"] == "aks-inference"]
    assert {r["kind"] for r in rows} == {"service-tag", "fqdn", "address-range"}
    assert all(r["learn_url"].startswith("https://learn.microsoft.com/azure/") and "#" in r["learn_url"] for r in rows), rows
    scoring = [r for r in rows if r["kind"] == "address-range"][0]
    assert scoring["learn_url"].endswith("/v1/how-to-secure-inferencing-vnet#aksvnet") and scoring["seed"] == "seed 004: scoring endpoint inbound rule"


def test_china_csv_has_china_names_only(capsys):
    code, out, _ = run(capsys, "egress", "--cloud", "china", "--region", "chinanorth3", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    dests = {r["destination"] for r in rows}
    assert {"chinanorth3.tundra.ml.azure.cn", "*.instances.ml.azure.cn", "Storage.ChinaNorth3", "microsoftgraph.chinacloudapi.cn"} <= dests
    assert "AzureFrontDoor.Frontend" not in dests
    assert not any(d.endswith((".windows.net", ".azureml.ms", "microsoftonline.com")) for d in dests)
    udp = [r for r in rows if r["destination"] == "chinanorth3.tundra.ml.azure.cn"][0]
    assert (udp["protocol"], udp["ports"], udp["firewall_rule"]) == ("UDP", "5831", "network")


def test_markdown_and_table(capsys):
    _, md, _ = run(capsys, "egress", "--format", "markdown")
    lines = md.splitlines()
    assert lines[0].startswith("| kind | destination |") and lines[1].startswith("|---|")
    _, table, _ = run(capsys, "egress")
    tl = table.splitlines()
    assert tl[0].startswith("Through the firewall (it must allow these): ") and tl[1].split()[:3] == ["kind", "destination", "protocol"]
    # the same rows, grouped by what carries them: a title, a header and a rule line per group, a blank line between groups
    titles = [i for i, line in enumerate(tl) if line.endswith(" rows")]
    counts = [int(tl[i].rsplit(": ", 1)[1].split()[0]) for i in titles]
    assert sum(counts) == len(lines) - 2 and len(titles) >= 3


def test_egress_from_config_uses_resource_names(capsys, tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("region: westeurope\nnames: {storage_account: stmydata}\nscenarios: [kubernetes]\n")
    _, out, _ = run(capsys, "egress", "--config", str(cfg), "--format", "json")
    dests = {r["destination"] for r in json.loads(out)["rows"]}
    assert "stmydata.blob.core.windows.net" in dests and "Storage.WestEurope" in dests and "*.workspace.westeurope.api.azureml.ms" in dests


def test_dependencies_report(capsys):
    assert "login.microsoftonline.com" in seed_text("000") and "management.azure.com" in seed_text("000")
    code, out, _ = run(capsys, "dependencies", str(FIXTURE))
    assert code == 0
    assert "7 endpoints" in out and "2 not allowed by the catalog" in out
    assert "telemetry.example-partner.com  ports 443" in out
    assert "mcr.microsoft.com  ports 8443" in out
    assert "login.microsoftonline.com" not in out.split("missing from the catalog")[1].split("In the catalog")[0]


def test_dependencies_fragment_is_a_valid_configuration(capsys):
    _, out, _ = run(capsys, "dependencies", str(FIXTURE), "--fragment")
    frag = yaml.safe_load(out)
    rules = frag["egress"]["firewall"]["extra_fqdn_rules"]
    assert {tuple(r["fqdns"]) for r in rules} == {("telemetry.example-partner.com",), ("mcr.microsoft.com",)}
    cfg = parse_config(frag)
    from amlnet.planner import plan_firewall_rules

    plan = plan_firewall_rules(cfg)
    assert any("telemetry.example-partner.com" in r.destination_fqdns for r in plan.application_rules)
    assert any(r.destination_fqdns == ("mcr.microsoft.com",) and r.destination_ports == ("8443",) for r in plan.network_rules)


@pytest.mark.parametrize("content, message", [
    ("not json", "not valid JSON"),
    ('{"values": []}', "expected an object with a 'value' list"),
    ('{"value": [{"properties": {"category": "x", "endpoints": [{"endpointDetails": []}]}}]}', "value[0].properties.endpoints[0].domainName: expected a host name"),
    ('{"value": [{"properties": {"endpoints": [{"domainName": "a.com", "endpointDetails": [{"port": "443"}]}]}}]}', "endpointDetails[0].port: expected a port number"),
])
def test_dependencies_malformed(capsys, tmp_path, content, message):
    f = tmp_path / "bad.json"
    f.write_text(content)
    code, out, err = run(capsys, "dependencies", str(f))
    assert code == 2 and out == ""
    assert err.startswith("amlnet: ") and message in err and len(err.strip().splitlines()) == 1


def test_k8s_policies(capsys):
    _, out, _ = run(capsys, "k8s-policies")
    docs = [d for d in yaml.safe_load_all(out) if d]
    assert {d["kind"] for d in docs} == {"NetworkPolicy"} and all(d["metadata"]["namespace"] == "azureml" for d in docs)
    by = {d["metadata"]["name"]: d["spec"] for d in docs}
    dns = by["azureml-to-kube-dns-and-konnectivity"]["egress"][0]
    assert {"protocol": "UDP", "port": 53} in dns["ports"]
    assert [p["port"] for p in by["azureml-fe-internal"]["ingress"][0]["ports"]] == [8000, 8001, 9001, 11001, 12001, 12101, 12201, 20000]
    assert by["azureml-fe-to-models"]["egress"][0]["ports"] == [{"protocol": "TCP", "port": 5001}]
    assert by["models-to-identity-proxy"]["ingress"][0]["ports"] == [{"protocol": "TCP", "port": 9999}]
    _, training, _ = run(capsys, "k8s-policies", "--no-inference")
    assert "azureml-fe" not in training


def test_bad_input_one_line_exit_2():
    for argv, message in ((["egress", "--cloud", "china", "--region", "eastus2"], "region: 'eastus2' is in cloud 'public', not in cloud 'china'"),
                          (["egress", "--format", "xml"], "invalid choice: 'xml'"),
                          (["egress", "--region", "uswest"], "argument --region: unknown region 'uswest' (choose from")):
        r = subprocess.run([sys.executable, "-m", "amlnet", *argv], capture_output=True, text=True, cwd=ROOT)
        assert r.returncode == 2, argv
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1 and message in r.stderr, r.stderr


def test_console_script_is_installed():
    exe = Path(sys.executable).parent / "amlnet"
    assert exe.exists(), "make installs the package (pip install -e .)"
    r = subprocess.run([str(exe), "egress", "--format", "csv"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith("kind,destination,protocol,ports")


def test_every_scenario_flag_is_accepted(capsys):
    for s in Scenario:
        if s in (Scenario.COMPUTE, Scenario.STUDIO, Scenario.AUTOML_NLP_VISION):
            continue
        code, _, err = run(capsys, "egress", "--scenario", s.value, "--format", "csv")
        assert code == 0, (s, err)


def test_kubernetes_training_and_inference_columns(capsys):
    _, out, _ = run(capsys, "egress", "--scenario", "kubernetes", "--format", "json")
    use = {r["destination"]: r["kubernetes_use"] for r in json.loads(out)["rows"] if r["scenario"] == "kubernetes"}
    assert use["archive.ubuntu.com"] == "training" and use["<acr>.azurecr.io"] == "training,inference"
    assert use["*.workspace.eastus2.api.azureml.ms"] == "training,inference"


def test_egress_covers_the_aks_inference_subnet(capsys, tmp_path):
    cfg = tmp_path / "aks.yaml"
    cfg.write_text("stacks: [aks-inference]\ninference: {scoring_clients: [10.30.0.0/16]}\n")
    _, out, _ = run(capsys, "egress", "--config", str(cfg), "--format", "json")
    rows = json.loads(out)["rows"]
    aks = {(r["kind"], r["destination"], r["direction"]): r for r in rows if r["scenario"] == "aks-inference"}
    acr = aks[("service-tag", "AzureContainerRegistry.EastUS2", "Outbound")]
    assert acr["seed"].startswith("seed 004") and acr["ports"] == "443"
    assert ("fqdn", "packages.aks.azure.com", "Outbound") in aks
    scoring = aks[("address-range", "10.30.0.0/16", "Inbound")]
    assert (scoring["ports"], scoring["protocol"]) == ("80", "TCP")
    # a configuration without the stack lists none of it
    _, plain, _ = run(capsys, "egress", "--format", "json")
    assert not any(r["scenario"] == "aks-inference" for r in json.loads(plain)["rows"])


def test_k8s_policies_for_the_inference_cluster(capsys, tmp_path):
    cfg = tmp_path / "aks.yaml"
    cfg.write_text("stacks: [aks-inference]\ninference: {scoring_clients: [10.30.0.0/16]}\n")
    _, out, _ = run(capsys, "k8s-policies", "--config", str(cfg))
    by = {d["metadata"]["name"]: d["spec"] for d in yaml.safe_load_all(out) if d}
    # the private API server's endpoint lives in the AKS subnet
    assert by["azureml-to-api-server"]["egress"][0]["to"] == [{"ipBlock": {"cidr": "10.20.4.0/24"}}]
    scoring = by["azureml-fe-from-scoring-clients"]["ingress"][0]
    assert scoring["from"] == [{"ipBlock": {"cidr": "10.30.0.0/16"}}, {"ipBlock": {"cidr": "10.20.4.0/24"}}]
    assert {p["port"] for p in scoring["ports"]} == {8000, 8001, 9001, 11001, 12001, 12101, 12201, 20000}
    _, plain, _ = run(capsys, "k8s-policies")
    assert "azureml-fe-from-scoring-clients" not in plain


def test_merge_keeps_a_json_target_json(tmp_path, capsys):
    """`merge cfg.json frag.yaml -o cfg.json` writes JSON: the file is read by its extension next time (issue 21)."""
    cfg = tmp_path / "cfg.json"
    cfg.write_text('{"region": "westus"}')
    (tmp_path / "frag.yaml").write_text("tags: {team: ml}\n")
    assert main(["merge", str(cfg), str(tmp_path / "frag.yaml"), "--output", str(cfg)]) == 0
    assert json.loads(cfg.read_text()) == {"region": "westus", "tags": {"team": "ml"}}
    capsys.readouterr()
