"""Why one household is in its class: income against the line, each indicator, the rule that fired."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .. import labels
from ..columns import BY_NAME, INCOME_MONTH, INCOME_YEAR, ColumnType, user_name
from ..engine.classifier import _IND, _RULE, ROSTER_SIZE, CompiledStandard, classify, output_names
from ..engine.expressions import (
    Binary,
    Boolean,
    Call,
    Compare,
    Name,
    Node,
    Number,
    Q,
    Text,
    Unary,
    parse,
)
from ..errors import InputError, StandardError
from ..io.readers import ROW, Table
from ..labels import VI
from ..run.layout import input_headers
from ..run.mark_list import given_by_list, list_spec
from ..run.validation import ERRORS, needed_columns, text_key, validate
from ..text import one_line, quoted

if TYPE_CHECKING:
    import polars as pl


@dataclass
class Term:
    """A name a rule reads (a column, a parameter, the deprivation count, an indicator's
    verdict), with its names for people and this household's value."""

    kind: str  # money, number, boolean, area, text
    value: Any
    label_vi: str
    label_en: str


@dataclass
class IndicatorVerdict:
    id: str
    dimension: str
    label_vi: str
    label_en: str
    deprived: bool
    rule: str | None  # None for an indicator read from a list's mark (`mark_column`)
    values: dict[str, Any]  # the columns the rule reads, with this household's values
    status: str
    dimension_vi: str = ""
    dimension_en: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)  # the parameters it reads, here
    # with --members, for a member form: the member-file rows that made it deprived (each
    # aggregate's members whose value decided it), and the rows whose value is unknown
    member_rows: list[int] | None = None
    unknown_rows: list[int] | None = None
    unknown: bool = False  # left unknown by blank member cells (classify rejects the household)
    # read from a list's deprivation marks: the column's header as the file writes it (on one
    # line); under a group label over two rows, that label and the column's own cell apart
    mark_column: str | None = None
    mark_group: str | None = None
    mark_cell: str | None = None


@dataclass
class Explanation:
    household_id: str
    row: int
    standard_id: str
    area: str
    # income per person per month, exactly: a Fraction (the yearly amount / 12) for a list of
    # income per year; None (and what reads it) when the cell is rejected
    income: Any
    income_line: Any  # as classify writes it; None when the area is rejected
    income_at_or_below_line: bool | None
    indicators: list[IndicatorVerdict]
    deprivation_count: int | None  # None when an indicator is unknown (a rejected cell)
    class_id: str | None  # None when classify rejects the household (`rejected`)
    class_label_vi: str | None
    class_label_en: str | None
    rule_index: int | None
    rule_text: str | None
    terms: dict[str, Term] = field(default_factory=dict)  # every name the rules read
    # why classify rejects this household, as its rejects file says it ('column:reason', a
    # member row's 'column:reason@row' with --members): its own cells or its members; then it
    # has no class
    rejected: list[str] = field(default_factory=list)
    # the workbook's number cells of this row read as Excel shows them (a money cell under
    # #,##0), by column: {'stored': the value the workbook holds, 'read': the value read}
    read_as_shown: dict[str, dict[str, str]] = field(default_factory=dict)
    # a list of income per year: the household's yearly income as read (`income` is it / 12)
    income_year: Any = None
    # the line exactly, when it is no two-place amount (an annual line / 12): what the income is
    # compared with, where `income_line` is the largest two-place amount at or below it
    income_line_exact: Any = None


def explain_household(
    table: Table,
    standards: list[CompiledStandard],
    household_id: str,
    members: Table | None = None,
) -> list[Explanation]:
    """Classify one household under each standard with every intermediate verdict kept; with
    `members` (the member file, for standards compiled with members), its member forms from its
    member rows. The household's rows of the member file are read once, for the first standard;
    the others check those rows in memory."""
    explanations = []
    raw = None
    for cs in standards:
        explanation, raw = _explain(table, cs, household_id, members, raw)
        explanations.append(explanation)
    return explanations


def _explain(
    table: Table,
    cs: CompiledStandard,
    household_id: str,
    members: Table | None,
    raw: pl.DataFrame | None,
) -> tuple[Explanation, pl.DataFrame | None]:
    """The household explained under `cs`, and its rows of the member file as the file has
    them (`raw`: None until read, then given back to be read no more)."""
    import polars as pl

    from ..io.batches import collect
    from ..io.readers import missing_columns_error
    from ..run.runner import indicator_names, missing_hints

    if cs.income_line is None:
        raise StandardError(
            "explain shows income against the income line, and this standard has no "
            "income_line (a pure Alkire-Foster specification): classify it instead",
            file=cs.standard.file,
            key="explain.no_income_line",
        )
    table.accept_labels({name: spec.label.vi for name, spec in cs.standard.model.columns.items()})
    needed_by = {column: [cs.id] for column in cs.required_columns}
    hints = missing_hints(table, [cs], with_members=members is not None)
    listed = given_by_list(table)  # columns of marks a list of deprivations gives
    error = missing_columns_error(
        table,
        [c for c in cs.required_columns if c not in listed],
        needed_by,
        hints,
        indicator_names([cs]),
    )
    if error is not None:
        raise error
    required = list(cs.required_columns)
    if members is not None and "household_size" in table.columns:
        required.append("household_size")  # compared with the roster's size
    specs = needed_columns(required, cs.standard.model.columns, list_spec(table, required))
    rows = collect(
        table,
        table.frame.filter(text_key(pl.col("household_id")) == text_key(pl.lit(household_id))),
    )
    # the file's own headers, for the messages (as classify's lines name them)
    headers = input_headers(table)
    if table.mark_list is not None:  # a column of marks the list gives: the list's header
        headers.update(dict.fromkeys(listed, table.mark_list.header))
    id_header = quoted(headers.get("household_id", "household_id"))
    if rows.height == 0:
        close = ", ".join(quoted(one_line(c)) for c in close_ids(table, household_id))
        raise InputError(
            f"no household with household_id {quoted(household_id)}"
            + (f" (did you mean {close}?)" if close else ""),
            file=table.source,
            key="explain.no_household",
            params={"id": quoted(household_id), "column": id_header, "close": close},
        )
    if rows.height > 1:
        raise InputError(
            f"household_id {quoted(household_id)} appears on rows "
            + ", ".join(str(r) for r in rows[ROW]),
            file=table.source,
            key="explain.household_twice",
            params={
                "id": quoted(household_id),
                "rows": ", ".join(str(r) for r in rows[ROW]),
                "column": id_header,
            },
        )
    checked = validate(
        rows.lazy(),
        specs,
        blank_means_false=table.blank_means_false,
        codes=table.value_codes,
        excel_errors=table.excel_error_cells(),
    ).collect()
    rows_checked = None
    if members is not None:  # the members' reasons added to the row's own (classify's step)
        checked, rows_checked, raw = _with_members(checked, members, cs, raw)
    # a reason, as the rejects file gives it, leaves the household without a class; a cell
    # that failed is null, so what depends on it is shown unknown, the rest as classified
    rejected = [i for i in (checked[ERRORS][0] or "").split(";") if i]
    names = output_names(cs.id, False)
    out = classify(checked.lazy(), cs, names=names, keep_details=True).collect().row(0, named=True)
    model = cs.standard.model
    if members is not None and "household_size" not in out:  # the roster's size stands in
        from ..engine.classifier import HOUSEHOLD_SIZE

        out["household_size"] = out[HOUSEHOLD_SIZE]
    terms = _terms(cs, out, names)
    for agg in cs.aggregates:  # an aggregate's value for this household, by its text
        value = out.get(agg.column)
        if agg.func == "share" and value is not None:
            value = Fraction(int(value), int(out[ROSTER_SIZE]))
        elif agg.func in ("sum", "min", "max") and value is not None:
            value = Fraction(int(value), agg.den)
        kind = "boolean" if agg.func in ("any", "all") else "number"
        terms["aggregate:" + agg.text] = Term(kind, value, agg.text, agg.text)
    dimensions = {d.id: d.label for d in model.dimensions}
    verdicts = []
    for ind, compiled in cs.indicators:
        dim = dimensions.get(ind.dimension)
        verdicts.append(
            IndicatorVerdict(
                id=ind.id,
                dimension=ind.dimension,
                label_vi=ind.label.vi,
                label_en=ind.label.en,
                deprived=bool(out[_IND + ind.id]),
                unknown=out[_IND + ind.id] is None,
                rule=None
                if ind.id in cs.marks
                else ind.from_members
                if ind.id in cs.member_forms
                else ind.deprived_when,
                # keyed by the user's names: a column of marks as deprived_<id>, never its
                # internal name
                values={
                    user_name(n): out[n] for n in sorted(compiled.names) if n in cs.column_types
                },
                status=ind.status.value,
                dimension_vi=dim.vi if dim else ind.dimension,
                dimension_en=dim.en if dim else ind.dimension,
                parameters={
                    n: terms[n].value for n in sorted(compiled.names) if n in model.parameters
                },
                **_member_verdict(ind.id, compiled, cs, rows_checked, out),
                **_mark_header(table, headers.get(cs.marks[ind.id], cs.marks[ind.id]))
                if ind.id in cs.marks
                else {},
            )
        )
    # the count of the indicators known deprived is no count when one is unknown
    count = None if any(v.unknown for v in verdicts) else int(out[names["deprivation_count"]] or 0)
    if count is None:
        terms["deprivation_count"].value = None
    line = out[names["income_line"]]
    exact_line = _exact_line(checked, cs, line)
    year = out[INCOME_YEAR] if cs.yearly else None
    if cs.yearly:  # exactly as every rule reads it: the yearly amount / 12
        income = None if year is None else Fraction(year) / 12
        terms[INCOME_MONTH].value = income
    else:
        income = out[INCOME_MONTH]
    if rejected:  # classify writes no class for it: neither does explain
        class_id = rule_index = rule = None
    else:
        class_id, rule_index = out[names["class"]], int(out[_RULE])
        _rule, compiled_rule = cs.classes[rule_index]
        rule = compiled_rule.text if compiled_rule else "otherwise"
    explanation = Explanation(
        household_id=str(out["household_id"]),
        row=int(out[ROW]),
        standard_id=cs.id,
        area=out["area"],
        income=income,
        income_line=line,
        income_at_or_below_line=None
        if income is None or exact_line is None
        else Fraction(income) <= exact_line,
        indicators=verdicts,
        deprivation_count=count,
        class_id=class_id,
        class_label_vi=None if class_id is None else model.label_of_class(class_id, "vi"),
        class_label_en=None if class_id is None else model.label_of_class(class_id, "en"),
        rule_index=rule_index,
        rule_text=rule,
        terms=terms,
        rejected=rejected,
        read_as_shown={
            column: {"stored": cells[row][0], "read": cells[row][1]}
            for column, cells in table.shown_cell_values().items()
            if (row := int(out[ROW])) in cells
        },
        income_year=year,
        income_line_exact=None if exact_line is None or line == exact_line else exact_line,
    )
    return explanation, raw


def _exact_line(checked: pl.DataFrame, cs: CompiledStandard, line: Any) -> Fraction | None:
    """The household's income line exactly (`line`: as classify writes it, two places at
    most): an annual line / 12 is a fraction, which an income / 12 may equal."""
    q = cs.income_line.value if cs.income_line is not None else None
    if line is None or not isinstance(q, Q) or (isinstance(q.den, int) and q.den == 1):
        return None if line is None else Fraction(line)
    num, den = checked.select(q.num.alias("n"), q.den_expr().alias("d")).row(0)
    return None if num is None or den is None else Fraction(int(num), int(den))


# how far --id and a file's id may differ to be offered (one character typed wrong, missed or
# added), and the longest --id compared character by character
_CLOSE_EDITS, _CLOSE_LONGEST = 1, 64


def close_ids(table: Table, household_id: str, n: int = 5) -> list[str]:
    """Ids of `table` close to `household_id`, a --id no row has (at most `n`, the closest
    first): the same but for case, separators or zeros in front of a number ('QN-TL-99' and
    'qn_tl_099'), or a character typed wrong, missed or added. One pass over the id
    column in polars: ids that cannot be close are dropped by cheap tests first (the length,
    half the --id at either end, the last letter or digit), the few left compared with the
    --id's prefixes and suffixes; then only the best few compared in Python; only ids, never
    another cell of their rows."""
    import difflib
    import re

    import polars as pl

    from ..io.batches import collect

    def shape(expr: pl.Expr) -> pl.Expr:  # case, separators and leading zeros left out
        folded = expr.str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}]", "")
        return folded.str.replace_all(r"(^|\D)0+(\d)", "${1}${2}")

    query = pl.select(text_key(pl.lit(household_id))).item()
    if not query:
        return []
    own_shape = pl.select(shape(pl.lit(query))).item()
    key = pl.col("id")
    width = min(len(query), _CLOSE_LONGEST)
    longer = key.str.len_chars().cast(pl.Int32) - len(query)
    # near (below) needs a common prefix and suffix of width - 1 together: one of them at
    # least half of it, so the id starts or ends as the --id does
    half = width // 2
    may_be_near = (longer.abs() <= _CLOSE_EDITS) & (
        key.str.starts_with(query[:half]) | key.str.ends_with(query[len(query) - half :])
    )
    # the same shape ends with the same letter or digit (zeros are cut only before a digit)
    last = re.escape(own_shape[-1]) if own_shape else ""
    may_be_shape = key.str.to_lowercase().str.contains(last + r"[^\p{L}\p{N}]*$")
    if not own_shape:
        may_be_shape = ~key.str.contains(r"[\p{L}\p{N}]")
    same = sum(
        (key.str.slice(0, i) == query[:i]).cast(pl.Int32)
        + (key.str.slice(-i, i) == query[-i:]).cast(pl.Int32)
        for i in range(1, width + 1)
    )
    # one character wrong or missed leaves all but one of the --id's before or after it; one
    # added leaves all of them
    near = (longer.abs() <= _CLOSE_EDITS) & (same >= max(width - 1, 1) + longer.clip(0, None))
    found = collect(
        table,
        table.frame.select(text_key(pl.col("household_id")).alias("id"))
        .filter((key != query) & (may_be_near | may_be_shape).fill_null(False))
        .select(
            key,
            (shape(key) == own_shape).fill_null(False).alias("shape"),
            same.alias("same"),
            near.fill_null(False).alias("near"),
        )
        .filter(pl.col("shape") | pl.col("near"))
        .unique("id")
        .top_k(10 * n, by=["shape", "same"]),
    )
    scored = sorted(
        found.iter_rows(),
        key=lambda r: (not r[1], -difflib.SequenceMatcher(None, query, r[0]).ratio(), r[0]),
    )
    return [r[0] for r in scored[:n]]


def _mark_header(table: Table, header: str) -> dict[str, str | None]:
    """A column of marks named as the file does: its header, and under a group label its
    group and own cell as the header was read (a label may hold the separator itself)."""
    from ..io.layout import GROUP_SEPARATOR

    texts = table.matched_by.get(header, ())
    group = cell = None
    if len(texts) > 1 and header.endswith(GROUP_SEPARATOR + texts[-1]):
        cell = texts[-1]
        group = header[: -len(GROUP_SEPARATOR + cell)]
    return {
        "mark_column": one_line(header),
        "mark_group": None if group is None else one_line(group),
        "mark_cell": None if cell is None else one_line(cell),
    }


def _with_members(
    checked: pl.DataFrame, members: Table, cs: CompiledStandard, raw: pl.DataFrame | None
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The household's row with its members' aggregates and classify's reasons for rejecting
    it in ``__errors__`` (the very `run.members` step classify runs, on this household's
    member rows only), its member rows checked, and its rows of the member file as the file
    has them. `raw`, those rows once read for another standard, spares reading the file again."""
    import dataclasses

    import polars as pl

    from ..io.batches import collect
    from ..run.members import Members, household_member_rows

    # the id as validation read it (classify compares these), not as typed after --id
    household_id = checked["household_id"][0]
    rows = None
    if raw is None:
        rows = household_member_rows(members, [cs], household_id)
        raw = collect(members, members.frame.filter(pl.col(ROW).is_in(rows[ROW].implode())))
    own = dataclasses.replace(members, frame=raw.lazy(), csv_path=None, parquet_path=None)
    if rows is None:  # in memory: a handful of rows
        rows = household_member_rows(own, [cs], household_id)
    step = Members(own, [cs])
    step.read(allow_empty=True)  # no row: the household has no member (no_members)
    has_size = "household_size" in checked.columns
    return step.step(checked.lazy(), has_size).collect(), rows, raw


def _member_verdict(
    ind_id: str,
    compiled: Any,
    cs: CompiledStandard,
    rows: pl.DataFrame | None,
    out: dict[str, Any],
) -> dict[str, Any]:
    """For a member form: the member rows that decided its aggregates (any, count, share:
    those for whom the argument holds; all: those for whom it fails; min, max: those with the
    smallest, largest value; sum: those whose value is not zero), and the rows whose argument
    is unknown. Rows only, never a member's record."""
    import polars as pl

    from ..engine.members import value_column

    if rows is None or ind_id not in cs.member_forms:
        return {}
    decided: set[int] = set()
    unknown: set[int] = set()
    for agg in compiled.aggregates:
        value = pl.col(value_column(agg))
        if agg.func == "all":
            which = value.not_()
        elif agg.func in ("any", "count", "share"):
            which = value
        elif agg.func == "min":  # the member(s) with the smallest value decide it
            which = value == value.min()
        elif agg.func == "max":
            which = value == value.max()
        else:  # sum: the members who add something to it
            which = value != 0
        decided |= set(rows.filter(which.fill_null(False))[ROW].to_list())
        unknown |= set(rows.filter(value.is_null())[ROW].to_list())
    return {"member_rows": sorted(decided), "unknown_rows": sorted(unknown)}


def standard_terms(cs: CompiledStandard) -> dict[str, Term]:
    """The names `cs`'s rules read, with their names for people (no household's values): for
    writing a rule out in words (``rule_text(..., valued=False)``)."""
    return _terms(cs, {}, output_names(cs.id, False))


def _terms(cs: CompiledStandard, out: dict[str, Any], names: dict[str, str]) -> dict[str, Term]:
    model = cs.standard.model
    area = out.get("area")
    kinds = {
        ColumnType.MONEY: "money",
        ColumnType.INTEGER: "number",
        ColumnType.DECIMAL: "number",
        ColumnType.BOOLEAN: "boolean",
        ColumnType.AREA: "area",
        ColumnType.TEXT: "text",
    }
    terms: dict[str, Term] = {}
    for name, ctype in cs.column_types.items():
        # a list of income per year: the monthly income is read from it (`_explain` sets it)
        if name in out or not out or (cs.yearly and name == INCOME_MONTH):
            canonical = BY_NAME.get(name)
            extra = model.columns.get(name)
            # a column of marks is held under an internal name: it is shown as deprived_<id>
            # (no rule reads it by name: its indicator has no rule)
            shown = user_name(name)
            vi = canonical.vi_header if canonical else (extra.label.vi if extra else shown)
            terms[shown] = Term(kinds[ctype], out.get(name), vi, shown)
    for name, p in model.parameters.items():
        value = p.values.get(area or "") if p.values is not None else p.value
        kind = "money" if "VND" in p.unit else "number"
        label = p.label
        terms[name] = Term(kind, value, label.vi if label else name, label.en if label else name)
    terms["deprivation_count"] = Term(
        "number",
        out.get(names["deprivation_count"]),
        labels.added_column("deprivation_count", VI),
        "deprivation_count",
    )
    for ind, _ in cs.indicators:
        terms[f"deprived:{ind.id}"] = Term(
            "boolean",
            out.get(_IND + ind.id),
            f"thiếu hụt {ind.label.vi.lower()}",
            ind.id,
        )
    return terms


# how tightly each kind of node binds, to put back the parentheses a rule needs
_BINDING = {"or": 1, "and": 2, "not": 3, "compare": 4, "+": 5, "-": 5, "*": 6, "/": 6, "neg": 7}
_SYMBOLS = {"<=": "≤", ">=": "≥", "==": "=", "!=": "≠", "<": "<", ">": ">"}
_WORDS = {
    "en": {"and": "and", "or": "or", "not": "not"},
    "vi": {"and": "và", "or": "hoặc", "not": "không"},
}


def _binding(node: Node) -> int:
    if isinstance(node, Binary):
        return _BINDING[node.op]
    if isinstance(node, Compare):
        return _BINDING["compare"]
    if isinstance(node, Unary):
        return _BINDING["not" if node.op == "not" else "neg"]
    return 9


def term_text(term: Term, lang: str) -> str:
    """A term's value as people write it: 1.500.000 đ, 0,5, Có, Nông thôn."""
    if term.value is None:
        return "—"
    if term.kind == "money":  # a yearly income / 12 exactly, never rounded
        return labels.money_exact(term.value, lang)
    if term.kind == "number":
        return labels.number(term.value, lang)
    if term.kind == "boolean":
        return labels.yes_no(term.value, lang)
    if term.kind == "area":
        return labels.area_value(term.value, lang)
    return f'"{term.value}"'


def _yes_no_operand(node: Node, terms: dict[str, Term]) -> bool:
    """Whether `node` is a yes/no name or an indicator's verdict: `not` of it reads as
    ``Nước sạch = Không`` (with the household's value, ``Có = Không``), not ``không (Có)``."""
    if isinstance(node, Name):
        term = terms.get(node.id)
        return term is not None and term.kind == "boolean"
    return isinstance(node, Call) and node.func == "deprived"


def rule_text(text: str, terms: dict[str, Term], lang: str, *, valued: bool) -> str:
    """A rule written for people: with `valued`, each name replaced by this household's value
    (``1.650.000 đ ≤ 2.100.000 đ``); without, by its name in `lang` (the ids in English)."""
    words = _WORDS["vi" if lang == VI else "en"]

    def name(key: str) -> str:
        term = terms.get(key)
        if term is None:
            return key
        if valued:
            return term_text(term, lang)
        if lang == VI:
            return term.label_vi
        return f'deprived("{term.label_en}")' if key.startswith("deprived:") else key

    def show(node: Node, parent: int = 0) -> str:
        text = render(node)
        return f"({text})" if _binding(node) < parent else text

    def render(node: Node) -> str:
        if isinstance(node, Number):
            return labels.number(Fraction(node.value), lang)
        if isinstance(node, Text):
            return f'"{node.value}"'
        if isinstance(node, Boolean):
            return labels.yes_no(node.value, lang)
        if isinstance(node, Name):
            return name(node.id)
        if isinstance(node, Unary):
            if node.op == "not":
                if (valued or lang == VI) and _yes_no_operand(node.operand, terms):
                    # said plainly ('Nước sạch = Không', 'true = false'), not 'không (Có)'
                    no = labels.yes_no(False, lang)
                    return f"{render(node.operand)} {_SYMBOLS['==']} {no}"
                if not valued and lang != VI:  # the expression, ids and all: 'not safe_water'
                    return f"{words['not']} {show(node.operand, _BINDING['not'])}"
                return f"{words['not']} ({render(node.operand)})"
            return "-" + show(node.operand, _BINDING["neg"])
        if isinstance(node, Binary):
            own = _BINDING[node.op]
            op = words.get(node.op, node.op)
            if node.op == "or":  # 'a or b and c' reads wrong in words: a or (b and c)
                sides = [
                    f"({render(n)})" if isinstance(n, Binary) and n.op == "and" else show(n, own)
                    for n in (node.left, node.right)
                ]
                return f" {op} ".join(sides)
            # the right side of - and / needs its parentheses at the same binding
            return f"{show(node.left, own)} {op} {show(node.right, own + 1)}"
        if isinstance(node, Compare):
            own = _BINDING["compare"]
            parts = [show(node.operands[0], own + 1)]
            for op, operand in zip(node.ops, node.operands[1:], strict=True):
                parts += [_SYMBOLS[op], show(operand, own + 1)]
            return " ".join(parts)
        if isinstance(node, Call):
            if node.func == "deprived" and node.args and isinstance(node.args[0], Text):
                return name(f"deprived:{node.args[0].value}")
            aggregate = terms.get("aggregate:" + text[node.pos : node.end])
            if valued and aggregate is not None:
                return term_text(aggregate, lang)
            return f"{node.func}({', '.join(render(a) for a in node.args)})"
        return "?"  # pragma: no cover - every node kind is handled above

    if text == "otherwise":
        return "còn lại" if lang == VI else "otherwise"
    return render(parse(text))
