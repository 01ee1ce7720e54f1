"""The `mdpoverty` application: registers one module per command."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__
from . import classify, compare, explain, measures, report, signals, standards, template
from .common import State, pipe_closed, report_interrupt, stdout_failed
from .streams import tolerate_encoding
from .usage import Group

HELP = (
    "Classify households under Vietnam's multidimensional poverty standards and compare "
    "standards.\n\n"
    "Exit codes: 0 all rows classified; 3 some rows rejected (see the rejects file); "
    "4 unusable input or standard file; 2 usage error; 130/143 interrupted; 141 output pipe "
    "closed; 1 internal error (a bug).\n\n"
    "Examples:\n\n"
    "\b\n"
    "mdpoverty classify households.csv\n"
    "mdpoverty compare households.csv --as-of 2024-12-31 --by district\n"
    "mdpoverty standards list\n\n"
    "Each command's --help has its own examples: mdpoverty classify --help."
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mdpoverty {__version__}")
        raise typer.Exit()


def main_callback(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of any error.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    State.debug = debug
    tolerate_encoding()


COMMANDS = {
    "classify": classify.classify,
    "compare": compare.compare,
    "explain": explain.explain,
    "measures": measures.measures,
    "report": report.report,
    "template": template.template,
}


def build(only: str | None = None) -> typer.Typer:
    """The application: every command, or with `only` that one alone (a command or
    `standards`), the group around it the same. Typer builds every registered command's
    options from its signature when the application runs (some 30 ms for all of them), and
    a run needs only the one it was asked for."""
    built = typer.Typer(
        name="mdpoverty",
        cls=Group,  # typer's usage errors in the command line's --lang
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        pretty_exceptions_show_locals=False,  # locals are household records: personal data
        rich_markup_mode=None,  # plain click help: answers in a fraction of the time
    )
    built.callback()(main_callback)
    for name, command in COMMANDS.items():
        if only in (None, name):
            built.command(name)(command)
    if only in (None, "standards"):
        built.add_typer(standards.app, name="standards")
    return built


app = build()


# Set before polars and pydantic are imported; a value already in the environment wins.
# Polars' streaming engine reads ahead of the batches mdpoverty consumes; with its defaults the
# read-ahead of a 10M-household file held 0.8-1.0 GB. Smaller CSV chunks and morsels brought it
# down by 0.3-0.4 GB at the same speed, and a one-morsel buffer where the engine puts its
# parallel results back in order another 20-50 MB (benchmarks/README.md). Pydantic's plugin lookup
# reads every installed package's metadata (about 20 ms of each start); mdpoverty uses none.
ENVIRONMENT = {
    "POLARS_CSV_CHUNK_SIZE": "4000000",
    "POLARS_IDEAL_MORSEL_SIZE": "20000",
    "POLARS_DEFAULT_LINEARIZER_BUFFER_SIZE": "1",
    "PYDANTIC_DISABLE_PLUGINS": "1",
}


def main() -> None:
    import os
    import sys

    for name, value in ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    signals.install()  # again: main may be called without the entry point
    from ..io import temporary
    from .streams import forgive_stderr, name_stdout

    forgive_stderr()
    name_stdout()

    code = 0
    try:
        try:
            # the command named first is the one run: only it is built (`build`); anything
            # else first (an option, --help, a mistyped name) gets the whole application
            first = sys.argv[1] if len(sys.argv) > 1 else None
            (build(first) if first in (*COMMANDS, "standards") else app)()
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        except BrokenPipeError:  # outside a command's own handling (help, typer's messages)
            code = pipe_closed()
        except OSError as exc:
            if exc.filename != "<standard output>":  # only standard output is written here
                raise
            code = stdout_failed(exc, 0)  # --help into a full disk
        try:  # what is still buffered reaches a reader that may have gone, or a full disk
            sys.stdout.flush()
        except BrokenPipeError:
            piped = pipe_closed()
            code = piped if code == 0 else code
        except OSError as exc:  # named, and standard output silenced (streams.NamedStdout)
            code = stdout_failed(exc, code)
    except temporary.Interrupted as stop:  # outside a command's own handling (start, exit)
        code = report_interrupt(stop.signum)
    signals.ignore()  # the temporary files are gone; a late signal has nothing left to stop
    stop = temporary.stop_requested()
    if stop is not None and code != 128 + stop:  # a stop a library swallowed
        code = report_interrupt(stop)
    raise SystemExit(code)
