"""The shipped standards, found and summarised without validating or compiling them.

Kept free of pydantic and polars so `mdpoverty standards list` and the choice of a default
standard start fast; choosing one then loads only that one in full (`standard.loader.load_standard`).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import StandardNotFound

SUFFIXES = (".yaml", ".yml")


def shipped_dir() -> Path:
    """The standards shipped with mdpoverty: inside the installed package, or the checkout's."""
    inside = Path(__file__).resolve().parents[1] / "thresholds"
    if inside.is_dir():
        return inside
    checkout = Path(__file__).resolve().parents[3] / "thresholds"
    if checkout.is_dir():
        return checkout
    raise StandardNotFound(
        "the shipped standards are missing from this installation", key="standard.shipped_missing"
    )


def shipped_paths() -> list[Path]:
    return sorted(p for p in shipped_dir().iterdir() if p.suffix in SUFFIXES)


def shipped_ids() -> list[str]:
    return [p.stem for p in shipped_paths()]


@dataclass(frozen=True)
class Summary:
    """What a standard file says of itself, read without validating or compiling it."""

    id: str
    level: str
    province: str | None
    valid_from: dt.date
    valid_to: dt.date | None
    provisional: bool
    version: str
    title_en: str
    path: Path
    title_vi: str = ""
    line_status: str | None = None  # the weakest status of the parameters in its income line
    # extra columns the file itself declares: name -> (type, Vietnamese label)
    columns: dict[str, tuple[str, str]] = field(default_factory=dict)
    # member columns the file declares (read from the member file with --members): name -> the
    # same
    member_columns: dict[str, tuple[str, str]] = field(default_factory=dict)

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


# strongest first, as in shared/legal/vietnam-standards.md
_STATUS_ORDER = ("legal", "news", "secondary", "unverified")


def _line_status(data: dict, by_id: dict[str, dict]) -> str | None:
    """The weakest status among the parameters the income line's expression names (following
    `extends` among the shipped files), read from the YAML without validating it."""
    import re

    def own(standard: dict) -> dict:  # an extending file adds parameters under add_parameters
        added = standard.get("add_parameters")
        return {**(standard.get("parameters") or {}), **(added if isinstance(added, dict) else {})}

    expression, params, seen = data.get("income_line"), own(data), set()
    parent = by_id.get(str(data.get("extends")))
    while parent is not None and parent.get("id") not in seen:
        seen.add(parent.get("id"))
        expression = expression or parent.get("income_line")
        params = {**own(parent), **params}
        parent = by_id.get(str(parent.get("extends")))
    found = [
        params[name].get("status")
        for name in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", str(expression or ""))
        if isinstance(params.get(name), dict)
    ]
    known = [s for s in found if s in _STATUS_ORDER]
    return max(known, key=_STATUS_ORDER.index) if known else None


def shipped_summaries() -> list[Summary]:
    """The shipped standards' identities, cheaply: choosing one loads only that one in full."""
    return list(_summaries())


@functools.cache
def _summaries() -> tuple[Summary, ...]:
    # read once per process: a file naming thousands of provinces looks each one up
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out = []
    files = [
        (path, yaml.load(path.read_text(encoding="utf-8"), Loader=loader))
        for path in shipped_paths()
    ]
    by_id = {str(data.get("id")): data for _, data in files if isinstance(data, dict)}
    for path, data in files:
        j = data.get("jurisdiction") or {}
        out.append(
            Summary(
                id=str(data.get("id")),
                level=str(j.get("level")),
                province=j.get("province"),
                valid_from=data.get("valid_from"),
                valid_to=data.get("valid_to"),
                provisional=bool(data.get("provisional", False)),
                version=str(data.get("version")),
                title_en=str((data.get("title") or {}).get("en", "")),
                title_vi=str((data.get("title") or {}).get("vi", "")),
                path=path,
                line_status=_line_status(data, by_id),
                columns={
                    str(name): (str(spec.get("type")), str((spec.get("label") or {}).get("vi", "")))
                    for name, spec in (data.get("columns") or {}).items()
                    if isinstance(spec, dict)
                },
                member_columns={
                    str(name): (str(spec.get("type")), str((spec.get("label") or {}).get("vi", "")))
                    for name, spec in (data.get("member_columns") or {}).items()
                    if isinstance(spec, dict)
                },
            )
        )
    return tuple(out)
