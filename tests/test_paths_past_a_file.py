"""A path that goes on past a regular file as if it were a folder (`h.csv/`, `h.csv/.`,
`h.csv/x`) names nothing: the system refuses it (ENOTDIR), though pathlib reads `h.csv/` as
`h.csv`, and `classify h.csv/` read h.csv. Every path parameter of every command (walked as
click has them, as tests/test_folder_paths.py walks them), a standard's `extends`, and the
reader itself refuse it: exit 4 with one message, nothing read or written. CliRunner, stdout
and stderr apart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.cli.values import OUTPUTS
from mdpoverty.errors import InputError
from mdpoverty.files import file_before
from mdpoverty.io.readers import read_table

from .conftest import EXAMPLES
from .test_empty_values import _args
from .test_folder_paths import WALKED

runner = CliRunner()
PAST = ["households.csv/", "households.csv/.", "households.csv//", "households.csv/x.csv"]


@pytest.mark.parametrize(
    ("path", "param"), WALKED, ids=[f"{' '.join(p)}:{param.name}" for p, param in WALKED]
)
def test_a_path_past_a_file_is_refused_for_every_path(path, param, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLES / "households.csv", tmp_path / "households.csv")
    before = (tmp_path / "households.csv").read_bytes()
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    for value in PAST:
        args = _args(path, command.params, param, value)
        if path == ("standards", "test"):
            args = [*path, value]
        if param.name in ("previous_rejects", "member_rejects"):
            extra = "--previous" if param.name == "previous_rejects" else "--members"
            args += [extra, "households.csv"]
        result = runner.invoke(app, args)
        assert result.exit_code == 4, (args, result.exit_code, result.stderr)
        said = " ".join(result.stderr.split())
        assert (
            f"error: {value}: not a folder: 'households.csv' is a file, and a path cannot go on"
            " past a file; " in said
        ), (args, said)
        if param.name in OUTPUTS:
            assert "give " in said and "a file name" in said
        else:
            assert "to read it, give its own path, 'households.csv'" in said
        assert "internal error" not in said
        if param.nargs != -1:
            assert result.stdout == "", (args, result.stdout)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["households.csv"], args
        assert (tmp_path / "households.csv").read_bytes() == before


def test_said_in_vietnamese(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLES / "households.csv", tmp_path / "households.csv")
    read = runner.invoke(app, ["classify", "households.csv/", "-o", "o.csv", "--lang", "vi"])
    assert read.exit_code == 4
    assert (
        "lỗi: households.csv/: không phải thư mục: 'households.csv' là một tệp, và đường dẫn"
        " không thể đi tiếp sau một tệp; để đọc tệp đó, hãy ghi đúng đường dẫn của nó,"
        " 'households.csv'" in " ".join(read.stderr.split())
    )
    argv = ["classify", "households.csv", "-o", "households.csv/", "--lang", "vi"]
    written = runner.invoke(app, argv)
    assert written.exit_code == 4
    assert (
        "lỗi: households.csv/: không phải thư mục: 'households.csv' là một tệp, và đường dẫn"
        " không thể đi tiếp sau một tệp; hãy cho -o một tên tệp" in " ".join(written.stderr.split())
    )
    assert not (tmp_path / "o.csv").exists()


def test_an_extends_past_a_file_is_refused(tmp_path):
    shutil.copy(EXAMPLES.parent / "thresholds" / "vn-2022-2025.yaml", tmp_path / "base.yaml")
    child = tmp_path / "child.yaml"
    child.write_text(
        "format_version: 1\nid: child\nversion: '1'\ntitle: {vi: T, en: T}\n"
        "jurisdiction: {level: provincial, province: Quảng Ninh}\nextends: base.yaml/\n"
        "valid_from: 2023-01-01\nreferences:\n  - {id: r1, title: Ref}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["standards", "validate", str(child)])
    assert result.exit_code == 4, result.stdout
    assert (
        f"{child}:6: extends: standard file 'base.yaml/' is a path that goes on past a file,"
        " not a standard file" in " ".join(result.stderr.split())
    )
    vi = runner.invoke(app, ["standards", "validate", str(child), "--lang", "vi"])
    assert vi.exit_code == 4
    assert "một đường dẫn đi tiếp sau một tệp" in " ".join(vi.stderr.split())


def test_the_reader_refuses_it_too(tmp_path):
    path = tmp_path / "h.csv"
    shutil.copy(EXAMPLES / "households.csv", path)
    with pytest.raises(InputError) as caught:
        read_table(f"{path}/")
    assert caught.value.key == "input.not_a_folder"


@pytest.mark.parametrize(
    ("written", "file"),
    [
        ("h.csv/", "h.csv"),
        ("h.csv/.", "h.csv"),
        ("h.csv//", "h.csv"),
        ("h.csv/a/b", "h.csv"),
        ("./h.csv/", "./h.csv"),
        ("h.csv", None),
        ("sub/", None),
        ("sub/h.csv/", "sub/h.csv"),
        ("missing.csv/", None),
        ("\0/", None),
    ],
)
def test_file_before(written: str, file: str | None, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "h.csv").write_text("x\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "h.csv").write_text("x\n")
    assert file_before(written) == file
