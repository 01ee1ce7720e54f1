"""Lists as offices keep them: title rows, STT, line breaks in headers, numbering, totals and
blank rows, x/blank yes-no columns, mapping files, and the messages about them."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.io import layout
from mdpoverty.io.readers import read_table

from .conftest import BASE, EXAMPLES

runner = CliRunner()
COUNTS = "rows read {} = classified {} + rejected {} + skipped {}"
VI = {
    "household_id": "Mã hộ",
    "province": "Tỉnh",
    "district": "Huyện",
    "commune": "Xã",
    "area": "Khu vực",
    "household_size": "Số nhân\nkhẩu",
    "income_per_capita_month": "Thu nhập bình quân\nđầu người/tháng",
    "working_age_unemployed": "Số người thiếu việc làm",
    "dependents": "Số người phụ thuộc",
    "children_under16_malnourished": "Số trẻ em suy dinh dưỡng",
    "members_6plus_without_health_insurance": "Số người không có BHYT",
    "members_16_30_lacking_education": "Số người 16-30 tuổi thiếu trình độ",
    "children_3_15_not_in_school": "Số trẻ em không đi học đúng độ tuổi",
    "non_durable_main_structures": "Số kết cấu không bền chắc",
    "floor_area_m2": "Diện tích nhà ở (m2)",
    "safe_water": "Nước\nsạch",
    "sanitary_latrine": "Nhà tiêu hợp vệ sinh",
    "uses_internet": "Sử dụng internet",
    "has_information_device": "Có phương tiện thông tin",
}
HEADER = ["STT", "Họ và tên\nchủ hộ", *VI.values(), "Ghi chú"]


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def cells(n: int, **changes: object) -> list[object]:
    """Household n (id H00n) as a row under HEADER."""
    h = {**BASE, "household_id": f"H{n:03d}", **changes}
    return [n, f"Nguyễn Văn {n}", *(h[c] for c in VI), ""]


def sheet(path: Path, rows: list[list[object] | None]) -> Path:
    """A workbook whose rows start at the sheet's row 1 (None: a blank row)."""
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("DS")
    for r, row in enumerate(rows):
        for c, value in enumerate(row or []):
            if value is None or value == "":
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, str(value))
    book.close()
    return path


def text_file(path: Path, rows: list[list[object]], sep: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=sep).writerows(rows)
    return path


def numbering(width: int = len(HEADER)) -> list[str]:
    return [f"({i + 1})" for i in range(width)]


def totals(label: str = "Tổng cộng", at: int = 0, household_id: str = "") -> list[object]:
    row: list[object] = [""] * len(HEADER)
    row[at] = label
    row[2] = household_id
    row[HEADER.index(VI["household_size"])] = 12
    return row


def official(tmp_path: Path, households: list[list[object]], name: str = "ds.xlsx") -> Path:
    """Two title rows, a blank row, the header on row 4, numbering on row 5, the households
    from row 6, then a totals row."""
    return sheet(
        tmp_path / name,
        [
            ["DANH SÁCH HỘ GIA ĐÌNH RÀ SOÁT NĂM 2024"],
            ["Xã Đồn Đạc, huyện Ba Chẽ"],
            None,
            HEADER,
            numbering(),
            *households,
            totals(),
        ],
    )


def classify(path: Path, tmp_path: Path, *args: object):
    out = tmp_path / "out.csv"
    result = invoke("classify", path, "-o", out, "--as-of", "2025-01-01", *args)
    return result, out


# --- the header row ----------------------------------------------------------------------


def test_header_found_below_title_rows_and_sheet_row_numbers_kept(tmp_path):
    rows = [cells(i) for i in range(1, 25)]
    rows[23][HEADER.index(VI["income_per_capita_month"])] = "hai triệu"  # sheet row 6 + 23 = 29
    result, out = classify(official(tmp_path, rows), tmp_path)
    assert result.exit_code == 3, result.stderr
    assert COUNTS.format(26, 23, 1, 2) in result.stdout
    assert (
        "row 29, column 'Thu nhập bình quân đầu người/tháng' (income_per_capita_month): not a number"
        in result.stdout
    )
    assert "the header is on row 4; the 3 rows above it are not read" in result.stderr
    rejects = pl.read_csv(tmp_path / "out_rejects.csv", infer_schema=False)
    assert rejects["row"].to_list() == ["29"]
    classified = pl.read_csv(out, infer_schema=False)
    assert classified["STT"].to_list() == [str(i) for i in range(1, 24)]  # STT passes through
    assert classified["household_id"][0] == "H001"


def test_header_cells_with_line_breaks_match_as_if_spaces(tmp_path):
    table = read_table(str(official(tmp_path, [cells(1)])))
    assert table.renamed["Thu nhập bình quân\nđầu người/tháng"] == "income_per_capita_month"
    assert table.renamed["Số nhân\nkhẩu"] == "household_size"
    assert table.renamed["Nước\nsạch"] == "safe_water"
    assert "Họ và tên\nchủ hộ" not in table.renamed  # passes through, as written


def test_csv_row_numbers_are_excel_rows_title_lines_and_multiline_header_one_each(tmp_path):
    bad = cells(2)
    bad[HEADER.index(VI["area"])] = "ngoại ô"
    path = text_file(
        tmp_path / "ds.csv",
        [["DANH SÁCH", *[""] * 5], [], HEADER, numbering(), cells(1), [], bad, totals()],
    )
    # rows as Excel shows them: 1 title, 2 blank, 3 header (4 cells break over lines 3-7),
    # 4 numbering, 5 H001, 6 blank, 7 H002, 8 totals
    result, _ = classify(path, tmp_path)
    assert result.exit_code == 3, result.stderr
    assert COUNTS.format(5, 1, 1, 3) in result.stdout
    assert "row 7, column 'Khu vực' (area): unknown category" in result.stdout
    assert (
        "skipped, not households: row 4 (numbering row under the header); row 6 (blank row); "
        "row 8 (totals row)" in result.stdout
    )
    assert "the header is on row 3; the 2 rows above it are not read" in result.stderr


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_separator_found_from_the_header_not_the_title(tmp_path, sep):
    path = text_file(
        tmp_path / "ds.csv", [["Danh sách, năm 2024; xã A"], HEADER, cells(1), cells(2)], sep
    )
    result, _ = classify(path, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert COUNTS.format(2, 2, 0, 0) in result.stdout


def test_header_row_option_forces_the_row(tmp_path):
    # a legend row naming three known columns comes first: auto-detection takes it
    legend = ["Chú thích:", "Mã hộ", "Khu vực", "Số nhân khẩu"]
    path = sheet(tmp_path / "ds.xlsx", [legend, None, HEADER, cells(1)])
    wrong, _ = classify(path, tmp_path)
    assert wrong.exit_code == 4
    assert "required columns missing" in wrong.stderr
    result, _ = classify(path, tmp_path, "--header-row", 3)
    assert result.exit_code == 0, result.stderr
    assert COUNTS.format(1, 1, 0, 0) in result.stdout


def test_header_row_errors(tmp_path):
    path = official(tmp_path, [cells(1)])
    past, _ = classify(path, tmp_path, "--header-row", 40)
    assert past.exit_code == 4
    assert "--header-row 40: the sheet has only 7 rows" in past.stderr
    blank, _ = classify(path, tmp_path, "--header-row", 3)
    assert blank.exit_code == 4 and "--header-row 3: that row is empty" in blank.stderr
    title, _ = classify(path, tmp_path, "--header-row", 1)
    assert title.exit_code == 4
    assert "none of the required columns is here" in title.stderr
    assert "on row 1: 'DANH SÁCH HỘ GIA ĐÌNH RÀ SOÁT NĂM 2024'" in title.stderr
    zero, _ = classify(path, tmp_path, "--header-row", 0)
    assert zero.exit_code == 2  # a usage error
    assert past.stdout == blank.stdout == title.stdout == ""


def test_no_known_header_says_how_to_name_it(tmp_path):
    path = sheet(tmp_path / "x.xlsx", [["Báo cáo"], None, ["A", "B", "C"], [1, 2, 3]])
    result, _ = classify(path, tmp_path)
    assert result.exit_code == 4
    assert "give its number with --header-row" in result.stderr
    assert "--columns mapping.yaml" in result.stderr


def test_find_header_needs_three_known_columns_besides_units():
    def column_of(cell: str) -> str | None:
        return {"Xã": "commune", "Huyện": "district", "Tỉnh": "province", "Mã hộ": "household_id",
                "Khu vực": "area", "Số nhân khẩu": "household_size"}.get(cell)  # fmt: skip

    rows = [
        ["Tỉnh", "Quảng Ninh", "Huyện", "Ba Chẽ", "Xã", "Đồn Đạc"],  # a title block
        ["Mã hộ", "Khu vực"],
        ["STT", "Mã hộ", "Khu vực", "Số nhân khẩu", "Xã"],
    ]
    found = layout.find_header(rows, column_of)
    assert found is not None and (found.index, found.depth) == (2, 1)
    assert layout.find_header(rows[:2], column_of) is None


# --- numbering rows ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "row",
    [
        [f"({i})" for i in range(1, 8)],
        [str(i) for i in range(1, 8)],
        ["A", "B", "1", "2", "3", "4", "5"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)=(4)x(5)", "(7)"],
        ["1", "", "3", "4", "5", "6", "7"],
    ],
)
def test_numbering_rows(row):
    assert layout.is_numbering_row(row, width=7)


@pytest.mark.parametrize(
    "row",
    [
        ["1", "001", "NT", "4", "950", "0", "0"],  # a household of small numbers: not rising
        ["1", "2", "NT", "3", "950", "x", "x"],  # letters in no order: x after NT, x again
        ["(1)", "(2)", "(3)", "", "", "", ""],  # fewer than half the header's cells
        ["(1)", "(2)"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "Nguyễn Văn A"],
        ["(3)", "(2)", "(1)", "(4)", "(5)", "(6)", "(7)"],
    ],
)
def test_not_numbering_rows(row):
    assert not layout.is_numbering_row(row, width=7)


@pytest.mark.parametrize(
    "labels",
    [
        [str(i + 1) for i in range(len(HEADER))],
        ["A", "B", *(str(i) for i in range(1, len(HEADER) - 1))],
        numbering(),
    ],
)
def test_numbering_row_skipped_only_right_under_the_header(tmp_path, labels):
    path = sheet(tmp_path / "ds.xlsx", [HEADER, labels, cells(1), labels])
    result, _ = classify(path, tmp_path)
    # the second one, among the households, is a reject with its row
    assert result.exit_code == 3, result.stderr
    assert COUNTS.format(3, 1, 1, 1) in result.stdout
    assert "skipped, not households: row 2 (numbering row under the header)\n" in result.stdout
    assert pl.read_csv(tmp_path / "out_rejects.csv", infer_schema=False)["row"].to_list() == ["4"]


# --- totals and blank rows ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "at", "household_id"),
    [
        ("Tổng cộng", 0, ""),
        ("Cộng", 0, ""),
        ("Tổng", 1, ""),
        ("Tổng số", 1, ""),
        ("TỔNG CỘNG:", 0, ""),
        ("tong cong", 5, ""),
        ("Cộng", 0, "Cộng"),  # the id cell holds the word
        ("", 0, "Tổng cộng"),
        ("   Tổng   cộng ", 0, ""),
    ],
)
def test_totals_rows_are_skipped(tmp_path, label, at, household_id):
    path = sheet(
        tmp_path / "ds.xlsx", [HEADER, cells(1), cells(2), totals(label, at, household_id)]
    )
    result, out = classify(path, tmp_path)
    assert result.exit_code == 0, result.stdout
    assert COUNTS.format(3, 2, 0, 1) in result.stdout
    assert "skipped, not households: row 4 (totals row)\n" in result.stdout
    assert pl.read_csv(out, infer_schema=False).height == 2


def test_a_household_named_cong_is_never_skipped(tmp_path):
    named = cells(2)
    named[1] = "Cộng"  # the head's name
    named[HEADER.index("Xã")] = "Tổng"
    incomplete = cells(3)
    incomplete[1] = "Tổng cộng"
    incomplete[HEADER.index(VI["area"])] = ""
    path = sheet(tmp_path / "ds.xlsx", [HEADER, cells(1), named, incomplete])
    result, out = classify(path, tmp_path)
    assert result.exit_code == 3
    assert COUNTS.format(3, 2, 1, 0) in result.stdout
    assert pl.read_csv(out, infer_schema=False)["household_id"].to_list() == ["H001", "H002"]
    assert "row 4, column 'Khu vực' (area): missing value" in result.stdout


def test_totals_row_with_an_id_that_is_not_the_word_is_a_reject(tmp_path):
    path = sheet(tmp_path / "ds.xlsx", [HEADER, cells(1), totals(household_id="2")])
    result, _ = classify(path, tmp_path)
    assert result.exit_code == 3
    assert COUNTS.format(2, 1, 1, 0) in result.stdout
    assert "row 3, column 'Khu vực' (area): missing value" in result.stdout


def test_blank_rows_counted_and_incomplete_rows_rejected(tmp_path):
    only_stt = [7]  # one cell filled: incomplete, not blank
    spaces = [" "] * len(HEADER)
    path = sheet(tmp_path / "ds.xlsx", [HEADER, cells(1), None, spaces, only_stt, cells(2)])
    result, _ = classify(path, tmp_path)
    assert result.exit_code == 3
    assert COUNTS.format(5, 2, 1, 2) in result.stdout
    assert "skipped, not households: rows 3-4 (2 blank rows)\n" in result.stdout
    rejects = pl.read_csv(tmp_path / "out_rejects.csv", infer_schema=False)
    assert rejects["row"].to_list() == ["5"]
    assert rejects["errors"][0].startswith("household_id:missing_value;area:missing_value")


def test_skip_reason_rules_on_whole_columns():
    frame = pl.DataFrame(
        {
            "__row__": [2, 3, 4, 5, 6, 7],
            "household_id": [None, None, "Tổng cộng", None, "H1", "H2"],
            "name": ["(1)", None, None, "Cộng", "Cộng", "  "],
            "n": [None, None, "9", "9", "4", None],
        }
    )
    ids = pl.col("household_id")
    cells = [pl.col(c) for c in ("household_id", "name", "n")]
    reason = layout.skip_reason(cells, ids, pl.col("__row__") == 2)
    got = frame.select(reason)["literal"].to_list()
    assert got == ["numbering", "blank", "totals", "totals", None, None]
    maybe = frame.select(layout.maybe_skipped(ids))["household_id"].to_list()
    assert maybe == [True, True, True, True, False, False]


# --- yes/no columns: x or blank -----------------------------------------------------------


def _marked(tmp_path: Path) -> Path:
    water = HEADER.index(VI["safe_water"])
    one, two = cells(1), cells(2)
    for row in (one, two):
        for c in ("safe_water", "sanitary_latrine", "uses_internet", "has_information_device"):
            row[HEADER.index(VI[c])] = "x"
    one[water] = ""  # no safe water
    two[water] = " "
    return official(tmp_path, [one, two])


def test_blank_means_false_only_when_the_mapping_says_so(tmp_path):
    path = _marked(tmp_path)
    without, _ = classify(path, tmp_path)
    assert without.exit_code == 3
    assert "row 6, column 'Nước sạch' (safe_water): missing value" in without.stdout
    mapping = tmp_path / "m.yaml"
    mapping.write_text("blank_means_false: [safe_water]\n", encoding="utf-8")
    result, out = classify(path, tmp_path, "--columns", mapping)
    assert result.exit_code == 0, result.stdout + result.stderr
    frame = pl.read_csv(out, infer_schema=False)
    assert frame["safe_water"].to_list() == ["false", "false"]
    assert frame["deprived"].to_list() == ["water", "water"]


def test_blank_means_false_keeps_other_values_checked(tmp_path):
    row = cells(1, safe_water="có lẽ")
    path = sheet(tmp_path / "ds.xlsx", [HEADER, row, cells(2, safe_water="không")])
    mapping = tmp_path / "m.yaml"
    mapping.write_text("blank_means_false: safe_water\n", encoding="utf-8")  # one column
    result, _ = classify(path, tmp_path, "--columns", mapping)
    assert result.exit_code == 3
    assert "row 2, column 'Nước sạch' (safe_water): not true/false" in result.stdout


def test_blank_means_false_with_typed_csv_booleans(tmp_path, write_csv, household):
    path = write_csv([household(household_id="A", safe_water=""), household(household_id="B")])
    mapping = tmp_path / "m.yaml"
    mapping.write_text("blank_means_false: [safe_water]\n", encoding="utf-8")
    result, out = classify(path, tmp_path, "--columns", mapping)
    assert result.exit_code == 0, result.stdout
    assert pl.read_csv(out, infer_schema=False)["safe_water"].to_list() == ["false", "true"]


# --- the mapping file ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Mã HGĐ: household_id\nThu nhập BQ: income_per_capita_mont\n",
            "m.yaml:2: Thu nhập BQ: 'income_per_capita_mont' is no column: did you mean "
            "'income_per_capita_month'?",
        ),
        # a standard's extra column misspelt: refused once the known columns are known
        ("Rác: waste_handled_hygienicaly\n", "m.yaml:1: Rác: 'waste_handled_hygienicaly' is no column: did you mean 'waste_handled_hygienically'?"),
        ("Rác: rac_thai\n", "m.yaml:1: Rác: 'rac_thai' is no column mdpoverty knows"),
        ("blank_means_flase: [safe_water]\n", "m.yaml:1: blank_means_flase: a header maps to one column name (text); did you mean the option 'blank_means_false'?"),
        ("blank_mean_false: safe_water\n", "m.yaml:1: blank_mean_false: 'blank_mean_false' is not an option; did you mean the option 'blank_means_false'?"),
        ("# x\nblank_means_false: [area]\n", "m.yaml:2: blank_means_false[0]: 'area' is not a yes/no column (it holds area values)"),
        ("blank_means_false:\n  - safe_water\n  - safe_watr\n", "m.yaml:3: blank_means_false[1]: 'safe_watr' is no column: did you mean 'safe_water'?"),
        ("blank_means_false: {a: 1}\n", "m.yaml:1: blank_means_false: a list of yes/no columns"),
        ("Mã hộ: household_id\nMA HO: household_id\n", "m.yaml:2: MA HO: the header 'MA HO' is mapped twice (also at line 1"),
        ("Mã hộ: [household_id]\n", "m.yaml:1: Mã hộ: a header maps to one column name (text)\n"),
        ("- a\n", "a columns mapping is a YAML mapping"),
        ("a: b\na: c\n", "m.yaml:2: a: duplicate key 'a' (first at line 1)"),
    ],
)  # fmt: skip
def test_mapping_file_mistakes_name_the_file_and_line(tmp_path, text, message):
    mapping = tmp_path / "m.yaml"
    mapping.write_text(text, encoding="utf-8")
    result, out = classify(official(tmp_path, [cells(1)]), tmp_path, "--columns", mapping)
    assert result.exit_code == 4
    assert message in result.stderr
    assert result.stdout == "" and not out.exists()


def test_mapping_header_matches_ignoring_line_breaks_case_and_accents(tmp_path):
    header = [*HEADER]
    header[HEADER.index(VI["income_per_capita_month"])] = "THU NHẬP BQ\n(đồng/người/tháng)"
    path = sheet(tmp_path / "ds.xlsx", [header, cells(1)])
    mapping = tmp_path / "m.yaml"
    mapping.write_text("Thu nhap BQ (dong/nguoi/thang): income_per_capita_month\n", "utf-8")
    result, _ = classify(path, tmp_path, "--columns", mapping)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def test_mapped_header_absent_is_reported(tmp_path):
    mapping = tmp_path / "m.yaml"
    mapping.write_text("Mã HGĐ: household_id\n", "utf-8")
    result, _ = classify(official(tmp_path, [cells(1)]), tmp_path, "--columns", mapping)
    assert result.exit_code == 0
    said = "m.yaml:1: the mapping gives 'Mã HGĐ' to household_id, but the file '"
    assert said in result.stderr
    assert ".xlsx' has no such header" in result.stderr.split(said, 1)[1].split("\n")[0]


def test_missing_column_names_mapping_line_standard_and_suggests_headers_as_written(tmp_path):
    header = [*HEADER]
    header[HEADER.index(VI["income_per_capita_month"])] = "Thu nhập\nBQ/tháng"
    header[HEADER.index(VI["area"])] = "Khu vực sống"
    path = sheet(tmp_path / "ds.xlsx", [header, cells(1)])
    mapping = tmp_path / "m.yaml"
    mapping.write_text("TNBQ: income_per_capita_month\n", "utf-8")
    result, _ = classify(path, tmp_path, "--columns", mapping)
    assert result.exit_code == 4
    err = result.stderr
    assert "2 required columns missing: area, income_per_capita_month" in err
    assert (
        "area [Vietnamese header: 'Khu vực'], needed by vn-2022-2025 (did you mean 'Khu vực sống'?)"
        in err
    )
    assert "(did you mean 'Thu nhập BQ/tháng'?)" in err
    assert "m.yaml:1 gives it the header 'TNBQ', which this file does not have" in err
    assert (
        "vn-2022-2025 is the national standard in force on 2025-01-01 (--as-of 2025-01-01)" in err
    )
    assert "--columns mapping.yaml" in err
    assert result.stdout == ""


def test_missing_column_says_which_standard_and_why(tmp_path, write_csv, household):
    path = write_csv([household()])
    out = tmp_path / "o.csv"
    result = invoke("classify", path, "-o", out, "--as-of", "2019-06-30")
    assert result.exit_code == 4
    assert "1 required column missing: sick_members_without_health_care" in result.stderr
    assert (
        "sick_members_without_health_care [Vietnamese header: 'Số thành viên bị ốm đau không đi "
        "khám chữa bệnh'], needed by vn-2016-2020" in result.stderr
    )
    assert (
        "vn-2016-2020 is the national standard in force on 2019-06-30 (--as-of 2019-06-30)"
        in result.stderr
    )
    named = invoke("classify", path, "-o", out, "-s", "vn-2016-2020", "-s", "vn-2022-2025")
    assert "needed by vn-2016-2020" in named.stderr
    assert "vn-2016-2020 is named with --standard" in named.stderr
    assert "vn-2022-2025 is named" not in named.stderr  # it needs no missing column
    compared = invoke("compare", path, "--base", "vn-2016-2020", "--alt", "vn-2022-2025")
    assert compared.exit_code == 4
    assert "vn-2016-2020 is named with --base" in compared.stderr


def test_extra_column_accepted_under_its_vietnamese_label(tmp_path, write_csv, household):
    row = household()
    row["Số thành viên bị ốm đau\nkhông đi khám chữa bệnh"] = "1"
    path = write_csv([row])
    out = tmp_path / "o.csv"
    result = invoke("classify", path, "-o", out, "--as-of", "2019-06-30")
    assert result.exit_code == 0, result.stderr
    assert "sick_members_without_health_care" in pl.read_csv(out, infer_schema=False).columns
    explained = invoke("explain", path, "--id", "H1", "--as-of", "2019-06-30", "--json")
    assert explained.exit_code == 0, explained.stderr
    # and as a mapping target, and in blank_means_false when it is a yes/no column
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "Rác: waste_handled_hygienically\nblank_means_false: [waste_handled_hygienically]\n",
        "utf-8",
    )
    src = write_csv([household(**{"Rác": ""})], name="w.csv")
    waste = invoke("classify", src, "-o", out, "-s", "vn-2027-2030", "--columns", mapping)
    assert waste.exit_code == 0, waste.stderr


# --- compare and explain ------------------------------------------------------------------


def test_compare_by_the_files_own_header_and_counts_skipped(tmp_path):
    rows = [
        cells(1, district="Ba Chẽ"),
        cells(2, district="Tiên Yên", income_per_capita_month=1_800_000),
    ]
    path = official(tmp_path, rows)
    result = invoke(
        "compare", path, "--as-of", "2024-12-31", "--by", "huyen", "--format", "json"
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data["breakdowns"]) == ["district"]
    acc = data["accounting"]
    assert (acc["rows_read"], acc["compared"], acc["rejected"], acc["skipped"]) == (4, 2, 0, 2)
    assert acc["skipped_rows"] == [
        {"row": 5, "reason": "numbering"},
        {"row": 8, "reason": "totals"},
    ]
    table = invoke("compare", path, "--as-of", "2024-12-31", "--by", "Họ và tên chủ hộ")
    assert table.exit_code == 0, table.stderr
    assert "rows read 4 = compared 2 + rejected 0 + skipped 2" in table.stdout
    # the numbering and totals rows name no province, and are not 'rows with no province'
    assert "with no province" not in table.stderr


def test_compare_by_mapped_header_and_unknown_by_lists_the_columns(tmp_path):
    header = [*HEADER]
    header[HEADER.index("Huyện")] = "Tên huyện"
    path = sheet(tmp_path / "ds.xlsx", [header, cells(1), cells(2)])
    mapping = tmp_path / "m.yaml"
    mapping.write_text("Tên huyện: district\n", "utf-8")
    ok = invoke("compare", path, "--as-of", "2024-12-31", "--columns", mapping, "--by", "Tên huyện")
    assert ok.exit_code == 0, ok.stderr
    bad = invoke("compare", path, "--as-of", "2024-12-31", "--columns", mapping, "--by", "thôn")
    assert bad.exit_code == 4
    assert (
        "--by 'thôn' names no column of the input; its columns: 'STT', 'Họ và tên chủ hộ', "
        in bad.stderr
    )
    assert "'Tên huyện'" in bad.stderr
    assert bad.stdout == ""


def test_explain_reads_an_official_list(tmp_path):
    path = _marked(tmp_path)
    mapping = tmp_path / "m.yaml"
    mapping.write_text("blank_means_false: [safe_water]\n", encoding="utf-8")
    result = invoke("explain", path, "--id", "H002", "--columns", mapping, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data[0]["row"] == 7
    water = next(v for v in data[0]["indicators"] if v["id"] == "water")
    assert water["deprived"] is True


# --- the example workbook -----------------------------------------------------------------


def test_example_official_list_classifies_with_no_hand_edits(tmp_path):
    src = tmp_path / "danh-sach-ra-soat.xlsx"
    shutil.copy(EXAMPLES / "danh-sach-ra-soat.xlsx", src)
    mapping = EXAMPLES / "danh-sach-ra-soat.mapping.yaml"
    result = invoke("classify", src, "--columns", mapping, "--as-of", "2024-12-31")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert COUNTS.format(32, 30, 0, 2) in result.stdout
    assert "row 5 (numbering row under the header); row 36 (totals row)" in result.stdout
    out = pl.read_csv(tmp_path / "danh-sach-ra-soat_classified.csv", infer_schema=False)
    assert out.height == 30
    assert set(out["class"]) == {"poor", "near_poor", "average", "not_poor"}
    assert out["household_id"][0] == "0101"  # a code keeps its zero
    assert {"STT", "Thôn", "Ghi chú"} <= set(out.columns)
    without = invoke("classify", src, "--as-of", "2024-12-31", "-o", tmp_path / "o.csv")
    assert without.exit_code == 4  # the income header needs the mapping


def test_example_workbook_is_what_its_generator_writes(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "generate_official_list", EXAMPLES / "generate_official_list.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write(tmp_path / "again.xlsx")
    assert (tmp_path / "again.xlsx").read_bytes() == (
        EXAMPLES / "danh-sach-ra-soat.xlsx"
    ).read_bytes()


def test_skipped_rows_in_vietnamese(tmp_path):
    src = tmp_path / "danh-sach-ra-soat.xlsx"
    shutil.copy(EXAMPLES / "danh-sach-ra-soat.xlsx", src)
    mapping = EXAMPLES / "danh-sach-ra-soat.mapping.yaml"
    result = invoke("classify", src, "--columns", mapping, "--as-of", "2024-12-31", "--lang", "vi")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "số dòng đã đọc 32 = đã phân loại 30 + bị loại 0 + bỏ qua 2" in result.stdout
    assert (
        "bỏ qua, không phải hộ: dòng 5 (dòng đánh số cột dưới tiêu đề); dòng 36 (dòng tổng cộng)"
        in result.stdout
    )


def test_the_signature_block_below_the_totals_row_is_skipped_but_a_household_there_is_not(
    tmp_path,
):
    footer = [""] * len(HEADER)
    signers = [*footer[:1], "Người lập biểu", *footer[2:5], "Chủ tịch UBND xã", *footer[6:]]
    path = sheet(
        tmp_path / "signed.xlsx",
        [
            HEADER,
            cells(1),
            cells(2),
            ["", "STT 3 chưa có mã hộ"],  # above the totals row: an incomplete household
            totals(),  # row 5
            None,
            signers,  # row 7
            ["", "(Ký, ghi rõ họ tên)"],
            cells(9),  # a household with an id below the totals: classified, never skipped
            ["", "Nguyễn Văn A"],  # row 10
        ],
    )
    result, _ = classify(path, tmp_path)
    assert result.exit_code == 3, result.stderr
    assert COUNTS.format(9, 3, 1, 5) in result.stdout
    assert "row 4, column 'Mã hộ' (household_id): missing value" in result.stdout
    assert "rows 7-8, 10 (3 rows with no household id below the totals row)" in result.stdout


def test_the_signature_block_in_the_id_column_is_skipped_but_no_household_is(tmp_path):
    def at_id(text: str, right: str = "") -> list[object]:
        row: list[object] = [""] * len(HEADER)
        row[2], row[-2] = text, right  # the id column, and a cell under a yes/no column
        return row

    path = sheet(
        tmp_path / "signed.xlsx",
        [
            HEADER,
            cells(1),
            cells(2),
            totals(),  # row 4
            None,
            at_id("Người lập biểu", "Ba Chẽ, ngày 10 tháng 12 năm 2025"),  # row 6
            at_id("(Ký, ghi rõ họ tên)", "TRƯỞNG PHÒNG"),
            at_id("Ba Chẽ, ngày 10 tháng 12 năm 2025"),  # row 8
            at_id("Trần Thị Lan", "Vi Văn Hùng"),
            # a household whose id is words is still one: its size and income are numbers
            cells(10, household_id="Nguyễn Văn B"),  # row 10
            at_id("H011"),  # an id with a digit, nothing else: a household, rejected
            at_id("Hộ ông Lâm", "4"),  # a number in the row: a household, rejected
        ],
    )
    result, _ = classify(path, tmp_path)
    assert result.exit_code == 3, result.stderr
    assert COUNTS.format(11, 3, 2, 6) in result.stdout
    assert "rows 6-9 (4 rows of the signature block in the id column below the totals row)" in (
        result.stdout
    )
    rejected = pl.read_csv(tmp_path / "out_rejects.csv", infer_schema=False)
    assert rejected["row"].to_list() == ["11", "12"]
    vi = invoke(
        "classify", path, "-o", tmp_path / "vi.csv", "--as-of", "2024-12-31", "--lang", "vi"
    )
    assert "dòng 6-9 (4 dòng chữ ký ở cột mã hộ dưới dòng tổng cộng)" in vi.stdout


@given(
    st.text(min_size=1, max_size=20),
    st.lists(st.text(max_size=12), max_size=4),
    st.integers(min_value=0, max_value=10**9),
)
def test_a_row_with_a_digit_in_its_id_or_a_number_in_a_cell_is_never_a_signature(
    text, others, number
):
    from hypothesis import assume

    assume(text.strip())
    digit_id = pl.DataFrame({"id": [f"{text}{number % 10}"], "a": ["x"]})
    with_number = pl.DataFrame({"id": [text], "a": [f"{number:,}".replace(",", ".")]})
    for frame in (digit_id, with_number):
        cells = [pl.col("id"), pl.col("a")]
        assert not frame.select(layout.signature_row(cells, pl.col("id"))).item()
    words = pl.DataFrame({"id": ["Người lập biểu"], **{f"c{i}": [o] for i, o in enumerate(others)}})
    cells = [pl.col(c) for c in words.columns]
    numeric = any(re.fullmatch(r"[+-]?\d[\d\s.,']*", o.strip()) for o in others)
    assert words.select(layout.signature_row(cells, pl.col("id"))).item() is not numeric


def test_a_household_below_a_totals_row_is_never_skipped_as_a_footer(tmp_path):
    """Below the totals row, a row with a value in a column the run reads as household data (an
    income written as text, x marks, a size) is a household: classified, or rejected (its
    missing id, its missing size), as it would be above the totals row. Only rows with no such
    value (the signature block, whose right-hand words may sit in a marks column) are skipped;
    a mid-list subtotal ('Cộng' after each village) does not open the rest of the list to it."""

    def below(n: int, household_id: object, **changes: object) -> list[object]:
        row = cells(n, **changes)
        row[2] = household_id
        return row

    signers: list[object] = [""] * len(HEADER)
    signers[2], signers[-2] = "Người lập biểu", "TRƯỞNG PHÒNG"
    path = sheet(
        tmp_path / "after.xlsx",
        [
            HEADER,
            cells(1),
            totals("Cộng", at=1),  # row 3: a village's subtotal
            below(4, "", household_size=""),  # no id yet, no size: rejected, not skipped
            cells(5),
            totals(),  # row 6
            signers,  # row 7: skipped
            below(8, "Hộ Lò Văn Páo", income_per_capita_month="1.200.000 đ", household_size=""),
            below(9, "", household_size=5),  # no id: rejected for it, never a 'footer'
            below(10, "Vàng A Sử", household_size="", income_per_capita_month="900.000đ"),
        ],
    )
    result, _ = classify(path, tmp_path)
    assert result.exit_code == 3, result.stderr
    assert COUNTS.format(9, 2, 4, 3) in result.stdout, result.stdout
    assert "row 7 (signature block in the id column below the totals row)" in result.stdout
    rejected = pl.read_csv(tmp_path / "out_rejects.csv", infer_schema=False)
    assert rejected["row"].to_list() == ["4", "8", "9", "10"]


_VALUE = st.one_of(
    st.integers(min_value=0, max_value=10**9).map(str),
    st.integers(min_value=0, max_value=10**9).map(lambda n: f"{n:,} đ".replace(",", ".")),
    st.sampled_from(["x", "X", " x", "Có", "Không", "1", "0", "true", "v"]),
)


@given(
    st.one_of(st.none(), st.text(max_size=20)),
    st.lists(st.one_of(st.just(""), st.just("Vi Văn Hùng"), _VALUE), min_size=1, max_size=4),
    st.integers(min_value=0, max_value=3),
    _VALUE,
)
def test_a_row_with_a_value_in_a_data_column_is_never_skipped_below_the_totals(
    household_id, data, at, value
):
    data = [*data[:at], value, *data[at:]]  # one data cell at least holds a value
    names = [f"d{i}" for i in range(len(data))]
    batch = pl.DataFrame(
        {
            "row": [5, 6],
            "id": [None, household_id.strip() or None if household_id else None],
            "label": ["Tổng cộng", ""],
            **{n: [None, d] for n, d in zip(names, data, strict=True)},
        },
        schema_overrides={"id": pl.String},
    )
    every = [pl.col(c) for c in ("id", "label", *names)]
    marker = layout.SkipMarker()
    found = marker.reasons(batch, every, pl.col("id"), "row", [pl.col(n) for n in names])
    assert found.filter(pl.col("row") == 5)[layout.SKIP].to_list() == [layout.TOTALS]
    assert 6 not in found["row"].to_list()
