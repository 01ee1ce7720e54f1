"""Two rules for the values the commands take as text, checked for every command before it
does anything: an empty (or all-blank) value is a usage error (exit 2) naming the option; a
path that names a folder (`.`, `..`, `/`, `dir/.`, `out/`) is refused (exit 4) as one.

`-o "$OUT"` with OUT unset gives `-o ''`. Taken as "not given" it would write the default file,
which the user did not name, or skip the file they meant to ask for; taken as a path it is the
current folder. Neither is what they asked: the run stops and says which option was empty.

    $ mdpoverty classify hh.csv -o ''
    Error: Invalid value for -o/--output: an empty path (an unset shell variable?)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import typer

from ..errors import InputError, OutputError, Said
from ..files import file_before

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
# the PATHS a command writes; the others it reads ("files": standards given by id or file,
# which the standard loader tells apart, and test-case files: refused by their readers)
OUTPUTS = frozenset({"output", "rejects", "member_rejects", "changes", "previous_rejects"})
# the parameters that name a standard by its id or its file (-s, --base, --alt)
STANDARD_REFS = frozenset({"standard", "base", "alt"})


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


def _is_dir(path: str) -> bool:
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):  # a name the system cannot look up: not a folder
        return False


def names_folder(path: str) -> bool:
    """`path` is a folder, or is spelt as one (`out/`, `new/.`, `..`) even if there is none:
    never a file's name. (pathlib reads `x/.` as `x` and `/` as a name-less path.)"""
    return (
        path.endswith(("/", os.sep)) or os.path.basename(path) in ("", ".", "..") or _is_dir(path)
    )


def refuse_folders(params: Mapping[str, Any]) -> None:
    """Refuse (exit 4) the first path parameter whose value names a folder: an output is
    written to a file, and an input is read from one. `params`: the command's arguments by
    name. Said before anything is read or written, and before a default name is made from it
    (`-o .` has no name to put `_rejects` after). A path that goes on past a file as if it were
    a folder (`h.csv/`, `h.csv/.`: `files.file_before`), which pathlib would read as the file,
    is refused as the system refuses it: not a folder (a standard's file and a test-case file
    too)."""
    for name, value in params.items():
        if name not in PATHS | STANDARD_REFS:
            continue
        for path in value if isinstance(value, list | tuple) else [value]:
            if not isinstance(path, str) or path == "-":
                continue
            through = file_before(path)
            if through is not None:
                not_a_folder(path, through, _hint(name).split("/")[0] if name in OUTPUTS else None)
            if name == "files" or name in STANDARD_REFS:
                continue  # told from an id, and a folder refused, by the standard loader
            if name in OUTPUTS and names_folder(path):
                option = _hint(name).split("/")[0]  # -o, as the other output messages say
                raise OutputError(
                    f"this is a folder; give {option} a file name",
                    file=path,
                    key="output.folder",
                    params={"option": option},
                )
            if name not in OUTPUTS and _is_dir(path):
                raise InputError("this is a folder, not a file", file=path, key="input.folder")


def not_a_folder(path: str, file: str, option: str | None) -> None:
    """Refuse `path`, which goes on past the file `file` (`files.file_before`): an input
    (exit 4), or the output of `option` (exit 4, as the other output paths refused)."""
    from ..text import quoted

    if option is not None:
        raise OutputError(
            f"not a folder: {quoted(file)} is a file, and a path cannot go on past a file; "
            f"give {option} a file name",
            file=path,
            key="output.not_a_folder",
            params={"file": quoted(file), "option": option},
        )
    raise InputError(
        f"not a folder: {quoted(file)} is a file, and a path cannot go on past a file; to read "
        f"it, give its own path, {quoted(file)}",
        file=path,
        key="input.not_a_folder",
        params={"file": quoted(file)},
    )
