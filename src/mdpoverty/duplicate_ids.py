"""Finding household ids that appear more than once, without holding the table in memory.

The main pass collects one 64-bit hash per id (8 bytes a row). Equal hashes are found by sorting,
a sixteenth of the hash range at a time, so the extra memory is a small fraction of those 8 bytes
a row. Only when two hashes are equal is a second, exact look taken at the few rows concerned:
a hash collision never rejects a household, duplicates are decided on the ids themselves.
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


def repeated(parts: list[pl.Series]) -> pl.Series:
    """The values that occur more than once across `parts` (unsigned 64-bit hashes)."""
    import polars as pl

    found = []
    step = 1 << 60
    for bucket in range(16):
        low, high = bucket * step, (bucket + 1) * step - 1
        values = pl.concat([p.filter((p >= low) & (p <= high)) for p in parts]).sort()
        found.append(values.filter(values == values.shift(1)))
    return pl.concat(found).unique()


def find(hashes: list[pl.Series], table: Table) -> list[int]:
    """Rows (``__row__``) whose household_id is also another row's; [] in the usual case."""
    import polars as pl

    from .batches import rows
    from .columns import BY_NAME
    from .validation import validate

    candidates = repeated(hashes)
    if candidates.is_empty():
        return []
    wanted = pl.col(ID).hash(_SEED).is_in(pl.lit(candidates).implode())
    found = (
        validate(rows(table).select(ROW, ID), {ID: BY_NAME[ID]})
        .filter(wanted)
        .select(ROW, ID)
        .collect(engine="streaming")
    )
    return sorted(found.filter(pl.col(ID).is_duplicated())[ROW].to_list())
