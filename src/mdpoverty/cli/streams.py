"""Standard output and error on a console that cannot show every character (cp1258, ASCII).

Python stops with UnicodeEncodeError at the first character the console's encoding lacks (the
box of a table, a Vietnamese letter). Such streams are given an error handler that writes the
closest character the encoding has: a Vietnamese letter as cp1258 spells it (base letter and a
combining tone mark), else without its accents, a symbol as ASCII, and '?' as a last resort.
"""

from __future__ import annotations

import codecs
import io
import os
import sys
import unicodedata

from ..text import unaccented

HANDLER = "mdpoverty-closest"
# cp1258 has the letters with breve, circumflex and horn, and the five tone marks as combining
# characters; NFD splits a letter such as 'ộ' into the base, the circumflex and the tone
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SYMBOLS = {
    "✓": "v",
    "✗": "x",
    "→": "->",
    "←": "<-",
    "↓": "v",
    "≤": "<=",
    "≥": ">=",
    "≠": "!=",
    "—": "-",
    "–": "-",
    "…": "...",
    "·": "-",
    "×": "x",
}


def _candidates(ch: str) -> list[str]:
    decomposed = unicodedata.normalize("NFD", ch)
    base = unicodedata.normalize(
        "NFC", decomposed[0] + "".join(m for m in decomposed[1:] if m not in _TONES)
    )
    tones = "".join(m for m in decomposed[1:] if m in _TONES)
    return [ch, base + tones, decomposed, unaccented(ch), _SYMBOLS.get(ch, "")]


def closest(ch: str, encoding: str) -> str:
    """`ch` as the closest text that `encoding` can write."""
    for candidate in _candidates(ch):
        if not candidate:
            continue
        try:
            candidate.encode(encoding)
        except UnicodeEncodeError:
            continue
        return candidate
    return "?"


def handler_for(encoding: str) -> str:
    """The name of an error handler that writes the closest text `encoding` has (registered
    once; a charmap codec does not tell its handler which encoding it is)."""
    name = f"{HANDLER}-{encoding}"
    try:
        codecs.lookup_error(name)
    except LookupError:

        def handle(exc: UnicodeError) -> tuple[str, int]:
            if not isinstance(exc, UnicodeEncodeError):
                raise exc
            text = exc.object[exc.start : exc.end]
            return "".join(closest(ch, encoding) for ch in text), exc.end

        codecs.register_error(name, handle)
    return name


def _can_write_vietnamese(stream: io.TextIOWrapper) -> bool:
    try:
        "Hộ nghèo ┃ ✓".encode(stream.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def tolerate_encoding() -> None:
    """Give stdout and stderr the closest-character handler when their encoding needs it."""
    for shown in (sys.stdout, sys.stderr):
        stream = getattr(shown, "_stream", shown)  # under ForgivingStream or NamedStdout
        if isinstance(stream, io.TextIOWrapper) and not _can_write_vietnamese(stream):
            stream.reconfigure(errors=handler_for(stream.encoding))


class ForgivingStream:
    """Standard error that cannot stop a run: a full disk (`2>/dev/full`), a closed reader or a
    closed descriptor makes its messages go unseen, never the command fail. Its first failed
    write or flush marks it lost, and later ones are dropped: the run goes on, writes its
    outputs and ends with the exit code it would have had (which still tells what happened).
    Every other attribute is the wrapped stream's (rich asks for isatty, encoding, fileno)."""

    def __init__(self, stream) -> None:
        self._stream = stream
        self.lost = False

    def write(self, text: str) -> int:
        if not self.lost:
            try:
                return self._stream.write(text)
            except (OSError, ValueError):
                self.lost = True
        return len(text)

    def flush(self) -> None:
        if not self.lost:
            try:
                self._stream.flush()
            except (OSError, ValueError):
                self.lost = True

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def forgive_stderr() -> None:
    """Put standard error behind `ForgivingStream` (once)."""
    if sys.stderr is not None and not isinstance(sys.stderr, ForgivingStream):
        sys.stderr = ForgivingStream(sys.stderr)  # type: ignore[assignment]


class WholeWrites(io.RawIOBase):
    """Standard output's descriptor, written whole or not at all. A file that reaches its size
    limit (`ulimit -f`) or a disk that fills takes part of a write, then refuses the rest; Python's
    buffered writer takes the part for the whole and drops the rest without a word (`standards
    schema > f` under `ulimit -f 4` wrote 4096 bytes and exited 0). Here a write goes on until
    every byte is taken, and the refusal (EFBIG, ENOSPC, EIO, EPIPE) is raised."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def write(self, data) -> int:  # type: ignore[override]
        view = memoryview(data).cast("B")
        done = 0
        while done < len(view):
            done += os.write(self._fd, view[done:])
        return done


def _whole(stream):
    """`stream` (Python's standard output) re-made over `WholeWrites`, as it was otherwise
    (encoding, error handler, line buffering); any other stream (a test's capture) as it is."""
    buffer = getattr(stream, "buffer", None)
    if not isinstance(stream, io.TextIOWrapper) or not isinstance(
        buffer, io.BufferedWriter | io.FileIO
    ):
        return stream
    try:
        fd = stream.fileno()
        stream.flush()
    except (OSError, ValueError):
        return stream
    whole = WholeWrites(fd)
    return io.TextIOWrapper(
        # unbuffered (PYTHONUNBUFFERED, python -u): Python's text layer straight over the file
        whole if isinstance(buffer, io.FileIO) else io.BufferedWriter(whole),
        encoding=stream.encoding,
        errors=stream.errors,
        newline=None if os.name == "nt" else "\n",  # as Python's own standard output
        line_buffering=stream.line_buffering,
        write_through=stream.write_through,
    )


def silence_stdout() -> None:
    """Point standard output's descriptor at the null device: what is still buffered then goes
    nowhere, and no later flush (the exit's) fails again and again. After a failure said once."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass


class NamedStdout:
    """Standard output whose failures name it: a full disk under `> /dev/full` says
    '<standard output>: No space left on device', not a bare reason the user would read as
    being about the output file. A closed reader (BrokenPipeError) passes as it is (exit 141).
    After a failure its descriptor is pointed at the null device (`silence_stdout`): the
    failure is said once, and the exit's flush of what is left does not fail again."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def _named(self, exc: OSError) -> OSError:
        silence_stdout()
        return OSError(exc.errno, exc.strerror or str(exc), "<standard output>")

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._named(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._named(exc) from None

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def name_stdout() -> None:
    """Put standard output behind `NamedStdout` (once), over `WholeWrites`."""
    if sys.stdout is not None and not isinstance(sys.stdout, NamedStdout):
        sys.stdout = NamedStdout(_whole(sys.stdout))  # type: ignore[assignment]
