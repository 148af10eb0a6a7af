"""Validation of the variants' configuration (issue 3)."""

import pytest

from amlnet.config import ConfigError
from amlnet.loading import parse_config


def err(data) -> str:
    with pytest.raises(ConfigError) as e:
        parse_config(data, "cfg.yaml")
    return str(e.value)


def test_compute_instance_in_peered_vnet_is_rejected():
    m = err({"compute_network": {"instance": True}})
    assert m.startswith("cfg.yaml: compute_network.instance: a compute instance cannot be created in a different region or VNet")


def test_overlapping_peered_address_spaces():
    m = err({"compute_network": {"address_space": ["10.20.128.0/17"], "compute_subnet": {"name": "c", "cidr": "10.20.128.0/24"}}})
    assert "compute_network.address_space: 10.20.128.0/17 overlaps network.address_space 10.20.0.0/16; peered address spaces must not overlap" in m


def test_serverless_without_subnet_but_no_public_ip():
    m = err({"serverless": {"subnet": "none", "public_ip": False}})
    assert m.startswith("cfg.yaml: serverless: public_ip: false needs a custom subnet (subnet: compute)")


def test_serverless_without_subnet_with_public_ip_is_allowed():
    assert parse_config({"serverless": {"subnet": "none", "public_ip": True}}).serverless.subnet == "none"


def test_peered_subnet_too_small_for_cluster():
    m = err({"compute_network": {"compute_subnet": {"name": "c", "cidr": "10.21.0.0/28"}, "cluster": {"max_nodes": 12}}})
    assert "compute_network.compute_subnet.cidr: 10.21.0.0/28 has 16 addresses, but compute needs 17 (compute_network.cluster.max_nodes=12" in m


def test_workspace_subnet_too_small_for_cluster():
    m = err({"network": {"compute_subnet": {"name": "c", "cidr": "10.20.0.0/29"}}})
    assert "network.compute_subnet.cidr: 10.20.0.0/29 has 8 addresses, but compute needs 10" in m


def test_compute_region_must_be_in_the_cloud():
    assert "compute_network.region: 'chinanorth3' is in cloud 'china', not in cloud 'public'" in err({"compute_network": {"region": "chinanorth3"}})


def test_compute_subnet_outside_compute_vnet():
    m = err({"compute_network": {"compute_subnet": {"name": "c", "cidr": "10.99.0.0/24"}}})
    assert "compute_network.compute_subnet.cidr: 10.99.0.0/24 is outside compute_network.address_space (10.21.0.0/16)" in m


def test_compute_network_checks_apply_only_to_its_stacks():
    cfg = parse_config({"stacks": ["secure-workspace"], "compute_network": {"address_space": ["10.20.0.0/16"], "compute_subnet": {"name": "c", "cidr": "10.20.0.0/24"}}})
    assert cfg.stacks == ("secure-workspace",)


def test_unknown_stack():
    assert "stacks.0" in err({"stacks": ["peered"]})


def test_public_ip_scenario_is_set_by_compute_public_ip():
    assert "scenarios: 'public-ip-compute' is set with compute.public_ip: true" in err({"scenarios": ["public-ip-compute"]})


def test_for_stack_gives_each_variant_its_own_names():
    cfg = parse_config({})
    names = {k: cfg.for_stack(k).resource_group_name for k in cfg.stacks}
    assert len(set(names.values())) == len(cfg.stacks) == 5
    assert cfg.for_stack("secure-workspace") is cfg
    pinned = parse_config({"names": {"unique_suffix": "abcdef12"}})
    assert all(len(pinned.for_stack(k).storage_account_name) <= 24 and len(pinned.for_stack(k).key_vault_name) <= 24 for k in cfg.stacks)


def test_longest_prefix_still_fits_names():
    cfg = parse_config({"name_prefix": "abcdefghijkl", "names": {"unique_suffix": "abcdef12"}})
    for k in cfg.stacks:
        c = cfg.for_stack(k)
        assert len(c.storage_account_name) <= 24 and len(c.key_vault_name) <= 24, k


# --- a GPU cluster in the compute VNet: compute.image_build_cluster builds the images beside it -------------

GPU = "Standard_NC24ads_A100_v4"
BUILD = {"name": "image-build", "vm_size": "Standard_DS3_v2"}


@pytest.mark.parametrize("stacks", [["peered-compute"], ["private-endpoint-compute"], ["peered-compute", "private-endpoint-compute"]])
def test_gpu_compute_network_cluster_without_a_build_cluster_says_how_to_fix_it(stacks):
    m = err({"stacks": stacks, "compute_network": {"cluster": {"vm_size": GPU}}})
    assert m.startswith(f"cfg.yaml: compute_network.cluster.vm_size: '{GPU}' is a GPU size, and in the {' and '.join(stacks)} stack")
    assert "how-to-secure-workspace-vnet#enable-azure-container-registry-acr" in m
    assert "Add compute.image_build_cluster (a small CPU cluster the stack creates in the compute VNet's compute subnet" in m


def test_gpu_compute_network_cluster_with_a_build_cluster_is_accepted():
    cfg = parse_config({"stacks": ["peered-compute"], "compute_network": {"cluster": {"vm_size": GPU}}, "compute": {"image_build_cluster": BUILD}})
    assert cfg.compute_network_image_build == cfg.compute.image_build_cluster
    cpu = parse_config({"stacks": ["peered-compute"], "compute": {"image_build_cluster": BUILD}})
    assert cpu.compute_network_image_build is None  # a CPU cluster in the compute VNet builds the images itself
    assert parse_config({"stacks": ["secure-workspace"], "compute_network": {"cluster": {"vm_size": GPU}}}).stacks == ("secure-workspace",)


def test_compute_subnet_holds_the_gpu_and_the_build_cluster():
    def data(max_nodes: int, vm_size: str = GPU) -> dict:
        return {"stacks": ["peered-compute"], "compute": {"image_build_cluster": {**BUILD, "max_nodes": 2}},
                "compute_network": {"compute_subnet": {"name": "c", "cidr": "10.21.0.0/28"}, "cluster": {"vm_size": vm_size, "max_nodes": max_nodes}}}

    m = err(data(10))
    assert ("compute_network.compute_subnet.cidr: 10.21.0.0/28 has 16 addresses, but compute needs 17 (compute_network.cluster.max_nodes=10, "
            "compute.image_build_cluster.max_nodes=2 (the image-build cluster created there), plus 5 Azure reserves)") in m
    assert parse_config(data(9)).compute_network.cluster.max_nodes == 9  # 5 + 9 + 2 = 16 fits
    assert parse_config(data(11, "Standard_DS3_v2")).compute_network.cluster.max_nodes == 11  # no build cluster there: 5 + 11


def test_build_cluster_name_must_differ_from_the_compute_network_cluster():
    m = err({"stacks": ["peered-compute"], "compute_network": {"cluster": {"name": "train", "vm_size": GPU}},
             "compute": {"image_build_cluster": {**BUILD, "name": "train"}}})
    assert m.startswith("cfg.yaml: compute.image_build_cluster.name: 'train' is also compute_network.cluster.name; the peered-compute stack "
                        "creates both clusters in one workspace")
    # beside a CPU cluster the build cluster is not created there: no clash
    ok = parse_config({"stacks": ["peered-compute"], "compute_network": {"cluster": {"name": "train"}},
                       "compute": {"image_build_cluster": {**BUILD, "name": "train"}}})
    assert ok.compute_network_image_build is None
