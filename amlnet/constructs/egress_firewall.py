"""EgressFirewall: Azure Firewall and policy with the rules AML compute needs."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..config import parse_resource_id
from ..planning import ApplicationRuleSpec, FirewallPlan, NetworkRuleSpec
from ..planning.firewall import APPLICATION_COLLECTION_PRIORITY, NETWORK_COLLECTION_PRIORITY
from ..providers import (
    Construct,
    Firewall,
    FirewallIpConfiguration,
    FirewallPolicy,
    FirewallPolicyDns,
    FirewallPolicyIntrusionDetection,
    FirewallPolicyRuleCollectionGroup,
    FirewallPolicyRuleCollectionGroupApplicationRuleCollection,
    FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRule,
    FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRuleProtocols,
    FirewallPolicyRuleCollectionGroupNetworkRuleCollection,
    FirewallPolicyRuleCollectionGroupNetworkRuleCollectionRule,
    PublicIp,
    Subnet,
)
from ._public_ip import standard_public_ip


@dataclass(frozen=True)
class EgressFirewallProps:
    """Props of `EgressFirewall`.

    Create mode (default): an `AzureFirewallSubnet` (`firewall_subnet_cidr`, /26 or larger) in the
    VNet, a Standard public IP, a firewall policy with DNS proxy on (FQDNs in network rules need it),
    the firewall, and one rule collection group with the planned rules.

    Existing mode (`existing_policy_id` and `existing_private_ip`): only the rule collection group,
    added to a policy you hold elsewhere (the hub of a hub-spoke landing zone).
    """

    name: str
    location: str
    resource_group_name: str
    plan: FirewallPlan
    vnet_name: str | None = None
    vnet_resource_group_name: str | None = None
    firewall_subnet_cidr: str | None = None
    sku_tier: str = "Standard"
    threat_intel_mode: str = "Deny"
    rule_collection_group_name: str = "amlnet"
    rule_collection_group_priority: int = 500
    existing_policy_id: str | None = None
    existing_private_ip: str | None = None
    tags: dict[str, str] = field(default_factory=dict)


def network_rule(r: NetworkRuleSpec) -> FirewallPolicyRuleCollectionGroupNetworkRuleCollectionRule:
    return FirewallPolicyRuleCollectionGroupNetworkRuleCollectionRule(
        name=r.name,
        description=r.description[:1000] or None,
        protocols=list(r.protocols),
        source_addresses=list(r.source_addresses),
        destination_addresses=list(r.destination_addresses) or None,
        destination_fqdns=list(r.destination_fqdns) or None,
        destination_ports=list(r.destination_ports),
    )


def application_rule(r: ApplicationRuleSpec) -> FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRule:
    return FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRule(
        name=r.name,
        description=r.description[:1000] or None,
        source_addresses=list(r.source_addresses),
        destination_fqdns=list(r.destination_fqdns),
        protocols=[FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRuleProtocols(type=t, port=p) for t, p in r.protocols],
    )


class EgressFirewall(Construct):
    """The egress firewall of AML compute: every outbound flow the catalog lists, nothing else.

    Example::

        fw = EgressFirewall(stack, "egress", EgressFirewallProps(
            name="afw-ml", location="eastus2", resource_group_name="rg-ml",
            plan=plan_firewall_rules(cfg), vnet_name=net.vnet_name,
            vnet_resource_group_name=net.vnet_resource_group_name,
            firewall_subnet_cidr="10.20.2.0/26"))
        fw.private_ip  # next hop of the compute subnet's 0.0.0.0/0 route
    """

    def __init__(self, scope: Construct, id: str, props: EgressFirewallProps) -> None:
        super().__init__(scope, id)
        self.props = props
        self.subnet: Subnet | None = None
        self.public_ip: PublicIp | None = None
        self.policy: FirewallPolicy | None = None
        self.firewall: Firewall | None = None

        if props.existing_policy_id:
            parse_resource_id(props.existing_policy_id, "Microsoft.Network/firewallPolicies")
            if not props.existing_private_ip:
                raise ValueError("EgressFirewallProps: existing_policy_id needs existing_private_ip (the route's next hop)")
            self._policy_id = props.existing_policy_id
            self._private_ip = props.existing_private_ip
        else:
            if not (props.firewall_subnet_cidr and props.vnet_name and props.vnet_resource_group_name):
                raise ValueError("EgressFirewallProps: creating a firewall needs firewall_subnet_cidr, vnet_name and vnet_resource_group_name")
            self.subnet = Subnet(
                self,
                "subnet",
                name="AzureFirewallSubnet",  # the name Azure requires
                resource_group_name=props.vnet_resource_group_name,
                virtual_network_name=props.vnet_name,
                address_prefixes=[props.firewall_subnet_cidr],
            )
            self.public_ip = standard_public_ip(
                self, "public-ip", name=f"pip-{props.name}", location=props.location,
                resource_group_name=props.resource_group_name, tags=props.tags,
            )
            self.policy = FirewallPolicy(
                self,
                "policy",
                name=f"afwp-{props.name}",
                location=props.location,
                resource_group_name=props.resource_group_name,
                sku=props.sku_tier,
                threat_intelligence_mode=props.threat_intel_mode,
                dns=FirewallPolicyDns(proxy_enabled=True),
                # IDPS is a Premium feature: there it denies, not only alerts
                intrusion_detection=FirewallPolicyIntrusionDetection(mode="Deny") if props.sku_tier == "Premium" else None,
                tags=props.tags or None,
            )
            self.firewall = Firewall(
                self,
                "firewall",
                name=f"afw-{props.name}",
                location=props.location,
                resource_group_name=props.resource_group_name,
                sku_name="AZFW_VNet",
                sku_tier=props.sku_tier,
                firewall_policy_id=self.policy.id,
                ip_configuration=[
                    FirewallIpConfiguration(name="ipconfig", subnet_id=self.subnet.id, public_ip_address_id=self.public_ip.id)
                ],
                tags=props.tags or None,
            )
            self._policy_id = self.policy.id
            self._private_ip = self.firewall.ip_configuration.get(0).private_ip_address

        net = [network_rule(r) for r in props.plan.network_rules]
        app = [application_rule(r) for r in props.plan.application_rules]
        self.rule_collection_group = FirewallPolicyRuleCollectionGroup(
            self,
            "rules",
            name=props.rule_collection_group_name,
            firewall_policy_id=self._policy_id,
            priority=props.rule_collection_group_priority,
            network_rule_collection=[
                FirewallPolicyRuleCollectionGroupNetworkRuleCollection(
                    name="aml-network", priority=NETWORK_COLLECTION_PRIORITY, action="Allow", rule=net
                )
            ]
            if net
            else None,
            application_rule_collection=[
                FirewallPolicyRuleCollectionGroupApplicationRuleCollection(
                    name="aml-application", priority=APPLICATION_COLLECTION_PRIORITY, action="Allow", rule=app
                )
            ]
            if app
            else None,
        )
        if self.firewall is not None:
            self.rule_collection_group.node.add_dependency(self.firewall)

    @property
    def private_ip(self) -> str:
        """The firewall's private IP: the next hop of the compute subnets' default route."""
        return self._private_ip

    @property
    def policy_id(self) -> str:
        return self._policy_id
