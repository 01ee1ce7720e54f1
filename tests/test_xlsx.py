"""Every output follows its file name, and workbooks are ready to use: named sheets, a bold frozen
header with an autofilter, numbers stored as numbers with their formats, widths; written as a
stream, refused past a sheet's rows. The workbooks are read back three ways: their XML (what
Excel reads), polars (calamine) and, when it is installed, openpyxl."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.columns import CANONICAL
from mdpoverty.io import xlsx

from .conftest import EXAMPLES

GOLDEN = Path(__file__).parent / "golden"
runner = CliRunner()
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
BUILT_IN = {"0": "General", "3": "#,##0", "4": "#,##0.00", "10": "0.00%"}

OFFICE = (
    "STT;Mã HGĐ;Huyện;Xã;Khu vực;Số nhân khẩu;Thu nhập BQ;Số người thiếu việc làm;"
    "Số người phụ thuộc;Số trẻ em suy dinh dưỡng;Số người không có BHYT;"
    "Số người 16-30 tuổi thiếu trình độ;Số trẻ em không đi học đúng độ tuổi;"
    "Số kết cấu không bền chắc;Diện tích nhà ở (m2);Nước sạch;Nhà tiêu hợp vệ sinh;"
    "Sử dụng internet;Có phương tiện thông tin;Ghi chú\n"
    "1;01;Ba Chẽ;Xã A;Nông thôn;4;1.500.000;1;0;0;1;0;0;0;40;có;không;có;có;\n"
    "2;02;Ba Chẽ;Xã A;nông thôn;4;1650000.50;0;0;0;0;0;0;0;24,5;x;x;x;x;gia đình chính sách\n"
    "3;03;Tiên Yên;Xã A;NT;4;abc;0;0;0;0;0;0;0;40;có;có;có;có;\n"
    "4;04;Tiên Yên;Xã A;thành thị;2;2600000;0;0;0;0;0;0;0;30;có;có;có;có;\n"
)
MAPPING = "Mã HGĐ: household_id\nThu nhập BQ: income_per_capita_month\n"


@pytest.fixture
def office(tmp_path):
    src = tmp_path / "danh-sach.csv"
    src.write_text(OFFICE, encoding="utf-8")
    mapping = tmp_path / "cot.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return src, mapping


def invoke(*args: str, **kw):
    return runner.invoke(app, list(args), **kw)


# --------------------------------------------------------------------------- reading a workbook


class Book:
    """A workbook read from its XML: sheet names, cells (type, value, number format), the
    header's font, frozen panes, autofilters and column widths."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as z:
            self.parts = {n: z.read(n) for n in z.namelist()}
        workbook = ET.fromstring(self.parts["xl/workbook.xml"])
        rels = ET.fromstring(self.parts["xl/_rels/workbook.xml.rels"])
        targets = {r.get("Id"): r.get("Target") for r in rels}
        self.sheets = {
            s.get("name"): "xl/" + targets[s.get(R_ID)]
            for s in workbook.find("m:sheets", NS)  # type: ignore[union-attr]
        }
        styles = ET.fromstring(self.parts["xl/styles.xml"])
        fonts = styles.find("m:fonts", NS)
        bold = [f.find("m:b", NS) is not None for f in fonts]  # type: ignore[union-attr]
        self.xfs = [
            (BUILT_IN[xf.get("numFmtId", "0")], bold[int(xf.get("fontId", "0"))])
            for xf in styles.find("m:cellXfs", NS)  # type: ignore[union-attr]
        ]

    @property
    def names(self) -> list[str]:
        return list(self.sheets)

    def sheet(self, name: str) -> ET.Element:
        return ET.fromstring(self.parts[self.sheets[name]])

    def cells(self, name: str) -> dict[str, tuple[str, object, str, bool]]:
        """Each cell -> (type, value, number format, bold)."""
        found = {}
        for c in self.sheet(name).iter(f"{{{NS['m']}}}c"):
            kind = c.get("t", "n")
            fmt, bold = self.xfs[int(c.get("s", "0"))]
            if kind == "inlineStr":
                value: object = "".join(t.text or "" for t in c.iter(f"{{{NS['m']}}}t"))
            else:
                v = c.find("m:v", NS)
                value = None if v is None else v.text
                if kind == "n" and value is not None:
                    value = Decimal(value)  # type: ignore[arg-type]
            found[c.get("r")] = (kind, value, fmt, bold)
        return found

    def frozen(self, name: str) -> str | None:
        pane = self.sheet(name).find(".//m:pane", NS)
        if pane is None or pane.get("state") != "frozen":
            return None
        return pane.get("topLeftCell")

    def autofilter(self, name: str) -> str | None:
        found = self.sheet(name).find("m:autoFilter", NS)
        return None if found is None else found.get("ref")

    def widths(self, name: str) -> list[float]:
        return [float(c.get("width")) for c in self.sheet(name).iter(f"{{{NS['m']}}}col")]

    def column(self, name: str, header: str) -> list[tuple[str, object, str, bool]]:
        """The cells under `header`, from the second row down."""
        cells = self.cells(name)
        letter = next(r[:-1] for r, c in cells.items() if r.endswith("1") and r[:-1].isalpha()
                      and c[1] == header and r[-2].isalpha())  # fmt: skip
        rows = sorted(
            (int(r[len(letter) :]), c)
            for r, c in cells.items()
            if r[: len(letter)] == letter
            and r[len(letter) :].isdigit()
            and r[len(letter)].isdigit()
        )
        return [c for n, c in rows if n > 1]


def assert_ready(book: Book, sheet: str, columns: int, rows: int) -> None:
    """A bold header frozen in view, an autofilter over every row, a width per column."""
    header = [c for r, c in book.cells(sheet).items() if r[-1] == "1" and r[:-1].isalpha()]
    assert len(header) == columns
    assert all(bold and kind == "inlineStr" for kind, _, _, bold in header)
    assert book.frozen(sheet) == "A2"
    assert book.autofilter(sheet) == f"A1:{xlsx.column_letters(columns - 1)}{rows + 1}"
    widths = book.widths(sheet)
    assert len(widths) == columns and all(6 <= w <= 50 for w in widths)


# --------------------------------------------------------------------------- the writer


def test_cells_keep_their_type_and_text_reads_back_exactly(tmp_path):
    text = ["Nguyễn Văn A", " lead", "a<b & c>d", "\x01bell", "_x0041_ as typed", "=1+2", ""]
    frame = pl.DataFrame(
        {
            "STT": ["1", "01", "1234567890123456", "1.500.000", "-2.5", "0", None],
            "text": text,
            "money": pl.Series(
                [Decimal("1500000"), Decimal("1650000.50"), None, None, None, None, Decimal(0)],
                dtype=pl.Decimal(18, 2),
            ),
            "count": [4, 5, None, 1_000_000, 0, 1, 2],
            "yes": [True, False, None, True, True, False, True],
            "share": [0.125, float("nan"), None, 1.0, 0.0, 0.5, 0.25],
        }
    )
    path = tmp_path / "t.xlsx"
    xlsx.write_workbook(str(path), [xlsx.Sheet("Kết quả", frame, {"share": "share"})])
    book = Book(path)
    assert book.names == ["Kết quả"]
    assert_ready(book, "Kết quả", columns=6, rows=7)
    stt = [(k, v) for k, v, _, _ in book.column("Kết quả", "STT")]
    # a plain number is a number; a code with a leading zero, 16 digits, 1.500.000 stay text
    assert stt == [
        ("n", Decimal(1)),
        ("inlineStr", "01"),
        ("inlineStr", "1234567890123456"),
        ("inlineStr", "1.500.000"),
        ("n", Decimal("-2.5")),
        ("n", Decimal(0)),
    ]
    money = book.column("Kết quả", "money")
    assert [(v, f) for _, v, f, _ in money] == [
        (Decimal(1500000), "#,##0"),
        (Decimal("1650000.50"), "#,##0.00"),
        (Decimal(0), "#,##0"),
    ]
    assert {f for _, _, f, _ in book.column("Kết quả", "count")} == {"#,##0"}
    assert [(k, v) for k, v, _, _ in book.column("Kết quả", "yes")][:2] == [("b", "1"), ("b", "0")]
    shares = book.column("Kết quả", "share")
    assert shares[0][1:3] == (Decimal("0.125"), "0.00%")
    assert len(shares) == 5  # NaN and null: no cell
    back = pl.read_excel(path, engine="calamine", infer_schema_length=0)
    # an empty text is an empty cell; every other text comes back as written
    assert back["text"].to_list() == [*text[:-1], None]
    assert back["STT"].to_list()[:4] == ["1", "01", "1234567890123456", "1.500.000"]


def test_a_sheet_laid_out_with_titles_bold_rows_and_frozen_columns(tmp_path):
    # the report's tables: title lines and a blank row above a boxed header whose texts are not
    # the column names, subtotal rows in bold, the unit columns kept in view; a code stays text
    frame = pl.DataFrame(
        {
            "c0": ["01", "Total"],
            "c1": [5, 7],
            "c2": [0.5, None],
            "sub": [False, True],
        }
    )
    layout = xlsx.Layout(
        titles=("Poor households", "Standard: x"),
        header=("commune", "households", "share"),
        boxed_header=True,
        bold_rows="sub",
        frozen_columns=1,
        widths=(9, 12, 8),
    )
    path = tmp_path / "t.xlsx"
    formats = {"c0": "text", "c1": "count", "c2": "share"}
    xlsx.write_workbook(str(path), [xlsx.Sheet("T", frame, formats, layout)])
    book = Book(path)
    cells = book.cells("T")
    assert cells["A1"] == ("inlineStr", "Poor households", "General", True)
    assert cells["A2"] == ("inlineStr", "Standard: x", "General", False)
    assert not any(r.endswith("3") for r in cells)  # the blank row
    assert [cells[r][1] for r in ("A4", "B4", "C4")] == ["commune", "households", "share"]
    assert all(cells[r][3] for r in ("A4", "B4", "C4"))
    assert cells["A5"] == ("inlineStr", "01", "General", False)
    assert cells["B5"] == ("n", Decimal(5), "#,##0", False)
    assert cells["C5"] == ("n", Decimal("0.5"), "0.00%", False)
    assert cells["A6"] == ("inlineStr", "Total", "General", True)
    assert cells["B6"] == ("n", Decimal(7), "#,##0", True)
    assert "C6" not in cells and "D5" not in cells  # a null is no cell; the marker not written
    assert book.frozen("T") == "B5" and book.autofilter("T") == "A4:C6"
    assert book.widths("T") == [9, 12, 8]
    styles = ET.fromstring(book.parts["xl/styles.xml"])
    header_xf = styles.find("m:cellXfs", NS)[int(book.sheet("T").find(".//m:c[@r='A4']", NS).get("s"))]  # type: ignore[index, union-attr, arg-type]  # fmt: skip
    assert header_xf.get("borderId") != "0" and header_xf.get("fillId") != "0"
    back = pl.read_excel(path, engine="calamine", read_options={"header_row": 3})
    assert back.columns == ["commune", "households", "share"] and back["commune"][0] == "01"


def test_a_headless_sheet_of_lines_holds_text_and_counts_in_one_column(tmp_path):
    # an About sheet: a title, then label/value lines whose values are text or counts
    parts = [
        pl.DataFrame({"label": ["Data file"], "value": ["2024"]}),
        pl.DataFrame({"label": ["Rows read"], "value": [3000]}),
    ]
    layout = xlsx.Layout(titles=("About",), headless=True, bold_columns=frozenset({"label"}))
    formats = {"label": "text", "value": "text"}
    path = tmp_path / "a.xlsx"
    xlsx.write_workbook(str(path), [xlsx.Sheet("About", parts, formats, layout)])
    book = Book(path)
    assert book.cells("About") == {
        "A1": ("inlineStr", "About", "General", True),
        "A3": ("inlineStr", "Data file", "General", True),
        "B3": ("inlineStr", "2024", "General", False),  # text, though it reads as a number
        "A4": ("inlineStr", "Rows read", "General", True),
        "B4": ("n", Decimal(3000), "#,##0", False),
    }
    assert book.frozen("About") is None and book.autofilter("About") is None


def test_sheet_names_are_names_excel_accepts():
    names = xlsx.sheet_names(["a/b:c", "x" * 40, "X" * 40, "'q'", "", "Kết quả"])
    assert names[0] == "a b c"
    assert names[1] == "x" * 31 and names[2] == "X" * 27 + " (2)"
    assert names[3] == "q" and names[4] == "Sheet" and names[5] == "Kết quả"
    assert all(len(n) <= 31 for n in names)


def test_a_workbook_opens_in_openpyxl_with_its_formats(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    frame = pl.DataFrame({"STT": ["1", "2"], "income": [1_500_000, 2_000_000]})
    path = tmp_path / "t.xlsx"
    xlsx.write_workbook(str(path), [xlsx.Sheet("results", frame), xlsx.Sheet("two", frame)])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["results", "two"]
    ws = wb["results"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:B3"
    assert [c.font.b for c in ws[1]] == [True, True]
    assert ws["A2"].value == 1 and ws["B2"].value == 1_500_000
    assert ws["B2"].number_format == "#,##0"


# --------------------------------------------------------------------------- classify


def test_classify_xlsx_is_a_named_formatted_sheet_of_numbers(tmp_path):
    out = tmp_path / "out.xlsx"
    result = invoke("classify", str(GOLDEN / "small.csv"), "--as-of", "2024-12-31", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    book = Book(out)
    assert book.names == ["results"]
    frame = pl.read_excel(out)
    assert_ready(book, "results", columns=frame.width, rows=frame.height)
    income = book.column("results", "income_per_capita_month")
    assert income[0][:3] == ("n", Decimal(1500000), "#,##0")
    assert {c[2] for c in book.column("results", "deprivation_count")} == {"#,##0"}
    assert {c[0] for c in book.column("results", "safe_water")} == {"b"}
    assert {c[0] for c in book.column("results", "class")} == {"inlineStr"}
    assert frame["income_line"].dtype.is_numeric()


def test_classify_xlsx_in_vietnamese_keeps_the_stt_a_number_and_names_the_sheets(tmp_path, office):
    src, mapping = office
    out, rejects = tmp_path / "ket-qua.xlsx", tmp_path / "loai.xlsx"
    result = invoke(
        "classify", str(src), "--columns", str(mapping), "-o", str(out), "--rejects",
        str(rejects), "--as-of", "2025-01-01", "--lang", "vi", "--keep-input",
    )  # fmt: skip
    assert result.exit_code == 3, result.stderr
    book = Book(out)
    assert book.names == ["Kết quả"]
    assert_ready(book, "Kết quả", columns=24, rows=3)
    assert [c[:2] for c in book.column("Kết quả", "STT")] == [
        ("n", Decimal(1)),
        ("n", Decimal(2)),
        ("n", Decimal(4)),
    ]
    # cells as written: 1.500.000 stays the text it was; a plain amount is a number, formatted
    income = book.column("Kết quả", "Thu nhập BQ")
    assert income[0][:2] == ("inlineStr", "1.500.000")
    assert income[1][1:3] == (Decimal("1650000.50"), "#,##0.00")
    assert income[2][1:3] == (Decimal(2600000), "#,##0")
    assert [c[1] for c in book.column("Kết quả", "Mã HGĐ")] == ["01", "02", "04"]
    assert book.column("Kết quả", "Phân loại")[0][1] == "Hộ nghèo"
    rejected = Book(rejects)
    assert rejected.names == ["Loại bỏ"]
    row = rejected.column("Loại bỏ", "Dòng")
    assert row == [("n", Decimal(4), "General", False)]  # a row number, not 4 with separators


def test_past_a_sheets_rows_the_xlsx_output_stops_and_leaves_no_file(tmp_path, monkeypatch):
    import mdpoverty.io.batches as batches
    import mdpoverty.io.writers as writers

    monkeypatch.setattr(writers, "XLSX_MAX_ROWS", 2500)
    monkeypatch.setattr(batches, "BATCH_ROWS", 1000)
    out = tmp_path / "out.xlsx"
    result = invoke("classify", str(EXAMPLES / "households.csv"), "-o", str(out))
    assert result.exit_code == 4
    assert "more than 2,500 rows: an .xlsx sheet holds no more" in result.stderr
    assert "write .csv or .parquet" in result.stderr
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []  # no output, no temporary file


def test_a_parquet_input_past_a_sheets_rows_is_refused_before_any_work(tmp_path, monkeypatch):
    import mdpoverty.run.pipeline as pipeline

    monkeypatch.setattr(pipeline, "XLSX_MAX_ROWS", 2500)
    src = tmp_path / "h.parquet"
    pl.read_csv(EXAMPLES / "households.csv", infer_schema=False).write_parquet(src)

    def no_work(*args, **kw):
        raise AssertionError("the run started")

    monkeypatch.setattr(pipeline, "execute", no_work)
    result = invoke("classify", str(src), "-o", str(tmp_path / "out.xlsx"))
    assert result.exit_code == 4
    assert "the input has 3,000 rows, and an .xlsx sheet holds at most 2,500" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.parquet"]


def test_a_large_output_is_written_batch_by_batch_in_order(tmp_path, monkeypatch):
    import mdpoverty.io.batches as batches

    monkeypatch.setattr(batches, "BATCH_ROWS", 700)
    monkeypatch.setattr(xlsx, "_CHUNK_ROWS", 300)
    out, csv_out = tmp_path / "out.xlsx", tmp_path / "out.csv"
    src = str(EXAMPLES / "households.csv")
    assert invoke("classify", src, "-o", str(out)).exit_code == 0
    assert invoke("classify", src, "-o", str(csv_out)).exit_code == 0
    back = pl.read_excel(out, infer_schema_length=0)
    expected = pl.read_csv(csv_out, infer_schema=False)
    assert back.height == expected.height == 3000
    assert back["household_id"].to_list() == expected["household_id"].to_list()
    assert back["class"].to_list() == expected["class"].to_list()
    assert Book(out).autofilter("results") == f"A1:{xlsx.column_letters(back.width - 1)}3001"


def test_a_rejects_file_not_needed_leaves_a_file_of_that_name_as_it_was(tmp_path):
    src = tmp_path / "small.csv"
    shutil.copy(GOLDEN / "small.csv", src)
    old = tmp_path / "small_rejects.csv"
    old.write_text("mine\n", encoding="utf-8")
    result = invoke("classify", str(src), "--as-of", "2024-12-31")
    assert result.exit_code == 0, result.stderr
    assert old.read_text(encoding="utf-8") == "mine\n"


# --------------------------------------------------------------------------- template


def test_template_xlsx_is_a_workbook_and_other_extensions_are_refused(tmp_path):
    out = tmp_path / "mau.xlsx"
    result = invoke("template", str(out), "--lang", "vi")
    assert result.exit_code == 0, result.stderr
    book = Book(out)
    assert book.names == ["Danh sách hộ", "Mô tả các cột"]
    assert_ready(book, "Danh sách hộ", columns=len(CANONICAL), rows=0)
    assert pl.read_excel(out, sheet_id=1).columns[:2] == ["Mã hộ", "Tỉnh"]
    described = pl.read_excel(out, sheet_name="Mô tả các cột")
    assert described["Cột"].to_list()[0] == "household_id"
    for bad in ("t.json", "t.parquet", "t"):
        refused = invoke("template", str(tmp_path / bad))
        assert refused.exit_code == 4, bad
        assert "unknown output format" in refused.stderr
        assert "for the template: use .csv, .xlsx" in refused.stderr
        assert not (tmp_path / bad).exists()


# --------------------------------------------------------------------------- compare


def _compare(*args: str):
    return invoke("compare", str(GOLDEN / "small.csv"), "--as-of", "2024-12-31", *args)


def test_compare_report_format_follows_the_extension(tmp_path):
    as_json, as_csv, as_text = tmp_path / "c.json", tmp_path / "c.csv", tmp_path / "c.txt"
    for path in (as_json, as_csv, as_text):
        result = _compare("-o", str(path))
        assert result.exit_code == 0, result.stderr
        assert f"report: {path}" in result.stdout
        assert "rows read 8 = compared 8 + rejected 0" in result.stdout
    assert json.loads(as_json.read_text(encoding="utf-8"))["households"] == 8
    rows = list(csv.DictReader(io.StringIO(as_csv.read_text(encoding="utf-8"))))
    assert {r["section"] for r in rows} >= {"matrix", "accounting"}
    assert "Transition matrix" in as_text.read_text(encoding="utf-8")


def test_compare_xlsx_has_a_sheet_per_table(tmp_path):
    out = tmp_path / "c.xlsx"
    result = _compare("-o", str(out), "--by", "district")
    assert result.exit_code == 0, result.stderr
    book = Book(out)
    assert book.names == [
        "summary",
        "households per class",
        "transition matrix",
        "by district",
        "deprivation rates",
        "parameter diff",
    ]
    for name in book.names:
        assert book.frozen(name) == "A2" and book.autofilter(name)
    classes = pl.read_excel(out, sheet_name="households per class")
    assert classes["class"].to_list() == ["poor", "near_poor", "average", "not_poor", "total"]
    assert classes["households (vn-2022-2025)"].to_list() == [1, 2, 4, 1, 8]
    share = book.column("households per class", "share (vn-2022-2025)")[0]
    assert share[1:3] == (Decimal("0.125"), "0.00%")
    matrix = pl.read_excel(out, sheet_name="transition matrix")
    assert matrix["total"].to_list()[-1] == 8
    summary = dict(pl.read_excel(out, sheet_name="summary").iter_rows())
    assert summary["rows read"] == "8" and summary["rows rejected"] == "0"
    diff = pl.read_excel(out, sheet_name="parameter diff", infer_schema_length=0)
    rural = diff.filter(pl.col("item") == "income_line.rural").row(0, named=True)
    assert (rural["vn-2022-2025"], rural["quangninh-2023-2025"]) == ("1500000", "2100000")


def test_compare_xlsx_in_vietnamese(tmp_path):
    out = tmp_path / "so-sanh.xlsx"
    result = _compare("-o", str(out), "--lang", "vi", "--by", "district")
    assert result.exit_code == 0, result.stderr
    assert Book(out).names == [
        "Tổng hợp",
        "Số hộ theo phân loại",
        "Ma trận chuyển đổi",
        "Theo huyện",
        "Tỷ lệ thiếu hụt",
        "Khác biệt tham số",
    ]
    classes = pl.read_excel(out, sheet_name="Số hộ theo phân loại")
    assert classes["Phân loại"].to_list()[0] == "Hộ nghèo"
    assert "báo cáo:" in result.stdout


@pytest.mark.parametrize(
    ("fmt", "name"), [("json", "c.csv"), ("csv", "c.xlsx"), ("table", "c.json"), ("json", "c.txt")]
)
def test_a_format_that_contradicts_the_extension_is_a_usage_error(tmp_path, fmt, name):
    result = _compare("--format", fmt, "-o", str(tmp_path / name))
    assert result.exit_code == 2
    assert "contradicts" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_report_extension_is_refused(tmp_path):
    result = _compare("-o", str(tmp_path / "c.md"))
    assert result.exit_code == 4
    assert "unknown report format '.md' for -o" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_compare_counts_rejected_rows_in_every_format_and_writes_them(tmp_path, office):
    src, mapping = office
    base = ["compare", str(src), "--columns", str(mapping), "--as-of", "2025-01-01", "--alt", "quangninh-2023-2025"]  # fmt: skip
    rejects = tmp_path / "danh-sach_rejects.csv"
    for fmt in ("csv", "json", "table"):
        rejects.unlink(missing_ok=True)
        result = invoke(*base, "--format", fmt)
        assert result.exit_code == 3, (fmt, result.stderr)
        # the data on stdout, the reconciliation on stderr (or in the table)
        where = result.stdout if fmt == "table" else result.stderr
        assert "rows read 4 = compared 3 + rejected 1" in where
        assert f"rejects: {rejects}" in where
        assert rejects.exists()
        if fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(result.stdout)))
            counted = {r["item"]: r["households"] for r in rows if r["section"] == "accounting"}
            assert counted == {"rows_read": "4", "compared": "3", "rejected": "1", "skipped": "0"}
            reasons = [r["item"] for r in rows if r["section"] == "reject_reasons"]
            assert reasons == ["income_per_capita_month:not_a_number"]
        if fmt == "json":
            assert json.loads(result.stdout)["accounting"]["rejected"] == 1
    written = pl.read_csv(rejects, infer_schema=False)
    assert written["row"].to_list() == ["4"]
    # with -o the rejects go beside the report
    out = tmp_path / "report" / "c.json"
    out.parent.mkdir()
    result = invoke(*base, "-o", str(out))
    assert result.exit_code == 3
    assert (tmp_path / "report" / "c_rejects.json").exists()  # in the report's format


def test_compare_add_bom_starts_csv_files_with_one(tmp_path, office):
    src, mapping = office
    changes, report = tmp_path / "ch.csv", tmp_path / "c.csv"
    result = invoke(
        "compare", str(src), "--columns", str(mapping), "--as-of", "2025-01-01",
        "--alt", "quangninh-2023-2025", "--changes", str(changes), "-o", str(report), "--add-bom",
    )  # fmt: skip
    assert result.exit_code == 3, result.stderr
    for path in (changes, report, tmp_path / "c_rejects.csv"):
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and not data[3:].startswith(b"\xef\xbb\xbf")


def test_changes_keep_pass_through_columns_and_follow_keep_input(tmp_path, office):
    src, mapping = office
    base = [
        "compare", str(src), "--columns", str(mapping), "--as-of", "2025-01-01",
        "--alt", "quangninh-2023-2025",
    ]  # fmt: skip
    parsed, kept = tmp_path / "parsed.csv", tmp_path / "kept.xlsx"
    assert invoke(*base, "--changes", str(parsed)).exit_code == 3
    frame = pl.read_csv(parsed, infer_schema=False)
    assert frame.columns[:3] == ["row", "STT", "household_id"]
    assert "Ghi chú" in frame.columns
    assert frame["household_id"].to_list() == ["02", "04"]
    assert frame["Ghi chú"].to_list()[0] == "gia đình chính sách"
    assert frame["income_per_capita_month"].to_list()[0] == "1650000.50"
    assert frame["area"].to_list() == ["rural", "urban"]  # parsed
    result = invoke(*base, "--changes", str(kept), "--keep-input", "--lang", "vi")
    assert result.exit_code == 3
    book = Book(kept)
    assert book.names == ["Hộ thay đổi phân loại"]
    back = pl.read_excel(kept, infer_schema_length=0)
    assert back.columns[:4] == ["Dòng", "STT", "Mã HGĐ", "Huyện"]
    assert "Ghi chú" in back.columns and "Số người thiếu việc làm" not in back.columns
    assert back["Khu vực"].to_list() == ["nông thôn", "thành thị"]  # as written
    assert book.column("Hộ thay đổi phân loại", "STT")[0][:2] == ("n", Decimal(2))
    income = book.column("Hộ thay đổi phân loại", "Thu nhập BQ")
    assert [c[1:3] for c in income] == [
        (Decimal("1650000.50"), "#,##0.00"),
        (Decimal(2600000), "#,##0"),
    ]
    assert back["Phân loại (quangninh-2023-2025)"].to_list()[0] == "Hộ cận nghèo"


@pytest.mark.parametrize("suffix", [".parquet", ".json"])
def test_changes_in_other_formats(tmp_path, suffix):
    out = tmp_path / f"changes{suffix}"
    assert _compare("--changes", str(out)).exit_code == 0
    frame = pl.read_parquet(out) if suffix == ".parquet" else pl.read_json(out)
    assert frame.height == 4
    assert frame["income_per_capita_month"].dtype.is_numeric()


def test_a_header_with_line_breaks_wraps_and_is_as_wide_as_its_longest_line(tmp_path):
    header = "Thu nhập BQ\nđầu người/tháng\n(đồng)"
    path = tmp_path / "t.xlsx"
    xlsx.write_workbook(str(path), [xlsx.Sheet("s", pl.DataFrame({header: [1]}))])
    book = Book(path)
    styles = ET.fromstring(book.parts["xl/styles.xml"])
    header_xf = styles.find("m:cellXfs", NS)[1]  # type: ignore[index]
    assert header_xf.find("m:alignment", NS).get("wrapText") == "1"  # type: ignore[union-attr]
    assert book.widths("s")[0] < len(header)  # the longest line, not the whole text
    assert pl.read_excel(path).columns == [header]


def test_the_measures_workbook_is_formatted_and_keeps_exact_values_as_text(tmp_path):
    out = tmp_path / "m.xlsx"
    result = invoke(
        "measures", str(EXAMPLES / "households.csv"), "--k", "1/3", "--by", "district", "-o", str(out)
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    book = Book(out)
    for name in book.names:
        assert book.frozen(name) == "A2" and book.autofilter(name)
    assert book.column("measures", "k_exact")[0][:2] == ("inlineStr", "1/3")
    assert book.column("indicators", "weight_exact")[0][:2] == ("inlineStr", "1/12")
    accounting = dict(pl.read_excel(out, sheet_name="accounting").iter_rows())
    assert accounting["rows_read"] == 3000
