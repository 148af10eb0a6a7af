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
