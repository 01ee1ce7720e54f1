"""A rejected cell is named on screen by the file's own header, in English too, with
mdpoverty's id after it when they differ (`row 3, column 'Thu nhập BQ' (income_per_capita_month)`):
classify, compare, measures, report (its input and its previous list), explain and the member
file's lines. A header with a line break or markup is shown on one line, as text."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.cli.render import column_cited, column_name

from .conftest import EXAMPLES

runner = CliRunner()
INCOME = "Thu nhập\nBQ [bold]"  # a line break and what rich would read as markup
MAPPING = '"Thu nhập BQ [bold]": income_per_capita_month\n"Nước SH": safe_water\n'


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def households(tmp: Path) -> tuple[Path, Path]:
    """Seven households of the example, headed by an office's own headers for income, area
    and safe water; row 3 has a bad income, row 4 a bad area, row 5 a bad safe-water cell,
    row 6 a bad working_age_unemployed (its header is the id: no id after it)."""
    with (EXAMPLES / "households.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[:8]
    head = rows[0]
    income, area, water = (head.index(c) for c in ("income_per_capita_month", "area", "safe_water"))
    unemployed = head.index("working_age_unemployed")
    head[income], head[area], head[water] = INCOME, "Khu vực", "Nước SH"
    rows[2][income] = "abc"
    rows[3][area] = "xx"
    rows[4][water] = "maybe"
    rows[5][unemployed] = "-1"
    path = tmp / "hh.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    mapping = tmp / "map.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return path, mapping


INCOME_LINE = "row 3, column 'Thu nhập BQ [bold]' (income_per_capita_month): not a number"
AREA_LINE = "row 4, column 'Khu vực' (area): unknown category ('xx')"
WATER_LINE = "row 5, column 'Nước SH' (safe_water): not true/false"
OWN_ID_LINE = "row 6, column 'working_age_unemployed': out of range ('-1')"


def test_classify_names_each_rejected_cell_by_its_header_then_its_id(tmp_path):
    path, mapping = households(tmp_path)
    result = invoke("classify", path, "--columns", mapping, "-o", tmp_path / "out.csv")
    assert result.exit_code == 3, result.stderr
    for line in (INCOME_LINE, AREA_LINE, WATER_LINE, OWN_ID_LINE):
        assert line in result.stdout
    # the table of reasons too; no id in parentheses after a header that is the id
    assert "Khu vực (area)" in result.stdout
    assert "working_age_unemployed (working_age_unemployed)" not in result.stdout
    assert "'working_age_unemployed' (" not in result.stdout
    # the header's line break is a space: never a line of its own
    assert "\nBQ [bold]" not in result.stdout
    # the rejects file is unchanged: the file's own header and the codes
    rejects = (tmp_path / "out_rejects.csv").read_text(encoding="utf-8")
    assert "income_per_capita_month:not_a_number" in rejects


def test_vietnamese_names_the_header_alone(tmp_path):
    path, mapping = households(tmp_path)
    args = ("classify", path, "--columns", mapping, "-o", tmp_path / "o.csv", "--lang", "vi")
    result = invoke(*args)
    assert result.exit_code == 3, result.stderr
    assert "dòng 4, cột 'Khu vực': giá trị không có trong danh mục ('xx')" in result.stdout
    assert "(area)" not in result.stdout


def test_compare_names_the_header_then_the_id(tmp_path):
    path, mapping = households(tmp_path)
    result = invoke("compare", path, "--columns", mapping, "--as-of", "2024-12-31")
    assert result.exit_code == 3, result.stderr
    for line in (INCOME_LINE, AREA_LINE, WATER_LINE):
        assert line in result.stdout


def test_report_names_the_header_then_the_id(tmp_path):
    path, mapping = households(tmp_path)
    result = invoke("report", path, "--columns", mapping, "--as-of", "2025-06-30")
    assert result.exit_code == 3, result.stderr
    for line in (INCOME_LINE, AREA_LINE, WATER_LINE):
        assert line in result.stdout


def test_measures_names_the_header_then_the_id(tmp_path):
    path, mapping = households(tmp_path)
    result = invoke("measures", path, "--columns", mapping, "--k", "1/3")
    assert result.exit_code == 3, result.stderr
    assert WATER_LINE in result.stdout + result.stderr


def test_explain_names_the_header_then_the_id(tmp_path):
    path, mapping = households(tmp_path)
    with path.open(encoding="utf-8", newline="") as fh:
        household = list(csv.reader(fh))[3][0]  # the row with the bad area
    result = invoke(
        "explain", path, "--id", household, "--columns", mapping, "--as-of", "2025-06-30"
    )
    # a row that does not validate: no class (exit 3), its header then the id, as classify's
    assert result.exit_code == 3, result.stderr
    assert "Household " + household + " (row 4)" in result.stdout
    assert "  Khu vực (area): unknown category" in result.stdout
    # the area unread, the line applied is unknown: neither is made up
    assert "line applied (—): —: not compared" in result.stdout


def test_the_previous_list_names_its_own_header_then_the_id(tmp_path):
    now = tmp_path / "now.csv"
    now.write_text((EXAMPLES / "households.csv").read_text(encoding="utf-8"), encoding="utf-8")
    with (EXAMPLES / "households_previous.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r[:6] for r in list(csv.reader(fh))[:6]]  # the national standard's class
    rows[0][0], rows[0][5] = "Mã hộ", "Phân loại"
    rows[3][5], rows[4][0] = "hộ khá giả", ""
    before = tmp_path / "before.csv"
    with before.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    result = invoke("report", now, "--as-of", "2025-06-30", "--previous", before)
    assert result.exit_code == 3, result.stderr
    assert "previous list row 5, column 'Mã hộ' (household_id): missing value" in result.stdout
    assert "previous list, column 'Mã hộ' (household_id): missing value: 1 row" in result.stdout
    # the class column is the list's own (found by its header): it has no other name
    line = "previous list row 4, column 'Phân loại': unknown category ('hộ khá giả')"
    assert line in result.stdout


def test_a_header_is_one_line_quoted_and_cut_and_the_id_follows():
    headers = {"area": "Khu\nvực", "safe_water": "safe_water", "income": "x" * 100}
    assert column_cited("area", "en", headers) == "'Khu vực' (area)"
    assert column_cited("safe_water", "en", headers) == "'safe_water'"
    assert column_cited("income", "en", headers) == f"'{'x' * 60}... (100 characters)' (income)"
    assert column_cited("dependents", "en", headers) == "'dependents'"
    assert column_cited("area", "vi", headers) == "'Khu vực'"
    assert column_name("area", "en", headers) == "Khu vực (area)"
    assert column_name("area", "vi", headers) == "Khu vực"
