"""ADR 0011 (issue 19, item 18): traffic to the global AzureMachineLearning tag is decided by the firewall,
from compute subnets only; only subnets Azure Machine Learning connects into (public-IP compute, attached
compute) route the tag past it."""

from __future__ import annotations

import pytest

from tests.synthesized import ids, shipped_stacks


def _routes(doc: dict) -> list[dict]:
    res = doc.get("resource", {})
    out = [r for rt in res.get("azurerm_route_table", {}).values() for r in rt.get("route", []) or []]
    return out + list(res.get("azurerm_route", {}).values())


def _subnet_prefixes(doc: dict) -> set[str]:
    return {p for s in doc.get("resource", {}).get("azurerm_subnet", {}).values() for p in s.get("address_prefixes", [])}


def _aml_network_rules(doc: dict) -> list[dict]:
    groups = doc.get("resource", {}).get("azurerm_firewall_policy_rule_collection_group", {}).values()
    return [r for g in groups for c in g.get("network_rule_collection", []) for r in c["rule"]
            if any(a.startswith("AzureMachineLearning") for a in r.get("destination_addresses", []))]


@pytest.mark.parametrize("label, kind, cfg, doc", shipped_stacks(), ids=ids())
def test_the_tag_goes_through_the_firewall_from_compute_subnets_only(label, kind, cfg, doc):
    past_firewall = [r for r in _routes(doc) if r.get("address_prefix", "").startswith("AzureMachineLearning")
                     and r.get("next_hop_type") == "Internet"]
    # ADR 0011, point 2: only where Azure Machine Learning connects in (public-IP compute, attached VMs over SSH)
    assert bool(past_firewall) == (cfg.compute.public_ip or cfg.attached_compute is not None), past_firewall
    prefixes = _subnet_prefixes(doc)
    for rule in _aml_network_rules(doc):
        sources = set(rule["source_addresses"])
        assert "*" not in sources and "VirtualNetwork" not in sources, rule
        # a subnet of this stack, or (a reused subnet / hub rules) a CIDR the configuration names for compute
        assert all(s in prefixes or "/" in s for s in sources), rule
        assert not any(s in {str(a) for a in getattr(cfg.network, "address_space", ())} for s in sources), rule


def test_the_sweep_sees_firewall_rules_to_the_tag():
    """The sweep above is not vacuous: the default secure-workspace stack has such a rule, from its compute subnet."""
    doc = next(d for label, kind, _, d in shipped_stacks() if (label, kind) == ("default", "secure-workspace"))
    rules = _aml_network_rules(doc)
    assert rules and all(r["source_addresses"] == ["10.20.0.0/24"] for r in rules)
