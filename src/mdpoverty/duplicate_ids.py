"""Finding household ids that appear more than once, without holding the table in memory.

The main pass collects one 64-bit hash per id (8 bytes a row); only when two hashes are equal is
a second, exact look taken at the few rows concerned. A hash collision therefore never rejects a
household: duplicates are decided on the ids themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .readers import ROW, Table

if TYPE_CHECKING:
    import polars as pl

ID = "household_id"
_SEED = 20210127


def hashes_plan(checked: pl.LazyFrame) -> pl.LazyFrame:
    """A lazy frame of one hash per parsed household_id (run it with the main pass)."""
    import polars as pl

    return checked.filter(pl.col(ID).is_not_null()).select(pl.col(ID).hash(_SEED).alias("h"))


def find(hashes: pl.DataFrame, table: Table) -> list[int]:
    """Rows (``__row__``) whose household_id is also another row's; [] in the usual case."""
    import polars as pl

    from .batches import batches
    from .columns import BY_NAME
    from .validation import validate

    h = hashes["h"]
    candidates = h.filter(h.is_duplicated()).unique()
    if candidates.is_empty():
        return []
    wanted = pl.col(ID).hash(_SEED).is_in(pl.lit(candidates).implode())
    found = [
        validate(frame.lazy(), {ID: BY_NAME[ID]}).filter(wanted).select(ROW, ID).collect()
        for frame in batches(table)
    ]
    rows = pl.concat(found)
    return sorted(rows.filter(pl.col(ID).is_duplicated())[ROW].to_list())
