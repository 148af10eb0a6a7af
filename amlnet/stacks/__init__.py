"""Reference stacks composed from `amlnet.constructs`."""

from .app import build_app
from .secure_workspace import STACK_NAME as SECURE_WORKSPACE, SecureWorkspaceStack

__all__ = ["SECURE_WORKSPACE", "SecureWorkspaceStack", "build_app"]
