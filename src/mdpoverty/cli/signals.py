"""SIGINT, SIGTERM, SIGHUP and SIGQUIT: a run stops by an exception, so every temporary file is
removed on the way out, and the command exits 128 + the signal (130, 143, 129, 131) with one line
on stderr. SIGHUP is the terminal closed or the SSH connection dropped under a run (its default
ended the process on the spot, leaving the outputs' .part files and TMPDIR's spills); SIGQUIT is
Ctrl-\\ (its default dumps core, the same litter).

Light on purpose (no typer, rich or polars): the entry point installs the handlers before it
imports anything else, so a signal during the start is handled too.
"""

from __future__ import annotations

import signal
import sys

from ..io import temporary

SIGNALS = tuple(
    getattr(signal, name)
    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")
    if hasattr(signal, name)  # Windows has no SIGHUP or SIGQUIT
)


def _on_signal(signum: int, _frame: object) -> None:
    if temporary.stop_requested() is not None:
        return  # stopping already: the cleanup on the way out is not to be cut short
    temporary.request_stop(signum)
    if not temporary.is_held():  # else the held step ends first, then raises
        raise temporary.Interrupted(signum)


def _unraisable(args: sys.UnraisableHookArgs) -> None:
    """A stop raised where Python cannot let an exception out (a finaliser, a callback from a
    library's native code) is swallowed there and printed as "Exception ignored in: ..." with
    its traceback. The stop stays asked for (`request_stop` ran first): the next held step's
    end, or the exit, acts on it. So it is dropped without a word; anything else is Python's to
    print."""
    if isinstance(args.exc_value, temporary.Interrupted) and temporary.stop_requested():
        return
    _default_unraisable(args)


_default_unraisable = sys.unraisablehook


def install() -> None:
    """Replace the defaults (SIGINT: KeyboardInterrupt anywhere; SIGTERM, SIGHUP, SIGQUIT: the
    end of the process on the spot, temporary files left behind)."""
    sys.unraisablehook = _unraisable
    for signum in SIGNALS:
        signal.signal(signum, _on_signal)


def ignore() -> None:
    """From here to the exit nothing is left to stop: a late signal is not to cut it short."""
    for signum in SIGNALS:
        signal.signal(signum, signal.SIG_IGN)


def message(signum: int) -> str:
    """The one line an interrupted run prints."""
    name = signal.Signals(signum).name
    written = temporary.committed_paths()
    if written:
        return f"interrupted by {name} after these outputs were written in full: " + ", ".join(
            written
        )
    return f"interrupted by {name}: stopped; no output was written, earlier files are untouched"
