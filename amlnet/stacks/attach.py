"""The attach subnet and the Databricks subnets of the secure-workspace stack, when configured."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..constructs import AttachedComputeSubnet, AttachedComputeSubnetProps, DatabricksSubnets, DatabricksSubnetsProps
from ..planner import plan_attached_nsg_rules, plan_attached_routes
from ..providers import TerraformOutput

if TYPE_CHECKING:
    from .base import Egress, WorkspaceStackBase


def add_attached_compute(stack: WorkspaceStackBase, egress: Egress) -> AttachedComputeSubnet | None:
    """`attached_compute`: the attach subnet with its NSG and routes, and the output `attached_compute_subnet_id`."""
    cfg = stack.cfg
    att = cfg.attached_compute
    if att is None:
        return None
    net = stack.network
    subnet = AttachedComputeSubnet(
        stack, "attached-compute",
        AttachedComputeSubnetProps(
            name=att.subnet.name, cidr=att.subnet.cidr, location=cfg.region, resource_group_name=stack.resource_group.name,
            vnet_name=net.vnet_name, vnet_resource_group_name=net.vnet_resource_group_name,
            nsg_rules=plan_attached_nsg_rules(cfg), routes=plan_attached_routes(cfg),
            firewall_private_ip=egress.firewall_ip, nat_gateway_id=egress.nat_gateway_id, kinds=att.kinds, tags=stack.tags,
        ),
    )
    TerraformOutput(stack, "attached_compute_subnet_id", value=subnet.subnet_id)
    return subnet


def add_databricks(stack: WorkspaceStackBase) -> DatabricksSubnets | None:
    """`databricks`: the two delegated subnets and their NSGs, and outputs for `azurerm_databricks_workspace.custom_parameters`."""
    cfg = stack.cfg
    dbw = cfg.databricks
    if dbw is None:
        return None
    net = stack.network
    subnets = DatabricksSubnets(
        stack, "databricks",
        DatabricksSubnetsProps(
            host_name=dbw.host_subnet.name, host_cidr=dbw.host_subnet.cidr,
            container_name=dbw.container_subnet.name, container_cidr=dbw.container_subnet.cidr,
            location=cfg.region, resource_group_name=stack.resource_group.name,
            vnet_name=net.vnet_name, vnet_resource_group_name=net.vnet_resource_group_name, tags=stack.tags,
        ),
    )
    outputs: dict[str, Any] = {
        "virtual_network_id": net.vnet_id,
        "public_subnet_name": subnets.host_subnet.name,
        "private_subnet_name": subnets.container_subnet.name,
        "public_subnet_network_security_group_association_id": subnets.host_nsg_association_id,
        "private_subnet_network_security_group_association_id": subnets.container_nsg_association_id,
    }
    TerraformOutput(stack, "databricks_custom_parameters", value=outputs,
                    description="custom_parameters of your azurerm_databricks_workspace (VNet injection)")
    TerraformOutput(stack, "databricks_host_subnet_id", value=subnets.host_subnet_id)
    TerraformOutput(stack, "databricks_container_subnet_id", value=subnets.container_subnet_id)
    TerraformOutput(stack, "databricks_host_nsg_id", value=subnets.host_nsg.id)
    TerraformOutput(stack, "databricks_container_nsg_id", value=subnets.container_nsg.id)
    return subnets


def attach_metadata(cfg: Any) -> dict[str, Any]:
    """What `amlnet verify` needs about these subnets (under the stack's `//.amlnet` metadata)."""
    meta: dict[str, Any] = {}
    if cfg.attached_compute is not None:
        meta["attached_compute"] = {"subnet": cfg.attached_compute.subnet.name, "kinds": list(cfg.attached_compute.kinds)}
    if cfg.databricks is not None:
        meta["databricks"] = {"host_subnet": cfg.databricks.host_subnet.name, "container_subnet": cfg.databricks.container_subnet.name}
    return meta
