"""A mapping line naming the lower cell of a column under a group label (`Nước SH: safe_water`
for `Các chỉ số / Nước SH`) gives it the answer; under a deprivation group label it does not (the
column holds marks, the reverse of the answer), and the note says so, not that the file has no
such header. A line of the column's full name takes it, on the user's word."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import EXAMPLES

runner = CliRunner()
LOWER = {"safe_water": "Nước SH", "sanitary_latrine": "Nhà tiêu"}


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def grouped(tmp: Path, label: str) -> Path:
    """Five households of the example, safe water and latrine last, under `label` (the
    group's cell over the first of them, the one to its right blank, as a merged cell reads);
    the second household has no safe water."""
    with (EXAMPLES / "households.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[:6]
    rows[2][rows[0].index("safe_water")] = "false"
    at = [rows[0].index(c) for c in LOWER]
    rows = [[c for j, c in enumerate(r) if j not in at] + [r[j] for j in at] for r in rows]
    rows[0][-2:] = list(LOWER.values())
    upper = [""] * len(rows[0])
    upper[-2] = label
    path = tmp / "ds.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([upper, *rows])
    return path


def mapping(tmp: Path, text: str) -> Path:
    path = tmp / "m.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def classify(path: Path, tmp: Path, *extra: object):
    out = tmp / "out.csv"
    return invoke("classify", path, "-o", out, "--header-row", "1-2", *extra), out


LINES = "Nước SH: safe_water\nNhà tiêu: sanitary_latrine\n"


def test_a_lower_cell_under_a_group_label_takes_the_mapping_line(tmp_path):
    path = grouped(tmp_path, "Các chỉ số")
    without, _ = classify(path, tmp_path)
    assert without.exit_code == 4  # neither column is known by its own cell
    result, out = classify(path, tmp_path, "--columns", mapping(tmp_path, LINES))
    assert result.exit_code == 0, result.stderr
    assert "no such header" not in result.stderr
    # the answers are the column's: the second household's false among the trues
    assert pl.read_csv(out)["safe_water"].to_list() == [True, False, True, True, True]


def test_under_a_deprivation_group_the_note_says_why_the_line_is_not_applied(tmp_path):
    path = grouped(tmp_path, "Các chỉ số thiếu hụt")
    result, _ = classify(path, tmp_path, "--columns", mapping(tmp_path, LINES))
    assert "no such header" not in result.stderr
    note = (
        "m.yaml:1: the mapping gives 'Nước SH' to safe_water, but the column 'Các chỉ số thiếu"
        " hụt / Nước SH' stands under a deprivation group label: it holds deprivation marks (an"
        " x where the household is deprived), the opposite of the answer; only a line of its"
        " full name ('Các chỉ số thiếu hụt / Nước SH: safe_water') takes it as the answer"
    )
    assert note in result.stderr
    # the column is read as the water indicator's marks, never as the answer
    assert "water ('Nước SH') is read from the list's deprivation marks" in result.stderr
    vi, _ = classify(path, tmp_path, "--columns", tmp_path / "m.yaml", "--lang", "vi")
    assert "cột 'Các chỉ số thiếu hụt / Nước SH' nằm dưới một nhãn nhóm thiếu hụt" in vi.stderr
    assert "không có tiêu đề như vậy" not in vi.stderr


def test_under_a_deprivation_group_a_line_of_the_full_name_takes_the_answer(tmp_path):
    path = grouped(tmp_path, "Các chỉ số thiếu hụt")
    lines = "".join(f"Các chỉ số thiếu hụt / {h}: {c}\n" for c, h in LOWER.items())
    result, out = classify(path, tmp_path, "--columns", mapping(tmp_path, lines))
    assert result.exit_code == 0, result.stderr
    assert "note: m.yaml" not in result.stderr
    assert "deprivation marks" not in result.stderr
    # taken as the answer, on the user's word: false is no safe water, not 'not deprived'
    assert pl.read_csv(out)["safe_water"].to_list() == [True, False, True, True, True]
