"""AKS egress per cloud against Learn's "Outbound network and FQDN rules for AKS clusters" (azure-aks-docs
fb060abe, the three clouds' required tables): issue 19, item 12."""

from __future__ import annotations

import pytest

from amlnet.catalog import Cloud, Scenario
from amlnet.catalog.model import Protocol
from amlnet.catalog.requirements import HOSTS
from amlnet.loading import parse_config


def _aks_hosts(cloud: Cloud) -> dict[str, tuple[Protocol, tuple[int, ...]]]:
    return {host: (h.protocol, tuple(p.low for p in h.ports))
            for h in HOSTS if h.scenario == Scenario.AKS_INFERENCE for host in h.hosts.get(cloud, ())}


def test_china_has_the_mcr_cache_and_ntp():
    china = _aks_hosts(Cloud.CHINA)
    assert china["mcr.azure.cn"] == china["*.data.mcr.azure.cn"] == (Protocol.TCP, (443,))
    assert china["ntp.ubuntu.com"] == (Protocol.UDP, (123,))
    assert not any("kubernetesconfiguration" in h for h in china)  # not sourced: the stack is refused there


def test_usgov_has_packages_aks_and_ntp():
    usgov = _aks_hosts(Cloud.USGOV)
    assert usgov["packages.aks.azure.com"] == (Protocol.TCP, (443,))
    assert usgov["ntp.ubuntu.com"] == (Protocol.UDP, (123,))
    assert "<region>.dp.kubernetesconfiguration.azure.us" in usgov


def test_public_needs_no_ntp_rule():
    """Azure Global: "This isn't required for nodes provisioned after March 2021"."""
    assert "ntp.ubuntu.com" not in _aks_hosts(Cloud.PUBLIC)


def test_usgov_ntp_is_a_firewall_network_rule_on_udp_123_from_the_aks_subnet():
    from tests.synthesized import stacks_of
    doc = stacks_of("usgov.yaml")["aks-inference"]
    rules = [r for g in doc["resource"]["azurerm_firewall_policy_rule_collection_group"].values()
             for c in g.get("network_rule_collection", []) for r in c["rule"] if "ntp.ubuntu.com" in r.get("destination_fqdns", [])]
    assert [(r["protocols"], r["destination_ports"]) for r in rules] == [(["UDP"], ["123"])]
    assert rules[0]["source_addresses"] == ["10.20.4.0/24"]  # the AKS node subnet of examples/usgov.yaml


@pytest.mark.parametrize("stacks", [None, ["secure-workspace"]])
def test_china_default_stacks_leave_aks_inference_out(stacks):
    data = {"cloud": "china", "region": "chinanorth3", **({"stacks": stacks} if stacks else {})}
    assert "aks-inference" not in parse_config(data).stacks
