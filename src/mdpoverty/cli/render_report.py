"""The report on screen: rich tables of the grand totals and of the units (as many levels as fit),
the standards side by side when there are several. The files (-o) hold every table in full."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..report.labels import short, word
from ..report.summary import (
    MOVEMENTS,
    SECTIONS,
    Report,
    Row,
    StandardReport,
    check_identities,
)
from .render import accounting, reason_text, share

# unit rows shown on screen; deeper levels are left to the file when there are more
SCREEN_ROWS = 60
_OF_WHICH = {"poor_to_near_poor", "absent_poor", "absent_near_poor", "new_poor", "new_near_poor"}


def _levels_that_fit(report: Report, rows: list[Row]) -> int:
    depth = len(report.by)
    while depth > 0 and sum(1 for r in rows if r.level <= depth) > SCREEN_ROWS:
        depth -= 1
    return depth


def _unit_label(report: Report, row: Row, lang: str) -> str:
    if row.level == 0:
        return word("total", lang)
    name = row.path[-1]
    text = word("blank_unit", lang) if name is None else escape(name)
    return "  " * (row.level - 1) + text


def _n(value: int) -> str:
    return f"{value:,}"


def _cell(n: int, whole: int) -> str:
    return f"{n:,} ({share(n, whole)})" if whole else f"{n:,}"


def _fill(table: Table, body: list[tuple[list[str], str | None]]) -> Table:
    """Add the rows, keeping every column but the first as wide as its widest cell: numbers
    are never cut short; unit names wrap instead."""
    for i, column in enumerate(table.columns):
        header = max((len(line) for line in str(column.header).splitlines()), default=0)
        widest = max([header, *(len(cells[i]) for cells, _ in body)])
        if i == 0:
            column.no_wrap = False
            widest = min(widest, 20)
        column.min_width = widest
    for cells, style in body:
        table.add_row(*cells, style=style)
    return table


def _shown(rep: StandardReport) -> list[str]:
    return [c for c in rep.classes if c != "not_poor"]


def units_table(report: Report, lang: str) -> tuple[Table, str | None]:
    """Households per class by unit, all areas; several standards side by side."""
    reps = report.reports
    rows = reps[0].households["all"]
    depth = _levels_that_fit(report, rows)
    several = len(reps) > 1
    title = word("title_households", lang) + f" · {word('all', lang)}"
    if not several:
        title += f" · {escape(reps[0].standard.id)}"
    table = Table(title=title, title_justify="left")
    table.add_column(word("unit", lang), no_wrap=True)
    table.add_column(word("households", lang), justify="right", no_wrap=True)
    for rep in reps:
        for cls in _shown(rep):
            label = short(cls, lang) + (f"\n{escape(rep.standard.id)}" if several else "")
            table.add_column(label, justify="right", no_wrap=True)
    body: list[tuple[list[str], str | None]] = []
    for i, row in enumerate(rows):
        if row.level > depth:
            continue
        cells = [_unit_label(report, row, lang), _n(row.values["households"])]
        for rep in reps:
            values = rep.households["all"][i].values
            cells += [_cell(values[cls], values["households"]) for cls in _shown(rep)]
        body.append((cells, "bold" if row.level < depth or row.level == 0 else None))
    _fill(table, body)
    note = None
    if depth < len(report.by):
        hidden = ", ".join(report.by[depth:])
        units = sum(1 for r in rows if r.level == len(report.by))
        note = (
            f"({hidden} not shown: {units:,} units at the lowest level; every unit is in the"
            " -o file: -o report.xlsx)"
        )
    return table, note


def areas_table(report: Report, lang: str) -> Table:
    several = len(report.reports) > 1
    table = Table(
        title=f"{word('title_households', lang)} · {word('urban', lang)} / {word('rural', lang)}",
        title_justify="left",
    )
    table.add_column(word("area", lang), no_wrap=True)
    table.add_column(word("households", lang), justify="right", no_wrap=True)
    for rep in report.reports:
        for cls in _shown(rep):
            label = short(cls, lang) + (f"\n{escape(rep.standard.id)}" if several else "")
            table.add_column(label, justify="right", no_wrap=True)
    body: list[tuple[list[str], str | None]] = []
    for section in SECTIONS:
        total = report.reports[0].households[section][-1].values
        cells = [word(section, lang), _n(total["households"])]
        for rep in report.reports:
            values = rep.households[section][-1].values
            cells += [_cell(values[cls], values["households"]) for cls in _shown(rep)]
        body.append((cells, "bold" if section == "all" else None))
    return _fill(table, body)


def ethnic_table(report: Report, lang: str) -> Table:
    """Ethnic-minority households by area: in all, and in each class (% of them)."""
    several = len(report.reports) > 1
    table = Table(title=word("title_ethnic", lang), title_justify="left")
    table.add_column(word("area", lang), no_wrap=True)
    table.add_column(short("em_households", lang), justify="right", no_wrap=True)
    for rep in report.reports:
        for cls in _shown(rep):
            label = short(cls, lang) + (f"\n{escape(rep.standard.id)}" if several else "")
            table.add_column(label, justify="right", no_wrap=True)
    body: list[tuple[list[str], str | None]] = []
    for section in SECTIONS:
        total = report.reports[0].households[section][-1].values
        cells = [word(section, lang), _cell(total["em_households"], total["households"])]
        for rep in report.reports:
            values = rep.households[section][-1].values
            cells += [_cell(values[f"em_{c}"], values["em_households"]) for c in _shown(rep)]
        body.append((cells, "bold" if section == "all" else None))
    return _fill(table, body)


def deprivation_table(rep: StandardReport, lang: str) -> Table:
    table = Table(
        title=f"{word('title_deprivation', lang)} · {escape(rep.standard.id)}",
        title_justify="left",
    )
    table.add_column(word("indicator", lang))
    classes = [c for c in ("poor", "near_poor") if c in rep.deprivation]
    for cls in classes:
        table.add_column(short(cls, lang), justify="right", no_wrap=True)
    totals = {cls: rep.deprivation[cls]["all"][-1].values for cls in classes}
    body: list[tuple[list[str], str | None]] = []
    for ind in rep.indicators:
        en, vi = rep.indicator_labels[ind]
        cells = [escape(vi if lang == "vi" else en)]
        cells += [_cell(totals[c][ind], totals[c]["households"]) for c in classes]
        body.append((cells, None))
    cells = [word("households", lang), *(_n(totals[c]["households"]) for c in classes)]
    body.append((cells, "bold"))
    return _fill(table, body)


def movements_table(rep: StandardReport, lang: str) -> Table:
    assert rep.movements is not None
    table = Table(
        title=f"{word('title_movements', lang)} · {escape(rep.standard.id)}", title_justify="left"
    )
    table.add_column("", no_wrap=True)
    for section in SECTIONS:
        table.add_column(word(section, lang), justify="right")
    totals = {s: rep.movements[s][-1].values for s in SECTIONS}
    bold = {"poor_before", "near_poor_before", "poor_now", "near_poor_now"}
    body: list[tuple[list[str], str | None]] = []
    for key in MOVEMENTS:
        indent = "  " if key in _OF_WHICH else ""
        cells = [indent + word(key, lang), *(_n(totals[s][key]) for s in SECTIONS)]
        body.append((cells, "bold" if key in bold else None))
    return _fill(table, body)


def render(report: Report, console: Console, lang: str = "en") -> None:
    reps = report.reports
    ids = ", ".join(escape(rep.standard.id) for rep in reps)
    console.print(
        f"Report on {report.accounting.processed:,} households from {escape(report.source)} "
        f"under {ids} (in force on {report.as_of}), run {report.run_date}"
    )
    for rep in reps:
        if rep.standard.provisional:
            console.print(f"[yellow]note:[/] {escape(rep.standard.id)} is PROVISIONAL")
    table, note = units_table(report, lang)
    console.print(table)
    if note:
        console.print(note)
    console.print(areas_table(report, lang))
    if report.ethnic:
        console.print(ethnic_table(report, lang))
    for rep in reps:
        console.print(deprivation_table(rep, lang))
    for rep in reps:
        if rep.movements is not None:
            console.print(movements_table(rep, lang))
    summary(report, console)


def summary(report: Report, console: Console) -> None:
    """The reconciliations: rows read, the previous list, the movements' identities."""
    accounting(report.accounting, console, processed="reported")
    for rep in report.reports:
        total = rep.total
        mark = "[green]✓[/]" if total == report.accounting.processed else "[bold red]✗[/]"
        console.print(
            f"{mark} {escape(rep.standard.id)}: grand total {total:,} = households reported"
        )
    prev = report.previous
    if prev is not None:
        mark = "[green]✓[/]" if prev.reconciled else "[bold red]✗ DOES NOT RECONCILE[/]"
        console.print(
            f"{mark} previous list {escape(prev.source)}: rows read {prev.rows_read:,} = used "
            f"{prev.used:,} + rejected {prev.rejected:,}; on both lists {prev.matched:,}, "
            f"absent now {prev.absent:,}, new to this list {prev.new:,}"
        )
        for item, n in prev.reject_reasons.most_common():
            column, reason = reason_text(item)
            console.print(f"  previous list, column '{escape(column)}': {reason}: {n:,} rows")
        for ex in prev.reject_examples[:10]:
            value = f" ({escape(repr(ex.value))})" if ex.value not in (None, "") else ""
            console.print(
                f"  previous list row {ex.row}, column '{escape(ex.column)}': "
                f"{reason_text(ex.column + ':' + ex.reason)[1]}{value}"
            )
        for rep in report.reports:
            if rep.movements is None:
                continue
            rows = [r for s in SECTIONS for r in rep.movements[s]]
            ok = all(check_identities(r) for r in rows)
            mark = "[green]✓[/]" if ok else "[bold red]✗[/]"
            console.print(
                f"{mark} {escape(rep.standard.id)}: in every unit, poor now = poor before - escaped"
                " - absent + newly poor (and so for near-poor)"
            )
    if report.rejects_path:
        console.print(f"rejects: {escape(report.rejects_path)}")
    if report.previous_rejects_path:
        console.print(f"previous list's rejects: {escape(report.previous_rejects_path)}")
