"""The member forms in the engine: aggregates over a household's members, exact and Kleene."""

from __future__ import annotations

import itertools
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mdpoverty.engine.classifier import (
    HOUSEHOLD_SIZE,
    ROSTER_SIZE,
    classify,
    compile_standard,
    load_checked,
)
from mdpoverty.engine.expressions import MAX_EXPRESSION_TERMS
from mdpoverty.engine.members import member_values, merge, partial
from mdpoverty.errors import ExpressionError, MembersRequired, StandardError
from mdpoverty.io.readers import ROW
from mdpoverty.standard.loader import load_standard

HEAD = """\
format_version: 1
id: member-test
version: test
title: {vi: Thử, en: Test}
jurisdiction: {level: national, country: "--"}
valid_from: 2020-01-01
references:
  - {id: ref, title: Test}
columns:
  flag: {type: boolean, label: {vi: Cờ, en: Flag}}
member_columns:
  score: {type: integer, maximum: 1000, label: {vi: Điểm, en: Score}}
parameters:
  age_min: {unit: years, status: secondary, reference: [ref], value: 6}
  half: {unit: share, status: secondary, reference: [ref], value: 0.5}
  line: {unit: VND, status: secondary, reference: [ref], by: area, values: {rural: 1, urban: 2}}
dimensions:
  - {id: d, label: {vi: D, en: D}}
k: 1
"""


_FILES = itertools.count()


def standard(
    tmp_path: Path, *forms: str, household: str | None = "flag", form: bool = True
) -> Path:
    """A test standard whose indicators i0, i1... have these member forms."""
    lines = ["indicators:"]
    for i, text in enumerate(forms):
        when = f", deprived_when: {household}" if household else ""
        lines.append(
            f"  - {{id: i{i}, dimension: d, label: {{vi: I{i}, en: I{i}}}, status: secondary, "
            f"reference: [ref]{when}" + (f", from_members: '{text}'}}" if form else "}")
        )
    path = tmp_path / f"member-test-{next(_FILES)}.yaml"
    path.write_text(HEAD + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def verdicts(path: Path, members: dict, households: list[str], batches: int = 1) -> list[list]:
    """Each indicator's verdict per household, the members aggregated in `batches` pieces."""
    cs = compile_standard(load_standard(path), members=True)
    frame = pl.DataFrame(members).with_row_index(ROW, offset=2)
    frame = frame.with_columns(member_values(cs.aggregates))
    step = max(1, -(-frame.height // batches))
    parts = [
        frame.slice(i, step)
        .group_by("household_id")
        .agg(pl.len().cast(pl.UInt32).alias(ROSTER_SIZE), *partial(cs.aggregates))
        for i in range(0, frame.height, step)
    ]
    agg = (
        pl.concat(parts, how="vertical_relaxed")
        .group_by("household_id")
        .agg(pl.col(ROSTER_SIZE).sum(), *merge(cs.aggregates))
    )
    h = pl.DataFrame({"household_id": households, "flag": [False] * len(households)})
    h = h.join(agg, on="household_id", how="left", maintain_order="left")
    h = h.with_columns(pl.col(ROSTER_SIZE).cast(pl.Int64).alias(HOUSEHOLD_SIZE))
    out = classify(h.lazy(), cs, keep_details=True).collect()
    return [out[f"__ind__i{i}"].to_list() for i in range(len(cs.indicators))]


def test_each_aggregate(tmp_path):
    path = standard(
        tmp_path,
        "any(age >= age_min and not has_health_insurance)",
        "all(has_health_insurance)",
        "count(age < 16) >= 2",
        "share(age < 16) > half",
        "sum(score) >= 10",
        "min(age) < 6",
        "max(score) == 7",
    )
    members = {
        "household_id": ["A", "A", "A", "B", "B", "C"],
        "age": [40, 5, 3, 30, 8, 70],
        "has_health_insurance": [True, False, True, True, True, False],
        "score": [3, 7, 1, 2, 2, 10],
    }
    got = verdicts(path, members, ["A", "B", "C"])
    # A: the 5-year-old without insurance is under 6
    assert got[0] == [False, False, True]
    assert got[1] == [False, True, False]
    assert got[2] == [True, False, False]
    assert got[3] == [True, False, False]  # 2 of 3 under 16
    assert got[4] == [True, False, True]
    assert got[5] == [True, False, False]
    assert got[6] == [True, False, False]


def test_share_exactly_one_half_is_not_more_than_half(tmp_path):
    path = standard(tmp_path, "share(age < 16) > half", "share(age < 16) >= half")
    members = {
        "household_id": ["A", "A", "B", "B", "B"],
        "age": [5, 40, 5, 6, 40],
        "has_health_insurance": [True] * 5,
        "score": [0] * 5,
    }
    more, at_least = verdicts(path, members, ["A", "B"])
    assert more == [False, True]  # 1/2 is not more than 0.5; 2/3 is
    assert at_least == [True, True]


def test_age_band_edges_are_the_laws(tmp_path):
    path = standard(
        tmp_path,
        "any(age >= 6 and not has_health_insurance)",
        "any(16 <= age <= 30 and not has_health_insurance)",
        "any(3 <= age < 16 and not has_health_insurance)",
    )
    ages = [2, 3, 5, 6, 15, 16, 30, 31]
    members = {
        "household_id": [str(a) for a in ages],
        "age": ages,
        "has_health_insurance": [False] * len(ages),
        "score": [0] * len(ages),
    }
    six, sixteen_thirty, three_fifteen = verdicts(path, members, [str(a) for a in ages])
    assert six == [False, False, False, True, True, True, True, True]
    assert sixteen_thirty == [False, False, False, False, False, True, True, False]
    assert three_fifteen == [False, True, True, True, True, False, False, False]


def test_a_blank_outside_the_asked_ages_is_harmless_and_unknown_where_it_matters(tmp_path):
    path = standard(
        tmp_path,
        "any(3 <= age < 16 and not has_health_insurance)",
        "all(has_health_insurance)",
        "count(not has_health_insurance) >= 1",
    )
    members = {
        "household_id": ["A", "A", "B", "B", "C", "C"],
        "age": [40, 10, 40, 10, 40, 10],
        # A: the adult's cell is blank (not asked): harmless for the child band
        # B: the child's cell is blank: the band's verdict is unknown
        # C: the child is not insured: true, whatever the adult's blank
        "has_health_insurance": [None, True, True, None, None, False],
        "score": [0] * 6,
    }
    band, every, count = verdicts(path, members, ["A", "B", "C"])
    assert band == [False, None, True]
    assert every == [None, None, False]  # all(): false as soon as one is false
    assert count == [None, None, None]  # a count with an unknown member is unknown


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from("ABC"),
            st.integers(0, 90),
            st.sampled_from([True, False, None]),
            st.integers(0, 9),
        ),
        min_size=1,
        max_size=30,
    ),
    st.integers(1, 5),
)
def test_batches_merge_to_the_same_result(tmp_path_factory, rows, batches):
    path = standard(
        tmp_path_factory.mktemp("s"),
        "any(age >= 6 and not has_health_insurance)",
        "all(has_health_insurance)",
        "count(has_health_insurance) >= 2",
        "share(age < 16) > half",
        "sum(score) > 12",
        "min(score) < 2",
        "max(age) >= 60",
    )
    members = {
        "household_id": [r[0] for r in rows],
        "age": [r[1] for r in rows],
        "has_health_insurance": pl.Series([r[2] for r in rows], dtype=pl.Boolean),
        "score": [r[3] for r in rows],
    }
    ids = sorted({r[0] for r in rows})
    assert verdicts(path, members, ids, batches) == verdicts(path, members, ids, 1)


def test_aggregates_only_in_from_members(tmp_path):
    path = standard(tmp_path, "any(malnourished)", household="any(malnourished)")
    with pytest.raises(ExpressionError, match="only available in an indicator's from_members"):
        load_checked(path)


def test_member_names_inside_household_names_outside(tmp_path):
    with pytest.raises(ExpressionError, match="unknown name 'flag'"):
        load_checked(standard(tmp_path, "any(flag)"))
    with pytest.raises(ExpressionError, match="unknown name 'age'"):
        load_checked(standard(tmp_path, "any(malnourished) and age > 3"))
    # household columns and parameters outside the aggregate are fine
    load_checked(standard(tmp_path, "any(malnourished) and flag"))


def test_aggregates_do_not_nest_and_need_their_kind(tmp_path):
    with pytest.raises(ExpressionError, match="aggregates do not nest"):
        load_checked(standard(tmp_path, "any(count(malnourished) > 1)"))
    with pytest.raises(ExpressionError, match=r"sum\(\) needs number of each member"):
        load_checked(standard(tmp_path, "sum(malnourished) > 1"))
    with pytest.raises(ExpressionError, match=r"any\(\) needs true/false of each member"):
        load_checked(standard(tmp_path, "any(age)"))
    with pytest.raises(ExpressionError, match=r"aggregates the household's members"):
        load_checked(standard(tmp_path, "flag"))


def test_a_parameter_by_area_is_refused_inside_an_aggregate(tmp_path):
    with pytest.raises(ExpressionError, match="has values by area"):
        load_checked(standard(tmp_path, "any(age > line)"))
    load_checked(standard(tmp_path, "count(malnourished) > line"))


def test_an_aggregate_counts_against_the_expression_limits(tmp_path):
    long = " or ".join(["score>0"] * (MAX_EXPRESSION_TERMS // 2 + 1))
    with pytest.raises(ExpressionError, match="the limit"):
        load_checked(standard(tmp_path, f"any({long})"))


def test_an_indicator_needs_one_form_and_a_member_only_one_needs_members(tmp_path):
    with pytest.raises(StandardError, match="'deprived_when', 'from_members' or both"):
        load_standard(standard(tmp_path, "any(malnourished)", household=None, form=False))
    path = standard(tmp_path, "any(malnourished)", household=None)
    loaded = load_checked(path)
    with pytest.raises(MembersRequired, match="i0") as exc:
        compile_standard(loaded)
    assert exc.value.exit_code == 2
    cs = compile_standard(loaded, members=True)
    assert cs.member_forms == ("i0",) and cs.member_required == ("malnourished",)


def test_an_unknown_member_column_is_refused_with_a_suggestion(tmp_path):
    with pytest.raises(ExpressionError, match="did you mean 'malnourished'"):
        load_checked(standard(tmp_path, "any(malnurished)"))


def test_the_shipped_standards_read_no_count_column_with_members():
    for sid in ("vn-2022-2025", "quangninh-2023-2025", "hochiminh-2024-2025", "vn-2016-2020"):
        cs = compile_standard(load_checked(sid), members=True)
        assert "members_6plus_without_health_insurance" not in cs.required_columns
        assert "household_size" not in cs.required_columns
        assert "health_insurance" in cs.member_forms


def test_sum_min_max_over_a_division_by_a_constant(tmp_path):
    """A division by a number or a parameter keeps a constant denominator, so it may stand
    inside sum/min/max; the result stays exact (a third of 10 is not 3.333...)."""
    path = standard(
        tmp_path,
        "sum(age / 3) * 3 == sum(age)",
        "min(age / 3) == 10 / 3",
        "max(score / half) == 2 * max(score)",
        "sum(age / -2) == 0 - sum(age) / 2",
    )
    members = {
        "household_id": ["A", "A", "B"],
        "age": [10, 11, 12],
        "has_health_insurance": [True] * 3,
        "score": [3, 7, 1],
    }
    got = verdicts(path, members, ["A", "B"])
    assert got == [[True, True], [True, False], [True, True], [True, True]]


def test_a_division_by_a_member_column_is_still_refused_in_a_sum(tmp_path):
    path = standard(tmp_path, "sum(score / age) > 1")
    with pytest.raises(ExpressionError, match="division by a column"):
        compile_standard(load_standard(path), members=True)
