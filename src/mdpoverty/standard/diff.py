"""What differs between two standards: parameters, indicators, class rules, the reported line."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..columns import AREAS
from ..exact import fraction_text
from .model import Parameter, Standard, names_in
from .weights import indicator_weights


@dataclass(frozen=True)
class DiffRow:
    """One difference: `item` (e.g. ``income_line.rural``), base and alt (a parameter's value as
    a number, a rule's expression as text), and the ratio alt / base for numbers (None where it
    has no meaning)."""

    kind: str  # parameter, indicator, weight, k, class_rule, income_line
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


def _names_used(standard: Standard) -> set[str]:
    """Every name the standard's expressions use: a parameter no rule names (one its own file
    gives but no rule applies; the loader drops those a standard would inherit unused) is not
    part of the standard for the diff."""
    texts = [standard.income_line, *(i.deprived_when for i in standard.indicators)]
    texts += [i.from_members for i in standard.indicators]
    texts += [r.when for r in standard.classes if r.when]
    return names_in(texts)


def _used_parameters(standard: Standard) -> dict[str, Parameter]:
    used = _names_used(standard)
    return {name: p for name, p in standard.parameters.items() if name in used}


def diff_standards(base: Standard, alt: Standard) -> list[DiffRow]:
    """Every parameter, indicator and class rule that differs, base next to alt."""
    rows: list[DiffRow] = []
    base_params, alt_params = _used_parameters(base), _used_parameters(alt)
    for name in list(dict.fromkeys([*base_params, *alt_params])):
        rows += _param_rows(name, base_params.get(name), alt_params.get(name))
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
        if b is not None and a is not None and b.from_members != a.from_members:
            rows.append(
                DiffRow("indicator", f"{ind_id} (from_members)", b.from_members, a.from_members)
            )
    base_w, alt_w = indicator_weights(base), indicator_weights(alt)
    for ind_id in dict.fromkeys([*base_w, *alt_w]):
        bw, aw = base_w.get(ind_id), alt_w.get(ind_id)
        if bw is not None and aw is not None and bw != aw:
            rows.append(DiffRow("weight", f"weight.{ind_id}", fraction_text(bw), fraction_text(aw)))
    if base.k != alt.k:
        bk, ak = base.k, alt.k
        rows.append(
            DiffRow("k", "k", None if bk is None else str(bk), None if ak is None else str(ak))
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
