"""Property: valid configurations mutated at random (values replaced, keys dropped or added, the file's
bytes changed) are accepted or refused with ConfigError, never with another exception."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amlnet.config import ConfigError
from amlnet.loading import load_config, parse_config
from tests.conftest import ROOT

BASES = [{}] + [
    json.loads(p.read_text()) if p.suffix == ".json" else yaml.safe_load(p.read_text())
    for p in sorted((ROOT / "examples").iterdir()) if p.suffix in (".yaml", ".json")
]

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70), st.floats(allow_nan=True),
    st.text(max_size=40), st.sampled_from(["", " ", "10.0.0.0/8", "10.20.0.0/33", "eastus2", "narnia", "firewall", "Standard_DS3_v2",
                                           "/subscriptions/x/resourceGroups/y", "a" * 300, "my workspace!", "\x00", "ü"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
                      max_leaves=12)


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, prefix + (i,))


def _mutate(data, path, op, value):
    if not path:
        return value if op == "replace" else data
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        out = dict(data)
        if not rest and op == "drop":
            out.pop(head, None)
        elif not rest and op == "add":
            out[f"{head}_x"] = value
        else:
            out[head] = _mutate(data[head], rest, op, value)
        return out
    out = list(data)
    if not rest and op == "drop":
        out.pop(head)
    else:
        out[head] = _mutate(data[head], rest, op, value)
    return out


@st.composite
def mutated(draw):
    data = draw(st.sampled_from(BASES))
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(data))
        path = draw(st.sampled_from(paths))
        data = _mutate(data, path, draw(st.sampled_from(["replace", "drop", "add"])), draw(VALUES))
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_configuration_never_raises_anything_but_config_error(data):
    try:
        parse_config(data, "mutated")
    except ConfigError as e:
        assert str(e) and len(str(e)) < 2000


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(base=st.sampled_from([p for p in sorted((ROOT / "examples").iterdir()) if p.suffix in (".yaml", ".json")]),
       at=st.floats(0, 1), junk=st.binary(min_size=1, max_size=12), cut=st.booleans())
def test_mutated_file_bytes_never_raise_anything_but_config_error(tmp_path: Path, base, at, junk, cut):
    raw = base.read_bytes()
    i = int(at * len(raw))
    f = tmp_path / base.name
    f.write_bytes(raw[:i] + junk + (b"" if cut else raw[i:]))
    try:
        load_config(f)
    except ConfigError as e:
        assert str(e) and len(str(e)) < 2000


def _value_at(data, path):
    for k in path:
        data = data[k]
    return data


def _strings(data):
    """Paths of every string value in a configuration (where a user's text reaches Terraform)."""
    return [p for p in _paths(data) if isinstance(_value_at(data, p), str)]


PAYLOADS = st.sampled_from(['${file("/etc/passwd")}', "%{ if true }x%{ endif }", "${path.cwd}", "a${b}c", "${", "%{"])
STRING_PATHS = [(i, p) for i, b in enumerate(BASES) for p in _strings(b)]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(at=st.sampled_from(STRING_PATHS), payload=PAYLOADS, where=st.sampled_from(["replace", "prefix", "suffix"]))
def test_a_template_sequence_in_any_string_field_is_refused(at, payload, where):
    """Every string of every shipped configuration, with `${`/`%{` put into it: refused, naming where (issue 21)."""
    i, path = at
    base = BASES[i]
    original = _value_at(base, path)
    value = {"replace": payload, "prefix": payload + original, "suffix": original + payload}[where]
    data = _mutate(base, path, "replace", value)
    try:
        parse_config(data, "mutated")
    except ConfigError as e:
        assert "which Terraform would evaluate as an expression" in str(e), str(e)
        assert str(path[-1]) in str(e)
    else:
        raise AssertionError(f"{path}: {value!r} was accepted")
