"""The `--columns` mapping file: the input's own headers -> canonical columns, and options.

A flat YAML mapping, as it has always been, with one reserved key::

    # header in your file: canonical column
    Mã HGĐ: household_id
    Thu nhập BQ: income_per_capita_month
    Có nước sạch: safe_water
    Cột 14: deprived:health_insurance   # an x here: deprived in health_insurance
    blank_means_false: [safe_water, sanitary_latrine]   # a blank cell there means "no"

Headers are matched like the canonical ones: NFC, case, accents and runs of spaces or line
breaks ignored. Every value must name a canonical column or a standard's extra column: a typo
is refused with the mapping file's line, never blamed on the data. `blank_means_false` lists
yes/no columns in which an empty cell means no (lists that mark yes with ``x`` and leave no
blank); it is never assumed for a column that is not listed. ``deprived:<indicator id>`` names
the column of a list's deprivation marks for that indicator (`io.marks`); ``deprived_list`` a
column listing the deprivations by name, ``Việc làm; BHYT`` (`io.mark_list`).

One file serves runs with and without ``--members``: a line whose column is a member column
(``Tuổi: age``) applies to the member file only, any other line to the household file only,
and the household id's line to both (`ColumnMapping.for_file`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from pathlib import Path

from ..columns import BY_NAME, LIST_TARGET, MARK_TARGET, MEMBER_BY_NAME, ColumnType
from ..errors import InputError
from ..text import fold, nfc, shorten

ID = "household_id"  # the column both files of a run have
BLANK_MEANS_FALSE = "blank_means_false"
OPTIONS = (BLANK_MEANS_FALSE,)
_FORMAT = (
    "a columns mapping is a YAML mapping of 'header in the file: canonical_column' "
    f"(and optionally '{BLANK_MEANS_FALSE}: [column, ...]')"
)


class ColumnMapping(dict[str, str]):
    """A loaded `--columns` file: the header as written (NFC, stripped) -> its column, as a
    dict, plus where each entry is (`lines`) and the `blank_means_false` option.

    Headers are looked up folded (`target`): case, accents, spaces and line breaks ignored.
    """

    def __init__(self, file: str) -> None:
        super().__init__()
        self.file = file
        self.targets: dict[str, str] = {}  # fold(header) -> column
        self.written: dict[str, str] = {}  # fold(header) -> header as in the mapping file
        self.lines: dict[str, int] = {}  # fold(header) -> line
        self.blank_means_false: dict[str, int] = {}  # column -> line
        self.whole: ColumnMapping = self  # the file as loaded, when this is one file's part

    def target(self, header: str) -> str | None:
        return self.targets.get(fold(header))

    def for_file(self, member_columns: Collection[str], *, member_file: bool) -> ColumnMapping:
        """The lines that apply to one file of a run: a line whose column is a member column
        (`member_columns`) to the member file only, any other line to the household file only,
        the household id's to both; `blank_means_false` likewise. The lines left out stay in
        `whole`, which every part shares."""

        def wanted(column: str) -> bool:
            if column == ID:
                return True
            return (column in member_columns) == member_file

        part = ColumnMapping(self.file)
        part.whole = self.whole
        for key, target in self.targets.items():
            if wanted(target):
                part[self.written[key]] = target
                part.targets[key] = target
                part.written[key] = self.written[key]
                if key in self.lines:
                    part.lines[key] = self.lines[key]
        part.blank_means_false = {
            column: line for column, line in self.blank_means_false.items() if wanted(column)
        }
        return part

    def where(self, key: str) -> str:
        """'file:line' of a header's entry (`key`: the folded header)."""
        line = self.lines.get(key)
        return f"{self.file}:{line}" if line else self.file

    def check(self, known: dict[str, ColumnType]) -> None:
        """Refuse a target that is no known column, and a `blank_means_false` column that is
        not a yes/no column; the error names the mapping file and line."""

        for key, target in self.targets.items():
            if re.fullmatch(re.escape(MARK_TARGET) + r"[a-z][a-z0-9_]*", target):
                continue  # an indicator's deprivation marks: its id is checked with the standards
            if target == LIST_TARGET:
                continue  # the deprivations listed by name in one column (`io.mark_list`)
            if target not in known:
                close = difflib.get_close_matches(target, list(known), n=1, cutoff=0.6)
                raise InputError(
                    f"'{shorten(target)}' is no column"
                    + (
                        f": did you mean '{close[0]}'?"
                        if close
                        else " mdpoverty knows: a header maps to a canonical column "
                        "(`mdpoverty template` lists them) or to a standard's extra column"
                    ),
                    file=self.file,
                    line=self.lines.get(key),
                    yaml_path=shorten(self.written[key]),
                    key="mapping.no_such_column",
                    params={"target": shorten(target), "close": close[0] if close else ""},
                )
        for i, (column, line) in enumerate(self.blank_means_false.items()):
            where = {"file": self.file, "line": line, "yaml_path": f"{BLANK_MEANS_FALSE}[{i}]"}
            if column not in known:
                yes_no = [c for c, t in known.items() if t is ColumnType.BOOLEAN]
                close = difflib.get_close_matches(column, yes_no, n=1, cutoff=0.6)
                raise InputError(
                    f"'{shorten(column)}' is no column"
                    + (f": did you mean '{close[0]}'?" if close else " mdpoverty knows"),
                    **where,
                    key="mapping.no_such_yes_no_column",
                    params={"column": shorten(column), "close": close[0] if close else ""},
                )
            if known[column] is not ColumnType.BOOLEAN:
                raise InputError(
                    f"'{column}' is not a yes/no column (it holds {known[column].value} values)",
                    **where,
                    key="mapping.not_yes_no",
                    params={"column": column, "type": known[column].value},
                )


def load_mapping(path: Path) -> ColumnMapping:
    """Read a `--columns` file strictly: a value that is not a column name (a list, nothing, a
    close typo of a canonical column), the same header twice (after folding) and a misspelt
    option are refused, each naming the mapping file, its line and the key."""
    from ..errors import MdpovertyError
    from ..standard.yaml_strict import load_yaml_file

    if str(path) == "-":  # '-' is standard input for a table, which the mapping would share
        raise InputError(
            "a mapping file cannot be read from standard input: give the path of the YAML file",
            file="--columns -",
            key="mapping.stdin",
        )
    try:
        loaded = load_yaml_file(path)
    except MdpovertyError as exc:  # the YAML loader's StandardError: same place, input family
        where = {"line": exc.line, "yaml_path": exc.yaml_path, "details": exc.details}
        raise InputError(
            exc.message, file=exc.file or str(path), **where, key=exc.key, params=exc.params
        ) from None
    data = loaded.data
    source = str(path)
    if not isinstance(data, dict):
        raise InputError(_FORMAT, file=source, key="mapping.format")
    mapping = ColumnMapping(source)
    for key, value in data.items():
        where = {"file": source, "line": loaded.lines.get(key), "yaml_path": shorten(key)}
        if key == BLANK_MEANS_FALSE:
            columns = [value] if isinstance(value, str) else value
            if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
                raise InputError(
                    f"a list of yes/no columns, e.g. '{BLANK_MEANS_FALSE}: "
                    "[safe_water, sanitary_latrine]'",
                    **where,
                    key="mapping.blank_means_false_list",
                )
            for i, column in enumerate(columns):
                line = loaded.line_of(f"{key}[{i}]") or where["line"] or 0
                mapping.blank_means_false.setdefault(column.strip(), line)
            continue
        option = difflib.get_close_matches(str(key), list(OPTIONS), n=1, cutoff=0.8)
        hint = f"; did you mean the option '{option[0]}'?" if option else ""
        if not isinstance(value, str) or not value.strip():
            raise InputError(
                f"a header maps to one column name (text){hint}",
                **where,
                key="mapping.not_one_name",
                params={"option": option[0] if option else ""},
            )
        if option:
            raise InputError(
                f"'{shorten(key)}' is not an option{hint}",
                **where,
                key="mapping.misspelt_option",
                params={"key": shorten(key), "option": option[0]},
            )
        value = value.strip()
        close = difflib.get_close_matches(value, list(BY_NAME), n=1, cutoff=0.8)
        if value not in BY_NAME and value not in MEMBER_BY_NAME and close:
            raise InputError(
                f"'{shorten(value)}' is no column: did you mean '{close[0]}'?",
                **where,
                key="mapping.close_column",
                params={"value": shorten(value), "close": close[0]},
            )
        header = nfc(key).strip()
        folded = fold(header)
        if folded in mapping.targets:
            raise InputError(
                f"the header '{shorten(header)}' is mapped twice (also at line "
                f"{mapping.lines.get(folded)}; headers are compared ignoring case, accents and "
                "spaces)",
                **where,
                key="mapping.header_twice",
                params={"header": shorten(header), "line": mapping.lines.get(folded)},
            )
        mapping[header] = value
        mapping.targets[folded] = value
        mapping.written[folded] = header
        if where["line"]:
            mapping.lines[folded] = where["line"]
    return mapping


def known_columns(extra: dict[str, ColumnType] | None = None) -> dict[str, ColumnType]:
    """Canonical columns and the standards' extra columns, with their types."""
    return {**{c.name: c.type for c in BY_NAME.values()}, **(extra or {})}
