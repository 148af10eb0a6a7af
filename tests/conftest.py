"""Shared fixtures. Everything that needs cdktf imports it lazily, so catalog, config and planning
tests run without loading the provider bindings."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SERVICE_TAG_FILES = {"public": "public.txt", "usgov": "usgovernment.txt", "china": "china.txt"}


def published_tags(cloud: str) -> frozenset[str]:
    """Microsoft's published service-tag names of `cloud` (shared/azure-service-tags). Fails when missing."""
    path = SHARED / "azure-service-tags" / SERVICE_TAG_FILES[cloud]
    if not path.is_file():
        pytest.fail(f"{path} not found: clone the repository with shared/ beside it")
    return frozenset(ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#"))
sys.path.insert(0, str(ROOT))

os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20")
os.environ.setdefault("CHECKPOINT_DISABLE", "1")


def session_dir(prefix: str) -> Path:
    """A new temporary folder, removed when the test process ends: for what is written outside a fixture's
    tmp_path (background jobs' inputs and outputs, session-wide syntheses)."""
    import atexit
    import shutil
    import tempfile

    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def seed_text(prefix: str) -> str:
    """The text of shared/seeds/<prefix>_*.txt. Fails (never skips) if the seeds are not beside the repo:
    CI always has them, and a test that silently skips proves nothing."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.fail(f"seed {prefix} not found under {SEEDS}: clone the repository with shared/ beside it")
    return matches[0].read_text(encoding="utf-8")


def synth_stack(stack) -> dict:
    """Synthesize one stack in memory and return its Terraform JSON."""
    from amlnet.providers import Testing

    return json.loads(Testing.synth(stack))


def resources(doc: dict, rtype: str) -> dict:
    return doc.get("resource", {}).get(rtype, {})


def one(doc: dict, rtype: str) -> dict:
    items = list(resources(doc, rtype).values())
    assert len(items) == 1, f"expected one {rtype}, found {len(items)}"
    return items[0]


@pytest.fixture(scope="session")
def default_cfg():
    from amlnet.config import default_config

    return default_config()


@pytest.fixture(scope="session")
def default_doc(default_cfg):
    """The default `secure-workspace` stack, synthesized once per session."""
    from amlnet.providers import App
    from amlnet.stacks import SecureWorkspaceStack

    app = App()
    stack = SecureWorkspaceStack(app, "secure-workspace", default_cfg)
    return synth_stack(stack)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the slow subprocess checks the selected tests use (tests/background.py)."""
    from tests import background

    names = background.selected(session.items)
    if names and not session.config.option.collectonly:
        background.start(names)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A job whose test never ran (`-x`, Ctrl-C) does not keep running after pytest (tests/background.py)."""
    from tests import background

    background.stop()
