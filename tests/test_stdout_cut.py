"""Standard output that takes part of what is written, then refuses the rest (a file at its size
limit under `ulimit -f`, a disk that fills): exit 4 and one message naming `<standard output>`,
in every command, never exit 0 with the text cut off. Python's writers took the part for the
whole and dropped the rest without a word (`standards schema > f` under `ulimit -f 4` wrote 4096
bytes and exited 0); `streams.WholeWrites` writes every byte or raises. Buffered and unbuffered
(PYTHONUNBUFFERED, python -u) standard output alike."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES

EXE = Path(sys.executable).with_name("mdpoverty")
LIMIT = 4096  # bytes: less than each command below writes
HOUSEHOLDS = str(EXAMPLES / "households.csv")
COMMANDS = [
    ["standards", "schema"],
    ["standards", "show", "vn-2022-2025"],
    ["standards", "diff", "vn-2016-2020", "vn-2022-2025"],
    ["explain", HOUSEHOLDS, "--id", "QN0000001", "--json", "--as-of", "2024-12-31"],
    ["classify", "--help"],
]


def _limited() -> None:
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


@pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE")
@pytest.mark.parametrize("unbuffered", [False, True])
@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a[:2]) for a in COMMANDS])
def test_standard_output_cut_off_is_exit_4_named(args, unbuffered, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    whole = subprocess.run([EXE, *args], capture_output=True, env=env)
    assert whole.returncode == 0 and len(whole.stdout) > LIMIT  # the case is one
    out = tmp_path / "out.txt"
    with out.open("wb") as fh:
        proc = subprocess.run(
            [EXE, *args], stdout=fh, stderr=subprocess.PIPE, preexec_fn=_limited, env=env
        )
    stderr = proc.stderr.decode()
    assert proc.returncode == 4, stderr
    assert stderr.splitlines() == ["error: <standard output>: File too large"]
    assert out.read_bytes() == whole.stdout[: out.stat().st_size]  # what was taken, as it is


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a[:2]) for a in COMMANDS])
def test_standard_output_on_a_full_disk_is_exit_4_named(args):
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([EXE, *args], stdout=full, stderr=subprocess.PIPE, text=True)
    assert proc.returncode == 4, proc.stderr
    assert proc.stderr.splitlines() == ["error: <standard output>: No space left on device"]
