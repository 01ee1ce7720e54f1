"""The engine agrees exactly with an independent reading of the rules, at every threshold."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mdpoverty.engine.classifier import classify, compile_standard
from mdpoverty.io.readers import Table
from mdpoverty.run.runner import prepare
from mdpoverty.standard.loader import load_standard

from . import reference

STANDARDS = ["vn-2022-2025", "quangninh-2023-2025", "dongnai-2022-2025"]
LINE_POINTS = sorted(
    {v + d for lines in reference.LINES.values() for v in lines.values() for d in (-1, 0, 1)}
    | {v + d for tops in reference.AVERAGE_TOPS.values() for v in tops.values() for d in (-1, 0, 1)}
)
LINE_CENTS = sorted(
    Decimal(v) + d for v in LINE_POINTS for d in (Decimal("-0.01"), Decimal("0.01"))
)


@st.composite
def households(draw) -> dict:
    size = draw(st.integers(1, 9))
    area = draw(st.sampled_from(["rural", "urban"]))
    # incomes on each line, a dong or a hundredth of one either side of it, and anywhere
    income = draw(
        st.one_of(
            st.sampled_from(LINE_POINTS),
            st.sampled_from(LINE_CENTS),
            st.integers(0, 5_000_000),
            st.decimals(0, 5_000_000, places=2),
        )
    )
    # floor areas on, just under and just over 8 m2 per person, and anywhere
    floor = draw(
        st.one_of(
            st.sampled_from(
                [
                    Decimal(8 * size),
                    Decimal(8 * size) - Decimal("0.01"),
                    Decimal(8 * size) + Decimal("0.01"),
                ]
            ),
            st.decimals(0, 400, places=2),
        )
    )
    return {
        "area": area,
        "household_size": size,
        "income_per_capita_month": income,
        "working_age_unemployed": draw(st.integers(0, size)),
        "dependents": draw(st.sampled_from(sorted({0, size // 2, size // 2 + 1, size}))),
        "children_under16_malnourished": draw(st.integers(0, min(size, 2))),
        "members_6plus_without_health_insurance": draw(st.integers(0, min(size, 2))),
        "members_16_30_lacking_education": draw(st.integers(0, min(size, 2))),
        "children_3_15_not_in_school": draw(st.integers(0, min(size, 2))),
        "non_durable_main_structures": draw(st.integers(0, 3)),
        "floor_area_m2": floor,
        "safe_water": draw(st.booleans()),
        "sanitary_latrine": draw(st.booleans()),
        "uses_internet": draw(st.booleans()),
        "has_information_device": draw(st.booleans()),
    }


def run_engine(rows: list[dict], standard: str) -> pl.DataFrame:
    cs = compile_standard(load_standard(standard))
    text = {
        key: [
            ("true" if r[key] else "false") if isinstance(r[key], bool) else str(r[key])
            for r in rows
        ]
        for key in rows[0]
    }
    text["household_id"] = [f"H{i}" for i in range(len(rows))]
    frame = (
        pl.DataFrame(text)
        .with_row_index("__row__", offset=2)
        .with_columns(pl.col("__row__").cast(pl.Int64))
    )
    prepared = prepare(Table(frame.lazy(), "generated"), [cs])
    good, bad = prepared.good, prepared.bad
    assert bad.collect().height == 0
    return classify(good, cs).collect()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(households(), min_size=1, max_size=40))
def test_classes_and_deprivations_match_the_legal_rules(rows):
    for standard in STANDARDS:
        out = run_engine(rows, standard)
        for row, got in zip(rows, out.iter_rows(named=True), strict=True):
            want = reference.deprivations(row)
            assert (got["deprived"].split(";") if got["deprived"] else []) == want
            assert got["deprivation_count"] == len(want)
            assert got["class"] == reference.classify(row, standard), (standard, row)
            assert got["income_line"] == reference.LINES[standard][row["area"]]


def test_every_line_point_on_both_standards():
    """Each income a VND under, at and over every line, with 1, 2 and 3 deprivations."""
    rows = []
    for income in LINE_POINTS:
        for area in ("rural", "urban"):
            for extra in (1, 2, 3):
                base = {
                    "area": area,
                    "household_size": 4,
                    "income_per_capita_month": income,
                    "working_age_unemployed": 1,
                    "dependents": 0,
                    "children_under16_malnourished": 1 if extra == 3 else 0,
                    "members_6plus_without_health_insurance": 1 if extra >= 2 else 0,
                    "members_16_30_lacking_education": 0,
                    "children_3_15_not_in_school": 0,
                    "non_durable_main_structures": 0,
                    "floor_area_m2": Decimal(32),
                    "safe_water": True,
                    "sanitary_latrine": True,
                    "uses_internet": True,
                    "has_information_device": True,
                }
                rows.append(base)
    for standard in STANDARDS:
        out = run_engine(rows, standard)
        got = out["class"].to_list()
        want = [reference.classify(r, standard) for r in rows]
        assert got == want
        assert {"poor", "near_poor", "not_poor"} <= set(got)
        assert ("average" in got) == (standard in reference.AVERAGE_TOPS)


def test_count_and_list_by_lookup_equal_the_counted_and_joined_ids():
    """Every pattern of three indicators (and nulls) gives the same count and list either way."""
    from itertools import product

    from mdpoverty.engine import classifier as engine

    rows = [*product([True, False], repeat=3), (None, True, None), (None, None, None)]
    frame = pl.DataFrame(
        {c: [r[i] for r in rows] for i, c in enumerate("abc")},
        schema={c: pl.Boolean for c in "abc"},
    )
    ids = ("water", "telecom", "housing_area")
    counts, lists = engine._lookup_tables(ids)
    pattern = engine._bit_pattern(list("abc"))
    looked_up = frame.select(
        pl.lit(counts).gather(pattern).alias("n"), pl.lit(lists).gather(pattern).alias("d")
    )
    joined = frame.select(
        pl.sum_horizontal(pl.col(c).cast(pl.UInt8) for c in "abc").cast(pl.Int64).alias("n"),
        engine._deprived_joined(list("abc"), list(ids)).alias("d"),
    )
    assert looked_up.equals(joined)
    assert looked_up["d"].to_list()[:2] == ["water;telecom;housing_area", "water;telecom"]
    assert looked_up["d"].to_list()[-3:] == ["", "telecom", ""]
    assert looked_up["n"].to_list()[:2] == [3, 2]
    assert looked_up["n"].to_list()[-3:] == [0, 1, 0]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(households(), min_size=1, max_size=40))
def test_classify_gives_the_same_by_lookup_and_by_counting(rows):
    """Outputs of both standards, by lookup and by the path for very many indicators."""
    from mdpoverty.engine import classifier as engine

    for standard in STANDARDS:
        by_lookup = run_engine(rows, standard)
        saved = engine._LOOKUP_INDICATORS
        engine._LOOKUP_INDICATORS = 0
        try:
            by_counting = run_engine(rows, standard)
        finally:
            engine._LOOKUP_INDICATORS = saved
        assert by_lookup.equals(by_counting)
