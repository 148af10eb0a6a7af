"""Every code block of the README and of the pages in docs/ is a test: Python blocks run and synthesize stacks that
keep the isolated-network provider settings; YAML blocks are valid configurations (or a valid allow-list); shell
blocks name only make targets, files and `amlnet` subcommands that exist. Every relative link of those pages points
at a file that exists and, into a Markdown page, at a heading it has.

The pages are README.md and docs/*.md, but not docs/provider-rules.md (generated), docs/adr/ (records, not
instructions) or docs/diagrams/ (generated mermaid). A block's test id names its page: `docs/variants.md:block3`."""

import functools
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

GENERATED = {"docs/provider-rules.md"}
#: page (relative to the repository root, "README.md" or "docs/<name>.md") -> its text
PAGES: dict[str, str] = {
    rel: (ROOT / rel).read_text(encoding="utf-8")
    for rel in ["README.md", *(f"docs/{p.name}" for p in sorted((ROOT / "docs").glob("*.md")))]
    if rel not in GENERATED
}


def _blocks(lang: str) -> list[tuple[str, str, str]]:
    """(test id, page, code) of every ```<lang> block, numbered per page."""
    prefix = {"python": "block", "yaml": "yaml", "sh": "sh"}[lang]
    return [(f"{page}:{prefix}{i}", page, code)
            for page, text in PAGES.items()
            for i, code in enumerate(re.findall(rf"```{lang}\n(.*?)```", text, flags=re.S))]


PYTHON_BLOCKS = _blocks("python")
YAML_BLOCKS = _blocks("yaml")
SH_BLOCKS = _blocks("sh")
BLOCKS = [code for _, _, code in PYTHON_BLOCKS]


def python_block(marker: str) -> tuple[str, str]:
    """(page, code) of the one Python block, on any page, that contains `marker` (e.g. "class MyMlStack")."""
    found = [(page, code) for _, page, code in PYTHON_BLOCKS if marker in code]
    assert len(found) == 1, f"{marker!r} is in {len(found)} Python blocks of {', '.join(PAGES)}; expected one"
    return found[0]


def page_with(marker: str) -> tuple[str, str]:
    """(page, text) of the one page that contains `marker` (e.g. a generated table's start marker)."""
    found = [(page, text) for page, text in PAGES.items() if marker in text]
    assert len(found) == 1, f"{marker!r} is on {len(found)} pages of {', '.join(PAGES)}; expected one"
    return found[0]


def test_readme_has_samples():
    assert len(PYTHON_BLOCKS) >= 4
    assert any(page == "README.md" for _, page, _ in PYTHON_BLOCKS), "the README keeps at least one Python block"
    assert {page for _, page, _ in PYTHON_BLOCKS} >= {"README.md", "docs/variants.md", "docs/constructs.md", "docs/your-own-app.md"}


def _exec_block(page: str, code: str, outdir: Path, monkeypatch) -> None:
    import amlnet.providers

    real_app = amlnet.providers.App
    # the jsii process reads CDKTF_OUTDIR once, at start: give the sample an App that writes here
    monkeypatch.setattr(amlnet.providers, "App", lambda *a, **k: real_app(outdir=str(outdir)))
    exec(compile(code, page, "exec"), {"__name__": "readme"})


@pytest.mark.parametrize("page,code", [(page, code) for _, page, code in PYTHON_BLOCKS], ids=[i for i, _, _ in PYTHON_BLOCKS])
def test_readme_block_synthesizes(page, code, tmp_path, monkeypatch):
    _exec_block(page, code, tmp_path, monkeypatch)
    written = list((tmp_path / "stacks").glob("*/cdk.tf.json"))
    assert written, "the sample wrote no stack"
    for path in written:
        doc = json.loads(path.read_text())
        if not doc.get("resource"):
            # only a stack that declares nothing at all may have no resource: verify's metadata alone
            # (record_verify_metadata), no provider and no data source
            assert "provider" not in doc and "data" not in doc and doc["//"].get("amlnet"), f"{path.parent.name}: no resource"
            continue
        # every sample keeps the provider settings an isolated network needs (no storage data plane)
        for provider in doc["provider"]["azurerm"]:
            assert provider["features"][0]["storage"] == [{"data_plane_available": False}], path.parent.name


@pytest.mark.parametrize("text", [code for _, _, code in YAML_BLOCKS], ids=[i for i, _, _ in YAML_BLOCKS])
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


@functools.cache
def _make_targets() -> frozenset[str]:
    return frozenset(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), flags=re.M))


@functools.cache
def _amlnet_help() -> str:
    return subprocess.run([str(Path(sys.executable).parent / "amlnet"), "--help"], capture_output=True, text=True).stdout


def _checked_commands(block: str) -> int:
    """Assert what the block names exists; how many make and amlnet commands it holds."""
    seen = 0
    for words in _commands(block):
        if words[0] == "make":
            assert words[1] in _make_targets(), words
            seen += 1
        elif words[0].endswith("amlnet"):
            assert words[1] in _amlnet_help(), words
            seen += 1
    for path in re.findall(r"AMLNET_CONFIG=(\S+)", block):
        # `my-*` names the reader's own file (`AMLNET_CONFIG=my-change.yaml`); every other one must exist here
        assert Path(path).name.startswith("my-") or (ROOT / path).is_file(), path
    return seen


@pytest.mark.parametrize("block", [code for _, _, code in SH_BLOCKS], ids=[i for i, _, _ in SH_BLOCKS])
def test_readme_shell_block_names_real_targets_files_and_subcommands(block):
    _checked_commands(block)


def test_readme_shell_blocks_name_commands():
    assert sum(_checked_commands(code) for _, page, code in SH_BLOCKS if page == "README.md") >= 3
    assert sum(_checked_commands(code) for _, _, code in SH_BLOCKS) >= 10


# --- links ----------------------------------------------------------------------------------------------------

LINKED_PAGES = ["README.md", *(f"docs/{p.name}" for p in sorted((ROOT / "docs").glob("*.md")))]


def _prose(text: str) -> str:
    """The text without fenced blocks and inline code (neither holds links)."""
    text = re.sub(r"^(```|~~~).*?^\1[ \t]*$", "", text, flags=re.S | re.M)
    return re.sub(r"`[^`\n]*`", "", text)


def anchors(text: str) -> set[str]:
    """GitHub's heading anchors: lowercase, punctuation removed (not `-` or `_`), spaces to `-`; repeats get -1, -2."""
    out: set[str] = set()
    counts: dict[str, int] = {}
    fenced = False
    for line in text.splitlines():
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        m = None if fenced else re.match(r"#{1,6}[ \t]+(.*?)[ \t#]*$", line)
        if not m:
            continue
        heading = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", m.group(1))  # a link in a heading: its text
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        n = counts.get(slug, 0)
        counts[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    out |= set(re.findall(r"<a (?:name|id)=\"([^\"]+)\"", text))
    return out


def _links(text: str) -> list[str]:
    prose = _prose(text)
    return re.findall(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)", prose) + re.findall(r"^\[[^\]]+\]:\s*(\S+)", prose, flags=re.M)


@pytest.mark.parametrize("page", LINKED_PAGES)
def test_relative_links_resolve(page):
    source = ROOT / page
    text = source.read_text(encoding="utf-8")
    broken = []
    for target in _links(text):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        dest = (source.parent / path).resolve() if path else source
        if not dest.is_relative_to(ROOT):
            broken.append(f"{target}: outside the repository")
        elif not dest.exists():
            broken.append(f"{target}: no such file")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest.read_text(encoding="utf-8")):
            broken.append(f"{target}: {dest.relative_to(ROOT)} has no heading with anchor #{anchor}")
    assert not broken, f"{page}: " + "; ".join(broken)


def test_anchors_follow_github():
    text = "# A `b`: c (d.e_f: true)\n```\n# not a heading\n```\n## A `b`: c (d.e_f: true)\n### What's [here](x.md)\n"
    assert anchors(text) == {"a-b-c-de_f-true", "a-b-c-de_f-true-1", "whats-here"}


def test_every_docs_page_is_linked_from_the_readme():
    readme = set(_links(PAGES["README.md"]))
    for page in LINKED_PAGES[1:]:
        assert page in readme, f"{page} is not in the README's Documentation list"
    for folder in ("docs/adr/", "docs/diagrams/"):
        assert folder in readme, folder


# --- blocks found by what they define --------------------------------------------------------------------------


def _run_block(marker, tmp_path, monkeypatch) -> dict:
    page, code = python_block(marker)
    _exec_block(page, code, tmp_path, monkeypatch)
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
