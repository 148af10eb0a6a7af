"""`ComputeSubnetProps(plan=...)`: the subnet's network written once; props that contradict the plan are refused."""

from __future__ import annotations

import pytest

from amlnet.constructs import ComputeSubnet, ComputeSubnetProps, PropsError
from amlnet.planning import ComputeNetworkPlan, plan_nsg_rules
from amlnet.providers import App, TerraformStack
from tests.conftest import synth_stack

PLAN = ComputeNetworkPlan(region="westeurope", compute_subnet_cidr="10.60.4.0/24", private_endpoint_cidrs=("10.60.5.0/24",),
                          firewall_private_ip="10.0.0.4")
BASE = dict(name="snet-ml", location="westeurope", resource_group_name="rg-ml", vnet_name="vnet-ml", vnet_resource_group_name="rg-ml")


def test_the_plan_gives_the_range_the_rules_and_the_routes():
    props = ComputeSubnetProps(**BASE, plan=PLAN)
    assert props.cidr == "10.60.4.0/24" and props.nsg_rules == PLAN.nsg_rules() and props.routes == PLAN.routes()
    stack = TerraformStack(App(), "plan")
    ComputeSubnet(stack, "compute", props)
    doc = synth_stack(stack)
    (subnet,) = doc["resource"]["azurerm_subnet"].values()
    assert subnet["address_prefixes"] == ["10.60.4.0/24"]
    (table,) = doc["resource"]["azurerm_route_table"].values()
    assert {"address_prefix": "0.0.0.0/0", "next_hop_in_ip_address": "10.0.0.4"}.items() <= {
        k: v for r in table["route"] if r["address_prefix"] == "0.0.0.0/0" for k, v in r.items()}.items()


@pytest.mark.parametrize(("extra", "message"), [
    ({"cidr": "10.60.9.0/24"}, "ComputeSubnetProps.cidr: '10.60.9.0/24', but plan.compute_subnet_cidr is '10.60.4.0/24'"),
    ({"nsg_rules": PLAN.nsg_rules()}, "ComputeSubnetProps.nsg_rules: given with `plan`, which plans them"),
    ({"firewall_private_ip": "10.0.0.5"}, "ComputeSubnetProps.firewall_private_ip: '10.0.0.5', but plan.firewall_private_ip is '10.0.0.4'"),
])
def test_props_that_contradict_the_plan_are_refused(extra, message):
    with pytest.raises(PropsError) as e:
        ComputeSubnetProps(**BASE, plan=PLAN, **extra)
    assert message in str(e.value)


def test_rules_planned_for_another_range_are_refused_without_a_plan():
    rules = plan_nsg_rules(PLAN.inputs, PLAN.placement)
    with pytest.raises(PropsError) as e:
        ComputeSubnetProps(**BASE, cidr="10.70.4.0/24", nsg_rules=rules)
    assert "ComputeSubnetProps.cidr: '10.70.4.0/24', but nsg_rules were planned for the subnet 10.60.4.0/24" in str(e.value)
    assert ComputeSubnetProps(**BASE, cidr="10.60.4.0/24", nsg_rules=rules).nsg_rules == rules
