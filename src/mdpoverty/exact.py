"""How numbers are held exactly: money and measures as two-place decimals, whole numbers bounded."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from .errors import Said

if TYPE_CHECKING:
    import polars as pl

# money and measures are parsed to exact decimals with two places (VND cents, hundredths of m2)
DECIMAL_PRECISION, DECIMAL_SCALE = 18, 2
# whole numbers have at most 15 digits, however they are read: with the decimals' bound this
# lets the expression compiler prove that its 128-bit arithmetic never overflows
INTEGER_DIGITS = 15
INTEGER_BOUND = 10**INTEGER_DIGITS


def exact_decimal() -> pl.DataType:
    """The type money and measures are parsed to."""
    import polars as pl

    return pl.Decimal(DECIMAL_PRECISION, DECIMAL_SCALE)


# a weight or cut-off is written with a few digits; longer text is refused before any arithmetic
# (a hostile "1e999999999" must not become a billion-digit integer)
_FRACTION_DIGITS = 30


def exact_fraction(value: object, *, percent: bool = True) -> Fraction:
    """An exact number as written: ``1/6``, ``0.25``, ``33.33%`` (with `percent`), 1, Decimal.

    A percentage is taken exactly as written: ``33.33%`` is 3333/10000, not one third; a sign is
    kept (``-1/12``: the caller checks the range). Raises
    ValueError with a short reason for anything else (floats included: they are not exact).
    """
    if isinstance(value, bool | float):
        raise ValueError(
            Said(
                "write the number as text or a fraction, such as 1/3 or 0.25",
                "number.not_exact_kind",
            )
        )
    if isinstance(value, int):
        if len(str(abs(value))) > _FRACTION_DIGITS:
            raise ValueError(_too_many_digits())
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(Said("not a finite number", "number.not_finite"))
        _, digits, exponent = value.as_tuple()
        if len(digits) > _FRACTION_DIGITS or abs(int(exponent)) > _FRACTION_DIGITS:
            raise ValueError(_too_many_digits())
        return Fraction(value)
    if not isinstance(value, str):
        raise ValueError(Said("not a number", "number.not_a_number"))
    text = value.strip()
    # why a text is not a number, said as precisely as can be told
    if text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        raise ValueError(Said("not a finite number", "number.not_finite"))
    if len(text) > 2 * _FRACTION_DIGITS:
        raise ValueError(
            Said(
                f"too long: a number is written in at most {2 * _FRACTION_DIGITS} characters",
                "number.too_long",
                limit=2 * _FRACTION_DIGITS,
            )
        )
    if any(len(run) > _FRACTION_DIGITS for run in re.findall(r"\d+", text, re.ASCII)):
        raise ValueError(_too_many_digits())
    if not re.search(r"\d", text, re.ASCII):
        raise ValueError(Said("not a number", "number.not_a_number"))
    match = _FRACTION_TEXT.fullmatch(text)
    if match is None:
        raise ValueError(
            Said(
                "not an exact number: write a fraction (1/6), a decimal (0.25)"
                + (" or a percentage (33.33%)" if percent else ""),
                "number.not_exact",
                percent=percent,
            )
        )
    sign, number, denominator, pct = match.group("sign", "num", "den", "pct")
    result = Fraction(Decimal(number)) * (-1 if sign == "-" else 1)
    if denominator is not None:
        if Fraction(Decimal(denominator)) == 0:
            raise ValueError(Said("division by zero", "number.division_by_zero"))
        result /= Fraction(Decimal(denominator))
    if pct is not None:
        if not percent or denominator is not None:
            raise ValueError(Said("a percentage is not allowed here", "number.no_percentage"))
        result /= 100
    return result


def _too_many_digits() -> Said:
    return Said(
        f"too many digits: at most {_FRACTION_DIGITS} in a row (a repeating decimal is exact "
        "as a fraction: 1/12, not 0.08333...)",
        "number.too_many_digits",
        limit=_FRACTION_DIGITS,
    )


# a sign is read (-1/12 is a number, which a weight's or k's range check then refuses as
# negative, rather than "not an exact number"); the callers check the range
_FRACTION_TEXT = re.compile(
    r"(?P<sign>[-+])?(?P<num>\d+(?:\.\d+)?)(?:\s*/\s*(?P<den>\d+(?:\.\d+)?))?\s*(?P<pct>%)?",
    re.ASCII,
)


def fraction_text(value: Fraction) -> str:
    """``1/3``, or ``2`` for a whole number."""
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )
