"""The report on screen: rich tables of the grand totals and of the units (as many levels as fit),
the standards side by side when there are several. The files (-o) hold every table in full."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from ..labels import count, day
from ..labels import report_short as short
from ..labels import report_word as word
from ..report.export import all_areas_only_line, totals_only_line
from ..report.summary import (
    MOVEMENTS,
    SECTIONS,
    Report,
    Row,
    StandardReport,
    check_identities,
)
from ..text import fold, plural, quoted, yaml_scalar
from .common import styled_format
from .render import accounting, column_cited, reason_text, share, skipped_text, verdict

# unit rows shown on screen; deeper levels are left to the file when there are more
SCREEN_ROWS = 60
_OF_WHICH = {
    "poor_to_near_poor",
    "absent_poor",
    "absent_near_poor",
    "new_poor",
    "new_near_poor",
    "rejected_poor_now",
    "rejected_near_poor_now",
    "rejected_absent_now",
    "rejected_now_poor",
    "rejected_now_near_poor",
    "rejected_now_rejected_before",
}
# the rows of households whose previous row, or whose row in this list, was rejected: on
# screen when there are some (the row that counts them -> its rows)
_REJECTED_ROWS = {
    "rejected_before": (
        "rejected_before",
        "rejected_poor_now",
        "rejected_near_poor_now",
        "rejected_absent_now",
    ),
    "rejected_now": (
        "rejected_now",
        "rejected_now_poor",
        "rejected_now_near_poor",
        "rejected_now_rejected_before",
    ),
    "rejected_new": ("rejected_new",),
}
_HIDDEN = {key: total for total, keys in _REJECTED_ROWS.items() for key in keys}


# the noun after a count: English one or many (text.plural), Vietnamese one word
_NOUNS = {"rows": ("row", "dòng"), "households": ("household", "hộ"), "units": ("unit", "đơn vị")}


def _noun(n: int, noun: str, lang: str) -> str:
    """'row' or 'rows' after the count `n` ('dòng' in Vietnamese, which has no plural)."""
    en, vi = _NOUNS[noun]
    return vi if lang == "vi" else plural(n, en)


def _levels_that_fit(report: Report, rows: list[Row]) -> int:
    depth = len(report.by)
    while depth > 0 and sum(1 for r in rows if r.level <= depth) > SCREEN_ROWS:
        depth -= 1
    return depth


def _unit_label(report: Report, row: Row, lang: str) -> str:
    if row.level == 0:
        return word("total", lang)
    name = row.path[-1]
    text = word("blank_unit", lang) if name is None else name
    return "  " * (row.level - 1) + text


def _n(value: int, lang: str) -> str:
    return count(value, lang)


def _cell(n: int, whole: int, lang: str) -> str:
    return f"{count(n, lang)} ({share(n, whole, lang)})" if whole else count(n, lang)


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
        title += f" · {reps[0].standard.id}"
    table = Table(title=title, title_justify="left")
    table.add_column(word("unit", lang), no_wrap=True)
    table.add_column(word("households", lang), justify="right", no_wrap=True)
    for rep in reps:
        for cls in _shown(rep):
            label = short(cls, lang) + (f"\n{rep.standard.id}" if several else "")
            table.add_column(label, justify="right", no_wrap=True)
    body: list[tuple[list[str], str | None]] = []
    for i, row in enumerate(rows):
        if row.level > depth:
            continue
        cells = [_unit_label(report, row, lang), _n(row.values["households"], lang)]
        for rep in reps:
            values = rep.households["all"][i].values
            cells += [_cell(values[cls], values["households"], lang) for cls in _shown(rep)]
        body.append((cells, "bold" if row.level < depth or row.level == 0 else None))
    _fill(table, body)
    note = None
    if depth < len(report.by):
        hidden = ", ".join(report.by[depth:])
        units = sum(1 for r in rows if r.level == len(report.by))
        note = TEXT[lang]["hidden"].format(
            hidden=hidden, units=count(units, lang), units_word=_noun(units, "units", lang)
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
            label = short(cls, lang) + (f"\n{rep.standard.id}" if several else "")
            table.add_column(label, justify="right", no_wrap=True)
    body: list[tuple[list[str], str | None]] = []
    for section in SECTIONS:
        total = report.reports[0].households[section][-1].values
        cells = [word(section, lang), _n(total["households"], lang)]
        for rep in report.reports:
            values = rep.households[section][-1].values
            cells += [_cell(values[cls], values["households"], lang) for cls in _shown(rep)]
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
            label = short(cls, lang) + (f"\n{rep.standard.id}" if several else "")
            table.add_column(label, justify="right", no_wrap=True)
    body: list[tuple[list[str], str | None]] = []
    for section in SECTIONS:
        total = report.reports[0].households[section][-1].values
        cells = [word(section, lang), _cell(total["em_households"], total["households"], lang)]
        for rep in report.reports:
            values = rep.households[section][-1].values
            cells += [_cell(values[f"em_{c}"], values["em_households"], lang) for c in _shown(rep)]
        body.append((cells, "bold" if section == "all" else None))
    return _fill(table, body)


def deprivation_table(rep: StandardReport, lang: str) -> Table:
    table = Table(
        title=f"{word('title_deprivation', lang)} · {rep.standard.id}",
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
        cells = [vi if lang == "vi" else en]
        cells += [_cell(totals[c][ind], totals[c]["households"], lang) for c in classes]
        body.append((cells, None))
    cells = [word("households", lang), *(_n(totals[c]["households"], lang) for c in classes)]
    body.append((cells, "bold"))
    return _fill(table, body)


def movements_table(rep: StandardReport, lang: str) -> Table:
    assert rep.movements is not None
    table = Table(
        title=f"{word('title_movements', lang)} · {rep.standard.id}", title_justify="left"
    )
    table.add_column("", no_wrap=True)
    for section in SECTIONS:
        table.add_column(word(section, lang), justify="right")
    totals = {s: rep.movements[s][-1].values for s in SECTIONS}
    bold = {"poor_before", "near_poor_before", "poor_now", "near_poor_now"}
    body: list[tuple[list[str], str | None]] = []
    for key in MOVEMENTS:
        if key in _HIDDEN and not totals["all"][_HIDDEN[key]]:
            continue
        indent = "  " if key in _OF_WHICH else ""
        cells = [indent + word(key, lang), *(_n(totals[s][key], lang) for s in SECTIONS)]
        body.append((cells, "bold" if key in bold else None))
    return _fill(table, body)


TEXT = {
    "en": {
        "head": "Report on {n} {households} from {source} under {ids} (in force on {as_of}), run "
        "{run}",
        "provisional": "{note} {id} is PROVISIONAL",
        "total": "{mark} {id}: grand total {total} = households reported",
        "previous": "{mark} previous list {source}: rows read {read} = used {used} + rejected "
        "{rejected} + skipped {skipped}; on both lists {matched}, absent now {absent}, new to "
        "this list {new}",
        "no_reconcile": "✗ DOES NOT RECONCILE",
        "reason": "  previous list, column {column}: {reason}: {n} {rows}",
        "skipped": "  previous list, skipped, not households: {rows}",
        "example": "  previous list row {row}, column {column}: {reason}{value}",
        "identity": "{mark} {id}: in every unit, poor now = poor before - escaped - absent"
        "{rejected_now} + newly poor{rejected_before} (and so for near-poor)",
        "identity_rejected_now": " - poor before whose row in this list was rejected",
        "identity_rejected_before": " + poor now whose previous row was rejected",
        "unknown": "  previous list: {n} {households} whose row was rejected (class unknown) "
        "{are} counted apart, never as new to this list nor as newly poor or near-poor: {here} "
        "on this list, {gone} absent now",
        "unknown_both": ", {both} whose row in this list was rejected too",
        "previous_rejected_now": ", rejected from this list {n}",
        "gone": "  this list: {n} {households} of the previous list whose row here was rejected "
        "(class now unknown) {are} counted apart, never as absent now nor as escaped poverty",
        "current": "{mark} this list: reported {reported} = on both lists {matched} + new to this "
        "list {new}{here}{rejected}",
        "current_rejected": "; rejected {rejected} {rows} = of households of the previous list "
        "{previous} + of households not on it {other} + with no household id {no_id}",
        "current_here": " + whose previous row was rejected {n}",
        "rejected_new": "  this list: {n} {households} not on the previous list whose rows here "
        "were rejected {are} counted apart (class unknown), in the grand totals only, never as new"
        " to this list nor as newly poor or near-poor",
        "rejects": "rejects: {path}",
        "previous_rejects": "previous list's rejects: {path}",
        "no_class": "{note} no movements under {id}: the previous list has no class column "
        "for it (--previous-class {id}=COLUMN names one)",
        "average": "{note} {n} {households} of the previous list {are} labelled average living "
        "standard, a band {id} does not have: counted as not poor before (neither poor nor "
        "near-poor)",
        "hidden": "({hidden} not shown: {units} {units_word} at the lowest level; every unit is in the "
        "-o file: -o report.xlsx)",
    },
    "vi": {
        "head": "Báo cáo {n} {households} từ {source} theo {ids} (chuẩn áp dụng ngày {as_of}), lập "
        "ngày {run}",
        "provisional": "{note} {id} là chuẩn TẠM THỜI",
        "total": "{mark} {id}: tổng cộng {total} = số hộ đã báo cáo",
        "previous": "{mark} danh sách kỳ trước {source}: số dòng đã đọc {read} = đã dùng {used} + "
        "bị loại {rejected} + bỏ qua {skipped}; có trong cả hai danh sách {matched}, không còn "
        "trong danh sách {absent}, hộ mới {new}",
        "no_reconcile": "✗ KHÔNG KHỚP",
        "reason": "  danh sách kỳ trước, cột {column}: {reason}: {n} {rows}",
        "skipped": "  danh sách kỳ trước, bỏ qua, không phải hộ: {rows}",
        "example": "  danh sách kỳ trước, dòng {row}, cột {column}: {reason}{value}",
        "identity": "{mark} {id}: ở mọi đơn vị, hộ nghèo kỳ này = kỳ trước - thoát nghèo - không "
        "còn trong danh sách{rejected_now} + phát sinh{rejected_before} (hộ cận nghèo cũng vậy)",
        "identity_rejected_now": " - hộ nghèo kỳ trước có dòng kỳ này bị loại",
        "identity_rejected_before": " + hộ nghèo kỳ này có dòng kỳ trước bị loại",
        "unknown": "  danh sách kỳ trước: {n} {households} có dòng bị loại (không rõ phân loại kỳ "
        "trước) được đếm riêng, không tính là hộ mới hay hộ nghèo, cận nghèo phát sinh: {here} "
        "hộ có trong danh sách kỳ này, {gone} hộ không còn trong danh sách",
        "unknown_both": ", {both} hộ có dòng kỳ này cũng bị loại",
        "previous_rejected_now": ", dòng kỳ này bị loại {n}",
        "gone": "  danh sách kỳ này: {n} {households} của danh sách kỳ trước có dòng kỳ này bị loại "
        "(không rõ phân loại kỳ này) được đếm riêng, không tính là hộ không còn trong danh sách "
        "hay thoát nghèo",
        "current": "{mark} danh sách kỳ này: đã báo cáo {reported} = có trong cả hai danh sách "
        "{matched} + hộ mới {new}{here}{rejected}",
        "current_rejected": "; bị loại {rejected} {rows} = của hộ có trong danh sách kỳ trước "
        "{previous} + của hộ không có trong danh sách kỳ trước {other} + không có mã hộ {no_id}",
        "current_here": " + hộ có dòng kỳ trước bị loại {n}",
        "rejected_new": "  danh sách kỳ này: {n} {households} không có trong danh sách kỳ trước có "
        "dòng kỳ này bị loại được đếm riêng (không rõ phân loại), chỉ trong tổng cộng, không tính "
        "là hộ mới hay hộ nghèo, cận nghèo phát sinh",
        "rejects": "các dòng bị loại: {path}",
        "previous_rejects": "các dòng bị loại của danh sách kỳ trước: {path}",
        "no_class": "{note} không có diễn biến theo {id}: danh sách kỳ trước không có cột phân "
        "loại theo chuẩn này (nêu cột bằng --previous-class {id}=CỘT)",
        "average": "{note} {n} {households} trong danh sách kỳ trước được ghi là hộ có mức sống "
        "trung bình, mức mà {id} không có: được tính là hộ không nghèo kỳ trước (không nghèo, "
        "không cận nghèo)",
        "hidden": "({hidden} không hiển thị: {units} đơn vị cấp thấp nhất; mọi đơn vị có trong "
        "tệp -o: -o bao-cao.xlsx)",
    },
}


def render(report: Report, console: Console, lang: str = "en") -> None:
    t = TEXT[lang]
    reps = report.reports
    console.print(
        t["head"].format(
            n=count(report.accounting.processed, lang),
            households=_noun(report.accounting.processed, "households", lang),
            source=report.source,
            ids=", ".join(rep.standard.id for rep in reps),
            as_of=day(report.as_of, lang),
            run=day(report.run_date, lang),
        )
    )
    for rep in reps:
        if rep.standard.provisional:
            note = ("lưu ý:" if lang == "vi" else "note:", "yellow")
            console.print(styled_format(t["provisional"], note=note, id=rep.standard.id))
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
    summary(report, console, lang)


def summary(report: Report, console: Console, lang: str = "en") -> None:
    """The reconciliations: rows read, the previous list, the movements' identities."""
    t = TEXT[lang]
    ok, bad = ("✓", "green"), ("✗", "bold red")
    accounting(report.accounting, console, processed="reported", lang=lang)
    if report.members is not None:
        from .render import member_accounting

        member_accounting(report.members, console, lang)
    for rep in report.reports:
        total = rep.total
        mark = verdict(total == report.accounting.processed, total, lang)
        console.print(
            styled_format(t["total"], mark=mark, id=rep.standard.id, total=count(total, lang))
        )
    prev = report.previous
    if prev is not None:
        mark = verdict(prev.reconciled, prev.used, lang)
        # a household whose row in this list was rejected is neither on both lists nor absent
        gone_now = t["previous_rejected_now"].format(n=count(prev.rejected_now, lang))
        console.print(
            styled_format(
                t["previous"] + (gone_now if prev.rejected_now else ""),
                mark=mark,
                source=prev.source,
                read=count(prev.rows_read, lang),
                used=count(prev.used, lang),
                rejected=count(prev.rejected, lang),
                skipped=count(prev.skipped, lang),
                matched=count(prev.matched, lang),
                absent=count(prev.absent, lang),
                new=count(prev.new, lang),
            )
        )
        # every row of this list in the movements: reported ones on both lists or new, rejected
        # ones (when there are some) by the household they belong to (or none: no id)
        rejected = prev.current_rejected or not prev.current_reconciled
        console.print(
            styled_format(
                t["current"],
                mark=verdict(prev.current_reconciled, prev.current_reported, lang),
                reported=count(prev.current_reported, lang),
                matched=count(prev.matched, lang),
                new=count(prev.new, lang),
                here=t["current_here"].format(n=count(prev.rejected_here, lang))
                if prev.rejected_here
                else "",
                rejected=t["current_rejected"].format(
                    rejected=count(prev.current_rejected, lang),
                    rows=_noun(prev.current_rejected, "rows", lang),
                    previous=count(prev.current_rejected_previous, lang),
                    other=count(prev.current_rejected_new, lang),
                    no_id=count(prev.current_rejected_no_id, lang),
                )
                if rejected
                else "",
            )
        )
        if prev.skipped:
            console.print(t["skipped"].format(rows=skipped_text(prev, lang)), markup=False)
        # absent now is one count, whatever the standard: said once
        moved = next((r for r in report.reports if r.movements is not None), None)
        lines = (
            [totals_only_line(report, moved, lang), all_areas_only_line(report, moved, lang)]
            if moved is not None
            else []
        )
        for unplaced in lines:
            if unplaced:
                note = ("lưu ý:" if lang == "vi" else "note:", "yellow")
                console.print(styled_format("{note} {text}", note=note, text=unplaced))
        for item, n in prev.reject_reasons.most_common():
            column = item.partition(":")[0]
            reason = reason_text(item, lang)[1]
            console.print(
                t["reason"].format(
                    column=column_cited(column, lang, prev.headers),
                    reason=reason,
                    n=count(n, lang),
                    rows=_noun(n, "rows", lang),
                ),
                markup=False,
            )
        unknown = prev.rejected_here + prev.rejected_absent + prev.rejected_both
        if unknown:
            both = t["unknown_both"].format(both=count(prev.rejected_both, lang))
            console.print(
                t["unknown"].format(
                    n=count(unknown, lang),
                    households=_noun(unknown, "households", lang),
                    are="is" if unknown == 1 else "are",
                    here=count(prev.rejected_here, lang),
                    gone=count(prev.rejected_absent, lang),
                )
                + (both if prev.rejected_both else ""),
                markup=False,
            )
        for ex in prev.reject_examples[:10]:
            value = f" ({quoted(ex.value)})" if ex.value not in (None, "") else ""
            reason = reason_text(f"{ex.column}:{ex.reason}", lang)[1]
            console.print(
                t["example"].format(
                    row=ex.row,
                    column=column_cited(ex.column, lang, prev.headers),
                    reason=reason,
                    value=value,
                ),
                markup=False,
            )
        labelled = unknown_labels_note(prev.unknown_labels, lang)
        if labelled is not None:
            note = ("lưu ý:" if lang == "vi" else "note:", "yellow")
            console.print(styled_format("{note} {text}", note=note, text=labelled))
        gone = prev.rejected_now + prev.rejected_both
        if gone:
            console.print(
                t["gone"].format(
                    n=count(gone, lang),
                    households=_noun(gone, "households", lang),
                    are="is" if gone == 1 else "are",
                ),
                markup=False,
            )
        if prev.rejected_new:
            console.print(
                t["rejected_new"].format(
                    n=count(prev.rejected_new, lang),
                    households=_noun(prev.rejected_new, "households", lang),
                    are="is" if prev.rejected_new == 1 else "are",
                ),
                markup=False,
            )
        for rep in report.reports:
            if rep.no_previous_class:
                note = ("lưu ý:" if lang == "vi" else "note:", "yellow")
                console.print(styled_format(t["no_class"], note=note, id=rep.standard.id))
            if rep.average_without_band:
                note = ("lưu ý:" if lang == "vi" else "note:", "yellow")
                n = rep.average_without_band
                console.print(
                    styled_format(
                        t["average"],
                        note=note,
                        n=count(n, lang),
                        households=_noun(n, "households", lang),
                        are="is" if n == 1 else "are",
                        id=rep.standard.id,
                    )
                )
            if rep.movements is None:
                continue
            rows = [r for s in SECTIONS for r in rep.movements[s]]
            mark = ok if all(check_identities(r) for r in rows) else bad
            # the households counted apart are named in the identity when there are some
            total = rows[-1].values
            console.print(
                styled_format(
                    t["identity"],
                    mark=mark,
                    id=rep.standard.id,
                    rejected_now=t["identity_rejected_now"] if total["rejected_now"] else "",
                    rejected_before=t["identity_rejected_before"]
                    if total["rejected_before"]
                    else "",
                )
            )
    if report.rejects_path:
        console.print(t["rejects"].format(path=report.rejects_path))
    if report.previous_rejects_path:
        console.print(t["previous_rejects"].format(path=report.previous_rejects_path))


_SHOWN_LABELS = 5  # labels a note names, and its line gives


def unknown_labels_note(labels: Counter[str], lang: str) -> str | None:
    """For the previous list's class labels no class was found for (`unknown_labels`): each with
    its rows, and the `values: {class: ...}` line that says what each stands for, the classes
    it may be in its place (mdpoverty never guesses: `Hộ thoát nghèo`, out of poverty, is
    near-poor or not poor now); None when there are none."""
    if not labels:
        return None
    shown = labels.most_common(_SHOWN_LABELS)
    rows = "dòng" if lang == "vi" else None
    named = ", ".join(
        f"{quoted(label)} ({count(n, lang)} {rows or plural(n, 'row')})" for label, n in shown
    )
    more = len(labels) - len(shown)

    def choices(label: str) -> str:
        escaped = "thoat ngheo" in fold(label) and "thoat can ngheo" not in fold(label)
        return "<near_poor|not_poor>" if escaped else "<poor|near_poor|average|not_poor>"

    entries = ", ".join(f"{yaml_scalar(label, quote=True)}: {choices(label)}" for label, _ in shown)
    line = f"values: {{class: {{{entries}}}}}"
    if lang == "vi":
        return (
            f"danh sách kỳ trước có nhãn phân loại mdpoverty không biết: {named}"
            + (f" và {count(more, lang)} nhãn khác" if more else "")
            + "; mdpoverty không đoán (hộ thoát nghèo nay có thể là hộ cận nghèo hoặc không"
            " nghèo): hãy ghi mỗi nhãn là phân loại nào trong tệp --columns, thay <...> bằng"
            f" một phân loại: {line}"
        )
    return (
        f"the previous list has class labels mdpoverty does not know: {named}"
        + (f" and {count(more, lang)} more" if more else "")
        + "; mdpoverty does not guess (a household out of poverty, 'thoát nghèo', may be"
        " near-poor or not poor now): say which class each stands for in the --columns file,"
        f" putting one class in place of <...>: {line}"
    )
