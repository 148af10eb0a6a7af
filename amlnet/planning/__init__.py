"""Rule planning: pure functions from configuration and catalog to NSG rules, routes, firewall
rules and DNS zones. No cdktf import here."""

from .dns import ZonePlan, plan_zones
from .egress import fqdn_only_host_rules, hosts_needing_fqdn_rules, resolved_host_rules, resolved_tag_rules
from .firewall import ApplicationRuleSpec, FirewallPlan, NetworkRuleSpec, plan_firewall_rules
from .nsg import DENY_ALL_PRIORITY, NsgRuleSpec, merge_ports, plan_nsg_rules
from .placement import (
    ComputePlacement,
    inference_placement,
    peered_placement,
    placements_for,
    private_endpoint_placement,
    workspace_placement,
)
from .routes import FIREWALL_IP, RouteSpec, control_plane_lookups, control_plane_regions, plan_routes, service_tag_lookups

__all__ = [
    "ApplicationRuleSpec", "DENY_ALL_PRIORITY", "FIREWALL_IP", "FirewallPlan", "NetworkRuleSpec",
    "NsgRuleSpec", "RouteSpec", "ZonePlan", "fqdn_only_host_rules", "hosts_needing_fqdn_rules",
    "merge_ports", "plan_firewall_rules", "plan_nsg_rules", "plan_routes", "plan_zones",
    "resolved_host_rules", "resolved_tag_rules", "ComputePlacement", "inference_placement", "peered_placement", "placements_for",
    "private_endpoint_placement", "workspace_placement", "control_plane_regions", "control_plane_lookups", "service_tag_lookups",
]
