from amlnet.constructs import PrivateDnsZones, PrivateDnsZonesProps
from amlnet.loading import parse_config
from amlnet.planner import plan_zones
from amlnet.providers import App, TerraformStack
from tests.conftest import resources, synth_stack

HUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hub-dns/providers/Microsoft.Network/privateDnsZones/"


def build(cfg, **over):
    stack = TerraformStack(App(), "t")
    props = dict(resource_group_name="rg", zones=plan_zones(cfg), vnet_links={"workload": "vnet-id"})
    props.update(over)
    dns = PrivateDnsZones(stack, "dns", PrivateDnsZonesProps(**props))
    return dns, synth_stack(stack)


def test_every_zone_created_and_linked(default_cfg):
    dns, doc = build(default_cfg)
    names = sorted(z["name"] for z in resources(doc, "azurerm_private_dns_zone").values())
    assert "privatelink.api.azureml.ms" in names and "privatelink.notebooks.azure.net" in names and len(names) == 9
    links = resources(doc, "azurerm_private_dns_zone_virtual_network_link").values()
    assert len(links) == 9
    assert all(link["virtual_network_id"] == "vnet-id" and link["registration_enabled"] is False for link in links)
    assert set(dns.zone_ids) == {"api", "notebooks", "blob", "file", "queue", "table", "dfs", "vault", "registry"}


def test_existing_zones_are_reused_and_linked_in_their_resource_group():
    cfg = parse_config({"dns": {"existing_zone_ids": {"api": HUB + "privatelink.api.azureml.ms", "notebooks": HUB + "privatelink.notebooks.azure.net"}}})
    dns, doc = build(cfg)
    names = {z["name"] for z in resources(doc, "azurerm_private_dns_zone").values()}
    assert "privatelink.api.azureml.ms" not in names and len(names) == 7
    hub_links = [link for link in resources(doc, "azurerm_private_dns_zone_virtual_network_link").values() if link["resource_group_name"] == "hub-dns"]
    assert sorted(link["private_dns_zone_name"] for link in hub_links) == ["privatelink.api.azureml.ms", "privatelink.notebooks.azure.net"]
    assert dns.zone_ids["api"] == HUB + "privatelink.api.azureml.ms"


def test_existing_zones_without_links():
    cfg = parse_config({"dns": {"existing_zone_ids": {"api": HUB + "privatelink.api.azureml.ms"}, "link_existing_zones": False}})
    _, doc = build(cfg, link_existing_zones=cfg.dns.link_existing_zones)
    assert len(resources(doc, "azurerm_private_dns_zone_virtual_network_link")) == 8


def test_china_zone_names():
    _, doc = build(parse_config({"cloud": "china", "region": "chinanorth3"}))
    names = {z["name"] for z in resources(doc, "azurerm_private_dns_zone").values()}
    assert {"privatelink.api.ml.azure.cn", "privatelink.notebooks.chinacloudapi.cn", "privatelink.azurecr.cn"} <= names
