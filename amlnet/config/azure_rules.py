"""Checks of a whole configuration against Azure's rules: resource names, tags, addresses of the
firewall, and resource IDs that must belong together. Called by `AmlNetConfig`'s validation; each
raises ValueError with one message that starts with the field and names the value. No cdktf.

Example::

    check_azure_rules(cfg)   # None, or ValueError("names.workspace: 'my workspace!' is not a valid ...")
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, TypeGuard

from ..catalog.naming_rules import name_problem
from ..catalog.tag_limits import tags_problem
from ..resource_ids import parse_resource_id, same_resource

if TYPE_CHECKING:
    from .model import AmlNetConfig

AMLNET_TAGS = ("managed-by",)
"""Tags every stack adds itself (stacks/base.py)."""


def _literal(name: object) -> TypeGuard[str]:
    """A name known now (not a Terraform expression computed at apply time)."""
    return isinstance(name, str) and "${" not in name


def check_names(cfg: AmlNetConfig) -> None:
    """Every name the stacks give a resource, set by the user or derived from `name_prefix`."""
    derived = "name_prefix (the derived name)"
    checks = [
        ("names.resource_group" if cfg.names.resource_group else derived, "resource_group", cfg.resource_group_name),
        ("names.workspace" if cfg.names.workspace else derived, "workspace", cfg.workspace_name),
        ("names.storage_account" if cfg.names.storage_account else derived, "storage_account", cfg.storage_account_name),
        ("names.key_vault" if cfg.names.key_vault else derived, "key_vault", cfg.key_vault_name),
        ("names.container_registry" if cfg.names.container_registry else derived, "container_registry", cfg.container_registry_name),
        ("network.vnet_name" if cfg.network.vnet_name else derived, "virtual_network", cfg.vnet_name),
        ("network.compute_subnet.name", "subnet", cfg.network.compute_subnet.name),
        ("network.private_endpoint_subnet.name", "subnet", cfg.network.private_endpoint_subnet.name),
        ("compute.cluster.name", "compute_cluster", cfg.compute.cluster.name),
        ("compute.instance.name" if cfg.compute.instance.name else derived, "compute_instance", cfg.compute_instance_name),
        ("network.compute_subnet.name (its NSG nsg-<name>)", "network_security_group", f"nsg-{cfg.network.compute_subnet.name}"),
        ("network.compute_subnet.name (its route table rt-<name>)", "route_table", f"rt-{cfg.network.compute_subnet.name}"),
    ]
    if any(k in cfg.stacks for k in ("peered-compute", "private-endpoint-compute")):
        cn = cfg.compute_network
        checks += [
            ("compute_network.vnet_name" if cn.vnet_name else derived, "virtual_network", cfg.compute_vnet_name),
            ("compute_network.compute_subnet.name", "subnet", cn.compute_subnet.name),
            ("compute_network.private_endpoint_subnet.name", "subnet", cn.private_endpoint_subnet.name),
            ("compute_network.cluster.name", "compute_cluster", cn.cluster.name),
        ]
    checks += _generated_names(cfg)
    for field, kind, name in checks:
        if _literal(name):
            problem = name_problem(kind, name)
            if problem:
                raise ValueError(f"{field}: {problem}")
    for i, rule in enumerate(cfg.nsg.extra_rules):
        problem = name_problem("security_rule", rule.name)
        if problem:
            raise ValueError(f"nsg.extra_rules[{i}].name: {problem}")
    seen: set[str] = set()
    for i, fqdn_rule in enumerate(cfg.egress.firewall.extra_fqdn_rules):
        if fqdn_rule.name.lower() in seen:
            raise ValueError(
                f"egress.firewall.extra_fqdn_rules[{i}].name: {fqdn_rule.name!r} is used by an earlier rule; rule names must be unique"
            )
        seen.add(fqdn_rule.name.lower())


def _generated_names(cfg: AmlNetConfig) -> list[tuple[str, str, str]]:
    """Names the constructs build from the prefix and other names (constructs/*: `afw-<name>`,
    `link-<vnet>`, `peer-<vnet>-to-workspace`, ...), with the field each one comes from."""
    p = cfg.name_prefix
    vnet_field = "network.vnet_name" if cfg.network.vnet_name else "name_prefix"
    out = [
        ("name_prefix (log-<prefix>)", "log_analytics_workspace", f"log-{p}"),
        ("name_prefix (appi-<prefix>)", "application_insights", f"appi-{p}"),
        ("name_prefix (pe-<service>-<prefix>)", "private_endpoint", f"pe-registry-{p}"),
        (f"{vnet_field} (its DNS zone links link-<vnet>)", "private_dns_zone_link", f"link-{cfg.vnet_name}"),
    ]
    if cfg.egress.mode == "firewall" and cfg.egress.firewall.existing is None:
        out += [("name_prefix (afw-<prefix>)", "firewall", f"afw-{p}"), ("name_prefix (afwp-<prefix>)", "firewall_policy", f"afwp-{p}"),
                ("name_prefix (pip-<prefix>)", "public_ip", f"pip-{p}")]
    if cfg.egress.mode == "firewall":
        out.append(("name_prefix (amlnet-<prefix>)", "firewall_rule_collection_group", f"amlnet-{p}"))
    if cfg.egress.mode == "nat-gateway":
        out += [("name_prefix (ng-<prefix>)", "nat_gateway", f"ng-{p}"), ("name_prefix (pip-ng-<prefix>)", "public_ip", f"pip-ng-{p}")]
    if any(k in cfg.stacks for k in ("peered-compute", "private-endpoint-compute")):
        cn_field = "compute_network.vnet_name" if cfg.compute_network.vnet_name else "name_prefix"
        label = cfg.compute_vnet_name
        out += [
            (f"{cn_field} (peering peer-<vnet>-to-workspace)", "virtual_network_peering", f"peer-{label}-to-workspace"),
            (f"{cn_field} (peering peer-workspace-to-<vnet>)", "virtual_network_peering", f"peer-workspace-to-{label}"),
            (f"{cn_field} (its DNS zone links link-<vnet>)", "private_dns_zone_link", f"link-{label}"),
            ("name_prefix and compute_network.region (rg-<prefix>-compute-<region>)", "resource_group", f"rg-{p}-compute-{cfg.compute_region}"),
        ]
    return out


def check_tags(cfg: AmlNetConfig) -> None:
    reserved = sum(1 for t in AMLNET_TAGS if t not in cfg.tags)
    problem = tags_problem(cfg.tags, reserved=reserved)
    if problem:
        raise ValueError(f"tags: {problem}")


def _subnets(cfg: AmlNetConfig) -> list[tuple[str, str, bool]]:
    """(field, cidr, hosts compute) of every subnet range the configuration gives."""
    out = []
    n, cn = cfg.network, cfg.compute_network
    if n.compute_subnet.cidr:
        out.append(("network.compute_subnet.cidr", n.compute_subnet.cidr, True))
    if n.private_endpoint_subnet.cidr:
        out.append(("network.private_endpoint_subnet.cidr", n.private_endpoint_subnet.cidr, False))
    if any(k in cfg.stacks for k in ("peered-compute", "private-endpoint-compute")):
        if cn.compute_subnet.cidr:
            out.append(("compute_network.compute_subnet.cidr", cn.compute_subnet.cidr, True))
        if "private-endpoint-compute" in cfg.stacks and cn.private_endpoint_subnet.cidr:
            out.append(("compute_network.private_endpoint_subnet.cidr", cn.private_endpoint_subnet.cidr, False))
    return out


def address_problem(field: str, address: str, cfg: AmlNetConfig, what: str) -> str | None:
    """None, or why `address` (of `what` in a hub, e.g. the firewall or a DNS server) cannot be: not
    IPv4, or inside one of this configuration's subnets (compute subnets above all), or inside a VNet
    the stack creates (which holds no such server)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return f"{field}: {address!r} is not an IP address"
    if not isinstance(ip, ipaddress.IPv4Address):
        return f"{field}: {address!r} is IPv6; routes and DNS settings here take IPv4 addresses"
    for sub_field, cidr, compute in _subnets(cfg):
        if ip in ipaddress.ip_network(cidr):
            kind = "the compute subnet it should serve" if compute else "a subnet that holds private endpoints"
            return f"{field}: {address} is inside {sub_field} ({cidr}), {kind}; the {what}'s address lies in the hub"
    if cfg.network.existing_vnet_id is None:
        for cidr in cfg.network.address_space:
            if ip in ipaddress.ip_network(cidr):
                return (f"{field}: {address} is inside network.address_space ({cidr}) of the VNet this stack creates, "
                        f"which has no {what}; give the hub {what}'s private IP")
    return None


def check_addresses(cfg: AmlNetConfig) -> None:
    """The hub firewall's private IP (in the hub's AzureFirewallSubnet) and the DNS servers (the hub
    firewall's proxy or a resolver's inbound endpoint): never in a subnet of this configuration, never
    in a VNet the stack creates."""
    fw = cfg.egress.firewall.existing
    if fw is not None:
        problem = address_problem("egress.firewall.existing.private_ip", fw.private_ip, cfg, "firewall")
        if problem:
            raise ValueError(problem)
    resolver = getattr(cfg.dns, "resolver", None)
    for i, server in enumerate(getattr(cfg.dns, "servers", ())):
        if resolver is not None and server == resolver.address:
            continue  # the stack's own resolver (dns.resolver), checked by amlnet.config.resolver.check_resolver
        problem = address_problem(f"dns.servers[{i}]", server, cfg, "DNS server")
        if problem:
            raise ValueError(problem)


def check_resource_ids(cfg: AmlNetConfig) -> None:
    """A reused subnet belongs to the reused VNet it claims (same subscription, resource group and VNet)."""
    for prefix, net in (("network", cfg.network), ("compute_network", cfg.compute_network)):
        if prefix == "compute_network" and not any(k in cfg.stacks for k in ("peered-compute", "private-endpoint-compute")):
            continue
        for sub_field in ("compute_subnet", "private_endpoint_subnet"):
            sid = getattr(net, sub_field).existing_id
            if not sid:
                continue
            field = f"{prefix}.{sub_field}.existing_id"
            parent = parse_resource_id(sid, "Microsoft.Network/virtualNetworks", "subnets")["parent_id"]
            if net.existing_vnet_id is None:
                raise ValueError(
                    f"{field}: reuses a subnet of VNet {parent.rsplit('/', 1)[-1]!r}, but {prefix}.existing_vnet_id is not set "
                    f"(the stack would create a new VNet); set {prefix}.existing_vnet_id to {parent}"
                )
            if not same_resource(parent, net.existing_vnet_id):
                vnet = parse_resource_id(net.existing_vnet_id, "Microsoft.Network/virtualNetworks")
                got = parse_resource_id(parent, "Microsoft.Network/virtualNetworks")
                diff = [f"{k} {got[k]!r} instead of {vnet[k]!r}" for k in ("subscription", "resource_group", "name") if got[k].lower() != vnet[k].lower()]
                raise ValueError(f"{field}: the subnet belongs to another VNet than {prefix}.existing_vnet_id ({'; '.join(diff)})")


def check_hub_subscription(cfg: AmlNetConfig) -> None:
    """With `hub.subscription_id`, the hub's firewall policy and DNS zones lie in that subscription."""
    hub = getattr(cfg, "hub", None)
    if hub is None:
        return
    ids = [(f"dns.existing_zone_ids.{k}", v, "Microsoft.Network/privateDnsZones") for k, v in cfg.dns.existing_zone_ids.items()]
    if cfg.egress.firewall.existing is not None:
        ids.append(("egress.firewall.existing.policy_id", cfg.egress.firewall.existing.policy_id, "Microsoft.Network/firewallPolicies"))
    for field, rid, provider in ids:
        sub = parse_resource_id(rid, provider)["subscription"]
        if sub.lower() != hub.subscription_id.lower():
            raise ValueError(f"{field}: {rid!r} is in subscription {sub}, but hub.subscription_id is {hub.subscription_id}; "
                             "hub resources are created through the hub's provider, in its subscription")


def check_azure_rules(cfg: AmlNetConfig) -> None:
    check_names(cfg)
    check_tags(cfg)
    check_addresses(cfg)
    check_resource_ids(cfg)
    check_hub_subscription(cfg)
