"""UniqueNames: globally unique names, stable per subscription and resource group (see `amlnet.naming`)."""

from __future__ import annotations

from dataclasses import dataclass

from ..naming import GlobalNameRule, resource_group_id
from ..providers import Construct, Fn, TerraformLocal
from ._checks import check_literals, fail


@dataclass(frozen=True)
class UniqueNamesProps:
    """Props of `UniqueNames`.

    `subscription_id` and `resource_group_name` are usually tokens (the `azurerm_client_config` data
    source and the stack's resource group), both known at plan time. `pinned_suffix` replaces the hash
    (lowercase letters and digits): every name it makes is then a literal, the same in any subscription.
    """

    subscription_id: str
    """The subscription (usually a token of `azurerm_client_config`)."""
    resource_group_name: str
    """The stack's resource group (usually a token)."""
    pinned_suffix: str | None = None
    """Lowercase letters and digits that replace the hash (names become literals)."""

    def __post_init__(self) -> None:
        check_literals(self)
        s = self.pinned_suffix
        if s is not None and not (s and s.isascii() and s.isalnum() and s == s.lower()):
            fail(self, "pinned_suffix", f"{s!r}: lowercase letters and digits only (it goes into storage account names)")


class UniqueNames(Construct):
    """The unique suffix (a Terraform local, `local.<id>_suffix`) and the names built from it.

    Example::

        names = UniqueNames(stack, "names", UniqueNamesProps(client.subscription_id, rg.name))
        names.name(STORAGE_ACCOUNT, "fraud")  # st + fraud + 8 hex characters, at apply
    """

    def __init__(self, scope: Construct, id: str, props: UniqueNamesProps) -> None:
        super().__init__(scope, id)
        self._props = props
        self._suffix_local: TerraformLocal | None = None
        if props.pinned_suffix is None:
            # sha256 of the resource group's ID: Terraform's own function, evaluated at plan time
            self._suffix_local = TerraformLocal(
                self, "suffix", Fn.sha256(resource_group_id(props.subscription_id, props.resource_group_name))
            )

    def name(self, rule: GlobalNameRule, prefix: str) -> str:
        """`rule`'s name for `prefix`: its stem and as many suffix characters as the type allows."""
        if self._props.pinned_suffix is not None:
            return rule.with_suffix(prefix, self._props.pinned_suffix)
        assert self._suffix_local is not None
        return rule.stem(prefix) + Fn.substr(self._suffix_local.as_string, 0, rule.suffix_length(prefix))

    @property
    def props(self) -> UniqueNamesProps:
        return self._props

    @property
    def suffix_local(self) -> TerraformLocal | None:
        """The `<id>_suffix` local (None with a pinned suffix)."""
        return self._suffix_local
