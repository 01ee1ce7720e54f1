"""What differs between two standards: parameters, indicators, class rules, the reported line."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..columns import AREAS
from .model import Parameter, Standard


@dataclass(frozen=True)
class DiffRow:
    """One difference: `item` (e.g. ``income_line.rural``), base and alt (a parameter's value as
    a number, a rule's expression as text), and the ratio alt / base for numbers (None where it
    has no meaning)."""

    kind: str  # parameter, indicator, class_rule, income_line
    item: str
    base: int | Decimal | str | None
    alt: int | Decimal | str | None
    ratio: float | None = None
    unit: str | None = None


def _number(value: int | Decimal) -> int | Decimal:
    return int(value) if Fraction(value).denominator == 1 else value


def _at(param: Parameter | None, area: str) -> int | Decimal | None:
    if param is None:
        return None
    return param.values[area] if param.values is not None else param.value


def _ratio(base: int | Decimal, alt: int | Decimal) -> float | None:
    return None if base == 0 else float(Fraction(alt) / Fraction(base))


def _param_rows(name: str, base: Parameter | None, alt: Parameter | None) -> list[DiffRow]:
    unit = (alt or base).unit  # type: ignore[union-attr]
    if all(p is None or p.values is None for p in (base, alt)):
        pairs = {name: (_at(base, ""), _at(alt, ""))}
    else:
        pairs = {f"{name}.{area}": (_at(base, area), _at(alt, area)) for area in AREAS}
    rows = []
    for item, (b, a) in pairs.items():
        if b is not None and a is not None and Fraction(b) == Fraction(a):
            continue
        rows.append(
            DiffRow(
                "parameter",
                item,
                None if b is None else _number(b),
                None if a is None else _number(a),
                None if b is None or a is None else _ratio(b, a),
                unit,
            )
        )
    return rows


def diff_standards(base: Standard, alt: Standard) -> list[DiffRow]:
    """Every parameter, indicator and class rule that differs, base next to alt."""
    rows: list[DiffRow] = []
    for name in list(dict.fromkeys([*base.parameters, *alt.parameters])):
        rows += _param_rows(name, base.parameters.get(name), alt.parameters.get(name))
    base_ind = {i.id: i for i in base.indicators}
    alt_ind = {i.id: i for i in alt.indicators}
    for ind_id in dict.fromkeys([*base_ind, *alt_ind]):
        b, a = base_ind.get(ind_id), alt_ind.get(ind_id)
        if b is None or a is None or b.deprived_when != a.deprived_when:
            rows.append(
                DiffRow(
                    "indicator",
                    ind_id,
                    b.deprived_when if b else None,
                    a.deprived_when if a else None,
                )
            )
    base_rules = {r.class_.value: r.when or "otherwise" for r in base.classes}
    alt_rules = {r.class_.value: r.when or "otherwise" for r in alt.classes}
    for cls in dict.fromkeys([*base_rules, *alt_rules]):
        b, a = base_rules.get(cls), alt_rules.get(cls)
        if b != a:
            rows.append(DiffRow("class_rule", cls, b, a))
    if base.income_line != alt.income_line:
        rows.append(DiffRow("income_line", "income_line", base.income_line, alt.income_line))
    return rows
