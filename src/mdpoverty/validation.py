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

from enum import Enum
from typing import TYPE_CHECKING

from .columns import AREAS, BY_NAME, IDENTITY_COLUMNS, Column, ColumnType
from .readers import ROW

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


class Reason(str, Enum):
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
    "rural": "rural", "nông thôn": "rural", "nong thon": "rural", "nt": "rural",
    "urban": "urban", "thành thị": "urban", "thanh thi": "urban", "đô thị": "urban",
    "do thi": "urban", "tt": "urban",
}
TRUE_WORDS = ("true", "yes", "y", "1", "x", "có", "co", "đúng", "dung")
FALSE_WORDS = ("false", "no", "n", "0", "không", "khong", "sai")

_G = r"[ \u00a0]"  # a space used as a thousands separator
MONEY_FORMS: tuple[tuple[str, str, str], ...] = (
    # (pattern, characters to delete, decimal mark to turn into '.')
    (r"^\d+$", "", ""),
    (r"^\d+[.,]\d{1,2}$", "", ","),
    (r"^\d{1,3}(\.\d{3})+$", ".", ""),
    (r"^\d{1,3}(,\d{3})+$", ",", ""),
    (rf"^\d{{1,3}}({_G}\d{{3}})+$", " \u00a0", ""),
    (r"^\d{1,3}(\.\d{3})+,\d{1,2}$", ".", ","),
    (r"^\d{1,3}(,\d{3})+\.\d{1,2}$", ",", ""),
    (rf"^\d{{1,3}}({_G}\d{{3}})+[.,]\d{{1,2}}$", " \u00a0", ","),
)
DECIMAL_FORMS: tuple[tuple[str, str, str], ...] = (
    (r"^\d+$", "", ""),
    (r"^\d+[.,]\d{1,2}$", "", ","),
)


def _clean(name: str) -> pl.Expr:
    import polars as pl

    return pl.col(name).str.normalize("NFC").str.strip_chars()


def _parse_number(s: pl.Expr, forms: tuple[tuple[str, str, str], ...]) -> pl.Expr:
    """Text -> canonical 'digits[.dd]' text by the first matching form, else null."""
    import polars as pl

    chain = None
    for pattern, delete, mark in forms:
        value = s
        for ch in delete:
            value = value.str.replace_all(ch, "", literal=True)
        if mark:
            value = value.str.replace_all(mark, ".", literal=True)
        cond = s.str.contains(pattern)
        chain = pl.when(cond).then(value) if chain is None else chain.when(cond).then(value)
    return chain  # type: ignore[return-value]


def _reason(name: str, cond: pl.Expr, reason: Reason) -> tuple[pl.Expr, pl.Expr]:
    import polars as pl

    return cond, pl.lit(f"{name}:{reason.value}")


def parse_column(name: str, ctype: ColumnType, minimum: int, maximum: int | None):
    """(parsed value expression, [ (failure condition, 'name:reason') ... ]) for one column."""
    import polars as pl

    s = _clean(name)
    missing = s.is_null() | (s == "")
    checks: list[tuple[pl.Expr, pl.Expr]] = [_reason(name, missing, Reason.MISSING_VALUE)]
    if ctype is ColumnType.TEXT:
        return s, checks
    if ctype is ColumnType.AREA:
        value = s.str.to_lowercase().replace_strict(AREA_WORDS, default=None)
        checks.append(_reason(name, value.is_null(), Reason.UNKNOWN_CATEGORY))
        return value, checks
    if ctype is ColumnType.BOOLEAN:
        low = s.str.to_lowercase()
        value = pl.when(low.is_in(TRUE_WORDS)).then(True).when(low.is_in(FALSE_WORDS)).then(False)
        checks.append(_reason(name, value.is_null(), Reason.NOT_TRUE_FALSE))
        return value, checks
    if ctype is ColumnType.INTEGER:
        whole = s.str.contains(r"^\d+$") | s.str.contains(r"^\d+[.,]0+$")
        digits = s.str.replace(r"[.,]0+$", "")
        value = pl.when(whole & (digits.str.len_chars() <= 15)).then(digits).cast(pl.Int64)
        decimal_like = s.str.contains(r"^\d+[.,]\d+$")
        checks.append(_reason(name, decimal_like & ~whole, Reason.NOT_AN_INTEGER))
    else:
        forms = MONEY_FORMS if ctype is ColumnType.MONEY else DECIMAL_FORMS
        text = _parse_number(s, forms)
        value = pl.when(text.str.len_chars() <= 16).then(text).cast(pl.Decimal(18, 2))
        numeric_chars = s.str.contains(r"^[\d., \u00a0]+$") & s.str.contains(r"\d")
        checks.append(_reason(name, value.is_null() & numeric_chars, Reason.AMBIGUOUS_NUMBER))
    negative = s.str.contains(r"^-\s*\d")
    checks.append(_reason(name, value.is_null() & negative, Reason.OUT_OF_RANGE))
    checks.append(_reason(name, value.is_null(), Reason.NOT_A_NUMBER))
    out_of_range = value < minimum
    if maximum is not None:
        out_of_range = out_of_range | (value > maximum)
    checks.append(_reason(name, out_of_range, Reason.OUT_OF_RANGE))
    return value, checks


def validate(
    lf: pl.LazyFrame, needed: dict[str, Column | tuple[ColumnType, int, int | None]]
) -> pl.LazyFrame:
    """Replace each needed column by its parsed value and add ``__errors__`` ('' when clean).

    Only the first failing check of a cell is reported (a missing value is not also 'not a number').
    """
    import polars as pl

    parsed: list[pl.Expr] = []
    reasons: list[pl.Expr] = []
    for name, spec in needed.items():
        if isinstance(spec, Column):
            ctype, lo, hi = spec.type, spec.minimum, spec.maximum
        else:
            ctype, lo, hi = spec
        value, checks = parse_column(name, ctype, lo, hi)
        parsed.append(value.alias(name))
        first = None
        for cond, label in checks:
            first = pl.when(cond).then(label) if first is None else first.when(cond).then(label)
        reasons.append(first)  # type: ignore[arg-type]
    if "household_id" in needed:
        dup = pl.col("household_id").is_duplicated() & pl.col("household_id").is_not_null()
        reasons.append(pl.when(dup).then(pl.lit(f"household_id:{Reason.DUPLICATE_ID.value}")))
    lf = lf.with_columns(
        pl.concat_str(reasons, separator=";", ignore_nulls=True).alias(ERRORS), *parsed
    )
    if "household_size" in needed:
        size_checks = [
            pl.when(pl.col(c) > pl.col("household_size")).then(
                pl.lit(f"{c}:{Reason.MORE_THAN_HOUSEHOLD_SIZE.value}")
            )
            for c in MEMBER_COUNTS
            if c in needed
        ]
        if size_checks:
            lf = lf.with_columns(
                pl.concat_str([pl.col(ERRORS).replace("", None), *size_checks],
                              separator=";", ignore_nulls=True).alias(ERRORS)
            )
    return lf


def needed_columns(column_types: dict[str, ColumnType], required: tuple[str, ...], extra_specs: dict):
    specs: dict[str, Column | tuple[ColumnType, int, int | None]] = {}
    for name in required:
        if name in BY_NAME:
            specs[name] = BY_NAME[name]
        else:
            spec = extra_specs[name]
            specs[name] = (spec.type, spec.minimum, spec.maximum)
    return specs


__all__ = ["AREAS", "ERRORS", "IDENTITY_COLUMNS", "ROW", "Reason", "validate"]
