"""Headers merged over two rows, as office lists have them: cells merged down (their text in the
upper row), a group label merged across the columns whose names are in the lower row."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mdpoverty.io import layout
from mdpoverty.io.readers import _column_of, _header_aliases, read_table

from .test_official_lists import COUNTS, HEADER, VI, cells, invoke, numbering, totals

GROUP = "Các chỉ số dịch vụ xã hội cơ bản"
INDICATORS = (HEADER.index(VI["working_age_unemployed"]), HEADER.index(VI["safe_water"]) + 4)
TITLE = [["DANH SÁCH HỘ GIA ĐÌNH RÀ SOÁT NĂM 2024"], ["Xã Đồn Đạc, huyện Ba Chẽ"], []]
Group = tuple[int, int, str]  # columns start..stop-1 under a label


def split(header: list[str], groups: list[Group]) -> tuple[list[str], list[str]]:
    """`header` over two rows: each group's label above its columns, whose names go below;
    every other name in the upper row (merged down), blank below it."""
    upper, lower = list(header), [""] * len(header)
    for start, stop, label in groups:
        for j in range(start, stop):
            upper[j], lower[j] = "", header[j]
        upper[start] = label
    return upper, lower


def workbook(path: Path, above: list[list], header: list[str], groups: list[Group], body: list):
    """An .xlsx sheet: the rows `above`, `header` over two rows with its cells really merged
    (down, and across each group), then `body` (None: a blank row)."""
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("DS")
    r = len(above)
    upper, lower = split(header, groups)
    for i, row in enumerate(above):
        for c, value in enumerate(row):
            ws.write(i, c, value)
    starts = {start: (stop, label) for start, stop, label in groups}
    grouped = {j for start, stop, _ in groups for j in range(start, stop)}
    for c in range(len(header)):
        if c in starts:
            stop, label = starts[c]
            ws.merge_range(r, c, r, stop - 1, label)
        if c in grouped:
            ws.write_string(r + 1, c, lower[c])
        elif upper[c]:
            ws.merge_range(r, c, r + 1, c, upper[c])
    for i, row in enumerate(body, start=r + 2):
        for c, value in enumerate(row or []):
            if value is None or value == "":
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                ws.write_number(i, c, value)
            else:
                ws.write_string(i, c, str(value))
    book.close()
    return path


def excel_csv(path: Path, rows: list[list], sep: str = ",") -> Path:
    """A CSV file as Excel saves one: UTF-8 with a BOM, CRLF, every row as wide as the sheet
    (a merged cell's text in its first cell, the others empty)."""
    width = max(len(r) for r in rows)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=sep)
        for row in rows:
            writer.writerow([*("" if v is None else v for v in row), *[""] * (width - len(row))])
    return path


def one_row_sheet(path: Path, above: list[list], body: list) -> Path:
    """An .xlsx sheet: the rows `above`, HEADER, a blank row (where a second header row would
    be, so that row numbers agree with a two-row header's), then `body`."""
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("DS")
    for r, row in enumerate([*above, HEADER, [], *body]):
        for c, value in enumerate(row):
            ws.write(r, c, value)
    book.close()
    return path


def two_row_csv(path: Path, above, header, groups, body, sep: str = ",") -> Path:
    upper, lower = split(header, groups)
    return excel_csv(path, [*above, upper, lower, *(r or [] for r in body)], sep)


def classify(path: Path, tmp_path: Path, *args: object):
    out = tmp_path / "out.csv"
    result = invoke("classify", path, "-o", out, "--as-of", "2025-01-01", *args)
    return result, out


def households() -> list[list[object]]:
    bad = cells(3, area="ngoại ô")
    return [numbering(), cells(1), cells(2, income_per_capita_month=2_500_000), bad, totals()]


COLUMN_OF = _column_of(None, _header_aliases())


# --- the header found --------------------------------------------------------------------


def test_merged_workbook_header_over_two_rows(tmp_path):
    groups = [(*INDICATORS, GROUP)]
    path = workbook(tmp_path / "ds.xlsx", TITLE, HEADER, groups, households())
    result, out = classify(path, tmp_path)
    assert result.exit_code == 3, result.stderr
    note = "the header spans rows 4-5 (a header over two rows); the 3 rows above it are not read"
    assert note in result.stderr
    assert COUNTS.format(5, 2, 1, 2) in result.stdout
    # the data start under the second header row: row 6 numbers the columns, H003 is on row 9
    assert "row 9, column 'Khu vực' (area): unknown category" in result.stdout
    assert "row 6 (numbering row under the header); row 10 (totals row)" in result.stdout
    classified = pl.read_csv(out, infer_schema=False)
    assert classified["household_id"].to_list() == ["H001", "H002"]
    # the indicators, named in the lower row under the group label, are read
    assert classified["safe_water"].to_list() == ["true", "true"]
    assert classified.columns[:2] == ["STT", "Họ và tên\nchủ hộ"]
    assert "Ghi chú" in classified.columns
    rejects = pl.read_csv(tmp_path / "out_rejects.csv", infer_schema=False)
    assert rejects["row"].to_list() == ["9"]


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_excel_csv_header_over_two_rows(tmp_path, sep):
    groups = [(*INDICATORS, GROUP)]
    path = two_row_csv(tmp_path / "ds.csv", TITLE, HEADER, groups, households(), sep)
    result, out = classify(path, tmp_path)
    assert result.exit_code == 3, result.stderr
    # three cells of the upper row hold a line break (lines 4-7), one of the lower (8-9): rows
    # are numbered as Excel numbers them, as a workbook's
    note = "the header spans rows 4-5 (a header over two rows); the 3 rows above it are not read"
    assert note in result.stderr
    assert COUNTS.format(5, 2, 1, 2) in result.stdout
    assert "row 9, column 'Khu vực' (area): unknown category" in result.stdout
    assert "row 6 (numbering row under the header); row 10 (totals row)" in result.stdout
    assert pl.read_csv(out, infer_schema=False)["household_id"].to_list() == ["H001", "H002"]


def test_upper_row_naming_fewer_than_three_known_columns(tmp_path):
    # household information and indicators both under group labels: the upper row names one
    # known column ('Số nhân khẩu'), the lower row the others
    size = HEADER.index(VI["household_size"])
    groups = [(2, size, "Thông tin hộ"), (size + 2, len(HEADER) - 1, GROUP)]
    upper, lower = split(HEADER, groups)
    assert len({COLUMN_OF(c) for c in upper if c} - {None}) == 2  # size and income
    found = layout.find_header([*TITLE, upper, lower], COLUMN_OF)
    assert found is not None and (found.index, found.depth) == (3, 2)
    path = workbook(tmp_path / "ds.xlsx", TITLE, HEADER, groups, households())
    result, out = classify(path, tmp_path)
    assert result.exit_code == 3, result.stderr
    assert COUNTS.format(5, 2, 1, 2) in result.stdout
    assert "Thông tin hộ / Mã hộ" in read_table(str(path)).headers
    assert pl.read_csv(out, infer_schema=False)["household_id"].to_list() == ["H001", "H002"]


def test_every_known_column_under_group_labels(tmp_path):
    # only STT, the name and the notes are merged down; the known columns all sit below
    groups = [(2, len(HEADER) - 1, "Thông tin hộ")]
    path = workbook(tmp_path / "ds.xlsx", TITLE, HEADER, groups, households())
    result, _ = classify(path, tmp_path)
    assert result.exit_code == 3, result.stderr
    assert COUNTS.format(5, 2, 1, 2) in result.stdout
    table = read_table(str(path))
    assert (table.header_row, table.header_rows) == (4, 2)
    assert table.headers[:3] == ["STT", "Họ và tên\nchủ hộ", "Thông tin hộ / Mã hộ"]


def test_group_over_pass_through_columns_only(tmp_path):
    # 'Chủ hộ' over the head's name and birth year: no known column below, and the upper row
    # a header by itself. Such a lower row could be a household's first row (its name in two
    # cells, no id): read as a row of the list, unless --header-row says the header spans both
    header = ["STT", "Họ và tên", "Năm sinh", *HEADER[2:]]
    body = [[n, f"Nguyễn Văn {n}", 1970, *cells(n)[2:]] for n in (1, 2)]
    path = workbook(tmp_path / "ds.xlsx", [], header, [(1, 3, "Chủ hộ")], body)
    result, out = classify(path, tmp_path)
    assert result.exit_code == 3, result.stderr
    assert COUNTS.format(3, 2, 1, 0) in result.stdout
    assert "row 2, column 'Mã hộ' (household_id): missing value" in result.stdout
    for rows in ("1-2", "1:2"):
        result, out = classify(path, tmp_path, "--header-row", rows)
        assert result.exit_code == 0, result.stderr
        assert COUNTS.format(2, 2, 0, 0) in result.stdout
        assert "the header spans rows 1-2 (a header over two rows)" in result.stderr
    assert pl.read_csv(out, infer_schema=False).columns[:3] == [
        "STT",
        "Chủ hộ / Họ và tên",
        "Chủ hộ / Năm sinh",
    ]


def test_a_title_row_right_above_the_header_is_not_its_first_row():
    title = ["DANH SÁCH HỘ NGHÈO"]
    one = layout.find_header([title, HEADER, cells(1)], COLUMN_OF)
    assert one is not None and (one.index, one.depth) == (1, 1)
    upper, lower = split(HEADER, [(*INDICATORS, GROUP)])
    two = layout.find_header([title, upper, lower, cells(1)], COLUMN_OF)
    assert two is not None and (two.index, two.depth) == (1, 2)
    assert two.cells[INDICATORS[0]] == f"{GROUP} / {VI['working_age_unemployed']}"
    assert two.cells[0] == "STT"


@pytest.mark.parametrize(
    "below",
    [
        cells(1),  # a household: its cells lie under columns named above
        numbering(),
        [""] * 2 + [VI["dependents"], VI["working_age_unemployed"]],  # under named columns
        ["(đồng)"] * len(HEADER),  # a units row
    ],
)
def test_a_row_under_a_one_row_header_is_not_its_second_row(below):
    found = layout.find_header([HEADER, below], COLUMN_OF)
    assert found is not None and (found.index, found.depth) == (0, 1)


def test_a_household_with_its_id_is_never_a_second_header_row():
    # 'Mã hộ' followed by blank header cells looks like a group label; the row under it names
    # two known columns there, but it holds a household id
    upper = ["Mã hộ", "", "", "Khu vực", "Số nhân khẩu", "Thu nhập bình quân đầu người/tháng"]
    lower = ["H001", VI["dependents"], VI["working_age_unemployed"], "", "", ""]
    found = layout.find_header([upper, lower], COLUMN_OF)
    assert found is not None and found.depth == 1
    # the same cells under a label, the id's header below it: the second row of the header
    lower[0] = "Mã hộ"
    found = layout.find_header([["Thông tin", *upper[1:]], lower], COLUMN_OF)
    assert found is not None and (found.depth, found.named) == (2, 6)


def test_one_row_header_file_keeps_its_first_rows(tmp_path):
    # a column with no header right of 'Ghi chú': a first row with notes there and no id
    # (as a group label's names would stand) is still a row of the list, rejected
    header = [*HEADER, ""]
    note = [""] * len(header)
    note[-2:] = ["hộ tách", "chưa có mã"]
    path = excel_csv(tmp_path / "ds.csv", [header, note, [*cells(2), ""]])
    result, _ = classify(path, tmp_path)
    assert result.exit_code == 3, result.stderr
    assert COUNTS.format(2, 1, 1, 0) in result.stdout
    # the header's cells with line breaks take lines 1-5, and row 1 as Excel shows it
    assert "row 2, column 'Mã hộ' (household_id): missing value" in result.stdout
    assert "header" not in result.stderr
    # the first household right under the header
    path = excel_csv(tmp_path / "ds.csv", [header, [*cells(1), "hộ mới"], [*cells(2), ""]])
    result, _ = classify(path, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert COUNTS.format(2, 2, 0, 0) in result.stdout


# --- names ----------------------------------------------------------------------------------


def test_mapping_names_the_lower_cell_or_the_combined_name(tmp_path):
    header = [*HEADER]
    income = header.index(VI["income_per_capita_month"])
    header[income] = "Thu nhập BQ"
    groups = [(income, len(HEADER) - 1, GROUP)]
    path = workbook(tmp_path / "ds.xlsx", TITLE, header, groups, households())
    for key in ("Thu nhập BQ", f"{GROUP} / Thu nhập BQ", f"{GROUP.upper()}  /  Thu nhap BQ"):
        mapping = tmp_path / "m.yaml"
        mapping.write_text(f"{key}: income_per_capita_month\n", "utf-8")
        result, _ = classify(path, tmp_path, "--columns", mapping)
        assert result.exit_code == 3, result.stderr
        assert COUNTS.format(5, 2, 1, 2) in result.stdout
        assert "has no such header" not in result.stderr


def test_same_lower_name_under_two_groups(tmp_path):
    header = ["STT", "Số người", "Tuổi", "Số người", "Tuổi", *HEADER[2:]]
    groups = [(1, 3, "Nam"), (3, 5, "Nữ")]
    body = [[1, 2, 40, 1, 38, *cells(1)[2:]]]
    path = workbook(tmp_path / "a.xlsx", [], header, groups, body)
    result, out = classify(path, tmp_path, "--header-row", "1-2")
    assert result.exit_code == 0, result.stderr
    assert pl.read_csv(out, infer_schema=False).columns[1:5] == [
        "Nam / Số người",
        "Nam / Tuổi",
        "Nữ / Số người",
        "Nữ / Tuổi",
    ]
    # a mapping of the lower cell alone gives one column to both
    mapping = tmp_path / "m.yaml"
    mapping.write_text("Tuổi: ethnic_minority\n", "utf-8")
    twice, _ = classify(path, tmp_path, "--columns", mapping)
    assert twice.exit_code == 4
    assert (
        "two headers give the column 'ethnic_minority': 'Nam / Tuổi' and 'Nữ / Tuổi'"
        in twice.stderr
    )
    # one label over both: 'Nam / Số người' twice
    header = ["STT", "Số người", "Số người", *HEADER[2:]]
    path = workbook(tmp_path / "b.xlsx", [], header, [(1, 3, "Nam")], [])
    same, _ = classify(path, tmp_path, "--header-row", "1-2")
    assert same.exit_code == 4
    assert "the header 'Nam / Số người' appears twice (columns 2 and 3)" in same.stderr


def test_header_row_option_names_the_first_of_two_rows(tmp_path):
    groups = [(2, len(HEADER) - 1, "Thông tin hộ")]
    legend = ["Chú thích:", "Mã hộ", "Khu vực", "Số nhân khẩu"]  # taken by detection
    xlsx = workbook(tmp_path / "ds.xlsx", [legend, []], HEADER, groups, households())
    wrong, _ = classify(xlsx, tmp_path)
    assert wrong.exit_code == 4
    result, _ = classify(xlsx, tmp_path, "--header-row", 3)
    assert result.exit_code == 3, result.stderr
    assert COUNTS.format(5, 2, 1, 2) in result.stdout
    assert "the header spans rows 3-4 (a header over two rows)" in result.stderr
    text = two_row_csv(tmp_path / "ds.csv", [legend, []], HEADER, groups, households())
    result, _ = classify(text, tmp_path, "--header-row", 3)
    assert result.exit_code == 3, result.stderr
    assert COUNTS.format(5, 2, 1, 2) in result.stdout
    # the upper row names no known column: recognised because the row was named
    found = layout.header_at(split(HEADER, groups), 0, COLUMN_OF, given=True)
    assert found.depth == 2


# --- every command, and the member file ---------------------------------------------------


@pytest.fixture
def pair(tmp_path):
    """The same list with a one-row header and with a two-row one (xlsx)."""
    rows = [numbering(), *(cells(i, income_per_capita_month=700_000 * i) for i in range(1, 6))]
    rows[3][HEADER.index("Huyện")] = "Tiên Yên"
    one = one_row_sheet(tmp_path / "one.xlsx", TITLE, rows)
    two = workbook(tmp_path / "two.xlsx", TITLE, HEADER, [(*INDICATORS, GROUP)], rows)
    return one, two


def same(data: dict) -> dict:
    """A command's JSON, less what names the file and counts its rows."""
    return {k: v for k, v in data.items() if k not in ("source", "accounting", "input")}


def test_compare_report_measures_explain_read_it(pair):
    one, two = pair
    for command in (
        ["compare", "--as-of", "2024-12-31", "--by", "Huyện", "--format", "json"],
        ["report", "--as-of", "2024-12-31", "--format", "json"],
        ["measures", "-s", "vn-2022-2025", "--k", "1/3", "--format", "json"],
    ):
        a, b = invoke(command[0], one, *command[1:]), invoke(command[0], two, *command[1:])
        assert a.exit_code == b.exit_code == 0, b.stderr
        # the one-row list has a blank row where the other's second header row is
        assert same(json.loads(a.stdout)) == same(json.loads(b.stdout)), command[0]
        assert "the header spans rows 4-5" in b.stderr
    data = json.loads(invoke("compare", two, "--as-of", "2024-12-31", "--format", "json").stdout)
    assert data["accounting"]["skipped_rows"] == [{"row": 6, "reason": "numbering"}]
    explained = invoke("explain", two, "--id", "H003", "--as-of", "2024-12-31", "--json")
    assert explained.exit_code == 0, explained.stderr
    assert json.loads(explained.stdout)[0]["row"] == 9


def test_member_file_with_a_header_over_two_rows(tmp_path):
    from .test_members import files

    _counted, plain, members = files(tmp_path, 20)
    frame = pl.read_csv(members, infer_schema=False)
    header = frame.columns
    split_members = two_row_csv(
        tmp_path / "tv.csv",
        [["DANH SÁCH THÀNH VIÊN"]],
        header,
        [(1, len(header), "Thông tin thành viên")],
        frame.rows(),
    )
    base = ["report", plain, "--as-of", "2024-06-30", "--format", "json", "--members"]
    a, b = invoke(*base, members), invoke(*base, split_members)
    assert a.exit_code == b.exit_code == 0, b.stderr
    assert json.loads(a.stdout)["reports"] == json.loads(b.stdout)["reports"]
    assert "the member file: the header spans rows 2-3" in b.stderr


# --- the same list, its header on one row or two ------------------------------------------


@st.composite
def groupings(draw) -> list[Group]:
    """Random runs of two columns or more (STT and the name stay merged down), each under a
    random label."""
    groups, j = [], 2
    while j < len(HEADER) - 1:
        if draw(st.booleans()):
            stop = draw(st.integers(j + 2, min(j + 6, len(HEADER))))
            label = draw(st.sampled_from(["Thông tin hộ", GROUP, "Nhà ở", "Nhóm A", "Ghi chú"]))
            groups.append((j, stop, label))
            j = stop
        else:
            j += draw(st.integers(1, 3))
    return groups


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    groups=groupings(),
    titles=st.integers(0, 3),
    kind=st.sampled_from(["xlsx", ",", ";", "\t"]),
    numbered=st.booleans(),
)
def test_split_header_classifies_as_the_one_row_header(
    tmp_path_factory, groups, titles, kind, numbered
):
    tmp = tmp_path_factory.mktemp("split")
    above = TITLE[:titles]
    body = [numbering()] if numbered else []
    body += [cells(1), cells(2, area="ngoại ô"), cells(3, income_per_capita_month=1_200_000)]
    body += [cells(4, safe_water="không"), totals()]
    if kind == "xlsx":
        one = one_row_sheet(tmp / "one.xlsx", above, body)
        two = workbook(tmp / "two.xlsx", above, HEADER, groups, body)
    else:
        # one row: a blank row where the second header row is, so that row numbers agree
        one = excel_csv(tmp / "one.csv", [*above, HEADER, [], *body], kind)
        two = two_row_csv(tmp / "two.csv", above, HEADER, groups, body, kind)
    results = []
    for path in (one, two):
        out = tmp / f"{path.stem}-out.csv"
        result = invoke("classify", path, "-o", out, "--as-of", "2025-01-01")
        assert result.exit_code == 3, result.stderr
        classified = pl.read_csv(out, infer_schema=False).select("household_id", "class")
        rejects = pl.read_csv(tmp / f"{path.stem}-out_rejects.csv", infer_schema=False)
        results.append((classified.rows(), rejects.select("row", "errors").rows()))
    assert results[0] == results[1]
    assert (len(results[0][0]), len(results[0][1])) == (3, 1)


def test_a_group_label_over_the_units_only_makes_two_rows_one_header(tmp_path):
    """'Thông tin hộ' over 'Tỉnh | Huyện' (units, which alone never make a row a header) on the
    sheet's first row: the two rows are one header, as under any other group label (hypothesis
    found the header read as row 1 alone and row 2 rejected as a household)."""
    body = [cells(1), cells(2, area="ngoại ô"), cells(3, income_per_capita_month=1_200_000)]
    groups = [(HEADER.index(VI["province"]), HEADER.index(VI["district"]) + 1, "Thông tin hộ")]
    path = workbook(tmp_path / "two.xlsx", [], HEADER, groups, [*body, totals()])
    result, out = classify(path, tmp_path)
    assert result.exit_code == 3, result.stderr
    assert "the header spans rows 1-2 (a header over two rows)" in result.stderr
    assert "rows read 4 = classified 2 + rejected 1 + skipped 1" in result.stdout
    classified = pl.read_csv(out, infer_schema=False)
    assert classified["province"].to_list() == ["Quảng Ninh", "Quảng Ninh"]
    rejects = pl.read_csv(tmp_path / "out_rejects.csv", infer_schema=False)
    assert rejects["row"].to_list() == ["4"]


def test_the_example_generator_writes_the_list_with_a_two_row_header(tmp_path):
    import importlib.util

    from .conftest import EXAMPLES

    spec = importlib.util.spec_from_file_location(
        "generate_official_list", EXAMPLES / "generate_official_list.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write(tmp_path / "two.xlsx", two_rows=True)
    mapping = EXAMPLES / "danh-sach-ra-soat.mapping.yaml"
    outs = []
    for path in (EXAMPLES / "danh-sach-ra-soat.xlsx", tmp_path / "two.xlsx"):
        out = tmp_path / f"{path.stem}.csv"
        result = invoke("classify", path, "--columns", mapping, "--as-of", "2024-12-31", "-o", out)
        assert result.exit_code == 0, result.stderr
        outs.append(pl.read_csv(out, infer_schema=False).select("household_id", "class"))
    assert outs[0].equals(outs[1]) and outs[1].height == 30
    assert "the header spans rows 4-5 (a header over two rows)" in result.stderr
    assert "row 6 (numbering row under the header); row 37 (totals row)" in result.stdout
