"""Renderings of the Alkire-Foster measures: a rich report, JSON, tidy CSV and an XLSX workbook."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from .. import labels
from ..exact import fraction_text
from ..measures.alkire_foster import GroupResult, Measures, to_dict
from ..text import plural
from .common import shown_path, styled, styled_format
from .render import TEXT, accounting, weighted_count

if TYPE_CHECKING:
    from ..io.xlsx import Sheet

GROUP_ROWS = 25


def _vi(text: str, lang: str) -> str:
    """A number written the Vietnamese way under --lang vi: 0,2829, 1.234, 49,88%."""
    if lang != labels.VI:
        return text
    return text.translate(str.maketrans({",": ".", ".": ","}))


def _ratio(value: Fraction | None, places: int = 4, lang: str = labels.EN) -> str:
    return "—" if value is None else _vi(f"{float(value):.{places}f}", lang)


def _pct(value: Fraction | None, lang: str = labels.EN) -> str:
    # `labels.percent`: a ratio that is not 0 never shows as 0.00% (`<0.01%`)
    return "—" if value is None else labels.percent(value, lang)


def _population(value: Fraction, lang: str = labels.EN) -> str:
    """A population: a count, or a sum of weights as every command shows one on screen."""
    return weighted_count(value, lang)


def _k_title(r: GroupResult, lang: str = labels.EN) -> str:
    """'k = 0.25 = 1/4': as written, then exactly; under --lang vi in the Vietnamese way
    (``1.000`` would read as a thousand there: ``k = 1,000 = 1``), a decimal comma as written."""
    text = r.k.text
    if lang == labels.VI and not (text.count(",") == 1 and "." not in text):
        text = _vi(text, lang)
    exact = fraction_text(r.k.value)
    written = "" if exact == text else f" = {exact}"
    return f"k = {text}{written}"


def _unit(m: Measures, lang: str) -> str:
    """What the population counts, in words: households or people."""
    return labels.measures_word(f"unit_{m.count.value}", lang)


class Names:
    """How the tables name indicators and dimensions: their ids (en), or the standard's
    Vietnamese labels (vi) where it gives them; and the --by columns and their groups:
    `columns` maps a column to its header and its type ('area', 'boolean'...; None for a
    column of the user's own), as classify's Vietnamese output writes them."""

    def __init__(
        self,
        lang: str = labels.EN,
        vi: dict[str, str] | None = None,
        columns: dict[str, tuple[str, str | None]] | None = None,
    ) -> None:
        self.lang, self.vi, self.columns = lang, vi or {}, columns or {}

    def __call__(self, key: str) -> str:
        return self.vi.get(key, key) if self.lang == labels.VI else key

    def group(self, by: str, value: str | None) -> str:
        """'area = rural'; in Vietnamese 'Khu vực = Nông thôn', 'Huyện = Ba Chẽ'."""
        header, ctype = self.columns.get(by, (by, None))
        if not value:
            shown = labels.measures_word("blank", self.lang)
        elif self.lang != labels.VI:
            shown = value
        elif ctype == "area":
            shown = labels.area_value(value, self.lang)
        elif ctype == "boolean" and value in ("true", "false"):
            shown = labels.yes_no(value == "true", self.lang)
        else:
            shown = value
        return f"{header} = {shown}"


def _summary(
    m: Measures, k_results: list[GroupResult], lang: str = labels.EN, names: Names | None = None
) -> Table:
    name = names or Names(lang)

    def w(key: str, **fields: object) -> str:
        return labels.measures_word(key, lang, **fields)

    whole = k_results[0]
    table = Table(title=w("k_title", k=_k_title(whole, lang)), title_justify="left")
    shows_population = bool(m.weight) or m.count.value == "people"
    unit = _unit(m, lang)
    heads = [
        w("rows"),
        *([w("population_head", unit=unit)] if shows_population else []),
        w("pop_share", unit=unit),
        "H",
        "A",
        "M0",
        "% M0",
    ]

    def cells(r: GroupResult, label: str) -> list[str]:
        row = [label, labels.count(r.rows, lang)]
        if shows_population:
            row.append(_population(r.population, lang))
        row += [
            "" if r.by is None else _pct(r.population_share, lang),
            _ratio(r.H, lang=lang),
            _ratio(r.A, lang=lang),
            _ratio(r.M0, lang=lang),
            "" if r.by is None else _pct(r.M0_share, lang),
        ]
        return row

    rows = [cells(whole, w("all"))]
    shown: dict[str, int] = {}
    hidden = 0
    for r in k_results[1:]:
        assert r.by is not None
        shown[r.by] = shown.get(r.by, 0) + 1
        if shown[r.by] > GROUP_ROWS:
            hidden += 1
            continue
        rows.append(cells(r, name.group(r.by, r.group)))
    # the figures keep their width; a long group name folds
    table.add_column(w("group"), overflow="fold")
    for i, head in enumerate(heads, 1):
        width = max(len(head), *(len(row[i]) for row in rows))
        table.add_column(head, justify="right", no_wrap=True, min_width=width)
    for i, row in enumerate(rows):
        table.add_row(*row, style="bold" if i == 0 else None, end_section=i == 0)
    if hidden:
        table.caption = w(
            "more_groups", n=labels.count(hidden, lang), groups=plural(hidden, "group")
        )
    return table


def _indicators(
    m: Measures, whole: GroupResult, lang: str = labels.EN, names: Names | None = None
) -> Table:
    def w(key: str, **fields: object) -> str:
        return labels.measures_word(key, lang, **fields)

    name = names or Names()
    table = Table(
        title=w("indicators_title", k=_k_title(whole, lang), unit=_unit(m, lang)),
        title_justify="left",
    )
    table.add_column(w("indicator"), overflow="fold")
    table.add_column(w("dimension"), overflow="fold")
    for head in (w("weight"), w("uncensored"), w("censored"), w("contribution")):
        table.add_column(head, justify="right", no_wrap=True, min_width=len(head))
    for ind in m.indicators:
        table.add_row(
            name(ind.id),
            name(ind.dimension),
            fraction_text(ind.weight),
            _pct(whole.uncensored_headcount[ind.id], lang),
            _pct(whole.censored_headcount[ind.id], lang),
            _pct(whole.contribution[ind.id], lang),
        )
    for dim in m.dimensions:
        weight = sum((i.weight for i in m.indicators if i.dimension == dim), Fraction(0))
        table.add_row(
            w("whole_dimension"),
            styled((name(dim), "bold")),
            fraction_text(weight),
            "",
            "",
            _pct(whole.dimension_contribution[dim], lang),
        )
    return table


def report(
    m: Measures,
    console: Console,
    lang: str = "en",
    headers: dict[str, str] | None = None,
    names: Names | None = None,
) -> None:
    """The measures' tables, then the rows' accounting, in `lang`: indicators and dimensions
    named by `names`, the accounting's columns as the file names them (`headers`)."""

    def w(key: str, **fields: object) -> str:
        return labels.measures_word(key, lang, **fields)

    s = m.standard
    console.print(
        styled_format(
            w("title"),
            id=(s.id, "bold"),
            version=s.version,
            rows=labels.count(m.accounting.processed, lang),
            rows_word=plural(m.accounting.processed, "row"),
            source=m.source,
        )
    )
    if m.count.value == "people":
        times = w("times_weight", weight=m.weight) if m.weight else ""
        how = w("people_members" if m.members is not None else "people_size", times=times)
    else:
        how = w("sum_weights", weight=m.weight) if m.weight else w("one_per_row")
    console.print(styled(w("population", how=how, missing=w(f"missing_{m.missing.value}"))))
    for k in m.cutoffs:
        k_results = [r for r in m.results if r.k is k]
        console.print(_summary(m, k_results, lang, names))
        console.print(_indicators(m, k_results[0], lang, names))
    whole = m.results[0]
    undecided = {i: n for i, n in whole.missing.items() if n}
    if undecided:
        name = names or Names()
        how = w("reweighted" if m.missing.value == "reweight" else "not_deprived")
        items = ", ".join(
            w("undecided_item", id=name(i), n=labels.count(n, lang), rows=plural(n, "row"))
            for i, n in undecided.items()
        )
        members = w("undecided_members") if m.members is not None else ""
        console.print(styled(w("undecided", members=members, how=how, items=items)))
        if m.missing.value == "reweight":  # the weights shown are not those these rows used
            console.print(styled(w("reweight_note")))
    console.print(w("legend", unit=_unit(m, lang)))
    accounting(
        m.accounting,
        console,
        processed="measured",
        lang=lang,
        headers=headers,
        rejects_file=bool(m.rejects_path),
    )
    if m.rejects_path:
        console.print(TEXT[lang]["rejects"].format(path=shown_path(m.rejects_path)))


def to_json(m: Measures) -> str:
    return json.dumps(to_dict(m), ensure_ascii=False, indent=2) + "\n"


TIDY_COLUMNS = ["k", "k_exact", "k_text", "by", "group", "statistic", "item", "value", "exact"]
_SCALARS = ("rows", "population", "population_share", "H", "A", "M0", "M0_share")
_BY_ITEM = (
    "uncensored_headcount",
    "censored_headcount",
    "contribution",
    "dimension_contribution",
    "missing",
)


def _value(exact: Fraction | None) -> str | int | float:
    if exact is None:
        return ""
    return exact.numerator if exact.denominator == 1 else float(exact)


def _tidy_rows(m: Measures) -> list[dict]:
    rows: list[dict] = []
    for r in m.results:
        base = {
            "k": float(r.k.value),
            "k_exact": fraction_text(r.k.value),
            "k_text": r.k.text,
            "by": r.by or "",
            "group": "" if r.group is None else r.group,
        }
        for name in _SCALARS:
            if name in ("population_share", "M0_share") and r.by is None:
                continue
            value = getattr(r, name)
            exact = Fraction(value) if isinstance(value, int) else value
            rows.append(
                {
                    **base,
                    "statistic": name,
                    "item": "",
                    "value": _value(exact),
                    "exact": "" if exact is None else fraction_text(exact),
                }
            )
        for name in _BY_ITEM:
            for item, value in getattr(r, name).items():
                exact = Fraction(value) if isinstance(value, int) else value
                rows.append(
                    {
                        **base,
                        "statistic": name,
                        "item": item,
                        "value": _value(exact),
                        "exact": "" if exact is None else fraction_text(exact),
                    }
                )
    return rows


def to_csv(m: Measures) -> str:
    """Every figure as a tidy row: k, by, group, statistic, item (indicator or dimension),
    value and its exact fraction."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=TIDY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(_tidy_rows(m))
    return buf.getvalue()


def to_sheets(m: Measures) -> list[Sheet]:
    """The workbook's sheets, a sheet per table: measures, one sheet per indicator statistic,
    dimension contributions, indicators (weights) and accounting."""
    head = ["k", "k_exact", "k_text", "by", "group"]

    def key(r: GroupResult) -> list:
        return [float(r.k.value), fraction_text(r.k.value), r.k.text, r.by or "", r.group or ""]

    def num(value: Fraction | int | None):
        return None if value is None else float(value)

    def exact(value: Fraction | int | None) -> str:
        return "" if value is None else fraction_text(Fraction(value))

    sheets: dict[str, list[list]] = {}
    scalars = ["population_share", "H", "A", "M0", "M0_share"]
    sheets["measures"] = [
        [*head, "rows", "population", *scalars, *(f"{s}_exact" for s in scalars)]
    ] + [
        [
            *key(r),
            r.rows,
            num(r.population),
            *(num(getattr(r, s)) for s in scalars),
            *(exact(getattr(r, s)) for s in scalars),
        ]
        for r in m.results
    ]
    ids = [i.id for i in m.indicators]
    for name in ("censored_headcount", "uncensored_headcount", "contribution", "missing"):
        sheets[name] = [[*head, *ids]] + [
            [*key(r), *(num(getattr(r, name)[i]) for i in ids)] for r in m.results
        ]
    sheets["dimension_contribution"] = [[*head, *m.dimensions]] + [
        [*key(r), *(num(r.dimension_contribution[d]) for d in m.dimensions)] for r in m.results
    ]
    sheets["indicators"] = [["indicator", "dimension", "weight", "weight_exact"]] + [
        [i.id, i.dimension, float(i.weight), fraction_text(i.weight)] for i in m.indicators
    ]
    acc = m.accounting
    sheets["accounting"] = [
        ["item", "rows"],
        ["rows_read", acc.rows_read],
        ["measured", acc.processed],
        ["rejected", acc.rejected],
        *([f"rejected cells: {item}", n] for item, n in acc.reject_reasons.most_common()),
    ]
    return [_sheet(name, rows) for name, rows in sheets.items()]


def _sheet(name: str, rows: list[list]) -> Sheet:
    """A table (header row first) as a sheet of mdpoverty's workbooks; exact values (``1/4``)
    stay text."""
    import polars as pl

    from ..io.xlsx import NumberFormat, Sheet

    header, body = rows[0], rows[1:]
    columns = {h: [row[i] for row in body] for i, h in enumerate(header)}
    frame = pl.DataFrame(columns, strict=False)
    text = {h: NumberFormat.TEXT for h in header if h.endswith("_exact") or h == "k_text"}
    return Sheet(name, frame, text)
