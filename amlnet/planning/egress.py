"""Which requirements leave the VNet, and which of them only a host-name rule can allow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..catalog import HostRule, Names, host_rules

if TYPE_CHECKING:
    from ..config import AmlNetConfig


def resolved_host_rules(cfg: "AmlNetConfig") -> tuple[HostRule, ...]:
    names = Names(storage_account=cfg.storage_account_name, container_registry=cfg.container_registry_name)
    return host_rules(cfg.cloud, cfg.region_info, cfg.enabled_scenarios, names)


def fqdn_only_host_rules(cfg: "AmlNetConfig") -> tuple[HostRule, ...]:
    """Host rows that no enabled service tag and no private endpoint covers."""
    return tuple(h for h in resolved_host_rules(cfg) if h.covered_by is None)


def hosts_needing_fqdn_rules(cfg: "AmlNetConfig") -> list[str]:
    out: list[str] = []
    for h in fqdn_only_host_rules(cfg):
        for name in h.hosts:
            if name not in out:
                out.append(name)
    return out
