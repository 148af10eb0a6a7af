"""Which CDK amlnet builds on: CDK for Terraform (cdktf 0.21) or its maintained fork CDK Terrain (cdktn 0.24).

amlnet is one source for both (docs/adr/0002-cdktf-archived-and-cdktn.md). The choice is made once, when
`amlnet.providers` is first imported, and never needs cdktf or cdktn to be imported to be made:

- `AMLNET_CDK=cdktf` or `AMLNET_CDK=cdktn` picks one; it is an error when that one is not installed;
- unset (or empty), the one the app has installed; cdktf when both are, so an existing cdktf app keeps
  what it had.

    >>> from amlnet.cdk_choice import choose_cdk
    >>> choose_cdk({"AMLNET_CDK": "cdktn"}, installed=lambda module: True).bindings
    'cdktn-provider-azurerm 17.0.0'
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping
from dataclasses import dataclass

#: The environment variable that picks the CDK when an app has both installed.
CDK_ENV = "AMLNET_CDK"


@dataclass(frozen=True)
class Cdk:
    """One CDK and the azurerm bindings amlnet uses with it (the versions its locks pin)."""

    name: str
    #: The Python module of the CDK's core library (`App`, `TerraformStack`, `Fn`, ...).
    core_module: str
    #: The Python package of the prebuilt azurerm bindings.
    provider_package: str
    #: The jsii assembly (npm package) of those bindings.
    provider_assembly: str
    #: The azurerm provider version the bindings pin in every stack (`terraform.required_providers`).
    azurerm_version: str
    #: pip requirement lines for amlnet's extra of this CDK (pyproject.toml's optional dependencies).
    bindings: str
    #: The npm CLI an app runs `synth` and `deploy` with, and the Node it needs.
    cli: str
    node: str


CDKTF = Cdk(
    name="cdktf",
    core_module="cdktf",
    provider_package="cdktf_cdktf_provider_azurerm",
    provider_assembly="@cdktf/provider-azurerm",
    azurerm_version="4.55.0",
    bindings="cdktf-cdktf-provider-azurerm 14.23.1",
    cli="cdktf-cli 0.21.0",
    node=">= 20",
)
CDKTN = Cdk(
    name="cdktn",
    core_module="cdktn",
    provider_package="cdktn_provider_azurerm",
    provider_assembly="@cdktn/provider-azurerm",
    azurerm_version="4.81.0",
    bindings="cdktn-provider-azurerm 17.0.0",
    cli="cdktn-cli 0.24.0",
    node=">= 22.19",
)
#: In the order an unset AMLNET_CDK tries them.
CDKS: tuple[Cdk, ...] = (CDKTF, CDKTN)


class CdkChoiceError(ImportError):
    """AMLNET_CDK names no CDK, or the CDK it names (or any CDK) is not installed."""


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def choose_cdk(environ: Mapping[str, str], installed: Callable[[str], bool] = _installed) -> Cdk:
    """The CDK amlnet uses in a process with this environment; `installed(module)` says what is importable."""
    wanted = environ.get(CDK_ENV, "")
    names = ", ".join(cdk.name for cdk in CDKS)
    if wanted.strip():
        cdk = next((c for c in CDKS if c.name == wanted.strip()), None)
        if cdk is None:
            raise CdkChoiceError(f"{CDK_ENV}={wanted[:60]!r} is not a CDK amlnet supports (choose from {names})")
        if not (installed(cdk.core_module) and installed(cdk.provider_package)):
            raise CdkChoiceError(
                f"{CDK_ENV}={wanted!r}, but {cdk.name} or its azurerm bindings are not installed"
                f" (pip install 'amlnet[{cdk.name}]': {cdk.core_module} and {cdk.bindings})"
            )
        return cdk
    for cdk in CDKS:
        if installed(cdk.core_module) and installed(cdk.provider_package):
            return cdk
    raise CdkChoiceError(
        "amlnet needs a CDK with its azurerm bindings: pip install 'amlnet[cdktf]' (cdktf 0.21, azurerm 4.55.0)"
        " or 'amlnet[cdktn]' (CDK Terrain 0.24, azurerm 4.81.0)"
    )
