"""Compile a standard into polars expressions and classify whole columns with them."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING

from ..columns import (
    BY_NAME,
    HOUSEHOLD_COLUMNS,
    IDENTITY_COLUMNS,
    INCOME_MONTH,
    INCOME_YEAR,
    INSTEAD,
    INTERNAL,
    MARK_HELD,
    MARK_PREFIX,
    MEMBER_BY_NAME,
    MEMBER_CANONICAL,
    MEMBER_COUNTS,
    OUTPUTS,
    SCORE_OUTPUTS,
    USER,
    ColumnType,
    output_name,
    user_name,
)
from ..errors import InputError, MembersRequired, StandardError
from ..exact import DECIMAL_PRECISION, DECIMAL_SCALE, INTEGER_BOUND, exact_decimal
from ..standard.model import ClassRule, Indicator, Parameter
from ..standard.weights import indicator_weights
from .expressions import (
    BY_AREA,
    INDICATOR_PREFIX,
    INT64_BOUND,
    MEMBER_COLUMN,
    Aggregate,
    Compiled,
    Kind,
    MemberScope,
    Q,
    Symbol,
    compile_expression,
)
from .scores import MAX_DENOMINATOR, score_expr, score_numerators

if TYPE_CHECKING:
    from pathlib import Path

    import polars as pl

    from ..standard.loader import LoadedStandard

_IND = "__ind__"
_COUNT = "__deprivation_count__"
_RULE = "__rule__"
_SCORE = "__deprivation_score__"

_NUM_TYPES = {ColumnType.INTEGER, ColumnType.MONEY, ColumnType.DECIMAL}
INSTEAD_NAMES = frozenset(c.name for c in INSTEAD)

# With --members, the household frame gets these internal columns (run.members adds them):
MEMBERS = "__members__"
ROSTER_SIZE = MEMBERS + "size"  # the household's member rows
# household_size as the household file gives it, or the roster size where it gives none: the
# member form reads household_size from here
HOUSEHOLD_SIZE = MEMBERS + "household_size"


def aggregate_column(standard_id: str, k: int) -> str:
    """The household frame's column holding the k-th aggregate of a standard's member forms."""
    return f"{MEMBERS}{standard_id}__{k}"


def _kind_of(ctype: ColumnType) -> Kind:
    if ctype in _NUM_TYPES:
        return Kind.NUM
    if ctype is ColumnType.BOOLEAN:
        return Kind.BOOL
    return Kind.STR


@dataclass(frozen=True)
class CompiledStandard:
    standard: LoadedStandard
    indicators: tuple[tuple[Indicator, Compiled], ...]
    classes: tuple[tuple[ClassRule, Compiled | None], ...]  # empty: no rules and no k
    income_line: Compiled | None  # None in a pure Alkire-Foster specification
    column_types: dict[str, ColumnType]
    required_columns: tuple[str, ...]
    weights: dict[str, Fraction]  # each indicator's exact weight, in the standard's order
    uses_score: bool = False  # a class rule reads deprivation_score
    indicator_columns: tuple[str, ...] = ()  # the columns the indicators read
    members: bool = False  # compiled for a member file: each from_members form is used
    aggregates: tuple[Aggregate, ...] = ()  # the member forms' aggregates
    member_types: dict[str, ColumnType] | None = None  # every member column the file may have
    member_required: tuple[str, ...] = ()  # the member columns the aggregates read
    member_forms: tuple[str, ...] = ()  # the indicators whose member form is used
    # for those, the names (columns, parameters) their household form reads
    household_form_names: dict[str, frozenset[str]] = field(default_factory=dict)
    # the indicators read from a list's deprivation marks -> the column holding them
    # (``deprived_<id>``, a yes/no column): see `compile_standard`'s `marks`
    marks: dict[str, str] = field(default_factory=dict)
    # indicators with a member form only, compiled without --members and without a mark
    # (`defer_members`): never classified so, `require_members` refuses them
    needs_members: tuple[str, ...] = ()
    # compiled for a list of income per person per year: income_per_capita_month is
    # income_per_capita_year / 12, exactly (`compile_standard`'s `yearly`)
    yearly: bool = False

    @property
    def id(self) -> str:
        return self.standard.id

    @property
    def writes_score(self) -> bool:
        """classify writes the weighted deprivation score: the file gives weights or k (an
        Alkire-Foster standard), so the score is what its people read."""
        model = self.standard.model
        return model.k is not None or any(ind.weight is not None for ind in model.indicators)


def _parameter_q(param: Parameter) -> Q:
    import polars as pl

    if param.values is None:
        value = Fraction(param.value)  # type: ignore[arg-type]
        bound = abs(value.numerator)
        return Q(pl.lit(value.numerator, dtype=_int_type(bound)), value.denominator, bound)
    fracs = {k: Fraction(v) for k, v in param.values.items()}
    den = math.lcm(*(f.denominator for f in fracs.values()))
    bound = max(abs(f.numerator * (den // f.denominator)) for f in fracs.values())
    expr: pl.Expr | pl.Then | None = None
    for area, f in fracs.items():
        num = pl.lit(f.numerator * (den // f.denominator), dtype=_int_type(bound))
        cond = pl.col("area") == area
        expr = pl.when(cond).then(num) if expr is None else expr.when(cond).then(num)
    # No otherwise(): an area the standard does not know stays null, never a fallback.
    return Q(expr, den, bound)  # type: ignore[arg-type]


def _int_type(bound: int) -> pl.DataType:
    """64-bit integers when they hold `bound`; the model's limits on parameters keep every
    numerator within 128 bits."""
    import polars as pl

    return pl.Int64 if bound < INT64_BOUND else pl.Int128


def _per_month(year: Q) -> Q:
    """A yearly amount (hundredths over 100) as a monthly one, exactly: the same hundredths
    over 1,200, so a household at exactly 12 times a monthly line is at the line."""
    assert isinstance(year.den, int)
    return Q(year.num, year.den * 12, year.bound)


def _column_symbol(name: str, ctype: ColumnType) -> Symbol:
    import polars as pl

    kind = _kind_of(ctype)
    if ctype in (ColumnType.MONEY, ColumnType.DECIMAL):
        # an exact decimal is its integer of hundredths over 100: integer comparisons cost a
        # quarter of polars' decimal ones, which cast the other side to a decimal row by row
        exact = exact_decimal()  # validation made it so already: the cast costs nothing
        hundredths = Q(
            pl.col(name).cast(exact).to_physical(), 10**DECIMAL_SCALE, 10**DECIMAL_PRECISION
        )
        return Symbol(kind, lambda: hundredths, "column")
    if kind is Kind.NUM:  # a whole number, validated below 10**15 in magnitude
        return Symbol(kind, lambda: Q(pl.col(name), bound=INTEGER_BOUND), "column")
    return Symbol(kind, lambda: pl.col(name), "column")


_cache: dict[tuple[str, ...], CompiledStandard] = {}


def load_checked(ref: str | Path) -> LoadedStandard:
    """Load a standard and compile every expression (both forms of each indicator), so that any
    error in it surfaces now."""
    from ..standard.loader import load_standard

    loaded = load_standard(ref)
    compile_standard(loaded, members=True)
    if all(ind.deprived_when is not None for ind in loaded.model.indicators):
        compile_standard(loaded)
    return loaded


def member_only(loaded: LoadedStandard) -> list[str]:
    """The indicators of `loaded` that have a member form only (they need --members)."""
    return [ind.id for ind in loaded.model.indicators if ind.deprived_when is None]


def _members_required(loaded: LoadedStandard, indicators: tuple[str, ...]) -> None:
    raise MembersRequired(
        f"{loaded.id}: the indicators {', '.join(indicators)} are computed from household "
        "members only: give the member file with --members FILE (or a column of the list's "
        "deprivation marks for each)",
        file=loaded.file,
        key="standard.members_required",
        params={"id": loaded.id, "indicators": ", ".join(indicators)},
    )


def require_members(cs: CompiledStandard) -> None:
    """Refuse a standard compiled with `defer_members` whose member-only indicators found
    neither --members nor a column of marks."""
    if cs.needs_members:
        _members_required(cs.standard, cs.needs_members)


def compile_standard(
    loaded: LoadedStandard,
    members: bool = False,
    marks: dict[str, str] | None = None,
    *,
    defer_members: bool = False,
    yearly: bool = False,
) -> CompiledStandard:
    """Compile every expression of `loaded`; errors name the file, YAML path and position.

    With `members` (a member file is given), each indicator's from_members form is used where it
    has one, and household_size reads the household file's value or else the roster size.
    `marks`: indicator id -> the yes/no column (``deprived_<id>``) that gives its verdict as a
    list's deprivation mark, instead of its rule (`run.marks` chooses them). An indicator with a
    member form only needs --members or a mark; `defer_members`: it is compiled as waiting for
    one (`needs_members`, verdict null), and `require_members` refuses it once the list is read.
    `yearly`: the list gives income_per_capita_year instead of income_per_capita_month, which
    every expression then reads as the yearly amount / 12, exactly (never a rounded amount).
    """
    marks = dict(marks or {})
    waiting = () if members else tuple(i for i in member_only(loaded) if i not in marks)
    key = (*loaded.files, "--members") if members else loaded.files
    key += tuple(f"{MARK_PREFIX}{i}={c}" for i, c in sorted(marks.items()))
    key += ("--defer",) if defer_members and waiting else ()
    key += ("--yearly",) if yearly else ()
    if key in _cache and _cache[key].standard is loaded:
        return _cache[key]
    import polars as pl

    model = loaded.model
    if waiting and not defer_members:
        _members_required(loaded, waiting)
    column_types = {c.name: c.type for c in HOUSEHOLD_COLUMNS}
    for name, extra in model.columns.items():
        if name in BY_NAME:
            raise StandardError(
                f"'{name}' is a canonical column already",
                **loaded.where(f"columns.{name}"),
                key="standard.canonical_column",
                params={"name": name},
            )
        if name.startswith(INTERNAL):
            raise StandardError(
                f"'{name}': column names starting with '{INTERNAL}' are mdpoverty's own",
                **loaded.where(f"columns.{name}"),
                key="standard.internal_column",
                params={"name": name, "prefix": INTERNAL},
            )
        column_types[name] = extra.type
    for column in marks.values():
        column_types[column] = ColumnType.BOOLEAN

    member_types = {c.name: c.type for c in MEMBER_CANONICAL}
    for name, extra in model.member_columns.items():
        if name in MEMBER_BY_NAME:
            raise StandardError(
                f"'{name}' is a canonical member column already",
                **loaded.where(f"member_columns.{name}"),
                key="standard.canonical_member_column",
                params={"name": name},
            )
        if name.startswith(INTERNAL):
            raise StandardError(
                f"'{name}': column names starting with '{INTERNAL}' are mdpoverty's own",
                **loaded.where(f"member_columns.{name}"),
                key="standard.internal_column",
                params={"name": name, "prefix": INTERNAL},
            )
        member_types[name] = extra.type

    # a column read instead of another (income per year) is the input's: no expression names it
    symbols: dict[str, Symbol] = {
        n: _column_symbol(n, t) for n, t in column_types.items() if n not in INSTEAD_NAMES
    }
    if yearly:
        year = _column_symbol(INCOME_YEAR, ColumnType.MONEY).build
        symbols[INCOME_MONTH] = Symbol(Kind.NUM, lambda: _per_month(year()), "column")
    if members:
        symbols["household_size"] = Symbol(
            Kind.NUM, lambda: Q(pl.col(HOUSEHOLD_SIZE), bound=INTEGER_BOUND), "column"
        )
    member_symbols = {
        n: replace(_column_symbol(n, t), what=MEMBER_COLUMN) for n, t in member_types.items()
    }
    for name, param in model.parameters.items():
        if name in model.columns and loaded.place(f"parameters.{name}")[3] is not None:
            # the parameter is inherited: the column is what this file adds, and where to mend
            parent = loaded.place(f"parameters.{name}")
            at = f"{parent[0]}:{parent[2]}" if parent[2] else parent[0]
            raise StandardError(
                f"column '{name}' has the name of a parameter, which this standard inherits "
                f"({at}): give the column another name",
                **loaded.where(f"columns.{name}"),
                key="standard.column_is_inherited_parameter",
                params={"name": name, "at": at},
            )
        if name in symbols:
            raise StandardError(
                f"parameter '{name}' has the name of a column",
                **loaded.where(f"parameters.{name}"),
                key="standard.parameter_is_column",
                params={"name": name},
            )
        if name in member_symbols:
            raise StandardError(
                f"parameter '{name}' has the name of a member column",
                **loaded.where(f"parameters.{name}"),
                key="standard.parameter_is_member_column",
                params={"name": name},
            )
        what = "parameter" if param.by is None else BY_AREA
        const = Fraction(param.value) if param.values is None else None  # type: ignore[arg-type]
        by_area = (
            None if param.values is None else {k: Fraction(v) for k, v in param.values.items()}
        )
        symbols[name] = Symbol(Kind.NUM, lambda p=param: _parameter_q(p), what, const, by_area)
        member_symbols[name] = symbols[name]
    scope = MemberScope(member_symbols, lambda k: aggregate_column(loaded.id, k), ROSTER_SIZE)

    def comp(
        text: str,
        path: str,
        expect: Kind,
        syms: dict[str, Symbol],
        members: MemberScope | None = None,
    ) -> Compiled:
        try:
            return compile_expression(
                text, syms, expect=expect, members=members, **loaded.where(path)
            )
        except StandardError as exc:
            note = loaded.place(path)[3]  # an inherited expression: say which file inherits it
            if note:
                exc.details.append(note)
            raise

    def form(i: int, ind: Indicator) -> Compiled:
        if ind.id in waiting:  # neither --members nor a mark yet: `require_members` refuses it
            return Compiled(ind.id, Kind.BOOL, pl.lit(None, dtype=pl.Boolean), frozenset())
        if ind.id in marks:  # the list's own verdict: true where it marks a deprivation
            column = marks[ind.id]
            return Compiled(column, Kind.BOOL, pl.col(column), frozenset({column}))
        if members and ind.from_members is not None:
            return comp(
                ind.from_members, f"indicators[{i}].from_members", Kind.BOOL, symbols, scope
            )
        assert ind.deprived_when is not None  # member_only() was checked
        return comp(ind.deprived_when, f"indicators[{i}].deprived_when", Kind.BOOL, symbols)

    indicators = tuple((ind, form(i, ind)) for i, ind in enumerate(model.indicators))
    class_symbols = dict(symbols)
    for ind, _ in indicators:
        class_symbols[INDICATOR_PREFIX + ind.id] = Symbol(
            Kind.BOOL, lambda i=ind.id: pl.col(_IND + i), "indicator"
        )
    class_symbols["deprivation_count"] = Symbol(
        Kind.NUM, lambda: Q(pl.col(_COUNT), bound=len(indicators)), "deprivation count"
    )
    weights = indicator_weights(model)  # checked when the file loaded
    den, _ = score_numerators(weights)
    if den > MAX_DENOMINATOR:
        raise StandardError(
            f"the weights' common denominator ({den}) is too large: use simpler fractions",
            **loaded.where("indicators"),
            key="standard.denominator_too_large",
            params={"den": den},
        )
    class_symbols["deprivation_score"] = Symbol(
        Kind.NUM, lambda: Q(pl.col(_SCORE), den, den), "weighted deprivation score"
    )
    rules = [(rule, f"classes[{i}].when") for i, rule in enumerate(model.classes)]
    if not rules and model.k is not None:
        rules = _rules_from_k(model.k)
    classes = tuple(
        (rule, comp(rule.when, path, Kind.BOOL, class_symbols) if rule.when else None)
        for rule, path in rules
    )
    income_line = (
        None
        if model.income_line is None
        else comp(model.income_line, "income_line", Kind.NUM, symbols)
    )

    def columns_read(compiled: list[Compiled]) -> set[str]:
        return {
            n
            for c in compiled
            for n in _columns_read(c, model.parameters, column_types, members, yearly)
        }

    # a pure Alkire-Foster specification (no income line) needs only the columns it reads
    identity = [INCOME_YEAR if yearly and c == INCOME_MONTH else c for c in IDENTITY_COLUMNS]
    used: set[str] = set(identity) if income_line is not None else set()
    if members:  # the roster gives the household's size; the id joins the two files
        used = (used - {"household_size"}) | {"household_id"}
    used |= columns_read(
        [c for _, c in indicators] + [c for _, c in classes if c] + [c for c in [income_line] if c]
    )
    if income_line is not None and not members and used & set(MEMBER_COUNTS):
        used.add("household_size")  # a count of members is checked against it
    if members:  # read from the household file when it has it, else the roster's size
        used.discard("household_size")
    order = [c.name for c in HOUSEHOLD_COLUMNS] + list(model.columns) + list(marks.values())
    required = tuple(n for n in order if n in used)
    indicator_inputs = columns_read([c for _, c in indicators])
    result = CompiledStandard(
        loaded,
        indicators,
        classes,
        income_line,
        column_types,
        required,
        weights,
        uses_score=any(c is not None and "deprivation_score" in c.names for _, c in classes),
        indicator_columns=tuple(n for n in order if n in indicator_inputs),
        members=members,
        aggregates=tuple(scope.found),
        member_types=member_types,
        member_required=tuple(
            n for n in member_types if any(n in c.member_names for _, c in indicators)
        ),
        member_forms=tuple(
            ind.id
            for ind, c in indicators
            if members and ind.from_members is not None and ind.id not in marks
        ),
        household_form_names={
            ind.id: comp(
                ind.deprived_when, f"indicators[{i}].deprived_when", Kind.BOOL, symbols
            ).names
            for i, ind in enumerate(model.indicators)
            if members and ind.from_members is not None and ind.deprived_when is not None
        },
        marks=marks,
        needs_members=waiting,
        yearly=yearly,
    )
    _cache[key] = result
    return result


def _line_expr(line: Compiled) -> pl.Expr:
    """The income line as reported: its exact integer, or, when it is a fraction (an annual line
    / 12), the largest two-place amount at or below it, which is the largest two-place income
    that `income <= line` admits. Never a float."""
    import polars as pl

    q = line.value
    if not isinstance(q, Q) or (isinstance(q.den, int) and q.den == 1):
        return line.as_expr()
    scale = 10**DECIMAL_SCALE
    hundredths = (q.num.cast(pl.Int128) * scale) // q.den_expr().cast(pl.Int128)
    exact = hundredths.cast(pl.Decimal(38, 0)).cast(pl.Decimal(38, DECIMAL_SCALE))
    return (exact / pl.lit(scale).cast(pl.Decimal(38, 0))).cast(exact_decimal())


def _columns_read(
    compiled: Compiled,
    parameters: dict[str, Parameter],
    column_types: dict[str, ColumnType],
    members: bool = False,
    yearly: bool = False,
) -> tuple[str, ...]:
    """The columns an expression reads, `area` included when a parameter by area is read
    (with `members`, household_size is not read from the file: see HOUSEHOLD_SIZE; with
    `yearly`, the monthly income is read from the yearly one)."""
    found = [
        INCOME_YEAR if yearly and n == INCOME_MONTH else n
        for n in sorted(compiled.names)
        if n in column_types and not (members and n == "household_size")
    ]
    found = sorted(set(found))
    if "area" not in found and any(
        n in parameters and parameters[n].by == "area" for n in compiled.names
    ):
        found.append("area")
    return tuple(found)


def indicator_inputs(cs: CompiledStandard) -> dict[str, tuple[str, ...]]:
    """Each indicator's id -> the columns its rule reads."""
    params = cs.standard.model.parameters
    return {
        ind.id: _columns_read(c, params, cs.column_types, cs.members, cs.yearly)
        for ind, c in cs.indicators
    }


def _rules_from_k(k: object) -> list[tuple[ClassRule, str]]:
    """The class rules of a standard that gives k and no classes: poor when score >= k."""
    from ..exact import exact_fraction, fraction_text

    cutoff = fraction_text(exact_fraction(k))  # checked when the file loaded
    poor = ClassRule.model_validate(
        {"class": "poor", "when": f"deprivation_score >= {cutoff.replace('/', ' / ')}"}
    )
    return [(poor, "k"), (ClassRule.model_validate({"class": "not_poor", "otherwise": True}), "k")]


def output_names(standard_id: str, several: bool, score: bool = False) -> dict[str, str]:
    """The added columns' internal names; with `score` (`CompiledStandard.writes_score`), the
    score's two columns too."""
    outputs = OUTPUTS + SCORE_OUTPUTS if score else OUTPUTS
    return {o: output_name(o, standard_id, several) for o in outputs}


def _score_texts(den: int):
    """Score numerators over `den` -> the exact fraction's text (``2/9``), from each distinct
    numerator once (a column of millions holds a few hundred scores at most)."""
    from ..exact import fraction_text

    def texts(numerators: pl.Series) -> pl.Series:
        import polars as pl

        distinct = numerators.unique().drop_nulls()
        shown = [fraction_text(Fraction(int(n), den)) for n in distinct]
        return numerators.replace_strict(
            distinct, pl.Series(shown, dtype=pl.String), return_dtype=pl.String
        )

    return texts


def classify(
    lf: pl.LazyFrame,
    cs: CompiledStandard,
    *,
    names: dict[str, str] | None = None,
    keep_details: bool = False,
    indicators_as: str | None = None,
    reasons: str | None = None,
) -> pl.LazyFrame:
    """Add class, deprivation_count, deprived and income_line for `cs` to a validated frame
    (and deprivation_score, deprivation_score_exact when `names` has them).

    With `reasons` (the column of each row's rejection reasons, '' for none), a row whose
    indicator, or class rule reached, is left unknown by a division by zero on it gets the
    reason ``column:division_by_zero`` (the column its divisor reads): it is rejected, never
    classified as if the rule were false.

    With `keep_details`, also keep one boolean column per indicator (``__ind__<id>``) and the
    index of the class rule that fired (``__rule__``), for explanations. With `indicators_as`,
    keep the indicator columns renamed ``<indicators_as><id>``.
    """
    import polars as pl

    if not cs.classes:
        raise StandardError(
            "this standard has no class rules and no k, so it gives no class: add k (the "
            "Alkire-Foster cut-off) or classes to the file; `mdpoverty measures --k` measures it",
            file=cs.standard.file,
            key="standard.no_class_rules",
        )
    names = names or output_names(cs.id, False)
    ind_cols = [_IND + ind.id for ind, _ in cs.indicators]
    ids = [ind.id for ind, _ in cs.indicators]
    lf = lf.with_columns(compiled.as_expr().alias(_IND + ind.id) for ind, compiled in cs.indicators)
    scored = cs.uses_score or "deprivation_score" in names
    den, numerators = score_numerators(cs.weights)
    if scored:
        lf = lf.with_columns(score_expr(ind_cols, [numerators[i] for i in ids]).alias(_SCORE))
    score_columns = []
    if "deprivation_score" in names:
        # numerator and den are below 2**53: exact as doubles, so the division is the double
        # nearest the exact score, and `score >= k` in Stata or R agrees with the class
        score_columns = [
            (pl.col(_SCORE).cast(pl.Float64) / float(den)).alias(names["deprivation_score"]),
            pl.col(_SCORE)
            .map_batches(_score_texts(den), return_dtype=pl.String, is_elementwise=True)
            .alias(names["deprivation_score_exact"]),
        ]
    looked_up = len(ids) <= _LOOKUP_INDICATORS  # a standard has at least one indicator
    if looked_up:
        # the indicators' bit pattern gives both the count and the list, by lookup
        lf = lf.with_columns(_bit_pattern(ind_cols).alias(_PATTERN))
        counts, lists = _lookup_tables(tuple(ids))
        count = pl.lit(counts).gather(pl.col(_PATTERN))
        deprived = pl.lit(lists).gather(pl.col(_PATTERN))
    else:
        # a null indicator counts as not deprived
        count = pl.sum_horizontal(pl.col(c).cast(pl.UInt8) for c in ind_cols).cast(pl.Int64)
        deprived = _deprived_joined(ind_cols, ids)
    lf = lf.with_columns(count.alias(_COUNT))
    if reasons is not None:
        lf = _divided_by_zero(lf, cs, reasons)
    chain_class: pl.Expr | None = None
    chain_rule: pl.Expr | None = None
    default_class = default_rule = None
    for i, (rule, compiled) in enumerate(cs.classes):
        if compiled is None:
            default_class, default_rule = rule.class_.value, i
            break
        cond = compiled.as_expr()
        cls, idx = pl.lit(rule.class_.value), pl.lit(i, dtype=pl.Int32)
        if chain_class is None:
            chain_class, chain_rule = pl.when(cond).then(cls), pl.when(cond).then(idx)
        else:
            chain_class = chain_class.when(cond).then(cls)  # type: ignore[attr-defined]
            chain_rule = chain_rule.when(cond).then(idx)  # type: ignore[union-attr]
    class_expr = (
        pl.lit(default_class)
        if chain_class is None
        else chain_class.otherwise(pl.lit(default_class))  # type: ignore[attr-defined]
    )
    rule_expr = (
        pl.lit(default_rule, dtype=pl.Int32)
        if chain_rule is None
        else chain_rule.otherwise(pl.lit(default_rule, dtype=pl.Int32))  # type: ignore[attr-defined]
    )
    extra = [rule_expr.alias(_RULE)] if keep_details else []
    line = pl.lit(None, dtype=pl.Int64) if cs.income_line is None else _line_expr(cs.income_line)
    lf = lf.with_columns(
        class_expr.alias(names["class"]),
        pl.col(_COUNT).alias(names["deprivation_count"]),
        deprived.alias(names["deprived"]),
        line.alias(names["income_line"]),
        *score_columns,
        *extra,
    )
    helpers = [_COUNT, _PATTERN] if looked_up else [_COUNT]
    if scored:
        helpers.append(_SCORE)
    if keep_details:
        return lf.drop(helpers)
    if indicators_as is not None:
        return lf.drop(helpers).rename({c: indicators_as + c[len(_IND) :] for c in ind_cols})
    return lf.drop([*ind_cols, *helpers])


def _divided_by_zero(lf: pl.LazyFrame, cs: CompiledStandard, reasons: str) -> pl.LazyFrame:
    """Add to `reasons` a row's ``column:division_by_zero`` for each indicator, and each class
    rule reached (no rule before it true), that a division by zero leaves unknown on it."""
    import polars as pl

    found: list[pl.Expr] = []

    def reason(compiled: Compiled, value: pl.Expr, reached: pl.Expr | bool = True) -> None:
        if not compiled.zero_divisors:
            return
        cited = pl.coalesce(
            pl.when(zero.fill_null(False)).then(pl.lit(f"{name}:division_by_zero"))
            for zero, name in compiled.zero_divisors
        )
        found.append(pl.when(value.is_null() & reached).then(cited))

    for ind, compiled in cs.indicators:
        reason(compiled, pl.col(_IND + ind.id))
    matched = pl.lit(False)
    for _rule, compiled in cs.classes:
        if compiled is None:
            break
        cond = compiled.as_expr()
        reason(compiled, cond, ~matched)
        matched = matched | cond.fill_null(False)
    if not found:
        return lf
    extra = pl.concat_list(found).list.drop_nulls().list.unique(maintain_order=True).list.join(";")
    own = pl.col(reasons)
    return lf.with_columns(
        pl.when(extra == "")
        .then(own)
        .when(own == "")
        .then(extra)
        .when(own.str.contains(extra, literal=True))  # said already (compare's other standard)
        .then(own)
        .otherwise(pl.concat_str([own, extra], separator=";"))
        .alias(reasons)
    )


# up to this many indicators, the count and the 'deprived' list are looked up by bit pattern
# (tables of 2**n entries)
_LOOKUP_INDICATORS = 14
_PATTERN = "__pattern__"


def _bit_pattern(columns: list[str]) -> pl.Expr:
    """Bit i set when the household is deprived in indicator i (a null counts as not)."""
    import polars as pl

    # when/then of two literals: a third of the cost of casting each verdict and multiplying
    zero = pl.lit(0, dtype=pl.UInt32)
    return pl.sum_horizontal(
        pl.when(pl.col(c)).then(pl.lit(1 << bit, dtype=pl.UInt32)).otherwise(zero)
        for bit, c in enumerate(columns)
    )


@functools.cache
def _lookup_tables(ids: tuple[str, ...]) -> tuple[pl.Series, pl.Series]:
    """For every bit pattern: the deprivation count, and the ids ';'-separated in standard order.

    A lookup costs half of counting the indicators and a third of joining their ids row by
    row, which a standard with very many indicators still does.
    """
    import polars as pl

    patterns = range(1 << len(ids))
    counts = pl.Series([m.bit_count() for m in patterns], dtype=pl.Int64)
    # a pattern's list is its lowest indicator's id, then the list of the higher ones
    lists = [""] * len(patterns)
    for m in patterns[1:]:
        rest = m & (m - 1)
        first = ids[(m & -m).bit_length() - 1]
        lists[m] = f"{first};{lists[rest]}" if rest else first
    return counts, pl.Series(lists, dtype=pl.String)


def _deprived_joined(columns: list[str], ids: list[str]) -> pl.Expr:
    """The ids of the indicators a household is deprived in, ';'-separated, in standard order."""
    import polars as pl

    return pl.concat_str(
        [pl.when(pl.col(c)).then(pl.lit(i)) for c, i in zip(columns, ids, strict=True)],
        separator=";",
        ignore_nulls=True,
    )


def check_no_clash(
    columns: list[str],
    cs_list: list[CompiledStandard],
    others: dict[str, str] | None = None,
    source: str | None = None,
) -> None:
    """Refuse an input column with the name of a column the run writes beside it: the standards'
    output columns, and `others` (name -> the file that has it)."""
    several = len(cs_list) > 1
    written = {
        n: "the output"
        for cs in cs_list
        for n in output_names(cs.id, several, score=cs.writes_score).values()
    }
    written.update(others or {})
    # a column of marks is named by the run, not the user: its output name is the layout's;
    # a column held under USER (an output's name, `Table.hold`) gets its own name back beside
    # the added one, which takes a free name (`run.layout.free_added_names`)
    for column in (user_name(c) for c in columns if not c.startswith((MARK_HELD, USER))):
        if column in written:
            raise InputError(
                f"mdpoverty writes a column of this name in {written[column]}; rename this"
                " column in the file",
                file=source,
                column=column,
                key="input.column_written_by_mdpoverty",
                params={"where": written[column]},
            )
