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

from .errors import StandardError
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
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise StandardError(f"{where}: {first['msg']}", file=str(path)) from None
    ref = suite.standard
    if ref.endswith((".yaml", ".yml")):
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


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def run_cases(suite: Suite) -> list[tuple[Case, str | None]]:
    """Each case with None when it passes, or what differed."""
    import polars as pl

    from .engine import classify, compile_standard, output_names
    from .readers import ROW, Table
    from .runner import prepare
    from .standards import load_standard

    cs = compile_standard(load_standard(suite.standard))
    columns = sorted({k for c in suite.cases for k in c.household})
    frame = (
        pl.DataFrame(
            {k: [_text(c.household.get(k)) for c in suite.cases] for k in columns},
            schema={k: pl.String for k in columns},
        )
        .with_row_index(ROW, offset=1)
        .with_columns(pl.col(ROW).cast(pl.Int64))
    )
    table = Table(frame.lazy(), suite.file)
    prepared = prepare(table, [cs])
    good, bad = prepared.good, prepared.bad
    names = output_names(cs.id, False)
    result = classify(good, cs, names=names).collect()
    rejected = dict(bad.select("row", "errors").collect().iter_rows())
    by_row = {r[ROW]: r for r in result.iter_rows(named=True)}
    order = [ind.id for ind, _ in cs.indicators]
    outcome: list[tuple[Case, str | None]] = []
    for i, case in enumerate(suite.cases, 1):
        if i in rejected:
            outcome.append((case, f"the household was rejected: {rejected[i]}"))
            continue
        row = by_row[i]
        got_deprived = [d for d in (row[names["deprived"]] or "").split(";") if d]
        problems = []
        exp = case.expected
        if row[names["class"]] != exp.class_:
            problems.append(f"class: expected {exp.class_}, got {row[names['class']]}")
        if exp.deprived is not None:
            want = sorted(exp.deprived, key=lambda d: order.index(d) if d in order else 99)
            if want != got_deprived:
                problems.append(f"deprived: expected {want}, got {got_deprived}")
        if (
            exp.deprivation_count is not None
            and row[names["deprivation_count"]] != exp.deprivation_count
        ):
            problems.append(
                f"deprivation_count: expected {exp.deprivation_count}, got {row[names['deprivation_count']]}"
            )
        if exp.income_line is not None and row[names["income_line"]] != exp.income_line:
            problems.append(
                f"income_line: expected {exp.income_line}, got {row[names['income_line']]}"
            )
        outcome.append((case, "; ".join(problems) or None))
    return outcome
