"""Validation errors of a YAML file, in the project's words.

pydantic's own wording ("Input should be a valid string", "Field required", "type=...") never
reaches a user: every kind of error the models can raise is said here as a sentence that names
what is wrong and what to write instead, with the YAML path it is at (the CLI adds the file
and line). Unknown keys get a did-you-mean from the keys allowed at that place.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Said, StandardError
from ..text import counted, quoted
from .wording import as_id, close_to, did_you_mean, not_a_number, number_hint, one_of, what
from .yaml_strict import clip, join_path


@dataclass(frozen=True)
class Problem:
    """One problem: the YAML path it is at (where its line is looked up) and the sentence."""

    path: str
    message: str


# the id patterns of model.py, described for a person
_ID_RULES = {
    r"^[a-z][a-z0-9_]*$": (
        Said("lowercase letters a-z, digits and '_', starting with a letter", "id_rule.underscore"),
        "_",
    ),
    r"^[a-z0-9][a-z0-9-]*$": (Said("lowercase letters a-z, digits and '-'", "id_rule.hyphen"), "-"),
    r"^[a-z][a-z0-9_-]*$": (
        Said(
            "lowercase letters a-z, digits, '_' and '-', starting with a letter",
            "id_rule.both",
        ),
        "-",
    ),
}

# every error type `describe` words on purpose; any other falls back to a plain sentence
KNOWN_TYPES = frozenset(
    {
        "extra_forbidden",
        "missing",
        "model_type",
        "model_attributes_type",
        "dict_type",
        "list_type",
        "too_short",
        "too_long",
        "string_type",
        "string_pattern_mismatch",
        "string_too_short",
        "string_too_long",
        "enum",
        "literal_error",
        "bool_type",
        "bool_parsing",
        "int_type",
        "int_parsing",
        "int_from_float",
        "int_parsing_size",
        "float_type",
        "float_parsing",
        "decimal_type",
        "decimal_parsing",
        "finite_number",
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
        "datetime_type",
        "datetime_parsing",
        "value_error",
        "assertion_error",
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
        "multiple_of",
    }
)


def describe(exc: ValidationError, root: type[BaseModel]) -> list[Problem]:
    """Each error of `exc` (raised validating data against `root`) as a Problem."""
    errors = exc.errors(include_url=False, include_context=True)
    found = [_problem(err, root) for err in errors]
    # 'deprived_whn' unknown and 'deprived_when' missing are one mistake: the did-you-mean says it
    misspelt = {
        join_path(p.path.rsplit(".", 1)[0] if "." in p.path else "", s.group(1))
        for p in found
        if (s := re.search(r"\(did you mean '([^']+)'\?\)$", p.message))
        and "unknown key" in p.message
    }
    return [
        p
        for p, err in zip(found, errors, strict=True)
        if not (err["type"] == "missing" and _missing_path(p) in misspelt)
    ]


def _missing_path(problem: Problem) -> str:
    key = re.search(r"the required key '([^']+)'", problem.message)
    return join_path(problem.path, key.group(1)) if key else ""


def _problem(err: Any, root: type[BaseModel]) -> Problem:
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    parts, target = _walk(root, err["loc"])
    path = _path(parts)
    if kind == "extra_forbidden":
        parent_parts, parent = _walk(root, err["loc"][:-1])
        return Problem(path, _unknown_key(str(parts[-1]), parent, root, parent_parts))
    if kind == "missing":
        return Problem(
            _path(parts[:-1]),
            Said(
                f"the required key '{parts[-1]}' is missing",
                "standard.key_missing",
                name=f"'{parts[-1]}'",
            ),
        )
    return Problem(path, _message(kind, value, ctx, target))


def _message(kind: str, value: Any, ctx: dict[str, Any], target: Any) -> str:
    """The sentence for one error of pydantic's `kind`: a `Said`, so that it is said in the
    run's language by its kind and values, never by its English words."""
    if kind in ("value_error", "assertion_error"):
        error = ctx.get("error")
        said = error.args[0] if isinstance(error, Exception) and error.args else None
        if isinstance(said, Said):  # the models' own validators say theirs (model.py)
            return said
        return str(error or "") or Said(
            "this value is not accepted here", "standard.value_not_accepted"
        )
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _mapping_wanted(value, target)
    if kind == "list_type":
        write = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
        text = f"must be a list (one '- ' line per item, or [a, b]), not {what(value)}"
        return Said(
            text + (f": write [{write}]" if write else ""),
            "standard.list_wanted",
            value=what(value),
            write=write,
        )
    if kind in ("too_short", "too_long"):
        limit = ctx.get("min_length" if kind == "too_short" else "max_length")
        items = f"{limit} item{'s' * (limit != 1)}"
        if kind == "too_short":
            return Said(f"must list at least {items}", "standard.too_few_items", limit=limit)
        return Said(f"must list at most {items}", "standard.too_many_items", limit=limit)
    if kind == "string_type":
        return _text_wanted(value)
    if kind == "string_pattern_mismatch":
        return _bad_id(str(value), str(ctx.get("pattern", "")))
    if kind in ("string_too_short", "string_too_long"):
        limit = ctx.get("min_length" if kind == "string_too_short" else "max_length")
        chars = f"{limit} character{'s' * (limit != 1)} long"
        if kind == "string_too_short":
            return Said(f"must be at least {chars}", "standard.text_too_short", limit=limit)
        return Said(f"must be at most {chars}", "standard.text_too_long", limit=limit)
    if kind in ("enum", "literal_error"):
        return _choice_wanted(value, ctx, target)
    if kind in ("bool_type", "bool_parsing"):
        return Said(
            f"must be true or false, not {what(value)}", "standard.bool_wanted", value=what(value)
        )
    if kind.startswith(("int_", "float_", "decimal_")) or kind == "finite_number":
        whole = kind.startswith("int_")
        return not_a_number(value, whole=whole)
    if kind.startswith(("date_", "datetime_")):
        return _date_wanted(value)
    bounds = {
        "greater_than": ("more than", "gt"),
        "greater_than_equal": ("at least", "ge"),
        "less_than": ("less than", "lt"),
        "less_than_equal": ("at most", "le"),
        "multiple_of": ("a multiple of", "multiple_of"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return Said(
            f"must be {words} {ctx.get(key)}, not {what(value)}",
            "standard.out_of_bounds",
            bound=kind,
            limit=str(ctx.get(key)),
            value=what(value),
        )
    return Said(f"{what(value)} is not accepted here", "standard.not_accepted", value=what(value))


def _unknown_key(key: str, parent: Any, root: type[BaseModel], parent_parts: list[Any]) -> str:
    allowed = _keys(parent)
    if not parent_parts and root.__name__ == "Standard":
        from .model import StandardOverlay

        if key in _keys(StandardOverlay):
            return Said(
                f"unknown key {quoted(key)}: it is only for a standard that extends another "
                "(one with 'extends: ...')",
                "standard.unknown_key_overlay",
                name=quoted(key),
            )
    close = close_to(str(key), allowed)
    if close:
        return Said(
            f"unknown key {quoted(key)}{did_you_mean(key, allowed)}",
            "standard.unknown_key_close",
            name=quoted(key),
            close=f"'{close[0]}'",
        )
    if allowed:
        return Said(
            f"unknown key {quoted(key)}; the keys here are {one_of(allowed)}",
            "standard.unknown_key_keys",
            name=quoted(key),
            keys=", ".join(str(k) for k in allowed),
        )
    return Said(f"unknown key {quoted(key)}", "standard.unknown_key", name=quoted(key))


def _mapping_wanted(value: Any, target: Any) -> str:
    shape, keys = "", []
    if isinstance(target, type) and issubclass(target, BaseModel):
        keys = [k for k, f in _fields(target) if f.is_required()]
        if target.__name__ == "Label":
            shape = "label"
        elif keys:
            shape = "keys"
    lines = " (key: value lines indented below it)"
    text = {
        "label": " of vi and en, such as {vi: Nhà ở, en: Housing}",
        "keys": f" with the keys {one_of(keys)}{lines}",
    }.get(shape, lines)
    text = f"must be a mapping{text}, not {what(value)}"
    hint = number_hint(value)
    return Said(
        text if not hint else f"{text}; {hint}",
        "standard.mapping_wanted",
        shape=shape,
        keys=keys,
        value=what(value),
        hint=hint,
    )


def _text_wanted(value: Any) -> str:
    base = f"must be text, not {what(value)}"
    if isinstance(value, bool):
        return Said(
            f"{base}: YAML reads yes, no, on, off, true and false as true/false; "
            "put the text in quotes",
            "standard.text_wanted_not_bool",
            value=what(value),
        )
    if isinstance(value, dt.date | int) or type(value).__name__ == "Decimal":
        shown = (
            value.isoformat(sep=" ")
            if isinstance(value, dt.datetime)
            else value.isoformat()
            if isinstance(value, dt.date)
            else str(value)
        )
        return Said(
            f'{base}: put it in quotes, "{shown}"',
            "standard.text_wanted_quoted",
            value=what(value),
            shown=shown,
        )
    return Said(base, "standard.text_wanted", value=what(value))


def _bad_id(value: str, pattern: str) -> str:
    rule, separator = _ID_RULES.get(pattern, ("", "_"))
    shown = clip(value)
    if not rule:
        return Said(
            f"'{shown}' is not in the form this key takes", "standard.bad_form", value=shown
        )
    suggestion = as_id(value, separator)
    close = (
        suggestion
        if suggestion and re.fullmatch(pattern, suggestion) and suggestion != value
        else ""
    )
    hint = f"; did you mean '{close}'?" if close else ""
    return Said(
        f"'{shown}' is not a valid id: an id is {rule}{hint}",
        "standard.bad_id",
        value=shown,
        rule=rule,
        close=close,
    )


def _choice_wanted(value: Any, ctx: dict[str, Any], target: Any) -> str:
    choices = _choices(target)
    if choices is None:  # the annotation was not found: pydantic's list, without its quotes
        expected = str(ctx.get("expected", "")).replace("'", "")
        if expected:
            return Said(
                f"must be {expected}, not {what(value)}",
                "standard.expected_value",
                expected=expected,
                value=what(value),
            )
        return Said(
            f"{what(value)} is not accepted here", "standard.not_accepted", value=what(value)
        )
    shown = [str(_yaml_text(c)) for c in choices]
    close = ""
    if isinstance(value, str):
        found = close_to(value, shown)
        close = found[0] if found else ""
    hint = f" (did you mean '{close}'?)" if close else ""
    return Said(
        f"must be {one_of(shown)}, not {what(value)}{hint}",
        "standard.choice_wanted",
        allowed=shown,
        value=what(value),
        close=close,
    )


def _date_wanted(value: Any) -> str:
    if isinstance(value, dt.datetime):
        day = value.date().isoformat()
        return Said(
            f"must be a date without a time of day, e.g. {day}", "standard.date_no_time", day=day
        )
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", value, re.ASCII)
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                iso = dt.date(year, month, day).isoformat()
            except ValueError:
                pass
            else:
                shown = clip(value)  # the spaces around it may be many, and line breaks
                return Said(
                    f"'{shown}' is not a date YAML reads: write it year first, {iso}",
                    "standard.date_year_first",
                    value=shown,
                    day=iso,
                )
    return Said(
        f"must be a date written year-month-day, e.g. 2022-01-01, not {what(value)}",
        "standard.date_wanted",
        value=what(value),
    )


# ----------------------------------------------------------------- the models, walked by path


def _walk(root: type[BaseModel], loc: tuple[Any, ...]) -> tuple[list[Any], Any]:
    """The YAML path parts of `loc` (pydantic's markers of union members left out) and the
    annotation found at its end (None when it cannot be followed)."""
    parts: list[Any] = []
    current: Any = root
    for part in loc:
        current = _strip(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            parts.append(part)
            fields = dict(_fields(current))
            current = fields[part].annotation if part in fields else None
            continue
        origin = typing.get_origin(current)
        if origin is list and isinstance(part, int):
            parts.append(part)
            current = typing.get_args(current)[0]
        elif origin is dict:
            parts.append(part)
            current = typing.get_args(current)[1]
        elif _is_union(current) or (isinstance(part, str) and "[" in part):
            continue  # a union member's tag or a validator's name: not in the YAML
        else:
            parts.append(part)
            current = None
    return parts, _strip(current)


def _strip(annotation: Any) -> Any:
    """`X | None` -> X, `Annotated[X, ...]` -> X (repeatedly)."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if _is_union(annotation):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) == 1:
                annotation = members[0]
                continue
        return annotation


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _fields(model: type[BaseModel]) -> list[tuple[str, Any]]:
    return [(f.alias or name, f) for name, f in model.model_fields.items()]


def _keys(annotation: Any) -> list[str]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [k for k, _ in _fields(annotation)]
    return []


def _choices(annotation: Any) -> list[Any] | None:
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [m.value for m in annotation]
    if typing.get_origin(annotation) is typing.Literal:
        return list(typing.get_args(annotation))
    return None


def _yaml_text(value: Any) -> Any:
    if isinstance(value, bool):
        return str(value).lower()
    return value if isinstance(value, str) else str(value)


def _path(parts: list[Any]) -> str:
    path = ""
    for part in parts:
        path = join_path(path, part)
    return path


# problems listed for one file; the rest are counted
MAX_LISTED = 20

# where a problem is: the file, the YAML path in that file, its line, and a note when the file
# is not the one being loaded (an inherited part)
Place = tuple[str, str, int | None, str | None]


def as_error(
    exc: ValidationError,
    root: type[BaseModel],
    file: str,
    place: typing.Callable[[str], Place],
    what_file: str = "standard file",
) -> StandardError:
    """One StandardError for every problem of `exc`: a single problem as `file:line: path:
    message`, several listed one a line under a count."""
    problems = describe(exc, root)
    if len(problems) == 1:
        there, path, line, note = place(problems[0].path)
        return StandardError(
            problems[0].message,
            file=there,
            yaml_path=clip(path, 120) or None,
            line=line,
            details=[note] if note else None,
            key="standard.problem",
            params={"message": problems[0].message},
        )
    details: list[str] = []
    placed = sorted(
        ((place(p.path), p.message) for p in problems),
        key=lambda item: (item[0][0] != file, item[0][0], item[0][2] or 0),
    )
    for (there, path, line, note), message in placed[:MAX_LISTED]:
        head = f"{there}:{line}" if there != file and line else (there if there != file else "")
        text = ": ".join(
            p for p in (head or (f"line {line}" if line else ""), clip(path, 120), message) if p
        )
        details.append(
            Said(
                text + (f" ({note})" if note else ""),
                "standard.problem_line",
                head=head,
                line=line or "",
                path=clip(path, 120),
                message=message,
                note=note or "",
            )
        )
    if len(problems) > MAX_LISTED:
        more = len(problems) - MAX_LISTED
        details.append(Said(f"... and {more:,} more", "standard.problems_more", count=more))
    return StandardError(
        f"not a valid {what_file} ({counted(len(problems), 'problem')})",
        file=file,
        details=details,
        key="standard.problems",
        params={"what": what_file, "count": len(problems)},
    )
