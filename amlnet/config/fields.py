"""Field types of the configuration: CIDRs, address spaces, regions, Azure names and resource IDs,
each an `Annotated` type whose validator raises ValueError with one message.

Example::

    class Section(StrictModel):
        cidr: Cidr
        vnet: VnetId | None = None
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated

from pydantic import AfterValidator, Field

from ..addressing import ipv4_network
from ..catalog import region as lookup_region

Cidr = Annotated[str, Field(description="IPv4 CIDR, e.g. 10.0.0.0/24")]

def parse_resource_id(value: str, provider: str, child: str | None = None) -> dict[str, str]:
    """Split an Azure resource ID; raises ValueError if it is not of `provider` (and `child`). See `amlnet.resource_ids`."""
    from ..resource_ids import parse_resource_id as strict

    return strict(value, provider, child)


def _matching(regex: str, message: str) -> AfterValidator:
    """A validator: the value must match `regex` in full, else ValueError(message)."""

    def check(v: str | None) -> str | None:
        if v is not None and not re.fullmatch(regex, v):
            raise ValueError(message)
        return v

    return AfterValidator(check)


def _resource_id_of(provider: str, child: str | None = None) -> AfterValidator:
    """A validator: the value must be an Azure resource ID of `provider` (and `child`)."""

    def check(v: str | None) -> str | None:
        if v is not None:
            parse_resource_id(v, provider, child)
        return v

    return AfterValidator(check)


VnetId = Annotated[str, _resource_id_of("Microsoft.Network/virtualNetworks")]
SubnetId = Annotated[str, _resource_id_of("Microsoft.Network/virtualNetworks", "subnets")]
FirewallPolicyId = Annotated[str, _resource_id_of("Microsoft.Network/firewallPolicies")]
def _azure_name(kind: str) -> AfterValidator:
    """A validator: the value must be a valid Azure name for `kind` (amlnet.catalog.naming_rules)."""
    from ..catalog.naming_rules import check_name

    return AfterValidator(lambda v: v if v is None else check_name(kind, v))


def _vm_size(v: str) -> str:
    from ..catalog.vm_sizes import vm_size_problem

    problem = vm_size_problem(v)
    if problem:
        raise ValueError(problem)
    return v


ClusterName = Annotated[str, _azure_name("compute_cluster")]
InstanceName = Annotated[str, _azure_name("compute_instance")]
SubnetName = Annotated[str, _azure_name("subnet")]
VnetName = Annotated[str, _azure_name("virtual_network")]
VmSize = Annotated[str, AfterValidator(_vm_size)]
StorageAccountName = Annotated[str, _matching(r"[a-z0-9]{3,24}", "storage account names are 3-24 lowercase letters and digits")]
KeyVaultName = Annotated[str, _matching(r"[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]", "key vault names are 3-24 letters, digits and hyphens, starting with a letter")]
RegistryName = Annotated[str, _matching(r"[A-Za-z0-9]{5,50}", "container registry names are 5-50 letters and digits")]
NamePrefix = Annotated[str, _matching(r"[a-z][a-z0-9]{2,11}", "3-12 lowercase letters and digits, starting with a letter (it goes into storage account names)")]


def network(value: str) -> ipaddress.IPv4Network:
    return ipv4_network(value)  # shared with the construct props (amlnet/addressing.py)


def check_cidr(value: str) -> str:
    network(value)
    return value


def _check_firewall_subnet(value: str | None) -> str | None:
    if value is None:
        return value
    net = network(value)
    if net.prefixlen > 26:
        raise ValueError(f"AzureFirewallSubnet must be /26 or larger, got /{net.prefixlen}")
    return value


def _check_space(value: tuple[str, ...]) -> tuple[str, ...]:
    if not value:
        raise ValueError("at least one address range is required")
    for c in value:
        check_cidr(c)
    return value


def _check_region(value: str | None) -> str | None:
    if value is None:
        return value
    try:
        return lookup_region(value).name
    except KeyError:
        raise ValueError("unknown Azure region (use the ARM name, e.g. eastus2, westeurope, usgovvirginia, chinanorth3)") from None


AddressSpace = Annotated[tuple[Cidr, ...], AfterValidator(_check_space)]
FirewallSubnetCidr = Annotated[str, AfterValidator(_check_firewall_subnet)]
RegionName = Annotated[str, AfterValidator(_check_region)]


UniqueSuffix = Annotated[str, _matching(r"[a-z0-9]{4,8}", "4-8 lowercase letters and digits")]


def check_subnets(subnets: list[tuple[str, str]], space_field: str, space: tuple[str, ...]) -> None:
    """Each (field, cidr) lies inside `space`, and no two of them overlap."""
    nets = [network(c) for c in space]
    for field, cidr in subnets:
        if not any(network(cidr).subnet_of(n) for n in nets):
            raise ValueError(f"{field}: {cidr} is outside {space_field} ({', '.join(space)})")
    for i, (fa, ca) in enumerate(subnets):
        for fb, cb in subnets[i + 1 :]:
            if network(ca).overlaps(network(cb)):
                raise ValueError(f"{fa}: {ca} overlaps {fb}: {cb}")
