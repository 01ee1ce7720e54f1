"""A code an office types as text in Excel ('22', '196', or a household id '1021') is written
back as text in every .xlsx file mdpoverty writes, and a number cell stays a number: the input
is read as text, so the reader tells which columns hold their number-like cells as text.
CliRunner, stdout and stderr apart; the files are built with xlsxwriter as an office's system
exports them (codes as strings, counts as numbers)."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.io.readers import read_table

from .conftest import BASE

openpyxl = pytest.importorskip("openpyxl")
runner = CliRunner()
EXTRA = ["STT", "Mã tỉnh", "Mã huyện", "Mã xã", "Năm sinh", "Mã lẫn"]


def workbook(path: Path) -> Path:
    """Three households: STT and Năm sinh numbers; Mã tỉnh, Mã huyện, Mã xã and the household
    id text cells that read as numbers; 'Mã lẫn' a number in row 1 and text elsewhere.
    Household 3's income is not a number (a reject)."""
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("DS")
    ws.write_row(0, 0, [*EXTRA, *BASE])
    for n in range(1, 4):
        h = {**BASE, "household_id": f"10{n}"}
        h["income_per_capita_month"] = "nhiều" if n == 3 else 1000000 * n
        ws.write_number(n, 0, n)
        ws.write_string(n, 1, "22")
        ws.write_string(n, 2, f"19{n}")
        ws.write_string(n, 3, f"0669{n}")
        ws.write_number(n, 4, 1960 + n)
        if n == 1:
            ws.write_number(n, 5, 7)
        else:
            ws.write_string(n, 5, "7")
        for j, value in enumerate(h.values(), len(EXTRA)):
            if isinstance(value, str):
                ws.write_string(n, j, value)
            else:
                ws.write_number(n, j, value)
    book.close()
    return path


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def typed(path: Path, sheet: int = 0) -> dict[str, list[object]]:
    """Each column of a written sheet (header on row 1) -> its cells' values as Excel holds
    them (a text cell a str, a number an int or float)."""
    ws = openpyxl.load_workbook(path).worksheets[sheet]
    rows = list(ws.iter_rows(values_only=True))
    return {h: [r[i] for r in rows[1:]] for i, h in enumerate(rows[0])}


def test_the_reader_tells_text_codes_from_numbers(tmp_path):
    table = read_table(str(workbook(tmp_path / "ds.xlsx")))
    # a mixed column is no text column; STT and Năm sinh are numbers; the id is text; '06691'
    # reads as no number (a leading zero): it is written as text anyway
    assert table.text_columns() == {"Mã tỉnh", "Mã huyện", "household_id"}


@pytest.mark.parametrize("keep", [True, False])
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_classify_writes_text_codes_as_text_and_numbers_as_numbers(tmp_path, keep, lang):
    path = workbook(tmp_path / "ds.xlsx")
    out, rejects = tmp_path / "kq.xlsx", tmp_path / "loai.xlsx"
    args = ["classify", path, "-o", out, "--rejects", rejects, "--as-of", "2024-12-31"]
    result = invoke(*args, "--lang", lang, *(["--keep-input"] if keep else []))
    assert result.exit_code == 3, result.stderr
    for file, rows in ((out, 2), (rejects, 1)):
        cells = typed(file)
        assert cells["Mã tỉnh"] == ["22"] * rows
        assert cells["Mã huyện"] == (["191", "192"] if rows == 2 else ["193"])
        assert cells["Mã xã"] == (["06691", "06692"] if rows == 2 else ["06693"])
        assert cells["STT"] == ([1, 2] if rows == 2 else [3])
        assert cells["Năm sinh"] == ([1961, 1962] if rows == 2 else [1963])
        ids = cells["household_id" if keep or lang == "en" else "Mã hộ"]
        assert ids == (["101", "102"] if rows == 2 else ["103"])
        if file == out:  # the mixed column as before: each number-like cell a number
            assert cells["Mã lẫn"] == [7, 7]


def test_compare_changes_keep_text_codes_as_text(tmp_path):
    path = workbook(tmp_path / "ds.xlsx")
    changes = tmp_path / "thaydoi.xlsx"
    result = invoke(
        "compare", path, "--as-of", "2024-12-31", "--alt", "quangninh-2023-2025",
        "--changes", changes, "--lang", "vi", "--keep-input",
    )  # fmt: skip
    assert result.exit_code == 3, result.stderr
    cells = typed(changes)
    assert cells["Mã tỉnh"] and set(cells["Mã tỉnh"]) == {"22"}
    assert all(isinstance(v, str) for v in cells["Mã huyện"])
    assert all(isinstance(v, int) for v in cells["STT"] + cells["Năm sinh"])


def test_report_previous_rejects_keep_a_text_id_as_text(tmp_path):
    path = workbook(tmp_path / "ds.xlsx")
    prev = tmp_path / "ds_2023.xlsx"
    book = xlsxwriter.Workbook(prev)
    ws = book.add_worksheet("DS")
    ws.write_row(0, 0, ["Mã hộ", "Phân loại hộ"])
    for n, label in ((1, "Hộ nghèo"), (2, "Hộ thoát nghèo")):  # the second: no class said
        ws.write_string(n, 0, f"10{n}")
        ws.write_string(n, 1, label)
    book.close()
    rejects = tmp_path / "prev_loai.xlsx"
    result = invoke(
        "report", path, "--as-of", "2024-12-31", "--lang", "vi", "--previous", prev,
        "-o", tmp_path / "bc.xlsx", "--previous-rejects", rejects,
    )  # fmt: skip
    assert result.exit_code == 3, result.stderr
    cells = typed(rejects)
    assert cells["Mã hộ"] == ["102"], cells
