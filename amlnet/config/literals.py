"""Configuration values are literal text: none may hold a Terraform template sequence (`${` or `%{`).

Terraform evaluates `${...}` and `%{...}` in every string of a `.tf.json` file, so a configuration value
such as a tag `${file("/etc/passwd")}` would make `terraform validate`, plan and apply read the runner's
files (and send them to Azure). No configuration value of amlnet is an expression, so the sequences are
refused where they enter, with the key path and the value as written. No cdktf.

Example::

    template_problem({"tags": {"owner": "${file(\\"/etc/passwd\\")}"}})   # ('tags.owner', '${file(...)}')
"""

from __future__ import annotations

from typing import Any

TEMPLATE_SEQUENCES = ("${", "%{")
"""What starts an interpolation or a directive in a Terraform string template (Terraform: "Strings and Templates")."""


def has_template(text: str) -> bool:
    return any(s in text for s in TEMPLATE_SEQUENCES)


def template_problem(data: Any, path: str = "") -> tuple[str, str] | None:
    """The first (key path, string) in raw configuration data whose key or value holds a template sequence."""
    if isinstance(data, str):
        return (path or "(top level)", data) if has_template(data) else None
    if isinstance(data, dict):
        for k, v in data.items():
            key = str(k)
            here = f"{path}.{key}" if path else key
            if has_template(key):
                return here, key
            found = template_problem(v, here)
            if found:
                return found
    elif isinstance(data, (list, tuple)):
        for i, v in enumerate(data):
            found = template_problem(v, f"{path}[{i}]")
            if found:
                return found
    return None


def template_message(path: str, value: str) -> str:
    shown = value if len(value) <= 80 else value[:77] + "..."
    seq = next(s for s in TEMPLATE_SEQUENCES if s in value)
    return (f"{path}: {shown!r} contains {seq!r}, which Terraform would evaluate as an expression (it can read files on the "
            f"machine that runs terraform); configuration values are literal text, remove it")
