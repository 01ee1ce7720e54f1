"""Test cases written in YAML next to a standard: input household -> expected class and deprivations.

    standard: vn-2022-2025          # id, or a path relative to this file
    base: {household_id: t, area: rural, household_size: 4, ...}   # every case starts here
    cases:
      - name: income exactly at the rural line, 3 deprivations
        input: {income_per_capita_month: 1500000, working_age_unemployed: 1, ...}
        expected: {class: poor, deprived: [employment, health_insurance, water]}

`expected` may also give deprivation_count and income_line. Every case runs through the same
validation and classification as `mdpoverty classify`. A case may list its people under
`members:` (one mapping of member columns per person, without household_id): it then runs as
`classify --members` does, each indicator with a `from_members` form computed from them;
`member_base:` gives every member's cells that a case does not (as `base:` for households).

      - name: a child of 10 out of school
        input: {household_size: 2}
        members: [{age: 40, has_health_insurance: true}, {age: 10, attends_school_at_right_level: false}]
        expected: {class: not_poor, deprived: [child_schooling]}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import StandardError
from .loader import is_path
from .model import ClassId
from .problems import as_error
from .yaml_strict import clip, load_yaml_file


class _Expected(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # a class no standard gives is refused here: the case could never pass
    class_: ClassId = Field(alias="class")
    deprived: list[str] | None = None
    deprivation_count: int | None = None
    income_line: int | Decimal | None = None


class _Case(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    input: dict[str, Any] = Field(default_factory=dict)
    members: list[dict[str, Any]] | None = Field(default=None, min_length=1)
    expected: _Expected


class _Suite(BaseModel):
    model_config = ConfigDict(extra="forbid")
    standard: str
    base: dict[str, Any] = Field(default_factory=dict)
    member_base: dict[str, Any] = Field(default_factory=dict)  # every case's every member
    cases: list[_Case] = Field(min_length=1)


@dataclass
class Case:
    name: str
    household: dict[str, Any]
    expected: _Expected
    line: int | None
    members: list[dict[str, Any]] | None = None  # the household's people, when the case gives them


@dataclass
class Suite:
    file: str
    standard: str
    cases: list[Case] = field(default_factory=list)


def _household(base: dict[str, Any], case: _Case, i: int) -> dict[str, Any]:
    """A case's household: the base, its id, its input. A case with members counts its people:
    the base's household_size is left out (its own input may still give one, then compared
    with the number of members as --members does)."""
    household = {**base, "household_id": f"case-{i + 1}", **case.input}
    if case.members is not None and "household_size" not in case.input:
        household.pop("household_size", None)
    return household


def load_cases(path: Path) -> Suite:
    loaded = load_yaml_file(path)
    try:
        suite = _Suite.model_validate(loaded.data)
    except ValidationError as exc:
        raise as_error(
            exc,
            _Suite,
            loaded.file,
            lambda where: (loaded.file, where, loaded.line_of(where), None),
            "test-case file",
        ) from None
    for i, case in enumerate(suite.cases):
        deprived = case.expected.deprived or []
        for k, name in enumerate(deprived):
            if name in deprived[:k]:
                where = f"cases[{i}].expected.deprived[{k}]"
                first = deprived.index(name) + 1
                raise StandardError(
                    f"'{clip(name)}' is given twice in this list (first as item {first}): give "
                    "each name once",
                    file=loaded.file,
                    line=loaded.line_of(where),
                    yaml_path=where,
                    key="standard.name_twice_in_list",
                    params={"name": clip(name), "first": first},
                )
    ref = suite.standard
    if is_path(ref):  # relative to this file, as `extends` is
        ref = str((path.parent / ref).resolve())
    names = [c.name for c in suite.cases]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        names_twice = ", ".join(sorted(dupes))
        raise StandardError(
            f"case names must be unique: {names_twice}",
            file=str(path),
            key="cases.names_twice",
            params={"names": names_twice},
        )
    return Suite(
        str(path),
        ref,
        [
            Case(
                c.name,
                _household(suite.base, c, i),
                c.expected,
                loaded.lines.get(f"cases[{i}]"),
                None if c.members is None else [{**suite.member_base, **m} for m in c.members],
            )
            for i, c in enumerate(suite.cases)
        ],
    )
