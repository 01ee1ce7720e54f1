"""Options and helpers shared by the commands: consoles, error handling, standard choice."""

from __future__ import annotations

import datetime as dt
import functools
import sys
import traceback
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from ..errors import ExitCode, MdpovertyError
from ..labels import Lang

F = TypeVar("F", bound=Callable[..., Any])


class State:
    debug = False


def escape(text: str) -> str:
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def out_console(to_stderr: bool = False):
    from rich.console import Console

    return Console(stderr=to_stderr, highlight=False, soft_wrap=True)


def err_console():
    from rich.console import Console

    # soft wrap: a message is one logical line, so grep and log readers see it whole
    return Console(stderr=True, highlight=False, soft_wrap=True)


def handles_errors(func: F) -> F:
    """Turn domain errors into one clear message on stderr and a documented exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except MdpovertyError as exc:
            if State.debug:
                traceback.print_exc()
            from rich.markup import escape

            # the message quotes file names, headers and cells: user text, never markup
            err_console().print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
            raise typer.Exit(int(exc.exit_code)) from None
        except KeyboardInterrupt:
            err_console().print("interrupted; no output was written")
            raise typer.Exit(130) from None
        except Exception as exc:
            if State.debug:
                raise
            from rich.markup import escape

            err_console().print(
                f"[bold red]internal error:[/] {type(exc).__name__}: {escape(str(exc))}\n"
                "This is a bug in mdpoverty. Rerun with --debug for the traceback and report it."
            )
            raise typer.Exit(int(ExitCode.INTERNAL)) from None

    return wrapper  # type: ignore[return-value]


def parse_date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date like 2025-06-30") from None


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
        "--as-of", help="Date (YYYY-MM-DD) that picks the standard in force. Default: today."
    ),
]
EncodingOpt = Annotated[
    str,
    typer.Option(
        "--encoding", help="Text encoding of a CSV input, e.g. cp1258. Default: UTF-8 (BOM or not)."
    ),
]
SheetOpt = Annotated[
    str | None, typer.Option("--sheet", help="Sheet of an .xlsx input. Default: the first.")
]
LangOpt = Annotated[
    Lang,
    typer.Option(
        "--lang",
        help="Language of what is written for people. en: ids in files (poor, rural, true), "
        "English on screen; vi: Vietnamese headers and values (Hộ nghèo, Nông thôn, Có), "
        "numbers as 1.500.000.",
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
    int | None,
    typer.Option(
        "--header-row",
        min=1,
        help="The header's row number in the spreadsheet (line number in a CSV file). "
        "Default: the first row that names at least 3 known columns.",
    ),
]


def resolve_standards(refs: list[str] | None, as_of: dt.date) -> list:
    from ..engine.classifier import compile_standard
    from ..standard.loader import load_standard, national_in_force

    loaded = [load_standard(r) for r in refs] if refs else [national_in_force(as_of)]
    seen: set[str] = set()
    for s in loaded:
        if s.id in seen:
            raise MdpovertyError(f"the standard '{s.id}' is named twice")
        seen.add(s.id)
    return [compile_standard(s) for s in loaded]


def default_choice(as_of: str | None, on: dt.date) -> str:
    """Why the default standard was chosen, for messages."""
    when = f"--as-of {as_of}" if as_of else "today; another date with --as-of"
    return f"the national standard in force on {on.isoformat()} ({when})"


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
            # before the last line (how to map headers with --columns)
            at = max(len(exc.details) - 1, 0)
            exc.details[at:at] = [
                f"{sid} is {self.reasons[sid]}" for sid in exc.standards if sid in self.reasons
            ]


def open_table(
    path: str,
    encoding: str,
    sheet: str | None,
    columns: str | None,
    header_row: int | None = None,
    standards: list | None = None,
):
    """Read the input; its notes (where the header was found, mapped headers the file does
    not have) go to stderr. The extra columns of the shipped standards and of `standards` are
    recognised as headers and mapping targets."""
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
    mapping = load_mapping(Path(columns)) if columns else None
    table = read_table(
        path,
        encoding=encoding,
        sheet=sheet,
        mapping=mapping,
        header_row=header_row,
        extra_columns=extra,
    )
    console = err_console()
    for note in table.notes:
        console.print(f"[yellow]note:[/] {escape(note)}")
    return table


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
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%  {task.fields[rows]:,} rows"),
            TimeElapsedColumn(),
            console=err_console(),
            transient=True,
            auto_refresh=False,
        )
        self.bar.start()
        task = self.bar.add_task(self.label, total=1.0, rows=0)

        def update(rows: int, done: float) -> None:
            self.bar.update(task, completed=done, rows=rows, refresh=True)

        return update

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
