"""Whatever bytes a data file holds, `mdpoverty classify` ends cleanly (hypothesis).

Random bytes, and valid CSV, XLSX and Parquet files mutated (cut short, bytes flipped, quotes,
NULs, byte-order marks, separators and line breaks put in): the command exits 0, 3 or 4, never 1,
never with a traceback, and when rows were read, rows read = classified + rejected + skipped
(blank, numbering and totals rows), and the output holds the classified ones.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .corpus.build_corpus import HEADER, ROWS
from .corpus.build_inputs_corpus import sheet_xml, write_xlsx

FILES = Path(__file__).parent / "corpus" / "files"
SEEDS = {
    ".csv": (FILES / "ok_utf8.csv").read_bytes(),
    ".txt": (FILES / "ok_tab.tsv").read_bytes(),
    ".xlsx": (FILES / "ok_vietnamese_headers.xlsx").read_bytes(),
    ".parquet": (FILES / "ok_typed.parquet").read_bytes(),
}
TOKENS = [b'"', b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b",", b";", b"\t", b"\r", b"\n", b"\r\n"]
TOKENS += [b"\xc3", b"\xe2\x80\xae", b"=cmd|' /C calc'!A0", "１２".encode(), b"PK\x03\x04"]
# pieces of a sheet's XML: references far away or malformed, elements cut or unclosed
XML_TOKENS = [b'<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>', b'<row r="99999999">']
XML_TOKENS += [b'<c r="A0"><v>1</v></c>', b'<c r="ZZZZ1"/>', b'<c t="s"><v>999</v></c>', b"</row>"]
XML_TOKENS += [
    b"<row>",
    b"<c/>" * 50,
    b"&amp;",
    b"&",
    b"<",
    b"]]>",
    b'r="',
    b"\xff",
    b"<v>1e309</v>",
]
COUNTS = re.compile(
    r"rows read ([\d,]+) = classified ([\d,]+) \+ rejected ([\d,]+) \+ skipped ([\d,]+)"
)
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def check_clean_outcome(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        src, out = Path(folder) / f"input{suffix}", Path(folder) / "out.csv"
        src.write_bytes(data)
        argv = ["classify", str(src), "-o", str(out), "--as-of", "2025-01-01"]
        result = CliRunner().invoke(app, argv)
        shown = result.stdout + result.stderr
        assert result.exit_code in (0, 3, 4), shown
        assert "Traceback" not in shown and "internal error" not in shown, shown
        assert result.exception is None or isinstance(result.exception, SystemExit), shown
        if result.exit_code in (0, 3):
            read, classified, rejected, skipped = (
                int(n.replace(",", "")) for n in COUNTS.search(result.stdout).groups()
            )
            assert read == classified + rejected + skipped
            assert pl.read_csv(out, infer_schema=False).height == classified
        else:
            assert not out.exists()


@st.composite
def mutated(draw, seed: bytes, tokens: list[bytes] = TOKENS) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["cut", "flip", "insert", "delete"]))
        if kind == "cut":
            del data[at:]
        elif kind == "flip" and at < len(data):
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            token = draw(st.sampled_from(tokens) | st.binary(min_size=1, max_size=8))
            data[at:at] = token
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 16))]
    return bytes(data)


@SETTINGS
@given(data=st.binary(max_size=4_000), suffix=st.sampled_from([*SEEDS, ".tsv"]))
def test_random_bytes_end_cleanly(data, suffix):
    check_clean_outcome(data, suffix)


@SETTINGS
@given(data=st.data())
def test_a_mutated_csv_ends_cleanly(data):
    suffix = data.draw(st.sampled_from([".csv", ".txt"]))
    check_clean_outcome(data.draw(mutated(SEEDS[suffix])), suffix)


@SETTINGS
@given(data=st.data())
def test_a_mutated_workbook_ends_cleanly(data):
    check_clean_outcome(data.draw(mutated(SEEDS[".xlsx"])), ".xlsx")


@SETTINGS
@given(data=st.data())
def test_a_workbook_with_a_mutated_sheet_ends_cleanly(data):
    """A well-formed zip around a sheet whose XML is broken: the reader itself is tried."""
    xml = data.draw(mutated(sheet_xml([HEADER, *ROWS]).encode(), XML_TOKENS))
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "book.xlsx"
        write_xlsx(book, xml)
        check_clean_outcome(book.read_bytes(), ".xlsx")


@SETTINGS
@given(data=st.data())
def test_a_mutated_parquet_file_ends_cleanly(data):
    check_clean_outcome(data.draw(mutated(SEEDS[".parquet"])), ".parquet")


@SETTINGS
@given(
    cells=st.lists(
        st.text(alphabet=st.characters(codec="utf-8"), max_size=12), min_size=19, max_size=19
    ),
    row=st.integers(0, 2),
)
def test_any_cell_text_ends_cleanly(cells, row):
    """Every cell of one household replaced by any text (quoted as CSV writes it)."""
    import csv
    import io

    base = list(csv.reader(io.StringIO(SEEDS[".csv"].decode("utf-8"))))
    base[row + 1] = cells
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(base)
    check_clean_outcome(buf.getvalue().encode("utf-8", "surrogatepass"), ".csv")
