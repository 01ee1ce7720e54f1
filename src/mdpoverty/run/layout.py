"""How results are laid out for their readers: language, the input's own columns, descriptions.

English (the default) writes what programs read: canonical column names, the parsed values
(``rural``, ``true``) and the ids of classes and indicators. Vietnamese writes what an office
posts: the documented Vietnamese headers, ``Nông thôn``/``Thành thị``, ``Có``/``Không``,
``Hộ nghèo``, and the indicators' Vietnamese names from the standard. `keep_input` gives the
input's columns back as the file had them (its own headers, its cells as read), so an official
gets the same list with the results added.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..columns import BY_NAME, ColumnType, held_name
from ..engine.classifier import CompiledStandard, output_names
from ..errors import InputError
from ..io.readers import ROW, Table
from ..labels import (
    DEPRIVED_SEPARATOR,
    EN,
    REJECT_DESCRIPTION,
    VI,
    added_column,
    area_value,
    changes_column,
    class_value,
    direction_value,
    reason_text,
    yes_no,
)
from .runner import REJECT_ERRORS
from .validation import RAW, Reason

if TYPE_CHECKING:
    import polars as pl


@dataclass(frozen=True)
class Layout:
    """How an output is written: `lang` ('en' or 'vi') and whether the input's own columns come
    back as written (`keep_input`) or parsed under canonical names."""

    lang: str = EN
    keep_input: bool = False


def input_headers(table: Table) -> dict[str, str]:
    """Each column of `table` -> its header as written in the file."""
    return {target: header for header, target in table.header_targets().items()}


def column_header(name: str, lang: str, standards: list[CompiledStandard]) -> str:
    """A parsed column's header: its canonical name, or in Vietnamese its documented header
    (an extra column's: the standard's Vietnamese label)."""
    if lang != VI:
        return name
    if name in BY_NAME:
        return BY_NAME[name].vi_header
    for cs in standards:
        extra = cs.standard.model.columns.get(name)
        if extra is not None:
            return extra.label.vi
    return name


def _value(name: str, ctype: ColumnType | None, lang: str) -> pl.Expr:
    import polars as pl

    col = pl.col(name)
    if lang != VI or ctype is None:
        return col
    if ctype is ColumnType.AREA:
        return col.replace({a: area_value(a, lang) for a in ("rural", "urban")})
    if ctype is ColumnType.BOOLEAN:
        yes, no = pl.lit(yes_no(True, lang)), pl.lit(yes_no(False, lang))
        return pl.when(col).then(yes).when(col.not_()).then(no)
    return col


def _class(name: str, lang: str) -> pl.Expr:
    import polars as pl

    from ..standard.model import CLASS_ORDER

    if lang != VI:
        return pl.col(name)
    return pl.col(name).replace({c: class_value(c, lang) for c in CLASS_ORDER})


def _deprived(name: str, cs: CompiledStandard, lang: str) -> pl.Expr:
    """The ';'-separated indicator ids, or in Vietnamese their names."""
    import polars as pl

    if lang != VI:
        return pl.col(name)
    ids = [ind.id for ind, _ in cs.indicators]
    names = [ind.label.vi for ind, _ in cs.indicators]
    if len(ids) <= _WHOLE_LISTS:
        # every list the engine can write, looked up whole: a third of the cost of splitting
        # each household's list and joining it again
        lists = _every_list(tuple(ids), tuple(names))
        return pl.col(name).replace(lists)
    return (
        pl.col(name)
        .str.split(";")
        .list.eval(pl.element().replace(dict(zip(ids, names, strict=True))))
        .list.join(DEPRIVED_SEPARATOR[VI])
    )


_WHOLE_LISTS = 12  # indicators up to which the 2**n lists are enumerated


def _every_list(ids: tuple[str, ...], names: tuple[str, ...]) -> dict[str, str]:
    """Each list of indicator ids, in standard order, ';'-separated -> the same list of names."""
    lists: dict[str, str] = {}
    for mask in range(1, 1 << len(ids)):
        chosen = [i for i in range(len(ids)) if mask >> i & 1]
        key = ";".join(ids[i] for i in chosen)
        lists[key] = DEPRIVED_SEPARATOR[VI].join(names[i] for i in chosen)
    return lists


def _added(
    cs: CompiledStandard, internal: dict[str, str], several: bool, lang: str
) -> list[pl.Expr]:
    """classify's columns for `cs`, named and written for `lang`."""
    import polars as pl

    suffix = cs.id if several else None
    exprs = {
        "class": _class(internal["class"], lang),
        "deprivation_count": pl.col(internal["deprivation_count"]),
        "deprived": _deprived(internal["deprived"], cs, lang),
        "income_line": pl.col(internal["income_line"]),
    }
    return [expr.alias(added_column(out, lang, suffix)) for out, expr in exprs.items()]


def _unique(exprs: list[pl.Expr], source: str) -> list[pl.Expr]:
    seen: set[str] = set()
    for expr in exprs:
        name = expr.meta.output_name()
        if name in seen:
            raise InputError(
                f"the output would have two columns named '{name}'; rename that column of the "
                "input (or choose another --lang)",
                file=source,
                column=name,
            )
        seen.add(name)
    return exprs


def results_columns(
    table: Table, standards: list[CompiledStandard], layout: Layout
) -> list[pl.Expr]:
    """The columns of classify's output, from the valid rows (which hold the input's columns
    parsed, the added ones under `output_names`, and the raw cells when `keep_input`)."""
    import polars as pl

    types: dict[str, ColumnType] = {}
    for cs in standards:
        types.update({c: cs.column_types[c] for c in cs.required_columns})
    headers = input_headers(table)
    exprs: list[pl.Expr] = []
    for c in table.columns:
        if c == ROW:
            continue
        if layout.keep_input:
            source = RAW + c if c in types else c
            # held like the input's columns until the writer gives them their names back
            exprs.append(pl.col(source).alias(held_name(headers.get(c, c))))
        else:
            header = column_header(c, layout.lang, standards)
            exprs.append(_value(c, types.get(c), layout.lang).alias(header))
    several = len(standards) > 1
    for cs in standards:
        exprs += _added(cs, output_names(cs.id, several), several, layout.lang)
    return _unique(exprs, table.source)


def changes_columns(
    names: list[str], base: CompiledStandard, alt: CompiledStandard, lang: str
) -> list[pl.Expr]:
    """The columns of compare's --changes file (from `names`, in the English layout), in `lang`.

    Each standard's columns carry its id; in Vietnamese the classes, the direction of the move,
    the area and the indicators are written in words.
    """
    import polars as pl

    if lang != VI:
        return [pl.col(n) for n in names]
    by_standard = {}
    for cs in (base, alt):
        for out, internal in output_names(cs.id, True).items():
            by_standard[internal] = (out, cs)
    types = {c.name: c.type for c in BY_NAME.values()}
    exprs: list[pl.Expr] = []
    for n in names:
        if n in by_standard:
            out, cs = by_standard[n]
            expr = {
                "class": lambda n=n: _class(n, lang),
                "deprived": lambda n=n, cs=cs: _deprived(n, cs, lang),
            }.get(out, lambda n=n: pl.col(n))()
            exprs.append(expr.alias(added_column(out, lang, cs.id)))
        elif n == "direction":
            moves = {d: direction_value(d, lang) for d in ("worse", "better", "same status")}
            exprs.append(pl.col(n).replace(moves).alias(changes_column(n, lang)))
        elif n == "row":
            exprs.append(pl.col(n).alias(changes_column(n, lang)))
        else:
            exprs.append(_value(n, types.get(n), lang).alias(column_header(n, lang, [base, alt])))
    return exprs


def rejects_columns(
    names: list[str], table: Table, standards: list[CompiledStandard], layout: Layout
) -> list[pl.Expr]:
    """The rejects file's columns (`names`: row, errors, then the cells as read), with a
    description of each failure for people after ``errors``: the column as the file names it,
    and the reason in the layout's language. ``row`` and ``errors`` stay machine-readable
    (``column:reason;...``); the cells are headed as in the output (canonical names, the
    Vietnamese headers, or the file's own with `keep_input`)."""
    import polars as pl

    headers = input_headers(table)
    needed = list(dict.fromkeys(c for cs in standards for c in cs.required_columns))
    words = {
        f"{c}:{r.value}": f"{headers.get(c, c)}: {reason_text(r.value, layout.lang)}"
        for c in needed
        for r in Reason
    }
    description = (
        pl.col(REJECT_ERRORS).str.split(";").list.eval(pl.element().replace(words)).list.join("; ")
    )
    fixed, cells = names[:2], names[2:]
    if layout.keep_input:
        shown = [held_name(headers.get(c, c)) for c in cells]
    else:
        shown = [column_header(c, layout.lang, standards) for c in cells]
    name = REJECT_DESCRIPTION[1] if layout.lang == VI else REJECT_DESCRIPTION[0]
    while name in (*fixed, *shown):  # an input column of that name keeps it
        name += "_"
    return _unique(
        [
            *(pl.col(n) for n in fixed),
            description.alias(name),
            *(pl.col(c).alias(h) for c, h in zip(cells, shown, strict=True)),
        ],
        table.source,
    )
