"""`ComputeNetworkPlan`: the planners from construct-level values, no configuration; the same rules as the
configuration's planners for the same network; bad values refused with the field named."""

from __future__ import annotations

import pytest

from amlnet import planner
from amlnet.config import default_config
from amlnet.planning import FIREWALL_IP, ComputeNetworkPlan, PlanError


def _default_plan(**changes) -> ComputeNetworkPlan:
    cfg = default_config()
    kw = dict(region=cfg.region, compute_subnet_cidr=cfg.network.compute_subnet.cidr,
              private_endpoint_cidrs=(cfg.network.private_endpoint_subnet.cidr,), cloud=cfg.cloud.value,
              scenarios=tuple(s.value for s in cfg.scenarios), address_space=tuple(cfg.network.address_space),
              dns_servers=cfg.dns.servers, dns_proxy_cidr=cfg.network.firewall_subnet_cidr if cfg.firewall_is_vnet_dns else None)
    return ComputeNetworkPlan(**(kw | changes))


def test_same_rules_as_the_configuration_planners_for_the_same_network():
    cfg = default_config()
    plan = _default_plan()
    assert cfg.firewall_is_vnet_dns and plan.dns_proxy_cidr  # the default: DNS through the firewall's proxy
    assert plan.nsg_rules() == planner.plan_nsg_rules(cfg)
    assert plan.routes() == planner.plan_routes(cfg)
    assert plan.firewall_rules() == planner.plan_firewall_rules(cfg)
    assert any(r.next_hop_ip == FIREWALL_IP for r in plan.routes())  # the construct's firewall fills it


def test_a_known_firewall_ip_is_the_next_hop_and_scenarios_add_their_rules():
    plan = _default_plan(firewall_private_ip="10.0.0.4")
    assert [(r.address_prefix, r.next_hop_ip) for r in plan.routes() if r.address_prefix == "0.0.0.0/0"] == [("0.0.0.0/0", "10.0.0.4")]
    vscode = _default_plan(scenarios=("vscode",))
    hosts = {h for r in vscode.firewall_rules().application_rules for h in r.destination_fqdns}
    assert hosts - {h for r in _default_plan(scenarios=()).firewall_rules().application_rules for h in r.destination_fqdns}


@pytest.mark.parametrize(("changes", "message"), [
    ({"region": "mars"}, "ComputeNetworkPlan.region: unknown region 'mars'"),
    ({"region": "chinaeast2"}, "ComputeNetworkPlan.region: 'chinaeast2' is not a region of the public cloud"),
    ({"compute_subnet_cidr": "10.20.0.1/24"}, "ComputeNetworkPlan.compute_subnet_cidr: '10.20.0.1/24' is not an IPv4 network"),
    ({"compute_subnet_cidr": None, "address_space": ()}, "ComputeNetworkPlan.compute_subnet_cidr: None needs address_space"),
    ({"private_endpoint_cidrs": ("fd00::/64",)}, "ComputeNetworkPlan.private_endpoint_cidrs[0]: 'fd00::/64' is IPv6"),
    ({"scenarios": ("vs-code",)}, "ComputeNetworkPlan.scenarios[0]: unknown scenario 'vs-code'"),
    ({"firewall_private_ip": "8.8.8.8"}, "ComputeNetworkPlan.firewall_private_ip: '8.8.8.8' is not a private address"),
    ({"firewall_private_ip": "10.0.0.4", "egress": "nat-gateway"}, "is only used with egress='firewall'"),
    ({"egress": "proxy"}, "ComputeNetworkPlan.egress: 'proxy' is not one of firewall, nat-gateway, none"),
    ({"dns_servers": ("10.0.0.0x",)}, "ComputeNetworkPlan.dns_servers[0]: '10.0.0.0x' is not an IPv4 address"),
])
def test_bad_values_name_the_field_and_the_value(changes, message):
    with pytest.raises(PlanError) as e:
        _default_plan(**changes)
    assert message in str(e.value)
