"""The member table's storage: the roster limit, merging partials, aggregates shared by standards."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from mdpoverty.io import batches
from mdpoverty.run import members as run_members

from .test_members import classify_both, generate, invoke, write

HOUSEHOLDS = (
    "household_id,area,household_size,income_per_capita_month,non_durable_main_structures,"
    "floor_area_m2,safe_water,sanitary_latrine,uses_internet,has_information_device\n"
    "A,rural,1,1000000,0,30,có,có,có,có\n"
    "BIG,rural,{size},1000000,0,3000,có,có,có,có\n"
)
MEMBER_HEADER = (
    "household_id,age,in_working_age,unemployed_or_no_contract,receives_social_allowance,"
    "malnourished,has_health_insurance,in_training_or_has_degree_for_age,"
    "attends_school_at_right_level\n"
)
ADULT = ",40,1,0,0,,1,,\n"


def _roster(tmp_path: Path, size: int) -> tuple[Path, Path]:
    h = tmp_path / "hh.csv"
    h.write_text(HOUSEHOLDS.format(size=size), encoding="utf-8")
    m = tmp_path / "mm.csv"
    m.write_text(MEMBER_HEADER + "A" + ADULT + ("BIG" + ADULT) * size, encoding="utf-8")
    return h, m


@pytest.mark.parametrize("merge_rows", [run_members._MERGE_ROWS, 1])
def test_a_roster_over_the_limit_is_refused_citing_its_first_row(tmp_path, monkeypatch, merge_rows):
    # batches smaller than the roster: its partial counts add up across batches, merged or not
    monkeypatch.setattr(batches, "BATCH_ROWS", 20_000)
    monkeypatch.setattr(run_members, "_MERGE_ROWS", merge_rows)
    h, m = _roster(tmp_path, run_members.ROSTER_MAX + 1)
    out = tmp_path / "out.csv"
    result = invoke("classify", str(h), "--members", str(m), "-o", str(out))
    assert result.exit_code == 4, result.output
    assert "more than 65,535 member rows" in result.stderr
    assert "row 3" in result.stderr  # the file's third line: BIG's first member
    assert not out.exists()


def test_a_roster_at_the_limit_is_classified(tmp_path, monkeypatch):
    monkeypatch.setattr(batches, "BATCH_ROWS", 20_000)
    h, m = _roster(tmp_path, run_members.ROSTER_MAX)
    out = tmp_path / "out.csv"
    result = invoke("classify", str(h), "--members", str(m), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert (
        f"member rows read {run_members.ROSTER_MAX + 1:,} = in accepted households "
        f"{run_members.ROSTER_MAX + 1:,} + in rejected households 0"
    ) in result.stdout
    assert pl.read_csv(out, infer_schema=False).height == 2


def test_merging_partials_every_batch_changes_nothing(tmp_path, monkeypatch):
    first_dir, second_dir = tmp_path / "one", tmp_path / "many"
    first_dir.mkdir()
    second_dir.mkdir()
    _, once, _ = classify_both(first_dir, 11, 300, "vn-2022-2025")
    monkeypatch.setattr(batches, "BATCH_ROWS", 37)  # the members are shuffled: many partials
    monkeypatch.setattr(run_members, "_MERGE_ROWS", 1)
    _, merged, result = classify_both(second_dir, 11, 300, "vn-2022-2025")
    assert "member rows read" in result.stdout
    assert once.equals(merged)


def test_standards_sharing_aggregates_classify_as_each_alone(tmp_path):
    _, plain, roster = generate(5, 200)
    h = write(tmp_path / "plain.csv", plain)
    m = write(tmp_path / "members.csv", roster)
    both = ["-s", "vn-2022-2025", "-s", "quangninh-2023-2025"]
    common = ["--members", str(m), "--as-of", "2024-06-30"]
    result = invoke("classify", str(h), *common, *both, "-o", str(tmp_path / "both.csv"))
    assert result.exit_code == 0, result.output
    together = pl.read_csv(tmp_path / "both.csv", infer_schema=False)
    for std in ("vn-2022-2025", "quangninh-2023-2025"):
        out = tmp_path / f"{std}.csv"
        alone = invoke("classify", str(h), *common, "-s", std, "-o", str(out))
        assert alone.exit_code == 0, alone.output
        single = pl.read_csv(out, infer_schema=False)
        own = ["class", "deprivation_count", "deprived", "income_line"]
        named = together.select(pl.col(f"{c}_{std}").alias(c) for c in own)
        assert single.select(own).equals(named)
        assert single["deprived"].str.contains("health_insurance").any()


def test_two_ids_of_one_hash_are_refused_never_mixed(tmp_path, monkeypatch):
    real = run_members.id_hashes

    def first_letter(ids: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        # a 64-bit hash of the id's first letter only: A1, A2 and A3 collide; the check is real
        _, check = real(ids)
        return real(ids.str.slice(0, 1))[0], check

    monkeypatch.setattr(run_members, "id_hashes", first_letter)
    h = tmp_path / "hh.csv"
    lines = HOUSEHOLDS.splitlines()
    h.write_text(
        "\n".join([lines[0], lines[1], *(lines[1].replace("A,", f"A{k},", 1) for k in (1, 2))])
        + "\n",
        encoding="utf-8",
    )
    m = tmp_path / "mm.csv"
    # A3 in the member file only: its rows collide with A1's and A2's in one merged partial
    m.write_text(MEMBER_HEADER + "".join(f"{i}{ADULT}" for i in ("A", "A1", "A3")), "utf-8")
    out = tmp_path / "out.csv"
    result = invoke("classify", str(h), "--members", str(m), "-o", str(out))
    assert result.exit_code == 3, result.output
    assert "rows read 3 = classified 0 + rejected 3" in result.stdout
    rejects = pl.read_csv(tmp_path / "out_rejects.csv", infer_schema=False)
    assert rejects.height == 3
    assert rejects.filter(pl.col("household_id") == "A2")["errors"].str.contains(
        run_members.HASH_COLLISION
    )[0]
