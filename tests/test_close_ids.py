"""explain's close ids: the cheap tests that drop ids first (length, half the --id at either
end, the last letter or digit) drop none an id-by-id comparison would offer."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mdpoverty.explain.household import _CLOSE_EDITS, _CLOSE_LONGEST, close_ids
from mdpoverty.io.readers import read_table
from mdpoverty.run.validation import text_key


def _reference(ids: list[str], household_id: str, n: int = 5) -> set[str]:
    """Every id close to `household_id` by the rule itself, each id compared in full (no
    test first): the candidates close_ids ranks."""

    def shape(expr: pl.Expr) -> pl.Expr:
        folded = expr.str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}]", "")
        return folded.str.replace_all(r"(^|\D)0+(\d)", "${1}${2}")

    query = pl.select(text_key(pl.lit(household_id))).item()
    if not query:
        return set()
    own = pl.select(shape(pl.lit(query))).item()
    key = text_key(pl.col("id"))
    width = min(len(query), _CLOSE_LONGEST)
    same = sum(
        (key.str.slice(0, i) == query[:i]).cast(pl.Int32)
        + (key.str.slice(-i, i) == query[-i:]).cast(pl.Int32)
        for i in range(1, width + 1)
    )
    longer = key.str.len_chars().cast(pl.Int32) - len(query)
    near = (longer.abs() <= _CLOSE_EDITS) & (same >= max(width - 1, 1) + longer.clip(0, None))
    frame = pl.DataFrame({"id": ids}).select(
        key.alias("id"), (shape(key) == own).alias("shape"), near.alias("near")
    )
    kept = frame.filter((pl.col("id") != query) & (pl.col("shape") | pl.col("near")))
    return set(kept["id"].to_list())


ALPHABET = st.sampled_from(list("Qq0019-_ .AaĐđ"))
IDS = st.text(ALPHABET, min_size=1, max_size=8).filter(lambda s: s.strip() != "")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ids=st.lists(IDS, min_size=1, max_size=12, unique=True), query=IDS)
def test_close_ids_are_the_ones_each_id_compared_in_full_gives(ids, query):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "h.csv"
        pl.DataFrame({"household_id": ids}).write_csv(path)
        table = read_table(str(path))
        offered = close_ids(table, query, n=len(ids))
        expected = _reference(table.frame.collect()["household_id"].to_list(), query)
    assert set(offered) == expected


def test_an_id_ending_in_a_separator_is_offered_by_its_shape(tmp_path):
    path = tmp_path / "h.csv"
    pl.DataFrame({"household_id": ["QN-12-", "QN-13", "HN_0012_"]}).write_csv(path)
    table = read_table(str(path))
    assert close_ids(table, "qn012") == ["QN-12-"]
    assert close_ids(table, "hn12") == ["HN_0012_"]
