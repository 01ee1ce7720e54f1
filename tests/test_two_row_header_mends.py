"""Headers over two rows, mended after two reviews: no household row taken for a header row, no
deprivation mark taken for a household's answer, a title row is no group label, the previous
list's header found by its own columns, units rows skipped, messages that say which row was
read as the header."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from mdpoverty.io import layout
from mdpoverty.io.readers import read_table
from mdpoverty.io.xlsx import column_letters

from .test_official_lists import COUNTS, HEADER, VI, cells, invoke, numbering, sheet
from .test_two_row_headers import (
    COLUMN_OF,
    GROUP,
    INDICATORS,
    TITLE,
    classify,
    excel_csv,
    split,
    workbook,
)

NAME = ["STT", "Họ và tên", "", *HEADER[2:]]  # 'Họ và tên' merged over two cells


def merged_name_sheet(path: Path, rows: list[list]) -> Path:
    """NAME with 'Họ và tên' really merged over two columns, then `rows`."""
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("DS")
    for r, row in enumerate([NAME, *rows]):
        for c, value in enumerate(row):
            if value not in ("", None):
                ws.write(r, c, value)
    ws.merge_range(0, 1, 0, 2, "Họ và tên")
    book.close()
    return path


def name_row(n: int) -> list[object]:
    c = cells(n)
    return [c[0], "Nguyễn Văn", str(n), *c[2:]]


# --- 1. a household's row is never a second header row -------------------------------------


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_first_row_with_only_a_name_under_a_merged_header_is_read(tmp_path, kind):
    partial = [""] * len(NAME)
    partial[1:3] = ["Trần Thị", "Bé"]
    rows = [partial, name_row(1), name_row(2)]
    if kind == "xlsx":
        path = merged_name_sheet(tmp_path / "ds.xlsx", rows)
        row = 2
    else:
        path = excel_csv(tmp_path / "ds.csv", [NAME, *rows])
        row = 2  # one row, as in Excel, though its cells with line breaks take lines 1-4
    result, out = classify(path, tmp_path)
    assert result.exit_code == 3, result.stderr
    assert COUNTS.format(3, 2, 1, 0) in result.stdout
    assert f"row {row}, column 'Mã hộ' (household_id): missing value" in result.stdout
    assert pl.read_csv(out, infer_schema=False).columns[1] == "Họ và tên"
    assert "header spans" not in result.stderr


def test_pass_through_group_only_when_the_user_gives_both_rows():
    upper = ["Mã hộ", "Chủ hộ", "", "Khu vực", "Số nhân khẩu"]
    lower = ["", "Họ và tên", "Năm sinh", "", ""]
    assert layout.find_header([upper, lower], COLUMN_OF).depth == 1
    forced = layout.header_at([upper, lower], 0, COLUMN_OF, given=True, depth=2)
    assert forced.cells[1:3] == ["Chủ hộ / Họ và tên", "Chủ hộ / Năm sinh"]
    # a lower row naming a known column under the label is the header's second row
    lower[1] = VI["dependents"]
    assert layout.find_header([upper, lower], COLUMN_OF).depth == 2


def test_header_row_range_is_checked(tmp_path):
    path = workbook(tmp_path / "ds.xlsx", [], HEADER, [(*INDICATORS, GROUP)], [cells(1)])
    result, _ = classify(path, tmp_path, "--header-row", "1-3")
    assert result.exit_code == 4
    assert "--header-row 1-3: a header spans one row or two rows in a row" in result.stderr
    for wrong in ("x", "2-1", "0", "1-2-3"):
        result, _ = classify(path, tmp_path, "--header-row", wrong)
        assert result.exit_code == 2, wrong
    # a household's row under the header is not its second row, even when asked
    one = sheet(tmp_path / "one.xlsx", [HEADER, cells(1), cells(2)])
    result, _ = classify(one, tmp_path, "--header-row", "1-2")
    assert result.exit_code == 4
    assert "--header-row 1-2: the second row is not a header row" in result.stderr


# --- 2. deprivation marks are not answers ---------------------------------------------------


@pytest.mark.parametrize(
    "label", ["Chỉ số thiếu hụt", "THIẾU HỤT", "Cac chi so thieu hut", "Deprivations", "deprived"]
)
def test_deprivation_labels(label):
    assert layout.is_deprivation_label(label)


@pytest.mark.parametrize("label", ["Các chỉ số dịch vụ xã hội cơ bản", "Thông tin hộ", "Thu nhập"])
def test_other_labels(label):
    assert not layout.is_deprivation_label(label)


def test_columns_under_a_deprivation_group_are_not_the_answers(tmp_path):
    label = "Chỉ số thiếu hụt"
    path = workbook(tmp_path / "ds.xlsx", TITLE, HEADER, [(*INDICATORS, label)], [cells(1)])
    result, _ = classify(path, tmp_path)
    assert result.exit_code == 4
    # a column named by an indicator is its marks (tests/test_marks.py); the counts are no
    # indicator's name, and are not taken for the answers either
    assert "sanitation ('Nhà tiêu hợp vệ sinh') is read from the list's deprivation marks" in (
        " ".join(result.stderr.split())
    )
    assert "working_age_unemployed" in result.stderr
    assert "hold deprivation marks" in result.stderr
    assert "did you mean 'Chỉ số thiếu hụt /" not in result.stderr
    # a mapping of the lower cell does not take it either
    mapping = tmp_path / "m.yaml"
    mapping.write_text("Nhà tiêu hợp vệ sinh: sanitary_latrine\n", "utf-8")
    table = read_table(str(path), mapping=_load(mapping))
    assert "sanitary_latrine" not in table.columns
    # the combined name, mapped at the user's word, does
    mapping.write_text(f"{label} / Nhà tiêu hợp vệ sinh: sanitary_latrine\n", "utf-8")
    table = read_table(str(path), mapping=_load(mapping))
    assert "sanitary_latrine" in table.columns


def _load(path: Path):
    from mdpoverty.io.mapping import load_mapping

    return load_mapping(path)


# --- 3. a title row is no group label -------------------------------------------------------


def test_a_title_row_over_a_one_row_header_keeps_its_headers(tmp_path):
    # the title's cell at the left and a form number right of the table: no group label
    title = ["DANH SÁCH HỘ NGHÈO", *[""] * (len(HEADER) - 1), "Biểu số 01"]
    rows = [title, [*HEADER, ""], [*cells(1), ""], [*cells(2), ""]]
    found = layout.find_header(rows, COLUMN_OF)
    assert found is not None and (found.index, found.depth) == (1, 1)
    path = sheet(tmp_path / "ds.xlsx", rows)
    result, out = classify(path, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "the header is on row 2; the row above it is not read" in result.stderr
    columns = pl.read_csv(out, infer_schema=False).columns
    assert columns[:2] == HEADER[:2] and "Ghi chú" in columns
    assert not any(" / " in c for c in columns)


def test_columns_without_header_or_values_are_not_read_and_with_values_are_named(tmp_path):
    """Excel pads every line of a CSV to its widest row (a title cell right of the table):
    columns with neither a header nor a value hold nothing and are not read, as in a
    workbook; a column with values but no header passes through under a name of its own."""
    title = ["DANH SÁCH HỘ NGHÈO", *[""] * len(HEADER), "Biểu số 01"]
    path = excel_csv(tmp_path / "ds.csv", [title, HEADER, cells(1), cells(2)])
    result, out = classify(path, tmp_path)
    assert result.exit_code == 0, result.stderr
    columns = pl.read_csv(out, infer_schema=False).columns
    assert not any(c.startswith("(no header") or c == "" for c in columns)
    width = len(HEADER)
    rows = [title, HEADER, [*cells(1), "", "xem lại"], [*cells(2), "", ""]]
    path = excel_csv(tmp_path / "ds2.csv", rows)
    result, out = classify(path, tmp_path)
    assert result.exit_code == 0, result.stderr
    kept = pl.read_csv(out, infer_schema=False)
    named = f"(no header, column {column_letters(width + 1)})"
    assert named in kept.columns and f"(no header, column {column_letters(width)})" not in kept
    assert kept.get_column(named).to_list() == ["xem lại", None]


# --- 4. the previous list ------------------------------------------------------------------


def previous_rows() -> list[list]:
    rows = [
        ["STT", "Mã hộ", "Họ và tên", "Kết quả rà soát năm 2023", "", "Ghi chú"],
        ["", "", "", "Phân loại", "Số chỉ số thiếu hụt", ""],
    ]
    labels = ["Hộ nghèo", "Hộ nghèo", "Hộ cận nghèo", "Hộ cận nghèo", "Hộ cận nghèo"]
    return rows + [[i, f"H{i:03d}", f"Tên {i}", labels[i - 1], 2, ""] for i in range(1, 6)]


@pytest.mark.parametrize("shape", ["two rows", "titles"])
def test_previous_list_header_found_by_its_own_columns(tmp_path, shape):
    body = [cells(i, income_per_capita_month=700_000 * i) for i in range(1, 6)]
    current = sheet(tmp_path / "now.xlsx", [HEADER, *body])
    rows = previous_rows()
    if shape == "titles":  # a one-row header ('Phân loại' in it) below two title rows
        rows = [["DANH SÁCH NĂM 2023"], [], ["STT", "Mã hộ", "Họ và tên", "Phân loại"]]
        rows += [r[:4] for r in previous_rows()[2:]]
    previous = sheet(tmp_path / "prev.xlsx", rows)
    base = ["report", current, "--as-of", "2024-12-31", "--previous", previous]
    result = invoke(*base, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    movements = json.dumps(data, ensure_ascii=False)
    assert '"poor": {"poor": 0, "near_poor": 2' in movements
    if shape == "two rows":
        assert "note: the previous list: the header spans rows 1-2" in result.stderr
        named = invoke(*base, "--format", "json", "--previous-class", "Phân loại")
        assert named.exit_code == 0, named.stderr


def test_no_internal_column_name_in_a_message(tmp_path):
    current = sheet(tmp_path / "now.xlsx", [HEADER, cells(1)])
    # a column with values and no header
    rows = [["Mã hộ", "Phân loại", "", "Ghi chú"], ["H001", "Hộ nghèo", "x", ""]]
    previous = sheet(tmp_path / "prev.xlsx", rows)
    result = invoke(
        "report", current, "--as-of", "2024-12-31", "--previous", previous,
        "--previous-class", "Kết quả",
    )  # fmt: skip
    assert result.exit_code == 4
    assert "'(no header, column C)'" in result.stderr
    assert "__" not in result.stderr


# --- 5. units rows --------------------------------------------------------------------------


def units(width: int = len(HEADER)) -> list[str]:
    row = [""] * width
    row[HEADER.index(VI["household_size"])] = "(người)"
    row[HEADER.index(VI["income_per_capita_month"])] = "(1.000 đồng)"
    row[HEADER.index(VI["floor_area_m2"])] = "(m2)"
    return row


@pytest.mark.parametrize("order", ["units first", "numbering first", "units only"])
def test_a_units_row_under_the_header_is_skipped(tmp_path, order):
    layout_rows = {
        "units first": [units(), numbering()],
        "numbering first": [numbering(), units()],
        "units only": [units()],
    }[order]
    path = sheet(tmp_path / "ds.xlsx", [HEADER, *layout_rows, cells(1), cells(2)])
    result, _ = classify(path, tmp_path)
    assert result.exit_code == 0, result.stderr
    skipped = len(layout_rows)
    assert COUNTS.format(2 + skipped, 2, 0, skipped) in result.stdout
    units_at = 2 + next(i for i, r in enumerate(layout_rows) if "(m2)" in r)
    assert f"row {units_at} (units row under the header)" in result.stdout


def test_units_row_not_skipped_further_down(tmp_path):
    path = sheet(tmp_path / "ds.xlsx", [HEADER, cells(1), units(), cells(2)])
    result, _ = classify(path, tmp_path)
    assert result.exit_code == 3, result.stderr
    assert "row 3, column 'Mã hộ' (household_id): missing value" in result.stdout


def test_units_under_merged_down_columns_in_the_lower_header_row(tmp_path):
    upper, lower = split(HEADER, [(*INDICATORS, GROUP)])
    size, income = HEADER.index(VI["household_size"]), HEADER.index(VI["income_per_capita_month"])
    lower[size], lower[income] = "(người)", "(đồng)"
    path = excel_csv(tmp_path / "ds.csv", [upper, lower, numbering(), cells(1), cells(2)])
    result, out = classify(path, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "a header over two rows" in result.stderr
    assert COUNTS.format(3, 2, 0, 1) in result.stdout
    assert pl.read_csv(out, infer_schema=False)["household_size"].len() == 2
    assert f"{VI['household_size']} (người)" in read_table(str(path)).headers


# --- 6. messages that point at the header read ----------------------------------------------


def test_three_header_rows_and_the_lower_of_two_say_which_row_was_read(tmp_path):
    upper, lower = split(HEADER, [(*INDICATORS, GROUP)])
    middle = [""] * len(HEADER)
    middle[INDICATORS[0]] = "Việc làm"  # a dimension over the first two indicators
    path = sheet(tmp_path / "three.xlsx", [*TITLE, upper, middle, lower, cells(1)])
    result, _ = classify(path, tmp_path)
    assert result.exit_code == 4
    assert "the header was read on row 4:" in result.stderr
    assert "a header over three rows or more" in result.stderr
    two = workbook(tmp_path / "two.xlsx", TITLE, HEADER, [(*INDICATORS, GROUP)], [cells(1)])
    result, _ = classify(two, tmp_path, "--header-row", 5)
    assert result.exit_code == 4
    assert "the header was read on row 5:" in result.stderr
    assert "--header-row names its first row, or both (--header-row 4-5)" in result.stderr


# --- 7. the notes in Vietnamese; a header shown on one line ---------------------------------


def test_header_notes_in_vietnamese_and_headers_on_one_line(tmp_path):
    path = workbook(
        tmp_path / "ds.xlsx",
        TITLE,
        HEADER,
        [(*INDICATORS, GROUP)],
        [cells(1), cells(2, income_per_capita_month="nhiều")],
    )
    result, _ = classify(path, tmp_path, "--lang", "vi")
    assert result.exit_code == 3, result.stderr
    note = "lưu ý: tiêu đề chiếm các dòng 4-5 (tiêu đề hai dòng); 3 dòng phía trên không được đọc"
    assert note in result.stderr
    assert "cột 'Thu nhập bình quân đầu người/tháng'" in result.stdout
    one = sheet(tmp_path / "one.xlsx", [*TITLE, HEADER, cells(1)])
    result, _ = classify(one, tmp_path, "--lang", "vi")
    assert "lưu ý: tiêu đề ở dòng 4; 3 dòng phía trên không được đọc" in result.stderr
