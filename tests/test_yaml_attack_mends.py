"""What an attacker found in standard and mapping files (review round 11), mended as a class:
files that are not regular files, outputs over a file the run reads, a standard's column named
like mdpoverty's own, errors blamed on the wrong file, invisible characters in messages,
misleading number messages and names given twice in a list."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.files import NotRegularFile, kind, open_to_read

from .conftest import EXAMPLES, ROOT

HOUSEHOLDS = EXAMPLES / "households.csv"
NATIONAL = ROOT / "thresholds" / "vn-2022-2025.yaml"


def run(*argv: str):
    return CliRunner().invoke(app, [*argv])


def _child(folder: Path, extends: str, extra: str = "", name: str = "child.yaml") -> Path:
    path = folder / name
    path.write_text(
        "format_version: 1\nid: my-prov\nversion: '1'\ntitle: {vi: Thử, en: Test}\n"
        "jurisdiction: {level: provincial, province: Quảng Ninh}\n"
        f"extends: {extends}\nvalid_from: 2024-01-01\nvalid_to: 2025-12-31\n"
        "references:\n  - {id: r1, title: Ref}\n" + extra,
        encoding="utf-8",
    )
    return path


# --- 1. a file that is not a regular file: what it is said, never read, never waited on

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


def test_kind_names_what_a_path_is(tmp_path: Path, fifo: Path):
    (tmp_path / "f.yaml").write_text("a: 1\n")
    assert kind(tmp_path / "f.yaml") == "file"
    assert kind(tmp_path) == "folder"
    assert kind(fifo) == "named pipe"
    assert kind(tmp_path / "missing") is None
    assert kind("a\0b") is None
    if Path("/dev/null").exists():
        assert kind("/dev/null") == "device"


def test_open_to_read_refuses_a_pipe_at_once(fifo: Path, tmp_path: Path):
    # a plain open() of a pipe with no writer waits for ever; this must return at once
    with pytest.raises(NotRegularFile) as caught:
        open_to_read(fifo)
    assert caught.value.kind == "named pipe"
    with pytest.raises(NotRegularFile) as caught:
        open_to_read(tmp_path)
    assert caught.value.kind == "folder"
    with pytest.raises(FileNotFoundError):
        open_to_read(tmp_path / "missing")


@pytest.mark.parametrize(
    "argv",
    [
        ["classify", str(HOUSEHOLDS), "--columns", "{p}", "-o", "{out}"],
        ["classify", str(HOUSEHOLDS), "-s", "{p}", "-o", "{out}"],
        ["classify", "{p}", "-o", "{out}"],
        ["standards", "validate", "{p}"],
        ["standards", "test", "{p}"],
    ],
)
def test_a_named_pipe_is_refused_as_what_it_is(fifo: Path, tmp_path: Path, argv: list[str]):
    out = tmp_path / "out.csv"
    result = run(*(a.format(p=fifo, out=out) for a in argv))
    assert result.exit_code == 4, result.stderr
    assert "named pipe" in result.stderr
    assert "not found" not in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null", "./pipe.yaml", "./"])
def test_extends_to_something_not_a_file_says_what_it_is(tmp_path: Path, fifo: Path, target):
    if target.startswith("/dev/") and not Path(target).exists():
        pytest.skip("no such device here")
    child = _child(tmp_path, target)
    result = run("standards", "validate", str(child))
    assert result.exit_code == 4, result.stderr
    what = {"/dev/zero": "a device", "/dev/null": "a device", "./": "a folder"}
    assert f"is {what.get(target, 'a named pipe')}, not a standard file" in result.stderr
    assert f"{child}:6: extends" in result.stderr
    assert "not found" not in result.stderr
