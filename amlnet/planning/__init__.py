"""Rule planning: pure functions from narrow typed inputs (`PlanInputs`, `ComputePlacement`) and the
catalog to NSG rules, routes, firewall rules and DNS zones. No configuration, no cdktf import here:
`amlnet.planner` builds the inputs from a configuration and offers each planner with one;
`ComputeNetworkPlan` builds them from construct-level values for a stack composed by hand."""

from .compute_plan import ComputeNetworkPlan, PlanError
from .dns import ZonePlan, plan_zones
from .egress import fqdn_only_host_rules, hosts_needing_fqdn_rules, resolved_host_rules, resolved_tag_rules
from .firewall import ApplicationRuleSpec, FirewallPlan, NetworkRuleSpec, plan_firewall_rules
from .inputs import ExtraFqdns, ExtraNsgRule, PlanInputs
from .nsg import DENY_ALL_PRIORITY, GeneratedRule, NsgRuleSpec, merge_ports, plan_nsg_rules
from .placement import ComputePlacement
from .routes import FIREWALL_IP, RouteSpec, control_plane_lookups, control_plane_regions, plan_routes, service_tag_lookups

__all__ = [
    "ComputeNetworkPlan", "PlanError", "ApplicationRuleSpec", "DENY_ALL_PRIORITY", "FIREWALL_IP", "ExtraFqdns", "ExtraNsgRule", "FirewallPlan", "GeneratedRule",
    "NetworkRuleSpec", "NsgRuleSpec", "PlanInputs", "RouteSpec", "ZonePlan", "fqdn_only_host_rules", "hosts_needing_fqdn_rules",
    "merge_ports", "plan_firewall_rules", "plan_nsg_rules", "plan_routes", "plan_zones",
    "resolved_host_rules", "resolved_tag_rules", "ComputePlacement",
    "control_plane_regions", "control_plane_lookups", "service_tag_lookups",
]
