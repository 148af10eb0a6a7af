"""NSG rules and routes of the attach subnet (VMs and HDInsight clusters attached as compute). Pure, no cdktf.

Sources:
- seed 003, "Virtual machine or HDInsight cluster" / "Configure network ports": an inbound rule from the
  `AzureMachineLearning` service tag to the SSH port (22), destination any, action allow (the seed's step 6
  says protocol Any; SSH is TCP only, so the rule is TCP). Learn, how-to-secure-training-vnet, same section
  (https://learn.microsoft.com/azure/machine-learning/how-to-secure-training-vnet#virtual-machine-or-hdinsight-cluster)
  asks for nothing else.
- The same section sends users who restrict outbound to "Required public internet access to train models":
  the attach subnet gets the compute subnet's outbound (the catalog's rows for the enabled scenarios, the
  private endpoints, the firewall's FQDN traffic, DNS), then deny-all outbound.
- HDInsight (kinds: hdinsight): Learn, "Control network traffic in Azure HDInsight", HDInsight with network
  security groups (https://learn.microsoft.com/azure/hdinsight/control-network-traffic): allow inbound TCP 443
  from HDInsight's health and management service tags (the regional `HDInsight.<Region>` tag, else the
  global `HDInsight`); with forced tunnelling their replies must bypass the firewall (a route to Internet).
  Left out: Kafka REST proxy's 9400, and HDInsight's own outbound dependencies (Learn, "Configure outbound
  network traffic restriction for Azure HDInsight clusters"): add them with nsg.extra_rules.
- Everything else from the Internet is denied at 4096 (DenyInternetInbound, as on the compute subnets).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..attach_rules import SSH_PORT, SSH_SOURCE
from ..catalog import region as lookup_region
from ..catalog.service_tags import require_tag, tag_exists
from .nsg import DENY_ALL_PRIORITY, NsgRuleSpec, _deny, _unprioritized
from .placement import ComputePlacement, workspace_placement
from .routes import FIREWALL_IP, RouteSpec, control_plane_regions

if TYPE_CHECKING:
    from ..config import AmlNetConfig

def attached_placement(cfg: AmlNetConfig) -> ComputePlacement:
    """The attach subnet: the workspace compute subnet's egress, private endpoints and DNS, its own range."""
    att = cfg.attached_compute
    assert att is not None
    return replace(workspace_placement(cfg), label="attached", subnet_cidr=att.subnet.cidr, public_ip=False)


def hdinsight_tag(cfg: AmlNetConfig) -> str:
    """`HDInsight.<Region>` when the cloud publishes it for the workspace's region, else the global `HDInsight`."""
    reg = lookup_region(cfg.region)
    regional = f"HDInsight.{reg.tag_suffix}"
    return regional if tag_exists(reg.cloud, regional) else require_tag(reg.cloud, "HDInsight")


def plan_attached_nsg_rules(cfg: AmlNetConfig) -> tuple[NsgRuleSpec, ...]:
    """Every rule of the attach subnet's NSG: SSH from AzureMachineLearning, HDInsight management (with
    `hdinsight`), the compute subnet's outbound, `nsg.extra_rules`, DenyInternetInbound and DenyAllOutbound."""
    att = cfg.attached_compute
    assert att is not None
    pl = attached_placement(cfg)
    me = (att.subnet.cidr,)
    rules: list[dict[str, object]] = [dict(
        name="AllowInSshFromAzureMachineLearning", direction="Inbound", access="Allow", protocol="Tcp",
        source_prefixes=(SSH_SOURCE,), destination_prefixes=me, destination_ports=(str(SSH_PORT),),
        description="[seed 003: VM or HDInsight cluster] Azure Machine Learning reaches attached compute over SSH.",
    )]
    if "hdinsight" in att.kinds:
        rules.append(dict(
            name="AllowInHDInsightManagementTcp", direction="Inbound", access="Allow", protocol="Tcp",
            source_prefixes=(hdinsight_tag(cfg),), destination_prefixes=me, destination_ports=("443",),
            description="[Learn: hdinsight/control-network-traffic] HDInsight health and management services.",
        ))
    rules.extend(r for r in _unprioritized(cfg, pl) if r["direction"] == "Outbound")
    out: list[NsgRuleSpec] = []
    prio = cfg.nsg.priority_start
    for r in rules:
        out.append(NsgRuleSpec(priority=prio, **r))  # type: ignore[arg-type]
        prio += cfg.nsg.priority_step
    for x in cfg.nsg.extra_rules:
        out.append(NsgRuleSpec(name=x.name, priority=x.priority, direction=x.direction, access=x.access, protocol=x.protocol,
                               source_prefixes=(x.source,), destination_prefixes=(x.destination,), destination_ports=tuple(x.ports),
                               description="User-supplied rule (nsg.extra_rules)."))
    out.append(_deny("DenyInternetInbound", "Inbound", "Internet",
                     "Only AzureMachineLearning (SSH) comes in from outside the VNet; deny the rest of the Internet explicitly."))
    out.append(_deny("DenyAllOutbound", "Outbound", "*", "Closes the subnet to every destination the rules above do not list."))
    assert all(r.priority <= DENY_ALL_PRIORITY for r in out)
    return tuple(sorted(out, key=lambda r: (r.direction, r.priority)))


def plan_attached_routes(cfg: AmlNetConfig) -> tuple[RouteSpec, ...]:
    """With a firewall: 0.0.0.0/0 to it, and the tags that open connections to attached compute
    (AzureMachineLearning of the region and its pair; HDInsight with `hdinsight`) to Internet, so replies
    leave the way the connection came (seed 000, public-IP compute routes). Other modes: no routes."""
    att = cfg.attached_compute
    assert att is not None
    pl = attached_placement(cfg)
    if pl.egress_mode != "firewall":
        return ()
    existing = cfg.egress.firewall.existing
    routes = [RouteSpec("default-to-firewall", "0.0.0.0/0", "VirtualAppliance", existing.private_ip if existing else FIREWALL_IP)]
    for name in control_plane_regions(pl):
        reg = lookup_region(name)
        routes.append(RouteSpec(f"{SSH_SOURCE}-{reg.tag_suffix}-to-internet",
                                require_tag(reg.cloud, f"{SSH_SOURCE}.{reg.tag_suffix}"), "Internet", None))
    if "hdinsight" in att.kinds:
        tag = hdinsight_tag(cfg)
        routes.append(RouteSpec(f"{tag.replace('.', '-')}-to-internet", tag, "Internet", None))
    return tuple(routes)
