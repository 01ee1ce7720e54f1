"""`mdpoverty template`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..columns import CANONICAL, MEMBER_CANONICAL, Column
from ..errors import OutputError, Said
from ..labels import Lang, type_word
from .common import LangOpt, handles_errors, out_console


class HeaderLang(StrEnum):
    en = "en"
    vi = "vi"


TITLE = {"en": "Canonical household columns", "vi": "Các cột của tệp danh sách hộ"}
MEMBER_TITLE = {
    "en": "Canonical member columns (--members: one row per person)",
    "vi": "Các cột của tệp thành viên hộ (--members: mỗi người một dòng)",
}


@handles_errors
def template(
    output: Annotated[
        str,
        typer.Argument(
            help="File to write, its format from the extension: .csv (header row only), .xlsx"
            " (a workbook: the header row, and a sheet describing the columns), or - for CSV on"
            " stdout."
        ),
    ],
    headers: Annotated[
        HeaderLang | None,
        typer.Option(
            "--headers",
            help="en: canonical names; vi: the documented Vietnamese headers. Default: as --lang.",
        ),
    ] = None,
    add_bom: Annotated[
        bool, typer.Option("--add-bom", help="Start a CSV file with a BOM for Excel.")
    ] = False,
    members: Annotated[
        bool,
        typer.Option(
            "--members",
            help="Write the member file (for --members: one row per person) instead of the"
            " households file.",
        ),
    ] = False,
    lang: LangOpt = Lang.EN,
) -> None:
    """Write an empty households file with the canonical columns, and describe each column
    (for the employment and dependants columns: what they count, and how sure that is).
    With --members, the member file instead (household_id, age and the member columns).

    Example:

        \b
        mdpoverty template households.csv --headers vi --add-bom
        mdpoverty template danh-sach.xlsx --lang vi
        mdpoverty template thanh-vien.xlsx --members --lang vi
    """
    import textwrap

    from ..io.writers import Target, check_target, write_sheets, write_text

    headers = headers or HeaderLang(lang.value)
    columns = MEMBER_CANONICAL if members else CANONICAL

    names = [c.name if headers is HeaderLang.en else c.vi_header for c in columns]
    line = ",".join(f'"{n}"' if "," in n else n for n in names) + "\n"
    if output == "-":
        typer.echo(line, nl=False)
    else:
        path = Path(output)
        if path.is_file():
            raise OutputError(
                "the file exists already; choose another name", file=output, key="output.exists"
            )
        # a label placed into a message: said in the run's language as the message is
        the_template = Said("the template", "label.the_template")
        check_target(Target(output), the_template, formats={".csv", ".xlsx"})
        if path.suffix.lower() == ".xlsx":
            write_sheets(output, _sheets(names, lang, columns, members), replace=False)
        else:
            write_text(output, line, replace=False, add_bom=add_bom)
    # one block per column (name, Vietnamese header, type; then the meaning, wrapped and
    # indented): readable on an 80-column console, where a five-column table was not
    console = out_console(to_stderr=output == "-")
    width = max(console.width, 40)
    console.print((MEMBER_TITLE if members else TITLE)[lang.value], style="bold", markup=False)
    for c in columns:
        head = f"{c.name}  {c.vi_header}  ({type_word(c.type.value, lang)})"
        if lang is Lang.VI:
            meaning = f"{c.vi}. {c.note_vi}" if c.note_vi else c.vi
        else:
            meaning = f"{c.en}. {c.note_en}" if c.note_en else c.en
        console.print(textwrap.fill(head, width, subsequent_indent="    "), markup=False)
        console.print(
            textwrap.fill(meaning, width, initial_indent="    ", subsequent_indent="    "),
            markup=False,
            style="dim",
        )


DESCRIPTION = {
    "en": ("column", "Vietnamese header", "type", "meaning"),
    "vi": ("Cột", "Tiêu đề tiếng Việt", "Kiểu", "Ý nghĩa"),
}


def _sheets(
    names: list[str], lang: Lang, columns: tuple[Column, ...] = CANONICAL, members: bool = False
) -> list:
    """The template as a workbook: an empty households (or members) sheet under `names`, then
    a sheet describing each column."""
    import polars as pl

    from ..io.xlsx import Sheet
    from ..labels import sheet_name

    empty = pl.DataFrame(schema=dict.fromkeys(names, pl.String))
    heads = DESCRIPTION[lang.value]
    rows = []
    for c in columns:
        if lang is Lang.VI:
            meaning = f"{c.vi}. {c.note_vi}" if c.note_vi else c.vi
        else:
            meaning = f"{c.en}. {c.note_en}" if c.note_en else c.en
        rows.append((c.name, c.vi_header, type_word(c.type.value, lang), meaning))
    described = pl.DataFrame(rows, schema=dict.fromkeys(heads, pl.String), orient="row")
    return [
        Sheet(sheet_name("member_template" if members else "template", lang), empty),
        Sheet(sheet_name("columns", lang), described),
    ]
