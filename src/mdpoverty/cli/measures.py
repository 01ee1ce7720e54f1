"""`mdpoverty measures`."""

from __future__ import annotations

import io
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ExitCode, Said
from ..labels import Lang, sheet_name
from .common import (
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
    file_console,
    handles_errors,
    note_withheld,
    open_inputs,
    out_console,
    parse_date,
    progress_display,
    read_files,
    report_format,
    resolve_standards,
    shown_path,
    use_marks,
)

if TYPE_CHECKING:
    from .render_measures import Names


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class CountOpt(StrEnum):
    households = "households"
    people = "people"


class MissingOpt(StrEnum):
    reject = "reject"
    not_deprived = "not-deprived"
    reweight = "reweight"


@handles_errors
def measures(
    input: Annotated[str, typer.Argument(help="Input file (as for classify).")],
    standard: Annotated[
        str | None,
        typer.Option(
            "--standard",
            "-s",
            help="Standard id or YAML file. Default: the national standard in force on --as-of.",
        ),
    ] = None,
    k: Annotated[
        list[str] | None,
        typer.Option(
            "--k",
            help="Poverty cut-off: a share of the weighted deprivation score, exact as written "
            "(1/3, 0.5, 20%, 33.33% = 3333/10000); repeatable. Default: the standard file's k.",
        ),
    ] = None,
    by: Annotated[
        list[str] | None,
        typer.Option("--by", help="Also measure each group of this column; repeatable."),
    ] = None,
    weight: Annotated[
        str | None,
        typer.Option(
            "--weight",
            help="Column of sampling weights: each row counts as its weight (exact decimals >= 0).",
        ),
    ] = None,
    missing: Annotated[
        MissingOpt,
        typer.Option(
            "--missing",
            help="An empty cell an indicator reads (with --members: an indicator the members "
            "leave unknown): reject the row (default), count the indicator as not-deprived, or "
            "reweight the row's score over the indicators it has.",
        ),
    ] = MissingOpt.reject,
    count: Annotated[
        CountOpt,
        typer.Option(
            "--count",
            help="What the population counts: households (each row once, default) or people "
            "(each household as its number of members: its member rows with --members, else "
            "household_size; times its --weight).",
        ),
    ] = CountOpt.households,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            help="table (rich), json, csv (tidy) or xlsx (a sheet per table). Default: from the "
            "extension of -o, else table.",
        ),
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write the report here (not stdout).")
    ] = None,
    rejects: Annotated[
        str | None, typer.Option("--rejects", help="Write rows that fail validation here.")
    ] = None,
    as_of: AsOfOpt = None,
    encoding: EncodingOpt = "utf-8",
    sheet: SheetOpt = None,
    columns: ColumnsOpt = None,
    header_row: HeaderRowOpt = None,
    members: MembersOpt = None,
    member_sheet: MemberSheetOpt = None,
    member_encoding: MemberEncodingOpt = None,
    size_mismatch: SizeMismatchOpt = SizeMismatch.REJECT,
    member_rejects: MemberRejectsOpt = None,
    lang: LangOpt = Lang.EN,
) -> None:
    """Alkire-Foster measures of INPUT under a standard: H, A, M0 = H x A, each indicator's
    censored and uncensored headcount ratio, and the contributions of indicators and dimensions.

    For each k, for the whole population and each group of each --by column (with the group's
    share of the population and of M0). Exact: a score of exactly k is poor. Rows read =
    measured + rejected.

    Examples:

        \b
        mdpoverty measures survey.csv -s global-mpi.yaml --k 1/3 --k 1/2 --by region
        mdpoverty measures households.csv -s vn-2022-2025 --k 3/12 --by district -o mpi.xlsx
        mdpoverty measures survey.parquet -s my-mpi.yaml --weight hhweight --format json
        mdpoverty measures households.csv --members members.csv -s vn-2022-2025 --k 3/12
        mdpoverty measures hh.csv --members mem.csv --weight wt --k 3/12 --count people

    With --members the member file's rows are checked as classify checks them; rejected member
    rows go to --member-rejects when it is given. --lang vi writes the tables (indicators and
    dimensions by the standard's Vietnamese labels), the rejects files, the errors and the rows'
    accounting in Vietnamese; JSON, CSV and the workbook keep their ids.
    """
    from ..io.writers import Target, check_targets
    from ..measures.alkire_foster import Count, Cutoff, Missing, cutoffs_for, measure_table
    from ..run.layout import input_headers
    from ..run.pipeline import column_named
    from ..text import quoted

    out_format = Format(report_format(output, fmt.value if fmt else None))
    on = parse_date(as_of)
    (cs,) = resolve_standards([standard] if standard else None, on, members is not None)
    for text in k or []:
        try:
            Cutoff.parse(text)
        except ValueError as exc:
            # which value and why, said as typed (quoted: one line, cut)
            value, reason = quoted(text.strip()), exc.args[0] if exc.args else str(exc)
            if not isinstance(reason, Said):  # exact.py's reasons carry their other forms
                reason = str(exc)
            shown = reason if reason.startswith("k is a share") else f"{value}: {reason}"
            raise typer.BadParameter(
                Said(shown, "option.bad_k", value=value, reason=reason), param_hint="--k"
            ) from None
    cutoffs = cutoffs_for(cs, k)
    if not cutoffs:
        from .usage import click_errors

        # missing, not invalid: --k was not given, and the standard has no k of its own
        raise click_errors.UsageError(
            Said(
                f"missing --k: the standard '{cs.id}' sets no poverty cut-off k; give one, "
                "e.g. --k 1/3",
                "option.no_k",
                id=cs.id,
            )
        )
    rejects_target = Target(rejects, sheet=sheet_name("rejects", lang.value)) if rejects else None
    targets = [("--rejects", rejects_target)] if rejects_target is not None else []
    if output not in (None, "-"):
        targets.append(("-o", Target(output)))
    member_target = None
    if member_rejects:
        if member_rejects == "-":
            raise typer.BadParameter(
                Said(
                    "the member rejects cannot go to standard output",
                    "option.member_rejects_to_stdout",
                ),
                param_hint="--member-rejects",
            )
        member_target = Target(member_rejects, sheet=sheet_name("member_rejects", lang.value))
        targets.append(("--member-rejects", member_target))
    # before any work: no output over the input, a file the run reads or another output
    check_targets(
        targets,
        read_files(input, [standard] if standard else None, columns, members),
        {"-o": None},
    )
    table, roster = open_inputs(
        input,
        encoding,
        sheet,
        columns,
        header_row,
        [cs],
        lang.value,
        members=members,
        member_encoding=member_encoding,
        member_sheet=member_sheet,
        size_mismatch=size_mismatch,
        member_rejects=member_target,
    )
    (cs,) = use_marks(table, [cs], lang.value)
    # a column by its canonical name or the file's own header, as classify's --by
    by = [column_named(table, b, "--by") for b in by or []]
    weight = column_named(table, weight, "--weight") if weight else None
    note_withheld(table, [cs], lang.value)
    with progress_display(f"Measuring {table.source}") as progress:
        result = measure_table(
            table,
            cs,
            cutoffs,
            by=by,
            weight=weight,
            missing=Missing(missing.value),
            rejects=rejects_target,
            progress=progress,
            members=roster,
            count=Count(count.value),
            lang=lang.value,
        )
    headers = input_headers(table) if lang is Lang.VI else None
    if headers is not None and result.members is not None:  # a member column a reason cites
        headers = {**result.members.headers, **headers}
    from .render_measures import Names

    model = cs.standard.model
    names = Names(
        lang.value,
        {
            **{d.id: d.label.vi for d in model.dimensions},
            **{i.id: i.label.vi for i in model.indicators},
        },
        _by_columns(table, cs, by, lang.value),
    )
    _emit(result, out_format, output, lang.value, headers, names)
    if result.members is not None:
        from .render import member_accounting

        data_out = output in (None, "-") and out_format is not Format.table
        member_accounting(result.members, out_console(to_stderr=data_out), lang.value)
    if result.accounting.rejected or (result.members and result.members.rejected):
        raise typer.Exit(int(ExitCode.ROWS_REJECTED))


def _by_columns(table, cs, by: list[str], lang: str) -> dict[str, tuple[str, str | None]]:
    """Each --by column's header and type as the group labels show them: a column validation
    knows by its canonical name (en) or documented Vietnamese header (vi), with its type; a
    column of the user's own by its header as written."""
    from ..columns import BY_NAME, user_name
    from ..run.layout import column_header, input_headers

    own = input_headers(table)
    extra = cs.standard.model.columns
    out: dict[str, tuple[str, str | None]] = {}
    for column in by:
        if column in BY_NAME or column in extra:
            spec = BY_NAME.get(column) or extra[column]
            out[column] = (column_header(column, lang, [cs]), spec.type.value)
        else:
            out[column] = (own.get(column, user_name(column)), None)
    return out


def _emit(
    result,
    out_format: Format,
    output: str | None,
    lang: str = "en",
    headers: dict[str, str] | None = None,
    names: Names | None = None,
) -> None:
    from ..io.writers import write_sheets, write_text
    from .render_measures import report, to_csv, to_json, to_sheets

    to_file = output not in (None, "-")
    if out_format is Format.table and not to_file:
        report(result, out_console(), lang, headers, names)
        return
    if out_format is Format.xlsx:
        write_sheets(output, to_sheets(result))  # type: ignore[arg-type]
    elif out_format is Format.table:
        buffer = io.StringIO()
        report(result, file_console(buffer), lang, headers, names)
        write_text(output, buffer.getvalue())  # type: ignore[arg-type]
    else:
        text = to_json(result) if out_format is Format.json else to_csv(result)
        if not to_file:
            typer.echo(text, nl=False)
            _summary_line(result, None, lang, headers)
            return
        write_text(output, text)  # type: ignore[arg-type]
    _summary_line(result, output, lang, headers)


def _summary_line(
    result, output: str | None, lang: str = "en", headers: dict[str, str] | None = None
) -> None:
    """What a run that wrote a file says on the screen: the accounting and where it went; with
    the data on standard output, the accounting alone, on standard error."""
    from .render import accounting

    console = out_console(to_stderr=output is None)
    accounting(
        result.accounting,
        console,
        processed="measured",
        rejects_file=bool(result.rejects_path),
        lang=lang,
        headers=headers,
    )
    if output is not None:
        console.print(f"{'báo cáo' if lang == 'vi' else 'report'}: {shown_path(output)}")
