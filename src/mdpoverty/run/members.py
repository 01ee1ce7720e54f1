"""A member file (--members): its rows checked, aggregated per household, joined to households.

The member file is read once, batch by batch, before the households. Each valid member row
gives its household's 64-bit id hash and the value of every aggregate's argument (see
`engine.members`); each batch is grouped by household, and the partial results are merged per
hash partition, so no more than one household's worth of columns is ever held per household:
the id hash, a second 16-bit hash that catches a collision of the first, the roster size and
one small column per aggregate, sorted by hash. Each batch of households then finds its members
by binary search (`Series.search_sorted`) on whole columns, inside the streaming plan.

Accounting (never a silent loss): member rows read = in accepted households + in rejected
households + rejected + skipped (numbering, totals and blank rows, as in the household file). A member row is rejected for a bad cell in a
column the standard reads (its household is rejected too, `member_rejected`, citing the member
row) or because no household of the household file has its id (`unknown_household`). A household
with no member row is rejected (`no_members`); one whose roster size differs from its
household_size is rejected (`roster_size_mismatch`) or, with --size-mismatch warn, classified
and counted; one whose indicator the members leave unknown (a blank cell where it matters) is
rejected citing the member row and the blank column (`unknown_from_members`), unless the view
decides unknown indicators itself (`reject_unknown` off: `measures --missing not-deprived` or
`reweight`, where the indicator is then missing as a blank household cell is).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from ..columns import MEMBER_BY_NAME, REJECT_ERRORS, REJECT_ROW, ColumnType
from ..engine.classifier import (
    HOUSEHOLD_SIZE,
    MEMBERS,
    ROSTER_SIZE,
    CompiledStandard,
    check_no_clash,
)
from ..engine.members import member_values, merge, partial, result_dtype, value_column
from ..errors import InputError, Said
from ..io import temporary
from ..io.layout import SKIP as _SKIP
from ..io.layout import SkipMarker
from ..io.readers import ROW, Table, missing_columns_error
from ..text import fold, one_line, quoted
from .validation import ERRORS, RAW, validate

if TYPE_CHECKING:
    import polars as pl

    from ..engine.expressions import Aggregate
    from ..io.writers import BatchWriter, Target

T = TypeVar("T")
# (names, member table, standards, the columns read) -> the member rejects' columns
RejectsLayout = Callable[[list[str], Table, list[CompiledStandard], list[str]], list["pl.Expr"]]

ID = "household_id"
HASH = MEMBERS + "hash"
# the second hash, 16 bits: differs when two ids share HASH (the table's check is null when
# two ids of the member file do); 80 bits in all, so that two of 27 million ids pass for one
# about once in a billion national runs
_CHECK = MEMBERS + "check"
_FOUND = MEMBERS + "found"
_BAD_ROW = MEMBERS + "bad_row"
_BAD = MEMBERS + "bad"  # 'column:member_rejected@row' of a household's first rejected member
_BAD_COUNT = MEMBERS + "bad_count"  # the household's rejected member rows
FILE_ROWS = MEMBERS + "file_rows"  # the household's rows in the member file, rejected or not
SIZE_FLAG = MEMBERS + "size_flag"  # with --size-mismatch warn: FILE_ROWS where it differs
_ERR = MEMBERS + "errors"
_ID_TEXT = MEMBERS + "id"
_ORPHAN = MEMBERS + "orphan"
_SEED, _CHECK_SEED = 20210127, 19451902
# hash partitions the partial aggregates are merged in (the top bits of the hash)
_PART_BITS = 5
# the batches' partial aggregates are folded into the partitions once they are this many rows
# and a sixteenth of the rows already held: few folds (each rebuilds the partitions), and little
# held twice. One small frame per batch and partition instead cost about as much again as the
# data (0.99 GB two minutes into a 27-million-household member file; benchmarks/README.md)
_MERGE_ROWS = 1_000_000
_MERGE_SHARE = 16
# member rows of one household: the table holds roster sizes and counts in 16 bits (a national
# table of 27 million households is then 2 bytes a column and household less than in 32 bits)
ROSTER_MAX = 65_535
EXAMPLES = 20

SIZE_MISMATCH = ("reject", "warn")

# the reasons of a member row, and of a household because of its members
UNKNOWN_HOUSEHOLD = "unknown_household"
NO_MEMBERS = "no_members"
MEMBER_REJECTED = "member_rejected"
ROSTER_SIZE_MISMATCH = "roster_size_mismatch"
UNKNOWN_FROM_MEMBERS = "unknown_from_members"
HASH_COLLISION = "member_id_collision"
# with reject_unknown off: a household's 'column:unknown_from_members@row' items (null for none)
UNKNOWN_ITEMS = MEMBERS + "unknown_items"


@dataclass(frozen=True)
class MemberExample:
    row: int
    column: str
    reason: str


@dataclass(frozen=True)
class IdHint:
    """Of the unmatched ids looked at, how many would match written another way: the kinds
    of difference ('leading_zeros', 'case', 'decimal'), and one pair as an example (rows and
    ids of one member row and one household row only)."""

    looked: int  # unmatched member-file ids compared
    matches: int  # of which equal to an unmatched household id but for the kinds
    kinds: tuple[str, ...]
    member_row: int | None = None
    member_id: str | None = None
    household_row: int | None = None
    household_id: str | None = None

    def to_dict(self) -> dict:
        return {
            "looked": self.looked,
            "matches": self.matches,
            "kinds": list(self.kinds),
            "example": None
            if self.member_row is None
            else {
                "member_row": self.member_row,
                "member_id": self.member_id,
                "household_row": self.household_row,
                "household_id": self.household_id,
            },
        }


def loose_id(ids: pl.Expr) -> pl.Expr:
    """An id as it would compare ignoring letter case, leading zeros and a trailing '.0'
    (a number saved as a decimal): for the hint only, never for matching."""
    import polars as pl

    text = ids.str.replace(r"\.0+$", "").str.to_lowercase().str.strip_chars_start("0")
    return pl.when(text == "").then(pl.lit("0")).otherwise(text)


def _difference_kinds(a: pl.Expr, b: pl.Expr) -> list[tuple[str, pl.Expr]]:
    """Per kind of difference, whether ids `a` and `b` (equal as `loose_id`) differ by it."""

    no_decimal = [x.str.replace(r"\.0+$", "") for x in (a, b)]
    decimal = (a.str.contains(r"\.0+$") != b.str.contains(r"\.0+$")).fill_null(False)
    lowered = [x.str.to_lowercase() for x in no_decimal]
    case = lowered[0].str.strip_chars_start("0") == lowered[1].str.strip_chars_start("0")
    case = case & (
        no_decimal[0].str.strip_chars_start("0") != no_decimal[1].str.strip_chars_start("0")
    )
    zeros = lowered[0] != lowered[1]
    return [("leading_zeros", zeros), ("case", case), ("decimal", decimal)]


HINT_SAMPLE = 50_000  # unmatched ids of each file kept for the hint


@dataclass
class MemberAccounting:
    """Where every row of the member file went: read = used + rejected + skipped."""

    source: str
    rows_read: int = 0
    rejected: int = 0
    skipped: int = 0
    skipped_reasons: Counter[str] = field(default_factory=Counter)
    reject_reasons: Counter[str] = field(default_factory=Counter)  # 'column:reason' -> rows
    reject_examples: list[MemberExample] = field(default_factory=list)
    households: int = 0  # households the valid member rows name
    unknown_households: int = 0  # of which not in the household file
    size_mismatch: str = "reject"
    size_mismatches: int = 0  # households whose roster differs from household_size
    rejects_path: str | None = None
    headers: dict[str, str] = field(default_factory=dict)  # member column -> the file's header
    # the first households whose roster differs: (household row, household_size, member rows)
    size_mismatch_examples: list[tuple[int, int, int]] = field(default_factory=list)
    size_flag_column: str | None = None  # the output's column that names them (classify)
    households_looked_up: int = 0  # household rows with an id that looked for members
    households_without_members: int = 0  # of which found none
    id_hint: IdHint | None = None  # when many ids match in neither direction

    # of the used rows, those of households the run kept (classified, measured...): the
    # others belong to households rejected for another reason (a member row rejected, a
    # roster size mismatch, a household cell)
    in_accepted: int = 0

    @property
    def used(self) -> int:
        return self.rows_read - self.rejected - self.skipped

    @property
    def in_rejected(self) -> int:
        return self.used - self.in_accepted

    @property
    def reconciled(self) -> bool:
        return self.used >= 0 and 0 <= self.in_accepted <= self.used

    def to_dict(self) -> dict:
        """The accounting as plain data (for JSON outputs)."""
        return {
            "source": self.source,
            "rows_read": self.rows_read,
            "used": self.used,
            "in_accepted_households": self.in_accepted,
            "in_rejected_households": self.in_rejected,
            "rejected": self.rejected,
            "skipped": self.skipped,
            "reject_reasons": dict(self.reject_reasons),
            "skipped_reasons": dict(self.skipped_reasons),
            "households": self.households,
            "unknown_households": self.unknown_households,
            "size_mismatch": self.size_mismatch,
            "size_mismatches": self.size_mismatches,
            "rejects": self.rejects_path,
            "households_without_members": self.households_without_members,
            "id_hint": None if self.id_hint is None else self.id_hint.to_dict(),
        }

    @property
    def ids_mostly_unmatched(self) -> bool:
        """Whether at least half the households found no member row (or half the member
        file's households no household): ids written differently in the two files."""
        looked, none = self.households_looked_up, self.households_without_members
        return (looked > 0 and 2 * none >= looked) or (
            self.households > 0 and 2 * self.unknown_households >= self.households
        )

    def count(self, errors: pl.Series, rows: pl.Series) -> None:
        """Count a batch's rejected member rows by 'column:reason' (whole columns: a file of
        millions of orphan rows is counted without a loop over them) and keep the first
        examples."""
        self.rejected += errors.len()
        items = errors.str.split(";").explode()
        for item, n in items.value_counts().iter_rows():
            self.reject_reasons[item] += n
        if len(self.reject_examples) >= EXAMPLES:
            return
        for text, row in zip(
            errors.head(EXAMPLES).to_list(), rows.head(EXAMPLES).to_list(), strict=True
        ):
            for item in text.split(";"):
                if len(self.reject_examples) < EXAMPLES:
                    column, _, reason = item.partition(":")
                    self.reject_examples.append(MemberExample(int(row), column, reason))


def member_columns(standards: list[CompiledStandard]) -> dict[str, tuple[ColumnType, str]]:
    """Every member column the standards know (canonical and declared), with its Vietnamese
    label, for the reader's header matching and the mapping's targets."""
    out: dict[str, tuple[ColumnType, str]] = {
        name: (col.type, col.vi_header) for name, col in MEMBER_BY_NAME.items()
    }
    for cs in standards:
        for name, extra in cs.standard.model.member_columns.items():
            out[name] = (extra.type, extra.label.vi)
    return out


def _specs(standards: list[CompiledStandard]) -> dict[str, tuple[ColumnType, int, int | None]]:
    specs: dict[str, tuple[ColumnType, int, int | None]] = {ID: (ColumnType.TEXT, 0, None)}
    for cs in standards:
        types = cs.member_types or {}
        extras = cs.standard.model.member_columns
        for name in cs.member_required:
            extra = extras.get(name)
            lo, hi = (extra.minimum, extra.maximum) if extra is not None else (0, None)
            specs[name] = (types[name], lo, hi)
    return specs


def _aggregates(standards: list[CompiledStandard]) -> list[Aggregate]:
    return [agg for cs in standards for agg in cs.aggregates]


def id_hashes(ids: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """The 64-bit hash of a parsed household id (null for no id) and its 16-bit check."""
    import polars as pl

    hashed = pl.when(ids.is_not_null()).then(ids.hash(_SEED))
    check = pl.when(ids.is_not_null()).then((ids.hash(_CHECK_SEED) // (1 << 48)).cast(pl.UInt16))
    return hashed.alias(HASH), check.alias(_CHECK)


def _unknown_column(agg: Aggregate) -> str:
    """The sparse table's column: the household's first member row whose argument is unknown,
    as 'column:unknown_from_members@row' items for the blank columns of that row."""
    return agg.column + "__unknown"


# a header that holds a year or a date of birth (folded): what a roster has instead of ages
_BIRTH = re.compile(
    r"\b(?:nam sinh|ngay sinh|sinh nam|ngay thang nam sinh|year of birth|birth ?year"
    r"|date of birth|birth ?date|dob)\b"
)


def _birth_hint(table: Table) -> Said | None:
    """For a member file without ages: a column of years or dates of birth, said not to be an
    age (completed years on the review's date), with what mdpoverty reads instead."""
    for header, target in table.header_targets().items():
        if target == header and _BIRTH.search(fold(header)):
            shown = quoted(one_line(header))
            return Said(
                f"{shown} holds a year or a date of birth, which is not an age: mdpoverty reads"
                " ages only (age or Tuổi: completed years on the review's date, a whole number)"
                " and computes none from a birth year or date (a year alone cannot tell: born"
                " in 2008, a person is 15 or 16 in 2024); add an age column, e.g. from the full"
                ' date of birth in Excel: =DATEDIF(date of birth,review date,"Y")',
                "input.detail.birth_not_age",
                header=shown,
            )
    return None


class Members:
    """The member file of a run: `read` it (before the households), give `step` to the
    household plan, and `finish` (after the households) for its accounting."""

    def __init__(
        self,
        table: Table,
        standards: list[CompiledStandard],
        size_mismatch: str = "reject",
        rejects: Target | None = None,
        layout: RejectsLayout | None = None,
    ) -> None:
        if size_mismatch not in SIZE_MISMATCH:
            raise ValueError(size_mismatch)
        self.table = table
        self.standards = [cs for cs in standards if cs.members]
        self.aggregates = _aggregates(self.standards)
        # one column of the table per distinct aggregate: two standards' forms that read the same
        # thing of each member (the shipped ones do) share it; `lookup` gives it under each name
        self.unique, self.same = _distinct(self.aggregates)
        self.size_mismatch = size_mismatch
        self.rejects = rejects
        # the member rejects' columns as --rejects's (run.layout.rejects_columns, given by the
        # caller: that module reads this one); without it: row, errors, the cells
        self.layout = layout
        self.specs = _specs(self.standards)
        self.acc = MemberAccounting(table.source, size_mismatch=size_mismatch)
        self.acc.headers = self.headers
        self._writer: BatchWriter | None = None
        self._closed = False  # the second pass made, the member rejects closed (`close`)
        self._columns: list[pl.Expr] = []  # the member rejects' columns (rejects_columns)
        self.table_: pl.DataFrame | None = None  # hash, check, roster size, aggregates
        self.sparse: pl.DataFrame | None = None  # hash -> first rejected / unknown rows
        self._matched: pl.Series | None = None
        self._mismatched: pl.Series | None = None
        # off when the view treats an unknown indicator as missing (measures --missing)
        self.reject_unknown = True
        self._marker = SkipMarker(table.numbering_row, units_row=table.units_row)
        self._lock = threading.Lock()
        self._unmatched: list[pl.DataFrame] = []  # (row, id) of households without members
        self._unmatched_rows = 0

    @property
    def headers(self) -> dict[str, str]:
        """Each member column the standards read -> its header as the member file writes it."""
        return {c: h for h, c in self.table.header_targets().items() if c in self.specs}

    @property
    def flags_size(self) -> bool:
        """Whether the households' rows carry SIZE_FLAG for the output (--size-mismatch warn)."""
        return self.size_mismatch == "warn"

    # ----------------------------------------------------------------- the member file

    def check_columns(self) -> None:
        """Refuse a member file without the columns the standards read (before any work)."""
        needed_by: dict[str, list[str]] = {}
        for cs in self.standards:
            for name in (ID, *cs.member_required):
                needed_by.setdefault(name, []).append(cs.id)
        hints = (
            [birth]
            if "age" not in self.table.columns and (birth := _birth_hint(self.table))
            else []
        )
        error = missing_columns_error(self.table, list(self.specs), needed_by, hints=hints)
        if error is not None:
            inner = Said(error.message, error.key or "", **error.params)
            error.message = "the member file: " + error.message
            error.key, error.params = "input.of_member_file", {"inner": inner}
            raise error
        if self.rejects is not None and self.rejects.path:
            # the member rejects write row and errors beside the member file's cells, as the
            # household rejects do: a member column of such a name is refused the same way
            written = dict.fromkeys((REJECT_ROW, REJECT_ERRORS), "the member rejects file")
            check_no_clash(self.table.columns, [], written, source=self.table.source)

    def _plan(self, lf: pl.LazyFrame) -> pl.LazyFrame:
        import polars as pl

        optional = frozenset(c for c in self.specs if c != ID)
        # the mapping's blank_means_false covers the member file's yes/no columns too
        lf = validate(
            lf,
            self.specs,  # type: ignore[arg-type]
            blank_means_false=self.table.blank_means_false,
            optional=optional,
            codes=self.table.value_codes,
            excel_errors=self.table.excel_error_cells(),
        )
        hashed, check = id_hashes(pl.col(ID))
        return lf.with_columns(hashed, check, *member_values(self.unique))

    def read(self, *, allow_empty: bool = False) -> None:
        """Read and check the member file; aggregate its valid rows per household (a file
        with no row is refused unless `allow_empty`: explain's one household's rows)."""
        import polars as pl

        from ..io import temporary
        from ..io.batches import stream

        self.check_columns()
        cells = [c for c in self.table.columns if c != ROW]
        parts: list[pl.DataFrame | None] = [None] * (1 << _PART_BITS)
        pending: list[pl.DataFrame] = []  # batches' partials not yet folded into `parts`
        pending_rows = held_rows = 0
        sparse: list[pl.DataFrame] = []
        values = [value_column(a) for a in self.unique]
        names = sorted({n for agg in self.aggregates for n in agg.member_names})
        kept = [HASH, _CHECK, ROW, *values, *names]
        for frame in stream(self.table, self._plan, every_row=True):
            temporary.checkpoint()
            self.acc.rows_read += frame.height
            frame = self._skip_layout_rows(frame, cells)
            ok = pl.col(ERRORS) == ""
            bad = frame.select(HASH, ROW, ERRORS).filter(~ok)
            if bad.height:
                self.acc.count(bad.get_column(ERRORS), bad.get_column(ROW))
                sparse.append(self._rejected_households(bad))
            # only the columns the aggregation reads: a filter copies every column it keeps
            good = frame.select(ERRORS, *kept).filter(ok)
            del frame
            if not good.height:
                continue
            blanks = good.filter(pl.any_horizontal(pl.col(v).is_null() for v in values))
            if blanks.height:
                sparse += self._first_unknowns(blanks)
            grouped = good.group_by(HASH).agg(
                pl.len().alias(ROSTER_SIZE),
                _same_check(),
                *partial(self.unique),
            )
            pending.append(self._narrow(grouped))
            pending_rows += pending[-1].height
            if pending_rows >= max(_MERGE_ROWS, held_rows // _MERGE_SHARE):
                held_rows, pending_rows = self._fold(parts, pending), 0
            del good, grouped
        if self.acc.rows_read == 0 and not allow_empty:
            raise InputError(
                "the member file has a header but no rows",
                file=self.table.source,
                key="input.member_file_no_rows",
            )
        self._fold(parts, pending)
        # partitions in hash order, each sorted (and let go), make the table sorted (in 32
        # chunks: a search and a gather need no single chunk)
        merged = []
        for p, held in enumerate(parts):
            if held is not None:
                merged.append(held.sort(HASH))
                parts[p] = None
        del held
        self.table_ = (
            pl.concat(merged, how="vertical_relaxed", rechunk=False) if merged else self._empty()
        )
        del merged
        self.acc.households = self.table_.height
        self.sparse = self._sparse(sparse)
        # built by polars, not from a Python list as long as the table (27M households)
        self._matched = pl.repeat(False, self.table_.height, dtype=pl.Boolean, eager=True)
        self._mismatched = self._matched.clone()

    def _empty(self) -> pl.DataFrame:
        import polars as pl

        schema = {HASH: pl.UInt64, ROSTER_SIZE: pl.UInt16, _CHECK: pl.UInt16}
        schema.update({a.column: _stored_dtype(a) for a in self.unique})
        return pl.DataFrame(schema=schema)

    def _merge(self, frames: list[pl.DataFrame]) -> pl.DataFrame:
        import polars as pl

        merged = (
            pl.concat(frames, how="vertical_relaxed")
            .group_by(HASH)
            .agg(
                pl.col(ROSTER_SIZE).sum(),
                _same_check(),
                *merge(self.unique),
            )
        )
        frames.clear()  # the caller's list: the partials go before the next merge
        return self._narrow(merged)

    def _fold(self, parts: list[pl.DataFrame | None], pending: list[pl.DataFrame]) -> int:
        """Merge the batches' partials (`pending`, emptied) into their hash partitions, one
        partition at a time; the rows then held."""
        import polars as pl

        if pending:
            batch = pl.concat(pending, how="vertical_relaxed")
            pending.clear()
            part = (pl.col(HASH) // (1 << (64 - _PART_BITS))).cast(pl.Int64)
            pieces = batch.with_columns(part.alias("__p")).partition_by(
                "__p", as_dict=True, include_key=False
            )
            del batch
            for key in list(pieces):
                piece = pieces.pop(key)
                p = int(key[0])  # type: ignore[call-overload]
                held = parts[p]
                # a piece holds partials of several batches: merged even into an empty partition
                parts[p] = self._merge([piece] if held is None else [held, piece])
                del held, piece
        return sum(held.height for held in parts if held is not None)

    def _narrow(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Roster sizes and counts in 16 bits (a count is at most its roster's size), after
        refusing a household with more than ROSTER_MAX member rows."""
        import polars as pl

        largest = frame.get_column(ROSTER_SIZE).max()
        if largest is not None and int(largest) > ROSTER_MAX:  # type: ignore[arg-type]
            self._too_many(frame.filter(pl.col(ROSTER_SIZE) > ROSTER_MAX).get_column(HASH)[0])
        counts = [a.column for a in self.unique if a.func in ("count", "share")]
        return frame.with_columns(pl.col(ROSTER_SIZE, *counts).cast(pl.UInt16))

    def _too_many(self, hashed: int) -> None:
        """Refuse the member file: a household of more member rows than the table holds."""
        import polars as pl

        from ..io.batches import stream

        first = None
        for frame in stream(
            self.table, lambda lf: self._plan(lf).filter(pl.col(HASH) == pl.lit(hashed, pl.UInt64))
        ):
            if frame.height:
                first = int(frame.get_column(ROW).min())  # type: ignore[arg-type]
                break
        raise InputError(
            f"a household has more than {ROSTER_MAX:,} member rows, the most one household may"
            " have (the member file is perhaps not a roster, or its household ids are not"
            " filled in)",
            file=self.table.source,
            row=first,
            column=ID,
            key="input.roster_too_large",
            params={"limit": ROSTER_MAX},
        )

    def _first_unknowns(self, blanks: pl.DataFrame) -> list[pl.DataFrame]:
        """Per aggregate: each household's first member row of the batch whose argument is
        unknown, with the row's blank columns as items (`_unknown_column`). The items are
        built for those rows only, not for every row with a blank (most rows of a roster
        leave some question blank): on 4M members this was most of the read's time and
        memory. A batch's rows are in the file's order, so the first is the smallest row."""
        import polars as pl

        names = {n for agg in self.aggregates for n in agg.member_names}
        kept = {a.column: a for a in self.unique}
        blanks = blanks.select(HASH, ROW, *(value_column(a) for a in self.unique), *names)
        out = []
        for agg in self.aggregates:
            # a shared aggregate's argument is computed once, under the kept one's name
            value = value_column(kept[self.same[agg.column]])
            unknown = blanks.filter(pl.col(value).is_null())
            if not unknown.height:
                continue
            first = unknown.unique(HASH, keep="first", maintain_order=True)
            out.append(first.select(HASH, self._blank_items(agg).alias(_unknown_column(agg))))
        return out

    def _blank_items(self, agg: Aggregate) -> pl.Expr:
        """'column:unknown_from_members@row' for each column of `agg` blank in the row."""
        import polars as pl

        row = pl.col(ROW).cast(pl.String)

        def items(names: list[str]) -> pl.Expr:
            return pl.concat_str(
                [
                    pl.when(pl.col(name).is_null()).then(
                        pl.concat_str(pl.lit(f"{name}:{UNKNOWN_FROM_MEMBERS}@"), row)
                    )
                    for name in names
                ],
                separator=";",
                ignore_nulls=True,
            )

        names = sorted(agg.member_names)
        if not names:
            return pl.concat_str(pl.lit(f"{ID}:{UNKNOWN_FROM_MEMBERS}@"), row)
        # a blank number (the age) is cited alone: whether a question asked by age (a yes/no
        # left blank) matters cannot be told without it
        numbers = [n for n in names if self.specs[n][0] is not ColumnType.BOOLEAN]
        joined = items(names)
        if numbers:
            first = items(numbers)
            joined = pl.when(first != "").then(first).otherwise(joined)
        return (
            pl.when(joined != "")
            .then(joined)
            .otherwise(pl.concat_str(pl.lit(f"{ID}:{UNKNOWN_FROM_MEMBERS}@"), row))
        )

    def _rejected_households(self, bad: pl.DataFrame) -> pl.DataFrame:
        """Per household, its first rejected member row and that row's first failing column."""
        import polars as pl

        first_column = pl.col(ERRORS).str.split(";").list.first().str.split(":").list.first()
        item = pl.concat_str(
            first_column, pl.lit(f":{MEMBER_REJECTED}@"), pl.col(ROW).cast(pl.String)
        )
        return (
            bad.filter(pl.col(HASH).is_not_null())
            .select(HASH, pl.col(ROW).alias(_BAD_ROW), item.alias(_BAD))
            .group_by(HASH)
            .agg(
                pl.col(_BAD_ROW).min(),
                pl.col(_BAD).sort_by(_BAD_ROW).first(),
                pl.len().cast(pl.UInt32).alias(_BAD_COUNT),
            )
        )

    def _sparse(self, frames: list[pl.DataFrame]) -> pl.DataFrame:
        """One row per household with a rejected member row or an unknown argument."""
        import polars as pl

        columns = [_BAD_ROW, _BAD, _BAD_COUNT, *(_unknown_column(a) for a in self.aggregates)]
        schema = {HASH: pl.UInt64, _BAD_ROW: pl.Int64, _BAD: pl.String, _BAD_COUNT: pl.UInt32}
        schema.update({_unknown_column(a): pl.String for a in self.aggregates})
        if not frames:
            return pl.DataFrame(schema=schema)
        filled = [
            f.with_columns(
                pl.lit(None, dtype=schema[c]).alias(c) for c in columns if c not in f.columns
            ).select(list(schema))
            for f in frames
        ]
        combined = pl.concat(filled, how="vertical_relaxed")
        return (
            combined.group_by(HASH)
            .agg(
                pl.col(_BAD_ROW).min(),
                pl.col(_BAD).sort_by(_BAD_ROW, nulls_last=True).first(),
                pl.col(_BAD_COUNT).sum(),
                *(_first_item(_unknown_column(a)) for a in self.aggregates),
            )
            .sort(HASH)
        )

    def _skip_layout_rows(
        self, frame: pl.DataFrame, cells: list[str], count: bool = True
    ) -> pl.DataFrame:
        """The batch without numbering, blank, totals and footer rows (the household file's
        rules: io.layout), counted apart unless `count` is false (a second pass)."""
        import polars as pl

        raw = [pl.col(RAW + c if c in self.specs else c) for c in cells]
        # a person's data (age, schooling...) below the totals row: a person, never a footer
        data = [pl.col(RAW + c) for c in self.specs if c != ID and RAW + c in frame.columns]
        reasons = self._marker.reasons(frame, raw, pl.col(ID), ROW, data)
        if reasons.is_empty():
            return frame
        if count:
            self.acc.skipped += reasons.height
            self.acc.skipped_reasons.update(reasons.get_column(_SKIP).to_list())
        return frame.filter(~pl.col(ROW).is_in(reasons.get_column(ROW).implode()))

    def _write(self, bad: pl.DataFrame) -> None:
        """Rejected member rows to the member rejects, laid out as --rejects's are (the
        description after ``errors``; the cells headed as the household rejects' are)."""
        import polars as pl

        from ..io.writers import BatchWriter

        if self.rejects is None or not self.rejects.path:
            return
        cells = [c for c in self.table.columns if c != ROW]
        frame = bad.select(
            pl.col(ROW).alias(REJECT_ROW),
            pl.col(ERRORS).alias(REJECT_ERRORS),
            *(pl.col(RAW + c if c in self.specs else c).cast(pl.String).alias(c) for c in cells),
            pl.col(ROW),
        )
        if self._writer is None:
            self._writer = BatchWriter(self.rejects, required=False)
            names = [REJECT_ROW, REJECT_ERRORS, *cells]
            needed = [c for c in self.specs if c != ID] + [ID]
            laid = (
                [pl.col(n) for n in names]
                if self.layout is None
                else self.layout(names, self.table, self.standards, needed)
            )
            self._columns = [*laid, pl.col(ROW)]  # the row: for the writer's messages
        self._writer.write(frame.select(self._columns))

    # ----------------------------------------------------------------- the households

    def lookup(self, keys: pl.Series) -> pl.Series:
        """For a batch of households (struct of hash, check and household_size): their
        members' columns, by binary search in the sorted table (whole columns, no row loop)."""
        import polars as pl

        assert self.table_ is not None and self.sparse is not None
        frame = keys.struct.unnest()
        hashes = frame.get_column(HASH)
        found, rows = _search(self.table_.get_column(HASH), hashes)
        out = _gather(self.table_.drop(HASH), rows, found)
        # each aggregate under its own name, in the types the standards' expressions were
        # compiled for (the table holds sizes and counts in 16 bits, shared columns once)
        out = out.select(
            pl.col(ROSTER_SIZE).cast(pl.UInt32),
            _CHECK,
            *(
                pl.col(self.same[a.column]).cast(result_dtype(a)).alias(a.column)
                for a in self.aggregates
            ),
            found.alias(_FOUND),
        )
        same = (out.get_column(_CHECK) == frame.get_column(_CHECK)).fill_null(False)
        out = out.with_columns(same.alias(_CHECK))
        assert self._matched is not None and self._mismatched is not None
        where = rows.filter(found & same)
        if where.len():
            # the streaming engine may call lookup from several threads, and a Boolean series
            # is a bitmap: two scatters at once could each write back a byte the other changed
            with self._lock:
                self._matched.scatter(where, True)  # marks are idempotent: a run made again
        self._note_unmatched(frame, found & same)
        s_found, s_rows = _search(self.sparse.get_column(HASH), hashes)
        extra = _gather(self.sparse.drop(HASH), s_rows, s_found)
        # the household's rows in the member file, a rejected one too: a roster short only
        # because a member row was rejected is that row's failure, not a size mismatch
        in_file = out.get_column(ROSTER_SIZE).fill_null(0) + extra.get_column(_BAD_COUNT).fill_null(
            0
        )
        sizes = frame.get_column("household_size")
        differs = (found & same & (sizes != in_file)).fill_null(False)
        if differs.any():
            with self._lock:
                self._mismatched.scatter(rows.filter(differs), True)
            self._note_mismatches(frame.filter(differs), in_file.filter(differs))
        return pl.concat(
            [out, extra, in_file.alias(FILE_ROWS).to_frame()], how="horizontal"
        ).to_struct(MEMBERS)

    def _note_unmatched(self, frame: pl.DataFrame, matched: pl.Series) -> None:
        """Count the households that found no member (each row once, also when the run is
        made again) and keep the first unmatched ids for the hint."""
        import polars as pl

        with_id = frame.get_column(HASH).is_not_null()
        unmatched = with_id & ~matched
        kept = None
        if unmatched.any() and self._unmatched_rows < HINT_SAMPLE:
            kept = frame.filter(unmatched).select(ROW, pl.col(_ID_TEXT).alias(ID))
        # the streaming engine may call lookup from several threads
        with self._lock:
            self.acc.households_looked_up += int(with_id.sum())
            self.acc.households_without_members += int(unmatched.sum())
            if kept is not None and self._unmatched_rows < HINT_SAMPLE:
                kept = kept.head(HINT_SAMPLE - self._unmatched_rows)
                self._unmatched.append(kept)
                self._unmatched_rows += kept.height

    def kept_plan(self, households: pl.LazyFrame) -> pl.LazyFrame:
        """Of a batch of checked household rows: the member rows of those not rejected."""
        import polars as pl

        kept = households.filter(pl.col(ERRORS) == "")
        return kept.select(pl.col(ROSTER_SIZE).cast(pl.Int64).sum().alias(ROSTER_SIZE))

    def count_kept(self, frame: pl.DataFrame) -> None:
        """Add a batch's `kept_plan` result to the accounting."""
        with self._lock:
            self.acc.in_accepted += int(frame.item() or 0)

    def restart(self) -> None:
        """Forget what the households' pass counted (it is made again: duplicate ids)."""
        with self._lock:
            self.acc.in_accepted = 0
            self.acc.households_looked_up = self.acc.households_without_members = 0
            self.acc.size_mismatch_examples.clear()
            self._unmatched, self._unmatched_rows = [], 0

    def _note_mismatches(self, frame: pl.DataFrame, in_file: pl.Series) -> None:
        """The first households whose member rows differ from their household_size (once
        each, also when the run is made again)."""
        rows = frame.get_column(ROW).head(EXAMPLES).to_list()
        sizes = frame.get_column("household_size").head(EXAMPLES).to_list()
        with self._lock:
            examples = self.acc.size_mismatch_examples
            for row, size, n in zip(rows, sizes, in_file.head(EXAMPLES).to_list(), strict=True):
                examples.append((int(row), int(size), int(n)))
            examples.sort()  # the first rows of the file, whatever order the batches came in
            del examples[EXAMPLES:]

    def _lookup_dtype(self) -> pl.DataType:
        import polars as pl

        assert self.table_ is not None and self.sparse is not None
        fields: dict[str, pl.DataType] = {ROSTER_SIZE: pl.UInt32(), _CHECK: pl.Boolean()}
        fields.update({a.column: result_dtype(a) for a in self.aggregates})
        fields[_FOUND] = pl.Boolean
        fields.update({c: t for c, t in self.sparse.schema.items() if c != HASH})
        fields[FILE_ROWS] = pl.UInt32
        return pl.Struct(fields)

    def step(self, lf: pl.LazyFrame, has_size: bool) -> pl.LazyFrame:
        """The validated household rows with their members' columns, and the members' reasons
        added to __errors__ (`has_size`: the household file has household_size, validated)."""
        import polars as pl

        hashed, check = id_hashes(pl.col(ID))
        # the row may be one validation rejected (a household_size of -1, or past Int64):
        # never a strict cast of a user value here, and a size validation refused is no size
        # (not a second reason); a size of 2**32 is compared as it is
        size_ok = ~pl.col(ERRORS).str.contains("(^|;)household_size:")
        size = (
            pl.when(size_ok).then(pl.col("household_size").cast(pl.Int64, strict=False))
            if has_size
            else pl.lit(None, pl.Int64)
        )
        keys = pl.struct(
            hashed, check, size.alias("household_size"), pl.col(ROW), pl.col(ID).alias(_ID_TEXT)
        )
        lf = lf.with_columns(
            keys.map_batches(
                self.lookup, return_dtype=self._lookup_dtype(), is_elementwise=True
            ).alias(MEMBERS)
        ).unnest(MEMBERS)
        roster = pl.col(ROSTER_SIZE)
        given = size.cast(pl.Int64) if has_size else None
        lf = lf.with_columns(
            (roster.cast(pl.Int64) if given is None else pl.coalesce(given, roster)).alias(
                HOUSEHOLD_SIZE
            )
        )
        found = pl.col(_FOUND)
        items = [
            pl.col(_BAD),
            pl.when(pl.col(_BAD).is_null() & ~found).then(pl.lit(f"{ID}:{NO_MEMBERS}")),
            pl.when(found & ~pl.col(_CHECK)).then(pl.lit(f"{ID}:{HASH_COLLISION}")),
        ]
        in_file = pl.col(FILE_ROWS)
        differs = found & (given != in_file.cast(pl.Int64)) if given is not None else None
        if differs is not None and self.size_mismatch == "reject":
            items.append(
                pl.when(differs).then(
                    pl.concat_str(
                        pl.lit(f"household_size:{ROSTER_SIZE_MISMATCH}@"),
                        in_file.cast(pl.String),
                    )
                )
            )
        flag = pl.lit(None, pl.UInt32) if differs is None else pl.when(differs).then(in_file)
        errors = pl.concat_str(items, separator=";", ignore_nulls=True)
        lf = lf.with_columns(pl.when(errors != "").then(errors).alias(_ERR), flag.alias(SIZE_FLAG))
        unknown = [u for cs in self.standards for u in self._unknown(cs)]
        unknown_items = pl.lit("")
        if unknown:
            unknown_items = (
                pl.concat_str(unknown, separator=";", ignore_nulls=True)
                .str.split(";")
                .list.unique(maintain_order=True)
                .list.join(";")
            )
        if self.reject_unknown:
            # an indicator the members leave unknown, in a row otherwise sound
            clean = (pl.col(ERRORS) == "") & pl.col(_ERR).is_null()
            lf = lf.with_columns(
                pl.when(clean & (unknown_items != ""))
                .then(unknown_items)
                .otherwise(pl.col(_ERR))
                .alias(_ERR)
            )
        else:
            lf = lf.with_columns(
                pl.when(unknown_items != "").then(unknown_items).alias(UNKNOWN_ITEMS)
            )
        return lf.with_columns(
            pl.concat_str(
                [pl.when(pl.col(ERRORS) != "").then(pl.col(ERRORS)), pl.col(_ERR)],
                separator=";",
                ignore_nulls=True,
            ).alias(ERRORS)
        )

    def _unknown(self, cs: CompiledStandard) -> list[pl.Expr]:
        """Per member form of `cs`: its unknown items when the indicator is unknown."""
        import polars as pl

        out = []
        for ind, compiled in cs.indicators:
            if ind.id not in cs.member_forms:
                continue
            cited = [
                pl.when(pl.col(a.column).is_null()).then(pl.col(_unknown_column(a)))
                for a in compiled.aggregates
            ]
            fallback = pl.lit(f"{ID}:{UNKNOWN_FROM_MEMBERS}")
            out.append(pl.when(compiled.as_expr().is_null()).then(pl.coalesce(*cited, fallback)))
        return out

    # ----------------------------------------------------------------- after the households

    def close(self) -> list[BatchWriter]:
        """After the households' pass, before any output is moved into place: count (and write
        to the member rejects, in a second pass over the member file) the rows of households
        not in the household file, and close the member rejects. Returns its writer for the
        caller to commit with the run's other outputs (`io.writers.commit_all`), so that an
        interrupted run leaves all of them new or all as they were."""
        import polars as pl

        from ..io import temporary
        from ..io.batches import stream

        if self._closed:
            return []
        assert self.table_ is not None and self._matched is not None
        assert self._mismatched is not None
        self._closed = True
        try:
            orphans = self.table_.filter(~self._matched)
            self.acc.size_mismatches = int(self._mismatched.sum())
            self.acc.unknown_households = orphans.height
            wanted = orphans.get_column(HASH)
            cells = [c for c in self.table.columns if c != ROW]
            reason = f"{ID}:{UNKNOWN_HOUSEHOLD}"
            writes = self.rejects is not None and bool(self.rejects.path)
            orphan_ids: list[pl.DataFrame] = []
            kept = 0
            if orphans.height or (writes and self.acc.rejected):

                def plan(lf: pl.LazyFrame) -> pl.LazyFrame:
                    lf = self._plan(lf)
                    orphan = (pl.col(ERRORS) == "") & pl.col(HASH).is_in(wanted.implode())
                    return lf.filter(orphan | (pl.col(ERRORS) != "")).with_columns(
                        pl.when(orphan)
                        .then(pl.lit(reason))
                        .otherwise(pl.col(ERRORS))
                        .alias(ERRORS),
                        orphan.alias(_ORPHAN),
                    )

                # one more pass over the member file: its rejected rows in the file's order
                for frame in stream(self.table, plan):
                    temporary.checkpoint()
                    frame = self._skip_layout_rows(frame, cells, count=False)  # counted once
                    if not frame.height:
                        continue
                    if writes:
                        self._write(frame)
                    found = frame.filter(pl.col(_ORPHAN))
                    if found.height:
                        self.acc.count(found.get_column(ERRORS), found.get_column(ROW))
                        if kept < HINT_SAMPLE:
                            ids = found.select(ROW, pl.col(ID).cast(pl.String)).unique(
                                ID, keep="first", maintain_order=True
                            )
                            orphan_ids.append(ids.head(HINT_SAMPLE - kept))
                            kept += orphan_ids[-1].height
            if self.acc.households_without_members and orphan_ids:
                self.acc.id_hint = self._id_hint(orphan_ids)
            if self._writer is None:
                return []
            self._writer.close()
        except BaseException:
            temporary.quietly(self.discard)  # the failure is the one reported
            raise
        if self.acc.rejected:
            self.acc.rejects_path = self.rejects.path if self.rejects else None
        return [self._writer]

    def finish(self) -> MemberAccounting:
        """The member file's accounting, after the households (`close` if the run did not,
        and then the member rejects committed here)."""
        from ..io.writers import commit_all

        commit_all(self.close())
        return self.acc

    def _id_hint(self, orphans: list[pl.DataFrame]) -> IdHint | None:
        """Which unmatched member ids equal an unmatched household id written another way
        (whole columns: a join on `loose_id`)."""
        import polars as pl

        if not orphans or not self._unmatched:
            return None
        members = pl.concat(orphans).unique(ID, keep="first", maintain_order=True)
        households = pl.concat(self._unmatched).unique(ROW, keep="first", maintain_order=True)
        loose = "__loose__"
        pairs = members.with_columns(loose_id(pl.col(ID)).alias(loose)).join(
            households.with_columns(loose_id(pl.col(ID)).alias(loose)).unique(
                loose, keep="first", maintain_order=True
            ),
            on=loose,
            how="inner",
            suffix="_h",
            maintain_order="left",
        )
        kinds = _difference_kinds(pl.col(ID), pl.col(ID + "_h"))
        flags = pairs.select(expr.any().alias(name) for name, expr in kinds)
        found = tuple(name for name, _ in kinds if pairs.height and flags[name][0])
        hint = IdHint(members.height, pairs.height, found)
        if pairs.height:
            first = pairs.row(0, named=True)
            hint = IdHint(
                members.height, pairs.height, found,
                first[ROW], first[ID], first[ROW + "_h"], first[ID + "_h"],
            )  # fmt: skip
        return hint

    def discard(self) -> None:
        if self._writer is not None:
            self._writer.discard()


def _search(keys: pl.Series, hashes: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Whether each hash is among the sorted `keys`, and its index there (0 when not)."""
    import polars as pl

    n = keys.len()
    if n == 0:
        return (
            pl.repeat(False, hashes.len(), dtype=pl.Boolean, eager=True),
            pl.repeat(0, hashes.len(), dtype=pl.UInt32, eager=True),
        )
    at = keys.search_sorted(hashes.fill_null(0), side="left").cast(pl.Int64)
    rows = at.clip(0, n - 1)
    found = ((keys.gather(rows) == hashes) & (at < n)).fill_null(False)
    return found, rows


def _gather(table: pl.DataFrame, rows: pl.Series, found: pl.Series) -> pl.DataFrame:
    """`table`'s rows at `rows` where `found`, null rows elsewhere."""
    import polars as pl

    if table.height == 0:
        return table.clear(rows.len())
    picked = table[rows]
    return picked.with_columns(pl.when(found).then(pl.col(c)).alias(c) for c in picked.columns)


def _same_check() -> pl.Expr:
    """The group's check when all its rows have one; null when two ids share the hash (their
    households are then refused, never mixed)."""
    import polars as pl

    check = pl.col(_CHECK)
    same = (check.null_count() == 0) & (check.min() == check.max())
    return pl.when(same).then(check.min()).alias(_CHECK)


def _distinct(aggregates: list[Aggregate]) -> tuple[list[Aggregate], dict[str, str]]:
    """The aggregates that differ (same function of the same member expression: one), and
    each aggregate's column -> the column of the one that stands for it."""
    unique: list[Aggregate] = []
    same: dict[str, str] = {}
    for agg in aggregates:
        for kept in unique:
            if (kept.func, kept.den, kept.bound, kept.member_names) == (
                agg.func,
                agg.den,
                agg.bound,
                agg.member_names,
            ) and kept.value.meta.eq(agg.value):
                same[agg.column] = kept.column
                break
        else:
            unique.append(agg)
            same[agg.column] = agg.column
    return unique, same


def _stored_dtype(agg: Aggregate) -> pl.DataType:
    """The table's type of an aggregate: counts in 16 bits (see ROSTER_MAX)."""
    import polars as pl

    return pl.UInt16() if agg.func in ("count", "share") else result_dtype(agg)


def _first_item(column: str) -> pl.Expr:
    """Among items 'column:reason@row', the one of the smallest row (null when none)."""
    import polars as pl

    row = pl.col(column).str.extract(r"@([0-9]+)$", 1).cast(pl.Int64)
    return pl.col(column).sort_by(row, nulls_last=True).drop_nulls().first()


def with_members(
    members: Members | None, run: Callable[[], T]
) -> tuple[T, MemberAccounting | None]:
    """`run()` (a view's pass over the households) with the member file read before it and
    accounted for after it; its member rejects discarded if the run fails."""
    if members is None:
        return run(), None
    members.read()
    try:
        result = run()
    except BaseException:
        temporary.quietly(members.discard)  # the failure is the one reported
        raise
    return result, members.finish()


def household_member_rows(
    table: Table, standards: list[CompiledStandard], household_id: str
) -> pl.DataFrame:
    """One household's member rows, checked (``__errors__``), with each aggregate's argument
    (for `explain`: a handful of rows). `household_id` is the household's id as validation
    read it; the member file's ids are read by the very plan `classify` reads them with
    (`Members._plan`: trimmed, NFC, a number cell as its digits), so the two agree on which
    rows are the household's."""
    import polars as pl

    from ..io.batches import collect

    members = Members(table, standards)
    members.check_columns()
    # each aggregate's argument under its own name, shared ones too (explain reads them)
    kept = {a.column: a for a in members.unique}
    shared = [
        pl.col(value_column(kept[members.same[a.column]])).alias(value_column(a))
        for a in members.aggregates
        if members.same[a.column] != a.column
    ]
    # the ids as classify's plan reads them (NFC, trimmed, a number cell's digits)
    wanted = members._plan(table.frame).filter(pl.col(ID) == household_id)
    return collect(table, wanted.with_columns(shared))


def unread_count_columns(
    columns: list[str], standards: list[CompiledStandard]
) -> tuple[list[str], list[str]]:
    """With --members: the indicators computed from the members whose household form reads
    columns that the household file has, and those columns, which the run does not read (the
    member form stands in for them)."""
    present = set(columns) - {"household_size", ID}  # household_size is still compared
    indicators: list[str] = []
    unread: list[str] = []
    for cs in standards:
        for ind, _ in cs.indicators:
            names = cs.household_form_names.get(ind.id)
            if ind.id not in cs.member_forms or names is None:
                continue
            found = sorted(n for n in names if n in present and n not in cs.required_columns)
            if found and ind.id not in indicators:
                indicators.append(ind.id)
            unread += [n for n in found if n not in unread]
    return indicators, unread
