"""The `aks-inference` stack (seed 004): snapshot, then the private cluster, the role assignment and its
order, the internal load balancer path, the NSG rules both ways, and the limits, one by one."""

from __future__ import annotations

import json

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from amlnet.config import ConfigError
from amlnet.loading import parse_config
from amlnet.providers import App
from amlnet.stacks import AksInferenceStack
from tests.conftest import one, resources, synth_stack
from tests.stacks.test_secure_workspace import scrub


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JSONSnapshotExtension)


def build(data: dict) -> dict:
    cfg = parse_config({"stacks": ["aks-inference"], **data}).for_stack("aks-inference")
    return synth_stack(AksInferenceStack(App(), "aks-inference", cfg))


@pytest.fixture(scope="module")
def doc():
    return build({})


def nsg_of(doc: dict, subnet_name: str) -> list[dict]:
    for n in resources(doc, "azurerm_network_security_group").values():
        if n["name"] == f"nsg-{subnet_name}":
            return n["security_rule"]
    raise AssertionError(f"no NSG for {subnet_name}")


def rule(rules: list[dict], name: str) -> dict:
    return next(r for r in rules if r["name"] == name)


def test_snapshot(doc, snapshot_json):
    assert scrub(doc) == snapshot_json


def test_composition(doc):
    counts = {t: len(v) for t, v in doc["resource"].items()}
    assert counts["azurerm_kubernetes_cluster"] == 1 and counts["azurerm_kubernetes_cluster_extension"] == 1
    assert counts["azurerm_resource_group_template_deployment"] == 1
    assert "azurerm_machine_learning_inference_cluster" not in counts  # v1 attach: public azureml-fe (ADR 0010)
    assert counts["azurerm_network_security_group"] == 2 and counts["azurerm_route_table"] == 2
    assert counts["azurerm_private_dns_zone"] == 10  # the workspace's nine and the API server's
    assert counts["azurerm_machine_learning_compute_cluster"] == 1  # image builds (private registry)
    assert "azurerm_machine_learning_compute_instance" not in counts


def test_private_cluster_without_public_fqdn(doc):
    aks = one(doc, "azurerm_kubernetes_cluster")
    assert aks["private_cluster_enabled"] is True and aks["private_cluster_public_fqdn_enabled"] is False
    assert aks["local_account_disabled"] is False  # the extension does not support disabled local accounts
    zone = next(z for z in resources(doc, "azurerm_private_dns_zone").values() if z["name"] == "privatelink.eastus2.azmk8s.io")
    assert zone
    assert aks["private_dns_zone_id"].startswith("${azurerm_private_dns_zone.inference_api-server-zone")
    pool = aks["default_node_pool"]
    assert pool["vnet_subnet_id"].startswith("${azurerm_subnet.aks-subnet_") and pool["node_public_ip_enabled"] is False
    net = aks["network_profile"]
    assert (net["network_plugin"], net["outbound_type"], net["service_cidr"], net["dns_service_ip"]) == (
        "azure", "userDefinedRouting", "10.0.0.0/16", "10.0.0.10")
    assert "docker_bridge_cidr" not in net
    assert aks["location"] == "eastus2"


def test_network_contributor_before_the_cluster(doc):
    ras = resources(doc, "azurerm_role_assignment")
    nc = next(k for k, r in ras.items() if r["role_definition_name"] == "Network Contributor")
    assert ras[nc]["scope"] == "${azurerm_resource_group.resource-group.id}"  # the VNet's resource group (seed 004)
    assert ras[nc]["principal_id"].startswith("${azurerm_user_assigned_identity.inference_identity")
    aks = one(doc, "azurerm_kubernetes_cluster")
    assert aks["identity"]["type"] == "UserAssigned"
    assert f"azurerm_role_assignment.{nc}" in aks["depends_on"]
    dz = next(k for k, r in ras.items() if r["role_definition_name"] == "Private DNS Zone Contributor")
    assert f"azurerm_role_assignment.{dz}" in aks["depends_on"]
    # the subnet's NSG and route, and the firewall rules, exist before AKS checks its egress
    assert any(d.startswith("azurerm_subnet_route_table_association.aks-subnet") for d in aks["depends_on"])
    assert any(d.startswith("azurerm_firewall_policy_rule_collection_group.") for d in aks["depends_on"])


def test_network_contributor_on_the_subnet_when_asked():
    d = build({"inference": {"network_contributor_scope": "subnet"}})
    ras = resources(d, "azurerm_role_assignment").values()
    nc = next(r for r in ras if r["role_definition_name"] == "Network Contributor")
    assert nc["scope"].startswith("${azurerm_subnet.aks-subnet_")
    # a zone of ours would need the role on the VNet (AKS links it): the zone is AKS-managed instead
    assert one(d, "azurerm_kubernetes_cluster")["private_dns_zone_id"] == "System"
    assert not any(r["role_definition_name"] == "Private DNS Zone Contributor" for r in ras)


def test_internal_load_balancer_through_the_extension(doc):
    ext = one(doc, "azurerm_kubernetes_cluster_extension")
    assert ext["extension_type"] == "Microsoft.AzureML.Kubernetes"
    s = ext["configuration_settings"]
    assert {k: s[k] for k in ("enableTraining", "enableInference", "inferenceRouterServiceType", "internalLoadBalancerProvider",
                              "scoringFe.serviceType.internalLoadBalancer", "inferenceRouterHA", "allowInsecureConnections")} == {
        "enableTraining": "False", "enableInference": "True", "inferenceRouterServiceType": "loadBalancer",
        "internalLoadBalancerProvider": "azure", "scoringFe.serviceType.internalLoadBalancer": "True",
        "inferenceRouterHA": "True", "allowInsecureConnections": "True"}
    assert s["clusterId"].startswith("${azurerm_kubernetes_cluster.") and "configuration_protected_settings" not in ext
    dep = one(doc, "azurerm_resource_group_template_deployment")
    template = json.loads(dep["template_content"])
    res = template["resources"][0]
    assert (res["type"], res["apiVersion"], res["properties"]["computeType"]) == (
        "Microsoft.MachineLearningServices/workspaces/computes", "2024-10-01", "Kubernetes")
    assert any(d.startswith("azurerm_kubernetes_cluster_extension.") for d in dep["depends_on"])
    roles = {r["role_definition_name"] for r in resources(doc, "azurerm_role_assignment").values()}
    assert {"AcrPull", "Storage Blob Data Reader"} <= roles


def test_https_scoring_takes_certificate_and_key_as_sensitive_variables():
    d = build({"inference": {"tls": {"cname": "score.contoso.internal"}}})
    ext = one(d, "azurerm_kubernetes_cluster_extension")
    s = ext["configuration_settings"]
    assert (s["allowInsecureConnections"], s["sslCname"]) == ("False", "score.contoso.internal") and "sslSecret" not in s
    assert ext["configuration_protected_settings"] == {
        "scoringFe.sslCert": "${base64encode(var.scoring_tls_certificate_pem)}",
        "scoringFe.sslKey": "${base64encode(var.scoring_tls_key_pem)}"}
    for name in ("scoring_tls_certificate_pem", "scoring_tls_key_pem"):
        assert d["variable"][name]["sensitive"] is True and "default" not in d["variable"][name]
    assert rule(nsg_of(d, "snet-aml-aks"), "AllowInScoringFromClients")["destination_port_range"] == "443"


def test_a_kubernetes_tls_secret_is_refused():
    """The private cluster is created in the same apply: no secret can be in it before the extension installs (item 4)."""
    with pytest.raises(ConfigError) as e:
        parse_config({"stacks": ["aks-inference"], "inference": {"tls": {"secret_name": "azureml-tls", "cname": "score.contoso.internal"}}})
    assert "inference.tls.secret_name" in str(e.value) and "'azureml-tls': a Kubernetes secret cannot exist yet" in str(e.value)
    assert "TF_VAR_scoring_tls_key_pem" in str(e.value) and "Traceback" not in str(e.value)


def test_aks_nsg_outbound(doc):
    rules = nsg_of(doc, "snet-aml-aks")
    acr = rule(rules, "AllowOutAzureContainerRegistryEastUS2Tcp")  # seed 004, not `AzureContainerRegistry.RegionNam`
    assert (acr["destination_address_prefix"], acr["destination_port_range"], acr["access"]) == (
        "AzureContainerRegistry.EastUS2", "443", "Allow")
    outbound = {r["name"] for r in rules if r["direction"] == "Outbound"}
    want = {"AllowOutMicrosoftContainerRegistryTcp", "AllowOutPrivateEndpointsTcp", "AllowOutInternetViaFirewallTcp", "DenyAllOutbound"}
    assert want <= outbound
    # only its own rows: none of the compute subnet's Batch or UDP 5831 rules
    assert not any("BatchNodeManagement" in n or n.endswith("Udp") for n in outbound)


def test_aks_nsg_inbound_only_from_clients(doc):
    rules = [r for r in nsg_of(doc, "snet-aml-aks") if r["direction"] == "Inbound"]
    clients = rule(rules, "AllowInScoringFromClients")
    assert (clients["source_address_prefix"], clients["destination_port_range"]) == ("10.20.0.0/16", "80")
    deny = rule(rules, "DenyAllInbound")
    assert (deny["priority"], deny["access"], deny["source_address_prefix"]) == (4096, "Deny", "*")
    assert {r["name"] for r in rules} == {"AllowInWithinAksSubnet", "AllowInAzureLoadBalancer", "AllowInScoringFromClients",
                                          "DenyAllInbound"}
    named = build({"inference": {"scoring_clients": ["10.30.0.0/16", "192.168.10.0/24"]}})
    r = rule(nsg_of(named, "snet-aml-aks"), "AllowInScoringFromClients")
    assert r["source_address_prefixes"] == ["10.30.0.0/16", "192.168.10.0/24"]


def test_firewall_sources_include_the_aks_subnet(doc):
    group = one(doc, "azurerm_firewall_policy_rule_collection_group")
    net = {r["name"]: r for c in group["network_rule_collection"] for r in c["rule"]}
    app = {r["name"]: r for c in group["application_rule_collection"] for r in c["rule"]}
    assert net["tag-AzureContainerRegistry-EastUS2-tcp"]["source_addresses"] == ["10.20.4.0/24"]
    assert net["tag-MicrosoftContainerRegistry-tcp"]["source_addresses"] == ["10.20.0.0/24", "10.20.4.0/24"]
    assert net["tag-BatchNodeManagement-EastUS2-any"]["source_addresses"] == ["10.20.0.0/24"]
    assert app["fqdn-packages-microsoft-com"]["source_addresses"] == ["10.20.4.0/24"]


def test_nat_gateway_egress():
    d = build({"egress": {"mode": "nat-gateway", "nat_allow_unfiltered_https": True}})
    assert one(d, "azurerm_kubernetes_cluster")["network_profile"]["outbound_type"] == "userAssignedNATGateway"
    assert len(resources(d, "azurerm_subnet_nat_gateway_association")) == 2


def test_hub_zone_is_used_not_created():
    zid = ("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hub/providers/Microsoft.Network/"
           "privateDnsZones/privatelink.eastus2.azmk8s.io")
    d = build({"inference": {"private_dns_zone_id": zid}})
    assert one(d, "azurerm_kubernetes_cluster")["private_dns_zone_id"] == zid
    assert len(resources(d, "azurerm_private_dns_zone")) == 9


@pytest.mark.parametrize("inference, message", [
    ({"region": "westus2"}, "inference.region: 'westus2' differs from region 'eastus2'; seed 004"),
    ({"aci": True}, "use managed online endpoints with network isolation instead"),
    ({"public_fqdn": True}, "Azure Machine Learning cannot use a public FQDN with a private AKS cluster"),
    ({"service_cidr": "10.20.0.0/20", "dns_service_ip": "10.20.0.10"},
     "inference.service_cidr: 10.20.0.0/20 overlaps network.address_space 10.20.0.0/16"),
    ({"on_premises_ranges": ["10.0.0.0/8"]}, "inference.service_cidr: 10.0.0.0/16 overlaps inference.on_premises_ranges 10.0.0.0/8"),
    ({"scoring_clients": ["10.0.4.0/24"]}, "overlaps inference.scoring_clients 10.0.4.0/24"),
    ({"dns_service_ip": "10.1.0.10"}, "inference.dns_service_ip: 10.1.0.10 is outside inference.service_cidr 10.0.0.0/16"),
    ({"dns_service_ip": "10.0.0.1"}, "is the first address of inference.service_cidr"),
    ({"node_count": 10}, "inference.subnet.cidr: 10.20.4.0/24 has 256 addresses, but the cluster needs 568"),
    ({"docker_bridge_cidr": "172.17.0.1/16"}, "docker_bridge_cidr no longer exists in the AKS API"),
    ({"private_cluster": False}, "inference.private_cluster: false would give the API server a public address"),
    ({"network_contributor_scope": "subnet", "private_dns_zone_id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/h/"
      "providers/Microsoft.Network/privateDnsZones/privatelink.eastus2.azmk8s.io"}, "AKS links the zone to it"),
    ({"private_dns_zone_id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/h/providers/Microsoft.Network/"
      "privateDnsZones/privatelink.westus2.azmk8s.io"}, "is not 'privatelink.eastus2.azmk8s.io'"),
    ({"subnet": {"name": "snet-aks", "cidr": "10.20.0.128/25"}},
     "inference.subnet.cidr: 10.20.0.128/25 overlaps network.compute_subnet.cidr"),
])
def test_limits_are_configuration_errors(inference, message):
    _refused({"inference": inference}, message)


def test_egress_outside_the_stack_needs_a_routed_subnet():
    _refused({"egress": {"mode": "none"}}, "AKS with outbound type userDefinedRouting needs the subnet's 0.0.0.0/0 route")


def _refused(data: dict, message: str) -> None:
    with pytest.raises(ConfigError) as e:
        parse_config(data)
    assert message in str(e.value)


def test_peered_compute_range_counts_for_the_service_cidr():
    with pytest.raises(ConfigError, match="overlaps compute_network.address_space 10.0.0.0/16"):
        parse_config({"compute_network": {
            "address_space": ["10.0.0.0/16"], "compute_subnet": {"name": "s", "cidr": "10.0.0.0/24"},
            "private_endpoint_subnet": {"name": "p", "cidr": "10.0.1.0/24"}, "firewall_subnet_cidr": "10.0.2.0/26"}})


def test_the_provider_registers_kubernetes_configuration_for_the_extension():
    """Issue 19 item 2: the Azure ML extension needs Microsoft.KubernetesConfiguration, in no azurerm 4.55 registration set."""
    from amlnet.loading import load_config
    from amlnet.providers import App
    from amlnet.stacks import STACKS
    from tests.conftest import synth_stack
    from tests.synthesized import ROOT

    cfg = load_config(ROOT / "examples" / "aks-inference.yaml")
    doc = synth_stack(STACKS["aks-inference"](App(), "aks-inference", cfg.for_stack("aks-inference")))
    (provider,) = [p for p in doc["provider"]["azurerm"] if "alias" not in p]
    assert provider["resource_providers_to_register"] == ["Microsoft.KubernetesConfiguration"]


def test_storage_keeps_the_trusted_services_exception_off_unless_asked(doc):
    """Learn's AKS inferencing notes ask for the exception; amlnet keeps it off (README: the cluster reads storage
    through its private endpoint) and follows Learn when data_profiling_access is trusted-services (item 13)."""
    assert one(doc, "azurerm_storage_account")["network_rules"]["bypass"] == ["None"]
    asked = build({"workspace": {"data_profiling_access": "trusted-services"}})
    assert one(asked, "azurerm_storage_account")["network_rules"]["bypass"] == ["AzureServices"]
    assert "network_rule_bypass_option" not in one(doc, "azurerm_container_registry")  # provider default: AzureServices
