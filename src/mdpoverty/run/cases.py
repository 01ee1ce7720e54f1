"""Run a standard's YAML test cases through the same validation and classification as `classify`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..standard.cases import Case, Suite


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def run_cases(suite: Suite) -> list[tuple[Case, str | None]]:
    """Each case with None when it passes, or what differed."""
    import polars as pl

    from ..engine.classifier import classify, compile_standard, output_names
    from ..errors import StandardError
    from ..io.readers import ROW, Table
    from ..standard.loader import load_standard
    from .runner import prepare
    from .validation import ERRORS

    cs = compile_standard(load_standard(suite.standard))
    columns = sorted({k for c in suite.cases for k in c.household})
    reserved = [k for k in columns if k.startswith("__")]
    if reserved:  # the engine's working columns start with '__'; a case needs none of them
        raise StandardError(
            f"a case's input names a column starting with '__' ({reserved[0][:60]!r}), which is "
            "reserved for mdpoverty's working columns",
            file=suite.file,
        )
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
    rejected = dict(bad.select(ROW, ERRORS).collect().iter_rows())
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
