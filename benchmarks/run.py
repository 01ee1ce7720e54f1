"""Benchmark `mdpoverty classify` and `compare` against a bare polars pipeline, in one run.

    python benchmarks/run.py                      # 100k, 1M and 10M households
    python benchmarks/run.py --sizes 100000       # a quick smoke run

Data: benchmarks/data/hh_<n>.csv and .parquet, made once (deterministically) from the synthetic
Quảng Ninh generator: its first 1,000,000 households, repeated with new ids for larger sizes.
Each command runs in its own process; wall time is measured around it and peak memory is the
process's maximum resident set size from the operating system (wait4's rusage). Figures go to
stdout as a Markdown table, ready for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
ROOT = HERE.parent
BASE_ROWS = 1_000_000
AS_OF = "2024-12-31"  # both the national and the Quảng Ninh standard are in force
COUNTS = re.compile(r"rows read ([\d,]+) = (?:classified|compared) ([\d,]+) \+ rejected ([\d,]+)")


def make_data(rows: int) -> tuple[Path, Path]:
    """CSV and Parquet files of `rows` households (made once, then reused)."""
    import polars as pl

    DATA.mkdir(exist_ok=True)
    csv_path, pq_path = DATA / f"hh_{rows}.csv", DATA / f"hh_{rows}.parquet"
    base = DATA / f"hh_base_{BASE_ROWS}.csv"
    if not base.exists():
        subprocess.run(
            [sys.executable, str(ROOT / "examples" / "generate_quangninh.py"),
             "--households", str(BASE_ROWS), "-o", str(base)],
            check=True,
        )  # fmt: skip
    if not csv_path.exists():
        scan = pl.scan_csv(base, infer_schema=False)
        copies = -(-rows // BASE_ROWS)
        frames = [
            scan.with_columns(pl.col("household_id").str.replace("QN", f"Q{k:02d}"))
            for k in range(copies)
        ]
        pl.concat(frames).head(rows).sink_csv(csv_path)
    if not pq_path.exists():
        pl.scan_csv(csv_path, schema_overrides={"household_id": pl.String}).sink_parquet(pq_path)
    return csv_path, pq_path


WRAPPER = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[1:])\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "code = os.waitstatus_to_exitcode(status)\n"
    "cpu = usage.ru_utime + usage.ru_stime\n"
    "print(f'{usage.ru_maxrss / 1024:.0f} {cpu:.2f} MAXRSS', flush=True)\n"
    "sys.exit(code)\n"
)


def run(cmd: list[str]) -> tuple[float, float, float, str]:
    """(wall seconds, peak resident MB, CPU seconds, stdout) of `cmd`, run by a wrapper that
    waits for it alone, so the rusage is that command's own."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", WRAPPER, *cmd], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    lines = proc.stdout.rstrip("\n").splitlines()
    rss, cpu = (float(x) for x in lines[-1].split()[:2])
    return wall, rss, cpu, "\n".join(lines[:-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000,10000000")
    parser.add_argument(
        "--out", default=str(Path(os.environ.get("TMPDIR", "/tmp")) / "mdpoverty-bench")
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each command; the fastest is reported"
    )
    args = parser.parse_args(argv)
    exe = shutil.which("mdpoverty")
    if exe is None:
        raise SystemExit("install mdpoverty first (pip install .)")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    cpu = platform.processor() or platform.machine()
    print(f"machine: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}")
    print(f"each command run {args.repeat} time(s): fastest wall time, its CPU time, highest peak")
    print(
        "| households | input | command | wall s | CPU s | households/s | peak MB | ratio to bare |"
    )
    print("|---:|---|---|---:|---:|---:|---:|---:|")
    for rows in (int(s) for s in args.sizes.split(",")):
        csv_path, pq_path = make_data(rows)
        for fmt, src in (("csv", csv_path), ("parquet", pq_path)):
            commands = {
                "bare polars pipeline": [sys.executable, str(HERE / "bare_pipeline.py"), str(src), str(out / "bare.csv")],
                "mdpoverty classify -> csv": [exe, "classify", str(src), "-o", str(out / "c.csv"), "--as-of", AS_OF],
                "mdpoverty classify -> parquet": [exe, "classify", str(src), "-o", str(out / "c.parquet"), "--as-of", AS_OF],
                "mdpoverty compare --by district": [exe, "compare", str(src), "--as-of", AS_OF, "--by", "district", "--format", "json", "-o", str(out / "cmp.json")],
            }  # fmt: skip
            bare = None
            for name, cmd in commands.items():
                runs = [run(cmd) for _ in range(args.repeat)]
                wall, _, cpu, stdout = min(runs)
                rss = max(r[1] for r in runs)
                bare = wall if bare is None else bare
                found = COUNTS.search(stdout) if "classify" in name else None
                if found is not None:
                    read, done, rejected = (int(n.replace(",", "")) for n in found.groups())
                    assert read == rows == done + rejected, (read, done, rejected)
                if "compare" in name:
                    import json

                    report = json.loads((out / "cmp.json").read_text(encoding="utf-8"))
                    assert report["matrix_total"] == report["accounting"]["rows_read"] == rows
                print(
                    f"| {rows:,} | {fmt} | {name} | {wall:.2f} | {cpu:.2f} | {rows / wall:,.0f} |"
                    f" {rss:.0f} |"
                    f" {wall / bare:.2f} |",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
