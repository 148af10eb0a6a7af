"""The `amlnet` subcommands that live in their own module (one per command): each has `register(sub)`, which adds
its parser and sets `func`. amlnet/cli.py stays the dispatcher (egress, dependencies, k8s-policies, verify,
dns-forwarders and validate are still in it)."""

from __future__ import annotations

import argparse
from typing import Any

from . import audit, diagram, diff, init, merge, schema

MODULES = (schema, merge, init, diff, audit, diagram)


def register_all(sub: Any) -> None:
    """Add every command of this package to the `amlnet` subparsers."""
    for module in MODULES:
        module.register(sub)


def usage_errors() -> tuple[type[Exception], ...]:
    """Errors of these commands that are bad input (one line, exit 2)."""
    from ..app_init import InitError
    from ..reports.audit_export import AuditInputError

    return (InitError, AuditInputError)


__all__ = ["MODULES", "argparse", "register_all", "usage_errors"]
