"""Where Terraform keeps state: a local file or an azurerm backend.

Example::

    StateConfig(backend="azurerm",
                azurerm=AzurermBackendConfig(resource_group_name="rg-tf", storage_account_name="sttf", container_name="tfstate"))
"""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from .base import StrictModel


class AzurermBackendConfig(StrictModel):
    resource_group_name: str
    storage_account_name: str
    container_name: str
    key: str | None = None
    """Defaults to `<stack>.tfstate`."""
    use_azuread_auth: bool = True


class StateConfig(StrictModel):
    backend: Literal["local", "azurerm"] = "local"
    """Where Terraform keeps state: a local file, or an Azure storage container."""
    azurerm: AzurermBackendConfig | None = None
    """The azurerm backend's settings (with backend: azurerm)."""

    @model_validator(mode="after")
    def _remote(self) -> StateConfig:
        if self.backend == "azurerm" and self.azurerm is None:
            raise ValueError("backend 'azurerm' needs the azurerm settings (resource_group_name, storage_account_name, container_name)")
        return self
