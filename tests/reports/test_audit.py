"""`amlnet.reports.audit`: a brownfield network, as Azure exports it, against what AML needs. The main fixture is
amlnet's own compute NSG converted from the synthesized default stack to the REST shape `az network nsg show` prints;
tests/fixtures/audit holds hand-written exports (NetworkSecurityGroups_Get example shape, az's flattened shape, ARM)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from amlnet.config import default_config
from amlnet.reports.audit import SCHEMA, AuditReport, audit, render_json, render_text
from amlnet.reports.audit_export import AuditInputError, load_exports
from tests.synthesized import app_output

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "audit"
CFG = default_config()
REQ: dict[str, Any] = {"cloud": CFG.cloud, "regions": [CFG.region], "scenarios": CFG.scenarios}
SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-aml/providers/Microsoft.Network"
COMPUTE_SUBNET = f"{SUB}/virtualNetworks/vnet-amlnet/subnets/snet-aml-compute"
FIREWALL_IP = "10.20.2.4"


# --- converters: Terraform JSON of the synthesized stack -> what Azure's REST API returns for it ---------------

def rest_rule(tf: dict[str, Any]) -> dict[str, Any]:
    """Terraform's `destination_port_ranges` is REST's `destinationPortRanges`, and so on for every field."""
    props = {k.split("_")[0] + "".join(w.capitalize() for w in k.split("_")[1:]): v for k, v in tf.items() if v is not None and k != "name"}
    return {"name": tf["name"], "properties": {"provisioningState": "Succeeded", **props}}


def rest_nsg(tf: dict[str, Any]) -> dict[str, Any]:
    return {"name": tf["name"], "id": f"{SUB}/networkSecurityGroups/{tf['name']}", "type": "Microsoft.Network/networkSecurityGroups",
            "properties": {"securityRules": [rest_rule(r) for r in tf["security_rule"]], "subnets": [{"id": COMPUTE_SUBNET}]}}


def rest_route_table(tf: dict[str, Any]) -> dict[str, Any]:
    # the next hop is a Terraform reference to the firewall's address: a literal one here, as Azure reports it
    routes = [{"name": r["name"], "properties": {"addressPrefix": r["address_prefix"], "nextHopType": r["next_hop_type"],
                                                 **({"nextHopIpAddress": FIREWALL_IP} if r["next_hop_type"] == "VirtualAppliance" else {})}}
              for r in tf["route"]]
    return {"name": tf["name"], "properties": {"routes": routes, "subnets": [{"id": COMPUTE_SUBNET}]}}


def rest_rule_collection_group(tf: dict[str, Any]) -> dict[str, Any]:
    def net(r: dict[str, Any]) -> dict[str, Any]:
        return {"ruleType": "NetworkRule", "name": r["name"], "ipProtocols": r["protocols"], "sourceAddresses": r.get("source_addresses") or [],
                "destinationAddresses": r.get("destination_addresses") or [], "destinationFqdns": r.get("destination_fqdns") or [],
                "destinationPorts": r["destination_ports"]}

    def app(r: dict[str, Any]) -> dict[str, Any]:
        return {"ruleType": "ApplicationRule", "name": r["name"], "sourceAddresses": r.get("source_addresses") or [],
                "targetFqdns": r.get("destination_fqdns") or [], "protocols": [{"protocolType": p["type"], "port": p["port"]} for p in r["protocols"]]}

    cols = [{"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": c["name"], "priority": c["priority"], "action": {"type": c["action"]},
             "rules": [conv(r) for r in c["rule"]]} for key, conv in (("network_rule_collection", net), ("application_rule_collection", app))
            for c in tf.get(key, [])]
    return {"name": tf["name"], "properties": {"priority": tf["priority"], "ruleCollections": cols}}


def flatten(doc: Any) -> Any:
    """az's shape: every `properties` object merged into its parent."""
    if isinstance(doc, list):
        return [flatten(x) for x in doc]
    merged = {**{k: v for k, v in doc.items() if k != "properties"}, **(doc.get("properties") or {})} if isinstance(doc, dict) else None
    return doc if merged is None else {k: flatten(v) for k, v in merged.items()}


@pytest.fixture(scope="module")
def stack() -> dict[str, Any]:
    return app_output("default")["secure-workspace"]["resource"]


@pytest.fixture(scope="module")
def own_nsg(stack: dict[str, Any]) -> dict[str, Any]:
    (tf,) = stack["azurerm_network_security_group"].values()
    return rest_nsg(tf)


def write(tmp_path: Path, name: str, data: Any) -> str:
    (tmp_path / name).write_text(data if isinstance(data, str) else json.dumps(data, indent=1))
    return str(tmp_path / name)


def run(tmp_path: Path, nsg: Any, routes: Any = None, rcg: Any = None, **kw: Any) -> AuditReport:
    n, t, c = load_exports([write(tmp_path, "nsg.json", nsg)], [write(tmp_path, "rt.json", routes)] if routes else [],
                           [write(tmp_path, "rcg.json", rcg)] if rcg else [])
    return audit(n, t, c, **{**REQ, **kw})


def rules_of(nsg: dict[str, Any]) -> Any:
    return nsg["properties"]["securityRules"]


# --- amlnet's own compute NSG ---------------------------------------------------------------------------------

def test_own_compute_nsg_has_no_missing_flow(tmp_path: Path, own_nsg: dict[str, Any]) -> None:
    rep = run(tmp_path, own_nsg)
    assert rep.checked > 30 and rep.missing == ()
    assert rep.scenarios == ("azure-monitor", "compute", "python-packages", "studio")
    # no Internet inbound allow, any-any rule or global tag where a regional one suffices
    assert [f for f in rep.excess if ": rule " in f.subject] == []


def test_own_stack_with_its_route_table_and_firewall_is_clean(tmp_path: Path, stack: dict[str, Any], own_nsg: dict[str, Any]) -> None:
    (rt,) = stack["azurerm_route_table"].values()
    groups = [rest_rule_collection_group(g) for g in stack["azurerm_firewall_policy_rule_collection_group"].values()]
    pe = [p for s in stack["azurerm_subnet"].values() if "private-endpoint" in s["name"] for p in s["address_prefixes"]]
    rep = run(tmp_path, own_nsg, rest_route_table(rt), groups, pe_prefixes=pe, firewall_ip=FIREWALL_IP)
    assert rep.clean(), render_text(rep)
    assert rep.findings == () and rep.checked > 30
    # the firewall decides internet-bound flows: the arbitrary-host probe is denied there
    wrong_ip = run(tmp_path, own_nsg, rest_route_table(rt), groups, pe_prefixes=pe, firewall_ip="10.99.0.4")
    assert any(f.subject == "route table rt-snet-aml-compute: route default-to-firewall" for f in wrong_ip.excess)


def test_removing_the_udp_5831_rule_reports_that_flow_missing(tmp_path: Path, own_nsg: dict[str, Any]) -> None:
    nsg = copy.deepcopy(own_nsg)
    (udp,) = [r for r in rules_of(nsg) if r["properties"]["protocol"] == "Udp" and r["properties"].get("destinationPortRange") == "5831"]
    rules_of(nsg).remove(udp)
    deny = next(r for r in rules_of(nsg) if r["properties"]["access"] == "Deny" and r["properties"]["direction"] == "Outbound")
    rep = run(tmp_path, nsg)
    missing = {f.subject: f for f in rep.missing}
    f = missing["nsg-snet-aml-compute: outbound AzureMachineLearning UDP/5831"]
    assert f.rule == f"{deny['name']} ({deny['properties']['priority']})" == "DenyAllOutbound (4096)"
    assert "AML needs this flow" in f.detail and "NSG DenyAllOutbound (4096)" in f.detail
    assert all("UDP/5831" in s for s in missing)  # nothing else went missing
    assert "DenyAllOutbound (4096)" in render_text(rep)


def test_default_rules_decide_when_no_rule_matches(tmp_path: Path, own_nsg: dict[str, Any]) -> None:
    """Without the NSG's own deny-all, Azure's AllowInternetOutBound (65001) lets everything out."""
    nsg = copy.deepcopy(own_nsg)
    nsg["properties"]["securityRules"] = [r for r in rules_of(nsg) if r["properties"]["access"] != "Deny"]
    rep = run(tmp_path, nsg)
    assert rep.missing == ()
    assert {f.subject: f.rule for f in rep.excess}["nsg-snet-aml-compute: an arbitrary internet address TCP/22"] == "default AllowInternetOutBound (65001)"


def test_public_ip_compute_inbound_is_checked(tmp_path: Path, own_nsg: dict[str, Any]) -> None:
    rep = run(tmp_path, own_nsg, scenarios=[*CFG.scenarios, "public-ip-compute"])
    inbound = {f.subject: f.rule for f in rep.missing if ": inbound " in f.subject}
    assert inbound["nsg-snet-aml-compute: inbound from AzureMachineLearning TCP/44224"] == "DenyInternetInbound (4096)"


def test_an_internet_inbound_allow_is_reported_as_excess(tmp_path: Path, own_nsg: dict[str, Any]) -> None:
    nsg = copy.deepcopy(own_nsg)
    rules_of(nsg).append({"name": "AllowSshFromInternet", "properties": {
        "priority": 300, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "sourcePortRange": "*",
        "sourceAddressPrefix": "Internet", "destinationAddressPrefix": "*", "destinationPortRange": "22"}})
    rep = run(tmp_path, nsg)
    by_rule = {f.subject: f.detail for f in rep.excess if f.rule == "AllowSshFromInternet (300)"}
    assert "from the Internet" in by_rule["nsg-snet-aml-compute: rule AllowSshFromInternet"]
    assert "nsg-snet-aml-compute: inbound from the internet TCP/22" in by_rule  # the exposure probe, same deciding rule
    assert rep.missing == () and not rep.clean()


def test_broad_rules_and_global_tags_are_excess(tmp_path: Path, own_nsg: dict[str, Any]) -> None:
    nsg = copy.deepcopy(own_nsg)
    for r in rules_of(nsg):
        if r["properties"].get("destinationAddressPrefix") == "Storage.EastUS2":
            r["properties"]["destinationAddressPrefix"] = "Storage"
    rules_of(nsg).append({"name": "AllowAnything", "properties": {
        "priority": 250, "direction": "Outbound", "access": "Allow", "protocol": "*",
        "sourceAddressPrefix": "*", "destinationAddressPrefix": "*", "destinationPortRange": "*"}})
    rep = run(tmp_path, nsg, regions=["eastus2", "westeurope"])
    details = {f.rule: f.detail for f in rep.excess if ": rule " in f.subject}
    assert "Storage.EastUS2 / Storage.WestEurope suffices" in details["AllowOutStorageEastUS2Tcp (150)"]
    assert details["AllowAnything (250)"].startswith("allows any source and any destination and any port")
    assert rep.missing == ()  # `Storage` still carries Storage.EastUS2


# --- the static fixtures ---------------------------------------------------------------------------------------

def test_microsoft_example_nsg_parses_and_gives_findings(tmp_path: Path) -> None:
    nsgs, _, _ = load_exports([FIX / "NetworkSecurityGroupGet.json"])
    (n,) = nsgs
    assert (n.name, [r.name for r in n.rules], n.subnet_prefixes) == ("testnsg", ["rule1"], ())
    rep = audit(nsgs, (), (), "public", ["eastus2"], [])
    assert rep.missing == ()  # with only Azure's defaults (and rule1) everything leaves for the internet
    rules = {f.subject: f.rule for f in rep.excess}
    assert rules["testnsg: an arbitrary internet address TCP/22"] == rules["testnsg: an arbitrary internet DNS server UDP/53"] == (
        "default AllowInternetOutBound (65001)")
    assert {f.detail.split(":")[0] for f in rep.excess if f.subject == "testnsg: rule rule1"} == {
        "allows inbound traffic from the Internet", "allows any source and any destination"}
    assert any("taken as VirtualNetwork" in note for note in rep.notes)
    doc = json.loads(render_json(rep))
    assert doc["schema"] == SCHEMA == "amlnet.audit/v1" and doc["excess"] == len(rep.excess) and doc["clean"] is False
    assert doc["findings"][0].keys() == {"kind", "subject", "rule", "detail"}
    bare = run(tmp_path, {"name": "bare", "properties": {"securityRules": []}})  # an empty list: Azure's defaults only
    assert bare.missing == () and any(f.rule == "default AllowInternetOutBound (65001)" for f in bare.excess)


def test_static_compute_nsg_export(tmp_path: Path) -> None:
    (n,), _, _ = load_exports([FIX / "compute-nsg.rest.json"])
    assert n.subnet_prefixes == ("10.20.0.0/24",) and n.subnet_ids == ("vnet-amlnet/snet-aml-compute",)
    listed = json.loads((FIX / "compute-nsg.rest.json").read_text())["properties"]
    assert len(listed["defaultSecurityRules"]) == 6 and len(n.rules) == len(listed["securityRules"]) == 16
    assert not any(r.priority >= 65000 for r in n.rules)  # Azure's defaults are applied by the evaluator, not listed
    udp = next(r for r in n.rules if r.name == "AllowOutAzureMachineLearningUdp")
    assert (udp.priority, udp.direction, udp.protocol, udp.sources, udp.destinations, udp.ports) == (
        120, "Outbound", "Udp", ("10.20.0.0/24",), ("AzureMachineLearning",), ("5831",))


def test_flattened_az_shape_parses_the_same_as_the_rest_shape(tmp_path: Path, own_nsg: dict[str, Any]) -> None:
    for doc in (json.loads((FIX / "compute-nsg.rest.json").read_text()), own_nsg):
        rest = load_exports([write(tmp_path, "rest.json", doc)])[0]
        flat = load_exports([write(tmp_path, "flat.json", flatten(doc))])[0]
        assert [(n.name, n.rules, n.subnet_ids, n.subnet_prefixes) for n in rest] == [(n.name, n.rules, n.subnet_ids, n.subnet_prefixes) for n in flat]
    rt = json.loads((FIX / "route-table.az.json").read_text())
    nested = {"name": rt["name"], "properties": {"routes": [{"name": r["name"], "properties": r} for r in rt["routes"]], "subnets": rt["subnets"]}}
    t_flat = load_exports([FIX / "compute-nsg.rest.json"], [FIX / "route-table.az.json"])[1]
    t_rest = load_exports([FIX / "compute-nsg.rest.json"], [write(tmp_path, "rt.json", nested)])[1]
    assert [(t.routes, t.subnet_ids) for t in t_flat] == [(t.routes, t.subnet_ids) for t in t_rest]
    assert t_flat[0].routes[0].next_hop_ip == FIREWALL_IP


def test_firewall_rule_collection_groups_from_az_list() -> None:
    nsgs, tables, cols = load_exports([FIX / "compute-nsg.rest.json"], [FIX / "route-table.az.json"], [FIX / "rule-collection-groups.az.json"])
    assert [(c.name, c.kind, c.group_priority, c.priority, len(c.rules)) for c in cols] == [
        ("aml-network", "network", 500, 100, 3), ("aml-application", "application", 500, 200, 1)]  # the DNAT collection is left out
    rep = audit(nsgs, tables, cols, **REQ)
    missing = {f.subject: f.rule for f in rep.missing}
    assert missing["nsg-snet-aml-compute: outbound AzureActiveDirectory TCP/443"] == "firewall: no rule matches (default deny)"
    assert "nsg-snet-aml-compute: outbound AzureMachineLearning UDP/5831" not in missing  # aml-udp allows it
    assert "nsg-snet-aml-compute: outbound pypi.org TCP/443" not in missing  # the pypi application rule
    (glob,) = [f for f in rep.excess if f.subject.startswith("firewall rule")]
    assert glob.subject == "firewall rule aml-network/storage-any-region" and "Storage.EastUS2" in glob.detail


def test_arm_template_export() -> None:
    template = FIX / "legacy-network.template.json"
    nsgs, tables, _ = load_exports([template], [template])
    (n,), (t,) = nsgs, tables
    assert n.name == "nsg-legacy-ml" and n.subnet_prefixes == ("10.50.1.0/24",) and n.vnet_prefixes == ("10.50.0.0/16",)
    assert [r.name for r in n.rules] == ["AllowAmlOut", "AllowStorageOut", "AllowSshFromInternet", "DenyAllOutbound", "AllowBatchOut"]
    assert t.subnet_ids == n.subnet_ids == ("vnet-legacy/snet-ml",)
    rep = audit(nsgs, tables, (), **REQ)
    missing = {f.subject: f.rule for f in rep.missing}
    assert missing["nsg-legacy-ml: outbound AzureMachineLearning UDP/5831"] == "DenyAllOutbound (4000)"
    assert "nsg-legacy-ml: outbound BatchNodeManagement.EastUS2 TCP/443" not in missing
    excess = {(f.subject, f.rule): f.detail for f in rep.excess}
    assert "Storage.EastUS2 suffices" in excess[("nsg-legacy-ml: rule AllowStorageOut", "AllowStorageOut (110)")]
    assert ("nsg-legacy-ml: rule AllowSshFromInternet", "AllowSshFromInternet (300)") in excess
    assert ("route table rt-legacy-ml: route everything-out", "route everything-out (0.0.0.0/0 -> Internet)") in excess
    # the 0.0.0.0/0 route puts every address in the VirtualNetwork tag, so AllowVnetInBound admits the internet
    assert "VirtualNetwork tag" in excess[("nsg-legacy-ml: inbound from the internet TCP/8787", "default AllowVnetInBound (65000)")]
    text = render_text(rep)
    assert text.startswith("amlnet audit: cloud public; regions eastus2; scenarios azure-monitor, compute, python-packages, studio\n")
    assert "MISSING (AML needs it" in text and "EXCESS (open beyond" in text
    assert "  nsg-legacy-ml: outbound AzureMachineLearning UDP/5831\n    rule:   DenyAllOutbound (4000)\n" in text


@pytest.mark.parametrize("route, firewall_ip, expected", [
    ({"addressPrefix": "0.0.0.0/0", "nextHopType": "Internet"}, None, "sends all other traffic to the internet, past the firewall"),
    ({"addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.9.9.9"}, FIREWALL_IP, "not the firewall at 10.20.2.4"),
    ({"addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualNetworkGateway"}, None, "not a VirtualAppliance (the firewall)"),
    ({"addressPrefix": "10.30.0.0/16", "nextHopType": "VnetLocal"}, None, "leaves by the system route to the Internet, past the firewall"),
    ({"addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance", "nextHopIpAddress": FIREWALL_IP}, FIREWALL_IP, None),
])
def test_routes_that_bypass_the_firewall(tmp_path: Path, route: dict[str, Any], firewall_ip: str | None, expected: str | None) -> None:
    table = {"name": "rt1", "properties": {"routes": [{"name": "r1", "properties": route}]}}
    nsgs, tables, cols = load_exports([FIX / "compute-nsg.rest.json"], [write(tmp_path, "rt.json", table)], [FIX / "rule-collection-groups.az.json"])
    found = [f.detail for f in audit(nsgs, tables, cols, **REQ, firewall_ip=firewall_ip).excess if f.subject.startswith("route table rt1")]
    assert found == [] if expected is None else (len(found) == 1 and expected in found[0])


# --- bad input: one error class, naming the file and what is wrong ----------------------------------------------

def _nsg_with(**props: Any) -> dict[str, Any]:
    base = {"priority": 100, "direction": "Outbound", "access": "Allow", "protocol": "Tcp",
            "sourceAddressPrefix": "*", "destinationAddressPrefix": "Storage.EastUS2", "destinationPortRange": "443"}
    base.update(props)
    return {"name": "nsg1", "properties": {"securityRules": [{"name": "r1", "properties": {k: v for k, v in base.items() if v is not ...}}]}}


JUNK = [
    ("list-of-numbers", [1, 2, 3], "item 0: expected an object, got int"),
    ("empty-list", [], "an empty list"),
    ("a-string", "\"just text\"", "top level: expected an object, got a string"),
    ("not-json", "{\"name\": ", "not JSON"),
    ("binary", "\udcff", "not JSON"),
    ("not-an-nsg", {"name": "x", "location": "eastus2"}, "no network security group found (found: unrecognised)"),
    ("route-table-as-nsg", {"name": "rt", "properties": {"routes": []}}, "no network security group found (found: routeTables)"),
    ("nsg-without-rules", {"name": "nsg1", "type": "Microsoft.Network/networkSecurityGroups", "properties": {}},
     "NSG 'nsg1': neither 'securityRules' nor 'defaultSecurityRules'"),
    ("rules-not-a-list", {"name": "nsg1", "properties": {"securityRules": {"r1": {}}}}, "'securityRules' must be a list, got an object"),
    ("rule-not-an-object", {"name": "nsg1", "properties": {"securityRules": ["AllowAll"]}}, "rule: expected an object, got a string"),
    ("nameless-nsg", {"properties": {"securityRules": []}}, "no 'name'"),
    ("no-priority", _nsg_with(priority=...), "rule 'r1': 'priority' must be an integer, got nothing"),
    ("priority-text", _nsg_with(priority="high"), "'priority' must be an integer, got a string"),
    ("priority-bool", _nsg_with(priority=True), "'priority' must be an integer, got a boolean"),
    ("bad-direction", _nsg_with(direction="Sideways"), "'direction' is 'Sideways', expected one of Inbound, Outbound"),
    ("bad-access", _nsg_with(access=1), "'access' must be a string, got int"),
    ("no-destination", _nsg_with(destinationAddressPrefix=...), "no destinationAddressPrefix(es) or destinationApplicationSecurityGroups"),
    ("port-name", _nsg_with(destinationPortRange="https"), "port 'https' is not"),
    ("port-too-big", _nsg_with(destinationPortRange="70000"), "port '70000' is not"),
    ("no-ports", _nsg_with(destinationPortRange=...), "no destinationPortRange(s)"),
    ("ports-a-string", _nsg_with(destinationPortRanges="443,80"), "'destinationPortRanges' must be a list of strings, got a string"),
    ("subnets-wrong", {"name": "nsg1", "properties": {"securityRules": [], "subnets": "snet1"}}, "'subnets' must be a list"),
]


@pytest.mark.parametrize("name, content, message", JUNK, ids=[j[0] for j in JUNK])
def test_junk_nsg_exports_raise_audit_input_error(tmp_path: Path, name: str, content: Any, message: str) -> None:
    path = tmp_path / f"{name}.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape") if isinstance(content, str) else json.dumps(content).encode())
    with pytest.raises(AuditInputError) as e:
        load_exports([path])
    assert str(e.value).startswith(f"{path}: ") and message in str(e.value)


def _rcg(priority: Any = 100, **collection: Any) -> dict[str, Any]:
    c = {"name": "c", "priority": 1, "action": {"type": "Allow"}, "ruleCollectionType": "FirewallPolicyFilterRuleCollection", "rules": [], **collection}
    return {"name": "g", "properties": {"priority": priority, "ruleCollections": [{k: v for k, v in c.items() if v is not ...}]}}


@pytest.mark.parametrize("kind, content, message", [
    ("route", {"name": "rt", "properties": {"routes": [{"name": "r", "properties": {"addressPrefix": "0.0.0.0/0", "nextHopType": "Firewall"}}]}},
     "route table 'rt' route 'r': 'nextHopType' is 'Firewall', expected one of"),
    ("route", {"name": "rt", "properties": {"routes": [{"name": "r", "properties": {"nextHopType": "Internet"}}]}}, "no 'addressPrefix'"),
    ("route", {"name": "nsg", "properties": {"securityRules": []}}, "no route table found (found: networkSecurityGroups)"),
    ("rcg", _rcg(action=...), "collection 'c' action: expected an object, got null"),
    ("rcg", _rcg(priority="first"), "'priority' must be an integer"),
    ("rcg", _rcg(rules=[{"name": "x", "ruleType": "WebRule"}]), "'ruleType' is 'WebRule'"),
    ("rcg", _rcg(rules=[{"name": "x", "ruleType": "ApplicationRule", "protocols": [{"protocolType": "Https", "port": "any"}]}]),
     "'port' must be an integer"),
    ("template", {"$schema": "x", "resources": [{"type": "Microsoft.Network/networkSecurityGroups/securityRules", "name": "nsg9/r1",
                                                  "properties": {}}]}, "its network security group 'nsg9' is not in the template"),
])
def test_junk_route_firewall_and_template_exports(tmp_path: Path, kind: str, content: Any, message: str) -> None:
    path = write(tmp_path, f"bad-{kind}.json", content)
    nsg = str(FIX / "compute-nsg.rest.json")
    args = {"route": ([nsg], [path], []), "rcg": ([nsg], [], [path]), "template": ([path], [], [])}[kind]
    with pytest.raises(AuditInputError) as e:
        load_exports(*args)
    assert str(e.value).startswith(f"{path}: ") and message in str(e.value)


def test_missing_file_and_bad_requirement(tmp_path: Path) -> None:
    with pytest.raises(AuditInputError, match=r"nope\.json: cannot read"):
        load_exports([tmp_path / "nope.json"])
    with pytest.raises(AuditInputError, match="no network security group to audit"):
        load_exports([])
    nsgs = load_exports([FIX / "compute-nsg.rest.json"])[0]
    for bad, match in (({"regions": ["mars"]}, "unknown cloud, region or scenario"), ({"scenarios": ["mining"]}, "unknown"),
                       ({"regions": ["usgovvirginia"]}, "not in cloud public"), ({"regions": []}, "no region given")):
        with pytest.raises(AuditInputError, match=match):
            audit(nsgs, (), (), **{**REQ, **bad})


def _mutations(doc: Any, path: tuple[Any, ...] = ()) -> Any:
    """Every way to break one value of `doc`: delete it, or put a value of another type in its place."""
    items = doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    for k, v in items:
        yield (*path, k), ...
        junks: tuple[Any, ...] = (None, 7, "x", [], {}, True, [None])
        for junk in junks:
            if junk != v:
                yield (*path, k), junk
        yield from _mutations(v, (*path, k))


def _apply(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    out = target = copy.deepcopy(doc)
    *head, last = path
    for k in head:
        target = target[k]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return out


@pytest.mark.parametrize("fixture, slot", [("NetworkSecurityGroupGet.json", 0), ("legacy-network.template.json", 0),
                                           ("route-table.az.json", 1), ("rule-collection-groups.az.json", 2)])
def test_any_single_corruption_is_read_or_refused_never_a_traceback(tmp_path: Path, fixture: str, slot: int) -> None:
    doc = json.loads((FIX / fixture).read_text())
    nsg = str(FIX / "compute-nsg.rest.json")
    refused, seen = 0, set()
    for path, value in _mutations(doc):
        f = write(tmp_path, "mutated.json", _apply(doc, path, value))
        files: list[list[str]] = [[nsg], [], []]
        files[slot] = [f]
        try:
            nsgs, tables, cols = load_exports(*files)
        except AuditInputError as e:
            assert str(e).startswith(f"{f}: ") or "no network security group to audit" in str(e)
            refused += 1
            continue
        if repr((nsgs, tables, cols)) not in seen:  # what was read must also evaluate without a traceback
            seen.add(repr((nsgs, tables, cols)))
            audit(nsgs, tables, cols, **REQ)
    assert refused > 10
