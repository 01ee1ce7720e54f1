"""Finding household ids that appear more than once, without holding the table in memory.

The main pass makes one 64-bit hash per id. They are kept on disk, a small Arrow file per batch
(`SpilledHashes`), so memory stays flat however many households there are; equal hashes are
then found by sorting a sixteenth of the hash range at a time. Only when two hashes are equal is
a second, exact look taken at the few rows concerned: a hash collision never rejects a
household, duplicates are decided on the ids themselves.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
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


class SpilledHashes:
    """Hashes added batch by batch, each batch spilled to a temporary Arrow file."""

    BUCKETS = 16

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="mdpoverty-ids-")
        self._paths: list[Path] = []

    def add(self, hashes: pl.Series) -> None:
        path = Path(self._dir.name) / f"{len(self._paths):07d}.arrow"
        hashes.rename("h").to_frame().write_ipc(path, compression="uncompressed")
        self._paths.append(path)

    def repeated(self) -> pl.Series:
        """The hashes added more than once, found a sixteenth of the hash range at a time."""
        import polars as pl

        found = [pl.Series("h", [], dtype=pl.UInt64)]
        if not self._paths:
            return found[0]
        scan = pl.scan_ipc(self._paths)
        step = (1 << 64) // self.BUCKETS
        for bucket in range(self.BUCKETS):
            low = pl.lit(bucket * step, dtype=pl.UInt64)
            high = pl.lit((bucket + 1) * step - 1, dtype=pl.UInt64)
            values = scan.filter(pl.col("h").is_between(low, high)).collect()["h"].sort()
            found.append(values.filter(values == values.shift(1)))
        return pl.concat(found).unique()

    def close(self) -> None:
        self._dir.cleanup()


def find(hashes: SpilledHashes, table: Table) -> list[int]:
    """Rows (``__row__``) whose household_id is also another row's; [] in the usual case."""
    import polars as pl

    from .batches import rows
    from .columns import BY_NAME
    from .validation import validate

    candidates = hashes.repeated()
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
