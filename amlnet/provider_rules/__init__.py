"""The azurerm provider's create-time rules as data: checks in its Go Create, Update and CustomizeDiff
functions (v4.55.0) that `terraform validate` never runs, swept over synthesized stacks by the suite
and by `amlnet verify`. docs/provider-rules.md lists them; `amlnet.provider_rules.markdown()` writes it.

Example::

    from amlnet.provider_rules import sweep
    assert sweep(doc) == []
"""

from __future__ import annotations

from .catalog import RULES
from .model import PROVIDER_VERSION, ProviderRule, RuleHit, Stack, sweep


def markdown() -> str:
    """docs/provider-rules.md's table: one row per rule."""
    lines = [f"| rule | resource type | arguments | phase | source (azurerm {PROVIDER_VERSION}) | provider's message |", "|---|---|---|---|---|---|"]
    for r in RULES:
        msg = r.message.replace("|", "\\|")
        lines.append(f"| `{r.id}` | `{r.resource_type}` | {', '.join(f'`{a}`' for a in r.arguments)} | {r.phase} | `{r.source}` | {msg} |")
    return "\n".join(lines) + "\n"


__all__ = ["PROVIDER_VERSION", "RULES", "ProviderRule", "RuleHit", "Stack", "markdown", "sweep"]
