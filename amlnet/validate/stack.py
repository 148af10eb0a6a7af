"""One synthesized stack to validate, and finding the stacks under a path the user gives.

Example::

    find_stacks("cdktf.out")   # [Stack("secure-workspace", Path("cdktf.out/stacks/secure-workspace")), ...]
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

_SKIP_COPY = shutil.ignore_patterns(".terraform", ".terraform.lock.hcl", "*.tfstate", "*.tfstate.*", "*.tfplan")


class ValidateError(ValueError):
    """Input that cannot be validated (no stacks found, bad JSON). `str(err)` says where and what."""


@dataclass(frozen=True)
class Stack:
    """One synthesized stack: `name` for the report, `directory` holding its cdk.tf.json. `only`: a single file
    given by the user (any name), copied alone as cdk.tf.json; nothing else of its folder is read or copied."""

    name: str
    directory: Path
    only: Path | None = None

    @property
    def file(self) -> Path:
        return self.only or self.directory / "cdk.tf.json"


def _copy_stack(stack: Stack, dest: Path) -> None:
    if stack.only is None:
        shutil.copytree(stack.directory, dest, ignore=_SKIP_COPY, symlinks=True)
    else:
        dest.mkdir(parents=True)
        shutil.copyfile(stack.only, dest / "cdk.tf.json")


def find_stacks(path: str | Path, prefix: str = "") -> list[Stack]:
    """The stacks under `path`: a cdktf.out (stacks/*/cdk.tf.json), a folder of stack folders, one stack
    folder, or one cdk.tf.json. Raises ValidateError if there is none."""
    p = Path(path)
    if p.exists() and not p.is_file() and not p.is_dir():  # a FIFO would block the read below
        raise ValidateError(f"{path}: not a regular file (a pipe, socket or device); give a cdk.tf.json or a folder of stacks")
    if p.is_file():
        if p.suffix != ".json":
            raise ValidateError(f"{path}: expected a cdk.tf.json or a folder of stacks")
        files = [p]
    elif p.is_dir():
        files = sorted(p.glob("stacks/*/cdk.tf.json")) or sorted(p.glob("*/cdk.tf.json")) or sorted(p.glob("cdk.tf.json"))
        if not files:
            raise ValidateError(f"{path}: no stacks/*/cdk.tf.json below it (run `make synth` first)")
    else:
        raise ValidateError(f"{path}: no such file or directory")
    for f in files:
        try:
            json.loads(f.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise ValidateError(f"{f}: not valid JSON: {e}") from None
    # a file the user names is copied alone, even a cdk.tf.json: its folder may hold anything else
    return [Stack(prefix + (f.parent.name if f.name == "cdk.tf.json" else f.stem), f.parent, only=f if p.is_file() else None)
            for f in files]
