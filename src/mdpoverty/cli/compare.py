"""`mdpoverty compare`."""

from __future__ import annotations

import io
from enum import StrEnum
from functools import partial
from typing import Annotated

import typer

from .. import labels
from ..errors import ExitCode, Said
from ..text import counted, one_line, plural, quoted
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
    default_choice,
    err_console,
    file_console,
    handles_errors,
    member_rejects_path,
    named_with,
    note_free_names,
    note_withheld,
    open_members,
    open_table,
    out_console,
    parse_date,
    print_note,
    progress_display,
    read_files,
    report_format,
    require_input,
    resolve_standards,
    use_marks,
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
        str | None,
        typer.Option(
            "--rejects",
            help="Where rejected rows go, with their reasons. Default: REPORT_rejects beside -o,"
            " in its format (.txt: .csv), or INPUT_rejects.csv beside the input when the report"
            " goes to standard output.",
        ),
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            help="The report on standard output: table (rich), json or csv (tidy). With -o the"
            " extension decides (.txt, .json, .csv, .xlsx).",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report here instead of stdout: .txt, .json, .csv or .xlsx.",
        ),
    ] = None,
    encoding: EncodingOpt = "utf-8",
    sheet: SheetOpt = None,
    columns: ColumnsOpt = None,
    lang: LangOpt = Lang.EN,
    header_row: HeaderRowOpt = None,
    keep_input: Annotated[
        bool,
        typer.Option(
            "--keep-input",
            help="In the --changes and rejects files, give the input's columns back as the file"
            " has them (its own headers, its cells as written), as classify --keep-input.",
        ),
    ] = False,
    add_bom: Annotated[
        bool,
        typer.Option(
            "--add-bom",
            help="CSV files (the report, --changes, the rejects) for Excel: a BOM, and text Excel"
            " would run as a formula kept as text (a ' before it).",
        ),
    ] = False,
    weight: Annotated[
        str | None,
        typer.Option(
            "--weight",
            help="Column of sampling weights (numbers >= 0 as survey programs write them, 523.43,"
            " .5, 1e-1; read exactly): the tables, the deprivation rates, JSON, CSV and"
            " workbook give the sums of the weights and their shares beside the households"
            " counted. A row whose weight is empty, negative or no number is rejected.",
        ),
    ] = None,
    members: MembersOpt = None,
    member_sheet: MemberSheetOpt = None,
    member_encoding: MemberEncodingOpt = None,
    size_mismatch: SizeMismatchOpt = SizeMismatch.REJECT,
    member_rejects: MemberRejectsOpt = None,
) -> None:
    """Compare two standards on the same households: what differs, who changes class, where.

    Prints the parameter diff (base next to alt, with their ratio), households per class under
    each, the transition matrix (rows: base class; columns: alt class), breakdowns by --by
    columns (groups that change most first) and deprivation rates per indicator. Rows that fail
    validation are counted and written to the rejects file, as classify does.

    Examples:

        \b
        mdpoverty compare households.csv --as-of 2024-12-31 --by district
        mdpoverty compare households.csv --base vn-2022-2025 --alt quangninh-2023-2025 --changes changes.xlsx
        mdpoverty compare households.csv --alt my-province.yaml -o comparison.json
        mdpoverty compare danh-sach.xlsx --columns danh-sach.mapping.yaml --lang vi --as-of 2024-12-31 --alt quangninh-2023-2025 --by Thôn -o so-sanh.xlsx --changes thay-doi.xlsx
        mdpoverty compare households.csv --members members.csv --alt quangninh-2023-2025
        mdpoverty compare survey.csv --alt quangninh-2023-2025 --weight hhweight -o c.json

    With --lang vi the report, the workbook and the changes file are in Vietnamese; JSON and
    CSV reports keep the ids other programs read.
    """
    from ..compare.comparison import compare_table, default_alt
    from ..io.writers import Target, check_targets, write_sheets, write_text
    from ..run.layout import Layout, input_headers
    from .classify import default_rejects
    from .render_compare import report, summary, to_csv, to_json, to_sheets

    on = parse_date(as_of)
    require_input(input)
    for option, value in (
        ("--changes", changes),
        ("--rejects", rejects),
        ("-o", output),
        ("--member-rejects", member_rejects),
    ):
        if value == "-":
            hint = "omit -o" if option == "-o" else f"give {option} a file name"
            raise typer.BadParameter(
                Said(
                    f"standard output has the report: {hint}",
                    "option.stdout_has_report",
                    option=option,
                ),
                param_hint=option,
            )
    changes_target = Target(changes, add_bom=add_bom) if changes else None
    rejects_target = Target(rejects or default_rejects(input, output or "-"), add_bom=add_bom)
    targets = [("--changes", changes_target), ("--rejects", rejects_target)]
    if output is not None:
        targets.append(("-o", Target(output)))
    member_target = None
    if members is not None:
        member_target = Target(
            member_rejects or member_rejects_path(rejects_target.path),
            add_bom=add_bom,
            sheet=labels.sheet_name("member_rejects", lang.value),
        )
        targets.append(("--member-rejects", member_target))
    check_targets(
        [(option, t) for option, t in targets if t is not None],
        read_files(input, [s for s in (base, alt) if s], columns, members),
        formats={"-o": None},  # the report's own formats: report_format
    )
    kind = report_format(output, fmt.value if fmt else None)
    with_members = members is not None
    (base_cs,) = resolve_standards([base] if base else None, on, with_members)
    given = resolve_standards([alt], on, with_members) if alt else []
    table = open_table(
        input, encoding, sheet, columns, header_row, [base_cs, *given], with_members, lang.value
    )
    no_province = 0
    if given:
        (alt_cs,) = given
    else:  # the standard of the provinces the household file names
        alt_id, no_province = default_alt(table, on)
        (alt_cs,) = resolve_standards([alt_id], on, with_members)
    roster = open_members(
        members,
        member_encoding or encoding,
        columns,
        [base_cs, alt_cs],
        size_mismatch,
        member_target,
        household=table,
        sheet=member_sheet,
        lang=lang.value,
    )
    base_cs, alt_cs = use_marks(table, [base_cs, alt_cs], lang.value)
    from ..run.pipeline import column_named, resolve_by

    weight_column = column_named(table, weight, "--weight") if weight is not None else None
    resolve_by(table, by or [])  # each --by column is read: written even if hidden
    note_withheld(table, [base_cs, alt_cs], lang.value)
    if no_province:
        print_note(
            err_console(),
            f"{labels.count(no_province, labels.VI)} dòng không có tỉnh cũng được so sánh"
            f" theo {alt_cs.id}"
            if lang.value == labels.VI
            else f"{counted(no_province, 'row')} with no province {plural(no_province, 'is', 'are')}"
            f" compared under {alt_cs.id} too",
            lang.value,
        )
    if changes_target is not None:
        from ..run.layout import changes_free_names, changes_personal

        layout = Layout(lang=lang.value, keep_input=keep_input)
        note_free_names(changes_free_names(table, base_cs, alt_cs, layout), lang.value)

        personal = changes_personal(table, [base_cs, alt_cs])
        if personal:
            own = input_headers(table)
            shown = ", ".join(quoted(one_line(own.get(c, c))) for c in personal)
            print_note(
                err_console(),
                f"tệp thay đổi (để niêm yết) không ghi cột thông tin cá nhân: {shown}"
                if lang.value == labels.VI
                else f"the changes file (to be posted) leaves out personal data columns: {shown}",
                lang.value,
            )
    reasons = {
        alt_cs.id: named_with("--alt")
        if alt
        else Said(
            f"the standard of the province named in the data, in force on {on.isoformat()}",
            "cli.province_choice",
            on=on,
        ),
        base_cs.id: named_with("--base") if base else default_choice(as_of, on),
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
            layout=Layout(lang=lang.value, keep_input=keep_input),
            members=roster,
            weight=weight_column,
        )
    models = [base_cs.standard.model, alt_cs.standard.model]
    rules = None
    if lang is Lang.VI:  # the diff's rules in words, as `standards show` writes them
        from ..explain.household import rule_text, standard_terms

        rules = [
            partial(rule_text, terms=standard_terms(cs), lang=labels.VI, valued=False)
            for cs in (base_cs, alt_cs)
        ]
    headers = input_headers(table) if lang is Lang.VI else None
    if headers is not None and result.members is not None:  # a member column a reason cites
        headers = {**result.members.headers, **headers}
    if kind == "table" and output is None:
        report(result, out_console(), lang.value, models, headers, rules)
    elif output is None:  # data on standard output: the reconciliation goes to stderr
        text = to_json(result) if kind == "json" else to_csv(result, for_excel=add_bom)
        typer.echo(("\ufeff" if add_bom and kind == "csv" else "") + text, nl=False)
        summary(result, out_console(to_stderr=True), lang.value, headers)
    else:
        if kind == "table":
            buffer = io.StringIO()
            report(result, file_console(buffer), lang.value, models, headers, rules)
            write_text(output, buffer.getvalue())
        elif kind == "xlsx":
            sheets = to_sheets(result, lang.value, models, headers, rules, as_of=on)
            write_sheets(output, sheets)
        else:
            text = to_json(result) if kind == "json" else to_csv(result, for_excel=add_bom)
            write_text(output, text, add_bom=add_bom and kind == "csv")
        summary(result, out_console(), lang.value, headers, report_path=output)
    if (result.accounting is not None and result.accounting.rejected) or (
        result.members is not None and result.members.rejected
    ):
        raise typer.Exit(int(ExitCode.ROWS_REJECTED))
