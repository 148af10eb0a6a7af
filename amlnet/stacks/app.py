"""The default app: which configuration, which stacks."""

from __future__ import annotations

import os

from ..config import AmlNetConfig, default_config, load_config
from ..providers import App
from .secure_workspace import STACK_NAME, SecureWorkspaceStack

CONFIG_ENV = "AMLNET_CONFIG"


def load_selected_config(environ=os.environ) -> AmlNetConfig:
    """The built-in default, or the YAML/JSON file named by AMLNET_CONFIG. Raises ConfigError."""
    path = environ.get(CONFIG_ENV, "").strip()
    return load_config(path) if path else default_config()


def build_app(cfg: AmlNetConfig, outdir: str | None = None) -> App:
    app = App(outdir=outdir) if outdir else App()
    SecureWorkspaceStack(app, STACK_NAME, cfg)
    return app
