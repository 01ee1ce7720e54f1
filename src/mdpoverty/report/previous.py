"""The previous review's list: which column holds its class, how its labels read, and its rows
checked and spilled by partition for the join.

Class column: the one named with `--previous-class`; else the one column headed
`class_<standard id>` (or `Phân loại (<standard id>)`, as `classify --lang vi` writes it),
`class` or a Vietnamese header (`Phân loại`, `Phân loại hộ`, `Kết quả`, `Kết quả rà soát`,
`Kết quả phân loại`, `Loại hộ`): two of them (`class_<id>` beside `class`) are refused, as any
two are, whichever was written last. Headers and labels are matched ignoring case, accents,
`_`, `-` and extra spaces, so `Hộ cận nghèo`, `HO CAN NGHEO` and `near_poor` are one class. Where several
could be, the one classify added when it ran again on a classified list (`Phân loại (mới)`
beside `Phân loại`: `rerun_column`) is the latest by construction, and taken with a note.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..columns import OPTIONAL_UNITS, held_name, user_name
from ..errors import InputError, PreviousClassUnsaid, Said
from ..io.layout import SKIP, SkipMarker
from ..io.readers import ROW, Table
from ..io.writers import BatchWriter, Target
from ..io.xlsx import NumberFormat
from ..labels import added_column
from ..run.layout import NEW, Layout, input_headers, rejects_columns, shown_header
from ..run.pipeline import RejectExample, shown_columns
from ..run.validation import AREA_WORDS, Reason
from ..text import fold, nfc, one_line, quoted
from . import spill as sp
from .spill import PartitionedSpill, area_dtype, class_dtype

if TYPE_CHECKING:
    import polars as pl

    from ..engine.classifier import CompiledStandard

ID = "household_id"
PREV_ID = "__id__"
ABSENT = "absent"
# the previous class of a household whose previous row was rejected (an unreadable label, an id
# repeated): unknown, so counted apart, never as new to the list nor as newly poor
REJECTED = "rejected"
PREJ = "__prej__"  # true on a spilled previous row that stands for such a household
# true on a spilled row of this list that was rejected (a bad cell, an id repeated): its
# household, when on the previous list, has no known class now, so it is counted apart, never
# as absent now nor as escaped poverty
CREJ = "__crej__"
EXAMPLES = 20

# `hn` and `hcn` are the abbreviations offices write for hộ nghèo and hộ cận nghèo; any other
# label is given in the mapping file (`values: {class: {...}}`, `read_label`'s `codes`)
_LABELS = {
    "poor": ("poor", "ngheo", "ho ngheo", "hn"),
    "near_poor": ("near poor", "can ngheo", "ho can ngheo", "hcn"),
    "average": (
        "average",
        "trung binh",
        "muc song trung binh",
        "ho muc song trung binh",
        "ho co muc song trung binh",
    ),
    "not_poor": ("not poor", "khong ngheo", "ho khong ngheo"),
}
LABELS: dict[str, str] = {text: cls for cls, texts in _LABELS.items() for text in texts}
VI_CLASS_HEADERS = (
    "phan loai",
    "phan loai ho",
    "ket qua",
    "ket qua ra soat",
    "ket qua phan loai",
    "loai ho",
)


def _key(text: str) -> str:
    return fold(text.replace("_", " ").replace("-", " "))


def read_label(text: str | None, codes: dict[str, str] | None = None) -> str | None:
    """The class a previous list's label names, or None when it names none. `codes` (the
    mapping file's `values: {class: ...}`, each label folded -> a class id) come first."""
    if text is None:
        return None
    key = _key(text)
    if codes and key in codes:
        return codes[key]
    return LABELS.get(key)


def label_codes(table: Table) -> dict[str, str] | None:
    """The mapping file's labels of the previous list's class column (`values: {class:
    ...}`), folded as labels are read; None without any."""
    from ..io.mapping import PREVIOUS_CLASS, code_forms

    codes = table.value_codes
    book = codes.codes.get(PREVIOUS_CLASS) if codes is not None else None
    if not book:
        return None
    return {_key(form): value for code, value in book.items() for form in code_forms(code)}


_AREAS = {_key(k): v for k, v in AREA_WORDS.items()}


def read_area(text: str | None) -> str | None:
    return None if text is None else _AREAS.get(_key(text))


def explicit_columns(items: list[str] | None, standards: list[CompiledStandard]) -> dict[str, str]:
    """`--previous-class` as given (repeatable): standard id -> the column named for it.

    `ID=COLUMN` names the column of one of the report's standards (the text before the first
    `=` is one of their ids; otherwise the whole text is a column name, which may hold `=`);
    a plain `COLUMN` is the class column of the report's one standard. With several standards a
    plain column is refused (which standard was it made under?), as is a standard named
    twice."""
    ids = [cs.id for cs in standards]
    chosen: dict[str, str] = {}
    plain: list[str] = []
    for item in items or []:
        head, eq, rest = item.partition("=")
        if eq and head.strip() in ids and rest.strip():
            sid = head.strip()
            if sid in chosen:
                raise PreviousClassUnsaid(
                    f"--previous-class names a column for {sid} twice",
                    key="previous.class_named_twice",
                    params={"id": sid},
                )
            chosen[sid] = rest.strip()
        else:
            plain.append(item)
    if plain and (len(standards) > 1 or chosen or len(plain) > 1):
        example = f"--previous-class {ids[-1]}={quoted(plain[0])}"
        raise PreviousClassUnsaid(
            f"--previous-class {quoted(plain[0])} does not say which standard that column was"
            f" made under, and the report has several ({', '.join(ids)}): name it for each"
            f" standard it belongs to, e.g. {example} (a standard with no class column gets no"
            " movements)",
            key="previous.class_for_which_standard",
            params={"name": quoted(plain[0]), "ids": ", ".join(ids), "example": example},
        )
    if plain:
        chosen[ids[0]] = plain[0]
    return chosen


def class_headers(
    standards: list[CompiledStandard], explicit: dict[str, str] | None
) -> tuple[str, ...]:
    """The headers that may name a previous list's class column, counted as known columns
    where its header is looked for (a header over two rows, or below title rows)."""
    own = [t for cs in standards for t in (f"class_{cs.id}", f"Phân loại ({cs.id})")]
    named = list(dict.fromkeys((explicit or {}).values()))
    return (*VI_CLASS_HEADERS, "class", *own, *named)


_ADDED = re.compile(r"\s*\((?:moi|new)(?: \d{1,3})?\)$")  # folded ' (mới)', ' (new 2)'


def _column_keys(table: Table, columns: list[str]) -> dict[str, set[str]]:
    """Each column -> the folded names it may be read by (its header; a column under a group
    label, 'Kết quả / Phân loại', also its lower cell), each without the ' (mới)' or ' (new N)'
    classify adds to a name the input had already."""
    keys: dict[str, set[str]] = {c: {_key(c)} for c in columns}
    for header, target in table.header_targets().items():
        if target in keys:
            keys[target] |= {_key(t) for t in table.answer_texts(header)}
    return {c: {_ADDED.sub("", k) for k in ks} for c, ks in keys.items()}


def class_columns(
    table: Table,
    standards: list[CompiledStandard],
    explicit: dict[str, str] | None,
    notes: list[Said] | None = None,
) -> dict[str, str]:
    """Standard id -> the previous list's column holding its class (a column under a group
    label, 'Kết quả / Phân loại', is found by its full name or its lower cell). A column
    classify added when run again on a classified list (`rerun_column`) is taken beside the
    ones it was added to, and `notes` gets a note saying so.

    With several standards a general class column (`class`, `Phân loại`, `Kết quả`: not the
    standard's own `class_<id>`) is never taken for them all: its standard is the user's to
    say (`explicit`, from `--previous-class ID=COLUMN`), else `PreviousClassUnsaid`. With
    `explicit`, a standard it does not name has its own column or none (no movements)."""
    columns = [c for c in table.columns if c != ROW]
    chosen: dict[str, str] = {}
    if explicit:
        by_key: dict[str, str] = {}
        for name, column in table.own_names(cells=True):  # never an internal name
            by_key.setdefault(_key(name), column)
        for sid, name in explicit.items():
            found = by_key.get(_key(name))
            if found is None:
                table.unreadable_named(name, key=_key)
                shown = shown_columns(table, [name])
                raise InputError(
                    f"the previous list has no column '{name}' (--previous-class); "
                    f"its columns: {shown}",
                    file=table.source,
                    key="previous.no_such_column",
                    params={"name": name, "columns": shown},
                )
            if found == ID:  # each row would be its own id's class
                raise InputError(
                    f"--previous-class names the previous list's household id column ('{name}'):"
                    " name the column that holds its class",
                    file=table.source,
                    key="previous.class_is_id",
                    params={"name": name},
                )
            chosen[sid] = found
        if len(chosen) == len(standards):
            return chosen
    # (a column classify added when run again, the columns left) -> standard ids
    taken: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    keys = _column_keys(table, columns)
    unsaid: list[tuple[str, str]] = []  # (standard, a general column it would take)
    for cs in standards:
        if cs.id in chosen:
            continue
        # classify's own headers first: class_<id>, or in Vietnamese 'Phân loại (<id>)'; then
        # 'class' and the Vietnamese ones; each also as classify writes it beside a column of
        # that name the input had already ('Phân loại (mới)', 'class (new 2)')
        own = {_key(f"class_{cs.id}"), _key(f"Phân loại ({cs.id})")}
        general = {*VI_CLASS_HEADERS, "class"}
        # the standard's own column beside a general one is no choice either: an older run with
        # several standards beside a newer one with this standard alone (or the other way
        # round, or the office's own class) could each be the latest
        if explicit:  # the user named the others: this one has its own column, or none
            could = [c for c, ks in keys.items() if ks & own and c not in chosen.values()]
            if not could:
                continue
        else:
            could = [c for c, ks in keys.items() if ks & own or ks & general]
        rerun = None if len(could) == 1 else rerun_column(table, could, cs.id)
        if len(could) == 1 or rerun is not None:
            column = could[0] if rerun is None else rerun[0]
            if len(standards) > 1 and not keys[column] & own:
                unsaid.append((cs.id, column))
                continue
            chosen[cs.id] = column
            if rerun is not None:
                taken.setdefault(rerun, []).append(cs.id)
            continue
        several = ", ".join(quoted(one_line(c)) for c in could)
        which = f"several could be: {several}" if could else f"its columns: {shown_columns(table)}"
        raise InputError(
            f"cannot tell which column of the previous list holds the class under {cs.id} "
            f"(looked for 'class_{cs.id}', 'class', 'Phân loại', 'Kết quả', and each with "
            f"' (mới)' or ' (new)' after it); {which}; name it with --previous-class",
            file=table.source,
            key="previous.which_class_column",
            params={"id": cs.id, "several": several, "columns": shown_columns(table)},
        )
    if unsaid:
        _unsaid(table, standards, unsaid)
    if notes is not None:
        headers = input_headers(table)
        for (latest, left), ids in taken.items():
            notes.append(
                _took_note(headers.get(latest, latest), [headers.get(c, c) for c in left], ids)
            )
    return chosen


def _unsaid(table: Table, standards: list[CompiledStandard], unsaid: list[tuple[str, str]]) -> None:
    """Refuse a general class column for several standards: a change of standard would be
    counted as movement."""
    headers = input_headers(table)
    column = quoted(one_line(headers.get(unsaid[0][1], unsaid[0][1])))
    ids = ", ".join(cs.id for cs in standards)
    example = f"--previous-class {unsaid[-1][0]}={column}"
    raise PreviousClassUnsaid(
        f"the previous list's class column {column} does not say which standard it was made"
        f" under, and the report has several ({ids}): a change of standard would be counted as"
        f" movement. Say which with {example} (repeat for another; a standard with no class"
        " column gets no movements), or report under that standard alone",
        file=table.source,
        key="previous.class_standard_unsaid",
        params={"column": column, "ids": ids, "example": example},
    )


# the suffix classify puts after a name the input has already: ' (new)', ' (new 2)'..., in
# Vietnamese ' (mới)', ' (mới 2)'... (`run.layout.NEW`, `free_added_names`); N from 2 on
_N = r"(?P<n>[2-9]|[1-9][0-9]{1,2})"
_RERUN = {
    lang: re.compile(
        rf"^(?P<base>.+) \((?:{re.escape(first)}|"
        rf"{_N.join(re.escape(part) for part in more.split('{n}'))})\)$"
    )
    for lang, (first, more) in NEW.items()
}


def rerun_column(
    table: Table, could: list[str], standard_id: str
) -> tuple[str, tuple[str, ...]] | None:
    """Among columns that could each be the class (`could`), the one classify added when it
    ran again on a list classified already, with the others: (it, the others), or None.

    Only a column headed exactly as classify heads it (in NFC): its class column's name for
    the standard (`class`, `class_<id>`, `Phân loại`, `Phân loại (<id>)`) with ' (new)', or
    ' (new N)' (in Vietnamese ' (mới)', ' (mới N)') after it; and only beside exactly the
    columns that made classify choose that name: one headed as the name (compared folded, as
    classify compares them) and, for ' (new N)', one for each of ' (new)' to ' (new N-1)'.
    Then it holds the latest class by construction; any other set of columns is left to
    --previous-class."""
    headers = input_headers(table)
    ours: list[tuple[str, list[str]]] = []  # a column -> the folded names beside it
    for column in could:
        header = nfc(headers.get(column, column))
        for lang, pattern in _RERUN.items():
            match = pattern.match(header)
            bases = {added_column("class", lang, sid) for sid in (None, standard_id)}
            if match is None or match["base"] not in bases:
                continue
            base, n, (first, more) = match["base"], int(match["n"] or 1), NEW[lang]
            beside = [
                base,
                *(f"{base} ({more.format(n=k) if k > 1 else first})" for k in range(1, n)),
            ]
            ours.append((column, sorted(fold(b) for b in beside)))
    # a list classified three times holds 'class (new)' and 'class (new 2)': the one the others
    # are exactly beside is the latest
    latest = []
    for column, beside in ours:
        others = [c for c in could if c != column]
        if sorted(fold(headers.get(c, c)) for c in others) == beside:
            latest.append((column, others))
    if len(latest) != 1:
        return None
    column, others = latest[0]
    return column, tuple(others)


def _took_note(taken: str, left: list[str], ids: list[str]) -> Said:
    """The note for a class column taken as classify's latest (`rerun_column`)."""
    left_text = ", ".join(quoted(one_line(c)) for c in left)
    taken_text = quoted(one_line(taken))
    under = ", ".join(ids)
    return Said(
        f"the previous list has the class column classify adds when it runs again on a list "
        f"classified already: the class under {under} is read from {taken_text}, the latest; "
        f"{left_text} {'is' if len(left) == 1 else 'are'} left unread (to read another, name "
        "it with --previous-class)",
        "previous.note.rerun_column",
        taken=taken_text,
        left=left_text,
        ids=under,
    )


@dataclass
class PreviousList:
    """The previous list as it will be read: its table and the columns that matter."""

    table: Table
    class_of: dict[str, str]  # standard id -> column
    units: list[str]  # the report's --by columns, when the previous list has them all
    has_area: bool
    notes: list[Said] = field(default_factory=list)  # for the screen: a column chosen
    # the --by columns the previous list lacks: its households absent now have no unit then
    units_missing: list[str] = field(default_factory=list)

    @property
    def label_columns(self) -> list[str]:
        return list(dict.fromkeys(self.class_of.values()))


def previous_reads(
    standards: list[CompiledStandard], by: list[str], explicit: dict[str, str] | None
) -> set[str]:
    """The columns a previous list is read for: the household id, its class (`class`,
    `class_<id>`, a --previous-class column), the area and the units (`by` too). A mapping
    line giving any other column (a deprivation's marks) is about the household file."""
    return {
        ID,
        "area",
        *OPTIONAL_UNITS,
        *by,
        *class_headers(standards, explicit),
    }


def open_previous(
    table: Table,
    standards: list[CompiledStandard],
    by: list[str],
    explicit: str | list[str] | dict[str, str] | None,
) -> PreviousList:
    """The previous list as it will be read. `explicit`: `--previous-class` as given (a list,
    `explicit_columns`; a text for one) or already standard id -> column."""
    if not isinstance(explicit, dict):
        items = [explicit] if isinstance(explicit, str) else explicit
        explicit = explicit_columns(items, standards)
    if ID not in table.columns:
        raise InputError(
            "the previous list has no household_id column (Vietnamese header: 'Mã hộ')",
            file=table.source,
            key="previous.no_id_column",
        )
    notes: list[Said] = []
    class_of = class_columns(table, standards, explicit, notes)
    missing = [c for c in by or [] if c not in table.columns]
    units = by if by and not missing else []
    return PreviousList(table, class_of, units, "area" in table.columns, notes, missing)


@dataclass
class PreviousAccounting:
    """Where every row of the previous list went: rows read = used + rejected + skipped (a
    numbering, blank or totals row of an official list's layout is not a household)."""

    source: str
    class_of: dict[str, str]
    rows_read: int = 0
    rejected: int = 0
    skipped: int = 0
    skipped_reasons: Counter[str] = field(default_factory=Counter)
    skipped_rows: list[tuple[int, str]] = field(default_factory=list)  # the first, in order
    units_missing: list[str] = field(default_factory=list)  # `PreviousList.units_missing`
    reject_reasons: Counter[str] = field(default_factory=Counter)
    reject_examples: list[RejectExample] = field(default_factory=list)
    # the class labels no class was found for (unknown_category) -> their rows, the first
    # `LABELS_KEPT` distinct ones: what a `values: {class: ...}` line must say
    unknown_labels: Counter[str] = field(default_factory=Counter)
    matched: int = 0  # on both lists
    absent: int = 0  # on the previous list only
    new: int = 0  # on the current list only
    # households whose previous row was rejected (its class unknown): on this list, and not
    rejected_here: int = 0
    rejected_absent: int = 0
    # households of the previous list whose row in this list was rejected (class now unknown):
    # their previous row used, and rejected too
    rejected_now: int = 0
    rejected_both: int = 0
    # households whose rows in this list were rejected and which the previous list does not
    # have: no class on either side, counted apart
    rejected_new: int = 0
    headers: dict[str, str] = field(default_factory=dict)  # column -> the list's own header
    has_area: bool = True  # the previous list has an area column
    # this list's side: its households reported and rows rejected (`Accounting`), and its
    # rejected rows by where they went: of a household on the previous list, of one it does not
    # have, with no household id (no household to follow)
    current_reported: int = 0
    current_rejected: int = 0
    current_rejected_previous: int = 0
    current_rejected_new: int = 0
    current_rejected_no_id: int = 0

    @property
    def used(self) -> int:
        return self.rows_read - self.rejected - self.skipped

    @property
    def reconciled(self) -> bool:
        return self.used == self.matched + self.absent + self.rejected_now

    @property
    def current_reconciled(self) -> bool:
        """Every row of this list is in the movements: reported = on both lists + new to this
        list + on this list with its previous row rejected; rejected rows = those of households
        on the previous list + those of households new to it + those with no id."""
        reported = self.matched + self.new + self.rejected_here
        rejected = (
            self.current_rejected_previous + self.current_rejected_new + self.current_rejected_no_id
        )
        return reported == self.current_reported and rejected == self.current_rejected

    def count_rejects(self, frame: pl.DataFrame) -> None:
        """Count a frame of rejected rows (columns `row`, `errors`, then cells as read)."""
        self.rejected += frame.height
        for errors, n in frame.group_by("errors").len().iter_rows():
            for item in errors.split(";"):
                self.reject_reasons[item] += n
        self._count_labels(frame)
        for record in frame.head(EXAMPLES).iter_rows(named=True):
            for item in record["errors"].split(";"):
                if len(self.reject_examples) >= EXAMPLES:
                    return
                column, _, reason = item.partition(":")
                # a class label is shown (it is not personal); an id is not
                value = record.get(held_name(column)) if column != ID else None
                self.reject_examples.append(
                    RejectExample(
                        record["row"], column, reason, None if value is None else str(value)
                    )
                )

    def _count_labels(self, frame: pl.DataFrame) -> None:
        """Count the class labels of `frame`'s rows rejected as unknown_category, by label."""
        import polars as pl

        unknown = f":{Reason.UNKNOWN_CATEGORY.value}"
        for name in frame.columns:
            if name in ("row", "errors", ID):
                continue
            column = user_name(name)
            found = (
                frame.filter(pl.col("errors").str.contains(column + unknown, literal=True))
                .get_column(name)
                .cast(pl.String)
                .value_counts(sort=True)
            )
            for label, n in found.iter_rows():
                if label is None:
                    continue
                if label in self.unknown_labels or len(self.unknown_labels) < LABELS_KEPT:
                    self.unknown_labels[label] += n


LABELS_KEPT = 20  # distinct unknown labels kept (a column of junk holds a million)


def _unit(c: str) -> str:
    return f"__pu_{c}__"


def unit_columns(prev: PreviousList) -> list[str]:
    """The spilled previous list's unit columns, top down (replaced by a number)."""
    return [_unit(c) for c in prev.units]


def prev_class(column: str) -> str:
    return f"__pc_{column}__"


def _raw(column: str) -> str:
    return f"__raw_{column}__"


def spill_previous(
    prev: PreviousList, spill: PartitionedSpill, rejects: BatchWriter | None
) -> PreviousAccounting:
    """Read the previous list batch by batch: check ids and labels, count and write the rows
    that fail, spill the others by partition.

    Only the id is cleaned cell by cell; labels, areas and units are few distinct values, each
    read once (classify's own labels and areas are cast straight to their one-byte type)."""
    import polars as pl

    from ..io import temporary
    from ..io.batches import stream

    acc = PreviousAccounting(
        prev.table.source,
        prev.class_of,
        headers=input_headers(prev.table),
        units_missing=prev.units_missing,
        has_area=prev.has_area,
    )
    labels = prev.label_columns
    codes = label_codes(prev.table)
    needed = [
        ROW,
        PREV_ID,
        *(_raw(c) for c in labels),
        *(_unit(c) for c in prev.units),
        *(["__parea__"] if prev.has_area else []),
        sp.HASH,
        PREJ,
    ]
    # every cell is kept until the layout rows are found (a totals row says so in any column)
    cells = [pl.col(c) for c in prev.table.columns if c != ROW]
    marker = SkipMarker(prev.table.numbering_row, units_row=prev.table.units_row)

    def plan(lf: pl.LazyFrame) -> pl.LazyFrame:
        lf = lf.with_columns(
            clean(pl.col(ID)).alias(PREV_ID),
            *(pl.col(c).cast(pl.String).alias(_raw(c)) for c in labels),
            # cleaned with the unit's number, once per distinct path (`UnitCodes.encode`)
            *(pl.col(c).cast(pl.String).alias(_unit(c)) for c in prev.units),
            *([pl.col("area").cast(pl.String).alias("__parea__")] if prev.has_area else []),
        )
        return lf.with_columns(sp.id_hash(pl.col(PREV_ID)), pl.lit(False).alias(PREJ))

    # a row below the totals row is a footer or signature row only if it holds no value in a
    # column the report reads: a class word ('Hộ nghèo', 'HN', 'poor', a mapped code), an area
    # word, a unit or class cell with a number or a mark in it (`io.layout.holds_value`)
    data = [pl.col(c) for c in (*labels, *prev.units, *(["area"] if prev.has_area else []))]
    held = pl.any_horizontal(
        pl.col(c).is_not_null()
        for c in [*(prev_class(c) for c in labels), *(["__parea__"] if prev.has_area else [])]
    )
    read = [prev_class(c) for c in labels]

    for frame in stream(prev.table, plan, every_row=True):
        temporary.checkpoint()  # a signal stops the run between batches
        acc.rows_read += frame.height
        # the labels and the area read first (once per distinct value): the layout rows'
        # guard looks at them
        frame = frame.with_columns(
            *(
                _read(
                    frame.get_column(_raw(c)),
                    class_dtype(),
                    lambda v: read_label(v, codes),
                    prev_class(c),
                    cast=codes is None,  # a code may stand for another class than its text
                )
                for c in labels
            ),
            *(
                [_read(frame.get_column("__parea__"), area_dtype(), read_area, "__parea__")]
                if prev.has_area
                else []
            ),
        )
        frame = _skip_layout_rows(frame, marker, cells, acc, data, held).select(*needed, *read)
        failed = frame.get_column(PREV_ID).null_count() or any(
            frame.get_column(prev_class(c)).null_count() for c in labels
        )
        if failed:
            frame = _reject(frame, labels, acc, rejects)
        spill.add(frame)
    if acc.rows_read == 0:
        raise InputError(
            "the previous list has a header but no rows",
            file=prev.table.source,
            key="previous.no_rows",
        )
    spill.flush()
    return acc


def clean(text: pl.Expr) -> pl.Expr:
    """A cell as text, in NFC, stripped; null when blank."""
    import polars as pl

    from ..run.validation import nfc

    text = nfc(text.cast(pl.String)).str.strip_chars()
    return pl.when(text != "").then(text)


def _reject(
    frame: pl.DataFrame, labels: list[str], acc: PreviousAccounting, rejects: BatchWriter | None
) -> pl.DataFrame:
    """The batch's rows with no id or no class counted and written as rejects; the others,
    and the rejected rows that have an id, marked `PREJ` with no class: the household was on
    the previous list, its class there is unknown (never 'new to this list')."""
    import polars as pl

    checks = [pl.when(pl.col(PREV_ID).is_null()).then(pl.lit(f"{ID}:missing_value"))]
    for c in labels:
        raw = pl.col(_raw(c))
        checks.append(
            pl.when(raw.is_null() | (raw.str.strip_chars() == ""))
            .then(pl.lit(f"{user_name(c)}:{Reason.MISSING_VALUE.value}"))
            .when(pl.col(prev_class(c)).is_null())
            .then(pl.lit(f"{user_name(c)}:{Reason.UNKNOWN_CATEGORY.value}"))
        )
    frame = frame.with_columns(pl.concat_str(checks, separator=";", ignore_nulls=True).alias(_ERR))
    ok = pl.col(_ERR) == ""
    bad = frame.filter(~ok)
    if bad.height:
        bad = reject_frame(bad, labels, _ERR)
        acc.count_rejects(bad)
        if rejects is not None:
            rejects.write(bad)
    unknown = frame.filter(~ok & pl.col(PREV_ID).is_not_null()).with_columns(
        pl.lit(True).alias(PREJ),
        *(pl.lit(None, dtype=class_dtype()).alias(prev_class(c)) for c in labels),
    )
    return pl.concat([frame.filter(ok), unknown]).drop(_ERR)


_ERR = "__errors__"


def _skip_layout_rows(
    frame: pl.DataFrame,
    marker: SkipMarker,
    cells: list[pl.Expr],
    acc: PreviousAccounting,
    data: list[pl.Expr] | None = None,
    held: pl.Expr | None = None,
) -> pl.DataFrame:
    """The batch without the rows of an official list's layout (numbering, units, blank and
    totals rows, and the footer below the totals row: signatures, place and date), counted
    apart by the household file's own rules (`io.layout.SkipMarker`, which remembers the
    totals row from batch to batch). A row below the totals row with a value in `data` (the
    class, unit and area cells as read) or `held` (its class or area read) is a household,
    used or rejected, never skipped."""
    import polars as pl

    reasons = marker.reasons(frame, cells, pl.col(PREV_ID), ROW, data, held)
    if reasons.is_empty():
        return frame
    acc.skipped += reasons.height
    acc.skipped_reasons.update(reasons.get_column(SKIP).to_list())
    room = EXAMPLES - len(acc.skipped_rows)
    if room > 0:
        acc.skipped_rows.extend(
            (int(r), str(k)) for r, k in reasons.head(room).select(ROW, SKIP).iter_rows()
        )
    return frame.filter(~pl.col(ROW).is_in(reasons.get_column(ROW).implode()))


def _read(values: pl.Series, dtype: pl.DataType, read, name: str, cast: bool = True) -> pl.Series:
    """`values` as `dtype`: a value spelled as the type's own is cast (unless not `cast`), any
    other read by `read` once per distinct value (null when it names nothing)."""
    import polars as pl

    if cast:
        fast = values.cast(dtype, strict=False)
    else:
        fast = pl.Series(name, dtype=dtype).extend_constant(None, values.len())
    missed = values.filter(fast.is_null() & values.is_not_null())
    mapping = {v: found for v in missed.unique().to_list() if (found := read(v)) is not None}
    if mapping:
        slow = values.replace_strict(mapping, default=None, return_dtype=dtype)
        fast = fast.fill_null(slow)
    return fast.alias(name)


def reject_frame(frame: pl.DataFrame, labels: list[str], errors: str | pl.Expr) -> pl.DataFrame:
    """The previous list's rejects file layout: row, errors, household_id, the class cells."""
    import polars as pl

    return frame.select(
        pl.col(ROW).alias("row"),
        (pl.col(errors) if isinstance(errors, str) else errors).alias("errors"),
        pl.col(PREV_ID).alias(ID),
        *(pl.col(_raw(c)).alias(c) for c in labels),
    )


class PreviousRejects(BatchWriter):
    """The previous list's rejects file, laid out as the household file's rejects
    (`run.layout.rejects_columns`): the row and the error codes (headed `Dòng` and `Mã lỗi` in
    Vietnamese), a description naming the list's own header, then the id and the class cells
    as read. Frames come in `reject_frame`'s layout, which the counts read."""

    def __init__(self, target: Target, prev: PreviousList, lang: str):
        if ID in prev.table.text_columns():  # an id typed as text ('1021') stays text
            header = shown_header(ID, lang, [], input_headers(prev.table))
            target = replace(target, formats=(*target.formats, (header, NumberFormat.TEXT)))
        super().__init__(target, required=False)
        self.prev = prev
        self.lang = lang
        self._columns: list[pl.Expr] = []

    def write(self, frame: pl.DataFrame) -> None:
        import polars as pl

        if not self._columns:
            labels = self.prev.label_columns
            self._columns = [
                *rejects_columns(
                    ["row", "errors", ID, *labels],
                    self.prev.table,
                    [],
                    Layout(self.lang),
                    needed=[ID, *labels],
                ),
                pl.col("row").alias(ROW),  # for the writer's messages; not written
            ]
        super().write(frame.select(self._columns))
