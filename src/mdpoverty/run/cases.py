"""Run a standard's YAML test cases through the same validation and classification as `classify`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..columns import INTERNAL
from ..errors import Said

if TYPE_CHECKING:
    import polars as pl

    from ..standard.cases import Case, Suite


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Rows of cells as a table of text, as a file would be read."""
    import polars as pl

    from ..io.readers import ROW

    columns = sorted({k for r in rows for k in r})
    return (
        pl.DataFrame(
            {k: [_text(r.get(k)) for r in rows] for k in columns},
            schema={k: pl.String for k in columns},
        )
        .with_row_index(ROW, offset=1)
        .with_columns(pl.col(ROW).cast(pl.Int64))
    )


def _classified(
    suite: Suite, cases: list[Case], members: bool
) -> tuple[list[str], dict[int, dict], dict[int, str]]:
    """The cases (all with members, or all without) classified: the indicators' order, the
    result by case (1-based, in `cases`) and the reasons of the rejected ones."""
    from ..engine.classifier import classify, compile_standard, output_names
    from ..io.readers import ROW, Table
    from ..standard.loader import load_standard
    from .members import ID, MEMBER_REJECTED, UNKNOWN_FROM_MEMBERS, Members, with_members
    from .runner import prepare
    from .validation import ERRORS

    cs = compile_standard(load_standard(suite.standard), members=members)
    _check_names(suite, cases, cs)
    table = Table(_frame([c.household for c in cases]).lazy(), suite.file)
    roster = None
    if members:
        people = [
            # a column no member of these cases gives is blank (unknown), not missing
            {**dict.fromkeys(cs.member_required), **person, ID: case.household.get(ID)}
            for case in cases
            for person in case.members or []
        ]
        roster = Members(Table(_frame(people).lazy(), suite.file + " (members)"), [cs])
        roster.check_columns()

    names = output_names(cs.id, False)

    def run():
        # classified inside the plan (as `classify` does): the members' columns are there
        prepared = prepare(
            table, [cs], derive=lambda lf: classify(lf, cs, names=names), members=roster
        )
        result = prepared.good.collect()
        rejected = dict(prepared.bad.select(ROW, ERRORS).collect().iter_rows())
        by_row = {r[ROW]: {k: r[v] for k, v in names.items()} for r in result.iter_rows(named=True)}
        return by_row, rejected

    (by_row, rejected), _accounting = with_members(roster, run)
    if members:  # a member row cited as the case's own member (1 = its first), not the run's
        first, start = {}, 1
        for row, case in enumerate(cases, 1):
            first[row] = start
            start += len(case.members or [])
        rejected = {
            row: re.sub(
                rf"({MEMBER_REJECTED}|{UNKNOWN_FROM_MEMBERS})@(\d+)",
                lambda m, row=row: f"{m[1]}@member {int(m[2]) - first[row] + 1}",
                text,
            )
            for row, text in rejected.items()
        }
    return [ind.id for ind, _ in cs.indicators], by_row, rejected


def _check_names(suite: Suite, cases: list[Case], cs) -> None:
    """Refuse a cell named for no column the standard knows: a case with a misspelt column
    (`agee`) would test nothing and pass."""
    import difflib

    from ..columns import BY_NAME, MEMBER_BY_NAME
    from ..errors import StandardError

    household = {*BY_NAME, *cs.column_types}
    member = {*MEMBER_BY_NAME, *(cs.member_types or {})}
    indicators = [ind.id for ind, _ in cs.indicators]
    for case in cases:
        for ind_id in case.expected.deprived or []:
            if ind_id not in indicators:  # the case could never pass
                close = difflib.get_close_matches(str(ind_id), indicators, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise StandardError(
                    f"case {case.name!r}: expected deprived {str(ind_id)[:60]!r}, which is no "
                    f"indicator of {cs.id}{hint}",
                    file=suite.file,
                    line=case.line,
                    key="cases.unknown_indicator",
                    params={
                        "case": repr(case.name),
                        "id": repr(str(ind_id)[:60]),
                        "standard": cs.id,
                        "close": repr(close[0]) if close else "",
                    },
                )
        named = [(k, household, "household") for k in case.household]
        named += [(k, member, "member") for p in case.members or [] for k in p]
        for key, known, kind in named:
            if key not in known:
                close = difflib.get_close_matches(str(key), sorted(known), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise StandardError(
                    f"case {case.name!r}: {str(key)[:60]!r} is no {kind} column of this standard"
                    f"{hint}; a misspelt column would leave the case testing nothing",
                    file=suite.file,
                    key="cases.unknown_column",
                    params={
                        "case": repr(case.name),
                        "key": repr(str(key)[:60]),
                        "kind": kind,
                        "close": repr(close[0]) if close else "",
                    },
                )


def run_cases(suite: Suite) -> list[tuple[Case, str | None]]:
    """Each case with None when it passes, or what differed. Cases that give `members` run as
    `classify --members` does; the others from the household columns."""
    from ..errors import StandardError

    for case in suite.cases:
        named = [*case.household, *(k for person in case.members or [] for k in person)]
        reserved = [k for k in named if k.startswith(INTERNAL)]
        if reserved:  # the engine's working columns start with '__'; a case needs none of them
            raise StandardError(
                f"a case's input names a column starting with '__' ({reserved[0][:60]!r}), "
                "which is reserved for mdpoverty's working columns",
                file=suite.file,
                key="cases.reserved_column",
                params={"name": repr(reserved[0][:60])},
            )
        if any("household_id" in person for person in case.members or []):
            raise StandardError(
                f"case {case.name!r}: a member gives household_id; a case's members are its "
                "household's, so leave it out",
                file=suite.file,
                key="cases.member_gives_id",
                params={"case": repr(case.name)},
            )
    outcome: dict[int, str | None] = {}
    # run apart: cases without members; with members, those that give household_size (compared
    # with the roster) and those that do not (a blank cell would be a missing value)
    groups: dict[tuple[bool, bool], list[tuple[int, Case]]] = {}
    for i, case in enumerate(suite.cases):
        members = case.members is not None
        groups.setdefault((members, members and "household_size" in case.household), []).append(
            (i, case)
        )
    for (members, _sized), chosen in groups.items():
        order, by_row, rejected = _classified(suite, [c for _, c in chosen], members)
        for row, (i, case) in enumerate(chosen, 1):
            if row in rejected:
                outcome[i] = Said(
                    f"the household was rejected: {rejected[row]}",
                    "cases.rejected",
                    errors=rejected[row],
                )
            else:
                outcome[i] = _differences(case, by_row[row], order)
    return [(case, outcome[i]) for i, case in enumerate(suite.cases)]


def _differences(case: Case, row: dict, order: list[str]) -> str | None:
    """What differs between the case's expectation and its classification (None: nothing)."""
    got_deprived = [d for d in (row["deprived"] or "").split(";") if d]
    problems: list[tuple[str, object, object]] = []  # (what, expected, got)
    exp = case.expected
    if row["class"] != exp.class_:
        problems.append(("class", exp.class_, row["class"]))
    if exp.deprived is not None:
        want = sorted(exp.deprived, key=lambda d: order.index(d) if d in order else 99)
        if want != got_deprived:
            problems.append(("deprived", want, got_deprived))
    if exp.deprivation_count is not None and row["deprivation_count"] != exp.deprivation_count:
        problems.append(("deprivation_count", exp.deprivation_count, row["deprivation_count"]))
    if exp.income_line is not None and row["income_line"] != exp.income_line:
        problems.append(("income_line", exp.income_line, row["income_line"]))
    if not problems:
        return None
    text = "; ".join(f"{what}: expected {want}, got {got}" for what, want, got in problems)
    return Said(text, "cases.differences", problems=problems)
