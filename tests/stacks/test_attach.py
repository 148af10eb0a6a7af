"""attached_compute (VM/HDInsight attach subnet) and databricks (two delegated subnets): configuration
errors, construct props errors, the synthesized stack (snapshot and rules), and `amlnet verify`."""

from __future__ import annotations

import json

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from amlnet.config import ConfigError
from amlnet.constructs import AttachedComputeSubnet, AttachedComputeSubnetProps, DatabricksSubnetsProps, PropsError
from amlnet.loading import load_config, parse_config
from amlnet.planner import plan_attached_nsg_rules, plan_attached_routes
from amlnet.providers import App, TerraformStack
from amlnet.verify import Document, verify_document
from tests.conftest import ROOT, resources
from tests.stacks.test_secure_workspace import scrub
from tests.synthesized import app_output

EXAMPLE = "attached-compute-databricks.yaml"
ATTACH = {"subnet": {"name": "snet-aml-attached", "cidr": "10.20.5.0/24"}, "kinds": ["vm"]}
DBW = {"host_subnet": {"name": "snet-dbw-host", "cidr": "10.20.6.0/26"},
       "container_subnet": {"name": "snet-dbw-container", "cidr": "10.20.6.64/26"}}


@pytest.fixture(scope="module")
def doc() -> dict:
    return app_output(EXAMPLE)["secure-workspace"]


def _named(doc: dict, rtype: str, name: str) -> dict:
    hits = [b for b in resources(doc, rtype).values() if b.get("name") == name]
    assert len(hits) == 1, (rtype, name)
    return hits[0]


# --- configuration --------------------------------------------------------------------------------

@pytest.mark.parametrize("data, message", [
    ({"attached_compute": {**ATTACH, "subnet": {"name": "snet-aml-attached", "cidr": "10.20.0.128/25"}}},
     "attached_compute.subnet.cidr: 10.20.0.128/25 overlaps network.compute_subnet.cidr: 10.20.0.0/24"),
    ({"attached_compute": {**ATTACH, "subnet": {"name": "snet-aml-attached", "cidr": "10.99.0.0/24"}}},
     "attached_compute.subnet.cidr: 10.99.0.0/24 is outside network.address_space (10.20.0.0/16)"),
    ({"attached_compute": ATTACH, "nsg": {"extra_rules": [{"name": "SshFromOffice", "priority": 3000, "direction": "Inbound",
      "access": "Allow", "protocol": "Tcp", "source": "203.0.113.0/24", "destination": "*", "ports": ["22"]}]}},
     "nsg.extra_rules[0]: rule 'SshFromOffice' opens SSH (TCP 22) to '203.0.113.0/24'"),
    ({"attached_compute": ATTACH, "nsg": {"extra_rules": [{"name": "WebFromInternet", "priority": 3000, "direction": "Inbound",
      "access": "Allow", "protocol": "Tcp", "source": "Internet", "destination": "*", "ports": ["8080"]}]}},
     "nsg.extra_rules[0]: rule 'WebFromInternet' admits 'Internet' inbound on 8080"),
    ({"attached_compute": {**ATTACH, "kinds": ["vm", "aks"]}}, "attached_compute.kinds.1"),
    ({"attached_compute": {**ATTACH, "kinds": []}}, "attached_compute.kinds"),
    ({"databricks": {**DBW, "host_subnet": {"name": "snet-dbw-host", "cidr": "10.20.6.0/27"}}},
     "databricks.host_subnet.cidr: 10.20.6.0/27 is a /27; Azure Databricks needs /26 or larger"),
    ({"databricks": {**DBW, "container_subnet": {"name": "snet-dbw-container", "cidr": "10.20.6.0/26"}}},
     "databricks.host_subnet.cidr: 10.20.6.0/26 overlaps databricks.container_subnet.cidr: 10.20.6.0/26"),
    ({"databricks": {"host_subnet": DBW["host_subnet"]}}, "databricks.container_subnet"),
    ({"databricks": {**DBW, "container_subnet": {"name": "snet-dbw-host", "cidr": "10.20.6.64/26"}}},
     "databricks.container_subnet.name: 'snet-dbw-host' is also the host subnet's name"),
    ({"databricks": {**DBW, "host_subnet": {"name": "snet-aml-compute", "cidr": "10.20.6.0/26"}}},
     "databricks.host_subnet.name: 'snet-aml-compute' is already the name of network.compute_subnet.name"),
    ({"databricks": DBW, "stacks": ["peered-compute"]}, "databricks: the subnets go into the secure-workspace stack's VNet"),
])
def test_bad_configurations(data, message):
    with pytest.raises(ConfigError) as e:
        parse_config(data)
    assert message in str(e.value)


def test_ssh_from_azure_machine_learning_in_extra_rules_is_fine():
    cfg = parse_config({"attached_compute": ATTACH, "nsg": {"extra_rules": [{"name": "SshAml", "priority": 3000, "direction": "Inbound",
                        "access": "Allow", "protocol": "Tcp", "source": "AzureMachineLearning", "destination": "*", "ports": ["22"]}]}})
    assert any(r.name == "SshAml" for r in plan_attached_nsg_rules(cfg))
    regional = parse_config({"attached_compute": ATTACH, "nsg": {"extra_rules": [{"name": "SshAmlRegion", "priority": 3000,
                             "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "source": "AzureMachineLearning.EastUS2",
                             "destination": "*", "ports": ["22"]}]}})
    assert any(r.name == "SshAmlRegion" for r in plan_attached_nsg_rules(regional))


# --- planning -------------------------------------------------------------------------------------

def test_attached_rules_vm_only():
    cfg = parse_config({"attached_compute": ATTACH})
    rules = {r.name: r for r in plan_attached_nsg_rules(cfg)}
    ssh = rules["AllowInSshFromAzureMachineLearning"]
    assert (ssh.direction, ssh.access, ssh.protocol, ssh.source_prefixes, ssh.destination_ports) == (
        "Inbound", "Allow", "Tcp", ("AzureMachineLearning",), ("22",))
    assert "AllowInHDInsightManagementTcp" not in rules
    inbound = [r for r in rules.values() if r.direction == "Inbound"]
    assert [r.name for r in inbound] == ["AllowInSshFromAzureMachineLearning", "DenyInternetInbound"]
    assert rules["DenyInternetInbound"].priority == 4096 and rules["DenyInternetInbound"].source_prefixes == ("Internet",)
    assert rules["AllowOutAzureMachineLearningTcp"].source_prefixes == ("10.20.5.0/24",)
    assert rules["AllowOutPrivateEndpointsTcp"].destination_prefixes == ("10.20.1.0/24",)
    assert rules["DenyAllOutbound"].priority == 4096


def test_hdinsight_management_and_routes():
    cfg = parse_config({"attached_compute": {**ATTACH, "kinds": ["hdinsight"]}})
    rules = {r.name: r for r in plan_attached_nsg_rules(cfg)}
    hdi = rules["AllowInHDInsightManagementTcp"]
    assert (hdi.source_prefixes, hdi.destination_ports) == (("HDInsight.EastUS2",), ("443",))
    routes = {r.name: r for r in plan_attached_routes(cfg)}
    assert routes["default-to-firewall"].address_prefix == "0.0.0.0/0"
    assert {r.address_prefix for r in routes.values() if r.next_hop_type == "Internet"} == {
        "AzureMachineLearning.EastUS2", "AzureMachineLearning.CentralUS", "HDInsight.EastUS2"}


def test_nat_gateway_mode_has_no_routes():
    cfg = parse_config({"attached_compute": ATTACH, "egress": {"mode": "nat-gateway", "nat_allow_unfiltered_https": True}})
    assert plan_attached_routes(cfg) == ()


# --- constructs -----------------------------------------------------------------------------------

def _attach_props(**kw) -> AttachedComputeSubnetProps:
    cfg = parse_config({"attached_compute": ATTACH})
    args = dict(name="snet-aml-attached", cidr="10.20.5.0/24", location="eastus2", resource_group_name="rg-ml",
                vnet_name="vnet-ml", vnet_resource_group_name="rg-ml", nsg_rules=plan_attached_nsg_rules(cfg))
    args.update(kw)
    return AttachedComputeSubnetProps(**args)


def test_props_refuse_ssh_from_elsewhere():
    rules = plan_attached_nsg_rules(parse_config({"attached_compute": ATTACH}))
    bad = tuple(r if r.name != "AllowInSshFromAzureMachineLearning" else
                type(r)(**{**r.__dict__, "source_prefixes": ("Internet",)}) for r in rules)
    with pytest.raises(PropsError, match=r"AttachedComputeSubnetProps.nsg_rules\[0\]: rule 'AllowInSshFromAzureMachineLearning' opens SSH"):
        _attach_props(nsg_rules=bad)
    with pytest.raises(PropsError, match="AttachedComputeSubnetProps.nsg_rules: no rule allows SSH"):
        _attach_props(nsg_rules=tuple(r for r in rules if r.name != "AllowInSshFromAzureMachineLearning"))
    with pytest.raises(PropsError, match=r"AttachedComputeSubnetProps.kinds\[0\]: 'aks' is not one of"):
        _attach_props(kinds=("aks",))


def test_add_nsg_rule_refuses_ssh_from_elsewhere():
    stack = TerraformStack(App(), "t")
    sub = AttachedComputeSubnet(stack, "attached", _attach_props())
    with pytest.raises(PropsError, match="AttachedComputeSubnet.add_nsg_rule: rule 'SshFromBastion' opens SSH .* '10.20.9.0/26'"):
        sub.add_nsg_rule(name="SshFromBastion", priority=3000, direction="Inbound", access="Allow", protocol="Tcp",
                         source="10.20.9.0/26", destination="*", ports="20-25")
    sub.add_nsg_rule(name="AllowInRdpFromBastion", priority=3000, direction="Inbound", access="Allow", protocol="Tcp",
                     source="10.20.9.0/26", destination="*", ports="3389")
    assert sub.nsg_rules[-1].name == "AllowInRdpFromBastion"


@pytest.mark.parametrize("kw, message", [
    (dict(host_cidr="10.20.6.0/28"), "DatabricksSubnetsProps.host_cidr: '10.20.6.0/28': an Azure Databricks subnet"),
    (dict(container_cidr="10.20.6.0/26"), "DatabricksSubnetsProps.container_cidr: 10.20.6.0/26 overlaps host_cidr 10.20.6.0/26"),
    (dict(container_name="snet-dbw-host"), "DatabricksSubnetsProps.container_name: 'snet-dbw-host' is also the host subnet's name"),
    (dict(host_name="bad name!"), "DatabricksSubnetsProps.host_name"),
])
def test_databricks_props(kw, message):
    args = dict(host_name="snet-dbw-host", host_cidr="10.20.6.0/26", container_name="snet-dbw-container", container_cidr="10.20.6.64/26",
                location="eastus2", resource_group_name="rg-ml", vnet_name="vnet-ml", vnet_resource_group_name="rg-ml")
    args.update(kw)
    with pytest.raises(PropsError) as e:
        DatabricksSubnetsProps(**args)
    assert message in str(e.value)


# --- the synthesized stack ------------------------------------------------------------------------

def test_snapshot(snapshot):
    from amlnet.stacks import STACKS
    from tests.conftest import synth_stack

    cfg = load_config(ROOT / "examples" / EXAMPLE)
    doc = synth_stack(STACKS["secure-workspace"](App(), "secure-workspace", cfg.for_stack("secure-workspace")))
    assert scrub(doc) == snapshot.use_extension(JSONSnapshotExtension)


def test_attach_subnet_in_stack(doc):
    subnet = _named(doc, "azurerm_subnet", "snet-aml-attached")
    assert subnet["address_prefixes"] == ["10.20.5.0/24"] and "delegation" not in subnet
    nsg = _named(doc, "azurerm_network_security_group", "nsg-snet-aml-attached")
    inbound = [(r["name"], r["access"], r.get("source_address_prefix")) for r in nsg["security_rule"] if r["direction"] == "Inbound"]
    assert inbound == [("AllowInSshFromAzureMachineLearning", "Allow", "AzureMachineLearning"),
                       ("AllowInHDInsightManagementTcp", "Allow", "HDInsight.EastUS2"),
                       ("DenyInternetInbound", "Deny", "Internet")]
    assert "attached_compute_subnet_id" in doc["output"]
    # the firewall's network rules take the attach subnet as a source
    groups = json.dumps(resources(doc, "azurerm_firewall_policy_rule_collection_group"))
    assert "10.20.5.0/24" in groups


def test_databricks_subnets_in_stack(doc):
    for name in ("snet-dbw-host", "snet-dbw-container"):
        subnet = _named(doc, "azurerm_subnet", name)
        (d,) = subnet["delegation"]
        assert d["service_delegation"]["name"] == "Microsoft.Databricks/workspaces"
        assert subnet["default_outbound_access_enabled"] is False
        nsg = _named(doc, "azurerm_network_security_group", f"nsg-{name}")
        assert "security_rule" not in nsg  # Databricks owns the rules; Terraform leaves them alone
    params = doc["output"]["databricks_custom_parameters"]["value"]
    assert set(params) == {"virtual_network_id", "public_subnet_name", "private_subnet_name",
                           "public_subnet_network_security_group_association_id", "private_subnet_network_security_group_association_id"}
    assert "azurerm_subnet_network_security_group_association" in params["public_subnet_network_security_group_association_id"]
    assert not resources(doc, "azurerm_databricks_workspace")


def test_default_stack_unchanged_by_the_options():
    doc = app_output("default")["secure-workspace"]
    assert not [b for b in resources(doc, "azurerm_subnet").values() if b["name"].startswith(("snet-aml-attached", "snet-dbw"))]


# --- verify ---------------------------------------------------------------------------------------

def _mutated(doc: dict, fn) -> dict:
    doc = json.loads(json.dumps(doc))
    fn(doc["resource"])
    return doc


def test_verify_clean_with_attach_and_databricks(doc):
    rep = verify_document(Document(doc, "secure-workspace"))
    assert rep.violations == []
    mine = {(f.check, f.flow) for f in rep.findings if f.subnet == "snet-aml-attached"}
    assert ("flow", "SSH from AzureMachineLearning.EastUS2 to attached compute TCP/22") in mine
    assert ("exposure", "SSH from the internet to attached compute TCP/22") in mine
    assert ("return-path", "replies to AzureMachineLearning.EastUS2 (SSH) bypass the firewall") in mine
    assert sum(f.check == "databricks" for f in rep.findings) == 4


def test_verify_ssh_open_to_internet_fails(doc):
    def open_ssh(r):
        nsg = next(b for b in r["azurerm_network_security_group"].values() if b["name"] == "nsg-snet-aml-attached")
        nsg["security_rule"].append({"name": "OpenSsh", "priority": 150, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
                                     "source_address_prefix": "*", "destination_address_prefix": "*", "destination_port_range": "22"})

    bad = verify_document(Document(_mutated(doc, open_ssh), "secure-workspace")).violations
    flows = {(f.subnet, f.check, f.flow) for f in bad}
    assert ("snet-aml-attached", "exposure", "SSH from the internet to attached compute TCP/22") in flows
    assert all(f.subnet == "snet-aml-attached" for f in bad)


def test_verify_ssh_from_aml_removed_fails(doc):
    def drop(r):
        nsg = next(b for b in r["azurerm_network_security_group"].values() if b["name"] == "nsg-snet-aml-attached")
        nsg["security_rule"] = [x for x in nsg["security_rule"] if x["name"] != "AllowInSshFromAzureMachineLearning"]

    bad = {f.flow for f in verify_document(Document(_mutated(doc, drop), "secure-workspace")).violations}
    assert bad == {"SSH from AzureMachineLearning.EastUS2 to attached compute TCP/22", "SSH from AzureMachineLearning.CentralUS to attached compute TCP/22"}


def test_verify_databricks_delegation_and_nsg(doc):
    def undelegate(r):
        sub = next(b for b in r["azurerm_subnet"].values() if b["name"] == "snet-dbw-host")
        del sub["delegation"]
        r["azurerm_subnet_network_security_group_association"] = {
            k: v for k, v in r["azurerm_subnet_network_security_group_association"].items() if "container" not in k}

    bad = {(f.subnet, f.flow) for f in verify_document(Document(_mutated(doc, undelegate), "secure-workspace")).violations}
    assert bad == {("snet-dbw-host", "host_subnet delegated to Microsoft.Databricks/workspaces"),
                   ("snet-dbw-container", "container_subnet has a network security group")}
