"""Image builds are never silently unset: the private registry needs a CPU compute cluster for them."""

import pytest

from amlnet.config import ConfigError
from amlnet.loading import parse_config


def err(data) -> str:
    with pytest.raises(ConfigError) as e:
        parse_config(data, "cfg.yaml")
    return str(e.value)


def test_disabling_the_cluster_without_a_build_cluster_is_refused():
    m = err({"compute": {"cluster": {"enabled": False}}})
    assert m.startswith("cfg.yaml: compute.cluster.enabled: false leaves the workspace with no image-build compute")
    assert "compute.image_build_cluster" in m and "serverless" in m


def test_a_gpu_cluster_cannot_build_images():
    m = err({"compute": {"cluster": {"vm_size": "Standard_NC24ads_A100_v4"}}})
    assert "compute.cluster.vm_size: 'Standard_NC24ads_A100_v4' is a GPU size" in m
    assert "compute_network.cluster.vm_size: 'Standard_ND40rs_v2' is a GPU size" in err(
        {"stacks": ["peered-compute"], "compute_network": {"cluster": {"vm_size": "Standard_ND40rs_v2"}}})
    assert "compute.image_build_cluster.vm_size: 'Standard_NV6ads_A10_v5' is a GPU size" in err(
        {"compute": {"image_build_cluster": {"vm_size": "Standard_NV6ads_A10_v5"}}})


def test_the_build_cluster_needs_its_own_name():
    assert "compute.image_build_cluster.name: 'cpu-cluster' is also compute.cluster.name" in err(
        {"compute": {"image_build_cluster": {"name": "cpu-cluster"}}})


def test_a_dedicated_build_cluster_is_created_and_named_by_the_workspace():
    from amlnet.providers import App
    from amlnet.stacks import SecureWorkspaceStack
    from tests.conftest import one, resources, synth_stack

    cfg = parse_config({"stacks": ["secure-workspace"], "compute": {"cluster": {"enabled": False}, "image_build_cluster": {"name": "img-build"}}})
    doc = synth_stack(SecureWorkspaceStack(App(), "s", cfg))
    ws = one(doc, "azurerm_machine_learning_workspace")
    clusters = list(resources(doc, "azurerm_machine_learning_compute_cluster").values())
    assert ws["image_build_compute_name"] == "img-build"
    assert [(c["name"], c["vm_size"], c["scale_settings"]["min_node_count"], c["node_public_ip_enabled"]) for c in clusters] == [
        ("img-build", "Standard_DS3_v2", 0, False)]
