"""Which egress destinations can carry data out, and why: small pure rules a firewall team reads as a column.

A destination is a risk when a job inside the network could use it to send data to a party of its own
choosing: a wildcard over a storage service (any account, also an attacker's), code hosting (pushes, gists,
issue attachments), a global service tag where the regional one suffices (every region's endpoints of that
service), and Azure Monitor ingestion (any tenant's Log Analytics or Application Insights). Names that pin the
workspace's own resources (`<storage>.blob.core.windows.net`, a regional tag) are not flagged.

Example::

    risk("fqdn", "*.blob.core.windows.net")    # ("storage wildcard", "any storage account, also one outside your tenant, ...")
    risk("service-tag", "Storage.EastUS2")     # ("", ""): the regional tag
"""

from __future__ import annotations

import re

from ..catalog.clouds import PROFILES

_STORAGE_SUFFIXES = tuple(p.storage_suffix for p in PROFILES.values())  # core.windows.net, core.usgovcloudapi.net, ...
_STORAGE_WILDCARD = re.compile(r"^\*\.(?:(blob|file|queue|table|dfs|web)\.)?(" + "|".join(re.escape(s) for s in _STORAGE_SUFFIXES) + r")$")
_CODE_HOSTS = re.compile(r"^(?:\*\.)?(github\.com|githubusercontent\.com|raw\.githubusercontent\.com|codeload\.github\.com|gitlab\.com|"
                         r"bitbucket\.org|dev\.azure\.com)$")
#: Global tags whose regional form (`<Tag>.<Region>`) would do for AML's needs.
_GLOBAL_TAGS = {
    "Storage": "every region's storage accounts, any owner's; Storage.<Region> covers the workspace's account",
    "AzureCloud": "every public IP address of Azure, any customer's",
    "Internet": "every address outside the VNet",
}
_MONITOR_TAGS = ("AzureMonitor",)

STORAGE = ("storage wildcard", "any storage account, also one outside your tenant, accepts uploads over HTTPS; allow the workspace's "
           "account by name or reach storage through private endpoints")
CODE = ("code hosting", "accepts pushes, gists and issue attachments over HTTPS: data can leave with a token of the job's own; "
        "filter by URL path (Azure Firewall Premium TLS inspection) or mirror what is downloaded")
MONITOR = ("log ingestion", "ingests into any tenant's Log Analytics or Application Insights; an Azure Monitor Private Link Scope "
           "limits it to your own resources")


def risk(kind: str, destination: str) -> tuple[str, str]:
    """(short label, reason) for a row of the egress report; ("", "") when the destination carries no such risk."""
    d = destination.strip().lower()
    if kind == "fqdn":
        if _STORAGE_WILDCARD.match(d):
            return STORAGE
        if _CODE_HOSTS.match(d):
            return CODE
        return "", ""
    if kind == "service-tag":
        if destination in _GLOBAL_TAGS:
            return "global tag", _GLOBAL_TAGS[destination]
        if destination in _MONITOR_TAGS:
            return MONITOR
    return "", ""
