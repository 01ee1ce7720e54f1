"""The member forms' aggregates as polars expressions: per member row, per batch, and merged.

Each aggregate of a standard's member forms (`expressions.Aggregate`) is computed in two steps
that give the same result whatever way the member rows are split into batches: `partial` over
a batch's rows grouped by household, then `merge` over the partial results of one household.
Unknowns are Kleene: any() is true when some member's value is true, else unknown when some is
unknown, else false (all() dually); count, share, sum, min and max are unknown when any member's
value is unknown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .expressions import Aggregate

if TYPE_CHECKING:
    import polars as pl


def value_column(agg: Aggregate) -> str:
    """The member frame's column holding the aggregate's argument for each member row."""
    return agg.column + "__v"


def member_values(aggregates: tuple[Aggregate, ...] | list[Aggregate]) -> list[pl.Expr]:
    """Each aggregate's argument, per member row (true/false, or an integer numerator)."""
    return [agg.value.alias(value_column(agg)) for agg in aggregates]


def _null_or(value: pl.Expr, result: pl.Expr) -> pl.Expr:
    """`result`, or unknown when any of the group's `value`s is unknown."""
    import polars as pl

    return pl.when(value.is_null().any()).then(pl.lit(None)).otherwise(result)


def _combine(agg: Aggregate, value: pl.Expr) -> pl.Expr:
    """The aggregate of a group of `value`s: member values (partial) or partial results (merge:
    every function here is associative once its unknowns are carried along)."""
    import polars as pl

    if agg.func == "any":
        return value.any(ignore_nulls=False)
    if agg.func == "all":
        return value.all(ignore_nulls=False)
    if agg.func in ("count", "share"):
        return _null_or(value, value.cast(pl.UInt32).sum())
    if agg.func == "sum":
        return _null_or(value, value.sum())
    if agg.func == "min":
        return _null_or(value, value.min())
    return _null_or(value, value.max())


def partial(aggregates: tuple[Aggregate, ...] | list[Aggregate]) -> list[pl.Expr]:
    """Each aggregate over a group of member rows (with their `value_column`s)."""
    import polars as pl

    out = []
    for agg in aggregates:
        value = pl.col(value_column(agg))
        if agg.func in ("count", "share"):  # true counts one
            value = value.cast(pl.UInt32)
        out.append(_combine(agg, value).alias(agg.column))
    return out


def merge(aggregates: tuple[Aggregate, ...] | list[Aggregate]) -> list[pl.Expr]:
    """Each aggregate over a group of `partial` results of one household."""
    import polars as pl

    return [_combine(agg, pl.col(agg.column)).alias(agg.column) for agg in aggregates]


def result_dtype(agg: Aggregate) -> pl.DataType:
    """The household column's type (for an empty frame of aggregates)."""
    import polars as pl

    from .expressions import INT64_BOUND

    if agg.func in ("any", "all"):
        return pl.Boolean()
    if agg.func in ("count", "share"):
        return pl.UInt32()
    return pl.Int64() if agg.bound < INT64_BOUND and agg.func != "sum" else pl.Int128()
