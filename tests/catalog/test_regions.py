"""Region table: tag suffixes Azure accepts and the pairs public-IP compute must route."""

import re

import pytest

from amlnet.catalog import REGIONS, Cloud, region


def test_example_pair_from_seed_000():
    # seed 000: "if the service is in East US 2, the secondary region is Central US"
    assert region("eastus2").pair == "centralus"


@pytest.mark.parametrize("name, suffix", [("westus", "WestUS"), ("eastus2", "EastUS2"), ("southcentralus", "SouthCentralUS"),
                                          ("uksouth", "UKSouth"), ("usgovvirginia", "USGovVirginia"), ("chinanorth3", "ChinaNorth3")])
def test_tag_suffix_is_pascal_case(name, suffix):
    assert region(name).tag_suffix == suffix


def test_every_suffix_spells_the_name():
    for r in REGIONS.values():
        assert r.tag_suffix.lower() == r.name
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]+", r.tag_suffix)


def test_pairs_exist_in_the_same_cloud():
    for r in REGIONS.values():
        if r.pair is not None:
            assert REGIONS[r.pair].cloud == r.cloud, r


def test_clouds_have_regions():
    assert {r.cloud for r in REGIONS.values()} == set(Cloud)


def test_lookup_is_case_insensitive_and_rejects_unknown():
    assert region("EastUS2").name == "eastus2"
    with pytest.raises(KeyError):
        region("uswest")
