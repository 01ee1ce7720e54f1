"""Test cases written in YAML next to a standard: input household -> expected class and deprivations.

    standard: vn-2022-2025          # id, or a path relative to this file
    base: {household_id: t, area: rural, household_size: 4, ...}   # every case starts here
    cases:
      - name: income exactly at the rural line, 3 deprivations
        input: {income_per_capita_month: 1500000, working_age_unemployed: 1, ...}
        expected: {class: poor, deprived: [employment, health_insurance, water]}

`expected` may also give deprivation_count and income_line. Every case runs through the same
validation and classification as `mdpoverty classify`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import StandardError
from .loader import is_path
from .problems import as_error
from .yaml_strict import load_yaml_file


class _Expected(BaseModel):
    model_config = ConfigDict(extra="forbid")
    class_: str = Field(alias="class")
    deprived: list[str] | None = None
    deprivation_count: int | None = None
    income_line: int | Decimal | None = None


class _Case(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    input: dict[str, Any] = Field(default_factory=dict)
    expected: _Expected


class _Suite(BaseModel):
    model_config = ConfigDict(extra="forbid")
    standard: str
    base: dict[str, Any] = Field(default_factory=dict)
    cases: list[_Case] = Field(min_length=1)


@dataclass
class Case:
    name: str
    household: dict[str, Any]
    expected: _Expected
    line: int | None


@dataclass
class Suite:
    file: str
    standard: str
    cases: list[Case] = field(default_factory=list)


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
    ref = suite.standard
    if is_path(ref):  # relative to this file, as `extends` is
        ref = str((path.parent / ref).resolve())
    names = [c.name for c in suite.cases]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise StandardError(
            f"case names must be unique: {', '.join(sorted(dupes))}", file=str(path)
        )
    return Suite(
        str(path),
        ref,
        [
            Case(
                c.name,
                {**suite.base, "household_id": f"case-{i + 1}", **c.input},
                c.expected,
                loaded.lines.get(f"cases[{i}]"),
            )
            for i, c in enumerate(suite.cases)
        ],
    )
