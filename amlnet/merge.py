"""Merge configuration fragments (e.g. `amlnet dependencies --fragment`) into a configuration.

Appending a fragment to a YAML file with `>>` repeats top-level keys (`egress:`); YAML keeps only
the last, so the fragment silently replaces the configuration's whole `egress` section. `merge`
combines them instead: mappings merge key by key, lists of named entries (`extra_fqdn_rules`,
`nsg.extra_rules`) are combined by `name` (the fragment's entry replaces one of the same name), and
any other value in the fragment replaces the configuration's. The result is validated before it is
returned. No cdktf.

Example::

    merged = merge_data({"egress": {"mode": "firewall", "firewall": {"existing": {...}}}},
                        {"egress": {"firewall": {"extra_fqdn_rules": [{"name": "x", "fqdns": ["a.b.com"], "ports": [443]}]}}})
    merged["egress"]["firewall"]["existing"]   # kept
"""

from __future__ import annotations

from typing import Any

NAMED_LISTS = ("extra_fqdn_rules", "extra_rules")
"""Keys whose lists hold entries identified by `name`."""


def _named(items: list[Any]) -> bool:
    return all(isinstance(i, dict) and isinstance(i.get("name"), str) for i in items)


def merge_data(base: Any, fragment: Any, key: str | None = None) -> Any:
    """`fragment` merged into `base` (neither is changed)."""
    if isinstance(base, dict) and isinstance(fragment, dict):
        out = dict(base)
        for k, v in fragment.items():
            out[k] = merge_data(base[k], v, k) if k in base else v
        return out
    if key in NAMED_LISTS and isinstance(base, list) and isinstance(fragment, list) and _named(base) and _named(fragment):
        by_name = {i["name"]: i for i in fragment}
        kept = [by_name.pop(i["name"]) if i["name"] in by_name else i for i in base]
        return kept + [i for i in fragment if i["name"] in by_name]
    return fragment


def _named_entries(data: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """(path.name, entry) of every named-list entry in `data` (`egress.firewall.extra_fqdn_rules`, `nsg.extra_rules`)."""
    out: list[tuple[str, dict[str, Any]]] = []
    if isinstance(data, dict):
        for k, v in data.items():
            here = f"{path}.{k}" if path else str(k)
            if k in NAMED_LISTS and isinstance(v, list) and _named(v):
                out += [(f"{here}[name={i['name']!r}]", i) for i in v]
            else:
                out += _named_entries(v, here)
    return out


def _check_fragment(frag: str, part: dict[str, Any], seen: dict[str, tuple[str, dict[str, Any]]]) -> None:
    """A rule named twice in one fragment, or named by two fragments with different content, is a conflict: which one
    should win is not for `merge` to guess (the configuration's own entry may be replaced: that is what a fragment is for)."""
    from .config import ConfigError

    mine: dict[str, dict[str, Any]] = {}
    for where, entry in _named_entries(part):
        if where in mine:
            raise ConfigError(f"{frag}: {where} is listed twice in the fragment")
        mine[where] = entry
        if where in seen and seen[where][1] != entry:
            raise ConfigError(f"{frag}: {where} differs from the one in {seen[where][0]}; two fragments define one rule "
                              "differently: keep one, or rename one")
        seen.setdefault(where, (frag, entry))


def merge_files(config_path: str, fragment_paths: list[str]) -> tuple[dict[str, Any], str]:
    """(merged data, YAML text) of a configuration and fragments; ConfigError if any is invalid or the result is."""
    import yaml

    from .config import ConfigError
    from .config_loading import InputError, load_document
    from .loading import parse_config

    seen: dict[str, tuple[str, dict[str, Any]]] = {}
    try:
        data = load_document(config_path)
        for frag in fragment_paths:
            part = load_document(frag, "configuration fragment")
            if not isinstance(part, dict):
                raise ConfigError(f"{frag}: a fragment must be a mapping at the top level, got {type(part).__name__}")
            _check_fragment(frag, part, seen)
            data = merge_data(data, part)
    except InputError as e:
        raise ConfigError(str(e)) from None
    parse_config(data, f"{config_path} merged with {', '.join(fragment_paths)}")
    return data, yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
