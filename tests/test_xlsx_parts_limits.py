"""A workbook's styles and shared strings cannot cost minutes or gigabytes (README: Limits): a
styles part larger, with more cell styles or a number format longer than Excel allows is refused
before it is read; each number format is looked at once however many styles name it; a sheet
whose cells repeat a long shared text is refused from the strings' sizes, before the reader
expands it. Small generated workbooks; CliRunner with stdout and stderr apart."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.io import number_formats, readers
from mdpoverty.io.xlsx import column_letters

from .conftest import BASE

runner = CliRunner()
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
INCOME = list(BASE).index("income_per_capita_month")


def _cell(c: int, r: int, value: object, style: int = 0) -> str:
    ref = f"{column_letters(c)}{r}"
    if isinstance(value, int | float):
        return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def _book(
    path: Path,
    *,
    rows: int = 2,
    styles: str = "",
    shared: list[str] | None = None,
    shared_cells: int = 0,
    named: int = 0,
    income_style: int = 1,
) -> Path:
    """A workbook of the households of `BASE` (`rows` of them), the income a number with
    decimals under the cell style `income_style`; with a styles part `styles` (cellXfs and
    numFmts inside styleSheet), and shared strings `shared` each row names `shared_cells` times
    (string `named`) in columns after the table's."""
    header = list(BASE)
    xml = [f'<row r="1">{"".join(_cell(c, 1, h) for c, h in enumerate(header))}</row>']
    for r in range(2, rows + 2):
        cells = []
        for c, name in enumerate(header):
            value = f"H{r}" if name == "household_id" else BASE[name]
            if c == INCOME:
                cells.append(_cell(c, r, 1500000.4, income_style))
            else:
                cells.append(_cell(c, r, value))
        for k in range(shared_cells):
            cells.append(f'<c r="{column_letters(len(header) + k)}{r}" t="s"><v>{named}</v></c>')
        xml.append(f'<row r="{r}">{"".join(cells)}</row>')
    sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_NS}"><sheetData>'
    sheet += "".join(xml) + "</sheetData></worksheet>"
    parts = {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{_PKG}/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_NS}" xmlns:r="{_DOC}">'
            '<sheets><sheet name="DS" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_DOC}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{_DOC}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet,
        "xl/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{_NS}">{styles}'
            '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills>'
            '<borders count="1"><border/></borders></styleSheet>'
        ),
    }
    if shared is not None:
        texts = "".join(f"<si><t>{t}</t></si>" for t in shared)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{_NS}">{texts}</sst>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, content in parts.items():
            book.writestr(name, content)
    return path


def _styles(code: str, count: int) -> str:
    """`count` cell styles, the first General, the others naming the format `code`."""
    # each its own (as a bloated workbook's styles are), so that the part compresses as a real one
    xfs = '<xf numFmtId="0"/>' + "".join(
        f'<xf numFmtId="164" xfId="{i * 7919 % 10007}"/>' for i in range(1, count)
    )
    return (
        f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{code}"/></numFmts>'
        f'<cellXfs count="{count}">{xfs}</cellXfs>'
    )


def _classify(src: Path, *args: str):
    out = src.with_name("kq.csv")
    argv = ["classify", str(src), "-o", str(out), "--as-of", "2024-12-31", *args]
    return runner.invoke(app, argv), out


@pytest.fixture
def never_loaded(monkeypatch):
    """Fail the test if fastexcel is asked to read the workbook: refused before the reading."""
    import fastexcel

    def refuse(*args, **kwargs):
        raise AssertionError("fastexcel.read_excel was called")

    monkeypatch.setattr(fastexcel, "read_excel", refuse)


def test_a_number_format_longer_than_excel_allows_is_refused(tmp_path, never_loaded):
    src = _book(tmp_path / "ds.xlsx", styles=_styles("0" * 50_000, 3))
    result, out = _classify(src)
    assert result.exit_code == 4, result.stderr
    said = " ".join(result.stderr.split())
    assert "a number format in it is 50,000 characters long, more than Excel's 255" in said
    assert not out.exists()
    vi, _ = _classify(src, "--lang", "vi")
    assert "một định dạng số dài 50.000 ký tự, nhiều hơn mức 255 của Excel" in " ".join(
        vi.stderr.split()
    )


def test_a_format_of_excels_length_is_read_with_escapes_counted_as_one(tmp_path):
    # 255 characters, some written as &quot; (one character each): within Excel's limit
    code = "#,##0" + "&quot;đ&quot;" * 50 + "_" * 100
    src = _book(tmp_path / "ds.xlsx", styles=_styles(code, 2))
    result, out = _classify(src)
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stderr.split())
    assert "2 number cells of 'income_per_capita_month' are read as Excel shows them" in said
    assert "(255 characters)" in said
    assert out.exists()


def test_more_cell_styles_than_excel_allows_are_refused(tmp_path, never_loaded):
    src = _book(tmp_path / "ds.xlsx", styles=_styles("#,##0", 64_001))
    result, _ = _classify(src)
    assert result.exit_code == 4, result.stderr
    assert "it has 64,001 cell styles, more than Excel's 64,000" in " ".join(result.stderr.split())


def test_a_styles_part_over_its_size_limit_is_refused_before_it_is_inflated(
    tmp_path, monkeypatch, never_loaded
):
    monkeypatch.setattr(readers, "XLSX_MAX_STYLES_BYTES", 1 << 20)
    # few styles, a large part: its size alone is refused, from the zip directory
    filler = "<!--" + "x" * (2 << 20) + "-->"  # refused by its size, not as a zip bomb
    src = _book(tmp_path / "ds.xlsx", styles=_styles("#,##0", 2) + filler)
    seen: list[int] = []
    monkeypatch.setattr(readers, "_check_styles", lambda *a: seen.append(1))
    result, _ = _classify(src)
    assert result.exit_code == 4, result.stderr
    said = " ".join(result.stderr.split())
    assert "its styles part 'xl/styles.xml' is 2 MB, more than the 1 MB" in said
    assert seen == []


def test_each_number_format_is_looked_at_once_however_many_styles_name_it(tmp_path, monkeypatch):
    calls: list[str] = []
    real = number_formats.shown_decimals
    monkeypatch.setattr(number_formats, "shown_decimals", lambda c: calls.append(c) or real(c))
    src = _book(tmp_path / "ds.xlsx", styles=_styles("#,##0", 20_000), income_style=19_999)
    result, out = _classify(src)
    assert result.exit_code == 0, result.stderr
    assert calls == ["#,##0"]  # General is no format looked at
    assert "1500000" in out.read_text() and "1500000.4" not in out.read_text()


def test_a_sheet_repeating_a_long_shared_text_is_refused_before_it_is_read(tmp_path, never_loaded):
    # 9,000 cells naming one 30,000-character string: 257 MB of text from a small file
    src = _book(tmp_path / "ds.xlsx", rows=1_500, shared=["x" * 30_000], shared_cells=6)
    assert src.stat().st_size < 200_000
    result, out = _classify(src)
    assert result.exit_code == 4, result.stderr
    said = " ".join(result.stderr.split())
    assert "the sheet 'DS' would expand to about 258 MB of text" in said
    assert "more than the 256 MB a sheet may hold" in said
    assert not out.exists()
    vi, _ = _classify(src, "--lang", "vi")
    assert "trang tính 'DS' sẽ bung ra khoảng 258 MB văn bản" in " ".join(vi.stderr.split())


def test_a_sheet_under_the_shared_text_limit_is_read(tmp_path, monkeypatch):
    shared = ["ghi chú", "x" * 30_000]
    src = _book(tmp_path / "ds.xlsx", rows=3, shared=shared, shared_cells=2, named=1)
    result, _ = _classify(src)
    assert result.exit_code == 0, result.stderr
    # the same cells are counted (180 KB, more than the sheet's own XML), and refused under a
    # lower limit
    monkeypatch.setattr(readers, "XLSX_MAX_SHEET_TEXT", 50)
    result, _ = _classify(src)
    assert result.exit_code == 4
    assert "would expand to about 0 MB of text" in " ".join(result.stderr.split())


def test_the_shared_text_is_counted_per_cell_from_the_strings_sizes():
    import polars as pl

    strings = readers._SharedSizes()
    part = b'<sst xmlns="x"><si><t>ab</t></si><x:si><x:t>' + b"c" * 5000 + b"</x:t></x:si></sst>"
    for at in range(0, len(part), 7):  # starts cut between chunks are found once
        strings.feed(part[at : at + 7])
    sizes = strings.sizes()
    assert sizes.to_list() == [len(b"<si><t>ab</t></si>"), len(part) - part.index(b"<x:si>")]
    xml = pl.Series(
        [
            '<c r="A1" t="s"><v>1</v></c><c r="B1" t="s" s="2">\n<v>0</v></c>'
            '<c r="C1" t="s"><v>7</v></c><c r="D1"><v>1</v></c><c r="E1" t=\'s\'><v>1</v></c>'
        ]
    )
    # cells naming string 1 twice and string 0 once; an index past the strings names none, a
    # number cell no string
    assert readers._expanded(xml, sizes) == 2 * sizes[1] + sizes[0]
