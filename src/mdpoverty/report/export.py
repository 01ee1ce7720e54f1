"""The report as JSON (plain data), tidy CSV rows and an XLSX workbook for the offices.

Shares are fractions of a whole: a class's households over the unit's households; an
ethnic-minority class over the unit's ethnic-minority households; an indicator's deprived
households over the class's households. Counts are exact; shares are for reading.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict
from decimal import Decimal
from itertools import groupby
from typing import TYPE_CHECKING, Any

from ..columns import apart, header_key
from ..io.writers import FORMULA_START, PLAIN_NUMBER
from ..io.xlsx import Layout, NumberFormat, Sheet
from ..labels import count, day, reason_text
from ..labels import report_sheet as sheet
from ..labels import report_word as word
from ..labels import word as label_word
from .previous import ABSENT, REJECTED
from .summary import MOVEMENTS, SECTIONS, Report, Row, StandardReport

if TYPE_CHECKING:
    import polars as pl

TABLES = ("households", "deprivation_poor", "deprivation_near_poor", "movements")


def level_name(report: Report, level: int) -> str:
    return "total" if level == 0 else report.by[level - 1]


def _row_dict(report: Report, row: Row) -> dict[str, Any]:
    return {
        "level": level_name(report, row.level),
        "unit": {report.by[i]: row.path[i] for i in range(row.level)},
        **row.values,
    }


def _sections(report: Report, sections: dict[str, list[Row]]) -> dict[str, list[dict]]:
    return {s: [_row_dict(report, r) for r in rows] for s, rows in sections.items()}


def to_dict(report: Report) -> dict[str, Any]:
    """Everything in the report as plain data; `movements` (with `--previous`) is the first
    standard's previous class -> class now -> households, `absent` for a missing side,
    `rejected` for a side whose row was rejected."""
    reports = []
    for rep in report.reports:
        reports.append(
            {
                "standard": asdict(rep.standard),
                "reference": rep.reference,
                "classes": rep.classes,
                "indicators": rep.indicators,
                "households": _sections(report, rep.households),
                "deprivation": {c: _sections(report, s) for c, s in rep.deprivation.items()},
                "unit_movements": _sections(report, rep.movements) if rep.movements else None,
                "movements": rep.transitions,
                # with --previous: the previous list has no class under this standard
                "no_previous_class": rep.no_previous_class,
                # previous households labelled average under a standard without the band:
                # counted as not poor before
                "average_before_without_band": rep.average_without_band,
            }
        )
    acc = report.accounting
    data: dict[str, Any] = {
        "source": report.source,
        "run_date": report.run_date.isoformat(),
        "as_of": report.as_of.isoformat(),
        "by": report.by,
        "ethnic_minority": report.ethnic,
        "standards": [rep.standard.id for rep in report.reports],
        "accounting": {
            "rows_read": acc.rows_read,
            "reported": acc.processed,
            "rejected": acc.rejected,
            "reject_reasons": dict(acc.reject_reasons),
            "skipped": acc.skipped,
            "skipped_reasons": dict(acc.skipped_reasons),
        },
        "reports": reports,
    }
    if report.members is not None:
        data["members"] = report.members.to_dict()
    if report.previous is not None:
        prev = report.previous
        data["movements"] = report.reports[0].transitions
        data["previous"] = {
            "source": prev.source,
            "class_columns": prev.class_of,  # a standard missing here has no movements
            "rows_read": prev.rows_read,
            "used": prev.used,
            "rejected": prev.rejected,
            "reject_reasons": dict(prev.reject_reasons),
            "skipped": prev.skipped,
            "skipped_reasons": dict(prev.skipped_reasons),
            "on_both_lists": prev.matched,
            "absent_now": prev.absent,
            # the --by columns the previous list lacks, and the households absent now that
            # are therefore in the movements' grand totals only, in no unit row
            "unit_columns_missing": prev.units_missing,
            "absent_in_totals_only": max(
                (totals_only(report, rep) for rep in report.reports), default=0
            ),
            # and those whose row in this list was rejected, placed by the previous list too
            "rejected_now_in_totals_only": max(
                (totals_only(report, rep, gone=True) for rep in report.reports), default=0
            ),
            # the previous list has no area column: households absent now (or whose row here
            # was rejected) are under all areas only, neither urban nor rural (so too with a
            # blank or unread area cell)
            "area_column_missing": not prev.has_area,
            "absent_in_all_areas_only": max(
                (all_areas_only(rep) for rep in report.reports), default=0
            ),
            "rejected_now_in_all_areas_only": max(
                (all_areas_only(rep, gone=True) for rep in report.reports), default=0
            ),
            "new_to_this_list": prev.new,
            # households whose previous row was rejected: previous class unknown, counted
            # apart ('rejected' in `movements`)
            "rejected_on_this_list": prev.rejected_here,
            "rejected_absent_now": prev.rejected_absent,
            # households of the previous list whose row in this list was rejected: class now
            # unknown, counted apart ('rejected' as the class now in `movements`), never absent
            # now; their previous row used, or rejected too
            "rejected_from_this_list": prev.rejected_now,
            "rejected_from_both_lists": prev.rejected_both,
            # households whose rows in this list were rejected and which the previous list
            # does not have: class unknown on both sides, counted apart ('absent' -> 'rejected'
            # in `movements`), in the grand totals only
            "rejected_new_to_this_list": prev.rejected_new,
        }
        # every row of this list in the movements: reported = on_both_lists +
        # new_to_this_list + rejected_on_this_list; rejected rows by where they went
        data["this_list"] = {
            "reported": prev.current_reported,
            "rejected": prev.current_rejected,
            "rejected_rows_on_previous_list": prev.current_rejected_previous,
            "rejected_rows_not_on_previous_list": prev.current_rejected_new,
            "rejected_rows_without_id": prev.current_rejected_no_id,
            "reconciled": prev.current_reconciled,
        }
    return data


# past this many unit rows the JSON is written without indentation: Python indents with its
# slow encoder (4.8 s for a report of 10,000 communes, against 0.5 s)
INDENT_ROWS = 2_000


def to_json(report: Report) -> str:
    rows = sum(len(rep.households["all"]) for rep in report.reports)
    indent = 2 if rows <= INDENT_ROWS else None
    return json.dumps(to_dict(report), ensure_ascii=False, indent=indent) + "\n"


def _share(n: int, whole: int) -> float | None:
    return n / whole if whole else None


def shares(rep: StandardReport, key: str, values: dict[str, int]) -> float | None:
    """The share a households-table value is of its whole (None for the whole itself)."""
    if key == "households":
        return None
    if key == "em_households" or key in rep.classes:
        return _share(values[key], values["households"])
    return _share(values[key], values.get("em_households", 0))


def share_text(share: float) -> str:
    """A share as the CSV writes it, a fraction to 6 places (0.012500); one that is not 0 but
    rounds to 0.000000 (1 household in 27 million), or not 1 but rounds to 1.000000, with every
    digit it has (0.000000037037037037037036): a count that is there is never written as none."""
    text = f"{share:.6f}"
    if (share > 0 and text == "0.000000") or (0 < share < 1 and text == "1.000000"):
        text = format(Decimal(repr(share)), "f")
    return text


def _unit_header(report: Report) -> list[str]:
    """The tidy CSV's unit columns: a --by column named as a fixed column of the CSV, as
    headers are matched (`Households`, `SHARE`), is headed `Households_unit`."""
    fixed = {
        header_key(c)
        for c in ("standard", "table", "area", "level", "measure", "households", "share")
    }
    return [c if header_key(c) not in fixed else f"{c}_unit" for c in report.by]


def tidy_rows(report: Report) -> list[list[Any]]:
    """One row per standard, table, area, unit and measure (the header first)."""
    header = ["standard", "table", "area", "level", *_unit_header(report)]
    header += ["measure", "households", "share"]
    out: list[list[Any]] = [header]

    def unit(row: Row) -> list[Any]:
        cells = [_csv_safe(row.path[i]) if i < row.level else "" for i in range(len(report.by))]
        return [level_name(report, row.level), *cells]

    def fmt(share: float | None) -> str:
        return "" if share is None else share_text(share)

    for rep in report.reports:
        sid = rep.standard.id
        for section in SECTIONS:
            for row in rep.households[section]:
                for key, n in row.values.items():
                    out.append(
                        [
                            sid,
                            "households",
                            section,
                            *unit(row),
                            key,
                            n,
                            fmt(shares(rep, key, row.values)),
                        ]
                    )
        for cls, sections in rep.deprivation.items():
            for section in SECTIONS:
                for row in sections[section]:
                    whole = row.values["households"]
                    for key, n in row.values.items():
                        share = None if key == "households" else _share(n, whole)
                        out.append(
                            [sid, f"deprivation_{cls}", section, *unit(row), key, n, fmt(share)]
                        )
        if rep.movements:
            for section in SECTIONS:
                for row in rep.movements[section]:
                    for key in MOVEMENTS:
                        out.append(
                            [sid, "movements", section, *unit(row), key, row.values[key], ""]
                        )
        if rep.transitions:
            blank = [""] * len(report.by)
            for was, row in rep.transitions.items():
                for now, n in row.items():
                    out.append([sid, "transitions", "all", "total", *blank, f"{was}->{now}", n, ""])
    return out


_FORMULA = re.compile(FORMULA_START)
_NUMBER = re.compile(PLAIN_NUMBER)


def _csv_safe(name: str | None) -> str:
    """A unit's name as a spreadsheet shows it, never run as a formula (``'=...``), as the
    other outputs write text cells."""
    if name is None:
        return ""
    return "'" + name if _FORMULA.search(name) and not _NUMBER.search(name) else name


def to_csv(report: Report) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(tidy_rows(report))
    return buffer.getvalue()


# ---------------------------------------------------------------- XLSX

# the kinds of a table's cells: text, a count (#,##0) or a share (0.00%)
_DTYPES = {"text": "String", "count": "Int64", "share": "Float64"}
_FORMATS = {"text": NumberFormat.TEXT, "count": NumberFormat.COUNT, "share": NumberFormat.SHARE}
_BOLD = "bold"  # the frame's column that marks the rows in bold (subtotals); not written


class _Table:
    """One table on a worksheet: title lines, a bold frozen header with a filter, then rows
    of (value, kind) cells, subtotals in bold."""

    def __init__(self, name: str, titles: list[str]) -> None:
        self.name = name
        self.titles = titles
        self.head: list[str] = []
        self.rows: list[list[Any]] = []
        self.bold: list[bool] = []
        self.kinds: list[str] = []

    def header(self, cells: list[str], units: int = 0, lang: str = "en") -> None:
        """The table's header; `units`: how many cells after the first head a --by column
        (`_lead`). One headed as another column of the table, as headers are matched (`--by
        Households` beside `households`), is headed `Households (group)`: never two columns
        of one name, nor a unit column lost."""
        cells = list(cells)
        for i in range(1, units + 1):
            cells[i] = apart(cells[i], cells[:i] + cells[i + 1 :], label_word("group", lang))
        self.head = cells

    def data(self, cells: list[tuple[Any, str]], bold: bool = False) -> None:
        if not self.kinds:  # a column's kind is the same in every row: the first row's
            self.kinds = [kind for _, kind in cells]
        self.rows.append([value for value, _ in cells])
        self.bold.append(bold)

    def sheet(self, frozen_columns: int) -> Sheet:
        import polars as pl

        kinds = self.kinds or ["text"] * len(self.head)
        names = [f"c{i}" for i in range(len(self.head))]
        columns = list(zip(*self.rows, strict=True)) or [()] * len(names)
        columns = [
            [None if v is None else str(v) for v in values] if kind == "text" else values
            for values, kind in zip(columns, kinds, strict=True)
        ]
        frame = pl.DataFrame(
            {
                **{
                    name: pl.Series(name, values, dtype=getattr(pl, _DTYPES[kind]))
                    for name, values, kind in zip(names, columns, kinds, strict=True)
                },
                _BOLD: pl.Series(_BOLD, self.bold, dtype=pl.Boolean),
            }
        )
        layout = Layout(
            titles=tuple(self.titles),
            header=tuple(self.head),
            boxed_header=True,
            bold_rows=_BOLD,
            frozen_columns=frozen_columns,
            widths=tuple(_widths(frame, self.head, kinds)),
        )
        formats = {name: _FORMATS[kind] for name, kind in zip(names, kinds, strict=True)}
        return Sheet(self.name, frame, formats, layout)


def _widths(frame: pl.DataFrame, head: list[str], kinds: list[str]) -> list[float]:
    """A width per column: its header's (at most 18 characters: a header wraps), its longest
    text or its largest count with separators, at least 7 ('100.00%'), at most 48."""
    widths = []
    for i, (text, kind) in enumerate(zip(head, kinds, strict=True)):
        col = frame.get_column(f"c{i}")
        width = max(min(len(text), 18), 7)
        if kind == "text":
            width = max(width, col.str.len_chars().max() or 0)  # type: ignore[arg-type]
        elif kind == "count":
            width = max(width, len(f"{max(col.max() or 0, 0):,}"))  # type: ignore[type-var]
        widths.append(min(width, 48) + 2)
    return widths


def _unit_cells(report: Report, row: Row, lang: str) -> list[tuple[Any, str]]:
    cells: list[tuple[Any, str]] = []
    for i in range(len(report.by)):
        if row.level == 0:
            value = word("total", lang) if i == 0 else None
        elif i < row.level:
            value = row.path[i] if row.path[i] is not None else word("blank_unit", lang)
        else:
            value = None
        cells.append((value, "text"))
    return cells


def to_sheets(report: Report, lang: str = "en") -> list[Sheet]:
    """The workbook: an About sheet, then per standard a sheet per table (and the standards
    side by side when there are several)."""
    sheets = [_about(report, lang)]
    several = len(report.reports) > 1
    for k, rep in enumerate(report.reports):
        prefix = f"{k + 1} " if several else ""
        sheets.append(_households_sheet(report, rep, lang, prefix))
        for cls in ("poor", "near_poor"):
            if cls in rep.deprivation:
                sheets.append(_deprivation_sheet(report, rep, cls, lang, prefix))
        if rep.movements:
            sheets.append(_movements_sheet(report, rep, lang, prefix))
            sheets.append(_transitions_sheet(report, rep, lang, prefix))
    if several:
        sheets.append(_side_by_side(report, lang))
    return sheets


def _titles(report: Report, rep: StandardReport, key: str, lang: str) -> list[str]:
    s = rep.standard
    title = s.title_vi if lang == "vi" else s.title_en
    return [
        word(key, lang),
        f"{word('standard', lang)}: {s.id} ({s.version}), {title}"
        + (" [PROVISIONAL]" if s.provisional else ""),
        f"{word('reference', lang)}: {rep.reference}",
        f"{word('data_file', lang)}: {report.source} · {word('run_date', lang)}: "
        f"{day(report.run_date, lang)} · {word('as_of', lang)}: {day(report.as_of, lang)}",
    ]


def _lead(report: Report, lang: str) -> list[str]:
    return [word("area", lang), *(word(c, lang) for c in report.by), word("level", lang)]


def _lead_cells(report: Report, section: str, row: Row, lang: str) -> list[tuple[Any, str]]:
    level = word(level_name(report, row.level), lang)
    return [(word(section, lang), "text"), *_unit_cells(report, row, lang), (level, "text")]


def _households_sheet(report: Report, rep: StandardReport, lang: str, prefix: str) -> Sheet:
    sh = _Table(prefix + sheet("households", lang), _titles(report, rep, "title_households", lang))
    keys = rep.household_keys(report.ethnic)
    head = _lead(report, lang)
    for key in keys:
        head.append(word(key, lang))
        if key != "households":
            head.append(f"{word('share', lang)} {word(key, lang)}")
    sh.header(head, len(report.by), lang)
    for section in SECTIONS:
        for row in rep.households[section]:
            cells = _lead_cells(report, section, row, lang)
            for key in keys:
                cells.append((row.values[key], "count"))
                if key != "households":
                    cells.append((shares(rep, key, row.values), "share"))
            sh.data(cells, bold=row.level < len(report.by))
    return sh.sheet(len(report.by) + 2)


def _deprivation_sheet(
    report: Report, rep: StandardReport, cls: str, lang: str, prefix: str
) -> Sheet:
    sh = _Table(
        prefix + sheet(f"deprivation_{cls}", lang),
        _titles(report, rep, f"title_deprivation_{cls}", lang),
    )
    head = [*_lead(report, lang), word(cls, lang)]
    for ind in rep.indicators:
        en, vi = rep.indicator_labels[ind]
        label = vi if lang == "vi" else en
        head += [label, f"{word('share', lang)} {label}"]
    sh.header(head, len(report.by), lang)
    for section in SECTIONS:
        for row in rep.deprivation[cls][section]:
            whole = row.values["households"]
            cells = [*_lead_cells(report, section, row, lang), (whole, "count")]
            for ind in rep.indicators:
                cells += [(row.values[ind], "count"), (_share(row.values[ind], whole), "share")]
            sh.data(cells, bold=row.level < len(report.by))
    return sh.sheet(len(report.by) + 2)


_PREVIOUS_REJECTED = {
    "en": (
        "Previous list: {n} rows rejected ({why}); rows: {path}",
        "{k} households whose previous row was rejected have no known previous class: counted "
        "apart (previous row rejected), never as new to this list nor as newly poor or near-poor",
    ),
    "vi": (
        "Danh sách kỳ trước: {n} dòng bị loại ({why}); các dòng: {path}",
        "{k} hộ có dòng kỳ trước bị loại không rõ phân loại kỳ trước: được đếm riêng (dòng kỳ "
        "trước bị loại), không tính là hộ mới hay hộ nghèo, cận nghèo phát sinh",
    ),
}


_AVERAGE = {
    "en": "{n} households of the previous list are labelled average living standard, a band {id}"
    " does not have: counted as not poor before (neither poor nor near-poor)",
    "vi": "{n} hộ trong danh sách kỳ trước được ghi là hộ có mức sống trung bình, mức mà {id} không"
    " có: được tính là hộ không nghèo kỳ trước (không nghèo, không cận nghèo)",
}


_CURRENT_REJECTED = {
    "en": "This list: {k} households of the previous list whose row here was rejected have no "
    "known class now: counted apart (row in this list rejected), never as absent now nor as "
    "escaped poverty; rows: {path}",
    "vi": "Danh sách kỳ này: {k} hộ của danh sách kỳ trước có dòng kỳ này bị loại không rõ phân "
    "loại kỳ này: được đếm riêng (dòng kỳ này bị loại), không tính là hộ không còn trong danh "
    "sách hay thoát nghèo; các dòng: {path}",
}


_CURRENT_NEW = {
    "en": "This list: {k} households not on the previous list whose rows here were rejected are "
    "counted apart (class unknown), in the grand totals only, never as new to this list nor as "
    "newly poor or near-poor; rows: {path}",
    "vi": "Danh sách kỳ này: {k} hộ không có trong danh sách kỳ trước có dòng kỳ này bị loại được "
    "đếm riêng (không rõ phân loại), chỉ trong tổng cộng, không tính là hộ mới hay hộ nghèo, cận "
    "nghèo phát sinh; các dòng: {path}",
}


def previous_rejected_lines(report: Report, lang: str) -> list[str]:
    """What a movement table says of the rejected rows: the previous list's, how many and why,
    and the households they leave of unknown previous class; the households whose row in this
    list was rejected, of the previous list and not; nothing when there are none."""
    prev = report.previous
    if prev is None:
        return []
    gone = prev.rejected_now + prev.rejected_both
    path = report.rejects_path or "-"
    tail = [_CURRENT_REJECTED[lang].format(k=gone, path=path)] if gone else []
    if prev.rejected_new:
        tail.append(_CURRENT_NEW[lang].format(k=prev.rejected_new, path=path))
    if not prev.rejected:
        return tail
    why = "; ".join(
        f"{prev.headers.get(c, c)}: {reason_text(r, lang)} {n}"
        for item, n in prev.reject_reasons.most_common()
        for c, _, r in [item.partition(":")]
    )
    first, second = _PREVIOUS_REJECTED[lang]
    lines = [first.format(n=prev.rejected, why=why, path=report.previous_rejects_path or "-")]
    unknown = prev.rejected_here + prev.rejected_absent + prev.rejected_both
    if unknown:
        lines.append(second.format(k=unknown))
    return lines + tail


# the households the previous list places (its unit and area): absent now (whatever their
# previous row), and those whose row in this list was rejected
_ABSENT_KEYS = ("absent_now", "rejected_absent_now")
_GONE_KEYS = ("rejected_now",)


def _unplaced(rep: StandardReport, parts: list[dict[str, int]], keys: tuple[str, ...]) -> int:
    """The grand total's `keys` less those of `parts` (its unit rows, or urban and rural)."""
    assert rep.movements is not None
    total = rep.movements["all"][-1].values
    return sum(total[k] - sum(v[k] for v in parts) for k in keys)


def totals_only(report: Report, rep: StandardReport, gone: bool = False) -> int:
    """Households in the movements' grand total and in no unit row: absent now (or, with
    `gone`, whose row in this list was rejected), their unit unknown because the previous list
    lacks a --by column (the grand total less its units)."""
    if rep.movements is None or not report.by:
        return 0
    units = [r.values for r in rep.movements["all"] if r.level == 1]
    return _unplaced(rep, units, _GONE_KEYS if gone else _ABSENT_KEYS)


def all_areas_only(rep: StandardReport, gone: bool = False) -> int:
    """Households in the movements' `all` section and in neither urban nor rural: absent now
    (or, with `gone`, whose row in this list was rejected), their area unknown because the
    previous list has no `area` column, or a blank or unread cell there."""
    if rep.movements is None:
        return 0
    areas = [rep.movements[s][-1].values for s in ("urban", "rural")]
    return _unplaced(rep, areas, _GONE_KEYS if gone else _ABSENT_KEYS)


_TOTALS_ONLY = {
    "en": "{who} {are} counted in the grand totals only, in no unit: the previous list has no "
    "{columns} column, so the unit rows do not add up to the totals",
    "vi": "{who} chỉ được tính vào tổng cộng, không vào đơn vị nào: danh sách kỳ trước không có"
    " cột {columns}, nên các dòng đơn vị không cộng lại bằng tổng cộng",
}
_ALL_AREAS_ONLY = {
    "en": "{who} {are} counted under all areas only, neither urban nor rural: {why}, so urban "
    "and rural do not add up to all areas",
    "vi": "{who} chỉ được tính vào khu vực Chung, không vào thành thị hay nông thôn: {why}, nên"
    " thành thị và nông thôn không cộng lại bằng Chung",
}
_NO_AREA = {
    "en": (
        "the previous list has no area column",
        "their area in the previous list is blank or neither urban nor rural",
    ),
    "vi": (
        "danh sách kỳ trước không có cột Khu vực",
        "khu vực của hộ trong danh sách kỳ trước để trống hoặc không phải thành thị hay nông thôn",
    ),
}


def _who(n: int, m: int, lang: str) -> str:
    """The households a note is of: `n` absent now and `m` whose row in this list was
    rejected."""
    if lang == "vi":
        gone = f"{count(m, lang)} hộ có dòng kỳ này bị loại"
        if not n:
            return gone
        return f"{count(n, lang)} hộ không còn trong danh sách" + (f" và {gone}" if m else "")
    if not n:
        noun = "household" if m == 1 else "households"
        return f"{count(m, lang)} {noun} whose row in this list was rejected"
    noun = "household" if n == 1 else "households"
    gone = f" and {count(m, lang)} whose row in this list was rejected" if m else ""
    return f"{count(n, lang)} {noun} absent now{gone}"


def _counted(template: str, n: int, m: int, lang: str, **more: str) -> str:
    return template.format(who=_who(n, m, lang), are="is" if n + m == 1 else "are", **more)


def totals_only_line(report: Report, rep: StandardReport, lang: str) -> str | None:
    """What the movements say of households absent now (or whose row in this list was
    rejected) whose unit is unknown; None if none."""
    n, m = totals_only(report, rep), totals_only(report, rep, gone=True)
    prev = report.previous
    if not (n or m) or prev is None:
        return None
    columns = " / ".join(word(c, lang) for c in prev.units_missing or report.by)
    return _counted(_TOTALS_ONLY[lang], n, m, lang, columns=columns)


def all_areas_only_line(report: Report, rep: StandardReport, lang: str) -> str | None:
    """What the movements say of households absent now (or whose row in this list was
    rejected) whose area is unknown; None if none."""
    n, m = all_areas_only(rep), all_areas_only(rep, gone=True)
    prev = report.previous
    if not (n or m) or prev is None:
        return None
    why = _NO_AREA[lang][0 if not prev.has_area else 1]
    return _counted(_ALL_AREAS_ONLY[lang], n, m, lang, why=why)


def _movements_sheet(report: Report, rep: StandardReport, lang: str, prefix: str) -> Sheet:
    titles = _titles(report, rep, "title_movements", lang) + previous_rejected_lines(report, lang)
    if rep.average_without_band:
        titles.append(_AVERAGE[lang].format(n=rep.average_without_band, id=rep.standard.id))
    for unplaced in (totals_only_line(report, rep, lang), all_areas_only_line(report, rep, lang)):
        if unplaced:
            titles.append(unplaced)
    sh = _Table(prefix + sheet("movements", lang), titles)
    sh.header([*_lead(report, lang), *(word(k, lang) for k in MOVEMENTS)], len(report.by), lang)
    assert rep.movements is not None
    for section in SECTIONS:
        for row in rep.movements[section]:
            cells = _lead_cells(report, section, row, lang)
            cells += [(row.values[k], "count") for k in MOVEMENTS]
            sh.data(cells, bold=row.level < len(report.by))
    return sh.sheet(len(report.by) + 2)


def _transitions_sheet(report: Report, rep: StandardReport, lang: str, prefix: str) -> Sheet:
    assert rep.transitions is not None
    sh = _Table(
        prefix + sheet("transitions", lang), _titles(report, rep, "title_transitions", lang)
    )
    columns = [*rep.classes, REJECTED, ABSENT]
    sh.header(
        [
            f"{word('previous_class', lang)} \\ {word('current_class', lang)}",
            *(word("current_rejected" if c == REJECTED else c, lang) for c in columns),
        ]
    )
    for was, row in rep.transitions.items():
        label = word("previous_rejected" if was == REJECTED else was, lang)
        cells: list[tuple[Any, str]] = [(label, "text")]
        cells += [(row.get(c), "count") for c in columns]
        sh.data(cells)
    return sh.sheet(1)


def _side_by_side(report: Report, lang: str) -> Sheet:
    ids = ", ".join(rep.standard.id for rep in report.reports)
    sh = _Table(
        sheet("side_by_side", lang),
        [
            word("title_side_by_side", lang),
            f"{word('standard', lang)}: {ids}",
            f"{word('data_file', lang)}: {report.source} · {word('run_date', lang)}: "
            f"{day(report.run_date, lang)}",
        ],
    )
    head = [*_lead(report, lang), word("households", lang)]
    for rep in report.reports:
        for cls in ("poor", "near_poor"):
            label = f"{word(cls, lang)} ({rep.standard.id})"
            head += [label, f"{word('share', lang)} {label}"]
    sh.header(head, len(report.by), lang)
    first = report.reports[0]
    for section in SECTIONS:
        for i, row in enumerate(first.households[section]):
            cells = [*_lead_cells(report, section, row, lang), (row.values["households"], "count")]
            for rep in report.reports:
                other = rep.households[section][i].values
                for cls in ("poor", "near_poor"):
                    cells += [
                        (other[cls], "count"),
                        (_share(other[cls], other["households"]), "share"),
                    ]
            sh.data(cells, bold=row.level < len(report.by))
    return sh.sheet(len(report.by) + 2)


def _about(report: Report, lang: str) -> Sheet:
    """What the report is of: a line each, its label in bold, its value as text or a count."""
    import polars as pl

    lines: list[tuple[str, Any]] = [
        (word("data_file", lang), report.source),
        (word("run_date", lang), day(report.run_date, lang)),
        (word("as_of", lang), day(report.as_of, lang)),
    ]
    for rep in report.reports:
        s = rep.standard
        lines.append(
            (
                word("standard", lang),
                f"{s.id} ({s.version}): {s.title_vi if lang == 'vi' else s.title_en}",
            )
        )
        lines.append((word("reference", lang), rep.reference))
    acc = report.accounting
    lines += [
        (word("rows_read", lang), acc.rows_read),
        (word("reported", lang), acc.processed),
        (word("rejected", lang), acc.rejected),
    ]
    if report.previous is not None:
        prev = report.previous
        lines += [
            (word("previous_file", lang), prev.source),
            (f"{word('previous_file', lang)}: {word('rows_read', lang)}", prev.rows_read),
            (f"{word('previous_file', lang)}: {word('rejected', lang)}", prev.rejected),
        ]
        for rep in report.reports:
            column = prev.class_of.get(rep.standard.id)
            lines.append(
                (
                    f"{word('previous_class_column', lang)} ({rep.standard.id})",
                    prev.headers.get(column, column)
                    if column is not None
                    else word("no_previous_class", lang),
                )
            )
    # a frame for each run of lines whose values are all text or all counts
    frames = [
        pl.DataFrame(
            [[label for label, _ in run], [v if counts else str(v) for _, v in run]],
            schema={"label": pl.String, "value": pl.Int64 if counts else pl.String},
            orient="col",
        )
        for counts, group in groupby(lines, key=lambda line: isinstance(line[1], int))
        for run in [list(group)]
    ]
    layout = Layout(
        titles=(word("title_about", lang),),
        headless=True,
        bold_columns=frozenset({"label"}),
        widths=(34, 90),
    )
    formats = {"label": NumberFormat.TEXT, "value": NumberFormat.TEXT}
    return Sheet(sheet("about", lang), frames, formats, layout)
