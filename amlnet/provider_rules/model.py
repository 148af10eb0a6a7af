"""A provider create-time rule: a check the azurerm provider runs in Go (Create, Update or CustomizeDiff)
that `terraform validate` never runs, as small typed data over synthesized Terraform JSON. No cdktf.

Example::

    hits = sweep(json.loads(Path("cdktf.out/stacks/aks-inference/cdk.tf.json").read_text()))
    [h.line() for h in hits]   # [] when the stack passes every rule
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

PROVIDER_VERSION = "v4.55.0"
"""The azurerm tag whose source the rules were read from (hashicorp/terraform-provider-azurerm)."""

Phase = Literal["Create", "Update", "CustomizeDiff"]


def known(value: object) -> bool:
    """True when Terraform knows the value at plan time from the JSON alone: no `${...}` expression in it."""
    return not (isinstance(value, str) and "${" in value)


def block(body: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """A nested block as a mapping (Terraform JSON writes a single block as an object or a one-item list)."""
    v = body.get(name)
    if isinstance(v, list):
        v = v[0] if v else None
    return v if isinstance(v, Mapping) else {}


class Stack:
    """The synthesized document a rule may look across: other resources by address."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.resources: Mapping[str, Mapping[str, Mapping[str, Any]]] = doc.get("resource", {}) or {}
        providers = (doc.get("provider", {}) or {}).get("azurerm") or [{}]
        first = providers[0] if isinstance(providers, list) and providers else providers
        env = first.get("environment", "public") if isinstance(first, Mapping) else "public"
        self.environment: str = str(env).lower() if known(env) else "public"
        """The azurerm provider's `environment` (public, usgovernment, china): some checks depend on the cloud."""
        features = block(first, "features") if isinstance(first, Mapping) else {}
        plane = block(features, "storage").get("data_plane_available", True)
        self.data_plane_available: bool = plane is not False
        """`features { storage { data_plane_available } }` of the default azurerm provider (default true)."""

    def of_type(self, rtype: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
        for name, body in (self.resources.get(rtype) or {}).items():
            yield f"{rtype}.{name}", body

    def referenced(self, value: object, rtype: str) -> Mapping[str, Any] | None:
        """The body of the `rtype` resource that `value` (`${rtype.name.attr}`) refers to, if in this stack."""
        if not isinstance(value, str) or not value.startswith("${" + rtype + "."):
            return None
        name = value[len(rtype) + 3:].split(".", 1)[0]
        return (self.resources.get(rtype) or {}).get(name)


@dataclass(frozen=True)
class ProviderRule:
    """One check of the provider's Go code. `fires(body, stack)` is True when the provider would refuse `body`."""

    id: str
    resource_type: str
    arguments: tuple[str, ...]
    """The Terraform arguments the check reads (the first is the one a hit names)."""
    phase: Phase
    source: str
    """`internal/services/.../<file>.go:<line>` at PROVIDER_VERSION: the line that returns the error."""
    message: str
    """The provider's error text, as in the source."""
    fires: Callable[[Mapping[str, Any], Stack], bool]

    def __post_init__(self) -> None:
        if not self.resource_type.startswith("azurerm_") or not self.arguments or ".go:" not in self.source:
            raise ValueError(f"ProviderRule {self.id!r}: resource_type azurerm_*, at least one argument and a file:line source")


@dataclass(frozen=True)
class RuleHit:
    """A resource the provider would refuse: its address, the argument, the provider's message and where it is."""

    address: str
    rule: ProviderRule

    def line(self) -> str:
        from .at_v4_81 import SOURCES_AT_V4_81, V4_81

        r = self.rule
        return (f"{self.address}.{r.arguments[0]}: the provider refuses this at {r.phase}: \"{r.message}\" "
                f"(azurerm {PROVIDER_VERSION} {r.source}; {V4_81} {SOURCES_AT_V4_81[r.id]})")


def sweep(doc: Mapping[str, Any], rules: tuple[ProviderRule, ...] | None = None) -> list[RuleHit]:
    """Every rule over every resource of its type in one synthesized Terraform JSON document."""
    from .catalog import RULES

    stack = Stack(doc)
    hits = []
    for rule in rules if rules is not None else RULES:
        for address, body in stack.of_type(rule.resource_type):
            if rule.fires(body, stack):
                hits.append(RuleHit(address, rule))
    return hits
