"""Azure's limits on resource tags, as typed frozen data.

Source: Microsoft Learn, "Use tags to organize your Azure resources and management hierarchy",
section "Limitations": https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations
(each resource supports at most 50 tag name-value pairs; tag names are at most 512 characters, and
128 for storage accounts; tag values at most 256 characters; tag names can't contain
`<`, `>`, `%`, `&`, `\\`, `?`, `/`). The resource-name-rules page adds "or control characters"
(Microsoft.Resources, tagNames).

Example::

    tags_problem({"cost center": "42"})   # None
    tags_problem({"a/b": "x"})            # "tags: key 'a/b' contains '/' ..."
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Mapping

LEARN = "https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations"


@dataclass(frozen=True)
class TagLimits:
    """Limits that hold for every resource amlnet tags."""

    max_tags: int = 50
    max_key_length: int = 128
    """512 in general, 128 on storage accounts; amlnet tags its storage account, so 128."""
    max_value_length: int = 256
    forbidden_key_chars: str = "<>%&\\?/"


LIMITS = TagLimits()


def tags_problem(tags: Mapping[str, str], reserved: int = 0, limits: TagLimits = LIMITS) -> str | None:
    """None if the tags fit on every resource, else one sentence. `reserved`: tags amlnet adds itself."""
    room = limits.max_tags - reserved
    if len(tags) > room:
        extra = f" (amlnet adds {reserved} of its own)" if reserved else ""
        return f"{len(tags)} tags, but Azure allows {limits.max_tags} per resource{extra}: at most {room} here ({LEARN})"
    for key, value in tags.items():
        shown = repr(key) if len(key) <= 60 else repr(key[:50]) + f"... ({len(key)} characters)"
        if not key.strip():
            return f"a tag key is empty ({LEARN})"
        if len(key) > limits.max_key_length:
            return f"key {shown} has {len(key)} characters; at most {limits.max_key_length} (the storage account's limit) ({LEARN})"
        bad = next((c for c in key if c in limits.forbidden_key_chars or unicodedata.category(c).startswith("C")), None)
        if bad is not None:
            what = repr(bad) if bad.isprintable() else f"U+{ord(bad):04X}"
            return f"key {shown} contains {what}; tag keys cannot contain {' '.join(limits.forbidden_key_chars)} or control characters ({LEARN})"
        if not isinstance(value, str):
            return f"key {shown}: the value must be a string"
        if len(value) > limits.max_value_length:
            return f"key {shown}: the value has {len(value)} characters; at most {limits.max_value_length} ({LEARN})"
    return None
