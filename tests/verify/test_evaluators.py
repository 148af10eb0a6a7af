"""The verifier's NSG, route and firewall evaluation on small hand-written cases."""

from amlnet.verify.addresses import Context, Destination, prefix_matches, tag_covers
from amlnet.verify.firewall import AppRule, Collection, NetRule
from amlnet.verify.firewall import decide as fw_decide
from amlnet.verify.nsg import Rule, decide
from amlnet.verify.routing import Route, select

ME = Destination("cidr", "10.0.0.0/24")
CTX = Context(subnet_prefixes=("10.0.0.0/24",), vnet_prefixes=("10.0.0.0/16",))


def rule(name, prio, direction, access, proto, src, dst, ports):
    return Rule(name, prio, direction, access, proto, (src,), (dst,), (ports,))


def test_default_rules():
    assert decide([], "Outbound", "TCP", 443, ME, Destination("internet", "1.2.3.4"), CTX).rule == "NSG AllowInternetOutBound (65001)"
    assert decide([], "Outbound", "TCP", 443, ME, Destination("cidr", "10.0.1.0/24"), CTX).rule == "NSG AllowVnetOutBound (65000)"
    d = decide([], "Inbound", "TCP", 22, Destination("internet", "1.2.3.4"), ME, CTX)
    assert (d.allowed, d.rule) == (False, "NSG DenyAllInBound (65500)")


def test_priority_order_and_first_match():
    rules = [rule("DenyAll", 4096, "Outbound", "Deny", "*", "*", "*", "*"), rule("AllowAml", 100, "Outbound", "Allow", "Tcp", "*", "AzureMachineLearning", "443")]
    assert decide(rules, "Outbound", "TCP", 443, ME, Destination("tag", "AzureMachineLearning"), CTX).allowed
    assert not decide(rules, "Outbound", "UDP", 5831, ME, Destination("tag", "AzureMachineLearning"), CTX).allowed


def test_priority_tie_between_directions():
    """An inbound and an outbound rule may share a priority; only the flow's direction counts."""
    rules = [rule("InDeny", 200, "Inbound", "Deny", "*", "*", "*", "*"), rule("OutAllow", 200, "Outbound", "Allow", "Tcp", "*", "Internet", "443")]
    assert decide(rules, "Outbound", "TCP", 443, ME, Destination("host", "pypi.org", host="pypi.org"), CTX).rule == "NSG OutAllow (200)"
    assert decide(rules, "Inbound", "TCP", 443, Destination("internet", "1.2.3.4"), ME, CTX).rule == "NSG InDeny (200)"


def test_port_ranges_and_protocols():
    rules = [rule("VsCode", 100, "Outbound", "Allow", "Tcp", "*", "AzureMachineLearning", "8704-8710")]
    assert decide(rules, "Outbound", "TCP", 8707, ME, Destination("tag", "AzureMachineLearning"), CTX).rule == "NSG VsCode (100)"
    assert decide(rules, "Outbound", "UDP", 8707, ME, Destination("tag", "AzureMachineLearning"), CTX).rule != "NSG VsCode (100)"


def test_regional_tags():
    assert tag_covers("Storage", "Storage.EastUS2") and tag_covers("Storage.EastUS2", "Storage.EastUS2")
    assert not tag_covers("Storage.WestUS", "Storage.EastUS2") and not tag_covers("AzureFrontDoor", "AzureFrontDoor.FirstParty")
    host = Destination("host", "mcr.microsoft.com", tag="MicrosoftContainerRegistry", host="mcr.microsoft.com")
    assert prefix_matches("MicrosoftContainerRegistry", host, CTX) and prefix_matches("Internet", host, CTX)


def test_virtual_network_tag_grows_with_udrs():
    internet = Destination("internet", "1.2.3.4")
    assert not prefix_matches("VirtualNetwork", internet, CTX)
    assert prefix_matches("VirtualNetwork", internet, Context(vnet_prefixes=("10.0.0.0/16",), udr_prefixes=("0.0.0.0/0",)))


def test_routes_longest_prefix_and_tags():
    routes = [Route("default", "0.0.0.0/0", "VirtualAppliance", "10.0.2.4"), Route("aml", "AzureMachineLearning.EastUS2", "Internet")]
    assert select(routes, Destination("tag", "AzureMachineLearning.EastUS2"), CTX.vnet_prefixes).kind == "internet"
    assert select(routes, Destination("tag", "Storage.EastUS2"), CTX.vnet_prefixes).kind == "firewall"
    assert select(routes, Destination("cidr", "10.0.1.0/24"), CTX.vnet_prefixes).kind == "vnet"
    assert select([], Destination("host", "pypi.org", host="pypi.org"), CTX.vnet_prefixes).kind == "internet"
    assert select([Route("blackhole", "0.0.0.0/0", "None")], Destination("tag", "Storage"), ()).kind == "drop"


def test_firewall_network_before_application_and_dns_proxy():
    net = Collection("net", 500, 100, "Allow", "network", (NetRule("tags", ("TCP",), ("10.0.0.0/24",), ("AzureMachineLearning",), (), ("443",)),
                                                           NetRule("fqdn", ("UDP",), ("10.0.0.0/24",), (), ("eastus2.tundra.azureml.ms",), ("5831",))))
    deny_app = Collection("app-deny", 100, 100, "Deny", "application", (AppRule("all", ("*",), ("*.azureml.ms",), (("Https", 443),)),))
    allow_app = Collection("app", 500, 200, "Allow", "application", (AppRule("pypi", ("10.0.0.0/24",), ("pypi.org", "*.pythonhosted.org"), (("Https", 443),)),))
    cols = [allow_app, deny_app, net]
    aml = Destination("host", "x.azureml.ms", tag="AzureMachineLearning", host="x.azureml.ms")
    # network rules come before application rules, even of a group with a lower priority number
    assert fw_decide(cols, "TCP", 443, aml, ("10.0.0.0/24",), True).rule == "firewall network rule net/tags"
    files = Destination("host", "*.pythonhosted.org", host="files.pythonhosted.org")
    assert fw_decide(cols, "TCP", 443, files, ("10.0.0.0/24",), True).allowed
    tundra = Destination("host", "eastus2.tundra.azureml.ms", host="eastus2.tundra.azureml.ms")
    assert fw_decide(cols, "UDP", 5831, tundra, ("10.0.0.0/24",), True).allowed
    assert not fw_decide(cols, "UDP", 5831, tundra, ("10.0.0.0/24",), False).allowed  # FQDN network rules need the DNS proxy
    other = Destination("host", "example.com", host="example.com")
    assert fw_decide(cols, "TCP", 443, other, ("10.0.0.0/24",), True).rule == "firewall: no rule matches (default deny)"
    assert not fw_decide(cols, "TCP", 443, files, ("10.9.0.0/24",), True).allowed  # wrong source
