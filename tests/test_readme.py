"""Every code block in the README is a test: Python blocks run and synthesize stacks that keep the
isolated-network provider settings; YAML blocks are valid configurations (or a valid allow-list);
shell blocks name only make targets, files and `amlnet` subcommands that exist."""

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)
YAML_BLOCKS = re.findall(r"```yaml\n(.*?)```", README, flags=re.S)
SH_BLOCKS = re.findall(r"```sh\n(.*?)```", README, flags=re.S)


def test_readme_has_samples():
    assert len(BLOCKS) >= 4


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_block_synthesizes(code, tmp_path, monkeypatch):
    import amlnet.providers

    real_app = amlnet.providers.App
    # the jsii process reads CDKTF_OUTDIR once, at start: give the sample an App that writes here
    monkeypatch.setattr(amlnet.providers, "App", lambda *a, **k: real_app(outdir=str(tmp_path)))
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    written = list((tmp_path / "stacks").glob("*/cdk.tf.json"))
    assert written, "the sample wrote no stack"
    for path in written:
        doc = json.loads(path.read_text())
        assert doc.get("resource"), f"{path.parent.name}: no resource"
        # every sample keeps the provider settings an isolated network needs (no storage data plane)
        for provider in doc["provider"]["azurerm"]:
            assert provider["features"][0]["storage"] == [{"data_plane_available": False}], path.parent.name


@pytest.mark.parametrize("text", YAML_BLOCKS, ids=[f"yaml{i}" for i in range(len(YAML_BLOCKS))])
def test_readme_yaml_block_is_accepted(text):
    """A mapping is a configuration (or part of one: every other field has a default); a list is a
    `terraform validate` allow-list."""
    from amlnet.loading import parse_config
    from amlnet.validate.allowlist import AllowList

    data = yaml.safe_load(text)
    if isinstance(data, list):
        assert AllowList.parse(data, "README")
    else:
        parse_config(data, "README")


def _commands(block: str) -> list[list[str]]:
    out = []
    for line in block.replace("\\\n", " ").splitlines():
        line = line.split("#", 1)[0].strip()
        for part in re.split(r"&&|;", line):
            words = [w for w in shlex.split(part) if "=" not in w or w.startswith("-")]
            if words:
                out.append(words)
    return out


def test_readme_shell_blocks_name_real_targets_files_and_subcommands():

    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.M))
    help_text = subprocess.run([str(Path(sys.executable).parent / "amlnet"), "--help"], capture_output=True, text=True).stdout
    seen = 0
    for block in SH_BLOCKS:
        for words in _commands(block):
            if words[0] == "make":
                assert words[1] in targets, words
                seen += 1
            elif words[0].endswith("amlnet"):
                assert words[1] in help_text, words
                seen += 1
        for path in re.findall(r"AMLNET_CONFIG=(\S+)", block):
            assert (ROOT / path).is_file(), path
    assert seen >= 3


def _run_block(marker, tmp_path, monkeypatch) -> dict:
    import json

    import amlnet.providers

    code = next(b for b in BLOCKS if marker in b)
    real_app = amlnet.providers.App
    monkeypatch.setattr(amlnet.providers, "App", lambda *a, **k: real_app(outdir=str(tmp_path)))
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    return {p.parent.name: json.loads(p.read_text()) for p in (tmp_path / "stacks").glob("*/cdk.tf.json")}


def test_readme_compose_example_puts_hub_resources_on_the_hub_provider(tmp_path, monkeypatch):
    doc = _run_block("class MyMlStack", tmp_path, monkeypatch)["my-ml"]
    links = doc["resource"]["azurerm_private_dns_zone_virtual_network_link"]
    on_hub = sorted(k for k, v in links.items() if v.get("provider") == "azurerm.hub")
    assert len(on_hub) == 3 and all(links[k]["resource_group_name"] == "rg-hub-dns" for k in on_hub)  # api, notebooks, blob
    assert len(links) == 9
    assert list(doc["data"]["azurerm_private_dns_zone"].values())[0]["provider"] == "azurerm.hub"
    assert "azurerm_virtual_network" not in doc["resource"] and "azurerm_subnet" not in doc["resource"]
    assert len(doc["resource"]["azurerm_private_dns_zone"]) == 6
    assert len(doc["resource"]["azurerm_monitor_diagnostic_setting"]) == 4  # blob and queue logs, plus the two added
    assert doc["resource"]["azurerm_log_analytics_workspace"]
    assert "pe-datalake-fraud" in {pe["name"] for pe in doc["resource"]["azurerm_private_endpoint"].values()}


def test_readme_rules_example_adds_inline_rules_and_a_collection(tmp_path, monkeypatch):
    doc = _run_block("class Rules", tmp_path, monkeypatch)["rules"]
    nsg = list(doc["resource"]["azurerm_network_security_group"].values())[0]
    assert nsg["name"] == "nsg-fraud-compute" and "AllowOutGitSsh" in {r["name"] for r in nsg["security_rule"]}
    assert "azurerm_network_security_rule" not in doc["resource"]
    group = list(doc["resource"]["azurerm_firewall_policy_rule_collection_group"].values())[0]
    assert group["provider"] == "azurerm.hub" and [c["name"] for c in group["network_rule_collection"]] == ["aml-network", "fraud-git"]
    assert list(doc["data"]["azurerm_firewall_policy"].values())[0]["provider"] == "azurerm.hub"
    routes = list(doc["resource"]["azurerm_route_table"].values())[0]["route"]
    assert [r["name"] for r in routes][-1] == "to-git"
