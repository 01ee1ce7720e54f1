"""Which form each indicator takes from a list: the household's answers, or the list's marks.

An indicator is computed from the household's answers when the input has every column its
rule reads (with --members, from its member form when it has one); else from the list's
deprivation marks (`io.marks`) when the list has a column of them; else its columns are missing
(the error says a column of marks would do too). A column of marks for an indicator computed
otherwise passes through, unread, and a note says so.

With several standards, a mark serves an indicator only if each standard that reads it from
the marks decides it by the same rule (the same expression, the same values of the parameters
it reads): a mark was made under one rule, and is refused for another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..columns import mark_column, user_name
from ..engine.classifier import (
    CompiledStandard,
    compile_standard,
    indicator_inputs,
    require_members,
)
from ..errors import InputError, Said, StandardError
from ..io.layout import GROUP_SEPARATOR, is_deprivation_label
from ..io.mark_list import MarkList, find_list, list_names, separators
from ..io.marks import check_not_ambiguous, find_marks
from ..io.readers import is_no_header_name
from ..standard.loader import header_names
from ..text import fold, one_line, quoted

if TYPE_CHECKING:
    from ..io.readers import Table
    from ..standard.model import Indicator, Parameter


@dataclass
class Chosen:
    """The standards as they read the list, and what the user should know of it."""

    standards: list[CompiledStandard]
    read: dict[str, str] = field(default_factory=dict)  # indicator id -> header, marks read
    unread: dict[str, str] = field(default_factory=dict)  # indicator id -> header, not read
    labels: dict[str, str] = field(default_factory=dict)  # indicator id -> Vietnamese label
    # a column listing the deprivations by name: its header, and the indicators read from it
    # (each gives its column of marks, `columns.mark_column`)
    list_header: str | None = None
    separators: str = ""  # the separators in effect between its items
    listed: list[str] = field(default_factory=list)

    def notes(self) -> list[Said]:
        """What the run says on stderr: the indicators read from marks, the marks not read,
        each with the column it is (or would be) read from."""
        out = []
        if self.read:
            ids, ids_vi, under, under_vi = self._named(self.read)
            out.append(
                Said(
                    f"{ids} {'are' if len(self.read) > 1 else 'is'} read from the list's "
                    f"deprivation marks{under}: x, 1, có, yes or ✓ is deprived; a blank cell, 0, "
                    "không or no is not",
                    "marks.note.read",
                    ids=ids,
                    ids_vi=ids_vi,
                    under_vi=under_vi,
                )
            )
        if self.list_header is not None:
            out.append(self._list_note())
        if self.unread:
            ids, ids_vi, under, under_vi = self._named(self.unread)
            out.append(
                Said(
                    f"the list's deprivation marks for {ids}{under} are not read: the standard "
                    "computes them from the household's answers (or its members)",
                    "marks.note.unread",
                    ids=ids,
                    ids_vi=ids_vi,
                    under_vi=under_vi,
                )
            )
        return out

    def _list_note(self) -> Said:
        """What the run makes of a column listing the deprivations by name."""
        column = quoted(one_line(self.list_header or ""))
        if not self.listed:
            return Said(
                f"the list of deprivations in column {column} is not read: the standard "
                "computes every indicator from the household's answers (or its members, or "
                "columns of marks)",
                "marks.note.list_unread",
                column=column,
            )
        ids = ", ".join(self.listed)
        ids_vi = ", ".join(self.labels.get(i, i) for i in self.listed)
        words = {"\n": ("a line break", "xuống dòng")}
        seps = [words.get(s, (f"'{s}'", f"'{s}'")) for s in self.separators] or [("none", "")]
        en, vi = [s[0] for s in seps], [s[1] for s in seps]
        return Said(
            f"{ids} {'are' if len(self.listed) > 1 else 'is'} read from the list of "
            f"deprivations in column {column}: deprived where the cell names the indicator "
            f"(its label, id or mark header; items separated by {_either(en, 'or')}), not "
            "deprived where it does not; a blank cell names none",
            "marks.note.list_read",
            ids=ids,
            ids_vi=ids_vi,
            column=column,
            separators_vi=_either(vi, "hoặc"),
        )

    def _named(self, columns: dict[str, str]) -> tuple[str, str, str, str]:
        """Each indicator with the column it comes from ("employment ('Việc làm')"), in English
        (ids) and Vietnamese (labels); and the group label the columns stand under, if one."""
        group, own = _own_cells(list(columns.values()))
        pairs = list(zip(columns, own, strict=True))
        # a tidy header (deprived_water) says its indicator itself
        ids = ", ".join(
            i if h == user_name(mark_column(i)) else f"{i} ({quoted(h)})" for i, h in pairs
        )
        ids_vi = ", ".join(_with_column(self.labels.get(i, i), h) for i, h in pairs)
        if group is None and all(h == user_name(mark_column(i)) for i, h in pairs):
            return ids, ids_vi, " (columns deprived_<id>)", " (các cột deprived_<mã chỉ số>)"
        if group is None:
            return ids, ids_vi, "", ""
        return ids, ids_vi, f" (columns under {quoted(group)})", f" (các cột dưới {quoted(group)})"


def _either(words: list[str], conjunction: str) -> str:
    """'a, b or c'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def _with_column(label: str, header: str) -> str:
    """An indicator's label, with its column's header when that is another text."""
    return label if fold(label) == fold(header) else f"{label} ({quoted(header)})"


def _own_cells(headers: list[str]) -> tuple[str | None, list[str]]:
    """(the group label all `headers` stand under, or None; each header's own cell after it,
    else the header itself), shown on one line."""
    groups = {h.split(GROUP_SEPARATOR)[0] for h in headers}
    if len(groups) == 1 and all(GROUP_SEPARATOR in h for h in headers):
        (group,) = groups
        own = [one_line(h[len(group) + len(GROUP_SEPARATOR) :]) for h in headers]
        return one_line(group), own
    return None, [one_line(h) for h in headers]


def _check_names(standards: list[CompiledStandard]) -> None:
    """Refuse a name one standard of the run gives to an indicator and another to a different
    one (each standard's own names are checked when it loads)."""
    owner: dict[str, tuple[str, CompiledStandard, str]] = {}
    for cs in standards:
        for key, text, i, path, what in header_names(cs.standard.model):
            ind_id = cs.standard.model.indicators[i].id
            first_id, first, first_what = owner.setdefault(key, (ind_id, cs, what))
            if first_id != ind_id:
                shown = one_line(text)
                raise StandardError(
                    f"the standards {first.id} and {cs.id} give the name {quoted(shown)} to "
                    f"different indicators: {first_id} ({first_what} in {first.id}) and "
                    f"{ind_id} ({what} in {cs.id}); a column of deprivation marks headed so "
                    "would be read for either, so these standards cannot read one list of "
                    "marks together: give the indicator another name in one of them",
                    **cs.standard.where(path),
                    key="standard.mark_name_across",
                    params={
                        "first": first.id,
                        "second": cs.id,
                        "name": quoted(shown),
                        "first_id": first_id,
                        "second_id": ind_id,
                    },
                )


def names_of(standards: list[CompiledStandard]) -> dict[str, list[str]]:
    """Each indicator id -> the names its marks column may have: its Vietnamese label first,
    its English label, its mark_headers."""
    names: dict[str, list[str]] = {}
    for cs in standards:
        for ind, _ in cs.indicators:
            texts = [ind.label.vi, ind.label.en, *(ind.mark_headers or [])]
            names.setdefault(ind.id, [])
            names[ind.id] += [t for t in texts if t not in names[ind.id]]
    return names


def choose(table: Table, standards: list[CompiledStandard]) -> Chosen:
    """Find the list's columns of deprivation marks and recompile each standard with the
    indicators that read them (see the module's rule); `table`'s marks columns are renamed
    (`columns.mark_column`). `table` is read with the standards' extra columns (`read_table`'s
    `extra_columns`), so that no header of one is taken for marks; the run gives them their
    names (`Table.accept_labels`)."""
    names = names_of(standards)
    found = find_marks(table, names)
    # a column listing the deprivations by name; not a label over columns read as one row
    listed, count = find_list(table.header_targets(), table.source, check=False)
    if listed is not None and _over_unnamed(table, table.headers.index(listed)):
        listed = count = None
    if found or table.marks or listed:  # a list of marks: every name must say one indicator
        _check_names(standards)
    chosen = Chosen(list(standards))
    chosen.labels = {ind.id: ind.label.vi for cs in standards for ind, _ in cs.indicators}
    chosen.list_header = listed
    chosen.separators = separators(names)
    if not found and listed is None:
        for cs in standards:
            require_members(cs)
        return chosen
    present = set(table.columns)
    readers: dict[str, list[CompiledStandard]] = {}  # indicator id -> standards reading marks
    for k, cs in enumerate(standards):
        inputs = indicator_inputs(cs)
        marks: dict[str, str] = {}
        for ind, _ in cs.indicators:
            if ind.id not in found and listed is None:
                continue
            answered = all(c in present for c in inputs[ind.id])
            if ind.id in cs.member_forms or (ind.id not in cs.needs_members and answered):
                if ind.id in found:
                    chosen.unread.setdefault(ind.id, found[ind.id])
                continue
            marks[ind.id] = mark_column(ind.id)
            if ind.id in found:
                chosen.read.setdefault(ind.id, found[ind.id])
            else:  # read from the list column: its items name the deprivations
                if ind.id not in chosen.listed:
                    chosen.listed.append(ind.id)
            readers.setdefault(ind.id, []).append(cs)
        if marks:
            chosen.standards[k] = compile_standard(
                cs.standard, members=cs.members, marks=marks, defer_members=True, yearly=cs.yearly
            )
        require_members(chosen.standards[k])
    for ind_id, used in readers.items():
        _same_rule(ind_id, used, found.get(ind_id, listed or ""), table.source)
    for ind_id in chosen.read:
        chosen.unread.pop(ind_id, None)
    check_not_ambiguous(table, names, list(chosen.read))
    if listed is not None and chosen.listed:
        find_list(table.header_targets(), table.source)  # two lists: which is read, a guess
        table.mark_list = MarkList(
            listed, count, list_names(names), tuple(chosen.listed), chosen.separators
        )
    return chosen


def _rule(cs: CompiledStandard, ind_id: str) -> tuple[str, dict[str, tuple]]:
    """An indicator's rule in `cs`: its expression (spaces as one) and the values of the
    parameters it reads."""
    params = cs.standard.model.parameters
    ind, compiled = next((i, c) for i, c in cs.indicators if i.id == ind_id)
    text = " ".join((ind.deprived_when or "").split())
    return text, {n: _value(params[n]) for n in sorted(compiled.names) if n in params}


def _value(param: Parameter) -> tuple:
    values = tuple(sorted(param.values.items())) if param.values is not None else None
    return (param.by, param.value, values)


def _same_rule(ind_id: str, standards: list[CompiledStandard], header: str, source: str) -> None:
    """Refuse a mark read for `ind_id` by standards that decide it by different rules."""
    first = standards[0]
    rule = _rule(first, ind_id)
    for other in standards[1:]:
        if _rule(other, ind_id) == rule:
            continue
        ind: Indicator = next(i for i, _ in first.indicators if i.id == ind_id)
        columns = ", ".join(indicator_inputs(first)[ind_id])
        raise InputError(
            f"{ind_id} is read from the list's deprivation marks (column "
            f"{quoted(one_line(header))}), but {first.id} and {other.id} decide it by "
            "different rules (expression or parameter values): a mark was made under one "
            f"rule, so it cannot serve both; give the household's answers ({columns}) and each "
            "standard applies its own rule",
            file=source,
            column=one_line(header),  # as the file names it
            key="input.mark_rule_differs",
            params={
                "id": ind_id,
                "label": ind.label.vi,
                "header": quoted(one_line(header)),
                "first": first.id,
                "second": other.id,
                "columns": columns,
            },
        )


def marks_hint(table: Table, standards: list[CompiledStandard]) -> list[Said]:
    """For a missing-columns error: the indicators whose columns are missing could be read
    from a list's deprivation marks too."""
    present = set(table.columns)
    wanted: dict[str, str] = {}
    for cs in standards:
        inputs = indicator_inputs(cs)
        for ind, _ in cs.indicators:
            if ind.id in cs.member_forms or ind.id in cs.marks:
                continue
            if any(c not in present for c in inputs[ind.id]):
                wanted.setdefault(ind.id, ind.label.vi)
    if not wanted:
        return []
    ids = ", ".join(wanted)
    ids_vi = ", ".join(wanted.values())
    first, label = next(iter(wanted.items()))
    group = _group_in_one_row(table)
    if group is not None:
        row = table.header_row
        return [
            Said(
                f"{ids}: a column of the list's deprivation marks would do too (an x where the "
                f"household is deprived); row {row} holds the group label {quoted(group)}, read "
                "as a header of one row: if the indicators' names are in the row below it, the "
                f"header spans two rows: give --header-row {row}-{row + 1}",
                "input.detail.marks_group_one_row",
                ids=ids,
                ids_vi=ids_vi,
                row=row,
                group=quoted(group),
                option=f"--header-row {row}-{row + 1}",
            )
        ]
    return [
        Said(
            f"{ids}: a column of the list's deprivation marks would do too (an x where the "
            "household is deprived), under a group label such as 'Các chỉ số thiếu hụt' and "
            f"headed by the indicator's name (such as '{label}'), or headed 'Thiếu hụt {label}' "
            f"or 'deprived_{first}' (see the README, 'Lists of deprivation marks')",
            "input.detail.marks_would_do",
            ids=ids,
            ids_vi=ids_vi,
            label=label,
            first=first,
        )
    ]


def _over_unnamed(table: Table, at: int) -> bool:
    """Whether the header at `at`, in a header read as one row, has a column without a header
    on its right: a label merged over the columns whose names are in the row below."""
    if table.header_rows != 1 or at + 1 >= len(table.headers):
        return False
    right = table.headers[at + 1]
    return is_no_header_name(right) or not right.strip()


def _group_in_one_row(table: Table) -> str | None:
    """A deprivation group label in a header read as one row, the column right of it without
    a header (`_over_unnamed`), or None."""
    targets = table.header_targets()
    for at, header in enumerate(table.headers):
        own = targets[header] == header  # not a header a mapping line gives a column
        if own and is_deprivation_label(header) and _over_unnamed(table, at):
            return one_line(header)
    return None
