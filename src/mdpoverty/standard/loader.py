"""Finding, loading, merging (`extends`) and checking standard files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import StandardError, StandardNotFound
from . import weights
from .catalog import SUFFIXES, shipped_dir, shipped_ids, shipped_paths, shipped_summaries
from .model import Standard, StandardOverlay, Status
from .yaml_strict import LoadedYaml, clip, load_yaml_file


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


# problems listed for one file; the rest are counted
_MAX_DETAILS = 20


def _format_validation(exc: ValidationError, loaded: LoadedYaml) -> StandardError:
    details = []
    errors = exc.errors(include_url=False, include_input=False)
    for err in errors[:_MAX_DETAILS]:
        path = ""
        for part in err["loc"]:
            path = (
                f"{path}[{part}]"
                if isinstance(part, int)
                else (f"{path}.{part}" if path else str(part))
            )
        line = loaded.line_of(path)
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = "unknown key"
        elif err["type"] == "missing":
            message = "required key is missing"
        path = clip(path, 120)
        details.append(f"line {line}: {path}: {message}" if line else f"{path}: {message}")
    if len(errors) > _MAX_DETAILS:
        details.append(f"... and {len(errors) - _MAX_DETAILS:,} more")
    return StandardError(
        f"not a valid standard file ({len(errors):,} problem{'s' * (len(errors) > 1)})",
        file=loaded.file,
        details=details,
    )


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    merged = dict(child)
    for key in ("columns", "dimensions", "income_line", "classes", "k"):
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


# Limit (README, "Limits"): a province extends the nation, a draft may extend a province; a
# longer chain is a mistake, and each link is one more file to read and check.
MAX_EXTENDS_CHAIN = 8


def is_path(ref: str | Path) -> bool:
    """A reference is a file path when it ends in .yaml/.yml or holds a folder separator; any
    other text is a standard id (`vn-2022-2025`)."""
    if isinstance(ref, Path):
        return True
    return ref.lower().endswith(SUFFIXES) or "/" in ref or "\\" in ref


def _kind(path: Path) -> str | None:
    """'file', 'folder', or None for nothing there or a name the system cannot even look up
    (too long, a NUL byte): never an OSError."""
    try:
        if path.is_file():
            return "file"
        return "folder" if path.is_dir() else None
    except (OSError, ValueError):
        return None


def _resolve_path(ref: str | Path, near: Path | None, where: dict[str, Any]) -> Path:
    """The file `ref` names. A relative path in `extends` is read from the folder of the file
    that says it (`near`), never from the working directory; an id is looked up next to that
    file first, then among the shipped standards."""
    if is_path(ref):
        candidate = Path(ref)
        if near is not None and not candidate.is_absolute():
            candidate = near / candidate
        kind = _kind(candidate)
        if kind == "file":
            return candidate
        looked = f" (looked for {clip(str(candidate), 200)})" if near is not None else ""
        what = "is a folder, not a standard file" if kind == "folder" else "not found"
        raise StandardNotFound(f"standard file '{clip(str(ref))}' {what}{looked}", **where)
    for folder in ([near] if near else []) + [shipped_dir()]:
        for suffix in SUFFIXES:
            path = folder / f"{ref}{suffix}"
            if _kind(path) == "file":
                return path
    known = ", ".join(s for s in shipped_ids())
    hint = ""
    if _kind((near or Path.cwd()) / ref) == "file":
        hint = f"; to use the file '{clip(ref)}', write its path as ./{clip(ref)}"
    raise StandardNotFound(f"no standard with id '{clip(ref)}' (shipped: {known}){hint}", **where)


def load_standard(ref: str | Path) -> LoadedStandard:
    """Load a standard by id (shipped) or by path (`is_path`).

    Checks the file's structure and references; its expressions are compiled by the engine
    (`engine.classifier.load_checked` loads and compiles in one step).
    """
    return _load_path(_resolve_path(ref, None, {}).resolve())


@cache
def _load_path(path: Path) -> LoadedStandard:
    # The chain of files is walked in a loop (child first), so a long or circular chain of
    # `extends` is refused with the file that makes it so, never a RecursionError.
    chain: list[tuple[Path, LoadedYaml]] = []
    seen = {path}
    current = path
    while True:
        loaded = _read(current)
        chain.append((current, loaded))
        parent_ref = loaded.data.get("extends")
        if parent_ref is None:
            break
        _validate(StandardOverlay, loaded.data, loaded)  # `extends` is text from here on
        where = {
            "file": loaded.file,
            "yaml_path": "extends",
            "line": loaded.line_of("extends"),
        }
        if len(chain) >= MAX_EXTENDS_CHAIN:
            raise StandardError(
                f"the 'extends' chain from {chain[0][1].file} is longer than "
                f"{MAX_EXTENDS_CHAIN} standards, the limit",
                **where,
            )
        parent = _resolve_path(parent_ref, current.parent, where).resolve()
        if parent in seen:
            names = " -> ".join(_display(p) for p, _ in chain) + f" -> {_display(parent)}"
            raise StandardError(f"'extends' forms a cycle: {names}", **where)
        seen.add(parent)
        current = parent
    if len(chain) > 1:
        # the parent's chain is this one less a link: one call deeper, MAX_EXTENDS_CHAIN at most
        return _extend(_load_path(chain[1][0]), chain[0][1])
    loaded = chain[0][1]
    standard = LoadedStandard(
        _validate(Standard, loaded.data, loaded), (loaded.file,), loaded.lines
    )
    _check_references(standard)
    return standard


def _read(path: Path) -> LoadedYaml:
    loaded = load_yaml_file(path, _display(path))
    if not isinstance(loaded.data, dict):
        raise StandardError("a standard file is a YAML mapping", file=loaded.file)
    return loaded


def _validate(model: type[Standard] | type[StandardOverlay], data: Any, loaded: LoadedYaml) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _format_validation(exc, loaded) from None


def _extend(parent: LoadedStandard, loaded: LoadedYaml) -> LoadedStandard:
    data = loaded.data
    try:
        merged = _merge(parent.model.model_dump(by_alias=True, exclude_none=False), data)
    except KeyError as exc:
        raise StandardError(
            f"remove_indicators names '{clip(exc.args[0])}', which '{parent.id}' does not have",
            file=loaded.file,
            yaml_path="remove_indicators",
            line=loaded.line_of("remove_indicators"),
        ) from None
    model = _validate(Standard, merged, loaded)
    standard = LoadedStandard(model, (loaded.file, *parent.files), loaded.lines)
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
    if model.classes and not model.classes[-1].otherwise:
        raise fail(
            "the last class rule must be 'otherwise: true', so every household gets a class",
            f"classes[{len(model.classes) - 1}]",
        )
    if model.valid_to is not None and model.valid_to < model.valid_from:
        raise fail("valid_to is before valid_from", "valid_to")
    try:
        weights.check(model)
    except weights.WeightError as exc:
        raise fail(exc.message, exc.path) from None


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
