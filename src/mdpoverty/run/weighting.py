"""Sums of sampling weights (a --weight column read by `validation.WeightSpec`), exact.

A view that counts households (classify's summary, compare's tables) sums their weights
beside the count: `weight_keys` are the aggregate's extra group keys and `weight_sum` its
aggregate, both over whole columns in polars; `amount` turns a merged aggregate's sum and
power back into an exact fraction. Only this module knows how a parsed weight is held, so a change to the
reading (`validation`) changes the sums here alone.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from .validation import WEIGHT_SCALE

if TYPE_CHECKING:
    import polars as pl

WEIGHTED = "__weighted__"  # the sum of the weights of a group's rows (in units of its power)
POWER = "__weight_power__"  # the power of ten those units are: a group key


def weight_keys() -> list[pl.Expr]:
    """The group keys a sum of weights needs beside the view's own: its power of ten."""
    import polars as pl

    # a weight is held as a decimal of WEIGHT_SCALE places: one power for every row
    return [pl.lit(-WEIGHT_SCALE, dtype=pl.Int16).alias(POWER)]


def weight_sum(column: str) -> pl.Expr:
    """The sum of `column`'s weights over a group, exact (whole units of its `POWER`)."""
    import polars as pl

    return pl.col(column).to_physical().cast(pl.Int128).sum().alias(WEIGHTED)


def amount(units: int, power: int) -> Fraction:
    """`units` x 10**`power`, exactly."""
    return Fraction(units * 10**power) if power >= 0 else Fraction(units, 10**-power)
