"""Lists of deprivation marks: which column holds an indicator's marks.

Poverty offices keep the review's result as a list: per household its income and, per
indicator, an ``x`` where the household is deprived, usually under a group label such as
``Các chỉ số thiếu hụt`` over columns named by the indicators. A column holds indicator I's
marks when (headers matched ignoring case, accents, spaces and line breaks):

- it stands under a deprivation group label (`layout.is_deprivation_label`) and its own cell
  names I: its Vietnamese or English label, its id, or one of its ``mark_headers``;
- its header is ``deprived_<id>`` (tidy data), or ``Thiếu hụt <name>`` / ``Thiếu hụt: <name>``
  with a name of I as above;
- the `--columns` file maps its header to ``deprived:<id>``.

What a mark cell says is validation's to read (`run.validation.mark_value`): a yes
(``x``, ``1``, ``có``, ``yes`` ...) or a tick (``✓``, ``✔``) is deprived; a blank cell or a no
(``0``, ``không``, ``no`` ...) is not (a list marks the deprivations and leaves the rest blank);
anything else is no mark, and the row is rejected (``bad_mark``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..columns import MARK_PREFIX, MARK_TARGET, mark_column
from ..errors import InputError
from ..text import fold, one_line, quoted
from . import layout

if TYPE_CHECKING:
    from .readers import Table

_THIEU_HUT = re.compile(r"^thieu hut\s*:?\s*(.+)$")  # folded 'Thiếu hụt: Nhà tiêu hợp vệ sinh'


def indicator_of(texts: Iterable[str], names: dict[str, str], under_group: bool) -> str | None:
    """The indicator whose marks a header holds (`texts`: the texts it is matched by; `names`:
    fold(a name of an indicator) -> its id, each id its own name; `under_group`: the header
    stands under a deprivation group label, and the text after it is the column's own cell), or
    None."""
    for text in texts:
        key = fold(text)
        if key.startswith(MARK_PREFIX):  # deprived_<id>: an id, not another of its names
            rest = key[len(MARK_PREFIX) :]
            if names.get(rest) == rest:
                return rest
        found = _THIEU_HUT.match(key)
        if found is not None and found.group(1) in names:
            return names[found.group(1)]
    if under_group:
        for text in texts:
            parts = text.split(layout.GROUP_SEPARATOR)
            # the group's label may hold the separator itself: try each split
            for at in range(1, len(parts)):
                own = fold(layout.GROUP_SEPARATOR.join(parts[at:]))
                if own in names:
                    return names[own]
    return None


def find_marks(table: Table, names: dict[str, Iterable[str]]) -> dict[str, str]:
    """Give each indicator's marks column (`names`: indicator id -> the names it is known by)
    the name ``deprived_<id>``; headers recognised as another column are left as they are.
    Returns indicator id -> its header as written. Two headers for one indicator, or a
    `--columns` line naming an indicator none of the standards has, are refused."""
    folded = {ind_id: ind_id for ind_id in names}  # ids first: a label is never another's id
    for ind_id, texts in names.items():
        for text in texts:
            folded.setdefault(fold(text), ind_id)
    marks = set(table.marks)
    found: dict[str, str] = {}
    renames: dict[str, str] = {}
    for header, target in table.header_targets().items():
        if target.startswith(MARK_TARGET):  # named in the mapping file
            ind_id = target[len(MARK_TARGET) :]
            if ind_id not in names:
                mapping = table.mapping
                key = fold(header)
                where = {"file": mapping.file, "line": mapping.lines.get(key)} if mapping else {}
                raise InputError(
                    f"the mapping gives {quoted(header)} to {target}, but no indicator of the "
                    f"standards has the id {quoted(ind_id)} (they have: {', '.join(names)})",
                    **where,  # type: ignore[arg-type]
                    key="mapping.no_such_indicator",
                    params={
                        "header": quoted(header),
                        "target": target,
                        "id": quoted(ind_id),
                        "ids": ", ".join(names),
                    },
                )
        elif target == header:
            texts = table.matched_by.get(header, (header,))
            ind_id = indicator_of(texts, folded, header in marks)
            if ind_id is None:
                continue
        else:
            continue
        if ind_id in found:
            raise InputError(
                f"two columns hold the deprivation marks of {ind_id}: "
                f"{quoted(one_line(found[ind_id]))} and {quoted(one_line(header))}",
                file=table.source,
                column=mark_column(ind_id),
                key="input.two_mark_columns",
                params={
                    "id": ind_id,
                    "first": quoted(one_line(found[ind_id])),
                    "second": quoted(one_line(header)),
                },
            )
        found[ind_id] = header
        if target != mark_column(ind_id):
            renames[target] = mark_column(ind_id)
    taken = set(table.header_targets().values()) - set(renames)
    clash = [n for n in renames.values() if n in taken]
    if clash:  # a column of that name is no mark: it cannot be taken for one
        raise InputError(
            f"the file has a column named {quoted(clash[0])}, the name mdpoverty gives the "
            "column of an indicator's deprivation marks: rename it in the file",
            file=table.source,
            column=clash[0],
            key="input.mark_column_taken",
            params={"name": quoted(clash[0])},
        )
    if renames:
        by_target = {t: h for h, t in table.header_targets().items()}
        table.renamed.update({by_target[t]: new for t, new in renames.items()})
        table.frame = table.frame.rename(renames)
    return found
