"""Every stack amlnet ships, synthesized once per test session: the default app and every example.

Sweeps over shipped output (service tags, references, names, DNS) read from here, so each stack
is synthesized once however many tests look at it."""

from __future__ import annotations

import functools
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = tuple(sorted((ROOT / "examples").glob("*.*")))


@functools.cache
def shipped_configs() -> tuple[tuple[str, object], ...]:
    """(label, configuration): `default` and one per file in examples/."""
    from amlnet.config import default_config
    from amlnet.loading import load_config
    return (("default", default_config()), *((p.name, load_config(p)) for p in EXAMPLES))


@functools.cache
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


def stacks_of(label: str) -> dict[str, dict]:
    """{stack kind: Terraform JSON} of one shipped configuration (`default` or an examples/ file name),
    each a fresh copy: a test may mutate it."""
    docs = {kind: doc for lab, kind, _, doc in shipped_stacks() if lab == label}
    if not docs:
        raise KeyError(f"no shipped configuration {label!r}")
    return json.loads(json.dumps(docs))


@functools.cache
def app_output_dir(label: str) -> Path:
    """The cdktf.out that `build_app(...).synth()` writes for one shipped configuration, once per session
    (a temporary directory; read it, do not write to it)."""
    from amlnet.stacks import build_app
    from tests.conftest import session_dir

    cfg = dict(shipped_configs())[label]
    out = session_dir(f"amlnet-{label}-")
    build_app(cfg, str(out)).synth()
    return out


def app_output(label: str) -> dict[str, dict]:
    """{stack kind: cdk.tf.json} as `cdktf synth` writes them (with the "//" metadata that `Testing.synth`
    leaves out, which `amlnet verify` reads); fresh copies."""
    out = app_output_dir(label)
    return {p.parent.name: json.loads(p.read_text()) for p in sorted((out / "stacks").glob("*/cdk.tf.json"))}
