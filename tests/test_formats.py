"""The same households saved the ways officials save them classify to identical results."""

from __future__ import annotations

import csv
import io

import polars as pl
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.columns import CANONICAL

from .conftest import EXAMPLES
from .corpus.build_corpus import windows_vietnamese

VI = {c.name: c.vi_header for c in CANONICAL}


def _classify(path, tmp_path, *args: str) -> pl.DataFrame:
    out = tmp_path / f"{path.name}.out.csv"
    result = CliRunner().invoke(
        app, ["classify", str(path), "-o", str(out), "--as-of", "2025-01-01", *args]
    )
    assert result.exit_code == 0, result.stderr
    return pl.read_csv(out, infer_schema=False).select(
        "household_id", "class", "deprivation_count", "deprived", "income_line"
    )


def test_six_ways_of_saving_give_identical_results(tmp_path):
    frame = pl.read_csv(EXAMPLES / "households.csv", infer_schema=False, n_rows=400)
    text = io.StringIO()
    frame.write_csv(text)
    plain = text.getvalue()

    files = {}
    files["utf8.csv"] = tmp_path / "utf8.csv"
    files["utf8.csv"].write_text(plain, encoding="utf-8")
    files["bom.csv"] = tmp_path / "bom.csv"
    files["bom.csv"].write_text("\ufeff" + plain, encoding="utf-8")
    files["cp1258.csv"] = tmp_path / "cp1258.csv"
    files["cp1258.csv"].write_bytes(windows_vietnamese(plain))

    semi = io.StringIO()
    writer = csv.writer(semi, delimiter=";", lineterminator="\r\n")
    writer.writerow(frame.columns)
    money = frame.columns.index("income_per_capita_month")
    for row in frame.iter_rows():
        row = list(row)
        row[money] = f"{int(row[money]):,}".replace(",", ".")
        writer.writerow(row)
    files["semicolon.csv"] = tmp_path / "semicolon.csv"
    files["semicolon.csv"].write_text(semi.getvalue(), encoding="utf-8")

    files["vi.xlsx"] = tmp_path / "vi.xlsx"
    frame.rename({k: v for k, v in VI.items() if k in frame.columns}).write_excel(files["vi.xlsx"])
    files["typed.parquet"] = tmp_path / "typed.parquet"
    pl.read_csv(
        EXAMPLES / "households.csv", n_rows=400, schema_overrides={"household_id": pl.String}
    ).write_parquet(files["typed.parquet"])

    baseline = _classify(files["utf8.csv"], tmp_path)
    assert baseline.height == 400
    for name, path in files.items():
        args = ("--encoding", "cp1258") if name == "cp1258.csv" else ()
        assert _classify(path, tmp_path, *args).equals(baseline), name
    assert "1.500.000" not in plain  # the semicolon file really is in the dotted format
    assert "." in files["semicolon.csv"].read_text(encoding="utf-8").splitlines()[1]
