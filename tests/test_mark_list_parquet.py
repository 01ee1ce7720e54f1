"""A Parquet list of deprivations as a `List(String)` column is read as the text form is: the
same names, the same fold, the same rejects (README: Lists of deprivation marks)."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

pytest.importorskip("pyarrow")

runner = CliRunner()
AS_OF = "2024-12-31"
HEAD = {
    "household_id": ["A", "B", "C", "D", "E", "F"],
    "area": ["rural"] * 6,
    "household_size": [4] * 6,
    "income_per_capita_month": [1_500_000] * 5 + [1_500_001],
}
# poor (3 at the line), none, no list (null), an unknown name (rejected), a null item, folded
# names (no accents, other case) one dong over the line
ITEMS = [
    ["Việc làm", "Nước sinh hoạt", "Nhà tiêu hợp vệ sinh"],
    [],
    None,
    ["Việc làm", "Không có"],
    ["BHYT", None],
    ["viec lam", "NUOC SINH HOAT", "nha tieu hop ve sinh"],
]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _classify(path: Path, tmp_path: Path, stem: str):
    out = tmp_path / f"{stem}.csv"
    result = runner.invoke(
        app, ["classify", str(path), "-o", str(out), "--as-of", AS_OF, "--lang", "en"]
    )
    return result, out, tmp_path / f"{stem}_rejects.csv"


def test_a_list_column_reads_as_its_text(tmp_path):
    frame = pl.DataFrame(
        {**HEAD, "deprived": ITEMS}, schema_overrides={"deprived": pl.List(pl.String)}
    )
    assert frame.schema["deprived"] == pl.List(pl.String)
    frame.write_parquet(tmp_path / "list.parquet", use_pyarrow=True)
    text = frame.with_columns(pl.col("deprived").list.join("; "))
    text.write_parquet(tmp_path / "text.parquet")

    listed, out, rejects = _classify(tmp_path / "list.parquet", tmp_path, "list")
    assert listed.exit_code == 3, listed.stderr
    assert "left out" not in listed.stderr
    assert "read from the list of deprivations in column 'deprived'" in listed.stderr
    assert "rows read 6 = classified 5 + rejected 1 + skipped 0" in listed.stdout
    got = {r["household_id"]: r for r in _rows(out)}
    assert got["A"]["class"] == "poor" and got["A"]["deprivation_count"] == "3"
    assert got["A"]["deprived"] == "Việc làm; Nước sinh hoạt; Nhà tiêu hợp vệ sinh"
    assert got["B"]["deprivation_count"] == got["C"]["deprivation_count"] == "0"
    assert got["E"]["deprivation_count"] == "1"
    assert got["F"]["class"] == "average" and got["F"]["deprivation_count"] == "3"
    (rejected,) = _rows(rejects)
    assert rejected["household_id"] == "D"
    assert rejected["errors"] == "deprived:unknown_indicator@Không có"

    as_text, text_out, text_rejects = _classify(tmp_path / "text.parquet", tmp_path, "text")
    assert as_text.exit_code == 3, as_text.stderr
    assert out.read_text(encoding="utf-8") == text_out.read_text(encoding="utf-8")
    assert rejects.read_text(encoding="utf-8") == text_rejects.read_text(encoding="utf-8")


def test_a_list_of_numbers_is_still_left_out(tmp_path):
    frame = pl.DataFrame({**HEAD, "codes": [[1, 2]] * 6})
    frame = frame.with_columns(deprived=pl.lit(""))
    frame.write_parquet(tmp_path / "codes.parquet")
    result, out, _ = _classify(tmp_path / "codes.parquet", tmp_path, "codes")
    assert result.exit_code == 0, result.stderr
    assert "'codes' (List(Int64))" in result.stderr
    assert "codes" not in _rows(out)[0]
