"""Reference stacks composed from `amlnet.constructs`."""

from .aks_inference import AksInferenceStack
from .app import STACKS, build_app
from .peered_compute import PeeredComputeStack
from .private_endpoint_compute import PrivateEndpointComputeStack
from .secure_workspace import STACK_NAME as SECURE_WORKSPACE
from .secure_workspace import SecureWorkspaceStack
from .serverless import ServerlessStack

__all__ = [
    "AksInferenceStack",
    "PeeredComputeStack",
    "PrivateEndpointComputeStack",
    "SECURE_WORKSPACE",
    "STACKS",
    "SecureWorkspaceStack",
    "ServerlessStack",
    "build_app",
]
