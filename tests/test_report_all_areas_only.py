"""report --previous with a previous list that has no area column (`Khu vực`): its households
absent now, and those whose row in this list was rejected, are placed by the previous list, which
gives them no area, so they are under all areas only, neither urban nor rural; the report says
so with their count (screen, the movement sheet's titles, JSON), as it does for a list without a
unit column. Households whose row in this list was rejected count in both notes beside the absent
ones. CliRunner with stdout and stderr apart."""

from __future__ import annotations

import json
from pathlib import Path

import fastexcel
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.labels import report_sheet

from .test_report import AS_OF, hh, write
from .test_report_totals_only import PREVIOUS

runner = CliRunner()

NOTE_EN = (
    "note: 2 households absent now are counted under all areas only, neither urban nor rural: "
    "the previous list has no area column, so urban and rural do not add up to all areas"
)
NOTE_VI = (
    "lưu ý: 2 hộ không còn trong danh sách chỉ được tính vào khu vực Chung, không vào thành thị"
    " hay nông thôn: danh sách kỳ trước không có cột Khu vực, nên thành thị và nông thôn không"
    " cộng lại bằng Chung"
)


def _previous(tmp_path: Path, area: bool = False, blank: bool = False) -> Path:
    """The office's list of test_report_totals_only with its Huyện column; without its Khu vực
    column unless `area` (then household 3's cell blank with `blank`)."""
    lines = PREVIOUS.splitlines()
    lines[3] = lines[3].replace(";Xã;", ";Xã;Huyện;")
    lines[4] = lines[4].replace(";(5);", ";(5);(6);")
    lines[5:] = [line.replace(";C1;", ";C1;D1;").replace(";C2;", ";C2;D1;") for line in lines[5:]]
    if blank:
        lines[7] = lines[7].replace(";Thành thị;", ";;")
    if not area:
        lines = [";".join(c for i, c in enumerate(line.split(";")) if i != 6) for line in lines]
    path = tmp_path / "ds_2024.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _now(tmp_path: Path, rejected: bool = False) -> Path:
    rows = [hh("1", "poor", "D1", "C1"), hh("4", "poor", "D1", "C2")]
    if rejected:  # household 3's row here is rejected: placed by the previous list too
        rows.append(hh("3", "poor", "D1", "C2", income_per_capita_month="abc"))
    return write(
        tmp_path / "now.csv", [{k: v for k, v in r.items() if k != "province"} for r in rows]
    )


def _report(now: Path, before: Path, *extra: str, code: int = 0):
    args = ["report", str(now), "--as-of", AS_OF, "--by", "Huyện,Xã", "--previous", str(before)]
    result = runner.invoke(app, [*args, *extra])
    assert result.exit_code == code, result.output
    return result


def _screen(result) -> list[str]:
    return [" ".join(line.split()) for line in result.stdout.splitlines()]


def test_absent_households_without_an_area_are_said_to_be_under_all_areas_only(tmp_path):
    now, before = _now(tmp_path), _previous(tmp_path)
    for lang, note in (("en", NOTE_EN), ("vi", NOTE_VI)):
        result = _report(now, before, "--lang", lang)
        assert note in _screen(result), result.stdout
    data = json.loads(_report(now, before, "--format", "json").stdout)
    previous = data["previous"]
    assert previous["area_column_missing"] is True
    assert (previous["absent_now"], previous["absent_in_all_areas_only"]) == (2, 2)
    assert previous["rejected_now_in_all_areas_only"] == 0
    # every unit column is there: the units add up
    assert previous["absent_in_totals_only"] == 0
    moves = data["reports"][0]["unit_movements"]
    urban, rural, every = (moves[s][-1]["absent_now"] for s in ("urban", "rural", "all"))
    assert (urban, rural, every) == (0, 0, 2)


def test_the_movement_sheet_says_so_in_its_titles(tmp_path):
    now, before = _now(tmp_path), _previous(tmp_path)
    for lang, note in (("en", NOTE_EN), ("vi", NOTE_VI)):
        out = tmp_path / f"report_{lang}.xlsx"
        _report(now, before, "--lang", lang, "-o", str(out))
        book = fastexcel.read_excel(out)
        sheet = book.load_sheet(report_sheet("movements", lang), header_row=None).to_polars()
        titles = [t for t in sheet.get_column("__UNNAMED__0").head(10).to_list() if t]
        assert note.split(": ", 1)[1] in titles, titles


def test_a_household_whose_row_here_was_rejected_is_said_beside_the_absent_ones(tmp_path):
    now, before = _now(tmp_path, rejected=True), _previous(tmp_path)
    result = _report(now, before, code=3)
    assert (
        "note: 1 household absent now and 1 whose row in this list was rejected are counted "
        "under all areas only, neither urban nor rural: the previous list has no area column"
    ) in " ".join(_screen(result))
    data = json.loads(_report(now, before, "--format", "json", code=3).stdout)
    previous = data["previous"]
    assert (previous["absent_in_all_areas_only"], previous["rejected_now_in_all_areas_only"]) == (
        1,
        1,
    )
    # and so with a list that lacks a unit column: the unit note counts it too
    no_district = tmp_path / "no_district"
    no_district.mkdir()
    before = no_district / "ds.csv"
    before.write_text(PREVIOUS, encoding="utf-8")  # Xã and Khu vực, no Huyện
    result = _report(now, before, "--lang", "vi", code=3)
    assert (
        "lưu ý: 1 hộ không còn trong danh sách và 1 hộ có dòng kỳ này bị loại chỉ được tính vào "
        "tổng cộng, không vào đơn vị nào"
    ) in " ".join(_screen(result))
    data = json.loads(_report(now, before, "--format", "json", code=3).stdout)
    assert data["previous"]["rejected_now_in_totals_only"] == 1
    assert data["previous"]["area_column_missing"] is False


def test_a_blank_area_cell_is_said_and_a_full_area_column_says_nothing(tmp_path):
    now = _now(tmp_path)
    blank = _report(now, _previous(tmp_path, area=True, blank=True))
    assert (
        "note: 1 household absent now is counted under all areas only, neither urban nor rural: "
        "their area in the previous list is blank or neither urban nor rural"
    ) in " ".join(_screen(blank))
    full = _report(now, _previous(tmp_path, area=True))
    assert "all areas only" not in full.stdout
    data = json.loads(_report(now, _previous(tmp_path, area=True), "--format", "json").stdout)
    assert data["previous"]["absent_in_all_areas_only"] == 0
    assert data["previous"]["area_column_missing"] is False
