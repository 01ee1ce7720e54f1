"""The weighted deprivation score in exact integers, and the indicators' bit patterns.

A standard's weights are exact fractions; over their common denominator ``D`` each weight is a
whole number, so a household's score is an integer numerator over ``D`` and ``score >= k`` is
decided as ``numerator * k.denominator >= k.numerator * D``, never with floats.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

# the common denominator of the weights is kept within 64-bit integers, with room for the sums
MAX_DENOMINATOR = 10**15
# indicators a measures pattern holds: an unsigned 64-bit integer, a bit for each indicator's
# verdict and one for whether it was decided
MAX_PATTERN_INDICATORS = 32


def score_numerators(weights: dict[str, Fraction]) -> tuple[int, dict[str, int]]:
    """``(D, {indicator: weight * D})``: the weights as whole numbers over one denominator."""
    den = math.lcm(*(w.denominator for w in weights.values()))
    return den, {i: int(w * den) for i, w in weights.items()}


def score_expr(columns: list[str], numerators: list[int]) -> pl.Expr:
    """The score's numerator from boolean indicator columns (a null counts as not deprived)."""
    import polars as pl

    zero = pl.lit(0, dtype=pl.Int64)
    return pl.sum_horizontal(
        pl.when(pl.col(c)).then(pl.lit(n, dtype=pl.Int64)).otherwise(zero)
        for c, n in zip(columns, numerators, strict=True)
    )


def bit_pattern(verdicts: list[pl.Expr]) -> pl.Expr:
    """Bit i set where verdict i is true (false and null leave it clear), as a UInt64."""
    import polars as pl

    zero = pl.lit(0, dtype=pl.UInt64)
    if not verdicts:
        return zero
    return pl.sum_horizontal(
        pl.when(v).then(pl.lit(1 << bit, dtype=pl.UInt64)).otherwise(zero)
        for bit, v in enumerate(verdicts)
    )
