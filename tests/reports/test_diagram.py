"""`amlnet.reports.diagram`: a mermaid flowchart of every shipped stack (subnets with their ranges, private
endpoints, firewall, NAT, peerings, existing VNets), well formed and byte-stable; exact text for small
hand-written stacks; labels of any name escaped; and the module imports no CDK."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from dataclasses import dataclass, field

import pytest

from amlnet.reports.diagram import diagram, escape, nsg_summary, route_summary, safe_id
from amlnet.verify.nsg import Rule
from amlnet.verify.routing import Route
from tests.conftest import ROOT
from tests.synthesized import EXAMPLES, app_output

LABELS = ("default", *(p.name for p in EXAMPLES))

_OPEN = r'\["|\{\{"|\(\["|>"|\[\["|\[/"|\(\("|\[\("'
_CLOSE = r'"\]|"\}\}|"\]\)|"\]\]|"/\]|"\)\)|"\)\]'
NODE = re.compile(rf"^([A-Za-z0-9_]+)(?:{_OPEN})([^\"]*)(?:{_CLOSE})$")
SUBGRAPH = re.compile(r'^subgraph ([A-Za-z0-9_]+)\["([^"]*)"\]$')
EDGE = re.compile(r'^([A-Za-z0-9_]+) (---|-->|-\.->|-\.-|<-->)(?:\|"([^"]*)"\|)? ([A-Za-z0-9_]+)$')
STYLE = re.compile(r"^style ([A-Za-z0-9_]+) stroke-dasharray: 5 5$")


@dataclass
class Parsed:
    nodes: dict[str, list[str]] = field(default_factory=dict)  # id -> label lines
    parent: dict[str, str | None] = field(default_factory=dict)  # node or subgraph id -> enclosing subgraph
    subgraphs: dict[str, list[str]] = field(default_factory=dict)  # id -> title lines
    edges: list[tuple[str, str, str, str]] = field(default_factory=list)  # (from, arrow, text, to)
    dashed: set[str] = field(default_factory=set)

    def find(self, *first_line: str, within: str | None = None) -> list[str]:
        """Node IDs whose label's first line is one of `first_line` (given unescaped), in subgraph `within` if given."""
        return sorted(i for i, lines in self.nodes.items() if lines[0] in {escape(t) for t in first_line}
                      and (within is None or within in self.ancestors(i)))

    def ancestors(self, i: str) -> list[str]:
        out = []
        while (p := self.parent[i]) is not None:
            out.append(p)
            i = p
        return out

    def titled(self, title: str) -> list[str]:
        return sorted(i for i, lines in self.subgraphs.items() if lines[0] == escape(title))

    def linked(self, a: str, arrow: str | None = None, text: str | None = None) -> set[str]:
        """The other ends of the edges at `a` (of that arrow and text, when given)."""
        out = set()
        for f, arr, t, to in self.edges:
            if (arrow is None or arr == arrow) and (text is None or t == text) and a in (f, to):
                out.add(to if f == a else f)
        return out

    def vnet_of(self, node_id: str) -> list[str]:
        p = self.parent[node_id]
        return self.subgraphs[p] if p else []


def parse(text: str) -> Parsed:
    """The syntax sanity check: `flowchart LR`, then only node definitions, subgraphs and their `end`
    (balanced), edges and styles; every ID defined once; every edge and style names defined IDs; no raw
    `"` in any label."""
    lines = text.split("\n")
    assert lines[0] == "flowchart LR" and lines[-1] == "", lines[:1] + lines[-1:]
    out, stack = Parsed(), []
    for line in lines[1:-1]:
        s = line.strip()
        depth = 1 if EDGE.match(s) or STYLE.match(s) else len(stack) + (0 if s == "end" else 1)
        assert line == "  " * depth + s, f"indentation: {line!r}"
        if m := SUBGRAPH.match(s):
            assert m.group(1) not in out.parent, f"defined twice: {m.group(1)}"
            out.parent[m.group(1)] = stack[-1] if stack else None
            out.subgraphs[m.group(1)] = m.group(2).split("<br/>")
            stack.append(m.group(1))
        elif s == "end":
            assert stack, "an `end` without its subgraph"
            stack.pop()
        elif m := NODE.match(s):
            assert stack, f"a node outside every stack's subgraph: {s}"
            assert m.group(1) not in out.parent, f"defined twice: {m.group(1)}"
            out.parent[m.group(1)] = stack[-1]
            out.nodes[m.group(1)] = m.group(2).split("<br/>")
        elif m := EDGE.match(s):
            out.edges.append((m.group(1), m.group(2), m.group(3) or "", m.group(4)))
        elif m := STYLE.match(s):
            out.dashed.add(m.group(1))
        else:
            raise AssertionError(f"not a node, subgraph, end, edge or style: {line!r}")
    assert stack == [], f"subgraphs left open: {stack}"
    for f, _, _, to in out.edges:
        assert f in out.parent and to in out.parent, f"an edge to an undefined ID: {f} -> {to}"
    assert out.dashed <= set(out.parent)
    assert len(out.edges) == len(set(out.edges)), "an edge drawn twice"
    return out


def shipped(label: str) -> list[tuple[str, dict]]:
    return sorted(app_output(label).items())


def vnet_name(doc: dict, value: str) -> str:
    m = re.match(r"^\$\{azurerm_virtual_network\.([A-Za-z0-9_-]+)\.name\}$", value)
    return doc["resource"]["azurerm_virtual_network"][m.group(1)]["name"] if m else value


@pytest.mark.parametrize("label", LABELS)
def test_every_shipped_stack(label):
    stacks = shipped(label)
    text = diagram(stacks)
    assert text.startswith("flowchart LR\n")
    g = parse(text)
    assert diagram(stacks) == text
    assert diagram(list(reversed(stacks))) == text, "the order the stacks come in changed the text"
    for name, doc in stacks:
        res = doc["resource"]
        [sg] = g.titled(f"stack {name}")
        assert g.parent[sg] is None
        for v in res.get("azurerm_virtual_network", {}).values():
            assert [i for i, t in g.subgraphs.items() if t == [escape(f"VNet {v['name']}"), ", ".join(v["address_space"])] and g.parent[i] == sg]
        subnet_ids = {}
        for key, s in res.get("azurerm_subnet", {}).items():
            [sid] = [i for i in g.find(s["name"], within=sg) if g.nodes[i][1] == ", ".join(s["address_prefixes"])]
            subnet_ids[key] = sid
            vnet = vnet_name(doc, s["virtual_network_name"])
            assert g.vnet_of(sid)[0] in (escape(f"VNet {vnet}"), escape(f"existing VNet {vnet}")), (s["name"], g.vnet_of(sid))
            assert g.nodes[sid][2].startswith(("NSG in ", "no NSG"))
        for pe in res.get("azurerm_private_endpoint", {}).values():
            [pid] = g.find(f"private endpoint {pe['name']}", within=sg)
            assert g.nodes[pid][1] == ", ".join(pe["private_service_connection"]["subresource_names"])
            subnet_key = re.match(r"^\$\{azurerm_subnet\.(.+)\.id\}$", pe["subnet_id"]).group(1)
            assert g.linked(pid, "---") == {subnet_ids[subnet_key]}
        for fw in res.get("azurerm_firewall", {}).values():
            [fid] = g.find(f"Azure Firewall {fw['name']}", within=sg)
            assert any(g.nodes[i][0] == "Internet" for i in g.linked(fid, "-->"))
        for a in res.get("azurerm_subnet_route_table_association", {}).values():
            table = res["azurerm_route_table"][re.match(r"^\$\{azurerm_route_table\.(.+)\.id\}$", a["route_table_id"]).group(1)]
            hop = next((r["next_hop_in_ip_address"] for r in table["route"] if r["address_prefix"] == "0.0.0.0/0"), None)
            m = re.match(r"^\$\{azurerm_firewall\.([A-Za-z0-9_-]+)\.", hop or "")
            if m:
                sid = subnet_ids[re.match(r"^\$\{azurerm_subnet\.(.+)\.id\}$", a["subnet_id"]).group(1)]
                [fid] = g.find(f"Azure Firewall {res['azurerm_firewall'][m.group(1)]['name']}", within=sg)
                assert g.linked(sid, "-->", "0.0.0.0/0") == {fid}
        for rtype, kind in (("azurerm_machine_learning_compute_cluster", "compute cluster"), ("azurerm_kubernetes_cluster", "AKS")):
            for c in res.get(rtype, {}).values():
                assert len(g.find(f"{kind} {c['name']}", within=sg)) == 1
        assert len(g.find(*(f"workspace {w['name']}" for w in res["azurerm_machine_learning_workspace"].values()), within=sg)) == 1


def test_peered_compute_draws_one_peering_edge_between_its_vnets():
    stacks = dict(shipped("default"))
    g = parse(diagram([("peered-compute", stacks["peered-compute"])]))
    peerings = [(f, to) for f, arrow, text, to in g.edges if (arrow, text) == ("<-->", "peering")]
    assert len(peerings) == 1, "the two peering resources (one each way) are one edge"
    titles = sorted(g.subgraphs[i][0] for i in peerings[0])
    assert titles == ["VNet vnet-amlnetpc", "VNet vnet-amlnetpc-compute"]
    # the compute VNet's subnet leaves through the workspace VNet's firewall
    [compute] = [i for i in g.find("snet-aml-compute") if g.vnet_of(i)[0] == "VNet vnet-amlnetpc-compute"]
    [fw] = g.linked(compute, "-->", "0.0.0.0/0")
    assert g.nodes[fw][0] == "Azure Firewall afw-amlnetpc" and g.vnet_of(fw)[0] == "VNet vnet-amlnetpc"
    assert g.nodes[compute][3] == "0.0.0.0/0 -> afw-amlnetpc (VirtualAppliance)"


def test_nat_gateway_stacks_draw_the_nat_and_its_subnets():
    for name, doc in shipped("nat-gateway.json"):
        g = parse(diagram([(name, doc)]))
        nat_name = next(iter(doc["resource"]["azurerm_nat_gateway"].values()))["name"]
        [nat] = g.find(f"NAT gateway {nat_name}")
        subnets = {g.nodes[i][0] for i in g.linked(nat, "-->", "NAT")}
        assert "snet-aml-compute" in subnets, name
        assert len(subnets) == len(doc["resource"]["azurerm_subnet_nat_gateway_association"])
        assert [g.nodes[i][0] for i in g.linked(nat, "-->", "")] == ["Internet"]
        assert not [n for n in g.nodes.values() if n[0].startswith("Azure Firewall")]


def test_hub_spoke_draws_the_existing_spoke_vnet_the_hub_and_the_hub_firewall():
    [(name, doc)] = shipped("hub-spoke.yaml")
    g = parse(diagram([(name, doc)]))
    [spoke] = g.titled("existing VNet vnet-spoke1")
    assert spoke in g.dashed
    [compute] = g.find("snet-aml-compute")
    assert g.parent[compute] == spoke
    [hop] = g.linked(compute, "-->", "0.0.0.0/0")
    assert g.nodes[hop] == ["next hop 10.0.0.4", "outside this stack"] and hop in g.dashed
    [hub] = g.find("hub VNet vnet-hub")
    blob = g.find("private DNS zone privatelink.blob.core.windows.net")
    assert g.linked(blob[0], "-.-") == {hub, spoke}, "the zones the stack creates are linked to the spoke and the hub"
    [api] = g.find("existing private DNS zone privatelink.api.azureml.ms")
    assert api in g.dashed and g.linked(api, "-.-") == {spoke}


def test_workspace_placement():
    managed = dict(shipped("managed-network.yaml"))["managed-network"]
    g = parse(diagram([("m", managed)]))
    [ws] = g.find("workspace mlw-amlnet")
    assert g.nodes[ws][1] == "managed network AllowOnlyApprovedOutbound" and g.parent[ws] == "st_m"
    [pe] = g.find("private endpoint pe-workspace-amlnet")
    assert ws in g.linked(pe, "-.->")

    serverless = dict(shipped("default"))["serverless-no-public-ip"]
    g = parse(diagram([("s", serverless)]))
    [ws] = g.find("workspace mlw-amlnetsl")
    assert [g.nodes[i][0] for i in g.linked(ws, "---", "serverless compute")] == ["snet-aml-compute"]
    assert g.vnet_of(ws)[0] == "VNet vnet-amlnetsl"

    aks = dict(shipped("default"))["aks-inference"]
    g = parse(diagram([("a", aks)]))
    [cluster] = g.find("AKS aks-amlnetak")
    assert [g.nodes[i][0] for i in g.linked(cluster, "---")] == ["snet-aml-aks"]


MINIMAL = {"resource": {
    "azurerm_virtual_network": {"vnet": {"name": "vnet-min", "address_space": ["10.1.0.0/16"]}},
    "azurerm_subnet": {"work": {"name": "snet-work", "address_prefixes": ["10.1.2.0/24"],
                                "virtual_network_name": "${azurerm_virtual_network.vnet.name}"}},
    "azurerm_network_security_group": {"nsg": {"name": "nsg-work", "security_rule": [
        {"name": "deny-in", "priority": 4000, "direction": "Inbound", "access": "Deny", "protocol": "*"},
        {"name": "allow-ml", "priority": 100, "direction": "Outbound", "access": "Allow", "protocol": "Tcp",
         "destination_address_prefix": "AzureMachineLearning", "destination_port_range": "443"}]}},
    "azurerm_subnet_network_security_group_association": {"assoc": {
        "subnet_id": "${azurerm_subnet.work.id}", "network_security_group_id": "${azurerm_network_security_group.nsg.id}"}},
}}


def test_minimal_stack_exact_text():
    assert diagram([("minimal", MINIMAL)]) == """\
flowchart LR
  subgraph st_minimal["stack minimal"]
    subgraph st_minimal_vnet_vnet["VNet vnet-min<br/>10.1.0.0/16"]
      st_minimal_snet_work["snet-work<br/>10.1.2.0/24<br/>NSG in 0 allow/1 deny, out 1 allow/0 deny"]
    end
  end
"""


FIREWALLED = {"resource": {
    "azurerm_virtual_network": {"v": {"name": "vnet-fw", "address_space": ["10.0.0.0/16", "10.9.0.0/24"]}},
    "azurerm_subnet": {
        "fw": {"name": "AzureFirewallSubnet", "address_prefixes": ["10.0.3.0/26"], "virtual_network_name": "${azurerm_virtual_network.v.name}"},
        "pe": {"name": "snet-pe", "address_prefixes": ["10.0.2.0/24"], "virtual_network_name": "${azurerm_virtual_network.v.name}"},
        "work": {"name": "snet-work", "address_prefixes": ["10.0.1.0/24"], "virtual_network_name": "${azurerm_virtual_network.v.name}"}},
    "azurerm_firewall": {"afw": {"name": "afw-x", "sku_tier": "Premium", "ip_configuration": [{"subnet_id": "${azurerm_subnet.fw.id}"}]}},
    "azurerm_route_table": {"rt": {"name": "rt-work", "route": [
        {"name": "default", "address_prefix": "0.0.0.0/0", "next_hop_type": "VirtualAppliance",
         "next_hop_in_ip_address": "${azurerm_firewall.afw.ip_configuration[0].private_ip_address}"},
        {"name": "ml", "address_prefix": "AzureMachineLearning", "next_hop_type": "Internet"}]}},
    "azurerm_subnet_route_table_association": {"a": {"subnet_id": "${azurerm_subnet.work.id}", "route_table_id": "${azurerm_route_table.rt.id}"}},
    "azurerm_machine_learning_workspace": {"ws": {"name": "mlw-x"}},
    "azurerm_machine_learning_compute_cluster": {"cc": {"name": "cpu", "subnet_resource_id": "${azurerm_subnet.work.id}", "node_public_ip_enabled": False}},
    "azurerm_private_endpoint": {"pe": {"name": "pe-ws", "subnet_id": "${azurerm_subnet.pe.id}", "private_service_connection": {
        "private_connection_resource_id": "${azurerm_machine_learning_workspace.ws.id}", "subresource_names": ["amlworkspace"]}}},
    "azurerm_private_dns_zone": {"api": {"name": "privatelink.api.azureml.ms"}},
    "azurerm_private_dns_zone_virtual_network_link": {"l": {
        "name": "link", "private_dns_zone_name": "${azurerm_private_dns_zone.api.name}", "virtual_network_id": "${azurerm_virtual_network.v.id}"}},
}}


def test_firewalled_stack_exact_text():
    assert diagram([("fw", FIREWALLED)]) == """\
flowchart LR
  subgraph st_fw["stack fw"]
    st_fw_internet(("Internet"))
    st_fw_mlw_ws[["workspace mlw-x"]]
    st_fw_zone_api>"private DNS zone privatelink.api.azureml.ms"]
    subgraph st_fw_vnet_v["VNet vnet-fw<br/>10.0.0.0/16, 10.9.0.0/24"]
      st_fw_afw_afw{{"Azure Firewall afw-x<br/>Premium"}}
      st_fw_cluster_cc[/"compute cluster cpu<br/>no public IP"/]
      st_fw_pe_pe(["private endpoint pe-ws<br/>amlworkspace"])
      st_fw_snet_fw["AzureFirewallSubnet<br/>10.0.3.0/26<br/>no NSG"]
      st_fw_snet_pe["snet-pe<br/>10.0.2.0/24<br/>no NSG"]
      st_fw_snet_work["snet-work<br/>10.0.1.0/24<br/>no NSG<br/>0.0.0.0/0 -> afw-x (VirtualAppliance), +1 route"]
    end
  end
  st_fw_afw_afw --- st_fw_snet_fw
  st_fw_afw_afw --> st_fw_internet
  st_fw_cluster_cc --- st_fw_snet_work
  st_fw_pe_pe --- st_fw_snet_pe
  st_fw_pe_pe -.-> st_fw_mlw_ws
  st_fw_snet_work -->|"0.0.0.0/0"| st_fw_afw_afw
  st_fw_zone_api -.- st_fw_vnet_v
"""


HUB_ID = "/subscriptions/0000/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"
OTHER_SUBNET = "/subscriptions/0000/resourceGroups/rg-x/providers/Microsoft.Network/virtualNetworks/vnet-other/subnets/snet-other"
EXISTING = {
    "data": {"azurerm_virtual_network": {"spoke": {"name": "vnet-spoke", "resource_group_name": "rg"}},
             "azurerm_subnet": {"pe": {"name": "snet-pe", "virtual_network_name": "vnet-spoke", "resource_group_name": "rg"}}},
    "resource": {
        "azurerm_subnet": {"work": {"name": "snet-work", "address_prefixes": ["10.5.1.0/24"],
                                    "virtual_network_name": "${data.azurerm_virtual_network.spoke.name}"}},
        "azurerm_virtual_network_peering": {"to-hub": {"name": "spoke-to-hub", "virtual_network_name": "${data.azurerm_virtual_network.spoke.name}",
                                                       "remote_virtual_network_id": HUB_ID}},
        "azurerm_private_endpoint": {"pe": {"name": "pe-kv", "subnet_id": "${data.azurerm_subnet.pe.id}",
                                            "private_service_connection": [{"subresource_names": ["vault"]}]}},
        "azurerm_machine_learning_compute_instance": {"ci": {"name": "ci-1", "subnet_resource_id": OTHER_SUBNET}},
        "azurerm_private_dns_zone_virtual_network_link": {  # linked before the peering is read: still the one hub node
            "a-hub": {"name": "hub", "private_dns_zone_name": "privatelink.vaultcore.azure.net", "virtual_network_id": HUB_ID},
            "b-spoke": {"name": "spoke", "private_dns_zone_name": "privatelink.vaultcore.azure.net",
                        "virtual_network_id": "${data.azurerm_virtual_network.spoke.id}"}},
    },
}


def test_existing_vnets_from_data_sources_and_ids_and_a_literal_peering():
    g = parse(diagram([("existing", EXISTING)]))
    [spoke] = g.titled("existing VNet vnet-spoke")
    assert spoke in g.dashed and g.subgraphs[spoke] == ["existing VNet vnet-spoke"]
    [work] = g.find("snet-work")
    [pe_subnet] = g.find("existing subnet snet-pe")
    assert g.nodes[pe_subnet] == ["existing subnet snet-pe"], "no NSG summary: the stack does not know the subnet's own NSG"
    assert g.parent[work] == g.parent[pe_subnet] == spoke, "a data subnet named by its VNet's literal name is in the data VNet"
    assert pe_subnet in g.dashed and work not in g.dashed
    [pe] = g.find("private endpoint pe-kv")
    assert g.nodes[pe][1] == "vault" and g.linked(pe) == {pe_subnet} and g.parent[pe] == spoke
    [hub] = g.find("hub VNet vnet-hub")
    assert g.nodes[hub] == ["hub VNet vnet-hub", "outside this stack"] and hub in g.dashed
    assert g.linked(spoke, "<-->", "peering") == {hub}
    [zone] = g.find("existing private DNS zone privatelink.vaultcore.azure.net")
    assert g.linked(zone, "-.-") == {hub, spoke} and zone in g.dashed
    [other] = g.titled("existing VNet vnet-other")
    [ci] = g.find("compute instance ci-1")
    [ci_subnet] = g.linked(ci, "---")
    assert g.nodes[ci_subnet] == ["existing subnet snet-other"] and g.parent[ci] == g.parent[ci_subnet] == other


NASTY = 'a "quoted" #name; <b>bold</b> & `tick`\nend |pipe| -->'


def test_labels_of_any_name_are_escaped():
    doc = {"resource": {
        "azurerm_virtual_network": {"end": {"name": NASTY, "address_space": ["10.0.0.0/16"]}},
        "azurerm_subnet": {"a-b": {"name": NASTY, "address_prefixes": ["10.0.1.0/24"], "virtual_network_name": "${azurerm_virtual_network.end.name}"},
                           "a_b": {"name": "#quot;", "address_prefixes": ["10.0.2.0/24"], "virtual_network_name": "${azurerm_virtual_network.end.name}"}},
    }}
    text = diagram([(NASTY, doc), ("x", {"resource": {}})])
    g = parse(text)
    assert escape(NASTY) == "a #quot;quoted#quot; #35;name; #lt;b>bold#lt;/b> #amp; #96;tick#96; end |pipe| -->"
    assert len(g.find(NASTY)) == 1 and len(g.titled(f"VNet {NASTY}")) == 1 and len(g.titled(f"stack {NASTY}")) == 1
    assert g.find("#quot;") and "#35;quot;" in text, "a name that looks like an entity code stays as written"
    ids = [i for i in g.parent if i.startswith("st_a__quoted")]
    assert len(ids) == 4 and len(set(ids)) == 4, ids  # the stack, its VNet, and the two subnets `a-b` and `a_b`
    assert all(re.fullmatch(r"[A-Za-z0-9_]+", i) for i in g.parent)


def test_ids_stay_unique_when_names_meet():
    text = diagram([("x-y", MINIMAL), ("x_y", MINIMAL)])
    g = parse(text)
    assert sorted(g.titled("stack x-y") + g.titled("stack x_y")) == ["st_x_y", "st_x_y_2"]
    assert len(g.find("snet-work")) == 2


def test_summaries():
    rules = [Rule("a", 100, "Inbound", "Allow", "*", ("*",), ("*",), ("*",)),
             Rule("b", 200, "Inbound", "Deny", "*", ("*",), ("*",), ("*",)),
             Rule("c", 300, "Outbound", "Deny", "*", ("*",), ("*",), ("*",))]
    assert nsg_summary(rules, True) == "NSG in 1 allow/1 deny, out 0 allow/1 deny"
    assert nsg_summary([], True) == "NSG in 0 allow/0 deny, out 0 allow/0 deny"
    assert nsg_summary([], False) == "no NSG"
    default = Route("d", "0.0.0.0/0", "VirtualAppliance", "10.0.3.4")
    tag = Route("t", "AzureMachineLearning", "Internet")
    assert route_summary([default], {}) == "0.0.0.0/0 -> 10.0.3.4 (VirtualAppliance)"
    assert route_summary([tag, default, tag], {}) == "0.0.0.0/0 -> 10.0.3.4 (VirtualAppliance), +2 routes"
    assert route_summary([tag], {}) == "1 route"
    assert route_summary([], {}) == ""
    assert route_summary([Route("n", "0.0.0.0/0", "None")], {}) == "0.0.0.0/0 -> None"
    via_fw = Route("d", "0.0.0.0/0", "VirtualAppliance", "${azurerm_firewall.f.ip_configuration[0].private_ip_address}")
    assert route_summary([via_fw], {"azurerm_firewall.f": "afw"}) == "0.0.0.0/0 -> afw (VirtualAppliance)"
    assert safe_id("secure-workspace.x/y") == "secure_workspace_x_y"


def test_module_is_pure_and_short():
    path = ROOT / "amlnet" / "reports" / "diagram.py"
    source = path.read_text()
    assert source.count("\n") < 400
    imported = set()
    for n in ast.walk(ast.parse(source)):
        if isinstance(n, ast.ImportFrom):
            imported.add(("." * n.level) + (n.module or ""))
        elif isinstance(n, ast.Import):
            imported |= {a.name for a in n.names}
    assert {m for m in imported if m.startswith(".")} <= {"..verify.document", "..verify.nsg", "..verify.routing", "..verify.views"}
    code = "import sys, amlnet.reports.diagram; print('\\n'.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    bad = ("cdktf", "cdktn", "jsii", "constructs", "amlnet.providers", "amlnet.constructs", "amlnet.stacks")
    assert [m for m in loaded if m.startswith(bad)] == []
