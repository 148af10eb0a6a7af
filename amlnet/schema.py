"""The configuration's JSON Schema (for editors) and docs/configuration.md's reference made from it.

`amlnet schema` prints `config_schema()`; point an editor at it and YAML/JSON configurations are
completed and checked as you type (VS Code's YAML extension: a first line
`# yaml-language-server: $schema=amlnet.schema.json`). `amlnet schema --markdown` prints
`reference_markdown()`, the table between docs/configuration.md's `<!-- BEGIN/END generated configuration
reference -->` markers (a test keeps them equal). No cdktf.

Example::

    schema = config_schema()
    schema["properties"]["egress"]   # {"$ref": "#/$defs/EgressConfig", ...}
"""

from __future__ import annotations

import json
from typing import Any

SCHEMA_ID = "https://github.com/amlnet/amlnet/amlnet.schema.json"
README_BEGIN = "<!-- BEGIN generated configuration reference (amlnet schema --markdown) -->"
README_END = "<!-- END generated configuration reference -->"


def config_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of `AmlNetConfig`, as pydantic derives it, with titles and descriptions."""
    from .config import AmlNetConfig

    schema = AmlNetConfig.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema,
            "title": "amlnet configuration"}


def schema_json() -> str:
    return json.dumps(config_schema(), indent=2, sort_keys=False) + "\n"


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _type(schema: dict[str, Any], node: dict[str, Any]) -> str:
    node = _resolve(schema, node)
    if "enum" in node:
        return " \\| ".join(f"`{v}`" for v in node["enum"])
    if "const" in node:
        return f"`{node['const']}`"
    if "anyOf" in node:
        kinds = [_type(schema, n) for n in node["anyOf"] if n.get("type") != "null"]
        nullable = any(n.get("type") == "null" for n in node["anyOf"])
        return " or ".join(kinds) + (" or null" if nullable else "")
    t = node.get("type")
    if t == "array":
        return f"list of {_type(schema, node.get('items', {}))}"
    if t == "object":
        if "properties" in node:
            return "mapping"
        extra = node.get("additionalProperties")
        return f"mapping of {_type(schema, extra)}" if isinstance(extra, dict) else "mapping"
    return {"string": "string", "integer": "integer", "boolean": "boolean", "number": "number"}.get(str(t), "any")


def _default(node: dict[str, Any]) -> str:
    if "default" not in node:
        return "required"
    d = node["default"]
    if isinstance(d, dict) and d:
        return "see below"
    text = json.dumps(d, separators=(", ", ": "))
    return f"`{text}`" if len(text) <= 60 else f"`{text[:57]}...`"


def _object(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any] | None:
    """The object schema behind `node` (through $ref, nullable anyOf and arrays), if any."""
    node = _resolve(schema, node)
    if "anyOf" in node:
        for n in node["anyOf"]:
            obj = _object(schema, n)
            if obj:
                return obj
        return None
    if node.get("type") == "array":
        return _object(schema, node.get("items", {}))
    return node if "properties" in node else None


def _rows(schema: dict[str, Any], node: dict[str, Any], prefix: str, out: list[tuple[str, str, str, str]]) -> None:
    required = set(node.get("required", ()))
    for key, prop in node["properties"].items():
        path = f"{prefix}{key}"
        desc = " ".join((prop.get("description") or _resolve(schema, prop).get("description") or "").split())
        default = "required" if key in required else _default(prop)
        out.append((path, _type(schema, prop), default, desc))
        child = _object(schema, prop)
        if child:
            is_list = _resolve(schema, prop).get("type") == "array" or any(
                n.get("type") == "array" for n in _resolve(schema, prop).get("anyOf", ()))
            _rows(schema, child, f"{path}[]." if is_list else f"{path}.", out)


def reference_markdown() -> str:
    """One table row per configuration key: path, type, default, description (from the schema)."""
    schema = config_schema()
    rows: list[tuple[str, str, str, str]] = []
    _rows(schema, schema, "", rows)
    lines = ["| key | type | default | description |", "| --- | --- | --- | --- |"]
    for path, typ, default, desc in rows:
        desc = desc.replace("|", "\\|")
        lines.append(f"| `{path}` | {typ} | {default} | {desc} |")
    return "\n".join(lines) + "\n"


def readme_section(readme_text: str) -> str:
    """The text between the markers of docs/configuration.md (what `reference_markdown()` must equal)."""
    start = readme_text.index(README_BEGIN) + len(README_BEGIN)
    end = readme_text.index(README_END)
    return readme_text[start:end].strip("\n") + "\n"
