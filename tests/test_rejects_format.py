"""The rejects files default to the output's format (an office user's review: a CSV without a
BOM beside an .xlsx result shows garbled in Excel on Vietnamese Windows), in every command
that writes rejects (classify, compare, report with its previous list's, the members'); a
file of that name is left as it was when nothing was rejected. A member file with years of
birth and no ages says what mdpoverty reads instead. CliRunner, stdout and stderr apart."""

from __future__ import annotations

import csv
from pathlib import Path

import fastexcel
import polars as pl
import pytest
import xlsxwriter
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import BASE

runner = CliRunner()
AS_OF = ("--as-of", "2024-12-31")


def _households(path: Path, bad: bool = True) -> Path:
    """Three households, the third with an area no one can read (when `bad`)."""
    rows = [{**BASE, "household_id": f"H{i}"} for i in range(1, 4)]
    if bad:
        rows[2]["area"] = "xx"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(BASE))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _invoke(*args: object):
    return runner.invoke(app, [*map(str, args)])


def _rejected_rows(path: Path) -> list[str]:
    """The `row` column of a rejects file of any format, as text."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        frame = fastexcel.read_excel(path).load_sheet(0).to_polars()
    elif suffix == ".parquet":
        frame = pl.read_parquet(path)
    elif suffix == ".json":
        frame = pl.read_json(path)
    else:
        frame = pl.read_csv(path, infer_schema=False)
    return [str(int(float(v))) for v in frame[:, 0].to_list()]


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet", ".json", ".csv"])
def test_classify_writes_the_rejects_in_the_outputs_format(tmp_path, suffix):
    data = _households(tmp_path / "ho.csv")
    result = _invoke("classify", data, "-o", tmp_path / f"kq{suffix}", *AS_OF)
    assert result.exit_code == 3, result.stderr
    rejects = tmp_path / f"kq_rejects{suffix}"
    assert _rejected_rows(rejects) == ["4"]
    assert f"kq_rejects{suffix}" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["ho.csv", f"kq{suffix}", f"kq_rejects{suffix}"]
    )


def test_an_xlsx_rejects_file_is_a_workbook_with_its_named_sheet(tmp_path):
    data = _households(tmp_path / "ho.csv")
    result = _invoke("classify", data, "-o", tmp_path / "kq.xlsx", "--lang", "vi", *AS_OF)
    assert result.exit_code == 3, result.stderr
    book = fastexcel.read_excel(tmp_path / "kq_rejects.xlsx")
    assert book.sheet_names == ["Loại bỏ"]
    frame = book.load_sheet(0).to_polars()
    assert frame.columns[:3] == ["Dòng", "Mã lỗi", "Mô tả lỗi"]
    assert frame[0, 2] == "area: giá trị không có trong danh mục"  # as the file heads it


def test_a_csv_rejects_file_has_a_bom_with_add_bom_and_none_without(tmp_path):
    data = _households(tmp_path / "ho.csv")
    for bom, name in ((True, "a"), (False, "b")):
        extra = ("--add-bom",) if bom else ()
        result = _invoke("classify", data, "-o", tmp_path / f"{name}.csv", *extra, *AS_OF)
        assert result.exit_code == 3, result.stderr
        start = (tmp_path / f"{name}_rejects.csv").read_bytes()[:3]
        assert (start == b"\xef\xbb\xbf") is bom


def test_output_on_stdout_keeps_csv_rejects_beside_the_input(tmp_path):
    data = _households(tmp_path / "ho.xlsx.csv")
    result = _invoke("classify", data, "-o", "-", *AS_OF)
    assert result.exit_code == 3, result.stderr
    assert _rejected_rows(tmp_path / "ho.xlsx_rejects.csv") == ["4"]


def test_an_xlsx_file_of_the_rejects_name_is_left_as_it_was_when_nothing_is_rejected(tmp_path):
    data = _households(tmp_path / "ho.csv", bad=False)
    old = tmp_path / "kq_rejects.xlsx"
    book = xlsxwriter.Workbook(old)
    book.add_worksheet().write(0, 0, "last year's")
    book.close()
    before = old.read_bytes()
    result = _invoke("classify", data, "-o", tmp_path / "kq.xlsx", *AS_OF)
    assert result.exit_code == 0, result.stderr
    assert old.read_bytes() == before
    assert "no rejects file was written" in result.stdout
    assert "kq_rejects.xlsx is not from this run" in " ".join(result.stdout.split())


@pytest.mark.parametrize(("suffix", "rejects"), [(".xlsx", ".xlsx"), (".txt", ".csv")])
def test_compare_writes_the_rejects_in_the_reports_format(tmp_path, suffix, rejects):
    data = _households(tmp_path / "ho.csv")
    out = tmp_path / f"ss{suffix}"
    result = _invoke(
        "compare", data, "--base", "vn-2022-2025", "--alt", "quangninh-2023-2025", "-o", out
    )
    assert result.exit_code == 3, result.stderr
    assert _rejected_rows(tmp_path / f"ss_rejects{rejects}") == ["4"]


@pytest.mark.parametrize(
    ("suffix", "rejects"), [(".xlsx", ".xlsx"), (".json", ".json"), (".txt", ".csv")]
)
def test_report_writes_its_rejects_and_the_previous_lists_in_the_reports_format(
    tmp_path, suffix, rejects
):
    data = _households(tmp_path / "ho.csv")
    previous = tmp_path / "truoc.csv"
    previous.write_text("household_id,class\nH1,poor\nH2,zzz\n", "utf-8")
    out = tmp_path / f"bc{suffix}"
    result = _invoke("report", data, "--previous", previous, "-o", out, *AS_OF)
    assert result.exit_code == 3, result.stderr
    assert _rejected_rows(tmp_path / f"bc_rejects{rejects}") == ["4"]
    assert _rejected_rows(tmp_path / f"bc_previous_rejects{rejects}") == ["3"]
    if rejects == ".xlsx":  # each workbook's sheet says what it holds
        assert fastexcel.read_excel(tmp_path / "bc_rejects.xlsx").sheet_names == ["rejects"]
        previous_book = fastexcel.read_excel(tmp_path / "bc_previous_rejects.xlsx")
        assert previous_book.sheet_names == ["previous rejects"]


@pytest.mark.parametrize("command", ["classify", "compare", "report"])
def test_the_member_rejects_follow_the_rejects_format(tmp_path, command):
    data = _households(tmp_path / "ho.csv", bad=False)
    # an age no one has: the member row (7) and its household (row 3) rejected
    members = _members_csv(tmp_path / "tv.csv", [40, 38, 12, 9, 40, -3, 12, 9, 40, 38, 12, 9])
    extra = {
        "classify": (),
        "compare": ("--base", "vn-2022-2025", "--alt", "quangninh-2023-2025"),
        "report": AS_OF,
    }[command]
    out = tmp_path / "kq.xlsx"
    result = _invoke(command, data, "--members", members, "-o", out, *extra)
    assert result.exit_code == 3, result.stderr
    assert _rejected_rows(tmp_path / "kq_member_rejects.xlsx") == ["7"]
    assert _rejected_rows(tmp_path / "kq_rejects.xlsx") == ["3"]
    book = fastexcel.read_excel(tmp_path / "kq_member_rejects.xlsx")
    assert book.sheet_names == ["member rejects"]


# the member columns after the id and the age, as a roster heads them; all no but insurance
ANSWERS = {
    "Trong độ tuổi lao động": "không",
    "Không có việc làm hoặc không có hợp đồng lao động": "không",
    "Hưởng trợ cấp xã hội hằng tháng": "không",
    "Suy dinh dưỡng": "không",
    "Có bảo hiểm y tế": "có",
    "Đang học hoặc có bằng cấp phù hợp": "có",
    "Đi học đúng bậc học": "có",
}


def _members_csv(path: Path, ages: list[int], sizes: int = 4) -> Path:
    """`sizes` people per household H1-H3 with the given ages in turn."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Mã hộ", "Tuổi", *ANSWERS])
        for n in range(3 * sizes):
            writer.writerow([f"H{n // sizes + 1}", ages[n], *ANSWERS.values()])
    return path


def _roster(path: Path, header: str, ages: bool = False) -> Path:
    """A roster as a commune keeps it: a title, then one row per person with `header` (a year
    of birth) where the age would be, and the age after the answers when `ages`."""
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("Nhân khẩu")
    ws.write_row(0, 0, ["DANH SÁCH NHÂN KHẨU"])
    heads = ["STT", "Mã hộ", "Họ và tên", header, *ANSWERS, *["Tuổi"] * ages]
    ws.write_row(2, 0, heads)
    for n in range(12):
        row = [n + 1, f"H{n // 4 + 1}", f"Người {n + 1}", 1984, *ANSWERS.values()]
        ws.write_row(3 + n, 0, [*row, *[40] * ages])
    book.close()
    return path


@pytest.mark.parametrize("header", ["Năm sinh", "NAM SINH", "Ngày tháng năm sinh"])
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "holds a year or a date of birth, which is not an age: mdpoverty reads ages only"),
        ("vi", "là năm sinh hoặc ngày sinh, không phải tuổi: mdpoverty chỉ đọc tuổi"),
    ],
)
def test_a_roster_with_years_of_birth_is_told_what_is_read_instead(tmp_path, header, lang, said):
    data = _households(tmp_path / "ho.csv", bad=False)
    members = _roster(tmp_path / "tv.xlsx", header)
    result = _invoke("classify", data, "--members", members, "--lang", lang, *AS_OF)
    assert result.exit_code == 4
    said_all = " ".join(result.stderr.split())
    assert f"'{header}' {said}" in said_all
    assert "DATEDIF" in said_all
    assert result.stdout == ""


def test_a_roster_with_ages_and_years_of_birth_is_read_without_the_advice(tmp_path):
    data = _households(tmp_path / "ho.csv", bad=False)
    members = _roster(tmp_path / "tv.xlsx", "Năm sinh", ages=True)
    result = _invoke("classify", data, "--members", members, "-o", tmp_path / "kq.csv", *AS_OF)
    assert result.exit_code in (0, 3), result.stderr
    assert "year or a date of birth" not in result.stderr
    assert (tmp_path / "kq.csv").exists()
