"""Excel number formats: how many decimals a cell's format shows, and the value it shows.

A workbook stores a formula's result at full precision (``=F4/E4/12`` is 1500000.0833333333)
and shows it through the cell's number format (``#,##0`` shows ``1,500,000``). mdpoverty reads
a money or m² cell under a format that shows a fixed number of decimals (at most 2) as that
format shows it (`io.readers`); every other format leaves the cell as it is.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

# Excel's built-in formats a cell's style may name by id alone (ECMA-376, 18.8.30): those that
# show numbers with digits and decimals; the others (General, percent, scientific, fractions,
# dates and times, text, and the ids whose format depends on the locale) show none as such
BUILTIN = {
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_);_("$"* \(#,##0.00\);_("$"* "-"??_);_(@_)',
}
SHOWN_DECIMALS = 2  # the most decimals of a format read as shown: money and m² have two
_PLACEHOLDERS = "0#?"
# Excel shows at most 15 significant digits of a value: it rounds to them first
_EXCEL_DIGITS = 15
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]{1,3})?")
_LARGEST = 400  # a float64's decimal exponents lie within +-324


def shown_decimals(code: str) -> int | None:
    """The decimals the format `code` shows a positive number with (its first section), when it
    shows it as digits rounded to at most 2 decimals; None for any other format: General, a
    percent, scientific, a fraction, a date or time, text, a condition, a format that scales by
    thousands (``#,##0,``), or one with more decimals.
    Example: ``shown_decimals('#,##0 "đ"')`` is 0, ``shown_decimals("0.00%")`` None."""
    kept: list[str] = []
    i = 0
    while i < len(code):
        ch = code[i]
        if ch == ";":
            break
        if ch == '"':
            end = code.find('"', i + 1)
            if end == -1:
                return None
            i = end + 1
            continue
        if ch in "\\_*":  # an escaped literal, a space as wide as a character, a fill
            i += 2
            continue
        if ch == "[":
            end = code.find("]", i + 1)
            inside = code[i + 1 : end] if end != -1 else ""
            # a colour or a currency and locale ([$₫-42A]) change no digit; a condition or an
            # elapsed time ([>=100], [h]) is no plain number
            if end == -1 or not (inside.startswith("$") or (inside.isalpha() and len(inside) > 1)):
                return None
            i = end + 1
            continue
        kept.append(ch)
        i += 1
    text = "".join(kept)
    # letters are General, dates and times, scientific, AM/PM; '/' a fraction, '%' a percent,
    # '@' text: none is a plain number
    if any(c.isascii() and c.isalpha() for c in text) or any(c in text for c in "/%@"):
        return None
    whole, _point, decimals = text.partition(".")
    if "." in decimals or not any(c in _PLACEHOLDERS for c in whole + decimals):
        return None
    placed = [i for i, c in enumerate(whole) if c in _PLACEHOLDERS]
    if placed and "," in whole[placed[-1] :]:  # a comma after the digits divides by 1,000
        return None
    if "," in decimals:
        return None
    places = sum(c in _PLACEHOLDERS for c in decimals)
    return places if places <= SHOWN_DECIMALS else None


def shown_value(stored: str, places: int) -> str | None:
    """The text of the value `stored` (a cell's value as the workbook holds it, '1500000.4') as
    a format with `places` decimals shows it: Excel's 15 significant digits, then rounded to
    `places` half away from zero ('1500000'); None when `stored` is no finite number.
    Example: ``shown_value("0.28499999999999998", 2)`` is ``'0.29'``, as Excel shows it."""
    if _NUMBER.fullmatch(stored) is None:  # as a workbook writes a number, nothing else
        return None
    try:
        value = Decimal(stored)
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value.adjusted()) > _LARGEST:
        return None
    with localcontext() as exact:  # every digit of a float64's range, none lost
        exact.prec = 2 * _LARGEST
        if value:
            digits = value.adjusted() - _EXCEL_DIGITS + 1  # the place of the 15th digit
            value = value.quantize(Decimal(1).scaleb(digits), rounding=ROUND_HALF_UP)
        shown = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if not shown:
        shown = abs(shown)  # -0.4 shows 0 (a negative zero is no amount)
    return f"{shown:f}"
