"""The storage exfiltration guard, read from the catalog: which enabled scenarios need storage accounts other than
the workspace's (then `compute.storage_exfiltration_guard: auto` leaves it off), and what the policy
allows. Pure data and one query over it, no cdktf.

Learn "Azure Machine Learning data exfiltration prevention",
https://learn.microsoft.com/azure/machine-learning/how-to-prevent-data-loss-exfiltration: `Storage`
outbound from compute instances and clusters can reach any account; a service endpoint policy on the
compute subnets allowing the workspace's storage account and the `/services/Azure/MachineLearning`
alias (which covers the Microsoft-managed storage compute provisioning needs) closes that. Learn
"Virtual network service endpoint policies for Azure Storage",
https://learn.microsoft.com/azure/virtual-network/virtual-network-service-endpoint-policies-overview:
the policy takes effect on a subnet with the `Microsoft.Storage` service endpoint, and lives in the
virtual network's region.

"Needs other storage" is read from the catalog: a requirement row of an enabled scenario, other than
`compute` (Microsoft storage behind the AML alias) and `studio` (the workspace's own account), that names
a storage host not on the workspace's account (`vscode.blob.core.windows.net`, `*.table.core.windows.net`)
or the `Storage` service tag (the `storage-firewall` scenario: Azure Files on any account).

Example::

    other_storage_needs(Cloud.PUBLIC, {Scenario.VSCODE})   # {Scenario.VSCODE: ('vscode.blob.core.windows.net',)}

`microsoft-images` (images from viennaglobal.azurecr.io, older curated environments) is incompatible too
(`GUARD_INCOMPATIBLE`): with it `auto` leaves the guard off and `true` is refused.
"""

from __future__ import annotations

from collections.abc import Iterable

from .clouds import PROFILES
from .model import Cloud, Direction, Scenario
from .requirements import HOSTS, SERVICE_TAGS

AML_ALIAS = "/services/Azure/MachineLearning"
"""The service alias of Azure Machine Learning's Microsoft-managed storage (Learn: how-to-prevent-data-loss-exfiltration, step 1)."""
STORAGE_SERVICE_ENDPOINT = "Microsoft.Storage"
"""The service endpoint a storage policy filters (Learn: virtual-network-service-endpoint-policies-overview)."""
EXEMPT = frozenset({Scenario.COMPUTE, Scenario.STUDIO})

EXFILTRATION_PAGE = "https://learn.microsoft.com/azure/machine-learning/how-to-prevent-data-loss-exfiltration"
GUARD_INCOMPATIBLE: dict[Scenario, tuple[str, str]] = {
    Scenario.MICROSOFT_IMAGES: (
        "viennaglobal.azurecr.io: curated environments from it cannot be used with the policy, only those from mcr.microsoft.com",
        f"{EXFILTRATION_PAGE}#4-curated-environments (seed 001 row 'Docker images managed by Azure ML: viennaglobal.azurecr.io')",
    ),
}
"""Scenarios the policy breaks for a reason other than a storage host in their rows. Learn, same page, section
"4. Curated environments": "If the container registry is viennaglobal.azurecr.io you cannot use the curated
environment with the data exfiltration [protection]. Try upgrading to the latest version of the curated environment."
Current curated environments come from mcr.microsoft.com, which the `compute` scenario always allows."""
_SERVICES = ("blob", "file", "queue", "table", "dfs")


def _is_foreign_storage(host: str) -> bool:
    """A storage host (of any cloud: US Gov rows name some Azure Public accounts) not on the workspace's account."""
    if host.startswith("<storage>."):
        return False
    return any(host.endswith(f".{svc}.{p.storage_suffix}") for p in PROFILES.values() for svc in _SERVICES)


def other_storage_needs(cloud: Cloud, scenarios: Iterable[Scenario]) -> dict[Scenario, tuple[str, ...]]:
    """Enabled scenarios that need storage accounts other than the workspace's, with what each names."""
    out: dict[Scenario, list[str]] = {}
    wanted = set(scenarios) - EXEMPT
    for h in HOSTS:
        if h.scenario in wanted:
            for host in h.hosts.get(cloud, ()):
                if _is_foreign_storage(host):
                    out.setdefault(h.scenario, []).append(host)
    for t in SERVICE_TAGS:
        if t.scenario in wanted and t.tag == "Storage" and t.direction == Direction.OUTBOUND and cloud in t.clouds:
            out.setdefault(t.scenario, []).append(f"Storage.<Region> port {','.join(str(p.low) for p in t.ports)}")
    for scen, (why, source) in GUARD_INCOMPATIBLE.items():
        if scen in wanted:
            out.setdefault(scen, []).append(f"{why} (Learn: {source})")
    return {s: tuple(dict.fromkeys(v)) for s, v in sorted(out.items(), key=lambda kv: kv[0].value)}
