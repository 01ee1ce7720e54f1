"""report --by with a previous list that lacks one of the unit columns (an office's list with
Xã but no Huyện): its households absent now have no unit, so they are counted in the grand
totals only, and the report says so (screen, the movement sheet's titles, JSON) with their
count and the column the previous list lacks, rather than leaving unit rows that do not add up
to the total unexplained. CliRunner with stdout and stderr apart."""

from __future__ import annotations

import json
from pathlib import Path

import fastexcel
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.labels import report_sheet

from .test_report import AS_OF, hh, write

runner = CliRunner()

# an office's previous list, laid out as one is (title rows, a numbering row, semicolons), with
# Xã but no Huyện: households 2 and 3 are not on this year's list
PREVIOUS = """\
DANH SÁCH KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2024;;;;;;
(Kèm theo Quyết định số 1234/QĐ-UBND ngày 20/12/2024);;;;;;
;;;;;;
STT;Mã hộ;Họ và tên chủ hộ;Thôn;Xã;Khu vực;Phân loại
(1);(2);(3);(4);(5);(7);(8)
1;1;Nguyễn Văn A;Thôn 1;C1;Nông thôn;Hộ nghèo
2;2;Trần Thị B;Thôn 1;C1;Nông thôn;Hộ cận nghèo
3;3;Lê Văn C;Thôn 2;C2;Thành thị;Hộ nghèo
4;4;Phạm Văn D;Thôn 2;C2;Thành thị;Hộ cận nghèo
"""
NOTE_EN = (
    "note: 2 households absent now are counted in the grand totals only, in no unit: the "
    "previous list has no district column, so the unit rows do not add up to the totals"
)
NOTE_VI = (
    "lưu ý: 2 hộ không còn trong danh sách chỉ được tính vào tổng cộng, không vào đơn vị nào:"
    " danh sách kỳ trước không có cột Huyện, nên các dòng đơn vị không cộng lại bằng tổng cộng"
)


def _files(tmp_path: Path, with_district: bool = False) -> tuple[Path, Path]:
    # this year's list by district and commune, as an office's is (no province column)
    rows = [hh("1", "poor", "D1", "C1"), hh("4", "poor", "D1", "C2")]
    now = write(
        tmp_path / "now.csv", [{k: v for k, v in r.items() if k != "province"} for r in rows]
    )
    text = PREVIOUS
    if with_district:  # the same list with its Huyện column
        lines = text.splitlines()
        lines[3] = lines[3].replace(";Xã;", ";Xã;Huyện;")
        lines[4] = lines[4].replace(";(5);", ";(5);(6);")
        lines[5:] = [
            line.replace(";C1;", ";C1;D1;").replace(";C2;", ";C2;D1;") for line in lines[5:]
        ]
        text = "\n".join(lines) + "\n"
    before = tmp_path / "ds_2024.csv"
    before.write_text(text, encoding="utf-8")
    return now, before


def _report(now: Path, before: Path, *extra: str):
    result = runner.invoke(
        app,
        ["report", str(now), "--as-of", AS_OF, "--by", "Xã", "--previous", str(before), *extra],
    )
    assert result.exit_code == 0, result.output
    return result


def test_absent_households_without_a_unit_are_said_to_be_in_the_totals_only(tmp_path):
    now, before = _files(tmp_path)
    for lang, note in (("en", NOTE_EN), ("vi", NOTE_VI)):
        result = _report(now, before, "--lang", lang)
        screen = [" ".join(line.split()) for line in result.stdout.splitlines()]
        assert note in screen, result.stdout
        assert note not in result.stderr


def test_the_json_counts_them_and_names_the_missing_columns(tmp_path):
    now, before = _files(tmp_path)
    result = _report(now, before, "--format", "json")
    data = json.loads(result.stdout)
    previous = data["previous"]
    assert previous["unit_columns_missing"] == ["district"]
    assert previous["absent_now"] == 2
    assert previous["absent_in_totals_only"] == 2
    # the count is what the unit rows miss of the grand total
    rows = data["reports"][0]["unit_movements"]["all"]
    total = rows[-1]["absent_now"]
    districts = sum(r["absent_now"] for r in rows if r["level"] == "district")
    assert total - districts == 2


def test_the_movement_sheet_says_so_in_its_titles(tmp_path):
    now, before = _files(tmp_path)
    for lang, note in (("en", NOTE_EN), ("vi", NOTE_VI)):
        out = tmp_path / f"report_{lang}.xlsx"
        _report(now, before, "--lang", lang, "-o", str(out))
        book = fastexcel.read_excel(out)
        name = report_sheet("movements", lang)
        assert name in book.sheet_names, book.sheet_names
        first = book.load_sheet(name, header_row=None).to_polars().get_column("__UNNAMED__0")
        titles = [t for t in first.head(10).to_list() if t]
        assert note.split(": ", 1)[1] in titles, titles


def test_no_note_when_the_previous_list_has_every_unit_column(tmp_path):
    now, before = _files(tmp_path, with_district=True)
    result = _report(now, before, "--format", "json")
    previous = json.loads(result.stdout)["previous"]
    assert previous["unit_columns_missing"] == []
    assert previous["absent_now"] == 2
    assert previous["absent_in_totals_only"] == 0
    screen = _report(now, before).stdout
    assert "grand totals only" not in screen
