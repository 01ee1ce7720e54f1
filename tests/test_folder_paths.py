"""A folder where a command wants a file (`-o .`, `classify /`, `--rejects out/`, `-s ..`), for
every path parameter of every command: one message that says it is a folder and exit 4, never
exit 1 (`-o .` made a default rejects name from a name-less path: ValueError), and nothing
written. The commands are walked as click has them (as tests/test_empty_values.py walks them),
so a new path option cannot miss the rule. CliRunner with stdout and stderr apart."""

from __future__ import annotations

import shutil

import pytest
import typer
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.cli.values import OUTPUTS, PATHS, names_folder

from .conftest import EXAMPLES
from .test_empty_values import TEXT_PARAMS, _args

runner = CliRunner()

# standards are given by id or by file: a folder is refused by the standard loader
STANDARD_REFS = {"standard", "base", "alt"}
FOLDERS = [".", "..", "/", "./", "sub", "sub/", "sub/.", "sub/..", "new/."]
WALKED = [(path, p) for path, p in TEXT_PARAMS if p.name in PATHS | STANDARD_REFS]


def test_the_walk_has_every_path_parameter():
    assert {p.name for _, p in WALKED} >= PATHS | STANDARD_REFS
    assert {"output", "rejects", "changes", "previous_rejects", "member_rejects"} == OUTPUTS


@pytest.mark.parametrize(
    ("path", "param"), WALKED, ids=[f"{' '.join(p)}:{param.name}" for p, param in WALKED]
)
def test_a_folder_for_a_path_is_refused_as_one(path, param, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLES / "households.csv", tmp_path / "households.csv")
    (tmp_path / "sub").mkdir()
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    for value in FOLDERS:
        if value == "new/." and param.name not in OUTPUTS:
            continue  # a folder that is not there: an input not found
        if value == "sub" and param.name in STANDARD_REFS | {"files"}:
            continue  # a standard's id (the loader tells an id from a file by its spelling)
        args = _args(path, command.params, param, value)
        if path == ("standards", "test"):
            args = [*path, value]  # test-case files, not the standards' ids of the filler
        if param.name in ("previous_rejects", "member_rejects"):
            # written only beside a list or a member file given
            extra = "--previous" if param.name == "previous_rejects" else "--members"
            args += [extra, "households.csv"]
        result = runner.invoke(app, args)
        assert result.exit_code == 4, (args, result.exit_code, result.stderr)
        assert "folder" in result.stderr, (args, result.stderr)
        assert "internal error" not in result.stderr
        if param.nargs != -1:  # else the good files before it are said ok
            assert result.stdout == "", (args, result.stdout)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["households.csv", "sub"], args
        assert list((tmp_path / "sub").iterdir()) == []


def test_said_in_vietnamese(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLES / "households.csv", tmp_path / "households.csv")
    result = runner.invoke(app, ["classify", "households.csv", "-o", ".", "--lang", "vi"])
    assert result.exit_code == 4
    assert "lỗi: .: đây là một thư mục; hãy cho -o một tên tệp" in result.stderr


@pytest.mark.parametrize(
    ("path", "folder"),
    [
        (".", True),
        ("..", True),
        ("/", True),
        ("x/", True),
        ("x/.", True),
        ("x/..", True),
        ("x.csv", False),
        (".csv", False),
        ("a/b.csv", False),
        ("\0", False),
    ],
)
def test_names_folder(path, folder, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert names_folder(path) is folder
