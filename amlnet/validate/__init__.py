"""`terraform validate` with the real azurerm provider over synthesized stacks (`make validate`,
`amlnet validate`). No cdktf import: it reads cdk.tf.json files and runs the terraform CLI."""

from .allowlist import Allowed, AllowList, AllowListError
from .diagnostics import Diagnostic
from .preflight import REQUIRE_ENV, Skip, Tools, Unavailable, preflight, required
from .provider import AZURERM_SHA256, AZURERM_VERSION, ProviderError, ProviderSource, default_cache_dir
from .report import render
from .runner import StackResult, Validator, default_jobs
from .stack import Stack, ValidateError, find_stacks

__all__ = [
    "AZURERM_SHA256", "AZURERM_VERSION", "REQUIRE_ENV", "AllowList", "AllowListError", "Allowed", "Diagnostic", "ProviderError",
    "ProviderSource", "Skip", "Stack", "StackResult", "Tools", "Unavailable", "ValidateError", "Validator", "default_cache_dir",
    "default_jobs", "find_stacks", "preflight", "render", "required",
]
