"""A Parquet text cell longer than a workbook's cell may be (256 KB) is refused (exit 4) by its
column and row before anything is written: a 16 KB zstd file holding a 300 MB cell cost 1.6 GB
and wrote 900 MB. CliRunner with stdout and stderr apart."""

from __future__ import annotations

import polars as pl
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.io.limits import MAX_PARQUET_CELL_BYTES

from .conftest import EXAMPLES

runner = CliRunner()


def _file(tmp_path, length: int, column: str = "note"):
    frame = pl.read_csv(EXAMPLES / "households.csv", infer_schema=False).head(5)
    cells = ["short"] * 5
    cells[3] = "y" * length
    src = tmp_path / "h.parquet"
    frame.with_columns(pl.Series(column, cells)).write_parquet(src, compression="zstd")
    return src


def test_a_cell_over_the_limit_is_refused_by_column_and_row(tmp_path):
    src = _file(tmp_path, MAX_PARQUET_CELL_BYTES + 1)
    out = tmp_path / "o.csv"
    result = runner.invoke(app, ["classify", str(src), "-o", str(out), "--as-of", "2024-12-31"])
    assert result.exit_code == 4, result.stderr
    assert "row 4: column 'note': a cell holds more than 256 KB of text" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.parquet"]


def test_a_cell_of_a_read_column_is_named_by_its_header(tmp_path):
    src = _file(tmp_path, MAX_PARQUET_CELL_BYTES + 1, column="commune")
    result = runner.invoke(app, ["classify", str(src), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 4, result.stderr
    assert "column 'commune': a cell holds more than 256 KB" in result.stderr


def test_a_cell_at_the_limit_is_read(tmp_path):
    src = _file(tmp_path, MAX_PARQUET_CELL_BYTES)
    out = tmp_path / "o.csv"
    result = runner.invoke(app, ["classify", str(src), "-o", str(out), "--as-of", "2024-12-31"])
    assert result.exit_code == 0, result.stderr
    assert pl.read_csv(out, infer_schema=False)["note"].str.len_bytes().max() == (
        MAX_PARQUET_CELL_BYTES
    )


def test_said_in_vietnamese(tmp_path):
    src = _file(tmp_path, MAX_PARQUET_CELL_BYTES + 1)
    result = runner.invoke(
        app, ["classify", str(src), "-o", str(tmp_path / "o.csv"), "--lang", "vi"]
    )
    assert result.exit_code == 4
    assert "một ô chứa hơn 256 KB văn bản" in result.stderr
