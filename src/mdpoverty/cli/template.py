"""`mdpoverty template`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..columns import CANONICAL
from ..errors import OutputError
from ..labels import Lang, type_word
from .common import LangOpt, handles_errors, out_console


class HeaderLang(StrEnum):
    en = "en"
    vi = "vi"


TITLE = {"en": "Canonical household columns", "vi": "Các cột của tệp danh sách hộ"}


@handles_errors
def template(
    output: Annotated[
        str, typer.Argument(help="CSV file to write (header row only), or - for stdout.")
    ],
    headers: Annotated[
        HeaderLang | None,
        typer.Option(
            "--headers",
            help="en: canonical names; vi: the documented Vietnamese headers. Default: as --lang.",
        ),
    ] = None,
    add_bom: Annotated[bool, typer.Option("--add-bom", help="Start with a BOM for Excel.")] = False,
    lang: LangOpt = Lang.EN,
) -> None:
    """Write an empty households file with the canonical columns, and describe each column
    (for the employment and dependants columns: what they count, and how sure that is).

    Example:

        \b
        mdpoverty template households.csv --headers vi --add-bom
        mdpoverty template danh-sach.csv --lang vi
    """
    import textwrap

    headers = headers or HeaderLang(lang.value)
    from ..io.writers import Target, check_target, write_text

    names = [c.name if headers is HeaderLang.en else c.vi_header for c in CANONICAL]
    line = ",".join(f'"{n}"' if "," in n else n for n in names) + "\n"
    if output == "-":
        typer.echo(line, nl=False)
    else:
        if Path(output).is_file():
            raise OutputError("the file exists already; choose another name", file=output)
        check_target(Target(output), "the template", formats=None)
        write_text(output, ("\ufeff" if add_bom else "") + line, replace=False)
    # one block per column (name, Vietnamese header, type; then the meaning, wrapped and
    # indented): readable on an 80-column console, where a five-column table was not
    console = out_console(to_stderr=output == "-")
    width = max(console.width, 40)
    console.print(TITLE[lang.value], style="bold", markup=False)
    for c in CANONICAL:
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
