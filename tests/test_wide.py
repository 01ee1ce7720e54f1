"""Wide inputs (survey files with hundreds or thousands of columns): a batch is bounded by its
cells, not its rows, and the result does not depend on the batch size."""

from __future__ import annotations

import csv
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.io import batches
from mdpoverty.io.readers import read_table

from .conftest import EXAMPLES

EXTRA = 150  # columns added to the example households


@pytest.fixture
def wide(tmp_path: Path) -> Path:
    """The example households with EXTRA survey columns: blanks, codes, text in NFD (which the
    output gives in NFC) late in the file, a blank row and a rejected row."""
    rows = list(csv.reader((EXAMPLES / "households.csv").open(encoding="utf-8")))
    header, body = rows[0], rows[1:600]
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hồng")
    out = [header + [f"q{i}" for i in range(EXTRA)]]
    for n, row in enumerate(body):
        extra = [("x" if (n + i) % 3 else "") for i in range(EXTRA)]
        if n in (17, 480):
            extra[n % EXTRA] = nfd
        out.append(row + extra)
    out[300][5] = "abc"  # a household size that is not a number: rejected
    out.insert(400, [""] * len(out[0]))  # a blank row: skipped
    path = tmp_path / "wide.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(out)
    return path


def _classify(src: Path, out: Path):
    return CliRunner().invoke(app, ["classify", str(src), "-o", str(out), "--as-of", "2024-12-31"])


def _batch_heights(monkeypatch) -> list[int]:
    """The heights of the batches every stream gives from now on."""
    heights: list[int] = []
    real = batches.stream

    def spy(*args, **kwargs):
        for frame in real(*args, **kwargs):
            heights.append(frame.height)
            yield frame

    monkeypatch.setattr(batches, "stream", spy)
    return heights


@given(st.integers(1, 20_000), st.integers(1, 20_000), st.integers(1, 4))
def test_batch_rows_follow_the_cells(narrow, wider, scale):
    narrow, wider = sorted((narrow, wider))
    rows = batches.batch_rows(wider, scale)
    assert batches.batch_rows(narrow, scale) >= rows  # never more rows for a wider plan
    assert batches.MIN_BATCH_ROWS <= rows <= batches.BATCH_ROWS * scale
    if rows > batches.MIN_BATCH_ROWS:
        assert rows * wider <= batches.BATCH_CELLS * scale


def test_a_household_table_keeps_its_batches():
    # classify's plan over the household columns has 43 columns, compare's 72
    assert batches.batch_rows(43) == batches.batch_rows(72) == batches.BATCH_ROWS
    assert batches.batch_rows(1_043) < batches.BATCH_ROWS // 10


def test_a_wider_file_is_read_in_smaller_batches(tmp_path, wide, monkeypatch):
    monkeypatch.setattr(batches, "BATCH_ROWS", 250)
    monkeypatch.setattr(batches, "BATCH_CELLS", 250 * 72)
    monkeypatch.setattr(batches, "MIN_BATCH_ROWS", 5)
    heights = _batch_heights(monkeypatch)
    assert _classify(EXAMPLES / "households.csv", tmp_path / "narrow.csv").exit_code == 0
    assert max(heights) == 250
    heights.clear()
    assert _classify(wide, tmp_path / "wide_out.csv").exit_code == 3
    # the plan: the input's 20 + EXTRA columns, the row number and what validation and
    # classification add
    assert 2 < max(heights) <= 250 * 72 // (20 + EXTRA)
    assert sum(heights) == 600


@pytest.mark.parametrize("rows", [7, 61])
def test_a_wide_file_gives_the_same_result_whatever_the_batch(tmp_path, wide, monkeypatch, rows):
    whole = tmp_path / "whole.csv"
    result = _classify(wide, whole)
    assert result.exit_code == 3
    assert "rows read 600 = classified 598 + rejected 1 + skipped 1" in result.stdout
    monkeypatch.setattr(batches, "BATCH_ROWS", rows)
    monkeypatch.setattr(batches, "MIN_BATCH_ROWS", 1)
    pieces = tmp_path / "pieces.csv"
    assert _classify(wide, pieces).exit_code == 3
    assert pieces.read_bytes() == whole.read_bytes()
    assert (tmp_path / "pieces_rejects.csv").read_bytes() == (
        tmp_path / "whole_rejects.csv"
    ).read_bytes()
    text = pieces.read_text(encoding="utf-8")
    assert text.count("Nguyễn Thị Hồng") == 2  # NFC, in both batches that hold it
    assert unicodedata.normalize("NFD", "Nguyễn") not in text


def test_a_wide_csv_is_read_in_smaller_chunks(wide):
    table = read_table(str(wide), encoding="utf-8")
    households = read_table(str(EXAMPLES / "households.csv"), encoding="utf-8")
    assert batches._csv_chunk_bytes(households, 4_000_000) == 4_000_000
    chunk = batches._csv_chunk_bytes(table, 4_000_000)
    assert batches.MIN_CSV_CHUNK_BYTES <= chunk < 4_000_000


def test_the_chunk_setting_is_given_back(wide, monkeypatch):
    monkeypatch.setenv(batches.CSV_CHUNK_VARIABLE, "4000000")
    table = read_table(str(wide), encoding="utf-8")
    seen = []
    for _ in batches.stream(table, lambda lf: lf):
        seen.append(os.environ[batches.CSV_CHUNK_VARIABLE])
    assert seen and int(seen[0]) < 4_000_000
    assert os.environ[batches.CSV_CHUNK_VARIABLE] == "4000000"


@pytest.mark.parametrize("rows", [7, 61])
def test_each_batch_holds_its_own_rows_cells(wide, monkeypatch, rows):
    """Every batch's cells are its rows' own: a typed scan left to fail on the rejected row's
    household size handed over earlier batches holding later rows' cells (polars 2.1)."""
    import polars as pl

    monkeypatch.setattr(batches, "BATCH_ROWS", rows)
    monkeypatch.setattr(batches, "MIN_BATCH_ROWS", 1)
    table = read_table(str(wide), encoding="utf-8")
    typed = {"household_size": "int", "income_per_capita_month": "int"}
    frames = list(batches.stream(table, lambda lf: lf, typed))
    got = pl.concat(frames, how="vertical_relaxed")
    text = pl.read_csv(wide, infer_schema=False)
    assert got["household_id"].to_list() == text["household_id"].to_list()
    assert got["__row__"].to_list() == list(range(2, 2 + text.height))
