"""`mdpoverty compare`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ExitCode, OutputError
from .common import (
    AsOfOpt,
    ColumnsOpt,
    EncodingOpt,
    HeaderRowOpt,
    Lang,
    LangOpt,
    SheetOpt,
    default_choice,
    err_console,
    handles_errors,
    open_table,
    out_console,
    parse_date,
    progress_display,
    resolve_standards,
    why_chosen,
)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@handles_errors
def compare(
    input: Annotated[str, typer.Argument(help="Households file (as for classify).")],
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            help="Base standard (id or YAML file). Default: the national standard in force on --as-of.",
        ),
    ] = None,
    alt: Annotated[
        str | None,
        typer.Option(
            "--alt",
            help="Alternative standard. Default: the shipped standard of the one province named in the data.",
        ),
    ] = None,
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            help="Break the comparison down by this column (area, district, commune..., or the file's own header); repeatable.",
        ),
    ] = None,
    as_of: AsOfOpt = None,
    changes: Annotated[
        str | None,
        typer.Option(
            "--changes",
            help="Write every household whose class differs (.csv, .xlsx, .parquet, .json).",
        ),
    ] = None,
    rejects: Annotated[
        str | None, typer.Option("--rejects", help="Write rows that fail validation here.")
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="table (rich), json or csv (tidy).")
    ] = Format.table,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write the report here instead of stdout.")
    ] = None,
    encoding: EncodingOpt = "utf-8",
    sheet: SheetOpt = None,
    columns: ColumnsOpt = None,
    lang: LangOpt = Lang.EN,
    header_row: HeaderRowOpt = None,
) -> None:
    """Compare two standards on the same households: what differs, who changes class, where.

    Prints the parameter diff (base next to alt, with their ratio), households per class under
    each, the transition matrix (rows: base class; columns: alt class), breakdowns by --by
    columns (groups that change most first) and deprivation rates per indicator.

    Examples:

        \b
        mdpoverty compare households.csv --as-of 2024-12-31 --by district
        mdpoverty compare households.csv --base vn-2022-2025 --alt quangninh-2023-2025 --changes changes.xlsx
        mdpoverty compare households.csv --alt my-province.yaml --format json -o comparison.json
        mdpoverty compare danh-sach.xlsx --lang vi --by commune --changes thay-doi.xlsx

    With --lang vi the report and the changes file are in Vietnamese; --format json and csv
    keep the ids other programs read.
    """
    from ..compare.comparison import compare_table, default_alt
    from ..io.writers import Target, check_target
    from ..run.layout import input_headers
    from .render_compare import report, to_csv, to_json

    on = parse_date(as_of)
    (base_cs,) = resolve_standards([base] if base else None, on)
    given = resolve_standards([alt], on) if alt else []
    table = open_table(input, encoding, sheet, columns, header_row, [base_cs, *given])
    no_province = 0
    if given:
        (alt_cs,) = given
    else:
        alt_id, no_province = default_alt(table, on)
        (alt_cs,) = resolve_standards([alt_id], on)
    if no_province:
        err_console().print(
            f"note: {no_province:,} row{'s' * (no_province != 1)} with no province are compared"
            f" under {alt_cs.id} too",
            markup=False,
        )
    reasons = {
        alt_cs.id: "named with --alt"
        if alt
        else f"the standard of the province named in the data, in force on {on.isoformat()}",
        base_cs.id: "named with --base" if base else default_choice(as_of, on),
    }
    changes_target = Target(changes) if changes else None
    rejects_target = Target(rejects) if rejects else None
    for target in (changes_target, rejects_target):
        if target is not None:
            check_target(target, [input])
    if output is not None and Path(output).resolve() == Path(input).resolve():
        raise OutputError("the report would overwrite the input; choose another -o", file=output)
    with (
        why_chosen(reasons),
        progress_display(f"Comparing {base_cs.id} and {alt_cs.id}") as progress,
    ):
        result = compare_table(
            table,
            base_cs,
            alt_cs,
            by=by,
            changes=changes_target,
            rejects=rejects_target,
            progress=progress,
            lang=lang.value,
        )
    models = [base_cs.standard.model, alt_cs.standard.model]
    headers = input_headers(table) if lang is Lang.VI else None
    if fmt is Format.table:
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                report(result, out_console_file(fh), lang.value, models, headers)
        else:
            report(result, out_console(), lang.value, models, headers)
    else:
        text = to_json(result) if fmt is Format.json else to_csv(result)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            typer.echo(text, nl=False)
    if result.accounting is not None and result.accounting.rejected:
        raise typer.Exit(int(ExitCode.ROWS_REJECTED))


def out_console_file(fh):
    from rich.console import Console

    return Console(file=fh, highlight=False, soft_wrap=True, width=120)
