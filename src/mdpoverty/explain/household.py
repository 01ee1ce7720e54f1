"""Why one household is in its class: income against the line, each indicator, the rule that fired."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..engine.classifier import _IND, _RULE, CompiledStandard, classify, output_names
from ..errors import InputError
from ..io.readers import ROW, Table
from ..run.validation import ERRORS, needed_columns, validate


@dataclass
class IndicatorVerdict:
    id: str
    dimension: str
    label_vi: str
    label_en: str
    deprived: bool
    rule: str
    values: dict[str, Any]  # the columns the rule reads, with this household's values
    status: str


@dataclass
class Explanation:
    household_id: str
    row: int
    standard_id: str
    area: str
    income: Any
    income_line: Any
    income_at_or_below_line: bool
    indicators: list[IndicatorVerdict]
    deprivation_count: int
    class_id: str
    class_label_vi: str
    class_label_en: str
    rule_index: int
    rule_text: str


def explain_household(table: Table, cs: CompiledStandard, household_id: str) -> Explanation:
    """Classify one household with every intermediate verdict kept."""
    import polars as pl

    from ..io.readers import missing_columns_error

    error = missing_columns_error(table, list(cs.required_columns))
    if error is not None:
        raise error
    specs = needed_columns(cs.required_columns, cs.standard.model.columns)
    rows = table.frame.filter(
        pl.col("household_id").str.strip_chars() == household_id.strip()
    ).collect()
    if rows.height == 0:
        raise InputError(f"no household with household_id '{household_id}'", file=table.source)
    if rows.height > 1:
        raise InputError(
            f"household_id '{household_id}' appears on rows "
            + ", ".join(str(r) for r in rows[ROW]),
            file=table.source,
        )
    checked = validate(rows.lazy(), specs).collect()
    if checked[ERRORS][0]:
        raise InputError(
            "this household's row does not pass validation: "
            + checked[ERRORS][0].replace(";", ", "),
            file=table.source,
            row=int(rows[ROW][0]),
        )
    names = output_names(cs.id, False)
    out = classify(checked.lazy(), cs, names=names, keep_details=True).collect().row(0, named=True)
    verdicts = []
    for ind, compiled in cs.indicators:
        verdicts.append(
            IndicatorVerdict(
                id=ind.id,
                dimension=ind.dimension,
                label_vi=ind.label.vi,
                label_en=ind.label.en,
                deprived=bool(out[_IND + ind.id]),
                rule=ind.deprived_when,
                values={n: out[n] for n in sorted(compiled.names) if n in cs.column_types},
                status=ind.status.value,
            )
        )
    rule_index = int(out[_RULE])
    _rule, compiled_rule = cs.classes[rule_index]
    model = cs.standard.model
    line = out[names["income_line"]]
    return Explanation(
        household_id=str(out["household_id"]),
        row=int(out[ROW]),
        standard_id=cs.id,
        area=out["area"],
        income=out["income_per_capita_month"],
        income_line=line,
        income_at_or_below_line=out["income_per_capita_month"] <= line,
        indicators=verdicts,
        deprivation_count=int(out[names["deprivation_count"]]),
        class_id=out[names["class"]],
        class_label_vi=model.label_of_class(out[names["class"]], "vi"),
        class_label_en=model.label_of_class(out[names["class"]], "en"),
        rule_index=rule_index,
        rule_text=compiled_rule.text if compiled_rule else "otherwise",
    )
