"""A CSV file's rows are numbered as Excel numbers them on opening it: one row per record
(title and blank lines included), a quoted cell with line breaks staying in one row. The
expected numbers are counted here with the csv module, record by record, never by lines."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import polars as pl
import pytest

from .conftest import EXAMPLES
from .test_members import HOUSEHOLDS
from .test_official_lists import COUNTS, HEADER, VI, cells, invoke, numbering, text_file

ID = HEADER.index(VI["household_id"])


def excel_row(path: Path, column: int, value: str) -> int:
    """The row Excel shows the record whose cell `column` is `value` on (csv records, 1 on)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [
            n for n, r in enumerate(csv.reader(fh), 1) if len(r) > column and r[column] == value
        ]
    assert len(rows) == 1
    return rows[0]


def line_of(path: Path, value: str) -> int:
    """The physical line a record holding `value` starts on."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if value in line)


def official_csv(path: Path) -> Path:
    """A title over two lines, a blank line, a header whose cells break over lines, a
    numbering row, and households whose names break over lines, two of them with a bad cell."""
    title = ["DANH SÁCH HỘ\nRÀ SOÁT NĂM 2024"] + [""] * (len(HEADER) - 1)
    h2 = cells(2, area="ngoại ô")
    h2[1] = "Nguyễn\nVăn\nHai"
    h3 = cells(3, household_size="bốn")
    h3[1] = "Trần\nBa"
    return text_file(path, [title, [], HEADER, numbering(), cells(1), h2, [], h3, cells(4)])


def test_rejects_rows_are_the_rows_excel_shows(tmp_path: Path) -> None:
    path = official_csv(tmp_path / "ds.csv")
    out = tmp_path / "out.csv"
    result = invoke("classify", path, "-o", out)
    assert result.exit_code == 3, result.stderr
    assert COUNTS.format(6, 2, 2, 2) in result.stdout
    expected = [excel_row(path, ID, "H002"), excel_row(path, ID, "H003")]
    assert expected == [6, 8]
    # the lines they start on are further down: the title, header and names break over lines
    assert [line_of(path, "H002"), line_of(path, "H003")] != expected
    rejects = pl.read_csv(tmp_path / "out_rejects.csv", infer_schema=False)
    assert rejects["row"].to_list() == [str(r) for r in expected]
    assert "row 6, column 'Khu vực' (area): unknown category" in result.stdout
    assert "row 4 (numbering row under the header); row 7 (blank row)" in result.stdout
    assert "the header is on row 3; the 2 rows above it are not read" in result.stderr
    explained = invoke("explain", path, "--id", "H004", "--json")
    assert explained.exit_code == 0, explained.stderr
    assert json.loads(explained.stdout)[0]["row"] == excel_row(path, ID, "H004") == 9


def test_header_row_names_the_row_excel_shows(tmp_path: Path) -> None:
    # a legend naming three known columns comes first, so the header must be named
    title = ["DANH SÁCH\nHỘ"]
    legend = ["Chú thích:", "Mã hộ", "Khu vực", "Số nhân khẩu"]
    path = text_file(tmp_path / "ds.csv", [title, legend, HEADER, cells(1, area="x")])
    assert excel_row(path, 0, "Chú thích:") == 2 and line_of(path, "Chú thích:") == 3
    out = tmp_path / "out.csv"
    result = invoke("classify", path, "--header-row", 3, "-o", out)
    assert result.exit_code == 3, result.stderr
    assert "the header is on row 3; the 2 rows above it are not read" in result.stderr
    assert "row 4, column 'Khu vực' (area): unknown category" in result.stdout
    # the header's first line (4) is not its row: row 4 is the household
    wrong = invoke("classify", path, "--header-row", 4, "-o", out)
    assert wrong.exit_code == 4 and wrong.stdout == ""
    past = invoke("classify", path, "--header-row", 9, "-o", out)
    assert past.exit_code == 4
    assert "--header-row 9: the file has only 4 rows" in past.stderr
    apart = invoke("classify", path, "--header-row", "3-5", "-o", out)
    assert apart.exit_code == 4
    assert "--header-row 3-5: a header spans one row or two rows in a row" in apart.stderr


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_an_empty_header_row_is_refused_as_a_row(tmp_path: Path, lang: str) -> None:
    path = text_file(tmp_path / "ds.csv", [["DANH\nSÁCH"], [], HEADER, cells(1)])
    result = invoke("classify", path, "--header-row", 2, "-o", tmp_path / "o.csv", "--lang", lang)
    assert result.exit_code == 4
    said = "that row is empty" if lang == "en" else "dòng đó trống"
    assert f"--header-row 2: {said}" in result.stderr


def test_member_rejects_rows_are_the_rows_excel_shows(tmp_path: Path) -> None:
    households = tmp_path / "hh.csv"
    households.write_text(HOUSEHOLDS, encoding="utf-8")
    header = ["Mã hộ", "Tuổi", "Trong độ tuổi\nlao động", "Không có việc làm hoặc không có hợp"]
    header[3] += " đồng lao động"
    header += ["Hưởng trợ cấp xã hội\nhằng tháng", "Suy dinh dưỡng", "Có bảo hiểm\ny tế"]
    header += ["Đang học hoặc có bằng cấp phù hợp", "Đi học đúng bậc học"]
    rows = [["DANH SÁCH\nTHÀNH VIÊN"], header]
    for hid, age in [("A", 40), ("A", 10), ("B", 40), ("B", -3), ("C", 40), ("C", 41)]:
        rows.append([hid, age, "x", 0, 0, "", "x", "", ""])
    rows += [["D", 40, "x", 0, 0, "", "x", "", ""], ["E", "4\n0", "x", 0, 0, "", "x", "", ""]]
    rows += [["F", 70, 0, 0, "có", "", "x", "", ""]]
    members = text_file(tmp_path / "tv.csv", rows)
    result = invoke("classify", households, "--members", members, "-o", tmp_path / "out.csv")
    assert result.exit_code == 3, result.stderr
    assert "the member file: the header is on row 2" in result.stderr
    rejected = pl.read_csv(tmp_path / "out_member_rejects.csv", infer_schema=False)
    with members.open(encoding="utf-8", newline="") as fh:
        records = list(csv.reader(fh))
    expected = [n for n, r in enumerate(records, 1) if r[1:2] in (["-3"], ["4\n0"])]
    assert expected == [6, 10]
    assert sorted(rejected["row"].to_list(), key=int) == [str(r) for r in expected]


def test_previous_rejects_rows_are_the_rows_excel_shows(tmp_path: Path) -> None:
    before = text_file(
        tmp_path / "truoc.csv",
        [
            ["DANH SÁCH\nKỲ TRƯỚC"],
            ["Mã hộ", "Phân\nloại"],
            ["QN0000001", "Hộ nghèo"],
            ["QN0000002", ""],
            ["QN0000003", "Hộ cận nghèo"],
        ],
    )
    now = EXAMPLES / "households.csv"
    out = invoke("report", now, "--as-of", "2024-06-30", "--previous", before, "-o",
                 tmp_path / "r.json")  # fmt: skip
    assert out.exit_code == 3, out.stderr
    # a JSON report's rejects are JSON (the output's format)
    rejects = pl.read_json(tmp_path / "r_previous_rejects.json")
    assert [str(r) for r in rejects["row"]] == [str(excel_row(before, 0, "QN0000002"))] == ["4"]
