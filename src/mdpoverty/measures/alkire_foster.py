"""The Alkire-Foster measures, exact, in one streamed pass over the input.

Each batch of validated rows is reduced in polars to sums by deprivation pattern: the rows and
the population (their count, or the sum of their sampling weights as exact integers) per group,
weighted score and missing weight, with the population deprived in each indicator and the rows
where each indicator could not be decided. Everything after that is arithmetic on those few
sums, in Python integers and fractions: ``score >= k`` is decided exactly for every k at once,
so a person scoring exactly k is poor, whatever k.

The measures (Alkire and Foster 2011): H, the share of the population that is poor (score >= k);
A, the average score of the poor; M0 = H x A; the uncensored headcount ratio of an indicator
(share of the population deprived in it) and its censored headcount ratio (share that is poor
and deprived in it); the contribution of an indicator, w_i x censored_i / M0 (they add up to 1),
and of a dimension, the sum over its indicators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..columns import unit_names, unit_path, user_name
from ..engine.classifier import ROSTER_SIZE, CompiledStandard, indicator_inputs
from ..engine.scores import MAX_PATTERN_INDICATORS, bit_pattern, score_numerators
from ..errors import InputError, StandardError
from ..exact import exact_fraction, fraction_text
from ..io.readers import Table
from ..io.writers import Target
from ..run.layout import Layout, RejectsJob
from ..run.members import UNKNOWN_ITEMS
from ..run.pipeline import (
    Accounting,
    StandardInfo,
    accounting_from,
    accounting_plan,
    file_headers,
    no_column,
)
from ..run.runner import (
    Checks,
    Prepared,
    Progress,
    Sum,
    check_columns,
    execute,
)
from ..run.validation import (
    ERRORS,
    PEOPLE_WEIGHT_MAGNITUDE,
    Reason,
    WeightSpec,
)
from ..run.weighting import weight_keys, weight_mantissa
from ..standard.weights import file_k
from ..text import group_order

if TYPE_CHECKING:
    import polars as pl

    from ..run.members import MemberAccounting, Members


class Count(StrEnum):
    """What the population counts: each household once, or each of its people."""

    HOUSEHOLDS = "households"
    PEOPLE = "people"  # a household counts as its roster size (--members), else household_size


class Missing(StrEnum):
    """What an indicator that a row cannot decide (an empty cell it reads) does."""

    REJECT = "reject"  # the row is rejected and counted, as any other bad cell (the default)
    NOT_DEPRIVED = "not-deprived"  # the indicator counts as not deprived (mpindex's convention)
    REWEIGHT = "reweight"  # the row's score is over the weights of the indicators it has


# a cut-off whose comma may group thousands: a whole part of 1-3 digits, not 0, then 3 digits
_AMBIGUOUS_K = re.compile(r"^0*([1-9][0-9]{0,2}),([0-9]{3})(%?)$")


@dataclass(frozen=True)
class Cutoff:
    """A poverty cut-off k: its exact value and the text it was written as."""

    value: Fraction
    text: str

    @classmethod
    def parse(cls, text: str) -> Cutoff:
        """``1/3``, ``0.25``, ``20%`` or ``33.33%`` (exactly 3333/10000); with a decimal comma
        as written in Vietnam, ``0,33`` (33/100) or ``33,33%``; 0 < k <= 1, else ValueError.
        A comma followed by exactly three digits is a ValueError unless the whole part is 0:
        ``1,000`` may be 1 or 1000, ``0,333`` is 333/1000. Its text stays as written."""
        written = text.strip()
        # a comma followed by exactly three digits after a whole part that is not 0 ('1,000'):
        # thousands or decimals? refused, as the input's cells are (ambiguous_number), never
        # guessed; after a 0 ('0,333') it can only be a decimal comma. The point is the
        # decimal mark --k is documented with ('0.5'), so '1.000' is 1
        # the same in either side of a fraction: '1,000/3' is 1/3 or 1000/3
        sides = written.split("/")
        for at, side in enumerate(sides):
            ambiguous = _AMBIGUOUS_K.match(side.strip())
            if ambiguous:
                whole, part, percent = ambiguous.groups()
                decimal = f"{whole}.{part}".rstrip("0").rstrip(".")
                ways = [
                    "/".join([*sides[:at], f"{way}{percent}", *sides[at + 1 :]]).strip()
                    for way in (decimal, whole + part)
                ]
                raise ValueError(
                    "ambiguous number (a thousands separator or a decimal comma?): write "
                    f"{ways[0]} or {ways[1]}"
                )
        # one comma and no point: a decimal comma (--k is repeated, never a list, so a comma
        # cannot separate two values); '1.000,5' stays refused, as it is no cut-off
        if written.count(",") == 1 and "." not in written:
            written = written.replace(",", ".")
        negative = written.startswith("-")
        value = exact_fraction(written[1:] if negative else written)
        if negative or value <= 0 or value > 1:
            raise ValueError(
                f"k is a share of the weighted deprivation score, more than 0 and at most 1 "
                f"(1/3, 0.5, 33.33%), not {text.strip()}"
            )
        return cls(value, text.strip())


@dataclass(frozen=True)
class IndicatorInfo:
    id: str
    dimension: str
    weight: Fraction


@dataclass
class GroupResult:
    """The measures at one k for the whole population (`by` None) or one group of a column.

    Ratios are exact fractions; None where undefined (A and the contributions when nobody is
    poor, everything when the group's population is zero).
    """

    k: Cutoff
    by: str | None
    group: str | None
    rows: int  # rows measured
    population: Fraction  # rows, or the sum of their sampling weights
    population_share: Fraction | None  # of the whole population
    H: Fraction | None
    A: Fraction | None
    M0: Fraction | None
    M0_share: Fraction | None  # the group's share of the whole population's M0
    uncensored_headcount: dict[str, Fraction | None]
    censored_headcount: dict[str, Fraction | None]
    contribution: dict[str, Fraction | None]  # by indicator: share of M0
    dimension_contribution: dict[str, Fraction | None]
    missing: dict[str, int]  # rows whose indicator could not be decided


@dataclass
class Measures:
    source: str
    standard: StandardInfo
    indicators: list[IndicatorInfo]
    dimensions: list[str]  # the dimensions that have indicators, in the standard's order
    weight: str | None
    missing: Missing
    cutoffs: list[Cutoff]
    by: list[str]
    results: list[GroupResult]
    accounting: Accounting
    rejects_path: str | None = None
    notes: list[str] = field(default_factory=list)
    members: MemberAccounting | None = None  # with --members: where the member rows went
    count: Count = Count.HOUSEHOLDS


def cutoffs_for(cs: CompiledStandard, given: list[str] | None) -> list[Cutoff]:
    """The cut-offs given (parsed; ValueError on a bad one), else the standard file's k; [] when
    there is neither."""
    if given:
        return [Cutoff.parse(text) for text in given]
    k = file_k(cs.standard.model)
    if k is None:
        return []
    model_text = str(cs.standard.model.k).strip()
    return [Cutoff(k, model_text)]


def validated_columns(columns: list[str], cs: CompiledStandard) -> list[str]:
    """Those of `columns` that validation reads and normalises: the columns the standard reads
    (a canonical one such as area only where the standard reads it: a survey may code area 0/1)
    and the standard's own."""
    return [c for c in columns if c in cs.required_columns or c in cs.standard.model.columns]


# internal columns; refused in the input so they never collide with a user's
# the pattern: bit i set when deprived in indicator i, bit n + i when indicator i is undecided
_PAT, _GROUP = "__af_pattern__", "__af_group__"
_IND = "__af_ind__"
_CELL = "__af_cell__"  # a --by column's cell (and those above it), before trimming
_PEOPLE = "__af_people__"  # the people a household counts for (--count people)
_POP_HIGH = "pop_high"  # --count people --weight: people x the mantissa's high part
_SPLIT = 10**9  # the mantissa's split: a high and a low part under 10**9 each
_EXP = "__af_exponent__"  # a weight's power of ten: weights are summed exactly per power
_KEYS = (_GROUP, "score", "missing_weight")


# a unit's value and the units above it (`columns.unit_path`) joined into one group key
_PATH_SEP = "\x1f"


def _group_cells(path: tuple[str, ...]) -> list[pl.Expr]:
    """The cells a --by column's rows are first grouped by, as written: its own and those of
    the units above it (`_group_key` trims them once per group, not once per row: trimming
    every row's cell before grouping cost 0.03-0.05 CPU s per million rows)."""
    import polars as pl

    return [pl.col(c).cast(pl.String).alias(f"{_CELL}{i}") for i, c in enumerate(path)]


def _group_key(path: tuple[str, ...]) -> pl.Expr:
    """The group of a --by column, from its `_group_cells`: its cell, spaces around it trimmed
    (as classify --by groups; a validated cell is trimmed already); a unit's with the units
    above it, so that two communes of one name in two districts are two groups (a blank unit
    is one group)."""
    import polars as pl

    cells = [pl.col(f"{_CELL}{i}").str.strip_chars() for i in range(len(path))]
    if len(cells) == 1:
        return cells[0]
    joined = pl.concat_str([c.fill_null("") for c in cells], separator=_PATH_SEP)
    return pl.when(cells[-1].is_null()).then(None).otherwise(joined)


def _unit_named(groups: dict[str | None, _Sums]) -> dict[str | None, _Sums]:
    """`groups` keyed by the names a reader tells apart (`columns.unit_names`): a unit's own
    name, with the units above it in parentheses when another unit has that name."""
    paths = [k for k in groups if k is not None and _PATH_SEP in k]
    if not paths:
        return groups
    keys = [tuple(k.split(_PATH_SEP)) if k is not None else (None,) for k in groups]
    names = unit_names([tuple(v or None for v in key) for key in keys], "")
    return {
        None if key is None else name: sums
        for key, name, sums in zip(groups, names, groups.values(), strict=True)
    }


def measure_table(
    table: Table,
    cs: CompiledStandard,
    cutoffs: list[Cutoff],
    *,
    by: list[str] | None = None,
    weight: str | None = None,
    missing: Missing = Missing.REJECT,
    rejects: Target | None = None,
    progress: Progress | None = None,
    members: Members | None = None,
    count: Count = Count.HOUSEHOLDS,
    lang: str = "en",
) -> Measures:
    """The Alkire-Foster measures of `table` under `cs` at each cut-off, overall and by group.

    `count`: the population is the households (each row once, or its weight) or their people
    (each row as its roster size with `members`, else its household_size; times its weight).
    With `members` and a `missing` other than REJECT, an indicator the members leave unknown
    is undecided like any other (not deprived, or reweighted), not a rejection. `lang`: the
    language of the rejects file (its headers and reasons), as classify writes it."""
    import polars as pl

    by = list(dict.fromkeys(by or []))
    if not cutoffs:
        raise StandardError(
            "no cut-off k: give --k, or set k in the standard file",
            file=cs.standard.file,
            key="measures.no_k",
        )
    indicators = [ind for ind, _ in cs.indicators]
    if len(indicators) > MAX_PATTERN_INDICATORS:
        raise StandardError(
            f"measures handles up to {MAX_PATTERN_INDICATORS} indicators; this standard has "
            f"{len(indicators)}",
            file=cs.standard.file,
            key="measures.too_many_indicators",
            params={"limit": MAX_PATTERN_INDICATORS, "count": len(indicators)},
        )
    columns = table.columns
    for option, column in [*(("--by", c) for c in by), *([("--weight", weight)] if weight else [])]:
        if column not in columns:  # the command resolved it (`run.pipeline.column_named`)
            no_column(table, column, option)
    clash = [c for c in columns if c.startswith("__af_")]
    if clash:
        raise InputError(
            f"the input has a column named '{clash[0]}', a name mdpoverty keeps for itself",
            file=table.source,
            column=clash[0],
            key="input.reserved_column",
            params={"name": clash[0]},
        )
    inputs = indicator_inputs(cs)
    read = [c for c in cs.indicator_columns]
    if weight is not None and weight in read:
        from ..run.layout import input_headers

        shown = input_headers(table).get(weight, weight)  # as the file names it
        raise InputError(
            f"--weight names '{shown}', a column the standard's indicators read",
            column=shown,
            key="measures.weight_is_indicator_column",
            params={"name": shown},
        )
    den, numerators = score_numerators(cs.weights)
    nums = [numerators[ind.id] for ind in indicators]
    optional = frozenset(read) if missing is not Missing.REJECT else frozenset()
    checked = list(read)
    if members is not None and "household_id" not in checked:
        # the id read as classify reads it (trimmed, NFC) before it finds the members: a survey
        # pads its ids ('     1  1'), and the member file's are read so
        checked.append("household_id")
    if count is Count.PEOPLE and members is None and "household_size" not in checked:
        checked.append("household_size")  # the people a household counts for: never blank
    optional -= {"household_size"} if count is Count.PEOPLE and members is None else set()
    # a --by column the standard reads (area under a Vietnamese standard, a standard's own
    # column) is grouped by its validated value, as classify reads it: 'nong thon', 'Nông thôn'
    # and 'rural' are one group; an empty cell is a group of its own, a value it cannot read is
    # rejected. Any other column (area under the global MPI, coded 0/1) is grouped as written
    for column in validated_columns(by, cs):
        if column not in checked:
            checked.append(column)
            optional |= {column}
    # a household's people times its weight stays under 10**300, as a weight alone does: every
    # population then converts to a float64 for JSON and workbooks
    spec = WeightSpec(PEOPLE_WEIGHT_MAGNITUDE if count is Count.PEOPLE else None)
    checks = Checks(tuple(checked), {weight: spec} if weight else {}, optional)
    all_bits = (1 << len(indicators)) - 1

    def derive(lf: pl.LazyFrame) -> pl.LazyFrame:
        verdicts = []
        for ind, compiled in cs.indicators:
            verdict = compiled.as_expr()
            if missing is not Missing.REJECT and inputs[ind.id]:
                # an indicator that reads an empty cell is undecided (null), not guessed
                decided = pl.all_horizontal(pl.col(c).is_not_null() for c in inputs[ind.id])
                verdict = pl.when(decided).then(verdict)
            verdicts.append(verdict.alias(_IND + ind.id))
        if count is Count.PEOPLE:
            people = ROSTER_SIZE if members is not None else "household_size"
            verdicts.append(pl.col(people).cast(pl.Int128).alias(_PEOPLE))
        lf = lf.with_columns(verdicts)
        ind_cols = [pl.col(_IND + ind.id) for ind in indicators]
        lf = lf.with_columns(
            bit_pattern([*ind_cols, *(c.is_null() for c in ind_cols)]).alias(_PAT)
        ).drop(_IND + ind.id for ind in indicators)
        if missing is Missing.REWEIGHT:
            # a row with no indicator decided has no score to reweight: rejected, with its cells
            # (and the member rows left blank)
            blanks = [
                pl.when(pl.col(c).is_null()).then(pl.lit(f"{c}:{Reason.MISSING_VALUE.value}"))
                for c in read
            ]
            if members is not None:
                blanks.append(pl.col(UNKNOWN_ITEMS))
            empty = (
                pl.concat_str(blanks, separator=";", ignore_nulls=True) if blanks else pl.lit("")
            )
            undecided = all_bits << len(indicators)
            nothing = (
                ((pl.col(_PAT) & pl.lit(undecided, dtype=pl.UInt64)) == undecided)
                & (pl.col(ERRORS) == "")
                & (empty != "")
            )
            lf = lf.with_columns(
                pl.when(nothing).then(empty).otherwise(pl.col(ERRORS)).alias(ERRORS)
            )
        return lf

    n = len(nums)

    def bit(i: int) -> pl.Expr:
        return (pl.col(_PAT) & pl.lit(1 << i, dtype=pl.UInt64)) != 0

    def weighted_sum(offset: int) -> pl.Expr:
        zero = pl.lit(0, dtype=pl.Int64)
        return pl.sum_horizontal(
            pl.when(bit(offset + i)).then(pl.lit(num, dtype=pl.Int64)).otherwise(zero)
            for i, num in enumerate(nums)
        )

    # the expressions are built once: building them for each batch cost more than running them
    # a weight is its mantissa x 10**exponent: the mantissas are summed per exponent, in Int128
    # (each < 10**18), and the powers applied in Python integers by the calculator
    mantissa = weight_mantissa(weight) if weight else None
    exponent = weight_keys(weight, _EXP) if weight else []
    keys = (*_KEYS, _EXP) if weight else _KEYS
    # A sum never wraps: each row's term is under 10**24 (a people count under 10**15, a
    # mantissa under 10**18, a weight's people under 10**15 times half a mantissa, under
    # 10**9), so 10**14 rows stay under Int128's 1.7 x 10**38. People times a whole mantissa
    # (10**33) would wrap in 200,000 rows: the mantissa is split, its high half summed apart.
    if count is Count.PEOPLE and mantissa is not None:
        people = pl.col(_PEOPLE)
        pops = {
            "pop": (people * (mantissa % _SPLIT)).sum(),
            _POP_HIGH: (people * (mantissa // _SPLIT)).sum(),
        }
    elif count is Count.PEOPLE:
        pops = {"pop": pl.col(_PEOPLE).sum()}
    else:
        pops = {"pop": mantissa.sum() if mantissa is not None else pl.len()}
    per_pattern = [
        pl.len().cast(pl.Int64).alias("rows"),
        *(total.cast(pl.Int128).alias(name) for name, total in pops.items()),
    ]
    und = weighted_sum(n) if missing is Missing.REWEIGHT else pl.lit(0, dtype=pl.Int64)
    scored = [weighted_sum(0).alias("score"), und.alias("missing_weight")]
    per_score = [
        pl.col("rows").sum(),
        *(pl.col(name).sum() for name in pops),
        *(
            pl.col(name).filter(bit(i)).sum().alias(f"d{i}{name}")
            for i in range(n)
            for name in pops
        ),
        *(pl.col("rows").filter(bit(n + i)).sum().alias(f"m{i}") for i in range(n)),
    ]
    # with --by, the whole population is the sum of the first column's groups (one group_by less
    # a batch)
    # spaces around a cell trimmed, as classify --by groups (a validated cell is trimmed already)
    paths = [unit_path(col, columns) for col in by]
    groups = [(_group_cells(path), _group_key(path)) for path in paths] or [
        ([], pl.lit(None, dtype=pl.String))
    ]

    def reduce(good: pl.LazyFrame, group: tuple[list[pl.Expr], pl.Expr]) -> Sum:
        cells, key = group
        patterns = (
            good.group_by(*cells, _PAT, *exponent)
            .agg(per_pattern)
            .with_columns(key.alias(_GROUP), *scored)
        )
        # cells trimmed to one group (' A' and 'A') are summed here, as one group
        return Sum(patterns.group_by(*keys).agg(per_score), keys)

    if rejects is not None:
        check_columns(table, [], rejects=True)  # the rejects file's row and errors
    # member columns named in the descriptions as the member file names them, as classify does
    member_headers = members.headers if members is not None else None
    rejects_job = (
        None if rejects is None else RejectsJob(rejects, table, [cs], Layout(lang), member_headers)
    )

    def build(p: Prepared):
        sums = [reduce(p.good, group) for group in groups]
        jobs = []
        if rejects_job is not None:
            jobs.append(rejects_job(p))
        return jobs, [*sums, *accounting_plan(p)]

    from ..run.members import with_members

    if members is not None:
        # an indicator the members leave unknown is missing, as a blank household cell is:
        # rejected with --missing reject, else decided below
        members.reject_unknown = missing is Missing.REJECT
    # larger batches than classify's for a narrow input: a batch here ends in a few small
    # aggregates, and each has a fixed cost (planning its frames, setting up its group_by). On
    # 1M rows x 13 columns, 300,000-row batches took 0.74-0.83 user CPU s against 0.90-1.00 with
    # 75,000, for 295 MB peak instead of 220; a batch holds every input column, so a wider file
    # gets smaller ones (from 33 columns, classify's), and so does a run with --members
    scale = max(1, min(4, 64 // max(len(table.columns), 1))) if members is None else 1
    frames, member_acc = with_members(
        members,
        lambda: execute(
            table,
            [cs],
            build,
            progress,
            derive,
            checks=checks,
            members=members,
            batch_scale=scale,
        ),
    )
    sums_frames, acc_frames = frames[: len(groups)], frames[len(groups) :]
    by_frames = sums_frames if by else []

    info = [IndicatorInfo(ind.id, ind.dimension, cs.weights[ind.id]) for ind in indicators]
    dims = list(dict.fromkeys(ind.dimension for ind in indicators))
    calc = _Calculator(info, dims, den, nums)
    overall = calc.sums(sums_frames[0], whole=True).get(None)
    per_column = {
        col: _unit_named(calc.sums(frame)) for col, frame in zip(by, by_frames, strict=True)
    }
    results: list[GroupResult] = []
    for k in cutoffs:
        whole = calc.result(k, None, None, overall, None)
        results.append(whole)
        for col in by:
            for group, sums in per_column[col].items():
                results.append(calc.result(k, col, "" if group is None else group, sums, whole))
    accounting = accounting_from(
        acc_frames, overall.rows if overall else 0, [cs], file_headers(table, members)
    )
    return Measures(
        source=table.source,
        standard=StandardInfo.of(cs),
        indicators=info,
        dimensions=dims,
        weight=None if weight is None else user_name(weight),  # the user's own header
        missing=missing,
        cutoffs=cutoffs,
        by=by,
        results=results,
        accounting=accounting,
        rejects_path=rejects.path if rejects is not None and accounting.rejected else None,
        members=member_acc,
        count=count,
    )


@dataclass
class _ScoreRow:
    score: int  # numerator over the weights' denominator
    divisor: int  # the denominator: D, less the missing weight when reweighting
    rows: int
    pop: int  # exact: a sum of sampling weights, over its _Sums' scale
    deprived: list[int]  # population deprived in each indicator, over the same scale


@dataclass
class _Sums:
    rows: int = 0
    pop: int = 0  # over `scale`
    scores: list[_ScoreRow] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    # every population amount is an integer over this power of ten (1 but for weights with
    # decimals): adding Fractions cost 0.06-0.09 CPU s of a 1M-row run's 22 results
    scale: int = 1


def _pop(record: dict, name: str) -> int:
    """A population sum of `record`: its low part, plus its high part (split off so that no
    sum wraps) when the run has one."""
    high = record.get(name.replace("pop", _POP_HIGH))
    return int(record[name]) + (0 if high is None else int(high) * _SPLIT)


class _Calculator:
    def __init__(
        self,
        indicators: list[IndicatorInfo],
        dimensions: list[str],
        den: int,
        nums: list[int],
    ) -> None:
        self.indicators = indicators
        self.dimensions = dimensions
        self.den = den
        self.nums = nums

    def sums(self, frame: pl.DataFrame, whole: bool = False) -> dict[str | None, _Sums]:
        """The merged aggregate, by group; with `whole`, every group as one (None)."""
        n = len(self.nums)
        out: dict[str | None, _Sums] = {}
        records = frame.rows(named=True)
        # a sum of weights of one power of ten (no weight: a count, power 0); every amount
        # over the least power's scale, an integer
        least = min((int(r.get(_EXP) or 0) for r in records), default=0)
        least = min(least, 0)
        for record in records:
            group = None if whole else record[_GROUP]
            sums = out.setdefault(group, _Sums(missing=[0] * n, scale=10**-least))
            shift = 10 ** (int(record.get(_EXP) or 0) - least)
            rows, pop = int(record["rows"]), _pop(record, "pop") * shift
            sums.rows += rows
            sums.pop += pop
            sums.scores.append(
                _ScoreRow(
                    int(record["score"]),
                    self.den - int(record["missing_weight"]),
                    rows,
                    pop,
                    [_pop(record, f"d{i}pop") * shift for i in range(n)],
                )
            )
            for i in range(n):
                sums.missing[i] += int(record[f"m{i}"])
        # as every command lists groups, a unit by its path (a blank group, None, last: after
        # a cell of spaces, which the same key would leave in polars' order, not always one)
        return dict(
            sorted(
                out.items(),
                key=lambda kv: (
                    group_order([None] if kv[0] is None else kv[0].split(_PATH_SEP)),
                    kv[0] is None,
                ),
            )
        )

    def result(
        self,
        k: Cutoff,
        by: str | None,
        group: str | None,
        sums: _Sums | None,
        whole: GroupResult | None,
    ) -> GroupResult:
        ids = [i.id for i in self.indicators]
        sums = sums or _Sums(missing=[0] * len(ids))
        # integers over sums.scale, which every ratio below cancels; the population itself
        # is divided by it
        total = sums.pop
        poor_pop = 0
        censored = [0] * len(ids)
        uncensored = [0] * len(ids)
        # by divisor (one, D, unless reweighting): the poor's population x score, and each
        # indicator's part of it, as integers over the divisor
        scores: dict[int, list[int]] = {}
        for row in sums.scores:
            for i, d in enumerate(row.deprived):
                uncensored[i] += d
            # a row whose every indicator is undecided has no score (0: not poor)
            if (
                row.divisor <= 0
                or row.score * k.value.denominator < k.value.numerator * row.divisor
            ):
                continue
            poor_pop += row.pop
            acc = scores.setdefault(row.divisor, [0] * (len(ids) + 1))
            acc[-1] += row.pop * row.score
            for i, d in enumerate(row.deprived):
                censored[i] += d
                acc[i] += d
        intensity = sum((Fraction(acc[-1], div) for div, acc in scores.items()), Fraction(0))
        parts = [
            sum((Fraction(acc[i] * self.nums[i], div) for div, acc in scores.items()), Fraction(0))
            for i in range(len(ids))
        ]

        def ratio(a: int | Fraction, b: int | Fraction) -> Fraction | None:
            return None if b == 0 else Fraction(a) / Fraction(b)

        contribution = {i: ratio(p, intensity) for i, p in zip(ids, parts, strict=True)}
        by_dim: dict[str, Fraction | None] = {}
        for dim in self.dimensions:
            members = [contribution[ind.id] for ind in self.indicators if ind.dimension == dim]
            by_dim[dim] = None if None in members else sum(members, Fraction(0))  # type: ignore[arg-type]
        m0 = ratio(intensity, total)
        population = Fraction(total, sums.scale)
        return GroupResult(
            k=k,
            by=by,
            group=group,
            rows=sums.rows,
            population=population,
            population_share=None if whole is None else ratio(population, whole.population),
            H=ratio(poor_pop, total),
            A=ratio(intensity, poor_pop),
            M0=m0,
            M0_share=(
                None
                if whole is None or m0 is None or not whole.M0
                else ratio(population * m0, whole.population * whole.M0)
            ),
            uncensored_headcount={i: ratio(u, total) for i, u in zip(ids, uncensored, strict=True)},
            censored_headcount={i: ratio(c, total) for i, c in zip(ids, censored, strict=True)},
            contribution=contribution,
            dimension_contribution=by_dim,
            missing=dict(zip(ids, sums.missing, strict=True)),
        )


def as_number(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def as_exact(value: Fraction | None) -> str | None:
    return None if value is None else fraction_text(value)


def result_dict(r: GroupResult) -> dict[str, Any]:
    """One result as the JSON entry: each ratio as a number and as an exact fraction."""
    out: dict[str, Any] = {
        "k": as_number(r.k.value),
        "k_exact": as_exact(r.k.value),
        "k_text": r.k.text,
        "by": r.by,
        "group": r.group,
        "rows": r.rows,
        "population": as_number(r.population),
        "population_exact": as_exact(r.population),
    }
    for name in ("population_share", "H", "A", "M0", "M0_share"):
        value = getattr(r, name)
        if name == "population_share" and r.by is None:
            continue
        out[name] = as_number(value)
        out[f"{name}_exact"] = as_exact(value)
    for name in (
        "censored_headcount",
        "uncensored_headcount",
        "contribution",
        "dimension_contribution",
    ):
        values = getattr(r, name)
        out[name] = {i: as_number(v) for i, v in values.items()}
        out[f"{name}_exact"] = {i: as_exact(v) for i, v in values.items()}
    out["missing"] = dict(r.missing)
    return out


def to_dict(m: Measures) -> dict[str, Any]:
    acc = m.accounting
    data = {
        "source": m.source,
        "standard": {"id": m.standard.id, "version": m.standard.version, "file": m.standard.file},
        "weight": m.weight,
        "count": m.count.value,
        "missing": m.missing.value,
        "indicators": [
            {
                "id": i.id,
                "dimension": i.dimension,
                "weight": float(i.weight),
                "weight_exact": fraction_text(i.weight),
            }
            for i in m.indicators
        ],
        "results": [result_dict(r) for r in m.results],
        "accounting": {
            "rows_read": acc.rows_read,
            "measured": acc.processed,
            "rejected": acc.rejected,
            "reject_reasons": dict(acc.reject_reasons),
        },
    }
    if m.members is not None:
        data["members"] = m.members.to_dict()
    return data
