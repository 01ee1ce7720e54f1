"""Number cells of a workbook: a sampling weight read at full precision (as the same data saved as
CSV holds it), any other number as Excel shows it, to 9 decimals (float noise of a formula gone)."""

from __future__ import annotations

import csv
import json
import math
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import EXAMPLES
from .test_survey_weights import exact, expected, measure, write_csv

xlsxwriter = pytest.importorskip("xlsxwriter")
runner = CliRunner()


def write_book(path: Path, rows: list[tuple[str, float | str, str]]) -> Path:
    """A workbook of the four indicators and a weight `w`: each weight a number cell ("number";
    xlsxwriter writes 16 significant digits), a formula's cached value ("formula": the value's
    shortest text, 17 digits as Excel saves them) or a text cell ("text")."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["i1", "i2", "i3", "i4", "w"])
    for n, (pattern, weight, how) in enumerate(rows, 1):
        sheet.write_row(n, 0, [int(c) for c in pattern])
        if how == "number":
            sheet.write_number(n, 4, float(weight))
        elif how == "formula":
            sheet.write_formula(n, 4, "=1*1", None, weight)
        else:
            sheet.write_string(n, 4, str(weight))
    book.close()
    return path


def as_written(weight: float | str) -> str:
    return weight if isinstance(weight, str) else repr(weight)


def test_workbook_weights_give_the_figures_of_the_same_data_as_csv(tmp_path):
    rows: list[tuple[str, float | str, str]] = [
        ("1100", 1e-12, "number"),  # as Excel shows it: 0
        ("0000", 0.6666666666666666, "number"),  # shown 0.666666667
        ("1110", 523.4321899414062, "number"),  # shown 523.432189941
        ("1000", 5e-324, "number"),
        ("1111", 12345678.12345679, "number"),
        ("0110", 0.30000000000000004, "formula"),  # 17 significant digits
        ("0011", 0.12345678901234568, "formula"),
        ("1100", 1500000.0000000002, "formula"),
        ("0101", 0.1, "number"),
        ("1010", 2.0, "number"),
        ("1001", 1e20, "number"),
        ("0111", "0.50", "text"),  # a text cell is read as written
        ("1101", "1,5", "text"),
        ("1011", "1e-12", "text"),
    ]
    book = write_book(tmp_path / "w.xlsx", rows)
    text = write_csv(tmp_path / "w.csv", [(p, as_written(w)) for p, w, _ in rows])
    from_book, from_csv = measure(book), measure(text)
    want = expected([(p, Fraction(as_written(w).replace(",", "."))) for p, w, _ in rows])
    assert exact(from_book["results"][0]) == exact(from_csv["results"][0]) == want
    assert from_book["results"] == from_csv["results"]


def test_a_text_weight_of_20_digits_is_refused_not_rounded_to_a_float(tmp_path):
    rows: list[tuple[str, float | str, str]] = [
        ("1100", "0.12345678901234567890", "text"),
        ("1111", 0.6666666666666666, "number"),
    ]
    result = measure(write_book(tmp_path / "w.xlsx", rows), code=3)
    assert result["accounting"]["rejected"] == 1
    assert exact(result["results"][0])["population"] == Fraction("0.6666666666666666")


weights = st.floats(min_value=0, max_value=1e299, allow_nan=False, allow_infinity=False).filter(
    lambda x: math.copysign(1, x) > 0
)
patterns = st.sampled_from([format(i, "04b") for i in range(16)])


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.tuples(patterns, weights, st.booleans()), min_size=1, max_size=10),
)
def test_any_number_cell_weight_is_read_as_its_value(tmp_path, rows):
    # a number cell as xlsxwriter stores it (16 significant digits), or a formula's cached
    # value (the float's shortest text): the CSV holds that value's shortest text
    stored = [(p, float(format(w, ".16g")) if cell else w, cell) for p, w, cell in rows]
    book = write_book(
        tmp_path / "w.xlsx", [(p, w, "number" if cell else "formula") for p, w, cell in stored]
    )
    text = write_csv(tmp_path / "w.csv", [(p, repr(w)) for p, w, _ in stored])
    want = expected([(p, Fraction(repr(w))) for p, w, _ in stored])
    assert exact(measure(book)["results"][0]) == exact(measure(text)["results"][0]) == want


def test_money_is_read_as_excel_shows_it_so_formula_noise_is_no_cent(tmp_path):
    # income per person =1800000/1.2 is stored as 1500000.0000000002: read 1500000, at the
    # rural line (near poor, nothing lacking); 1500000.01 stays above it (average)
    with (EXAMPLES / "households.csv").open(encoding="utf-8") as f:
        header, first = list(csv.reader(f))[:2]
    income = header.index("income_per_capita_month")
    assert first[header.index("area")] == "rural"
    book = xlsxwriter.Workbook(str(tmp_path / "hh.xlsx"))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, header)
    cells = [("formula", 1500000.0000000002), ("number", 1500000.01), ("number", 1500000.0)]
    cells.append(("formula", 18000001 / 12))  # shown 1500000.083333333: a real remainder
    for n, (how, value) in enumerate(cells, 1):
        for j, cell in enumerate(first):
            if j != income:
                sheet.write_string(n, j, f"H{n}" if j == 0 else cell)
        if how == "formula":
            sheet.write_formula(n, income, "=A1", None, value)
        else:
            sheet.write_number(n, income, value)
    book.close()
    out = tmp_path / "out.json"
    result = runner.invoke(
        app,
        ["classify", str(tmp_path / "hh.xlsx"), "-s", "vn-2022-2025", "-o", str(out)],
    )
    assert result.exit_code == 3, result.stderr
    got = {r["household_id"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    assert [got[f"H{n}"]["class"] for n in (1, 2, 3)] == ["near_poor", "average", "near_poor"]
    assert "H4" not in got  # rejected, never rounded
    (reject,) = json.loads((tmp_path / "out_rejects.json").read_text(encoding="utf-8"))
    assert reject["household_id"] == "H4"
    assert reject["errors"] == "income_per_capita_month:too_many_decimals"
