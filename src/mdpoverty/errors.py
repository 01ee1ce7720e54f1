"""Domain errors raised by the core. The CLI maps each family to one exit code."""

from __future__ import annotations

import re
from enum import IntEnum

from .text import caret, one_line, quoted


class ExitCode(IntEnum):
    """Documented exit codes of the `mdpoverty` command."""

    OK = 0
    INTERNAL = 1  # a bug: please report it (rerun with --debug for the traceback)
    USAGE = 2  # bad options or arguments (typer/click's own code)
    ROWS_REJECTED = 3  # output written, but some rows went to the rejects file
    CASES_FAILED = 3  # `standards test`: the run completed, but some cases failed
    UNUSABLE_INPUT = 4  # input file or standard file cannot be used at all
    PIPE_CLOSED = 141  # standard output was closed early (`| head`): 128 + SIGPIPE, as a shell says


class MdpovertyError(Exception):
    """Base of every error the core raises on purpose.

    `where` locates the problem (file, YAML path, line, row, column) without ever
    quoting a whole household record. `key` names the message in `messages.VI` (its
    Vietnamese form) and `params` holds the values that form places; the English `message`
    is what `str()` gives. A detail line may be a `Said` to be translated too.
    """

    exit_code: ExitCode = ExitCode.UNUSABLE_INPUT

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        yaml_path: str | None = None,
        line: int | None = None,
        row: int | None = None,
        column: str | None = None,
        details: list[str] | None = None,
        key: str | None = None,
        params: dict[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.key = key
        self.params = dict(params or {})
        self.message = message
        self.file = file
        self.yaml_path = yaml_path
        self.line = line
        self.row = row
        self.column = column
        self.details = details or []

    @property
    def where(self) -> str:
        return self.located()

    def located(self, row: str = "row", column: str = "column") -> str:
        """File (and line), YAML path, row and column, with `row` and `column` the words for
        them in the message's language."""
        parts: list[str] = []
        if self.file:
            # a file name is shown on one line: a line break in it could fake a line of output
            name = self.file.replace("\r", "\\r").replace("\n", "\\n")
            parts.append(name + (f":{self.line}" if self.line else ""))
        if self.yaml_path:  # a YAML key may hold a line break too
            parts.append(one_line(self.yaml_path))
        if self.row is not None:
            parts.append(f"{row} {self.row}")
        if self.column:
            parts.append(f"{column} {quoted(self.column)}")
        return ": ".join(parts)

    def __str__(self) -> str:
        head = f"{self.where}: {self.message}" if self.where else self.message
        return "\n".join([head, *("  " + d for d in self.details)])


class Said(str):
    """English text that also carries the key and values of its other forms (`messages.VI`):
    a detail line of an error, or a value placed in a message, said in the run's language."""

    key: str
    params: dict[str, object]

    def __new__(cls, text: str, key: str, **params: object) -> Said:
        said = super().__new__(cls, text)
        said.key, said.params = key, params
        return said


class StandardError(MdpovertyError):
    """A standard file is unreadable, invalid or inconsistent."""


class ExpressionError(StandardError):
    """An expression in a standard file does not parse or does not type-check."""

    def __init__(self, message: str, *, expression: str, position: int, **kw: object) -> None:
        # the caret is counted on the expression as shown: escaped characters take columns
        details = list(caret(expression, position))
        super().__init__(message + f" (at character {position + 1})", details=details, **kw)  # type: ignore[arg-type]
        self.expression = expression
        self.position = position


class StandardNotFound(MdpovertyError):
    """No standard matches the id, path or date asked for."""


class InputError(MdpovertyError):
    """The input table cannot be used at all (unreadable, not a table, missing columns...)."""


class MissingColumns(InputError):
    """Columns a standard needs are not in the input; `standards` are the ids of those that
    need them, so the caller can say why each was chosen; `hints_end`: where in `details`
    the hints (other inputs that would do) end, the place for more of them."""

    def __init__(
        self,
        message: str,
        *,
        standards: list[str] | None = None,
        hints_end: int | None = None,
        **kw: object,
    ) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.standards = standards or []
        self.hints_end = hints_end


class PreviousClassUnsaid(InputError):
    """With several standards, which standard a previous list's class column was made under is
    the user's to say (`report --previous-class ID=COLUMN`): a usage error."""

    exit_code = ExitCode.USAGE


class ResourceError(MdpovertyError):
    """The machine refused the run memory or a thread (`ulimit -v`, a container's limit,
    other work): not the input's fault, and not a bug."""


# how polars, Rust and the system say they were refused memory or a thread
_REFUSED = re.compile(
    r"cannot allocate memory|os error 12\b|out of memory|memory allocation of \d+ bytes failed"
    r"|capacity overflow|failed to spawn"
    # EAGAIN is a refused thread only when a thread is being made (else a non-blocking stream)
    r"|(thread|spawn).*(wouldblock|resource temporarily unavailable|os error 11\b)"
    r"|(wouldblock|resource temporarily unavailable|os error 11\b).*(thread|spawn)",
    re.I | re.S,
)


def refused_resources(exc: BaseException | None, depth: int = 0) -> bool:
    """Whether `exc` (or one it wraps) says the system refused memory or a thread."""
    if exc is None or depth > 5:
        return False
    if isinstance(exc, MemoryError) or _REFUSED.search(str(exc)):
        return True
    inner = [a for a in exc.args if isinstance(a, BaseException)]
    return any(refused_resources(e, depth + 1) for e in (*inner, exc.__cause__, exc.__context__))


class OutputError(MdpovertyError):
    """The output cannot be written where asked."""


class MembersRequired(MdpovertyError):
    """A standard has indicators with a member form only, and no member file was given."""

    exit_code = ExitCode.USAGE
