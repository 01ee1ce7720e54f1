"""Benchmark `mdpoverty report` (and `report --previous`) against `classify` on the same files.

    python benchmarks/report.py                         # 1M and 10M households, CSV input
    python benchmarks/report.py --sizes 100000 --repeat 1

Data: the households files of benchmarks/run.py (made once under benchmarks/data/), and beside
them the previous review's lists made by the generator's --previous from the same first 1,000,000
households, repeated with the same new ids for larger sizes; and the same households with 10,000
communes dealt out in no order (the generator's 312 communes come in few distinct groups a batch). Each command runs in a process of its
own under run.py's wrapper: wall time, CPU time and peak resident memory (wait4's rusage). Rows
are checked on the way: rows read = reported + rejected, and the previous list's rows = households
on both lists + absent now.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import BASE_ROWS, DATA, ROOT, make_data, run  # noqa: E402

AS_OF = "2025-06-30"  # both the national and the Quảng Ninh standard are in force


def make_previous(rows: int) -> Path:
    """The previous review's list for the households file of `rows` (made once)."""
    import polars as pl

    path = DATA / f"prev_{rows}.csv"
    if path.exists():
        return path
    base = DATA / f"prev_base_{BASE_ROWS}.csv"
    if not base.exists():
        households = DATA / "prev_households_scratch.csv"
        subprocess.run(
            [sys.executable, str(ROOT / "examples" / "generate_quangninh.py"),
             "--households", str(BASE_ROWS), "-o", str(households), "--previous", str(base)],
            check=True,
        )  # fmt: skip
        households.unlink()
    scan = pl.scan_csv(base, infer_schema=False)
    copies = -(-rows // BASE_ROWS)
    frames = [
        scan.with_columns(pl.col("household_id").str.replace("QN", f"Q{k:02d}"))
        for k in range(copies)
    ]
    if rows < BASE_ROWS:  # the households of a smaller file are the first `rows`
        frames = [frames[0].filter(pl.col("household_id") < f"Q00{rows + 1:07d}")]
    pl.concat(frames).sink_csv(path)
    return path


def make_communes(rows: int, communes: int = 10_000) -> Path:
    """The households file of `rows` with `communes` communes (300 a province, 15 a district)
    dealt out in no order, as a national file not sorted by unit would be (made once)."""
    import polars as pl

    path = DATA / f"hh_{rows}_c{communes}.csv"
    if not path.exists():
        src, _ = make_data(rows)
        c = pl.int_range(pl.len()) * 1_299_709 % communes
        pl.scan_csv(src, infer_schema=False).with_columns(
            (pl.lit("Tỉnh ") + (c // 300).cast(pl.String)).alias("province"),
            (pl.lit("Huyện ") + (c // 15).cast(pl.String)).alias("district"),
            (pl.lit("Xã ") + c.cast(pl.String)).alias("commune"),
        ).sink_csv(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument(
        "--out", default=str(Path(os.environ.get("TMPDIR", "/tmp")) / "mdpoverty-bench")
    )
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the fastest counts")
    args = parser.parse_args(argv)
    exe = shutil.which("mdpoverty")
    if exe is None:
        raise SystemExit("install mdpoverty first (pip install .)")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    cpu = platform.processor() or platform.machine()
    print(f"machine: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}")
    print(f"each command run {args.repeat} time(s): fastest wall time, its CPU time, highest peak")
    print("| households | command | wall s | CPU s | peak MB | ratio to classify -> csv |")
    print("|---:|---|---:|---:|---:|---:|")
    for rows in (int(s) for s in args.sizes.split(",")):
        src, _ = make_data(rows)
        prev = make_previous(rows)
        spread = make_communes(rows)
        report = out / "report.json"
        commands = {
            "classify -> csv": [exe, "classify", str(src), "-o", str(out / "c.csv"), "--as-of", AS_OF],
            "classify -> parquet": [exe, "classify", str(src), "-o", str(out / "c.parquet"), "--as-of", AS_OF],
            "report -o report.json": [exe, "report", str(src), "--as-of", AS_OF, "-o", str(report)],
            "report --previous -o report.json": [exe, "report", str(src), "--as-of", AS_OF, "--previous", str(prev), "-o", str(report)],
            "report --previous -o report.xlsx": [exe, "report", str(src), "--as-of", AS_OF, "--previous", str(prev), "-o", str(out / "report.xlsx")],
            "report, 10,000 communes in no order -o report.json": [exe, "report", str(spread), "--as-of", AS_OF, "-o", str(report)],
            "report, 10,000 communes in no order -o report.xlsx": [exe, "report", str(spread), "--as-of", AS_OF, "-o", str(out / "report.xlsx")],
        }  # fmt: skip
        base = None
        for name, cmd in commands.items():
            runs = [run(cmd) for _ in range(args.repeat)]
            wall, _, cpu_s, _ = min(runs)
            rss = max(r[1] for r in runs)
            base = wall if base is None else base
            if name.endswith("report.json"):
                data = json.loads(report.read_text(encoding="utf-8"))
                acc = data["accounting"]
                assert acc["rows_read"] == rows == acc["reported"] + acc["rejected"], acc
                total = data["reports"][0]["households"]["all"][-1]["households"]
                assert total == acc["reported"], (total, acc)
                if "previous" in data:
                    p = data["previous"]
                    assert p["used"] == p["on_both_lists"] + p["absent_now"], p
                    moved = sum(n for row in data["movements"].values() for n in row.values())
                    assert moved == acc["reported"] + p["absent_now"], (moved, p)
            print(
                f"| {rows:,} | {name} | {wall:.2f} | {cpu_s:.2f} | {rss:.0f} | {wall / base:.2f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
