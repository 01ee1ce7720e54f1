"""A column named as one the run adds (last year's ``class``) is held under an internal name in
one place (`runner.check_columns`), whichever way a run comes to it: classify and compare check
the columns before their work; `prepare` (a standard's YAML cases, the property tests) checks
them when it plans. A second check finds nothing left to hold and changes nothing."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mdpoverty.columns import USER
from mdpoverty.engine.classifier import classify, compile_standard, output_names
from mdpoverty.io.readers import ROW, Table, read_table
from mdpoverty.run.layout import Layout, free_added_names
from mdpoverty.run.runner import check_columns, prepare
from mdpoverty.standard.loader import load_standard
from mdpoverty.text import fold

from .conftest import BASE

VN = Path(__file__).resolve().parent.parent / "thresholds" / "vn-2022-2025.yaml"


def table(extra: dict[str, str]) -> Table:
    row = {k: str(v) for k, v in {**BASE, **extra}.items()}
    frame = pl.LazyFrame({k: [v] for k, v in row.items()}).with_row_index(ROW, offset=2)
    frame = frame.with_columns(pl.col(ROW).cast(pl.Int64))
    return Table(frame, "list.csv", headers=list(row))


@pytest.mark.parametrize("checked_first", [False, True])
def test_last_years_class_is_held_once_on_either_path(checked_first):
    cs = compile_standard(load_standard(VN))
    names = output_names(cs.id, False)
    t = table({"class": "poor"})
    if checked_first:  # as classify and compare do
        check_columns(t, [cs], rejects=True)
        held = t.columns
    prepared = prepare(t, [cs], derive=lambda lf: classify(lf, cs, names=names))
    assert USER + "class" in t.columns and "class" not in [c for c in t.columns if c != ROW]
    if checked_first:
        assert t.columns == held  # the plan's check held nothing more
    good = prepared.good.collect()
    assert good[USER + "class"].to_list() == ["poor"]  # the user's, kept as it was
    assert good["class"].to_list() != ["poor"]  # the one the run adds


# the headers last year's list may have for the columns classify adds, in any case or accents
ADDED = [
    "class",
    "CLASS",
    "class (new)",
    "deprived",
    "income_line",
    "Phân loại",
    "PHÂN LOẠI",
    "Phan loai",
    "phân loại (MỚI)",
    "Phân loại (mới 2)",
    "Số chỉ số thiếu hụt",
    "Các chỉ số thiếu hụt",
    "Chuẩn nghèo",
    "class_vn-2022-2025",
]
TWO = Path(__file__).resolve().parent.parent / "thresholds" / "dongnai-2022-2025.yaml"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    old=st.lists(st.sampled_from(ADDED), unique_by=fold, max_size=4),
    lang=st.sampled_from(["en", "vi"]),
    keep_input=st.booleans(),
    several=st.booleans(),
)
def test_the_added_names_noted_before_the_run_are_those_it_writes(old, lang, keep_input, several):
    """classify's command works out the added columns' free names once, before the run holds
    last year's columns (and notes them): they are those the run would work out after."""
    standards = [compile_standard(load_standard(p)) for p in ([VN, TWO] if several else [VN])]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            rows = csv.writer(fh)
            rows.writerow([*BASE, *old])
            rows.writerow([*BASE.values(), *["cũ"] * len(old)])
        t = read_table(str(path))
        layout = Layout(lang=lang, keep_input=keep_input)
        before = free_added_names(t, standards, layout)
        check_columns(t, standards, rejects=True)
        assert free_added_names(t, standards, layout) == before
