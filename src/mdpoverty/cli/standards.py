"""`mdpoverty standards list | show | validate | schema | test`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from .. import labels
from ..errors import ExitCode
from ..labels import Lang
from ..text import counted
from .common import LangOpt, handles_errors, out_console, styled

app = typer.Typer(
    help=(
        "List, show, check and test standard files.\n\n"
        "Examples:\n\n"
        "\b\n"
        "mdpoverty standards list\n"
        "mdpoverty standards show quangninh-2023-2025\n"
        "mdpoverty standards diff vn-2022-2025 quangninh-2023-2025"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _value_text(param) -> str:
    if param.values is not None:
        return "\n".join(f"{k} {v:,}" for k, v in param.values.items())
    return f"{param.value:,}" if isinstance(param.value, int) else str(param.value)


def _inherited(s, name: str, lang: Lang) -> str:
    """The standard parameter `name` of `s` is inherited from unchanged, and its status there
    when that differs from its status here ('' when `s`'s own file gives it)."""
    source = s.written_in(f"parameters.{name}")
    if source is s:
        return ""
    there = source.model.parameters[name].status.value
    if there == s.model.parameters[name].status.value:
        return source.id
    if lang is Lang.VI:
        return f"{source.id}\n(ở đó: {labels.status_word(there, lang.value)})"
    return f"{source.id}\n({there} there)"


def _inherited_note(s, lang: Lang) -> str | None:
    """Under the parameters table: the file each inherited parameter is written in, and why
    its status here may be weaker than there."""
    sources = {}
    for n in s.model.parameters:
        source = s.written_in(f"parameters.{n}")
        if source is not s:
            sources[source.id] = source.file
    if not sources:
        return None
    files = ", ".join(f"{key} = {file}" for key, file in sorted(sources.items()))
    if lang is Lang.VI:
        return (
            f"Kế thừa từ: tham số lấy nguyên từ chuẩn khác ({files}). Mức tin cậy ở đây là "
            f"của {s.id}: chưa kiểm chứng, trừ khi tệp của chuẩn này ghi rõ "
            "(inherited_parameters_status), vì nguồn của chuẩn kia nói về chuẩn kia."
        )
    return (
        f"inherited from: taken unchanged from another standard ({files}). The status here is "
        f"{s.id}'s: unverified unless this standard's file says otherwise "
        "(inherited_parameters_status), since the other standard's sources speak of it."
    )


@app.command("list")
@handles_errors
def list_(lang: LangOpt = Lang.EN) -> None:
    """List the shipped standards, one per line (columns aligned, so grep and cut work).

    `status` says whether the standard is settled or provisional, and how sure its income line
    is (legal, news, secondary or unverified: the weakest of the parameters it uses). --lang vi
    writes the headers, dates, status and titles in Vietnamese; the ids stay.

    Example:

        \b
        mdpoverty standards list
        mdpoverty standards list --lang vi
    """
    from ..standard.catalog import shipped_summaries

    if lang is Lang.VI:
        typer.echo(aligned(_vietnamese_list(shipped_summaries())))
        return
    # plain aligned text: rich's table import alone costs about 50 ms of a 0.2 s budget
    rows = [("id", "jurisdiction", "valid", "status", "version", "title")]
    for s in shipped_summaries():
        valid = f"{s.valid_from} to {s.valid_to or '...'}"
        flagged = s.provisional and "provisional" not in s.title_en.lower()
        title = s.title_en + (" [PROVISIONAL]" if flagged else "")
        status = f"{'provisional' if s.provisional else 'settled'}, line {s.line_status or '?'}"
        rows.append((s.id, s.province or "VN", valid, status, s.version, title))
    typer.echo(aligned(rows))


def _vietnamese_list(summaries) -> list[tuple[str, ...]]:
    rows = [("mã", "phạm vi", "hiệu lực", "tình trạng", "phiên bản", "tên")]
    vi = Lang.VI.value
    for s in summaries:
        valid = f"{labels.day(s.valid_from, vi)} - {labels.day(s.valid_to, vi) if s.valid_to else '...'}"
        flagged = s.provisional and "tạm thời" not in s.title_vi.lower()
        title = (s.title_vi or s.title_en) + (" [TẠM THỜI]" if flagged else "")
        line = labels.status_word(s.line_status, vi) if s.line_status else "?"
        status = f"{'tạm thời' if s.provisional else 'chính thức'}, chuẩn thu nhập: {line}"
        rows.append((s.id, s.province or "Toàn quốc", valid, status, s.version, title))
    return rows


def aligned(rows: list[tuple[str, ...]]) -> str:
    """Rows as text columns padded to their widest cell, two spaces apart."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


@app.command("show")
@handles_errors
def show(
    standard: Annotated[str, typer.Argument(help="Standard id or YAML file.")],
    lang: LangOpt = Lang.EN,
) -> None:
    """Show a standard: references, parameters with status, indicators and class rules.

    Example:

        \b
        mdpoverty standards show quangninh-2023-2025
        mdpoverty standards show vn-2022-2025 --lang vi
    """
    from rich.table import Table

    from ..engine.classifier import load_checked

    s = load_checked(standard)
    m = s.model
    console = out_console()
    if lang is Lang.VI:
        _show_vi(s, console)
        return
    console.print(styled((m.id, "bold"), f" (version {m.version}): {m.title.en} / {m.title.vi}"))
    if m.extends:
        console.print(f"extends {m.extends}; files: {', '.join(s.files)}")
    console.print(
        f"valid {m.valid_from} to {m.valid_to or '...'}"
        + (" [PROVISIONAL]" if m.provisional else "")
    )
    if m.notes:
        console.print(m.notes)
    refs = Table(title="References")
    for head in ("id", "title", "date"):
        refs.add_column(head)
    for r in m.references:
        refs.add_row(r.id, r.title, str(r.date or ""))
    console.print(refs)
    params = Table(title="Parameters")
    params.add_column("name", no_wrap=True)
    params.add_column("value", no_wrap=True)
    params.add_column("unit")
    params.add_column("status", min_width=10)  # the column a reader looks for: never "…"
    params.add_column("reference")
    if m.extends:
        params.add_column("inherited from", min_width=12)
    for name, p in m.parameters.items():
        row = [name, _value_text(p), p.unit, p.status.value, ", ".join(p.reference)]
        params.add_row(*row, *([_inherited(s, name, lang)] if m.extends else []))
    if m.parameters:  # a pure Alkire-Foster standard has none: no empty table
        console.print(params)
        note = _inherited_note(s, lang)
        if note:
            console.print(note)
    else:
        console.print("Parameters: none")
    from ..exact import fraction_text
    from ..standard.weights import indicator_weights

    weights = indicator_weights(m)
    given = any(ind.weight is not None for ind in m.indicators)
    inds = Table(title="Indicators" + ("" if given else " (default weights: nested by dimension)"))
    inds.add_column("id", no_wrap=True)
    for head in ("dimension", "weight", "deprived when", "status"):
        inds.add_column(head)
    for ind in m.indicators:
        inds.add_row(
            ind.id,
            ind.dimension,
            fraction_text(weights[ind.id]),
            "\n".join(
                [ind.deprived_when or "(with --members only)"]
                + ([f"from members: {ind.from_members}"] if ind.from_members else [])
            ),
            ind.status.value,
        )
    console.print(inds)
    noted = [(f"parameter {n}", p.note) for n, p in m.parameters.items() if p.note]
    noted += [(f"indicator {i.id}", i.note) for i in m.indicators if i.note]
    for where, note in noted:
        console.print(f"{where}: {note}")
    if m.k is not None:
        console.print(f"Alkire-Foster cut-off k = {m.k}")
    if m.classes or m.income_line is not None:
        rules = Table(title=f"Classes (first match wins); income_line = {m.income_line or '—'}")
        for head in ("#", "class", "when"):
            rules.add_column(head)
        for i, rule in enumerate(m.classes, 1):
            rules.add_row(str(i), rule.class_.value, rule.when or "otherwise")
        console.print(rules)
    elif m.k is not None:
        console.print("No class rules: classify gives poor when deprivation_score >= k")
    else:
        console.print("No class rules and no k: `mdpoverty measures --k` measures this standard")


def _show_vi(s, console) -> None:
    """`standards show` in Vietnamese: the standard's own Vietnamese names, rules in words."""
    from rich.table import Table

    from .. import labels
    from ..engine.classifier import compile_standard
    from ..explain.household import rule_text, standard_terms

    m, vi = s.model, Lang.VI
    terms = standard_terms(compile_standard(s))
    provisional = f" [{labels.word('provisional', vi)}]" if m.provisional else ""
    console.print(styled((m.id, "bold"), f" (phiên bản {m.version}): {m.title.vi}{provisional}"))
    if m.extends:
        console.print(f"mở rộng {m.extends}; tệp: {', '.join(s.files)}", markup=False)
    console.print(
        f"hiệu lực từ {m.valid_from:%d/%m/%Y} đến "
        + (f"{m.valid_to:%d/%m/%Y}" if m.valid_to else "..."),
        markup=False,
    )
    refs = Table(title="Văn bản, nguồn")
    for head in ("Mã", "Tên", "Ngày"):
        refs.add_column(head)
    for r in m.references:
        refs.add_row(r.id, r.title, f"{r.date:%d/%m/%Y}" if r.date else "")
    console.print(refs)
    params = Table(title="Tham số")
    for head in ("Tham số", "Giá trị", "Đơn vị", "Mức tin cậy", "Nguồn"):
        params.add_column(head)
    if m.extends:
        params.add_column("Kế thừa từ")
    for name, p in m.parameters.items():
        if p.values is not None:
            value = "\n".join(
                f"{labels.area_value(k, vi)}: {labels.number(v, vi)}" for k, v in p.values.items()
            )
        else:
            value = labels.number(p.value, vi)
        label = f"{p.label.vi}\n({name})" if p.label else name
        params.add_row(
            label,
            value,
            labels.unit_word(p.unit, vi),
            labels.status_word(p.status.value, vi),
            ", ".join(p.reference),
            *([_inherited(s, name, Lang.VI)] if m.extends else []),
        )
    console.print(params)
    note = _inherited_note(s, Lang.VI)
    if note:
        console.print(note, markup=False)
    dims = {d.id: d.label.vi for d in m.dimensions}
    inds = Table(title="Chỉ số")
    for head in ("Chỉ số", "Chiều", "Thiếu hụt khi", "Mức tin cậy"):
        inds.add_column(head)
    for ind in m.indicators:
        inds.add_row(
            ind.label.vi,
            dims.get(ind.dimension, ind.dimension),
            "\n".join(
                [
                    rule_text(ind.deprived_when, terms, vi, valued=False)
                    if ind.deprived_when
                    else "(chỉ với --members)"
                ]
                + (
                    [f"từ thành viên: {rule_text(ind.from_members, terms, vi, valued=False)}"]
                    if ind.from_members
                    else []
                )
            ),
            labels.status_word(ind.status.value, vi),
        )
    console.print(inds)
    line = "—" if m.income_line is None else rule_text(m.income_line, terms, vi, valued=False)
    rules = Table(
        title=f"Phân loại (quy tắc đúng đầu tiên được áp dụng); chuẩn thu nhập áp dụng = {line}"
    )
    for head in ("#", "Phân loại", "Khi"):
        rules.add_column(head)
    for i, rule in enumerate(m.classes, 1):
        rules.add_row(
            str(i),
            labels.class_value(rule.class_.value, vi),
            rule_text(rule.when or "otherwise", terms, vi, valued=False),
        )
    console.print(rules)


@app.command("validate")
@handles_errors
def validate(
    files: Annotated[list[str], typer.Argument(help="Standard YAML files (or ids).")],
    lang: LangOpt = Lang.EN,
) -> None:
    """Check standard files: YAML, keys, references, and every expression.

    Exits 4 with the file, line and key of the first problem (in Vietnamese with --lang vi).

    Example:

        \b
        mdpoverty standards validate my-province.yaml --lang vi
    """
    from ..engine.classifier import load_checked

    console = out_console()
    for f in files:
        s = load_checked(f)
        indicators, rules = len(s.model.indicators), len(s.model.classes)
        console.print(
            styled(
                ("ok", "green"),
                f" {f}: {s.id}, {labels.count(indicators, lang)} chỉ số,"
                f" {labels.count(rules, lang)} quy tắc phân loại"
                if lang is Lang.VI
                else f" {f}: {s.id}, {counted(indicators, 'indicator')}, {counted(rules, 'class rule')}",
            )
        )


@app.command("diff")
@handles_errors
def diff(
    base: Annotated[str, typer.Argument(help="Base standard: id or YAML file.")],
    alt: Annotated[str, typer.Argument(help="Alternative standard: id or YAML file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the diff as JSON.")] = False,
) -> None:
    """Print every parameter, indicator and class rule that differs, with alt / base ratios.

    Example:

        \b
        mdpoverty standards diff vn-2022-2025 quangninh-2023-2025
    """
    from dataclasses import asdict

    from ..engine.classifier import load_checked
    from ..standard.diff import diff_standards
    from .render_compare import _json_number, diff_table

    b, a = load_checked(base), load_checked(alt)
    rows = diff_standards(b.model, a.model)
    if as_json:
        text = json.dumps(
            [asdict(r) for r in rows], ensure_ascii=False, indent=2, default=_json_number
        )
        typer.echo(text)
    else:
        out_console().print(diff_table(rows, b.id, a.id))


@app.command("schema")
@handles_errors
def schema() -> None:
    """Print the JSON Schema of the standard file format, for editors.

    Example:

        \b
        mdpoverty standards schema > standard.schema.json
    """
    from pydantic import TypeAdapter

    from ..standard.model import Standard, StandardOverlay

    doc = TypeAdapter(Standard | StandardOverlay).json_schema(by_alias=True)
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["title"] = "mdpoverty standard file (format_version 1)"
    typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))


@app.command("test")
@handles_errors
def test(
    files: Annotated[list[str], typer.Argument(help="Test-case YAML files.")],
    lang: LangOpt = Lang.EN,
) -> None:
    """Run a standard's YAML test cases (each: input household, expected class and deprivations).

    Exits 3 when a case fails (as classify does when rows are rejected: the run completed, some
    items did not pass); 4 when a file cannot be used. --lang vi says what differed, and the
    errors, in Vietnamese.

    Example:

        \b
        mdpoverty standards test thresholds/tests/vn-2022-2025.yaml
    """
    from pathlib import Path

    from ..messages import said
    from ..run.cases import run_cases
    from ..standard.cases import load_cases

    console = out_console()
    failed = 0
    fail = "KHÔNG ĐẠT" if lang is Lang.VI else "FAIL"
    for f in files:
        suite = load_cases(Path(f))
        for case, problem in run_cases(suite):
            if problem:
                failed += 1
                console.print(styled((fail, "red"), f" {f}: {case.name}: {said(problem, lang)}"))
            else:
                ok = "ĐẠT" if lang is Lang.VI else "ok"
                pad = " " * (len(fail) - len(ok) + 1)  # the names in one column
                console.print(styled((ok, "green"), f"{pad}{f}: {case.name}"))
    if failed:
        raise typer.Exit(int(ExitCode.CASES_FAILED))
