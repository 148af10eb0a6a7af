"""Hub in another subscription: the hub-side resources take the aliased provider `azurerm.hub`, nothing else does."""

import pytest

from amlnet.config import ConfigError
from amlnet.loading import parse_config
from tests.conftest import synth_stack

HUB_SUB = "11111111-1111-1111-1111-111111111111"
HUB = f"/subscriptions/{HUB_SUB}/resourceGroups/rg-hub/providers/Microsoft.Network"
SPOKE_VNET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke"


def hub_cfg(**over):
    data = {
        "stacks": ["secure-workspace", "peered-compute"],
        # the subscription comes from the hub VNet's ID; peered-compute's VNet is peered with it (issue 19, item 14)
        "hub": {"vnet_id": f"{HUB}/virtualNetworks/vnet-hub"},
        "network": {"existing_vnet_id": SPOKE_VNET, "address_space": ["10.60.0.0/16"],
                    "compute_subnet": {"name": "snet-ml", "cidr": "10.60.4.0/24"},
                    "private_endpoint_subnet": {"name": "snet-pe", "cidr": "10.60.5.0/24"}},
        "egress": {"firewall": {"existing": {"policy_id": f"{HUB}/firewallPolicies/afwp-hub", "private_ip": "10.0.0.4"}}},
        "dns": {"existing_zone_ids": {"api": f"{HUB}/privateDnsZones/privatelink.api.azureml.ms",
                                      "notebooks": f"{HUB}/privateDnsZones/privatelink.notebooks.azure.net"}},
    }
    data.update(over)
    return parse_config(data)


def synth(kind):
    from amlnet.providers import App
    from amlnet.stacks import STACKS

    cfg = hub_cfg()
    return synth_stack(STACKS[kind](App(), kind, cfg.for_stack(kind)))


@pytest.mark.parametrize("kind", ["secure-workspace", "peered-compute"])
def test_hub_resources_take_the_hub_provider_and_nothing_else_does(kind):
    doc = synth(kind)
    providers = doc["provider"]["azurerm"]
    hub = [p for p in providers if p.get("alias") == "hub"]
    assert len(hub) == 1 and hub[0]["subscription_id"] == HUB_SUB
    assert hub[0]["features"][0]["storage"] == [{"data_plane_available": False}]
    on_hub = {(rtype, name) for rtype, items in doc["resource"].items() for name, r in items.items() if r.get("provider") == "azurerm.hub"}
    hub_types = {t for t, _ in on_hub}
    # the hub side of the compute VNet's peering is a child of the hub VNet, so it takes the hub provider too
    peering = {"azurerm_virtual_network_peering"} if kind == "peered-compute" else set()
    assert hub_types == {"azurerm_firewall_policy_rule_collection_group", "azurerm_private_dns_zone_virtual_network_link", *peering}
    links = doc["resource"]["azurerm_private_dns_zone_virtual_network_link"]
    for name, link in links.items():
        # a link to a hub zone lies in the hub zone's resource group; links to the stack's own zones don't take the hub provider
        assert (link.get("provider") == "azurerm.hub") == (link["resource_group_name"] == "rg-hub"), name
    assert sum(1 for link in links.values() if link.get("provider") == "azurerm.hub") == (2 if kind == "secure-workspace" else 4)


def test_without_hub_no_alias():
    from amlnet.config import default_config
    from amlnet.providers import App
    from amlnet.stacks import SecureWorkspaceStack

    doc = synth_stack(SecureWorkspaceStack(App(), "secure-workspace", default_config()))
    assert len(doc["provider"]["azurerm"]) == 1
    assert not any("provider" in r for items in doc["resource"].values() for r in items.values())


@pytest.mark.parametrize("field, over", [
    ("dns.existing_zone_ids.api", {"dns": {"existing_zone_ids": {
        "api": "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-hub/providers/Microsoft.Network/privateDnsZones/privatelink.api.azureml.ms"}}}),
    ("egress.firewall.existing.policy_id", {"egress": {"firewall": {"existing": {
        "policy_id": "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/afwp",
        "private_ip": "10.0.0.4"}}}}),
])
def test_hub_resource_in_another_subscription_is_an_error_naming_both(field, over):
    with pytest.raises(ConfigError) as e:
        hub_cfg(**over)
    msg = str(e.value)
    assert field in msg and "22222222-2222-2222-2222-222222222222" in msg and HUB_SUB in msg


def test_hub_subscription_must_be_a_guid():
    with pytest.raises(ConfigError, match="hub.subscription_id.*not a GUID"):
        hub_cfg(hub={"subscription_id": "hub"})
