"""The report: one classify run whose batches are counted by unit, area, ethnic minority and class,
then every table built in plain Python from those small counts.

A unit is its whole path (`province / district / commune`): two communes of the same name in two
districts are two units. Each table has three sections, urban, rural and all; within a section,
each unit's row comes after its parent's subtotal, and the grand total comes last.

Movements against the previous list (`--previous`), for each household on either list:

- poor (near-poor) before: its class on the previous list;
- escaped poverty: poor before, on this list and not poor now (of which near-poor now);
- escaped near-poverty: near-poor before, average or not poor now;
- near-poor who became poor: near-poor before, poor now;
- newly poor: poor now and not poor before, households new to the list included;
- newly near-poor: near-poor now and not near-poor before (poor before or new included);
- absent now: on the previous list only; new to this list: on this list only;
- previous row rejected: on the previous list on a rejected row (an unreadable label, an id
  repeated), its class there unknown: counted apart (of which poor, near-poor, absent now), never
  new, newly poor or newly near-poor;
- row in this list rejected: on the previous list, its row in this list rejected (a bad cell, an
  id repeated), its class now unknown: counted apart (of which poor, near-poor before, previous
  row rejected too), never absent now nor escaped poverty;
- row in this list rejected, not on the previous list: a household (its id) whose rows in this
  list were all rejected and which the previous list does not have, class unknown: counted
  apart, never new to this list nor newly poor, in the grand totals only (its unit and area are
  no more known than its class). A rejected row with no household id is no household: it is
  counted in the reconciliation of this list's rejected rows alone.

So poor now = poor before - escaped poverty - absent poor - poor before whose row in this list
was rejected + newly poor + poor now whose previous row was rejected, and near-poor now =
near-poor before - escaped near-poverty - near-poor who became poor - absent near-poor -
near-poor before whose row in this list was rejected + newly near-poor + near-poor now whose
previous row was rejected, in every row. A household on both lists is counted in its current
unit and area; one absent now, or whose row in this list was rejected, in the unit and area of
the previous list. When that list lacks a `--by` column (or `area`), such a household is in the
grand totals (the `all` section) only, in no unit row (no urban or rural section), and a note
says how many (`export.totals_only`, `export.all_areas_only`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..columns import BY_NAME
from ..engine.classifier import CompiledStandard, classify
from ..errors import InputError
from ..io import temporary
from ..io.layout import SKIP
from ..io.readers import Table
from ..io.writers import BatchWriter, Target
from ..run.layout import Layout, RejectsJob
from ..run.members import MemberAccounting, Members, with_members
from ..run.pipeline import (
    Accounting,
    StandardInfo,
    accounting_from,
    accounting_plan,
    classes_of,
    file_headers,
    no_column,
)
from ..run.runner import (
    PARSED_ID,
    Checks,
    Each,
    Job,
    Prepared,
    Progress,
    Sum,
    check_columns,
    execute,
)
from ..run.validation import ERRORS
from ..standard.model import CLASS_ORDER
from ..text import group_order
from . import spill as sp
from .previous import (
    ABSENT,
    CREJ,
    PREJ,
    PREV_ID,
    REJECTED,
    PreviousAccounting,
    PreviousList,
    PreviousRejects,
    clean,
    prev_class,
    reject_frame,
    spill_previous,
    unit_columns,
)

if TYPE_CHECKING:
    import polars as pl

SECTIONS = ("urban", "rural", "all")
POVERTY = ("poor", "near_poor")  # the classes whose deprivations are reported
ETHNIC = "ethnic_minority"
MOVEMENTS = (
    "poor_before",
    "near_poor_before",
    "escaped_poverty",
    "poor_to_near_poor",
    "escaped_near_poverty",
    "near_poor_to_poor",
    "newly_poor",
    "newly_near_poor",
    "absent_now",
    "absent_poor",
    "absent_near_poor",
    "new",
    "new_poor",
    "new_near_poor",
    "rejected_before",
    "rejected_poor_now",
    "rejected_near_poor_now",
    "rejected_absent_now",
    "rejected_now",
    "rejected_now_poor",
    "rejected_now_near_poor",
    "rejected_now_rejected_before",
    "rejected_new",
    "poor_now",
    "near_poor_now",
)
# rows of the two sides joined at once: under 100 MB a side
SLICE_ROWS = 2_000_000
# distinct units a report may have: Vietnam had some 10,600 communes before July 2025 (3,321
# after); each unit costs a row in every table, so a column of near-unique values given to --by
# stops the run early instead of taking gigabytes
MAX_UNITS = 20_000
_AREA, _EM, _N = "__area__", "__em__", "__n__"


@dataclass
class Row:
    """One row of a table: the grand total (level 0) or a unit at depth `level` (its path)."""

    level: int
    path: tuple[str | None, ...]
    values: dict[str, int]


Sectioned = dict[str, list[Row]]  # section (urban, rural, all) -> rows


@dataclass
class StandardReport:
    standard: StandardInfo
    reference: str  # the first legal reference's title
    classes: list[str]
    indicators: list[str]
    indicator_labels: dict[str, tuple[str, str]]  # id -> (en, vi)
    households: Sectioned
    deprivation: dict[str, Sectioned]  # poor / near_poor -> sections
    movements: Sectioned | None = None  # per unit, with --previous
    transitions: dict[str, dict[str, int]] | None = None  # previous class -> class now -> n
    # with --previous, the previous list has no class under this standard: no movements
    no_previous_class: bool = False
    # households the previous list calls average under a standard without that band: counted
    # as not poor before (neither poor nor near-poor), and said
    average_without_band: int = 0

    @property
    def total(self) -> int:
        return self.households["all"][-1].values["households"]

    def household_keys(self, ethnic: bool) -> list[str]:
        keys = ["households", *self.classes]
        if ethnic:
            keys += ["em_households", *(f"em_{c}" for c in self.classes)]
        return keys


@dataclass
class Report:
    source: str
    run_date: dt.date
    as_of: dt.date
    by: list[str]
    ethnic: bool
    reports: list[StandardReport]
    accounting: Accounting
    previous: PreviousAccounting | None = None
    rejects_path: str | None = None
    previous_rejects_path: str | None = None
    members: MemberAccounting | None = None  # with --members: where the member rows went


def _names(k: int) -> dict[str, str]:
    return {
        "class": f"__class{k}__",
        "deprivation_count": f"__count{k}__",
        "deprived": f"__deprived{k}__",
        "income_line": f"__line{k}__",
    }


def _indicator(k: int, ind: str) -> str:
    return f"__ind{k}_{ind}"


def _unit(i: int) -> str:
    return f"__u{i}__"


class UnitGuard:
    """Counts the distinct units seen batch by batch; past `MAX_UNITS` it stops the run."""

    def __init__(self, by: list[str], source: str) -> None:
        self.by = by
        self.source = source
        self.seen: pl.DataFrame | None = None  # the distinct units so far

    def add(self, frame: pl.DataFrame) -> None:
        import polars as pl

        both = frame if self.seen is None else pl.concat([self.seen, frame], how="vertical_relaxed")
        self.seen = both.unique()
        if self.seen.height > MAX_UNITS:
            raise InputError(
                f"more than {MAX_UNITS:,} units ({' / '.join(self.by)}): a report has a row for "
                "each; is one of the --by columns a household's own value (a name, an id)?",
                file=self.source,
                key="report.too_many_units",
                params={"limit": MAX_UNITS, "by": " / ".join(self.by)},
            )

    def discard(self) -> None:
        self.seen = None


def check_by(table: Table, by: list[str]) -> None:
    """Each unit column is in `table` (the command resolved them: `run.pipeline.column_named`)."""
    for column in by:
        if column not in table.columns:
            no_column(table, column, "--by")


def report_table(
    table: Table,
    standards: list[CompiledStandard],
    *,
    by: list[str],
    as_of: dt.date,
    previous: PreviousList | None = None,
    rejects: Target | None = None,
    previous_rejects: Target | None = None,
    progress: Progress | None = None,
    run_date: dt.date | None = None,
    lang: str = "en",
    members: Members | None = None,
) -> Report:
    """The report on `table` under each standard, in one pass over it (and one over the
    previous list); rejects written as classify writes them."""
    import polars as pl

    check_by(table, by)
    if rejects is not None:
        check_columns(table, [], rejects=True)  # the rejects file's row and errors
    rejects_job = (
        None
        if rejects is None
        else RejectsJob(
            rejects, table, standards, Layout(lang), members.headers if members else None
        )
    )
    ethnic = ETHNIC in table.columns
    units = [_unit(i) for i in range(len(by))]
    prev_writer: BatchWriter | None = None
    prev_acc: PreviousAccounting | None = None
    prev_spill: sp.PartitionedSpill | None = None
    codes = sp.UnitCodes(len(by), 2 * MAX_UNITS)
    guard = UnitGuard(by, table.source)
    current_spill: sp.PartitionedSpill | None = None
    # the ids of this list's rejected rows: a household of the previous list among them is
    # counted apart, not as absent now
    rejected_spill: sp.PartitionedSpill | None = None
    work = sp.SpillDirectory() if previous is not None else None
    try:
        if previous is not None and work is not None:
            current_spill = sp.PartitionedSpill(work.path, "current", codes, units)
            rejected_spill = sp.PartitionedSpill(work.path, "current-rejected", codes, [])
            if previous_rejects is not None:
                prev_writer = PreviousRejects(previous_rejects, previous, lang)
            prev_spill = sp.PartitionedSpill(
                work.path, "previous", codes, unit_columns(previous), clean=clean
            )
            prev_acc = spill_previous(previous, prev_spill, prev_writer)

        def derive(lf: pl.LazyFrame) -> pl.LazyFrame:
            for k, cs in enumerate(standards):
                names = _names(k)
                lf = classify(lf, cs, names=names, indicators_as=f"__ind{k}_")
                lf = lf.drop(names["deprivation_count"], names["deprived"], names["income_line"])
            return lf

        def keyed(lf: pl.LazyFrame) -> pl.LazyFrame:
            cols = []
            for i, c in enumerate(by):
                text = pl.col(c).cast(pl.String).str.strip_chars()
                cols.append(pl.when(text != "").then(text).alias(units[i]))
            cols.append(pl.col("area").alias(_AREA))
            if ethnic:
                cols.append(pl.col(ETHNIC).alias(_EM))
            return lf.with_columns(cols)

        def build(p: Prepared):
            good = keyed(p.good)
            base = [*units, _AREA]
            sums: list = []
            for k, cs in enumerate(standards):
                cls = _names(k)["class"]
                keys = (*base, *([_EM] if ethnic else []), cls)
                sums.append(Sum(good.group_by(*keys).agg(pl.len().alias(_N)), keys))
                dkeys = (*base, cls)
                inds = [ind.id for ind, _ in cs.indicators]
                deprived = good.filter(pl.col(cls).is_in(POVERTY)).group_by(*dkeys)
                sums.append(
                    Sum(
                        deprived.agg(
                            pl.len().alias(_N),
                            *(pl.col(_indicator(k, i)).cast(pl.Int64).sum().alias(i) for i in inds),
                        ),
                        dkeys,
                    )
                )
            jobs: list[Job | Each] = []
            if rejects_job is not None:
                jobs.append(rejects_job(p))
            if units:
                jobs.append(Each(good.select(units).unique(), guard))
            if current_spill is not None:
                jobs.append(
                    Each(
                        good.select(
                            sp.id_hash(pl.col("household_id")),
                            pl.col("household_id").alias(PREV_ID),
                            *units,
                            pl.col(_AREA).cast(sp.area_dtype()),
                            *(
                                pl.col(_names(k)["class"]).cast(sp.class_dtype()).alias(f"__c{k}__")
                                for k in range(len(standards))
                            ),
                        ),
                        current_spill,
                    )
                )
            if rejected_spill is not None:
                # a rejected row's parsed cells are nulled, its id kept apart (PARSED_ID); a row
                # with no id is spilled too (null), to be counted in this list's reconciliation
                rejected = p.checked.filter((pl.col(ERRORS) != "") & pl.col(SKIP).is_null())
                jobs.append(
                    Each(
                        rejected.select(
                            sp.id_hash(pl.col(PARSED_ID)),
                            pl.when(pl.col(PARSED_ID) != "")
                            .then(pl.col(PARSED_ID))
                            .otherwise(None)
                            .alias(PREV_ID),
                        ),
                        rejected_spill,
                    )
                )
            return jobs, [*sums, *accounting_plan(p)]

        frames, member_acc = with_members(
            members,
            lambda: execute(
                table,
                standards,
                build,
                progress,
                derive,
                # the standards' columns, and ethnic_minority when the input has it; derive names
                # its columns itself, so an input may hold a 'class' column (last year's output)
                checks=Checks(
                    tuple(dict.fromkeys(c for cs in standards for c in cs.required_columns)),
                    {ETHNIC: BY_NAME[ETHNIC]} if ethnic else {},
                ),
                members=members,
            ),
        )
        per_standard, acc_frames = frames[: 2 * len(standards)], frames[2 * len(standards) :]
        reports = []
        for k, cs in enumerate(standards):
            counts, deprived = per_standard[2 * k], per_standard[2 * k + 1]
            reports.append(_standard_report(cs, k, counts, deprived, len(by), ethnic))
        accounting = accounting_from(
            acc_frames, reports[0].total, standards, file_headers(table, members)
        )
        if prev_acc is not None:
            prev_acc.current_reported = accounting.processed
            prev_acc.current_rejected = accounting.rejected
        if (
            current_spill is not None
            and rejected_spill is not None
            and prev_spill is not None
            and previous is not None
        ):
            current_spill.flush()
            rejected_spill.flush()
            joined = _join(
                current_spill,
                rejected_spill,
                prev_spill,
                previous,
                standards,
                prev_writer,
                prev_acc,
            )
            for report, frame in zip(reports, joined, strict=True):
                if frame is None:  # no class column under this standard: no movements
                    report.no_previous_class = True
                    continue
                report.movements, report.transitions = _movements(frame, report, codes)
                if "average" not in report.classes:
                    report.average_without_band = sum(report.transitions["average"].values())
        if prev_writer is not None:
            prev_writer.close()
            prev_writer.commit()  # not written when the previous list had no rejected row
    except BaseException:
        if prev_writer is not None:
            temporary.quietly(prev_writer.discard)  # the failure is the one reported
        raise
    finally:
        if work is not None:
            temporary.quietly(work.close)
    rejects_path = rejects.path if rejects is not None and accounting.rejected else None
    return Report(
        source=table.source,
        run_date=run_date or dt.date.today(),
        as_of=as_of,
        by=list(by),
        ethnic=ethnic,
        reports=reports,
        accounting=accounting,
        previous=prev_acc,
        rejects_path=rejects_path,
        previous_rejects_path=previous_rejects.path
        if previous_rejects and prev_acc and prev_acc.rejected
        else None,
        members=member_acc,
    )


def _standard_report(
    cs: CompiledStandard,
    k: int,
    counts: pl.DataFrame,
    deprived: pl.DataFrame,
    depth: int,
    ethnic: bool,
) -> StandardReport:
    import polars as pl

    model = cs.standard.model
    classes = classes_of(cs)
    inds = [ind.id for ind, _ in cs.indicators]
    units = [_unit(i) for i in range(depth)]
    report = StandardReport(
        standard=StandardInfo.of(cs),
        reference=model.references[0].title if model.references else "",
        classes=classes,
        indicators=inds,
        indicator_labels={ind.id: (ind.label.en, ind.label.vi) for ind, _ in cs.indicators},
        households={},
        deprivation={},
    )
    cls, n = pl.col(_names(k)["class"]), pl.col(_N).cast(pl.Int64)
    values = [
        n.alias("households"),
        *(pl.when(cls == c).then(n).otherwise(0).alias(c) for c in classes),
    ]
    if ethnic:
        em = pl.col(_EM).fill_null(False)
        values.append(pl.when(em).then(n).otherwise(0).alias("em_households"))
        values += [pl.when(em & (cls == c)).then(n).otherwise(0).alias(f"em_{c}") for c in classes]
    report.households = rollup(counts.select(*units, _AREA, *values), units)
    for c in POVERTY:
        if c in classes:
            chosen = deprived.filter(cls == c).select(
                *units, _AREA, n.alias("households"), *(pl.col(i).cast(pl.Int64) for i in inds)
            )
            report.deprivation[c] = rollup(chosen, units)
    return report


def rollup(frame: pl.DataFrame, units: list[str], placed: str | None = None) -> Sectioned:
    """Rows for every unit and every level above it, in each section, with the grand total.

    `frame` has the unit columns (top down), the area (null: counted in `all` only) and the
    value columns; a row whose `placed` column is false counts in the grand total only.
    """
    import polars as pl

    keys = [c for c in frame.columns if c not in (*units, _AREA, placed)]
    out: Sectioned = {}
    for section in SECTIONS:
        part = frame if section == "all" else frame.filter(pl.col(_AREA) == section)
        sums = [pl.col(c).sum() for c in keys]
        found: dict[tuple, dict[str, int]] = {
            (): dict(zip(keys, part.select(sums).row(0), strict=True))
        }
        if placed is not None:
            part = part.filter(pl.col(placed))
        for level in range(1, len(units) + 1):
            grouped = part.group_by(units[:level]).agg(sums)
            for row in grouped.iter_rows():
                found[tuple(row[:level])] = dict(zip(keys, row[level:], strict=True))
        paths = sorted((p for p in found if p), key=group_order)
        out[section] = [Row(len(p), p, found[p]) for p in [*paths, ()]]
    return out


def _join(
    current: sp.PartitionedSpill,
    current_rejected: sp.PartitionedSpill,
    previous_spill: sp.PartitionedSpill,
    previous: PreviousList,
    standards: list[CompiledStandard],
    rejects: BatchWriter | None,
    acc: PreviousAccounting | None,
) -> list[pl.DataFrame | None]:
    """Per standard (None for one the previous list has no class under): households by unit
    (number), area, previous class and class now (null on the side a household is missing
    from), joined a slice of partitions at a time; ids repeated in the previous list are
    rejected there. A household whose row in this list was rejected (`current_rejected`, its
    id only) is marked `CREJ`, in the previous list's unit and area, or in no unit nor area
    (the grand totals only) when the previous list does not have it; `acc` gets where this
    list's rejected rows went (of a household of the previous list, of another, no id)."""
    import polars as pl

    from ..io import temporary

    labels = previous.label_columns
    area, cls, unit = sp.area_dtype(), sp.class_dtype(), pl.UInt32
    now_schema = {
        sp.HASH: pl.UInt64,
        PREV_ID: pl.String,
        sp.UNIT: unit,
        _AREA: area,
        **{f"__c{k}__": cls for k in range(len(standards))},
    }
    before_schema = {
        sp.HASH: pl.UInt64,
        "__row__": pl.Int64,
        PREV_ID: pl.String,
        **{f"__raw_{c}__": pl.String for c in labels},
        sp.UNIT: unit,
        **({"__parea__": area} if previous.has_area else {}),
        **{prev_class(c): cls for c in labels},
        PREJ: pl.Boolean,
    }
    raw = {f"__raw_{c}__" for c in labels}
    keys = [sp.UNIT, _AREA, "__was__", "__is__", PREJ, CREJ]
    counts = [
        a + b + c
        for a, b, c in zip(
            current.counts, current_rejected.counts, previous_spill.counts, strict=True
        )
    ]
    found: list[list[pl.DataFrame]] = [[] for _ in standards]
    # the standards the previous list has a class under (`PreviousList.class_of`)
    with_class = [k for k, cs in enumerate(standards) if cs.id in previous.class_of]
    for part in sp.slices(counts, SLICE_ROWS):
        temporary.checkpoint()  # a signal stops the run between slices
        # read by the join's own query (`_count_joined`), not gathered in a frame first
        now = sp.scan(current.files(part), now_schema).with_columns(pl.lit(False).alias(CREJ))
        # every row of a repeated id was rejected: one row a household; its classes unknown
        gone = sp.read(current_rejected.files(part), {sp.HASH: pl.UInt64, PREV_ID: pl.String})
        if acc is not None:
            acc.current_rejected_no_id += gone.get_column(PREV_ID).null_count()
        gone = gone.filter(pl.col(PREV_ID).is_not_null())
        # every row of a repeated id was rejected: its rows counted, the household once
        gone_rows = gone.group_by(PREV_ID).agg(pl.len().alias("__rows__"))
        gone = gone.unique(PREV_ID)
        if gone.height:
            gone = gone.select(
                [
                    pl.col(c) if c in gone.columns else pl.lit(None, dtype=t).alias(c)
                    for c, t in now_schema.items()
                ]
            ).with_columns(pl.lit(True).alias(CREJ))
            now = pl.concat([now, gone.lazy()])
        files = previous_spill.files(part)
        # the cells as read are for the rejects of repeated ids alone: read then only
        before = sp.read(files, before_schema, [c for c in before_schema if c not in raw])
        if before.height:
            repeated = _repeated(before)
            if repeated is not None:
                # a row rejected already (its label) is not rejected twice
                dup = sp.read(files, before_schema).filter(
                    pl.col("__row__").is_in(repeated) & ~pl.col(PREJ)
                )
                dup = reject_frame(dup.sort("__row__"), labels, pl.lit("household_id:duplicate_id"))
                if acc is not None:
                    acc.count_rejects(dup)
                if rejects is not None:
                    rejects.write(dup)
                # the household was on the previous list, its class there unknown: one row
                is_dup = pl.col("__row__").is_in(repeated)
                unknown = (
                    before.filter(is_dup)
                    .sort("__row__")
                    .unique(PREV_ID, keep="first", maintain_order=True)
                    .with_columns(
                        pl.lit(True).alias(PREJ),
                        *(pl.lit(None, dtype=cls).alias(prev_class(c)) for c in labels),
                    )
                )
                before = pl.concat([before.filter(~is_dup), unknown])
        if acc is not None and gone_rows.height:
            on_previous = gone_rows.get_column(PREV_ID).is_in(before.get_column(PREV_ID).implode())
            rows = gone_rows.get_column("__rows__")
            acc.current_rejected_previous += int(rows.filter(on_previous).sum())
            acc.current_rejected_new += int(rows.filter(~on_previous).sum())
        if not any(current.counts[p] for p in part) and not gone.height and not before.height:
            continue
        before = before.select(
            sp.HASH,
            PREV_ID,
            pl.col(sp.UNIT).alias("__punit__"),
            pl.col("__parea__")
            if previous.has_area
            else pl.lit(None, dtype=area).alias("__parea__"),
            *(prev_class(c) for c in labels),
            PREJ,
        )
        now = now.with_columns(pl.lit(True).alias("__now__"))
        before = before.with_columns(pl.lit(True).alias("__before__"))
        grouped = _count_joined(now, before, previous, standards, with_class)
        for k in with_class:
            found[k].append(
                grouped.group_by(
                    sp.UNIT,
                    _AREA,
                    pl.col(f"__was{k}__").alias("__was__"),
                    pl.col(f"__is{k}__").alias("__is__"),
                    PREJ,
                    CREJ,
                ).agg(pl.col(_N).sum())
            )
    result: list[pl.DataFrame | None] = []
    for k in range(len(standards)):
        if k not in with_class:
            result.append(None)
            continue
        schema = {
            sp.UNIT: unit,
            _AREA: area,
            "__was__": cls,
            "__is__": cls,
            PREJ: pl.Boolean,
            CREJ: pl.Boolean,
            _N: pl.UInt32,
        }
        frames = [pl.DataFrame(schema=schema), *found[k]]
        result.append(pl.concat(frames).group_by(keys).agg(pl.col(_N).sum()))
    first = next((r for r in result if r is not None), None)
    if acc is not None and first is not None:
        was, now_ = first.get_column("__was__"), first.get_column("__is__")
        n, unknown = first.get_column(_N), first.get_column(PREJ)
        gone = first.get_column(CREJ)  # the row in this list rejected
        acc.absent = int(n.filter(now_.is_null() & ~unknown & ~gone).sum())
        acc.new = int(n.filter(was.is_null() & ~unknown & ~gone).sum())
        acc.matched = int(n.filter(now_.is_not_null() & was.is_not_null()).sum())
        acc.rejected_here = int(n.filter(unknown & now_.is_not_null()).sum())
        acc.rejected_absent = int(n.filter(unknown & now_.is_null() & ~gone).sum())
        acc.rejected_now = int(n.filter(gone & ~unknown & was.is_not_null()).sum())
        acc.rejected_both = int(n.filter(gone & unknown).sum())
        acc.rejected_new = int(n.filter(gone & ~unknown & was.is_null()).sum())
    return result


def _repeated(before: pl.DataFrame) -> pl.Series | None:
    """The rows (`__row__`) whose id another row also has, None when there are none: among
    the rows whose hash is repeated, a few."""

    hashes = before.get_column(sp.HASH)
    if hashes.n_unique() == hashes.len():  # cheaper than looking for the repeated ones
        return None
    few = before.filter(hashes.is_duplicated())
    rows = few.filter(few.get_column(PREV_ID).is_duplicated()).get_column("__row__")
    return rows.implode() if rows.len() else None


def _count_joined(
    now: pl.LazyFrame,
    before: pl.DataFrame,
    previous: PreviousList,
    standards: list[CompiledStandard],
    with_class: list[int],
) -> pl.DataFrame:
    """Households of the two sides joined on their id, counted by unit, area, PREJ, CREJ and
    every standard's class before and now (`__was<k>__`, `__is<k>__`: null on the side a
    household is missing from), in one query.

    Joined by the id's 64-bit hash (cheaper than joining text), each match checked against the
    ids themselves in the same query; when some match pairs two different ids (a hash
    collision, within a side or across), joined again by the ids. Lazy, so the join, the check
    and the counts run in polars' streaming engine (about half the CPU of the same join and
    counts on DataFrames, measured at 1M households a side); the ids are never gathered."""
    import polars as pl

    def counts(both: pl.LazyFrame, check: pl.Expr | None) -> pl.DataFrame:
        # a household whose rows in this list were rejected and which the previous list does
        # not have: no unit nor area known (the grand totals only), counted apart
        crej = pl.col(CREJ).fill_null(False)
        in_now = pl.col("__now__").fill_null(False) & ~crej
        keys = [
            pl.when(in_now).then(pl.col(sp.UNIT)).otherwise(pl.col("__punit__")).alias(sp.UNIT),
            pl.when(in_now).then(pl.col(_AREA)).otherwise(pl.col("__parea__")).alias(_AREA),
            *(
                e
                for k in with_class
                for e in (
                    pl.col(prev_class(previous.class_of[standards[k].id])).alias(f"__was{k}__"),
                    pl.col(f"__c{k}__").alias(f"__is{k}__"),
                )
            ),
            pl.col(PREJ).fill_null(False),
            crej.alias(CREJ),
        ]
        same = [] if check is None else [check.all().alias("__same__")]
        return both.group_by(keys).agg(pl.len().alias(_N), *same).collect()

    by_hash = now.join(
        before.lazy().rename({PREV_ID: "__pid__"}), on=sp.HASH, how="full", coalesce=True
    )
    a, b = pl.col(PREV_ID), pl.col("__pid__")
    found = counts(by_hash, a.is_null() | b.is_null() | (a == b))
    if found.get_column("__same__").all():
        return found.drop("__same__")
    by_id = now.drop(sp.HASH).join(
        before.drop(sp.HASH).lazy(), on=PREV_ID, how="full", coalesce=True
    )
    return counts(by_id, None)


def movement_values(was: str, now: str, n: int) -> dict[str, int]:
    """The movement categories a household counts in, given its classes before and now."""
    v: Counter[str] = Counter()
    if was in POVERTY:
        v[f"{was}_before"] += n
    if now in POVERTY:
        v[f"{now}_now"] += n
    if was == "poor" and now not in ("poor", REJECTED, ABSENT):
        v["escaped_poverty"] += n
        if now == "near_poor":
            v["poor_to_near_poor"] += n
    if was == "near_poor" and now in ("average", "not_poor"):
        v["escaped_near_poverty"] += n
    if was == "near_poor" and now == "poor":
        v["near_poor_to_poor"] += n
    # a household whose previous row was rejected has no known previous class: counted apart,
    # never newly poor (near-poor) nor new to the list
    if was == REJECTED:
        v["rejected_before"] += n
        if now in (*POVERTY, ABSENT):
            v[f"rejected_{now}_now"] += n
    # one whose row in this list was rejected has no known class now: counted apart, never
    # absent now nor escaped poverty
    if now == REJECTED and was != ABSENT:
        v["rejected_now"] += n
        if was in POVERTY:
            v[f"rejected_now_{was}"] += n
        elif was == REJECTED:
            v["rejected_now_rejected_before"] += n
    # one whose rows in this list were rejected and which the previous list does not have: no
    # class on either side, counted apart, never new to this list nor newly poor
    if now == REJECTED and was == ABSENT:
        v["rejected_new"] += n
    if REJECTED in (was, now):
        return dict(v)
    if now == "poor" and was != "poor":
        v["newly_poor"] += n
    if now == "near_poor" and was != "near_poor":
        v["newly_near_poor"] += n
    if now == ABSENT:
        v["absent_now"] += n
        if was in POVERTY:
            v[f"absent_{was}"] += n
    if was == ABSENT:
        v["new"] += n
        if now in POVERTY:
            v[f"new_{now}"] += n
    return dict(v)


def _movements(
    frame: pl.DataFrame, report: StandardReport, codes: sp.UnitCodes
) -> tuple[Sectioned, dict[str, dict[str, int]]]:
    """The movement table and the transitions. A household absent now whose unit the previous
    list does not give counts in the totals only."""
    import polars as pl

    units = [_unit(i) for i in range(codes.depth)]
    was_classes = [*CLASS_ORDER, REJECTED, ABSENT]
    now_classes = [*report.classes, REJECTED, ABSENT]
    frame = frame.with_columns(
        pl.when(pl.col(PREJ))
        .then(pl.lit(REJECTED))
        .otherwise(pl.col("__was__").cast(pl.String).fill_null(ABSENT))
        .alias("__was__"),
        pl.when(pl.col(CREJ))
        .then(pl.lit(REJECTED))
        .otherwise(pl.col("__is__").cast(pl.String).fill_null(ABSENT))
        .alias("__is__"),
    ).drop(PREJ, CREJ)
    transitions = {w: dict.fromkeys(now_classes, 0) for w in was_classes}
    for was, now, n in frame.group_by("__was__", "__is__").agg(pl.col(_N).sum()).iter_rows():
        transitions[was][now] += n
    # on neither list (a rejected row of this list not on the previous one is `absent ->
    # rejected`)
    del transitions[ABSENT][ABSENT]
    # the categories of each (previous class, class now), from `movement_values` alone
    pairs = [(w, c) for w in was_classes for c in now_classes]
    table = pl.DataFrame(
        [
            {"__was__": w, "__is__": c, **dict.fromkeys(MOVEMENTS, 0), **movement_values(w, c, 1)}
            for w, c in pairs
        ]
    )
    paths = pl.DataFrame(
        {
            sp.UNIT: list(range(len(codes.paths))),
            **{u: [p[i] for p in codes.paths] for i, u in enumerate(units)},
        },
        schema={sp.UNIT: pl.UInt32, **dict.fromkeys(units, pl.String)},
    )
    n = pl.col(_N).cast(pl.Int64)
    moves = (
        frame.join(table, on=["__was__", "__is__"], how="left")
        .join(paths, on=sp.UNIT, how="left")
        .select(
            *units,
            pl.col(_AREA).cast(pl.String),
            pl.col(sp.UNIT).is_not_null().alias("__placed__"),
            *((pl.col(m) * n).alias(m) for m in MOVEMENTS),
        )
    )
    return rollup(moves, units, placed="__placed__"), transitions


def check_identities(row: Row) -> bool:
    """Poor and near-poor now follow from before and the movements, in `row` (a household
    whose previous row, or whose row in this list, was rejected counted apart)."""
    v = row.values
    poor = (
        v["poor_before"]
        - v["escaped_poverty"]
        - v["absent_poor"]
        - v["rejected_now_poor"]
        + v["newly_poor"]
        + v["rejected_poor_now"]
    )
    near = (
        v["near_poor_before"]
        - v["escaped_near_poverty"]
        - v["near_poor_to_poor"]
        - v["absent_near_poor"]
        - v["rejected_now_near_poor"]
        + v["newly_near_poor"]
        + v["rejected_near_poor_now"]
    )
    return poor == v["poor_now"] and near == v["near_poor_now"]
