"""Properties every sound standard keeps, checked over generated households (hypothesis)."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mdpoverty.engine.classifier import classify, compile_standard
from mdpoverty.io.readers import Table
from mdpoverty.run.runner import prepare
from mdpoverty.standard.loader import load_standard
from mdpoverty.standard.model import CLASS_ORDER

from .test_engine_matches_law import households

SHIPPED = [
    "vn-2016-2020",
    "vn-2022-2025",
    "quangninh-2023-2025",
    "dongnai-2022-2025",
    "hochiminh-2024-2025",
    "vn-2027-2030",
]
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# how to make a household deprived in one more indicator, column by column
DEPRIVE = {
    "employment": lambda h: {"working_age_unemployed": max(1, h["working_age_unemployed"])},
    "dependents": lambda h: {"dependents": h["household_size"]},
    "nutrition": lambda h: {
        "children_under16_malnourished": max(1, h["children_under16_malnourished"])
    },
    "health_insurance": lambda h: {"members_6plus_without_health_insurance": 1},
    "adult_education": lambda h: {"members_16_30_lacking_education": 1},
    "child_schooling": lambda h: {"children_3_15_not_in_school": 1},
    "housing_quality": lambda h: {"non_durable_main_structures": 3},
    "housing_area": lambda h: {"floor_area_m2": 0},
    "water": lambda h: {"safe_water": False},
    "sanitation": lambda h: {"sanitary_latrine": False},
    "telecom": lambda h: {"uses_internet": False},
    "information_assets": lambda h: {"has_information_device": False},
    "health_services": lambda h: {"sick_members_without_health_care": 1},
    "household_waste": lambda h: {"waste_handled_hygienically": False},
    "social_insurance": lambda h: {"working_members_without_social_insurance": 1},
}


def full(h: dict, extra: dict) -> dict:
    return {
        **h,
        "sick_members_without_health_care": 0,
        "waste_handled_hygienically": True,
        "working_members_without_social_insurance": 0,
        **extra,
    }


def classes(rows: list[dict], standard: str) -> list[tuple[int, list[str]]]:
    """(rank of the class, worst off = 0; deprived ids) per row, through the full pipeline."""
    cs = compile_standard(load_standard(standard))
    text = {
        k: [("true" if r[k] else "false") if isinstance(r[k], bool) else str(r[k]) for r in rows]
        for k in rows[0]
    }
    text["household_id"] = [f"H{i}" for i in range(len(rows))]
    frame = (
        pl.DataFrame(text).with_row_index("__row__").with_columns(pl.col("__row__").cast(pl.Int64))
    )
    prepared = prepare(Table(frame.lazy(), "generated"), [cs])
    good, bad = prepared.good, prepared.bad
    assert bad.collect().height == 0
    out = classify(good, cs).collect()
    return [
        (CLASS_ORDER.index(c), d.split(";") if d else [])
        for c, d in zip(out["class"], out["deprived"], strict=True)
    ]


@SETTINGS
@given(base=st.lists(households(), min_size=1, max_size=25), data=st.data())
def test_more_income_never_gives_a_worse_class(base, data):
    deltas = [data.draw(st.integers(1, 2_000_000)) for _ in base]
    rows = [full(h, {}) for h in base]
    richer = [
        full(h, {"income_per_capita_month": h["income_per_capita_month"] + d})
        for h, d in zip(base, deltas, strict=True)
    ]
    for standard in SHIPPED:
        before, after = classes(rows, standard), classes(richer, standard)
        for (b, _), (a, _) in zip(before, after, strict=True):
            assert a >= b, standard


@SETTINGS
@given(base=st.lists(households(), min_size=1, max_size=25), data=st.data())
def test_one_more_deprivation_never_gives_a_better_class(base, data):
    rows = [full(h, {}) for h in base]
    for standard in SHIPPED:
        before = classes(rows, standard)
        order = [i.id for i in load_standard(standard).model.indicators]
        worse = []
        for h, (_, deprived) in zip(rows, before, strict=True):
            free = [i for i in order if i not in deprived]
            pick = data.draw(st.sampled_from(free)) if free else None
            worse.append({**h, **DEPRIVE[pick](h)} if pick else h)
        after = classes(worse, standard)
        for (b, bd), (a, ad) in zip(before, after, strict=True):
            assert len(ad) >= len(bd)
            assert a <= b, standard


def higher_lines_standard(folder: Path, rural: int, urban: int) -> str:
    path = folder / f"higher-{uuid.uuid4().hex[:8]}.yaml"
    path.write_text(
        "format_version: 1\nid: higher\nversion: t\ntitle: {vi: t, en: t}\n"
        "jurisdiction: {level: provincial, province: T}\nextends: vn-2022-2025\n"
        "valid_from: 2023-01-01\nreferences: [{id: t, title: test}]\n"
        "parameters:\n  income_line:\n    unit: VND/person/month\n    status: unverified\n"
        f"    reference: [t]\n    by: area\n    values: {{rural: {rural}, urban: {urban}}}\n",
        encoding="utf-8",
    )
    return str(path)


@SETTINGS
@given(
    base=st.lists(households(), min_size=1, max_size=30),
    up_rural=st.integers(0, 2_000_000),
    up_urban=st.integers(0, 2_000_000),
)
def test_higher_lines_never_give_fewer_poor_or_near_poor(base, up_rural, up_urban):
    rows = [full(h, {}) for h in base]
    with tempfile.TemporaryDirectory() as folder:
        higher = higher_lines_standard(Path(folder), 1_500_000 + up_rural, 2_000_000 + up_urban)
        pairs = [
            ("vn-2022-2025", higher),
            ("vn-2022-2025", "quangninh-2023-2025"),
            ("vn-2022-2025", "dongnai-2022-2025"),  # higher lines and a lower cutoff
        ]
        for low, high in pairs:
            under_low = [rank for rank, _ in classes(rows, low)]
            under_high = [rank for rank, _ in classes(rows, high)]
            assert sum(r <= 1 for r in under_high) >= sum(r <= 1 for r in under_low)
            # and household by household: nobody poor or near-poor leaves those classes
            for a, b in zip(under_low, under_high, strict=True):
                if a <= 1:
                    assert b <= a
