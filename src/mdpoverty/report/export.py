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
from typing import Any

from ..io.writers import FORMULA_START, PLAIN_NUMBER
from ..labels import day
from ..labels import report_sheet as sheet
from ..labels import report_word as word
from .previous import ABSENT
from .summary import MOVEMENTS, SECTIONS, Report, Row, StandardReport

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
    standard's previous class -> class now -> households, `absent` for a missing side."""
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
            "class_columns": prev.class_of,
            "rows_read": prev.rows_read,
            "used": prev.used,
            "rejected": prev.rejected,
            "reject_reasons": dict(prev.reject_reasons),
            "skipped": prev.skipped,
            "skipped_reasons": dict(prev.skipped_reasons),
            "on_both_lists": prev.matched,
            "absent_now": prev.absent,
            "new_to_this_list": prev.new,
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


def _unit_header(report: Report) -> list[str]:
    fixed = {"standard", "table", "area", "level", "measure", "households", "share"}
    return [c if c not in fixed else f"{c}_unit" for c in report.by]


def tidy_rows(report: Report) -> list[list[Any]]:
    """One row per standard, table, area, unit and measure (the header first)."""
    header = ["standard", "table", "area", "level", *_unit_header(report)]
    header += ["measure", "households", "share"]
    out: list[list[Any]] = [header]

    def unit(row: Row) -> list[Any]:
        cells = [_csv_safe(row.path[i]) if i < row.level else "" for i in range(len(report.by))]
        return [level_name(report, row.level), *cells]

    def fmt(share: float | None) -> str:
        return "" if share is None else f"{share:.6f}"

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


class _Sheet:
    """One table on a worksheet: title rows, a bold frozen header with a filter, formats."""

    def __init__(self, book, name: str, formats: dict) -> None:
        self.ws = book.add_worksheet(name)
        self.f = formats
        self.row = 0
        self.widths: dict[int, int] = {}  # characters: the header's, then the longest text
        self.largest: dict[int, float] = {}  # the largest count of each column

    def titles(self, lines: list[str]) -> None:
        for i, line in enumerate(lines):
            self.ws.write_string(self.row, 0, line, self.f["title"] if i == 0 else self.f["meta"])
            self.row += 1
        self.row += 1

    def header(self, cells: list[str]) -> None:
        self.header_row = self.row
        for col, text in enumerate(cells):
            self.ws.write_string(self.row, col, text, self.f["header"])
            # a header wraps: its width counts for at most 18 characters
            self.widths[col] = min(len(text), 18)
        self.ncols = len(cells)
        self.row += 1

    def data(self, cells: list[tuple[Any, str]], bold: bool = False) -> None:
        suffix = "_bold" if bold else ""
        widths, largest = self.widths, self.largest
        for col, (value, kind) in enumerate(cells):
            if value is None:
                continue  # a blank cell: nothing to write
            if kind == "text":
                text = str(value)
                self.ws.write_string(self.row, col, text, self.f["text" + suffix])
                if len(text) > widths.get(col, 0):
                    widths[col] = len(text)
            else:
                self.ws.write_number(self.row, col, value, self.f[kind + suffix])
                if kind == "count" and value > largest.get(col, 0):
                    largest[col] = value
        self.row += 1

    def finish(self, frozen_cols: int) -> None:
        last = max(self.row - 1, self.header_row)
        self.ws.autofilter(self.header_row, 0, last, self.ncols - 1)
        self.ws.freeze_panes(self.header_row + 1, frozen_cols)
        for col in range(self.ncols):
            number = len(f"{int(self.largest.get(col, 0)):,}")
            width = max(self.widths.get(col, 0), number, 7)  # 7: '100.00%'
            self.ws.set_column(col, col, min(width, 48) + 2)


def _formats(book) -> dict:
    base = {"font_name": "Calibri", "font_size": 11}
    f = {
        "title": book.add_format({**base, "bold": True, "font_size": 13}),
        "meta": book.add_format(base),
        "header": book.add_format(
            {
                **base,
                "bold": True,
                "text_wrap": True,
                "valign": "top",
                "border": 1,
                "bg_color": "#DDEBF7",
            }
        ),
    }
    for bold in (False, True):
        suffix = "_bold" if bold else ""
        f["text" + suffix] = book.add_format({**base, "bold": bold})
        f["count" + suffix] = book.add_format({**base, "bold": bold, "num_format": "#,##0"})
        f["share" + suffix] = book.add_format({**base, "bold": bold, "num_format": "0.00%"})
    return f


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


def write_xlsx(report: Report, path: str, lang: str = "en") -> None:
    """The workbook: an About sheet, then per standard a sheet per table (and the standards
    side by side when there are several)."""
    import xlsxwriter

    # constant_memory: each row goes to disk as it is written, so a national report by commune
    # does not hold its cells in memory
    book = xlsxwriter.Workbook(
        path,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    try:
        f = _formats(book)
        _about(book, f, report, lang)
        several = len(report.reports) > 1
        for k, rep in enumerate(report.reports):
            prefix = f"{k + 1} " if several else ""
            _households_sheet(book, f, report, rep, lang, prefix)
            for cls in ("poor", "near_poor"):
                if cls in rep.deprivation:
                    _deprivation_sheet(book, f, report, rep, cls, lang, prefix)
            if rep.movements:
                _movements_sheet(book, f, report, rep, lang, prefix)
                _transitions_sheet(book, f, report, rep, lang, prefix)
        if several:
            _side_by_side(book, f, report, lang)
    finally:
        book.close()


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


def _households_sheet(book, f, report: Report, rep: StandardReport, lang: str, prefix: str) -> None:
    sh = _Sheet(book, prefix + sheet("households", lang), f)
    sh.titles(_titles(report, rep, "title_households", lang))
    keys = rep.household_keys(report.ethnic)
    head = _lead(report, lang)
    for key in keys:
        head.append(word(key, lang))
        if key != "households":
            head.append(f"{word('share', lang)} {word(key, lang)}")
    sh.header(head)
    for section in SECTIONS:
        for row in rep.households[section]:
            cells = _lead_cells(report, section, row, lang)
            for key in keys:
                cells.append((row.values[key], "count"))
                if key != "households":
                    cells.append((shares(rep, key, row.values), "share"))
            sh.data(cells, bold=row.level < len(report.by))
    sh.finish(len(report.by) + 2)


def _deprivation_sheet(
    book, f, report: Report, rep: StandardReport, cls: str, lang: str, prefix: str
) -> None:
    sh = _Sheet(book, prefix + sheet(f"deprivation_{cls}", lang), f)
    sh.titles(_titles(report, rep, f"title_deprivation_{cls}", lang))
    head = [*_lead(report, lang), word(cls, lang)]
    for ind in rep.indicators:
        en, vi = rep.indicator_labels[ind]
        label = vi if lang == "vi" else en
        head += [label, f"{word('share', lang)} {label}"]
    sh.header(head)
    for section in SECTIONS:
        for row in rep.deprivation[cls][section]:
            whole = row.values["households"]
            cells = [*_lead_cells(report, section, row, lang), (whole, "count")]
            for ind in rep.indicators:
                cells += [(row.values[ind], "count"), (_share(row.values[ind], whole), "share")]
            sh.data(cells, bold=row.level < len(report.by))
    sh.finish(len(report.by) + 2)


def _movements_sheet(book, f, report: Report, rep: StandardReport, lang: str, prefix: str) -> None:
    sh = _Sheet(book, prefix + sheet("movements", lang), f)
    sh.titles(_titles(report, rep, "title_movements", lang))
    sh.header([*_lead(report, lang), *(word(k, lang) for k in MOVEMENTS)])
    assert rep.movements is not None
    for section in SECTIONS:
        for row in rep.movements[section]:
            cells = _lead_cells(report, section, row, lang)
            cells += [(row.values[k], "count") for k in MOVEMENTS]
            sh.data(cells, bold=row.level < len(report.by))
    sh.finish(len(report.by) + 2)


def _transitions_sheet(
    book, f, report: Report, rep: StandardReport, lang: str, prefix: str
) -> None:
    assert rep.transitions is not None
    sh = _Sheet(book, prefix + sheet("transitions", lang), f)
    sh.titles(_titles(report, rep, "title_transitions", lang))
    columns = [*rep.classes, ABSENT]
    sh.header(
        [
            f"{word('previous_class', lang)} \\ {word('current_class', lang)}",
            *(word(c, lang) for c in columns),
        ]
    )
    for was, row in rep.transitions.items():
        cells: list[tuple[Any, str]] = [(word(was, lang), "text")]
        cells += [(row.get(c), "count") for c in columns]
        sh.data(cells)
    sh.finish(1)


def _side_by_side(book, f, report: Report, lang: str) -> None:
    sh = _Sheet(book, sheet("side_by_side", lang), f)
    ids = ", ".join(rep.standard.id for rep in report.reports)
    sh.titles(
        [
            word("title_side_by_side", lang),
            f"{word('standard', lang)}: {ids}",
            f"{word('data_file', lang)}: {report.source} · {word('run_date', lang)}: "
            f"{day(report.run_date, lang)}",
        ]
    )
    head = [*_lead(report, lang), word("households", lang)]
    for rep in report.reports:
        for cls in ("poor", "near_poor"):
            label = f"{word(cls, lang)} ({rep.standard.id})"
            head += [label, f"{word('share', lang)} {label}"]
    sh.header(head)
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
    sh.finish(len(report.by) + 2)


def _about(book, f, report: Report, lang: str) -> None:
    ws = book.add_worksheet(sheet("about", lang))
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 90)
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
    ws.write_string(0, 0, word("title_about", lang), f["title"])
    for i, (label, value) in enumerate(lines, start=2):
        ws.write_string(i, 0, label, f["text_bold"])
        if isinstance(value, int):
            ws.write_number(i, 1, value, f["count"])
        else:
            ws.write_string(i, 1, str(value), f["text"])
