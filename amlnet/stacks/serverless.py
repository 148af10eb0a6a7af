"""The `serverless-no-public-ip` reference stack."""

from __future__ import annotations

from ..config import AmlNetConfig
from ..constructs import ServerlessCompute, ServerlessComputeProps
from ..providers import Construct
from .secure_workspace import SecureWorkspaceStack

STACK_NAME = "serverless-no-public-ip"


class ServerlessStack(SecureWorkspaceStack):
    """Seed 003, "serverless compute without public IP": the workspace (public network access
    disabled) runs serverless jobs in the workspace VNet's compute subnet, which carries the same NSG
    and egress as any compute subnet. No compute instance; a compute cluster (scaled to zero) stays
    for image builds, since the registry is private.

    Example::

        ServerlessStack(app, "serverless-no-public-ip", cfg.for_stack("serverless-no-public-ip"))
    """

    def __init__(self, scope: Construct, id: str, cfg: AmlNetConfig) -> None:
        no_instance = cfg.compute.instance.model_copy(update={"enabled": False})
        cfg = cfg.model_copy(update={"compute": cfg.compute.model_copy(update={"instance": no_instance})})
        super().__init__(scope, id, cfg)
        s = cfg.serverless
        self.serverless = ServerlessCompute(
            self,
            "serverless",
            self.workspace.workspace,
            ServerlessComputeProps(subnet_id=self.compute_subnet.subnet_id if s.subnet == "compute" else None, public_ip_enabled=s.public_ip),
        )
