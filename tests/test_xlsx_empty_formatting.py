"""Rows and cells formatted but empty (`<row r="9" s="1"/>`, `<c r="A9" s="1"/>`, as a sheet
formatted down to row 1,048,576 holds) widen nothing the reader holds: a sheet of them is read,
not refused as holding "stray cells"; a value far from the table is refused with the range it
really spans (its columns counted once, not doubled). CliRunner with stdout and stderr apart."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.io import readers

from .corpus.build_corpus import HEADER, ROWS
from .corpus.build_inputs_corpus import sheet_xml, write_xlsx

runner = CliRunner()
LAST = 3_000  # the sheet's last row, formatted; 19 columns (A-S)


def _classify(src):
    out = src.with_name("kq.csv")
    argv = ["classify", str(src), "-o", str(out), "--as-of", "2025-01-01"]
    return runner.invoke(app, argv), out


@pytest.fixture(autouse=True)
def small_limits(monkeypatch):
    # the sparse-range check from 10,000 cells on, so that a small file shows it
    monkeypatch.setattr(readers, "XLSX_SPARSE_CELLS", 10_000)


@pytest.mark.parametrize(
    "formatted",
    [
        "".join(f'<row r="{r}" s="1" customFormat="1"/>' for r in range(5, LAST + 1)),
        "".join(f'<row r="{r}"><c r="A{r}" s="1"/></row>' for r in range(5, LAST + 1)),
        "".join(f'<row r="{r}"><c r="S{r}" s="1"/><c r="T{r}" s="2"/></row>' for r in range(5, 50)),
    ],
    ids=["empty rows", "empty cells", "empty cells beside"],
)
def test_formatted_empty_rows_and_cells_are_read_not_refused(tmp_path, formatted):
    src = tmp_path / "ds.xlsx"
    write_xlsx(src, sheet_xml([HEADER, *ROWS], extra=formatted))
    result, out = _classify(src)
    assert result.exit_code == 0, result.stderr
    assert "stray cells" not in result.stderr
    assert "rows read 3 = classified 3" in " ".join(result.stdout.split())
    assert out.exists()


def test_a_value_far_below_the_table_is_refused_with_the_range_it_spans(tmp_path):
    src = tmp_path / "ds.xlsx"
    formatted = "".join(f'<row r="{r}" s="1" customFormat="1"/>' for r in range(5, LAST))
    stray = f'<row r="{LAST}"><c r="A{LAST}" t="inlineStr"><is><t>x</t></is></c></row>'
    write_xlsx(src, sheet_xml([HEADER, *ROWS], extra=formatted + stray))
    result, _ = _classify(src)
    assert result.exit_code == 4
    said = " ".join(result.stderr.split())
    assert f"spans {LAST:,} rows x 19 columns but holds about 77 cells" in said
    assert "delete the stray cells far from the table" in said


def test_cells_without_a_reference_are_placed_in_their_numbered_row(tmp_path):
    # a cell without a reference follows the previous one, in the row its element numbers
    src = tmp_path / "ds.xlsx"
    stray = f'<row r="{LAST}"><c t="inlineStr"><is><t>x</t></is></c></row>'
    write_xlsx(src, sheet_xml([HEADER, *ROWS], extra=stray))
    result, _ = _classify(src)
    assert result.exit_code == 4
    assert f"spans {LAST:,} rows" in " ".join(result.stderr.split())
