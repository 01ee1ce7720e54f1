"""The benchmark compares like with like: its bare pipeline classifies as mdpoverty does."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import EXAMPLES, ROOT


def test_bare_pipeline_agrees_with_mdpoverty(tmp_path: Path):
    bare = tmp_path / "bare.csv"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bare_pipeline.py"),
            str(EXAMPLES / "households.csv"),
            str(bare),
        ],
        check=True,
    )
    ours = tmp_path / "ours.csv"
    result = CliRunner().invoke(
        app,
        ["classify", str(EXAMPLES / "households.csv"), "-o", str(ours), "--as-of", "2024-12-31"],
    )
    assert result.exit_code == 0, result.stderr
    a = pl.read_csv(bare, infer_schema=False).select("household_id", "class", "deprivation_count")
    b = pl.read_csv(ours, infer_schema=False).select("household_id", "class", "deprivation_count")
    assert a.equals(b)
    assert a.height == 3000


def test_repeated_hashes_are_found_across_batches_and_buckets():
    from mdpoverty.run.duplicate_ids import SpilledHashes

    top = 1 << 63
    third = (1 << 64) // 3
    parts = ([1, 5, top + 7, 2**64 - 1], [5, 9, top + 7], [2**64 - 1, 3], [third, third + 1])
    parts += ([third + 1, third, 2 * third + 1],)
    # one slice of the hash range, two, three (hashes at each slice's edge), one per hash
    for range_hashes in (1000, 7, 5, 1):
        store = SpilledHashes(range_hashes)
        for part in parts:
            store.add(pl.Series(part, dtype=pl.UInt64))
        found = sorted(store.repeated().to_list())
        assert found == [5, third, third + 1, top + 7, 2**64 - 1], range_hashes
        store.close()
    single = SpilledHashes()
    single.add(pl.Series([1, 2, 3], dtype=pl.UInt64))
    assert single.repeated().is_empty()
    single.close()


def test_startup_benchmark_times_every_command():
    if shutil.which("mdpoverty") is None:
        pytest.skip("mdpoverty is not installed on PATH")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "startup.py"), "--repeat", "1"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [
        line for line in proc.stdout.splitlines() if line.startswith("| ") and "---" not in line
    ]
    names = [row.split(" | ")[0].strip("| ") for row in rows[1:]]
    assert names == [
        "python -c pass",
        "python -c 'import polars'",
        "python -c 'import polars, pydantic, typer, yaml, rich.console, rich.table'",
        "bare pipeline, 100 households",
        "mdpoverty --help",
        "mdpoverty standards list",
        "mdpoverty classify, 100 households",
    ]
    for row in rows[1:]:
        median, least = (float(x) for x in row.strip("| ").split(" | ")[1:])
        assert 0 < least <= median
