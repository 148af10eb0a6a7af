"""The warnings `terraform validate` may print without failing the run, each with the reason it is accepted.

The file is a YAML list; each entry matches a warning by its summary (exact), optionally also by a text
its detail contains, a glob on the resource address and a glob on the stack name. Errors are never
allowed. Example (terraform-validate-allow.yaml)::

    - summary: Argument is deprecated
      detail: azurerm_storage_account_queue_properties
      address: azurerm_storage_account.*
      reason: removed by issue 9 (deploy safety); delete this entry then

    allow = AllowList.load("terraform-validate-allow.yaml")
    allow.match(diagnostic, "default/secure-workspace")   # the entry, or None
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic

FIELDS = {"summary", "detail", "address", "stack", "reason"}


class AllowListError(ValueError):
    """An allow-list file that cannot be used. `str(err)` names the file, the entry and the field."""


@dataclass(frozen=True)
class Allowed:
    """One accepted warning.

    Attributes:
        summary: the diagnostic's summary, exactly (e.g. "Argument is deprecated").
        reason: why it is accepted (required; say when the entry can go).
        detail: a text the diagnostic's detail must contain; None = any.
        address: a glob on the resource address (e.g. "azurerm_storage_account.*"); None = any.
        stack: a glob on the stack name (e.g. "default/*"); None = any.
    """

    summary: str
    reason: str
    detail: str | None = None
    address: str | None = None
    stack: str | None = None

    def matches(self, d: Diagnostic, stack: str) -> bool:
        return (
            d.severity == "warning"
            and d.summary == self.summary
            and (self.detail is None or self.detail in d.detail)
            and (self.address is None or fnmatchcase(d.address, self.address))
            and (self.stack is None or fnmatchcase(stack, self.stack))
        )


@dataclass(frozen=True)
class AllowList:
    """The entries of one allow-list file (empty = every warning fails)."""

    entries: tuple[Allowed, ...] = ()
    source: str = ""

    @classmethod
    def load(cls, path: str | Path) -> AllowList:
        import yaml

        p = Path(path)
        if not p.is_file():
            raise AllowListError(f"{path}: no such allow-list file")
        try:
            data = yaml.safe_load(p.read_text(encoding="utf-8"))
        except yaml.YAMLError as e:
            raise AllowListError(f"{path}: not valid YAML: {e}") from None
        return cls.parse(data, str(path))

    @classmethod
    def parse(cls, data: Any, source: str = "allow-list") -> AllowList:
        if data is None:
            return cls((), source)
        if not isinstance(data, list):
            raise AllowListError(f"{source}: expected a list of entries, got {type(data).__name__}")
        entries = []
        for i, e in enumerate(data):
            where = f"{source}: entry {i + 1}"
            if not isinstance(e, dict):
                raise AllowListError(f"{where}: expected a mapping with summary and reason, got {e!r}")
            unknown = sorted(set(e) - FIELDS)
            if unknown:
                raise AllowListError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(FIELDS))})")
            for key in FIELDS:
                if key in e and not isinstance(e[key], str):
                    raise AllowListError(f"{where}: {key} must be a string, got {e[key]!r}")
            for key in ("summary", "reason"):
                if not str(e.get(key) or "").strip():
                    raise AllowListError(f"{where}: {key} is required (a warning is allowed only with a reason)")
            entries.append(Allowed(**{k: v.strip() for k, v in e.items()}))
        return cls(tuple(entries), source)

    def match(self, d: Diagnostic, stack: str) -> Allowed | None:
        return next((a for a in self.entries if a.matches(d, stack)), None)
