"""Safe, strict YAML: duplicate keys rejected, floats kept exact, every node's line remembered."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..errors import StandardError

_FLOAT_TAG = "tag:yaml.org,2002:float"


@dataclass
class LoadedYaml:
    """Plain data from a YAML file plus the line (1-based) of each YAML path."""

    data: Any
    file: str
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, path: str) -> int | None:
        """Line of `path`, or of its nearest ancestor that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            cut = max(path.rfind("."), path.rfind("["))
            path = path[: max(cut, 0)]


def join_path(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else str(key)


# libyaml's parser when PyYAML has it (same safe resolver, much faster); nodes are then built
# here, never by a constructor that could make objects
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml_text(text: str, file: str) -> LoadedYaml:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise StandardError(f"YAML syntax error: {problem}", file=file, line=line) from None
    finally:
        loader.dispose()
    result = LoadedYaml(data=None, file=file)
    if node is None:
        raise StandardError("the file is empty", file=file)
    try:
        result.data = _build(node, "", result, loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise StandardError(f"YAML value not allowed: {problem}", file=file, line=line) from None
    return result


def load_yaml_file(path: Path, display: str | None = None) -> LoadedYaml:
    """Load `path`; messages name it as `display` (default: the path as given)."""
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise StandardError("file not found", file=name) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StandardError(f"cannot read the file: {exc}", file=name) from None
    return load_yaml_text(text, name)


_ALLOWED_TAGS = {
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


def _build(node: yaml.Node, path: str, out: LoadedYaml, loader: Any) -> Any:
    out.lines.setdefault(path, node.start_mark.line + 1)
    if node.tag not in _ALLOWED_TAGS:
        raise StandardError(
            f"YAML tag '{node.tag}' is not allowed",
            file=out.file,
            line=node.start_mark.line + 1,
            yaml_path=path or None,
        )
    if isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise StandardError(
                    "YAML merge keys (<<) are not allowed",
                    file=out.file,
                    line=key_node.start_mark.line + 1,
                    yaml_path=path or None,
                )
            key = _build(key_node, path, out, loader)
            if not isinstance(key, str | int):
                raise StandardError(
                    "mapping keys must be text",
                    file=out.file,
                    line=key_node.start_mark.line + 1,
                    yaml_path=path or None,
                )
            key = str(key) if not isinstance(key, str) else key
            child = join_path(path, key)
            if key in mapping:
                raise StandardError(
                    f"duplicate key '{key}' (first at line {out.lines[child]})",
                    file=out.file,
                    line=key_node.start_mark.line + 1,
                    yaml_path=child,
                )
            out.lines[child] = key_node.start_mark.line + 1
            mapping[key] = _build(value_node, child, out, loader)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, join_path(path, i), out, loader) for i, item in enumerate(node.value)]
    if node.tag == _FLOAT_TAG:
        # Legal numbers must stay exact: 0.5 is 1/2, not 0.5000000000000000277...
        text = node.value.replace("_", "")
        try:
            return Decimal(text)
        except ArithmeticError:
            return loader.construct_object(node)
    return loader.construct_object(node)
