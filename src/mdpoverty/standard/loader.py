"""Finding, loading, merging (`extends`) and checking standard files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import StandardError, StandardNotFound
from .catalog import SUFFIXES, shipped_dir, shipped_ids, shipped_paths, shipped_summaries
from .model import Standard, StandardOverlay, Status
from .yaml_strict import LoadedYaml, load_yaml_file


@dataclass(frozen=True)
class LoadedStandard:
    """A validated standard with where it came from (the file chain, child first)."""

    model: Standard
    files: tuple[str, ...]
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def file(self) -> str:
        return self.files[0]

    def line_of(self, path: str) -> int | None:
        probe = LoadedYaml(data=None, file=self.file, lines=self.lines)
        return probe.line_of(path)


def _format_validation(exc: ValidationError, loaded: LoadedYaml) -> StandardError:
    details = []
    first_line = None
    for err in exc.errors():
        path = ""
        for part in err["loc"]:
            path = (
                f"{path}[{part}]"
                if isinstance(part, int)
                else (f"{path}.{part}" if path else str(part))
            )
        line = loaded.line_of(path)
        first_line = first_line or line
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = "unknown key"
        elif err["type"] == "missing":
            message = "required key is missing"
        details.append(f"line {line}: {path}: {message}" if line else f"{path}: {message}")
    return StandardError(
        f"not a valid standard file ({len(details)} problem{'s' * (len(details) > 1)})",
        file=loaded.file,
        details=details,
    )


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    merged = dict(child)
    for key in ("columns", "dimensions", "income_line", "classes"):
        if child.get(key) is None:
            merged[key] = parent[key]
    params = dict(parent["parameters"])
    params.update(child.get("parameters") or {})
    merged["parameters"] = params
    indicators = {ind["id"]: ind for ind in parent["indicators"]}
    inherited_status = child.get("inherited_indicators_status")
    if inherited_status is not None:
        weaker = list(Status)  # strongest first
        for ind_id, ind in indicators.items():
            if weaker.index(Status(inherited_status)) > weaker.index(Status(ind["status"])):
                indicators[ind_id] = {**ind, "status": inherited_status}
    for ind in child.get("indicators") or []:
        indicators[ind["id"]] = ind
    for gone in child.get("remove_indicators") or []:
        if gone not in indicators:
            raise KeyError(gone)
        del indicators[gone]
    merged["indicators"] = list(indicators.values())
    refs = {ref["id"]: ref for ref in parent["references"]}
    refs.update({ref["id"]: ref for ref in child["references"]})
    merged["references"] = list(refs.values())
    merged.pop("remove_indicators", None)
    merged.pop("inherited_indicators_status", None)
    return merged


def _resolve_path(ref: str, near: Path | None) -> Path:
    candidate = Path(ref)
    if candidate.suffix in SUFFIXES or candidate.exists():
        if candidate.is_file():
            return candidate
        raise StandardNotFound(f"standard file '{ref}' not found")
    for folder in ([near] if near else []) + [shipped_dir()]:
        for suffix in SUFFIXES:
            path = folder / f"{ref}{suffix}"
            if path.is_file():
                return path
    known = ", ".join(s for s in shipped_ids())
    raise StandardNotFound(f"no standard with id '{ref}' (shipped: {known})")


def load_standard(ref: str | Path, *, _chain: tuple[str, ...] = ()) -> LoadedStandard:
    """Load a standard by id (shipped, or next to the extending file) or by path.

    Checks the file's structure and references; its expressions are compiled by the engine
    (`engine.classifier.load_checked` loads and compiles in one step).
    """
    path = _resolve_path(str(ref), Path(_chain[0]).parent if _chain else None)
    return _load_path(path.resolve(), _chain)


@cache
def _load_path(path: Path, chain: tuple[str, ...] = ()) -> LoadedStandard:
    if str(path) in chain:
        raise StandardError("'extends' forms a cycle", file=str(path), yaml_path="extends")
    display = _display(path)
    loaded = load_yaml_file(path, display)
    if not isinstance(loaded.data, dict):
        raise StandardError("a standard file is a YAML mapping", file=display)
    data = loaded.data
    if data.get("extends") is None:
        try:
            model = Standard.model_validate(data)
        except ValidationError as exc:
            raise _format_validation(exc, loaded) from None
        standard = LoadedStandard(model, (display,), loaded.lines)
    else:
        try:
            StandardOverlay.model_validate(data)
        except ValidationError as exc:
            raise _format_validation(exc, loaded) from None
        parent = load_standard(data["extends"], _chain=(str(path), *chain))
        try:
            merged = _merge(parent.model.model_dump(by_alias=True, exclude_none=False), data)
        except KeyError as exc:
            raise StandardError(
                f"remove_indicators names '{exc.args[0]}', which '{parent.id}' does not have",
                file=display,
                yaml_path="remove_indicators",
                line=loaded.line_of("remove_indicators"),
            ) from None
        try:
            model = Standard.model_validate(merged)
        except ValidationError as exc:
            raise _format_validation(exc, loaded) from None
        standard = LoadedStandard(model, (display, *parent.files), loaded.lines)
    _check_references(standard)
    return standard


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _check_references(standard: LoadedStandard) -> None:
    model = standard.model
    known = {ref.id for ref in model.references}
    dims = {d.id for d in model.dimensions}

    def fail(message: str, path: str) -> StandardError:
        return StandardError(
            message, file=standard.file, yaml_path=path, line=standard.line_of(path)
        )

    for name, param in model.parameters.items():
        for ref in param.reference:
            if ref not in known:
                raise fail(f"unknown reference '{ref}'", f"parameters.{name}.reference")
        if param.values is not None:
            from ..columns import AREAS

            missing = [a for a in AREAS if a not in param.values]
            extra = [a for a in param.values if a not in AREAS]
            if missing or extra:
                raise fail(
                    f"values by area must give exactly {', '.join(AREAS)}"
                    + (f"; missing {', '.join(missing)}" if missing else "")
                    + (f"; unknown {', '.join(extra)}" if extra else ""),
                    f"parameters.{name}.values",
                )
    seen: set[str] = set()
    for i, ind in enumerate(model.indicators):
        if ind.id in seen:
            raise fail(f"indicator '{ind.id}' is defined twice", f"indicators[{i}].id")
        seen.add(ind.id)
        if ind.dimension not in dims:
            raise fail(f"unknown dimension '{ind.dimension}'", f"indicators[{i}].dimension")
        for ref in ind.reference:
            if ref not in known:
                raise fail(f"unknown reference '{ref}'", f"indicators[{i}].reference")
    for i, rule in enumerate(model.classes):
        if rule.otherwise and i != len(model.classes) - 1:
            raise fail("'otherwise' must be the last class rule", f"classes[{i}]")
    if not model.classes[-1].otherwise:
        raise fail(
            "the last class rule must be 'otherwise: true', so every household gets a class",
            f"classes[{len(model.classes) - 1}]",
        )
    if model.valid_to is not None and model.valid_to < model.valid_from:
        raise fail("valid_to is before valid_from", "valid_to")


def shipped_standards() -> list[LoadedStandard]:
    return [load_standard(p) for p in shipped_paths()]


def in_force(standard: Standard, on: dt.date) -> bool:
    return standard.valid_from <= on and (standard.valid_to is None or on <= standard.valid_to)


def national_in_force(on: dt.date) -> LoadedStandard:
    """The national standard in force on `on`; provisional ones only when nothing else is."""
    found = [s for s in shipped_summaries() if s.level == "national" and s.in_force(on)]
    settled = [s for s in found if not s.provisional]
    choice = settled or found
    if len(choice) != 1:
        names = ", ".join(s.id for s in choice) or "none"
        raise StandardNotFound(
            f"expected one national standard in force on {on.isoformat()}, found {names}; "
            "name one with --standard"
        )
    return load_standard(choice[0].path)


def provincial_for(province: str, on: dt.date) -> LoadedStandard | None:
    """The shipped provincial standard for `province` in force on `on`, if there is one; a
    provisional one only when no settled one is in force.

    Names match in any case, with or without accents and a leading 'Tỉnh', 'Thành phố' or 'TP.'.
    """
    from ..text import province_key

    key = province_key(province)
    found = [
        s
        for s in shipped_summaries()
        if s.level == "provincial"
        and s.province
        and province_key(s.province) == key
        and s.in_force(on)
    ]
    choice = [s for s in found if not s.provisional] or found
    return load_standard(choice[0].path) if choice else None
