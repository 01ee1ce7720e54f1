"""A command's outputs are moved into place together, at its end, in one step a signal waits for:
a stop (SIGTERM, SIGINT...) or a failure while the last output is made leaves none of them, and
one during the moves leaves all of them (README: "Bad rows, rejects and exit codes"). The signal
is sent by a hook at a fixed step, not by a race. CliRunner with stdout and stderr apart."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty.cli import signals
from mdpoverty.cli.app import app
from mdpoverty.errors import OutputError
from mdpoverty.io import temporary, writers

from .conftest import EXAMPLES

runner = CliRunner()


@pytest.fixture(autouse=True)
def no_stop_left(monkeypatch):
    monkeypatch.setattr(temporary, "_stop", None)  # a stop asked for here ends with the test
    # the outputs earlier commands of this process placed (one command a process in use)
    monkeypatch.setattr(temporary, "_committed", [])


def _compare(tmp_path: Path, *more: str):
    changes, report = tmp_path / "c.xlsx", tmp_path / "r.xlsx"
    argv = [
        "compare",
        str(EXAMPLES / "households.csv"),
        "--as-of",
        "2024-12-31",
        "--by",
        "commune",
        "--changes",
        str(changes),
        "-o",
        str(report),
        *more,
    ]
    return runner.invoke(app, argv), changes, report


def _sigterm_when(monkeypatch, obj, name: str):
    """Send the run a SIGTERM (through the CLI's handler) when `obj.name` is called."""
    real = getattr(obj, name)

    def hooked(*args, **kwargs):
        signals._on_signal(signal.SIGTERM, None)
        return real(*args, **kwargs)

    monkeypatch.setattr(obj, name, hooked)


def test_a_stop_while_the_report_is_made_leaves_no_output(tmp_path, monkeypatch):
    # the --changes file is finished before the report is written: it waits for it
    _sigterm_when(monkeypatch, writers, "write_sheets")
    result, _changes, _report = _compare(tmp_path)
    assert result.exit_code == 143, result.stderr
    assert result.stderr.strip() == (
        "interrupted by SIGTERM: stopped; no output was written, earlier files are untouched"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert temporary.registered() == []


def test_a_stop_during_the_moves_waits_until_every_output_is_in_place(tmp_path, monkeypatch):
    moved: list[str] = []
    real = os.replace

    def replace(src, dst):
        if not moved:
            signals._on_signal(signal.SIGTERM, None)  # after the first output's move begins
        moved.append(Path(dst).name)
        return real(src, dst)

    monkeypatch.setattr(writers.os, "replace", replace)
    result, changes, report = _compare(tmp_path)
    assert result.exit_code == 143, result.stderr
    assert sorted(moved) == ["c.xlsx", "r.xlsx"]
    assert changes.exists() and report.exists()
    said = " ".join(result.stderr.split())
    assert said.startswith("interrupted by SIGTERM after these outputs were written in full:")
    assert str(changes) in said and str(report) in said
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_a_failure_while_the_last_output_is_made_leaves_none(tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise OutputError("no room left", file="r.xlsx", key="output.no_space")

    monkeypatch.setattr(writers.xlsx, "write_workbook", fail)
    result, changes, report = _compare(tmp_path)
    assert result.exit_code == 4, result.stderr
    assert not changes.exists() and not report.exists()
    assert list(tmp_path.iterdir()) == []


def test_classify_moves_its_output_and_rejects_together(tmp_path, monkeypatch):
    src = tmp_path / "in.csv"
    lines = (EXAMPLES / "households.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    bad = lines[1].split(",")
    bad[header.index("household_size")] = "many"
    src.write_text("\n".join([lines[0], ",".join(bad), *lines[2:10]]) + "\n", encoding="utf-8")
    out = tmp_path / "kq.csv"
    placed: list[str] = []
    real = temporary.place_gathered

    def gathered():
        # nothing is in place before the moves: both are still their temporary files
        placed.extend(sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")))
        real()

    monkeypatch.setattr(temporary, "place_gathered", gathered)
    argv = ["classify", str(src), "-o", str(out), "--as-of", "2024-12-31"]
    result = runner.invoke(app, argv)
    assert result.exit_code == 3, result.stderr  # rows rejected: the outputs are kept
    assert placed == ["in.csv"]
    assert out.exists() and (tmp_path / "kq_rejects.csv").exists()
