"""Renderings of a Comparison: a rich report, JSON (the same structure), tidy CSV."""

from __future__ import annotations

import csv
import io
import json

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..compare.comparison import ALT, BASE, Comparison
from ..standard.diff import DiffRow
from .render import CLASS_LABELS, accounting, share

SHORT = {"poor": "poor", "near_poor": "near-poor", "average": "average", "not_poor": "not poor"}
BREAKDOWN_ROWS = 25


def diff_table(rows: list[DiffRow], base: str, alt: str) -> Table:
    table = Table(title=f"What differs: {base} → {alt}", title_justify="left")
    table.add_column("item", no_wrap=True)
    table.add_column(base)
    table.add_column(alt)
    table.add_column("alt / base", justify="right", no_wrap=True)
    for row in rows:
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else ""
        table.add_row(escape(row.item), escape(row.base or "—"), escape(row.alt or "—"), ratio)
    if not rows:
        table.add_row("(nothing)", "", "", "")
    return table


def _totals(c: Comparison) -> Table:
    n = c.households
    table = Table(
        title=f"Households per class ({BASE} = {c.base.id}, {ALT} = {c.alt.id})",
        title_justify="left",
    )
    table.add_column("class", no_wrap=True)
    for head in (BASE, "%", ALT, "%", "alt - base"):
        table.add_column(head, justify="right", no_wrap=True)
    for cls in c.classes:
        b, a = c.totals[cls][BASE], c.totals[cls][ALT]
        b_cells = [f"{b:,}", share(b, n)] if cls in c.base_classes else ["—", ""]
        a_cells = [f"{a:,}", share(a, n)] if cls in c.alt_classes else ["—", ""]
        table.add_row(CLASS_LABELS[cls], *b_cells, *a_cells, f"{a - b:+,}")
    table.add_row("total", f"{n:,}", share(n, n), f"{n:,}", share(n, n), "+0", style="bold")
    return table


def _matrix(c: Comparison) -> Table:
    n = c.households
    table = Table(
        title=f"Transition matrix: rows {c.base.id}, columns {c.alt.id} (households, % of all)",
        title_justify="left",
    )
    table.add_column(f"{BASE} ↓  {ALT} →", no_wrap=True)
    for cls in c.alt_classes:
        table.add_column(SHORT[cls], justify="right", no_wrap=True)
    table.add_column("total", justify="right", no_wrap=True)
    for b in c.base_classes:
        cells = [f"{c.matrix[b][a]:,}\n{share(c.matrix[b][a], n)}" for a in c.alt_classes]
        total = c.totals[b][BASE]
        table.add_row(SHORT[b], *cells, f"{total:,}\n{share(total, n)}", end_section=True)
    table.add_row(
        "total",
        *(f"{c.totals[a][ALT]:,}\n{share(c.totals[a][ALT], n)}" for a in c.alt_classes),
        f"{c.matrix_total:,}",
        style="bold",
    )
    return table


def _breakdown(c: Comparison, column: str) -> Table:
    rows = c.breakdowns[column]
    poorish = [cls for cls in ("poor", "near_poor") if cls in c.classes]
    # group names are cells of the user's file, and the column is theirs: text, never markup
    title = f"By {escape(column)} (groups that change most first)"
    table = Table(title=title, title_justify="left")
    table.add_column(escape(column), no_wrap=True)
    table.add_column("households", justify="right")
    for cls in poorish:
        table.add_column(f"{SHORT[cls]} {BASE}", justify="right")
        table.add_column(f"{SHORT[cls]} {ALT}", justify="right")
    table.add_column("worse", justify="right")
    table.add_column("better", justify="right")
    for g in rows[:BREAKDOWN_ROWS]:
        cells = [v for cls in poorish for v in (f"{g.base[cls]:,}", f"{g.alt[cls]:,}")]
        table.add_row(
            escape(g.group) if g.group else "(blank)",
            f"{g.households:,}",
            *cells,
            f"{g.worse:,}",
            f"{g.better:,}",
        )
    if len(rows) > BREAKDOWN_ROWS:
        table.caption = f"{len(rows) - BREAKDOWN_ROWS} more groups in --format json or csv"
    return table


def _rates(c: Comparison) -> Table:
    table = Table(title="Deprivation rates (% of households)", title_justify="left")
    table.add_column("indicator", no_wrap=True)
    table.add_column(c.base.id, justify="right")
    table.add_column(c.alt.id, justify="right")
    for r in c.deprivation_rates:
        table.add_row(
            r.indicator,
            "—" if r.base is None else f"{100 * r.base:.2f}%",
            "—" if r.alt is None else f"{100 * r.alt:.2f}%",
        )
    return table


def report(c: Comparison, console: Console) -> None:
    def named(s) -> str:
        flag = " [bold yellow]\\[PROVISIONAL][/]" if s.provisional else ""
        return f"[bold]{s.id}[/] (version {escape(s.version)}){flag}"

    console.print(
        f"{named(c.base)} → {named(c.alt)} on {c.households:,} households from {escape(c.source)}"
    )
    console.print(diff_table(c.parameter_diff, c.base.id, c.alt.id))
    console.print(_totals(c))
    console.print(_matrix(c))
    console.print(
        f"{c.worse:,} households are worse off under {c.alt.id}, {c.better:,} better off; "
        f"{c.changed:,} change class in all."
    )
    for column in c.breakdowns:
        console.print(_breakdown(c, column))
    console.print(_rates(c))
    if c.accounting is not None:
        accounting(c.accounting, console, processed="compared")
    ok = "[green]✓[/]" if c.matrix_total == c.households else "[bold red]✗[/]"
    console.print(f"{ok} matrix cells add up to {c.matrix_total:,} = households compared")
    if c.changes_path:
        console.print(f"changes: {c.changes_path}")


def to_json(c: Comparison) -> str:
    return json.dumps(c.to_dict(), ensure_ascii=False, indent=2)


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


def to_csv(c: Comparison) -> str:
    """Every table as tidy rows: one observation per row, one column per variable."""
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
                "base": c.totals[cls][BASE],
                "alt": c.totals[cls][ALT],
            }
        )
    for b in c.classes:
        for a in c.classes:
            rows.append(
                {"section": "matrix", "base_class": b, "alt_class": a, "households": c.matrix[b][a]}
            )
    for column, groups in c.breakdowns.items():
        for g in groups:
            for cls in c.classes:
                rows.append(
                    {
                        "section": "breakdown",
                        "by": column,
                        "group": g.group,
                        "item": cls,
                        "base": g.base[cls],
                        "alt": g.alt[cls],
                        "households": g.households,
                    }
                )
    for r in c.deprivation_rates:
        rows.append(
            {
                "section": "deprivation_rates",
                "item": r.indicator,
                "base": "" if r.base is None else r.base,
                "alt": "" if r.alt is None else r.alt,
            }
        )
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=TIDY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()
