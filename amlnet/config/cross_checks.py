"""Checks of a whole configuration that span several fields and need no planning: clouds and regions,
address spaces and subnets, the second VNet, image builds, DNS servers, then Azure's rules
(`azure_rules`). Run by `AmlNetConfig`'s validation; each raises ValueError with one message that
starts with the field and names the value. The checks that need the planners are in `amlnet.plan_checks`.

Example::

    validate_cross(cfg)   # None, or ValueError("network.address_space: 10.0.0.0/16 overlaps 10.0.0.0/24")
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from ..catalog import Cloud, Scenario, profile
from ..catalog import region as lookup_region
from .address_sanity import check_addresses
from .attach import validate_attach
from .azure_rules import check_azure_rules
from .base import AZURE_RESERVED_IPS
from .compute import GPU_VM_SIZE
from .fields import check_subnets, network, parse_resource_id
from .hub_reachability import check_hub_reachability
from .inference import validate_inference
from .managed import check_managed
from .resolver import check_resolver
from .storage_guard import check_storage_guard

if TYPE_CHECKING:
    from .model import AmlNetConfig


def validate_cross(cfg: AmlNetConfig) -> None:
    """Checks that span several fields. Messages name each field and value involved."""
    reg = cfg.region_info
    if reg.cloud != cfg.cloud:
        raise ValueError(f"region: {cfg.region!r} is in cloud {reg.cloud.value!r}, not in cloud {cfg.cloud.value!r}")
    check_addresses(cfg)  # before the overlap checks: a reserved or all-covering range is named as such

    space = [(c, network(c)) for c in cfg.network.address_space]
    for i, (ca, a) in enumerate(space):
        for cb, b in space[i + 1 :]:
            if a.overlaps(b):
                raise ValueError(f"network.address_space: {ca} overlaps {cb}")

    subnets: list[tuple[str, str]] = []
    if cfg.network.compute_subnet.cidr:
        subnets.append(("network.compute_subnet.cidr", cfg.network.compute_subnet.cidr))
    if cfg.network.private_endpoint_subnet.cidr:
        subnets.append(("network.private_endpoint_subnet.cidr", cfg.network.private_endpoint_subnet.cidr))
    creates_firewall = cfg.egress.mode == "firewall" and cfg.egress.firewall.existing is None
    if creates_firewall:
        if not cfg.network.firewall_subnet_cidr:
            raise ValueError("network.firewall_subnet_cidr: required when egress.mode is 'firewall' without egress.firewall.existing")
        subnets.append(("network.firewall_subnet_cidr", cfg.network.firewall_subnet_cidr))

    check_subnets(subnets, "network.address_space", cfg.network.address_space)
    validate_attach(cfg, subnets)

    if cfg.network.compute_subnet.cidr:
        net = network(cfg.network.compute_subnet.cidr)
        need = cfg.compute_subnet_ip_demand
        if net.num_addresses < need:
            raise ValueError(
                f"network.compute_subnet.cidr: {cfg.network.compute_subnet.cidr} has {net.num_addresses} addresses, "
                f"but compute needs {need} (compute.cluster.max_nodes={cfg.compute.cluster.max_nodes}"
                f"{', one compute instance' if cfg.compute.instance.enabled else ''}, plus 5 Azure reserves)"
            )

    if cfg.compute.public_ip_routes == "ip-prefixes" and not cfg.compute.public_ip:
        raise ValueError("compute.public_ip_routes: 'ip-prefixes' shapes the routes of compute with public IP; set compute.public_ip: true")
    if cfg.egress.firewall.extra_fqdn_rules and "firewall" not in (cfg.egress.mode, cfg.compute_egress_mode):
        raise ValueError("egress.firewall.extra_fqdn_rules: only a firewall can allow host names; egress.mode is not 'firewall'")
    if cfg.egress.mode != "nat-gateway" and cfg.egress.nat_allow_unfiltered_https:
        raise ValueError(f"egress.nat_allow_unfiltered_https: only applies when egress.mode is 'nat-gateway', not {cfg.egress.mode!r}")

    if Scenario.AUTOML_NLP_VISION in cfg.scenarios and cfg.cloud != Cloud.PUBLIC:
        raise ValueError(f"scenarios: 'automl-nlp-vision' is available in Azure Public only, not in cloud {cfg.cloud.value!r}")
    if Scenario.PUBLIC_IP_COMPUTE in cfg.scenarios:
        raise ValueError("scenarios: 'public-ip-compute' is set with compute.public_ip: true, not in scenarios")
    if Scenario.AKS_INFERENCE in cfg.scenarios:
        raise ValueError("scenarios: 'aks-inference' belongs to the AKS subnet of the aks-inference stack; add 'aks-inference' to stacks instead")

    if any(k in cfg.stacks for k in ("peered-compute", "private-endpoint-compute")):
        _validate_compute_network(cfg, space)

    prof = profile(cfg.cloud)
    for key, zid in cfg.dns.existing_zone_ids.items():
        name = parse_resource_id(zid, "Microsoft.Network/privateDnsZones")["name"]
        want = prof.zone(key).zone_name
        if name.lower() != want:
            raise ValueError(f"dns.existing_zone_ids.{key}: zone {name!r} is not the {key} zone of cloud {cfg.cloud.value!r} ({want})")

    check_managed(cfg)
    _validate_image_build(cfg)
    validate_inference(cfg)
    check_resolver(cfg)
    check_storage_guard(cfg)
    _validate_dns_servers(cfg)
    check_hub_reachability(cfg)
    check_azure_rules(cfg)


def _validate_compute_network(cfg: AmlNetConfig, workspace_space: list[tuple[str, ipaddress.IPv4Network]]) -> None:
    cn = cfg.compute_network
    if cn.instance:
        raise ValueError(
            "compute_network.instance: a compute instance cannot be created in a different region or VNet than the "
            "workspace (seed 003); only compute clusters can. Put instances in network.compute_subnet instead"
        )
    reg = lookup_region(cfg.compute_region)
    if reg.cloud != cfg.cloud:
        raise ValueError(f"compute_network.region: {cfg.compute_region!r} is in cloud {reg.cloud.value!r}, not in cloud {cfg.cloud.value!r}")
    space = [(c, network(c)) for c in cn.address_space]
    for ca, a in space:
        for cb, b in workspace_space:
            if a.overlaps(b):
                raise ValueError(
                    f"compute_network.address_space: {ca} overlaps network.address_space {cb}; peered address spaces must not overlap"
                )
    subnets: list[tuple[str, str | None]] = [("compute_network.compute_subnet.cidr", cn.compute_subnet.cidr)]
    if "private-endpoint-compute" in cfg.stacks:
        subnets.append(("compute_network.private_endpoint_subnet.cidr", cn.private_endpoint_subnet.cidr))
        if cfg.compute_egress_mode == "firewall":
            if not cn.firewall_subnet_cidr:
                raise ValueError("compute_network.firewall_subnet_cidr: required for private-endpoint-compute with egress 'firewall'")
            subnets.append(("compute_network.firewall_subnet_cidr", cn.firewall_subnet_cidr))
    check_subnets([(f, c) for f, c in subnets if c], "compute_network.address_space", cn.address_space)
    if cn.compute_subnet.cidr:
        have = network(cn.compute_subnet.cidr).num_addresses
        ib = cfg.compute_network_image_build  # created in the same subnet, beside a GPU cluster
        need = AZURE_RESERVED_IPS + cn.cluster.max_nodes + (ib.max_nodes if ib else 0)
        if have < need:
            build = f", compute.image_build_cluster.max_nodes={ib.max_nodes} (the image-build cluster created there)" if ib else ""
            raise ValueError(
                f"compute_network.compute_subnet.cidr: {cn.compute_subnet.cidr} has {have} addresses, but compute needs {need} "
                f"(compute_network.cluster.max_nodes={cn.cluster.max_nodes}{build}, plus 5 Azure reserves)"
            )


def _validate_image_build(cfg: AmlNetConfig) -> None:
    """The private registry means images build on a CPU compute cluster (see ImageBuildClusterConfig); never leave it unset."""
    cc, ib = cfg.compute.cluster, cfg.compute.image_build_cluster
    why = ("the workspace's container registry is private, so Azure ML builds environment images on a CPU compute cluster, "
           "not on serverless compute (Learn: how-to-secure-workspace-vnet#enable-azure-container-registry-acr)")
    if ib is not None:
        if GPU_VM_SIZE.match(ib.vm_size):
            raise ValueError(f"compute.image_build_cluster.vm_size: {ib.vm_size!r} is a GPU size; image builds need a CPU size ({why})")
        if cc.enabled and ib.name == cc.name:
            raise ValueError(f"compute.image_build_cluster.name: {ib.name!r} is also compute.cluster.name; give the build cluster its own name")
    elif any(k in cfg.stacks for k in ("secure-workspace", "serverless-no-public-ip", "aks-inference")):
        if not cc.enabled:
            raise ValueError(
                f"compute.cluster.enabled: false leaves the workspace with no image-build compute; {why}. Keep the cluster "
                "(min_nodes: 0 costs nothing while idle) or add compute.image_build_cluster (a small CPU cluster for builds only)"
            )
        if GPU_VM_SIZE.match(cc.vm_size):
            raise ValueError(
                f"compute.cluster.vm_size: {cc.vm_size!r} is a GPU size and would build the workspace's images; {why}. "
                "Add compute.image_build_cluster (a small CPU cluster for builds only)"
            )
    _validate_compute_network_image_build(cfg, why)


def _validate_compute_network_image_build(cfg: AmlNetConfig, why: str) -> None:
    """In the peered-compute and private-endpoint-compute stacks `compute_network.cluster` builds the workspace's images,
    unless it has a GPU size: then `compute.image_build_cluster` is created beside it (`AmlNetConfig.compute_network_image_build`),
    and without one the GPU size is refused with that fix. Each of these stacks has a workspace of its own (`for_stack`),
    so the build cluster's name must differ from `compute_network.cluster.name` only (names are unique per workspace)."""
    kinds = [k for k in ("peered-compute", "private-endpoint-compute") if k in cfg.stacks]
    cn = cfg.compute_network.cluster
    if not kinds or not GPU_VM_SIZE.match(cn.vm_size):
        return
    where = " and ".join(kinds) + (" stacks" if len(kinds) > 1 else " stack")
    ib = cfg.compute.image_build_cluster
    if ib is None:
        raise ValueError(
            f"compute_network.cluster.vm_size: {cn.vm_size!r} is a GPU size, and in the {where} that cluster would build the "
            f"workspace's images; {why}. Add compute.image_build_cluster (a small CPU cluster the stack creates in the compute "
            "VNet's compute subnet for image builds only, e.g. {name: image-build, vm_size: Standard_DS3_v2})"
        )
    if ib.name == cn.name:
        raise ValueError(
            f"compute.image_build_cluster.name: {ib.name!r} is also compute_network.cluster.name; the {where} "
            f"create{'' if len(kinds) > 1 else 's'} both clusters in one workspace, where compute names are unique: "
            "give the build cluster its own name"
        )


def _validate_dns_servers(cfg: AmlNetConfig) -> None:
    servers = cfg.dns.servers
    if not servers:
        return
    f = cfg.egress.firewall
    creates_firewall = cfg.isolation != "managed" and cfg.egress.mode == "firewall" and f.existing is None  # managed: no firewall of ours
    if creates_firewall and f.use_as_dns and cfg.network.existing_vnet_id is None:
        raise ValueError(
            f"dns.servers: {list(servers)} and egress.firewall.use_as_dns: true both choose the VNet's DNS servers "
            "(the stack's own firewall would be its DNS proxy); set egress.firewall.use_as_dns: false to use dns.servers"
        )
    computes = [("network.compute_subnet.cidr", cfg.network.compute_subnet.cidr)]
    if any(k in cfg.stacks for k in ("peered-compute", "private-endpoint-compute")):
        computes.append(("compute_network.compute_subnet.cidr", cfg.compute_network.compute_subnet.cidr))
    for server in servers:
        for field, cidr in computes:
            if cidr and ipaddress.ip_address(server) in network(cidr):
                raise ValueError(f"dns.servers: {server} is inside {field} ({cidr}); a DNS server cannot live in a compute subnet")
