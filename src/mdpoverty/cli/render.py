"""Rich renderings of the core's result structures."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..run.pipeline import Accounting, ClassCounts, ClassifyResult

CLASS_LABELS = {
    "poor": "poor · nghèo",
    "near_poor": "near-poor · cận nghèo",
    "average": "average · trung bình",
    "not_poor": "not poor · không nghèo",
}
REASON_TEXT = {
    "missing_value": "missing value",
    "not_a_number": "not a number",
    "not_an_integer": "not a whole number",
    "ambiguous_number": "ambiguous number (thousands or decimals?) or more than 2 decimals",
    "out_of_range": "out of range",
    "more_than_household_size": "more than the household's size",
    "unknown_category": "unknown category",
    "not_true_false": "not true/false (có/không, 1/0, x, yes/no)",
    "duplicate_id": "household_id appears more than once",
}


def share(n: int, total: int) -> str:
    return f"{100 * n / total:.2f}%" if total else "-"


def counts_table(counts: ClassCounts) -> Table:
    s = counts.standard
    title = f"{s.id} (version {s.version}): {s.title_en}"
    if s.provisional:
        title += " [PROVISIONAL]"
    table = Table(title=title, title_justify="left")
    table.add_column("class", no_wrap=True)
    areas = [a for a, per in counts.by_area.items() if sum(per.values())]
    for head in ["all", *areas]:
        table.add_column(head, justify="right", no_wrap=True)
        table.add_column("%", justify="right", no_wrap=True)
    totals = {a: sum(per.values()) for a, per in counts.by_area.items()}
    for cls in counts.classes:
        cells = [str(counts.overall[cls]), share(counts.overall[cls], counts.total)]
        for a in areas:
            n = counts.by_area[a][cls]
            cells += [str(n), share(n, totals[a])]
        table.add_row(CLASS_LABELS.get(cls, cls), *cells)
    cells = [str(counts.total), share(counts.total, counts.total)]
    for a in areas:
        cells += [str(totals[a]), share(totals[a], totals[a])]
    table.add_row("total", *cells, style="bold")
    return table


def reason_text(item: str) -> tuple[str, str]:
    column, _, reason = item.partition(":")
    return column, REASON_TEXT.get(reason, reason)


def accounting(acc: Accounting, console: Console, processed: str = "classified") -> None:
    """The reconciliation line and, when rows were rejected, why."""
    mark = "[green]✓[/]" if acc.reconciled else "[bold red]✗ DOES NOT RECONCILE[/]"
    console.print(
        f"{mark} rows read {acc.rows_read:,} = {processed} {acc.processed:,}"
        f" + rejected {acc.rejected:,}"
    )
    if not acc.rejected:
        return
    table = Table(title="Rejected cells by column and reason", title_justify="left")
    table.add_column("column")
    table.add_column("reason")
    table.add_column("cells", justify="right")
    for item, n in acc.reject_reasons.most_common():
        table.add_row(*reason_text(item), str(n))
    console.print(table)
    for ex in acc.reject_examples[:10]:
        text = REASON_TEXT.get(ex.reason, ex.reason)
        value = f" ({ex.value!r})" if ex.value not in (None, "") else ""
        console.print(f"  row {ex.row}, column '{ex.column}': {text}{value}")
    if len(acc.reject_examples) > 10 or acc.rejected > 10:
        console.print("  ... every rejected row, with its reasons, is in the rejects file")


def classify_summary(result: ClassifyResult, console: Console) -> None:
    for counts in result.counts:
        console.print(counts_table(counts))
    accounting(result.accounting, console)
    if result.output and result.output != "-":
        console.print(f"output: {result.output}")
    if result.rejects_path:
        console.print(f"rejects: {result.rejects_path}")
