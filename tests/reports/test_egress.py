"""The egress report a firewall team acts on: a source column, the user's extra FQDN rules, rows the firewall must
hold apart from those that stay in the VNet, and a risk column for destinations that can carry data out."""

from __future__ import annotations

import pytest

from amlnet.loading import parse_config
from amlnet.reports.egress import CARRIERS, egress_rows
from amlnet.reports.egress_risk import CODE, MONITOR, STORAGE, risk


def _rows(data: dict):
    """The report of a configuration with the secure-workspace stack only (unless `data` names the stacks)."""
    return egress_rows(parse_config({"stacks": ["secure-workspace"], **data}))


def test_every_row_names_its_sources_and_its_carrier():
    rows = _rows({})
    assert rows and all(r.source == "10.20.0.0/24" and r.carried_by in CARRIERS for r in rows)
    vnet = [r for r in rows if r.destination == "VirtualNetwork"]
    assert vnet and all(r.carried_by == "virtual-network" for r in vnet)
    assert all(r.carried_by == "firewall" for r in rows if r.destination in ("AzureMachineLearning", "management.azure.com"))
    peered = _rows({"stacks": ["secure-workspace", "peered-compute"]})
    assert {r.source for r in peered} == {"10.20.0.0/24,10.21.0.0/24"}
    # the aks-inference stack's workspace VNet has a compute subnet too; its own AKS subnet's rows name that subnet
    aks = egress_rows(parse_config({"stacks": ["aks-inference"]}))
    assert {r.source for r in aks if r.scenario != "aks-inference" and r.kubernetes_use == ""} == {"10.20.0.0/24"}
    nat = _rows({"egress": {"mode": "nat-gateway", "nat_allow_unfiltered_https": True}})
    assert {r.carried_by for r in nat} == {"nat-gateway", "virtual-network", "private-endpoint"}


def test_private_endpoint_rows_are_apart_from_the_firewall_rows():
    rows = _rows({"scenarios": ["python-packages"]})
    pe = [r for r in rows if r.covered_by == "private-endpoint"]
    assert pe and all(r.carried_by == "private-endpoint" for r in pe)
    assert not any(r.carried_by == "firewall" and r.covered_by == "private-endpoint" for r in rows)


def test_extra_fqdn_rules_are_listed():
    rows = _rows({"egress": {"firewall": {"extra_fqdn_rules": [
        {"name": "partner-api", "fqdns": ["api.partner.example", "*.partner.example"], "ports": [443]},
        {"name": "sftp", "fqdns": ["sftp.partner.example"], "ports": [22]},
    ]}}})
    extra = {r.destination: r for r in rows if r.scenario == "extra"}
    assert set(extra) == {"api.partner.example", "*.partner.example", "sftp.partner.example"}
    assert extra["api.partner.example"].firewall_rule == "application" and extra["sftp.partner.example"].firewall_rule == "network"
    assert extra["sftp.partner.example"].ports == "22" and extra["*.partner.example"].purpose == "egress.firewall.extra_fqdn_rules: partner-api"
    assert all(r.carried_by == "firewall" and r.source == "10.20.0.0/24" for r in extra.values())


def test_destinations_that_can_carry_data_out_are_marked_with_the_reason():
    rows = {(r.kind, r.destination): r for r in _rows({"scenarios": ["vscode", "azure-monitor"]})}
    assert (rows[("fqdn", "github.com")].risk, rows[("fqdn", "github.com")].risk_reason) == CODE
    assert rows[("fqdn", "raw.githubusercontent.com")].risk == "code hosting"
    assert (rows[("fqdn", "*.blob.core.windows.net")].risk, rows[("fqdn", "*.blob.core.windows.net")].risk_reason) == STORAGE
    assert rows[("service-tag", "AzureMonitor")].risk == MONITOR[0]
    assert rows[("service-tag", "Storage.EastUS2")].risk == ""  # the regional tag
    assert rows[("fqdn", "management.azure.com")].risk == ""


@pytest.mark.parametrize(("kind", "destination", "label"), [
    ("fqdn", "*.blob.core.windows.net", "storage wildcard"),
    ("fqdn", "*.dfs.core.usgovcloudapi.net", "storage wildcard"),
    ("fqdn", "*.core.chinacloudapi.cn", "storage wildcard"),
    ("fqdn", "stml.blob.core.windows.net", ""),
    ("fqdn", "<storage>.file.core.windows.net", ""),
    ("fqdn", "GitHub.com", "code hosting"),
    ("fqdn", "*.githubusercontent.com", "code hosting"),
    ("fqdn", "github.com.example.org", ""),
    ("service-tag", "Storage", "global tag"),
    ("service-tag", "Storage.WestEurope", ""),
    ("service-tag", "AzureCloud", "global tag"),
    ("service-tag", "AzureMonitor", "log ingestion"),
    ("address-range", "10.0.0.0/8", ""),
])
def test_risk_rules(kind, destination, label):
    got, reason = risk(kind, destination)
    assert got == label and bool(reason) == bool(label)
