"""`compute.storage_exfiltration_guard`: resolving `auto` and the cross-field checks. No cdktf.

On (`true`, or `auto` when no enabled scenario needs other storage; `amlnet.catalog.storage_guard`),
every compute subnet the stack creates gets the `Microsoft.Storage` service endpoint and a service
endpoint policy allowing only the workspace's storage account and the `/services/Azure/MachineLearning`
alias. A subnet reused by `existing_id` is not managed by amlnet (its service endpoints and policies
belong to its owner): `auto` leaves it alone, `true` refuses it.

Example::

    guard_enabled(default_config())   # True: python-packages and azure-monitor need no other storage
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BeforeValidator, StrictBool

from ..catalog.storage_guard import other_storage_needs

if TYPE_CHECKING:
    from .model import AmlNetConfig

def _setting(v: object) -> object:
    if isinstance(v, bool) or v == "auto":
        return v
    raise ValueError("expected true, false or 'auto'")


GuardSetting = Annotated[Literal["auto"] | StrictBool, BeforeValidator(_setting)]


def guard_enabled(cfg: AmlNetConfig) -> bool:
    """Whether the guard is on: `true`, or `auto` with no enabled scenario needing other storage."""
    setting = cfg.compute.storage_exfiltration_guard
    if cfg.isolation == "managed":  # no compute subnet of the customer's: the managed network's outbound rules filter storage
        return False
    if setting == "auto":
        return not other_storage_needs(cfg.cloud, cfg.enabled_scenarios)
    return bool(setting)


def check_storage_guard(cfg: AmlNetConfig) -> None:
    """`true` with a scenario that needs other storage, or with a compute subnet amlnet does not create, is refused."""
    if cfg.compute.storage_exfiltration_guard is not True:
        return
    if cfg.isolation == "managed":
        raise ValueError(
            "compute.storage_exfiltration_guard: true, but isolation is 'managed': compute has no customer subnet to hold the "
            "service endpoint policy (the managed network's outbound rules decide which storage compute reaches); remove it"
        )
    needs = other_storage_needs(cfg.cloud, cfg.enabled_scenarios)
    if needs:
        scen, what = next(iter(needs.items()))
        raise ValueError(
            f"compute.storage_exfiltration_guard: true, but scenario {scen.value!r} needs what the policy blocks "
            f"({'; '.join(what)}); set it to auto or false, or remove {scen.value!r} from scenarios"
        )
    subnets = [("network.compute_subnet", cfg.network.compute_subnet.existing_id)]
    if any(k in cfg.stacks for k in ("peered-compute", "private-endpoint-compute")):
        subnets.append(("compute_network.compute_subnet", cfg.compute_network.compute_subnet.existing_id))
    for field, existing in subnets:
        if existing:
            raise ValueError(
                f"compute.storage_exfiltration_guard: true, but {field}.existing_id reuses a subnet amlnet does not manage; "
                "add the Microsoft.Storage service endpoint and the policy to it yourself and set auto (skips reused subnets) or false"
            )
