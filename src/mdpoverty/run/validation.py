"""Parse and check every needed cell with column expressions; collect every failure per row.

Each failing cell adds ``column:reason`` to the row's ``__errors__`` (``;``-separated). Reasons
come from the closed list `Reason`, so the rejects file is stable for other programs.

Number formats: in money columns (VND) a ``.``, ``,`` or space followed by exactly three digits
groups thousands (``1.500.000``, ``1,500,000``, ``1 500 000``), and a decimal part of one or two
digits may follow with the other mark (``1.500.000,50``); a currency word may end the cell
(``1.500.000 đ``, ``1,500,000 VND``: `CURRENCY_SUFFIX`). In measures such as m2 a single ``.``
or ``,`` is the decimal mark (``24,5``), and ``1.500`` (thousand or one and a half?) is refused as
ambiguous rather than guessed.
"""

from __future__ import annotations

import functools
import struct
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from ..columns import BY_NAME, MARK_HELD, MEMBER_COUNTS, Column, ColumnType, user_name
from ..errors import InputError
from ..exact import (
    DECIMAL_PRECISION,
    DECIMAL_SCALE,
    INTEGER_BOUND,
    INTEGER_DIGITS,
    exact_decimal,
)
from ..text import shorten
from .mark_list import ListSpec, list_columns
from .reasons import Reason  # (also imported from here by the views)

if TYPE_CHECKING:
    import polars as pl

    from ..io.mapping import ValueCodes

ERRORS = "__errors__"


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
BOOL_WORDS: dict[str, object] = {
    **dict.fromkeys(TRUE_WORDS, True),
    **dict.fromkeys(FALSE_WORDS, False),
}
# a list's deprivation marks: a yes or a tick is deprived; a no or a blank cell is not
MARK_WORDS: dict[str, object] = {
    **dict.fromkeys((*TRUE_WORDS, "✓", "✔", "√"), True),  # √: the tick Vietnamese Office inserts
    **dict.fromkeys((*FALSE_WORDS, ""), False),
}

# One pattern per number kind; a cell that fails it is rejected, never guessed. Digits are
# ASCII: the regex class \d would also take full-width and Arabic-Indic digits, which no
# number parser reads (they become not_a_number).
MONEY_PATTERN = (
    r"^(?:[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?:,[0-9]{3})+"
    r"|[0-9]{1,3}(?:[ \u00a0][0-9]{3})+)(?:[.,][0-9]{1,2})?$"
)
DECIMAL_PATTERN = r"^[0-9]+(?:[.,][0-9]{1,2})?$"
INTEGER_PATTERN = r"^[0-9]+(?:[.,]0+)?$"
NUMERIC_CHARS = r"^[0-9., \u00a0]*[0-9][0-9., \u00a0]*$"
# a currency word after a money amount, as offices type it and as mdpoverty prints money
# (`1.500.000 đ`, `1.500.000đ`, `1,500,000 VND`, `1.500.000 đồng`): any case, after NFC. Only
# after the last digit: `đ 1.500.000` or `2 đ 3` stays not a number.
_CURRENCY = r"(?i)\s*(?:đồng|dong|vnđ|vnd|đ|₫)$"
CURRENCY_SUFFIX = r"(?i)[0-9]" + _CURRENCY
# Money and measures are held as Decimal(18, 2): their whole part has at most 16 digits.
DECIMAL_WHOLE_DIGITS = DECIMAL_PRECISION - DECIMAL_SCALE

# Text whose NFC form differs from itself holds a combining mark, one of Unicode's NFC
# "singletons", or Hangul jamo (Unicode 14); only such cells pay for normalisation.
NFC_TRIGGER = (
    r"\p{M}|[\u0374\u037e\u0387\u0958-\u095f\u09dc-\u09dd\u09df\u0a33\u0a36\u0a59-\u0a5b\u0a5e"
    r"\u0b5c-\u0b5d\u0f43\u0f4d\u0f52\u0f57\u0f5c\u0f69\u1100-\u11ff\u1f71\u1f73\u1f75\u1f77"
    r"\u1f79\u1f7b\u1f7d\u1fbb\u1fbe\u1fc9\u1fcb\u1fd3\u1fdb\u1fe3\u1feb\u1fee-\u1fef\u1ff9"
    r"\u1ffb\u1ffd\u2000-\u2001\u2126\u212a-\u212b\u2329-\u232a\u2adc\uf900-\ufa0d\ufa10\ufa12"
    r"\ufa15-\ufa1e\ufa20\ufa22\ufa25-\ufa26\ufa2a-\ufa6d\ufa70-\ufad9\ufb1d\ufb1f\ufb2a-\ufb36"
    r"\ufb38-\ufb3c\ufb3e\ufb40-\ufb41\ufb43-\ufb44\ufb46-\ufb4e\U0001d15e-\U0001d164"
    r"\U0001d1bb-\U0001d1c0\U0002f800-\U0002fa1d]"
)
NEEDS_CLEANING = r"^\s|\s$|" + NFC_TRIGGER

RAW = "__raw__"
_FAST = "__fast__"
_TEXT = "__text__"


def nfc(expr: pl.Expr) -> pl.Expr:
    """NFC, computed only for the cells it can change (nulled elsewhere, so nearly free)."""
    import polars as pl

    changed = pl.when(expr.str.contains(NFC_TRIGGER)).then(expr).str.normalize("NFC")
    return pl.coalesce(changed, expr)


def text_key(expr: pl.Expr) -> pl.Expr:
    """A text cell as validation reads it (NFC, then trimmed: `_clean`), for a lookup made
    before validation (explain's --id): the same household a run would match."""
    import polars as pl

    return expr.cast(pl.String).str.normalize("NFC").str.strip_chars()


def nfc_series(series: pl.Series) -> pl.Series:
    """`series` in NFC. A column of few distinct values (provinces, districts, communes) is
    checked value by value, a quarter of the cost of the per-cell check `nfc` makes."""
    import polars as pl

    distinct = series.unique()
    if distinct.len() * 4 > series.len():
        return series.to_frame().select(nfc(pl.col(series.name))).to_series()
    changed = distinct.filter(distinct.str.contains(NFC_TRIGGER))
    if changed.is_empty():
        return series
    return series.replace(changed, changed.str.normalize("NFC"))


def _variants(words: dict[str, object]) -> dict[str, object]:
    """Exact spellings the fast path accepts: as written, Capitalised, UPPER."""
    out: dict[str, object] = {}
    for word, value in words.items():
        for form in (word, word.capitalize(), word.upper(), word.title()):
            out.setdefault(form, value)
    return out


def _lookup(expr: pl.Expr, words: dict[str, object]) -> pl.Expr:
    """`words[cell]`, null when absent. (A chain of is_in keeps polars streaming, where
    replace_strict gathered the whole column in memory.)"""
    import polars as pl

    by_value: dict[object, list[str]] = {}
    for word, value in words.items():
        by_value.setdefault(value, []).append(word)
    chain = None
    for value, forms in by_value.items():
        cond = expr.is_in(pl.lit(pl.Series(forms, dtype=pl.String)).implode())
        chain = (
            pl.when(cond).then(pl.lit(value))
            if chain is None
            else chain.when(cond).then(pl.lit(value))
        )
    return chain  # type: ignore[return-value]


_NUMERIC = (ColumnType.INTEGER, ColumnType.MONEY, ColumnType.DECIMAL)


def _raw_text(name: str) -> pl.Expr:
    import polars as pl

    return pl.col(RAW + name).cast(pl.String)


def _within(name: str, ctype: ColumnType, dtype: pl.DataType) -> pl.Expr | None:
    """For a float or decimal cell: whether it is finite and small enough for the exact type
    (else the cast could fail instead of giving null); None for other types."""
    import polars as pl

    if not (dtype.is_float() or dtype.is_decimal()):
        return None
    bound = INTEGER_BOUND if ctype is ColumnType.INTEGER else 10**DECIMAL_WHOLE_DIGITS
    return pl.col(RAW + name).abs() < bound  # NaN and infinities compare false


def _typed(name: str, ctype: ColumnType, dtype: pl.DataType) -> pl.Expr | None:
    """The value of a cell the reader already typed (Parquet's numbers, or integers parsed by
    polars), or None when the column must be read as text. A float or decimal is taken only
    when the exact type holds it exactly: 24.5 m2, not 24.125; 4 members, not 3.5."""
    import polars as pl

    raw = pl.col(RAW + name)
    exact = pl.Int64 if ctype is ColumnType.INTEGER else exact_decimal()
    if ctype in _NUMERIC and dtype.is_integer():
        return raw.cast(exact, strict=False)
    within = _within(name, ctype, dtype) if ctype in _NUMERIC else None
    if within is not None:
        value = pl.when(within).then(raw).cast(exact, strict=False)
        # not strict: a decimal(38, 38) holds no 1.00 (the cell is then read as its text)
        return pl.when(value.cast(dtype, strict=False) == raw).then(value)
    if ctype is ColumnType.BOOLEAN and dtype == pl.Boolean:
        return raw
    return None


def _fast(name: str, ctype: ColumnType, dtype: pl.DataType) -> pl.Expr:
    """A cheap parse of the raw cell that is right whenever it is not null.

    Cells it cannot read (spaces, decomposed text, grouped numbers, odd case...) are null here
    and go to the full parse in `_slow`, which sees only them.
    """
    import polars as pl

    if dtype != pl.String:
        typed = _typed(name, ctype, dtype)
        if typed is not None:
            return typed
    raw = _raw_text(name)
    if ctype is ColumnType.TEXT:
        return pl.when((raw.str.len_bytes() > 0) & ~raw.str.contains(NEEDS_CLEANING)).then(raw)
    if ctype is ColumnType.AREA:
        return _lookup(raw, _variants(AREA_WORDS))
    if ctype is ColumnType.BOOLEAN:
        return _lookup(raw, _variants(BOOL_WORDS))
    whole = raw.cast(pl.Int64, strict=False)
    if ctype is ColumnType.INTEGER:
        return whole
    exact = exact_decimal()
    if ctype is ColumnType.MONEY:
        return whole.cast(exact, strict=False)
    dotted = pl.when(raw.str.contains(r"^[0-9]{1,13}\.[0-9]{1,2}$")).then(raw)
    dotted = dotted.cast(exact, strict=False)
    return pl.coalesce(whole.cast(exact, strict=False), dotted)


def _slow(name: str, ctype: ColumnType) -> pl.Expr:
    """The full parse of the cleaned text of the cells `_fast` could not read."""
    import polars as pl

    s = pl.col(_TEXT + name)
    if ctype is ColumnType.TEXT:
        return s
    if ctype is ColumnType.AREA:
        return _lookup(s.str.to_lowercase(), AREA_WORDS)
    if ctype is ColumnType.BOOLEAN:
        return _lookup(s.str.to_lowercase(), BOOL_WORDS)
    if ctype is ColumnType.INTEGER:
        digits = _no_leading_zeros(s.str.replace(r"[.,]0+$", ""))
        ok = s.str.contains(INTEGER_PATTERN) & (digits.str.len_chars() <= INTEGER_DIGITS)
        return pl.when(ok).then(digits).cast(pl.Int64, strict=False)
    if ctype is ColumnType.MONEY:
        # mark the decimal part (one or two digits after the last . or ,), drop the
        # thousands separators, then restore the decimal point
        text = (
            s.str.replace(r"[.,]([0-9]{1,2})$", "D${1}")
            .str.replace_all(r"[., \u00a0]", "")
            .str.replace("D", ".", literal=True)
        )
        ok = s.str.contains(MONEY_PATTERN)
    else:
        text = s.str.replace(",", ".", literal=True)
        ok = s.str.contains(DECIMAL_PATTERN)
    text = _no_leading_zeros(text)
    whole = text.str.replace(r"\..*$", "").str.len_chars()
    ok = ok & (whole <= DECIMAL_WHOLE_DIGITS)  # larger ones are out of range (see _failure)
    return pl.when(ok).then(text).cast(exact_decimal(), strict=False)


def _no_leading_zeros(text: pl.Expr) -> pl.Expr:
    """'007' -> '7', '0.5' stays: the digits counted against a bound are the significant ones."""
    return text.str.replace(r"^0+([0-9])", "${1}")


def _skips_text(ctype: ColumnType, dtype: pl.DataType) -> bool:
    """Numbers and true/false the reader typed need no text parsing: `_failure` says why such a
    cell is refused from its value."""
    return _typed("", ctype, dtype) is not None


def _clean(name: str, ctype: ColumnType, dtype: pl.DataType) -> pl.Expr:
    """Cleaned text of the cells the fast path missed; null elsewhere and for blank cells."""
    import polars as pl

    if _skips_text(ctype, dtype):
        # a typed cell the fast path missed is empty or out of range: there is no text to read
        return pl.lit(None, dtype=pl.String)
    # the cells are picked before they are cast: a typed column's text is made for them alone
    missed = pl.when(pl.col(_FAST + name).is_null()).then(pl.col(RAW + name)).cast(pl.String)
    if ctype in (ColumnType.TEXT, ColumnType.AREA, ColumnType.BOOLEAN):
        missed = missed.str.normalize("NFC")
    text = missed.str.strip_chars()
    return pl.when(text.str.len_bytes() > 0).then(text)


_WORDED = "__worded__"


def _unworded(lf: pl.LazyFrame, money: list[str]) -> pl.LazyFrame:
    """The cleaned text of the `money` columns without a currency word after the number
    (`CURRENCY_SUFFIX`). Only a cell ending in something else than a digit pays for NFC and
    the word (not ``1.500.000``); each step is a column of its own, computed once."""
    import polars as pl

    if not money:
        return lf
    lf = lf.with_columns(
        nfc(pl.when(pl.col(_TEXT + c).str.contains(r"[^0-9]$")).then(pl.col(_TEXT + c))).alias(
            _WORDED + c
        )
        for c in money
    )
    lf = lf.with_columns(
        pl.when(pl.col(_WORDED + c).str.contains(CURRENCY_SUFFIX))
        .then(pl.col(_WORDED + c).str.replace(_CURRENCY, ""))
        .otherwise(pl.col(_TEXT + c))
        .alias(_TEXT + c)
        for c in money
    )
    return lf.drop(*(_WORDED + c for c in money))


def _blank(name: str, typed: bool) -> pl.Expr:
    """The cell is empty (or only spaces)."""
    import polars as pl

    if typed:
        return pl.col(RAW + name).is_null()
    return pl.col(_FAST + name).is_null() & pl.col(_TEXT + name).is_null()


def _failure(
    name: str,
    ctype: ColumnType,
    minimum: int,
    maximum: int | None,
    dtype: pl.DataType | None = None,
    blank_is_false: bool = False,
    optional: bool = False,
) -> pl.Expr:
    """'name:reason' for the first failed check of the cell, else null. In an `optional` column
    an empty cell is no failure: its value stays null. `dtype` is the type the reader gave a
    column it typed (see `_skips_text`), None for one read as text."""
    import polars as pl

    s, value = pl.col(_TEXT + name), pl.col(name)

    def label(reason: Reason) -> pl.Expr:
        if reason is Reason.MISSING_VALUE and optional:
            return pl.lit(None, dtype=pl.String)
        return pl.lit(f"{name}:{reason.value}")

    out_of_range = value < minimum
    if maximum is not None:
        out_of_range = out_of_range | (value > maximum)
    # a blank cell is missing, unless the mapping file said that blank means no here
    missing = pl.lit(False) if blank_is_false else _blank(name, dtype is not None)
    if dtype is not None:  # a number (or true/false) as the reader typed it
        raw = pl.col(RAW + name)
        chain = pl.when(missing).then(label(Reason.MISSING_VALUE))
        if dtype.is_float():
            chain = chain.when(raw.is_nan()).then(label(Reason.NOT_A_NUMBER))
        within = _within(name, ctype, dtype)
        if within is not None:  # finite and in bounds, yet not exact: too many places
            # a number cell has no thousands separator to doubt: its places are too many
            fraction = (
                Reason.NOT_AN_INTEGER if ctype is ColumnType.INTEGER else Reason.TOO_MANY_DECIMALS
            )
            chain = chain.when(value.is_null() & within).then(label(fraction))
        chain = chain.when(value.is_null()).then(label(Reason.OUT_OF_RANGE))
        return chain.when(out_of_range).then(label(Reason.OUT_OF_RANGE))
    chain = pl.when(missing).then(label(Reason.MISSING_VALUE))
    if ctype is ColumnType.TEXT:
        return chain
    if ctype is ColumnType.AREA:
        return chain.when(value.is_null()).then(label(Reason.UNKNOWN_CATEGORY))
    if ctype is ColumnType.BOOLEAN:
        return chain.when(value.is_null()).then(label(Reason.NOT_TRUE_FALSE))
    # a number written the right way but with too many digits for the exact type
    pattern = {
        ColumnType.INTEGER: INTEGER_PATTERN,
        ColumnType.MONEY: MONEY_PATTERN,
        ColumnType.DECIMAL: DECIMAL_PATTERN,
    }[ctype]
    chain = chain.when(value.is_null() & s.str.contains(pattern)).then(label(Reason.OUT_OF_RANGE))
    if ctype is ColumnType.INTEGER:
        chain = chain.when(value.is_null() & s.str.contains(r"^[0-9]+[.,][0-9]+$")).then(
            label(Reason.NOT_AN_INTEGER)
        )
    else:
        # one mark with more than three digits after it groups no thousands ('1500000.3333',
        # as a formula leaves a cell): only its decimals are too many. Three digits after it
        # may be a group ('1500.000': 1,500,000 with a separator left out), and stay ambiguous
        decimals = s.str.contains(r"^[0-9]+[.,][0-9]{4,}$")
        chain = chain.when(value.is_null() & decimals).then(label(Reason.TOO_MANY_DECIMALS))
        chain = chain.when(value.is_null() & s.str.contains(NUMERIC_CHARS)).then(
            label(Reason.AMBIGUOUS_NUMBER)
        )
    chain = chain.when(value.is_null() & s.str.contains(r"^-[0-9]")).then(
        label(Reason.OUT_OF_RANGE)
    )
    chain = chain.when(value.is_null()).then(label(Reason.NOT_A_NUMBER))
    return chain.when(out_of_range).then(label(Reason.OUT_OF_RANGE))


@dataclass(frozen=True)
class WeightSpec:
    """A sampling weight: a number >= 0 as survey programs write it (Stata, R, pandas: any
    float64's shortest text, ``523.4321899414062``, ``.5``, ``1e-12``, ``5.2E+02``), read exactly
    as written, as a mantissa and a power of ten (`weight_value`). A single ``.`` or ``,`` is the
    decimal mark (``1.500`` is one and a half: survey programs write weights with decimals, never
    with thousands separators). A ``-`` before a zero is that zero (a float -0.0 prints so).
    `magnitude`: a weight of 10**magnitude or more is refused (`WEIGHT_MAGNITUDE`, less with
    ``--count people``, whose people multiply it)."""

    magnitude: int | None = None  # None: WEIGHT_MAGNITUDE


# a weight is mantissa x 10**exponent, both whole numbers: with at most 18 significant digits
# the mantissa fits an Int64 (a float64 prints at most 17), so a batch's sum of mantissas per
# exponent is exact in Int128; the powers of ten are applied at the end, in Python integers
WEIGHT_MANTISSA, WEIGHT_EXPONENT = "mantissa", "exponent"
WEIGHT_DIGITS = 18  # significant digits
WEIGHT_SMALLEST = -400  # the least exponent: a float64 goes down to 5e-324
# a weight under 10**300: a sum of 10**8 of them still converts to a float64 for JSON
WEIGHT_MAGNITUDE = 300
# ... and, times its people (`--count people`: fewer than INTEGER_BOUND), still under 10**300
PEOPLE_WEIGHT_MAGNITUDE = WEIGHT_MAGNITUDE - len(str(INTEGER_BOUND - 1))
# ASCII digits, as every number kind (`MONEY_PATTERN`): polars' \d also takes full-width and
# Arabic-Indic digits, which no cast reads. Group 1, the sign, is "" on a match, null on a miss.
WEIGHT_PATTERN = r"^(-?)([0-9]*)(?:[.,]([0-9]*))?(?:[eE]([+-]?[0-9]{1,4}))?$"


def weight_type() -> pl.DataType:
    """The type a weight is read to: a struct of its mantissa (Int64) and exponent (Int16)."""
    import polars as pl

    return pl.Struct({WEIGHT_MANTISSA: pl.Int64, WEIGHT_EXPONENT: pl.Int16})


def weight_value(text: pl.Expr, magnitude: int | None = None) -> pl.Expr:
    """A column of weight texts (stripped) as its exact value (`weight_type`), null where the
    text is no weight or is 10**`magnitude` (`WEIGHT_MAGNITUDE`) or more. ``0.50`` and ``5e-1``
    are the same value; ``-0`` is 0. Never a struct with a null field."""
    from functools import partial

    # in stages, each computed once: as one expression, its parts (used several times each)
    # were computed again for each use, 30 times slower
    parse = partial(_parse_weights, magnitude=WEIGHT_MAGNITUDE if magnitude is None else magnitude)
    return text.map_batches(parse, return_dtype=weight_type(), is_elementwise=True)


def _parse_weights(texts: pl.Series, magnitude: int = WEIGHT_MAGNITUDE) -> pl.Series:
    """`weight_value` over a batch of texts, stage by stage (whole-column polars operations)."""
    import polars as pl

    parts = pl.col("parts")
    whole, fraction, digits, significant = (
        pl.col(c) for c in ("whole", "fraction", "digits", "significant")
    )
    mantissa, exponent = pl.col(WEIGHT_MANTISSA), pl.col(WEIGHT_EXPONENT)
    size = significant.str.len_chars().cast(pl.Int32)
    frame = (
        texts.to_frame("text")
        .lazy()
        .with_columns(parts=pl.col("text").str.extract_groups(WEIGHT_PATTERN))
        .with_columns(
            negative=parts.struct.field("1") == "-",
            whole=parts.struct.field("2").fill_null(""),
            fraction=parts.struct.field("3").fill_null(""),
            # not strict: a power that no cast reads is no weight (null), never an error
            power=parts.struct.field("4").fill_null("0").cast(pl.Int32, strict=False),
            # group 1 (the sign, maybe none) is "" on a match, null on a miss
            shaped=parts.struct.field("1").is_not_null(),
        )
        .with_columns(digits=(whole + fraction).str.strip_chars_start("0"))
        .with_columns(significant=digits.str.strip_chars_end("0"))
        .with_columns(
            exponent=pl.col("power")
            - fraction.str.len_chars().cast(pl.Int32)
            + digits.str.len_chars().cast(pl.Int32)
            - size,
            zero=size == 0,
        )
        .with_columns(
            good=pl.col("shaped")
            & ((whole.str.len_chars() + fraction.str.len_chars()) > 0)
            & (size <= WEIGHT_DIGITS)
            # a sign only before a zero: -0 and -0.0 are 0, any other negative no weight
            & (~pl.col("negative") | pl.col("zero"))
            & (
                pl.col("zero")
                | (
                    (pl.col("exponent") >= WEIGHT_SMALLEST)
                    & (pl.col("exponent") + size <= magnitude)
                )
            )
        )
        .with_columns(
            pl.when(pl.col("zero"))
            .then(pl.lit("0"))
            .otherwise(significant)
            .cast(pl.Int64, strict=False)
            .alias(WEIGHT_MANTISSA),
            pl.when(pl.col("zero"))
            .then(0)
            .otherwise(pl.col("exponent"))
            .cast(pl.Int16, strict=False)
            .alias(WEIGHT_EXPONENT),
        )
        .select(
            # fail closed: a part that did not parse makes the whole weight null (not_a_weight)
            pl.when(pl.col("good") & mantissa.is_not_null() & exponent.is_not_null())
            .then(pl.struct(mantissa, exponent))
            .alias(texts.name)
        )
        .collect()
    )
    return frame.to_series()


def weight_amount(mantissa: int, exponent: int) -> Fraction:
    """The exact value of a weight (or of a sum of weights of one exponent)."""
    if exponent >= 0:
        return Fraction(mantissa * 10**exponent)
    return Fraction(mantissa, 10**-exponent)


def _half_texts(values: pl.Series) -> pl.Series:
    """A Float16 column as each value's own shortest text (``0.1``): polars writes a Float16
    through a Float32, as that float's shortest text (``0.099975586``). A Float16 has 65,536
    values: each distinct one is written once (`_half_text`), then looked up."""
    import polars as pl

    distinct = values.drop_nulls().unique()
    texts = [_half_text(v) for v in distinct.to_list()]
    # NaN is no key replace_strict finds: a NaN stays NaN, as its text (not_a_weight)
    return (
        values.cast(pl.Float32)
        .replace_strict(distinct.cast(pl.Float32), pl.Series(texts, dtype=pl.String), default=None)
        .fill_null(values.cast(pl.String))
    )


@functools.lru_cache(maxsize=65_536)
def _half_text(value: float) -> str:
    """The shortest decimal text that reads back as the same Float16 as `value`."""
    if value != value or value in (float("inf"), float("-inf")):
        return repr(value)
    half = struct.pack("<e", value)
    for digits in range(1, 6):  # 5 significant digits tell every Float16 apart
        text = f"{value:.{digits}g}"
        try:
            if struct.pack("<e", float(text)) == half:
                return text
        except OverflowError:  # 65504 to 1 digit is 7e+04, past the largest Float16
            continue
    return repr(value)


def _weight(name: str, dtype: pl.DataType, spec: WeightSpec) -> tuple[pl.Expr, pl.Expr]:
    """A weight cell's exact value (`weight_type`) and its failure (null when the cell is good):
    the failure reads the value from the column `name` (`validate` puts it there first)."""
    import polars as pl

    raw = pl.col(RAW + name)
    if dtype == pl.String:
        text = raw
    elif dtype == pl.Float16:
        text = raw.map_batches(_half_texts, return_dtype=pl.String, is_elementwise=True)
    else:  # a Float32 as its own shortest text, not a Float64's
        text = raw.cast(pl.String)
    text = text.str.strip_chars()
    if dtype.is_numeric() or dtype == pl.String:
        # a float is taken as its shortest decimal text (0.1, not 0.1000000000000000055...)
        value = weight_value(text, spec.magnitude)
    else:
        value = pl.lit(None, dtype=weight_type())
    # validate's failures are computed once the value is in the column, under its name
    good = pl.col(name).is_not_null()

    def label(reason: Reason) -> pl.Expr:  # a weight column is the user's: its own header
        return pl.lit(f"{user_name(name)}:{reason.value}")

    failure = (
        pl.when(raw.is_null() | (text.str.len_bytes() == 0))
        .then(label(Reason.MISSING_VALUE))
        .when(good)
        .then(pl.lit(None, dtype=pl.String))
        .otherwise(label(Reason.NOT_A_WEIGHT))
    )
    return value, failure


@dataclass(frozen=True)
class MarkSpec:
    """A column of a list's deprivation marks (`mark_value`): ``x`` and the like are deprived,
    a blank cell, ``0`` and the like are not, any other cell is no mark."""


def mark_value(raw: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A mark cell's verdict over a whole column: true (deprived), false (not deprived), or
    null for a cell that is no mark. Text: a word of `MARK_WORDS` (any case, spaces around);
    a blank or empty cell is not deprived. A column the reader typed (Parquet): true/false as
    it is; a number 1 or 0 (1.0 and 0.0 too), any other number no mark; a null or NaN cell is
    blank, so not deprived."""
    import polars as pl

    if dtype == pl.Boolean:
        return raw.fill_null(False)
    if dtype.is_numeric():
        blank = raw.is_null() | raw.is_nan() if dtype.is_float() else raw.is_null()
        return (
            pl.when(blank)
            .then(pl.lit(False))
            .when(raw == 1)
            .then(pl.lit(True))
            .when(raw == 0)
            .then(pl.lit(False))
            .otherwise(pl.lit(None, dtype=pl.Boolean))
        )
    text = raw.cast(pl.String).fill_null("")
    fast = _lookup(text, _variants(MARK_WORDS))
    missed = pl.when(fast.is_null()).then(text)  # spaces, decomposed accents, odd case
    slow = _lookup(nfc(missed).str.strip_chars().str.to_lowercase(), MARK_WORDS)
    return pl.coalesce(fast, slow)


def _mark(name: str, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr]:
    """A mark cell's verdict and its failure (null when the cell is a mark)."""
    import polars as pl

    value = mark_value(pl.col(RAW + name), dtype)
    failure = pl.when(value.is_null()).then(pl.lit(f"{user_name(name)}:{Reason.BAD_MARK.value}"))
    return value, failure


Spec = Column | tuple[ColumnType, int, int | None] | WeightSpec | MarkSpec | ListSpec

_WRITTEN = "__written__"


def _decoded(name: str, dtype: pl.DataType, codes: dict[str, str]) -> pl.Expr:
    """The column `name` with each code (the mapping's `values`) replaced by the value it
    stands for; any other cell as written (as text). A code is compared as a cell is read:
    NFC, spaces around it ignored; a typed number as its text (a float 1.0 as ``1``)."""
    import polars as pl

    text = pl.col(_WRITTEN + name).cast(pl.String)
    if dtype.is_float():
        text = text.str.replace(r"\.0$", "")
    key = nfc(text).str.strip_chars()
    from ..io.mapping import code_forms

    by_value: dict[str, list[str]] = {}
    for code, value in codes.items():
        by_value.setdefault(value, []).extend(code_forms(code))
    chain = None
    for value, forms in by_value.items():  # a chain of is_in, as `_lookup`: it streams
        cond = key.is_in(pl.lit(pl.Series(forms, dtype=pl.String)).implode())
        chain = (pl.when(cond) if chain is None else chain.when(cond)).then(pl.lit(value))
    assert chain is not None
    return chain.otherwise(text)


def _decode(
    lf: pl.LazyFrame, codes: ValueCodes | None, needed: dict[str, Spec]
) -> tuple[pl.LazyFrame, list[str]]:
    """`lf` with the coded columns of `needed` decoded in place (`_decoded`), each column as
    written kept as ``__written__<name>``; and those columns."""
    if codes is None:
        return lf, []
    coded = [c for c, s in needed.items() if c in codes.codes and isinstance(s, Column | tuple)]
    if not coded:
        return lf, []
    for c in coded:
        check_codes(codes, c, needed[c])
    schema = lf.collect_schema()
    lf = lf.rename({c: _WRITTEN + c for c in coded})
    lf = lf.with_columns(_decoded(c, schema[c], codes.codes[c]).alias(c) for c in coded)
    return lf, coded


def check_codes(codes: ValueCodes, column: str, spec: Spec) -> None:
    """Refuse a code whose value its column cannot hold (`urbn` for area, `3` for a yes/no
    column, `0` for household_size), as a cell of it would be refused, with the mapping
    file's line and YAML path. Checked once per mapping and column."""
    import polars as pl

    if not isinstance(spec, Column | tuple) or column in codes.checked:
        return
    book = list(codes.codes[column].items())
    frame = pl.LazyFrame({column: [value for _, value in book]}, schema={column: pl.String})
    errors = validate(frame, {column: spec}).select(ERRORS).collect().to_series()
    for (code, value), error in zip(book, errors, strict=True):
        if error:
            reason = error.split(";")[0].split(":", 1)[1]
            raise InputError(
                f"'{shorten(value)}' is no value of {column} (a cell of it would be rejected:"
                f" {reason}); the code '{shorten(code)}' cannot stand for it",
                **codes.where(column, code),  # type: ignore[arg-type]
                key="mapping.code_bad_value",
                params={
                    "value": shorten(value),
                    "column": column,
                    "reason": reason,
                    "code": shorten(code),
                },
            )
    codes.checked.add(column)


def _unpack(
    spec: Column | tuple[ColumnType, int, int | None],
) -> tuple[ColumnType, int, int | None]:
    """Type and range of a column; a whole number's range within +-(10**15 - 1)."""
    ctype, minimum, maximum = (
        (spec.type, spec.minimum, spec.maximum) if isinstance(spec, Column) else spec
    )
    if ctype is ColumnType.INTEGER:
        largest = INTEGER_BOUND - 1
        minimum = max(minimum, -largest)
        maximum = largest if maximum is None else min(maximum, largest)
    return ctype, minimum, maximum


def validate(
    lf: pl.LazyFrame,
    needed: dict[str, Spec],
    duplicates: pl.Expr | None = None,
    blank_means_false: frozenset[str] = frozenset(),
    optional: frozenset[str] = frozenset(),
    codes: ValueCodes | None = None,
    excel_errors: dict[str, dict[int, str]] | None = None,
) -> pl.LazyFrame:
    """Parse each needed column in place, keep its raw text as ``__raw__<name>``, and add
    ``__errors__``: every failing cell's ``column:reason``, ';'-separated ('' when clean).

    `duplicates` is true on a row whose household_id more than one row has
    (`duplicate_ids.Duplicates.expr`, found in a pass of their own). Only the first failing check of a cell
    is reported (a missing value is not also 'not a number'). In the yes/no columns named in
    `blank_means_false` an empty cell is false instead of missing. An empty cell in an `optional`
    column is no failure: its value is null. A column with `codes` (the mapping's `values`) is
    decoded first: a code is parsed as the value it stands for, and its raw text is the cell
    as written. A cell of `excel_errors` (column -> {row: '#DIV/0!'}: a workbook's cell holding
    an Excel error, read as empty) fails as excel_error whatever the column.
    """
    import polars as pl

    from ..io.readers import ROW

    lf, coded = _decode(lf, codes, needed)
    schema = lf.collect_schema()
    weights = {
        c: _weight(c, schema[c], spec) for c, spec in needed.items() if isinstance(spec, WeightSpec)
    }
    marks = {c: _mark(c, schema[c]) for c, spec in needed.items() if isinstance(spec, MarkSpec)}
    # columns with a parser of their own (its value and its failure), apart from the types'
    own = weights | marks
    # a column listing the deprivations by name, and the columns of marks it gives
    lists = {c: spec for c, spec in needed.items() if isinstance(spec, ListSpec)}
    needed = {c: spec for c, spec in needed.items() if c not in own and c not in lists}
    types = {c: _unpack(spec)[0] for c, spec in needed.items()}
    typed = {c: _skips_text(t, schema[c]) for c, t in types.items()}
    lf = lf.rename({c: RAW + c for c in [*needed, *own, *lists]})
    lf = lf.with_columns(_fast(c, t, schema[c]).alias(_FAST + c) for c, t in types.items())
    lf = lf.with_columns(_clean(c, t, schema[c]).alias(_TEXT + c) for c, t in types.items())
    lf = _unworded(lf, [c for c, t in types.items() if t is ColumnType.MONEY and not typed[c]])
    # a typed cell has no text for the full parse: its value is the fast one
    lf = lf.with_columns(
        (pl.col(_FAST + c) if typed[c] else pl.coalesce(pl.col(_FAST + c), _slow(c, t))).alias(c)
        for c, t in types.items()
    )
    lf = lf.with_columns(value.alias(c) for c, (value, _) in own.items())
    listed: list[pl.Expr] = []
    helpers: list[str] = []
    for c, spec in lists.items():
        lf, failures, made = list_columns(lf, c, RAW + c, spec, schema)
        listed += failures
        helpers += made
    blank_false = {c for c in blank_means_false if types.get(c) is ColumnType.BOOLEAN}
    if blank_false:
        lf = lf.with_columns(
            pl.when(_blank(c, typed[c])).then(pl.lit(False)).otherwise(pl.col(c)).alias(c)
            for c in blank_false
        )
    reasons = [
        _failure(
            c,
            *_unpack(spec),
            dtype=schema[c] if typed[c] else None,
            blank_is_false=c in blank_false,
            optional=c in optional,
        )
        for c, spec in needed.items()
    ]
    reasons += [failure for _, failure in own.values()]
    # a cell holding an Excel error is no blank: neither missing, nor false, nor left empty
    errors_at = {c: cells for c, cells in (excel_errors or {}).items() if cells}
    columns = [*needed, *own]
    for i, c in enumerate(columns):
        if c in errors_at:
            at = pl.col(ROW).is_in(pl.lit(pl.Series(list(errors_at[c]), dtype=pl.Int64)).implode())
            name = c if c in needed else user_name(c)
            reasons[i] = (
                pl.when(at).then(pl.lit(f"{name}:{Reason.EXCEL_ERROR.value}")).otherwise(reasons[i])
            )
    reasons += listed
    reasons += [
        pl.when(
            pl.col(ROW).is_in(pl.lit(pl.Series(list(errors_at[c]), dtype=pl.Int64)).implode())
        ).then(pl.lit(f"{user_name(c)}:{Reason.EXCEL_ERROR.value}"))
        for c in lists
        if c in errors_at
    ]
    if duplicates is not None:
        dup = duplicates
        reasons.append(pl.when(dup).then(pl.lit(f"household_id:{Reason.DUPLICATE_ID.value}")))
    if "household_size" in needed:
        reasons += [
            pl.when(pl.col(c) > pl.col("household_size")).then(
                pl.lit(f"{c}:{Reason.MORE_THAN_HOUSEHOLD_SIZE.value}")
            )
            for c in MEMBER_COUNTS
            if c in needed
        ]
    # no reason at all: a standard whose indicators all read members, measured without ids
    errors = pl.concat_str(reasons, separator=";", ignore_nulls=True) if reasons else pl.lit("")
    lf = lf.with_columns(errors.alias(ERRORS))
    lf = lf.drop(*(p + c for c in needed for p in (_FAST, _TEXT)), *helpers)
    if coded:  # the raw text is the cell as written, for the rejects and --keep-input
        lf = lf.drop(*(RAW + c for c in coded)).rename({_WRITTEN + c: RAW + c for c in coded})
    return lf


def needed_columns(
    required: tuple[str, ...] | list[str],
    extra_specs: dict,
    listed: dict[str, ListSpec] | None = None,
) -> dict[str, Spec]:
    """Each required column's spec: canonical, a standard's extra column, or a column of
    deprivation marks (``deprived_<id>``, given by `engine.classifier`'s `marks`). `listed`
    (`mark_list.list_spec`): the list column whose items give some columns of marks, read in
    their stead."""
    specs: dict[str, Spec] = dict(listed or {})
    given = {c for spec in (listed or {}).values() for _, c in spec.marks}
    for name in required:
        if name in given:
            continue
        if name in BY_NAME:
            specs[name] = BY_NAME[name]
        elif name not in extra_specs and name.startswith(MARK_HELD):
            specs[name] = MarkSpec()
        else:
            spec = extra_specs[name]
            specs[name] = (spec.type, spec.minimum, spec.maximum)
    return specs
