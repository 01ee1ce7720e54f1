"""How results are laid out for their readers: language, the input's own columns, descriptions.

English (the default) writes what programs read: canonical column names, the parsed values
(``rural``, ``true``) and the ids of classes and indicators. Vietnamese writes what an office
posts: the documented Vietnamese headers, ``Nông thôn``/``Thành thị``, ``Có``/``Không``,
``Hộ nghèo``, and the indicators' Vietnamese names from the standard. `keep_input` gives the
input's columns back as the file had them (its own headers, its cells as read), so an official
gets the same list with the results added.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..columns import (
    BY_NAME,
    INCOME_MONTH,
    INCOME_YEAR,
    LIST_TARGET,
    MARK_HELD,
    MEMBER_BY_NAME,
    OPTIONAL_UNITS,
    ColumnType,
    header_key,
    held_name,
    is_village,
    user_name,
)
from ..engine.classifier import SCORE_OUTPUTS, CompiledStandard, output_names
from ..errors import InputError
from ..io.readers import ROW, Table
from ..io.writers import Target
from ..io.xlsx import NumberFormat
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
    member_reason_patterns,
    reason_text,
    reject_fixed,
    yes_no,
)
from .runner import REJECT_ERRORS, Job, Prepared, rejects_frame
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
    """Each column of `table` -> its header as written in the file: the one place a column's
    name becomes the user's header. A column held under an internal name (a list's marks,
    `__mark__child_schooling`) by that name and by the one a reason cites it by
    (`user_name`: `deprived_child_schooling`), so that every message names it as the file
    does (`Các chỉ số thiếu hụt / Đi học`), never by mdpoverty's name."""
    out = {target: header for header, target in table.header_targets().items()}
    for target, header in list(out.items()):
        out.setdefault(user_name(target), header)
    return out


def shown_header(
    name: str, lang: str, standards: list[CompiledStandard], headers: dict[str, str]
) -> str:
    """A column's header in an output not laid out as the input (`column_header`), but a list
    of deprivations a --columns line names (``Chỉ số TH: deprived_list``) keeps the header the
    file gives it, as a column no standard reads does (`headers`: `input_headers`)."""
    if name == LIST_TARGET and name in headers:
        return headers[name]
    return column_header(name, lang, standards)


def column_header(name: str, lang: str, standards: list[CompiledStandard]) -> str:
    """A parsed column's header: its canonical name, or in Vietnamese its documented header
    (an extra column's: the standard's Vietnamese label); a column of marks ``deprived_<id>``."""
    if lang != VI:
        return user_name(name) if name.startswith(MARK_HELD) else name
    if name in BY_NAME:
        return BY_NAME[name].vi_header
    for cs in standards:
        extra = cs.standard.model.columns.get(name)
        if extra is not None:
            return extra.label.vi
    for cs in standards:  # a list's deprivation marks: 'Thiếu hụt Nhà tiêu hợp vệ sinh'
        for ind, _ in cs.indicators:
            if cs.marks.get(ind.id) == name:
                return f"Thiếu hụt {ind.label.vi}"
    if name in MEMBER_BY_NAME:  # a member file's column (its rejects)
        return MEMBER_BY_NAME[name].vi_header
    for cs in standards:
        member = cs.standard.model.member_columns.get(name)
        if member is not None:
            return member.label.vi
    declared = _shipped_columns().get(name)
    return declared[1] if declared and declared[1] else name


def _shipped_columns() -> dict[str, tuple[str, str]]:
    """The columns the shipped standards declare beyond the canonical ones (name -> type, its
    Vietnamese label): a file made for one standard (waste_handled_hygienically, for
    vn-2027-2030) classified under another keeps the column, named as an office reads it."""
    from ..standard.catalog import shipped_summaries

    out: dict[str, tuple[str, str]] = {}
    for summary in shipped_summaries():
        for column, spec in summary.columns.items():
            out.setdefault(column, spec)
    return out


def _declared_boolean(name: str) -> bool:
    """Whether `name` is a yes/no column some shipped standard declares (vn-2027-2030's
    waste_handled_hygienically), kept by a run whose standards do not read it."""
    declared = _shipped_columns().get(name)
    return declared is not None and declared[0] == ColumnType.BOOLEAN.value


def _kept_value(name: str, lang: str) -> pl.Expr:
    """A column no standard of the run reads, kept as read; a yes/no column a shipped standard
    declares says its yes/no words as the parsed yes/no columns do (``true``/``false``, in
    Vietnamese ``Có``/``Không``) where its cell is a yes/no word validation knows (any other
    cell as written: it is not validated here)."""
    import polars as pl

    from .validation import FALSE_WORDS, TRUE_WORDS

    if not _declared_boolean(name):
        return pl.col(name)
    word = pl.col(name).cast(pl.String).str.strip_chars().str.to_lowercase()
    yes, no = pl.lit(yes_no(True, lang)), pl.lit(yes_no(False, lang))
    return (
        pl.when(word.is_in(list(TRUE_WORDS)))
        .then(yes)
        .when(word.is_in(list(FALSE_WORDS)))
        .then(no)
        .otherwise(pl.col(name).cast(pl.String))
    )


def kept_boolean_formats(
    columns: list[str], shown: list[str], standards: list[CompiledStandard], layout: Layout
) -> dict[str, str]:
    """In English, the .xlsx format of the yes/no columns `_kept_value` writes as text
    ``true``/``false``: Excel's TRUE/FALSE, as a parsed yes/no column's cells are (Vietnamese
    writes ``Có``/``Không`` in both)."""
    if layout.lang == VI or layout.keep_input:
        return {}
    used = set(_types(standards))
    return {
        header: NumberFormat.BOOLEAN
        for c, header in zip(columns, shown, strict=True)
        if c not in used and _declared_boolean(c)
    }


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
    cs: CompiledStandard,
    internal: dict[str, str],
    several: bool,
    lang: str,
    free: dict[str, str] | None = None,
) -> list[pl.Expr]:
    """classify's columns for `cs`, named and written for `lang` (`free`: a name the input has
    already -> the one the added column gets instead)."""
    import polars as pl

    suffix = cs.id if several else None
    exprs = {
        "class": _class(internal["class"], lang),
        "deprivation_count": pl.col(internal["deprivation_count"]),
        "deprived": _deprived(internal["deprived"], cs, lang),
        "income_line": pl.col(internal["income_line"]),
    }
    exprs.update({out: pl.col(internal[out]) for out in SCORE_OUTPUTS if out in internal})
    free = free or {}
    names = (added_column(out, lang, suffix) for out in exprs)
    return [expr.alias(free.get(n, n)) for n, expr in zip(names, exprs.values(), strict=True)]


# the word after a taken name, first and from 2 on (`free_added_names`; `report.previous` reads it back)
NEW = {EN: ("new", "new {n}"), VI: ("mới", "mới {n}")}


def free_added_names(
    table: Table, standards: list[CompiledStandard], layout: Layout
) -> dict[str, str]:
    """The columns classify adds whose header the input's output already has (a list
    classified last year, run again: its `Phân loại`) -> a free name for the added one
    (`Phân loại (mới)`, then `(mới 2)`...; `class (new)`): the user's column is kept as it is,
    never dropped or overwritten."""
    headers = input_headers(table)
    inputs = {
        headers.get(c, c)
        if layout.keep_input
        else user_name(shown_header(c, layout.lang, standards, headers))
        for c in table.columns
        if c != ROW
    }
    several = len(standards) > 1
    added = [
        added_column(out, layout.lang, cs.id if several else None)
        for cs in standards
        for out in output_names(cs.id, False, score=cs.writes_score)
    ]
    return free_names(added, inputs, layout.lang)


def free_names(added: list[str], present: Iterable[str], lang: str) -> dict[str, str]:
    """Each of `added` (columns mdpoverty writes itself) whose name a column `present` in the
    same file has, as headers are matched (`columns.header_key`: an input's `PHÂN LOẠI` is
    `Phân loại` read back, `Direction` is `direction`) -> a free name: `class (new)`, then
    `(new 2)`...; `Phân loại (mới)`. The other column keeps its name: never two columns of one
    key, and a user's column never dropped or overwritten."""
    folded = {header_key(c) for c in present}
    taken = folded | {header_key(a) for a in added}
    first, more = NEW.get(lang, NEW[EN])
    free: dict[str, str] = {}
    for name in (a for a in added if header_key(a) in folded):
        n, candidate = 1, f"{name} ({first})"
        while header_key(candidate) in taken:
            n += 1
            candidate = f"{name} ({more.format(n=n)})"
        free[name] = candidate
        taken.add(header_key(candidate))
    return free


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
                key="output.two_columns_named",
                params={"name": name},
            )
        seen.add(name)
    return exprs


def results_columns(
    table: Table,
    standards: list[CompiledStandard],
    layout: Layout,
    free: dict[str, str] | None = None,
    as_read: frozenset[str] = frozenset(),
) -> list[pl.Expr]:
    """The columns of classify's output, from the valid rows (which hold the input's columns
    parsed, the added ones under `output_names`, and the raw cells when `keep_input`); `free`:
    the added ones' free names (`free_added_names`), when the caller has them already.
    `as_read`: columns no standard reads that the run parsed all the same (a sampling weight),
    written as the file has them, from their ``__raw__`` cells."""
    import polars as pl

    types: dict[str, ColumnType] = {}
    for cs in standards:
        types.update({c: cs.column_types[c] for c in cs.required_columns})
    headers = input_headers(table)
    exprs: list[pl.Expr] = []
    hidden = withheld(table, standards)
    for c in table.columns:
        if c == ROW or c in hidden:
            continue
        if layout.keep_input:
            source = RAW + c if c in types or c in as_read else c
            # held like the input's columns until the writer gives them their names back
            exprs.append(pl.col(source).alias(held_name(headers.get(c, c))))
        else:
            header = shown_header(c, layout.lang, standards, headers)
            if c in as_read:
                value = pl.col(RAW + c)
            elif c in types:
                value = _value(c, types[c], layout.lang)
            else:
                value = _kept_value(c, layout.lang)
            exprs.append(value.alias(header))
    several = len(standards) > 1
    free = free_added_names(table, standards, layout) if free is None else free
    for cs in standards:
        names = output_names(cs.id, several, score=cs.writes_score)
        exprs += _added(cs, names, several, layout.lang, free)
    return _unique(exprs, table.source)


SIZE_FLAG_HEADER = {EN: "roster_size_mismatch", VI: "Số dòng thành viên khác số nhân khẩu"}


def size_flag_header(columns: list[pl.Expr], layout: Layout) -> str:
    """The header of classify's column of households whose member rows differ from their
    household_size (`size_flag_column`): `roster_size_mismatch`, or a free name
    (`roster_size_mismatch (new)`) when the output's `columns` have it already."""
    header = SIZE_FLAG_HEADER.get(layout.lang, SIZE_FLAG_HEADER[EN])
    present = [user_name(c.meta.output_name()) for c in columns]
    return free_names([header], present, layout.lang).get(header, header)


def size_flag_column(
    columns: list[pl.Expr], table: Table, layout: Layout, flag: str
) -> list[pl.Expr]:
    """classify's output with --members --size-mismatch warn: one more column, `flag` (the
    number of the household's member rows where it differs from household_size, else empty),
    headed `size_flag_header`."""
    import polars as pl

    shown = pl.col(flag).alias(size_flag_header(columns, layout))
    return _unique([*columns, shown], table.source)


_FORMATS = {
    ColumnType.MONEY: NumberFormat.MONEY,
    ColumnType.DECIMAL: NumberFormat.MONEY,  # m2: whole areas whole, others with 2 places
    ColumnType.INTEGER: NumberFormat.COUNT,
}


# the columns every run reads whatever its standards: a household's id, its area and its units
_ALWAYS_READ = frozenset({"household_id", "area", *OPTIONAL_UNITS})


def withheld(table: Table, standards: list[CompiledStandard]) -> set[str]:
    """The input's columns no output carries: those hidden in its workbook (`Table.hidden`: an
    ID-card number hidden for printing, a group of columns collapsed) that nothing of the run
    reads. A hidden column the run reads (a standard's column, the id, the area, a unit or a
    village, a column --by or --weight names: `Table.named`) is written as any column it reads
    is, so a household in the output can still be told from another."""
    read = _types(standards)
    return {
        c
        for c in table.hidden
        if c not in read
        and c not in _ALWAYS_READ
        and c not in table.named
        and not is_village(c)
        and not is_village(input_headers(table).get(c, c))
    }


def _types(standards: list[CompiledStandard]) -> dict[str, ColumnType]:
    types: dict[str, ColumnType] = {}
    for cs in standards:
        types.update({c: cs.column_types[c] for c in cs.required_columns})
    return types


def _as_written_formats(
    columns: list[str], shown: list[str], standards: list[CompiledStandard]
) -> dict[str, str]:
    """Number formats of cells kept as written (text): by the type of their column."""
    types = _types(standards)
    return {
        header: _FORMATS[types[c]]
        for c, header in zip(columns, shown, strict=True)
        if types.get(c) in _FORMATS
    }


def _with_text_formats(
    table: Table, columns: list[str], shown: list[str], formats: dict[str, str]
) -> dict[str, str]:
    """`formats` with Text for each column whose cells reading as a number were text cells in
    the input workbook (`Table.text_columns`: a code '22' typed as text) and that has no
    format of its own: written as text, as they were. A column the run parses as a number is
    typed, and the writer gives the Text format no hold on it."""
    text = table.text_columns()
    return formats | {
        header: NumberFormat.TEXT
        for c, header in zip(columns, shown, strict=True)
        if c in text and header not in formats
    }


def results_formats(
    table: Table, standards: list[CompiledStandard], layout: Layout
) -> tuple[tuple[str, str], ...]:
    """Number formats in an .xlsx output for the columns whose type their cells do not carry:
    with `keep_input`, the input's cells as written (money, areas, counts); otherwise a kept
    yes/no column's ``true``/``false`` (`kept_boolean_formats`). Parsed columns are typed:
    their formats follow from the type."""
    headers = input_headers(table)
    columns = [c for c in table.columns if c != ROW]
    if not layout.keep_input:
        shown = [shown_header(c, layout.lang, standards, headers) for c in columns]
        formats = kept_boolean_formats(columns, shown, standards, layout)
    else:
        shown = [headers.get(c, c) for c in columns]
        formats = _as_written_formats(columns, shown, standards)
    return tuple(_with_text_formats(table, columns, shown, formats).items())


def rejects_formats(
    table: Table, standards: list[CompiledStandard], layout: Layout
) -> tuple[tuple[str, str], ...]:
    """Number formats of the rejects file in .xlsx: the row number as is, the cells (text as
    read) by their column's type."""
    columns = [c for c in table.columns if c != ROW]
    if layout.keep_input:
        headers = input_headers(table)
        shown = [headers.get(c, c) for c in columns]
    else:
        headers = input_headers(table)
        shown = [shown_header(c, layout.lang, standards, headers) for c in columns]
    formats = _with_text_formats(
        table, columns, shown, _as_written_formats(columns, shown, standards)
    )
    row = _apart(reject_fixed("row", layout.lang), shown)  # as rejects_columns heads it
    return ((row, NumberFormat.GENERAL), *formats.items())


def _apart(name: str, present: Iterable[str]) -> str:
    """`name` (a column mdpoverty writes) with `_` after it until no column `present` has it as
    headers are matched (`columns.header_key`): the rejects file's `row` beside an input's
    `Row` is `row_`."""
    taken = {header_key(user_name(c)) for c in present}
    while header_key(name) in taken:
        name += "_"
    return name


def changes_personal(table: Table, standards: list[CompiledStandard]) -> list[str]:
    """The input's columns that the --changes file, made to be posted, leaves out though it
    keeps the columns no standard reads: a personal identifier or contact (`columns.is_personal`:
    `Số CCCD chủ hộ`, `Số điện thoại`), which a household's id and name are not."""
    from ..columns import is_personal

    used = set(_types(standards))
    headers = input_headers(table)
    return [
        c
        for c in table.columns
        if c != ROW and c not in used and c not in table.hidden and is_personal(headers.get(c, c))
    ]


def changes_kept(table: Table, standards: list[CompiledStandard]) -> list[str]:
    """The input's columns that the --changes file keeps, in the file's order: the household's
    id, units, area and income (per month, or per year as the list gives it), and every column
    the standards do not read (``STT``, ``Ghi chú``, a name)."""
    shown = {"household_id", "province", "district", "commune", "area", INCOME_MONTH, INCOME_YEAR}
    used = set(_types(standards))
    hidden = withheld(table, standards) | set(changes_personal(table, standards))
    return [
        c for c in table.columns if c != ROW and c not in hidden and (c in shown or c not in used)
    ]


DIRECTION = "__direction__"  # compare's move of a household ('direction' in the changes file)
CHANGES_ROW = "__changes_row__"  # the input's row ('row' in the changes file)


def changes_layout(
    names: list[str],
    table: Table,
    base: CompiledStandard,
    alt: CompiledStandard,
    layout: Layout,
) -> tuple[list[pl.Expr], tuple[tuple[str, str], ...]]:
    """The columns of compare's --changes file and their .xlsx number formats, from `names`:
    the row (`CHANGES_ROW`), the kept input columns (`changes_kept`, with their cells as read
    under ``__raw__`` names when `layout.keep_input`), then each standard's results and the
    move (`DIRECTION`), in the English layout.

    The input's columns come as in classify's output: parsed under canonical names (in
    Vietnamese, their documented headers and values), or with `keep_input` as the file has
    them. Each standard's columns carry its id; in Vietnamese the classes, the direction of the
    move and the indicators are written in words.
    """
    import polars as pl

    lang = layout.lang
    kept = set(changes_kept(table, [base, alt]))
    types = _types([base, alt])
    headers = input_headers(table)
    free = changes_free_names(table, base, alt, layout)
    exprs: list[pl.Expr] = []
    formats: dict[str, str] = {}
    for n in names:
        if n.startswith(RAW):
            continue
        if n == CHANGES_ROW:
            header = changes_column("row", lang)
            header = free.get(header, header)
            exprs.append(pl.col(n).alias(header))
            formats[header] = NumberFormat.GENERAL
        elif n in kept and layout.keep_input:
            header = headers.get(n, n)
            # held like the input's columns until the writer gives them their names back
            exprs.append(pl.col(RAW + n if RAW + n in names else n).alias(held_name(header)))
            formats.update(_as_written_formats([n], [header], [base, alt]))
            formats = _with_text_formats(table, [n], [header], formats)
        elif n in kept:
            header = shown_header(n, lang, [base, alt], headers)
            # a column no standard reads that the run parsed (a sampling weight): as written
            as_read = n not in types and RAW + n in names
            if as_read:
                value = pl.col(RAW + n)
            elif n in types:
                value = _value(n, types[n], lang)
            else:  # as classify keeps it: a declared yes/no column's words as the parsed ones
                value = _kept_value(n, lang)
                formats.update(kept_boolean_formats([n], [header], [base, alt], layout))
            formats = _with_text_formats(table, [n], [header], formats)
            exprs.append(value.alias(header))
        else:
            exprs.extend(_result_columns(n, base, alt, lang, free))
    return _unique(exprs, table.source), tuple(formats.items())


def changes_free_names(
    table: Table, base: CompiledStandard, alt: CompiledStandard, layout: Layout
) -> dict[str, str]:
    """The columns compare's --changes file adds (`row`, each standard's `class_<id>`,
    `income_line_<id>`..., `direction`; `Dòng`, `Thay đổi`... in Vietnamese) whose header a
    column it keeps from the input has already, as headers are matched (an input's
    `Direction`, last year's `class_vn-2022-2025`) -> the free name the added one is written
    under (`direction (new)`, `free_names`): the input's column is kept as it is."""
    lang = layout.lang
    headers = input_headers(table)
    present = [
        user_name(
            headers.get(c, c) if layout.keep_input else shown_header(c, lang, [base, alt], headers)
        )
        for c in changes_kept(table, [base, alt])
    ]
    added = [changes_column("row", lang), changes_column("direction", lang)]
    added += [
        added_column(out, lang, cs.id) for cs in (base, alt) for out in output_names(cs.id, True)
    ]
    return free_names(added, present, lang)


def _result_columns(
    n: str, base: CompiledStandard, alt: CompiledStandard, lang: str, free: dict[str, str]
) -> list[pl.Expr]:
    """A result column of the --changes file (a standard's, or the move), named for `lang`,
    under its `free` name if the input has its own (`changes_free_names`)."""
    import polars as pl

    if n == DIRECTION:
        moves = {d: direction_value(d, lang) for d in ("worse", "better", "same status")}
        column = pl.col(n).replace(moves) if lang == VI else pl.col(n)
        header = changes_column("direction", lang)
        return [column.alias(free.get(header, header))]
    for cs in (base, alt):
        for out, internal in output_names(cs.id, True).items():
            if internal != n:
                continue
            if out == "class":
                expr = _class(n, lang)
            elif out == "deprived":
                expr = _deprived(n, cs, lang)
            else:
                expr = pl.col(n)
            header = added_column(out, lang, cs.id)
            return [expr.alias(free.get(header, header))]
    return [pl.col(n)]


def rejects_columns(
    names: list[str],
    table: Table,
    standards: list[CompiledStandard],
    layout: Layout,
    *,
    needed: list[str] | None = None,
    member_headers: dict[str, str] | None = None,
) -> list[pl.Expr]:
    """The rejects file's columns (`names`: row, errors, then the cells as read), with a
    description of each failure for people after ``errors``: the column as the file names it,
    and the reason in the layout's language. ``row`` and ``errors`` stay machine-readable
    (``column:reason;...``), headed `Dòng` and `Mã lỗi` in Vietnamese; the cells are headed as
    in the output (canonical names, the Vietnamese headers, or the file's own with
    `keep_input`)."""
    import polars as pl

    headers = input_headers(table)
    if needed is None:
        # the standards' columns, and any other a view checks (a --by column such as area)
        needed = list(
            dict.fromkeys([*(c for cs in standards for c in cs.required_columns), *table.columns])
        )
    words = {
        f"{user_name(c)}:{r.value}": f"{headers.get(c, c)}: {reason_text(r.value, layout.lang, advice=True)}"
        for c in needed
        for r in Reason
    }
    element = pl.element().replace(words)
    listed = table.mark_list  # 'column:reason@item' from a list of deprivations
    if any(cs.members for cs in standards) or listed is not None:
        # 'column:reason@member row' from the members: a member column as the member file
        # names it, a household column as this file does
        named = dict(member_headers or {})
        named.update({c: headers[c] for c in ("household_id", "household_size") if c in headers})
        if listed is not None:
            targets = table.header_targets()
            for header in (listed.header, listed.count_header):
                if header is not None:
                    named[user_name(targets[header])] = header
        for pattern, replacement in member_reason_patterns(layout.lang, named):
            element = element.str.replace(pattern, replacement)
    # described once per distinct errors value of the batch (a file of millions of rows with
    # one reason, the orphans of a member file, has one), then mapped to its rows
    errors = pl.col(REJECT_ERRORS)
    distinct = errors.unique(maintain_order=True)  # one order for both uses below
    described = distinct.str.split(";").list.eval(element).list.join("; ")
    description = errors.replace_strict(distinct, described, return_dtype=pl.String)
    hidden = withheld(table, standards)
    fixed, cells = names[:2], [c for c in names[2:] if c not in hidden]
    if layout.keep_input:
        shown = [held_name(headers.get(c, c)) for c in cells]
    else:
        shown = [shown_header(c, layout.lang, standards, headers) for c in cells]
    # an input column of that name (as headers are matched: `Row`, `ERRORS`) keeps it
    heads = [_apart(reject_fixed(n, layout.lang), shown) for n in fixed]
    name = _apart(
        REJECT_DESCRIPTION[1] if layout.lang == VI else REJECT_DESCRIPTION[0], [*heads, *shown]
    )
    return _unique(
        [
            *(pl.col(n).alias(h) for n, h in zip(fixed, heads, strict=True)),
            description.alias(name),
            *(pl.col(c).alias(h) for c, h in zip(cells, shown, strict=True)),
        ],
        table.source,
    )


@dataclass
class RejectsJob:
    """Each batch's rejected rows as a `Job` for the rejects file, laid out by `rejects_columns`
    (worked out once, on the first batch). Not written when nothing is rejected: a file of that
    name is left as it was."""

    target: Target
    table: Table
    standards: list[CompiledStandard]
    layout: Layout
    member_headers: dict[str, str] | None = None  # the member file's own headers (--members)
    _columns: list[pl.Expr] = field(default_factory=list)

    def __call__(self, p: Prepared) -> Job:
        import polars as pl

        bad = rejects_frame(p.bad)
        if not self._columns:
            names = [c for c in bad.collect_schema().names() if c != ROW]
            self._columns = [
                *rejects_columns(
                    names,
                    self.table,
                    self.standards,
                    self.layout,
                    member_headers=self.member_headers,
                ),
                pl.col(ROW),  # for the writer's messages; not written
            ]
        return Job(bad.select(self._columns), self.target, required=False)
