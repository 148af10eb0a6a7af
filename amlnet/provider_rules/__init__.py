"""The azurerm provider's create-time rules as data: checks in its Go Create, Update and CustomizeDiff
functions (read at v4.55.0, located again at v4.81.0: at_v4_81.py) that `terraform validate` never runs, swept over synthesized stacks by the suite
and by `amlnet verify`. docs/provider-rules.md lists them; `amlnet.provider_rules.markdown()` writes it.

Example::

    from amlnet.provider_rules import sweep
    assert sweep(doc) == []
"""

from __future__ import annotations

from .at_v4_81 import CHANGED_AT_V4_81, SOURCES_AT_V4_81, V4_81
from .catalog import RULES
from .model import PROVIDER_VERSION, ProviderRule, RuleHit, Stack, sweep


def markdown() -> str:
    """docs/provider-rules.md's table: one row per rule."""
    lines = [f"| rule | resource type | arguments | phase | source (azurerm {PROVIDER_VERSION}) | source ({V4_81}) | provider's message |",
             "|---|---|---|---|---|---|---|"]
    for r in RULES:
        msg = r.message.replace("|", "\\|")
        at = SOURCES_AT_V4_81[r.id].removeprefix("internal/services/")
        changed = f" (at {V4_81}: {CHANGED_AT_V4_81[r.id]})".replace("|", "\\|") if r.id in CHANGED_AT_V4_81 else ""
        lines.append(f"| `{r.id}` | `{r.resource_type}` | {', '.join(f'`{a}`' for a in r.arguments)} | {r.phase} | `{r.source}` | `{at}` | "
                     f"{msg}{changed} |")
    return "\n".join(lines) + "\n"


__all__ = ["PROVIDER_VERSION", "RULES", "ProviderRule", "RuleHit", "Stack", "markdown", "sweep"]
