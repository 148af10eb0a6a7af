"""The default app: which stacks, for one configuration."""

from __future__ import annotations

from ..config import AmlNetConfig
from ..providers import App
from .secure_workspace import STACK_NAME, SecureWorkspaceStack


def build_app(cfg: AmlNetConfig, outdir: str | None = None) -> App:
    app = App(outdir=outdir) if outdir else App()
    SecureWorkspaceStack(app, STACK_NAME, cfg)
    return app
