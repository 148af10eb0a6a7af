"""ServerlessCompute: the workspace's serverless compute in a custom subnet, without public IP."""

from __future__ import annotations

from dataclasses import dataclass

from ..providers import Construct, MachineLearningWorkspace
from ._checks import check_literals, check_resource_id, fail


@dataclass(frozen=True)
class ServerlessComputeProps:
    """Props of `ServerlessCompute` (seed 003, "serverless compute without public IP").

    `subnet_id` is the custom subnet, which should carry the same NSG and egress as compute
    subnets (a `ComputeSubnet`). Without a subnet, serverless compute runs in a Microsoft-managed
    network and cannot be set to no public IP.
    """

    subnet_id: str | None
    """The custom subnet (a .../virtualNetworks/<vnet>/subnets/<name> ID or a token); None: Azure's managed network."""
    public_ip_enabled: bool = False
    """Public IPs on serverless nodes; False needs `subnet_id`."""

    def __post_init__(self) -> None:
        check_literals(self)
        check_resource_id(self, "subnet_id", self.subnet_id, "Microsoft.Network/virtualNetworks", "subnets")
        if self.subnet_id is None and not self.public_ip_enabled:
            fail(self, "subnet_id", "public_ip_enabled=False needs subnet_id (a custom subnet); "
                 "without one, serverless compute runs in a Microsoft-managed network with a public IP")


class ServerlessCompute(Construct):
    """Sets the `serverless_compute` block of a workspace: custom subnet, no public IP by default.

    Seed 003: when a workspace with no-public-IP serverless compute uses an IP allowlist, it needs an
    outbound private endpoint to the workspace. amlnet's workspaces never have public network access
    or allowlists; serverless compute reaches the workspace through its private endpoint in the VNet.

    Example::

        ServerlessCompute(stack, "serverless", ws.workspace, ServerlessComputeProps(subnet_id=subnet.subnet_id))
    """

    def __init__(self, scope: Construct, id: str, workspace: MachineLearningWorkspace, props: ServerlessComputeProps) -> None:
        super().__init__(scope, id)
        self._props = props
        self._workspace = workspace
        # the generated put_* methods take the struct's fields as keywords
        workspace.put_serverless_compute(subnet_id=props.subnet_id, public_ip_enabled=props.public_ip_enabled)

    @property
    def props(self) -> ServerlessComputeProps:
        return self._props

    @property
    def workspace(self) -> MachineLearningWorkspace:
        """The workspace whose `serverless_compute` block this construct sets."""
        return self._workspace

    @property
    def subnet_id(self) -> str | None:
        return self._props.subnet_id
