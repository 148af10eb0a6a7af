"""TrainingCompute: never a public IP, and created only after what it depends on."""

from amlnet.constructs import ClusterProps, InstanceProps, TrainingCompute, TrainingComputeProps
from amlnet.providers import App, TerraformStack
from tests.conftest import one, resources, synth_stack

SNET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet"
WS = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws"


def test_no_public_ip_and_subnet():
    stack = TerraformStack(App(), "t")
    TrainingCompute(stack, "c", TrainingComputeProps(workspace_id=WS, location="eastus2", subnet_id=SNET,
                                                     cluster=ClusterProps(max_nodes=8), instance=InstanceProps(name="ci-1")))
    doc = synth_stack(stack)
    c = one(doc, "azurerm_machine_learning_compute_cluster")
    i = one(doc, "azurerm_machine_learning_compute_instance")
    for x in (c, i):
        assert x["node_public_ip_enabled"] is False
        assert x["subnet_resource_id"] == SNET
        assert x["local_auth_enabled"] is False
    assert c["ssh_public_access_enabled"] is False
    assert c["scale_settings"] == {"min_node_count": 0, "max_node_count": 8, "scale_down_nodes_after_idle_duration": "PT30M"}


def test_cluster_only():
    stack = TerraformStack(App(), "t")
    TrainingCompute(stack, "c", TrainingComputeProps(workspace_id=WS, location="eastus2", subnet_id=SNET))
    doc = synth_stack(stack)
    assert resources(doc, "azurerm_machine_learning_compute_instance") == {}
    assert len(resources(doc, "azurerm_machine_learning_compute_cluster")) == 1


# --- where the compute runs, and what it waits for (issue 19, items 10 and 15) -----------------------------------

import pytest  # noqa: E402

from amlnet.constructs import PropsError  # noqa: E402


def test_managed_network_compute_has_no_subnet():
    stack = TerraformStack(App(), "t")
    TrainingCompute(stack, "c", TrainingComputeProps(workspace_id=WS, location="eastus2", subnet_id=None, managed_network=True,
                                                     instance=InstanceProps(name="ci-1")))
    doc = synth_stack(stack)
    for rtype in ("azurerm_machine_learning_compute_cluster", "azurerm_machine_learning_compute_instance"):
        c = one(doc, rtype)
        assert "subnet_resource_id" not in c and c["node_public_ip_enabled"] is False


@pytest.mark.parametrize("kw, match", [
    ({"subnet_id": SNET, "managed_network": True}, "subnet_id: .*managed_network is true"),
    ({"subnet_id": None}, "subnet_id: None, but managed_network is false"),
    ({"subnet_id": None, "managed_network": True, "public_ip": True}, "public_ip: true with managed_network"),
])
def test_subnet_and_managed_network_contradictions(kw, match):
    with pytest.raises(PropsError, match=match):
        TrainingComputeProps(workspace_id=WS, location="eastus2", **kw)


def test_compute_of_a_workspace_in_the_same_app_needs_its_private_endpoint():
    """Issue 19, item 15: the wait was only a docstring; now the props refuse to forget it."""
    from amlnet.providers import ResourceGroup

    stack = TerraformStack(App(), "t")

    rg = ResourceGroup(stack, "rg", name="rg", location="eastus2")
    token_ws = f"{rg.id}/providers/Microsoft.MachineLearningServices/workspaces/ws"
    with pytest.raises(PropsError, match="workspace_private_endpoint: None, but the workspace is created in this app"):
        TrainingComputeProps(workspace_id=token_ws, location="eastus2", subnet_id=SNET)
    TrainingComputeProps(workspace_id=token_ws, location="eastus2", subnet_id=SNET, public_ip=True)  # public IP: no wait needed


def test_the_private_endpoint_comes_first_in_depends_on():
    stack = TerraformStack(App(), "t")
    from amlnet.providers import ResourceGroup

    pe, other = ResourceGroup(stack, "pe", name="a", location="eastus2"), ResourceGroup(stack, "o", name="b", location="eastus2")
    TrainingCompute(stack, "c", TrainingComputeProps(workspace_id=WS, location="eastus2", subnet_id=SNET,
                                                     workspace_private_endpoint=pe, depends_on=(other, pe)))
    c = one(synth_stack(stack), "azurerm_machine_learning_compute_cluster")
    assert c["depends_on"] == ["azurerm_resource_group.pe", "azurerm_resource_group.o"]
