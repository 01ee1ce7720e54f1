"""Renderings of a Comparison: a rich report, JSON (the same structure), tidy CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from rich.console import Console
from rich.table import Table

from .. import labels
from ..columns import apart
from ..compare.comparison import ALT, BASE, Comparison
from ..labels import EN, VI
from ..standard.diff import DiffRow
from ..standard.model import Standard
from ..text import plural, quoted
from .common import shown_path, styled, styled_format
from .render import TEXT as RENDER_TEXT
from .render import (
    accounting,
    column_name,
    group_names,
    member_accounting,
    name_width,
    rejects_left_note,
    share,
    verdict,
    weighted_count,
)

BREAKDOWN_ROWS = 25

TEXT = {
    "en": {
        "head": "{base} → {alt} on {n} {households} from {source}",
        "differs": "What differs: {base} → {alt}",
        "item": "item",
        "ratio": "alt / base",
        "nothing": "(nothing)",
        "totals": "Households per class ({BASE} = {base}, {ALT} = {alt})",
        "weighted_totals": "Weighted, the sum of the weights in {weight}, per class"
        " ({BASE} = {base}, {ALT} = {alt})",
        "weighted_moves": "Weighted: {worse} worse off under {alt}, {better} better off; {changed}"
        " change class in all.",
        "difference": "alt - base",
        "matrix": "Transition matrix: rows {base}, columns {alt} (households, % of all)",
        "corner": "{BASE} ↓  {ALT} →",
        "moves": "{worse} {households_are} worse off under {alt}, {better} better off; {changed}"
        " {change} class in all.",
        "by": "By {column} (groups that change most first)",
        "weighted_by": "By {column}, weighted: the sum of the weights in {weight} (the groups"
        " above, in their order)",
        "weighted": "weighted",
        "class_under": "{cls} {standard}",
        "more": "{n} more {groups} in --format json or csv",
        "rates": "Deprivation rates (% of households)",
        "weighted_rates": "Deprivation rates, weighted (% of the sum of the weights in {weight})",
        "indicator": "indicator",
        "matrix_total": "{ok} matrix cells add up to {n} = households compared",
        "changes": "changes: {path}",
        "rejects": "rejects: {path}",
        "report": "report: {path}",
        BASE: BASE,
        ALT: ALT,
        "base_head": BASE,
        "alt_head": ALT,
    },
    "vi": {
        "head": "{base} → {alt} trên {n} hộ từ {source}",
        "differs": "Khác biệt: {base} → {alt}",
        "item": "Nội dung",
        "ratio": "Chuẩn so sánh / chuẩn gốc",
        "nothing": "(không có)",
        "totals": "Số hộ theo phân loại ({BASE} = {base}, {ALT} = {alt})",
        "weighted_totals": "Theo trọng số, tổng trọng số ở cột {weight}, theo phân loại"
        " ({BASE} = {base}, {ALT} = {alt})",
        "weighted_moves": "Theo trọng số: {worse} khó khăn hơn theo {alt}, {better} khá hơn;"
        " tổng cộng {changed} đổi phân loại.",
        "difference": "Chênh lệch",
        "matrix": "Ma trận chuyển đổi: hàng {base}, cột {alt} (số hộ, % tổng số hộ)",
        "corner": "Chuẩn gốc ↓  chuẩn so sánh →",
        "moves": "{worse} hộ khó khăn hơn theo {alt}, {better} hộ khá hơn; tổng cộng {changed}"
        " hộ đổi phân loại.",
        "by": "Theo {column} (nhóm thay đổi nhiều nhất trước)",
        "weighted_by": "Theo {column}, theo trọng số: tổng trọng số ở cột {weight} (các nhóm"
        " trên, theo thứ tự ấy)",
        "weighted": "Tổng trọng số",
        "class_under": "{cls} ({standard})",
        "more": "còn {n} nhóm nữa trong --format json hoặc csv",
        "rates": "Tỷ lệ hộ thiếu hụt (% số hộ)",
        "weighted_rates": "Tỷ lệ thiếu hụt theo trọng số (% tổng trọng số ở cột {weight})",
        "indicator": "Chỉ số",
        "matrix_total": "{ok} tổng các ô của ma trận {n} = số hộ đã so sánh",
        "changes": "các hộ đổi phân loại: {path}",
        "rejects": "các dòng bị loại: {path}",
        "report": "báo cáo: {path}",
        # the standards, named as standards (`so sánh` alone is the act of comparing)
        BASE: "chuẩn gốc",
        ALT: "chuẩn so sánh",
        "base_head": "Chuẩn gốc",
        "alt_head": "Chuẩn so sánh",
    },
}


class Names:
    """The standards' own names for their parameters and indicators, in a language (the id
    where a standard gives no label)."""

    def __init__(
        self, models: list[Standard], lang: str, rules: list[Callable[[str], str]] | None = None
    ) -> None:
        self.lang = lang
        # base's and alt's rule in words (`standard_terms`), for the diff's rule rows
        self.rules = rules or []
        self.parameters: dict[str, str] = {}
        self.indicators: dict[str, str] = {}
        for m in reversed(models):  # the base's label wins
            for name, p in m.parameters.items():
                if p.label is not None:
                    self.parameters[name] = p.label.vi if lang == VI else p.label.en
            for ind in m.indicators:
                self.indicators[ind.id] = ind.label.vi if lang == VI else ind.label.en

    def item(self, row: DiffRow) -> str:
        if self.lang != VI:
            return row.item
        if row.kind == "parameter":
            name, _, area = row.item.partition(".")
            label = self.parameters.get(name, name)
            return f"{label} · {labels.area_value(area, VI)}" if area else label
        if row.kind == "indicator":
            ind, members, _ = row.item.partition(" (from_members)")
            name = self.indicators.get(ind, ind)
            return f"{name} (từ thành viên)" if members else name
        if row.kind == "weight":  # weight.<indicator>
            ind = row.item.removeprefix("weight.")
            return f"Trọng số của {self.indicators.get(ind, ind)}"
        if row.kind == "class_rule":
            return labels.class_label(row.item, VI)
        if row.kind == "k":
            return labels.diff_kind("k", VI)
        return labels.added_column("income_line", VI)

    def indicator(self, ind: str) -> str:
        return self.indicators.get(ind, ind) if self.lang == VI else ind

    def value(self, row: DiffRow, side: int) -> object:
        """The diff row's base (`side` 0) or alt (1) value: a rule (an indicator's or a
        class's) in Vietnamese words, as `standards show` writes it; a number as it is."""
        value = row.base if side == 0 else row.alt
        if (
            self.lang == VI
            and isinstance(value, str)
            and row.kind in ("indicator", "class_rule")
            and side < len(self.rules)
        ):
            return self.rules[side](value)
        return value


def _diff_value(value: object, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return labels.number(value, lang)  # type: ignore[arg-type]


def diff_table(
    rows: list[DiffRow], base: str, alt: str, lang: str = EN, names: Names | None = None
) -> Table:
    t = TEXT[lang]
    names = names or Names([], lang)
    table = Table(title=t["differs"].format(base=base, alt=alt), title_justify="left")
    table.add_column(t["item"], no_wrap=lang != VI)
    table.add_column(base)
    table.add_column(alt)
    table.add_column(t["ratio"], justify="right", no_wrap=True)
    for row in rows:
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else ""
        if lang == VI:
            ratio = ratio.replace(".", ",")
        table.add_row(
            names.item(row),
            _diff_value(names.value(row, 0), lang),
            _diff_value(names.value(row, 1), lang),
            ratio,
        )
    if not rows:
        table.add_row(t["nothing"], "", "", "")
    return table


def _totals(c: Comparison, lang: str) -> Table:
    n, t, num = c.households, TEXT[lang], labels.count
    table = Table(
        title=t["totals"].format(BASE=t[BASE], ALT=t[ALT], base=c.base.id, alt=c.alt.id),
        title_justify="left",
    )
    table.add_column(labels.word("class", lang), no_wrap=lang != VI)
    for head in (t["base_head"], "%", t["alt_head"], "%", t["difference"]):
        table.add_column(head, justify="right", no_wrap=True)
    for cls in c.classes:
        b, a = c.totals[cls][BASE], c.totals[cls][ALT]
        b_cells = [num(b, lang), share(b, n, lang)] if cls in c.base_classes else ["—", ""]
        a_cells = [num(a, lang), share(a, n, lang)] if cls in c.alt_classes else ["—", ""]
        both = c.applies(cls, BASE) and c.applies(cls, ALT)
        diff = labels.signed_count(a - b, lang) if both else "—"
        table.add_row(labels.class_label(cls, lang), *b_cells, *a_cells, diff)
    whole = [num(n, lang), share(n, n, lang)]
    table.add_row(labels.word("total", lang), *whole, *whole, "+0", style="bold")
    return table


def _weighted_totals(c: Comparison, lang: str) -> Table:
    """`_totals` with the sums of the households' weights (`Comparison.weighted`)."""
    assert c.weighted is not None and c.weight is not None
    w, t = c.weighted, TEXT[lang]
    n, num = w.households, weighted_count
    table = Table(
        title=t["weighted_totals"].format(
            weight=quoted(c.weight), BASE=t[BASE], ALT=t[ALT], base=c.base.id, alt=c.alt.id
        ),
        title_justify="left",
    )
    table.add_column(labels.word("class", lang), no_wrap=False)
    for head in (t["base_head"], "%", t["alt_head"], "%", t["difference"]):
        table.add_column(head, justify="right", overflow="fold")
    for cls in c.classes:
        b, a = w.totals[cls][BASE], w.totals[cls][ALT]
        b_cells = [num(b, lang), share(b, n, lang)] if cls in c.base_classes else ["—", ""]
        a_cells = [num(a, lang), share(a, n, lang)] if cls in c.alt_classes else ["—", ""]
        diff = ("+" if a >= b else "-") + num(abs(a - b), lang)
        if not (c.applies(cls, BASE) and c.applies(cls, ALT)):
            diff = "—"
        table.add_row(labels.class_label(cls, lang), *b_cells, *a_cells, diff)
    whole = [num(n, lang), share(n, n, lang)]
    table.add_row(labels.word("total", lang), *whole, *whole, "+0", style="bold")
    return table


def _matrix(c: Comparison, lang: str) -> Table:
    n, t, num = c.households, TEXT[lang], labels.count
    rows: list[list[str]] = []
    for b in c.base_classes:
        cells = [
            f"{num(c.matrix[b][a], lang)}\n{share(c.matrix[b][a], n, lang)}" for a in c.alt_classes
        ]
        total = c.totals[b][BASE]
        rows.append(
            [labels.class_short(b, lang), *cells, f"{num(total, lang)}\n{share(total, n, lang)}"]
        )
    rows.append(
        [
            labels.word("total", lang),
            *(
                f"{num(c.totals[a][ALT], lang)}\n{share(c.totals[a][ALT], n, lang)}"
                for a in c.alt_classes
            ),
            num(c.matrix_total, lang),
        ]
    )
    # the headers (a Vietnamese class's full name) wrap on a narrow screen; the numbers never
    # do: each column is at least as wide as its longest number
    widths = [
        max(len(line) for row in rows for line in row[j].split("\n")) for j in range(len(rows[0]))
    ]
    table = Table(title=t["matrix"].format(base=c.base.id, alt=c.alt.id), title_justify="left")
    table.add_column(t["corner"].format(BASE=t[BASE], ALT=t[ALT]))
    for cls, width in zip(c.alt_classes, widths[1:], strict=False):
        table.add_column(labels.class_short(cls, lang), justify="right", min_width=width)
    table.add_column(labels.word("total", lang), justify="right", min_width=widths[-1])
    for row in rows[:-1]:
        table.add_row(*row, end_section=True)
    table.add_row(*rows[-1], style="bold")
    return table


def _column_word(column: str, lang: str) -> str:
    if column in ("province", "district", "commune"):
        return labels.word(column, lang)
    return column


def _breakdown(c: Comparison, column: str, lang: str, weighted: bool = False) -> Table:
    """A --by breakdown's groups (the first `BREAKDOWN_ROWS`): households, the poor and near-poor
    under each standard, the moves; `weighted`, the sums of their weights instead, the groups
    in the same order."""
    t = TEXT[lang]
    rows, num = c.breakdowns[column], labels.count
    poorish = [cls for cls in ("poor", "near_poor") if cls in c.classes]
    word = _column_word(column, lang)
    title = t["by"].format(column=word.lower() if lang == VI else word)
    head = labels.word("households", lang)
    if weighted:
        assert c.weighted is not None
        rows, num, head = c.weighted.breakdowns[column], weighted_count, t["weighted"]  # type: ignore[assignment]
        title = t["weighted_by"].format(
            column=word.lower() if lang == VI else word, weight=quoted(c.weight)
        )
    table = Table(title=title, title_justify="left")
    # a name shared by groups in two districts (or provinces) is told apart by them
    names = group_names([(*g.within, g.group) for g in rows], lang)
    table.add_column(word, min_width=name_width(names[:BREAKDOWN_ROWS]))
    table.add_column(head, justify="right")
    for cls in poorish:
        for side in (BASE, ALT):
            head = t["class_under"].format(cls=labels.class_short(cls, lang), standard=t[side])
            table.add_column(head, justify="right")
    table.add_column(labels.word("worse", lang), justify="right")
    table.add_column(labels.word("better", lang), justify="right")
    for g, name in zip(rows[:BREAKDOWN_ROWS], names, strict=False):
        cells = [v for cls in poorish for v in (num(g.base[cls], lang), num(g.alt[cls], lang))]
        table.add_row(
            name,
            num(g.households, lang),
            *cells,
            num(g.worse, lang),
            num(g.better, lang),
        )
    if len(rows) > BREAKDOWN_ROWS:
        more = len(rows) - BREAKDOWN_ROWS
        table.caption = t["more"].format(n=labels.count(more, lang), groups=plural(more, "group"))
    return table


def _rates(c: Comparison, lang: str, names: Names, weighted: bool = False) -> Table:
    """Each indicator's deprivation rate under each standard; `weighted`, the share of the sum
    of the weights (`Comparison.weighted`)."""
    t = TEXT[lang]
    title = t["rates"]
    rates: list = c.deprivation_rates
    if weighted:
        assert c.weighted is not None
        title = t["weighted_rates"].format(weight=quoted(c.weight))
        rates = c.weighted.deprivation_rates
    table = Table(title=title, title_justify="left")
    table.add_column(t["indicator"], no_wrap=lang != VI)
    table.add_column(c.base.id, justify="right")
    table.add_column(c.alt.id, justify="right")
    for r in rates:
        table.add_row(
            names.indicator(r.indicator),
            "—" if r.base is None else labels.percent(float(r.base), lang),
            "—" if r.alt is None else labels.percent(float(r.alt), lang),
        )
    return table


def report(
    c: Comparison,
    console: Console,
    lang: str = EN,
    models: list[Standard] | None = None,
    headers: dict[str, str] | None = None,
    rules: list[Callable[[str], str]] | None = None,
) -> None:
    """The comparison as rich tables, in `lang`; `models` (base, alt) name the parameters and
    indicators in Vietnamese, `rules` (base's, alt's) write their rules in words."""
    t, num = TEXT[lang], labels.count
    names = Names(models or [], lang, rules)

    def named(s):
        flag = [(f" [{labels.word('provisional', lang)}]", "bold yellow")] if s.provisional else []
        version = labels.word("version", lang)
        return styled((s.id, "bold"), f" ({version} {s.version})", *flag)

    console.print(
        styled_format(
            t["head"],
            base=named(c.base),
            alt=named(c.alt),
            n=num(c.households, lang),
            households=plural(c.households, "household"),
            source=c.source,
        )
    )
    console.print(diff_table(c.parameter_diff, c.base.id, c.alt.id, lang, names))
    console.print(_totals(c, lang))
    if c.weighted is not None:
        console.print(_weighted_totals(c, lang))
    console.print(_matrix(c, lang))
    console.print(
        t["moves"].format(
            worse=num(c.worse, lang),
            alt=c.alt.id,
            better=num(c.better, lang),
            changed=num(c.changed, lang),
            households_are=plural(c.worse, "household is", "households are"),
            change=plural(c.changed, "changes", "change"),
        ),
        markup=False,
    )
    if c.weighted is not None:
        w = c.weighted
        console.print(
            t["weighted_moves"].format(
                worse=weighted_count(w.worse, lang),
                alt=c.alt.id,
                better=weighted_count(w.better, lang),
                changed=weighted_count(w.changed, lang),
            ),
            markup=False,
        )
    for column in c.breakdowns:
        console.print(_breakdown(c, column, lang))
        if c.weighted is not None:
            console.print(_breakdown(c, column, lang, weighted=True))
    console.print(_rates(c, lang, names))
    if c.weighted is not None:
        console.print(_rates(c, lang, names, weighted=True))
    if c.accounting is not None:
        accounting(c.accounting, console, processed="compared", lang=lang, headers=headers)
    if c.members is not None:
        member_accounting(c.members, console, lang)
    ok = verdict(c.matrix_total == c.households, c.households, lang)
    console.print(styled_format(t["matrix_total"], ok=ok, n=num(c.matrix_total, lang)))
    if c.changes_path:
        console.print(t["changes"].format(path=shown_path(c.changes_path)), markup=False)
    if c.rejects_path:
        console.print(
            RENDER_TEXT[lang]["rejects"].format(path=shown_path(c.rejects_path)), markup=False
        )
    rejects_left_note(c.rejects_left, console, lang)


def summary(
    c: Comparison,
    console: Console,
    lang: str = EN,
    headers: dict[str, str] | None = None,
    report_path: str | None = None,
) -> None:
    """Where the rows went and which files were written: the screen's lines when the report
    itself goes to a file or carries data on standard output."""
    t = TEXT[lang]
    if c.accounting is not None:
        accounting(c.accounting, console, processed="compared", lang=lang, headers=headers)
    if c.members is not None:
        member_accounting(c.members, console, lang)
    if report_path:
        console.print(t["report"].format(path=shown_path(report_path)), markup=False)
    if c.changes_path:
        console.print(t["changes"].format(path=shown_path(c.changes_path)), markup=False)
    if c.rejects_path:
        console.print(
            RENDER_TEXT[lang]["rejects"].format(path=shown_path(c.rejects_path)), markup=False
        )
    rejects_left_note(c.rejects_left, console, lang)


def _json_number(value: object) -> object:
    """A parameter's exact decimal as a JSON number (0.5), whole values whole."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def to_json(c: Comparison) -> str:
    return json.dumps(c.to_dict(), ensure_ascii=False, indent=2, default=_json_number)


TIDY_COLUMNS = [
    "section",
    "by",
    "group",
    "item",
    "base_class",
    "alt_class",
    "base",
    "alt",
    "households",
    "ratio",
]


def to_csv(c: Comparison, for_excel: bool = False) -> str:
    """Every table as tidy rows: one observation per row, one column per variable; `for_excel`:
    text a spreadsheet would run as a formula (a group's name) kept as text, with a ' before."""
    rows: list[dict] = []
    for d in c.parameter_diff:
        rows.append(
            {
                "section": "parameter_diff",
                "item": d.item,
                "base": d.base,
                "alt": d.alt,
                "ratio": "" if d.ratio is None else f"{d.ratio:.6g}",
            }
        )
    for cls in c.classes:
        rows.append(
            {
                "section": "totals",
                "item": cls,
                "base": _figure(c, cls, BASE, c.totals[cls][BASE]),
                "alt": _figure(c, cls, ALT, c.totals[cls][ALT]),
            }
        )
    for b in c.classes:
        for a in c.classes:
            rows.append(
                {
                    "section": "matrix",
                    "base_class": b,
                    "alt_class": a,
                    "households": _cell(c, b, a, c.matrix[b][a]),
                }
            )
    rows += _breakdown_rows("breakdown", c, c.breakdowns, lambda v: v)
    for r in c.deprivation_rates:
        rows.append(
            {
                "section": "deprivation_rates",
                "item": r.indicator,
                "base": "" if r.base is None else r.base,
                "alt": "" if r.alt is None else r.alt,
            }
        )
    rows += _weighted_rows(c)
    rows += accounting_rows(c)
    if for_excel:
        import re

        from ..io.writers import FORMULA_START, PLAIN_NUMBER

        def safe(v: object) -> object:
            risky = isinstance(v, str) and re.search(FORMULA_START, v)
            return "'" + v if risky and not re.search(PLAIN_NUMBER, v) else v  # type: ignore[operator]

        rows = [{k: safe(v) for k, v in row.items()} for row in rows]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=TIDY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def decimal_text(value: Fraction) -> str:
    """A sum of weights exactly, for CSV: a decimal when it is one (a weight has finitely
    many decimals, so a sum of them does), else the fraction."""
    from ..exact import fraction_text

    d = value.denominator
    twos = fives = 0
    while d % 2 == 0:
        d, twos = d // 2, twos + 1
    while d % 5 == 0:
        d, fives = d // 5, fives + 1
    if d != 1:
        return fraction_text(value)
    places = max(twos, fives)
    units = value.numerator * 10**places // value.denominator
    if not places:
        return str(units)
    whole, part = divmod(abs(units), 10**places)
    return f"{'-' if units < 0 else ''}{whole}.{part:0{places}d}"


def _figure(c: Comparison, cls: str, side: str, value: object) -> object:
    """A tidy CSV's figure of `cls` under the standard on `side`: an empty cell where that
    standard cannot give the class (not applicable, never 0)."""
    return value if c.applies(cls, side) else ""


def _cell(c: Comparison, b: str, a: str, value: object) -> object:
    """A tidy CSV's transition matrix cell: empty where base cannot give `b` or alt `a`."""
    return value if c.applies(b, BASE) and c.applies(a, ALT) else ""


def _breakdown_rows(
    section: str, c: Comparison, breakdowns: dict, value: Callable[[Any], object]
) -> list[dict]:
    """The tidy CSV's rows of each breakdown's groups: one a group and class (`value` writes a
    count or a sum of weights; a class a standard cannot give, an empty cell)."""
    return [
        {
            "section": section,
            "by": column,
            "group": " / ".join([*g.within, g.group]),
            "item": cls,
            "base": _figure(c, cls, BASE, value(g.base[cls])),
            "alt": _figure(c, cls, ALT, value(g.alt[cls])),
            "households": value(g.households),
        }
        for column, groups in breakdowns.items()
        for g in groups
        for cls in c.classes
    ]


def _weighted_rows(c: Comparison) -> list[dict]:
    """The tidy CSV's weighted rows (`Comparison.weighted`): the sums of the weights, exact, in
    the sections of the counts with ``weighted_`` before their names."""
    w = c.weighted
    if w is None:
        return []
    rows: list[dict] = []
    for cls in c.classes:
        rows.append(
            {
                "section": "weighted_totals",
                "item": cls,
                "base": _figure(c, cls, BASE, decimal_text(w.totals[cls][BASE])),
                "alt": _figure(c, cls, ALT, decimal_text(w.totals[cls][ALT])),
                "households": decimal_text(w.households),
            }
        )
    for b in c.classes:
        for a in c.classes:
            rows.append(
                {
                    "section": "weighted_matrix",
                    "base_class": b,
                    "alt_class": a,
                    "households": _cell(c, b, a, decimal_text(w.matrix[b][a])),
                }
            )
    rows += _breakdown_rows(
        "weighted_breakdown", c, w.breakdowns, lambda v: decimal_text(Fraction(v))
    )
    for r in w.deprivation_rates:  # a rate rounded as the counted ones; JSON has it exactly
        rows.append(
            {
                "section": "weighted_deprivation_rates",
                "item": r.indicator,
                "base": "" if r.base is None else round(float(r.base), 6),
                "alt": "" if r.alt is None else round(float(r.alt), 6),
            }
        )
    return rows


# ----------------------------------------------------------------------------- the workbook

SHEET_TEXT = {
    "en": {
        "item": "item",
        "value": "value",
        "source": "input",
        "base": "base standard",
        "alt": "alternative standard",
        "rows_read": "rows read",
        "compared": "households compared",
        "rejected": "rows rejected",
        "skipped": "rows skipped (not households)",
        "rejected_because": "rejected cells: {column}: {reason}",
        "worse": "households worse off under {alt}",
        "better": "households better off under {alt}",
        "changed": "households changing class",
        "changes": "changes file",
        "rejects": "rejects file",
        "class": "class",
        "households": "households",
        "weight_sum": "sum of weights",
        "share": "share",
        "difference": "alt - base",
        "corner": "base class \\ alt class",
        "total": "total",
        "changed_short": "changing class",
        "indicator": "indicator",
        "name": "name",
        "kind": "kind",
        "diff_item": "item",
        "diff_name": "name",
        "ratio": "alt / base",
    },
    "vi": {
        "item": "Nội dung",
        "value": "Giá trị",
        "source": "Tệp dữ liệu",
        "base": "Chuẩn gốc",
        "alt": "Chuẩn so sánh",
        "rows_read": "Số dòng đã đọc",
        "compared": "Số hộ đã so sánh",
        "rejected": "Số dòng bị loại",
        "skipped": "Số dòng bỏ qua (không phải hộ)",
        "rejected_because": "Ô bị loại: {column}: {reason}",
        "worse": "Số hộ khó khăn hơn theo {alt}",
        "better": "Số hộ khá hơn theo {alt}",
        "changed": "Số hộ đổi phân loại",
        "changes": "Tệp các hộ đổi phân loại",
        "rejects": "Tệp các dòng bị loại",
        "class": "Phân loại",
        "households": "Số hộ",
        "weight_sum": "Tổng trọng số",
        "share": "Tỷ lệ",
        "difference": "Chênh lệch",
        "corner": "Phân loại theo chuẩn gốc \\ chuẩn so sánh",
        "total": "Tổng",
        "changed_short": "Đổi phân loại",
        "indicator": "Mã chỉ số",
        "name": "Chỉ số",
        "kind": "Loại",
        "diff_item": "Mã",  # an id, as the rates sheet's 'Mã chỉ số'
        "diff_name": "Tên",  # a parameter's, an indicator's or a class's name
        "ratio": "Chuẩn so sánh / chuẩn gốc",
    },
}


def _plain_value(value: object) -> str | None:
    """A value of mixed type as text a sheet reads back as a number when it is one."""
    from decimal import Decimal

    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def to_sheets(
    c: Comparison,
    lang: str = EN,
    models: list[Standard] | None = None,
    headers: dict[str, str] | None = None,
    rules: list[Callable[[str], str]] | None = None,
    as_of: dt.date | None = None,
) -> list:
    """The comparison as the sheets of a workbook, a table each: a summary, households per
    class, the transition matrix, each breakdown, the deprivation rates and the parameter diff.
    Counts are numbers (#,##0), shares fractions shown as percentages (0.00%). The summary
    gives each standard's legal basis (its first reference, from `models`) and the date the
    standards were chosen for (`as_of`), as the report's workbook does; `rules` (base's,
    alt's) write the diff's rules in words."""
    import polars as pl

    from ..io.xlsx import NumberFormat, Sheet

    s = SHEET_TEXT[lang]
    names = Names(models or [], lang, rules)
    n = c.households
    sheets: list[Sheet] = []

    def standard(info) -> str:
        flag = f" [{labels.word('provisional', lang)}]" if info.provisional else ""
        return f"{info.id} ({labels.word('version', lang)} {info.version}){flag}"

    summary: list[tuple[str, object]] = [(s["source"], c.source)]
    if as_of is not None:
        summary.append((labels.report_word("as_of", lang), labels.day(as_of, lang)))
    references = {m.id: m.references[0].title for m in models or [] if m.references}
    for key, info in (("base", c.base), ("alt", c.alt)):
        summary.append((s[key], standard(info)))
        if info.id in references:
            head = f"{labels.report_word('reference', lang)} ({info.id})"
            summary.append((head, references[info.id]))
    acc = c.accounting
    if acc is not None:
        summary += [
            (s["rows_read"], acc.rows_read),
            (s["compared"], acc.processed),
            (s["rejected"], acc.rejected),
            (s["skipped"], acc.skipped),
        ]
        for item, cells in acc.reject_reasons.most_common():
            column, _, reason = item.partition(":")
            column = column_name(column, lang, {**acc.headers, **(headers or {})})
            text = s["rejected_because"].format(
                column=column, reason=labels.reason_text(reason, lang)
            )
            summary.append((text, cells))
    else:
        summary.append((s["compared"], n))
    summary += [
        (s["worse"].format(alt=c.alt.id), c.worse),
        (s["better"].format(alt=c.alt.id), c.better),
        (s["changed"], c.changed),
    ]
    if c.changes_path:
        summary.append((s["changes"], c.changes_path))
    if c.rejects_path:
        summary.append((s["rejects"], c.rejects_path))
    frame = pl.DataFrame(
        {
            s["item"]: [k for k, _ in summary],
            s["value"]: [_plain_value(v) for _, v in summary],
        },
        schema={s["item"]: pl.String, s["value"]: pl.String},
    )
    sheets.append(
        Sheet(labels.sheet_name("summary", lang), frame, {s["value"]: NumberFormat.COUNT})
    )

    base_h = f"{s['households']} ({c.base.id})"
    alt_h = f"{s['households']} ({c.alt.id})"
    base_s, alt_s = f"{s['share']} ({c.base.id})", f"{s['share']} ({c.alt.id})"

    def rate(k: int | None) -> float | None:
        return None if k is None or not n else k / n

    rows = []
    for cls in c.classes:
        b = c.totals[cls][BASE] if cls in c.base_classes else None
        a = c.totals[cls][ALT] if cls in c.alt_classes else None
        diff = None if a is None or b is None else a - b
        rows.append((labels.class_value(cls, lang), b, rate(b), a, rate(a), diff))
    rows.append((s["total"], n, rate(n), n, rate(n), 0))
    columns = [s["class"], base_h, base_s, alt_h, alt_s, s["difference"]]
    types = [pl.String, pl.Int64, pl.Float64, pl.Int64, pl.Float64, pl.Int64]
    frame = pl.DataFrame(rows, schema=dict(zip(columns, types, strict=True)), orient="row")
    shares = {base_s: NumberFormat.SHARE, alt_s: NumberFormat.SHARE}
    sheets.append(Sheet(labels.sheet_name("classes", lang), frame, shares))
    if c.weighted is not None:
        sums_h = [f"{s['weight_sum']} ({c.base.id})", f"{s['weight_sum']} ({c.alt.id})"]
        sheets.append(
            _weighted_sheet(c, lang, [columns[0], sums_h[0], base_s, sums_h[1], alt_s, columns[5]])
        )

    sheets.append(Sheet(labels.sheet_name("matrix", lang), _matrix_frame(c, lang)))
    if c.weighted is not None:
        frame = _matrix_frame(c, lang, weighted=True)
        sums = dict.fromkeys(frame.columns[1:], NumberFormat.MONEY)
        sheets.append(Sheet(labels.sheet_name("weighted_matrix", lang), frame, sums))

    for column in c.breakdowns:
        path = c.breakdown_columns.get(column, [column])
        heads = [_column_word(p, lang) if lang == VI else p for p in path]
        heads = [
            (headers or {}).get(p, h) if h == p else h for p, h in zip(path, heads, strict=True)
        ]
        word = heads[-1]
        if lang == VI and path[-1] in ("province", "district", "commune"):
            word = word.lower()  # Theo huyện, as the screen's title
        frame = _by_frame(c, column, heads, lang)
        sheets.append(Sheet(labels.sheet_name("by", lang, column=word), frame, {}))
        if c.weighted is not None:
            frame = _by_frame(c, column, heads, lang, weighted=True)
            sums = dict.fromkeys(frame.columns[len(heads) :], NumberFormat.MONEY)
            name = labels.sheet_name("weighted_by", lang, column=word)
            sheets.append(Sheet(name, frame, sums))

    for weighted in (False, True) if c.weighted is not None else (False,):
        rates: list = c.weighted.deprivation_rates if weighted else c.deprivation_rates  # type: ignore[union-attr]
        frame = pl.DataFrame(
            {
                s["indicator"]: [r.indicator for r in rates],
                s["name"]: [names.indicators.get(r.indicator, r.indicator) for r in rates],
                c.base.id: [None if r.base is None else float(r.base) for r in rates],
                c.alt.id: [None if r.alt is None else float(r.alt) for r in rates],
            },
            schema={
                s["indicator"]: pl.String,
                s["name"]: pl.String,
                c.base.id: pl.Float64,
                c.alt.id: pl.Float64,
            },
        )
        rates_formats = {c.base.id: NumberFormat.SHARE, c.alt.id: NumberFormat.SHARE}
        key = "weighted_rates" if weighted else "rates"
        sheets.append(Sheet(labels.sheet_name(key, lang), frame, rates_formats))

    frame = pl.DataFrame(
        {
            s["kind"]: [labels.diff_kind(d.kind, lang) for d in c.parameter_diff],
            s["diff_item"]: [d.item for d in c.parameter_diff],
            s["diff_name"]: [names.item(d) if lang == VI else d.item for d in c.parameter_diff],
            c.base.id: [_plain_value(names.value(d, 0)) for d in c.parameter_diff],
            c.alt.id: [_plain_value(names.value(d, 1)) for d in c.parameter_diff],
            s["ratio"]: [d.ratio for d in c.parameter_diff],
        },
        schema={
            s["kind"]: pl.String,
            s["diff_item"]: pl.String,
            s["diff_name"]: pl.String,
            c.base.id: pl.String,
            c.alt.id: pl.String,
            s["ratio"]: pl.Float64,
        },
    )
    if lang != VI:
        frame = frame.drop(s["diff_name"])
    diff_formats = {
        c.base.id: NumberFormat.MONEY,
        c.alt.id: NumberFormat.MONEY,
        s["ratio"]: NumberFormat.DECIMAL,
    }
    sheets.append(Sheet(labels.sheet_name("diff", lang), frame, diff_formats))
    return sheets


def _matrix_frame(c: Comparison, lang: str, weighted: bool = False):
    """The transition matrix as a sheet's table: households (`weighted`: the sums of their
    weights, as floats) from each base class (rows) to each alt class (columns), with totals."""
    import polars as pl

    s = SHEET_TEXT[lang]
    matrix, totals, whole = c.matrix, c.totals, c.matrix_total
    if weighted:
        assert c.weighted is not None
        w = c.weighted
        matrix, totals, whole = w.matrix, w.totals, w.households  # type: ignore[assignment]
    value = float if weighted else int
    frame = {s["corner"]: [labels.class_value(b, lang) for b in c.base_classes] + [s["total"]]}
    for a in c.alt_classes:
        frame[labels.class_value(a, lang)] = [value(matrix[b][a]) for b in c.base_classes] + [
            value(totals[a][ALT])
        ]
    frame[s["total"]] = [value(totals[b][BASE]) for b in c.base_classes] + [value(whole)]
    return pl.DataFrame(frame)


def _by_frame(c: Comparison, column: str, heads: list[str], lang: str, weighted: bool = False):
    """A --by breakdown as a sheet's table: each group's path (`heads`), its households, each
    class under base and alt, and the moves; `weighted`, the sums of the weights (floats)."""
    import polars as pl

    s = SHEET_TEXT[lang]
    groups = c.breakdowns[column]
    if weighted:
        assert c.weighted is not None
        groups = c.weighted.breakdowns[column]
    # a weighted sheet's sums are no households: headed so a reader never takes them for counts
    counts: dict[str, list] = {s["weight_sum" if weighted else "households"]: []}
    for cls in c.classes:
        counts[f"{labels.class_value(cls, lang)} ({c.base.id})"] = []
        counts[f"{labels.class_value(cls, lang)} ({c.alt.id})"] = []
    for key in (labels.word("worse", lang), labels.word("better", lang), s["changed_short"]):
        counts[key] = []
    # a group column headed as a count is ('--by Households'), as headers are matched, is
    # headed 'Households (group)': never two columns of one name, nor a group column lost
    shown: list[str] = []
    for h in heads:
        shown.append(apart(h, [*counts, *shown], labels.word("group", lang)))
    data: dict[str, list] = {h: [] for h in shown}
    for g in groups:
        for h, v in zip(shown, [*g.within, g.group], strict=False):
            data[h].append(v)
        values = [g.households]
        for cls in c.classes:  # a class a standard cannot give: an empty cell
            values += [g.base[cls] if c.applies(cls, BASE) else None]
            values += [g.alt[cls] if c.applies(cls, ALT) else None]
        values += [g.worse, g.better, g.changed]
        for key, v in zip(counts, values, strict=True):
            counts[key].append(float(v) if weighted and v is not None else v)
    number = pl.Float64 if weighted else pl.Int64
    return pl.DataFrame(
        {**data, **counts},
        schema={**dict.fromkeys(data, pl.String), **dict.fromkeys(counts, number)},
    )


def _weighted_sheet(c: Comparison, lang: str, columns: list[str]):
    """The households-per-class sheet with the sums of the weights (numbers: a workbook's
    cells are floats; the JSON and CSV give them exactly)."""
    import polars as pl

    from ..io.xlsx import NumberFormat, Sheet

    assert c.weighted is not None
    w, s = c.weighted, SHEET_TEXT[lang]

    def rate(v: Fraction | None) -> float | None:
        return None if v is None or not w.households else float(v / w.households)

    rows = []
    for cls in c.classes:
        b = w.totals[cls][BASE] if cls in c.base_classes else None
        a = w.totals[cls][ALT] if cls in c.alt_classes else None
        rows.append(
            (
                labels.class_value(cls, lang),
                None if b is None else float(b),
                rate(b),
                None if a is None else float(a),
                rate(a),
                None if a is None or b is None else float(a - b),
            )
        )
    n = float(w.households)
    rows.append((s["total"], n, rate(w.households), n, rate(w.households), 0.0))
    types = [pl.String, *([pl.Float64] * 5)]
    frame = pl.DataFrame(rows, schema=dict(zip(columns, types, strict=True)), orient="row")
    formats = {h: NumberFormat.MONEY for h in (columns[1], columns[3], columns[5])}
    formats.update({columns[2]: NumberFormat.SHARE, columns[4]: NumberFormat.SHARE})
    return Sheet(labels.sheet_name("weighted_classes", lang), frame, formats)


def accounting_rows(c: Comparison) -> list[dict]:
    """The tidy CSV's rows on where the input's rows went (and why rows were rejected)."""
    acc = c.accounting
    if acc is None:
        return []
    rows = [
        {"section": "accounting", "item": item, "households": value}
        for item, value in (
            ("rows_read", acc.rows_read),
            ("compared", acc.processed),
            ("rejected", acc.rejected),
            ("skipped", acc.skipped),
        )
    ]
    for item, cells in acc.reject_reasons.most_common():
        rows.append({"section": "reject_reasons", "item": item, "households": cells})
    return rows
