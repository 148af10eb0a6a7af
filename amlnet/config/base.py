"""What every configuration model shares: the strict frozen base, `ConfigError`, and Azure's numbers
the checks use. No planning, no cdktf.

Example::

    class MySection(StrictModel):
        enabled: bool = True
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

AZURE_RESERVED_IPS = 5  # per subnet: network, gateway, two DNS, broadcast
NSG_MIN_PRIORITY, NSG_MAX_PRIORITY = 100, 4096
DENY_ALL_PRIORITY = 4096
"""The deny-all outbound rule that closes each compute subnet sits at the lowest user priority."""


class ConfigError(ValueError):
    """A configuration that cannot be deployed. `str(err)` is the one message for the user."""


class StrictModel(BaseModel):
    """Unknown keys are errors, values are frozen, strings stripped; attribute docstrings become field descriptions."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, use_attribute_docstrings=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_boolean_for_a_number(cls, value: Any, info: ValidationInfo) -> Any:
        """pydantic's lax mode reads `true` as 1 for an int field; YAML reads `yes`/`on` as true: refuse both."""
        if isinstance(value, bool) and info.field_name and _numeric(cls.model_fields[info.field_name].annotation):
            raise ValueError("expected a number, not a boolean (YAML reads true/false, yes/no, on/off as booleans)")
        return value


def _numeric(annotation: Any) -> bool:
    """The field takes an int or a float (possibly optional or annotated) and no boolean."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is typing.Annotated:
        return _numeric(args[0])
    if args and typing.get_origin(annotation) in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return any(_numeric(a) for a in args) and bool not in args
    return annotation in (int, float)
