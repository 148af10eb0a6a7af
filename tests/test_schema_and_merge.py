"""`amlnet schema` (JSON Schema for editors, the README reference made from it) and `amlnet merge`
(the README recipe that adds `amlnet dependencies --fragment` output to a configuration)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml

from amlnet.cli import main
from amlnet.config import ConfigError
from amlnet.loading import load_config
from amlnet.schema import readme_section, reference_markdown
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "outbound-dependencies.json"
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".yaml", ".yml", ".json"))
JSONSCHEMA_PYTHON = ROOT / ".venv-checkov" / "bin" / "python"  # jsonschema 4.26.0, pinned in requirements-checkov.lock


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


REFERENCE_PAGE = ROOT / "docs" / "configuration.md"  # the configuration reference, between the generated markers


def test_readme_reference_is_generated_from_the_schema():
    assert readme_section(REFERENCE_PAGE.read_text(encoding="utf-8")) == reference_markdown(), (
        "regenerate docs/configuration.md's configuration reference with `amlnet schema --markdown`")


def test_reference_names_every_key_once():
    rows = [line.split("|")[1].strip().strip("`") for line in reference_markdown().splitlines()[2:]]
    assert len(rows) == len(set(rows))
    for key in ("egress.firewall.existing.private_ip", "egress.firewall.extra_fqdn_rules[].fqdns", "tags", "stacks", "compute.cluster.vm_size"):
        assert key in rows


def _validate(schema: dict, documents: dict[str, object]) -> dict[str, str]:
    """Validate each document with the real jsonschema (Draft 2020-12); {name: first error or ''}."""
    assert JSONSCHEMA_PYTHON.exists(), "make test installs checkov, and with it jsonschema, into .venv-checkov"
    script = (
        "import json, sys, jsonschema\n"
        "schema, docs = json.load(sys.stdin)\n"
        "jsonschema.Draft202012Validator.check_schema(schema)\n"
        "v = jsonschema.Draft202012Validator(schema)\n"
        "print(json.dumps({k: next((e.message for e in v.iter_errors(d)), '') for k, d in docs.items()}))\n"
    )
    r = subprocess.run([str(JSONSCHEMA_PYTHON), "-c", script], input=json.dumps([schema, documents]), capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_schema_validates_every_shipped_example_and_refuses_typos(capsys):
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    docs = {p.name: (json.loads(p.read_text()) if p.suffix == ".json" else yaml.safe_load(p.read_text())) for p in EXAMPLES}
    docs["defaults"] = {}
    docs["typo"] = {"regoin": "westus"}
    docs["bad-choice"] = {"egress": {"mode": "bogus"}}
    errors = _validate(schema, docs)
    assert {k: v for k, v in errors.items() if k not in ("typo", "bad-choice")} == {k: "" for k in docs if k not in ("typo", "bad-choice")}
    assert "regoin" in errors["typo"]
    assert "bogus" in errors["bad-choice"]
    assert len(EXAMPLES) >= 6


def test_schema_markdown_is_the_reference(capsys):
    code, out, _ = run(capsys, "schema", "--markdown")
    assert code == 0 and out == reference_markdown()


@pytest.fixture
def hub_config(tmp_path):
    cfg = tmp_path / "my-config.yaml"
    shutil.copy(ROOT / "examples" / "hub-spoke.yaml", cfg)
    return cfg


def test_readme_recipe_merges_the_fragment(capsys, tmp_path, hub_config):
    """dependencies --fragment > fragment; merge config fragment --output config: the hub firewall stays."""
    code, fragment, _ = run(capsys, "dependencies", str(FIXTURE), "--config", str(hub_config), "--fragment")
    assert code == 0
    frag = tmp_path / "deps-fragment.yaml"
    frag.write_text(fragment)
    code, out, err = run(capsys, "merge", str(hub_config), str(frag), "--output", str(hub_config))
    assert code == 0 and out == "" and "wrote" in err
    cfg = load_config(hub_config)
    assert cfg.egress.firewall.existing is not None and cfg.egress.firewall.existing.private_ip == "10.0.0.4"
    assert cfg.egress.firewall.rule_collection_group_priority == 1200
    assert {f for r in cfg.egress.firewall.extra_fqdn_rules for f in r.fqdns} == {"telemetry.example-partner.com", "mcr.microsoft.com"}
    # merging again replaces rules of the same name instead of repeating them
    code, _, _ = run(capsys, "merge", str(hub_config), str(frag), "--output", str(hub_config))
    assert code == 0 and len(load_config(hub_config).egress.firewall.extra_fqdn_rules) == len(cfg.egress.firewall.extra_fqdn_rules)


def test_appending_the_fragment_is_refused_not_silently_wrong(capsys, tmp_path, hub_config):
    """The old recipe (`>>`) made a second `egress:` key; YAML kept the last and dropped the hub firewall."""
    _, fragment, _ = run(capsys, "dependencies", str(FIXTURE), "--fragment")
    with hub_config.open("a") as f:
        f.write(fragment)
    with pytest.raises(ConfigError, match=r"duplicate key 'egress' at line \d+ \(first at line \d+\)"):
        load_config(hub_config)


def test_merge_refuses_an_invalid_result_and_keeps_the_file(capsys, tmp_path, hub_config):
    before = hub_config.read_text()
    frag = tmp_path / "bad.yaml"
    frag.write_text("egress: {mode: bogus}\n")
    code, out, err = run(capsys, "merge", str(hub_config), str(frag), "--output", str(hub_config))
    assert code == 2 and "egress.mode: expected one of" in err
    assert hub_config.read_text() == before
