from amlnet.loading import parse_config
from amlnet.planner import plan_routes, plan_zones
from amlnet.planning import FIREWALL_IP

SUB = "00000000-0000-0000-0000-000000000000"


def test_firewall_mode_routes_everything_to_the_firewall(default_cfg):
    (r,) = plan_routes(default_cfg)
    assert (r.address_prefix, r.next_hop_type, r.next_hop_ip) == ("0.0.0.0/0", "VirtualAppliance", FIREWALL_IP)


def test_existing_firewall_ip_is_the_next_hop():
    pid = f"/subscriptions/{SUB}/resourceGroups/hub/providers/Microsoft.Network/firewallPolicies/p"
    hub = f"/subscriptions/{SUB}/resourceGroups/hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"
    # the VNets this configuration creates are peered with the hub that holds the firewall (issue 19, item 14)
    cfg = parse_config({"egress": {"firewall": {"existing": {"policy_id": pid, "private_ip": "10.0.0.4"}}}, "hub": {"vnet_id": hub}})
    assert plan_routes(cfg)[0].next_hop_ip == "10.0.0.4"


def test_nat_and_none_have_no_routes():
    assert plan_routes(parse_config({"stacks": ["secure-workspace"], "egress": {"mode": "none"}})) == ()
    assert plan_routes(parse_config({"egress": {"mode": "nat-gateway", "nat_allow_unfiltered_https": True}})) == ()


def test_zones_created_or_reused():
    zid = f"/subscriptions/{SUB}/resourceGroups/hub/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net"
    zones = {z.key: z for z in plan_zones(parse_config({"dns": {"existing_zone_ids": {"blob": zid}}}))}
    assert zones["blob"].existing_id == zid
    assert zones["api"].existing_id is None and zones["api"].zone_name == "privatelink.api.azureml.ms"
    assert len(zones) == 9
