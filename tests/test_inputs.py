"""Hostile data inputs: files over a limit fail before the work they would cost, user text in
messages is cut short, and what the corpus cannot hold (files too large to commit)."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.errors import InputError
from mdpoverty.io import limits, readers
from mdpoverty.io.readers import ROW, Table, read_table
from mdpoverty.run.runner import Plan
from mdpoverty.text import QUOTE_CHARS, quoted, shorten

from .corpus.build_corpus import HEADER, ROWS, text, with_cell
from .corpus.build_inputs_corpus import sheet_xml, typed_frame, write_xlsx


def classify(src: Path, *args: str, out: Path | None = None):
    out = out or src.with_name("out.csv")
    argv = ["classify", str(src), "-o", str(out), "--as-of", "2025-01-01", *args]
    return CliRunner().invoke(app, argv)


@pytest.fixture
def never_read(monkeypatch):
    """Fail the test if polars or fastexcel is asked to read the input: a file over a limit is
    refused before the reading it would cost."""
    import fastexcel

    calls: list[str] = []

    def refuse(name):
        def call(*args, **kwargs):
            calls.append(name)
            raise AssertionError(f"{name} was called")

        return call

    monkeypatch.setattr(pl, "scan_csv", refuse("scan_csv"))
    monkeypatch.setattr(fastexcel, "read_excel", refuse("read_excel"))
    yield calls
    assert calls == []


# --- messages quote user text cut short


def test_quoted_cuts_long_text_and_shows_control_characters():
    assert quoted("Khu vực") == "'Khu vực'"
    long = "x" * 1_000_000
    assert quoted(long) == "'" + "x" * QUOTE_CHARS + "... (1,000,000 characters)'"
    assert quoted("a\nb\x1b[2J\x00\u202e") == "'a\\x0ab\\x1b[2J\\x00\\u202e'"
    assert shorten("ok") == "ok"
    assert shorten("y" * 100, 3) == "yyy... (100 characters)"


def test_a_huge_header_is_quoted_short(tmp_path, never_read):
    src = tmp_path / "huge_header.csv"
    src.write_bytes(b"area," + b"h" * 2_000_000 + b",area\n1,2,3\n")
    result = classify(src)
    assert result.exit_code == 4
    # over the header limit (README: Limits), named by its cell and quoted short
    assert "row 1, column B: the header 'hhhh" in result.stderr
    assert "(2,000,000 characters)' is longer than the 1,000 characters" in result.stderr
    assert len(result.stderr) < 1_000


def test_error_locations_quote_the_column_short():
    error = InputError("bad", file="f.csv", column="c" * 500)
    assert str(error) == f"f.csv: column '{'c' * QUOTE_CHARS}... (500 characters)': bad"


# --- limits: refused before the reading they would cost


def test_a_line_over_the_limit_is_refused_before_it_is_read(tmp_path, never_read):
    src = tmp_path / "no_line_breaks.csv"
    with src.open("wb") as fh:
        fh.write(text([]).encode())  # a header, then one line longer than the limit
        fh.write(b"a," * (limits.MAX_LINE_BYTES // 2 + 1))
    result = classify(src)
    assert result.exit_code == 4, result.stderr
    assert "line 2 is longer than 8 MB" in result.stderr


def test_a_header_line_over_the_limit_is_refused(tmp_path, never_read):
    src = tmp_path / "one_line.csv"
    src.write_bytes(b"x" * (limits.MAX_LINE_BYTES + 10))
    result = classify(src)
    assert result.exit_code == 4
    assert "line 1 is longer than 8 MB" in result.stderr


def test_too_many_columns_are_refused_before_reading(tmp_path, never_read):
    src = tmp_path / "wide.csv"
    names = [*HEADER, *(f"c{i}" for i in range(limits.MAX_COLUMNS))]
    src.write_text(",".join(names) + "\n" + ",".join(["1"] * len(names)) + "\n")
    result = classify(src)
    assert result.exit_code == 4
    assert f"the table has {len(names):,} columns, more than the 16,384" in result.stderr


def test_too_many_parquet_columns_are_refused(tmp_path):
    src = tmp_path / "wide.parquet"
    pl.DataFrame({f"c{i}": [1] for i in range(limits.MAX_COLUMNS + 1)}).write_parquet(src)
    result = classify(src)
    assert result.exit_code == 4
    assert "more than the 16,384 mdpoverty reads" in result.stderr


def test_a_wide_table_is_classified_and_its_batches_read_the_schema_once(tmp_path, monkeypatch):
    extra = [f"note {i}" for i in range(2_000)]
    src = tmp_path / "wide.csv"
    src.write_text(text([[*r, *("x" for _ in extra)] for r in ROWS], [*HEADER, *extra]))
    result = classify(src)
    assert result.exit_code == 0, result.stderr
    assert pl.read_csv(src.with_name("out.csv")).width == len(HEADER) + len(extra) + 4
    # the cause of 76 s for 10,000 columns: each column's check rebuilt the batch's schema
    reads = []
    schema = pl.DataFrame.schema
    monkeypatch.setattr(
        pl.DataFrame, "schema", property(lambda f: reads.append(1) or schema.fget(f))
    )
    batch = pl.DataFrame({c: ["a"] for c in extra})
    Plan(lambda f: f, [], [], extra, cells=[]).normalise(batch)
    assert len(reads) == 1


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path, never_read):
    src = tmp_path / "bomb.xlsx"
    row = "<row>" + '<c t="inlineStr"><is><t>0</t></is></c>' * 19 + "</row>"
    write_xlsx(src, sheet_xml([HEADER], extra=row * 40_000))  # 16 MB of XML
    assert zipfile.ZipFile(src).getinfo("xl/worksheets/sheet1.xml").file_size > 15_000_000
    result = classify(src)
    assert result.exit_code == 4
    assert "times larger than it is compressed (real sheets: under 100)" in result.stderr


def test_a_workbook_larger_than_the_limit_is_refused(tmp_path, monkeypatch, never_read):
    monkeypatch.setattr(readers, "XLSX_MAX_UNCOMPRESSED", 10_000)
    src = tmp_path / "large.xlsx"
    write_xlsx(src, sheet_xml([HEADER, *ROWS * 20]))
    result = classify(src)
    assert result.exit_code == 4
    assert "more than the 0 MB an .xlsx input may" in result.stderr


def test_a_zip_directory_that_understates_a_size_is_refused(tmp_path, never_read):
    src = tmp_path / "lying.xlsx"
    write_xlsx(src, sheet_xml([HEADER, *ROWS]))
    data = bytearray(src.read_bytes())
    entry = data.rfind(b"PK\x01\x02", 0, data.rfind(b"xl/worksheets/sheet1.xml"))
    struct.pack_into("<I", data, entry + 24, 100)  # uncompressed size in the central directory
    src.write_bytes(bytes(data))
    result = classify(src)
    assert result.exit_code == 4
    assert "is larger than its zip directory says" in result.stderr


@pytest.mark.parametrize(
    ("extra", "shape"),
    [
        (
            '<row r="900000"><c r="A900000" t="inlineStr"><is><t>x</t></is></c></row>',
            "900,000 rows x 19",
        ),
        (
            '<row r="100"><c r="XFD100" t="inlineStr"><is><t>x</t></is></c></row>',
            "100 rows x 16,384",
        ),
    ],
)
def test_a_stray_cell_far_from_the_table_is_refused_before_reading(
    tmp_path, never_read, extra, shape
):
    src = tmp_path / "stray.xlsx"
    write_xlsx(src, sheet_xml([HEADER, *ROWS], extra=extra))
    result = classify(src)
    assert result.exit_code == 4
    assert f"spans {shape} columns but holds about" in result.stderr


def test_a_dense_sheet_over_the_cell_limit_is_refused(tmp_path, monkeypatch, never_read):
    monkeypatch.setattr(readers, "XLSX_MAX_CELLS", 50)
    src = tmp_path / "dense.xlsx"
    write_xlsx(src, sheet_xml([HEADER, *ROWS]))  # 4 rows x 19 columns = 76 cells
    result = classify(src)
    assert result.exit_code == 4
    assert "spans 4 rows x 19 columns, more than the 50 cells" in result.stderr


def test_a_sheet_within_the_limits_reads_as_before(tmp_path):
    src = tmp_path / "ok.xlsx"
    write_xlsx(src, sheet_xml([HEADER, *ROWS], extra='<row r="40"><c r="T40"/></row>'))
    result = classify(src)
    assert result.exit_code == 0, result.stderr


# --- headers, encodings and cells


def test_headers_equal_but_for_accents_are_kept_apart_or_refused_when_a_column_is_meant(tmp_path):
    src = tmp_path / "folded.csv"
    # two pass-through words that differ only in a tone mark are two columns, both kept
    src.write_text(text([[*r, "1", "2"] for r in ROWS], [*HEADER, "Số hộ", "Sổ hộ"]))
    result = classify(src)
    assert result.exit_code == 0, result.stderr
    out = pl.read_csv(src.with_name("out.csv"))
    assert out["Số hộ"].to_list() == [1, 1, 1] and out["Sổ hộ"].to_list() == [2, 2, 2]
    # a known column's header written twice but for accents: which one is meant is a guess
    src.write_text(text([[*r, "1"] for r in ROWS], [*HEADER, "Nuoc sach"]))
    result = classify(src)
    assert result.exit_code == 4
    assert "differ only in case, accents" in result.stderr or "two headers give" in result.stderr


def test_excel_unicode_text_from_stdin_reads_without_options():
    data = b"\xff\xfe" + text(ROWS, sep="\t", eol="\r\n").encode("utf-16-le")
    argv = ["classify", "-", "-o", "-", "--as-of", "2025-01-01"]
    result = CliRunner().invoke(app, argv, input=data)
    assert result.exit_code == 0, result.stderr
    assert "rows read 3 = classified 3 + rejected 0" in result.stderr
    assert result.stdout.splitlines()[1].startswith("001,Quảng Ninh,Ba Chẽ")


@pytest.mark.parametrize("codec", ["hex", "base64", "rot13", "zlib", "bz2", "uu", "quopri"])
def test_a_codec_that_is_not_a_text_encoding_is_refused(codec):
    with pytest.raises(InputError, match=f"'{codec}' is not a text encoding"):
        readers.text_codec(codec, "f.csv")


def test_a_nul_byte_is_refused_wherever_it_is(tmp_path):
    lines = [text(ROWS)] + [
        ",".join([f"H{i}", *ROWS[2][1:]]) + "\n" for i in range(5_000)
    ]  # about 400 KB: past any sample a reader takes of its head
    for where in (1, 2_500, 5_000):
        body = list(lines)
        body[where] = body[where].replace("Hạ Long", "Hạ\x00Long")
        src = tmp_path / f"nul{where}.csv"
        src.write_text("".join(body), encoding="utf-8")
        result = classify(src)
        assert result.exit_code == 4
        assert f"line {where + 4:,} holds a NUL byte" in result.stderr


def test_typed_parquet_numbers_are_exact_or_rejects(tmp_path):
    import decimal

    src = tmp_path / "typed.parquet"
    typed_frame().with_columns(
        income_per_capita_month=pl.Series(
            [decimal.Decimal("1500000.00"), decimal.Decimal("99999999999999999999.5"), None],
            dtype=pl.Decimal(38, 2),
        ),
        floor_area_m2=pl.Series([32.0, float("-inf"), 24.125], dtype=pl.Float32),
        dependents=pl.Series([2, 1, 0], dtype=pl.UInt8),
    ).write_parquet(src)
    result = classify(src)
    assert result.exit_code == 3, result.stderr
    rejects = pl.read_csv(src.with_name("out_rejects.csv"), infer_schema=False)
    assert rejects.select("row", "errors").rows() == [
        ("2", "income_per_capita_month:out_of_range;floor_area_m2:out_of_range"),
        ("3", "income_per_capita_month:missing_value;floor_area_m2:too_many_decimals"),
    ]
    assert rejects["income_per_capita_month"][0] == "99999999999999999999.50"


def test_pass_through_parquet_types_reach_every_output(tmp_path):
    src = Path(__file__).parent / "corpus" / "files" / "in_types_pass_through.parquet"
    for suffix in (".csv", ".parquet", ".json", ".xlsx"):
        out = tmp_path / f"out{suffix}"
        result = classify(src, out=out)
        assert result.exit_code == 0, (suffix, result.stderr)
    frame = pl.read_csv(tmp_path / "out.csv", infer_schema=False)
    assert frame["thoi_gian"].to_list() == ["P1D", None, "PT2H"]
    assert frame["nhom"].to_list() == ["a", None, "b"]
    assert frame["ngay"].to_list() == ["2024-01-02", None, "2024-03-04"]
    assert pl.read_parquet(tmp_path / "out.parquet")["ngay"].dtype == pl.Date
    sheet = pl.read_excel(tmp_path / "out.xlsx")
    assert str(sheet["luc_vn"][0]).startswith("2024-01-02 03:04")  # the clock in Hà Nội


def test_a_cell_with_digits_of_another_script_is_a_reject_in_every_numeric_column(tmp_path):
    columns = ["household_size", "income_per_capita_month", "dependents", "floor_area_m2"]
    rows = ROWS
    for column in columns:
        rows = with_cell(1, column, "１２", rows)
    src = tmp_path / "digits.csv"
    src.write_text(text(rows), encoding="utf-8")
    result = classify(src)
    assert result.exit_code == 3, result.stderr
    rejects = pl.read_csv(src.with_name("out_rejects.csv"), infer_schema=False)
    assert rejects["errors"].to_list() == [";".join(f"{c}:not_a_number" for c in columns)]


def test_parquet_table_frame_reads_every_column_as_text():
    table = read_table(
        str(Path(__file__).parent / "corpus" / "files" / "in_types_pass_through.parquet")
    )
    assert isinstance(table, Table)
    schema = table.frame.collect_schema()
    assert all(dtype == pl.String for name, dtype in schema.items() if name != ROW)


@pytest.mark.parametrize(
    "name",
    [
        "bad_unclosed_quote.csv",
        "bad_ragged.csv",
        "in_mixed_line_ends.csv",
        "in_nul_late.csv",
        "in_xlsx_far_cell.xlsx",
        "in_struct_area.parquet",  # a needed column of structures
        "in_binary_bytes.parquet",
    ],
)
@pytest.mark.parametrize("command", ["explain", "compare"])
def test_explain_and_compare_refuse_a_broken_file_as_classify_does(command, name):
    src = Path(__file__).parent / "corpus" / "files" / name
    args = ["--id", "001"] if command == "explain" else []
    result = CliRunner().invoke(app, [command, str(src), "--as-of", "2025-01-01", *args])
    assert result.exit_code == 4, result.stdout + result.stderr
    assert "internal error" not in result.stderr and result.stderr.startswith("error:")


@pytest.mark.parametrize("option", ["--sheet", "--member-sheet"])
def test_a_sheet_named_for_a_csv_is_refused(tmp_path, option):
    from typer.testing import CliRunner

    from mdpoverty.cli.app import app

    examples = Path(__file__).resolve().parent.parent / "examples"
    out = tmp_path / "o.csv"
    result = CliRunner().invoke(
        app,
        [
            "classify", str(examples / "households.csv"), "--members",
            str(examples / "members.csv"), option, "Foo", "-o", str(out),
        ],
    )  # fmt: skip
    assert result.exit_code == 4, result.output
    assert "a sheet ('Foo') is named for this file, but it is not an Excel workbook" in (
        result.stderr
    )
    assert not out.exists()


def test_first_record_is_the_one_polars_reads(tmp_path):
    from mdpoverty.io import layout

    quoted_break = tmp_path / "a.csv"
    quoted_break.write_bytes('\ufeffhousehold_id,"area\nof living",x\n1,rural,2\n'.encode())
    assert layout.first_record(quoted_break, ",") == ["household_id", "area\nof living", "x"]
    one_line = tmp_path / "b.csv"
    one_line.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    assert layout.first_record(one_line, ";") == ["a", "b", "c"]
    # a first line longer than the head read: read whole, not cut at the head's end
    long = tmp_path / "c.csv"
    cells = ["h" * 1000 + str(i) for i in range(layout.HEAD_BYTES // 1000 + 5)]
    long.write_text(",".join(cells) + "\n1\n", encoding="utf-8")
    assert layout.first_record(long, ",") == cells


@pytest.mark.parametrize(
    ("dependents", "hinted"),
    [
        ("dependents", False),  # the answer column's own name: the answer, never a mark
        ("Người phụ thuộc trong hộ gia đình", True),  # the indicator's label: either reading
    ],
)
def test_the_unread_marks_hint_never_names_an_answer_column(tmp_path, dependents, hinted):
    header = ["KV" if h == "area" else dependents if h == "dependents" else h for h in HEADER]
    path = tmp_path / "kv.csv"
    path.write_text(text(ROWS, header=header), encoding="utf-8")
    argv = ["classify", str(path), "-o", str(tmp_path / "out.csv"), "--as-of", "2025-01-01"]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 4, result.output
    assert result.stdout == ""
    assert "missing: area" in result.stderr
    assert ("names an indicator" in result.stderr) is hinted
    assert ("'dependents'" in result.stderr) is False
