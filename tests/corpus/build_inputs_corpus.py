"""Write the corpus of hostile data files, prefix `in_` (run once; the files are committed).

    python tests/corpus/build_inputs_corpus.py

Headers, cells, encodings, line ends and the insides of .xlsx and .parquet files made to break a
reader: each must end in its documented exit code and message (`cases_inputs.yaml`), never in a
crash. Files too large to commit (over a limit) are made inside the tests, with the helpers here.
"""

from __future__ import annotations

import datetime as dt
import decimal
import unicodedata
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import polars as pl

try:  # run as a script
    from build_corpus import HEADER, ROWS, put, text, with_cell
except ImportError:  # imported by the tests
    from .build_corpus import HEADER, ROWS, put, text, with_cell

HERE = Path(__file__).parent / "files"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Hộ gia đình" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_xml(rows: list[list[str]], *, refs: bool = True, extra: str = "") -> str:
    """A worksheet of inline-string cells (with references, as Excel writes them, or without);
    `extra` is XML put after the rows, inside sheetData."""
    out = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    ]
    for r, row in enumerate(rows, start=1):
        out.append(f'<row r="{r}">' if refs else "<row>")
        for c, value in enumerate(row):
            ref = f' r="{column_letters(c)}{r}"' if refs else ""
            out.append(f'<c{ref} t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        out.append("</row>")
    out.append(extra + "</sheetData></worksheet>")
    return "".join(out)


def write_xlsx(path: Path, sheet: str | bytes) -> None:
    """A minimal workbook of one sheet named 'Hộ gia đình' holding `sheet` (its XML)."""
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _RELS,
        "xl/workbook.xml": _WORKBOOK,
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w") as book:
        for name, content in parts.items():  # a fixed date: the same bytes on every build
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            book.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)


def typed_frame() -> pl.DataFrame:
    """The three households as a Parquet file holds them: numbers as numbers."""
    return pl.DataFrame(
        {
            **{h: [r[i] for r in ROWS] for i, h in enumerate(HEADER[:5])},
            **{h: [int(r[HEADER.index(h)]) for r in ROWS] for h in HEADER[5:14]},
            "floor_area_m2": [32.0, 30.0, 60.5],
            **{h: [r[HEADER.index(h)] in ("có", "true") for r in ROWS] for h in HEADER[15:]},
        }
    )


def main() -> None:
    HERE.mkdir(exist_ok=True)
    base = text(ROWS)
    lines = base.splitlines(keepends=True)
    put("in_plain.csv", base)

    # --- headers
    put("in_dup_header_folded.csv", text([[*r, "x", "y"] for r in ROWS], [*HEADER, "Ghi chú", "GHI CHU"]))  # fmt: skip
    put("in_two_empty_headers.csv", text([[*r, "x", "y"] for r in ROWS], [*HEADER, "", ""]))
    header_escape = ["\x1b[31mhousehold_id\x1b[0m", *HEADER[1:]]
    put("in_header_control_chars.csv", text(ROWS, header_escape))
    write_xlsx(HERE / "in_dup_header.xlsx", sheet_xml([[*HEADER, "area"], *[[*r, r[4]] for r in ROWS]]))  # fmt: skip
    nfd = unicodedata.normalize("NFD", "Ghi chú")
    write_xlsx(
        HERE / "in_dup_header_nfc.xlsx",
        sheet_xml([[*HEADER, "Ghi chú", nfd], *[[*r, "a", "b"] for r in ROWS]]),
    )

    # --- cells whose digits are not ASCII, and numbers too long for their type
    put("in_fullwidth_digits.csv", text(with_cell(1, "household_size", "３")))
    put("in_arabic_digits.csv", text(with_cell(1, "dependents", "\u0661")))
    put("in_fullwidth_money.csv", text(with_cell(1, "income_per_capita_month", "２００００００")))
    put("in_devanagari_m2.csv", text(with_cell(1, "floor_area_m2", "\u0969\u0966")))
    put("in_twenty_digit_size.csv", text(with_cell(1, "household_size", "12345678901234567890")))
    put("in_long_income.csv", text(with_cell(1, "income_per_capita_month", "12345678901234567")))
    put("in_leading_zeros.csv", text(with_cell(0, "household_size", "0000000000000000004")))
    write_xlsx(
        HERE / "in_fullwidth_digits.xlsx",
        sheet_xml([HEADER, *with_cell(1, "household_size", "３")]),
    )

    # --- encodings and line ends
    excel_unicode_text = text(ROWS, sep="\t", eol="\r\n")
    put("in_excel_unicode_text.txt", b"\xff\xfe" + excel_unicode_text.encode("utf-16-le"))
    put("in_utf32_bom.csv", base.encode("utf-32"))
    put("in_utf16_no_bom.csv", base.encode("utf-16-le"))
    put("in_mac_line_ends.csv", base.replace("\n", "\r"))
    put("in_mixed_line_ends.csv", lines[0] + lines[1].replace("\n", "\r\n") + lines[2].replace("\n", "\r") + lines[3])  # fmt: skip
    put("in_nul_early.csv", base.replace("Ba Chẽ", "Ba\x00Chẽ"))
    # a NUL past the first 64 KB: the same answer wherever it is
    filler = "".join(
        ",".join([f"H{i:05d}", *ROWS[2][1:5], "2", "5200000", *["0"] * 7, "60", *["có"] * 4]) + "\n"
        for i in range(900)
    )
    put("in_nul_late.csv", base + filler + "H99999,\x00\n")
    put("in_xls_named_csv.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))

    # --- workbooks built to cost more than they hold
    write_xlsx(
        HERE / "in_xlsx_far_cell.xlsx",
        sheet_xml(
            [HEADER, *ROWS],
            extra='<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
        ),
    )
    # a reference far away inside an early row: the rows' order does not hide it
    out_of_order = sheet_xml([HEADER, *ROWS]).replace(
        '<row r="2">', '<row r="2"><c r="ZZ900000" t="inlineStr"><is><t>x</t></is></c>'
    )
    write_xlsx(HERE / "in_xlsx_out_of_order.xlsx", out_of_order)
    # no references: cells follow each other; a row of 20,000 empty cells and one far row
    wide_row = "<row>" + "<c/>" * 20_000 + '<c t="inlineStr"><is><t>x</t></is></c></row>'
    write_xlsx(
        HERE / "in_xlsx_unreferenced.xlsx",
        sheet_xml([HEADER, *ROWS], refs=False, extra=wide_row + '<row r="2000"/>'),
    )
    bomb_row = "<row>" + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in ROWS[0])
    write_xlsx(
        HERE / "in_xlsx_zip_bomb.xlsx",
        sheet_xml([HEADER], extra=(bomb_row + "</row>") * 4_000),
    )
    write_xlsx(HERE / "in_xlsx_no_refs.xlsx", sheet_xml([HEADER, *ROWS], refs=False))
    put("in_old_xls.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))

    # --- Parquet cells and columns
    inc = "income_per_capita_month"
    typed = typed_frame()
    typed.with_columns(pl.Series(inc, [float("nan"), float("inf"), 1e16])).write_parquet(
        HERE / "in_float_income.parquet"
    )
    exact = [decimal.Decimal(v) for v in ("1500000.0000000000", "2000000.0000000001", "5200000.5")]
    typed.with_columns(pl.Series(inc, exact, dtype=pl.Decimal(38, 10))).write_parquet(
        HERE / "in_decimal_income.parquet"
    )
    typed.with_columns(pl.Series("household_size", [4.0, 3.5, 1e20])).write_parquet(
        HERE / "in_float_size.parquet"
    )
    typed.with_columns(pl.Series("ghi_chu", [[1], [2, 3], None])).write_parquet(
        HERE / "in_list_column.parquet"
    )
    typed.with_columns(pl.Series("area", [{"a": 1}, {"a": 2}, None])).write_parquet(
        HERE / "in_struct_area.parquet"
    )
    typed.with_columns(pl.Series("household_id", [b"001", b"002", b"003"])).write_parquet(
        HERE / "in_binary_text.parquet"
    )
    typed.with_columns(pl.Series("ghi_chu", [b"\xff\xfe", b"ok", None])).write_parquet(
        HERE / "in_binary_bytes.parquet"
    )
    typed.with_columns(
        ngay=pl.Series([dt.date(2024, 1, 2), None, dt.date(2024, 3, 4)]),
        luc=pl.Series([dt.datetime(2024, 1, 2, 3, 4), None, None]),
        luc_vn=pl.Series([dt.datetime(2024, 1, 2, 3, 4), None, None]).dt.replace_time_zone(
            "Asia/Ho_Chi_Minh"
        ),
        thoi_gian=pl.Series([dt.timedelta(days=1), None, dt.timedelta(hours=2)]),
        nhom=pl.Series(["a", None, "b"], dtype=pl.Categorical),
        trong=pl.Series([None, None, None], dtype=pl.Null),
        area=pl.col("area").cast(pl.Categorical),
    ).write_parquet(HERE / "in_types_pass_through.parquet")
    typed.with_columns(pl.lit("x").alias("Ghi chú"), pl.lit("y").alias("ghi chu")).write_parquet(
        HERE / "in_folded_headers.parquet"
    )
    # a column named twice: polars will not write one, so a name in the file is rewritten
    typed.with_columns(pl.col("area").alias("aXea")).write_parquet(HERE / "in_dup_header.parquet")
    data = (HERE / "in_dup_header.parquet").read_bytes()
    put("in_dup_header.parquet", data.replace(b"aXea", b"area"))


if __name__ == "__main__":
    main()
