"""A synthesized Terraform JSON stack as `amlnet verify` reads it: resources and data sources by type and
name, references (`${azurerm_subnet.x.id}`) resolved, amlnet's metadata; and reading such files safely.

Example::

    doc = load_documents("cdktf.out")[0]
    doc.get("azurerm_subnet", "compute")   # the subnet's body, or None
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

REF = re.compile(r"^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.(.+)\}$")


class VerifyError(ValueError):
    """Input that is not synthesized Terraform JSON. `str(err)` says where and what."""


def ref(value: object) -> tuple[str, str, str] | None:
    """`${azurerm_subnet.x.id}` -> ("azurerm_subnet", "x", "id"); data sources keep a `data.` prefix."""
    if not isinstance(value, str):
        return None
    m = REF.match(value.strip())
    if not m:
        return None
    rtype = ("data." if m.group(1) else "") + m.group(2)
    return rtype, m.group(3), m.group(4)


def first(v: Any, default: Any = None) -> Any:
    if isinstance(v, list):
        return v[0] if v else default
    return v if v is not None else default


def as_list(v: Any) -> list[Any]:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


JsonObject = dict[str, Any]
"""A JSON object as read (resource bodies, blocks); values are whatever the document holds."""


class Document:
    """One stack's Terraform JSON: `res` and `data` by type then name, `meta` = its `//.amlnet` block."""

    def __init__(self, doc: Any, name: str):
        if not isinstance(doc, dict) or "resource" not in doc:
            raise VerifyError(f"{name}: not a synthesized Terraform JSON stack (no 'resource' block)")
        self.name = name
        self.res: JsonObject = doc.get("resource", {})
        self.data: JsonObject = doc.get("data", {})
        meta = doc.get("//", {}).get("amlnet") if isinstance(doc.get("//"), dict) else None
        self.meta: JsonObject = meta or {}

    def all(self, rtype: str) -> dict[str, JsonObject]:
        out: dict[str, JsonObject] = self.res.get(rtype, {}) or {}
        return out

    def get(self, rtype: str, name: str) -> JsonObject | None:
        if rtype.startswith("data."):
            body: JsonObject | None = (self.data.get(rtype[5:], {}) or {}).get(name)
            return body
        return self.all(rtype).get(name)

    def key(self, value: object) -> str | None:
        """A stable key for a referenced resource (`azurerm_subnet.x`) or a literal ID."""
        r = ref(value)
        if r:
            return f"{r[0]}.{r[1]}"
        return value if isinstance(value, str) else None

    def vnet_key(self, value: object) -> str | None:
        """A VNet, referenced (`azurerm_virtual_network.x`) or literal (its ID or name -> `vnet:<name>`)."""
        r = ref(value)
        if r:
            return f"{r[0]}.{r[1]}"
        if not isinstance(value, str) or not value:
            return None
        m = re.search(r"/virtualNetworks/([^/]+)", value, re.I)
        return "vnet:" + (m.group(1) if m else value).lower()

    def resolve(self, value: object) -> JsonObject | None:
        r = ref(value)
        return self.get(r[0], r[1]) if r else None


def load_documents(path: str | Path) -> list[Document]:
    p = Path(path)
    if p.is_dir():
        files = sorted(p.glob("stacks/*/cdk.tf.json")) or sorted(p.glob("*/cdk.tf.json")) or sorted(p.glob("cdk.tf.json"))
        if not files:
            raise VerifyError(f"{path}: no stacks/*/cdk.tf.json below it (run `make synth` first)")
    elif p.is_file():
        files = [p]
    elif p.exists():  # a FIFO or device: reading it would block
        raise VerifyError(f"{path}: not a regular file (a pipe, socket or device); give a cdk.tf.json or a cdktf.out folder")
    else:
        raise VerifyError(f"{path}: no such file or directory")
    docs = []
    for f in files:
        from ..config_loading import InputError, read_text

        try:
            raw = json.loads(read_text(f, "Terraform JSON file", max_bytes=64 * 1024 * 1024))
        except InputError as e:
            raise VerifyError(str(e)) from None
        except json.JSONDecodeError as e:
            raise VerifyError(f"{f}: not valid JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
        except RecursionError:
            raise VerifyError(f"{f}: nested too deeply to be Terraform JSON") from None
        docs.append(Document(raw, f.parent.name if f.name == "cdk.tf.json" else f.stem))
    return docs
