"""tests/background.py: a job's result or error reaches the test that reads it, whether it ran beside the
suite or is run on demand, and only jobs a selected test uses are started."""

import threading

import pytest

from tests import background

calls: list[str] = []


@background.job
def _answer():
    calls.append("prepare")
    return lambda: (calls.append(threading.current_thread().name), 42)[1]


@background.job
def _broken():
    def run():
        raise ValueError("job failed: exit 3")
    return run


def test_a_job_nobody_started_runs_on_demand_once():
    assert background.result(_answer) == 42 and background.result(_answer) == 42
    assert calls == ["prepare", threading.current_thread().name]


def test_started_jobs_run_on_background_threads_and_errors_reach_the_reader():
    background.start([background._name(_broken)])
    with pytest.raises(ValueError, match="job failed: exit 3"):
        background.result(_broken)


def test_only_jobs_of_selected_tests_are_picked():
    class Item:
        def __init__(self, *names):
            self.marks = [pytest.mark.background(*names).mark]

        def iter_markers(self, name):
            return [m for m in self.marks if m.name == name]

    picked = background.selected([Item(background._name(_broken)), Item()])
    assert picked == [background._name(_broken)]


def test_a_job_process_can_be_ended_before_it_finishes():
    import sys
    import time

    cmd = [sys.executable, "-c", "import time; time.sleep(60)"]
    done = []
    t = threading.Thread(target=lambda: done.append(background.run(cmd, timeout=120)))
    start = time.monotonic()
    t.start()
    mine: list = []
    while not mine and time.monotonic() - start < 10:
        mine = [p for p in list(background._RUNNING) if p.args == cmd]  # only this test's: real jobs may be running
        time.sleep(0.01)
    background.end(mine)
    t.join(timeout=10)
    assert done and done[0].returncode != 0 and time.monotonic() - start < 10
