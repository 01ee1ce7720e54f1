"""A column listing a household's deprivations by name, as mdpoverty's own output writes them.

mdpoverty writes the indicators a household is deprived in as one text column (``deprived``,
with --lang vi ``Các chỉ số thiếu hụt``: the names joined by ``;``) beside their count
(``deprivation_count``, ``Số chỉ số thiếu hụt``). An office keeps such a list and runs it again.
The list column is the one headed so (case, accents and spaces ignored), or the one a
`--columns` line gives to ``deprived_list``; the count column is the one headed so. Each item of
a cell names an indicator as a column of marks does (its labels, its id, its ``mark_headers``,
folded as the cells are: `run.mark_list`); the items are separated by ``;``, ``,``, ``+`` or a line break, except a
character that some name of the run's indicators holds (it never cuts a name in two).

Only the headers are read here; which indicators read the list is `run.marks`' to say, and
what a cell says validation's (`run.mark_list`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..columns import LIST_TARGET
from ..errors import InputError
from ..labels import EN, VI, added_column
from ..text import fold, one_line, quoted, yaml_scalar

SEPARATORS = (";", ",", "+", "\n")
# the headers mdpoverty's own output gives the list and its count (one standard)
LIST_HEADERS = tuple(added_column("deprived", lang) for lang in (EN, VI))
COUNT_HEADERS = tuple(added_column("deprivation_count", lang) for lang in (EN, VI))
_LIST_KEYS = frozenset(map(fold, LIST_HEADERS))
_COUNT_KEYS = frozenset(map(fold, COUNT_HEADERS))


@dataclass(frozen=True)
class MarkList:
    """The list column a run reads, as `run.marks` chose it: `header` and `count_header` as
    written in the file, `names` ((a name as the standard writes it, its indicator id), every
    indicator of the run, each id its own name first: `list_names`; folded as the cells are
    when the list is read, `run.mark_list`), `read` (the ids of the indicators read from it;
    each gives its column of marks, `columns.mark_column`) and the `separators` in effect."""

    header: str
    count_header: str | None
    names: tuple[tuple[str, str], ...]
    read: tuple[str, ...]
    separators: str


def separators(names: dict[str, Iterable[str]]) -> str:
    """The separators no name of an indicator holds (`names`: id -> the names it is known by)."""
    texts = [ind_id for ind_id in names] + [t for ts in names.values() for t in ts]
    return "".join(s for s in SEPARATORS if not any(s in t for t in texts))


def list_names(names: dict[str, Iterable[str]]) -> tuple[tuple[str, str], ...]:
    """(a name, its indicator id) for every name of `names` (id -> the names it is known by),
    each id its own name first, so that no label takes another's id."""
    own = tuple((ind_id, ind_id) for ind_id in names)
    return own + tuple((text, ind_id) for ind_id, texts in names.items() for text in texts)


def find_list(
    targets: dict[str, str], source: str, *, check: bool = True
) -> tuple[str | None, str | None]:
    """The header of a table's list column and of its count column, as written (or None;
    `targets`: each header -> the column it gives, `source`: the file, for messages).
    A mapping line ``<header>: deprived_list`` says which column is the list; else a header
    mdpoverty's output gives it. Two list columns (or two counts) are refused: which one is
    meant would be a guess. Without `check`, the first of each is given: the caller refuses
    two only when it reads the list (a list classified in each language has both `deprived`
    and `Các chỉ số thiếu hụt`, which a run that computes every indicator does not read)."""
    mapped = [h for h, t in targets.items() if t == LIST_TARGET and h != t]
    headed = [h for h, t in targets.items() if t == h and fold(h) in _LIST_KEYS]
    lists = mapped or headed
    counts = [h for h, t in targets.items() if t == h and fold(h) in _COUNT_KEYS]
    for found, what in ((lists, "list"), (counts, "count")):
        if check and len(found) > 1:
            first, second = quoted(one_line(found[0])), quoted(one_line(found[1]))
            line = f"{yaml_scalar(one_line(found[0]))}: {LIST_TARGET}"  # to copy into the file
            how = (
                f"rename the other, or say which in the --columns file ('{line}')"
                if what == "list"
                else "rename the other"
            )
            raise InputError(
                f"two columns {what} the household's "
                f"deprivations: {first} and {second}; mdpoverty reads one, and does not guess "
                f"which: {how}",
                file=source,
                column=one_line(found[1]),
                key="input.two_list_columns",
                params={"first": first, "second": second, "what": what, "line": line},
            )
    return (lists[0] if lists else None), (counts[0] if counts and lists else None)
