"""A sheet's cell and row references in every form the reader (calamine) takes or refuses: the
span check (`readers._Span`, the limits on the cells a sheet spans) and the placing of error
cells see each cell where the reader puts it, prefixed elements (`<x:row>`, `<x:c>`), quotes,
spaces and lower case included; a reference the reader refuses the sheet for (`r="C"`) is
refused by mdpoverty with the sheet and the reference, in English and Vietnamese."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.errors import InputError
from mdpoverty.io import readers

from .test_reader_trust import _sheet_of, _text_workbook

CELLS = ["A1", "e7", "aB3", "E05", "XFD1", "C", "5", "", "$E$7", "e$7", "E0", "E00", " A1", "A1x"]
ROWS = ["3", "03", "", "0", "B", " 3", "3x"]


def _layouts():
    for ref in CELLS:
        for quote in ('"', "'"):
            for eq in ("=", " = "):
                yield (
                    f'<row r="1"><c r="A1" t="str"><v>a</v></c>'
                    f'<c r{eq}{quote}{ref}{quote} t="str"><v>b</v></c></row>'
                )
    for ref in ROWS:
        yield f'<row r="{ref}"><c t="str"><v>b</v></c><c t="str"><v>c</v></c></row>'
    yield (
        '<x:row><x:c t="str"><x:v>a</x:v></x:c></x:row>'
        + "<x:row><x:c/></x:row>" * 5
        + "<x:row>"
        + "<x:c/>" * 30
        + '<x:c t="str"><x:v>z</x:v></x:c></x:row>'
    )
    yield "<x:row x:spans='1:3'><x:c t='str'><x:v>a</x:v></x:c><x:c/><x:c/></x:row>"


@pytest.mark.parametrize("rows_xml", list(_layouts()))
def test_the_span_check_sees_every_cell_the_reader_places_or_refuses_as_it_does(tmp_path, rows_xml):
    fastexcel = pytest.importorskip("fastexcel")
    _text_workbook(tmp_path / "b.xlsx")
    src = tmp_path / "s.xlsx"
    _sheet_of(tmp_path / "b.xlsx", src, rows_xml)
    try:
        sheet = fastexcel.read_excel(src).load_sheet(
            0, header_row=None, skip_rows=0, dtypes="string"
        )
        first = min(c.absolute_index for c in sheet.available_columns())
        frame = sheet.to_polars()
    except Exception:  # the reader refuses the sheet: so does mdpoverty, saying why
        with pytest.raises(InputError) as refused:
            readers.check_workbook(src, "s.xlsx")
        assert refused.value.key == "input.xlsx_bad_reference"
        assert "'S'" in str(refused.value)
        return
    readers.check_workbook(src, "s.xlsx")
    placed = [
        (r + 1, first + c + 1)
        for r, values in enumerate(frame.rows())
        for c, value in enumerate(values)
        if value is not None
    ]
    span = readers._Span()
    span.scan([rows_xml.encode()])
    rows, columns = span.shape
    assert max(r for r, _ in placed) <= rows, (placed, span.shape)
    assert max(c for _, c in placed) <= columns, (placed, span.shape)
    assert span.cells == rows_xml.count("<c") + rows_xml.count("<x:c")


def test_a_far_cell_referenced_in_single_quotes_counts_against_the_limits(tmp_path):
    _text_workbook(tmp_path / "b.xlsx")
    src = tmp_path / "s.xlsx"
    # two cells, spanning all of Excel's sheet: the reader would hold 17 billion
    _sheet_of(
        tmp_path / "b.xlsx",
        src,
        "<row r='1'><c r='A1' t='str'><v>a</v></c></row>"
        "<row r = '1048576'><c r = 'xfd1048576' t='str'><v>b</v></c></row>",
    )
    with pytest.raises(InputError) as refused:
        readers.check_workbook(src, "s.xlsx")
    assert refused.value.key == "input.xlsx_sparse"


def test_prefixed_rows_without_references_count_against_the_limits(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "XLSX_SPARSE_CELLS", 100)
    monkeypatch.setattr(readers, "XLSX_MAX_CELLS", 100)
    _text_workbook(tmp_path / "b.xlsx")
    src = tmp_path / "s.xlsx"
    _sheet_of(
        tmp_path / "b.xlsx",
        src,
        "<x:row>"
        + "<x:c t='n'><x:v>1</x:v></x:c>" * 20
        + "</x:row>" * 1
        + "<x:row><x:c/></x:row>" * 10,
    )
    with pytest.raises(InputError) as refused:
        readers.check_workbook(src, "s.xlsx")
    assert refused.value.key in {"input.xlsx_too_many_cells", "input.xlsx_sparse"}


def test_an_error_cell_with_a_lower_case_reference_is_placed_where_the_reader_puts_it():
    xml = (
        b'<sheetData><row r="2"><c r="a2"/><c r="d2" t="e"><v>#N/A</v></c>'
        b"<c t='e'><v>#REF!</v></c></row></sheetData>"
    )
    assert readers._unreferenced_errors(xml) == {(2, 5): "#REF!"}
    span = readers._Span()
    span.scan([xml])
    assert span.errors == {(2, 4): "#N/A"}


def test_a_reference_without_a_row_is_refused_with_the_sheet_in_both_languages(tmp_path):
    _text_workbook(tmp_path / "b.xlsx")
    src = tmp_path / "s.xlsx"
    _sheet_of(
        tmp_path / "b.xlsx",
        src,
        '<row r="1"><c r="A1" t="str"><v>a</v></c><c r="C" t="e"><v>#N/A</v></c></row>',
    )
    for lang, said in (("en", "has the reference 'C'"), ("vi", "có địa chỉ 'C'")):
        result = CliRunner().invoke(
            app, ["classify", str(src), "-o", str(tmp_path / "o.csv"), "--lang", lang]
        )
        assert result.exit_code == 4, result.stderr
        assert said in result.stderr and "'S'" in result.stderr, result.stderr
        assert "calamine" not in result.stderr
        assert not (tmp_path / "o.csv").exists()
