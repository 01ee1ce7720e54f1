"""Benchmark `mdpoverty measures` against the Python mpitb port's `est()` on the same Parquet file.

    python benchmarks/measures.py --port-python /path/to/venv/bin/python   # with the port
    python benchmarks/measures.py                                           # mdpoverty alone

Data: benchmarks/data/af12_<rows>.parquet (made once, deterministically): 12 indicators as 0/1
columns and a `region` column (10 regions), under benchmarks/af12.yaml (3 dimensions: 2, 2 and 8
indicators, so nested weights 1/6, 1/6 and 1/24). Both tools compute H, A, M0, the censored
headcount ratios and contributions of every indicator and the uncensored ratios, for the whole
population and by region, at k = 1/4 and 1/2 (the port's `klist=[25, 50]`; these k are exact in
binary, so any difference comes from the scores). Each tool runs in a process of its own, its
imports and the reading of the file included, as a user would run it (both tools' modules
compiled to bytecode first, as an install leaves them); wall time is measured around the process, CPU time and peak memory come from wait4. The port is not a dependency of
mdpoverty: install it (with pyarrow, for pandas' Parquet reader) into a scratch environment and
pass that environment's python.

Then the results are compared: each tool's H at each k, and the rows whose exact score is exactly
k but whose float score (the port's `DataFrame.dot`) falls under k, which explain any difference.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
STANDARD = HERE / "af12.yaml"
INDICATORS = [f"d{i:02d}" for i in range(1, 13)]
DIMENSIONS = [
    ("health", INDICATORS[:2]),
    ("education", INDICATORS[2:4]),
    ("living", INDICATORS[4:]),
]
WEIGHTS = {
    ind: Fraction(1, len(DIMENSIONS)) / len(members) for _, members in DIMENSIONS for ind in members
}
KS = [Fraction(1, 4), Fraction(1, 2)]
# how often each indicator is deprived, scaled by a row's latent poverty (so scores spread)
RATES = [0.10, 0.04, 0.12, 0.20, 0.30, 0.25, 0.22, 0.35, 0.18, 0.28, 0.15, 0.26]


def make_data(rows: int) -> Path:
    """The Parquet file of `rows` rows (made once, then reused)."""
    import polars as pl

    DATA.mkdir(exist_ok=True)
    path = DATA / f"af12_{rows}.parquet"
    if path.exists():
        return path
    index = pl.int_range(rows, dtype=pl.UInt64)
    latent = (index.hash(11) % 1000).cast(pl.Float64) / 1000  # 0 <= latent < 1
    columns = [
        ((index.hash(100 + i) % 10_000).cast(pl.Float64) < 10_000 * rate * (0.2 + 1.8 * latent))
        .cast(pl.Int8)
        .alias(name)
        for i, (name, rate) in enumerate(zip(INDICATORS, RATES, strict=True))
    ]
    region = pl.format("region_{}", (index.hash(7) % 10).cast(pl.String)).alias("region")
    pl.select(*columns, region).write_parquet(path)
    return path


WRAPPER = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[1:])\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "cpu = usage.ru_utime + usage.ru_stime\n"
    "print(f'{usage.ru_maxrss / 1024:.0f} {cpu:.2f} MAXRSS', file=sys.stderr, flush=True)\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def run(cmd: list[str]) -> tuple[float, float, float, str]:
    """(wall s, CPU s, peak MB, stdout) of `cmd`, measured by a wrapper that waits for it alone."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", WRAPPER, *cmd], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    peak, cpu, _ = proc.stderr.strip().splitlines()[-1].split()
    return wall, float(cpu), float(peak), proc.stdout


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def byte_compile(port_python: str | None) -> None:
    """Both tools' modules compiled to bytecode first, as `pip install` leaves them: an editable
    install run with PYTHONDONTWRITEBYTECODE=1 (as in the project's sessions) compiled
    mdpoverty's sixty-odd modules from source on every run, some 0.1 s of each start, while the
    port's came compiled from its wheel."""
    import mdpoverty

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(mdpoverty.__file__).parent)],
        check=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    )
    if port_python:
        subprocess.run(
            [port_python, "-c", "import compileall, mpitb, os; "
             "compileall.compile_dir(os.path.dirname(mpitb.__file__), quiet=1)"],
            check=True,
            env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        )  # fmt: skip


PORT_SCRIPT = """
import json, sys
import pandas as pd
from mpitb import MPIToolbox

df = pd.read_parquet(sys.argv[1])
tb = MPIToolbox()
tb.set(name="af12", dimensions=[(inds, dim) for dim, inds in json.loads(sys.argv[2])])
results = tb.est(df, "af12", klist=[25, 50], over=["region"])
out = [
    {"k": r["k"], "loa": r["loa"], "subg": str(r.get("subg")), "measure": r["measure"],
     "indicator": r.get("indicator"), "b": float(r["b"])}
    for r in results
]
json.dump(out, open(sys.argv[3], "w"))
"""

TIES_SCRIPT = """
import json, sys
import pandas as pd
from fractions import Fraction
from mpitb import MPIToolbox

df = pd.read_parquet(sys.argv[1])
dims = json.loads(sys.argv[2])
tb = MPIToolbox()
tb.set(name="af12", dimensions=[(inds, dim) for dim, inds in dims])
w = tb.get_equal_weights("af12")
inds = [i for _, members in dims for i in members]
score = df[inds].dot([w[i] for i in inds])  # as est() computes it
den = 24
exact = df[inds].dot([int(Fraction(1, len(dims)) / len(m) * den) for _, m in dims for _ in m])
out = {}
for k in (25, 50):
    at_k = exact * 100 == k * den
    out[str(k)] = {
        "at_k": int(at_k.sum()),
        "float_under_k": int((at_k & (score < k / 100)).sum()),
        "float_over_k_wrongly": int(((exact * 100 < k * den) & (score >= k / 100)).sum()),
    }
json.dump(out, open(sys.argv[3], "w"))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each tool (fastest kept)")
    parser.add_argument("--port-python", help="python of an environment with mpitb and pyarrow")
    args = parser.parse_args()

    import polars as pl

    data = make_data(args.rows)
    byte_compile(args.port_python)
    dims_json = json.dumps([[dim, members] for dim, members in DIMENSIONS])
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, polars {pl.__version__}"
    )
    print(f"data: {data} ({args.rows:,} rows, {len(INDICATORS)} indicators)\n")
    rows: list[tuple[str, float, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "measures.json"
        ours_cmd = [
            str(Path(sys.executable).with_name("mdpoverty")),
            "measures", str(data), "-s", str(STANDARD), "--k", "1/4", "--k", "1/2",
            "--by", "region", "--format", "json", "-o", str(out),
        ]  # fmt: skip
        commands = {"mdpoverty measures": ours_cmd}
        port = ties = None
        if args.port_python:
            script = Path(tmp) / "port.py"
            script.write_text(PORT_SCRIPT, encoding="utf-8")
            port_out = Path(tmp) / "port.json"
            commands["mpitb port est() (pandas)"] = [
                args.port_python, str(script), str(data), dims_json, str(port_out),
            ]  # fmt: skip
        # alternating, so that a change in the machine's load falls on both tools
        print(f"load average before the runs: {_load()}")
        runs: dict[str, list[tuple[float, float, float, str]]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, cmd in commands.items():
                runs[name].append(run(cmd))
        print(f"load average after the runs: {_load()}")
        for name, results in runs.items():
            print(
                f"{name}: wall " + ", ".join(f"{r[0]:.2f}" for r in results)
                + " s; CPU " + ", ".join(f"{r[1]:.2f}" for r in results) + " s"
            )  # fmt: skip
            best = min(results, key=lambda r: r[0])
            rows.append((name, best[0], min(r[1] for r in results), best[2]))
        print()
        ours = json.loads(out.read_text(encoding="utf-8"))
        if args.port_python:
            port = json.loads(port_out.read_text(encoding="utf-8"))
            ties_script = Path(tmp) / "ties.py"
            ties_script.write_text(TIES_SCRIPT, encoding="utf-8")
            ties_out = Path(tmp) / "ties.json"
            subprocess.run(
                [args.port_python, str(ties_script), str(data), dims_json, str(ties_out)],
                check=True,
            )
            ties = json.loads(ties_out.read_text(encoding="utf-8"))

    print("| tool | least wall s | least CPU s | peak MB | rows/s |")
    print("|---|---:|---:|---:|---:|")
    for name, wall, cpu, peak in rows:
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {peak:.0f} | {args.rows / wall:,.0f} |")
    if len(rows) == 2:
        print(
            f"\nmdpoverty is {rows[1][1] / rows[0][1]:.1f}x faster (least wall time), "
            f"{rows[1][2] / rows[0][2]:.1f}x (least CPU time)"
        )
    print("\n| k | group | measure | mdpoverty (exact) | mdpoverty | port | port - mdpoverty |")
    print("|---|---|---|---|---:|---:|---:|")
    for k in KS:
        for r in ours["results"]:
            if Fraction(r["k_exact"]) != k or r["by"] not in (None, "region"):
                continue
            if r["by"] == "region" and r["group"] not in ("region_0", "region_1"):
                continue
            for measure in ("H", "A", "M0"):
                theirs = ""
                diff = ""
                if port is not None:
                    (b,) = [
                        p["b"]
                        for p in port
                        if p["k"] == int(k * 100)
                        and p["measure"] == measure
                        and p["indicator"] is None
                        and (p["loa"] == "nat" if r["by"] is None else p["subg"] == r["group"])
                    ]
                    theirs = f"{b:.6f}"
                    diff = f"{b - r[measure]:+.6f}"
                group = "all" if r["by"] is None else r["group"]
                print(
                    f"| {k} | {group} | {measure} | {r[measure + '_exact']} | "
                    f"{r[measure]:.6f} | {theirs} | {diff} |"
                )
    if ties is not None:
        print(
            "\n| k | rows scoring exactly k | of them, float score under k (port: not poor) | float score >= k but exact score under k |"
        )
        print("|---|---:|---:|---:|")
        for k, t in ties.items():
            print(
                f"| {k}% | {t['at_k']:,} | {t['float_under_k']:,} | {t['float_over_k_wrongly']:,} |"
            )
        whole = {Fraction(r["k_exact"]): r for r in ours["results"] if r["by"] is None}
        for k in KS:
            (h,) = [
                p["b"]
                for p in port  # type: ignore[union-attr]
                if p["k"] == int(k * 100) and p["measure"] == "H" and p["loa"] == "nat"
            ]
            ours_poor = int(Fraction(whole[k]["H_exact"]) * ours["accounting"]["measured"])
            theirs_poor = round(h * args.rows)
            ties_under = ties[str(int(k * 100))]["float_under_k"]
            same = "exactly" if ours_poor - theirs_poor == ties_under else "NOT"
            print(
                f"k = {k}: mdpoverty counts {ours_poor:,} poor, the port {theirs_poor:,}: the "
                f"difference ({ours_poor - theirs_poor:,}) is {same} the ties whose float score "
                f"fell under k ({ties_under:,})"
            )
        hd = {
            p["indicator"]: p["b"]
            for p in port  # type: ignore[union-attr]
            if p["measure"] == "hd" and p["loa"] == "nat" and p["k"] == 25
        }
        first = next(r for r in ours["results"] if r["by"] is None)
        gaps = [abs(hd[i] - first["uncensored_headcount"][i]) for i in INDICATORS]
        print(
            f"uncensored headcount ratios (no cut-off involved): largest difference "
            f"{max(gaps):.2e} over the {len(gaps)} indicators"
        )
    acc = ours["accounting"]
    print(
        f"\nrows read {acc['rows_read']:,} = measured {acc['measured']:,} + rejected {acc['rejected']:,}"
    )


if __name__ == "__main__":
    main()
