"""What every configuration model shares: the strict frozen base, `ConfigError`, and Azure's numbers
the checks use. No planning, no cdktf.

Example::

    class MySection(StrictModel):
        enabled: bool = True
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

AZURE_RESERVED_IPS = 5  # per subnet: network, gateway, two DNS, broadcast
NSG_MIN_PRIORITY, NSG_MAX_PRIORITY = 100, 4096
DENY_ALL_PRIORITY = 4096
"""The deny-all outbound rule that closes each compute subnet sits at the lowest user priority."""


class ConfigError(ValueError):
    """A configuration that cannot be deployed. `str(err)` is the one message for the user."""


class StrictModel(BaseModel):
    """Unknown keys are errors, values are frozen, strings stripped; attribute docstrings become field descriptions."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, use_attribute_docstrings=True)
