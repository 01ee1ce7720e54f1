"""Ctrl-C (SIGINT), SIGTERM, SIGHUP (the terminal closed) and SIGQUIT in the middle of a large
run of the installed command: it stops, removes every temporary file (the outputs' .part files,
the duplicate-id check's hashes and the spooled standard input in TMPDIR), leaves earlier
outputs as they were, prints one line and exits 128 + the signal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from .conftest import EXAMPLES

EXE = Path(sys.executable).with_name("mdpoverty")
HOUSEHOLDS = 600_000  # a few seconds of work: long enough to be interrupted part way


@pytest.fixture(scope="module")
def big_input(tmp_path_factory) -> Path:
    """The example households repeated, with ids of their own."""
    sample = pl.read_csv(EXAMPLES / "households.csv", infer_schema=False)
    path = tmp_path_factory.mktemp("big") / "households.csv"
    pl.concat([sample] * (HOUSEHOLDS // sample.height)).with_columns(
        household_id=pl.format("H{}", pl.int_range(pl.len()))
    ).write_csv(path)
    return path


def _under_way(out_dir: Path, tmp: Path) -> bool:
    """The run has written part of its outputs and spilled some id hashes."""
    return bool(list(out_dir.glob(".*.part")) and list(tmp.glob("mdpoverty-ids-*/*.arrow")))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(
    ("signum", "from_stdin"),
    [
        (signal.SIGINT, False),
        (signal.SIGTERM, True),
        (getattr(signal, "SIGHUP", 1), False),
        (getattr(signal, "SIGQUIT", 3), True),
    ],
)
def test_an_interrupted_run_stops_cleans_up_and_keeps_earlier_outputs(
    big_input, tmp_path, signum, from_stdin
):
    out_dir, tmp = tmp_path / "out", tmp_path / "tmp"
    out_dir.mkdir()
    tmp.mkdir()
    out, rejects = out_dir / "out.csv", out_dir / "out_rejects.csv"
    out.write_bytes(b"an earlier output\n")
    rejects.write_bytes(b"earlier rejects\n")
    source = "-" if from_stdin else str(big_input)
    with open(big_input, "rb") as stdin:
        proc = subprocess.Popen(
            [EXE, "classify", source, "-o", out, "--as-of", "2024-12-31"],
            stdin=stdin if from_stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "TMPDIR": str(tmp)},
        )
        waited = 0.0
        while not _under_way(out_dir, tmp):
            if proc.poll() is not None:
                pytest.fail(f"the run ended before it could be interrupted: {proc.returncode}")
            if waited > 300:  # a guard against a hang, not a measure of speed
                proc.kill()
                pytest.fail("no temporary file appeared")
            time.sleep(0.01)
            waited += 0.01
        proc.send_signal(signum)
        _stdout, stderr = proc.communicate(timeout=300)
    name = signal.Signals(signum).name
    assert proc.returncode == 128 + signum
    assert stderr.decode().splitlines() == [
        f"interrupted by {name}: stopped; no output was written, earlier files are untouched"
    ]  # one line: no traceback, no Rust panic
    assert out.read_bytes() == b"an earlier output\n"
    assert rejects.read_bytes() == b"earlier rejects\n"
    assert sorted(p.name for p in out_dir.iterdir()) == ["out.csv", "out_rejects.csv"]
    assert not list(tmp.iterdir())
