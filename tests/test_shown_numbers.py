"""A workbook's money and m² number cells read as Excel shows them under a number format of at
most 2 decimals (an office's `=F4/E4/12` under `#,##0` is the 1,500,000 its printed list shows),
and under General or any other format as before (9 decimals, then too_many_decimals). CliRunner,
stdout and stderr apart."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.io import readers
from mdpoverty.io.number_formats import shown_decimals, shown_value
from mdpoverty.io.readers import ROW, read_table

from .conftest import BASE

xlsxwriter = pytest.importorskip("xlsxwriter")
runner = CliRunner()
INCOME = "income_per_capita_month"
REMAINDER = 18000001 / 12  # 1500000.0833333333: a real remainder, as a formula leaves it

# (id, income cell, its number format, how the cell is written); rural, 4 people, no
# deprivation: at or below the line 1,500,000 near-poor, above it average
INCOMES = [
    ("H1", 1500000.4, "#,##0", "formula"),  # shown 1,500,000: at the line
    ("H2", 1500000.6, "#,##0", "formula"),  # shown 1,500,001: above
    ("H3", 1499999.996, "0.00", "formula"),  # shown 1500000.00
    ("H4", 1500000.4, '#,##0 "đ"', "formula"),  # a custom format with a currency word
    ("H5", REMAINDER, None, "formula"),  # General: too_many_decimals, as before
    ("H6", REMAINDER, "0%", "formula"),  # a percent shows no amount
    ("H7", REMAINDER, "dd/mm/yyyy", "formula"),  # nor a date
    ("H8", "1500000.4444", "#,##0", "text"),  # a text cell is read as written
    ("H9", REMAINDER, "#,##0.000", "formula"),  # 3 decimals shown: more than money has
]


def _book(path: Path, size: float = 4, size_format: str | None = None) -> Path:
    """The households of `INCOMES`; H1's household_size `size` under `size_format`, its
    floor_area_m2 40.25001 under 0.0 (shown 40.3)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DS")
    columns = list(BASE)
    sheet.write_row(0, 0, columns)
    formats: dict[str | None, object] = {None: None}
    for r, (hid, income, code, how) in enumerate(INCOMES, 1):
        for c, name in enumerate(columns):
            value = {"household_id": hid}.get(name, BASE[name])
            if name == INCOME:
                if code not in formats:
                    formats[code] = book.add_format({"num_format": code})
                if how == "text":
                    sheet.write_string(r, c, str(income), formats[code])
                else:
                    sheet.write_formula(r, c, f"=1/1+{income}-1", formats[code], income)
            elif name == "household_size" and hid == "H1":
                fmt = book.add_format({"num_format": size_format}) if size_format else None
                sheet.write_formula(r, c, "=7/2", fmt, size)
            elif name == "floor_area_m2" and hid == "H1":
                sheet.write_formula(
                    r, c, "=40+0.25001", book.add_format({"num_format": "0.0"}), 40.25001
                )
            else:
                sheet.write(r, c, value)
    book.close()
    return path


def _classify(path: Path, *args: str):
    out = path.with_name("kq.csv")
    result = runner.invoke(
        app, ["classify", str(path), "-o", str(out), "--as-of", "2024-12-31", *args]
    )
    return result, out


def test_a_formatted_formula_cell_is_read_as_excel_shows_it(tmp_path):
    result, out = _classify(_book(tmp_path / "ds.xlsx"))
    assert result.exit_code == 3, result.stderr
    kq = pl.read_csv(out, infer_schema=False)
    classes = dict(zip(kq["household_id"], kq["class"], strict=True))
    # 1500000.4 shown 1,500,000 is at the line; 1500000.6 shown 1,500,001 above it
    assert classes == {"H1": "near_poor", "H2": "average", "H3": "near_poor", "H4": "near_poor"}
    # the cells read as shown are written as read
    incomes = dict(zip(kq["household_id"], kq[INCOME], strict=True))
    assert incomes == {"H1": "1500000", "H2": "1500001", "H3": "1500000", "H4": "1500000"}
    rejects = pl.read_csv(tmp_path / "kq_rejects.csv", infer_schema=False)
    assert dict(zip(rejects["household_id"], rejects["errors"], strict=True)) == {
        "H5": f"{INCOME}:too_many_decimals",
        "H6": f"{INCOME}:too_many_decimals",
        "H7": f"{INCOME}:not_a_number",  # the reader gives a date cell as a date
        "H8": f"{INCOME}:too_many_decimals",
        "H9": f"{INCOME}:too_many_decimals",
    }
    # never silent: counted by column, the first row named, no value printed
    assert (
        f"4 number cells of '{INCOME}' are read as Excel shows them under their 3 number formats,"
        " rounded, not as stored with more decimals: '#,##0' (2 cells, the first on row 2),"
        " '0.00' (row 4), '#,##0 \"đ\"' (row 5) (explain shows a cell's stored value)"
    ) in " ".join(result.stderr.split())
    assert (
        "1 number cell of 'floor_area_m2' is read as Excel shows it under its number format '0.0'"
        in (" ".join(result.stderr.split()))
    )
    assert "1500000.4" not in result.stderr and "1500000.4" not in result.stdout


def test_the_note_in_vietnamese(tmp_path):
    result, _ = _classify(_book(tmp_path / "ds.xlsx"), "--lang", "vi")
    assert result.exit_code == 3, result.stderr
    said = " ".join(result.stderr.split())
    assert (
        "1 ô số của cột 'floor_area_m2' được đọc như Excel hiển thị theo định dạng số của ô '0.0'"
    ) in said
    assert (
        f"4 ô số của cột '{INCOME}' được đọc như Excel hiển thị theo 3 định dạng số của các ô"
    ) in said


def _formatted(path: Path, cells: list[tuple[float, str]]) -> Path:
    """One household a cell of `cells` (the income, its number format), in that order."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, list(BASE))
    formats: dict[str, object] = {}
    for r, (income, code) in enumerate(cells, 1):
        sheet.write_row(r, 0, [f"H{r}" if k == "household_id" else v for k, v in BASE.items()])
        fmt = formats.setdefault(code, book.add_format({"num_format": code}))
        sheet.write_number(r, list(BASE).index(INCOME), income, fmt)
    book.close()
    return path


def test_the_note_names_each_format_that_shows_a_cell(tmp_path):
    # a column formatted cell by cell: no one format is called that of every cell
    cells = [
        (1500000.4, '#,##0" .00"'),  # rows 2-4
        (1500000.5, "#,##0"),
        (1500000.45, "#,##0.0"),
        (1500000.2, "#,##0"),
    ]
    result, _ = _classify(_formatted(tmp_path / "ds.xlsx", cells))
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stderr.split())
    assert (
        f"4 number cells of '{INCOME}' are read as Excel shows them under their 3 number formats,"
        " rounded, not as stored with more decimals: '#,##0\" .00\"' (row 2), '#,##0' (2 cells,"
        " the first on row 3), '#,##0.0' (row 4) (explain shows a cell's stored value)"
    ) in said
    vi, _ = _classify(tmp_path / "ds.xlsx", "--lang", "vi")
    assert (
        f"4 ô số của cột '{INCOME}' được đọc như Excel hiển thị theo 3 định dạng số của các ô,"
        " đã làm tròn, không theo giá trị lưu có nhiều chữ số thập phân hơn: '#,##0\" .00\"'"
        " (dòng 2), '#,##0' (2 ô, ô đầu tiên ở dòng 3), '#,##0.0' (dòng 4)"
    ) in " ".join(vi.stderr.split())


def test_a_note_names_three_formats_and_counts_the_rest(tmp_path):
    codes = ["#,##0", "0", '#,##0 "đ"', "#,##0_);(#,##0)", "[Blue]#,##0"]
    path = _formatted(tmp_path / "ds.xlsx", [(1500000.4, code) for code in codes])
    result, _ = _classify(path)
    assert result.exit_code == 0, result.stderr
    assert (
        "under their 5 number formats, rounded, not as stored with more decimals: '#,##0' (row"
        " 2), '0' (row 3), '#,##0 \"đ\"' (row 4), and 2 more formats (explain"
    ) in " ".join(result.stderr.split())


def test_a_count_formatted_as_a_whole_number_is_still_rejected(tmp_path):
    path = _book(tmp_path / "ds.xlsx", size=3.5, size_format="0")  # shown 4 in Excel
    result, _ = _classify(path)
    assert result.exit_code == 3, result.stderr
    rejects = pl.read_csv(tmp_path / "kq_rejects.csv", infer_schema=False)
    errors = dict(zip(rejects["household_id"], rejects["errors"], strict=True))
    assert errors["H1"] == "household_size:not_an_integer"


def test_a_measure_is_read_to_the_decimals_its_format_shows(tmp_path):
    table = read_table(str(_book(tmp_path / "ds.xlsx")))
    frame = table.frame.collect()
    h1 = frame.filter(pl.col("household_id") == "H1").row(0, named=True)
    assert h1["floor_area_m2"] == "40.3"
    assert table.shown_cell_values()["floor_area_m2"] == {h1[ROW]: ("40.25001", "40.3")}
    assert table.shown_cell_values()[INCOME][h1[ROW]] == ("1500000.4", "1500000")
    # the cells left to be rejected stay as the reader gave them
    h5 = frame.filter(pl.col("household_id") == "H5").row(0, named=True)
    assert h5[INCOME] == "1500000.083333333"


def test_explain_shows_the_stored_value_and_the_value_read(tmp_path):
    path = str(_book(tmp_path / "ds.xlsx"))
    base = ["explain", path, "--id", "H1", "--as-of", "2024-12-31"]
    result = runner.invoke(app, base)
    assert result.exit_code == 0, result.stderr
    assert (
        f"{INCOME}: the workbook stores 1500000.4; read as Excel shows it: 1500000" in result.stdout
    )
    assert "at or below the line" in result.stdout
    data = json.loads(runner.invoke(app, [*base, "--json"]).stdout)
    assert data[0]["read_as_shown"] == {
        INCOME: {"stored": "1500000.4", "read": "1500000"},
        "floor_area_m2": {"stored": "40.25001", "read": "40.3"},
    }
    other = json.loads(runner.invoke(app, [*base[:3], "H2", *base[4:], "--json"]).stdout)
    assert other[0]["read_as_shown"] == {INCOME: {"stored": "1500000.6", "read": "1500001"}}


def test_styles_are_read_only_for_cells_that_would_be_rejected(tmp_path, monkeypatch):
    seen = []
    real = readers._style_formats
    monkeypatch.setattr(readers, "_style_formats", lambda xml: seen.append(1) or real(xml))
    book = xlsxwriter.Workbook(str(tmp_path / "whole.xlsx"))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, list(BASE))
    money = book.add_format({"num_format": "#,##0"})
    for r in (1, 2):
        sheet.write_row(r, 0, [f"H{r}" if k == "household_id" else v for k, v in BASE.items()])
        sheet.write_formula(r, list(BASE).index(INCOME), "=3000000/2", money, 1500000.0)
    book.close()
    table = read_table(str(tmp_path / "whole.xlsx"))
    assert seen == [] and table.shown_cells == {}
    read_table(str(_book(tmp_path / "ds.xlsx")))
    assert seen == [1]  # once per workbook, however many cells


@pytest.mark.parametrize(
    ("code", "places"),
    [
        ("0", 0),
        ("0.00", 2),
        ("#,##0", 0),
        ("#,##0.00", 2),
        ('#,##0 "đ"', 0),
        ("0.0", 1),
        ("[Red]#,##0;(#,##0)", 0),
        ("[$₫-42A] #,##0", 0),
        ("#,##0_);(#,##0)", 0),
        ("#,##0.000", None),  # more decimals than money has
        ("#,##0,", None),  # thousands
        ("0%", None),
        ("0.00E+00", None),
        ("# ?/?", None),
        ("dd/mm/yyyy", None),
        ("h:mm", None),
        ("[h]:mm:ss", None),
        ("General", None),
        ("@", None),
        ("[>=100]0;0.00", None),
    ],
)
def test_the_decimals_a_format_shows(code, places):
    assert shown_decimals(code) == places


@pytest.mark.parametrize(
    ("stored", "places", "shown"),
    [
        ("1500000.4", 0, "1500000"),
        ("1500000.5", 0, "1500001"),  # half away from zero, as Excel
        ("1500000.6", 0, "1500001"),
        ("0.28499999999999998", 2, "0.29"),  # Excel's 15 digits first: 0.285
        ("1499999.996", 2, "1500000.00"),
        ("4.0025E1", 1, "40.0"),
        ("NaN", 0, None),
        ("1_5.5", 0, None),
    ],
)
def test_the_value_a_format_shows(stored, places, shown):
    assert shown_value(stored, places) == shown
