"""Benchmark `mdpoverty classify` from household counts against households + `--members`.

    python benchmarks/members.py                      # the whole country: 27M households
    python benchmarks/members.py --sizes 1000000      # a quicker look
    python benchmarks/members.py --sizes 1000 --data-only   # only make (and check) the files

Data, made once under benchmarks/data/ (git-ignored), deterministically: the synthetic Quảng Ninh
generator's first 1,000,000 households and their members (`--members`, about 3.5 members a
household), repeated with new ids as run.py does (27M households: about 95M members). Two household
files of the same households: `memhh_counts_<n>.csv` with the count columns recomputed from the
rosters by the law's rules (so the two inputs say the same thing even for the generator's few
households whose own counts no roster can give; see examples/generate_quangninh.py), and
`memhh_<n>.csv` without the count columns (household_size kept); and `mem_<n>.csv`, the members.
Each command runs in its own process under run.py's wrapper (wall time, CPU time, peak resident
set size from wait4). The script checks that both runs read, classified and rejected the same
numbers of households (none rejected), that the member rows read are the file's and all used,
and that the two outputs agree cell for cell on every column they share.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl

from mdpoverty.columns import MEMBER_CANONICAL, ColumnType
from mdpoverty.run.validation import MEMBER_COUNTS

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import AS_OF, BASE_ROWS, COUNTS, DATA, ROOT, run

STANDARDS = ["vn-2022-2025", "quangninh-2023-2025"]
COUNT_COLUMNS = list(MEMBER_COUNTS)  # in validation's order, which the sums below follow
MEMBER_BOOLS = [c.name for c in MEMBER_CANONICAL if c.type is ColumnType.BOOLEAN]
# "member rows read 3,500,000 = used 3,500,000 + rejected 0 (+ skipped 0)", as the SPEC words it
MEMBER_COUNTS = re.compile(
    r"member rows read ([\d,]+) = used ([\d,]+) \+ rejected ([\d,]+)", re.IGNORECASE
)


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _base(data: Path, base_rows: int) -> tuple[Path, Path]:
    """The generator's first `base_rows` households with their count columns recomputed from
    their members, and the members (made once)."""
    data.mkdir(exist_ok=True)
    households = data / f"memhh_base_{base_rows}.csv"
    members = data / f"mem_base_{base_rows}.csv"
    if households.exists() and members.exists():
        return households, members
    raw = data / f"memhh_raw_{base_rows}.csv.part"
    part = members.with_suffix(".csv.part")
    subprocess.run(
        [sys.executable, str(ROOT / "examples" / "generate_quangninh.py"),
         "--households", str(base_rows), "-o", str(raw), "--members", str(part)],
        check=True,
    )  # fmt: skip
    roster = pl.scan_csv(
        part,
        schema_overrides={"household_id": pl.String, "age": pl.Int64}
        | dict.fromkeys(MEMBER_BOOLS, pl.Boolean),
    )
    age = pl.col("age")
    counts = roster.group_by("household_id").agg(
        pl.len().alias("roster_size"),
        (pl.col("in_working_age") & pl.col("unemployed_or_no_contract"))
        .sum()
        .alias(COUNT_COLUMNS[0]),
        ((age < 16) | pl.col("receives_social_allowance")).sum().alias(COUNT_COLUMNS[1]),
        ((age < 16) & pl.col("malnourished")).sum().alias(COUNT_COLUMNS[2]),
        ((age >= 6) & ~pl.col("has_health_insurance")).sum().alias(COUNT_COLUMNS[3]),
        (age.is_between(16, 30) & ~pl.col("in_training_or_has_degree_for_age"))
        .sum()
        .alias(COUNT_COLUMNS[4]),
        ((age >= 3) & (age < 16) & ~pl.col("attends_school_at_right_level"))
        .sum()
        .alias(COUNT_COLUMNS[5]),
    )
    scan = pl.scan_csv(raw, infer_schema=False)
    header = scan.collect_schema().names()
    joined = scan.join(
        counts, on="household_id", how="left", maintain_order="left", suffix="_m"
    ).collect()
    assert joined["roster_size"].null_count() == 0, "a household without members"
    assert joined["household_id"].n_unique() == base_rows  # so every copy's ids are unique too
    assert (joined["roster_size"].cast(pl.String) == joined["household_size"]).all()
    changed = joined.filter(
        pl.any_horizontal(pl.col(c).cast(pl.Int64) != pl.col(f"{c}_m") for c in COUNT_COLUMNS)
    ).height
    print(f"base: {changed:,} of {base_rows:,} households' counts recomputed from their rosters")
    joined.select(
        *(
            pl.col(f"{c}_m").cast(pl.String).alias(c) if c in COUNT_COLUMNS else pl.col(c)
            for c in header
        )
    ).write_csv(households.with_suffix(".csv.part"))
    households.with_suffix(".csv.part").replace(households)
    part.replace(members)
    raw.unlink()
    return households, members


def make_data(rows: int, data: Path = DATA, base_rows: int = BASE_ROWS) -> tuple[Path, Path, Path]:
    """(households with counts, households without them, members) of `rows` households: the
    generator's first `base_rows`, repeated with new ids."""
    base_households, base_members = _base(data, base_rows)
    with_counts = data / f"memhh_counts_{rows}.csv"
    without = data / f"memhh_{rows}.csv"
    members = data / f"mem_{rows}.csv"
    copies = -(-rows // base_rows)

    def renumbered(scan: pl.LazyFrame, k: int) -> pl.LazyFrame:
        return scan.with_columns(pl.col("household_id").str.replace("QN", f"Q{k:02d}"))

    if not with_counts.exists() or not without.exists():
        scan = pl.scan_csv(base_households, infer_schema=False)
        frame = pl.concat([renumbered(scan, k) for k in range(copies)]).head(rows)
        frame.sink_csv(with_counts.with_suffix(".part"))
        frame.drop(COUNT_COLUMNS).sink_csv(without.with_suffix(".part"))
        with_counts.with_suffix(".part").replace(with_counts)
        without.with_suffix(".part").replace(without)
    if not members.exists():
        scan = pl.scan_csv(base_members, infer_schema=False)
        number = pl.col("household_id").str.slice(2).cast(pl.Int64)
        parts = [renumbered(scan.filter(number <= rows - k * base_rows), k) for k in range(copies)]
        pl.concat(parts).sink_csv(members.with_suffix(".part"))
        members.with_suffix(".part").replace(members)
    return with_counts, without, members


def check_data(with_counts: Path, without: Path, members: Path, rows: int) -> int:
    """Rows of each file as expected; returns the number of member rows."""
    size = (
        pl.scan_csv(without, schema_overrides={"household_id": pl.String})
        .select(pl.len(), pl.col("household_size").sum())
        .collect(engine="streaming")
    )
    n, members_expected = size.row(0)
    assert n == rows, (n, rows)
    count = (
        pl.scan_csv(with_counts, infer_schema=False)
        .select(pl.len())
        .collect(engine="streaming")
        .item()
    )
    assert count == rows, (count, rows)
    read = (
        pl.scan_csv(members, infer_schema=False).select(pl.len()).collect(engine="streaming").item()
    )
    assert read == members_expected, (read, members_expected)
    return read


def _differences(a: Path, b: Path, rows: int) -> int:
    """Rows on which the two outputs differ in a column they share (both in input order)."""
    left = pl.scan_csv(a, infer_schema=False)
    right = pl.scan_csv(b, infer_schema=False)
    shared = [c for c in left.collect_schema().names() if c in right.collect_schema().names()]
    assert "household_id" in shared and any(c.startswith("class") for c in shared), shared
    both = pl.concat(
        [
            left.select(pl.col(shared).name.suffix("_a")),
            right.select(pl.col(shared).name.suffix("_b")),
        ],
        how="horizontal",
    )
    differs = pl.any_horizontal(pl.col(f"{c}_a").ne_missing(pl.col(f"{c}_b")) for c in shared)
    counts = both.select(pl.len(), differs.sum().alias("differ")).collect(engine="streaming")
    length, differ = counts.row(0)
    assert length == rows, (length, rows)  # a shorter output's missing rows differ too
    return int(differ)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="27000000")
    parser.add_argument(
        "--out", default=str(Path(os.environ.get("TMPDIR", "/tmp")) / "mdpoverty-bench")
    )
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--data-only", action="store_true", help="make and check the files only")
    args = parser.parse_args(argv)
    exe = shutil.which("mdpoverty")
    if exe is None and not args.data_only:
        raise SystemExit("install mdpoverty first (pip install .)")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    standards = [arg for s in STANDARDS for arg in ("-s", s)]
    print("| households | members | input | wall s | CPU s | households/s | peak MB |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    for rows in (int(s) for s in args.sizes.split(",")):
        with_counts, without, members = make_data(rows)
        member_rows = check_data(with_counts, without, members, rows)
        if args.data_only:
            print(f"| {rows:,} | {member_rows:,} | files made and checked | | | | |")
            continue
        outputs = {"counts": out / "members_counts.csv", "members": out / "members_roster.csv"}
        commands = {
            "households with count columns": [exe, "classify", str(with_counts), *standards,
                                              "--as-of", AS_OF, "-o", str(outputs["counts"])],
            "households + --members": [exe, "classify", str(without), "--members", str(members),
                                       *standards, "--as-of", AS_OF, "-o", str(outputs["members"])],
        }  # fmt: skip
        for name, cmd in commands.items():
            runs = [run(cmd) for _ in range(args.repeat)]
            wall, _, cpu, stdout = min(runs)
            rss = max(r[1] for r in runs)
            found = COUNTS.search(stdout)
            if found is None:
                raise SystemExit(f"no household accounting line in:\n{stdout[-2000:]}")
            read, done, rejected = (_number(n) for n in found.groups())
            assert read == rows == done and rejected == 0, (name, read, done, rejected)
            if "--members" in cmd:
                line = MEMBER_COUNTS.search(stdout)
                if line is None:
                    raise SystemExit(f"no member accounting line in:\n{stdout[-2000:]}")
                m_read, used, m_rejected = (_number(n) for n in line.groups())
                assert m_read == member_rows == used and m_rejected == 0, (m_read, used)
            print(
                f"| {rows:,} | {member_rows if '--members' in cmd else 0:,} | {name} |"
                f" {wall:.2f} | {cpu:.2f} | {rows / wall:,.0f} | {rss:.0f} |",
                flush=True,
            )
        differ = _differences(outputs["counts"], outputs["members"], rows)
        if differ:
            raise SystemExit(f"{differ:,} households classified differently from their members")
        print(f"| {rows:,} | | both classifications agree on every shared column | | | | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
