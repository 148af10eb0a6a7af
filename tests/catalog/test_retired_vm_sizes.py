"""Retired VM sizes are refused with their Learn page and a replacement, in configuration and construct props."""

from __future__ import annotations

import pytest

from amlnet.catalog.retired_vm_sizes import RETIRED_FAMILIES, retired_size, retired_size_problem
from amlnet.catalog.vm_sizes import vm_size_problem


def test_ncv3_is_retired_with_its_page_and_replacement():
    m = retired_size_problem("Standard_NC6s_v3")
    assert m is not None
    assert "retired" in m and "2025-09-30" in m
    assert "ncv3-nc6s-nc12s-nc24s-retirement" in m and "Standard_NC24ads_A100_v4" in m


@pytest.mark.parametrize("size", ["standard_nc6s_v3", "Standard_NC24s_v3", "Standard_NV6", "Standard_NC6", "Standard_ND24rs"])
def test_retired_sizes_any_case(size):
    assert retired_size(size) is not None


@pytest.mark.parametrize("size", ["Standard_DS3_v2", "Standard_D4s_v3", "Standard_NC24ads_A100_v4", "Standard_NC4as_T4_v3"])
def test_current_sizes_pass(size):
    assert retired_size_problem(size) is None


def test_every_replacement_is_current_and_well_formed():
    for fam in RETIRED_FAMILIES:
        assert retired_size(fam.replacement) is None, fam.family
        assert vm_size_problem(fam.replacement) is None, fam.family
        assert fam.learn.startswith("https://learn.microsoft.com/"), fam.family


def test_configuration_refuses_a_retired_size():
    from amlnet.loading import parse_config

    with pytest.raises(ValueError, match=r"compute\.cluster\.vm_size.*'Standard_NC6s_v3' is retired.*Standard_NC24ads_A100_v4"):
        parse_config({"compute": {"cluster": {"vm_size": "Standard_NC6s_v3"}}})
    with pytest.raises(ValueError, match=r"inference\.vm_size.*is retired"):
        parse_config({"stacks": ["aks-inference"], "inference": {"vm_size": "Standard_NC6s_v3"}})


def test_construct_props_refuse_a_retired_size():
    from amlnet.constructs import ClusterProps

    with pytest.raises(ValueError, match=r"ClusterProps\.vm_size.*is retired"):
        ClusterProps(name="gpu", vm_size="Standard_NC6s_v3")
