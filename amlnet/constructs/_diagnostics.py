"""Diagnostic settings (`azurerm_monitor_diagnostic_setting`): the one shape every `add_diagnostic_settings` shares.

Azure takes at most 5 diagnostic settings per resource, each name unique on its resource (Learn,
"Diagnostic settings in Azure Monitor", https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings,
"Number of diagnostic settings"). A log entry is a category or a category group (`allLogs`, `audit`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..providers import Construct, MonitorDiagnosticSetting, MonitorDiagnosticSettingEnabledLog, MonitorDiagnosticSettingEnabledMetric
from ._checks import fail

MAX_SETTINGS_PER_RESOURCE = 5


class DiagnosticSettings:
    """The diagnostic settings one construct placed, by target; refuses a sixth or a repeated name per target."""

    def __init__(self, owner: Construct) -> None:
        self._owner = owner
        self._by_target: dict[str, list[str]] = {}
        self.settings: dict[str, MonitorDiagnosticSetting] = {}

    def note(self, target: str, name: str) -> None:
        """Record a setting the construct made itself (so added ones are checked against it)."""
        self._by_target.setdefault(target, []).append(name)

    def add(
        self,
        key: str,
        *,
        target: str,
        target_resource_id: str,
        name: str,
        log_analytics_workspace_id: str,
        log_categories: Sequence[str] = (),
        log_category_groups: Sequence[str] = ("allLogs",),
        metrics: Sequence[str] = ("AllMetrics",),
    ) -> MonitorDiagnosticSetting:
        taken = self._by_target.setdefault(target, [])
        if name.lower() in (n.lower() for n in taken):
            fail(self._owner, "add_diagnostic_settings.name", f"{name!r} is already a diagnostic setting of {target}")
        if len(taken) >= MAX_SETTINGS_PER_RESOURCE:
            fail(self._owner, "add_diagnostic_settings.target",
                 f"{target} already has {len(taken)} diagnostic settings ({', '.join(taken)}); Azure allows {MAX_SETTINGS_PER_RESOURCE}")
        if not (log_categories or log_category_groups or metrics):
            fail(self._owner, "add_diagnostic_settings", f"{name!r} sends nothing: give log_categories, log_category_groups or metrics")
        construct_id = f"{key}-diagnostics-{name}"
        if self._owner.node.try_find_child(construct_id) is not None:
            fail(self._owner, "add_diagnostic_settings.name", f"{name!r} is already used on {target}")
        taken.append(name)
        logs = [MonitorDiagnosticSettingEnabledLog(category=c) for c in log_categories]
        logs += [MonitorDiagnosticSettingEnabledLog(category_group=g) for g in log_category_groups]
        setting = MonitorDiagnosticSetting(
            self._owner,
            construct_id,
            name=name,
            target_resource_id=target_resource_id,
            log_analytics_workspace_id=log_analytics_workspace_id,
            enabled_log=logs or None,
            enabled_metric=[MonitorDiagnosticSettingEnabledMetric(category=m) for m in metrics] or None,
        )
        self.settings[construct_id] = setting
        return setting
