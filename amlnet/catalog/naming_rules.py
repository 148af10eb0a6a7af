"""Azure's naming rules for every resource type amlnet names, as typed frozen data.

Source: Microsoft Learn, "Naming rules and restrictions for Azure resources",
https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
(`section` of each rule names the provider-namespace section of that page). "Alphanumerics" there
means a-z, A-Z and 0-9. The compute instance's start-with-a-letter rule and its per-region scope are
from "Create an Azure Machine Learning compute instance"
(https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance, "Create": the name
is 3-24 characters, starts with a letter, and is unique across the Azure region).

Example::

    name_problem("storage_account", "St-Team")   # "'St-Team': ... lowercase letters and digits ..."
    check_name("workspace", "mlw-team")          # returns "mlw-team"; raises ValueError when invalid
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

Scope = Literal["global", "region", "subscription", "resource group", "virtual network", "workspace", "route table", "private DNS zone",
                "network security group", "firewall policy", "storage account"]

LEARN = "https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules"


@dataclass(frozen=True)
class NamingRule:
    """What Azure accepts as the name of one resource type.

    `chars` is a regex character class body (e.g. ``a-z0-9``) every character must match; `forbidden`,
    for types Learn describes by the characters they refuse, lists those instead (control characters
    are then refused too). `start`/`end` are character classes for the first and last character."""

    kind: str
    """Key used across amlnet, e.g. `storage_account`."""
    label: str
    """What a person calls it, e.g. 'storage account'."""
    resource_type: str
    """ARM type, e.g. `Microsoft.Storage/storageAccounts`."""
    section: str
    """Provider-namespace section of the Learn page."""
    min_length: int
    max_length: int
    scope: Scope
    """Where the name must be unique: 'global' means across all of Azure (it becomes a host name)."""
    chars_text: str
    chars: str | None = None
    forbidden: str | None = None
    start: str | None = None
    start_text: str = ""
    end: str | None = None
    end_text: str = ""
    no_consecutive_hyphens: bool = False
    unicode_letters: bool = False
    """Letters and digits of any script count (resource groups: .NET Char.IsLetterOrDigit)."""
    cannot_end_with: str = ""
    """Characters the name must not end with (e.g. a period)."""

    def describe(self) -> str:
        parts = [f"{self.min_length}-{self.max_length} characters", self.chars_text]
        if self.start_text:
            parts.append(f"starts with {self.start_text}")
        if self.end_text:
            parts.append(f"ends with {self.end_text}")
        if self.cannot_end_with:
            parts.append("does not end with " + " or ".join(repr(c) for c in self.cannot_end_with))
        if self.no_consecutive_hyphens:
            parts.append("no consecutive hyphens")
        unique = "unique across Azure" if self.scope == "global" else f"unique in its {self.scope}"
        return f"{'; '.join(parts)}; {unique}"


_NET: dict[str, Any] = dict(
    section="Microsoft.Network", chars="A-Za-z0-9_.-", chars_text="letters, digits, underscores, periods and hyphens",
    start="A-Za-z0-9", start_text="a letter or digit", end="A-Za-z0-9_", end_text="a letter, digit or underscore",
)


def _net(kind: str, label: str, rtype: str, lo: int = 1, hi: int = 80, scope: Scope = "resource group") -> NamingRule:
    return NamingRule(kind=kind, label=label, resource_type=f"Microsoft.Network/{rtype}", min_length=lo, max_length=hi, scope=scope, **_NET)


RULES: dict[str, NamingRule] = {
    r.kind: r
    for r in (
        NamingRule(
            kind="resource_group", label="resource group", resource_type="Microsoft.Resources/resourceGroups", section="Microsoft.Resources",
            min_length=1, max_length=90, scope="subscription", chars="A-Za-z0-9_.()-", unicode_letters=True,
            chars_text="letters, digits, underscores, hyphens, periods and parentheses", cannot_end_with=".",
        ),
        _net("virtual_network", "virtual network", "virtualNetworks", 2, 64),
        _net("subnet", "subnet", "virtualNetworks/subnets", scope="virtual network"),
        _net("virtual_network_peering", "virtual network peering", "virtualNetworks/virtualNetworkPeerings", scope="virtual network"),
        _net("network_security_group", "network security group", "networkSecurityGroups"),
        _net("security_rule", "NSG rule", "networkSecurityGroups/securityRules", scope="network security group"),
        _net("route_table", "route table", "routeTables"),
        _net("route", "route", "routeTables/routes", scope="route table"),
        _net("private_dns_zone_link", "private DNS zone virtual network link", "privateDnsZones/virtualNetworkLinks", scope="private DNS zone"),
        _net("private_endpoint", "private endpoint", "privateEndpoints", 2, 64),
        _net("firewall", "firewall", "azureFirewalls"),
        _net("firewall_policy", "firewall policy", "firewallPolicies"),
        _net("firewall_rule_collection_group", "firewall policy rule collection group", "firewallPolicies/ruleCollectionGroups",
             scope="firewall policy"),
        _net("public_ip", "public IP address", "publicIPAddresses"),
        _net("nat_gateway", "NAT gateway", "natGateways"),
        NamingRule(
            kind="storage_account", label="storage account", resource_type="Microsoft.Storage/storageAccounts", section="Microsoft.Storage",
            min_length=3, max_length=24, scope="global", chars="a-z0-9", chars_text="lowercase letters and digits only",
        ),
        NamingRule(
            kind="storage_container", label="blob container", resource_type="Microsoft.Storage/storageAccounts/blobServices/containers",
            section="Microsoft.Storage", min_length=3, max_length=63, scope="storage account", chars="a-z0-9-",
            chars_text="lowercase letters, digits and hyphens", start="a-z0-9", start_text="a lowercase letter or digit",
            end="a-z0-9", end_text="a lowercase letter or digit", no_consecutive_hyphens=True,
        ),
        NamingRule(
            kind="key_vault", label="key vault", resource_type="Microsoft.KeyVault/vaults", section="Microsoft.KeyVault",
            min_length=3, max_length=24, scope="global", chars="A-Za-z0-9-", chars_text="letters, digits and hyphens",
            start="A-Za-z", start_text="a letter", end="A-Za-z0-9", end_text="a letter or digit", no_consecutive_hyphens=True,
        ),
        NamingRule(
            kind="container_registry", label="container registry", resource_type="Microsoft.ContainerRegistry/registries",
            section="Microsoft.ContainerRegistry", min_length=5, max_length=50, scope="global", chars="A-Za-z0-9",
            chars_text="letters and digits only",
        ),
        NamingRule(
            kind="workspace", label="Azure Machine Learning workspace", resource_type="Microsoft.MachineLearningServices/workspaces",
            section="Microsoft.MachineLearningServices", min_length=3, max_length=33, scope="resource group", chars="A-Za-z0-9-",
            chars_text="letters, digits and hyphens",
        ),
        NamingRule(
            kind="compute_instance", label="compute instance", resource_type="Microsoft.MachineLearningServices/workspaces/computes",
            section="Microsoft.MachineLearningServices", min_length=3, max_length=24, scope="region", chars="A-Za-z0-9-",
            chars_text="letters, digits and hyphens", start="A-Za-z", start_text="a letter",
        ),
        NamingRule(
            kind="compute_cluster", label="compute cluster", resource_type="Microsoft.MachineLearningServices/workspaces/computes",
            section="Microsoft.MachineLearningServices", min_length=3, max_length=32, scope="workspace", chars="A-Za-z0-9-",
            chars_text="letters, digits and hyphens", start="A-Za-z", start_text="a letter",
        ),
        NamingRule(
            kind="log_analytics_workspace", label="Log Analytics workspace", resource_type="Microsoft.OperationalInsights/workspaces",
            section="Microsoft.OperationalInsights", min_length=4, max_length=63, scope="resource group", chars="A-Za-z0-9-",
            chars_text="letters, digits and hyphens", start="A-Za-z0-9", start_text="a letter or digit", end="A-Za-z0-9",
            end_text="a letter or digit",
        ),
        NamingRule(
            kind="application_insights", label="Application Insights component", resource_type="Microsoft.Insights/components",
            section="Microsoft.Insights", min_length=1, max_length=260, scope="resource group", forbidden="%&\\?/",
            chars_text="any characters except % & \\ ? / and control characters", cannot_end_with=" .",
        ),
    )
}
"""Every resource type amlnet names, by kind."""


def rule(kind: str) -> NamingRule:
    try:
        return RULES[kind]
    except KeyError:
        raise KeyError(f"no naming rule for {kind!r}; known: {', '.join(sorted(RULES))}") from None


def _shown(name: str) -> str:
    return repr(name) if len(name) <= 60 else repr(name[:50]) + f"... ({len(name)} characters)"


def _bad_char(r: NamingRule, ch: str) -> bool:
    if unicodedata.category(ch).startswith("C"):
        return True
    if r.forbidden is not None:
        return ch in r.forbidden
    if r.unicode_letters and unicodedata.category(ch) in ("Lu", "Ll", "Lt", "Lm", "Lo", "Nd"):
        return False
    return not re.fullmatch(f"[{r.chars}]", ch)


def name_problem(kind: str, name: str) -> str | None:
    """None if `name` is a valid name for `kind`, else one sentence saying what is wrong and what Azure accepts."""
    r = rule(kind)
    if not isinstance(name, str):
        return f"{name!r} is not a name (a string); Azure takes {r.describe()}"
    why = None
    if not r.min_length <= len(name) <= r.max_length:
        why = f"{len(name)} characters"
    else:
        bad = next((c for c in name if _bad_char(r, c)), None)
        if bad is not None:
            why = f"{bad!r} is not allowed" if bad.isprintable() else f"character U+{ord(bad):04X} is not allowed"
        elif r.start and not re.fullmatch(f"[{r.start}]", name[0]):
            why = f"starts with {name[0]!r}"
        elif r.end and not re.fullmatch(f"[{r.end}]", name[-1]):
            why = f"ends with {name[-1]!r}"
        elif r.cannot_end_with and name[-1] in r.cannot_end_with:
            why = f"ends with {name[-1]!r}"
        elif r.no_consecutive_hyphens and "--" in name:
            why = "has consecutive hyphens"
    if why is None:
        return None
    return f"{_shown(name)} is not a valid {r.label} name ({why}); Azure takes {r.describe()}"


def check_name(kind: str, name: str) -> str:
    """`name` if valid for `kind`; else ValueError with `name_problem`'s message."""
    problem = name_problem(kind, name)
    if problem:
        raise ValueError(problem)
    return name
