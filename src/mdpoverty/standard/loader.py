"""Finding, loading, merging (`extends`) and checking standard files."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import files
from ..columns import expression_name, reserved
from ..errors import Said, StandardError, StandardNotFound
from ..text import quoted, unaccented
from . import weights
from .catalog import SUFFIXES, shipped_dir, shipped_ids, shipped_paths, shipped_summaries
from .model import Standard, StandardOverlay, Status, names_in
from .problems import as_error
from .wording import close_to, did_you_mean, one_of
from .yaml_strict import MAX_YAML_BYTES, LoadedYaml, clip, load_yaml_file

# Where each part of a standard that extends another was written, by the YAML path (prefix) of
# the merged standard: the parent it was inherited from (None: the extending file itself) and its
# path in that file. An error in an inherited indicator names the parent's file, line and index.
Origins = dict[str, tuple["LoadedStandard | None", str]]

# the parts an extending file replaces whole when it gives them
REPLACED_WHOLE = ("columns", "member_columns", "dimensions", "income_line", "classes", "k")


@dataclass(frozen=True)
class LoadedStandard:
    """A validated standard with where it came from (the file chain, child first)."""

    model: Standard
    files: tuple[str, ...]
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    origins: Origins = field(default_factory=dict, compare=False, repr=False)

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def file(self) -> str:
        return self.files[0]

    def line_of(self, path: str) -> int | None:
        """The line of `path` in this standard's own file (see `where` for inherited parts)."""
        probe = LoadedYaml(data=None, file=self.file, lines=self.lines)
        return probe.line_of(path)

    def where(self, path: str) -> dict[str, Any]:
        """`file`, `yaml_path` and `line` for an error at `path` of the model: an inherited
        part is named in the file it was written in, at its own path there."""
        file, there, line, _ = self.place(path)
        return {"file": file, "yaml_path": clip(there, 120), "line": line}

    def written_in(self, path: str) -> LoadedStandard:
        """The standard of the chain whose own file writes the part at `path` of the model:
        this one, or the parent (grandparent...) it is inherited from unchanged."""
        for prefix in _prefixes(path):
            if prefix in self.origins:
                source, start = self.origins[prefix]
                return self if source is None else source.written_in(start + path[len(prefix) :])
        return self

    def place(self, path: str) -> tuple[str, str, int | None, str | None]:
        """(file, path there, line, note): the note says so when the part is inherited."""
        return _place(self.file, self.lines, self.origins, path)


def _place(
    file: str, lines: dict[str, int], origins: Origins, path: str
) -> tuple[str, str, int | None, str | None]:
    source, there = None, path
    for prefix in _prefixes(path):
        if prefix in origins:
            source, start = origins[prefix]
            there = start + path[len(prefix) :]
            break
    if source is None:
        return file, there, LoadedYaml(data=None, file=file, lines=lines).line_of(there), None
    parent_file, parent_path, line, _ = source.place(there)
    # what an inherited part may no longer find: the parent's columns and dimensions
    replaced = [k for k in ("columns", "member_columns", "dimensions") if k not in origins]
    note = Said(
        f"{file} inherits this from {parent_file}"
        + (
            f"; {file} gives its own {one_of(replaced)}, in place of the parent's"
            if replaced
            else ""
        ),
        "standard.inherited_note",
        file=file,
        parent=parent_file,
        replaced=replaced,
    )
    return parent_file, parent_path, line, note


def _prefixes(path: str) -> list[str]:
    """'indicators[3].status' -> the path itself, 'indicators[3]', 'indicators' (longest first)."""
    out = [path]
    while True:
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            return out
        path = path[:cut]
        out.append(path)


def _merge(parent: LoadedStandard, loaded: LoadedYaml) -> tuple[dict[str, Any], Origins]:
    """The extending file `loaded` applied to `parent`, and where each part came from.

    `parameters` and `indicators` change the parent's (an unknown name is an error with a
    did-you-mean: a typo must not add a 13th indicator); `add_parameters` and `add_indicators`
    add new ones (a name the parent has is an error); `remove_indicators` drops inherited ones.
    """
    child = loaded.data
    base = parent.model.model_dump(by_alias=True, exclude_none=False)
    origins: Origins = {}

    def fail(message: str, path: str, *, key: str, params: dict[str, Any]) -> StandardError:
        return StandardError(
            message,
            file=loaded.file,
            yaml_path=clip(path, 120),
            line=loaded.line_of(path),
            key=key,
            params=params,
        )

    merged = dict(child)
    for key in REPLACED_WHOLE:
        if child.get(key) is None:
            merged[key] = base[key]
            origins[key] = (parent, key)

    params = dict(base["parameters"])
    for name in params:
        origins[f"parameters.{name}"] = (parent, f"parameters.{name}")
    for name, value in (child.get("parameters") or {}).items():
        path = f"parameters.{name}"
        if name not in base["parameters"]:
            raise fail(
                f"'{clip(name)}' is not a parameter of {parent.id}"
                f"{did_you_mean(name, base['parameters'])}: 'parameters' here changes the "
                "parent's parameters; a new parameter goes under 'add_parameters'",
                path,
                key="standard.not_a_parent_parameter",
                params={
                    "name": clip(name),
                    "parent": parent.id,
                    "close": _close(name, base["parameters"]),
                },
            )
        params[name] = value
        origins[path] = (None, path)
    for name, value in (child.get("add_parameters") or {}).items():
        path = f"add_parameters.{name}"
        if name in base["parameters"]:
            raise fail(
                f"'{clip(name)}' is a parameter of {parent.id} already: to change it, give it "
                "under 'parameters'",
                path,
                key="standard.parent_parameter_added",
                params={"name": clip(name), "parent": parent.id},
            )
        params[name] = value
        origins[f"parameters.{name}"] = (None, path)
    # A parent's status speaks of the parent's sources (Decree 07's wording is legal for the
    # national standard, not for a province that takes its number over): an inherited parameter
    # is unverified for this standard unless the file says how sure its adoption is.
    given_cap = child.get("inherited_parameters_status")
    cap = Status(given_cap or Status.UNVERIFIED)
    weaker = list(Status)  # strongest first
    for name in base["parameters"]:
        if name in (child.get("parameters") or {}):
            continue
        param = params[name]
        if weaker.index(cap) > weaker.index(Status(param["status"])):
            params[name] = {**param, "status": cap.value}
            if given_cap is not None:
                origins[f"parameters.{name}.status"] = (None, "inherited_parameters_status")
    merged["parameters"] = params

    # id -> [indicator, its origin, the origin of its status when the child set it]
    items: dict[str, list[Any]] = {
        ind["id"]: [ind, (parent, f"indicators[{k}]"), None]
        for k, ind in enumerate(base["indicators"])
    }
    inherited_status = child.get("inherited_indicators_status")
    if inherited_status is not None:
        for item in items.values():
            ind = item[0]
            if weaker.index(Status(inherited_status)) > weaker.index(Status(ind["status"])):
                item[0] = {**ind, "status": inherited_status}
                item[2] = (None, "inherited_indicators_status")
    parent_ids = list(items)
    removed = child.get("remove_indicators") or []
    for j, gone in enumerate(removed):
        if gone in removed[:j]:
            raise fail(
                f"'{clip(gone)}' is given twice in this list (first as item "
                f"{removed.index(gone) + 1}): give each name once",
                f"remove_indicators[{j}]",
                key="standard.name_twice_in_list",
                params={"name": clip(gone), "first": removed.index(gone) + 1},
            )
        if gone not in items:
            raise fail(
                f"remove_indicators names '{clip(gone)}', which {parent.id} does not have"
                + did_you_mean(gone, parent_ids),
                f"remove_indicators[{j}]",
                key="standard.remove_unknown_indicator",
                params={"id": clip(gone), "parent": parent.id, "close": _close(gone, parent_ids)},
            )
    given: dict[str, str] = {}
    for key in ("indicators", "add_indicators"):
        for j, ind in enumerate(child.get(key) or []):
            ind_id, path = ind["id"], f"{key}[{j}]"
            if ind_id in given:
                raise fail(
                    f"indicator '{clip(ind_id)}' is given twice (first at {given[ind_id]})",
                    f"{path}.id",
                    key="standard.indicator_given_twice",
                    params={"id": clip(ind_id), "first": given[ind_id]},
                )
            given[ind_id] = path
            if key == "indicators" and ind_id not in items:
                raise fail(
                    f"'{clip(ind_id)}' is not an indicator of {parent.id}"
                    f"{did_you_mean(ind_id, parent_ids)}: 'indicators' here changes the parent's "
                    "indicators; a new indicator goes under 'add_indicators'",
                    f"{path}.id",
                    key="standard.not_a_parent_indicator",
                    params={
                        "id": clip(ind_id),
                        "parent": parent.id,
                        "close": _close(ind_id, parent_ids),
                    },
                )
            if key == "add_indicators" and ind_id in parent_ids:
                raise fail(
                    f"'{clip(ind_id)}' is an indicator of {parent.id} already: to change it, "
                    "give it under 'indicators'",
                    f"{path}.id",
                    key="standard.parent_indicator_added",
                    params={"id": clip(ind_id), "parent": parent.id},
                )
            if ind_id in removed:
                raise fail(
                    f"indicator '{clip(ind_id)}' is changed here and also removed by "
                    "remove_indicators",
                    f"{path}.id",
                    key="standard.indicator_changed_and_removed",
                    params={"id": clip(ind_id)},
                )
            items[ind_id] = [ind, (None, path), None]
    for gone in removed:
        del items[gone]
    merged["indicators"] = []
    for i, (ind, origin, status_origin) in enumerate(items.values()):
        merged["indicators"].append(ind)
        origins[f"indicators[{i}]"] = origin
        if status_origin is not None:
            origins[f"indicators[{i}].status"] = status_origin

    # the standard's own references first: its legal basis (a province's resolution) heads the
    # list, and a report's title rows cite it, before the base's (the decree it extends)
    refs = {
        ref["id"]: (ref, (None, f"references[{j}]")) for j, ref in enumerate(child["references"])
    }
    for k, ref in enumerate(base["references"]):
        refs.setdefault(ref["id"], (ref, (parent, f"references[{k}]")))
    merged["references"] = []
    for i, (ref, origin) in enumerate(refs.values()):
        merged["references"].append(ref)
        origins[f"references[{i}]"] = origin
    # An inherited parameter that none of this standard's expressions names is not part of it
    # (Quảng Ninh replaces the classes and has no average band: the parent's band is not its
    # own), so no view shows the parent's number as this standard's.
    used = names_in(
        [merged.get("income_line")]
        + [
            ind.get(key)
            for ind in merged["indicators"]
            for key in ("deprived_when", "from_members")
        ]
        + [rule.get("when") for rule in merged.get("classes") or [] if isinstance(rule, dict)]
    )
    for name in list(params):
        if origins[f"parameters.{name}"][0] is not None and name not in used:
            del params[name]
            origins.pop(f"parameters.{name}", None)
            origins.pop(f"parameters.{name}.status", None)
    for key in (
        "remove_indicators",
        "inherited_indicators_status",
        "inherited_parameters_status",
        "add_indicators",
        "add_parameters",
    ):
        merged.pop(key, None)
    return merged, origins


# Limit (README, "Limits"): a province extends the nation, a draft may extend a province; a
# longer chain is a mistake, and each link is one more file to read and check.
MAX_EXTENDS_CHAIN = 8


def _close(word: str, choices: Any) -> str:
    """The choice spelled like `word` ('' when none is), as a did-you-mean names it."""
    found = close_to(str(word), choices)
    return found[0] if found else ""


def is_path(ref: str | Path) -> bool:
    """A reference is a file path when it ends in .yaml/.yml, holds a folder separator or is
    `.` or `..` (no id is); any other text is a standard id (`vn-2022-2025`)."""
    if isinstance(ref, Path):
        return True
    return ref.lower().endswith(SUFFIXES) or "/" in ref or "\\" in ref or ref in (".", "..")


def _kind(path: Path) -> str | None:
    """What `path` names (`files.kind`): 'file', 'folder', a device, a named pipe..., or None
    for nothing there or a name the system cannot even look up (too long, a NUL byte)."""
    return files.kind(path)


def _resolve_path(ref: str | Path, near: Path | None, where: dict[str, Any]) -> Path:
    """The file `ref` names. A relative path in `extends` is read from the folder of the file
    that says it (`near`), never from the working directory; an id is looked up next to that
    file first, then among the shipped standards."""
    if is_path(ref):
        candidate = Path(ref)
        if near is not None and not candidate.is_absolute():
            candidate = near / candidate
        kind = _kind(candidate)
        # as written: Path reads 'parent.yaml/' as 'parent.yaml', a path the system refuses
        spelled = str(ref) if near is None else os.path.join(str(near), str(ref))
        if isinstance(ref, str) and files.file_before(spelled) is not None:
            kind = files.PAST_FILE
        if kind == "file":
            return candidate
        looked = f" (looked for {clip(str(candidate), 200)})" if near is not None else ""
        what = f"is {files.WHAT[kind]}, not a standard file" if kind else "not found"
        raise StandardNotFound(
            f"standard file '{clip(str(ref))}' {what}{looked}",
            **where,
            key="standard.file_not_found",
            params={
                "ref": clip(str(ref)),
                "kind": kind or "",
                "looked": clip(str(candidate), 200) if near is not None else "",
            },
        )
    for folder in ([near] if near else []) + [shipped_dir()]:
        for suffix in SUFFIXES:
            path = folder / f"{ref}{suffix}"
            if _kind(path) == "file":
                return path
    known = ", ".join(s for s in shipped_ids())
    hint = ""
    if _kind((near or Path.cwd()) / ref) == "file":
        hint = f"; to use the file '{clip(ref)}', write its path as ./{clip(ref)}"
    raise StandardNotFound(
        f"no standard with id '{clip(ref)}' (shipped: {known}){hint}",
        **where,
        key="standard.no_such_id",
        params={"id": clip(ref), "known": known, "hint": bool(hint)},
    )


def load_standard(ref: str | Path) -> LoadedStandard:
    """Load a standard by id (shipped) or by path (`is_path`).

    Checks the file's structure and references; its expressions are compiled by the engine
    (`engine.classifier.load_checked` loads and compiles in one step).
    """
    return _load_path(_resolve_path(ref, None, {}).resolve())


def files_read(ref: str | Path | None) -> list[Path]:
    """Every file that loading the standard `ref` reads, resolved: its own and each file its
    `extends` chain names (None: the shipped standards, among which a run without a standard
    named chooses), so that no output is written over one. A chain that cannot be followed ends
    where it breaks: loading the standard says why."""
    if ref is None:
        return list(dict.fromkeys(p for s in shipped_paths() for p in files_read(s)))
    out: list[Path] = []
    try:
        path = _resolve_path(ref, None, {}).resolve()
        while path not in out and len(out) < MAX_EXTENDS_CHAIN:
            out.append(path)
            data = load_yaml_file(path).data
            parent = data.get("extends") if isinstance(data, dict) else None
            if not isinstance(parent, str):
                break
            path = _resolve_path(parent, path.parent, {}).resolve()
    except (StandardError, StandardNotFound):
        pass
    return out


# Standards loaded in this process, by resolved path: the digests of the chain's files (child
# first) as they were read, and the standard. A file rewritten since (by an editor, a test, a
# tool generating standards) is read again: kept by content, not by modification time, which a
# quick rewrite of the same size can leave unchanged.
_LOADED: dict[Path, tuple[tuple[tuple[Path, bytes | None], ...], LoadedStandard]] = {}
_LOADED_MAX = 64  # standards kept at most (a run loads a few; a long process may load many)


def _digest(path: Path) -> bytes | None:
    """A digest of the file's bytes as the loader reads them (None: it cannot be read)."""
    try:
        with files.open_to_read(path) as fh:
            return hashlib.blake2b(fh.read(MAX_YAML_BYTES + 1), digest_size=16).digest()
    except OSError:
        return None


def _load_path(path: Path) -> LoadedStandard:
    held = _LOADED.get(path)
    if held is not None and all(_digest(p) == d for p, d in held[0]):
        return held[1]
    digests: list[tuple[Path, bytes | None]] = []
    standard = _load_fresh(path, digests)
    _LOADED.pop(path, None)
    while len(_LOADED) >= _LOADED_MAX:
        del _LOADED[next(iter(_LOADED))]
    _LOADED[path] = (tuple(digests), standard)
    return standard


def _load_fresh(path: Path, digests: list[tuple[Path, bytes | None]]) -> LoadedStandard:
    """The standard at `path`, read now; `digests` gets each file of its chain's digest, taken
    before it is read (a file changed while it is read is read again next time)."""
    # The chain of files is walked in a loop (child first), so a long or circular chain of
    # `extends` is refused with the file that makes it so, never a RecursionError.
    chain: list[tuple[Path, LoadedYaml]] = []
    seen = {path}
    current = path
    while True:
        digests.append((current, _digest(current)))
        try:
            loaded = _read(current)
        except StandardError as exc:
            if chain:  # a parent: say which file's `extends` named it
                child = chain[-1][1]
                line = child.line_of("extends")
                exc.details = [
                    *exc.details,
                    Said(
                        f"this file is the one 'extends' names at {child.file}:{line}",
                        "standard.extended_by",
                        file=child.file,
                        line=line,
                    ),
                ]
            raise
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
                key="standard.extends_too_long",
                params={"file": chain[0][1].file, "limit": MAX_EXTENDS_CHAIN},
            )
        parent = _resolve_path(parent_ref, current.parent, where).resolve()
        if parent in seen:
            names = " -> ".join(_display(p) for p, _ in chain) + f" -> {_display(parent)}"
            raise StandardError(
                f"'extends' forms a cycle: {names}",
                **where,
                key="standard.extends_cycle",
                params={"files": names},
            )
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
        raise StandardError(
            "a standard file is a YAML mapping", file=loaded.file, key="standard.not_a_mapping"
        )
    return loaded


def _validate(model: type[Standard] | type[StandardOverlay], data: Any, loaded: LoadedYaml) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise as_error(
            exc, model, loaded.file, lambda path: _place(loaded.file, loaded.lines, {}, path)
        ) from None


def _extend(parent: LoadedStandard, loaded: LoadedYaml) -> LoadedStandard:
    merged, origins = _merge(parent, loaded)
    try:
        model = Standard.model_validate(merged)
    except ValidationError as exc:
        raise as_error(
            exc,
            Standard,
            loaded.file,
            lambda path: _place(loaded.file, loaded.lines, origins, path),
        ) from None
    standard = LoadedStandard(model, (loaded.file, *parent.files), loaded.lines, origins)
    _check_references(standard)
    return standard


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# what a standard names that its expressions read: (part, the noun in English, in Vietnamese)
_NAMED = (
    ("columns", "column", "cột"),
    ("member_columns", "member column", "cột thành viên"),
    ("parameters", "parameter", "tham số"),
)


def _name_like(name: str) -> str | None:
    """A name an expression can read made from `name` (its accents dropped, any other
    character an '_'), None when that is no such name or a reserved one."""
    like = re.sub(r"[^A-Za-z0-9_]", "_", unaccented(name))
    like = re.sub(r"__+", "_", like).strip("_")
    if like[:1].isdigit():
        like = "c_" + like
    return like if expression_name(like) and reserved(like) is None else None


def _check_references(standard: LoadedStandard) -> None:
    model = standard.model
    known = {ref.id for ref in model.references}
    dims = {d.id for d in model.dimensions}

    def fail(message: str, path: str, *, key: str, params: dict[str, Any]) -> StandardError:
        file, there, line, note = standard.place(path)
        return StandardError(
            message,
            file=file,
            yaml_path=clip(there, 120),
            line=line,
            details=[note] if note else None,
            key=key,
            params=params,
        )

    def check_unique(names: list[str] | None, path: str) -> None:
        first: dict[str, int] = {}
        for k, name in enumerate(names or []):
            if name in first:
                raise fail(
                    f"'{clip(name)}' is given twice in this list (first as item {first[name] + 1}):"
                    " give each name once",
                    f"{path}[{k}]",
                    key="standard.name_twice_in_list",
                    params={"name": clip(name), "first": first[name] + 1},
                )
            first[name] = k

    def check_refs(refs: list[str] | None, path: str) -> None:
        check_unique(refs, path)
        for k, ref in enumerate(refs or []):
            if ref not in known:
                raise fail(
                    f"unknown reference '{clip(ref)}'{did_you_mean(ref, known)}: a reference "
                    "is the id of an entry under 'references'",
                    f"{path}[{k}]",
                    key="standard.unknown_reference",
                    params={"id": clip(ref), "close": _close(ref, known)},
                )

    for part, noun, noun_vi in _NAMED:
        for name in getattr(model, part):
            if not expression_name(name):
                like = _name_like(name)
                raise fail(
                    f"no expression can name the {noun} '{clip(name)}': a name is ASCII letters, "
                    "digits and '_', not starting with a digit, and none of and, or, not, true, "
                    f"false{f'; such as {quoted(like)}' if like else ''}",
                    f"{part}.{name}",
                    key="standard.column_not_a_name",
                    params={"name": clip(name), "what_vi": noun_vi, "like": like or ""},
                )
    for part in ("columns", "member_columns"):
        for name in getattr(model, part):
            what = reserved(name)
            if what is not None:
                raise fail(
                    f"the column name '{clip(name)}' is {what}: an input column so named would "
                    "be taken for it; give the column another name",
                    f"{part}.{name}",
                    key="standard.reserved_column",
                    params={"name": clip(name), "what": what},
                )
    for name, param in model.parameters.items():
        check_refs(param.reference, f"parameters.{name}.reference")
        if param.values is not None:
            from ..columns import AREAS

            missing = [a for a in AREAS if a not in param.values]
            extra = [a for a in param.values if a not in AREAS]
            if extra:
                raise fail(
                    f"unknown area '{clip(extra[0])}'{did_you_mean(extra[0], AREAS)}: values by "
                    f"area give exactly {one_of(AREAS)}",
                    f"parameters.{name}.values.{extra[0]}",
                    key="standard.unknown_area",
                    params={"area": clip(extra[0]), "close": _close(extra[0], AREAS)},
                )
            if missing:
                raise fail(
                    f"values by area must give exactly {', '.join(AREAS)}; "
                    f"missing {', '.join(missing)}",
                    f"parameters.{name}.values",
                    key="standard.area_missing",
                    params={"areas": ", ".join(AREAS), "missing": ", ".join(missing)},
                )
    seen: set[str] = set()
    for i, ind in enumerate(model.indicators):
        check_unique(ind.mark_headers, f"indicators[{i}].mark_headers")
        if ind.id in seen:
            raise fail(
                f"indicator '{ind.id}' is defined twice",
                f"indicators[{i}].id",
                key="standard.indicator_twice",
                params={"id": ind.id},
            )
        seen.add(ind.id)
        if ind.dimension not in dims:
            raise fail(
                f"unknown dimension '{clip(ind.dimension)}'{did_you_mean(ind.dimension, dims)}: "
                f"the dimensions are {one_of(sorted(dims))}",
                f"indicators[{i}].dimension",
                key="standard.unknown_dimension",
                params={
                    "id": clip(ind.dimension),
                    "close": _close(ind.dimension, dims),
                    "dimensions": sorted(dims),
                },
            )
        check_refs(ind.reference, f"indicators[{i}].reference")
    for i, rule in enumerate(model.classes):
        check_refs(rule.reference, f"classes[{i}].reference")
    for i, rule in enumerate(model.classes):
        if rule.otherwise and i != len(model.classes) - 1:
            raise fail(
                "'otherwise' must be the last class rule",
                f"classes[{i}]",
                key="standard.otherwise_not_last",
                params={},
            )
    if model.classes and not model.classes[-1].otherwise:
        raise fail(
            "the last class rule must be 'otherwise: true', so every household gets a class",
            f"classes[{len(model.classes) - 1}]",
            key="standard.last_rule_not_otherwise",
            params={},
        )
    if model.valid_to is not None and model.valid_to < model.valid_from:
        raise fail(
            "valid_to is before valid_from", "valid_to", key="standard.valid_to_before", params={}
        )
    try:
        weights.check(model)
    except weights.WeightError as exc:
        raise fail(exc.message, exc.path, key=exc.key, params=exc.params) from None
    _check_mark_names(standard)


def header_names(model: Standard) -> list[tuple[str, str, int, str, str]]:
    """Every name a column of an indicator's deprivation marks may be headed by, as
    (fold(name), name, indicator index, YAML path, what it is): the ids (and
    ``deprived_<id>``) and labels of every indicator, then their mark_headers."""
    from ..columns import MARK_PREFIX
    from ..text import fold

    out = []
    for i, ind in enumerate(model.indicators):
        out.append((fold(ind.id), ind.id, i, f"indicators[{i}].id", "id"))
        name = MARK_PREFIX + ind.id
        out.append((fold(name), name, i, f"indicators[{i}].id", "id"))
        for lang in ("vi", "en"):
            text = getattr(ind.label, lang)
            out.append((fold(text), text, i, f"indicators[{i}].label.{lang}", "label"))
    for i, ind in enumerate(model.indicators):
        for k, text in enumerate(ind.mark_headers or []):
            out.append((fold(text), text, i, f"indicators[{i}].mark_headers[{k}]", "mark header"))
    return out


def _control(ch: str) -> bool:
    """A control or format character (an escape sequence's ESC, NUL, a zero-width space, a
    right-to-left override); a tab or a line break, which matching reads as a space, is not."""
    import unicodedata

    return ch not in "\t\n\r" and unicodedata.category(ch) in ("Cc", "Cf")


def _check_mark_names(standard: LoadedStandard) -> None:
    """Refuse a name that would make a list's column of marks ambiguous: a blank mark header,
    one over `MAX_HEADER_CHARS` or holding a control character, one naming a column (canonical or the standard's own), and one name given to two
    indicators (a label, id or mark header of each)."""
    from ..columns import BY_NAME, MAX_HEADER_CHARS
    from ..text import fold, one_line, visible

    model = standard.model

    def where(path: str) -> dict[str, Any]:
        file, there, line, note = standard.place(path)
        return {
            "file": file,
            "yaml_path": clip(there, 120),
            "line": line,
            "details": [note] if note else None,
        }

    columns = {fold(c): c for c in (*BY_NAME, *model.columns)}
    owner: dict[str, tuple[int, str]] = {}
    for key, text, i, path, what in header_names(model):
        shown = clip(visible(one_line(text[: MAX_HEADER_CHARS + 1])))
        ind = model.indicators[i].id
        if what == "mark header" and not key:
            raise StandardError(
                f"a mark header of {ind} is blank: give the header as a list has it, or remove it",
                **where(path),
                key="standard.mark_header_blank",
                params={"id": ind},
            )
        if what == "mark header" and len(text) > MAX_HEADER_CHARS:
            raise StandardError(
                f"the mark header '{shown}' of {ind} is {len(text):,} characters long, more "
                f"than the {MAX_HEADER_CHARS:,} mdpoverty reads in a header: give the header "
                "as a list has it",
                **where(path),
                key="standard.mark_header_too_long",
                params={"id": ind, "name": shown, "length": len(text), "limit": MAX_HEADER_CHARS},
            )
        hidden = next((ch for ch in text if _control(ch)), None)
        if what == "mark header" and hidden is not None:
            raise StandardError(
                f"the mark header '{shown}' of {ind} holds the control character "
                f"{visible(hidden)}, which no header in a list holds: remove it",
                **where(path),
                key="standard.mark_header_control",
                params={"id": ind, "name": shown, "char": visible(hidden)},
            )
        if what == "mark header" and key in columns:
            raise StandardError(
                f"the mark header '{shown}' of {ind} names the column {columns[key]}: a "
                "column of deprivation marks is never headed by a column's name",
                **where(path),
                key="standard.mark_header_column",
                params={"id": ind, "name": shown, "column": columns[key]},
            )
        first = owner.setdefault(key, (i, what))
        if first[0] != i:
            other = model.indicators[first[0]].id
            raise StandardError(
                f"'{shown}' names two indicators, {other} (its {first[1]}) and {ind} (its "
                f"{what}): a column of deprivation marks headed so would be read for either; "
                "give each indicator names of its own",
                **where(path),
                key="standard.mark_name_twice",
                params={
                    "name": shown,
                    "first": other,
                    "first_what": first[1],
                    "second": ind,
                    "what": what,
                },
            )


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
            "name one with --standard",
            key="standard.national_in_force",
            params={"on": on, "ids": ", ".join(s.id for s in choice)},
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
