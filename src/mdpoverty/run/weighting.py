"""Sums of sampling weights (a --weight column read by `validation.WeightSpec`), exact.

A weight is read as a mantissa and a power of ten (`validation.weight_type`). A view that sums
weights (measures' population, classify's summary, compare's tables) sums the mantissas per
power: `weight_keys` are the aggregate's extra group keys (the power), `weight_sum` its
aggregate (in Int128: each mantissa is under 10**18), both over whole columns in polars; and
`amount` turns a merged aggregate's sum and power back into an exact fraction. Only this module
and `validation` know how a parsed weight is held.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .validation import WEIGHT_EXPONENT, WEIGHT_MANTISSA
from .validation import weight_amount as amount

if TYPE_CHECKING:
    import polars as pl

__all__ = ["POWER", "WEIGHTED", "amount", "weight_keys", "weight_mantissa", "weight_sum"]

WEIGHTED = "__weighted__"  # the sum of the weights of a group's rows (in units of its power)
POWER = "__weight_power__"  # the power of ten those units are: a group key


def weight_mantissa(column: str) -> pl.Expr:
    """Each row's weight in units of its own power of ten (`weight_keys`), as Int128."""
    import polars as pl

    return pl.col(column).struct.field(WEIGHT_MANTISSA).cast(pl.Int128)


def weight_keys(column: str, name: str = POWER) -> list[pl.Expr]:
    """The group keys a sum of `column`'s weights needs beside the view's own: each row's
    power of ten (weights of different powers are summed apart, exactly)."""
    import polars as pl

    return [pl.col(column).struct.field(WEIGHT_EXPONENT).alias(name)]


def weight_sum(column: str, where: pl.Expr | None = None, name: str = WEIGHTED) -> pl.Expr:
    """The sum of `column`'s weights over a group of one power, exact (units of `POWER`); with
    `where`, of the rows where it is true (a null is not true)."""
    import polars as pl

    units = weight_mantissa(column)
    if where is not None:
        units = pl.when(where).then(units)
    return units.sum().alias(name)
