"""Reading a column that lists a household's deprivations by name (`io.mark_list`).

Each indicator read from the list (`run.marks.choose`) is deprived exactly when an item of the
cell names it; a blank cell names none. An item names an indicator as a header of marks does
(case, accents, spaces and line breaks ignored, a trailing ``(x)`` read as nothing), here in
polars over the whole column (`folded`): the names go through the same expression as the
cells, so a name written as the standard writes it is always found, whatever its characters
(``Straße``, ``ﬁ``, ``ΣΑΣ``). A row is rejected when an item names no indicator of the run
(``<list column>:unknown_indicator@<the item, cut>``), and when its count column is not a whole number (``not_an_integer``) or differs from the number of
indicators the list names (``<count column>:mismatch@<that number>``); a blank count is not
checked. Where an item names no indicator, every indicator read from the list is unknown
(null), as one reading any rejected cell is; the list column itself is kept as read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..columns import mark_column, user_name
from ..io import layout
from ..text import QUOTE_CHARS
from .reasons import Reason

if TYPE_CHECKING:
    import polars as pl

    from ..io.readers import Table

_ITEMS = "__list_items__"
_IDS = "__list_ids__"
_SPLIT = "\x1f"  # the unit separator: every separator in effect becomes it, then the cell splits


@dataclass(frozen=True)
class ListSpec:
    """Validation's spec of a list column (`validation.validate`): `names` ((a name as the
    standard writes it, indicator id), each id its own name first), `marks` (indicator id -> the column of marks it gives),
    `separators` in effect, and the count column's working name (or None)."""

    names: tuple[tuple[str, str], ...]
    marks: tuple[tuple[str, str], ...]
    separators: str
    count: str | None


def given_by_list(table: Table) -> set[str]:
    """The columns of marks the table's list gives (none without a list read)."""
    listed = table.mark_list
    return {mark_column(i) for i in listed.read} if listed is not None else set()


def list_spec(table: Table, required: list[str] | tuple[str, ...]) -> dict[str, ListSpec]:
    """{the list column's working name: its spec} when a column of `required` is one the list
    gives, else {}: resolved now, as an input column named like an output is held under
    another name while the run works (`runner.hold_added`)."""
    listed = table.mark_list
    if listed is None or not given_by_list(table) & set(required):
        return {}
    targets = table.header_targets()
    count = targets.get(listed.count_header) if listed.count_header is not None else None
    spec = ListSpec(
        listed.names,
        tuple((i, mark_column(i)) for i in listed.read),
        listed.separators,
        count,
    )
    return {targets[listed.header]: spec}


def name_keys(names: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """{a name folded as the cells are (`folded`): its indicator id} (`names`: (a name as the
    standard writes it, its id), each id its own name first): one fold for both sides, so a
    name the standard writes is found as written. The first name to take a key keeps it, as
    `io.mark_names.folded_names` does."""
    import polars as pl

    texts = pl.Series([t for t, _ in names], dtype=pl.String)
    keys = pl.select(folded(pl.lit(texts))).to_series().to_list()
    found: dict[str, str] = {}
    for key, (_, ind_id) in zip(keys, names, strict=True):
        found.setdefault(key, ind_id)
    return found


def folded(text: pl.Expr) -> pl.Expr:
    """A list's item, or a name of an indicator, as they are matched (`name_keys`):
    `io.layout.folded`, a trailing ``(x)`` dropped."""
    return layout.folded(text).str.replace(r"\s*\(\s*x\s*\)$", "")


def _shown(item: pl.Expr) -> pl.Expr:
    """An item as a reason cites it: cut, with no character that would split the reasons
    (``;``) and no invisible one (shown as ``?``)."""
    import polars as pl

    clean = item.str.replace_all(r"[;\p{Cc}\p{Cf}\p{Zl}\p{Zp}]", "?")
    long = clean.str.len_chars() > QUOTE_CHARS
    return pl.when(long).then(clean.str.slice(0, QUOTE_CHARS) + pl.lit("...")).otherwise(clean)


def list_columns(
    lf: pl.LazyFrame, column: str, raw: str, spec: ListSpec, schema: pl.Schema
) -> tuple[pl.LazyFrame, list[pl.Expr], list[str]]:
    """`lf` with the list column `column` (its cells in `raw`) read: the column as its text,
    each indicator's column of marks (true where named), and helper columns; returns it with
    the failures (`validate`'s reasons) and the helper columns to drop once they are made."""
    import polars as pl

    text = pl.col(raw).cast(pl.String).fill_null("").str.normalize("NFC")
    if spec.separators:
        pattern = "[" + "".join("\\n" if s == "\n" else "\\" + s for s in spec.separators) + "]"
        parts = text.str.replace_all(pattern, _SPLIT).str.split(_SPLIT)
    else:
        parts = text.str.split(_SPLIT)  # no separator in effect: one item
    items = parts.list.eval(pl.element().str.strip_chars()).list.eval(
        pl.element().filter(pl.element() != "")
    )
    by_key = name_keys(spec.names)
    keys, ids = list(by_key), list(by_key.values())
    named = pl.col(_ITEMS).list.eval(
        folded(pl.element()).replace_strict(keys, ids, default=None, return_dtype=pl.String)
    )
    # the list column as read (its header, its dtype, its nulls, its Unicode form)
    lf = lf.with_columns(items.alias(_ITEMS), pl.col(raw).alias(column))
    lf = lf.with_columns(named.alias(_IDS))
    found = pl.col(_IDS)
    unknown = pl.col(_ITEMS).list.gather(found.list.eval(pl.element().is_null().arg_true()))
    first_unknown = unknown.list.first()
    # a cell naming no indicator is rejected: what the list would say is unknown
    lf = lf.with_columns(
        pl.when(first_unknown.is_null()).then(found.list.contains(pl.lit(i))).alias(c)
        for i, c in spec.marks
    )
    label = user_name(column)
    failures = [
        pl.when(first_unknown.is_not_null()).then(
            pl.lit(f"{label}:{Reason.UNKNOWN_INDICATOR}@") + _shown(first_unknown)
        )
    ]
    if spec.count is not None:
        failures.append(_count_failure(spec.count, schema, first_unknown.is_null()))
    return lf, failures, [_ITEMS, _IDS]


def _count_failure(count: str, schema: pl.Schema, known: pl.Expr) -> pl.Expr:
    """The count column's failure: not a whole number, or not the number of indicators the
    list names (checked only where every item names one, `known`); a blank count is none."""
    import polars as pl

    cell = pl.col(count).cast(pl.String).str.strip_chars()
    whole = cell.str.contains(r"^[0-9]{1,9}(?:[.,]0+)?$")
    value = pl.when(whole).then(cell.str.replace(r"[.,]0+$", "").cast(pl.Int64))
    listed = pl.col(_IDS).list.drop_nulls().list.unique().list.len().cast(pl.Int64)
    label = user_name(count)
    blank = cell.is_null() | (cell == "")
    if schema.get(count, pl.String).is_float():
        blank = blank | pl.col(count).is_nan()
    return (
        pl.when(blank)
        .then(pl.lit(None, dtype=pl.String))
        .when(~whole)
        .then(pl.lit(f"{label}:{Reason.NOT_AN_INTEGER}"))
        .when(known & (value != listed))
        .then(pl.lit(f"{label}:{Reason.MISMATCH}@") + listed.cast(pl.String))
    )
