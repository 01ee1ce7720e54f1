"""What a header may cost: a header cell, a group label and a column's combined name (``group /
sub``) over `MAX_HEADER_CHARS` are refused with their row and column; a standard's mark_headers
are held to the same limit and refused with a control character in them (README: Limits)."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.io import layout
from mdpoverty.io.limits import MAX_HEADER_CHARS
from mdpoverty.io.readers import _column_of, _header_aliases

from .test_marks import ANSWERS

runner = CliRunner()

VN = Path(__file__).resolve().parent.parent / "thresholds" / "vn-2022-2025.yaml"
TELECOM_MARKS = "    mark_headers: [Viễn thông, Dịch vụ viễn thông]\n"
FRONT = ["household_id", "area", "household_size", "income_per_capita_month"]
VALUES = ["H1", "rural", 3, 1_000_000, 0, 0, 0, 0, 0, 0, 0, 20, "true", "true", "true", "true"]


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def write(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def two_rows(label: str, extra: int = 0) -> list[list[object]]:
    """The household columns with `label` over the answers and `extra` columns more (merged
    across them), the identity columns merged down, one household."""
    under = [*ANSWERS, *(f"c{i}" for i in range(extra))]
    return [
        [*FRONT, label, *[""] * (len(under) - 1)],
        [*[""] * len(FRONT), *under],
        [*VALUES, *[1] * extra],
    ]


def one_row(header: str) -> list[list[object]]:
    return [[*FRONT, *ANSWERS, header], [*VALUES, "a"]]


# --- a data file's header ---------------------------------------------------------------------


def test_a_long_group_label_is_refused_with_its_row_and_column(tmp_path):
    path = write(tmp_path / "ds.csv", two_rows("G" * 16_384, extra=200))
    result = invoke("classify", path, "-o", tmp_path / "o.csv")
    assert result.exit_code == 4, result.stdout
    assert "row 1, column E: the header 'GGG" in result.stderr
    assert "(16,384 characters)' is longer than the 1,000 characters" in result.stderr
    assert not (tmp_path / "o.csv").exists()
    vi = invoke("classify", path, "-o", tmp_path / "o.csv", "--lang", "vi")
    assert vi.exit_code == 4
    assert "dòng 1, cột E: tiêu đề 'GGG" in vi.stderr
    assert "dài hơn 1.000 ký tự" in vi.stderr


def test_a_combined_name_over_the_limit_is_refused_with_both_rows(tmp_path):
    # the label and the cell are each within the limit; together they are not
    label = "Nhóm " * 198  # 990 characters
    path = write(tmp_path / "ds.csv", two_rows(label))
    result = invoke("classify", path, "-o", tmp_path / "o.csv")
    assert result.exit_code == 4, result.stdout
    assert "rows 1-2, column E: the header of its two rows together 'Nhóm" in result.stderr
    vi = invoke("classify", path, "-o", tmp_path / "o.csv", "--lang", "vi")
    assert "dòng 1-2, cột E: tiêu đề ghép từ hai dòng 'Nhóm" in vi.stderr


def test_a_group_label_within_the_limit_is_read(tmp_path):
    label = "Các chỉ số " * 80  # 880 characters: with ' / dependents' within the limit
    path = write(tmp_path / "ds.csv", two_rows(label[: MAX_HEADER_CHARS - 40]))
    result = invoke("classify", path, "-o", tmp_path / "o.csv")
    assert result.exit_code == 0, result.stderr
    assert "rows read 1 = classified 1" in result.stdout


@pytest.mark.parametrize(("length", "code"), [(MAX_HEADER_CHARS, 0), (MAX_HEADER_CHARS + 1, 4)])
def test_a_header_cell_at_the_limit_is_read_and_one_over_it_refused(tmp_path, length, code):
    path = write(tmp_path / "ds.csv", one_row("h" * length))
    result = invoke("classify", path, "-o", tmp_path / "o.csv")
    assert result.exit_code == code, result.stderr
    if code:
        assert "row 1, column Q: the header 'hhh" in result.stderr


def test_headers_over_the_total_limit_are_refused_and_within_it_read(tmp_path):
    """Each name within its limit, but a group label copied over many columns: the headers
    together are bounded (16,000 such columns cost 3.7 GB before)."""
    from mdpoverty.io.limits import MAX_HEADER_TOTAL_CHARS

    label = "G" * 900
    over = MAX_HEADER_TOTAL_CHARS // (len(label) + 6) + 1
    result = invoke("classify", write(tmp_path / "l.csv", two_rows(label, over)), "-o", "-")
    assert result.exit_code == 4, result.stderr
    assert f"more than the {MAX_HEADER_TOTAL_CHARS:,} mdpoverty reads in a header" in (
        result.stderr
    )
    assert label not in result.stderr  # the message is about the whole, never a copy of it
    within = write(tmp_path / "w.csv", two_rows(label, over // 2))
    result = invoke("classify", within, "-o", str(tmp_path / "w_out.csv"))
    assert result.exit_code == 0, result.stderr


def test_a_long_title_above_the_header_is_no_header(tmp_path):
    rows = one_row("Ghi chú")
    path = write(tmp_path / "ds.csv", [["Danh sách " * 500], *rows])
    result = invoke("classify", path, "-o", tmp_path / "o.csv")
    assert result.exit_code == 0, result.stderr


def test_a_long_header_in_a_workbook_names_its_cell(tmp_path):
    path = tmp_path / "ds.xlsx"
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("DS")
    ws.write_row(0, 0, ["DANH SÁCH HỘ"])
    for i, row in enumerate(two_rows("Nhóm chỉ số " * 200), start=2):
        ws.write_row(i, 0, row)
    book.close()
    result = invoke("classify", path, "-o", tmp_path / "o.csv")
    assert result.exit_code == 4, result.stdout
    assert "row 3, column E: the header 'Nhóm chỉ số" in result.stderr


def test_a_long_parquet_column_name_is_refused(tmp_path):
    path = tmp_path / "ds.parquet"
    frame = pl.DataFrame(
        [pl.Series(h, [str(v)]) for h, v in zip([*FRONT, *ANSWERS], VALUES, strict=True)]
    )
    frame.with_columns(pl.lit("a").alias("x" * 1_001)).write_parquet(path)
    result = invoke("classify", path, "-o", tmp_path / "o.csv")
    assert result.exit_code == 4, result.stdout
    assert "the header of column 17, 'xxx" in result.stderr


def test_looking_for_the_header_does_not_fold_a_long_label_for_every_column(monkeypatch):
    """The work of finding the header grows with the header's cells, not with a label's
    length times the columns under it."""
    folded: list[int] = []
    real = layout.fold

    def counting(text: str) -> str:
        folded.append(len(text))
        return real(text)

    aliases = _header_aliases()
    lookup = _column_of(None, aliases)

    def column_of(text: str) -> str | None:
        folded.append(len(text))
        return lookup(text)

    monkeypatch.setattr(layout, "fold", counting)
    rows = [[str(c) for c in row] for row in two_rows("G" * 100_000, extra=2_000)]
    header = layout.find_header(rows, column_of)
    assert header is not None and header.depth == 2
    # each cell once or twice, the label (cut to the limit) a few times: never 2,000 copies
    assert sum(folded) < 20 * MAX_HEADER_CHARS + 50 * len(rows[1])
    with pytest.raises(Exception, match="row 1, column E"):
        layout.check_lengths(header, "ds.csv")


# --- a standard's mark_headers ----------------------------------------------------------------


def variant(tmp_path: Path, mark_headers: str) -> Path:
    text = VN.read_text("utf-8")
    assert TELECOM_MARKS in text
    text = text.replace(TELECOM_MARKS, f"    mark_headers: {mark_headers}\n", 1)
    path = tmp_path / "vn-variant.yaml"
    path.write_text(text.replace("id: vn-2022-2025", "id: vn-variant", 1), "utf-8")
    return path


@pytest.mark.parametrize(
    ("mark_headers", "said", "vi"),
    [
        (
            '["Viễn\\e[31m thông"]',
            "of telecom holds the control character \\x1b",
            "chứa ký tự điều khiển \\x1b",
        ),
        ('["BH\\x00YT"]', "holds the control character \\x00", "ký tự điều khiển \\x00"),
        ('["Viễn\\u200bthông"]', "holds the control character \\u200b", "\\u200b"),
        ('["Viễn\\u202ethông"]', "holds the control character \\u202e", "\\u202e"),
        (
            f"[{'v' * (MAX_HEADER_CHARS + 1)}]",
            "of telecom is 1,001 characters long, more than the 1,000 mdpoverty reads",
            "dài 1.001 ký tự, quá 1.000 ký tự",
        ),
        (f"[{'v' * 16_384}]", "is 16,384 characters long", "dài 16.384 ký tự"),
    ],
)
def test_a_mark_header_with_a_control_character_or_too_long_is_refused(
    tmp_path, mark_headers, said, vi
):
    path = variant(tmp_path, mark_headers)
    result = invoke("standards", "validate", path)
    assert result.exit_code == 4, result.stdout
    assert said in result.stderr
    assert "indicators[10].mark_headers[0]" in result.stderr
    assert "\x1b" not in result.stderr and "\x00" not in result.stderr
    result = invoke("standards", "validate", path, "--lang", "vi")
    assert result.exit_code == 4
    assert vi in result.stderr


@pytest.mark.parametrize(
    "mark_headers", [f"[{'v' * MAX_HEADER_CHARS}]", '["Viễn\\tthông", "Dịch vụ\\nviễn thông"]']
)
def test_a_mark_header_at_the_limit_or_with_a_line_break_is_accepted(tmp_path, mark_headers):
    result = invoke("standards", "validate", variant(tmp_path, mark_headers))
    assert result.exit_code == 0, result.stderr


# --- a header checked once per read, and whole -------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx", "parquet"])
def test_each_reader_checks_its_header_once(tmp_path, monkeypatch, kind):
    from mdpoverty.io import readers

    seen: list[list[str]] = []
    check = readers.check_headers
    monkeypatch.setattr(
        readers, "check_headers", lambda h, *a: (seen.append(list(h)), check(h, *a))
    )
    rows = one_row("Ghi chú")
    path = tmp_path / f"ds.{kind}"
    if kind == "csv":
        write(path, rows)
    elif kind == "parquet":
        pl.DataFrame([[str(v)] for v in rows[1]], schema=rows[0], orient="col").write_parquet(path)
    else:
        with xlsxwriter.Workbook(path) as book:
            sheet = book.add_worksheet()
            for r, row in enumerate(rows):
                sheet.write_row(r, 0, row)
    table = readers.read_table(str(path))
    assert seen == [rows[0]]
    assert table.headers == rows[0]


def test_a_header_cell_quoted_over_lines_is_checked_as_polars_reads_it(tmp_path):
    # the header line holds only the start of the quoted cell; polars reads it whole
    path = tmp_path / "ds.csv"
    path.write_text('a,"b\n' + "c" * (MAX_HEADER_CHARS + 500) + '",d\n1,2,3\n', encoding="utf-8")
    result = invoke("classify", path, "-o", tmp_path / "o.csv")
    assert result.exit_code == 4, result.stdout
    # read as the first record (no header row found among the first rows): named so
    assert "row 1, column B: the header 'b" in result.stderr
    assert f"is longer than the {MAX_HEADER_CHARS:,} characters" in result.stderr
    assert not (tmp_path / "o.csv").exists()
