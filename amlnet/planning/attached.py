"""NSG rules and routes of the attach subnet (VMs and HDInsight clusters attached as compute). Pure, no cdktf:
`amlnet.planner` offers them with a configuration.

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

from ..attach_rules import SSH_PORT, SSH_SOURCE
from ..catalog import Region
from ..catalog import region as lookup_region
from ..catalog.service_tags import require_tag, tag_exists
from .inputs import PlanInputs
from .nsg import DENY_ALL_PRIORITY, GeneratedRule, NsgRuleSpec, _deny, _unprioritized
from .placement import ComputePlacement
from .routes import FIREWALL_IP, RouteSpec, control_plane_regions


def hdinsight_tag(reg: Region) -> str:
    """`HDInsight.<Region>` when the cloud publishes it for `reg`, else the global `HDInsight`."""
    regional = f"HDInsight.{reg.tag_suffix}"
    return regional if tag_exists(reg.cloud, regional) else require_tag(reg.cloud, "HDInsight")


def plan_attached_nsg_rules(inp: PlanInputs, pl: ComputePlacement, kinds: tuple[str, ...]) -> tuple[NsgRuleSpec, ...]:
    """Every rule of the attach subnet's NSG (`pl`: the attach subnet's placement): SSH from AzureMachineLearning,
    HDInsight management (with `hdinsight` in `kinds`), the compute subnet's outbound, the user's extra rules,
    DenyInternetInbound and DenyAllOutbound."""
    assert pl.subnet_cidr is not None
    me = (pl.subnet_cidr,)
    rules: list[GeneratedRule] = [GeneratedRule(
        name="AllowInSshFromAzureMachineLearning", direction="Inbound", access="Allow", protocol="Tcp",
        source_prefixes=(SSH_SOURCE,), destination_prefixes=me, destination_ports=(str(SSH_PORT),),
        description="[seed 003: VM or HDInsight cluster] Azure Machine Learning reaches attached compute over SSH.",
    )]
    if "hdinsight" in kinds:
        rules.append(GeneratedRule(
            name="AllowInHDInsightManagementTcp", direction="Inbound", access="Allow", protocol="Tcp",
            source_prefixes=(hdinsight_tag(inp.region),), destination_prefixes=me, destination_ports=("443",),
            description="[Learn: hdinsight/control-network-traffic] HDInsight health and management services.",
        ))
    rules.extend(r for r in _unprioritized(inp, pl) if r.direction == "Outbound")
    out: list[NsgRuleSpec] = []
    prio = inp.nsg_priority_start
    for r in rules:
        out.append(r.at(prio))
        prio += inp.nsg_priority_step
    for x in inp.nsg_extra_rules:
        out.append(NsgRuleSpec(name=x.name, priority=x.priority, direction=x.direction, access=x.access, protocol=x.protocol,
                               source_prefixes=(x.source,), destination_prefixes=(x.destination,), destination_ports=tuple(x.ports),
                               description="User-supplied rule (nsg.extra_rules)."))
    out.append(_deny("DenyInternetInbound", "Inbound", "Internet",
                     "Only AzureMachineLearning (SSH) comes in from outside the VNet; deny the rest of the Internet explicitly."))
    out.append(_deny("DenyAllOutbound", "Outbound", "*", "Closes the subnet to every destination the rules above do not list."))
    assert all(r.priority <= DENY_ALL_PRIORITY for r in out)
    return tuple(sorted(out, key=lambda r: (r.direction, r.priority)))


def plan_attached_routes(inp: PlanInputs, pl: ComputePlacement, kinds: tuple[str, ...]) -> tuple[RouteSpec, ...]:
    """With a firewall: 0.0.0.0/0 to it, and the tags that open connections to attached compute
    (AzureMachineLearning of the region and its pair; HDInsight with `hdinsight`) to Internet, so replies
    leave the way the connection came (seed 000, public-IP compute routes). Other modes: no routes."""
    if pl.egress_mode != "firewall":
        return ()
    routes = [RouteSpec("default-to-firewall", "0.0.0.0/0", "VirtualAppliance", inp.hub_firewall_ip or FIREWALL_IP)]
    for name in control_plane_regions(pl):
        reg = lookup_region(name)
        routes.append(RouteSpec(f"{SSH_SOURCE}-{reg.tag_suffix}-to-internet",
                                require_tag(reg.cloud, f"{SSH_SOURCE}.{reg.tag_suffix}"), "Internet", None))
    if "hdinsight" in kinds:
        tag = hdinsight_tag(inp.region)
        routes.append(RouteSpec(f"{tag.replace('.', '-')}-to-internet", tag, "Internet", None))
    return tuple(routes)
