"""Addresses and names Azure accepts at the schema level and then breaks: address spaces Azure reserves or that
cover everything, addresses that cannot be a DNS server or a next hop, scoring clients as wide as the Internet,
subnet names used twice in one VNet, a private-endpoint subnet too small for the stack's endpoints, tag names
that differ only by case, backend settings that break Azure's naming rules (issue 21). No cdktf.

Learn, "Azure Virtual Network frequently asked questions", "What address ranges can I use in my virtual
networks?": not 224.0.0.0/4 (multicast), 255.255.255.255/32 (broadcast), 127.0.0.0/8 (loopback),
169.254.0.0/16 (link-local), 168.63.129.16/32 (internal DNS, DHCP and health probes).

Example::

    address_problem("dns.servers[0]", "169.254.169.254")   # "...: 169.254.169.254 is link-local ..."
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from ..catalog.naming_rules import name_problem
from .base import AZURE_RESERVED_IPS

if TYPE_CHECKING:
    from ..catalog import Cloud
    from .model import AmlNetConfig

VNET_FAQ = "Learn: Azure Virtual Network FAQ, \"What address ranges can I use in my virtual networks?\""
RESERVED_RANGES: tuple[tuple[str, str], ...] = (
    ("224.0.0.0/4", "multicast"), ("255.255.255.255/32", "broadcast"), ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link-local"), ("168.63.129.16/32", "Azure's internal DNS, DHCP and health-probe address"),
    ("0.0.0.0/8", "'this network' (0.0.0.0/8)"),
)
WIDEST_SPACE = 8
"""No VNet range, and no scoring client range, wider than /8: a /0../7 covers a large part of the Internet."""
ENDPOINTS_PER_WORKSPACE = 8
"""Private endpoints the workspace stacks create in the private-endpoint subnet: workspace, storage blob, file,
queue, table and dfs, key vault, registry (`SecureWorkspace`), one IP address each at least."""


def _reserved(net: ipaddress.IPv4Network | ipaddress.IPv6Network) -> str | None:
    for cidr, what in RESERVED_RANGES:
        if net.overlaps(ipaddress.ip_network(cidr)):
            return f"{what} ({cidr})"
    return None


def range_problem(field: str, cidr: str) -> str | None:
    net = ipaddress.ip_network(cidr, strict=False)
    if net.version != 4:
        return None
    if net.prefixlen < WIDEST_SPACE:
        return f"{field}: {cidr} covers /{net.prefixlen}, wider than /{WIDEST_SPACE}: name the ranges you use"
    reserved = _reserved(net)
    if reserved:
        return f"{field}: {cidr} overlaps {reserved}, which Azure does not allow in a virtual network ({VNET_FAQ})"
    return None


def address_problem(field: str, ip: str) -> str | None:
    addr = ipaddress.ip_address(ip)
    if addr.version != 4:
        return None
    if addr.is_unspecified:
        return f"{field}: {ip} is the unspecified address, not a host"
    reserved = _reserved(ipaddress.ip_network(f"{ip}/32"))
    if reserved:
        return f"{field}: {ip} is {reserved}, not an address a VNet can send to as a DNS server or next hop ({VNET_FAQ})"
    return None


def prefix_problem(field: str, value: str, cloud: Cloud) -> str | None:
    """An NSG address prefix: `*`, an IPv4 address or CIDR, or a service tag the cloud publishes (for the tag
    families amlnet knows; a close miss of a known tag, `AzureMachineLearnin`, is a typo)."""
    import difflib
    import re

    from ..catalog.service_tags import BASES, DEFAULT_TAGS, tag_exists

    if value == "*":
        return None
    if re.fullmatch(r"[0-9./]+", value):
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            return f"{field}: {value!r} is not a valid IPv4 address or CIDR"
        return None
    base = value.split(".", 1)[0]
    if base in BASES or value in DEFAULT_TAGS:
        if not tag_exists(cloud, value):
            return f"{field}: service tag {value!r} is not published in cloud {cloud.value!r}; Azure would reject the rule"
        return None
    near = difflib.get_close_matches(base, [*BASES, *DEFAULT_TAGS], n=1, cutoff=0.85)
    if near:
        return f"{field}: {value!r} is no service tag; did you mean {near[0]!r}?"
    return None


def _subnets(cfg: AmlNetConfig) -> list[tuple[str, str, str, str | None]]:
    """(vnet label, field, name, cidr) of the subnets the configuration names."""
    n = cfg.network
    out = [("network", "network.compute_subnet", n.compute_subnet.name, n.compute_subnet.cidr),
           ("network", "network.private_endpoint_subnet", n.private_endpoint_subnet.name, n.private_endpoint_subnet.cidr)]
    if "aks-inference" in cfg.stacks:
        out.append(("network", "inference.subnet", cfg.inference.subnet.name, cfg.inference.subnet.cidr))
    if cfg.attached_compute is not None:
        out.append(("network", "attached_compute.subnet", cfg.attached_compute.subnet.name, cfg.attached_compute.subnet.cidr))
    return out


def check_addresses(cfg: AmlNetConfig) -> None:
    """Raise ValueError (one message, the field and the value) for the first problem found."""
    problems: list[str | None] = []
    spaces = [("network.address_space", c) for c in cfg.network.address_space]
    if any(k in cfg.stacks for k in ("peered-compute", "private-endpoint-compute")):
        spaces += [("compute_network.address_space", c) for c in cfg.compute_network.address_space]
    problems += [range_problem(f"{f}", str(c)) for f, c in spaces]
    problems += [address_problem(f"dns.servers[{i}]", str(ip)) for i, ip in enumerate(cfg.dns.servers)]
    existing = getattr(getattr(cfg.egress, "firewall", None), "existing", None)
    if existing is not None:
        problems.append(address_problem("egress.firewall.existing.private_ip", str(existing.private_ip)))
    if "aks-inference" in cfg.stacks:
        for i, c in enumerate(cfg.inference.scoring_clients):
            net = ipaddress.ip_network(str(c), strict=False)
            if net.prefixlen < WIDEST_SPACE:
                problems.append(f"inference.scoring_clients[{i}]: {c} is as wide as the Internet (/{net.prefixlen}); the scoring "
                                f"NSG would admit it; name your clients' ranges (at most /{WIDEST_SPACE})")
    for i, rule in enumerate(cfg.nsg.extra_rules):
        problems.append(prefix_problem(f"nsg.extra_rules[{i}].source", rule.source, cfg.cloud))
        problems.append(prefix_problem(f"nsg.extra_rules[{i}].destination", rule.destination, cfg.cloud))
    seen: dict[tuple[str, str], str] = {}
    for vnet, field, name, _ in _subnets(cfg):
        key = (vnet, name.lower())
        if key in seen:
            problems.append(f"{field}.name: {name!r} is also {seen[key]}.name; subnet names are unique in their VNet")
        seen.setdefault(key, field)
    pe = ipaddress.ip_network(str(cfg.network.private_endpoint_subnet.cidr), strict=False)
    if cfg.isolation != "managed" and pe.num_addresses - AZURE_RESERVED_IPS < ENDPOINTS_PER_WORKSPACE:
        problems.append(f"network.private_endpoint_subnet.cidr: {cfg.network.private_endpoint_subnet.cidr} has "
                        f"{pe.num_addresses - AZURE_RESERVED_IPS} usable addresses ({pe.num_addresses} minus Azure's "
                        f"{AZURE_RESERVED_IPS}), but the stack creates {ENDPOINTS_PER_WORKSPACE} private endpoints there; use /28 or larger")
    lowered: dict[str, str] = {}
    for tag in cfg.tags:
        if tag.lower() in lowered and lowered[tag.lower()] != tag:
            problems.append(f"tags: {tag!r} and {lowered[tag.lower()]!r} differ only by case; Azure tag names are case-insensitive "
                            "and keep one of them")
        lowered.setdefault(tag.lower(), tag)
    az = cfg.state.azurerm
    if cfg.state.backend == "azurerm" and az is not None:
        for field, kind, value in (("resource_group_name", "resource_group", az.resource_group_name),
                                   ("storage_account_name", "storage_account", az.storage_account_name),
                                   ("container_name", "storage_container", az.container_name)):
            p = name_problem(kind, value)
            if p:
                problems.append(f"state.azurerm.{field}: {p}")
        if az.key is not None and not az.key.strip():
            problems.append("state.azurerm.key: empty; leave it out for <stack>.tfstate")
    first = next((p for p in problems if p), None)
    if first:
        raise ValueError(first)
