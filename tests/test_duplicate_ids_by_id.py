"""Duplicate household ids are found and kept by id, never by row: 8 bytes for a repeated id
however many rows repeat it (kept by row, 20 million rows of one id took 4.8 GB and 150 s).
A hash that two different ids share rejects nothing by itself: those ids are counted exactly.
CliRunner with stdout and stderr apart."""

from __future__ import annotations

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.io.readers import ROW, Table
from mdpoverty.run import duplicate_ids

from .conftest import EXAMPLES

runner = CliRunner()


def _table(ids: list[str | None]) -> Table:
    frame = pl.DataFrame({"household_id": ids}).with_row_index(ROW, offset=2)
    return Table(frame.with_columns(pl.col(ROW).cast(pl.Int64)).lazy(), "t")


def _spilled(table: Table) -> duplicate_ids.SpilledHashes:
    hashes = duplicate_ids.SpilledHashes()
    frame = table.frame.collect()
    hashes.add(frame.select(duplicate_ids.hashed(pl.col("household_id")).alias("h"))["h"])
    return hashes


def test_many_rows_of_one_id_are_one_hash(tmp_path):
    n = 200_000
    table = _table(["H1"] * n)
    hashes = _spilled(table)
    try:
        found = duplicate_ids.find(hashes, table)
    finally:
        hashes.close()
    assert found is not None
    assert found.hashes.len() == 1  # not 200,000 row numbers
    assert found.ids.is_empty()


def test_no_repeated_id_is_none():
    table = _table(["H1", "H2", None, None])
    hashes = _spilled(table)
    try:
        assert duplicate_ids.find(hashes, table) is None
    finally:
        hashes.close()


@pytest.fixture
def colliding(monkeypatch):
    """A hash that gives every id of one length the same value: ids collide by design."""
    monkeypatch.setattr(duplicate_ids, "hashed", lambda ids: ids.str.len_bytes().cast(pl.UInt64))


def test_a_collision_rejects_only_the_ids_repeated(tmp_path, colliding):
    frame = pl.read_csv(EXAMPLES / "households.csv", infer_schema=False).head(6)
    # QN... ids are all one length: every hash is one; only X0001 is repeated
    ids = ["X0001", "X0002", "X0001", "X0003", "LONGER-ID-1", "LONGER-ID-2"]
    frame = frame.with_columns(pl.Series("household_id", ids))
    src = tmp_path / "h.csv"
    frame.write_csv(src)
    out = tmp_path / "o.csv"
    result = runner.invoke(app, ["classify", str(src), "-o", str(out), "--as-of", "2024-12-31"])
    assert result.exit_code == 3, result.stderr
    rejects = pl.read_csv(tmp_path / "o_rejects.csv", infer_schema=False)
    assert dict(zip(rejects["row"], rejects["errors"], strict=True)) == {
        "2": "household_id:duplicate_id",
        "4": "household_id:duplicate_id",
    }
    assert sorted(pl.read_csv(out, infer_schema=False)["household_id"]) == [
        "LONGER-ID-1",
        "LONGER-ID-2",
        "X0002",
        "X0003",
    ]
    assert "rows read 6 = classified 4 + rejected 2" in result.stdout


def test_one_id_on_every_row_rejects_every_row(tmp_path):
    frame = pl.read_csv(EXAMPLES / "households.csv", infer_schema=False).head(1)
    src = tmp_path / "h.parquet"
    pl.concat([frame] * 1000).write_parquet(src)
    out = tmp_path / "o.csv"
    result = runner.invoke(app, ["classify", str(src), "-o", str(out), "--as-of", "2024-12-31"])
    assert result.exit_code == 3, result.stderr
    rejects = pl.read_csv(tmp_path / "o_rejects.csv", infer_schema=False)
    assert rejects.height == 1000
    assert set(rejects["errors"]) == {"household_id:duplicate_id"}
    assert "rows read 1,000 = classified 0 + rejected 1,000" in result.stdout
