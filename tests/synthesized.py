"""Every stack amlnet ships, synthesized once per test session: the default app and every example.

Sweeps over shipped output (service tags, references, names, DNS) read from here, so each stack
is synthesized once however many tests look at it."""

from __future__ import annotations

import functools
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = tuple(sorted((ROOT / "examples").glob("*.*")))


@functools.lru_cache(maxsize=None)
def shipped_configs() -> tuple[tuple[str, object], ...]:
    """(label, configuration): `default` and one per file in examples/."""
    from amlnet.config import default_config, load_config

    return (("default", default_config()), *((p.name, load_config(p)) for p in EXAMPLES))


@functools.lru_cache(maxsize=None)
def shipped_stacks() -> tuple[tuple[str, str, object, dict], ...]:
    """(config label, stack kind, stack configuration, Terraform JSON) for every shipped stack."""
    from amlnet.providers import App, Testing
    from amlnet.stacks import STACKS

    out = []
    for label, cfg in shipped_configs():
        for kind in cfg.stacks:
            scfg = cfg.for_stack(kind)
            stack = STACKS[kind](App(), kind, scfg)
            out.append((label, kind, scfg, json.loads(Testing.synth(stack))))
    return tuple(out)


def ids() -> list[str]:
    return [f"{label}:{kind}" for label, kind, _, _ in shipped_stacks()]
