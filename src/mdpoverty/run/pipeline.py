"""One classification run: validate, classify, write output and rejects, count, in one pass."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING, NoReturn

from ..columns import AREAS, HOUSEHOLD_COLUMNS, USER, ColumnType, unit_path, user_name
from ..engine.classifier import CompiledStandard, classify, output_names
from ..errors import InputError, OutputError, Said
from ..io import temporary
from ..io.readers import ROW, Table, close_headers
from ..io.writers import XLSX_MAX_ROWS, Target
from ..labels import sheet_name
from ..standard.model import CLASS_ORDER
from ..text import fold, group_order, nfc, one_line, quoted, shorten
from .layout import (
    Layout,
    RejectsJob,
    input_headers,
    rejects_formats,
    results_columns,
    results_formats,
    size_flag_column,
    size_flag_header,
)
from .runner import (
    COUNT,
    SKIPPED_REASON,
    Checks,
    First,
    Job,
    Prepared,
    Progress,
    Sum,
    check_columns,
    execute,
)
from .validation import ERRORS, RAW, WeightSpec
from .weighting import POWER, WEIGHTED, amount, weight_keys, weight_sum

if TYPE_CHECKING:
    import polars as pl

    from .members import MemberAccounting, Members

REJECT_EXAMPLES = 20


@dataclass(frozen=True)
class StandardInfo:
    id: str
    version: str
    title_en: str
    title_vi: str
    provisional: bool
    file: str

    @classmethod
    def of(cls, cs: CompiledStandard) -> StandardInfo:
        m = cs.standard.model
        return cls(m.id, m.version, m.title.en, m.title.vi, m.provisional, cs.standard.file)


@dataclass
class Breakdown:
    """Households per class in each group of `columns` (a unit with the units above it); with
    a sampling weight, the sum of their weights too (exact)."""

    columns: tuple[str, ...]
    groups: dict[tuple[str | None, ...], dict[str, int]]  # sorted by the groups' names
    weighted: dict[tuple[str | None, ...], dict[str, Fraction]] | None = None  # as `groups`


@dataclass
class ClassCounts:
    """Households per class, overall, by area and by any --by columns, for one standard."""

    standard: StandardInfo
    classes: list[str]  # the classes this standard can give, worst off first
    overall: dict[str, int]
    by_area: dict[str, dict[str, int]]
    breakdowns: list[Breakdown] = field(default_factory=list)
    # with a sampling weight: the sum of the households' weights, exactly, as `overall` and
    # `by_area` count them
    weighted: dict[str, Fraction] | None = None
    weighted_by_area: dict[str, dict[str, Fraction]] | None = None

    @property
    def total(self) -> int:
        return sum(self.overall.values())

    @property
    def weighted_total(self) -> Fraction | None:
        return None if self.weighted is None else sum(self.weighted.values(), Fraction(0))


@dataclass(frozen=True)
class RejectExample:
    row: int
    column: str
    reason: str
    value: str | None  # shown only for columns that are not personal (ids, names, incomes)


@dataclass
class Accounting:
    """Where every input row went: rows read = processed (classified) + rejected + skipped
    (numbering, totals and blank rows, which are not households: see io.layout)."""

    rows_read: int
    processed: int
    rejected: int
    reject_reasons: Counter[str] = field(default_factory=Counter)  # 'column:reason' -> cells
    reject_examples: list[RejectExample] = field(default_factory=list)
    skipped: int = 0
    skipped_reasons: Counter[str] = field(default_factory=Counter)  # reason -> rows
    skipped_rows: list[tuple[int, str]] = field(default_factory=list)  # the first, in order
    # column -> its header as the file has it (a member column's from the member file), so a
    # rejected cell is named as the user wrote it
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def reconciled(self) -> bool:
        return self.rows_read == self.processed + self.rejected + self.skipped


@dataclass
class ClassifyResult:
    source: str
    accounting: Accounting
    counts: list[ClassCounts]
    output: str | None = None
    rejects_path: str | None = None
    rejects_left: str | None = None  # a file of the rejects' name, not written: nothing rejected
    members: MemberAccounting | None = None  # with --members: where the member rows went
    weight: str | None = None  # the --weight column, as the file names it


def classes_of(cs: CompiledStandard) -> list[str]:
    present = {rule.class_.value for rule, _ in cs.classes}
    return [c for c in CLASS_ORDER if c in present]


def find_column(table: Table, name: str) -> str | None:
    """The input's column that `name` names: a canonical name, the file's own header or a
    canonical column's Vietnamese header, in any case and with or without accents (`Xã`,
    `xa`, `commune`), never a name mdpoverty gives
    a column while it works (`Table.own_names`); None when none does. A Parquet column of a
    type mdpoverty cannot read is refused (exit 4)."""
    named = table.own_names()
    exact = next((column for own, column in named if own == name), None)
    if exact is not None:
        return exact
    key = fold(nfc(name))
    folded = {fold(nfc(own)): column for own, column in named}
    found = folded.get(key)
    if found is None:
        # a canonical column's Vietnamese header (`Huyện`, as the --lang vi tables head it)
        # names it too, when the file has it under another header
        found = next(
            (
                folded.get(fold(column.name))
                for column in HOUSEHOLD_COLUMNS
                if key in {fold(nfc(h)) for h in (column.vi_header, column.vi, *column.aliases)}
            ),
            None,
        )
    if found is None:
        table.unreadable_named(name)
    return found


SHOWN_COLUMNS = 8  # the columns a message lists, the rest counted


def shown_columns(table: Table, wanted: Sequence[str] = ()) -> Said:
    """The input's first columns as written (a line break in a header cell shown as a space)
    and how many more, then the columns closest to each name of `wanted` (a name that names
    none: a typo of --by, --weight or --previous-class), for a message: a table of 1,500
    columns is not listed whole."""
    columns = [c for c in table.columns if c != ROW]
    headers = [quoted(one_line(h)) for h in table.headers or columns]
    more = max(len(headers) - SHOWN_COLUMNS, 0)
    shown = ", ".join(headers[:SHOWN_COLUMNS])
    found = {name: close_headers(table, name) for name in wanted}
    close = "; ".join(
        f"{quoted(name)}: {', '.join(map(quoted, near))}" for name, near in found.items() if near
    )
    text = (
        shown
        + (f" and {more:,} more" if more else "")
        + (f" (closest to {close})" if close else "")
    )
    return Said(text, "input.columns_shown", shown=shown, more=more, close=close)


def column_named(table: Table, name: str, option: str = "--by") -> str:
    """`find_column`, or an error naming the option used (--by, --weight), the value as typed
    (quoted, its invisible characters made visible) and the input's columns: how classify,
    compare, report and measures resolve a column named on the command line. A --by value
    that is several columns joined by commas, each a column, is told to repeat the option."""
    found = find_column(table, name)
    parts = [p.strip() for p in name.split(",")]
    several = found is None and option == "--by" and len(parts) > 1
    if several and all(find_column(table, p) for p in parts if p):
        repeated = " ".join(f"{option} {quoted(p)}" for p in parts if p)
        raise InputError(
            f"{option} {quoted(name)} names no column of the input; to group by several "
            f"columns, repeat the option: {repeated}",
            file=table.source,
            key="input.option_repeat",
            params={"option": option, "name": quoted(name), "repeated": repeated},
        )
    if found is None:
        no_column(table, name, option)
    table.named.add(found)  # read by the run: written even if hidden (`layout.withheld`)
    return found


def no_column(table: Table, name: str, option: str) -> NoReturn:
    """The error of a `name` given with `option` that is no column of `table` (exit 4): the
    option used, the value quoted, the input's first columns and those closest to it."""
    columns = shown_columns(table, [name])
    raise InputError(
        f"{option} {quoted(name)} names no column of the input; its columns: {columns}",
        file=table.source,
        key="input.option_names_no_column",
        params={"option": option, "name": quoted(name), "columns": columns},
    )


def resolve_by(table: Table, names: list[str]) -> list[tuple[str, ...]]:
    """The group columns of each --by name (see `column_named`): a unit comes with the units
    above it."""
    columns = [c for c in table.columns if c != ROW]
    return [unit_path(column_named(table, name), columns) for name in names]


def held_paths(table: Table, paths: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """`paths` (from `resolve_by`) after `check_columns`: a group column named as a column the
    run adds (`--by class` on last year's classified list) is held under an internal name now
    (`runner.hold_added`), and grouping by its old name would take the added one."""
    columns = set(table.columns)
    return [
        tuple(USER + c if c not in columns and USER + c in columns else c for c in path)
        for path in paths
    ]


def sampling_weight(
    table: Table, standards: list[CompiledStandard], weight: str, members: Members | None = None
) -> tuple[str, Checks]:
    """A --weight column (`column_named`'s) as the run reads it, after `check_columns` (its
    held name, as `held_paths`), and the checks that parse it beside the standards' own
    columns (`validation.WeightSpec`: an empty, negative or unreadable weight rejects its row).
    A column a standard reads (household_size, an indicator's) is refused, as `measures`
    refuses one its indicators read: it cannot be both a household's answer and its weight."""
    read = {c for cs in standards for c in cs.required_columns}
    if members is not None:
        read.add("household_size")  # compared with the roster's size
    if weight in read:
        shown = input_headers(table).get(weight, weight)  # as the file names it
        raise InputError(
            f"--weight names '{shown}', a column the standard reads",
            file=table.source,
            column=shown,
            key="input.weight_read_by_standard",
            params={"name": shown},
        )
    (held,) = held_paths(table, [(weight,)])[0]
    return held, Checks(None, {held: WeightSpec()})


def classify_table(
    table: Table,
    standards: list[CompiledStandard],
    output: Target,
    rejects: Target,
    progress: Progress | None = None,
    *,
    layout: Layout | None = None,
    by: list[tuple[str, ...]] | None = None,
    members: Members | None = None,
    free: dict[str, str] | None = None,
    weight: str | None = None,
) -> ClassifyResult:
    """Classify `table` under each standard; write the output and the rejects; count, overall,
    by area and in the groups of each `by` path (see `resolve_by`). With `members`, the member
    file is read first and joined to the households (see `run.members`). `free`: the added
    columns' free names (`layout.free_added_names`), when the caller has them already.
    `weight`: a column of sampling weights (`column_named`'s): every count has the sum of its
    households' weights beside it, exact, and the column is written back as the file has it."""
    import polars as pl

    layout = layout or Layout()
    by = by or []
    several = len(standards) > 1
    _check_fits(table, output)
    check_columns(table, standards, rejects=bool(rejects.path))  # before the layout's own check
    by = held_paths(table, by)
    checks = None
    if weight is not None:
        weight, checks = sampling_weight(table, standards, weight, members)
    as_read = frozenset([weight] if weight is not None else [])
    output = replace(
        output,
        sheet=sheet_name("results", layout.lang),
        formats=results_formats(table, standards, layout),
    )
    rejects = replace(
        rejects,
        sheet=sheet_name("rejects", layout.lang),
        formats=rejects_formats(table, standards, layout),
    )
    class_cols = [output_names(cs.id, several)["class"] for cs in standards]

    def derive(lf: pl.LazyFrame) -> pl.LazyFrame:
        for cs in standards:
            lf = classify(
                lf,
                cs,
                names=output_names(cs.id, several, score=cs.writes_score),
                reasons=ERRORS,
            )
        return lf

    # a clash of names is found now
    out_columns = results_columns(table, standards, layout, free, as_read=as_read)
    flag_header = size_flag_header(out_columns, layout)
    if members is not None and members.flags_size and "household_size" in table.columns:
        from .members import SIZE_FLAG

        out_columns = size_flag_column(out_columns, table, layout, SIZE_FLAG)
    rejects_job = RejectsJob(
        rejects, table, standards, layout, members.headers if members is not None else None
    )

    # counted by area where area is a checked column (a pure Alkire-Foster standard may not read it)
    by_area = any("area" in cs.required_columns for cs in standards)
    area = pl.col("area") if by_area else pl.lit(None, dtype=pl.String).alias("area")

    # with a weight, each aggregate sums the weights beside the count (`run.weighting`)
    aggs = [pl.len().alias(COUNT), *([weight_sum(weight)] if weight is not None else [])]
    powers = weight_keys(weight) if weight is not None else []
    more = tuple(POWER for _ in powers)

    def group_key(c: str) -> pl.Expr:
        # a weight that is a --by column too is grouped by its cells as written
        return pl.col(RAW + c if c == weight else c).cast(pl.String).str.strip_chars().alias(c)

    def build(p: Prepared):
        counts = [
            Sum(p.good.group_by(area, col, *powers).agg(aggs), ("area", col, *more))
            for col in class_cols
        ]
        groups = [
            Sum(
                p.good.group_by(*(group_key(c) for c in path), col, *powers).agg(aggs),
                (*path, col, *more),
            )
            for col in class_cols
            for path in by
        ]
        # the input's row number goes with each row, for the writer's messages (not written)
        jobs = [Job(p.good.select(*out_columns, pl.col(ROW)), output)]
        if rejects.path:
            jobs.append(rejects_job(p))
        return jobs, [*counts, *groups, *accounting_plan(p)]

    if members is not None:
        members.read()
    try:
        results = execute(
            table,
            standards,
            build,
            progress,
            derive,
            keep_raw=True if layout.keep_input else as_read,
            checks=checks,
            members=members,
        )
    except BaseException:
        if members is not None:
            temporary.quietly(members.discard)  # the failure is the one reported
        raise
    member_acc = members.finish() if members is not None else None
    flagged = members is not None and members.flags_size and "household_size" in table.columns
    if member_acc is not None and flagged and output.path:
        member_acc.size_flag_column = flag_header
    n = len(standards)
    count_frames, group_frames = results[:n], results[n : n + n * len(by)]
    accounting_frames = results[n + n * len(by) :]
    weighted = weight is not None
    counts = [
        _counts(cs, frame, weighted) for cs, frame in zip(standards, count_frames, strict=True)
    ]
    for i, (cs, c) in enumerate(zip(standards, counts, strict=True)):
        for j, path in enumerate(by):
            frame = group_frames[i * len(by) + j]
            c.breakdowns.append(_breakdown(frame, path, classes_of(cs), weighted))
    accounting = accounting_from(
        accounting_frames, counts[0].total, standards, file_headers(table, members)
    )
    return ClassifyResult(
        source=table.source,
        accounting=accounting,
        counts=counts,
        output=output.path,
        rejects_path=rejects.path if accounting.rejected else None,
        rejects_left=left_as_it_was(rejects.path if not accounting.rejected else None),
        members=member_acc,
        weight=None if weight is None else input_headers(table).get(weight, user_name(weight)),
    )


def _check_fits(table: Table, output: Target) -> None:
    """Refuse, before any work, an .xlsx output for an input of more rows than a sheet holds,
    where the number is known before reading: a Parquet file's metadata (a workbook input has
    no more rows than a sheet holds). Otherwise the writer stops as soon as a sheet is full."""
    if output.suffix != ".xlsx" or table.parquet_path is None:
        return
    import polars as pl

    rows = pl.scan_parquet(table.parquet_path, glob=False).select(pl.len()).collect().item()
    if rows > XLSX_MAX_ROWS:
        raise OutputError(
            f"the input has {rows:,} rows, and an .xlsx sheet holds at most {XLSX_MAX_ROWS:,}"
            " below its header; write .csv or .parquet",
            file=output.path,
            key="output.xlsx_input_too_long",
            params={"rows": rows, "limit": XLSX_MAX_ROWS},
        )


def left_as_it_was(path: str | None) -> str | None:
    """`path`, if a file is there that this run did not write (a rejects file not needed)."""
    from pathlib import Path

    return path if path and path != "-" and Path(path).exists() else None


def accounting_plan(p: Prepared) -> list[Sum | First]:
    """Aggregates that `accounting_from` turns into an Accounting."""
    import polars as pl

    return [
        Sum(p.bad.group_by(ERRORS).agg(pl.len().alias(COUNT)), (ERRORS,)),
        First(p.bad.head(REJECT_EXAMPLES), REJECT_EXAMPLES),
        Sum(p.checked.select(pl.len().cast(pl.Int64).alias("rows"))),
        Sum(p.skipped.group_by(SKIPPED_REASON).len(), (SKIPPED_REASON,)),
        First(p.skipped.head(REJECT_EXAMPLES), REJECT_EXAMPLES),
    ]


def file_headers(table: Table, members: Members | None = None) -> dict[str, str]:
    """Each column -> its header as written: the household file's, and for a member column
    a household's reason may cite, the member file's."""
    return {**(members.headers if members is not None else {}), **input_headers(table)}


def accounting_from(
    frames: list[pl.DataFrame],
    processed: int,
    standards: list[CompiledStandard],
    headers: dict[str, str] | None = None,
) -> Accounting:
    """The Accounting of `accounting_plan`'s aggregates; `headers` (`file_headers`) name its
    columns as the files do."""
    reasons_frame, examples_frame, read_frame, skipped_frame, skipped_rows = frames
    reasons: Counter[str] = Counter()
    for errors, n in reasons_frame.iter_rows():
        for err in errors.split(";"):
            # 'column:reason@detail' (a member row, a roster size) counts under its reason
            reasons[err.partition("@")[0]] += n
    return Accounting(
        rows_read=int(read_frame["rows"][0]),
        processed=processed,
        rejected=int(reasons_frame[COUNT].sum()),
        reject_reasons=reasons,
        reject_examples=_examples(examples_frame, _shown_columns(standards)),
        skipped=int(skipped_frame["len"].sum()),
        skipped_reasons=Counter(dict(skipped_frame.iter_rows())),
        skipped_rows=[(int(r), str(k)) for r, k in skipped_rows.iter_rows()],
        headers=dict(headers or {}),
    )


def _shown_columns(standards: list[CompiledStandard]) -> set[str]:
    """Columns whose offending value may be shown on screen: not ids, names or incomes."""
    private = {ColumnType.TEXT, ColumnType.MONEY}
    return {
        name for cs in standards for name, ctype in cs.column_types.items() if ctype not in private
    }


def _examples(frame: pl.DataFrame, shown: set[str]) -> list[RejectExample]:
    found: list[RejectExample] = []
    for record in frame.iter_rows(named=True):
        for item in record[ERRORS].split(";"):
            column, _, reason = item.partition(":")
            value = record.get(column) if column in shown else None
            found.append(
                RejectExample(
                    record[ROW], column, reason, None if value is None else shorten(value)
                )
            )
    return found[:REJECT_EXAMPLES]


def _weights(frame: pl.DataFrame, weighted: bool) -> list[Fraction | None]:
    """Each row's sum of weights, exact (None without a weight); the power key dropped."""
    if not weighted:
        return [None] * frame.height
    return [amount(int(u), int(p)) for u, p in zip(frame[WEIGHTED], frame[POWER], strict=True)]


def _keys(frame: pl.DataFrame) -> pl.DataFrame:
    """An aggregate's group keys and count (its weight's columns apart: see `_weights`)."""
    return frame.drop(WEIGHTED, POWER, strict=False)


def _breakdown(
    frame: pl.DataFrame, path: tuple[str, ...], classes: list[str], weighted: bool = False
) -> Breakdown:
    groups: dict[tuple[str | None, ...], dict[str, int]] = {}
    sums: dict[tuple[str | None, ...], dict[str, Fraction]] = {}
    for (*key, cls, n), w in zip(_keys(frame).iter_rows(), _weights(frame, weighted), strict=True):
        groups.setdefault(tuple(key), dict.fromkeys(classes, 0))[cls] += n
        if w is not None:
            sums.setdefault(tuple(key), dict.fromkeys(classes, Fraction(0)))[cls] += w
    ordered = sorted(groups, key=group_order)
    # under the columns' own names (a name like '__x' is held as another while the run works)
    return Breakdown(
        tuple(user_name(c) for c in path),
        {k: groups[k] for k in ordered},
        {k: sums[k] for k in ordered} if weighted else None,
    )


def _counts(cs: CompiledStandard, frame: pl.DataFrame, weighted: bool = False) -> ClassCounts:
    classes = classes_of(cs)
    overall = dict.fromkeys(classes, 0)
    by_area = {a: dict.fromkeys(classes, 0) for a in AREAS}
    w_overall = dict.fromkeys(classes, Fraction(0))
    w_area = {a: dict.fromkeys(classes, Fraction(0)) for a in AREAS}
    for (area, cls, n), w in zip(_keys(frame).iter_rows(), _weights(frame, weighted), strict=True):
        overall[cls] += n
        if area is not None:
            by_area[area][cls] += n
        if w is not None:
            w_overall[cls] += w
            if area is not None:
                w_area[area][cls] += w
    if not weighted:
        return ClassCounts(StandardInfo.of(cs), classes, overall, by_area)
    return ClassCounts(StandardInfo.of(cs), classes, overall, by_area, [], w_overall, w_area)
