"""What a path names, and opening a file to read without ever waiting on a pipe.

Every file mdpoverty reads (an input table, a member file, a previous list, a standard and each
file it extends, a `--columns` mapping, a test-case file) is checked here first: a folder, a
device (/dev/zero, which never ends) or a named pipe (whose opening waits for a writer, past
Ctrl-C) is refused with what it is, never read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

# what a path names, as a message says it ('this is a named pipe, not a regular file')
FILE = "file"
FOLDER = "folder"
PAST_FILE = "past a file"  # a path that goes on past a file (`file_before`): no folder there
WHAT = {
    FOLDER: "a folder",
    PAST_FILE: "a path that goes on past a file",
    "device": "a device",
    "named pipe": "a named pipe",
    "socket": "a socket",
    "other": "a special file",
}
# the same in Vietnamese, for messages.VI
WHAT_VI = {
    FOLDER: "một thư mục",
    PAST_FILE: "một đường dẫn đi tiếp sau một tệp",
    "device": "một thiết bị",
    "named pipe": "một named pipe",
    "socket": "một socket",
    "other": "một tệp đặc biệt",
}


def _kind_of_mode(mode: int) -> str:
    if stat.S_ISREG(mode):
        return FILE
    if stat.S_ISDIR(mode):
        return FOLDER
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


def kind(path: str | Path) -> str | None:
    """'file' for a regular file (a link to one included), 'folder', 'device', 'named pipe',
    'socket' or 'other'; None when nothing is there or the system cannot even look the name up
    (too long, a NUL byte): never an OSError. A path that goes on past a file (`file_before`)
    names nothing: None."""
    try:
        return _kind_of_mode(os.stat(path).st_mode)
    except (OSError, ValueError):
        return None


_SEPARATORS = frozenset({"/", os.sep, *([os.altsep] if os.altsep else [])})


def file_before(path: str) -> str | None:
    """The file that `path`, as written, goes on past as if it were a folder (`h.csv/`,
    `h.csv/.`, `data/h.csv/x`: 'h.csv', 'data/h.csv'), which the system refuses (ENOTDIR,
    not a folder); None for any other path. pathlib reads `h.csv/` and `h.csv/.` as `h.csv`,
    so a path is checked here as the user wrote it, before it becomes a Path.

    >>> file_before("pyproject.toml/"), file_before("pyproject.toml")
    ('pyproject.toml', None)
    """
    try:
        os.stat(path)
        return None
    except NotADirectoryError:
        pass
    except (OSError, ValueError):
        return None
    for i, ch in enumerate(path):
        if ch in _SEPARATORS and i and kind(path[:i]) == FILE:
            return path[:i]
    return None


class NotRegularFile(OSError):
    """The path names something other than a regular file; `kind` says what (see `WHAT`)."""

    def __init__(self, path: str | Path, kind: str) -> None:
        super().__init__(f"{path}: this is {WHAT[kind]}, not a regular file")
        self.kind = kind


def open_to_read(path: str | Path) -> BinaryIO:
    """`path` opened for reading in binary, when it is a regular file; otherwise
    NotRegularFile (FileNotFoundError and the like as `open` raises them).

    Opened without blocking and checked on the open descriptor, so a named pipe is refused at
    once (a plain open would wait for a writer, and Ctrl-C cannot stop that wait), and a file
    swapped for a pipe between a check and the read is refused too.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        found = _kind_of_mode(os.fstat(fd).st_mode)
        if found != FILE:
            raise NotRegularFile(path, found)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
