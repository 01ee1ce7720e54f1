"""One rule for the values the commands take as text: an empty (or all-blank) value is a
usage error (exit 2) naming the option, checked for every command before it does anything.

`-o "$OUT"` with OUT unset gives `-o ''`. Taken as "not given" it would write the default file,
which the user did not name, or skip the file they meant to ask for; taken as a path it is the
current folder. Neither is what they asked: the run stops and says which option was empty.

    $ mdpoverty classify hh.csv -o ''
    Error: Invalid value for -o/--output: an empty path (an unset shell variable?)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import typer

from ..errors import Said

# the parameters (by their name in the commands' signatures) whose value is a file: an input,
# an output, a mapping, a list, a template; `-` where a command reads or writes a stream
PATHS = frozenset(
    {
        "input",
        "output",
        "rejects",
        "member_rejects",
        "previous_rejects",
        "changes",
        "columns",
        "members",
        "previous",
        "files",
    }
)


def _hint(name: str) -> str:
    """The option as the user can type it ('-o/--output', '--by', 'INPUT'), from the running
    command's own declaration; `--name` when the command is called outside a command line."""
    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    param = None
    if ctx is not None:
        param = next((p for p in ctx.command.params if p.name == name), None)
    if param is None:
        return "--" + name.replace("_", "-")
    if param.param_type_name == "argument":
        return name.upper()
    return "/".join(sorted(param.opts, key=len))


def _blank(value: Any) -> bool:
    return isinstance(value, str) and not value.strip()


def refuse_empty(params: Mapping[str, Any]) -> None:
    """A usage error for the first parameter whose value (or one of whose values, for a
    repeatable option) is empty or blank; `params`: the command's arguments by name."""
    for name, value in params.items():
        values = value if isinstance(value, list | tuple) else [value]
        if not any(_blank(v) for v in values):
            continue
        if name in PATHS:
            raise typer.BadParameter(
                Said("an empty path (an unset shell variable?)", "option.empty_path"),
                param_hint=_hint(name),
            )
        raise typer.BadParameter(
            Said("an empty value (an unset shell variable?)", "option.empty_value"),
            param_hint=_hint(name),
        )
