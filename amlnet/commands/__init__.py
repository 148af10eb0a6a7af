"""The `amlnet` subcommands that live in their own module (one per command): each has `register(sub)`, which adds
its parser and sets `func`; amlnet/cli.py is the dispatcher. Shared argument types: `args.py`."""

from __future__ import annotations

from typing import Any

from . import audit, dependencies, diagram, diff, dns_forwarders, egress, init, k8s_policies, merge, schema, validate, verify

MODULES = (egress, dependencies, k8s_policies, verify, dns_forwarders, schema, merge, validate, init, diff, audit, diagram)


def register_all(sub: Any) -> None:
    """Add every command of this package to the `amlnet` subparsers."""
    for module in MODULES:
        module.register(sub)


def usage_errors() -> tuple[type[Exception], ...]:
    """Errors of these commands that are bad input (one line, exit 2)."""
    from ..app_init import InitError
    from ..reports.audit_export import AuditInputError

    return (InitError, AuditInputError)


__all__ = ["MODULES", "register_all", "usage_errors"]
