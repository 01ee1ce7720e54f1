"""`mdpoverty explain`."""

from __future__ import annotations

import json
from dataclasses import asdict
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

import typer

from .common import (
    AsOfOpt,
    ColumnsOpt,
    EncodingOpt,
    SheetOpt,
    StandardOpt,
    handles_errors,
    open_table,
    out_console,
    parse_date,
    resolve_standards,
)


class Lang(StrEnum):
    vi = "vi"
    en = "en"


TEXT = {
    "en": {
        "title": "Household {id} (row {row}) under {std}",
        "income": "Income per person per month: {inc} VND; line applied ({area}): {line} VND",
        "at_or_below": "at or below the line",
        "above": "above the line",
        "indicator": "indicator",
        "dimension": "dimension",
        "values": "values",
        "rule": "deprived when",
        "verdict": "verdict",
        "deprived": "DEPRIVED",
        "not_deprived": "not deprived",
        "count": "Deprivations: {n}",
        "class": "Class: {label} ({cls}), by rule {i}: {rule}",
    },
    "vi": {
        "title": "Hộ {id} (dòng {row}) theo chuẩn {std}",
        "income": "Thu nhập bình quân đầu người/tháng: {inc} đồng; chuẩn áp dụng ({area}): {line} đồng",
        "at_or_below": "bằng hoặc thấp hơn chuẩn",
        "above": "cao hơn chuẩn",
        "indicator": "chỉ số",
        "dimension": "chiều",
        "values": "giá trị",
        "rule": "thiếu hụt khi",
        "verdict": "kết luận",
        "deprived": "THIẾU HỤT",
        "not_deprived": "không thiếu hụt",
        "count": "Số chỉ số thiếu hụt: {n}",
        "class": "Phân loại: {label} ({cls}), theo quy tắc {i}: {rule}",
    },
}
AREA_VI = {"rural": "nông thôn", "urban": "thành thị"}


def _num(value: object) -> str:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    return value


@handles_errors
def explain(
    input: Annotated[str, typer.Argument(help="Households file (as for classify).")],
    household_id: Annotated[str, typer.Option("--id", help="The household_id to explain.")],
    standard: StandardOpt = None,
    as_of: AsOfOpt = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the explanation.")] = Lang.en,
    as_json: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
    encoding: EncodingOpt = "utf-8",
    sheet: SheetOpt = None,
    columns: ColumnsOpt = None,
) -> None:
    """Explain one household's class: income against the line, each indicator, the rule that fired.

    Example:

        \b
        mdpoverty explain households.csv --id QN-000123 --lang vi
    """
    from rich.table import Table

    from ..explain.household import explain_household

    compiled = resolve_standards(standard, parse_date(as_of))
    table = open_table(input, encoding, sheet, columns)
    console = out_console()
    explanations = [explain_household(table, cs, household_id) for cs in compiled]
    if as_json:
        data = [asdict(e) for e in explanations]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_plain))
        return
    t = TEXT[lang.value]
    for e in explanations:
        console.print(
            f"[bold]{t['title'].format(id=e.household_id, row=e.row, std=e.standard_id)}[/]"
        )
        area = AREA_VI.get(e.area, e.area) if lang is Lang.vi else e.area
        verdict = t["at_or_below"] if e.income_at_or_below_line else t["above"]
        console.print(
            t["income"].format(inc=_num(e.income), area=area, line=_num(e.income_line))
            + f": {verdict}"
        )
        table = Table()
        for head in ("indicator", "dimension", "values", "rule", "verdict"):
            table.add_column(t[head])
        for v in e.indicators:
            values = ", ".join(f"{k}={_num(x)}" for k, x in v.values.items())
            table.add_row(
                v.label_vi if lang is Lang.vi else v.label_en,
                v.dimension,
                values,
                v.rule,
                f"[bold red]{t['deprived']}[/]" if v.deprived else t["not_deprived"],
            )
        console.print(table)
        console.print(t["count"].format(n=e.deprivation_count))
        label = e.class_label_vi if lang is Lang.vi else e.class_label_en
        console.print(
            t["class"].format(label=label, cls=e.class_id, i=e.rule_index + 1, rule=e.rule_text)
        )
