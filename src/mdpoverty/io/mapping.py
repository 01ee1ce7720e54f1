"""The `--columns` mapping file: the input's own headers -> canonical columns, and options.

A flat YAML mapping, as it has always been, with one reserved key::

    # header in your file: canonical column
    Mã HGĐ: household_id
    Thu nhập BQ: income_per_capita_month
    Có nước sạch: safe_water
    blank_means_false: [safe_water, sanitary_latrine]   # a blank cell there means "no"

Headers are matched like the canonical ones: NFC, case, accents and runs of spaces or line
breaks ignored. Every value must name a canonical column or a standard's extra column: a typo
is refused with the mapping file's line, never blamed on the data. `blank_means_false` lists
yes/no columns in which an empty cell means no (lists that mark yes with ``x`` and leave no
blank); it is never assumed for a column that is not listed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from ..columns import BY_NAME, ColumnType
from ..errors import InputError
from ..text import fold, nfc

BLANK_MEANS_FALSE = "blank_means_false"
OPTIONS = (BLANK_MEANS_FALSE,)
_FORMAT = (
    "a columns mapping is a YAML mapping of 'header in the file: canonical_column' "
    f"(and optionally '{BLANK_MEANS_FALSE}: [column, ...]')"
)


@dataclass
class ColumnMapping:
    """A loaded `--columns` file: headers (folded) -> target column, each with its line."""

    file: str
    targets: dict[str, str] = field(default_factory=dict)  # fold(header) -> column
    written: dict[str, str] = field(default_factory=dict)  # fold(header) -> as in the file
    lines: dict[str, int] = field(default_factory=dict)  # fold(header) -> line
    blank_means_false: dict[str, int] = field(default_factory=dict)  # column -> line

    def target(self, header: str) -> str | None:
        return self.targets.get(fold(header))

    def where(self, key: str) -> str:
        """'file:line' of a header's entry."""
        line = self.lines.get(key)
        return f"{self.file}:{line}" if line else self.file

    def check(self, known: dict[str, ColumnType]) -> None:
        """Refuse a target that is no known column, and a `blank_means_false` column that is
        not a yes/no column; the error names the mapping file and line."""
        for key, target in self.targets.items():
            if target not in known:
                raise InputError(
                    f"'{target}' (for the header '{self.written[key]}') is not a column "
                    "mdpoverty knows" + _did_you_mean(target, list(known)),
                    file=self.file,
                    line=self.lines.get(key),
                    details=["map headers to canonical columns (`mdpoverty template` lists them)"],
                )
        for column, line in self.blank_means_false.items():
            if column not in known:
                raise InputError(
                    f"{BLANK_MEANS_FALSE}: '{column}' is not a column mdpoverty knows"
                    + _did_you_mean(
                        column, [c for c, t in known.items() if t is ColumnType.BOOLEAN]
                    ),
                    file=self.file,
                    line=line,
                )
            if known[column] is not ColumnType.BOOLEAN:
                raise InputError(
                    f"{BLANK_MEANS_FALSE}: '{column}' is not a yes/no column "
                    f"(it holds {known[column].value} values)",
                    file=self.file,
                    line=line,
                )


def _did_you_mean(name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=2, cutoff=0.6)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""


def load_mapping(path: Path) -> ColumnMapping:
    """Read a `--columns` file strictly: duplicate headers (after folding), values that are
    not column names and unknown options are refused, each with the file and line."""
    from ..standard.yaml_strict import load_yaml_file

    try:
        loaded = load_yaml_file(path)
    except Exception as exc:  # StandardError from the YAML loader: same message, input family
        raise InputError(str(exc)) from None
    data = loaded.data
    source = str(path)
    if not isinstance(data, dict):
        raise InputError(_FORMAT, file=source)
    mapping = ColumnMapping(source)
    for key, value in data.items():
        line = loaded.lines.get(key)
        if key == BLANK_MEANS_FALSE:
            columns = [value] if isinstance(value, str) else value
            if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
                raise InputError(
                    f"{BLANK_MEANS_FALSE} is a list of yes/no columns, e.g. "
                    f"'{BLANK_MEANS_FALSE}: [safe_water, sanitary_latrine]'",
                    file=source,
                    line=line,
                )
            for i, column in enumerate(columns):
                mapping.blank_means_false.setdefault(
                    column.strip(), loaded.line_of(f"{key}[{i}]") or line or 0
                )
            continue
        near_option = difflib.get_close_matches(str(key), list(OPTIONS), n=1, cutoff=0.8)
        if not isinstance(value, str) or near_option:
            raise InputError(
                f"'{key}' is not a known option{_did_you_mean(str(key), list(OPTIONS))}: "
                f"a header maps to one column name, and the only option is {BLANK_MEANS_FALSE}",
                file=source,
                line=line,
            )
        folded = fold(nfc(key))
        if folded in mapping.targets:
            first = mapping.lines.get(folded)
            raise InputError(
                f"the header '{key}' is mapped twice (also at line {first}; headers are "
                "compared ignoring case, accents and spaces)",
                file=source,
                line=line,
            )
        mapping.targets[folded] = value.strip()
        mapping.written[folded] = nfc(key).strip()
        if line:
            mapping.lines[folded] = line
    return mapping


def known_columns(extra: dict[str, ColumnType] | None = None) -> dict[str, ColumnType]:
    """Canonical columns and the standards' extra columns, with their types."""
    return {**{c.name: c.type for c in BY_NAME.values()}, **(extra or {})}
