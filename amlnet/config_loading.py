"""Reading a configuration (or any input) file safely: one `InputError` message for every problem.

What is accepted: UTF-8 text, with or without a byte order mark, at most `MAX_BYTES` long. YAML
(`.yaml`, `.yml`) or JSON (`.json`). What is refused, each with one message naming the file:
a missing path, a directory, an unreadable file, another encoding (UTF-16/32, Latin-1, ...), an
empty document, a syntax error (with line and column), a duplicate key (naming both lines), and a
YAML document whose aliases expand past `MAX_NODES` values (the "billion laughs" bomb) or that
nests deeper than `MAX_DEPTH`. No cdktf, no pydantic: this module only turns bytes into data.

Example::

    data = load_document("my-config.yaml")   # dict, list, ... as written
    text = read_text("deps.json")            # decoded text, BOM removed
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

MAX_BYTES = 1024 * 1024
"""A configuration is a few kilobytes; a megabyte leaves room and keeps parsing instant."""
MAX_NODES = 20_000
"""Scalars, lists and mappings after alias expansion: far above any real configuration, far below a bomb."""
MAX_DEPTH = 64
"""Nesting of lists and mappings (the configuration itself nests five levels)."""
MAX_SHOWN = 60
"""Characters of a key or value quoted in a message."""

_BOMS = (
    (b"\xef\xbb\xbf", None),  # UTF-8: accepted, stripped
    (b"\xff\xfe\x00\x00", "UTF-32 (little endian)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big endian)"),
    (b"\xff\xfe", "UTF-16 (little endian)"),
    (b"\xfe\xff", "UTF-16 (big endian)"),
)


class InputError(ValueError):
    """A file that cannot be read as the input it should be. `str(err)` is the one message for the user."""


def shorten(value: Any, limit: int = MAX_SHOWN) -> str:
    """`repr` of `value` cut to `limit` characters, saying the full length: for keys and values in messages."""
    text = repr(value)
    if len(text) <= limit:
        return text
    full = len(value) if isinstance(value, (str, list, tuple, dict)) else len(text)
    unit = "characters" if isinstance(value, str) else "items" if isinstance(value, (list, tuple, dict)) else "characters"
    return f"{text[:limit]}... ({full} {unit})"


BLANK_CONFIG_ENV = ("AMLNET_CONFIG is set but blank; unset it for the built-in default configuration, or name a .yaml or "
                    ".json file")
"""The one message for a blank AMLNET_CONFIG (main.py reads it before pydantic is imported; loading.py after)."""


def read_bytes(path: str | Path, what: str = "file", max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes; InputError for a missing path, a directory, an unreadable or oversized file."""
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(f"{path}: is a directory, not a {what}")
        if not p.exists():
            raise InputError(f"{path}: no such {what}")
        if not p.is_file():  # opening a FIFO would wait for a writer for ever
            raise InputError(f"{path}: not a regular file (a pipe, socket or device), not a {what}")
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: {size} bytes, larger than the {max_bytes} bytes a {what} may have")
        with p.open("rb") as f:
            data = f.read(max_bytes + 1)
    except PermissionError:
        raise InputError(f"{path}: permission denied (cannot read the {what})") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read the {what}: {e.strerror or e}") from None
    if len(data) > max_bytes:  # a pipe or special file that grew past its reported size
        raise InputError(f"{path}: larger than the {max_bytes} bytes a {what} may have")
    return data


def decode(data: bytes, source: str) -> str:
    """UTF-8 text (BOM removed); InputError naming the encoding found or the first undecodable byte."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            if name is None:
                data = data[len(bom) :]
                break
            raise InputError(f"{source}: the file is {name} encoded; save it as UTF-8")
    else:
        if len(data) >= 2 and (data[0] == 0 or data[1] == 0):
            raise InputError(f"{source}: the file looks UTF-16 or UTF-32 encoded (NUL bytes); save it as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise InputError(
            f"{source}: not UTF-8: byte 0x{data[e.start]:02x} at line {line} column {col} "
            "(Latin-1 or Windows-1252?); save the file as UTF-8"
        ) from None
    if "\x00" in text:
        raise InputError(f"{source}: contains NUL characters; save the file as UTF-8 text")
    return text


def read_text(path: str | Path, what: str = "file", max_bytes: int = MAX_BYTES) -> str:
    """`read_bytes` then `decode`: the text of a UTF-8 file."""
    return decode(read_bytes(path, what, max_bytes), str(path))


# --- YAML ----------------------------------------------------------------------------------


def _yaml_base() -> type[yaml.SafeLoader] | type[yaml.CSafeLoader]:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it: ~50x faster


def _yaml_loader() -> Any:
    import yaml

    class StrictLoader(_yaml_base()):  # type: ignore[misc]  # a base chosen at run time (libyaml or pure Python)
        """SafeLoader that refuses duplicate keys and bounds alias expansion and nesting."""

        source = "document"

        def get_single_node(self) -> Any:
            node = super().get_single_node()
            _check_expansion(node, self.source)
            return node

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
            if isinstance(node, yaml.MappingNode):
                seen: dict[Any, Any] = {}
                for key_node, _ in node.value:
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        continue  # keys merged in (<<: *base) may be overridden
                    try:
                        key = self.construct_object(key_node, deep=True)
                        hash(key)
                    except (TypeError, yaml.constructor.ConstructorError):
                        continue  # the base class reports these with their position
                    if key in seen:
                        raise InputError(
                            f"{self.source}: duplicate key {shorten(key)} at line {key_node.start_mark.line + 1} "
                            f"(first at line {seen[key].start_mark.line + 1}); YAML would silently keep only the last one"
                        )
                    seen[key] = key_node
            return super().construct_mapping(node, deep=deep)

    return StrictLoader


def _count_events(text: str, source: str) -> None:
    """Refuse a document with more than MAX_NODES parse events before building any of it (aliases
    count once here; their expansion is bounded by `_check_expansion`)."""
    import yaml

    for n, event in enumerate(yaml.parse(text, Loader=_yaml_base())):
        if n > MAX_NODES:
            line = f" (line {event.start_mark.line + 1})" if event.start_mark else ""
            raise InputError(
                f"{source}: more than {MAX_NODES} values{line}; a configuration needs far fewer"
            )


def _check_expansion(root: yaml.Node | None, source: str) -> None:
    """Count the values the document would have with every alias expanded (memoized, so a bomb is
    counted in microseconds, not built), and its nesting depth."""
    import yaml

    sizes: dict[int, int] = {}

    def size(node: yaml.Node, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise InputError(f"{source}: nested deeper than {MAX_DEPTH} levels (line {node.start_mark.line + 1})")
        key = id(node)
        if key in sizes:
            if sizes[key] < 0:
                raise InputError(f"{source}: an alias refers to itself (line {node.start_mark.line + 1})")
            return sizes[key]
        sizes[key] = -1
        n = 1
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                n += size(child, depth + 1)
                if n > MAX_NODES:
                    break
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                n += size(k, depth + 1) + size(v, depth + 1)
                if n > MAX_NODES:
                    break
        if n > MAX_NODES:
            raise InputError(
                f"{source}: more than {MAX_NODES} values once its aliases (*name) are expanded "
                f"(line {node.start_mark.line + 1}); a configuration needs far fewer (an alias bomb?)"
            )
        sizes[key] = n
        return n

    if root is not None:
        size(root, 0)


def _parse_yaml(text: str, source: str) -> Any:
    import yaml

    loader = None
    try:
        _count_events(text, source)
        loader = _yaml_loader()(text)
        loader.source = source
        return loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        what = (e.problem or e.context or "syntax error").strip()
        where = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
        raise InputError(f"{source}: not valid YAML{where}: {what}") from None
    except yaml.YAMLError as e:
        raise InputError(f"{source}: not valid YAML: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
    except RecursionError:
        raise InputError(f"{source}: nested too deeply to be a configuration") from None
    finally:
        if loader is not None:
            loader.dispose()


# --- JSON ----------------------------------------------------------------------------------


def _parse_json(text: str, source: str) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                lines = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(re.escape(json.dumps(k)) + r"\s*:", text)]
                where = f" at line {lines[1]} (first at line {lines[0]})" if len(lines) >= 2 else ""
                raise InputError(f"{source}: duplicate key {shorten(k)}{where}; JSON readers would silently keep only the last one")
            out[k] = v
        return out

    try:
        return json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as e:
        raise InputError(f"{source}: not valid JSON at line {e.lineno} column {e.colno}: {e.msg}") from None
    except RecursionError:
        raise InputError(f"{source}: nested too deeply to be a configuration") from None
    except ValueError as e:  # e.g. an integer with more digits than Python converts
        if isinstance(e, InputError):
            raise
        raise InputError(f"{source}: not valid JSON: {shorten(str(e), 120)}") from None


def parse_text(text: str, source: str, fmt: str) -> Any:
    """Parse `text` as `fmt` ('yaml' or 'json'), strictly. An empty document is an InputError."""
    if not text.strip():
        raise InputError(f"{source}: the file is empty; write at least `{{}}` to take every default")
    data = _parse_json(text, source) if fmt == "json" else _parse_yaml(text, source)
    if data is None:
        raise InputError(f"{source}: the document is empty (only comments or `null`); write at least `{{}}` to take every default")
    return data


def format_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    raise InputError(f"{path}: must end in .yaml, .yml or .json (got {shorten(suffix or 'no extension')})")


def load_document(path: str | Path, what: str = "configuration file") -> Any:
    """The data in a YAML or JSON file (by its extension), read with every check above."""
    fmt = format_of(path)
    return parse_text(read_text(path, what), str(path), fmt)


# --- YAML 1.1's implicit types -----------------------------------------------------------------

_COERCED = {"tag:yaml.org,2002:bool": "the boolean", "tag:yaml.org,2002:int": "the integer",
            "tag:yaml.org,2002:float": "the number", "tag:yaml.org,2002:timestamp": "the date",
            "tag:yaml.org,2002:null": "null"}


def coerced_scalars(text: str) -> dict[tuple[str | int, ...], tuple[str, str]]:
    """Unquoted YAML scalars that YAML 1.1 turns into something other than text (`NO` -> false, `0123` -> 83,
    `2024-01-01` -> a date), by key path: path -> (the text as written, what YAML made of it). Called only to
    explain an error, so a file is composed a second time only when it is refused."""
    import yaml

    out: dict[tuple[str | int, ...], tuple[str, str]] = {}
    try:
        root = yaml.compose(text, Loader=_yaml_base())
    except yaml.YAMLError:
        return out

    def walk(node: Any, path: tuple[str | int, ...], depth: int) -> None:
        if depth > 50 or node is None:
            return
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                walk(v, (*path, str(k.value)), depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                walk(v, (*path, i), depth + 1)
        elif isinstance(node, yaml.ScalarNode) and not node.style and node.tag in _COERCED:
            out[path] = (node.value, _COERCED[node.tag])

    walk(root, (), 0)
    return out
