"""Income per person per year: a list that gives it (`income_per_capita_year`) instead of the
monthly income is read as income_per_capita_month = the yearly amount / 12, exactly.

The standards are recompiled so (`compile_standard`'s `yearly`): every expression that reads
the monthly income reads the yearly column's hundredths over 1,200, so a household at exactly
12 times a monthly line is at the line, and none is compared by a rounded amount. A list with
both columns is refused: which one is the household's is the user's to say.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..columns import INCOME_MONTH, INCOME_YEAR
from ..engine.classifier import CompiledStandard, compile_standard
from ..errors import InputError
from ..text import one_line, quoted
from .layout import input_headers

if TYPE_CHECKING:
    from ..io.readers import Table


def read_yearly(table: Table, standards: list[CompiledStandard]) -> list[CompiledStandard]:
    """`standards` as they read `table`: those that read the monthly income read it from the
    yearly column when the list has that one only; a list with both is refused (exit 4).

    Example: ``standards = read_yearly(table, standards)`` before the marks are chosen.
    """
    present = set(table.columns)
    readers = [cs for cs in standards if INCOME_MONTH in cs.required_columns]
    if INCOME_YEAR not in present or not readers:
        return standards
    if INCOME_MONTH in present:
        headers = input_headers(table)
        month = quoted(one_line(headers.get(INCOME_MONTH, INCOME_MONTH)))
        year = quoted(one_line(headers.get(INCOME_YEAR, INCOME_YEAR)))
        raise InputError(
            f"the list gives income per person both per month ({month}) and per year ({year}):"
            " mdpoverty reads one of them; leave the other out of the file, or give it a header"
            " of its own (such as 'Ghi chú: thu nhập năm'), which nothing reads",
            file=table.source,
            key="input.income_month_and_year",
            params={"month": month, "year": year},
        )
    return [
        compile_standard(
            cs.standard, members=cs.members, marks=cs.marks, defer_members=True, yearly=True
        )
        if cs in readers
        else cs
        for cs in standards
    ]
