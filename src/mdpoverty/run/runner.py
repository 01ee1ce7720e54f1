"""Running a plan over a table batch by batch: validate, build outputs, write, aggregate.

The callers (`pipeline.classify_table`, `comparison.compare_table`, `report`) say what to make
of each validated batch with a `Build`: `Job`s to write, `Each` frames to hand to a consumer
(such as a spill to temporary files) and aggregates (`Sum`, `First`) to merge.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..columns import MEMBER_COUNTS, OPTIONAL_UNITS, REJECT_ERRORS, REJECT_ROW, ColumnType
from ..engine.classifier import CompiledStandard, check_no_clash, output_names
from ..errors import InputError, Said
from ..io import layout, temporary
from ..io.layout import SKIP
from ..io.readers import ROW, Table, missing_columns_error
from ..io.writers import BatchWriter, Target, commit_all
from .mark_list import given_by_list, list_spec
from .validation import (
    ERRORS,
    NFC_TRIGGER,
    RAW,
    Spec,
    WeightSpec,
    needed_columns,
    nfc,
    nfc_series,
    validate,
)

if TYPE_CHECKING:
    import polars as pl

    from . import duplicate_ids
    from .duplicate_ids import Duplicates
    from .members import Members

_ID = "__household_id__"
# a row's parsed household id, a rejected row's included (its parsed cells are nulled)
PARSED_ID = _ID
SKIPPED_REASON = "reason"  # why a row that is not a household was skipped (see io.layout)
COUNT = "__n__"  # rows per group in the aggregates (never a user's column, which --by may name)


def rejects_frame(bad: pl.LazyFrame) -> pl.LazyFrame:
    """The rejects file: the row's number in the input, its `column:reason`s, its cells."""
    import polars as pl

    return bad.select(
        pl.col(ROW).alias(REJECT_ROW),
        pl.col(ERRORS).alias(REJECT_ERRORS),
        pl.all(),  # __row__ locates a cell in the writer's messages and is not written
    ).drop(ERRORS)


def check_columns(table: Table, standards: list[CompiledStandard], *, rejects: bool) -> None:
    """Refuse an input column named like a column the run writes beside it: an added column
    of the output, and with `rejects`, the rejects file's row and errors (before any work)."""
    others = dict.fromkeys((REJECT_ROW, REJECT_ERRORS), "the rejects file") if rejects else {}
    hold_added(table, standards)
    check_no_clash(table.columns, standards, others, source=table.source)


def hold_added(table: Table, standards: list[CompiledStandard]) -> None:
    """Hold an input column named as a column the run adds (a list classified last year, run
    again: its ``class``) under an internal name (`Table.hold`): it is written back under its
    own name, and the added one under a free name (`run.layout.free_added_names`)."""
    several = len(standards) > 1
    table.hold(
        {
            n
            for cs in standards
            for n in output_names(cs.id, several, score=cs.writes_score).values()
        }
    )


@dataclass
class Prepared:
    """Rows checked against the standards' columns, split into valid, rejected and skipped
    rows (numbering, totals and blank rows: see io.layout)."""

    checked: pl.LazyFrame  # every row, parsed, with __errors__ (and any derived columns)
    good: pl.LazyFrame  # valid rows, parsed and typed, in the input's columns, then derived ones
    bad: pl.LazyFrame  # rejected rows: __row__, __errors__, then the cells as read (as text)
    skipped: pl.LazyFrame  # rows that are not households: row, reason


@dataclass(frozen=True)
class Sum:
    """An aggregate summed over batches: `frame`'s numeric columns, grouped by `keys`."""

    frame: pl.LazyFrame
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class First:
    """The first `n` rows over all batches."""

    frame: pl.LazyFrame
    n: int


@dataclass(frozen=True)
class Job:
    """A frame written to a target batch by batch; `finish` runs on the whole (small) result.

    A job that is not `required` writes no file when it gets no row (the rejects of a run that
    rejected nothing): a file of that name, if any, is left as it was.
    """

    frame: pl.LazyFrame
    target: Target
    finish: Callable[[pl.DataFrame], pl.DataFrame] | None = None
    required: bool = True


class Consumer(Protocol):
    """Takes a run's frames one batch at a time; `discard` forgets them (a run made again)."""

    def add(self, frame: pl.DataFrame) -> None: ...

    def discard(self) -> None: ...


@dataclass(frozen=True)
class Each:
    """A frame handed to `consumer` batch by batch, in order (from the writer thread)."""

    frame: pl.LazyFrame
    consumer: Consumer


Build = Callable[[Prepared], tuple[list[Job | Each], list[Sum | First]]]
Derive = Callable[["pl.LazyFrame"], "pl.LazyFrame"]


@dataclass(frozen=True)
class Checks:
    """What a view checks instead of, or beside, the standards' required columns (`measures`
    checks only the columns its indicators read; classify and compare with --weight check the
    standards' own and a sampling weight)."""

    columns: tuple[str, ...] | None  # the standards' columns to check; None: all they require
    extra: dict[str, Spec]  # more columns to check, such as a sampling weight
    optional: frozenset[str] = frozenset()  # columns whose empty cells are not rejected


def _specs(
    table: Table,
    standards: list[CompiledStandard],
    checks: Checks | None = None,
    members: Members | None = None,
) -> dict[str, Spec]:
    """The columns the standards need, checked against the table's header (cheap)."""
    required: list[str] = []
    extra_specs = {}
    needed_by: dict[str, list[str]] = {}
    own = checks is None or checks.columns is None  # the standards' own columns, all of them
    for cs in standards:
        columns = (
            cs.required_columns if checks is None or checks.columns is None else checks.columns
        )
        required += [c for c in columns if c not in required]
        extra_specs.update(cs.standard.model.columns)
        for column in columns:
            needed_by.setdefault(column, []).append(cs.id)
    table.accept_labels({name: spec.label.vi for name, spec in extra_specs.items()})
    extra = checks.extra if checks is not None else {}
    listed = given_by_list(table)  # columns of marks a list of deprivations gives
    error = missing_columns_error(
        table,
        [c for c in required if c not in listed] + [c for c in extra if c not in required],
        needed_by,
        hints=missing_hints(table, standards, with_members=members is not None),
        indicator_names=indicator_names(standards),
    )
    if error is not None:
        raise error
    for column, spec in extra.items():
        if isinstance(spec, WeightSpec):  # a weight read as written, not as Excel shows it
            table.read_exact(column)
    if own:  # a run that did not check them first (`prepare`): a second does nothing
        check_columns(table, standards, rejects=False)
    if (
        members is not None
        and "household_size" in table.columns
        and "household_size" not in required
    ):
        required.append("household_size")  # compared with the roster's size
    return {**needed_columns(required, extra_specs, list_spec(table, required)), **extra}


def indicator_names(standards: list[CompiledStandard]) -> dict[str, list[str]]:
    """Each indicator id of `standards` -> the names a column of its marks may have."""
    from .marks import names_of

    return names_of(standards)


def missing_hints(
    table: Table, standards: list[CompiledStandard], with_members: bool
) -> list[Said]:
    """For a missing-columns error: the other inputs that would give the missing columns'
    indicators (a member file, when none is given; the list's columns of deprivation marks)."""
    from .marks import marks_hint

    given = [] if with_members else _members_hint(table, standards)
    return [*_size_hint(table, standards), *given, *marks_hint(table, standards)]


def _size_hint(table: Table, standards: list[CompiledStandard]) -> list[Said]:
    """When household_size is missing: why the run needs it, the indicators whose rules read
    it (dependents per member, floor area per member) and the counts of members checked
    against it (a count never exceeds it). Read from marks, those would need none."""
    if "household_size" in table.columns:
        return []
    rules: list[str] = []
    counts: list[str] = []
    for cs in standards:
        if "household_size" not in cs.required_columns:
            continue
        for ind, compiled in cs.indicators:
            if "household_size" in compiled.names and ind.id not in rules:
                rules.append(ind.id)
        counts += [c for c in cs.required_columns if c in MEMBER_COUNTS and c not in counts]
    if not rules and not counts:
        return []
    return [
        Said(
            "household_size is needed"
            + (f" by the rules of {', '.join(rules)}, which read it" if rules else "")
            + (", and" if rules and counts else "")
            + (
                f" to check the counts of members read ({', '.join(counts)}), which never exceed it"
                if counts
                else ""
            )
            + "; where the list's deprivation marks give those indicators, it is not needed",
            "input.detail.size_needed",
            rules=", ".join(rules),
            counts=", ".join(counts),
        )
    ]


def _members_hint(table: Table, standards: list[CompiledStandard]) -> list[Said]:
    """When missing columns are member counts that a member form replaces: say --members."""
    present = set(table.columns) | given_by_list(table)
    indicators: list[str] = []
    columns: list[str] = []
    for cs in standards:
        for ind, compiled in cs.indicators:
            missing = sorted(n for n in compiled.names if n in cs.column_types and n not in present)
            if ind.from_members is None or not missing:
                continue
            indicators += [ind.id] if ind.id not in indicators else []
            columns += [c for c in missing if c not in columns]
    if not indicators:
        return []
    return [
        Said(
            f"{', '.join(columns)}: the standard computes {', '.join(indicators)} from a member"
            " file too: give one with --members members.csv (one row per person: household_id,"
            " age ...; see the README, 'Household members')",
            "input.detail.give_members",
            columns=", ".join(columns),
            indicators=", ".join(indicators),
        )
    ]


# the columns read that say which household, and where, not what it holds: a footer row may
# have them (a commune's name beside the signatures)
_IDENTITY = frozenset({"household_id", *OPTIONAL_UNITS})


@dataclass
class Plan:
    """Per-row work on the whole input (`rows` -> `checked`) and how to split its result."""

    checked: Callable[[pl.LazyFrame], pl.LazyFrame]
    good_columns: list[str]
    bad_columns: list[pl.Expr]
    text_columns: list[str]  # pass-through text that `normalise` brings to NFC, if not `checked`
    cells: list[str]  # each input cell as read, in a checked row (for `mark`)
    numbering_row: int | None = None
    marker: layout.SkipMarker | None = None  # made from numbering_row (batches marked in order)
    units_row: int | None = None
    # the cells as read of the household data the run reads (not the id, nor a unit): a row
    # with one is never skipped as a footer (`layout.SkipMarker.reasons`)
    data: list[str] = field(default_factory=list)
    _cell_exprs: list[pl.Expr] = field(default_factory=list, init=False, repr=False)
    _empty_bad: pl.DataFrame | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        import polars as pl

        if self.marker is None:
            self.marker = layout.SkipMarker(self.numbering_row, units_row=self.units_row)
        # made once, not per batch: a survey file has thousands of columns, and building an
        # expression costs about as much as a thousand cells' work
        self._cell_exprs = [pl.col(c) for c in self.cells]

    def normalise(self, batch: pl.DataFrame) -> pl.DataFrame:
        """The batch's pass-through text in NFC (for plans made with ``nfc_in_plan=False``)."""
        import polars as pl

        schema = batch.schema  # built anew on each access: once, not once per column
        present = [c for c in self.text_columns if schema.get(c) == pl.String]
        if not present:
            return batch
        # which columns hold a cell NFC could change, in one polars call over them all (one per
        # column cost more than reading a wide file's batch); by position, as a name such as
        # ^x$ would be read as a pattern. NFC text, the usual case, stops here.
        index = {c: i for i, c in enumerate(batch.columns)}
        found = batch.select(
            pl.nth([index[c] for c in present]).str.contains(NFC_TRIGGER).any()
        ).row(0)
        changed = [c for c, hit in zip(present, found, strict=True) if hit]
        return batch.with_columns(nfc_series(batch.get_column(c)) for c in changed)

    def mark(self, batch: pl.DataFrame) -> pl.DataFrame:
        """The checked batch with SKIP: why a row is not a household (numbering, blank, totals
        or footer row: io.layout), null for a household."""
        import polars as pl

        assert self.marker is not None
        none = pl.lit(None, dtype=pl.String).alias(SKIP)
        found = self.marker.reasons(
            batch, self._cell_exprs, pl.col(_ID), ROW, [pl.col(c) for c in self.data]
        )
        if found.is_empty():
            return batch.with_columns(none)
        return batch.with_columns(
            pl.col(ROW)
            .replace_strict(found[ROW], found[SKIP], default=None, return_dtype=pl.String)
            .alias(SKIP)
        )

    def split_batch(self, checked: pl.DataFrame) -> Prepared:
        """A marked batch split into its valid households, rejected households and skipped
        rows: a batch with every row valid (the usual case) is not filtered, and one with none
        rejected gets its empty rejects without casting a column (a wide file's plans cost per
        column, per batch)."""
        import polars as pl

        household = pl.col(SKIP).is_null()
        ok = pl.col(ERRORS) == ""
        good_rows, bad_rows = checked.select(
            (ok & household).all().alias("good"), (~ok & household).any().alias("bad")
        ).row(0)
        valid = checked if good_rows else checked.filter(ok & household)
        if bad_rows:
            bad = checked.filter(~ok & household).select(self.bad_columns)
        else:
            if self._empty_bad is None:
                self._empty_bad = checked.clear().select(self.bad_columns)
            bad = self._empty_bad
        skipped = checked.filter(~household).select(
            pl.col(ROW).alias(REJECT_ROW), pl.col(SKIP).alias(SKIPPED_REASON)
        )
        return Prepared(checked.lazy(), valid[self.good_columns].lazy(), bad.lazy(), skipped.lazy())


def plan(
    table: Table,
    standards: list[CompiledStandard],
    duplicates: Duplicates | None = None,
    derive: Derive | None = None,
    *,
    nfc_in_plan: bool = True,
    keep_raw: bool | frozenset[str] = False,
    checks: Checks | None = None,
    members: Members | None = None,
) -> Plan:
    """Validation of the table's rows for `standards`, then `derive` (such as classification)
    on the valid ones: the per-row work, which polars streams over the whole input.

    With `keep_raw`, the valid rows keep each parsed column's cells as read, as
    ``__raw__<name>`` (for an output that gives the input back as it was written); a set keeps
    only those columns' cells (a sampling weight, parsed to be summed but written as read).

    Pass-through text is brought to NFC like the parsed columns: in the plan, or, with
    `nfc_in_plan` false, by `Plan.normalise` on each batch that comes out of it (cheaper for
    columns of few distinct values; derive does not read pass-through columns).
    """
    import polars as pl

    specs = _specs(table, standards, checks, members)
    optional = checks.optional if checks is not None else frozenset()
    blank_false = table.blank_means_false
    originals = table.columns
    derived: list[str] = []
    text = [c for c in originals if c not in specs and c != ROW]
    excel_errors = table.excel_error_cells()

    def checked(frame: pl.LazyFrame) -> pl.LazyFrame:
        schema = frame.collect_schema()
        lf = validate(
            frame,
            specs,
            duplicates.expr() if duplicates else None,
            blank_false,
            optional,
            table.value_codes,
            excel_errors,
        )
        # the parsed id, kept before derive nulls a rejected row's values (for `Plan.mark`); a
        # table without ids (a survey's persons, for measures) has no blank or totals rows
        household_id = (
            pl.col("household_id").cast(pl.String)
            if "household_id" in schema
            else pl.lit("", dtype=pl.String)
        )
        lf = lf.with_columns(household_id.alias(_ID))
        if members is not None:
            lf = members.step(lf, "household_size" in specs)
        if nfc_in_plan:
            lf = lf.with_columns(nfc(pl.col(c)).alias(c) for c in text if schema[c] == pl.String)
        if derive is None:
            return lf
        before = set(lf.collect_schema().names())  # a set: wide files have thousands
        # a rejected row's parsed cells are nulled: derive sees only values that passed
        ok = pl.col(ERRORS) == ""
        lf = derive(lf.with_columns(pl.when(ok).then(pl.col(c)).alias(c) for c in specs))
        derived[:] = [c for c in lf.collect_schema().names() if c not in before]
        return lf

    checked(table.frame)  # the derived columns' names, and any error in the plan, now
    kept = specs if keep_raw is True else keep_raw or frozenset()
    raw = [RAW + c for c in specs if c in kept]
    if members is not None and members.flags_size:
        from .members import SIZE_FLAG

        derived.append(SIZE_FLAG)
    return Plan(
        checked,
        [*originals, *derived, *raw],
        [
            pl.col(ROW),
            pl.col(ERRORS),
            # every cell as text: a typed scan and its fallback to text give rejects one schema
            *(
                _as_shown(pl.col(RAW + c if c in specs else c), excel_errors.get(c)).alias(c)
                for c in originals
                if c != ROW
            ),
        ],
        [] if nfc_in_plan else text,
        [RAW + c if c in specs else c for c in originals if c != ROW],
        table.numbering_row,
        units_row=table.units_row,
        data=[RAW + c for c in specs if c not in _IDENTITY],
    )


def _as_shown(cell: pl.Expr, errors: dict[int, str] | None) -> pl.Expr:
    """A rejected row's cell as text, as Excel shows it: a cell holding an Excel error (read
    as empty) as the error, '#DIV/0!'."""
    import polars as pl

    text = cell.cast(pl.String)
    if not errors:
        return text
    shown = pl.col(ROW).replace_strict(
        list(errors), list(errors.values()), default=None, return_dtype=pl.String
    )
    return pl.coalesce(text, shown)


def prepare(
    table: Table,
    standards: list[CompiledStandard],
    duplicates: Duplicates | None = None,
    frame: pl.LazyFrame | None = None,
    derive: Derive | None = None,
    members: Members | None = None,
) -> Prepared:
    """The lazy validation of `frame` (default: the whole table) for `standards`."""
    p = plan(table, standards, duplicates, derive, members=members)
    checked = p.checked(table.frame if frame is None else frame).collect()
    return p.split_batch(p.mark(checked))


def _typed_columns(standards: list[CompiledStandard]) -> dict[str, str]:
    """Columns the CSV reader may parse itself: whole numbers and true/false."""
    wanted = {ColumnType.INTEGER: "int", ColumnType.MONEY: "int", ColumnType.BOOLEAN: "bool"}
    marks = {c for cs in standards for c in cs.marks.values()}  # 'x' is no true/false for polars
    return {
        n: wanted[t]
        for cs in standards
        for n, t in cs.column_types.items()
        if t in wanted and n not in marks
    }


Progress = Callable[[int, float], None]  # (rows done, share of the input read)


def execute(
    table: Table,
    standards: list[CompiledStandard],
    build: Build,
    progress: Progress | None = None,
    derive: Derive | None = None,
    *,
    keep_raw: bool | frozenset[str] = False,
    checks: Checks | None = None,
    members: Members | None = None,
    batch_scale: int = 1,
) -> list[pl.DataFrame]:
    """Stream the table through validation and `derive`; run `build` on each batch of the
    result; write its jobs; hand its `Each` frames on; merge its aggregates. `keep_raw` as for `plan`; `checks` replaces
    the standards' required columns with a view's own; `batch_scale` multiplies the rows of a
    batch (a view that only aggregates spends less per batch with fewer, larger ones).

    Each batch's household ids are hashed too. In the usual case no two are equal and the
    outputs are committed; when some are, the few rows concerned are compared exactly and the
    run is made again with them rejected as duplicates.
    """
    result = _run_batches(
        table, standards, build, derive, None, progress, keep_raw, checks, members, batch_scale
    )
    if isinstance(result, list):
        return result
    if members is not None:
        members.restart()
    result = _run_batches(
        table,
        standards,
        build,
        derive,
        result.duplicates,
        progress,
        keep_raw,
        checks,
        members,
        batch_scale,
    )
    assert isinstance(result, list)
    return result


@dataclass
class _Rerun:
    duplicates: Duplicates


def _run_batches(
    table: Table,
    standards: list[CompiledStandard],
    build: Build,
    derive: Derive | None,
    duplicates: Duplicates | None,
    progress: Progress | None,
    keep_raw: bool | frozenset[str] = False,
    checks: Checks | None = None,
    members: Members | None = None,
    batch_scale: int = 1,
) -> list[pl.DataFrame] | _Rerun:
    import polars as pl

    from ..io.batches import Position, stream
    from . import duplicate_ids

    # fails early
    work = plan(
        table,
        standards,
        duplicates,
        derive,
        nfc_in_plan=False,
        keep_raw=keep_raw,
        checks=checks,
        members=members,
    )
    writers: list[BatchWriter] = []
    consumers: list[Consumer] = []
    gathered: list[list[pl.DataFrame]] = []
    extras: list[Sum | First] = []
    # ids are hashed on the first run only: a second run already knows the duplicates
    has_ids = "household_id" in table.columns and duplicates is None
    hashes = duplicate_ids.SpilledHashes() if has_ids else None
    rows = 0
    # one writer thread hands each batch to the outputs' sinks (and spills its id hashes) while
    # the main loop prepares the next one: measured on 10M households, dropping it cost 0.4-0.8 s
    # and 20-70 MB (the sinks' handshake alone made the loop wait)
    pool = ThreadPoolExecutor(max_workers=1)
    writing: Future | None = None
    try:
        position = Position()
        watched = position if progress is not None else None  # no estimate needed otherwise
        source = stream(
            table,
            work.checked,
            _typed_columns(standards),
            watched,
            batch_scale,
            every_row=True,
        )
        for batch, frame in enumerate(source):
            temporary.checkpoint()
            rows += frame.height
            prepared = work.split_batch(work.mark(work.normalise(frame)))
            built, extras = build(prepared)
            jobs = [job for job in built if isinstance(job, Job)]
            eaches = [each for each in built if isinstance(each, Each)]
            if batch == 0:
                for job in jobs:  # one by one: a failure leaves the earlier ones to discard
                    writers.append(BatchWriter(job.target, job.finish, job.required))
                consumers = [each.consumer for each in eaches]
                gathered = [[] for _ in extras]
            outputs = [job.frame for job in jobs] + [each.frame for each in eaches]
            plans = outputs + [e.frame for e in extras]
            if members is not None:  # the member rows of the households kept (not rejected)
                plans.append(members.kept_plan(prepared.checked.filter(pl.col(SKIP).is_null())))
            if hashes is not None:
                households = prepared.checked.filter(pl.col(SKIP).is_null())
                plans.append(duplicate_ids.hashes_plan(households))
            frames = pl.collect_all(plans, engine="in-memory")
            if writing is not None:
                writing.result()
            ids = frames[-1]["h"] if hashes is not None else None
            writing = pool.submit(_write, writers, consumers, frames[: len(outputs)], hashes, ids)
            done = frames[len(outputs) : len(outputs) + len(extras)]
            if members is not None:
                members.count_kept(frames[len(outputs) + len(extras)])
            for extra, frames_so_far, frame in zip(extras, gathered, done, strict=True):
                frames_so_far.append(frame)
                if len(frames_so_far) >= _MERGE_EVERY or (
                    sum(f.height for f in frames_so_far) >= _MERGE_ROWS
                ):
                    frames_so_far[:] = [_merge(extra, frames_so_far)]
            if progress is not None:
                progress(rows, position.done)
        if writing is not None:
            writing.result()
        temporary.checkpoint()
        if rows == 0:
            raise InputError(
                "the file has a header but no rows", file=table.source, key="input.no_rows"
            )
        if hashes is not None:
            found = duplicate_ids.find(hashes, table)
            if found is not None:
                for writer in writers:
                    writer.discard()
                for consumer in consumers:
                    consumer.discard()
                return _Rerun(found)
        for writer in writers:
            writer.close()
        if members is not None:
            # the member rejects' second pass now, and its file committed with the others
            writers = [*writers, *members.close()]
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        # a clean-up that fails too (a full disk) must not replace the failure reported
        temporary.quietly(*(w.discard for w in writers), *(c.discard for c in consumers))
        raise
    finally:
        if hashes is not None:
            temporary.quietly(hashes.close)
    pool.shutdown()
    commit_all(writers)
    return [_merge(e, f) for e, f in zip(extras, gathered, strict=True)]


def _write(
    writers: list[BatchWriter],
    consumers: list[Consumer],
    frames: list[pl.DataFrame],
    hashes: duplicate_ids.SpilledHashes | None,
    ids: pl.Series | None,
) -> None:
    for writer, frame in zip(writers, frames, strict=False):
        writer.write(frame)
    for consumer, frame in zip(consumers, frames[len(writers) :], strict=True):
        consumer.add(frame)
    if hashes is not None and ids is not None:
        hashes.add(ids)


# batch aggregates gathered before they are merged: merging each batch into the total cost
# more than the aggregation itself; a few dozen small frames cost little memory
_MERGE_EVERY = 32
# ... and as soon as they hold this many rows: an aggregate by many groups (a report by commune
# of a file in no order) grows by tens of thousands of rows a batch
_MERGE_ROWS = 200_000


def _merge(extra: Sum | First, frames: list[pl.DataFrame]) -> pl.DataFrame:
    """The batches' aggregates as one: summed by `extra.keys`, or the first `n` rows."""
    import polars as pl

    combined = pl.concat(frames, how="vertical_relaxed")
    if isinstance(extra, First):
        return combined.head(extra.n)
    if extra.keys:
        return combined.group_by(list(extra.keys), maintain_order=True).sum()
    return combined.sum()
