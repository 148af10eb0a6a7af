"""End a synthesizing process without the interpreter's teardown (main.py, after `app.synth()`).

Collecting the objects of thousands of binding classes and modules at exit takes about 0.15 s for the
default app, after the output is already written. `exit_now` stops the jsii kernel first, exactly as
jsii's own atexit hook would (so its runtime's temporary folder is removed), flushes the output streams
and calls `os._exit`. tests/test_main.py checks the exit code, the output and that no temporary file
is left.

Example::

    app.synth()
    exit_now(0)
"""

from __future__ import annotations

import os
import sys
import typing


def exit_now(code: int) -> typing.NoReturn:
    """Stop the jsii kernel, flush, `os._exit(code)`.

    The jsii kernel is stopped first exactly as its own atexit hook stops it (the exit request, a wait
    for node, the removal of its runtime's temporary folder: jsii 1.142.0, `_NodeProcess.stop` in
    jsii/_kernel/providers/process.py), the output streams are flushed, then `os._exit(code)`. If that
    jsii internal is not there (another jsii release), it falls back to `sys.exit(code)`.
    """
    import jsii

    process = getattr(getattr(getattr(jsii, "kernel", None), "provider", None), "_process", None)
    stop = getattr(process, "stop", None)
    if not callable(stop):
        sys.exit(code)
    stop()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
