"""`mdpoverty compare`."""

from __future__ import annotations

import io
from enum import StrEnum
from typing import Annotated

import typer

from ..errors import ExitCode
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
    file_console,
    handles_errors,
    open_table,
    out_console,
    parse_date,
    progress_display,
    read_files,
    require_input,
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
    add_bom: Annotated[
        bool,
        typer.Option(
            "--add-bom",
            help="CSV --changes and --rejects for Excel: a BOM, and text Excel would run as a"
            " formula kept as text (a ' before it).",
        ),
    ] = False,
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
    from ..io.writers import Target, check_targets, write_text
    from ..run.layout import input_headers
    from .render_compare import report, to_csv, to_json

    on = parse_date(as_of)
    require_input(input)
    for option, value in (("--changes", changes), ("--rejects", rejects), ("-o", output)):
        if value == "-":
            hint = "omit -o" if option == "-o" else f"give {option} a file name"
            raise typer.BadParameter(f"standard output has the report: {hint}", param_hint=option)
    changes_target = Target(changes, add_bom=add_bom) if changes else None
    rejects_target = Target(rejects, add_bom=add_bom) if rejects else None
    targets = [("--changes", changes_target), ("--rejects", rejects_target)]
    if output is not None:
        targets.append(("-o", Target(output)))
    check_targets(
        [(option, t) for option, t in targets if t is not None],
        read_files(input, [s for s in (base, alt) if s], columns),
        formats={"-o": None},  # the report is text in any file the user names
    )
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
            f" under {alt_cs.id} too"
        )
    reasons = {
        alt_cs.id: "named with --alt"
        if alt
        else f"the standard of the province named in the data, in force on {on.isoformat()}",
        base_cs.id: "named with --base" if base else default_choice(as_of, on),
    }
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
            buffer = io.StringIO()
            report(result, file_console(buffer), lang.value, models, headers)
            write_text(output, buffer.getvalue())
        else:
            report(result, out_console(), lang.value, models, headers)
    else:
        text = to_json(result) if fmt is Format.json else to_csv(result)
        if output:
            write_text(output, text)
        else:
            typer.echo(text, nl=False)
    if result.accounting is not None and result.accounting.rejected:
        raise typer.Exit(int(ExitCode.ROWS_REJECTED))
