"""The default app: the stacks the configuration asks for (`stacks`, default all four)."""

from __future__ import annotations

from ..config import AmlNetConfig
from ..providers import App
from .aks_inference import AksInferenceStack
from .managed_network import ManagedNetworkStack
from .peered_compute import PeeredComputeStack
from .private_endpoint_compute import PrivateEndpointComputeStack
from .secure_workspace import SecureWorkspaceStack
from .serverless import ServerlessStack

STACKS = {
    "secure-workspace": SecureWorkspaceStack,
    "peered-compute": PeeredComputeStack,
    "private-endpoint-compute": PrivateEndpointComputeStack,
    "serverless-no-public-ip": ServerlessStack,
    "aks-inference": AksInferenceStack,
    "managed-network": ManagedNetworkStack,
}


def build_app(cfg: AmlNetConfig, outdir: str | None = None) -> App:
    """One stack per entry of `cfg.stacks`; each deploys side by side with the others (own names)."""
    app = App(outdir=outdir) if outdir else App()
    for kind in cfg.stacks:
        STACKS[kind](app, kind, cfg.for_stack(kind))
    return app
