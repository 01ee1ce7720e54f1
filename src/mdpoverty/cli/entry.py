"""The `mdpoverty` command: signal handlers first, then the application (imports take a while,
and a signal meanwhile is handled like one during a run)."""

from __future__ import annotations


def main() -> None:
    import gc
    import sys

    # The start (polars, pydantic, typer and the standard's models: hundreds of thousands of
    # objects, none of them garbage) set off Python's cycle collector 144 times in `measures`,
    # 49-137 ms of a run on a loaded machine; every 50,000 new objects instead of 700 it runs
    # once, and what a run leaves in cycles is still collected, later.
    gc.set_threshold(50_000, 10, 10)

    from ..io import temporary
    from . import signals

    signals.install()
    try:
        from .app import main as run
    except temporary.Interrupted as stop:
        signals.ignore()
        temporary.remove_all()
        sys.stderr.write(signals.message(stop.signum) + "\n")
        raise SystemExit(stop.exit_code) from None
    try:
        run()
    except SystemExit as done:
        if isinstance(done.code, int):
            _leave(done.code)
        raise


def _leave(code: int) -> None:
    """Exit with `code` once the exit handlers have run (temporary files) and standard output
    and error are flushed, without Python's teardown of every module and object, which took
    0.10-0.11 s of a run on a loaded machine and does nothing a finished command needs.
    Whatever is unusual (a thread still running, a flush that fails) is left to Python's own
    exit."""
    import atexit
    import os
    import sys
    import threading

    if threading.active_count() > 1:
        return
    atexit._run_exitfuncs()
    try:
        for stream in {sys.stdout, sys.__stdout__}:
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    for stream in {sys.stderr, sys.__stderr__}:
        try:  # standard error that cannot be written is lost, not a reason to fail
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)
