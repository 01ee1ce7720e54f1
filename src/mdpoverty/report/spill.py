"""Rows spilled to temporary Arrow files, split by the hash of their household id.

Both sides of the join with the previous list are spilled the same way, so households with the
same id land in the same partition, and the join is made a few partitions at a time: memory holds
one slice of each side, never both files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

HASH = "__h__"
UNIT = "__unit__"  # a unit path's number (see `UnitCodes`)
_SEED = 20211231
# 32 partitions (the top five bits of the hash): 27 million households make slices of under a
# million rows a side; a small file is one slice
_SHIFT = 59
PARTITIONS = 1 << (64 - _SHIFT)


def class_dtype() -> pl.DataType:
    """Classes in one byte a row."""
    import polars as pl

    from ..standard.model import CLASS_ORDER

    return pl.Enum(CLASS_ORDER)


def area_dtype() -> pl.DataType:
    import polars as pl

    from ..columns import AREAS

    return pl.Enum(list(AREAS))


def path_hash(columns: list[str]) -> pl.Expr:
    """A 64-bit hash of a row's unit path (a name per column)."""
    import polars as pl

    return pl.struct(columns).hash(_SEED)


def id_hash(expr: pl.Expr) -> pl.Expr:
    """The 64-bit hash both sides use for their household ids."""
    return expr.hash(_SEED).alias(HASH)


class UnitCodes:
    """A number for each distinct unit path, the same on both sides of the join: a spilled row
    carries 4 bytes for its unit, not its names."""

    def __init__(self, depth: int, limit: int) -> None:
        self.depth = depth
        self.limit = limit
        self.paths: list[tuple[str | None, ...]] = []
        self._codes: dict[tuple[str | None, ...], int] = {}

    def encode(
        self,
        frame: pl.DataFrame,
        columns: list[str],
        clean: Callable[[pl.Expr], pl.Expr] | None = None,
    ) -> pl.DataFrame:
        """`frame` with its unit `columns` (top down) replaced by their number, `UNIT`; with
        no columns, `UNIT` is null (no unit known). `clean` makes a path of the cells as read:
        it runs once per distinct path, not once per row."""
        import polars as pl

        if not columns:
            return frame.with_columns(pl.lit(None, dtype=pl.UInt32).alias(UNIT))
        distinct = frame.select(columns).unique()
        paths = distinct if clean is None else distinct.select(clean(pl.col(c)) for c in columns)
        codes = pl.Series(UNIT, [self._code(tuple(p)) for p in paths.iter_rows()], pl.UInt32)
        # each row's path is one of `distinct`: when their hashes differ, a row's hash names
        # its path exactly (cheaper than joining on the names); else they are joined
        keys = distinct.select(path_hash(columns)).to_series()
        if keys.n_unique() == keys.len():
            unit = frame.select(path_hash(columns).replace_strict(keys, codes)).to_series()
            return frame.drop(columns).with_columns(unit.alias(UNIT))
        table = distinct.with_columns(codes)
        return frame.join(table, on=columns, how="left", nulls_equal=True).drop(columns)

    def _code(self, path: tuple[str | None, ...]) -> int:
        code = self._codes.get(path)
        if code is None:
            if len(self.paths) >= self.limit:
                from ..errors import InputError

                raise InputError(
                    f"more than {self.limit:,} units in this list and the previous one together:"
                    " a report has a row for each; is one of the --by columns a household's own"
                    " value (a name, an id)?",
                    key="report.too_many_units_both",
                    params={"limit": self.limit},
                )
            code = self._codes[path] = len(self.paths)
            self.paths.append(path)
        return code

    def path(self, code: int | None) -> tuple[str | None, ...]:
        """The unit path of `code`; () (the grand total alone) for a row with no unit."""
        if code is None or not self.depth:
            return ()
        return self.paths[code]


class SpillDirectory:
    """A private temporary folder in TMPDIR, removed by `close` (call it in a `finally`), and
    by the CLI however the run ends (a signal included): it is registered as temporary."""

    def __init__(self) -> None:
        from ..io import temporary

        self.path = Path(temporary.folder_in_tmpdir("mdpoverty-report-"))

    def close(self) -> None:
        from ..io import temporary

        temporary.remove(str(self.path))


class PartitionedSpill:
    """Frames (with a `HASH` column) added batch by batch, kept on disk by partition.

    Each frame is split by partition as it comes; the pieces are gathered in memory up to
    `flush_rows` rows, then written as one Arrow file per partition: a few files per million
    rows, not one per batch and partition, and no copy of all the gathered rows at once.
    """

    FLUSH_ROWS = 500_000

    def __init__(
        self,
        directory: Path,
        name: str,
        units: UnitCodes,
        unit_columns: list[str],
        flush_rows: int | None = None,
        clean: Callable[[pl.Expr], pl.Expr] | None = None,
    ) -> None:
        self.directory = directory
        self.name = name
        self.flush_rows = flush_rows or self.FLUSH_ROWS
        self.units = units  # `add` replaces the unit columns by their number
        self.unit_columns = unit_columns
        self.clean = clean  # the unit cells as read -> their names (see `UnitCodes.encode`)
        self._pending: list[list[pl.DataFrame]] = [[] for _ in range(PARTITIONS)]
        self._pending_rows = 0
        self._files: list[list[Path]] = [[] for _ in range(PARTITIONS)]
        self.counts = [0] * PARTITIONS
        self._written = 0

    def add(self, frame: pl.DataFrame) -> None:
        import polars as pl

        if frame.height == 0:
            return
        frame = self.units.encode(frame, self.unit_columns, self.clean)
        part = (pl.col(HASH) // (1 << _SHIFT)).cast(pl.Int64).alias("__part__")
        pieces = frame.with_columns(part).partition_by("__part__", as_dict=True, include_key=False)
        for (p,), piece in pieces.items():
            self._pending[p].append(piece)
        self._pending_rows += frame.height
        if self._pending_rows >= self.flush_rows:
            self.flush()

    def flush(self) -> None:
        import polars as pl

        if not self._pending_rows:
            return
        for p, pieces in enumerate(self._pending):
            if not pieces:
                continue
            piece = pl.concat(pieces, how="vertical_relaxed")
            pieces.clear()
            path = self.directory / f"{self.name}-{self._written:06d}-{p:02d}.arrow"
            piece.write_ipc(path, compression="lz4")
            self._files[p].append(path)
            self.counts[p] += piece.height
        self._pending_rows = 0
        self._written += 1

    def discard(self) -> None:
        """Forget every row added (a run made again from the start)."""
        for pieces in self._pending:
            pieces.clear()
        self._pending_rows = 0
        for files in self._files:
            for path in files:
                path.unlink(missing_ok=True)
            files.clear()
        self.counts = [0] * PARTITIONS

    def files(self, partitions: range) -> list[Path]:
        return [path for p in partitions for path in self._files[p]]


def slices(counts: list[int], most_rows: int) -> Iterator[range]:
    """Consecutive partitions taken together while their rows stay within `most_rows`."""
    start, rows = 0, 0
    for p, n in enumerate(counts):
        if p > start and rows + n > most_rows:
            yield range(start, p)
            start, rows = p, 0
        rows += n
    yield range(start, len(counts))


def scan(files: list[Path], schema: dict) -> pl.LazyFrame:
    """The rows of `files`, lazily (an empty frame of `schema` when there are none), in the
    order of `schema`."""
    import polars as pl

    if not files:
        return pl.LazyFrame(schema=schema)
    return pl.scan_ipc(files).select(list(schema))


def read(files: list[Path], schema: dict, columns: list[str] | None = None) -> pl.DataFrame:
    """The rows of `files` (an empty frame of `schema` when there are none), in the order of
    `schema`; only `columns`, if given."""
    import polars as pl

    names = list(schema) if columns is None else columns
    if not files:
        return pl.DataFrame(schema={c: schema[c] for c in names})
    return pl.scan_ipc(files).select(names).collect()
