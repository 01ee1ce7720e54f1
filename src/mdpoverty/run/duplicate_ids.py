"""Finding household ids that appear more than once, without holding the table in memory.

The main pass makes one 64-bit hash per id. They are kept on disk, a small Arrow file per batch
(`SpilledHashes`), so memory stays flat however many households there are; equal hashes are
then found by sorting a slice of the hash range at a time, each slice about
`SpilledHashes.RANGE_HASHES` hashes (32 MB). Only when two hashes are equal is
a second, exact look taken at the rows concerned: a hash collision never rejects a
household, duplicates are decided on the ids themselves.

What is found is kept by id, never by row (`Duplicates`): 8 bytes for each id that is repeated,
however many rows repeat it. (Kept by row it took 4.8 GB for 20 million rows of one id.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..io import temporary
from ..io.readers import ROW, Table
from ..io.writers import io_failure

if TYPE_CHECKING:
    import polars as pl

ID = "household_id"
_SEED = 20210127


def hashed(ids: pl.Expr) -> pl.Expr:
    """The 64-bit hash of each id, the one every step here uses."""
    return ids.hash(_SEED)


def hashes_plan(checked: pl.LazyFrame) -> pl.LazyFrame:
    """A lazy frame of one hash per parsed household_id (run it with the main pass)."""
    import polars as pl

    return checked.filter(pl.col(ID).is_not_null()).select(hashed(pl.col(ID)).alias("h"))


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


@dataclass(frozen=True)
class Duplicates:
    """The household ids found more than once: by their hash where every row of that hash
    has one id (`hashes`), and, for a hash that two different ids share (a collision, which
    alone rejects nothing), by the ids themselves (`ids`)."""

    hashes: pl.Series  # UInt64
    ids: pl.Series  # String

    def __bool__(self) -> bool:
        return not (self.hashes.is_empty() and self.ids.is_empty())

    def expr(self) -> pl.Expr:
        """True on a row whose (parsed) household_id is one of them."""
        import polars as pl

        found = hashed(pl.col(ID)).is_in(pl.lit(self.hashes).implode())
        if not self.ids.is_empty():
            found = found | pl.col(ID).is_in(pl.lit(self.ids).implode())
        return found & pl.col(ID).is_not_null()


def find(hashes: SpilledHashes, table: Table) -> Duplicates | None:
    """The household ids that more than one row has; None in the usual case. One streaming
    pass over the rows whose hash is repeated, grouped by hash with the least and the greatest
    id: memory for each repeated hash, not for each row."""
    import polars as pl

    from ..columns import BY_NAME
    from ..io.batches import rows
    from .validation import validate

    candidates = hashes.repeated()
    if candidates.is_empty():
        return None
    ids = (
        validate(rows(table).select(ROW, ID), {ID: BY_NAME[ID]})
        .select(ID)
        .filter(pl.col(ID).is_not_null())
        .with_columns(hashed(pl.col(ID)).alias("h"))
        .filter(pl.col("h").is_in(pl.lit(candidates).implode()))
    )
    spans = (
        ids.group_by("h")
        .agg(pl.col(ID).min().alias("least"), pl.col(ID).max().alias("most"), pl.len())
        .collect(engine="streaming")
    )
    one_id = spans.filter((pl.col("least") == pl.col("most")) & (pl.col("len") > 1))["h"]
    shared = spans.filter(pl.col("least") != pl.col("most"))["h"]
    repeated = pl.Series(ID, [], dtype=pl.String)
    if not shared.is_empty():  # a collision: its ids counted exactly, on these few rows
        repeated = (
            ids.filter(pl.col("h").is_in(pl.lit(shared).implode()))
            .group_by(ID)
            .len()
            .filter(pl.col("len") > 1)
            .collect(engine="streaming")[ID]
        )
    found = Duplicates(one_id.rename("h"), repeated.rename(ID))
    return found if found else None
