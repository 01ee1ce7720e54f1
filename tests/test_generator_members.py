"""The synthetic generator's member rosters give the household file's count columns exactly.

The counts are recomputed here with polars from the law's rules (legal/vietnam-standards.md:
6 or over; 16 to 30 inclusive; 3 to under 16; under 16), independently of the generator's code.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import os
import random
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mdpoverty.columns import MEMBER_CANONICAL, ColumnType
from mdpoverty.run.validation import MEMBER_COUNTS

from .conftest import EXAMPLES

GENERATOR = EXAMPLES / "generate_quangninh.py"
COUNTS = ["household_size", *MEMBER_COUNTS]
BOOLS = [c.name for c in MEMBER_CANONICAL if c.type is ColumnType.BOOLEAN]


@functools.cache
def _generator():
    spec = importlib.util.spec_from_file_location("generate_quangninh", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read_members(source) -> pl.DataFrame:
    return pl.read_csv(
        source,
        schema_overrides={"household_id": pl.String, "age": pl.Int64}
        | dict.fromkeys(BOOLS, pl.Boolean),
    )


def counts_from_members(members: pl.DataFrame) -> pl.DataFrame:
    """The household count columns, by the law's rules, from a member roster. A rule left unknown
    by a blank (Kleene: `true and blank` is blank) is an error: the roster must answer it."""
    age = pl.col("age")
    rules = {
        "working_age_unemployed": pl.col("in_working_age") & pl.col("unemployed_or_no_contract"),
        "dependents": (age < 16) | pl.col("receives_social_allowance"),
        "children_under16_malnourished": (age < 16) & pl.col("malnourished"),
        "members_6plus_without_health_insurance": (age >= 6) & ~pl.col("has_health_insurance"),
        "members_16_30_lacking_education": age.is_between(16, 30)
        & ~pl.col("in_training_or_has_degree_for_age"),
        "children_3_15_not_in_school": (age >= 3)
        & (age < 16)
        & ~pl.col("attends_school_at_right_level"),
    }
    unknown = members.select(sum(rule.null_count() for rule in rules.values())).item()
    assert unknown == 0, "a rule is left unknown by a blank cell"
    return members.group_by("household_id").agg(
        pl.len().cast(pl.Int64).alias("household_size"),
        *(rule.sum().alias(name) for name, rule in rules.items()),
    )


def expected_counts(households: pl.DataFrame) -> pl.DataFrame:
    """The household file's counts, with the two corrections no roster can avoid: a child counted
    as malnourished or out of school is a dependant, and a single member cannot be both that child
    and a person aged 16-30."""
    child = (pl.col("children_under16_malnourished") + pl.col("children_3_15_not_in_school")) > 0
    return households.select("household_id", *COUNTS).with_columns(
        pl.max_horizontal("dependents", child.cast(pl.Int64)).alias("dependents"),
        pl.when(
            pl.col("household_size") - child.cast(pl.Int64)
            < pl.col("members_16_30_lacking_education")
        )
        .then(0)
        .otherwise(pl.col("members_16_30_lacking_education"))
        .alias(COUNTS[5]),
    )


def _compare(households: pl.DataFrame, members: pl.DataFrame) -> pl.DataFrame:
    """Rows where the members' counts differ from the expected ones (empty when all agree)."""
    got = counts_from_members(members)
    want = expected_counts(households)
    joined = want.join(got, on="household_id", how="full", suffix="_members", coalesce=True)
    differs = pl.any_horizontal(
        pl.col(c).cast(pl.Int64).ne_missing(pl.col(f"{c}_members").cast(pl.Int64)) for c in COUNTS
    )
    return joined.filter(differs)


def _assert_blanks_where_not_asked(members: pl.DataFrame) -> None:
    age = pl.col("age")
    asked = {
        "malnourished": age < 16,
        "in_training_or_has_degree_for_age": age.is_between(16, 30),
        "attends_school_at_right_level": (age >= 3) & (age < 16),
    }
    for column, when in asked.items():
        bad = members.filter(when.ne(pl.col(column).is_not_null()))
        assert bad.is_empty(), (column, bad.head())
    always = [c for c in BOOLS if c not in asked]
    assert members.select(pl.col(always).null_count()).sum_horizontal().item() == 0
    # unemployed only if of working age; working age from 15
    assert members.filter(
        pl.col("unemployed_or_no_contract") & ~pl.col("in_working_age")
    ).is_empty()
    assert members.filter(pl.col("in_working_age") & (age < 15)).is_empty()
    assert members.filter(age < 0).is_empty()


def test_example_members_give_the_example_households_counts():
    households = pl.read_csv(
        EXAMPLES / "households.csv", schema_overrides={"household_id": pl.String}
    )
    members = _read_members(EXAMPLES / "members.csv")
    assert _compare(households, members).is_empty()
    # the corrections are few and only where the household's own counts contradict each other
    corrected = households.join(expected_counts(households), on="household_id", suffix="_want")
    changed = corrected.filter(pl.any_horizontal(pl.col(c) != pl.col(f"{c}_want") for c in COUNTS))
    assert 0 < changed.height <= 40
    assert changed.filter(pl.col("dependents_want") != 1).is_empty()
    assert (changed["dependents"] == 0).all()
    # every household has its roster, every member its household, ages at every band's edge
    assert set(members["household_id"]) == set(households["household_id"])
    assert {2, 3, 5, 6, 15, 16, 30, 31} <= set(members["age"])
    edges = members["age"].is_in([2, 3, 5, 6, 15, 16, 30, 31]).sum()
    assert edges > members.height // 10
    _assert_blanks_where_not_asked(members)


def test_generator_writes_the_committed_files_and_the_households_do_not_depend_on_members(
    tmp_path: Path,
):
    out, prev, mem = tmp_path / "hh.csv", tmp_path / "prev.csv", tmp_path / "mem.csv"
    done = subprocess.run(
        [sys.executable, str(GENERATOR), "--households", "3000", "-o", str(out),
         "--previous", str(prev), "--members", str(mem)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.read_bytes() == (EXAMPLES / "households.csv").read_bytes()
    assert prev.read_bytes() == (EXAMPLES / "households_previous.csv").read_bytes()
    assert mem.read_bytes() == (EXAMPLES / "members.csv").read_bytes()
    assert "33 households' counts come from no roster (child_without_dependants)" in done.stderr
    plain = tmp_path / "plain.csv"
    subprocess.run(
        [sys.executable, str(GENERATOR), "--households", "3000", "-o", str(plain)], check=True
    )
    assert plain.read_bytes() == out.read_bytes()


def test_other_seed_and_size_exact_too():
    generator = _generator()
    hh, mem = io.StringIO(), io.StringIO()
    exceptions = generator.generate(20_000, hh, seed=7, members=mem)
    households = pl.read_csv(
        io.StringIO(hh.getvalue()), schema_overrides={"household_id": pl.String}
    )
    members = _read_members(io.StringIO(mem.getvalue()))
    assert _compare(households, members).is_empty()
    assert members.height == households["household_size"].sum()
    assert (
        sum(exceptions.values())
        == expected_counts(households)
        .join(households, on="household_id", suffix="_hh")
        .filter(pl.any_horizontal(pl.col(c) != pl.col(f"{c}_hh") for c in COUNTS))
        .height
    )
    _assert_blanks_where_not_asked(members)


def _row(size, unemployed, dependants, malnourished, uninsured, lacking, out_of_school):
    return ["H1", "Quảng Ninh", "Ba Chẽ", "Xã Ba Chẽ 01", "rural", size, 1_000_000,
            unemployed, dependants, malnourished, uninsured, lacking, out_of_school]  # fmt: skip


def _check_row(row: list[object], seed: int) -> str:
    people, exception = _generator()._roster(random.Random(seed), row)
    members = pl.DataFrame(
        people,
        schema={"household_id": pl.String, "age": pl.Int64} | dict.fromkeys(BOOLS, pl.String),
    ).with_columns(pl.col(BOOLS).replace_strict({"true": True, "false": False, "": None}))
    header = ["household_id", "province", "district", "commune", "area", COUNTS[0], "income"]
    households = pl.DataFrame([row], schema=[*header, *COUNTS[1:]], orient="row")
    diff = _compare(households, members)
    assert diff.is_empty(), (row, people, diff)
    _assert_blanks_where_not_asked(members)
    return exception


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_every_count_combination_the_generator_can_draw_is_realised(data):
    size = data.draw(st.integers(1, 7))
    row = _row(
        size,
        data.draw(st.integers(0, size)),
        data.draw(st.integers(0, size)),
        data.draw(st.integers(0, 1)),
        data.draw(st.integers(0, size)),
        data.draw(st.integers(0, 1)),
        data.draw(st.integers(0, 1)),
    )
    _check_row(row, data.draw(st.integers(0, 2**32)))


@pytest.mark.parametrize(
    ("row", "exception"),
    [
        (_row(1, 0, 0, 1, 0, 0, 0), "child_without_dependants"),
        (_row(1, 0, 1, 0, 0, 1, 1), "single_member_child_and_16_30"),
        (_row(1, 1, 1, 1, 1, 1, 1), "single_member_child_and_16_30"),
        (_row(7, 7, 7, 1, 7, 1, 1), ""),  # all unemployed and all dependants: 15-year-olds
        (_row(2, 0, 0, 1, 2, 0, 1), "child_without_dependants"),
        (_row(3, 0, 1, 1, 0, 1, 1), ""),
    ],
)
def test_edge_rosters(row, exception):
    assert _check_row(row, 1) == exception


def test_benchmark_files_say_the_same_in_counts_and_in_members(tmp_path: Path):
    """benchmarks/members.py's data at a small base: the counts file is what its rosters give,
    and the repeated copies (new ids) keep every household's roster."""
    spec = importlib.util.spec_from_file_location(
        "bench_members", EXAMPLES.parent / "benchmarks" / "members.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    with_counts, without, members_path = bench.make_data(4_500, tmp_path, base_rows=2_000)
    assert bench.check_data(with_counts, without, members_path, 4_500) > 4_500
    households = pl.read_csv(with_counts, schema_overrides={"household_id": pl.String})
    members = _read_members(members_path)
    # every count exact, with no correction left: the counts were recomputed from the rosters
    got = counts_from_members(members)
    joined = households.join(got, on="household_id", how="full", suffix="_m", coalesce=True)
    assert joined.height == 4_500
    assert joined.filter(
        pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}_m")) for c in COUNTS)
    ).is_empty()
    bare = pl.read_csv(without, schema_overrides={"household_id": pl.String})
    assert bare["household_id"].to_list() == households["household_id"].to_list()
    assert not set(COUNTS[1:]) & set(bare.columns)
    assert households["household_id"][[0, 2_000, 4_499]].to_list() == [
        "Q000000001", "Q010000001", "Q020000500",
    ]  # fmt: skip


def test_households_do_not_depend_on_the_process_string_hashing():
    """Near-poor households keep two of the deprivations drawn; which two once depended on
    PYTHONHASHSEED (a set's pop()), so large populations differed from run to run."""
    draw = (
        "import random, runpy, sys\n"
        f"g = runpy.run_path({str(GENERATOR)!r})\n"
        "rng = random.Random(1)\n"
        "for _ in range(100_000):\n"
        "    found = g['_deprivations'](rng, 'near_between')\n"
        "    if len(found) == 2: print(sorted(found))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", draw],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
    assert len(next(iter(outputs)).splitlines()) > 10


def test_example_classified_from_members_as_the_readme_says(tmp_path: Path):
    """The README's run: the same classes as from the count columns under both standards; only
    the six single-member households whose one member is a child gain the dependants deprivation."""
    from typer.testing import CliRunner

    from mdpoverty.cli.app import app

    runner = CliRunner()
    common = ["-s", "vn-2022-2025", "-s", "quangninh-2023-2025", "--as-of", "2024-12-31"]
    counts, roster = tmp_path / "counts.csv", tmp_path / "members.csv"
    done = runner.invoke(
        app, ["classify", str(EXAMPLES / "households.csv"), *common, "-o", str(counts)]
    )
    assert done.exit_code == 0, done.output
    done = runner.invoke(
        app,
        ["classify", str(EXAMPLES / "households.csv"), "--members", str(EXAMPLES / "members.csv"),
         *common, "-o", str(roster)],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert (
        "member rows read 10,728 = in accepted households 10,728 + in rejected households 0 + rejected 0 + skipped 0"
        in done.stdout
    )
    a = pl.read_csv(counts, infer_schema=False)
    b = pl.read_csv(roster, infer_schema=False)
    assert a.columns == b.columns and a["household_id"].equals(b["household_id"])
    for standard in ("vn-2022-2025", "quangninh-2023-2025"):
        assert a[f"class_{standard}"].equals(b[f"class_{standard}"])
        differ = b.filter(a[f"deprived_{standard}"] != b[f"deprived_{standard}"])
        households = pl.read_csv(EXAMPLES / "households.csv", infer_schema=False)
        single_child = households.filter(
            (pl.col("household_size") == "1")
            & (pl.col("dependents") == "0")
            & (
                (pl.col("children_under16_malnourished") != "0")
                | (pl.col("children_3_15_not_in_school") != "0")
            )
        )
        assert differ["household_id"].to_list() == single_child["household_id"].to_list()
        assert len(differ) == 6
        assert differ[f"deprived_{standard}"].str.contains("dependents").all()
