"""The temporary files and folders of a run, so that however it ends nothing is left behind;
and how a run stops when asked to (SIGINT, SIGTERM, SIGHUP, SIGQUIT).

Every temporary file or folder mdpoverty makes (an output's ``.part`` file beside it, standard
output's spool, a re-encoded or spooled input, the duplicate-id check's hashes) is registered
here when it is made and forgotten when it is moved into place or removed. `remove_all` removes
whatever is still registered: the CLI calls it however a command ends, and at exit.

A signal handler (the CLI's) calls `request_stop` and raises `Interrupted`, unless a `held`
step is under way (making a temporary file and registering it; moving the outputs into place):
then the stop waits for the step's end. The runner also calls `checkpoint` between batches, so
a stop is never lost inside a library that swallowed the exception.

A command's outputs are moved into place together (`outputs_together`): each one finished is
kept as its temporary file, and all are moved at the command's end in one held step, so a stop
or a failure leaves every output of the run in place or none (compare's --changes file was once
in place while its -o report, written after it, never was).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

_lock = threading.Lock()
_registered: dict[str, bool] = {}  # path -> is a folder
_committed: list[str] = []  # outputs moved into place by this process
_held = 0
# the placing of outputs finished while a command gathers them (`outputs_together`): each a
# step that moves one into place, and one that throws it away
_gathered: list[tuple[Callable[[], object], Callable[[], object]]] | None = None
_stop: int | None = None  # the signal that asked the run to stop


class Interrupted(BaseException):
    """A signal asked the run to stop: it stops, and cleans up on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP


def register(path: str, folder: bool = False) -> None:
    with _lock:
        _registered[path] = folder


def forget(path: str) -> None:
    with _lock:
        _registered.pop(path, None)


def committed(path: str) -> None:
    """Note an output moved into place (for the message of a run interrupted after that)."""
    with _lock:
        _committed.append(path)


def committed_paths() -> list[str]:
    with _lock:
        return list(_committed)


def remove(path: str) -> None:
    """Remove a registered file or folder (if still there) and forget it."""
    with _lock:
        folder = _registered.get(path, False)
    if folder:
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
    forget(path)  # only once gone: what could not be removed is tried again at exit


def quietly(*steps: Callable[[], object]) -> None:
    """Clean up after a failure: run every step, and let none of their errors replace the
    failure being reported (a full disk fails a workbook's closing too); what a step could
    not remove is registered still, and removed at exit."""
    for step in steps:
        with contextlib.suppress(Exception):
            step()


def remove_all() -> list[str]:
    """Remove every registered temporary file and folder; return the paths that could not be."""
    with _lock:
        paths = list(_registered)
    left: list[str] = []
    for path in paths:
        try:
            remove(path)
        except OSError:
            left.append(path)
    return left


atexit.register(remove_all)  # what a library caller or a normal exit leaves


def registered() -> list[str]:
    with _lock:
        return list(_registered)


def file_beside(target: str) -> str:
    """A new, registered temporary file in the folder of `target` (``.NAME.xxxx.part``)."""
    path = Path(target)
    with held():
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        os.close(fd)
        register(tmp)
    return tmp


def file_in_tmpdir(prefix: str, suffix: str) -> str:
    """A new, registered temporary file in TMPDIR."""
    with held():
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix)
        os.close(fd)
        register(tmp)
    return tmp


def folder_in_tmpdir(prefix: str) -> str:
    """A new, registered temporary folder in TMPDIR."""
    with held():
        path = tempfile.mkdtemp(prefix=prefix)
        register(path, folder=True)
    return path


@contextlib.contextmanager
def held() -> Iterator[None]:
    """A step a stop must not cut in two: a stop asked for meanwhile comes at its end."""
    global _held
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers run in the main thread only
        return
    _held += 1
    try:
        yield
    finally:
        _held -= 1
        if _held == 0:
            checkpoint()


def is_held() -> bool:
    return _held > 0


def request_stop(signum: int) -> None:
    global _stop
    if _stop is None:
        _stop = signum


def stop_requested() -> int | None:
    """The signal that asked the run to stop, if any."""
    return _stop


def checkpoint() -> None:
    """Raise `Interrupted` if a stop was asked for (and no held step is under way)."""
    if _stop is not None and not is_held():
        raise Interrupted(_stop)


def defer(place: Callable[[], object], discard: Callable[[], object]) -> bool:
    """Keep `place` (moving a finished output into place) for the end of the command, when one
    gathers its outputs (`outputs_together`): True; False when none does (place it now)."""
    with _lock:
        if _gathered is None:
            return False
        _gathered.append((place, discard))
        return True


def place_gathered() -> None:
    """Move every gathered output into place, in one step a signal waits for; when one cannot
    be, the others not yet placed are thrown away (those placed have nothing left to remove)."""
    global _gathered
    with _lock:
        steps, _gathered = list(_gathered or []), [] if _gathered is not None else None
    with held():
        for i, (place, _discard) in enumerate(steps):
            try:
                place()
            except BaseException:
                quietly(*(discard for _place, discard in steps[i:]))
                raise


@contextlib.contextmanager
def outputs_together(keep: Callable[[BaseException], bool] = lambda exc: False) -> Iterator[None]:
    """Gather the outputs finished inside the block, and move them into place at its end, all
    together (`place_gathered`); also when it ends by an exception `keep` accepts (an exit that
    still writes, such as rows rejected). Any other end throws them away. Nested blocks leave
    the placing to the outermost."""
    global _gathered
    with _lock:
        outer = _gathered is not None
        if not outer:
            _gathered = []
    if outer:
        yield
        return
    try:
        try:
            yield
        except BaseException as exc:
            if not keep(exc):
                raise
            place_gathered()
            raise
        place_gathered()
    finally:
        with _lock:
            steps, _gathered = list(_gathered or []), None
        quietly(*(discard for _place, discard in steps))
