"""`mdpoverty template`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..columns import CANONICAL
from ..errors import OutputError
from .common import handles_errors, out_console


class HeaderLang(StrEnum):
    en = "en"
    vi = "vi"


@handles_errors
def template(
    output: Annotated[
        str, typer.Argument(help="CSV file to write (header row only), or - for stdout.")
    ],
    headers: Annotated[
        HeaderLang,
        typer.Option(
            "--headers", help="en: canonical names; vi: the documented Vietnamese headers."
        ),
    ] = HeaderLang.en,
    add_bom: Annotated[bool, typer.Option("--add-bom", help="Start with a BOM for Excel.")] = False,
) -> None:
    """Write an empty households file with the canonical columns, and describe each column
    (for the employment and dependants columns: what they count, and how sure that is).

    Example:

        \b
        mdpoverty template households.csv --headers vi --add-bom
    """
    from rich.table import Table

    names = [c.name if headers is HeaderLang.en else c.vi_header for c in CANONICAL]
    line = ",".join(f'"{n}"' if "," in n else n for n in names) + "\n"
    if output == "-":
        typer.echo(line, nl=False)
    else:
        path = Path(output)
        if path.exists():
            raise OutputError("the file exists already; choose another name", file=output)
        path.write_text(("\ufeff" if add_bom else "") + line, encoding="utf-8")
    table = Table(title="Canonical household columns")
    table.add_column("column", no_wrap=True)
    for head in ("Vietnamese header", "type", "Vietnamese", "English"):
        table.add_column(head)
    for c in CANONICAL:
        vi = f"{c.vi}. {c.note_vi}" if c.note_vi else c.vi
        en = f"{c.en}. {c.note_en}" if c.note_en else c.en
        table.add_row(c.name, c.vi_header, c.type.value, vi, en)
    out_console(to_stderr=output == "-").print(table)
