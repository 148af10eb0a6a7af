"""Azure resource IDs, parsed strictly: the subscription a GUID, the resource group and every name
valid by Azure's naming rules for its type, the provider and type the ones expected. No cdktf.

Format (Learn, "Resource ID",
https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules and
https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-resource#resourceid):
``/subscriptions/{guid}/resourceGroups/{rg}/providers/{Namespace}/{type}/{name}[/{childType}/{childName}]``.
The segment keywords and the namespace/type compare case-insensitively, as ARM does.

Example::

    rid = parse_resource_id("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hub/"
                            "providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-a",
                            "Microsoft.Network/virtualNetworks", "subnets")
    rid["parent_id"]   # the VNet's ID
"""

from __future__ import annotations

import re

from .catalog.naming_rules import name_problem

_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
GUID = _GUID
"""A subscription or tenant ID."""
_DNS_LABEL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?")

NAME_KINDS = {
    "microsoft.network/virtualnetworks": "virtual_network",
    "microsoft.network/firewallpolicies": "firewall_policy",
    "subnets": "subnet",
}
"""The naming rule each resource (or child) type's name is checked against."""


def _check_name(kind: str | None, name: str, what: str) -> None:
    if kind == "private_dns_zone":
        labels = name.split(".")
        if not (1 <= len(name) <= 63 and 2 <= len(labels) <= 34 and all(_DNS_LABEL.fullmatch(x) for x in labels)):
            raise ValueError(f"{what} {name!r} is not a valid private DNS zone name (2-34 labels of letters, digits, underscores and hyphens)")
        return
    if kind:
        problem = name_problem(kind, name)
        if problem:
            raise ValueError(f"{what}: {problem}")


def parse_resource_id(value: str, provider: str, child: str | None = None) -> dict[str, str]:
    """Split an Azure resource ID of `provider` (and `child`); ValueError naming the part that is wrong.

    Returns subscription, resource_group, name, id, parent_id (the ID without the child part) and,
    with `child`, child_name."""
    want = f"/subscriptions/<guid>/resourceGroups/<rg>/providers/{provider}/<name>" + (f"/{child}/<name>" if child else "")
    if not isinstance(value, str):
        raise ValueError(f"expected a resource ID like {want}")
    if value != value.strip() or any(c.isspace() for c in value):
        raise ValueError(f"a resource ID has no spaces; expected one like {want}")
    parts = value.split("/")
    if len(parts) < 2 or parts[0] != "" or value.endswith("/") or "" in parts[1:]:
        raise ValueError(f"expected a resource ID like {want} (no empty segments or trailing slash)")
    parts = parts[1:]
    ns, typ = provider.split("/", 1)
    n_expected = 8 + (2 if child else 0)
    if (len(parts) != n_expected or parts[0].lower() != "subscriptions" or parts[2].lower() != "resourcegroups"
            or parts[4].lower() != "providers"):
        if len(parts) >= 8 and child is None and len(parts) > 8:
            raise ValueError(f"expected a {provider} resource ID, not a child resource ({want})")
        raise ValueError(f"expected a resource ID like {want}")
    sub, rg, got_ns, got_type, name = parts[1], parts[3], parts[5], parts[6], parts[7]
    if not _GUID.fullmatch(sub):
        raise ValueError(f"subscription {sub!r} is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)")
    _check_name("resource_group", rg, "resource group")
    if f"{got_ns}/{got_type}".lower() != provider.lower():
        raise ValueError(f"this is a {got_ns}/{got_type} ID, expected {provider} ({want})")
    if provider.lower() == "microsoft.network/privatednszones":
        _check_name("private_dns_zone", name, "zone")
    else:
        _check_name(NAME_KINDS.get(provider.lower()), name, typ)
    out = {"subscription": sub, "resource_group": rg, "name": name, "id": value, "parent_id": "/" + "/".join(parts[:8])}
    if child:
        if parts[8].lower() != child.lower():
            raise ValueError(f"expected a resource ID ending in /{child}/<name>, got /{parts[8]}/...")
        _check_name(NAME_KINDS.get(child.lower()), parts[9], child)
        out["child_name"] = parts[9]
    return out


def same_resource(a: str, b: str) -> bool:
    """Two resource IDs name the same resource (ARM compares IDs case-insensitively)."""
    return a.rstrip("/").lower() == b.rstrip("/").lower()
