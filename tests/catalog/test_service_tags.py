"""The catalog knows which service tags each cloud publishes, and never resolves one it does not."""

import pytest

from amlnet.catalog import REGIONS, SERVICE_TAGS, Cloud, Scenario, tag_rules
from amlnet.catalog.published_tags import BASES, PUBLISHED
from amlnet.catalog.service_tags import DEFAULT_TAGS, UnpublishedServiceTagError, require_tag, tag_exists
from tests.conftest import published_tags

ALL_SCENARIOS = frozenset(Scenario) - {Scenario.AUTOML_NLP_VISION}


@pytest.mark.parametrize("cloud", list(Cloud), ids=lambda c: c.value)
def test_published_subset_matches_microsofts_file(cloud):
    """published_tags.py is exactly the file's names with a base amlnet emits (regenerate with
    scripts/update_service_tags.py when shared/azure-service-tags changes)."""
    want = {n for n in published_tags(cloud.value) if n.split(".", 1)[0] in BASES}
    assert PUBLISHED[cloud] == want


def test_first_party_front_door_is_public_only():
    assert tag_exists(Cloud.PUBLIC, "AzureFrontDoor.FirstParty")
    assert not tag_exists(Cloud.USGOV, "AzureFrontDoor.FirstParty")
    assert not tag_exists(Cloud.CHINA, "AzureFrontDoor.FirstParty")
    assert tag_exists(Cloud.CHINA, "Storage.ChinaNorth3")
    assert not tag_exists(Cloud.CHINA, "Storage.EastUS2")


def test_default_tags_exist_everywhere():
    for cloud in Cloud:
        for t in DEFAULT_TAGS:
            assert tag_exists(cloud, t)


def test_require_tag_names_tag_cloud_and_source():
    with pytest.raises(UnpublishedServiceTagError) as e:
        require_tag(Cloud.USGOV, "AzureFrontDoor.FirstParty")
    assert "AzureFrontDoor.FirstParty" in str(e.value) and "usgov" in str(e.value) and "change number 402" in str(e.value)


@pytest.mark.parametrize("name", sorted(REGIONS))
def test_every_region_resolves_only_published_tags(name):
    """Every catalog row, every scenario, every region of every cloud: each resolved tag is published."""
    reg = REGIONS[name]
    scen = ALL_SCENARIOS | ({Scenario.AUTOML_NLP_VISION} if reg.cloud == Cloud.PUBLIC else set())
    for t in tag_rules(reg.cloud, reg, scen):
        assert t.tag in DEFAULT_TAGS or t.tag in published_tags(reg.cloud.value), (name, t.tag)


def test_sovereign_clouds_replace_first_party_by_fqdn():
    """Where AzureFrontDoor.FirstParty does not exist, the MCR data host it carries has no tag, so the
    firewall allows it by name."""
    from amlnet.catalog import host_rules, region

    for cloud, reg in ((Cloud.USGOV, "usgovvirginia"), (Cloud.CHINA, "chinanorth3")):
        rules = [h for h in host_rules(cloud, region(reg), set()) if "*.data.mcr.microsoft.com" in h.hosts]
        assert rules and all(h.covered_by is None for h in rules), cloud
    assert any(r.tag == "AzureFrontDoor.FirstParty" and r.clouds == frozenset({Cloud.PUBLIC}) for r in SERVICE_TAGS)
