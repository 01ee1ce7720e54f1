"""Two standards on the same households: one result structure, built in one polars pass.

Direction of a change: classes are ordered poor < near-poor < average < not poor. When one of the
two standards has no average band (Quảng Ninh's), its "not poor" covers that band, so a household
going from average to not poor there has changed class but not status ("same status").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..columns import user_name
from ..engine.classifier import CompiledStandard, classify, output_names
from ..errors import MdpovertyError, Said, StandardError
from ..exact import fraction_text
from ..io import layout
from ..io.readers import ROW, Table
from ..io.writers import Target
from ..labels import sheet_name
from ..run.layout import (
    CHANGES_ROW,
    DIRECTION,
    Layout,
    RejectsJob,
    changes_kept,
    changes_layout,
    rejects_formats,
)
from ..run.members import MemberAccounting, Members, with_members
from ..run.pipeline import (
    Accounting,
    StandardInfo,
    accounting_from,
    accounting_plan,
    classes_of,
    file_headers,
    left_as_it_was,
    resolve_by,
    sampling_weight,
)
from ..run.runner import (
    COUNT,
    Job,
    Prepared,
    Progress,
    Sum,
    check_columns,
    execute,
)
from ..run.validation import ERRORS, RAW
from ..run.weighting import POWER, WEIGHTED, amount, weight_keys, weight_sum
from ..standard.diff import DiffRow, diff_standards
from ..standard.model import CLASS_ORDER
from ..text import group_order

if TYPE_CHECKING:
    import polars as pl

BASE, ALT = "base", "alt"
WORSE, BETTER, SAME_STATUS = "worse", "better", "same status"
_DEPRIVED = {BASE: "__base_ind__", ALT: "__alt_ind__"}


@dataclass
class GroupRow:
    """One group of a breakdown: households per class under base and alt, and the moves (with
    a sampling weight, in `Weighted.breakdowns`, the sums of their weights, exact)."""

    group: str
    households: int | Fraction
    base: dict[str, int] | dict[str, Fraction]
    alt: dict[str, int] | dict[str, Fraction]
    worse: int | Fraction
    better: int | Fraction
    changed: int | Fraction  # class differs (includes same-status moves)
    within: tuple[str, ...] = ()  # the units above a unit group (its province, district)


@dataclass
class Weighted:
    """With a sampling weight: the sums of the households' weights, exact, as `Comparison`
    counts the households (and each group of its breakdowns)."""

    households: Fraction
    totals: dict[str, dict[str, Fraction]]  # class -> {"base": sum, "alt": sum}
    matrix: dict[str, dict[str, Fraction]]  # base class -> alt class -> sum
    worse: Fraction
    better: Fraction
    changed: Fraction
    # each breakdown's groups (`GroupRow`s of sums), in the order of `Comparison.breakdowns`
    breakdowns: dict[str, list[GroupRow]] = field(default_factory=dict)
    # the share of the sum of the weights deprived in each indicator (None: not the standard's)
    deprivation_rates: list[WeightedRate] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Each sum as a number and as an exact fraction (``..._exact``), as measures gives its
        population; a breakdown's groups in the order of `Comparison.breakdowns`."""

        def pair(name: str, value: Fraction) -> dict[str, Any]:
            return {name: float(value), f"{name}_exact": fraction_text(value)}

        def per_class(values: dict[str, Fraction]) -> dict[str, Any]:
            return {
                **{c: float(v) for c, v in values.items()},
                **{f"{c}_exact": fraction_text(v) for c, v in values.items()},
            }

        share = {
            c: {side: _share(v, self.households) for side, v in sides.items()}
            for c, sides in self.totals.items()
        }
        return {
            **pair("households", self.households),
            "totals": {
                c: {
                    **{side: float(v) for side, v in sides.items()},
                    **{f"{side}_exact": fraction_text(v) for side, v in sides.items()},
                    **{f"{side}_share": _number(r) for side, r in share[c].items()},
                    **{f"{side}_share_exact": _exact(r) for side, r in share[c].items()},
                }
                for c, sides in self.totals.items()
            },
            "matrix": {b: per_class(row) for b, row in self.matrix.items()},
            **pair("worse", self.worse),
            **pair("better", self.better),
            **pair("changed", self.changed),
            "breakdowns": {
                column: [
                    {
                        "group": g.group,
                        "within": list(g.within),
                        **pair("households", Fraction(g.households)),
                        "base": per_class(g.base),  # type: ignore[arg-type]
                        "alt": per_class(g.alt),  # type: ignore[arg-type]
                        **pair("worse", Fraction(g.worse)),
                        **pair("better", Fraction(g.better)),
                        **pair("changed", Fraction(g.changed)),
                    }
                    for g in groups
                ]
                for column, groups in self.breakdowns.items()
            },
            "deprivation_rates": [
                {
                    "indicator": r.indicator,
                    "base": _number(r.base),
                    "base_exact": _exact(r.base),
                    "alt": _number(r.alt),
                    "alt_exact": _exact(r.alt),
                }
                for r in self.deprivation_rates
            ],
        }


@dataclass
class WeightedRate:
    """An indicator's weighted deprivation rate under base and alt, exact: the sum of the
    weights of the households deprived in it over the sum of all the households' weights."""

    indicator: str
    base: Fraction | None  # None when the standard lacks the indicator (or no weight is > 0)
    alt: Fraction | None


def _share(part: Fraction, whole: Fraction) -> Fraction | None:
    return None if not whole else part / whole


def _number(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _exact(value: Fraction | None) -> str | None:
    return None if value is None else fraction_text(value)


@dataclass
class IndicatorRate:
    indicator: str
    base: float | None  # share of households deprived; None when the standard lacks it
    alt: float | None


@dataclass
class Comparison:
    source: str
    base: StandardInfo
    alt: StandardInfo
    classes: list[str]  # every class either standard can give, worst off first
    base_classes: list[str]
    alt_classes: list[str]
    parameter_diff: list[DiffRow]
    households: int
    totals: dict[str, dict[str, int]]  # class -> {"base": n, "alt": n}
    matrix: dict[str, dict[str, int]]  # base class -> alt class -> n
    worse: int
    better: int
    changed: int
    breakdowns: dict[str, list[GroupRow]] = field(default_factory=dict)
    # each breakdown's columns: the units above a unit, then the unit (a group's `within`)
    breakdown_columns: dict[str, list[str]] = field(default_factory=dict)
    deprivation_rates: list[IndicatorRate] = field(default_factory=list)
    accounting: Accounting | None = None
    changes_path: str | None = None
    rejects_path: str | None = None  # written only when some rows were rejected
    rejects_left: str | None = None  # a file of the rejects' name, not written: nothing rejected
    members: MemberAccounting | None = None  # with --members: where the member rows went
    weight: str | None = None  # the --weight column, as the file names it
    weighted: Weighted | None = None  # with it: the sums of the households' weights

    @property
    def matrix_total(self) -> int:
        return sum(n for row in self.matrix.values() for n in row.values())

    def applies(self, cls: str, side: str) -> bool:
        """Whether the standard on `side` (BASE or ALT) can give `cls`: a figure of a class it
        cannot (the average band of a standard without it) is not applicable, never 0."""
        return cls in (self.base_classes if side == BASE else self.alt_classes)

    def to_dict(self) -> dict[str, Any]:
        """As the dataclass, each figure of a class a standard cannot give None (`applies`)."""
        data = asdict(self)
        data["weighted"] = None if self.weighted is None else self.weighted.to_dict()
        for part in (data, data["weighted"]):
            if part is not None:
                _null_absent(part, self)
        if self.accounting is not None:
            acc = self.accounting
            data["accounting"] = {
                "rows_read": acc.rows_read,
                "compared": acc.processed,
                "rejected": acc.rejected,
                "skipped": acc.skipped,
                "reject_reasons": dict(acc.reject_reasons),
                "skipped_reasons": dict(acc.skipped_reasons),
                "skipped_rows": [{"row": r, "reason": k} for r, k in acc.skipped_rows],
            }
        if self.members is not None:
            data["members"] = self.members.to_dict()
        data["matrix_total"] = self.matrix_total
        return data


def _null_absent(data: dict[str, Any], c: Comparison) -> None:
    """In a comparison's (or its weighted part's) dict, each figure of a class the standard
    on its side cannot give set to None: its totals (count, exact, share), its transition
    matrix row (base) or column (alt), and its groups' figures in the breakdowns."""
    for cls in c.classes:
        for side in (BASE, ALT):
            if c.applies(cls, side):
                continue
            figures = data["totals"][cls]
            for key in figures:
                if key == side or key.startswith(f"{side}_"):
                    figures[key] = None
            if side == BASE:
                row = data["matrix"][cls]
                for key in row:
                    row[key] = None
            else:
                for row in data["matrix"].values():
                    for key in (cls, f"{cls}_exact"):
                        if key in row:
                            row[key] = None
            for groups in data["breakdowns"].values():
                for g in groups:
                    for key in (cls, f"{cls}_exact"):
                        if key in g[side]:
                            g[side][key] = None


def direction_rank(cs_base: CompiledStandard, cs_alt: CompiledStandard) -> dict[str, int]:
    rank = {c: i for i, c in enumerate(CLASS_ORDER)}
    if "average" not in classes_of(cs_base) or "average" not in classes_of(cs_alt):
        rank["average"] = rank["not_poor"]
    return rank


def _direction_expr(base_col: str, alt_col: str, rank: dict[str, int]) -> pl.Expr:
    import polars as pl

    def ranked(col: str) -> pl.Expr:
        chain = pl.when(pl.lit(False)).then(pl.lit(0, dtype=pl.Int8))
        for cls, r in rank.items():
            chain = chain.when(pl.col(col) == cls).then(pl.lit(r, dtype=pl.Int8))
        return chain

    b, a = ranked(base_col), ranked(alt_col)
    return (
        pl.when(a < b)
        .then(pl.lit(WORSE))
        .when(a > b)
        .then(pl.lit(BETTER))
        .otherwise(pl.lit(SAME_STATUS))
    )


def compare_table(
    table: Table,
    base: CompiledStandard,
    alt: CompiledStandard,
    *,
    by: list[str] | None = None,
    changes: Target | None = None,
    rejects: Target | None = None,
    progress: Progress | None = None,
    layout: Layout | None = None,
    members: Members | None = None,
    weight: str | None = None,
) -> Comparison:
    """Classify `table` under `base` and `alt` and compare, in one pass over the data.

    Each `by` name is a column (canonical or the file's own header); a unit is grouped with the
    units above it, so a commune is never merged with one of the same name elsewhere. The
    changes and rejects files are written in `layout` (language, input columns as written);
    the rejects file only when some row was rejected. `weight`: a column of sampling weights
    (`run.pipeline.sampling_weight`): every count gets the sum of its households' weights
    (`Comparison.weighted`), exact; a row whose weight is bad is rejected.
    """
    import polars as pl

    layout = layout or Layout()
    if changes is not None:
        changes = replace(changes, sheet=sheet_name("changes", layout.lang))
    if rejects is not None:
        rejects = replace(
            rejects,
            sheet=sheet_name("rejects", layout.lang),
            formats=rejects_formats(table, [base, alt], layout),
        )

    if base.id == alt.id:
        raise MdpovertyError(
            f"base and alt are the same standard ('{base.id}')",
            key="compare.same_standard",
            params={"id": base.id},
        )
    for cs in (base, alt):
        if cs.income_line is None:
            raise StandardError(
                "compare reads incomes against income lines, and this standard has no "
                "income_line (a pure Alkire-Foster specification): classify it, or measure it "
                "with `mdpoverty measures`",
                file=cs.standard.file,
                key="compare.no_income_line",
            )
    check_columns(table, [base, alt], rejects=rejects is not None)
    checks = None
    if weight is not None:
        weight, checks = sampling_weight(table, [base, alt], weight, members)
    paths = list(dict.fromkeys(resolve_by(table, by or [])))
    by = [path[-1] for path in paths]
    rejects_job = (
        None
        if rejects is None
        else RejectsJob(rejects, table, [base, alt], layout, members.headers if members else None)
    )
    names = {BASE: output_names(base.id, True), ALT: output_names(alt.id, True)}
    base_cls, alt_cls = names[BASE]["class"], names[ALT]["class"]
    rank = direction_rank(base, alt)
    ind_base = [ind.id for ind, _ in base.indicators]
    ind_alt = [ind.id for ind, _ in alt.indicators]

    def derive(lf: pl.LazyFrame) -> pl.LazyFrame:
        # a row left unknown by a division by zero under either standard is rejected
        lf = classify(lf, base, names=names[BASE], indicators_as=_DEPRIVED[BASE], reasons=ERRORS)
        lf = classify(lf, alt, names=names[ALT], indicators_as=_DEPRIVED[ALT], reasons=ERRORS)
        return lf.with_columns(_direction_expr(base_cls, alt_cls, rank).alias(DIRECTION))

    kept = changes_kept(table, [base, alt])
    raw = [c for c in kept if c in base.required_columns or c in alt.required_columns]
    if not layout.keep_input:
        raw = []
    if weight is not None and weight in kept:  # its cells as written, as classify writes them
        raw.append(weight)
    changes_names = _changes_names(names, kept, raw)
    if changes is not None:  # the layout now: a clash of names is found before any work
        changes_select, formats = changes_layout(changes_names, table, base, alt, layout)
        changes = replace(changes, formats=formats)
    units = [c for c in ("province", "district", "commune") if c in table.columns]

    # with a weight, each count has the sum of the weights beside it (`run.weighting`)
    n = [pl.len().alias(COUNT), *([weight_sum(weight)] if weight is not None else [])]
    powers = weight_keys(weight) if weight is not None else []
    more = tuple(POWER for _ in powers)

    def group_key(c: str) -> pl.Expr:
        # a weight that is a --by column too is grouped by its cells as written
        return pl.col(RAW + c if c == weight else c).cast(pl.String).str.strip_chars().alias(c)

    def build(p: Prepared):
        lf = p.good
        keys = (base_cls, alt_cls, DIRECTION)
        matrix = Sum(lf.group_by(*keys, *powers).agg(n), (*keys, *more))
        by_sums = [
            Sum(
                lf.group_by(*(group_key(c) for c in path), *keys, *powers).agg(n),
                (*path, *keys, *more),
            )
            for path in paths
        ]
        # sums, not means: they add up over batches; divided by the households at the end
        rates = Sum(
            lf.select(
                *(
                    pl.col(_DEPRIVED[BASE] + i).cast(pl.Int64).sum().alias(f"b:{i}")
                    for i in ind_base
                ),
                *(pl.col(_DEPRIVED[ALT] + i).cast(pl.Int64).sum().alias(f"a:{i}") for i in ind_alt),
            )
        )
        weighted_rates = []
        if weight is not None:  # the weights of the households deprived, per power
            deprived = [
                weight_sum(weight, pl.col(_DEPRIVED[side] + i), f"{side[0]}:{i}")
                for side, inds in ((BASE, ind_base), (ALT, ind_alt))
                for i in inds
            ]
            weighted_rates = [Sum(lf.group_by(*powers).agg(deprived), more)]
        jobs: list[Job] = []
        if changes is not None:
            changed = lf.filter(pl.col(base_cls) != pl.col(alt_cls)).select(
                pl.col(ROW).alias(CHANGES_ROW),
                *changes_names[1:],
                pl.col(ROW),  # locates a cell in the writer's messages; not written
            )
            jobs.append(
                Job(
                    changed,
                    changes,
                    # by the units the file keeps (a unit is never withheld: `layout.withheld`)
                    finish=lambda f: f.sort(
                        *(u for u in units if u in kept), "household_id"
                    ).select(changes_select),
                )
            )
        if rejects_job is not None:
            jobs.append(rejects_job(p))
        return jobs, [matrix, rates, *weighted_rates, *by_sums, *accounting_plan(p)]

    (matrix_frame, rates_frame, *rest), member_acc = with_members(
        members,
        lambda: execute(
            table,
            [base, alt],
            build,
            progress,
            derive,
            keep_raw=True if layout.keep_input else frozenset([weight] if weight else []),
            checks=checks,
            members=members,
        ),
    )
    weighted = None
    if weight is not None:
        weighted_rates_frame, *rest = rest
    by_frames, acc_frames = rest[: len(by)], rest[len(by) :]
    if weight is not None:
        weighted = _weighted(matrix_frame, by_frames, weighted_rates_frame, ind_base, ind_alt)
        matrix_frame = _counted(matrix_frame)
        by_frames = [_counted(f) for f in by_frames]

    classes = [c for c in CLASS_ORDER if c in set(classes_of(base)) | set(classes_of(alt))]
    matrix = {b: dict.fromkeys(classes, 0) for b in classes}
    moves = {WORSE: 0, BETTER: 0}
    changed = 0
    for b, a, direction, n in matrix_frame.iter_rows():
        matrix[b][a] += n
        moves[direction] = moves.get(direction, 0) + n
        changed += n if a != b else 0
    totals = {
        c: {BASE: sum(matrix[c].values()), ALT: sum(row[c] for row in matrix.values())}
        for c in classes
    }
    households = sum(t[BASE] for t in totals.values())
    sums = rates_frame.row(0, named=True) if rates_frame.height else {}
    rates = [
        IndicatorRate(
            i,
            _rate(sums.get(f"b:{i}"), households) if i in ind_base else None,
            _rate(sums.get(f"a:{i}"), households) if i in ind_alt else None,
        )
        for i in dict.fromkeys([*ind_base, *ind_alt])
    ]
    breakdowns = {  # under the columns' own names (a name like '__x' is held as another)
        user_name(path[-1]): _breakdown(frame, classes)
        for path, frame in zip(paths, by_frames, strict=True)
    }
    accounting = accounting_from(acc_frames, households, [base, alt], file_headers(table, members))
    return Comparison(
        source=table.source,
        base=StandardInfo.of(base),
        alt=StandardInfo.of(alt),
        classes=classes,
        base_classes=classes_of(base),
        alt_classes=classes_of(alt),
        parameter_diff=diff_standards(base.standard.model, alt.standard.model),
        households=households,
        totals=totals,
        matrix=matrix,
        worse=moves[WORSE],
        better=moves[BETTER],
        changed=changed,
        breakdowns=breakdowns,
        breakdown_columns={user_name(path[-1]): [user_name(c) for c in path] for path in paths},
        deprivation_rates=rates,
        accounting=accounting,
        changes_path=changes.path if changes else None,
        rejects_path=rejects.path if rejects and accounting.rejected else None,
        rejects_left=left_as_it_was(rejects.path if rejects and not accounting.rejected else None),
        members=member_acc,
        weight=None if weight is None else _header(table, weight),
        weighted=None if weighted is None else weighted(classes, breakdowns),
    )


def _header(table: Table, column: str) -> str:
    from ..run.layout import input_headers

    return input_headers(table).get(column, user_name(column))


def _counted(frame: pl.DataFrame) -> pl.DataFrame:
    """An aggregate with the weights' sums left out: the households counted, as without one."""
    keys = [c for c in frame.columns if c not in (COUNT, WEIGHTED, POWER)]
    return frame.drop(WEIGHTED, POWER).group_by(keys, maintain_order=True).sum()


def _weighted(
    matrix_frame: pl.DataFrame,
    by_frames: list[pl.DataFrame],
    rates_frame: pl.DataFrame,
    ind_base: list[str],
    ind_alt: list[str],
):
    """The sums of the weights, once the classes and breakdowns are known (`Weighted`)."""

    def rows(frame: pl.DataFrame):
        keys = [c for c in frame.columns if c not in (COUNT, WEIGHTED, POWER)]
        for record, units, power in zip(
            frame.select(keys).iter_rows(), frame[WEIGHTED], frame[POWER], strict=True
        ):
            yield record, amount(int(units), int(power))

    def make(classes: list[str], breakdowns: dict[str, list[GroupRow]]) -> Weighted:
        zero = Fraction(0)
        matrix = {b: dict.fromkeys(classes, zero) for b in classes}
        moves = {WORSE: zero, BETTER: zero, SAME_STATUS: zero}
        changed = zero
        for (b, a, direction), w in rows(matrix_frame):
            matrix[b][a] += w
            moves[direction] += w
            changed += w if a != b else zero
        totals = {
            c: {
                BASE: sum(matrix[c].values(), zero),
                ALT: sum((r[c] for r in matrix.values()), zero),
            }
            for c in classes
        }
        households = sum((t[BASE] for t in totals.values()), zero)
        groups: dict[str, list[GroupRow]] = {}
        for frame, (column, shown) in zip(by_frames, breakdowns.items(), strict=True):
            found = _groups(rows(frame), classes, zero)
            # in the order of the counted breakdown's groups
            groups[column] = [found[(*row.within, row.group)] for row in shown]
        deprived = dict.fromkeys(rates_frame.columns if rates_frame.height else [], zero)
        for record in rates_frame.iter_rows(named=True):
            power = int(record[POWER])
            for name in deprived:
                if name != POWER:
                    deprived[name] += amount(int(record[name] or 0), power)

        def rate(name: str, has: bool) -> Fraction | None:
            return deprived.get(name, zero) / households if has and households else None

        rates = [
            WeightedRate(i, rate(f"b:{i}", i in ind_base), rate(f"a:{i}", i in ind_alt))
            for i in dict.fromkeys([*ind_base, *ind_alt])
        ]
        return Weighted(
            households, totals, matrix, moves[WORSE], moves[BETTER], changed, groups, rates
        )

    return make


def _rate(deprived: int | None, households: int) -> float | None:
    return None if deprived is None or not households else round(deprived / households, 6)


def _groups(
    items: Iterable[tuple[tuple[Any, ...], Any]], classes: list[str], zero: int | Fraction
) -> dict[tuple[str, ...], GroupRow]:
    """A breakdown's groups by their path, from its aggregate's rows (`(*path, base class, alt
    class, direction)` and a count, or a sum of weights)."""
    groups: dict[tuple[str, ...], GroupRow] = {}
    for (*path, b, a, direction), n in items:
        key = tuple("" if v is None else str(v) for v in path)
        row = groups.get(key)
        if row is None:
            empty = dict.fromkeys(classes, zero)
            row = groups[key] = GroupRow(
                key[-1], zero, empty, dict(empty), zero, zero, zero, key[:-1]
            )
        row.households += n
        row.base[b] += n
        row.alt[a] += n
        row.worse += n if direction == WORSE else zero
        row.better += n if direction == BETTER else zero
        row.changed += n if a != b else zero
    return groups


def _breakdown(frame: pl.DataFrame, classes: list[str]) -> list[GroupRow]:
    groups = _groups(((r[:-1], r[-1]) for r in frame.iter_rows()), classes, 0)
    # the groups whose households change status most come first, the others as every command
    # lists groups
    return sorted(
        groups.values(),
        key=lambda g: (-(g.worse + g.better), -g.changed, group_order((*g.within, g.group))),
    )


def _changes_names(names: dict[str, dict[str, str]], kept: list[str], raw: list[str]) -> list[str]:
    """The columns of the changes file as computed: the row, the `kept` input columns (and the
    cells as read of the `raw` ones), then each standard's results and the move."""
    b, a = names[BASE], names[ALT]
    return [
        CHANGES_ROW,
        *kept,
        *(RAW + c for c in raw),
        b["class"],
        a["class"],
        DIRECTION,
        b["income_line"],
        a["income_line"],
        b["deprivation_count"],
        a["deprivation_count"],
        b["deprived"],
        a["deprived"],
    ]


_PROVINCES_LISTED = 10


def default_alt(table: Table, on) -> tuple[str, int]:
    """The shipped provincial standard for the one province named in the data, else an error
    saying why and what to do.

    Spellings of one province (case, accents, a leading 'Tỉnh' or 'Thành phố') count as one;
    blank cells are not a province. A file with several provinces is refused rather than compared
    under one of them: a provincial standard applies to its own province's households.
    Returns the standard's id and the number of rows with no province (compared under it too).
    """
    import polars as pl

    from ..io.batches import collect
    from ..standard.catalog import shipped_summaries
    from ..standard.loader import provincial_for
    from ..text import counted, province_key, shorten

    provincial = [s for s in shipped_summaries() if s.level == "provincial"]
    # a list said with the run's dates (31/12/2025 in Vietnamese)
    choices = Said(
        ", ".join(f"{s.id} ({s.valid_from} to {s.valid_to or '...'})" for s in provincial),
        "compare.choices",
        spans=[(s.id, s.valid_from, s.valid_to) for s in provincial],
    )
    if "province" not in table.columns:
        raise MdpovertyError(
            f"no --alt given and the data has no province column; choose --alt from: {choices}",
            key="compare.no_province_column",
            params={"choices": choices},
        )
    name = pl.col("province").cast(pl.String).str.normalize("NFC").str.strip_chars()
    # rows that are no household (numbering, blank and totals rows: io.layout) name no province
    household_id = pl.col("household_id").cast(pl.String).str.strip_chars()
    rows = table.frame.filter(~layout.maybe_skipped(pl.when(household_id != "").then(household_id)))
    for layout_row in (table.numbering_row, table.units_row):  # '(3)' names no province
        if layout_row is not None:
            rows = rows.filter(pl.col(ROW) != layout_row)
    counts = collect(table, rows.select(name.alias("province")).group_by("province").len())
    provinces: dict[str, list] = {}  # key -> [its most frequent spelling, rows]
    blank = 0
    for spelling, n in sorted(counts.iter_rows(), key=lambda r: (-r[1], r[0] or "")):
        if spelling is None or spelling == "":
            blank += n
        else:
            provinces.setdefault(province_key(spelling), [spelling, 0])[1] += n
    if not provinces:
        raise MdpovertyError(
            f"no --alt given and the data's province column is empty; choose --alt from: {choices}",
            key="compare.province_column_empty",
            params={"choices": choices},
        )
    if len(provinces) > 1:
        ranked = sorted(provinces.values(), key=lambda e: (-e[1], e[0]))
        listed = ", ".join(
            f"{shorten(e[0])} ({counted(e[1], 'row')})" for e in ranked[:_PROVINCES_LISTED]
        )
        if len(ranked) > _PROVINCES_LISTED:
            listed += f" and {len(ranked) - _PROVINCES_LISTED:,} more"
        own_pairs = [
            (found.id, shorten(e[0]))
            for e in ranked[:_PROVINCES_LISTED]
            if (found := provincial_for(e[0], on)) is not None
        ]
        own = [f"{sid} for {province}" for sid, province in own_pairs]
        raise MdpovertyError(
            f"no --alt given and the data names {len(ranked):,} provinces: {listed}. A provincial "
            "standard applies to its own province's households, so compare one province at a "
            "time (a file per province), or pass --alt to compare every row under one standard"
            + (f"; in force on {on}: {', '.join(own)}" if own else "")
            + f". Shipped provincial standards: {choices}",
            key="compare.several_provinces",
            params={
                "count": len(ranked),
                "provinces": [(shorten(e[0]), e[1]) for e in ranked[:_PROVINCES_LISTED]],
                "more": len(ranked) - _PROVINCES_LISTED,
                "on": on,
                "own": own_pairs,
                "choices": choices,
            },
        )
    spelling = next(iter(provinces.values()))[0]
    found = provincial_for(spelling, on)
    if found is None:
        raise MdpovertyError(
            f"no --alt given and no shipped standard for {shorten(spelling)} is in force on {on}; "
            f"choose --alt from: {choices}",
            key="compare.no_provincial_standard",
            params={"province": shorten(spelling), "on": on, "choices": choices},
        )
    return found.id, blank
