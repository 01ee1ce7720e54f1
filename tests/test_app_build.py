"""The application a run builds for the command named first (`cli.app.build`) says and does what
the whole application does: the same help, the same usage errors (in either language), the same
exit codes; anything else first gets the whole application."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import COMMANDS, app, build

from .conftest import EXAMPLES

NAMES = [*COMMANDS, "standards"]
MDPOVERTY = Path(sys.executable).with_name("mdpoverty")  # the installed command


def _run(application, args: list[str]):
    result = CliRunner().invoke(application, args)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", NAMES)
def test_one_command_helps_and_refuses_as_the_whole_application(name: str) -> None:
    alone = build(name)
    for args in (
        [name, "--help"],
        [name, "--no-such-option"],
        [name, "--no-such-option", "--lang", "vi"],
        [name],
    ):
        assert _run(alone, args) == _run(app, args), args
    assert _run(alone, [name, "--no-such-option"])[0] == 2


def test_one_command_holds_that_command_alone() -> None:
    import typer.main

    group = typer.main.get_command(build("measures"))
    assert list(group.commands) == ["measures"]  # type: ignore[attr-defined]
    whole = typer.main.get_command(app)
    assert sorted(whole.commands) == sorted(NAMES)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "args",
    [
        ["measures", str(EXAMPLES / "households.csv"), "--k", "1/3", "--format", "json"],
        ["mesures", "x.csv"],  # mistyped: the whole application says which commands there are
        ["standards", "list"],
    ],
)
def test_the_entry_point_runs_as_the_whole_application(
    args: list[str], tmp_path, monkeypatch
) -> None:
    """The installed command (`main()`) against the whole application in this process."""
    if not MDPOVERTY.exists():
        pytest.skip("mdpoverty is not installed beside this python")
    run = subprocess.run(
        [str(MDPOVERTY), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(app, args)

    def words(text: str) -> list[str]:  # the help is wrapped to each terminal's width
        return text.split()

    assert run.returncode == code
    if args[0] == "measures":
        # the shipped standard's file is shown relative to the folder of the process's first
        # run (cached): this process's differs from the command's
        ours, theirs = json.loads(run.stdout), json.loads(out)
        assert ours.pop("standard")["id"] == theirs.pop("standard")["id"]
        assert ours == theirs
    else:
        assert words(run.stdout) == words(out)
    assert words(run.stderr) == words(err)


def test_the_entry_points_help_lists_every_command(tmp_path) -> None:
    if not MDPOVERTY.exists():
        pytest.skip("mdpoverty is not installed beside this python")
    run = subprocess.run(
        [str(MDPOVERTY), "--help"], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert run.returncode == 0
    listed = run.stdout.split("Commands:")[1].split()
    assert all(name in listed for name in NAMES)
