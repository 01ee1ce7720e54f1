"""`mdpoverty explain`."""

from __future__ import annotations

import json
from dataclasses import asdict
from decimal import Decimal
from fractions import Fraction
from typing import Annotated

import typer

from .common import (
    AsOfOpt,
    ColumnsOpt,
    EncodingOpt,
    HeaderRowOpt,
    Lang,
    LangOpt,
    MemberEncodingOpt,
    MemberSheetOpt,
    MembersOpt,
    SheetOpt,
    StandardOpt,
    chosen_reasons,
    err_console,
    handles_errors,
    note_out_of_force,
    open_inputs,
    out_console,
    parse_date,
    resolve_standards,
    styled,
    use_marks,
    why_chosen,
)

TEXT = {
    "en": {
        "title": "Household {id} (row {row}) under {std}",
        "income": "Income per person per month: {inc}; line applied ({area}): {line}",
        "per_year": "{month} ({year} a year ÷ 12)",
        "at_or_below": "at or below the line",
        "above": "above the line",
        "not_compared": "not compared (a cell classify rejects)",
        "indicator": "indicator",
        "dimension": "dimension",
        "rule": "deprived when (this household)",
        "verdict": "verdict",
        "deprived": "DEPRIVED",
        "not_deprived": "not deprived",
        "count": "Deprivations: {n}",
        "class": "Class: {label} ({cls}), by rule {i}: {rule}",
        "with_values": "  with this household's values: {rule}",
        "member_rows": "member rows: {rows}",
        "unknown": "UNKNOWN (classify rejects it)",
        "unknown_rows": "member rows left unknown: {rows}",
        "rejected": "No class: classify rejects this household (exit code 3), because:",
        "from_mark": "mark in column '{column}'",
        "marks_under": "The list's marks are read from the columns under '{group}'.",
        "shown": "{column}: the workbook stores {stored}; read as Excel shows it: {read}",
    },
    "vi": {
        "title": "Hộ {id} (dòng {row}) theo chuẩn {std}",
        "income": "Thu nhập bình quân đầu người/tháng: {inc}; chuẩn áp dụng ({area}): {line}",
        "per_year": "{month} ({year}/năm ÷ 12)",
        "at_or_below": "bằng hoặc thấp hơn chuẩn",
        "above": "cao hơn chuẩn",
        "not_compared": "chưa so sánh được (ô bị classify loại)",
        "indicator": "Chỉ số",
        "dimension": "Chiều",
        "rule": "Thiếu hụt khi (giá trị của hộ)",
        "verdict": "Kết luận",
        "deprived": "THIẾU HỤT",
        "not_deprived": "không thiếu hụt",
        "count": "Số chỉ số thiếu hụt: {n}",
        "class": "Phân loại: {label}, theo quy tắc {i}: {rule}",
        "with_values": "  với giá trị của hộ: {rule}",
        "member_rows": "dòng thành viên: {rows}",
        "unknown": "CHƯA RÕ (classify loại hộ)",
        "unknown_rows": "dòng thành viên chưa rõ: {rows}",
        "rejected": "Không phân loại: classify loại hộ này (mã thoát 3), vì:",
        "from_mark": "dấu ở cột '{column}'",
        "marks_under": "Dấu thiếu hụt của danh sách được đọc từ các cột dưới '{group}'.",
        "shown": "{column}: bảng tính lưu {stored}; đọc như Excel hiển thị: {read}",
    },
}


def _rows(rows: list[int]) -> str:
    """'4, 7, 12' (at most 20, then how many more)."""
    shown = ", ".join(str(r) for r in rows[:20])
    return shown + (f" (+{len(rows) - 20})" if len(rows) > 20 else "")


def _money(value: object, lang: str) -> str:
    """An amount as people write it, or '—' for a cell classify rejects."""
    from .. import labels

    return "—" if value is None else labels.money(value, lang)  # type: ignore[arg-type]


def _plain(value: object) -> object:
    """Exact decimals as JSON numbers: whole ones whole (a parameter such as 0.5, an income
    with cents: at most 15 digits, which a float prints back exactly)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Fraction):  # an aggregate over members, such as a share
        return value.numerator if value.denominator == 1 else float(value)
    return value


def _exact_json(data: dict) -> dict:
    """An explanation's amounts that are no finite decimal (a yearly income / 12, an annual
    line / 12) as their exact fraction's text ('18000001/12'), never a float."""

    def exact(value: object) -> object:
        if not isinstance(value, Fraction):
            return value
        as_decimal = Decimal(value.numerator) / Decimal(value.denominator)
        return as_decimal if Fraction(as_decimal) == value else f"{value}"

    for key in ("income", "income_line_exact"):
        data[key] = exact(data.get(key))
    for term in data.get("terms", {}).values():  # the monthly income a rule reads
        if term.get("kind") == "money":
            term["value"] = exact(term.get("value"))
    return data


@handles_errors
def explain(
    input: Annotated[str, typer.Argument(help="Households file (as for classify).")],
    household_id: Annotated[str, typer.Option("--id", help="The household_id to explain.")],
    standard: StandardOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = Lang.EN,
    as_json: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
    encoding: EncodingOpt = "utf-8",
    sheet: SheetOpt = None,
    columns: ColumnsOpt = None,
    header_row: HeaderRowOpt = None,
    members: MembersOpt = None,
    member_sheet: MemberSheetOpt = None,
    member_encoding: MemberEncodingOpt = None,
) -> None:
    """Explain one household's class: income against the line, each indicator, the rule that fired.

    With --members, each member-based indicator is computed from the household's member rows,
    and the member-file rows that made it deprived are listed (by row number only).

    Example:

        \b
        mdpoverty explain households.csv --id QN0000042 --lang vi
        mdpoverty explain households.csv --members members.csv --id QN0000042
    """
    from rich.table import Table

    from .. import labels
    from ..explain.household import explain_household, rule_text

    on = parse_date(as_of)
    compiled = resolve_standards(standard, on, members is not None)
    note_out_of_force(err_console(), compiled, on, lang.value)  # stdout may be --json
    table, member_file = open_inputs(
        input,
        encoding,
        sheet,
        columns,
        header_row,
        compiled,
        lang.value,
        members=members,
        member_encoding=member_encoding,
        member_sheet=member_sheet,
    )
    compiled = use_marks(table, compiled, lang.value)
    roster = member_file.table if member_file is not None else None
    console = out_console()
    reasons = chosen_reasons(compiled, standard, as_of, on)
    with why_chosen(reasons):
        explanations = explain_household(table, compiled, household_id, roster)
    rejected = any(e.rejected for e in explanations)
    if as_json:
        data = [_exact_json(asdict(e)) for e in explanations]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_plain))
        if rejected:
            raise typer.Exit(3)
        return
    from ..columns import user_name
    from ..run.layout import input_headers
    from .render import reason_text

    # the columns named as the files name them (as classify does; in English, the id after)
    own = input_headers(table)
    # a reason names a list's marks as the rejects file does (deprived_<id>): by its header too
    headers = {
        **(input_headers(roster) if roster is not None else {}),
        **{user_name(c): h for c, h in own.items()},
        **own,
    }
    vi = lang is Lang.VI
    t = TEXT[lang.value]
    for e in explanations:
        title = t["title"].format(id=e.household_id, row=e.row, std=e.standard_id)
        console.print(styled((title, "bold")))
        if e.income_at_or_below_line is None:  # the income or the area rejected
            verdict = t["not_compared"]
        else:
            verdict = t["at_or_below"] if e.income_at_or_below_line else t["above"]
        inc = _money(e.income, lang)
        if e.income_year is not None:  # a list of income per year: as read, then / 12 exactly
            inc = t["per_year"].format(
                month=labels.money_exact(e.income, lang), year=_money(e.income_year, lang)
            )
        line = _money(e.income_line, lang)
        if e.income_line_exact is not None and e.income_year is not None:
            line = labels.money_exact(e.income_line_exact, lang)  # what it is compared with
        income = t["income"].format(
            inc=inc,
            area="—" if e.area is None else labels.area_value(e.area, lang) if vi else e.area,
            line=line,
        )
        console.print(f"{income}: {verdict}", markup=False)
        for column, cell in e.read_as_shown.items():  # a number format's rounding, said
            shown = t["shown"].format(column=headers.get(column, column), **cell)
            console.print(shown, markup=False)
        # the columns of marks under one group label: the label said once, each by its own cell
        groups = {v.mark_group for v in e.indicators if v.rule is None}
        group = groups.pop() if len(groups) == 1 else None
        if group is not None:
            console.print(t["marks_under"].format(group=group), markup=False)
        table = Table()
        for head in ("indicator", "dimension", "rule", "verdict"):
            # a long column id in a rule is folded onto the next line, never cut; a dimension,
            # said once per group, leaves the rule the room
            table.add_column(
                t[head],
                overflow="fold" if head == "rule" else "ellipsis",
                max_width=16 if head == "dimension" else None,
            )
        previous = None
        for v in e.indicators:
            dimension = v.dimension_vi if vi else v.dimension_en
            # a dimension said once, on its first indicator (they follow one another)
            dimension, previous = ("" if dimension == previous else dimension), dimension
            if v.rule is None:  # the list's own verdict, no rule applied
                column = v.mark_cell if group is not None else v.mark_column
                shown = t["from_mark"].format(column=column)
            else:
                named = rule_text(v.rule, e.terms, lang, valued=False)
                shown = f"{named}\n{rule_text(v.rule, e.terms, lang, valued=True)}"
            rows = ""
            if v.member_rows:
                rows += "\n" + t["member_rows"].format(rows=_rows(v.member_rows))
            if v.unknown_rows:
                rows += "\n" + t["unknown_rows"].format(rows=_rows(v.unknown_rows))
            table.add_row(
                v.label_vi if vi else v.label_en,
                dimension,
                f"{shown}{rows}",
                styled((t["deprived"], "bold red"))
                if v.deprived
                else styled((t["unknown"], "bold yellow"))
                if v.unknown
                else t["not_deprived"],
            )
        console.print(table)
        if e.rejected:
            console.print(styled((t["rejected"], "bold yellow")))
            for item in e.rejected:
                column, reason = reason_text(item, lang.value, headers)
                told = labels.reason_advice(item.partition(":")[2], lang.value)
                told = f" ({told})" if told else ""  # what to do (round a formula's cell...)
                console.print(f"  {column}: {reason}{told}", markup=False)
            continue
        console.print(t["count"].format(n=e.deprivation_count))
        label = labels.class_value(e.class_id, lang) if vi else e.class_label_en
        rule = rule_text(e.rule_text, e.terms, lang, valued=False)
        console.print(
            t["class"].format(label=label, cls=e.class_id, i=e.rule_index + 1, rule=rule),
            markup=False,
        )
        if e.rule_text != "otherwise":
            valued = rule_text(e.rule_text, e.terms, lang, valued=True)
            console.print(t["with_values"].format(rule=valued), markup=False)
    if rejected:
        raise typer.Exit(3)
