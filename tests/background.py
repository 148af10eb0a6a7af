"""Slow subprocess checks that start when collection ends and run beside the in-process tests.

Most of the suite runs in this process (and its one jsii kernel); the slowest tests mostly wait on a
subprocess: the bindings imported the ordinary way, checkov, the real cdktf CLI, terraform. Each such
check is a job: `prepare` runs in the main thread when collection ends (it may use jsii, e.g. read the
session's synthesis), `run` then runs on one of two background threads, in registration order, and may only
start subprocesses and touch files. The test that needs the answer calls `result(job)`, which waits for
it, or runs it at once when it has not started yet. Only jobs that a selected test uses are started
(`@uses(job)` marks the test), so `pytest -k something` starts nothing it does not need.

Example::

    @background.job
    def checkov_scan():
        root = write_every_case()            # prepare: main thread
        return lambda: scan(root)            # run: background thread

    @background.uses(checkov_scan)
    def test_default_stacks_pass():
        failed, passed = background.result(checkov_scan)
"""

from __future__ import annotations

import subprocess
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import pytest

Prepare = Callable[[], Callable[[], Any]]

WORKERS = 2
"""Jobs at once. The main process keeps about one core busy; its jsii kernel and these jobs share the rest."""

_JOBS: dict[str, Prepare] = {}
_FUTURES: dict[str, Future[Any]] = {}
_LOCK = threading.Lock()


def job(prepare: Prepare) -> Prepare:
    """Register `prepare` (main thread) which returns `run` (background thread)."""
    _JOBS[_name(prepare)] = prepare
    return prepare


def uses(*jobs: Prepare) -> pytest.MarkDecorator:
    """Mark a test as reading `jobs`' results: they are started when collection ends."""
    return pytest.mark.background(*(_name(j) for j in jobs))


def _name(prepare: Prepare) -> str:
    return f"{prepare.__module__}.{prepare.__qualname__}"


def _claim(name: str) -> tuple[Future[Any], bool]:
    """The job's future, and whether the caller must run it (nobody has yet)."""
    with _LOCK:
        if name in _FUTURES:
            return _FUTURES[name], False
        f: Future[Any] = Future()
        _FUTURES[name] = f
        return f, True


def _execute(f: Future[Any], run: Callable[[], Any]) -> None:
    try:
        f.set_result(run())
    except BaseException as e:  # handed to the test that reads it
        e.add_note("".join(traceback.format_exception(e)))
        f.set_exception(e)


def start(names: list[str]) -> None:
    """Prepare the named jobs now (main thread), then run them in order on `WORKERS` background threads."""
    runs: list[tuple[Future[Any], Callable[[], Any]]] = []
    for name in names:
        f, mine = _claim(name)
        if not mine:
            continue
        try:
            runs.append((f, _JOBS[name]()))
        except BaseException as e:
            f.set_exception(e)

    todo = iter(runs)
    pick = threading.Lock()

    def worker() -> None:
        while True:
            with pick:
                nxt = next(todo, None)
            if nxt is None:
                return
            f, run = nxt
            if f.set_running_or_notify_cancel():
                _execute(f, run)

    for i in range(WORKERS):
        threading.Thread(target=worker, name=f"tests-background-{i}", daemon=True).start()


def result(prepare: Prepare) -> Any:
    """The job's result (raising what it raised); runs it here if it was not started."""
    f, mine = _claim(_name(prepare))
    if mine:
        f.set_running_or_notify_cancel()
        try:
            run = prepare()
        except BaseException as e:
            f.set_exception(e)
        else:
            _execute(f, run)
    return f.result()


_RUNNING: set[subprocess.Popen[str]] = set()


def run(cmd: list[str], *, timeout: float, **popen: Any) -> subprocess.CompletedProcess[str]:
    """`subprocess.run(cmd, capture_output=True, text=True, timeout=...)` for jobs: the process is known
    to `stop()`, which ends it when the session ends first (`pytest -x`, Ctrl-C), so no job outlives pytest."""
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen) as proc:
        with _LOCK:
            _RUNNING.add(proc)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            raise subprocess.TimeoutExpired(cmd, timeout, out, err) from None
        finally:
            with _LOCK:
                _RUNNING.discard(proc)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def stop() -> None:
    """End the job processes still running (the session is over); their tests have not waited for them."""
    with _LOCK:
        procs = list(_RUNNING)
    end(procs)


def end(procs: list[subprocess.Popen[str]]) -> None:
    """Terminate `procs`, then kill those still there after 5 s."""
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()


def selected(items: list[pytest.Item]) -> list[str]:
    """The jobs the selected tests use, in registration order (the slowest are registered first)."""
    wanted = {n for item in items for m in item.iter_markers("background") for n in m.args}
    return [n for n in _JOBS if n in wanted]
