"""A column hidden in the workbook (an ID-card number hidden for printing) is read but never
written to an output, with a note naming it; the changes file, made to be posted at a village
meeting, leaves out personal identifiers whatever their column. CliRunner, stdout and stderr
apart; the files are built with xlsxwriter as an office builds them."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.columns import is_personal
from mdpoverty.io.readers import hidden_columns, read_table

from .conftest import BASE

runner = CliRunner()
CCCD = "Số CCCD chủ hộ"
NAME = "Họ và tên chủ hộ"
IDS = ["022100000001", "022100000002", "022100000003"]


def workbook(path: Path, hide: list[str], phone: bool = False) -> Path:
    """Three households with a name, an ID-card number (and a phone number) beside the
    canonical columns; the columns named in `hide` hidden in Excel. Household 3's income is
    not a number (a reject)."""
    header = [NAME, CCCD, *BASE, *(["Số điện thoại"] if phone else [])]
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("DS")
    ws.write_row(0, 0, header)
    for n in range(1, 4):
        h = {**BASE, "household_id": f"H{n}"}
        if n == 3:
            h["income_per_capita_month"] = "nhiều"
        row = [f"Nguyễn Văn {n}", IDS[n - 1], *h.values(), *(["0912345678"] if phone else [])]
        ws.write_row(n, 0, row)
    for name in hide:
        at = header.index(name)
        ws.set_column(at, at, None, None, {"hidden": True})
    book.close()
    return path


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def cells_of(path: Path) -> list[str]:
    frame = pl.read_excel(path, has_header=False, infer_schema_length=0)
    return [str(v) for row in frame.iter_rows() for v in row] + frame.columns


def test_the_hidden_columns_of_a_sheet_are_found(tmp_path):
    path = workbook(tmp_path / "ds.xlsx", [CCCD, "safe_water"])
    assert hidden_columns(path, "DS") == {1, 2 + list(BASE).index("safe_water")}
    assert hidden_columns(path, "no such sheet") == set()
    table = read_table(str(path))
    assert table.hidden == [CCCD, "safe_water"]


def test_a_hidden_column_reaches_no_output(tmp_path):
    path = workbook(tmp_path / "ds.xlsx", [CCCD])
    out = tmp_path / "kq.xlsx"
    result = invoke("classify", path, "-o", out, "--as-of", "2024-12-31", "--lang", "vi")
    assert result.exit_code == 3, result.stderr
    said = "các cột bị ẩn trong bảng tính mà không gì đọc không được ghi ra tệp kết quả nào"
    assert f"{said}: '{CCCD}'\n" in result.stderr
    changes = tmp_path / "thaydoi.xlsx"
    compared = invoke(
        "compare", path, "--as-of", "2024-12-31", "--alt", "quangninh-2023-2025",
        "--changes", changes, "--rejects", tmp_path / "cmp_rejects.csv",
    )  # fmt: skip
    assert compared.exit_code == 3, compared.stderr
    kept = invoke("classify", path, "-o", tmp_path / "keep.csv", "--as-of", "2024-12-31",
                  "--keep-input")  # fmt: skip
    assert kept.exit_code == 3
    outputs = [out, tmp_path / "kq_rejects.xlsx", changes]
    for written in outputs:
        texts = cells_of(written)
        assert NAME in texts, written  # a visible column no standard reads passes through
        assert not any(i in t or CCCD in t for t in texts for i in IDS), written
    for written in [
        tmp_path / "keep.csv",
        tmp_path / "keep_rejects.csv",
        tmp_path / "cmp_rejects.csv",
    ]:
        text = written.read_text("utf-8")
        assert NAME in text and CCCD not in text and IDS[0] not in text and IDS[2] not in text


def test_a_hidden_column_the_standard_reads_is_read_and_written(tmp_path):
    path = workbook(tmp_path / "ds.xlsx", ["income_per_capita_month", CCCD])
    out = tmp_path / "kq.csv"
    result = invoke("classify", path, "-o", out, "--as-of", "2024-12-31")
    assert result.exit_code == 3, result.stderr
    assert "that nothing reads are not written to any output: 'Số CCCD chủ hộ'\n" in result.stderr
    frame = pl.read_csv(out, infer_schema=False)
    assert frame["income_per_capita_month"].to_list() == ["1000000", "1000000"]
    assert CCCD not in frame.columns


@pytest.mark.parametrize(
    ("header", "personal"),
    [
        ("Số CCCD chủ hộ", True), ("CMND", True), ("Số điện thoại", True), ("SĐT", True),
        ("Số thẻ BHYT", True), ("Email", True), ("Mã số BHXH", True), ("Họ và tên chủ hộ", False),
        ("Mã hộ", False), ("Ghi chú", False), ("Thôn", False), ("STT", False),
        ("Diện tích (DT)", False), ("Số ĐT", True), ("SĐT liên hệ", True), ("ĐTDĐ", True),
        ("Số CMTND", True), ("CMT", True), ("Số BHYT", True), ("Mã thẻ BHYT", True),
        ("Số người không có BHYT", False), ("Mã số thuế", True), ("STK", True),
        ("Đối tượng", False), ("Số nhân khẩu", False), ("Tên thôn", False),
    ],
)  # fmt: skip
def test_a_personal_identifier_is_known_by_its_header(header, personal):
    assert is_personal(header) is personal


def test_the_changes_file_leaves_out_personal_identifiers(tmp_path):
    path = workbook(tmp_path / "ds.xlsx", [], phone=True)
    changes = tmp_path / "thaydoi.csv"
    result = invoke(
        "compare", path, "--as-of", "2024-12-31", "--alt", "quangninh-2023-2025",
        "--changes", changes, "--lang", "vi", "--keep-input",
    )  # fmt: skip
    assert result.exit_code == 3, result.stderr
    assert (
        f"tệp thay đổi (để niêm yết) không ghi cột thông tin cá nhân: '{CCCD}', 'Số điện thoại'"
        in result.stderr
    )
    frame = pl.read_csv(changes, infer_schema=False)
    assert NAME in frame.columns  # a name is posted; an ID-card number never is
    assert CCCD not in frame.columns and "Số điện thoại" not in frame.columns
    # classify's output is the office's own working file: a visible column stays
    out = tmp_path / "kq.csv"
    assert invoke("classify", path, "-o", out, "--as-of", "2024-12-31").exit_code == 3
    assert CCCD in pl.read_csv(out, infer_schema=False).columns


def office_book(path: Path, hide: list[str], village: str = "Thôn") -> Path:
    """Four households in two communes of two districts, each with a `Thôn 1`; the columns in
    `hide` hidden (Excel's Hide, or a group of columns collapsed: both write hidden="1")."""
    header = ["Mã hộ", "Huyện", "Xã", village, "Nhóm", CCCD, *list(BASE)[4:]]
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("DS")
    ws.write_row(0, 0, header)
    for n in range(1, 5):
        place = ["Ba Chẽ", "Đồn Đạc"] if n % 2 else ["Tiên Yên", "Hải Lạng"]
        ws.write_row(n, 0, [f"H{n}", *place, "Thôn 1", "A", IDS[n % 3], *list(BASE.values())[4:]])
    for name in hide:
        at = header.index(name)
        ws.set_column(at, at, 12, None, {"hidden": True, "level": 1})
    book.close()
    return path


@pytest.mark.parametrize("command", ["classify", "compare"])
def test_a_hidden_column_the_run_reads_is_written(tmp_path, command):
    """The id, the units, a village and a --by column hidden (grouped for printing) are read
    and written like any column read, so two `Thôn 1` can be told apart in the file; only the
    ID-card number, which nothing reads, is left out, and the note names it alone."""
    path = office_book(tmp_path / "ds.xlsx", ["Mã hộ", "Huyện", "Xã", "Thôn", "Nhóm", CCCD])
    out = tmp_path / "out.csv"
    opts = (
        ["-o", out] if command == "classify" else ["--changes", out, "--alt", "quangninh-2023-2025"]
    )
    result = invoke(
        command, path, "-s" if command == "classify" else "--base", "vn-2022-2025",
        *opts, "--by", "Nhóm",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr + result.stdout
    said = "columns hidden in the workbook that nothing reads are not written to any output"
    assert f"{said}: '{CCCD}'\n" in result.stderr
    frame = pl.read_csv(out, infer_schema=False)
    for column in ("household_id", "district", "commune", "Thôn", "Nhóm"):
        assert column in frame.columns, (column, frame.columns)
    assert CCCD not in frame.columns


def test_a_column_at_width_0_is_hidden(tmp_path):
    """A column dragged to width 0 (no hidden flag) is as hidden to whoever prints the sheet."""
    import zipfile

    built = workbook(tmp_path / "built.xlsx", [CCCD])
    path = tmp_path / "ds.xlsx"
    with zipfile.ZipFile(built) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b' hidden="1"', b"")
                data = data.replace(b'max="2"', b'max="2" width="0"', 1)
                assert b'width="0"' in data and b"hidden" not in data
            dst.writestr(item, data)
    assert hidden_columns(path, "DS") == {1}
    out = tmp_path / "kq.csv"
    result = invoke("classify", path, "-o", out, "--as-of", "2024-12-31")
    assert result.exit_code == 3, result.stderr
    assert CCCD not in pl.read_csv(out, infer_schema=False).columns


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_hidden_first_sheet_read_is_said(tmp_path, lang):
    """The first sheet, hidden in Excel, is the one read by default: a note says which and that
    it is hidden (the user sees another on opening the workbook); named with --sheet, not."""
    path = tmp_path / "ds.xlsx"
    book = xlsxwriter.Workbook(path)
    data = book.add_worksheet("DS hộ")
    data.write_row(0, 0, list(BASE))
    data.write_row(1, 0, list(BASE.values()))
    data.hide()
    book.add_worksheet("Tổng hợp").activate()
    book.close()
    result = invoke("classify", path, "-o", tmp_path / "o.csv", "--as-of", "2024-12-31",
                    "--lang", lang)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    said = (
        "trang tính được đọc, 'DS hộ', trang đầu của tệp, bị ẩn trong Excel"
        if lang == "vi"
        else "the sheet read, 'DS hộ', the workbook's first, is hidden in Excel"
    )
    assert said in result.stderr
    named = invoke("classify", path, "-o", tmp_path / "n.csv", "--as-of", "2024-12-31",
                   "--sheet", "DS hộ")  # fmt: skip
    assert named.exit_code == 0, named.stderr
    assert "hidden in Excel" not in named.stderr
