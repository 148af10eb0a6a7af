"""One diagnostic of `terraform validate -json`, with the resource address it is about.

Provider checks (allowed values, name rules, deprecations) carry `address`; configuration errors found by
terraform itself (an unknown argument) carry it only as the snippet's context, e.g.
`resource.azurerm_storage_account.x`, which is turned into the address `azurerm_storage_account.x`.

Example::

    d = Diagnostic.from_json({"severity": "error", "summary": "expected account_tier to be one of ...",
                              "address": "azurerm_storage_account.x"})
    d.address   # 'azurerm_storage_account.x'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Diagnostic:
    """Attributes:
    severity: "error" or "warning".
    summary: terraform's or the provider's one-line message.
    detail: the longer text (often empty for provider checks).
    address: the resource or data source address (e.g. `azurerm_storage_account.x`); "" if none.
    filename, line: where in the stack's files; "" and 0 if unknown.
    code: the first source line terraform quotes.
    """

    severity: str
    summary: str
    detail: str = ""
    address: str = ""
    filename: str = ""
    line: int = 0
    code: str = ""

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Diagnostic:
        rng = d.get("range") or {}
        snippet = d.get("snippet") or {}
        return cls(
            severity=str(d.get("severity", "error")),
            summary=str(d.get("summary", "")),
            detail=str(d.get("detail", "")),
            address=str(d.get("address") or _address_of_context(snippet.get("context") or "")),
            filename=str(rng.get("filename", "")),
            line=int((rng.get("start") or {}).get("line", 0)),
            code=(str(snippet.get("code") or "").strip().splitlines() or [""])[0].strip(),
        )

    @property
    def where(self) -> str:
        return f"{self.filename}:{self.line}" if self.filename else ""

    def message(self) -> str:
        """`summary: detail` on one line (the detail's line breaks folded)."""
        detail = " ".join(self.detail.split())
        return f"{self.summary}: {detail}" if detail else self.summary


def _address_of_context(context: str) -> str:
    """`resource.azurerm_x.y` -> `azurerm_x.y`; `data.azurerm_x.y` stays; anything else -> ""."""
    parts = context.split(".")
    if len(parts) >= 3 and parts[0] == "resource":
        return ".".join(parts[1:3])
    if len(parts) >= 3 and parts[0] == "data":
        return ".".join(parts[:3])
    return ""
