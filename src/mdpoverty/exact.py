"""How numbers are held exactly: money and measures as two-place decimals, whole numbers bounded."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
