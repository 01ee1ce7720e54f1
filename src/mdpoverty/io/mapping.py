"""The `--columns` mapping file: the input's own headers -> canonical columns, and options.

A flat YAML mapping, as it has always been, with one reserved key::

    # header in your file: canonical column
    Mã HGĐ: household_id
    Thu nhập BQ: income_per_capita_month
    Có nước sạch: safe_water
    Cột 14: deprived:health_insurance   # an x here: deprived in health_insurance
    blank_means_false: [safe_water, sanitary_latrine]   # a blank cell there means "no"
    values:                                   # a survey's coded answers
      area: {1: urban, 2: rural}
      class: {HN: poor, HCN: near_poor}       # report --previous: the previous list's labels

Headers are matched like the canonical ones: NFC, case, accents and runs of spaces or line
breaks ignored. Every value must name a canonical column or a standard's extra column: a typo
is refused with the mapping file's line, never blamed on the data. `blank_means_false` lists
yes/no columns in which an empty cell means no (lists that mark yes with ``x`` and leave no
blank); it is never assumed for a column that is not listed. ``deprived:<indicator id>`` names
the column of a list's deprivation marks for that indicator (`io.marks`); ``deprived_list`` a
column listing the deprivations by name, ``Việc làm; BHYT`` (`io.mark_list`). ``values`` gives,
per column, the codes a survey writes and the value each stands for (`ValueCodes`); a key
``values`` whose value is text is a header line, as it was before the option.

One file serves runs with and without ``--members``: a line whose column is a member column
(``Tuổi: age``) applies to the member file only, any other line to the household file only,
and the household id's line to both (`ColumnMapping.for_file`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from ..columns import (
    BY_NAME,
    INCOME_PERIOD,
    LIST_TARGET,
    MARK_TARGET,
    MEMBER_BY_NAME,
    ColumnType,
    income_misread,
)
from ..errors import InputError
from ..text import fold, nfc, shorten

if TYPE_CHECKING:
    from ..standard.yaml_strict import LoadedYaml

ID = "household_id"  # the column both files of a run have
# `values: {class: {HN: poor}}`: the labels of the previous list's class column (report
# --previous), each a class id; no household column is named so
PREVIOUS_CLASS = "class"
BLANK_MEANS_FALSE = "blank_means_false"
VALUES = "values"
OPTIONS = (BLANK_MEANS_FALSE, VALUES)
# codes of one column, and in the whole file: a code book, never a table of data
MAX_CODES = 1_000
_FORMAT = (
    "a columns mapping is a YAML mapping of 'header in the file: canonical_column' "
    f"(and optionally '{BLANK_MEANS_FALSE}: [column, ...]')"
)


@dataclass
class ValueCodes:
    """The `values` option: per column, each code as written (NFC, stripped) -> the value it
    stands for, as text; where each is in the mapping file (`where`)."""

    file: str
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    lines: dict[tuple[str, str], int] = field(default_factory=dict)  # (column, code) -> line
    # codes whose value YAML read as true/false (`yes`, `no`): only a yes/no column takes them
    booleans: set[tuple[str, str]] = field(default_factory=set)
    checked: set[str] = field(default_factory=set)  # columns whose values were checked (run)

    def where(self, column: str, code: str | None = None) -> dict[str, object]:
        """The file, line and YAML path of a column's codes (or of one code)."""
        path = f"{VALUES}.{shorten(column)}" + (f".{shorten(code)}" if code is not None else "")
        line = self.lines.get((column, code if code is not None else ""))
        return {"file": self.file, "line": line, "yaml_path": path}

    def part(self, wanted: Callable[[str], bool]) -> ValueCodes:
        out = ValueCodes(self.file, lines=self.lines, booleans=self.booleans)
        out.codes = {c: codes for c, codes in self.codes.items() if wanted(c)}
        return out


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
        self.values = ValueCodes(file)  # the survey's codes, per column
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
        part.values = self.values.part(wanted)
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
            misread = income_misread(target, self.written[key])
            if misread is not None:
                raise _income_misread(
                    misread, target, self.written[key], self.file, self.lines.get(key)
                )
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
        self._check_codes(known)
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

    def _check_codes(self, known: dict[str, ColumnType]) -> None:
        """Refuse codes for a column that is no known column, or for the household id; a
        value YAML read as true/false (`yes`) outside a yes/no column. Whether each value is
        one its column can hold is checked by the run, which parses cells (`run.validation`)."""
        from ..standard.model import CLASS_ORDER

        values = self.values
        for column, codes in values.codes.items():
            if column == PREVIOUS_CLASS and column not in known:
                for code, value in codes.items():
                    if value not in CLASS_ORDER:
                        raise InputError(
                            f"'{shorten(value)}' is no class: a label of the previous list's"
                            f" class column stands for one of {', '.join(CLASS_ORDER)}",
                            **values.where(column, code),  # type: ignore[arg-type]
                            key="mapping.class_code_value",
                            params={"value": shorten(value), "classes": ", ".join(CLASS_ORDER)},
                        )
                continue
            if column not in known or column == ID:
                close = difflib.get_close_matches(column, [c for c in known if c != ID], n=1)
                raise InputError(
                    f"'{shorten(column)}' is no column mdpoverty reads"
                    + (f": did you mean '{close[0]}'?" if close else "")
                    + " (codes are given per canonical column, or a standard's extra column,"
                    " never for household_id; 'class' for the previous list's class labels)",
                    **values.where(column),  # type: ignore[arg-type]
                    key="mapping.codes_no_such_column",
                    params={"column": shorten(column), "close": close[0] if close else ""},
                )
            if known[column] is ColumnType.BOOLEAN:
                continue
            for code in codes:
                if (column, code) in values.booleans:
                    raise InputError(
                        f"YAML reads this value as true/false, and '{column}' is not a yes/no"
                        " column: put the word in quotes, e.g. '1: \"yes\"'",
                        **values.where(column, code),  # type: ignore[arg-type]
                        key="mapping.code_yaml_boolean",
                        params={"column": column},
                    )


def _income_misread(
    misread: str, target: str, header: str, file: str, line: int | None
) -> InputError:
    """The error of a line giving an income column a header that says another period
    (`misread`: the period it says) or a household's income ('household')."""
    shown = shorten(header)
    if misread == "household":
        return InputError(
            f"'{shown}' says a household's income, and {target} is an income per person: "
            "give it a column of income per person (the household's income divided by its "
            "members)",
            file=file,
            line=line,
            yaml_path=shown,
            key="mapping.household_income",
            params={"header": shown, "target": target},
        )
    # the column of the period the header says ('.../năm': income_per_capita_year)
    instead = next(c for c, p in INCOME_PERIOD.items() if p == misread)
    return InputError(
        f"'{shown}' says an income per {misread}, and {target} is an income per "
        f"{INCOME_PERIOD[target]}: mdpoverty does not read one as the other; map it to "
        f"{instead} ('{shown}': {instead}), which mdpoverty reads exactly",
        file=file,
        line=line,
        yaml_path=shown,
        key="mapping.income_period",
        params={"header": shown, "target": target, "said": misread, "instead": instead},
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
                if column.strip() in mapping.blank_means_false:
                    first = mapping.blank_means_false[column.strip()]
                    raise InputError(
                        f"'{shorten(column)}' is given twice in {BLANK_MEANS_FALSE} (first at line"
                        f" {first}): give each column once",
                        file=source,
                        line=line,
                        yaml_path=f"{key}[{i}]",
                        key="mapping.name_twice_in_list",
                        params={"name": shorten(column), "first": first},
                    )
                mapping.blank_means_false[column.strip()] = line
            continue
        if key == VALUES and isinstance(value, dict):
            _load_codes(mapping.values, value, loaded, where)
            continue
        # a header 'Value' or 'values' mapped to a column is a header line, as before the option
        options = list(OPTIONS) if not isinstance(value, str) else [BLANK_MEANS_FALSE]
        option = difflib.get_close_matches(str(key), options, n=1, cutoff=0.8)
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


_CODES_FORMAT = (
    f"'{VALUES}' gives, per column, each code and the value it stands for, in lines such as "
    f"'{VALUES}:', '  area:', '    1: urban', '    2: rural'"
)


# a code written as a whole number with a decimal part of zeros, as YAML writes a float (`1.0:`)
_WHOLE_FLOAT = re.compile(r"([+-]?[0-9]+)\.0+", re.ASCII)


def code_forms(code: str) -> tuple[str, ...]:
    """The cell texts a code matches: itself, and for a code written as a whole float (``1.0``)
    the whole number too (``1``), as a number cell 1.0 of a workbook or Parquet file is read
    (`run.validation` compares a typed float cell without its ``.0``)."""
    whole = _WHOLE_FLOAT.fullmatch(code)
    return (code, whole[1]) if whole else (code,)


def _code_text(value: object) -> str | None:
    """A code's value as text: YAML reads `urban` as text, `1` as a number and `yes` as true;
    None for a value that is no single value (a list, a mapping, nothing)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, str):
        return nfc(value).strip() or None
    return None


def _load_codes(out: ValueCodes, data: dict, loaded: LoadedYaml, where: dict) -> None:
    """Read the `values` option into `out`: per column, code -> value, both as text."""
    if not data:
        raise InputError(_CODES_FORMAT, **where, key="mapping.values_format")
    for column, codes in data.items():
        name = nfc(column).strip()
        path = f"{VALUES}.{column}"
        line = loaded.line_of(path)
        place = {"file": out.file, "line": line, "yaml_path": shorten(path)}
        if not isinstance(codes, dict) or not codes:
            raise InputError(_CODES_FORMAT, **place, key="mapping.values_format")
        if name in out.codes:
            raise InputError(
                f"the column '{shorten(name)}' has its codes twice",
                **place,
                key="mapping.codes_twice",
                params={"column": shorten(name)},
            )
        if len(codes) > MAX_CODES:
            raise InputError(
                f"more than {MAX_CODES:,} codes for one column, the limit of a mapping file",
                **place,
                key="mapping.too_many_codes",
                params={"limit": MAX_CODES},
            )
        book: dict[str, str] = {}
        forms: set[str] = set()  # every cell text the codes so far match (`code_forms`)
        out.lines[(name, "")] = line or 0
        for code, value in codes.items():
            key = nfc(code).strip()
            code_path = f"{path}.{code}"
            at = {**place, "line": loaded.line_of(code_path), "yaml_path": shorten(code_path)}
            text = _code_text(value)
            if not key:
                raise InputError(
                    "a blank cell is no code (for a yes/no column in which a blank cell means"
                    f" no, list it in '{BLANK_MEANS_FALSE}')",
                    **at,
                    key="mapping.blank_code",
                )
            if text is None:
                raise InputError(
                    "a code stands for one value (a word or a number), e.g. '1: urban'",
                    **at,
                    key="mapping.code_value",
                )
            twice = next((f for f in code_forms(key) if f in forms), None)
            if twice is not None:
                raise InputError(
                    f"the code '{shorten(twice)}' is given twice (codes are compared as cells are:"
                    " spaces around them ignored, 1.0 is 1)",
                    **at,
                    key="mapping.code_twice",
                    params={"code": shorten(twice)},
                )
            forms.update(code_forms(key))
            book[key] = text
            out.lines[(name, key)] = at["line"] or 0
            if isinstance(value, bool):
                out.booleans.add((name, key))
        out.codes[name] = book


def known_columns(extra: dict[str, ColumnType] | None = None) -> dict[str, ColumnType]:
    """Canonical columns and the standards' extra columns, with their types."""
    return {**{c.name: c.type for c in BY_NAME.values()}, **(extra or {})}
