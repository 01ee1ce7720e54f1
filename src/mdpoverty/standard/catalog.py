"""The shipped standards, found and summarised without validating or compiling them.

Kept free of pydantic and polars so `mdpoverty standards list` and the choice of a default
standard start fast; choosing one then loads only that one in full (`standard.loader.load_standard`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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
    raise StandardNotFound("the shipped standards are missing from this installation")


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

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


def shipped_summaries() -> list[Summary]:
    """The shipped standards' identities, cheaply: choosing one loads only that one in full."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out = []
    for path in shipped_paths():
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
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
                path=path,
            )
        )
    return out
