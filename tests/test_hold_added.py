"""A column named as one the run adds (last year's ``class``) is held under an internal name in
one place (`runner.check_columns`), whichever way a run comes to it: classify and compare check
the columns before their work; `prepare` (a standard's YAML cases, the property tests) checks
them when it plans. A second check finds nothing left to hold and changes nothing."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from mdpoverty.columns import USER
from mdpoverty.engine.classifier import classify, compile_standard, output_names
from mdpoverty.io.readers import ROW, Table
from mdpoverty.run.runner import check_columns, prepare
from mdpoverty.standard.loader import load_standard

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
