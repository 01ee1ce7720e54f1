"""A workbook whose used range does not start at column A (a list laid out from column C, a
margin column left empty): every column a message or an output names is the letter Excel shows,
and a column read again from the sheet (a weight, `Table.read_exact`) is the column meant."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.io.layout import MAX_HEADER_CHARS

from .test_official_lists import HEADER, cells

runner = CliRunner()
FOUR = Path(__file__).parent / "standards" / "af-four-indicators.yaml"  # weights 1/4, k = 1/2


def placed(path: Path, rows: list[list[object]], column: int) -> Path:
    """A workbook whose rows start at row 1 and at the 0-based sheet `column` (2 = C)."""
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("DS")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value in ("", None):
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                ws.write_number(r, column + c, value)
            else:
                ws.write_string(r, column + c, str(value))
    book.close()
    return path


# HEADER fills 22 columns (A-V from column A); the note is two columns right of it
@pytest.mark.parametrize(("column", "letter"), [(0, "X"), (2, "Z"), (26, "AX")])
def test_a_column_without_header_is_named_by_the_letter_excel_shows(tmp_path, column, letter):
    rows = [HEADER, [*cells(1), "", "xem lại"], [*cells(2), "", ""]]
    path = placed(tmp_path / "ds.xlsx", rows, column)
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["classify", str(path), "-o", str(out), "--as-of", "2025-01-01"])
    assert result.exit_code == 0, result.stderr
    named = [c for c in pl.read_csv(out, infer_schema=False).columns if c.startswith("(no header")]
    assert named == [f"(no header, column {letter})"]


@pytest.mark.parametrize(("column", "letter"), [(0, "B"), (2, "D"), (25, "AA")])
def test_a_too_long_header_names_its_excel_column(tmp_path, column, letter):
    rows = [["Mã hộ", "x" * (MAX_HEADER_CHARS + 1)], ["H001", "1"]]
    path = placed(tmp_path / "ds.xlsx", rows, column)
    result = runner.invoke(app, ["classify", str(path), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 4
    assert f"row 1, column {letter}: the header" in result.stderr


@pytest.mark.parametrize("column", [0, 2])
def test_a_weight_is_read_exactly_from_its_own_column(tmp_path, column):
    """The weights as Excel shows them have 9 decimals at most: they are read again as
    numbers, from the weight's own column (from column C, the grid's column 4 is the sheet's
    column 6)."""
    rows = [
        ["i1", "i2", "i3", "i4", "w"],
        [1, 1, 0, 0, 0.6666666666666666],
        [0, 0, 0, 0, 1e-12],
    ]
    path = placed(tmp_path / "w.xlsx", rows, column)
    args = ["measures", str(path), "-s", str(FOUR), "--weight", "w", "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    whole = json.loads(result.stdout)["results"][0]
    total = Fraction("0.6666666666666666") + Fraction(1, 10**12)
    assert Fraction(whole["population_exact"]) == total
    assert Fraction(whole["H_exact"]) == Fraction("0.6666666666666666") / total
