"""Rich renderings of the core's result structures."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from typing import Protocol

from rich.console import Console
from rich.table import Table

from .. import labels
from ..io.layout import SKIP_REASONS
from ..labels import EN, VI
from ..run.pipeline import Accounting, Breakdown, ClassCounts, ClassifyResult
from ..standard.model import CLASS_ORDER
from ..text import one_line, plural, quoted
from .common import shown_path, styled, styled_format

TEXT = {
    "en": {
        "title": "{id} (version {version}): {title}",
        "by": "{id}: by {unit}",
        "weighted_title": "{id}: weighted, the sum of the weights in {weight}",
        "weighted_by": "{id}: by {unit}, weighted (the sum of the weights in {weight})",
        "weighted_households": "weighted",
        "read": "{mark} rows read {read} = {processed} {n} + rejected {rejected} + skipped {skipped}",
        "skipped": "  skipped, not households: {rows}",
        "row": "row",
        "rows": "rows",
        "classified": "classified",
        "compared": "compared",
        "measured": "measured",
        "reported": "reported",
        "no_reconcile": "✗ DOES NOT RECONCILE",
        "none_valid": "✗ NO VALID ROW",
        "rejected_title": "Rejected cells by column and reason",
        "example": "  row {row}, column {column}: {text}{value}",
        "more": "  ... every rejected row, with its reasons, is in the rejects file",
        "more_option": "  --rejects PATH writes every rejected row, with its reasons",
        "output": "output: {path}",
        "rejects": "rejects: {path}",
        "note": "note:",
        "left": " nothing was rejected, so no rejects file was written; {path} is not from this"
        " run and was left as it was",
    },
    "vi": {
        "title": "{id} (phiên bản {version}): {title}",
        "by": "{id}: theo {unit}",
        "weighted_title": "{id}: theo trọng số, tổng trọng số ở cột {weight}",
        "weighted_by": "{id}: theo {unit}, theo trọng số (tổng trọng số ở cột {weight})",
        "weighted_households": "Tổng trọng số",
        "read": "{mark} số dòng đã đọc {read} = {processed} {n} + bị loại {rejected} + bỏ qua {skipped}",
        "skipped": "  bỏ qua, không phải hộ: {rows}",
        "row": "dòng",
        "rows": "dòng",
        "classified": "đã phân loại",
        "compared": "đã so sánh",
        "measured": "đã tính",
        "reported": "đã báo cáo",
        "no_reconcile": "✗ KHÔNG KHỚP",
        "none_valid": "✗ KHÔNG CÓ DÒNG HỢP LỆ",
        "rejected_title": "Các ô bị loại, theo cột và lý do",
        "example": "  dòng {row}, cột {column}: {text}{value}",
        "more": "  ... mọi dòng bị loại, kèm lý do, có trong tệp các dòng bị loại",
        "more_option": "  --rejects PATH ghi mọi dòng bị loại, kèm lý do",
        "output": "kết quả: {path}",
        "rejects": "các dòng bị loại: {path}",
        "note": "lưu ý:",
        "left": " không có dòng nào bị loại nên không ghi tệp các dòng bị loại; {path} không do"
        " lần chạy này ghi và được giữ nguyên",
    },
}
CLASS_LABELS = {c: labels.class_label(c, EN) for c in CLASS_ORDER}


def share(n: int | Fraction, total: int | Fraction, lang: str = EN) -> str:
    """n as a percentage of total (`labels.share`: exactly, then rounded; `<0.01%` for a share
    that is not 0 but rounds to it); a sum of weights too."""
    return labels.share(n, total, lang)


def weighted_count(value: Fraction, lang: str = EN) -> str:
    """A sum of weights: whole as a count (1,234), else rounded to two decimals (1,234.57;
    1.234,57 in Vietnamese); a sum that is not 0 but rounds to 0.00 by its first three
    significant digits (0.004, 0.00333, 1e-12), never as 0. The JSON and CSV of a command
    that has one give it exactly."""
    if value < 0:
        return "-" + weighted_count(-value, lang)
    if value.denominator == 1:
        return labels.count(value.numerator, lang)
    cents = round(value * 100)
    if not cents:
        text = significant(value)
        return text.replace(".", ",") if lang == VI else text
    whole, part = divmod(cents, 100)
    return f"{labels.count(whole, lang)}{',' if lang == VI else '.'}{part:02d}"


def significant(value: Fraction, digits: int = 3) -> str:
    """A positive number by its first `digits` significant digits, rounded exactly (no float:
    a sum of weights of 1e-400 is no 0): as a decimal down to 0.000001, below that as a power
    of ten, as a survey program writes a weight.

    >>> significant(Fraction(1, 300)), significant(Fraction(1, 10**12))
    ('0.00333', '1e-12')
    """
    exponent = len(str(value.numerator)) - len(str(value.denominator))
    if Fraction(10) ** exponent > value:
        exponent -= 1  # now 10**exponent <= value < 10**(exponent + 1)
    mantissa = round(value / Fraction(10) ** (exponent - digits + 1))
    if mantissa == 10**digits:  # 9.995 rounds to 10.0
        mantissa, exponent = mantissa // 10, exponent + 1
    shown = str(mantissa).rstrip("0") or "0"
    if exponent >= 0 or exponent < -6:
        point = f"{shown[0]}.{shown[1:]}" if len(shown) > 1 else shown
        return point if exponent == 0 else f"{point}e{exponent}"
    return f"0.{'0' * (-exponent - 1)}{shown}"


def counts_table(counts: ClassCounts, lang: str = EN, weight: str | None = None) -> Table:
    """Households per class, overall and by area: the rows counted, or with `weight` (the
    column, as the file names it) the sums of their weights, and each class's share."""
    s = counts.standard
    t = TEXT[lang]
    title = t["title"].format(
        id=s.id, version=s.version, title=s.title_vi if lang == VI else s.title_en
    )
    if s.provisional:
        title += f" [{labels.word('provisional', lang)}]"
    if weight is not None:
        title = t["weighted_title"].format(id=s.id, weight=quoted(weight))
    table = Table(title=title, title_justify="left")
    # Vietnamese labels are longer: on a narrow console they wrap rather than being cut; so do
    # the classes of a weighted table, whose sums are wider, and a sum too wide is folded
    wrap = lang == VI
    table.add_column(labels.word("class", lang), no_wrap=not wrap and weight is None)
    fold = "fold" if weight is not None else None
    # the areas that have households (a weighted table has the same columns as the counts')
    areas = [a for a, per in counts.by_area.items() if sum(per.values())]
    for head in ["all", *areas]:
        table.add_column(labels.word(head, lang), justify="right", no_wrap=not wrap, overflow=fold)
        table.add_column("%", justify="right", no_wrap=True)
    overall: dict[str, int] | dict[str, Fraction] = counts.overall
    by_area: dict[str, dict[str, int]] | dict[str, dict[str, Fraction]] = counts.by_area
    num = labels.count
    if weight is not None:
        assert counts.weighted is not None and counts.weighted_by_area is not None
        overall, by_area, num = counts.weighted, counts.weighted_by_area, weighted_count  # type: ignore[assignment]
    total = sum(overall.values())
    totals = {a: sum(per.values()) for a, per in by_area.items()}
    for cls in counts.classes:
        cells = [num(overall[cls], lang), share(overall[cls], total, lang)]  # type: ignore[arg-type]
        for a in areas:
            n = by_area[a][cls]
            cells += [num(n, lang), share(n, totals[a], lang)]  # type: ignore[arg-type]
        table.add_row(labels.class_label(cls, lang), *cells)
    cells = [num(total, lang), share(total, total, lang)]  # type: ignore[arg-type]
    for a in areas:
        cells += [num(totals[a], lang), share(totals[a], totals[a], lang)]  # type: ignore[arg-type]
    table.add_row(labels.word("total", lang), *cells, style="bold")
    return table


def _unit_word(column: str, lang: str) -> str:
    return labels.word(column, lang) if column in ("province", "district", "commune") else column


def group_names(keys: list[tuple[str | None, ...]], lang: str = EN) -> list[str]:
    """A name per group of a unit breakdown (`columns.unit_names`): the unit's own name, with
    the units above it in parentheses when another group has that name too."""
    from ..columns import unit_names

    return unit_names(keys, labels.word("blank", lang))


def name_width(names: list[str]) -> int:
    """The width a group column keeps on a narrow console: its longest name, up to 24."""
    return min(max((len(n) for n in names), default=0), 24)


def breakdown_table(
    counts: ClassCounts, b: Breakdown, lang: str = EN, weight: str | None = None
) -> Table:
    """Households per class in each group of a --by breakdown: the count, and under it the
    share of the group's households; with `weight` (the column, as the file names it), the
    sums of their weights and the shares of the group's sum."""
    t = TEXT[lang]
    unit = _unit_word(b.columns[-1], lang)
    title = t["by"].format(id=counts.standard.id, unit=unit.lower())
    groups: dict = b.groups
    num = labels.count
    if weight is not None:
        assert b.weighted is not None
        title = t["weighted_by"].format(
            id=counts.standard.id, unit=unit.lower(), weight=quoted(weight)
        )
        groups, num = b.weighted, weighted_count  # type: ignore[assignment]
    table = Table(title=title, title_justify="left")
    names = group_names(list(groups), lang)
    table.add_column(unit, min_width=name_width(names))
    head = t["weighted_households"] if weight is not None else labels.word("households", lang)
    table.add_column(head, justify="right")
    for cls in counts.classes:
        table.add_column(labels.class_short(cls, lang), justify="right")
    for name, per in zip(names, groups.values(), strict=True):
        total = sum(per.values())
        cells = [name, num(total, lang)]
        for cls in counts.classes:
            cells.append(f"{num(per[cls], lang)}\n{share(per[cls], total, lang)}")
        table.add_row(*cells, end_section=True)
    return table


def column_name(column: str, lang: str = EN, headers: dict[str, str] | None = None) -> str:
    """A column as the file names it (`headers`), on one line; in English followed by
    mdpoverty's id in parentheses when they differ (`Thu nhập BQ (income_per_capita_month)`).
    In Vietnamese, a column the file does not name (a member column in a household line,
    `report`'s lines) by its documented header, never its code."""
    from ..columns import BY_NAME, MEMBER_BY_NAME

    if headers and column in headers:
        header = one_line(headers[column])
        if lang == VI:  # a column with no header by its name in Vietnamese
            return labels.no_header_said(header, VI)
        return header if header == column else f"{header} ({column})"
    if lang == VI:
        known = BY_NAME.get(column) or MEMBER_BY_NAME.get(column)
        if known is not None:
            return known.vi_header
    return column


def column_cited(column: str, lang: str = EN, headers: dict[str, str] | None = None) -> str:
    """A column as a line citing a row names it: its header quoted (on one line, cut), in
    English followed by the id when they differ (`'Thu nhập BQ' (income_per_capita_month)`).

    >>> column_cited("area", "en", {"area": "Khu vực"})
    "'Khu vực' (area)"
    """
    if lang != VI and headers and column in headers:
        header = one_line(headers[column])
        return quoted(header) + ("" if header == column else f" ({column})")
    return quoted(column_name(column, lang, headers))


def reason_text(
    item: str, lang: str = EN, headers: dict[str, str] | None = None
) -> tuple[str, str]:
    column, _, reason = item.partition(":")
    return column_name(column, lang, headers), labels.reason_text(reason, lang)


def reasons_table(title: str, reasons, lang: str, headers) -> Table:
    """Rejected cells by column and reason, the commonest first."""
    table = Table(title=title, title_justify="left")
    table.add_column(labels.word("column", lang))
    table.add_column(labels.word("reason", lang))
    table.add_column(labels.word("cells", lang), justify="right")
    for item, n in reasons.most_common():
        column, reason = reason_text(item, lang, headers)
        table.add_row(column, reason, labels.count(n, lang))
    return table


def verdict(holds: bool, done: int, lang: str = EN) -> tuple[str, str]:
    """The mark before a reconciliation line (every command's): the success mark only when the
    counts add up and some row went through; a run that rejected every row reconciles, but is
    no success (`done`: the rows classified, measured, compared, reported or used)."""
    if not holds:
        return TEXT[lang]["no_reconcile"], "bold red"
    if done <= 0:
        return TEXT[lang]["none_valid"], "bold red"
    return "✓", "green"


def accounting(
    acc: Accounting,
    console: Console,
    processed: str = "classified",
    lang: str = EN,
    headers: dict[str, str] | None = None,
    rejects_file: bool = True,
) -> None:
    """The reconciliation line and, when rows were rejected, why; `headers` name the columns
    as the file does (in Vietnamese, where its own headers are the ones its reader knows);
    `rejects_file`: whether the rejected rows were written to a file."""
    headers = {**acc.headers, **(headers or {})}
    t = TEXT[lang]
    mark = verdict(acc.reconciled, acc.processed, lang)
    num = labels.count
    console.print(
        styled_format(
            t["read"],
            mark=mark,
            read=num(acc.rows_read, lang),
            processed=t[processed],
            n=num(acc.processed, lang),
            rejected=num(acc.rejected, lang),
            skipped=num(acc.skipped, lang),
        )
    )
    if acc.skipped:
        console.print(t["skipped"].format(rows=skipped_text(acc, lang)), markup=False)
    if not acc.rejected:
        return
    console.print(reasons_table(t["rejected_title"], acc.reject_reasons, lang, headers))
    for ex in acc.reject_examples[:10]:
        text = labels.reason_text(ex.reason, lang)
        # a header or cell as every message shows one: on one line, cut
        value = f" ({quoted(ex.value)})" if ex.value not in (None, "") else ""
        console.print(
            t["example"].format(
                row=ex.row,
                column=column_cited(ex.column, lang, headers),
                text=text,
                value=value,
            ),
            markup=False,
        )
    # what to do, once per reason that needs saying (never a cell's value)
    advised = dict.fromkeys(item.partition(":")[2] for item in acc.reject_reasons)
    for reason in advised:
        told = labels.reason_advice(reason, lang)
        if told is not None:
            text = f" {labels.reason_text(reason, lang)}: {told}"
            console.print(styled((t["note"], "yellow"), text))
    blank = blank_members_hint(acc.reject_reasons, lang, headers)
    if blank is not None:
        console.print(styled((t["note"], "yellow"), " " + blank))
    if not rejects_file:
        console.print(t["more_option"])
    elif len(acc.reject_examples) > 10 or acc.rejected > 10:
        console.print(t["more"])


def blank_members_hint(
    reasons: Counter[str], lang: str = EN, headers: dict[str, str] | None = None
) -> str | None:
    """For households rejected for a blank member cell (`unknown_from_members`) in yes/no
    columns of the member file: how to say that a blank is no there (a sheet of x and blanks),
    naming those columns and giving the mapping line; None when there are none."""
    from ..columns import MEMBER_BY_NAME, ColumnType

    columns = list(
        dict.fromkeys(
            column
            for item in reasons
            for column, _, reason in [item.partition(":")]
            if reason.partition("@")[0] == "unknown_from_members"
            and column in MEMBER_BY_NAME
            and MEMBER_BY_NAME[column].type is ColumnType.BOOLEAN
        )
    )
    if not columns:
        return None
    named = ", ".join(quoted(one_line((headers or {}).get(c, c))) for c in columns)
    line = f"blank_means_false: [{', '.join(columns)}]"
    if lang == VI:
        return (
            f"nếu ô trống ở các cột có/không {named} của tệp thành viên nghĩa là không (x là có,"
            f" để trống là không), hãy ghi các cột đó vào blank_means_false của tệp --columns"
            f" (cùng các cột đã ghi, nếu có): {line}"
        )
    return (
        f"if a blank cell in the member file's yes/no columns {named} means no (x for yes, blank"
        " for no), list them under blank_means_false in the --columns file (beside any listed"
        f" already): {line}"
    )


# why a row was skipped (io.layout): one row, several rows
SKIPPED = {
    "en": {
        "numbering": ("numbering row under the header", "numbering rows under the header"),
        "units": ("units row under the header", "units rows under the header"),
        "totals": ("totals row", "totals rows"),
        "blank": ("blank row", "blank rows"),
        "footer": (
            "row with no household id below the totals row",
            "rows with no household id below the totals row",
        ),
        "signature": (
            "signature block in the id column below the totals row",
            "rows of the signature block in the id column below the totals row",
        ),
    },
    "vi": {
        "numbering": ("dòng đánh số cột dưới tiêu đề", "dòng đánh số cột dưới tiêu đề"),
        "units": ("dòng đơn vị tính dưới tiêu đề", "dòng đơn vị tính dưới tiêu đề"),
        "totals": ("dòng tổng cộng", "dòng tổng cộng"),
        "blank": ("dòng trống", "dòng trống"),
        "footer": (
            "dòng không có mã hộ dưới dòng tổng cộng",
            "dòng không có mã hộ dưới dòng tổng cộng",
        ),
        "signature": (
            "dòng chữ ký ở cột mã hộ dưới dòng tổng cộng",
            "dòng chữ ký ở cột mã hộ dưới dòng tổng cộng",
        ),
    },
}


def _ranges(rows: list[int]) -> str:
    """'5-24, 30, 32-33' for rows 5..24, 30, 32, 33."""
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


class Skipped(Protocol):
    """What `skipped_text` reads: the household file's `Accounting`, or the previous list's."""

    skipped_reasons: Counter[str]
    skipped_rows: list[tuple[int, str]]


def skipped_text(acc: Skipped, lang: str = EN) -> str:
    """The skipped rows by reason: 'row 5 (numbering row under the header); rows 37-40 (4 blank
    rows)'; rows past the first ones listed are shown as '...'."""
    t = TEXT[lang]
    listed: dict[str, list[int]] = {}
    for row, reason in acc.skipped_rows:
        listed.setdefault(reason, []).append(row)
    for reason in acc.skipped_reasons:
        listed.setdefault(reason, [])
    parts = []
    for reason, rows in listed.items():
        n = acc.skipped_reasons.get(reason, len(rows))
        where = _ranges(rows) + (", ..." if n > len(rows) else "")
        one, many = SKIPPED[lang].get(reason, (SKIP_REASONS.get(reason, reason),) * 2)
        if n == 1:
            parts.append(f"{t['row']} {where} ({one})")
        else:
            parts.append(f"{t['rows']} {where} ({labels.count(n, lang)} {many})")
    return "; ".join(parts)


def classify_summary(
    result: ClassifyResult,
    console: Console,
    lang: str = EN,
    headers: dict[str, str] | None = None,
) -> None:
    t = TEXT[lang]
    weight = result.weight
    for counts in result.counts:
        console.print(counts_table(counts, lang))
        if weight is not None:  # the weighted figures under the rows counted
            console.print(counts_table(counts, lang, weight))
        for b in counts.breakdowns:
            console.print(breakdown_table(counts, b, lang))
            if weight is not None:
                console.print(breakdown_table(counts, b, lang, weight))
    accounting(result.accounting, console, lang=lang, headers=headers)
    if result.members is not None:
        member_accounting(result.members, console, lang)
    if result.output and result.output != "-":
        console.print(t["output"].format(path=shown_path(result.output)), markup=False)
    if result.rejects_path:
        console.print(t["rejects"].format(path=shown_path(result.rejects_path)), markup=False)
    rejects_left_note(result.rejects_left, console, lang)


def rejects_left_note(path: str | None, console: Console, lang: str = EN) -> None:
    """A note that an existing file of the rejects' name was left as it was."""
    if path:
        t = TEXT[lang]
        console.print(styled((t["note"], "yellow"), t["left"].format(path=shown_path(path))))


MEMBER_TEXT = {
    "en": {
        "read": "{mark} member rows read {read} = in accepted households {kept}"
        " + in rejected households {dropped} + rejected {rejected} + skipped {skipped}",
        "skipped": "  member rows skipped, not persons: {rows}",
        "title": "Rejected member rows by column and reason",
        "example": "  member row {row}, column {column}: {text}",
        "unknown": "  {n} household {ids} of the member file {are} not in the household file"
        " (their rows: unknown_household)",
        "warn": " {n} {households} a number of member rows other than {their} household_size;"
        " classified with {their} household_size (--size-mismatch warn){column}",
        "warn_column": "; in the output, column {name}",
        "warn_row": "  row {row}: household_size {size}, {n} member {rows}",
        "rejects": "member rejects: {path}",
        "ids": "{without} of {looked} {looked_households} found no member row and {unknown}"
        " {household_ids}"
        " of the member file {are} not in the household file: ids are compared as text, after"
        " trimming spaces, so '0012', '12' and 'hh12' are three households.",
        "ids_match": " {matches} of the {compared} unmatched member-file {ids} compared would"
        " match a household ignoring {kinds} (member row {member_row} '{member_id}', household"
        " row {household_row} '{household_id}'): write the ids alike in both files (as text,"
        " for a spreadsheet).",
        "kinds": {
            "leading_zeros": "leading zeros",
            "case": "letter case",
            "decimal": "a trailing '.0'",
        },
        "or": " or ",
    },
    "vi": {
        "read": "{mark} số dòng thành viên đã đọc {read} = thuộc hộ hợp lệ {kept}"
        " + thuộc hộ bị loại {dropped} + dòng bị loại {rejected} + bỏ qua {skipped}",
        "skipped": "  dòng thành viên bỏ qua, không phải người: {rows}",
        "title": "Các dòng thành viên bị loại, theo cột và lý do",
        "example": "  dòng thành viên {row}, cột {column}: {text}",
        "unknown": "  {n} mã hộ trong tệp thành viên không có trong tệp hộ"
        " (các dòng đó bị loại: không có hộ nào trong tệp hộ có mã này)",
        "warn": " {n} hộ có số dòng thành viên khác số nhân khẩu; vẫn phân loại theo số nhân"
        " khẩu (--size-mismatch warn){column}",
        "warn_column": "; trong tệp kết quả: cột «{name}»",
        "warn_row": "  dòng {row}: số nhân khẩu {size}, {n} dòng thành viên",
        "rejects": "các dòng thành viên bị loại: {path}",
        "ids": "{without} trên {looked} hộ không tìm thấy dòng thành viên nào và {unknown} mã hộ"
        " của tệp thành viên không có trong tệp hộ: mã hộ được so khớp như văn bản (sau khi bỏ"
        " khoảng trắng hai đầu), nên '0012', '12' và 'hh12' là ba hộ khác nhau.",
        "ids_match": " {matches} trên {compared} mã hộ không khớp của tệp thành viên sẽ khớp với"
        " một hộ nếu bỏ qua {kinds} (dòng thành viên {member_row} '{member_id}', dòng hộ"
        " {household_row} '{household_id}'): hãy ghi mã hộ giống nhau ở cả hai tệp (dạng văn"
        " bản, trong bảng tính).",
        "kinds": {
            "leading_zeros": "số 0 ở đầu",
            "case": "chữ hoa/chữ thường",
            "decimal": "phần '.0' ở cuối",
        },
        "or": " hoặc ",
    },
}


# English words after a count, one and many (text.plural makes every English plural)
_PLURAL = {
    "ids": ("id", "ids"),
    "are": ("is", "are"),
    "households": ("household has", "households have"),
    "their": ("its", "their"),
    "rows": ("row", "rows"),
}


def _plural(n: int, *words: str) -> dict[str, str]:
    """The English words of a count's sentence, one or many (Vietnamese has no plural: its
    sentences do not use them)."""
    return {w: plural(n, *_PLURAL[w]) for w in words}


def id_hint_text(acc, lang: str = EN) -> str | None:
    """One note when most households found no member (or most member ids no household):
    how ids are compared, and, when it is so, that they would match written another way."""
    hint = acc.id_hint
    loose = hint is not None and hint.matches > 0
    if not acc.ids_mostly_unmatched and not loose:
        return None
    t = MEMBER_TEXT[lang]
    num = labels.count
    text = t["ids"].format(
        without=num(acc.households_without_members, lang),
        looked=num(acc.households_looked_up, lang),
        unknown=num(acc.unknown_households, lang),
        looked_households=plural(acc.households_looked_up, "household"),
        household_ids=plural(acc.unknown_households, "household id"),
        are=plural(acc.unknown_households, "is", "are"),
    )
    if loose:
        assert hint is not None
        text += t["ids_match"].format(
            matches=num(hint.matches, lang),
            compared=num(hint.looked, lang),
            ids=plural(hint.looked, "id"),
            kinds=t["or"].join(t["kinds"][k] for k in hint.kinds),
            member_row=hint.member_row,
            member_id=hint.member_id,
            household_row=hint.household_row,
            household_id=hint.household_id,
        )
    return text


def member_accounting(acc, console: Console, lang: str = EN) -> None:
    """Where the member file's rows went (run.members.MemberAccounting); its columns named by
    the member file's own headers, as the household file's are (in English with the id
    after)."""
    t = MEMBER_TEXT[lang]
    headers = acc.headers
    num = labels.count
    mark = verdict(acc.reconciled, acc.in_accepted, lang)
    console.print(
        styled_format(
            t["read"],
            mark=mark,
            read=num(acc.rows_read, lang),
            kept=num(acc.in_accepted, lang),
            dropped=num(acc.in_rejected, lang),
            rejected=num(acc.rejected, lang),
            skipped=num(acc.skipped, lang),
        )
    )
    if acc.skipped:
        parts = []
        for reason, n in acc.skipped_reasons.items():
            one, many = SKIPPED[lang].get(reason, (SKIP_REASONS.get(reason, reason),) * 2)
            parts.append(f"{num(n, lang)} {one if n == 1 else many}")
        console.print(t["skipped"].format(rows="; ".join(parts)), markup=False)
    if acc.unknown_households:
        n = acc.unknown_households
        console.print(t["unknown"].format(n=num(n, lang), **_plural(n, "ids", "are")), markup=False)
    hint = id_hint_text(acc, lang)
    if hint is not None:
        console.print(styled((TEXT[lang]["note"], "yellow"), " " + hint))
    if acc.size_mismatch == "warn" and acc.size_mismatches:
        console.print(
            styled(
                (TEXT[lang]["note"], "yellow"),
                t["warn"].format(
                    n=num(acc.size_mismatches, lang),
                    **_plural(acc.size_mismatches, "households", "their"),
                    column=t["warn_column"].format(name=acc.size_flag_column)
                    if acc.size_flag_column
                    else "",
                ),
            )
        )
        for row, size, n in acc.size_mismatch_examples[:10]:
            said = t["warn_row"].format(row=row, size=size, n=n, **_plural(n, "rows"))
            console.print(said, markup=False)
    if acc.rejected:
        console.print(reasons_table(t["title"], acc.reject_reasons, lang, headers))
        for ex in acc.reject_examples[:10]:
            console.print(
                t["example"].format(
                    row=ex.row,
                    column=column_cited(ex.column, lang, headers),
                    text=labels.reason_text(ex.reason, lang),
                ),
                markup=False,
            )
    if acc.rejects_path:
        console.print(t["rejects"].format(path=shown_path(acc.rejects_path)), markup=False)
