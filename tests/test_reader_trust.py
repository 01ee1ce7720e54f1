"""Readers that trusted their input (review: fixread), mended as a class: Parquet values polars
crashes on (dates beyond its range, the lowest duration) refused or left out like the types it
cannot read, and any other crash of polars while it reads or writes a file ending in exit 4,
never 1. CliRunner with stdout and stderr apart."""

from __future__ import annotations

import datetime as dt
import decimal
import re

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.errors import InputError
from mdpoverty.io import readers

from .conftest import EXAMPLES

I64 = 2**63 - 1


def run(*argv: str):
    return CliRunner().invoke(app, [*argv])


@pytest.fixture
def arrow():
    return pytest.importorskip("pyarrow")


def _households(n: int = 3):
    return pl.read_csv(EXAMPLES / "households.csv", n_rows=n, infer_schema=False).to_arrow()


def _write(path, arrow, column, values, needed: bool = False, **options):
    """The example households with `values` as an extra column 'x', or (`needed`) as the
    income column mdpoverty reads."""
    import pyarrow.parquet as pq

    table = _households(len(values))
    if needed:
        at = table.schema.get_field_index("income_per_capita_month")
        table = table.set_column(at, "income_per_capita_month", column)
    else:
        table = table.append_column("x", column)
    pq.write_table(table, path, **options)
    return table


def _beyond(pa):
    """Columns holding a value polars panics on when it writes it as text, by name."""
    return {
        "date32 max": (pa.array([2**31 - 1, 0, None], pa.date32()), "Date"),
        "date32 min": (pa.array([-(2**31), 0, None], pa.date32()), "Date"),
        "date 10000-01-01": (pa.array([2_932_897, 0, None], pa.date32()), "Date"),
        "date64": (pa.array([I64, 0, None], pa.date64()), "Datetime(time_unit='ms'"),
        "timestamp[ms]": (pa.array([I64, 0, None], pa.timestamp("ms")), "time_unit='ms'"),
        "timestamp[us] tz": (
            pa.array([-I64, 0, None], pa.timestamp("us", tz="Asia/Ho_Chi_Minh")),
            "time_zone='Asia/Ho_Chi_Minh'",
        ),
        "timestamp[s] year 3 million": (
            pa.array([10**14, 0, None], pa.timestamp("s")),
            "Datetime(time_unit='ms'",
        ),
        "duration -2^63": (pa.array([-(2**63), 0, None], pa.duration("ns")), "= -2^63"),
    }


CASES = ["date32 max", "date32 min", "date 10000-01-01", "date64", "timestamp[ms]"]
CASES += ["timestamp[us] tz", "timestamp[s] year 3 million", "duration -2^63"]


@pytest.mark.parametrize("case", CASES)
def test_an_unneeded_column_with_a_value_polars_cannot_write_is_left_out(tmp_path, arrow, case):
    column, kind = _beyond(arrow)[case]
    src = tmp_path / "h.parquet"
    table = _write(src, arrow, column, [1, 2, 3])
    for out in ("o.csv", "o.xlsx"):
        result = run("classify", str(src), "-o", str(tmp_path / out))
        assert result.exit_code == 0, result.stderr
        assert "1 column of a type mdpoverty cannot read, not needed and left out" in result.stderr
        assert "'x' (" in result.stderr and kind in result.stderr
    written = pl.read_csv(tmp_path / "o.csv", infer_schema=False)
    assert "x" not in written.columns
    assert written["household_id"].to_list() == table["household_id"].to_pylist()
    explained = run("explain", str(src), "--id", table["household_id"][0].as_py())
    assert explained.exit_code == 0, explained.stderr


@pytest.mark.parametrize("case", CASES)
def test_a_needed_column_with_a_value_polars_cannot_write_is_refused(tmp_path, arrow, case):
    column, kind = _beyond(arrow)[case]
    src = tmp_path / "h.parquet"
    _write(src, arrow, column, [1, 2, 3], needed=True)
    result = run("classify", str(src), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 4, result.stderr
    assert "the column 'income_per_capita_month' has a type mdpoverty cannot read (" in (
        result.stderr
    )
    assert kind in result.stderr
    assert "has a header but no rows" not in result.stderr
    assert not (tmp_path / "o.csv").exists()


def test_an_option_naming_a_column_left_out_for_its_values_is_refused(tmp_path, arrow):
    column, _kind = _beyond(arrow)["date32 max"]
    src = tmp_path / "h.parquet"
    _write(src, arrow, column, [1, 2, 3])
    result = run("classify", str(src), "--by", "x", "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 4, result.stderr
    assert "'x' has a type mdpoverty cannot read (Date" in result.stderr


def test_dates_and_datetimes_of_years_1_to_9999_are_read_as_they_are(tmp_path, arrow):
    pa = arrow
    first, last = dt.date(1, 1, 1), dt.date(9999, 12, 31)
    src = tmp_path / "h.parquet"
    table = _households(3)
    table = table.append_column("d", pa.array([first, last, None], pa.date32()))
    table = table.append_column(
        "t",
        pa.array(
            [dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59, 999999), None],
            pa.timestamp("us"),
        ),
    )
    # in nanoseconds 64 bits hold 1677-2262 only: its extremes are read
    table = table.append_column("n", pa.array([I64, -I64, None], pa.timestamp("ns")))
    import pyarrow.parquet as pq

    pq.write_table(table, src)
    result = run("classify", str(src), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 0, result.stderr
    assert "cannot read" not in result.stderr
    written = pl.read_csv(tmp_path / "o.csv", infer_schema=False)
    assert written["d"].to_list() == ["0001-01-01", "9999-12-31", None]
    assert written["t"].to_list()[:2] == [
        "0001-01-01T00:00:00.000000",
        "9999-12-31T23:59:59.999999",
    ]
    assert written["n"].to_list()[0].startswith("2262-04-11")


def test_a_decimal_38_38_income_is_rejected_as_too_precise_not_a_crash(tmp_path, arrow):
    pa = arrow
    values = [decimal.Decimal("0." + "9" * 38), decimal.Decimal(0), None]
    src = tmp_path / "h.parquet"
    _write(src, arrow, pa.array(values, pa.decimal128(38, 38)), values, needed=True)
    result = run("classify", str(src), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 3, result.stderr
    assert "internal error" not in result.stderr


# --- a crash of polars no check knows of: exit 4 naming the file, never 1


@pytest.fixture
def unchecked(monkeypatch):
    """The range checks off, as for a value polars crashes on that they do not know of."""
    monkeypatch.setattr(readers, "out_of_range", lambda *args: {})


def test_a_crash_while_reading_a_needed_column_names_the_file(tmp_path, arrow, unchecked):
    column, _kind = _beyond(arrow)["date32 max"]
    src = tmp_path / "h.parquet"
    _write(src, arrow, column, [1, 2, 3], needed=True)
    result = run("classify", str(src), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 4, result.stderr
    assert f"{src}: polars, the library that reads the file, failed on a value" in result.stderr
    assert not (tmp_path / "o.csv").exists()


def test_a_crash_after_some_batches_is_not_a_shorter_run(tmp_path, arrow, unchecked):
    # polars ends the batches quietly when a thread of it crashes: the rows before the
    # crash must not pass for the whole file
    pa = arrow
    n = 200_000
    base = pl.read_csv(EXAMPLES / "households.csv", infer_schema=False)
    frame = pl.concat([base] * (n // base.height + 1)).head(n)
    frame = frame.with_columns(household_id=pl.format("H{}", pl.int_range(n)))
    days = [0] * (n - 1) + [2**31 - 1]
    table = frame.to_arrow()
    at = table.schema.get_field_index("income_per_capita_month")
    table = table.set_column(at, "income_per_capita_month", pa.array(days, pa.date32()))
    import pyarrow.parquet as pq

    pq.write_table(table, tmp_path / "h.parquet")
    result = run("classify", str(tmp_path / "h.parquet"), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 4, result.stderr
    assert "polars, the library that reads the file, failed on a value" in result.stderr
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize("out", ["o.csv", "o.xlsx", "o.json"])
def test_a_crash_while_writing_names_the_output_and_writes_nothing(tmp_path, arrow, unchecked, out):
    column, _kind = _beyond(arrow)["date32 max"]
    src = tmp_path / "h.parquet"
    _write(src, arrow, column, [1, 2, 3])
    result = run("classify", str(src), "-o", str(tmp_path / out))
    assert result.exit_code == 4, result.stderr
    assert f"{tmp_path / out}: polars, the library that writes the file, failed" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.parquet"]
    vi = run("classify", str(src), "-o", str(tmp_path / out), "--lang", "vi")
    assert vi.exit_code == 4
    assert "polars, thư viện ghi tệp, gặp lỗi ở một giá trị" in vi.stderr


# --- an xlsx cell's shared-string index is digits alone


def _text_workbook(path, rows: int = 4):
    xlsxwriter = pytest.importorskip("xlsxwriter")
    lines = (EXAMPLES / "households.csv").read_text(encoding="utf-8").splitlines()[:rows]
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("S")
    for i, line in enumerate(lines):
        for j, value in enumerate(line.split(",")):
            sheet.write_string(i, j, value)
    book.close()


def _edit_sheet(src, dst, edit, compression: int = 0) -> None:
    """The workbook `src` written to `dst` with its sheet's XML passed through `edit`."""
    import zipfile

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                data = edit(data)
            zout.writestr(item, data, compression or item.compress_type)


def _with_cell(src, dst, cell: str) -> None:
    """The workbook `src` with the cell A2 of its sheet replaced by `cell` (up to its </v>)."""

    def edit(data: bytes) -> bytes:
        start = data.index(b'<c r="A2"')
        return data[:start] + cell.encode() + data[data.index(b"</v>", start) :]

    _edit_sheet(src, dst, edit)


BAD_CELLS = [
    '<c r="A2" t="s"><v>-20',
    '<c r="A2" t="s"><v> 7 ',  # the reader takes the first text for it, as for all below
    '<c r="A2" t="s"><v>\n3\n',
    '<c r="A2" t="s"><v>1.5',
    '<c r="A2" t="s"><v>+3',
    '<c r="A2" t="s"><v>1e1',
    '<c r="A2" t="s"><v>' + "9" * 25,
    '<c r="A2" t="s"><v>&#51;',  # read as no value, as the next three
    '<c r="A2" t="s"><v><![CDATA[3]]>',
    '<c r="A2" t="s"><v><!-- x -->3',
    '<c r="A2" t="s"><v>',
    '<c r="A2" x=">" t=\'s\'><v>-2',
    '<c r="A2"\nt = "s" s="1"><f>A3</f><v>-2',
    '<c r="A2" t="s"><v xml:space="preserve">-1',
]
GOOD_CELLS = ['<c r="A2" t="s"><v>7', '<c r="A2" t="s"><v>0003', '<c r="A2" t="n"><v>-20']


@pytest.mark.parametrize("cell", BAD_CELLS)
def test_a_shared_string_cell_whose_index_is_not_digits_alone_is_refused(tmp_path, cell):
    _text_workbook(tmp_path / "b.xlsx")
    _with_cell(tmp_path / "b.xlsx", tmp_path / "h.xlsx", cell)
    result = run("classify", str(tmp_path / "h.xlsx"), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 4, result.stderr
    assert "the cell A2 of the sheet 'S' refers to its text by a value that is not a whole" in (
        result.stderr
    )
    assert not (tmp_path / "o.csv").exists()
    vi = run("classify", str(tmp_path / "h.xlsx"), "-o", str(tmp_path / "o.csv"), "--lang", "vi")
    assert vi.exit_code == 4
    assert "ô A2 của trang 'S' trỏ tới văn bản của nó" in vi.stderr


@pytest.mark.parametrize("cell", GOOD_CELLS)
def test_a_shared_string_cell_of_digits_is_read(tmp_path, cell):
    _text_workbook(tmp_path / "b.xlsx")
    _with_cell(tmp_path / "b.xlsx", tmp_path / "h.xlsx", cell)
    result = run("classify", str(tmp_path / "h.xlsx"), "-o", str(tmp_path / "o.csv"))
    assert "refers to its text" not in result.stderr


def test_a_bad_index_is_found_wherever_the_chunks_of_the_sheet_are_cut():
    # the sheet's XML comes in chunks cut between two elements: a cell cut in two is seen
    xml = (
        b'<sheetData><row r="1"><c r="A1" t="s"><v>1</v></c></row><row r="2">'
        b'<c r="A2" s="3" t="s"><f>B1</f><v>-20</v></c><c r="B2"><v>-5</v></c></row></sheetData>'
    )
    cuts = [i for i in range(1, len(xml)) if xml[i : i + 1] == b"<"]
    for cut in cuts:
        for together in (True, False):
            span = readers._Span()
            if together:
                span.scan([xml[:cut], xml[cut:]])
            else:
                span.scan([xml[:cut]])
                span.scan([xml[cut:]])
            assert span.bad_shared == ("A2", 2), (cut, together)
    span = readers._Span()
    span.scan([xml.replace(b"-20", b"20")])
    assert span.bad_shared is None


def test_a_cell_cut_over_three_chunks_is_seen_and_a_long_run_without_cells_is_not_kept():
    span = readers._Span()
    for chunk in (b'<row r="2"><c r="A2" t="s">', b"<f>B1</f>", b"<v>-20</v></c></row>"):
        span.scan([chunk])
    assert span.bad_shared == ("A2", 2)
    # the XML after the last '<c' kept no longer than a cell may be: a sheet's tail without
    # cells (a comment, merged ranges) is not carried from chunk to chunk
    span = readers._Span()
    span.scan([b'<c r="A1" t="s"><v>1</v></c><!-- '])
    for _ in range(3):
        span.scan([b"x" * readers._CELL_BYTES])
    assert len(span._last_cell) <= readers._CELL_BYTES
    span.scan([b' --><c r="A9" t="s"><v>-1</v></c>'])
    assert span.bad_shared == ("A9", 9)


def test_a_cell_longer_than_any_cell_is_refused_not_let_through():
    # its XML from '<c' runs on past the length kept for a cell cut between two chunks: were
    # it dropped, the next chunk's head alone would not show the cell's bad index
    long = readers._CELL_BYTES
    for head in (b'<row r="5"><c r="A5" t="s"><f>', b'<row r="5"><x:c r="A5" t="s"><f>'):
        for pieces in ([long], [long // 2, long // 2 + 10]):
            span = readers._Span()
            span.scan([head + b"A" * pieces[0]])
            for size in pieces[1:]:
                span.scan([b"A" * size])
            span.scan([b"A</f><v>-1</v></c></row>"])
            assert span.long_cell == ("A5", 5), (head, pieces)
    # a closed cell (or one closed by its own tag) and a long tail of other elements: not one
    for last in (b'<c r="B2" t="s"><v>1</v></c>', b'<c r="B2" s="3"/>', b'<c r="B2" x="/>"/>'):
        span = readers._Span()
        span.scan([b'<row r="2">' + last + b"</row></sheetData><mergeCells>"])
        span.scan([b'<mergeCell ref="A1:B1"/>' * (long // 20)])
        span.scan([b"</mergeCells>"])
        assert span.long_cell is None, last
        assert span.bad_shared is None


def test_a_long_cell_is_refused_wherever_it_lies_in_the_chunks():
    long = readers._CELL_BYTES
    cell = b'<c r="A5" t="s"><f>' + b"A" * long + b"</f><v>1</v></c>"
    rows = b'<row r="4"><c r="A4"><v>1</v></c></row>' * 5000  # 190 KB of short cells
    for before, after in [(b"", b""), (rows, rows), (rows * 3, b"")]:
        # whole in one chunk, anywhere in it, its end plain or with a prefix
        for end in (b"</c>", b"</x:c >"):
            span = readers._Span()
            span.scan([before + b'<row r="5">' + cell[:-4] + end + b"</row>" + after])
            assert span.long_cell == ("A5", 5), (len(before), end)
        # a cell open at the chunk's end, shorter there than a cell may be: the next chunk's
        span = readers._Span()
        span.scan([before + b'<row r="5">' + cell[: 200 << 10]])
        assert span.long_cell is None
        # cut between two chunks, its longer part in the second
        span = readers._Span()
        span.scan([before + b'<row r="5">' + cell[: 40 << 10]])
        span.scan([cell[40 << 10 :] + b"</row>" + after])
        assert span.long_cell == ("A5", 5), len(before)
    # as long as a cell may be, or a stretch of something else as long: not refused
    span = readers._Span()
    just = b'<c r="A5" t="s"><f>' + b"A" * (long - 35) + b"</f><v>1</v></c>"
    assert len(just) == long
    span.scan([rows + just + b"<mergeCells>" + b'<mergeCell ref="A1:B1"/>' * 40_000 + rows])
    span.scan([b'<c r="A6" x="' + b"<c " * 100_000 + b'"/>' + rows])  # no cell: linear
    assert span.long_cell is None
    # a cell closed by its own tag, that tag longer than any cell
    span = readers._Span()
    span.scan([rows + b'<c r="B7" x="' + b"y" * long + b'"/>' + rows])
    assert span.long_cell == ("B7", 7)


@pytest.mark.parametrize(
    ("formula", "offset"), [(300 << 10, 300 << 10), (100 << 10, 100 << 10), (200 << 10, 50 << 10)]
)
def test_a_long_cell_across_two_chunks_of_a_workbook_is_refused(tmp_path, formula, offset):
    import random
    import zipfile

    _text_workbook(tmp_path / "b.xlsx")
    src = tmp_path / "h.xlsx"

    def edit(data: bytes) -> bytes:
        start = data.index(b'<c r="A2"')
        data = (
            data[:start]
            + b'<c r="A2" t="s"><f>'
            + b"A" * (formula * 2)
            + b"</f><v>-1"
            + (data[data.index(b"</v>", start) :])
        )
        # a comment (incompressible: no zip bomb) that puts the cell's start `offset`
        # bytes before the end of the first chunk read
        at = data.index(b"<sheetData")
        filler = readers._CHUNK - offset - start - len(b"<!---->")
        noise = random.Random(0).randbytes(filler // 2 + 1).hex()[:filler].encode()
        data = data[:at] + b"<!--" + noise + b"-->" + data[at:]
        assert data.index(b'<c r="A2"') == readers._CHUNK - offset
        return data

    _edit_sheet(tmp_path / "b.xlsx", src, edit, zipfile.ZIP_DEFLATED)
    result = run("classify", str(src), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 4, result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "o.csv").exists()
    if formula * 2 > readers._CELL_BYTES:  # wherever the chunks cut it
        assert (
            "the cell A2 of the sheet 'S' is written in more than 256 KB of XML, longer than "
            "any cell Excel writes"
        ) in result.stderr
        vi = run("classify", str(src), "-o", str(tmp_path / "o.csv"), "--lang", "vi")
        assert vi.exit_code == 4
        assert "ô A2 của trang 'S' được ghi bằng hơn 256 KB XML" in vi.stderr
    else:  # kept whole for the next chunk: its bad index is seen
        assert "the cell A2 of the sheet 'S' refers to its text by a value" in result.stderr


def _errors_workbook(path, errors: dict[tuple[int, str], str], extra: str | None = None):
    """The corpus's three households on a sheet 'S' (header on row 1), each `errors` cell
    ((sheet row, header) -> '#DIV/0!') a formula whose cached value is that error."""
    xlsxwriter = pytest.importorskip("xlsxwriter")
    from .corpus.build_corpus import HEADER, ROWS

    header = [*HEADER, extra] if extra else HEADER
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("S")
    sheet.write_row(0, 0, header)
    for i, row in enumerate(ROWS):
        sheet.write_row(i + 1, 0, row)
    for (row, column), error in errors.items():
        sheet.write_formula(row - 1, header.index(column), "=1/0", None, error)
    book.close()


@pytest.mark.parametrize(
    "error", ["#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"]
)
def test_an_excel_error_cell_is_rejected_as_one_not_as_a_missing_value(tmp_path, error):
    src = tmp_path / "h.xlsx"
    _errors_workbook(
        src,
        {
            (3, "income_per_capita_month"): error,  # a household's answer: rejected, named
            (4, "ghi chú"): error,  # a column the run does not read: harmless
            (6, "income_per_capita_month"): error,  # formulas dragged below: blank rows
            (7, "safe_water"): error,
        },
        extra="ghi chú",
    )
    out = tmp_path / "o.csv"
    result = run("classify", str(src), "-o", str(out))
    assert result.exit_code == 3, result.stderr
    assert "rows read 6 = classified 2 + rejected 1 + skipped 3" in result.stdout
    assert (
        "row 3, column 'income_per_capita_month': the cell holds an Excel error (#DIV/0!, #N/A, "
        "#VALUE!, #REF!...): the formula that fills it failed"
    ) in result.stdout + result.stderr
    assert "missing value" not in result.stdout + result.stderr
    rejects = pl.read_csv(tmp_path / "o_rejects.csv", infer_schema=False)
    assert rejects["row"].to_list() == ["3"]
    assert rejects["errors"].to_list() == ["income_per_capita_month:excel_error"]
    assert rejects["income_per_capita_month"].to_list() == [error]  # as Excel shows it
    vi = run("classify", str(src), "-o", str(out), "--lang", "vi")
    assert vi.exit_code == 3
    assert "ô chứa lỗi Excel" in vi.stdout + vi.stderr


def test_an_excel_error_is_no_blank_in_a_column_where_blank_means_no(tmp_path):
    src = tmp_path / "h.xlsx"
    _errors_workbook(src, {(2, "safe_water"): "#REF!"})
    mapping = tmp_path / "m.yaml"
    mapping.write_text("blank_means_false: [safe_water]\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    result = run("classify", str(src), "-o", str(out), "--columns", str(mapping))
    assert result.exit_code == 3, result.stderr
    rejects = pl.read_csv(tmp_path / "o_rejects.csv", infer_schema=False)
    assert rejects["errors"].to_list() == ["safe_water:excel_error"]


def test_an_excel_error_is_placed_in_its_column_when_the_table_starts_past_column_a(tmp_path):
    xlsxwriter = pytest.importorskip("xlsxwriter")
    from .corpus.build_corpus import HEADER, ROWS

    src = tmp_path / "h.xlsx"
    book = xlsxwriter.Workbook(str(src))
    sheet = book.add_worksheet("S")
    sheet.write_row(2, 2, HEADER)  # the header on row 3 from column C
    for i, row in enumerate(ROWS):
        sheet.write_row(i + 3, 2, row)
    sheet.write_formula(4, 2 + HEADER.index("floor_area_m2"), "=1/0", None, "#VALUE!")
    book.close()
    result = run("classify", str(src), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 3, result.stderr
    rejects = pl.read_csv(tmp_path / "o_rejects.csv", infer_schema=False)
    assert rejects["row"].to_list() == ["5"]
    assert rejects["errors"].to_list() == ["floor_area_m2:excel_error"]


def test_the_sheet_scan_notes_error_cells_wherever_the_chunks_are_cut():
    xml = (
        b'<row r="1"><c r="A1" t="s"><v>1</v></c></row><row r="2">'
        b'<x:c r="B2" s="3" t="e"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c>'
        b'<c r="C2" t="e"><v>#N/A</v></c><c r="D2" t="str"><v>#N/A</v></c>'
        b'<c t="e"><v>#REF!</v></c></row>'
    )
    for cut in [i for i in range(1, len(xml)) if xml[i : i + 1] == b"<"]:
        span = readers._Span()
        span.scan([xml[:cut]])
        span.scan([xml[cut:]])
        # a text cell reading '#N/A' is no error; a cell with no reference is placed later
        assert span.errors == {(2, 2): "#DIV/0!", (2, 3): "#N/A"}, cut
        assert (span.error_cells, span.unplaced) == (3, 1), cut


def _sheet_of(src, dst, rows_xml: str) -> None:
    """The workbook `src` with its sheet's rows replaced by `rows_xml` (and no dimension)."""

    def edit(data: bytes) -> bytes:
        start = data.index(b"<sheetData>") + len(b"<sheetData>")
        data = data[:start] + rows_xml.encode() + data[data.index(b"</sheetData>") :]
        return re.sub(rb"<dimension [^>]*/>", b"", data)

    _edit_sheet(src, dst, edit)


def _layouts():
    """Sheets whose rows and cells have a reference or not, in every mix: (row, cell) elements
    as `_sheet_of` takes them. A cell holds its own text, 'v7'."""
    import random

    rng = random.Random(11)
    n = 0

    def cell(ref: str | None = None) -> str:
        nonlocal n
        n += 1
        return (f'<c r="{ref}"' if ref else "<c") + f' t="str"><v>v{n}</v></c>'

    yield (
        '<row r="1">' + cell("A1") + cell() + cell("D1") + cell() + "</row>"
        '<row r="2">' + cell() + "</row><row>" + cell() + '</row><row r="5">' + cell() + "</row>"
        '<row r="7">'
        + cell("B7")
        + "</row><row>"
        + cell("C9")
        + cell()
        + "</row><row/><row>"
        + cell()
        + '</row><row r="12"><c r="B12"/>'
        + cell()
        + cell("F12")
        + cell("A12")
        + cell()
        + "</row>"
    )
    for _ in range(6):
        xml, row = "", 0
        for _ in range(rng.randint(1, 8)):
            numbered = rng.random() < 0.5
            row = row + rng.randint(1, 3) if numbered else row + 1
            xml += f'<row r="{row}">' if numbered else "<row>"
            column = 0
            for _ in range(rng.randint(0, 5)):
                if rng.random() < 0.4:
                    column += rng.randint(1, 3)
                    xml += cell(f"{readers.column_letters(column - 1)}{row}")
                else:
                    column += 1
                    xml += cell()
            xml += "</row>"
        yield xml


def test_error_cells_without_a_reference_are_placed_where_the_reader_places_cells(tmp_path):
    fastexcel = pytest.importorskip("fastexcel")
    _text_workbook(tmp_path / "b.xlsx")
    for i, rows_xml in enumerate(_layouts()):
        src = tmp_path / f"l{i}.xlsx"
        _sheet_of(tmp_path / "b.xlsx", src, rows_xml)
        sheet = fastexcel.read_excel(src).load_sheet(
            0, header_row=None, skip_rows=0, dtypes="string"
        )
        first = min(c.absolute_index for c in sheet.available_columns())
        read = {
            value: (r + 1, first + c + 1)
            for r, values in enumerate(sheet.to_polars().rows())
            for c, value in enumerate(values)
            if value is not None
        }
        # the same cells holding errors ('v7' as the error's text): placed as the reader reads
        errors = readers._unreferenced_errors(
            rows_xml.replace('t="str"', 't="e"')
            .join([b"<sheetData>".decode(), "</sheetData>"])
            .encode()
        )
        unreferenced = {
            value: cell for value, cell in read.items() if f'<c t="str"><v>{value}<' in rows_xml
        }
        assert {v: cell for cell, v in errors.items()} == unreferenced, rows_xml


def test_a_comment_or_cdata_is_no_row_or_cell_where_error_cells_are_placed():
    xml = (
        b'<sheetData><row r="3"><!-- <row><c t="e"><v>#N/A</v></c> --><c r="B3"/>'
        b"<![CDATA[<c>]]><?pi <c> ?><x:c t='e' s=\"1\"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c>"
        b'</row><row spans="1:2"><c t="e"/><c><v>1</v></c><c t="e"><v>#N/A</v></c></row>'
        b"</sheetData>"
    )
    assert readers._unreferenced_errors(xml) == {(3, 3): "#DIV/0!", (4, 3): "#N/A"}


@pytest.mark.parametrize("rows", ["cells", "rows and cells"])
def test_an_excel_error_cell_without_a_reference_is_rejected_not_read_as_a_no(tmp_path, rows):
    src, bare = tmp_path / "e.xlsx", tmp_path / "h.xlsx"
    _errors_workbook(src, {(3, "safe_water"): "#DIV/0!"})

    def edit(data: bytes) -> bytes:
        data = re.sub(rb'<c r="[A-Z]+[0-9]+"', b"<c", data)
        return re.sub(rb'<row r="[0-9]+"', b"<row", data) if rows != "cells" else data

    _edit_sheet(src, bare, edit)
    mapping = tmp_path / "m.yaml"
    mapping.write_text("blank_means_false: [safe_water]\n", encoding="utf-8")
    result = run("classify", str(bare), "-o", str(tmp_path / "o.csv"), "--columns", str(mapping))
    assert result.exit_code == 3, result.stderr
    rejects = pl.read_csv(tmp_path / "o_rejects.csv", infer_schema=False)
    assert rejects["row"].to_list() == ["3"]
    assert rejects["errors"].to_list() == ["safe_water:excel_error"]
    assert rejects["safe_water"].to_list() == ["#DIV/0!"]


def test_a_sheet_with_more_error_cells_than_are_kept_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "EXCEL_ERRORS_KEPT", 3)
    src = tmp_path / "h.xlsx"
    # four errors, one in a column the run does not read: each could hide a household's answer
    errors = {(2, "safe_water"): "#N/A", (3, "ghi chú"): "#N/A", (4, "ghi chú"): "#REF!"}
    _errors_workbook(src, {**errors, (5, "ghi chú"): "#N/A"}, extra="ghi chú")
    result = run("classify", str(src), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 4, result.stderr
    assert (
        "the sheet 'S' holds 4 cells with an Excel error (#DIV/0!, #N/A, #VALUE!...), more than "
        "the 3 mdpoverty keeps apart from empty cells"
    ) in result.stderr
    assert not (tmp_path / "o.csv").exists()
    vi = run("classify", str(src), "-o", str(tmp_path / "o.csv"), "--lang", "vi")
    assert vi.exit_code == 4
    assert "trang tính 'S' có 4 ô chứa lỗi Excel" in vi.stderr
    _errors_workbook(src, errors, extra="ghi chú")  # three: kept, the row rejected
    result = run("classify", str(src), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 3, result.stderr


def test_a_sheet_full_of_cell_starts_is_checked_in_linear_time(tmp_path):
    # 200 KB of '<c ' in a comment (the sheet stays valid) made a backtracking search of each
    # chunk take minutes (15 KB: 3.7 s, 60 KB: 54 s); a linear one takes well under a second
    import subprocess
    import sys
    import zipfile

    _text_workbook(tmp_path / "b.xlsx")
    src = tmp_path / "h.xlsx"

    def edit(data: bytes) -> bytes:
        at = data.index(b"<sheetData")
        return data[:at] + b"<!-- " + b"<c " * 70_000 + b"-->" + data[at:]

    _edit_sheet(tmp_path / "b.xlsx", src, edit, zipfile.ZIP_DEFLATED)
    code = "import sys; from pathlib import Path; from mdpoverty.io import readers; "
    code += "readers.check_workbook(Path(sys.argv[1]), 'h.xlsx'); print('checked')"
    done = subprocess.run(
        [sys.executable, "-c", code, str(src)], capture_output=True, text=True, timeout=20
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "checked"
    result = run("classify", str(src), "-o", str(tmp_path / "o.csv"))
    assert "refers to its text" not in result.stderr


# --- a CSV header repeated, however its cells are quoted


@pytest.mark.parametrize(
    ("header", "twice", "columns"),
    [
        ('"ghi\nchu",cot x,"ghi\nchu"', "ghi chu", "1 and 3"),
        ('"ghi\nchu",cot x,ghi chu_duplicated_0,"ghi\nchu"', "ghi chu", "1 and 4"),
        ('a,"b\nc",a', "a", "1 and 3"),
        ('a;"b\r\nc";a', "a", "1 and 3"),
    ],
)
def test_a_repeated_header_after_a_cell_over_several_lines_is_refused(
    tmp_path, header, twice, columns
):
    # no header row is found among the first rows (no known column): the first record is
    # the header, its quoted cells over several lines included
    src = tmp_path / "h.csv"
    src.write_bytes((header + "\n1,2,3\n4,5,6\n").encode())
    for command in (["classify"], ["report"]):
        result = run(command[0], str(src), "-o", str(tmp_path / "o.csv"))
        assert result.exit_code == 4, result.stderr
        assert f"the header '{twice}' appears twice (columns {columns})" in result.stderr
        assert "_duplicated_" not in result.stderr
    with pytest.raises(InputError, match="appears twice"):
        readers.read_table(str(src))


def test_a_repeated_header_of_a_households_table_over_several_lines_is_refused(tmp_path):
    lines = (EXAMPLES / "households.csv").read_text(encoding="utf-8").splitlines()
    body = "\n".join(line + ",x,y" for line in lines[1:4])
    src = tmp_path / "h.csv"
    src.write_text(lines[0] + ',"ghi\nchu","ghi\nchu"\n' + body + "\n", encoding="utf-8")
    result = run("classify", str(src), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 4, result.stderr
    assert "the header 'ghi chu' appears twice (columns 21 and 22)" in result.stderr


def test_the_csv_readers_name_for_a_repeated_header_is_taken_back_to_it():
    headers = ["a", "b", "a_duplicated_0", "a_duplicated_1", "c_duplicated_0"]
    assert readers._unrenamed(headers, set()) == ["a", "b", "a", "a", "c_duplicated_0"]
    # written so in the file: kept
    assert readers._unrenamed(["a", "a_duplicated_0"], {"a", "a_duplicated_0"}) == [
        "a",
        "a_duplicated_0",
    ]
    with pytest.raises(InputError, match="appears twice"):
        readers.check_headers(readers._unrenamed(["x\ny", "x\ny_duplicated_0"], set()), "f")


# --- a panic is the file's fault only when reading the file alone panics too


def _a_panic(lf: pl.LazyFrame) -> pl.LazyFrame:
    """A plan of mdpoverty's own that panics whatever the file holds: a date beyond polars'
    range written as text."""
    return lf.select(pl.lit(2**31 - 1, pl.Int32).cast(pl.Date).cast(pl.String).alias("x"))


def test_a_panic_of_mdpoverty_s_own_plan_is_a_bug_not_the_file_s(tmp_path, arrow):
    from mdpoverty.io import batches

    (tmp_path / "h.csv").write_bytes((EXAMPLES / "households.csv").read_bytes())
    pl.read_csv(EXAMPLES / "households.csv").write_parquet(tmp_path / "h.parquet")
    for name in ("h.csv", "h.parquet"):
        table = readers.read_table(str(tmp_path / name))
        with pytest.raises(pl.exceptions.PanicException):
            batches.collect(table, _a_panic(batches.rows(table)))
        with pytest.raises(pl.exceptions.PanicException):
            list(batches.stream(table, _a_panic))
        with pytest.raises(pl.exceptions.PanicException):
            list(batches.stream(table, _a_panic, every_row=True))


def test_a_panic_on_a_value_of_the_file_is_the_file_s(tmp_path, arrow, unchecked):
    from mdpoverty.io import batches

    column, _kind = _beyond(arrow)["date32 max"]
    _write(tmp_path / "h.parquet", arrow, column, [1, 2, 3])
    table = readers.read_table(str(tmp_path / "h.parquet"))

    def as_text(lf: pl.LazyFrame) -> pl.LazyFrame:
        return lf.select(pl.all().cast(pl.String))

    with pytest.raises(InputError, match="polars, the library that reads the file, failed"):
        batches.collect(table, as_text(batches.rows(table)))
    with pytest.raises(InputError, match="polars, the library that reads the file, failed"):
        list(batches.stream(table, as_text, every_row=True))


def test_a_failure_s_reason_never_shows_a_cell_polars_quotes():
    exc = RuntimeError("could not parse `Nguyễn\nVăn A` as dtype `i64`\nat row 3")
    assert readers.failure_reason(exc) == "could not parse (a value) as dtype (a value)"
    assert readers.failure_reason(RuntimeError("")) == "RuntimeError"
