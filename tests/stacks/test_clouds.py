"""Every stack for Azure US Government and Azure China: the right names, and no public-cloud name."""

from __future__ import annotations

import json

import pytest

from amlnet.loading import load_config
from tests.conftest import ROOT, resources
from tests.synthesized import stacks_of

# Azure Public endpoint names that must not appear in a sovereign-cloud stack.
PUBLIC_ONLY = (".core.windows.net", ".vault.azure.net", "vaultcore.azure.net", ".azurecr.io", "azureml.ms", "azureml.net",
               "notebooks.azure.net", "login.microsoftonline.com", "management.azure.com", "ml.azure.com", ".batch.azure.com",
               "applicationinsights.azure.com", "graph.microsoft.com")
# Global hosts the sovereign clouds' own tables list too (Docker images and Azure ML's prebuilt images).
GLOBAL = {"mcr.microsoft.com", "*.data.mcr.microsoft.com", "viennaglobal.azurecr.io"}


def strings(x):
    """Every emitted value; descriptions are left out (they quote the seed row, which names Public hosts)."""
    if isinstance(x, dict):
        for k, v in x.items():
            if k == "template_content":  # an ARM template: its `$schema` URL is the same in every cloud
                yield from strings(json.loads(v).get("resources", []))
            elif k != "description":
                yield from strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from strings(v)
    elif isinstance(x, str):
        yield x


@pytest.fixture(scope="module", params=["usgov.yaml", "china.yaml"])
def cloud_docs(request):
    return load_config(ROOT / "examples" / request.param), stacks_of(request.param)


def test_no_public_cloud_name_leaks(cloud_docs):
    cfg, docs = cloud_docs
    for kind, doc in docs.items():
        leaks = sorted({s for s in strings(doc) if s not in GLOBAL and any(p in s for p in PUBLIC_ONLY)})
        assert leaks == [], f"{cfg.cloud.value} {kind}: {leaks}"


def test_provider_environment_and_zone_names(cloud_docs):
    cfg, docs = cloud_docs
    env = {"usgov": "usgovernment", "china": "china"}[cfg.cloud.value]
    api = {"usgov": "privatelink.api.ml.azure.us", "china": "privatelink.api.ml.azure.cn"}[cfg.cloud.value]
    notebooks = {"usgov": "privatelink.notebooks.usgovcloudapi.net", "china": "privatelink.notebooks.chinacloudapi.cn"}[cfg.cloud.value]
    for kind, doc in docs.items():
        assert doc["provider"]["azurerm"][0]["environment"] == env
        names = {z["name"] for z in resources(doc, "azurerm_private_dns_zone").values()}
        assert {api, notebooks} <= names, kind


def test_cloud_specific_firewall_hosts(cloud_docs):
    cfg, docs = cloud_docs
    text = json.dumps(docs["secure-workspace"]["resource"]["azurerm_firewall_policy_rule_collection_group"])
    if cfg.cloud.value == "usgov":
        assert "graph.microsoft.us" in text
    else:
        assert "graph.chinacloudapi.cn" in text and "microsoftgraph.chinacloudapi.cn" in text
        assert "studio.ml.azure.cn" in text  # no AzureFrontDoor.Frontend in China: an FQDN rule instead
        assert "AzureFrontDoor.Frontend" not in json.dumps(docs["secure-workspace"])


def test_regional_tags_use_the_sovereign_region(cloud_docs):
    cfg, docs = cloud_docs
    text = json.dumps(docs["secure-workspace"])
    suffix = {"usgov": "USGovVirginia", "china": "ChinaNorth3"}[cfg.cloud.value]
    assert f"Storage.{suffix}" in text and f"BatchNodeManagement.{suffix}" in text
