"""Construct props of the wrong type are a PropsError naming the prop and the value (issue 21), not an
AttributeError or a jsii TypeError later."""

from __future__ import annotations

import pytest

from amlnet.constructs import PropsError
from amlnet.constructs.compute_subnet import ComputeSubnetProps

GOOD = dict(name="snet-aml-compute", location="eastus2", resource_group_name="rg-ml", vnet_name="vnet-ml",
            vnet_resource_group_name="rg-ml", nsg_rules=(), cidr="10.20.0.0/24")


@pytest.mark.parametrize("change, message", [
    ({"location": ["eastus2"]}, "ComputeSubnetProps.location: ['eastus2']: expected a string (got list)"),
    ({"resource_group_name": None}, "ComputeSubnetProps.resource_group_name: None: expected a string (got NoneType)"),
    ({"cidr": 167772160}, "ComputeSubnetProps.cidr: 167772160: expected a string (got int)"),
    ({"nsg_rules": ({"name": "AllowOut", "priority": 100},)}, "ComputeSubnetProps.nsg_rules: ({'name': 'AllowOut', 'priority': 100},): item 0: expected a NsgRuleSpec (got dict)"),
    ({"tags": ["managed-by"]}, "ComputeSubnetProps.tags: ['managed-by']: expected a mapping (got list)"),
])
def test_a_prop_of_the_wrong_type_is_refused(change, message):
    with pytest.raises(PropsError) as e:
        ComputeSubnetProps(**{**GOOD, **change})
    assert str(e.value).startswith(message), str(e.value)


def test_the_right_types_pass():
    assert ComputeSubnetProps(**GOOD).cidr == "10.20.0.0/24"
