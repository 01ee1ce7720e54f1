"""Finding household ids that appear more than once, without holding the table in memory.

The main pass makes one 64-bit hash per id. They are kept on disk, a small Arrow file per batch
(`SpilledHashes`), so memory stays flat however many households there are; equal hashes are
then found by sorting a slice of the hash range at a time, each slice about
`SpilledHashes.RANGE_HASHES` hashes (32 MB). Only when two hashes are equal is
a second, exact look taken at the few rows concerned: a hash collision never rejects a
household, duplicates are decided on the ids themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..io import temporary
from ..io.readers import ROW, Table
from ..io.writers import io_failure

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

    # hashes sorted at once: 32 MB, so memory stays flat (27M households: 7 slices); a
    # province's run reads its hashes back once, not once per slice
    RANGE_HASHES = 4_000_000

    def __init__(self, range_hashes: int = RANGE_HASHES) -> None:
        try:
            self._dir = temporary.folder_in_tmpdir("mdpoverty-ids-")
        except OSError as exc:
            raise io_failure(exc, "TMPDIR") or exc from None
        self._paths: list[Path] = []
        self._count = 0
        self._range_hashes = range_hashes

    def add(self, hashes: pl.Series) -> None:
        path = Path(self._dir) / f"{len(self._paths):07d}.arrow"
        try:
            hashes.rename("h").to_frame().write_ipc(path, compression="uncompressed")
        except Exception as exc:  # the disk of TMPDIR full, most likely
            raise io_failure(exc, str(path)) or exc from None
        self._paths.append(path)
        self._count += hashes.len()

    def repeated(self) -> pl.Series:
        """The hashes added more than once, found a slice of the hash range at a time."""
        import polars as pl

        found = [pl.Series("h", [], dtype=pl.UInt64)]
        if not self._paths:
            return found[0]
        scan = pl.scan_ipc(self._paths, glob=False)
        slices = max(1, -(-self._count // self._range_hashes))
        step = -(-(1 << 64) // slices)  # the last slice ends at 2**64 - 1
        for i in range(slices):
            part = scan
            if slices > 1:
                low = pl.lit(i * step, dtype=pl.UInt64)
                high = pl.lit(min((i + 1) * step, 1 << 64) - 1, dtype=pl.UInt64)
                part = scan.filter(pl.col("h").is_between(low, high))
            values = part.collect()["h"].sort()
            found.append(values.filter(values == values.shift(1)))
        return pl.concat(found).unique()

    def close(self) -> None:
        temporary.remove(self._dir)


def find(hashes: SpilledHashes, table: Table) -> list[int]:
    """Rows (``__row__``) whose household_id is also another row's; [] in the usual case."""
    import polars as pl

    from ..columns import BY_NAME
    from ..io.batches import rows
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
