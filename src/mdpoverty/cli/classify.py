"""`mdpoverty classify`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import ExitCode, Said
from .common import (
    AsOfOpt,
    ColumnsOpt,
    EncodingOpt,
    HeaderRowOpt,
    Lang,
    LangOpt,
    MemberEncodingOpt,
    MemberRejectsOpt,
    MemberSheetOpt,
    MembersOpt,
    SheetOpt,
    SizeMismatch,
    SizeMismatchOpt,
    StandardOpt,
    chosen_reasons,
    handles_errors,
    member_rejects_path,
    note_free_names,
    note_out_of_force,
    note_withheld,
    open_inputs,
    out_console,
    parse_date,
    progress_display,
    read_files,
    require_input,
    resolve_standards,
    use_marks,
    why_chosen,
)


def default_output(input_path: str) -> str:
    if input_path == "-":
        return "-"
    p = Path(input_path)
    return str(p.with_name(f"{p.stem}_classified.csv"))


def rejects_suffix(output: str | None) -> str:
    """The rejects' default extension: the output's when rejects can be written so (`-o
    kq.xlsx` -> `.xlsx`, `.parquet`, `.json`, `.csv`), so that an office opening its .xlsx
    result opens its rejects the same way (a CSV without a BOM shows garbled in Excel); else
    `.csv` (standard output, a report's `.txt`)."""
    from ..io.writers import FORMATS

    suffix = Path(output).suffix if output and output != "-" else ""
    return suffix if suffix.lower() in FORMATS else ".csv"


def default_rejects(input_path: str, output: str) -> str:
    """OUTPUT_rejects beside the output, in its format (`rejects_suffix`); INPUT_rejects.csv
    beside the input when the output goes to standard output."""
    base = (
        Path(output)
        if output != "-"
        else (Path("stdin.csv") if input_path == "-" else Path(input_path))
    )
    stem = base.stem.removesuffix("_classified")
    return str(base.with_name(f"{stem}_rejects{rejects_suffix(output)}"))


@handles_errors
def classify(
    input: Annotated[
        str,
        typer.Argument(help="Households file (.csv, .tsv, .xlsx, .parquet) or - for CSV on stdin."),
    ],
    standard: StandardOpt = None,
    as_of: AsOfOpt = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Output file: .csv, .parquet, .json, .xlsx, or - for CSV on stdout. Default: INPUT_classified.csv beside the input.",
        ),
    ] = None,
    rejects: Annotated[
        str | None,
        typer.Option(
            "--rejects",
            help="Where rejected rows go, with their reasons. Default: OUTPUT_rejects beside the"
            " output, in its format (-o kq.xlsx: kq_rejects.xlsx).",
        ),
    ] = None,
    encoding: EncodingOpt = "utf-8",
    sheet: SheetOpt = None,
    columns: ColumnsOpt = None,
    header_row: HeaderRowOpt = None,
    add_bom: Annotated[
        bool,
        typer.Option(
            "--add-bom",
            help="CSV output for Excel: start it with a BOM (so Excel reads UTF-8), and keep"
            " text that Excel would run as a formula (=, +, -, @ first) as text, with a ' before"
            " it. The rejects file too.",
        ),
    ] = False,
    lang: LangOpt = Lang.EN,
    keep_input: Annotated[
        bool,
        typer.Option(
            "--keep-input",
            help="Give the input's columns back as the file has them (its own headers, its cells"
            " as written), with the results added. Default: canonical columns, parsed.",
        ),
    ] = False,
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            help="Also count the classes per group of this column (province, district, commune,"
            " or any other); a commune is counted within its district. Repeatable.",
        ),
    ] = None,
    weight: Annotated[
        str | None,
        typer.Option(
            "--weight",
            help="Column of sampling weights (numbers >= 0 as survey programs write them, 523.43,"
            " .5, 1e-1; read exactly): the summary and the --by"
            " tables give each class's sum of the weights and its share beside the households"
            " counted. A row whose weight is empty, negative or no number is rejected. The"
            " output's rows are written as without it.",
        ),
    ] = None,
    members: MembersOpt = None,
    member_sheet: MemberSheetOpt = None,
    member_encoding: MemberEncodingOpt = None,
    size_mismatch: SizeMismatchOpt = SizeMismatch.REJECT,
    member_rejects: MemberRejectsOpt = None,
) -> None:
    """Classify every household in INPUT under one or more standards.

    Each household gets, per standard: class (poor, near_poor, average, not_poor),
    deprivation_count, deprived (the indicators, ';'-separated) and income_line (the line
    applied). With several standards the columns are suffixed with the standard id. Rows that
    fail validation go to the rejects file with their row number, column and reason.

    Examples:

        \b
        mdpoverty classify households.csv
        mdpoverty classify households.xlsx -s vn-2022-2025 -s quangninh-2023-2025 -o out.parquet
        mdpoverty classify danh-sach.xlsx --columns danh-sach.mapping.yaml --lang vi --keep-input --by Thôn -o ket-qua.xlsx
        mdpoverty classify danh-sach.xlsx --columns danh-sach.mapping.yaml --header-row 4
        mdpoverty classify households.csv --members members.csv --size-mismatch warn
        mdpoverty classify survey.csv --weight hhweight --by province

    With --members, each indicator that has a from_members form is computed from the member
    file (one row per person), and rejected member rows go to their own rejects file.
    """
    from ..io.writers import Target, check_targets
    from ..labels import sheet_name
    from ..run.layout import Layout, free_added_names, input_headers
    from ..run.pipeline import classify_table, column_named, resolve_by
    from .render import classify_summary

    on = parse_date(as_of)
    require_input(input)
    if rejects == "-":
        raise typer.BadParameter(
            Said("the rejects cannot go to standard output", "option.rejects_to_stdout"),
            param_hint="--rejects",
        )
    if member_rejects == "-":
        raise typer.BadParameter(
            Said(
                "the member rejects cannot go to standard output", "option.member_rejects_to_stdout"
            ),
            param_hint="--member-rejects",
        )
    compiled = resolve_standards(standard, on, members=members is not None)
    out_path = output or default_output(input)
    out = Target(out_path, add_bom=add_bom)
    rej = Target(rejects or default_rejects(input, out_path), add_bom=add_bom)
    targets = [("-o", out), ("--rejects", rej)]
    mrej = None
    if members is not None:
        mrej = Target(
            member_rejects or member_rejects_path(rej.path),
            add_bom=add_bom,
            sheet=sheet_name("member_rejects", lang.value),
        )
        targets.append(("--member-rejects", mrej))
    check_targets(targets, read_files(input, standard, columns, members))
    console = out_console(to_stderr=out_path == "-")
    note_out_of_force(console, compiled, on, lang.value)
    table, roster = open_inputs(
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
        size_mismatch=size_mismatch,
        member_rejects=mrej,
    )
    compiled = use_marks(table, compiled, lang.value)
    paths = resolve_by(table, by or [])
    weight_column = column_named(table, weight, "--weight") if weight is not None else None
    note_withheld(table, compiled, lang.value)
    layout = Layout(lang=lang.value, keep_input=keep_input)
    free = free_added_names(table, compiled, layout)  # noted now, and the run writes them
    note_free_names(free, layout.lang)
    reasons = chosen_reasons(compiled, standard, as_of, on)
    with why_chosen(reasons), progress_display(f"Classifying {table.source}") as progress:
        result = classify_table(
            table,
            compiled,
            out,
            rej,
            progress,
            layout=layout,
            by=paths,
            members=roster,
            free=free,
            weight=weight_column,
        )
    headers = input_headers(table) if lang is Lang.VI else None
    if headers is not None and result.members is not None:  # a member column a reason cites
        headers = {**result.members.headers, **headers}
    classify_summary(result, console, lang.value, headers)
    if result.accounting.rejected or (result.members and result.members.rejected):
        raise typer.Exit(int(ExitCode.ROWS_REJECTED))
