"""How a value in a YAML file is named in a message, and the hints a person writing one needs.

Shared by the models' own validators (a parameter that is not a number) and by the translation
of validation errors (`problems`), so that both speak the same words.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from ..errors import Said
from .yaml_strict import clip

# 1.950.000, 1,950,000, 1 950 000, 1'950'000, with or without decimals: a number as offices
# write it, which YAML reads as text
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:([.,' \u00a0])\d{3})(?:\1\d{3})*(?:[.,]\d+)?$", re.ASCII)
# 1500000 VND, 2.000.000đ, 50%: a number followed by a unit
_NUMBER_AND_UNIT = re.compile(r"^([+-]?\d[\d.,_ ]*?)\s*(?:[^\W\d_]+|%)(?:/[^\W\d_]+)*$")


def what(value: object) -> str:
    """A YAML value as a message names it: "the text 'abc'", "the number 5", "a list"... (a
    `Said`: said in the run's language, the value as written)."""
    if value is None:
        return Said("an empty value", "value.empty")
    if isinstance(value, bool):
        shown = str(value).lower()
        return Said(f"the true/false value {shown}", "value.bool", value=shown)
    if isinstance(value, int | Decimal | float):
        return Said(f"the number {value}", "value.number", value=str(value))
    if isinstance(value, str):
        return Said(f"the text '{clip(value)}'", "value.text", value=clip(value))
    if isinstance(value, dt.datetime):
        shown = value.isoformat(sep=" ")
        return Said(f"the date and time {shown}", "value.datetime", value=shown)
    if isinstance(value, dt.date):
        return Said(f"the date {value.isoformat()}", "value.date", value=value.isoformat())
    if isinstance(value, list):
        return Said("a list", "value.list")
    if isinstance(value, dict):
        return Said("a mapping", "value.mapping")
    return Said("a value of another kind", "value.other")


def number_hint(value: object) -> str:
    """Why text that was meant as a number is not one, or '' when it does not look meant so."""
    if not isinstance(value, str):
        return ""
    text = value.strip()
    shown = clip(text)
    grouped = _GROUPED.match(text)
    if grouped:
        digits = _digits(text)
        head = f"'{shown}' is text to YAML, not a number: numbers in YAML are written without "
        if grouped.group(1) == "," and text.count(",") == 1:  # 1,950: a decimal comma?
            decimal = text.replace(",", ".")
            return Said(
                f"{head}thousands separators, e.g. {digits}, or {decimal} if the comma marks "
                "decimals",
                "standard.number_grouped_comma",
                written=shown,
                digits=digits,
                decimal=decimal,
            )
        return Said(
            f"{head}thousands separators, e.g. {digits}",
            "standard.number_grouped",
            written=shown,
            digits=digits,
        )
    with_unit = _NUMBER_AND_UNIT.match(text)
    if with_unit:
        number = with_unit.group(1).strip()
        if _GROUPED.match(number):
            return Said(
                f"'{shown}' is text to YAML, not a number: write the number alone, without a "
                f"unit or thousands separators, e.g. {_digits(number)}",
                "standard.number_with_unit_grouped",
                written=shown,
                digits=_digits(number),
            )
        return Said(
            f"'{shown}' is text to YAML, not a number: write the number alone, without a unit",
            "standard.number_with_unit",
            written=shown,
        )
    if re.fullmatch(r"[+-]?\d+(?:\.\d+)?", text, re.ASCII):
        return Said(
            f"'{shown}' is in quotes, so YAML reads it as text: write it without quotes",
            "standard.number_quoted",
            written=shown,
        )
    return ""


def not_a_number(value: object, whole: bool = False) -> str:
    """The message for `value` where a number (or a whole number) is wanted."""
    hint = number_hint(value)
    if hint:
        return hint
    if whole:
        return Said(
            f"must be a whole number, not {what(value)}",
            "standard.whole_number_wanted",
            value=what(value),
        )
    return Said(f"must be a number, not {what(value)}", "standard.number_wanted", value=what(value))


def _digits(text: str) -> str:
    """'1.950.000' -> '1950000' (the separator is the one that repeats or groups three digits)."""
    whole, decimals = _split(text)
    return whole + (f".{decimals}" if decimals else "")


def _split(text: str) -> tuple[str, str]:
    match = _GROUPED.match(text)
    assert match is not None
    separator = match.group(1)
    tail = text.rsplit(separator, 1)[-1]
    decimals = ""
    for mark in ".,":
        if mark != separator and mark in tail:
            text, decimals = text.rsplit(mark, 1)
    return text.replace(separator, ""), decimals


def close_to(word: str, choices: Iterable[str], n: int = 1) -> list[str]:
    """Choices spelled like `word` (case and accents aside), best first."""
    options = list(dict.fromkeys(choices))
    folded = {_fold(c): c for c in options}
    found = difflib.get_close_matches(_fold(word), list(folded), n=n, cutoff=0.6)
    return [folded[f] for f in found]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' or ''."""
    found = close_to(str(word), choices)
    return f" (did you mean '{found[0]}'?)" if found else ""


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def as_id(text: str, separator: str) -> str:
    """A readable id made from `text`: 'Diện tích nhà' -> 'dien_tich_nha'."""
    out = re.sub(r"[^a-z0-9]+", separator, _fold(text)).strip(separator)
    return out


def one_of(choices: Iterable[object]) -> str:
    """'a, b or c'."""
    names = [str(c) for c in choices]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " or " + names[-1]
