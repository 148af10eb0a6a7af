"""GPU clusters in the second VNet (peered-compute, private-endpoint-compute): a GPU cluster cannot build the
workspace's images (the registry is private; Learn how-to-secure-workspace-vnet#enable-azure-container-registry-acr,
"Only a CPU SKU is supported"), so `compute.image_build_cluster` is created beside it and the workspace names it."""

from __future__ import annotations

import json

import pytest

from amlnet.loading import parse_config
from amlnet.providers import App
from amlnet.stacks import STACKS, build_app
from amlnet.verify import Document, verify_document
from tests.conftest import one, resources, synth_stack

GPU = "Standard_NC24ads_A100_v4"
KINDS = ("peered-compute", "private-endpoint-compute")


def gpu_config(kind: str, **compute_network) -> dict:
    return {"stacks": [kind], "compute_network": {"cluster": {"name": "gpu-cluster", "vm_size": GPU}, **compute_network},
            "compute": {"image_build_cluster": {"name": "image-build", "vm_size": "Standard_DS3_v2"}}}


def synth(kind: str, data: dict) -> dict:
    cfg = parse_config(data)
    return synth_stack(STACKS[kind](App(), kind, cfg.for_stack(kind)))


def compute_subnet_keys(doc: dict) -> tuple[str, str]:
    """(subnet key, its NSG association key) of the compute VNet's compute subnet."""
    (key,) = [k for k, s in resources(doc, "azurerm_subnet").items() if s["name"] == "snet-aml-compute"]
    (assoc,) = [k for k, a in resources(doc, "azurerm_subnet_network_security_group_association").items()
                if a["subnet_id"] == f"${{azurerm_subnet.{key}.id}}"]
    return key, assoc


@pytest.mark.parametrize("region", [None, "westus2"])
@pytest.mark.parametrize("kind", KINDS)
def test_gpu_cluster_gets_a_cpu_image_build_cluster_beside_it(kind, region):
    doc = synth(kind, gpu_config(kind, **({"region": region} if region else {})))
    subnet, assoc = compute_subnet_keys(doc)
    clusters = {c["name"]: c for c in resources(doc, "azurerm_machine_learning_compute_cluster").values()}
    assert {n: c["vm_size"] for n, c in clusters.items()} == {"gpu-cluster": GPU, "image-build": "Standard_DS3_v2"}
    for c in clusters.values():
        assert c["subnet_resource_id"] == f"${{azurerm_subnet.{subnet}.id}}"
        assert c["node_public_ip_enabled"] is False and c["location"] == (region or "eastus2")
        assert f"azurerm_subnet_network_security_group_association.{assoc}" in c["depends_on"]
    assert clusters["image-build"]["depends_on"] == clusters["gpu-cluster"]["depends_on"]
    assert clusters["image-build"]["scale_settings"]["min_node_count"] == 0
    assert one(doc, "azurerm_machine_learning_workspace")["image_build_compute_name"] == "image-build"


@pytest.mark.parametrize("kind", KINDS)
def test_a_cpu_cluster_in_the_compute_vnet_still_builds_the_images(kind):
    """compute.image_build_cluster is for the workspace VNet's stacks; beside a CPU cluster these stacks add none."""
    data = gpu_config(kind)
    data["compute_network"]["cluster"]["vm_size"] = "Standard_DS3_v2"
    doc = synth(kind, data)
    assert [c["name"] for c in resources(doc, "azurerm_machine_learning_compute_cluster").values()] == ["gpu-cluster"]
    assert one(doc, "azurerm_machine_learning_workspace")["image_build_compute_name"] == "gpu-cluster"


def test_with_secure_workspace_each_stack_builds_in_its_own_workspace():
    """Decision: each stack has a workspace of its own (`for_stack`), so the workspace VNet's build cluster
    (secure-workspace) cannot build the peered stack's images; both stacks create one, each named by its own workspace."""
    data = gpu_config("peered-compute")
    data["stacks"] = ["secure-workspace", "peered-compute"]
    cfg = parse_config(data)
    app = App()
    docs = {kind: synth_stack(STACKS[kind](app, kind, cfg.for_stack(kind))) for kind in cfg.stacks}
    names = {}
    for kind, doc in docs.items():
        ws_key, ws = next(iter(resources(doc, "azurerm_machine_learning_workspace").items()))
        clusters = {c["name"]: c for c in resources(doc, "azurerm_machine_learning_compute_cluster").values()}
        assert ws["image_build_compute_name"] == "image-build" and clusters["image-build"]["vm_size"] == "Standard_DS3_v2"
        assert {c["machine_learning_workspace_id"] for c in clusters.values()} == {f"${{azurerm_machine_learning_workspace.{ws_key}.id}}"}
        names[kind] = (ws["name"], sorted(clusters))
    assert names == {"secure-workspace": ("mlw-amlnet", ["cpu-cluster", "image-build"]),
                     "peered-compute": ("mlw-amlnetpc", ["gpu-cluster", "image-build"])}


def test_gpu_stacks_verify_clean(tmp_path):
    """`amlnet verify` on the app's output (with the `//` metadata that Testing.synth leaves out)."""
    data = gpu_config("peered-compute")
    data["stacks"] = list(KINDS)
    build_app(parse_config(data), str(tmp_path)).synth()
    for kind in KINDS:
        doc = json.loads((tmp_path / "stacks" / kind / "cdk.tf.json").read_text())
        assert len(resources(doc, "azurerm_machine_learning_compute_cluster")) == 2
        rep = verify_document(Document(doc, kind))
        assert rep.violations == [], [(f.flow, f.decided_by) for f in rep.violations]
        assert "amlnet" in doc["//"] and sum(f.check == "flow" for f in rep.findings) >= 40
