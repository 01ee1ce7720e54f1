"""Parse and check every needed cell with column expressions; collect every failure per row.

Each failing cell adds ``column:reason`` to the row's ``__errors__`` (``;``-separated). Reasons
come from the closed list `Reason`, so the rejects file is stable for other programs.

Number formats: in money columns (VND) a ``.``, ``,`` or space followed by exactly three digits
groups thousands (``1.500.000``, ``1,500,000``, ``1 500 000``), and a decimal part of one or two
digits may follow with the other mark (``1.500.000,50``). In measures such as m2 a single ``.``
or ``,`` is the decimal mark (``24,5``), and ``1.500`` (thousand or one and a half?) is refused as
ambiguous rather than guessed.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from .columns import BY_NAME, Column, ColumnType

if TYPE_CHECKING:
    import polars as pl

ERRORS = "__errors__"

# counts of members can never exceed the household's size
MEMBER_COUNTS = (
    "working_age_unemployed",
    "dependents",
    "children_under16_malnourished",
    "members_6plus_without_health_insurance",
    "members_16_30_lacking_education",
    "children_3_15_not_in_school",
)


class Reason(StrEnum):
    MISSING_VALUE = "missing_value"
    NOT_A_NUMBER = "not_a_number"
    NOT_AN_INTEGER = "not_an_integer"
    AMBIGUOUS_NUMBER = "ambiguous_number"
    OUT_OF_RANGE = "out_of_range"
    MORE_THAN_HOUSEHOLD_SIZE = "more_than_household_size"
    UNKNOWN_CATEGORY = "unknown_category"
    NOT_TRUE_FALSE = "not_true_false"
    DUPLICATE_ID = "duplicate_id"


AREA_WORDS = {
    "rural": "rural",
    "nông thôn": "rural",
    "nong thon": "rural",
    "nt": "rural",
    "urban": "urban",
    "thành thị": "urban",
    "thanh thi": "urban",
    "đô thị": "urban",
    "do thi": "urban",
    "tt": "urban",
}
TRUE_WORDS = ("true", "yes", "y", "1", "x", "có", "co", "đúng", "dung")
FALSE_WORDS = ("false", "no", "n", "0", "không", "khong", "sai")

# One pattern per number kind; a cell that fails it is rejected, never guessed.
MONEY_PATTERN = (
    r"^(?:\d+|\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0]\d{3})+)(?:[.,]\d{1,2})?$"
)
DECIMAL_PATTERN = r"^\d+(?:[.,]\d{1,2})?$"
INTEGER_PATTERN = r"^\d+(?:[.,]0+)?$"
NUMERIC_CHARS = r"^[\d., \u00a0]*\d[\d., \u00a0]*$"
RAW = "__raw__"
_TEXT = "__text__"


def _clean(name: str, ctype: ColumnType) -> pl.Expr:
    import polars as pl

    raw = pl.col(RAW + name)
    if ctype in (ColumnType.TEXT, ColumnType.AREA, ColumnType.BOOLEAN):
        raw = raw.str.normalize("NFC")
    return raw.str.strip_chars().replace("", None)


def _parse(name: str, ctype: ColumnType) -> pl.Expr:
    """Cleaned text (column ``__text__<name>``) -> typed value; null when it does not parse."""
    import polars as pl

    s = pl.col(_TEXT + name)
    if ctype is ColumnType.TEXT:
        return s
    if ctype is ColumnType.AREA:
        return s.str.to_lowercase().replace_strict(AREA_WORDS, default=None)
    if ctype is ColumnType.BOOLEAN:
        low = s.str.to_lowercase()
        return pl.when(low.is_in(TRUE_WORDS)).then(True).when(low.is_in(FALSE_WORDS)).then(False)
    if ctype is ColumnType.INTEGER:
        digits = s.str.replace(r"[.,]0+$", "")
        ok = s.str.contains(INTEGER_PATTERN) & (digits.str.len_chars() <= 15)
        return pl.when(ok).then(digits).cast(pl.Int64)
    if ctype is ColumnType.MONEY:
        # mark the decimal part (one or two digits after the last . or ,), drop the
        # thousands separators, then restore the decimal point
        text = (
            s.str.replace(r"[.,](\d{1,2})$", "D${1}")
            .str.replace_all(r"[., \u00a0]", "")
            .str.replace("D", ".", literal=True)
        )
        ok = s.str.contains(MONEY_PATTERN) & (text.str.len_chars() <= 16)
    else:
        text = s.str.replace(",", ".", literal=True)
        ok = s.str.contains(DECIMAL_PATTERN) & (text.str.len_chars() <= 16)
    return pl.when(ok).then(text).cast(pl.Decimal(18, 2))


def _failure(name: str, ctype: ColumnType, minimum: int, maximum: int | None) -> pl.Expr:
    """'name:reason' for the first failed check of the cell, else null."""
    import polars as pl

    s, value = pl.col(_TEXT + name), pl.col(name)

    def label(reason: Reason) -> pl.Expr:
        return pl.lit(f"{name}:{reason.value}")

    chain = pl.when(s.is_null()).then(label(Reason.MISSING_VALUE))
    if ctype is ColumnType.TEXT:
        return chain
    if ctype is ColumnType.AREA:
        return chain.when(value.is_null()).then(label(Reason.UNKNOWN_CATEGORY))
    if ctype is ColumnType.BOOLEAN:
        return chain.when(value.is_null()).then(label(Reason.NOT_TRUE_FALSE))
    if ctype is ColumnType.INTEGER:
        chain = chain.when(value.is_null() & s.str.contains(r"^\d+[.,]\d+$")).then(
            label(Reason.NOT_AN_INTEGER)
        )
    else:
        chain = chain.when(value.is_null() & s.str.contains(NUMERIC_CHARS)).then(
            label(Reason.AMBIGUOUS_NUMBER)
        )
    chain = chain.when(value.is_null() & s.str.starts_with("-")).then(label(Reason.OUT_OF_RANGE))
    chain = chain.when(value.is_null()).then(label(Reason.NOT_A_NUMBER))
    out_of_range = value < minimum
    if maximum is not None:
        out_of_range = out_of_range | (value > maximum)
    return chain.when(out_of_range).then(label(Reason.OUT_OF_RANGE))


Spec = Column | tuple[ColumnType, int, int | None]


def _unpack(spec: Spec) -> tuple[ColumnType, int, int | None]:
    if isinstance(spec, Column):
        return spec.type, spec.minimum, spec.maximum
    return spec


def validate(lf: pl.LazyFrame, needed: dict[str, Spec]) -> pl.LazyFrame:
    """Parse each needed column in place, keep its raw text as ``__raw__<name>``, and add
    ``__errors__``: every failing cell's ``column:reason``, ';'-separated ('' when clean).

    Only the first failing check of a cell is reported (a missing value is not also 'not a number').
    """
    import polars as pl

    lf = lf.rename({c: RAW + c for c in needed})
    lf = lf.with_columns(_clean(c, _unpack(spec)[0]).alias(_TEXT + c) for c, spec in needed.items())
    lf = lf.with_columns(_parse(c, _unpack(spec)[0]).alias(c) for c, spec in needed.items())
    reasons = [_failure(c, *_unpack(spec)) for c, spec in needed.items()]
    if "household_id" in needed:
        dup = pl.col("household_id").is_duplicated() & pl.col("household_id").is_not_null()
        reasons.append(pl.when(dup).then(pl.lit(f"household_id:{Reason.DUPLICATE_ID.value}")))
    if "household_size" in needed:
        reasons += [
            pl.when(pl.col(c) > pl.col("household_size")).then(
                pl.lit(f"{c}:{Reason.MORE_THAN_HOUSEHOLD_SIZE.value}")
            )
            for c in MEMBER_COUNTS
            if c in needed
        ]
    lf = lf.with_columns(pl.concat_str(reasons, separator=";", ignore_nulls=True).alias(ERRORS))
    return lf.drop(_TEXT + c for c in needed)


def needed_columns(required: tuple[str, ...] | list[str], extra_specs: dict) -> dict[str, Spec]:
    specs: dict[str, Spec] = {}
    for name in required:
        if name in BY_NAME:
            specs[name] = BY_NAME[name]
        else:
            spec = extra_specs[name]
            specs[name] = (spec.type, spec.minimum, spec.maximum)
    return specs
