"""Every service tag in every shipped stack (default app and every example) and in `amlnet egress`
exists in its cloud, checked against Microsoft's published files in shared/azure-service-tags."""

import ipaddress
import json

import pytest

from amlnet.catalog.service_tags import DEFAULT_TAGS
from tests.conftest import published_tags
from tests.synthesized import shipped_configs, shipped_stacks

TAG_KEYS = {
    "source_address_prefix", "destination_address_prefix", "source_address_prefixes", "destination_address_prefixes",
    "address_prefix", "destination_addresses", "source_addresses",
}


def _is_address(v: str) -> bool:
    try:
        ipaddress.ip_network(v, strict=False)
        return True
    except ValueError:
        return False


def tags_in(node, out: set[str], key: str | None = None) -> set[str]:
    """Every value under a tag-bearing key that is neither an address, `*`, nor a Terraform expression."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k != "//":
                tags_in(v, out, k)
    elif isinstance(node, list):
        for v in node:
            tags_in(v, out, key)
    elif isinstance(node, str) and key in TAG_KEYS:
        if node != "*" and "${" not in node and not _is_address(node):
            out.add(node)
    return out


def test_the_sweep_sees_tags():
    """The sweep is not vacuous: the default stack holds regional and global tags."""
    label, kind, cfg, doc = shipped_stacks()[0]
    found = tags_in(doc.get("resource", {}), set())
    assert {"AzureMachineLearning", "Storage.EastUS2", "BatchNodeManagement.EastUS2"} <= found


@pytest.mark.parametrize("index", range(len(shipped_stacks())), ids=[f"{a}:{b}" for a, b, _, _ in shipped_stacks()])
def test_every_tag_in_every_stack_is_published(index):
    label, kind, cfg, doc = shipped_stacks()[index]
    published = published_tags(cfg.cloud.value) | DEFAULT_TAGS
    found = tags_in(doc.get("resource", {}), set())
    for ds in doc.get("data", {}).get("azurerm_network_service_tags", {}).values():
        found.add(ds["service"])
    unknown = sorted(found - published)
    assert not unknown, f"{label}:{kind} ({cfg.cloud.value}) names unpublished tags {unknown}"


@pytest.mark.parametrize("label", [label for label, _ in shipped_configs()])
def test_egress_report_names_only_published_tags(label):
    from amlnet.reports.egress import egress_rows

    cfg = dict(shipped_configs())[label]
    rows = egress_rows(cfg)
    published = published_tags(cfg.cloud.value) | DEFAULT_TAGS
    tags = {r.destination for r in rows if r.kind == "service-tag"}
    assert tags, label
    assert not sorted(tags - published), label


def test_china_and_usgov_have_no_first_party_tag():
    for label, kind, cfg, doc in shipped_stacks():
        if cfg.cloud.value != "public":
            assert "AzureFrontDoor.FirstParty" not in json.dumps(doc), f"{label}:{kind}"
