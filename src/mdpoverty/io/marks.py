"""Lists of deprivation marks: which column holds an indicator's marks.

Poverty offices keep the review's result as a list: per household its income and, per
indicator, an ``x`` where the household is deprived, usually under a group label such as
``Các chỉ số thiếu hụt`` over columns named by the indicators. A column holds indicator I's
marks when (headers matched ignoring case, accents, spaces and line breaks):

- it stands under a deprivation group label (`layout.is_deprivation_label`) and its own cell
  names I: its Vietnamese or English label, its id, or one of its ``mark_headers``;
- its header is ``deprived_<id>`` (tidy data), or ``Thiếu hụt <name>`` / ``Thiếu hụt: <name>``
  with a name of I as above;
- the `--columns` file maps its header to ``deprived:<id>`` (under a group label, its full
  name or its own cell).

A trailing ``(x)`` in a header is read as nothing (``Việc làm (x)``). When any indicator is
read from marks, an answer column whose header names an indicator stops the run unless the
mapping names it (`check_not_ambiguous`): it may be either, each the reverse of the other.

What a mark cell says is validation's to read (`run.validation.mark_value`): a yes
(``x``, ``1``, ``có``, ``yes`` ...) or a tick (``✓``, ``✔``, ``√``) is deprived; a blank cell or a no
(``0``, ``không``, ``no`` ...) is not (a list marks the deprivations and leaves the rest blank);
anything else is no mark, and the row is rejected (``bad_mark``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..columns import MARK_TARGET, held_name, mark_column
from ..errors import InputError
from ..text import fold, one_line, quoted, yaml_scalar
from .layout import GROUP_SEPARATOR, legend_contradiction
from .mark_names import folded_names, indicator_of
from .readers import answers_naming_indicators

if TYPE_CHECKING:
    from .readers import Table


def _refuse_unclear(table: Table, folded: dict[str, str]) -> None:
    """Stop on a column under a group label that names deprivation unclearly (`layout.
    is_unclear_deprivation_label`: 'Not deprived', 'Các chỉ số không thiếu hụt') which the
    mapping file does not map: an x there may be a deprivation or its opposite, never guessed."""
    targets = table.header_targets()
    left = [h for h in table.unclear if targets.get(h, h) == held_name(h)]
    if not left:
        return
    # each column's group label and own cell, cut where its own cell starts: a label may hold
    # the separator itself ('Deprivations (x / 1 = not deprived)')
    parts = [_group_and_own(table, h) for h in left]
    label = parts[0][0]
    own = [o for g, o in parts if g == label]
    ind_id = next((i for h in left if (i := indicator_of([h], folded, True))), "<id>")
    example = next((h for h in left if indicator_of([h], folded, True) == ind_id), left[0])
    shown = ", ".join(quoted(one_line(o)) for o in own[:5]) + (", ..." if len(own) > 5 else "")
    label_shown, header = quoted(one_line(label)), yaml_scalar(one_line(example))
    reverse = legend_contradiction(label)
    if reverse is not None:
        said = quoted(one_line(reverse))
        raise InputError(
            f"the group label {label_shown} has a legend that says {said}, the reverse of how "
            "mdpoverty reads a list's deprivation marks (x, 1, có, yes or ✓ is deprived; a "
            f"blank cell, 0, không or no is not): its columns ({shown}) are not read as marks. "
            "Say what each column holds in a --columns file: "
            f"'{header}: <answer column>' (its cells are the household's answers) or "
            f"'{header}: deprived:{ind_id}' (an x is a deprivation)",
            file=table.source,
            column=one_line(left[0]),
            key="input.legend_contradicts_marks",
            params={
                "label": label_shown,
                "legend": said,
                "columns": shown,
                "header": header,
                "id": ind_id,
            },
        )
    raise InputError(
        f"the group label {label_shown} names deprivation, but not clearly as the list's "
        "deprivation marks (it holds a word other than those of a plain label such as 'Các chỉ "
        "số thiếu hụt', and a word such as không, chưa, not or đạt chuẩn turns it round): "
        f"an x under it ({shown}) may say deprived or not deprived, and mdpoverty does not "
        "guess. Say what each column holds in a --columns file: "
        f"'{header}: <answer column>' (its cells are the household's answers) or "
        f"'{header}: deprived:{ind_id}' (an x is a deprivation)",
        file=table.source,
        column=one_line(left[0]),
        key="input.unclear_deprivation_label",
        params={"label": label_shown, "columns": shown, "header": header, "id": ind_id},
    )


def _group_and_own(table: Table, header: str) -> tuple[str, str]:
    """A column under a group label: (the label, its own cell), by the own cell it is matched
    by; else cut at the first separator."""
    texts = table.matched_by.get(header, ())
    own = texts[1] if len(texts) > 1 else ""
    if own and header.endswith(GROUP_SEPARATOR + own):
        return header[: -len(own) - len(GROUP_SEPARATOR)], own
    group, _, own = header.partition(GROUP_SEPARATOR)
    return group, own


def find_marks(table: Table, names: dict[str, Iterable[str]]) -> dict[str, str]:
    """Give each indicator's marks column (`names`: indicator id -> the names it is known by)
    its working name (`columns.mark_column`, an internal name shown as ``deprived_<id>``);
    headers recognised as another column are left as they are.
    Returns indicator id -> its header as written. Two headers for one indicator, or a
    `--columns` line naming an indicator none of the standards has, are refused."""
    folded = folded_names(names)
    _refuse_unclear(table, folded)
    marks = set(table.marks)
    found: dict[str, str] = {}
    renames: dict[str, str] = {}
    for header, target in table.header_targets().items():
        # named in the mapping file; a header of the data file written so is no mapping line
        if target.startswith(MARK_TARGET) and target != header:
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
                column=one_line(header),  # as the file names it
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
    if renames:
        by_target = {t: h for h, t in table.header_targets().items()}
        table.renamed.update({by_target[t]: new for t, new in renames.items()})
        table.frame = table.frame.rename(renames)
    return found


def check_not_ambiguous(table: Table, names: dict[str, Iterable[str]], read: list[str]) -> None:
    """Refuse an answer column whose header names an indicator, when the run reads indicators
    (`read`: their ids) from the list's deprivation marks: in such a list ``Nhà tiêu hợp vệ
    sinh`` may be the sanitation's marks (x = deprived) as well as the answer sanitary_latrine
    (x = has one), the one the reverse of the other. A mapping line that names the column says
    which it is; a header that is the answer column's own name (``dependents``) is the answer
    (`answers_naming_indicators`)."""
    if not read:
        return
    unclear = answers_naming_indicators(table, names)
    for header, target, ind_id, own in unclear[:1]:
        shown = quoted(one_line(header))
        # the others, named in the same message: one run names every column to decide
        also = ", ".join(f"{quoted(one_line(h))} ({t} / {i})" for h, t, i, _ in unclear[1:])
        more = ", ..." if len(read) > 3 else ""
        examples = ", ".join(read[:3]) + more
        # the Vietnamese label: the first of an indicator's names (`run.marks`)
        examples_vi = ", ".join(next(iter(names[i]), i) for i in read[:3]) + more
        raise InputError(
            f"the column {shown} may be read two ways: as the household's answer {target}, or "
            f"as the deprivation marks of the indicator {ind_id}, which its header names (an x "
            f"there: deprived, the reverse of a yes); this list's marks are read for "
            f"{examples}, so mdpoverty does not guess: say which in the --columns file, "
            f"'{own}: deprived:{ind_id}' (marks) or '{own}: {target}' (answers)"
            + (f"; the same holds for {also}" if also else ""),
            file=table.source,
            column=one_line(header),
            key="input.marks_or_answer",
            params={
                "header": shown,
                "target": target,
                "id": ind_id,
                "label": next(iter(names[ind_id]), ind_id),
                "ids": examples,
                "ids_vi": examples_vi,
                "own": own,
                "also": also,
            },
        )
