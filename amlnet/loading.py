"""From a file or a mapping to a fully checked `AmlNetConfig`: the document (`amlnet.config_loading`),
the model with its own checks (`amlnet.config`), then the checks that need the planners
(`amlnet.plan_checks`). Every problem raises `ConfigError` with one message naming the field and value.

Example::

    cfg = load_config("my-config.yaml")
    cfg = parse_config({"region": "westeurope"}, "inline")
    cfg = load_selected_config()   # AMLNET_CONFIG, or the built-in default
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .config import AmlNetConfig, ConfigError, default_config
from .config_loading import BLANK_CONFIG_ENV, InputError, coerced_scalars, format_of, load_document, read_text, shorten
from .plan_checks import check_planned

CONFIG_ENV = "AMLNET_CONFIG"


_YAML_SCALARS: ContextVar[dict[tuple[str | int, ...], tuple[str, str]] | None] = ContextVar("_YAML_SCALARS", default=None)
"""While `load_config` validates a YAML file: its unquoted scalars that YAML 1.1 read as non-text (`coerced_scalars`)."""


def _coercion_hint(first: Any) -> str | None:
    """`region: NO` -> "YAML read NO as the boolean false; quote it ("NO") if you mean the text"."""
    scalars = _YAML_SCALARS.get()
    if not scalars:
        return None
    path = tuple(first["loc"])
    for n in range(len(path), 0, -1):  # pydantic may add a union member or "[key]" after the path
        hit = scalars.get(path[:n])
        if hit:
            text, kind = hit
            value = first.get("input")
            as_json = json.dumps(value, default=str)
            return f"YAML read {text} as {kind} {as_json}; quote it (\"{text}\") if you mean the text"
    return None


def _format_error(err: ValidationError, source: str) -> str:
    first = err.errors()[0]
    loc = ".".join(shorten(p, 40).strip("'") if isinstance(p, str) else str(p) for p in first["loc"])
    hint = _coercion_hint(first) if first["type"] in ("string_type", "int_type", "int_from_float", "bool_type", "literal_error",
                                                       "enum", "string_pattern_mismatch", "int_parsing") else None
    if hint:
        return f"{source + ': ' if source else ''}{loc}: {hint}"
    msg = first["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    typ = first["type"]
    value = first.get("input")
    where = f"{source}: " if source else ""
    if typ == "extra_forbidden":
        return f"{where}{loc}: unknown key (typo?); value {shorten(value)}"
    if not loc:
        return f"{where}{msg}"
    if typ in ("literal_error", "enum"):  # pydantic lists the choices: "Input should be 'a', 'b' or 'c'"
        msg = msg.replace("Input should be", "expected one of", 1)
    elif typ == "too_short":
        n = (first.get("ctx") or {}).get("min_length", 1)
        msg = f"needs at least {n} item{'s' if n != 1 else ''}"
    shown = "{...}" if isinstance(value, dict) else shorten(value, 120) if isinstance(value, (list, tuple)) else json.dumps(value, default=str)
    if len(shown) > 120:
        shown = shown[:117] + "..."
    return f"{where}{loc}: {msg} (got {shown})"


def parse_config(data: Any, source: str = "") -> AmlNetConfig:
    """Validate a mapping (as read from YAML or JSON): the model, then the planned checks. `source` prefixes messages."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: the configuration must be a mapping at the top level, got {type(data).__name__}")
    try:
        cfg = AmlNetConfig.model_validate(data)
    except ValidationError as e:
        raise ConfigError(_format_error(e, source)) from None
    try:
        check_planned(cfg)
    except ValueError as e:
        raise ConfigError(f"{source}: {e}" if source else str(e)) from None
    return cfg


def load_selected_config(environ: Mapping[str, str] | None = None) -> AmlNetConfig:
    """The built-in default, or the YAML/JSON file named by AMLNET_CONFIG. Raises ConfigError."""
    raw = (os.environ if environ is None else environ).get(CONFIG_ENV)
    if raw is not None and not raw.strip():
        raise ConfigError(BLANK_CONFIG_ENV)
    return load_config(raw.strip()) if raw else default_config()


def load_config(path: str | Path) -> AmlNetConfig:
    """Read a YAML or JSON file (UTF-8, with or without BOM). Raises ConfigError with one message for
    any problem: unreadable, not UTF-8, a syntax error (line and column), a duplicate key, empty, too large."""
    try:
        data = load_document(path)
    except InputError as e:
        raise ConfigError(str(e)) from None
    return parse_loaded(data, path)


def parse_loaded(data: Any, path: str | Path) -> AmlNetConfig:
    """`parse_config` of data read from the file `path`; when a YAML file is refused, the message shows what the
    user wrote where YAML 1.1 changed it (`region: NO` is the boolean false)."""
    try:
        return parse_config(data, str(path))
    except ConfigError:
        if format_of(path) != "yaml":
            raise
    token = _YAML_SCALARS.set(coerced_scalars(read_text(path)))
    try:
        return parse_config(data, str(path))
    finally:
        _YAML_SCALARS.reset(token)
