"""A workbook whose first sheet is a summary: the run stops naming the sheet that looks like the
households and the option that reads it, gives no advice on members or marks when nothing
matched, and names a column without a header in Vietnamese under --lang vi."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.labels import no_header_said

from .conftest import BASE

runner = CliRunner()
AS_OF = ("--as-of", "2024-12-31")
HOUSEHOLDS = "DS hộ nghèo 2024"


def workbook(path: Path, with_households: bool = True) -> Path:
    book = xlsxwriter.Workbook(path)
    summary = book.add_worksheet("Tổng hợp")
    summary.write_row(0, 0, ["BIỂU TỔNG HỢP"])
    summary.write_row(1, 0, ["Thôn", "Hộ nghèo", "Hộ cận nghèo"])
    summary.write_row(2, 0, ["Thôn 1", 2, 1])
    if with_households:
        sheet = book.add_worksheet(HOUSEHOLDS)
        sheet.write_row(0, 0, ["DANH SÁCH HỘ NGHÈO"])
        sheet.write_row(2, 0, list(BASE))
        sheet.write_row(3, 0, [str(v) for v in BASE.values()])
    else:
        book.add_worksheet("Ghi chú").write_row(0, 0, ["Người lập biểu", "Nguyễn Thị Hoa"])
    book.close()
    return path


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def test_the_sheet_that_looks_like_the_households_is_named(tmp_path):
    path = workbook(tmp_path / "ds.xlsx")
    out = tmp_path / "o.csv"
    vi = run("classify", path, "-o", out, "--lang", "vi", *AS_OF)
    assert vi.exit_code == 4
    first = vi.stderr.splitlines()[0]
    assert "'(không có tiêu đề, cột B)', '(không có tiêu đề, cột C)'" in first
    assert f"trang tính '{HOUSEHOLDS}' có vẻ là danh sách hộ (các tiêu đề 'household_id'," in first
    assert first.endswith(f'hãy chọn trang đó bằng --sheet "{HOUSEHOLDS}"')
    # nothing matched: no advice on a member file or on columns of marks
    for advice in ("--members", "dấu thiếu hụt", "no header", "Thiếu hụt Việc làm"):
        assert advice not in vi.stderr, advice
    en = run("classify", path, "-o", out, *AS_OF)
    assert en.exit_code == 4
    assert (
        f"the sheet '{HOUSEHOLDS}' looks like the households table (its headers 'household_id',"
        in en.stderr
    )
    assert f'choose it with --sheet "{HOUSEHOLDS}"' in en.stderr
    assert "--members" not in en.stderr and "deprivation marks" not in en.stderr
    assert not out.exists()
    # the advice followed, the households are read
    followed = run("classify", path, "--sheet", HOUSEHOLDS, "-o", out, *AS_OF)
    assert followed.exit_code == 0, followed.stderr
    explained = run("explain", path, "--id", "H1", *AS_OF)
    assert explained.exit_code == 4 and f'--sheet "{HOUSEHOLDS}"' in explained.stderr


def test_no_sheet_named_when_none_looks_like_the_households(tmp_path):
    path = workbook(tmp_path / "ds.xlsx", with_households=False)
    result = run("classify", path, "-o", tmp_path / "o.csv", *AS_OF)
    assert result.exit_code == 4
    assert "none of the required columns is here" in result.stderr
    assert "this workbook's sheets: Tổng hợp, Ghi chú (choose one with --sheet)" in result.stderr
    assert "looks like" not in result.stderr and "--members" not in result.stderr


def test_a_member_workbook_names_its_own_option(tmp_path):
    households = tmp_path / "h.csv"
    households.write_text(
        "household_id,area,income_per_capita_month,non_durable_main_structures,floor_area_m2,"
        "safe_water,sanitary_latrine,uses_internet,has_information_device\n"
        "H1,rural,5000000,0,50,1,1,1,1\n",
        encoding="utf-8",
    )
    book = xlsxwriter.Workbook(tmp_path / "m.xlsx")
    book.add_worksheet("Tổng hợp").write_row(0, 0, ["Tổng số người", 3])
    members = book.add_worksheet("Thành viên")
    members.write_row(0, 0, ["household_id", "age", "in_working_age", "has_health_insurance"])
    members.write_row(1, 0, ["H1", 40, "1", "1"])
    book.close()
    result = run(
        "classify", households, "--members", tmp_path / "m.xlsx", "-o", tmp_path / "o.csv", *AS_OF
    )
    assert result.exit_code == 4
    assert "the sheet 'Thành viên' looks like the member table" in result.stderr
    assert 'choose it with --member-sheet "Thành viên"' in result.stderr


def test_a_column_without_a_header_in_vietnamese_notes_and_messages():
    assert no_header_said("'(no header, column AB)'", "vi") == "'(không có tiêu đề, cột AB)'"
    assert no_header_said("'(no header, column AB)'", "en") == "'(no header, column AB)'"
