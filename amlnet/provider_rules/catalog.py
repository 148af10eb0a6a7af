"""Every provider create-time rule amlnet knows, one tuple (`RULES`), grouped by provider service family.

Example::

    len(RULES), sorted({r.resource_type for r in RULES})[:1]
"""

from __future__ import annotations

from .containers import CONTAINER_RULES
from .machine_learning import MACHINE_LEARNING_RULES
from .model import ProviderRule
from .network import NETWORK_RULES
from .storage_and_more import STORAGE_AND_MORE_RULES

RULES: tuple[ProviderRule, ...] = (*CONTAINER_RULES, *MACHINE_LEARNING_RULES, *NETWORK_RULES, *STORAGE_AND_MORE_RULES)

_ids = [r.id for r in RULES]
if len(set(_ids)) != len(_ids):  # pragma: no cover - a duplicate id is a programming error
    raise ValueError(f"duplicate provider rule ids: {sorted(i for i in _ids if _ids.count(i) > 1)}")
