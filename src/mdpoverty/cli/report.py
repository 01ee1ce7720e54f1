"""`mdpoverty report`."""

from __future__ import annotations

import io
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ExitCode, Said
from ..labels import Lang, sheet_name
from ..text import quoted

if TYPE_CHECKING:
    from ..io.readers import Table

from .common import (
    REPORT_EXTENSIONS,
    AsOfOpt,
    ColumnsOpt,
    EncodingOpt,
    HeaderRowOpt,
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
    file_console,
    handles_errors,
    member_rejects_path,
    note_out_of_force,
    note_withheld,
    open_inputs,
    open_table,
    out_console,
    parse_date,
    print_note,
    progress_display,
    read_files,
    report_format,
    require_input,
    resolve_standards,
    shown_path,
    use_marks,
    why_chosen,
)


class Format(StrEnum):
    table = "table"
    xlsx = "xlsx"
    csv = "csv"
    json = "json"


def default_rejects(input_path: str, output: str | None) -> str:
    """OUTPUT_rejects beside -o, in its format (.txt: .csv); else INPUT_report_rejects.csv
    beside the input."""
    from .classify import rejects_suffix

    if output and output != "-":
        p = Path(output)
        return str(p.with_name(f"{p.stem}_rejects{rejects_suffix(output)}"))
    base = Path("stdin.csv") if input_path == "-" else Path(input_path)
    return str(base.with_name(f"{base.stem}_report_rejects.csv"))


def _ethnic_abbreviated(table: Table) -> Said | None:
    """The note that a header abbreviates ethnic_minority ('DTTS') when the input has no such
    column: the report would count its households; never read without a mapping."""
    from ..io.readers import abbreviated
    from ..report.summary import ETHNIC
    from ..text import yaml_scalar

    if ETHNIC in table.header_targets().values():
        return None
    found = abbreviated(ETHNIC, table.headers)
    if not found:
        return None
    line = f"{yaml_scalar(found[0], quote=True)}: {ETHNIC}"
    return Said(
        f"the column {quoted(found[0])} may be {ETHNIC} (Dân tộc thiểu số): it is not read as "
        f"such; to count ethnic-minority households, map it in a --columns file: {line}",
        "report.ethnic_abbreviated",
        header=quoted(found[0]),
        line=line,
    )


def _units(by: list[str] | None, table) -> list[str]:
    """The unit columns: --by's (a canonical name or the file's own header, as classify's
    --by), else province, district and commune where the input has them."""
    from ..columns import OPTIONAL_UNITS, unit_path
    from ..run.pipeline import column_named

    if not by:
        return [c for c in OPTIONAL_UNITS if c in table.columns]
    chosen = [column_named(table, c.strip()) for item in by for c in item.split(",") if c.strip()]
    for bad in ("area", "household_id"):
        if bad in chosen:
            raise typer.BadParameter(
                Said(
                    f"{quoted(bad)} is not a unit"
                    + (" (the report is split urban / rural already)" if bad == "area" else ""),
                    "option.not_a_unit",
                    name=bad,
                ),
                param_hint="--by",
            )
    if len(set(chosen)) != len(chosen):
        raise typer.BadParameter(
            Said("a column is named twice", "option.column_named_twice"), param_hint="--by"
        )
    # a unit within the units above it that the file has, asked for or not (`--by Xã` in a
    # file with a district column: communes under their districts), as every command groups
    return list(dict.fromkeys(u for c in chosen for u in unit_path(c, table.columns)))


@handles_errors
def report(
    input: Annotated[
        str,
        typer.Argument(help="Households file (.csv, .tsv, .xlsx, .parquet) or - for CSV on stdin."),
    ],
    standard: StandardOpt = None,
    as_of: AsOfOpt = None,
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            help="The units, top down, comma-separated: province,district,commune (or "
            "province,commune: no district tier since 1 July 2025), or any columns of the "
            "input. Default: those of province, district, commune the input has.",
        ),
    ] = None,
    previous: Annotated[
        str | None,
        typer.Option(
            "--previous",
            help="The previous review's list (household_id and a class column, such as last "
            "year's classify output): adds the movements since then.",
        ),
    ] = None,
    previous_class: Annotated[
        list[str] | None,
        typer.Option(
            "--previous-class",
            help="The previous list's class column: COLUMN for the one standard, or ID=COLUMN "
            "for standard ID (repeatable; with several -s a standard not named has its own "
            "class_<ID> column or no movements). Default: class_<standard id>, class, "
            "Phân loại or Kết quả (a general one with one standard only).",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report here: .xlsx (a sheet per table), .csv (tidy rows), .json, "
            ".txt (the screen's tables). Default: the screen.",
        ),
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            help="table, xlsx, csv or json. Default: from -o's extension; json and csv "
            "without -o go to standard output.",
        ),
    ] = None,
    lang: LangOpt = Lang.EN,
    rejects: Annotated[
        str | None,
        typer.Option(
            "--rejects",
            help="Where rejected rows go. Default: OUTPUT_rejects beside -o, in its format"
            " (.txt: .csv), else INPUT_report_rejects.csv beside the input.",
        ),
    ] = None,
    previous_rejects: Annotated[
        str | None,
        typer.Option(
            "--previous-rejects",
            help="Where the previous list's rejected rows go. Default: beside the rejects "
            "file, in its format, named ..._previous_rejects.",
        ),
    ] = None,
    encoding: EncodingOpt = "utf-8",
    sheet: SheetOpt = None,
    header_row: HeaderRowOpt = None,
    columns: ColumnsOpt = None,
    members: MembersOpt = None,
    member_sheet: MemberSheetOpt = None,
    member_encoding: MemberEncodingOpt = None,
    size_mismatch: SizeMismatchOpt = SizeMismatch.REJECT,
    member_rejects: MemberRejectsOpt = None,
) -> None:
    """The review's report: poor and near-poor households by unit, with subtotals up the
    hierarchy and a grand total, urban, rural and all; ethnic-minority households when the
    input has ethnic_minority; deprivation among the poor and the near-poor; and, with
    --previous, the movements since the last review (escaped poverty, newly poor, absent
    now, new to the list...). Several -s give one report per standard, side by side.

    Examples:

        \b
        mdpoverty report households.csv --as-of 2025-06-30 -o report.xlsx
        mdpoverty report households.csv --by province,commune --previous last_year.csv --lang vi
        mdpoverty report households.csv -s vn-2022-2025 -s quangninh-2023-2025 --format json
        mdpoverty report now.xlsx -s vn-2022-2025 -s quangninh-2023-2025 --previous ds_2024.xlsx --previous-class 'quangninh-2023-2025=Phân loại'
        mdpoverty report households.csv --members members.csv -o report.xlsx
    """
    from ..io.writers import Target, check_targets, write_sheets, write_text
    from ..report.export import to_csv, to_json, to_sheets
    from ..report.previous import (
        class_headers,
        explicit_columns,
        open_previous,
        previous_reads,
    )
    from ..report.summary import report_table
    from .render_report import render, summary

    chosen = Format(report_format(output, fmt.value if fmt else None))
    on = parse_date(as_of)
    require_input(input)
    if previous:
        require_input(previous)
        if previous == "-" and input == "-":
            raise typer.BadParameter(
                Said("only one input can be standard input", "option.one_stdin"),
                param_hint="--previous",
            )
    for option, value in (
        ("--rejects", rejects),
        ("--previous-rejects", previous_rejects),
        ("--member-rejects", member_rejects),
    ):
        if value == "-":
            raise typer.BadParameter(
                Said(
                    "standard output has the report: give a file name",
                    "option.stdout_has_report_give_file",
                ),
                param_hint=option,
            )
    rej = Target(rejects or default_rejects(input, output), sheet=sheet_name("rejects", lang.value))
    targets = [("--rejects", rej)]
    if output and output != "-":
        targets.append(("-o", Target(output)))
    prev_rej = None
    if previous:
        stem = Path(rej.path).stem.removesuffix("_rejects")
        prev_rej = Target(
            previous_rejects
            or str(Path(rej.path).with_name(f"{stem}_previous_rejects{Path(rej.path).suffix}")),
            sheet=sheet_name("previous_rejects", lang.value),
        )
        targets.append(("--previous-rejects", prev_rej))
    member_target = None
    if members is not None:
        member_target = Target(
            member_rejects or member_rejects_path(rej.path),
            sheet=sheet_name("member_rejects", lang.value),
        )
        targets.append(("--member-rejects", member_target))
    reads = read_files(input, standard, columns, members) + (
        [("the previous list", previous)] if previous else []
    )
    check_targets(targets, reads, formats={"-o": set(REPORT_EXTENSIONS)})
    compiled = resolve_standards(standard, on, members is not None)
    # which standard each named class column is for: a usage error before any file is read
    named = explicit_columns(previous_class, compiled) if previous else {}
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
        member_rejects=member_target,
    )
    compiled = use_marks(table, compiled, lang.value)
    units = _units(by, table)
    note_withheld(table, compiled, lang.value)
    prev_list = None
    if previous:
        # its header names the household id and its class at least (title rows above it, or
        # over two rows)
        prev_table = open_table(
            previous,
            encoding,
            None,
            columns,
            None,
            compiled,
            known_headers=class_headers(compiled, named),
            headers_needed=2,
            lang=lang.value,
            about=("the previous list", "danh sách kỳ trước"),
            sheet_option=None,  # no option chooses its sheet: its first is read
            reads=previous_reads(compiled, units, named),
        )
        prev_list = open_previous(prev_table, compiled, units, named)
    screen = _screen(to_stderr=output in (None, "-") and chosen is not Format.table)
    note_out_of_force(screen, compiled, on, lang.value)
    from ..messages import said

    for note in prev_list.notes if prev_list else ():
        print_note(screen, said(note, lang.value), lang.value)
    if (ethnic := _ethnic_abbreviated(table)) is not None:
        print_note(screen, said(ethnic, lang.value), lang.value)
    reasons = chosen_reasons(compiled, standard, as_of, on)
    with why_chosen(reasons), progress_display(f"Reporting on {table.source}") as progress:
        result = report_table(
            table,
            compiled,
            by=units,
            as_of=on,
            previous=prev_list,
            rejects=rej,
            previous_rejects=prev_rej,
            progress=progress,
            lang=str(lang),
            members=roster,
        )
    language = str(lang)
    if output and output != "-":
        if chosen is Format.xlsx:
            write_sheets(output, to_sheets(result, language))
        elif chosen is Format.table:
            buffer = io.StringIO()
            render(result, file_console(buffer, width=160), language)
            write_text(output, buffer.getvalue())
        else:
            write_text(output, to_json(result) if chosen is Format.json else to_csv(result))
        if chosen is not Format.table:
            render(result, screen, language)
        else:
            summary(result, screen, language)
        screen.print(f"{'báo cáo' if lang is Lang.VI else 'report'}: {shown_path(output)}")
    elif chosen is Format.table:
        render(result, screen, language)
    else:
        typer.echo(to_json(result) if chosen is Format.json else to_csv(result), nl=False)
        summary(result, screen, language)
    if (
        result.accounting.rejected
        or (result.previous and result.previous.rejected)
        or (result.members and result.members.rejected)
    ):
        raise typer.Exit(int(ExitCode.ROWS_REJECTED))


def _screen(to_stderr: bool):
    """The console for the tables: as wide as the terminal, or wide enough for the side by
    side tables when the output is not a terminal (a file has no width to fit)."""
    console = out_console(to_stderr=to_stderr)
    if not console.is_terminal:
        console.width = 160
    return console
