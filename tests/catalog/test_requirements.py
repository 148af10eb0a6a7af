"""The catalog against the seeds' tables: every row present, for its scenario and cloud, with the
names Azure accepts."""

from __future__ import annotations

import re

import pytest

from amlnet.catalog import (
    HOSTS,
    SERVICE_TAGS,
    Cloud,
    Direction,
    Names,
    Protocol,
    Scenario,
    host_rules,
    region,
    tag_rules,
)
from tests.conftest import seed_text

S = Scenario


def _tag_rows(tag, direction=Direction.OUTBOUND):
    return [r for r in SERVICE_TAGS if r.tag == tag and r.direction == direction]


def _ports(rows, protocol):
    return sorted(str(p) for r in rows if r.protocol == protocol for p in r.ports)


# (text as printed in seed 000's outbound service-tag table, tag Azure accepts, TCP ports, other)
OUTBOUND_TABLE = [
    ("AzureActiveDirectory", "AzureActiveDirectory", ["443", "80"]),
    ("AzureMachineLearning", "AzureMachineLearning", ["18881", "443", "8787"]),
    ("BatchNodeManagement.<region>", "BatchNodeManagement", []),
    ("AzureResourceManager", "AzureResourceManager", ["443"]),
    ("Storage.<region>", "Storage", ["443"]),
    ("AzureFrontDoor.FrontEnd", "AzureFrontDoor.Frontend", ["443"]),
    ("MicrosoftContainerRegistry", "MicrosoftContainerRegistry", ["443"]),
    ("Frontdoor.FirstParty", "AzureFrontDoor.FirstParty", ["443"]),
    ("AzureMonitor", "AzureMonitor", ["443"]),
    ("VirtualNetwork", "VirtualNetwork", ["443", "445"]),
]


@pytest.mark.parametrize("printed, tag, tcp", OUTBOUND_TABLE)
def test_every_outbound_table_row_is_in_the_catalog(printed, tag, tcp):
    assert printed in seed_text("000"), "the test's row must be quoted from the seed"
    rows = [r for r in _tag_rows(tag) if r.scenario in (S.COMPUTE, S.AZURE_MONITOR)]
    assert rows, f"no catalog row for {printed}"
    assert _ports(rows, Protocol.TCP) == tcp


def test_udp_5831_is_required_for_compute():
    assert "UDP: 5831" in seed_text("000")
    rows = [r for r in _tag_rows("AzureMachineLearning") if r.protocol == Protocol.UDP]
    assert [(r.scenario, [str(p) for p in r.ports]) for r in rows] == [(S.COMPUTE, ["5831"])]


def test_batch_node_management_is_regional_any_protocol_443():
    (row,) = [r for r in _tag_rows("BatchNodeManagement") if r.scenario == S.COMPUTE]
    assert row.regional and row.protocol == Protocol.ANY and [str(p) for p in row.ports] == ["443"]


def test_seed_typos_are_not_emitted():
    """Seeds print names Azure rejects; the catalog holds the accepted ones."""
    seed = seed_text("000") + seed_text("001")
    for typo in ("Keyvault.<region>", "Frontdoor.FirstParty", "BatchNodeManagement.uswest"):
        assert typo in seed
    tags = {r.tag for r in SERVICE_TAGS}
    assert "Keyvault" not in tags and "Frontdoor.FirstParty" not in tags
    assert {"AzureKeyVault", "AzureFrontDoor.FirstParty", "AzureFrontDoor.Frontend"} <= tags
    resolved = {t.tag for t in tag_rules(Cloud.PUBLIC, region("westus"), set(Scenario))}
    assert "BatchNodeManagement.WestUS" in resolved
    assert not any(t.lower() != t and t.endswith(".uswest") for t in resolved)


def test_scenario_rows():
    kv = _tag_rows("AzureKeyVault")
    assert [(r.scenario, r.regional) for r in kv] == [(S.HBI, True)]
    smb = [r for r in _tag_rows("Storage") if r.scenario == S.STORAGE_FIREWALL]
    assert [str(p) for r in smb for p in r.ports] == ["445"]
    inbound = {(r.tag, str(r.ports[0])) for r in SERVICE_TAGS if r.direction == Direction.INBOUND}
    assert inbound == {("AzureMachineLearning", "44224"), ("BatchNodeManagement", "29876-29877")}
    assert "29876-29877" in seed_text("001") and "44224" in seed_text("000")
    vscode = [r for r in SERVICE_TAGS if r.scenario == S.VSCODE]
    assert [str(p) for r in vscode for p in r.ports] == ["8704-8710"]


def test_front_door_frontend_is_left_out_in_china():
    china = {t.tag for t in tag_rules(Cloud.CHINA, region("chinanorth3"), set())}
    public = {t.tag for t in tag_rules(Cloud.PUBLIC, region("eastus2"), set())}
    assert "AzureFrontDoor.Frontend" in public
    assert "AzureFrontDoor.Frontend" not in china


# --- host tables ----------------------------------------------------------------------------

HOST = re.compile(r"(?<![\w.<>-])((?:\*\.)?(?:<[A-Za-z ]+>\.)?(?:[a-z0-9-]+\.|<region>\.)+(?:com|net|org|io|ms|cn|us|dev))(?![\w-])")

# The seed spells the same placeholder several ways; the catalog uses one spelling each.
PLACEHOLDERS = {"<your storage account name>": "<storage>", "<your ACR name>": "<acr>", "<your workspace ID>": "<workspace id>"}
# Host-like text in seed 000 that is not a host to allow: "vscode.dev" names the product in the
# purpose column of the row whose hosts are *.vscode.dev etc.
NOT_HOSTS_000 = {"vscode.dev"}


def _normalize(host: str) -> str:
    for printed, ours in PLACEHOLDERS.items():
        host = host.replace(printed, ours)
    return host


def _public_hosts(scenarios=frozenset(Scenario)):
    return {h for r in HOSTS if r.scenario in scenarios for h in r.hosts.get(Cloud.PUBLIC, ())}


def test_every_host_in_seed_000_is_in_the_catalog():
    text = seed_text("000")
    found = {_normalize(h) for h in HOST.findall(text)} - NOT_HOSTS_000
    # the sweep works: plain, wildcard and placeholder hosts are all found
    assert {"pypi.org", "*.instances.azureml.ms", "<acr>.<region>.data.azurecr.io", "<workspace id>.workspace.<region>.api.azureml.ms"} <= found
    missing = sorted(h for h in found if h not in _public_hosts())
    assert missing == [], f"hosts in seed 000 missing from the catalog: {missing}"


def test_every_china_host_in_seed_003_is_in_the_catalog():
    text = seed_text("003")
    table_hosts = {
        "<region>.tundra.ml.azure.cn",
        "microsoftgraph.chinacloudapi.cn",
        "*.instances.ml.azure.cn",
        "*.<region>.batch.chinacloudapi.cn",
        "*.<region>.service.batch.chinacloudapi.cn",
        "*.blob.core.chinacloudapi.cn",
        "*.queue.core.chinacloudapi.cn",
        "*.table.core.chinacloudapi.cn",
    }
    for h in table_hosts:
        assert h in text
    china = {h for r in HOSTS for h in r.hosts.get(Cloud.CHINA, ())}
    assert table_hosts <= china


def test_no_public_cloud_host_in_china_or_usgov_compute_rows():
    for cloud, suffixes in ((Cloud.CHINA, (".windows.net", ".azure.com", ".azureml.ms", ".azureml.net")),
                            (Cloud.USGOV, (".core.windows.net", ".azureml.ms", "login.microsoftonline.com"))):
        for r in HOSTS:
            if r.scenario in (S.COMPUTE, S.STUDIO, S.HBI):
                for h in r.hosts.get(cloud, ()):
                    assert not h.endswith(suffixes), f"{cloud.value}: {h} ({r.source})"


def test_python_hosts_include_pythonhosted():
    hosts = _public_hosts({S.PYTHON_PACKAGES})
    assert {"pypi.org", "*.pythonhosted.org", "anaconda.com", "*.anaconda.com", "*.anaconda.org", "*.pytorch.org", "*.tensorflow.org"} <= hosts


def test_placeholders_are_resolved():
    rules = host_rules(Cloud.PUBLIC, region("eastus2"), {S.KUBERNETES}, Names(storage_account="stx", container_registry="crx"))
    hosts = {h for r in rules for h in r.hosts}
    assert "eastus2.tundra.azureml.ms" in hosts
    assert "stx.file.core.windows.net" in hosts
    assert "crx.eastus2.data.azurecr.io" in hosts
    assert "*.workspace.eastus2.api.azureml.ms" in hosts
    assert not any("<" in h for h in hosts)


def test_every_row_cites_a_seed():
    for r in (*SERVICE_TAGS, *HOSTS):
        assert r.source.seed in {"000", "001", "002", "003", "004"}
        assert r.source.row


def test_coverage_depends_on_the_cloud():
    """ml.azure.com rides AzureFrontDoor.Frontend, which China lacks: there it needs an FQDN rule."""
    pub = {r.hosts[0]: r.covered_by for r in host_rules(Cloud.PUBLIC, region("eastus2"), set())}
    cn = {r.hosts[0]: r.covered_by for r in host_rules(Cloud.CHINA, region("chinanorth3"), set())}
    assert pub["ml.azure.com"] == "AzureFrontDoor.Frontend"
    assert cn["studio.ml.azure.cn"] is None
    assert pub["*.eastus2.batch.azure.com"] == "BatchNodeManagement.EastUS2"
    assert pub["graph.microsoft.com"] is None


def test_kubernetes_in_cluster_requirements_match_seed_000():
    from amlnet.catalog.kubernetes import IN_CLUSTER

    text = seed_text("000")
    assert "11001, 12001, 12101, 12201, 20000, 8000, 8001, 9001" in text and "9999" in text and "5001" in text
    ports = {p for r in IN_CLUSTER for p in r.ports}
    assert ports == {5001, 11001, 12001, 12101, 12201, 20000, 8000, 8001, 9001, 9999}
    assert {r.destination for r in IN_CLUSTER if not r.inference_only} >= {"kube-system/kube-dns", "kube-system/konnectivity-agent"}


def test_kubernetes_training_vs_inference_columns():
    rows = {r.hosts[Cloud.PUBLIC][0]: r.kubernetes_use for r in HOSTS if r.scenario == S.KUBERNETES}
    assert rows["pypi.org"] == ("training",)
    assert rows["archive.ubuntu.com"] == ("training",)
    assert rows["<acr>.azurecr.io"] == ("training", "inference")
