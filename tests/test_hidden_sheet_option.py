"""A workbook whose first sheet, hidden in Excel, is read by default: the note names the option
that reads another sheet of that file (`--sheet` for the household file, `--member-sheet` for
the member file; the previous list of `report --previous` has none), in English and
Vietnamese. CliRunner, stdout and stderr apart; the workbooks built with xlsxwriter."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import xlsxwriter
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import EXAMPLES

HOUSEHOLDS = 30


def run(*argv):
    return CliRunner().invoke(app, [str(a) for a in argv])


def _rows(name: str) -> list[list[str]]:
    with (EXAMPLES / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _households(folder: Path) -> tuple[Path, set[str]]:
    rows = _rows("households.csv")[: HOUSEHOLDS + 1]
    path = folder / "hh.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path, {r[0] for r in rows[1:]}


def _hidden_first(path: Path, rows: list[list[str]], name: str) -> Path:
    """A workbook of `rows` on a first sheet `name`, hidden, and a visible summary sheet."""
    book = xlsxwriter.Workbook(path)
    data = book.add_worksheet(name)
    for i, row in enumerate(rows):
        data.write_row(i, 0, row)
    data.hide()
    book.add_worksheet("Tổng hợp").activate()
    book.close()
    return path


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_member_file_note_names_member_sheet(tmp_path: Path, lang: str):
    households, ids = _households(tmp_path)
    members = _rows("members.csv")
    members = [members[0], *(r for r in members[1:] if r[0] in ids)]
    book = _hidden_first(tmp_path / "tv.xlsx", members, "DS nhân khẩu")
    argv = ["classify", households, "--members", book, "-s", "vn-2022-2025"]
    result = run(*argv, "-o", tmp_path / "o.csv", "--lang", lang)
    assert result.exit_code in (0, 3), result.stderr
    said = " ".join(result.stderr.split())
    if lang == "vi":
        assert (
            "tệp thành viên: trang tính được đọc, 'DS nhân khẩu', trang đầu của tệp, bị ẩn trong"
            " Excel; để đọc trang khác, ghi tên trang với --member-sheet" in said
        )
    else:
        assert (
            "the member file: the sheet read, 'DS nhân khẩu', the workbook's first, is hidden in"
            " Excel; to read another, name it with --member-sheet" in said
        )
    assert "--sheet" not in said.replace("--member-sheet", "")
    # named with --member-sheet: no note
    named = run(*argv, "-o", tmp_path / "n.csv", "--member-sheet", "DS nhân khẩu")
    assert named.exit_code in (0, 3), named.stderr
    assert "hidden in Excel" not in named.stderr


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_household_file_note_still_names_sheet(tmp_path: Path, lang: str):
    rows = _rows("households.csv")[: HOUSEHOLDS + 1]
    book = _hidden_first(tmp_path / "ds.xlsx", rows, "DS hộ")
    result = run("classify", book, "-s", "vn-2022-2025", "-o", tmp_path / "o.csv", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stderr.split())
    option = "ghi tên trang với --sheet" if lang == "vi" else "name it with --sheet"
    assert option in said
    assert "--member-sheet" not in said


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_previous_list_note_names_no_option(tmp_path: Path, lang: str):
    # report --previous has no option for the previous list's sheet: --sheet is the household
    # file's, and naming it would read another sheet of the wrong file
    households, ids = _households(tmp_path)
    previous = _rows("households_previous.csv")
    previous = [previous[0], *(r for r in previous[1:] if r[0] in ids)]
    book = _hidden_first(tmp_path / "truoc.xlsx", previous, "DS 2024")
    argv = ["report", households, "-s", "vn-2022-2025", "--previous", book]
    result = run(*argv, "-o", tmp_path / "r.json", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stderr.split())
    if lang == "vi":
        assert (
            "danh sách kỳ trước: trang tính được đọc, 'DS 2024', trang đầu của tệp, bị ẩn trong"
            " Excel; để đọc trang khác, hãy đưa trang đó lên đầu tệp" in said
        )
    else:
        assert (
            "the previous list: the sheet read, 'DS 2024', the workbook's first, is hidden in"
            " Excel; to read another, make it the workbook's first sheet" in said
        )
    assert "--sheet" not in said
