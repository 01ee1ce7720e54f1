"""An empty or blank value (`-o "$OUT"` with OUT unset) for any option or argument that takes
text, of any command: a usage error (exit 2) naming the option, said before anything is read or
written, in English and Vietnamese (cli/values.py). The commands are walked as click has them,
so a new option cannot miss the rule. CliRunner with stdout and stderr apart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import typer
from typer._click.types import StringParamType
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.cli.values import PATHS

from .conftest import EXAMPLES

runner = CliRunner()

# the text parameters that are not a file's path, each said as 'an empty value': standard ids
# (or files), columns, a sheet, an encoding, a date, cut-offs, a household id, header rows
NOT_PATHS = {
    "standard",
    "base",
    "alt",
    "as_of",
    "encoding",
    "sheet",
    "header_row",
    "by",
    "weight",
    "k",
    "household_id",
    "previous_class",
    "member_sheet",
    "member_encoding",
}

# a value for each argument a command needs, so that only the one under test is empty
FILLERS = {
    "input": ["households.csv"],
    "output": ["t.csv"],
    "standard": ["vn-2022-2025"],
    "files": ["vn-2022-2025"],
    "base": ["vn-2022-2025"],
    "alt": ["vn-2016-2020"],
}
REQUIRED_OPTIONS = {"household_id": ["--id", "H1"]}


def _commands(command, path=()):
    subcommands = getattr(command, "commands", None)
    if subcommands is None:
        yield path, command
        return
    for name, sub in subcommands.items():
        yield from _commands(sub, (*path, name))


def _text_params():
    """(command path, parameter) for every parameter of every command that takes text."""
    group = typer.main.get_command(app)
    return [
        (path, param)
        for path, command in _commands(group)
        for param in command.params
        if isinstance(param.type, StringParamType)
    ]


TEXT_PARAMS = _text_params()


def _args(path, command_params, tested, value: str) -> list[str]:
    args = list(path)
    for param in command_params:
        if param.param_type_name == "argument":
            if param.name == tested.name:
                # a repeatable argument: the empty value among good ones
                args += [*(FILLERS[param.name] if param.nargs == -1 else []), value]
            else:
                args += FILLERS[param.name]
        elif param.required and param.name != tested.name:
            args += REQUIRED_OPTIONS[param.name]
    if tested.param_type_name == "option":
        args += [tested.opts[0], value]
    return args


def _hint(param) -> str:
    if param.param_type_name == "argument":
        return param.name.upper()
    return "/".join(sorted(param.opts, key=len))


def test_the_walk_finds_every_command_and_classifies_every_text_parameter():
    paths = {path for path, _ in TEXT_PARAMS}
    assert {("classify",), ("compare",), ("report",), ("template",)} <= paths
    assert ("standards", "validate") in paths
    names = {param.name for _, param in TEXT_PARAMS}
    # a new text option is said as a path or as a value: a choice made here, not by default
    assert names <= PATHS | NOT_PATHS, names - PATHS - NOT_PATHS
    assert names >= PATHS, PATHS - names  # no stale name in the rule


@pytest.mark.parametrize("value", ["", "  "])
@pytest.mark.parametrize(
    ("path", "param"),
    TEXT_PARAMS,
    ids=[f"{' '.join(p)}:{param.name}" for p, param in TEXT_PARAMS],
)
def test_an_empty_value_is_a_usage_error_naming_the_option(
    path, param, value, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLES / "households.csv", tmp_path / "households.csv")
    group = typer.main.get_command(app)
    command = group
    for name in path:
        command = command.commands[name]
    args = _args(path, command.params, param, value)
    result = runner.invoke(app, args)
    assert result.exit_code == 2, (args, result.stdout, result.stderr)
    what = "an empty path" if param.name in PATHS else "an empty value"
    expected = f"Invalid value for {_hint(param)}: {what} (an unset shell variable?)"
    assert expected in result.stderr, (args, result.stderr)
    assert result.stdout == ""
    # nothing written: not the default output, not the rejects beside the input
    assert sorted(p.name for p in tmp_path.iterdir()) == ["households.csv"]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["classify", "households.csv", "-o", ""],
            "lỗi: giá trị không hợp lệ cho -o/--output: một đường dẫn rỗng (một biến shell chưa"
            " được đặt?)",
        ),
        (
            ["template", " "],
            "lỗi: giá trị không hợp lệ cho OUTPUT: một đường dẫn rỗng",
        ),
        (
            ["measures", "households.csv", "--weight", ""],
            "lỗi: giá trị không hợp lệ cho --weight: một giá trị rỗng (một biến shell chưa"
            " được đặt?)",
        ),
    ],
)
def test_said_in_vietnamese(args, said, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLES / "households.csv", tmp_path / "households.csv")
    result = runner.invoke(app, [*args, "--lang", "vi"])
    assert result.exit_code == 2, result.stderr
    assert said in result.stderr, result.stderr
    assert "Error" not in result.stderr


def test_the_four_ways_of_the_attack_are_one(tmp_path: Path, monkeypatch):
    """classify -o '' wrote the default files (3), --rejects '' the default rejects, compare
    --changes '' was ignored, report -o '' was an unknown format (4), template '' a folder."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLES / "households.csv", tmp_path / "households.csv")
    for args, hint in [
        (["classify", "households.csv", "-o", ""], "-o/--output"),
        (["classify", "households.csv", "-o", "o.csv", "--rejects", ""], "--rejects"),
        (["compare", "households.csv", "--changes", ""], "--changes"),
        (["report", "households.csv", "-o", ""], "-o/--output"),
        (["template", ""], "OUTPUT"),
    ]:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.stderr)
        assert f"{hint}: an empty path" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["households.csv"]


def test_a_dash_and_a_name_with_spaces_are_still_values(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLES / "households.csv", tmp_path / "households.csv")
    result = runner.invoke(app, ["template", " t .csv"])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / " t .csv").is_file()
    result = runner.invoke(app, ["template", "-"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("household_id,")
