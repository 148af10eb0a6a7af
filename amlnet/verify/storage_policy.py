"""`amlnet verify`: the subnet service endpoint storage policy of a compute subnet, read from the
synthesized stack. A subnet with the `Microsoft.Storage` service endpoint and a policy reaches only the
storage accounts its definitions name (plus Microsoft-managed storage behind aliases); without the
endpoint or a policy, any account behind the `Storage` tag. Learn "Virtual network service endpoint
policies for Azure Storage", https://learn.microsoft.com/azure/virtual-network/virtual-network-service-endpoint-policies-overview.

Example::

    decide_foreign_account(doc, "azurerm_subnet.compute")   # (False, "service endpoint policy sep-ml allows only ...")
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .document import Document

FOREIGN_ACCOUNT = "anyaccount"
"""The leftmost label of the storage account verify tries: one the stack does not own."""
_SCOPE = re.compile(r"^/subscriptions/[^/]+(/resourceGroups/[^/]+)?/?$", re.I)


def _definitions(policy: dict[str, Any]) -> list[dict[str, Any]]:
    d = policy.get("definition") or []
    return d if isinstance(d, list) else [d]


def decide_foreign_account(doc: Document, subnet_key: str) -> tuple[bool | None, str]:
    """(False, how) when the subnet's policy keeps it from an account outside its definitions; (None, why)
    when no policy applies (the NSG, routes and firewall decide)."""
    if not subnet_key.startswith("azurerm_subnet."):
        return None, "a subnet this stack does not create: its service endpoint policies are unknown"
    body = doc.get("azurerm_subnet", subnet_key.split(".", 1)[1]) or {}
    if "Microsoft.Storage" not in (body.get("service_endpoints") or []):
        return None, "no Microsoft.Storage service endpoint on the subnet, so no storage policy applies"
    policies = [doc.resolve(p) for p in body.get("service_endpoint_policy_ids") or []]
    if not policies:
        return None, "no service endpoint policy on the subnet"
    for policy in policies:
        if policy is None:
            return None, "a service endpoint policy outside this stack (its definitions are unknown)"
        for d in _definitions(policy):
            for res in d.get("service_resources") or []:
                if d.get("service", "Microsoft.Storage") == "Microsoft.Storage" and isinstance(res, str) and _SCOPE.match(res):
                    return None, f"service endpoint policy {policy.get('name')} allows every account in {res}"
    allowed = [str(r) for p in policies if p for d in _definitions(p) for r in d.get("service_resources") or []]
    names = ", ".join(str(p.get("name")) for p in policies if p)
    return False, f"service endpoint policy {names} allows only {', '.join(allowed)}"
