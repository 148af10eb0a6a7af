"""EgressFirewall: Azure Firewall and policy with the rules AML compute needs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from ..planning import ApplicationRuleSpec, FirewallPlan, NetworkRuleSpec
from ..planning.firewall import APPLICATION_COLLECTION_PRIORITY, NETWORK_COLLECTION_PRIORITY
from ..providers import (
    AzurermProvider,
    Construct,
    DataAzurermFirewallPolicy,
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
    MonitorDiagnosticSetting,
    PublicIp,
    Subnet,
)
from ._checks import (
    Overrides,
    check_choice,
    check_cidr,
    check_literals,
    check_name,
    check_overrides,
    check_range,
    check_resource_id,
    check_tags,
    fail,
    is_token,
)
from ._diagnostics import DiagnosticSettings
from ._public_ip import standard_public_ip

SkuTier = Literal["Standard", "Premium"]
"""Basic has no DNS proxy, which FQDNs in network rules need (Learn: https://learn.microsoft.com/azure/firewall/fqdn-filtering-network-rules)."""
ThreatIntelMode = Literal["Alert", "Deny", "Off"]
RuleAction = Literal["Allow", "Deny"]
COLLECTION_PRIORITIES = (100, 65000)
"""Rule collection (group) priorities Azure accepts (azurerm 4.55 firewall_policy_rule_collection_group: 100-65000)."""


@dataclass(frozen=True)
class EgressFirewallProps:
    """Props of `EgressFirewall`.

    Create mode (default): an `AzureFirewallSubnet` (`firewall_subnet_cidr`, /26 or larger) in the
    VNet, a Standard public IP, a firewall policy with DNS proxy on (FQDNs in network rules need it),
    the firewall, and one rule collection group with the planned rules.

    Existing mode (`existing_policy_id`, or `existing_policy_name` looked up in
    `existing_policy_resource_group_name`, and `existing_private_ip`): only the rule collection group,
    added to a policy you hold elsewhere (the hub of a hub-spoke landing zone). With `hub_provider`
    (an aliased azurerm provider for the hub subscription) the group and the lookup use it.
    """

    name: str
    """Stem of the names: `afw-<name>`, `afwp-<name>`, `pip-<name>` (override with `resource_names`)."""
    location: str
    """Region of the firewall, policy and public IP."""
    resource_group_name: str
    """Resource group of the firewall, policy and public IP."""
    plan: FirewallPlan
    """The rules (`plan_firewall_rules`); more with `add_firewall_rules`."""
    vnet_name: str | None = None
    """Create mode: the VNet that gets the AzureFirewallSubnet."""
    vnet_resource_group_name: str | None = None
    firewall_subnet_cidr: str | None = None
    """Create mode: IPv4 CIDR of AzureFirewallSubnet, /26 or larger (Learn: https://learn.microsoft.com/azure/firewall/firewall-faq#why-does-azure-firewall-need-a--26-subnet-size)."""
    sku_tier: SkuTier = "Standard"
    """Standard or Premium (Premium adds IDPS, set to Deny)."""
    threat_intel_mode: ThreatIntelMode = "Deny"
    """What the policy does with traffic to and from known-malicious addresses."""
    rule_collection_group_name: str | None = None
    """Name of the rule collection group (unique in the policy). Default `amlnet-<name>`, so two spokes
    composed into one hub policy get different groups; pin it to keep a name."""
    rule_collection_group_priority: int = 500
    """Priority of the group in the policy, 100-65000."""
    existing_policy_id: str | None = None
    """Existing mode: the policy's resource ID (Microsoft.Network/firewallPolicies)."""
    existing_policy_name: str | None = None
    """Existing mode: the policy's name, looked up (data source `azurerm_firewall_policy`)."""
    existing_policy_resource_group_name: str | None = None
    """The looked-up policy's resource group."""
    existing_private_ip: str | None = None
    """Existing mode: the firewall's private IP, the next hop of the compute subnets' default route."""
    hub_provider: AzurermProvider | None = None
    """Existing mode: the aliased provider of the hub subscription, for the rule collection group and the lookup."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Tags of the firewall, policy and public IP."""
    resource_names: Mapping[str, str] = field(default_factory=dict)
    """Name overrides by resource: `firewall`, `policy`, `public-ip`, `rules`."""
    resource_tags: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Extra tags by resource (`firewall`, `policy`, `public-ip`)."""

    NAMED: ClassVar[Mapping[str, str]] = {"firewall": "firewall", "policy": "firewall_policy", "public-ip": "public_ip",
                                          "rules": "firewall_rule_collection_group"}

    def __post_init__(self) -> None:
        check_literals(self)
        check_name(self, "resource_group_name", "resource_group", self.resource_group_name)
        check_choice(self, "sku_tier", self.sku_tier, SkuTier)
        check_choice(self, "threat_intel_mode", self.threat_intel_mode, ThreatIntelMode)
        if self.rule_collection_group_name is None:
            object.__setattr__(self, "rule_collection_group_name", f"amlnet-{self.name}")
        check_name(self, "rule_collection_group_name", "firewall_rule_collection_group", self.rule_collection_group_name)
        check_range(self, "rule_collection_group_priority", self.rule_collection_group_priority, *COLLECTION_PRIORITIES)
        check_tags(self, "tags", self.tags)
        check_overrides(self, self.NAMED, self.resource_names, self.resource_tags)
        existing = self.existing_policy_id or self.existing_policy_name
        if self.existing_policy_id and self.existing_policy_name:
            fail(self, "existing_policy_name", "set existing_policy_id or existing_policy_name, not both")
        if existing:
            if not self.existing_private_ip:
                fail(self, "existing_private_ip", "an existing policy needs existing_private_ip (the route's next hop)")
            parts = check_resource_id(self, "existing_policy_id", self.existing_policy_id, "Microsoft.Network/firewallPolicies")
            if self.existing_policy_name:
                check_name(self, "existing_policy_name", "firewall_policy", self.existing_policy_name)
                if not self.existing_policy_resource_group_name:
                    fail(self, "existing_policy_resource_group_name", f"existing_policy_name {self.existing_policy_name!r} needs its resource group")
                check_name(self, "existing_policy_resource_group_name", "resource_group", self.existing_policy_resource_group_name)
            if parts and self.hub_provider is not None:
                hub_sub = self.hub_provider.subscription_id
                if hub_sub and not is_token(hub_sub) and parts["subscription"].lower() != hub_sub.lower():
                    fail(self, "existing_policy_id", f"the policy {self.existing_policy_id!r} is in subscription {parts['subscription']}, "
                         f"but hub_provider {self.hub_provider.alias!r} is for subscription {hub_sub}")
        else:
            if self.hub_provider is not None:
                fail(self, "hub_provider", "only an existing (hub) policy takes the hub provider; this firewall is created in the spoke")
            for f in ("firewall_subnet_cidr", "vnet_name", "vnet_resource_group_name"):
                if not getattr(self, f):
                    fail(self, f, "creating a firewall needs firewall_subnet_cidr, vnet_name and vnet_resource_group_name "
                         "(or give existing_policy_id and existing_private_ip)")
            check_cidr(self, "firewall_subnet_cidr", self.firewall_subnet_cidr, max_prefix=26, what="AzureFirewallSubnet")
            check_name(self, "vnet_name", "virtual_network", self.vnet_name)
            check_name(self, "vnet_resource_group_name", "resource_group", self.vnet_resource_group_name)


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
        fw.add_firewall_rules("team-git", 300, network_rules=(NetworkRuleSpec(...),))
        fw.private_ip  # next hop of the compute subnet's 0.0.0.0/0 route
    """

    def __init__(self, scope: Construct, id: str, props: EgressFirewallProps) -> None:
        super().__init__(scope, id)
        self._props = props
        names = Overrides(props.resource_names, props.tags, props.resource_tags)
        self._subnet: Subnet | None = None
        self._public_ip: PublicIp | None = None
        self._policy: FirewallPolicy | None = None
        self._firewall: Firewall | None = None
        self._policy_lookup: DataAzurermFirewallPolicy | None = None
        self._diagnostics = DiagnosticSettings(self)

        if props.existing_policy_id or props.existing_policy_name:
            if props.existing_policy_name:
                self._policy_lookup = DataAzurermFirewallPolicy(
                    self, "policy-lookup", name=props.existing_policy_name,
                    resource_group_name=str(props.existing_policy_resource_group_name), provider=props.hub_provider,
                )
                self._policy_id: str = self._policy_lookup.id
            else:
                self._policy_id = str(props.existing_policy_id)
            self._private_ip: str = str(props.existing_private_ip)
        else:
            self._subnet = Subnet(
                self,
                "subnet",
                name="AzureFirewallSubnet",  # the name Azure requires
                resource_group_name=str(props.vnet_resource_group_name),
                virtual_network_name=str(props.vnet_name),
                address_prefixes=[str(props.firewall_subnet_cidr)],
            )
            self._public_ip = standard_public_ip(
                self, "public-ip", name=names.name("public-ip", f"pip-{props.name}"), location=props.location,
                resource_group_name=props.resource_group_name, tags=names.tags("public-ip") or {},
            )
            self._policy = FirewallPolicy(
                self,
                "policy",
                name=names.name("policy", f"afwp-{props.name}"),
                location=props.location,
                resource_group_name=props.resource_group_name,
                sku=props.sku_tier,
                threat_intelligence_mode=props.threat_intel_mode,
                dns=FirewallPolicyDns(proxy_enabled=True),
                # IDPS is a Premium feature: there it denies, not only alerts
                intrusion_detection=FirewallPolicyIntrusionDetection(mode="Deny") if props.sku_tier == "Premium" else None,
                tags=names.tags("policy"),
            )
            self._firewall = Firewall(
                self,
                "firewall",
                name=names.name("firewall", f"afw-{props.name}"),
                location=props.location,
                resource_group_name=props.resource_group_name,
                sku_name="AZFW_VNet",
                sku_tier=props.sku_tier,
                firewall_policy_id=self._policy.id,
                ip_configuration=[
                    FirewallIpConfiguration(name="ipconfig", subnet_id=self._subnet.id, public_ip_address_id=self._public_ip.id)
                ],
                tags=names.tags("firewall"),
            )
            self._policy_id = self._policy.id
            self._private_ip = self._firewall.ip_configuration.get(0).private_ip_address

        net = [network_rule(r) for r in props.plan.network_rules]
        app = [application_rule(r) for r in props.plan.application_rules]
        self._network_collections: list[FirewallPolicyRuleCollectionGroupNetworkRuleCollection] = []
        self._application_collections: list[FirewallPolicyRuleCollectionGroupApplicationRuleCollection] = []
        self._collection_priorities: dict[int, str] = {}
        if net:
            self._network_collections.append(FirewallPolicyRuleCollectionGroupNetworkRuleCollection(
                name="aml-network", priority=NETWORK_COLLECTION_PRIORITY, action="Allow", rule=net))
            self._collection_priorities[NETWORK_COLLECTION_PRIORITY] = "aml-network"
        if app:
            self._application_collections.append(FirewallPolicyRuleCollectionGroupApplicationRuleCollection(
                name="aml-application", priority=APPLICATION_COLLECTION_PRIORITY, action="Allow", rule=app))
            self._collection_priorities[APPLICATION_COLLECTION_PRIORITY] = "aml-application"
        self._rule_collection_group = FirewallPolicyRuleCollectionGroup(
            self,
            "rules",
            name=names.name("rules", props.rule_collection_group_name or f"amlnet-{props.name}"),
            firewall_policy_id=self._policy_id,
            priority=props.rule_collection_group_priority,
            network_rule_collection=list(self._network_collections) or None,
            application_rule_collection=list(self._application_collections) or None,
            # the group lives in the policy: in the hub's subscription when the policy is the hub's
            provider=props.hub_provider,
        )
        if self._firewall is not None:
            self._rule_collection_group.node.add_dependency(self._firewall)

    # --- escape hatches -------------------------------------------------------------------------
    def add_firewall_rules(
        self,
        collection_name: str,
        priority: int,
        *,
        action: RuleAction = "Allow",
        network_rules: Sequence[NetworkRuleSpec] = (),
        application_rules: Sequence[ApplicationRuleSpec] = (),
    ) -> None:
        """Add a rule collection to the construct's rule collection group: a network collection
        `<collection_name>` and/or an application collection `<collection_name>-app` (priority + 1).
        Priorities (100-65000) must be free in the group: amlnet's own collections hold 100 (network) and
        200 (application); a clash is a `PropsError` naming both collections."""
        if not (network_rules or application_rules):
            fail(self, "add_firewall_rules", f"collection {collection_name!r} has no rules")
        check_choice(self, "add_firewall_rules.action", action, RuleAction)
        wanted: list[tuple[str, int]] = []
        if network_rules:
            wanted.append((collection_name, priority))
        if application_rules:
            wanted.append((f"{collection_name}-app" if network_rules else collection_name, priority + 1 if network_rules else priority))
        taken_names = {n.lower() for n in self._collection_priorities.values()}
        for name, prio in wanted:
            check_range(self, "add_firewall_rules.priority", prio, *COLLECTION_PRIORITIES, why=f"collection {name!r}")
            if prio in self._collection_priorities:
                fail(self, "add_firewall_rules.priority",
                     f"collection {name!r} and collection {self._collection_priorities[prio]!r} both use priority {prio} in rule collection group "
                     f"{self._props.rule_collection_group_name!r}; priorities are unique per group")
            if name.lower() in taken_names:
                fail(self, "add_firewall_rules.collection_name", f"{name!r} is already a collection of this group")
        for where, rules in (("network_rules", network_rules), ("application_rules", application_rules)):
            seen: set[str] = set()
            for r in rules:
                if r.name.lower() in seen:
                    fail(self, f"add_firewall_rules.{where}", f"rule name {r.name!r} repeats in collection {collection_name!r}")
                seen.add(r.name.lower())
        for name, prio in wanted:
            self._collection_priorities[prio] = name
        if network_rules:
            self._network_collections.append(FirewallPolicyRuleCollectionGroupNetworkRuleCollection(
                name=wanted[0][0], priority=wanted[0][1], action=action, rule=[network_rule(r) for r in network_rules]))
            self._rule_collection_group.put_network_rule_collection(self._network_collections)
        if application_rules:
            name, prio = wanted[-1]
            self._application_collections.append(FirewallPolicyRuleCollectionGroupApplicationRuleCollection(
                name=name, priority=prio, action=action, rule=[application_rule(r) for r in application_rules]))
            self._rule_collection_group.put_application_rule_collection(self._application_collections)

    def add_diagnostic_settings(
        self,
        log_analytics_workspace_id: str,
        *,
        name: str = "diag-to-log-analytics",
        log_categories: Sequence[str] = (),
        log_category_groups: Sequence[str] = ("allLogs",),
        metrics: Sequence[str] = ("AllMetrics",),
    ) -> MonitorDiagnosticSetting:
        """Send the firewall's logs (default: every category) and metrics to a Log Analytics workspace.
        Only when this construct creates the firewall; at most 5 settings per resource."""
        if self._firewall is None:
            fail(self, "add_diagnostic_settings", "the firewall is not created here (existing policy): set its diagnostics where it lives")
        return self._diagnostics.add(
            "firewall", target="the firewall", target_resource_id=self._firewall.id, name=name,
            log_analytics_workspace_id=log_analytics_workspace_id, log_categories=log_categories,
            log_category_groups=log_category_groups, metrics=metrics,
        )

    # --- read-only attributes ---------------------------------------------------------------------
    @property
    def props(self) -> EgressFirewallProps:
        return self._props

    @property
    def subnet(self) -> Subnet | None:
        """AzureFirewallSubnet (create mode)."""
        return self._subnet

    @property
    def public_ip(self) -> PublicIp | None:
        return self._public_ip

    @property
    def policy(self) -> FirewallPolicy | None:
        return self._policy

    @property
    def policy_lookup(self) -> DataAzurermFirewallPolicy | None:
        return self._policy_lookup

    @property
    def firewall(self) -> Firewall | None:
        return self._firewall

    @property
    def firewall_id(self) -> str | None:
        return self._firewall.id if self._firewall is not None else None

    @property
    def rule_collection_group(self) -> FirewallPolicyRuleCollectionGroup:
        return self._rule_collection_group

    @property
    def diagnostic_settings(self) -> dict[str, MonitorDiagnosticSetting]:
        return dict(self._diagnostics.settings)

    @property
    def private_ip(self) -> str:
        """The firewall's private IP: the next hop of the compute subnets' default route."""
        return self._private_ip

    @property
    def policy_id(self) -> str:
        return self._policy_id
