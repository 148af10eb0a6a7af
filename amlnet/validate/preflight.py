"""Is there a terraform and a provider to validate with? On a user's machine a missing terraform skips the
step with one loud line; with AMLNET_REQUIRE_TERRAFORM=1 (set by .ci/run) a missing terraform, or a
missing local provider build, is a failure.

Example::

    tools = preflight(Path(".make/terraform"))   # raises Skip or Unavailable
    tools.terraform, tools.source.mirrored
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .provider import ProviderSource
from .runner import find_terraform, terraform_version

REQUIRE_ENV = "AMLNET_REQUIRE_TERRAFORM"
MIN_TERRAFORM = (1, 4)  # plugin_cache_may_break_dependency_lock_file


class Skip(Exception):
    """Nothing to validate with on this machine, and that is allowed here. `str(err)` is the loud line."""


class Unavailable(Exception):
    """Nothing to validate with, and validation is required. `str(err)` says what is missing."""


@dataclass(frozen=True)
class Tools:
    terraform: str
    version: tuple[int, ...]
    source: ProviderSource


def required(environ: Mapping[str, str] | None = None) -> bool:
    return (os.environ if environ is None else environ).get(REQUIRE_ENV, "").strip() not in ("", "0")


def preflight(cache_dir: Path | None = None, require: bool | None = None) -> Tools:
    """terraform on the PATH (>= 1.4) and the provider source; the mirror is not unpacked yet (`source.prepare()`)."""
    require = required() if require is None else require
    terraform = find_terraform()
    if not terraform:
        if require:
            raise Unavailable(f"terraform is not on the PATH, and {REQUIRE_ENV}=1 says this machine must validate")
        raise Skip(f"SKIPPED: terraform is not on the PATH, so no stack was checked by the azurerm provider "
                   f"(install terraform >= {'.'.join(map(str, MIN_TERRAFORM))} to run this check)")
    version = terraform_version(terraform)
    if version[:2] < MIN_TERRAFORM:
        have, need = ".".join(map(str, version)), ".".join(map(str, MIN_TERRAFORM))
        raise Unavailable(f"{terraform} is terraform {have}; validation needs >= {need}")
    source = ProviderSource.find(cache_dir)
    if require and not source.mirrored:
        raise Unavailable(f"no local azurerm build (../shared/terraform-provider-azurerm/ or $AMLNET_AZURERM_PROVIDER_DIR), "
                          f"and {REQUIRE_ENV}=1 says this machine must validate without the registry")
    return Tools(terraform, version, source)
