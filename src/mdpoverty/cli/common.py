"""Options and helpers shared by the commands: consoles, error handling, standard choice."""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
import traceback
from collections.abc import Callable, Collection
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from ..errors import (
    ExitCode,
    InputError,
    MdpovertyError,
    OutputError,
    Said,
    refused_resources,
)
from ..io.limits import out_of_memory
from ..labels import Lang
from ..text import counted, quoted, shorten, visible

if TYPE_CHECKING:
    from ..engine.classifier import CompiledStandard

F = TypeVar("F", bound=Callable[..., Any])


class State:
    debug = False


def shown(text: str) -> str:
    """`text` safe on a terminal: every control and format character (escape sequences that
    recolour, retitle or link; bidirectional overrides that reorder a line; a zero-width space
    that hides a difference) written out as its code, as `text.visible` writes it (\\x1b,
    \\u202e, \\u200b); tabs and line breaks stay."""
    if text.isascii() and text.replace("\n", "").replace("\t", "").isprintable():
        return text
    return visible(text, keep="\t\n")


def shown_path(path: object) -> str:
    """A file name on one line: its line breaks written out too (they could fake a line)."""
    return str(path).replace("\r", "\\r").replace("\n", "\\n")


@functools.cache
def _console_class():
    from rich.console import Console

    class PlainConsole(Console):
        """Every string it renders (printed, a table's cell, header or title) is shown as is:
        no markup, no emoji codes, no control characters."""

        def render_str(self, text: str, **kw: Any):
            return super().render_str(shown(text), **kw)

        def on_broken_pipe(self) -> None:
            # rich's own reaction is exit 1, which mdpoverty keeps for its bugs
            if self.file in (sys.stdout, sys.__stdout__):
                raise SystemExit(pipe_closed())
            super().on_broken_pipe()

    return PlainConsole


def _console(stderr: bool, **kw: Any):
    # No markup, no emoji codes: every string printed is shown as it is, so text from the data,
    # file names, ids, headers and standard files can never style, link or break the output
    # ('[/x]', '[link=...]', ':warning:', an escape sequence). Styles are given as rich Text
    # objects (`styled`). Soft wrap: a message is one logical line, whole for grep and logs.
    return _console_class()(
        stderr=stderr, markup=False, emoji=False, highlight=False, soft_wrap=True, **kw
    )


def out_console(to_stderr: bool = False):
    return _console(to_stderr)


def err_console():
    return _console(True)


def file_console(fh, width: int = 120):
    """A console writing into an open text file (a report written with -o)."""
    return _console(False, file=fh, width=width)


def styled(*parts: Any):
    """Text from plain strings, (text, style) pairs and Text; no string is read as markup."""
    from rich.text import Text

    def part(p: Any) -> Any:
        if isinstance(p, str):
            return shown(p)
        if isinstance(p, tuple):
            return (shown(p[0]), p[1])
        return p  # Text, made by `styled` already

    return Text.assemble(*(part(p) for p in parts))


def print_note(console: Any, text: str, lang: str) -> None:
    """`text` on `console` (stderr) after a yellow ``note:`` (``lưu ý:`` in Vietnamese); no
    part of it is read as markup.

    Example: ``print_note(err_console(), "the header was found on row 4", lang)``.
    """
    from ..labels import no_header_said

    vi = lang == Lang.VI
    text = no_header_said(text, lang)  # a column with no header named in the note's language
    console.print(styled(("lưu ý:" if vi else "note:", "yellow"), f" {text}"))


def note_withheld(table: Any, standards: list, lang: str) -> None:
    """The note naming the workbook's hidden columns that no output carries (`layout.withheld`:
    those the run does not read), once the standards and the options naming columns are known.

    Example: ``note_withheld(table, compiled, "vi")`` after --by and --weight are resolved.
    """
    from ..run.layout import input_headers, withheld

    left = withheld(table, standards)
    if not left:
        return
    own = input_headers(table)
    shown = ", ".join(quoted(visible(own.get(c, c))) for c in table.hidden if c in left)
    print_note(
        err_console(),
        f"các cột bị ẩn trong bảng tính mà không gì đọc không được ghi ra tệp kết quả nào: {shown}"
        if lang == Lang.VI
        else f"columns hidden in the workbook that nothing reads are not written to any output: {shown}",
        lang,
    )


def styled_format(template: str, **values: Any):
    """`template.format(**values)` as Text, where a value may be (text, style) or Text: the
    translated templates place their styled parts where each language wants them."""
    import string

    from rich.text import Text

    parts: list[Any] = []
    for literal, field, spec, _conversion in string.Formatter().parse(template):
        if literal:
            parts.append(literal)
        if field is not None:
            value = values[field]
            styled_part = isinstance(value, tuple | Text)
            parts.append(value if styled_part else format(value, spec or ""))
    return styled(*parts)


def report_interrupt(signum: int) -> int:
    """Remove every temporary file, print one line, return the exit code (128 + the signal)."""
    from ..io import temporary
    from .signals import message

    temporary.remove_all()
    err_console().print(message(signum))
    return 128 + signum


def pipe_closed() -> int:
    """The reader of standard output went away (`mdpoverty ... | head`): nothing more can be
    shown, which is not an error of the run. Standard output is pointed at /dev/null so that
    Python's last flush does not fail again, and the shell's code for it is returned."""
    import os

    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return int(ExitCode.PIPE_CLOSED)


def stdout_failed(exc: OSError, code: int) -> int:
    """Standard output refused the last of a finished command's text (a full disk, `ulimit -f`,
    an I/O error): said on stderr, and exit 4 in place of a success (0, or 3: rows rejected).
    A command that failed already said why (the same standard output, as a rule): its code
    stays, with no second message. Standard output is silenced either way."""
    from .streams import silence_stdout

    silence_stdout()
    if code not in (0, 3):
        return code
    _error(_os_error_text(exc))
    return int(ExitCode.UNUSABLE_INPUT)


def _writes(exc: BaseException) -> bool:
    """Whether a command ending by `exc` keeps its outputs: a success, or rows rejected."""
    return isinstance(exc, typer.Exit) and exc.exit_code in (
        int(ExitCode.OK),
        int(ExitCode.ROWS_REJECTED),
    )


def handles_errors(func: F) -> F:
    """Turn domain errors into one clear message on stderr and a documented exit code; remove
    every temporary file however the command ends. The message is in the command's --lang
    (`messages.say`); a command without --lang says it in English."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ..io import temporary

        lang = str(kwargs.get("lang") or Lang.EN)
        try:
            from .values import refuse_empty, refuse_folders

            refuse_empty(kwargs)  # `-o "$OUT"` with OUT unset: before anything is read or written
            refuse_folders(kwargs)  # `-o .`, `classify /`: before a default name is made from it
            # every output of the command moved into place together at its end (also when rows
            # were rejected: exit 3), so that a signal or a failure leaves all of them or none
            with temporary.outputs_together(keep=_writes):
                return func(*args, **kwargs)
        except typer.BadParameter as exc:
            # a usage error (2) that typer reports: our part of it in the run's language
            from ..messages import said

            exc.message = said(exc.message, lang)
            raise
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # an exit code chosen already, or a usage error (2) that typer reports
        except BaseException as exc:
            stop = temporary.stop_requested()
            if stop is not None or isinstance(exc, temporary.Interrupted | KeyboardInterrupt):
                # a signal, however it came out (a library may wrap what it raised in its code);
                # KeyboardInterrupt: no handler installed (the command run from Python)
                signum = exc.signum if isinstance(exc, temporary.Interrupted) else stop or 2
                raise typer.Exit(report_interrupt(signum)) from None
            if isinstance(exc, SystemExit | GeneratorExit):
                raise  # Python's own ending, not a failure of the command
            # any other BaseException is a failure: polars' PanicException (a Rust crash) is
            # not an Exception, and without this it reached the user as a raw traceback
            if isinstance(exc, BrokenPipeError):
                raise typer.Exit(pipe_closed()) from None
            if not isinstance(exc, MdpovertyError) and refused_resources(exc):
                # memory or a thread refused (ulimit -v): the machine's, not the input's nor a bug
                exc = out_of_memory()
            if State.debug and not isinstance(exc, MdpovertyError | OSError):
                raise
            if State.debug:
                traceback.print_exc()
            if isinstance(exc, MdpovertyError) and exc.exit_code == ExitCode.PIPE_CLOSED:
                raise typer.Exit(pipe_closed()) from None
            if isinstance(exc, MdpovertyError):
                from ..messages import say

                _error(say(exc, lang), lang)
                raise typer.Exit(int(exc.exit_code)) from None
            if isinstance(exc, OSError):
                # the file system's refusal (disk full, permission, a file gone): not a bug
                _error(_os_error_text(exc), lang)
                raise typer.Exit(int(ExitCode.UNUSABLE_INPUT)) from None
            bug = (
                "Đây là lỗi của mdpoverty. Hãy chạy lại với --debug để xem traceback và báo lỗi."
                if lang == Lang.VI
                else "This is a bug in mdpoverty. Rerun with --debug for the traceback and report"
                " it."
            )
            err_console().print(
                styled(
                    ("lỗi nội bộ:" if lang == Lang.VI else "internal error:", "bold red"),
                    f" {type(exc).__name__}: {_first_line(exc, lang)}\n{bug}",
                )
            )
            raise typer.Exit(int(ExitCode.INTERNAL)) from None
        finally:
            temporary.remove_all()

    return wrapper  # type: ignore[return-value]


# the characters of an internal error's text shown: a panic's first line is a sentence
INTERNAL_CHARS = 200


def _first_line(exc: BaseException, lang: str) -> str:
    """An internal error's text as one line: its first (a panic's text runs to many, a Rust
    backtrace among them), invisible characters shown as codes, cut to `INTERNAL_CHARS`; how
    many lines more, which --debug shows whole.

    >>> _first_line(ValueError("called `unwrap()` on None\\nthread 'main' panicked"), "en")
    'called `unwrap()` on None (1 more line: --debug shows the whole text)'
    """
    lines = [line for line in str(exc).strip().splitlines() if line.strip()]
    if not lines:
        return "(no text)" if lang != Lang.VI else "(không có nội dung)"
    first = shorten(lines[0].strip(), INTERNAL_CHARS)
    more = len(lines) - 1
    if not more:
        return first
    if lang == Lang.VI:
        return f"{first} (còn {more:,} dòng: --debug cho xem toàn bộ)"
    return f"{first} ({counted(more, 'more line', 'more lines')}: --debug shows the whole text)"


def _error(text: str, lang: str = Lang.EN) -> None:
    mark = "lỗi:" if lang == Lang.VI else "error:"
    err_console().print(styled((mark, "bold red"), " ", text))


def _os_error_text(exc: OSError) -> str:
    import os

    reason = exc.strerror or (os.strerror(exc.errno) if exc.errno else str(exc))
    where = ": ".join(str(f) for f in (exc.filename, exc.filename2) if f)
    return f"{where}: {reason}" if where else reason


def parse_date(value: str | None) -> dt.date:
    """A date as 2024-12-31 or, as Vietnamese write it, 31/12/2024; either with the day and the
    month unpadded (2024-2-3, 3/2/2024); else a usage error. Every date option is read here."""
    if value is None:
        return dt.date.today()
    text = value.strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text, re.ASCII)
    vietnamese = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text, re.ASCII)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if vietnamese:
            return dt.date(int(vietnamese[3]), int(vietnamese[2]), int(vietnamese[1]))
        raise ValueError(text)
    except ValueError:
        raise typer.BadParameter(
            Said(
                f"{value!r} is not a date: give it as 2024-12-31 or 31/12/2024",
                "option.not_a_date",
                value=repr(value),
            ),
            param_hint="--as-of",
        ) from None


StandardOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--standard",
        "-s",
        help="Standard id (see `mdpoverty standards list`) or path to a YAML file; repeatable. "
        "Default: the national standard in force on --as-of.",
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Date (2024-12-31 or 31/12/2024) that picks the standard in force. Default: today.",
    ),
]
EncodingOpt = Annotated[
    str,
    typer.Option(
        "--encoding",
        help="Text encoding of a CSV input, e.g. cp1258. Default: UTF-8 (BOM or not), or "
        "UTF-16/UTF-32 when the file starts with their byte-order mark.",
    ),
]
SheetOpt = Annotated[
    str | None, typer.Option("--sheet", help="Sheet of an .xlsx input. Default: the first.")
]
LangOpt = Annotated[
    Lang,
    typer.Option(
        "--lang",
        case_sensitive=False,  # --lang VI is vi
        help="Language of what is written for people. en: ids in files (poor, rural, true), "
        "English on screen, a class with its Vietnamese term beside it (poor · nghèo); "
        "vi: Vietnamese headers and values (Hộ nghèo, Nông thôn, Có), "
        "numbers as 1.500.000. After the command's name: mdpoverty classify x.csv --lang vi.",
    ),
]
ColumnsOpt = Annotated[
    str | None,
    typer.Option(
        "--columns",
        help="YAML file mapping the input's headers to canonical columns "
        "(and blank_means_false: [column, ...] for yes/no columns left blank for no).",
    ),
]
HeaderRowOpt = Annotated[
    str | None,
    typer.Option(
        "--header-row",
        help="The header's row number, as Excel shows it (in a CSV file too: a cell with line "
        "breaks stays one row); 4-5 (or 4:5): a header over those two rows, as written. "
        "Default: the first row that names at least 3 known columns.",
    ),
]


def header_rows(text: str | None) -> tuple[int | None, int | None]:
    """--header-row as (its first row, its last row: None for a header found to span one row
    or two, else the second row as the user wrote it).

    >>> header_rows("4-5")
    (4, 5)
    """
    if text is None:
        return None, None
    parts = [p.strip() for p in text.replace(":", "-").split("-")]
    if len(parts) in (1, 2) and all(p.isdigit() and int(p) >= 1 for p in parts):
        first, last = int(parts[0]), int(parts[-1])
        if len(parts) == 1 or last > first:
            return first, last if len(parts) == 2 else None
    raise typer.BadParameter(
        Said(
            f"{quoted(text, 40)} is not a row number (5) or the two rows of a header (4-5)",
            "option.not_header_rows",
            value=quoted(text, 40),
        ),
        param_hint="--header-row",
    )


class SizeMismatch(StrEnum):
    REJECT = "reject"
    WARN = "warn"


MembersOpt = Annotated[
    str | None,
    typer.Option(
        "--members",
        help="Member file (.csv, .tsv, .xlsx, .parquet): one row per person with household_id,"
        " age and the member columns; each indicator with a from_members form is computed from"
        " it. The household file may then omit household_size and the member-count columns.",
    ),
]
SizeMismatchOpt = Annotated[
    SizeMismatch,
    typer.Option(
        "--size-mismatch",
        help="A household whose member rows are not as many as its household_size: reject it"
        " (roster_size_mismatch), or warn: classify it (with its household_size) and count it.",
    ),
]
MemberSheetOpt = Annotated[
    str | None,
    typer.Option(
        "--member-sheet",
        help="Sheet of an .xlsx member file (one workbook may hold the households on one sheet"
        " and the members on another: give it as INPUT and --members). Default: the first.",
    ),
]
MemberEncodingOpt = Annotated[
    str | None,
    typer.Option(
        "--member-encoding",
        help="Text encoding of a CSV member file, when not the household file's (a member file"
        " saved by Vietnamese Windows beside a UTF-8 household file: cp1258). Default: --encoding.",
    ),
]
MemberRejectsOpt = Annotated[
    str | None,
    typer.Option(
        "--member-rejects",
        help="Where rejected member rows go, with their member-file row and reasons. Default:"
        " beside the rejects, in their format, named ..._member_rejects.",
    ),
]


def member_rejects_path(rejects: str) -> str:
    """The member rejects' default name, beside the household rejects."""
    from pathlib import Path

    p = Path(rejects)
    stem = p.stem.removesuffix("_rejects")
    return str(p.with_name(f"{stem}_member_rejects{p.suffix or '.csv'}"))


# the format each extension of -o means, for the commands that write a report
REPORT_EXTENSIONS = {".txt": "table", ".json": "json", ".csv": "csv", ".xlsx": "xlsx"}


def report_format(output: str | None, fmt: str | None) -> str:
    """A report's format (report, compare, measures): -o's extension decides and --format, if
    given, must agree (a contradiction is a usage error, never one silently winning); without
    a file, --format or a table on the screen (an XLSX report needs a file)."""
    if output is None or output == "-":
        if fmt == "xlsx":
            raise typer.BadParameter(
                Said("an XLSX report needs a file: add -o report.xlsx", "option.xlsx_needs_file"),
                param_hint="--format",
            )
        return fmt or "table"
    suffix = Path(output).suffix.lower()
    kind = REPORT_EXTENSIONS.get(suffix)
    if kind is None:
        raise OutputError(
            f"unknown report format '{suffix or '(none)'}' for -o: use .txt (the tables as on"
            " screen), .csv (tidy rows), .json or .xlsx (a sheet per table)",
            file=output,
            key="output.unknown_report_format",
            params={"suffix": suffix or "(none)"},
        )
    if fmt is not None and fmt != kind:
        raise typer.BadParameter(
            Said(
                f"--format {fmt} contradicts -o {output}, which is {suffix}: the extension gives the"
                " format, so --format can be left out",
                "option.format_contradicts",
                format=fmt,
                output=output,
                suffix=suffix,
            ),
            param_hint="--format",
        )
    return kind


def open_members(
    path: str | None,
    encoding: str,
    columns: str | None,
    standards: list,
    size_mismatch: SizeMismatch,
    rejects=None,
    *,
    household=None,
    sheet: str | None = None,
    lang: str = "en",
):
    """Read the member file's header (the rows are read by the run) for `standards`.
    `household`: the household file's table, read with the same mapping: a mapping line is
    reported missing only when neither file has its header. `sheet`: --member-sheet. `lang`
    lays out its rejects as --rejects's are. No --members (`path` None): None."""
    if path is None:
        return None
    from pathlib import Path

    from ..io.mapping import load_mapping
    from ..io.readers import mapping_notes, read_table
    from ..run.members import Members, member_columns

    if path == "-" and household is not None and household.source == "<stdin>":
        raise typer.BadParameter(
            Said(
                "the household file is read from standard input ('-'); give the member file by"
                " its name (standard input holds one file)",
                "option.members_from_stdin",
            ),
            param_hint="--members",
        )
    require_input(path)
    mapping = household.mapping if household is not None else None
    if mapping is None and columns:
        mapping = load_mapping(Path(columns))
    if mapping is not None:  # its member-file lines (and the household id's)
        mapping = mapping.whole.for_file(member_names(standards), member_file=True)
    try:
        table = read_table(
            path,
            encoding=encoding,
            sheet=sheet,
            mapping=mapping,
            extra_columns=member_columns(standards),
            sheet_option="--member-sheet",
        )
    except InputError as exc:
        if exc.params.get("option") == "--encoding":  # advice on the member file's encoding
            exc.params["option"] = "--member-encoding"
            exc.message = exc.message.replace("--encoding", "--member-encoding")
        raise
    table.kind, table.sheet_option = "member", "--member-sheet"
    table.encoding_option = "--member-encoding"
    console = err_console()
    vi = lang == "vi"
    for note in table.notes:
        text = table.notes_vi.get(note, note) if vi else note
        print_note(console, f"{'tệp thành viên' if vi else 'the member file'}: {text}", lang)
    for note in mapping_notes([household, table] if household is not None else [table], lang):
        print_note(console, note, lang)
    if household is not None:
        from ..run.members import unread_count_columns

        indicators, unread = unread_count_columns(household.columns, standards)
        if unread:
            ids, cols = ", ".join(indicators), ", ".join(unread)
            if vi:  # the indicators by their Vietnamese names, the columns as the file has them
                from ..run.layout import input_headers

                names = {i.id: i.label.vi for cs in standards for i, _ in cs.indicators}
                own = input_headers(household)
                ids = ", ".join(names.get(i, i) for i in indicators)
                cols = ", ".join(quoted(own.get(c, c)) for c in unread)
            text = (
                f"với --members, các chỉ số {ids} được tính từ tệp thành viên (dạng theo"
                f" thành viên); các cột {cols} của tệp hộ không được đọc"
                if vi
                else f"with --members, {ids} are computed from the member file (their member"
                f" form); the household file's {cols} are not read"
            )
            print_note(console, text, lang)
    from ..run.layout import Layout, rejects_columns

    def layout(names, member_table, member_standards, needed):
        return rejects_columns(names, member_table, member_standards, Layout(lang), needed=needed)

    return Members(table, standards, size_mismatch.value, rejects, layout)


def resolve_standards(refs: list[str] | None, as_of: dt.date, members: bool = False) -> list:
    from ..engine.classifier import compile_standard
    from ..standard.loader import load_standard, national_in_force

    loaded = [load_standard(r) for r in refs] if refs else [national_in_force(as_of)]
    seen: set[str] = set()
    for s in loaded:
        if s.id in seen:
            raise MdpovertyError(
                f"the standard '{s.id}' is named twice",
                key="standard.named_twice",
                params={"id": s.id},
            )
        seen.add(s.id)
    # a member-only indicator may be read from a list's marks: refused after `use_marks`
    return [compile_standard(s, members=members, defer_members=True) for s in loaded]


def default_choice(as_of: str | None, on: dt.date) -> str:
    """Why the default standard was chosen, for messages."""
    when = f"--as-of {as_of}" if as_of else "today; another date with --as-of"
    return Said(
        f"the national standard in force on {on.isoformat()} ({when})",
        "cli.default_choice",
        on=on,
        as_of=as_of or "",
    )


def named_with(option: str) -> str:
    """Why a standard named with `option` (--standard, --base, --alt) was chosen, for messages."""
    return Said(f"named with {option}", "cli.named_with", option=option)


def chosen_reasons(
    compiled: list[CompiledStandard], standard: list[str] | None, as_of: str | None, on: dt.date
) -> dict[str, str]:
    """How each standard was chosen (for `why_chosen`): named with --standard, or the default
    one in force on `on`."""
    if standard:
        return dict.fromkeys((cs.id for cs in compiled), named_with("--standard"))
    return {compiled[0].id: default_choice(as_of, on)}


def note_out_of_force(
    console: Any, compiled: list[CompiledStandard], on: dt.date, lang: str
) -> None:
    """A note on `console`, in `lang`, for each standard that is not in force on `on` (it is
    applied all the same)."""
    from .. import labels

    for cs in compiled:
        model = cs.standard.model
        if model.valid_from <= on and (model.valid_to is None or on <= model.valid_to):
            continue
        start = labels.day(model.valid_from, lang)
        end = labels.day(model.valid_to, lang) if model.valid_to else "..."
        if lang == labels.VI:
            text = (
                f"{cs.id} có hiệu lực từ {start} đến {end}, không phải ngày {labels.day(on, lang)}"
            )
        else:
            text = f"{cs.id} is valid {start} to {end}, not on {labels.day(on, lang)}"
        print_note(console, text, lang)


def note_free_names(free: dict[str, str], lang: str) -> None:
    """A note for each column classify adds under another name (`free`: its name -> the one it
    is written under, `run.layout.free_added_names`), as the input has its name already (a list
    classified last year, run again)."""
    for name, new in free.items():
        text = (
            f"tệp dữ liệu đã có cột {quoted(name)}: cột đó được giữ nguyên, cột mdpoverty thêm"
            f" được ghi là {quoted(new)}"
            if lang == "vi"
            else f"the input has a column {quoted(name)} already: it is kept as it is, and the one"
            f" mdpoverty adds is written as {quoted(new)}"
        )
        print_note(err_console(), text, lang)


class why_chosen:
    """Adds to a missing-columns error why each standard that needs the columns was chosen.

    `reasons`: standard id -> how it was chosen ('named with --standard', ...).
    """

    def __init__(self, reasons: dict[str, str]) -> None:
        self.reasons = reasons

    def __enter__(self) -> why_chosen:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        from ..errors import MissingColumns

        if isinstance(exc, MissingColumns):
            # after the other inputs that would do, before where the header was read and how
            # to map headers
            at = len(exc.details) if exc.hints_end is None else exc.hints_end
            exc.details[at:at] = [
                Said(
                    f"{sid} is {self.reasons[sid]}",
                    "cli.detail.why_chosen",
                    id=sid,
                    reason=self.reasons[sid],
                )
                for sid in exc.standards
                if sid in self.reasons
            ]


def member_names(standards: list) -> set[str]:
    """The member columns a mapping line may name: canonical ones, those of `standards` and of
    the shipped standards (compare's default alternative is chosen after the file is read)."""
    from ..run.members import member_columns
    from ..standard.catalog import shipped_summaries

    names = set(member_columns(standards))
    names.update(name for summary in shipped_summaries() for name in summary.member_columns)
    return names


def open_table(
    path: str,
    encoding: str,
    sheet: str | None,
    columns: str | None,
    header_row: str | None = None,
    standards: list | None = None,
    members: bool = False,
    lang: str = "en",
    known_headers: tuple[str, ...] = (),
    headers_needed: int = 3,
    about: tuple[str, str] | None = None,
    sheet_option: str | None = "--sheet",
    reads: Collection[str] | None = None,
):
    """Read the input; its notes (where the header was found, mapped headers the file does
    not have) go to stderr, in `lang`. The extra columns of the shipped standards and of
    `standards` are recognised as headers and mapping targets; `known_headers` count as known
    where the header is looked for, which names `headers_needed` known columns at least.
    `about`: the file the notes are about, in English and Vietnamese ('the previous list');
    `sheet_option`: the option that chooses its sheet (None: none does). `reads`: the columns
    the file is read for (None: all): a mapping line giving another one is no note about it."""
    from pathlib import Path

    from ..columns import ColumnType
    from ..io.mapping import load_mapping
    from ..io.readers import read_table
    from ..standard.catalog import shipped_summaries

    extra: dict[str, tuple[ColumnType, str]] = {}
    for summary in shipped_summaries():
        for name, (ctype, label) in summary.columns.items():
            extra[name] = (ColumnType(ctype), label)
    for cs in standards or []:
        for name, spec in cs.standard.model.columns.items():
            extra[name] = (spec.type, spec.label.vi)
    first, last = header_rows(header_row)
    mapping = load_mapping(Path(columns)) if columns else None
    if mapping is not None:  # its household lines: its member-file lines are the member file's
        mapping = mapping.for_file(member_names(standards or []), member_file=False)
    from ..run.marks import names_of

    table = read_table(
        path,
        encoding=encoding,
        sheet=sheet,
        mapping=mapping,
        header_row=first,
        header_last=last,
        extra_columns=extra,
        known_headers=known_headers,
        headers_needed=headers_needed,
        mark_names=names_of(standards or []),
        sheet_option=sheet_option,
    )
    console = err_console()
    vi = lang == "vi"
    for note in table.notes:
        text = table.notes_vi.get(note, note) if vi else note
        if about is not None:
            text = f"{about[1] if vi else about[0]}: {text}"
        print_note(console, text, lang)
    if not members:  # with --members, said once both files are read (open_members)
        from ..io.readers import mapping_notes

        for note in mapping_notes([table], lang, reads=reads, about=about or ("the file", "tệp")):
            print_note(console, note, lang)
    return table


def open_inputs(
    input: str,
    encoding: str,
    sheet: str | None,
    columns: str | None,
    header_row: str | None,
    standards: list,
    lang: str,
    *,
    members: str | None,
    member_encoding: str | None,
    member_sheet: str | None,
    size_mismatch: SizeMismatch = SizeMismatch.REJECT,
    member_rejects=None,
):
    """The household file (`open_table`) and, with --members, the member file read with the
    same mapping (`open_members`), as (table, members or None). The member file is read in
    `member_encoding`, default `encoding`, for `standards`.

    Example (classify)::

        table, roster = open_inputs(
            input, encoding, sheet, columns, header_row, compiled, lang.value,
            members=members, member_encoding=member_encoding, member_sheet=member_sheet,
            size_mismatch=size_mismatch, member_rejects=target,
        )
    """
    table = open_table(
        input, encoding, sheet, columns, header_row, standards, members is not None, lang
    )
    roster = open_members(
        members,
        member_encoding or encoding,
        columns,
        standards,
        size_mismatch,
        member_rejects,
        household=table,
        sheet=member_sheet,
        lang=lang,
    )
    return table, roster


def use_marks(table: Any, standards: list, lang: str = "en") -> list:
    """The standards as they read `table`: each indicator whose columns the list lacks is read
    from its column of deprivation marks, if it has one (`run.marks`); notes on stderr, in
    `lang`, say which are read so and which marks are not read."""
    from ..run.income import read_yearly
    from ..run.marks import choose

    # income per year read as the monthly income / 12 first: the marks' recompiling keeps it
    chosen = choose(table, read_yearly(table, standards))
    notes = chosen.notes()
    if notes:  # the Vietnamese forms read only when there is a note to say
        from ..messages import said

        console = err_console()
        for note in notes:
            print_note(console, said(note, lang), lang)
    return chosen.standards


def require_input(path: str) -> None:
    """A missing input said first (before the outputs beside it are checked)."""
    from pathlib import Path

    from ..errors import InputError

    if path != "-" and not Path(path).exists():
        raise InputError("file not found", file=path, key="input.not_found")


def read_files(
    input: str,
    standards: list[str] | None = None,
    columns: str | None = None,
    members: str | None = None,
) -> list[tuple[str, str]]:
    """The files a command reads, as (what, path), so that no output is written over them: a
    standard's whole `extends` chain among them (the shipped standards when none is named)."""
    from ..standard.loader import files_read

    files = [("the input", input)]
    if members:
        files.append(("the --members file", members))
    if columns:
        files.append(("the --columns file", columns))
    chains = dict.fromkeys(p for s in standards or [None] for p in files_read(s))
    files += [("a standard file", str(p)) for p in chains]
    return files


def stderr_is_tty() -> bool:
    return sys.stderr.isatty()


class progress_display:
    """A progress bar on stderr while a long input is read (only on a terminal).

    Yields the callback the core calls after each batch of some 75,000 rows, which redraws the
    bar: no refresh thread beside the run.
    """

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar = None

    def __enter__(self):
        if not stderr_is_tty():
            return None
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(
            TextColumn("{task.description}", markup=False),  # holds the file's name
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%  {task.fields[rows]:,} rows", markup=False),
            TimeElapsedColumn(),
            console=err_console(),
            transient=True,
            auto_refresh=False,
        )
        self.bar.start()
        task = self.bar.add_task(shown(self.label), total=1.0, rows=0)

        def update(rows: int, done: float) -> None:
            self.bar.update(task, completed=done, rows=rows, refresh=True)

        return update

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
