"""Money cells as offices type them, and what a rejected formula cell tells the user (an office
user's review): a trailing currency word (`1.500.000 đ`, `1,500,000 VND`, `1.500.000 đồng`) is
read as the amount it follows in every money column and nowhere else in the cell; a cell that
a formula left with more decimals than the line's cents is still rejected, never rounded, and
the screen and the rejects' description say what to do (round it in Excel) without printing
the value. CliRunner, stdout and stderr apart."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.columns import BY_NAME, ColumnType
from mdpoverty.run.validation import validate

from .conftest import BASE

runner = CliRunner()
INCOME = "income_per_capita_month"


def _income(cells: list[str]) -> pl.DataFrame:
    lf = pl.LazyFrame({INCOME: cells}, schema={INCOME: pl.String})
    return validate(lf, {INCOME: BY_NAME[INCOME]}).collect()


NFD = unicodedata.normalize("NFD", "1.500.000 ĐỒNG")
ACCEPTED = [
    ("1.500.000 đ", "1500000"),
    ("1.500.000đ", "1500000"),
    ("1.500.000 VNĐ", "1500000"),
    ("1,500,000 VND", "1500000"),
    ("1.500.000 đồng", "1500000"),
    (NFD, "1500000"),  # decomposed accents, as some Mac and web forms write them
    ("1500000 vnd", "1500000"),
    ("1.500.001 Đ", "1500001"),
    ("1.500.000,50 đ", "1500000.50"),
    ("1 500 000\u00a0₫", "1500000"),
    (" 1.500.000 dong ", "1500000"),
]


@pytest.mark.parametrize(("cell", "value"), ACCEPTED)
def test_a_trailing_currency_word_is_read_as_the_amount(cell, value):
    out = _income([cell])
    assert out[INCOME][0] == Decimal(value)
    assert out["__errors__"][0] == ""
    assert out["__raw__" + INCOME][0] == cell  # the cell as read stays for the rejects


REFUSED = [
    ("đ 1.500.000", "not_a_number"),  # before the number
    ("1.500 đ 000", "not_a_number"),  # inside it
    ("2 đ 3", "not_a_number"),
    ("đ", "not_a_number"),  # a word alone is no amount
    ("1.500.000 đđ", "not_a_number"),
    ("1.500.000 đ.", "not_a_number"),
    ("1.500.000 USD", "not_a_number"),
    ("-5 đ", "out_of_range"),
    ("1500000.3333 đ", "too_many_decimals"),
    ("1500.000 đ", "ambiguous_number"),  # the word settles nothing about the separator
]


@pytest.mark.parametrize(("cell", "reason"), REFUSED)
def test_a_currency_word_anywhere_else_leaves_the_cell_refused(cell, reason):
    out = _income([cell])
    assert out[INCOME][0] is None
    assert out["__errors__"][0] == f"{INCOME}:{reason}"


def test_only_money_columns_take_a_currency_word():
    lf = pl.LazyFrame({"floor_area_m2": ["24 đ"], "household_size": ["4 đ"]})
    specs = {c: BY_NAME[c] for c in ("floor_area_m2", "household_size")}
    out = validate(lf, specs).collect()
    assert out["__errors__"][0] == "floor_area_m2:not_a_number;household_size:not_a_number"


def test_a_money_column_a_standard_declares_takes_a_currency_word():
    lf = pl.LazyFrame({"pension": ["2.000.000 đồng", "đồng 2"]})
    out = validate(lf, {"pension": (ColumnType.MONEY, 0, None)}).collect()
    assert out["pension"].to_list() == [Decimal("2000000"), None]
    assert out["__errors__"].to_list() == ["", "pension:not_a_number"]


def _office_list(path: Path, incomes: list[object]) -> Path:
    """A list as a commune office keeps it: a title, Vietnamese headers, then the households
    (rural, 4 people, no deprivation) with the income cells given."""
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("Danh sách")
    ws.write_row(0, 0, ["DANH SÁCH HỘ GIA ĐÌNH NĂM 2024"])
    head = [c for c in BASE if c != INCOME] + ["Tổng thu nhập năm (đồng)", INCOME]
    ws.write_row(2, 0, head)
    for r, income in enumerate(incomes, 3):
        values = [f"H{r}" if c == "household_id" else v for c, v in BASE.items() if c != INCOME]
        ws.write_row(r, 0, values)
        yearly = len(values)
        if isinstance(income, float):  # yearly / 12 / members, as the office's formula does
            ws.write_number(r, yearly, 71999996)
            ws.write_formula(r, yearly + 1, f"=H{r + 1}/12/F{r + 1}", None, income)
        else:
            ws.write(r, yearly + 1, income)
    book.close()
    return path


def _classify(path: Path, *args: str):
    out = path.with_name("kq.csv")
    result = runner.invoke(
        app, ["classify", str(path), "-o", str(out), "--as-of", "2024-12-31", *args]
    )
    return result, out


def test_an_office_list_with_currency_words_is_classified_at_the_line_exactly(tmp_path):
    cells = ["1.500.000 đ", "1.500.000đ", "1.500.000 VNĐ", "1,500,001 VND", "1.500.000 đồng"]
    result, out = _classify(_office_list(tmp_path / "ds.xlsx", cells))
    assert result.exit_code == 0, result.stderr
    classes = pl.read_csv(out, infer_schema=False)["class"].to_list()
    # rural, no deprivation: at the line near-poor, one đồng above it average
    assert classes == ["near_poor", "near_poor", "near_poor", "average", "near_poor"]
    assert not (tmp_path / "kq_rejects.csv").exists()


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "round the cell in Excel, e.g. =ROUND(the cell's formula,2)"),
        ("vi", "hãy làm tròn ô trong Excel, ví dụ =ROUND(công thức của ô;2)"),
    ],
)
def test_a_formula_cell_with_many_decimals_is_rejected_with_what_to_do(tmp_path, lang, said):
    path = _office_list(tmp_path / "ds.xlsx", [1499999.9166666667, "1.499.999", 1500000.25])
    result, out = _classify(path, "--lang", lang)
    assert result.exit_code == 3, result.stderr
    rejects = pl.read_csv(tmp_path / "kq_rejects.csv", infer_schema=False)
    assert rejects[:, 0].to_list() == ["4"]
    # 1500000.25 has two places: read exactly, a quarter đồng above the line
    classes = pl.read_csv(out, infer_schema=False)[:, -4].to_list()
    if lang == "en":
        assert classes == ["near_poor", "average"]
    else:
        assert classes == ["Hộ cận nghèo", "Hộ có mức sống trung bình"]
    assert rejects[:, 1].to_list() == [f"{INCOME}:too_many_decimals"]
    description = rejects[:, 2][0]
    assert said in description
    assert ("mdpoverty does not round" if lang == "en" else "không tự làm tròn") in description
    # said once after the rows, never with the value
    assert result.stdout.count(said) == 1
    assert "1499999" not in result.stdout and "1499999" not in result.stderr
    assert "1.499.999,9" not in result.stdout


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "=ROUND(the cell's formula,2)"),
        ("vi", "=ROUND(công thức của ô;2)"),
    ],
)
def test_explain_says_what_to_do_about_a_formula_cell(tmp_path, lang, said):
    path = _office_list(tmp_path / "ds.xlsx", [1499999.9166666667])
    args = ["explain", str(path), "--id", "H3", "--as-of", "2024-12-31", "--lang", lang]
    result = runner.invoke(app, args)
    assert result.exit_code == 3, result.stderr  # explained, with no class, as classify rejects it
    assert said in " ".join(result.stdout.split())
    assert "1499999" not in result.stdout and "1499999" not in result.stderr
