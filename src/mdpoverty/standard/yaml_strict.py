"""Safe, strict YAML: duplicate keys rejected, floats kept exact, every node's line remembered.

Documents are built from the parser's events in a loop, never by recursion and never by
PyYAML's composer, so that a hostile file is refused by the limits below before it costs
time or memory: a file nested 900 deep, or a "billion laughs" of aliases that expands a
kilobyte into gigabytes, fails at once with the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ..errors import StandardError
from ..files import FOLDER, WHAT, NotRegularFile, open_to_read

# Limits (README, "Limits"). The shipped standards and their test cases are under 12 KB, nest
# 5 deep, hold under 600 values and use no alias; each limit is far above what a real file needs
# and far below what costs a noticeable second or megabyte.
# Bytes read from a standard, mapping or test-case file: anything larger is not a hand-written
# standard, and the whole file is held in memory while it is parsed.
MAX_YAML_BYTES = 1_000_000
# Nesting of mappings and lists (aliases counted as copies): deeper data is never a standard,
# and whatever walks it later (validation, output) must not run out of stack.
MAX_YAML_DEPTH = 50
# Values in a document, counting an alias as a copy of what it names: aliases let a 1 KB file
# stand for billions of values, which validation would then walk one by one.
MAX_YAML_VALUES = 100_000
# Aliases (*name) in a document: a standard has no need for more to share a list or two.
MAX_YAML_ALIASES = 1_000
# Digits of a number, before and after the decimal point: no legal value has more, and exact
# arithmetic on a number like 1e999999999 would take minutes and gigabytes.
MAX_YAML_NUMBER_DIGITS = 40

# Characters of a key as written (its quotes counted): YAML's own limit for a key on one line,
# which it reports as a syntax error at the key's ':'
MAX_YAML_KEY_CHARS = 1_024

_FLOAT_TAG = "tag:yaml.org,2002:float"
_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"
_MERGE_TAG = "tag:yaml.org,2002:merge"
# A number as a standard or mapping file writes it: plain decimals, an optional minus, no leading
# zero (YAML 1.1 reads 010 as octal 8). YAML 1.1's other forms of the same tags are refused:
# base 60 (190:20:30 is 685230), hex, octal, binary, underscores, a leading '+', a point at
# either end; and text that is a number in scientific notation (2.0e6, which YAML 1.1 reads as
# text, not as the number it looks like).
_PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
_SCIENTIFIC = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.?[0-9_]*[eE][-+]?[0-9]+")
_OCTAL_12 = re.compile(r"[-+]?0o[0-7]+")  # YAML 1.2's octal, which 1.1 reads as text
_ALLOWED_TAGS = {
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


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


def clip(text: str, limit: int = 60) -> str:
    """User text cut to a readable length for a message, on one line (a YAML key may hold a
    line break, which would otherwise fake a line of output)."""
    text = str(text).replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


# libyaml's parser when PyYAML has it (same safe resolver, much faster); values are then built
# here, never by a constructor that could make objects
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml_text(text: str, file: str) -> LoadedYaml:
    """Parse one YAML document; every refusal is a StandardError naming `file` and a line."""
    if len(text) > MAX_YAML_BYTES:
        raise StandardError(
            f"the file is larger than {MAX_YAML_BYTES:,} bytes, the limit for a YAML file",
            file=file,
            key="yaml.too_large",
            params={"limit": MAX_YAML_BYTES},
        )
    loader = _Loader(text)
    try:
        return _Builder(loader, file, text).document()
    except yaml.YAMLError as exc:
        found = _long_key(exc, text)
        if found is not None:
            long_key, column = found
            # YAML reads no key longer than this, and says so as a syntax error far from
            # the cause ("could not find expected ':'"): say the limit and the key
            raise StandardError(
                f"a key is longer than {MAX_YAML_KEY_CHARS:,} characters, the longest YAML "
                f"reads (it has {len(long_key):,})",
                file=file,
                line=_error_line(exc, text),
                yaml_path=_path_to(text.splitlines(), _error_line(exc, text), column, long_key),
                key="yaml.key_too_long",
                params={"limit": MAX_YAML_KEY_CHARS, "length": len(long_key)},
            ) from None
        raise StandardError(
            f"YAML syntax error: {getattr(exc, 'problem', None) or _first_line(exc)}",
            file=file,
            line=_error_line(exc, text),
            key="yaml.syntax",
            params={"problem": getattr(exc, "problem", None) or _first_line(exc)},
        ) from None
    finally:
        loader.dispose()


def load_yaml_file(path: Path, display: str | None = None) -> LoadedYaml:
    """Load `path`; messages name it as `display` (default: the path as given)."""
    name = display or str(path)
    try:
        with open_to_read(path) as fh:  # never more than the limit, whatever the file is
            raw = fh.read(MAX_YAML_BYTES + 1)
    except FileNotFoundError:
        raise StandardError("file not found", file=name, key="yaml.not_found") from None
    except (IsADirectoryError, NotRegularFile) as exc:
        found = getattr(exc, "kind", FOLDER)
        if found == FOLDER:
            raise StandardError(
                "this is a folder, not a file", file=name, key="yaml.folder"
            ) from None
        raise StandardError(
            f"this is {WHAT[found]}, not a regular file: give the path of a YAML file",
            file=name,
            key="yaml.not_regular",
            params={"kind": found},
        ) from None
    except OSError as exc:
        raise StandardError(
            f"cannot read the file: {exc.strerror or exc}",
            file=name,
            key="yaml.unreadable",
            params={"reason": exc.strerror or str(exc)},
        ) from None
    if len(raw) > MAX_YAML_BYTES:
        raise StandardError(
            f"the file is larger than {MAX_YAML_BYTES:,} bytes, the limit for a YAML file",
            file=name,
            key="yaml.too_large",
            params={"limit": MAX_YAML_BYTES},
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise StandardError(
            f"the file is not valid UTF-8 (byte {exc.start + 1}): save it as UTF-8 (in"
            " Notepad: File > Save As, Encoding: UTF-8)",
            file=name,
            line=line,
            key="yaml.not_utf8",
            params={"byte": exc.start + 1},
        ) from None
    return load_yaml_text(text, name)


def _long_key(exc: yaml.YAMLError, text: str) -> tuple[str, int] | None:
    """The key, as written, that a syntax error stopped at, and its column, if it is longer
    than YAML reads: the error's mark is then at the key's ':' (past the limit) on its line."""
    mark = getattr(exc, "problem_mark", None)
    if mark is None or mark.column <= MAX_YAML_KEY_CHARS:
        return None
    lines = text.splitlines()
    if mark.line >= len(lines) or lines[mark.line][mark.column : mark.column + 1] != ":":
        return None
    # what precedes the key on its line: indentation, a list's dashes, a flow mapping's brace
    written = lines[mark.line][: mark.column]
    before = re.match(r"\s*(?:-\s+)*(?:[{\[]\s*)*", written)
    column = before.end() if before else 0
    key = written[column:].rstrip()
    flow = re.match(r"[^'\"]*[{\[]", key)
    if flow:  # in a flow mapping ({a: 1, key: 2}) a plain key holds no brace nor comma
        column += max(key.rfind(c) for c in "{[,") + 1
        key = written[column:].strip()
        column = -1  # no block-style path to read
    return (key, column) if len(key) > MAX_YAML_KEY_CHARS else None


_LINE = re.compile(r"(?P<indent> *)(?P<dashes>(?:- +)*)(?P<content>.*)")
_KEY = re.compile(r"""(?P<key>"[^"]*"|'[^']*'|[^\s#'"{\[][^#]*?)\s*:(?:\s|$)""")


def _path_to(lines: list[str], line: int | None, column: int, key: str) -> str | None:
    """The YAML path of the key at `column` of `line` (1-based), read from the indentation of
    the lines above it: the parser stopped at the key, before the events that would say it.
    Block style only (None when a parent is written otherwise), cut to one readable line."""
    if line is None or column < 0:
        return None
    parts: list[str] = [clip(key)]
    col, list_col, items = column, None, 0
    first = _LINE.match(lines[line - 1])
    if first and first["dashes"]:  # the key opens an item of a list
        list_col, items = len(first["indent"]) + first["dashes"].rstrip().rfind("-"), 1
    for text in reversed(lines[: line - 1]):
        m = _LINE.match(text)
        if m is None or (not m["content"].strip() and not m["dashes"]):
            continue
        if m["content"].lstrip().startswith("#"):
            continue
        indent, dashes = len(m["indent"]), m["dashes"]
        starts = indent + len(dashes)  # where the line's key (or value) starts
        dash = indent + dashes.rstrip().rfind("-") if dashes else None
        if list_col is not None:
            if dash == list_col:
                items += 1
                continue
            if indent > list_col or (indent == list_col and dashes):
                continue  # inside another item
            parts.insert(0, f"[{items - 1}]")
            list_col = None
        elif starts == col and dashes and dash is not None and dash < col:
            list_col, items = dash, 1  # the first key of the same list item
            continue
        if starts >= col:
            continue  # a sibling key, or deeper in one
        found = _KEY.match(m["content"])
        if found is None or m["content"][found.end() :].strip() not in ("", "|", ">"):
            return None  # a parent not written in block style
        parts.insert(0, clip(found["key"].strip("'\"")))
        col = starts
        if dashes:
            list_col, items = dash, 1
    if list_col is not None:
        return None
    path = parts[0]
    for part in parts[1:]:
        path += part if part.startswith("[") else "." + part
    return clip(path, 120)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _error_line(exc: yaml.YAMLError, text: str) -> int | None:
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        return mark.line + 1
    position = getattr(exc, "position", None)  # a ReaderError (a control character...)
    if isinstance(position, int):
        return text.count("\n", 0, position) + 1
    return None


@dataclass
class _Open:
    """A mapping or list being built."""

    value: dict[str, Any] | list[Any]
    path: str
    anchor: str | None
    values_before: int  # values built before this one began, for its anchor's size
    depth: int
    key: str | None = None  # a mapping's key waiting for its value
    key_line: int = 0


@dataclass
class _Anchored:
    value: Any
    size: int  # values it stands for, aliases inside counted as copies
    depth: int  # how deep it nests below itself


class _Builder:
    def __init__(self, loader: Any, file: str, text: str) -> None:
        self.loader = loader
        self.out = LoadedYaml(data=None, file=file)
        self.values = 0
        self.aliases = 0
        self.anchors: dict[str, _Anchored] = {}
        self.stack: list[_Open] = []
        self.deepest: list[int] = []  # per open container: the deepest depth reached inside it

    def fail(
        self,
        message: str,
        line: int | None,
        path: str | None = None,
        *,
        key: str,
        params: dict[str, object] | None = None,
    ) -> StandardError:
        where = clip(path, 120) if path else None
        return StandardError(
            message, file=self.out.file, line=line, yaml_path=where, key=key, params=params
        )

    def document(self) -> LoadedYaml:
        get = self.loader.get_event
        get()  # stream start
        if self.loader.check_event(yaml.StreamEndEvent):
            raise self.fail("the file is empty", None, key="yaml.empty")
        get()  # document start
        done = False
        while not done:
            event = get()
            done = self.feed(event)
        get()  # document end
        if not self.loader.check_event(yaml.StreamEndEvent):
            event = self.loader.peek_event()
            raise self.fail(
                "the file holds more than one YAML document ('---')",
                event.start_mark.line + 1,
                key="yaml.several_documents",
            )
        return self.out

    # -- one event at a time; returns True when the document's root value is complete

    def feed(self, event: yaml.Event) -> bool:
        line = event.start_mark.line + 1
        parent = self.stack[-1] if self.stack else None
        if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            return self.close()
        if parent is not None and isinstance(parent.value, dict) and parent.key is None:
            parent.key, parent.key_line = self.key(event, parent), line
            return False
        path = self.child_path(parent)
        depth = parent.depth + 1 if parent else 0
        self.out.lines.setdefault(path, line)
        if isinstance(event, yaml.AliasEvent):
            return self.alias(event, path, depth, line)
        tag = event.tag
        if isinstance(event, yaml.ScalarEvent):
            if tag is None or tag == "!":
                tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            self.check_tag(tag, line, path)
            self.count(1, line, path)
            value = self.scalar(tag, event, line, path)
            if event.anchor is not None:
                self.anchors[event.anchor] = _Anchored(value, 1, 0)
            return self.put(value)
        kind = yaml.MappingNode if isinstance(event, yaml.MappingStartEvent) else yaml.SequenceNode
        if tag is None or tag == "!":
            tag = self.loader.resolve(kind, None, event.implicit)
        self.check_tag(tag, line, path)
        if depth > MAX_YAML_DEPTH:
            raise self.fail(
                f"the data nests deeper than {MAX_YAML_DEPTH} levels, the limit for a YAML file",
                line,
                path,
                key="yaml.too_deep",
                params={"limit": MAX_YAML_DEPTH},
            )
        self.count(1, line, path)
        container: dict[str, Any] | list[Any] = {} if kind is yaml.MappingNode else []
        self.stack.append(_Open(container, path, event.anchor, self.values - 1, depth))
        self.deepest.append(depth)
        return False

    def child_path(self, parent: _Open | None) -> str:
        if parent is None:
            return ""
        if isinstance(parent.value, dict):
            return join_path(parent.path, parent.key or "")
        return join_path(parent.path, len(parent.value))

    def key(self, event: yaml.Event, parent: _Open) -> str:
        line = event.start_mark.line + 1
        if not isinstance(event, yaml.ScalarEvent):
            raise self.fail("mapping keys must be text", line, parent.path, key="yaml.key_not_text")
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _MERGE_TAG:
            raise self.fail(
                "YAML merge keys (<<) are not allowed", line, parent.path, key="yaml.merge_key"
            )
        self.check_tag(tag, line, parent.path)
        if event.anchor is not None:
            raise self.fail(
                "anchors on mapping keys are not allowed",
                line,
                parent.path,
                key="yaml.anchor_on_key",
            )
        # a key is the text as written: a header 'no' or '01' stays so, never False or 1
        key = event.value
        child = join_path(parent.path, key)
        assert isinstance(parent.value, dict)
        if key in parent.value:
            raise self.fail(
                f"duplicate key '{clip(key)}' (first at line {self.out.lines[child]})",
                line,
                child,
                key="yaml.duplicate_key",
                params={"key": clip(key), "line": self.out.lines[child]},
            )
        self.out.lines[child] = line
        self.count(1, line, parent.path)
        return key

    def check_tag(self, tag: str, line: int, path: str) -> None:
        if tag == _MERGE_TAG:
            raise self.fail(
                "YAML merge keys (<<) are not allowed", line, path, key="yaml.merge_key"
            )
        if tag not in _ALLOWED_TAGS:
            raise self.fail(
                f"YAML tag '{clip(tag)}' is not allowed",
                line,
                path,
                key="yaml.tag",
                params={"tag": clip(tag)},
            )

    def count(self, values: int, line: int, path: str) -> None:
        self.values += values
        if self.values > MAX_YAML_VALUES:
            raise self.fail(
                f"the file holds more than {MAX_YAML_VALUES:,} values (an alias counts as a copy "
                "of what it names), the limit for a YAML file",
                line,
                path,
                key="yaml.too_many_values",
                params={"limit": MAX_YAML_VALUES},
            )

    def not_plain(
        self, text: str, value: Any, line: int, path: str, as_text: bool = False
    ) -> StandardError:
        """A number not written as a plain decimal: said with what YAML 1.1 makes of it
        (`as_text`: text, not the number it looks like) and its plain form."""
        raw = text.strip()
        if ":" in raw:
            form = "a base-60 number (YAML 1.1)"
        elif raw.lstrip("+-")[:2].lower() in ("0x", "0o", "0b"):
            form = {"x": "a hexadecimal", "o": "an octal", "b": "a binary"}[
                raw.lstrip("+-")[1].lower()
            ] + " number"
        elif "_" in raw:
            form = "a number with underscores"
        elif raw.startswith("+"):
            form = "a number with a '+'"
        elif "e" in raw.lower():
            form = "a number in scientific notation"
        elif raw.lstrip("-").startswith("0") and raw.lstrip("-")[1:2].isdigit():
            form = "an octal number (YAML 1.1: a leading 0)"
        else:
            form = "a number with a point at an end"
        plain = _plain(value)
        read = f"as text, not as {plain}" if as_text else f"as {plain}"
        return self.fail(
            f"'{clip(text)}' is {form}, which YAML reads {read}: write numbers as plain decimals "
            f"({plain}), or quote the text",
            line,
            path,
            key="yaml.not_plain_number",
            params={"value": clip(text), "form": form, "plain": plain, "as_text": as_text},
        )

    def scalar(self, tag: str, event: yaml.ScalarEvent, line: int, path: str) -> Any:
        if tag == _STR_TAG:
            if not event.style and _OCTAL_12.fullmatch(event.value):
                value = int(event.value.replace("0o", ""), 8)
                raise self.not_plain(event.value, value, line, path, as_text=True)
            if not event.style and _SCIENTIFIC.fullmatch(event.value):
                # looks like a number and is text to YAML 1.1: the number it looks like is
                # never what the standard gets, so it is refused as written
                try:
                    number = Decimal(event.value.replace("_", ""))
                except InvalidOperation:
                    return event.value
                _sign, digits, exponent = number.as_tuple()
                assert isinstance(exponent, int)
                if abs(len(digits) + exponent) > MAX_YAML_NUMBER_DIGITS or (
                    exponent < -MAX_YAML_NUMBER_DIGITS
                ):
                    raise self.too_long(event.value, line, path)
                raise self.not_plain(event.value, number, line, path, as_text=True)
            return event.value
        if tag == _FLOAT_TAG:
            # Legal numbers must stay exact: 0.5 is 1/2, not 0.5000000000000000277...
            if ":" in event.value:  # base 60: Decimal cannot read it, PyYAML can
                node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
                sexagesimal = self.loader.construct_yaml_float(node)
                raise self.not_plain(event.value, Decimal(repr(sexagesimal)), line, path)
            try:
                number = Decimal(event.value.replace("_", ""))
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite():
                raise self.fail(
                    f"'{clip(event.value)}' is not a finite number",
                    line,
                    path,
                    key="yaml.not_finite",
                    params={"value": clip(event.value)},
                )
            _sign, digits, exponent = number.as_tuple()
            assert isinstance(exponent, int)
            if (
                exponent < -MAX_YAML_NUMBER_DIGITS
                or len(digits) + exponent > MAX_YAML_NUMBER_DIGITS
            ):
                raise self.too_long(event.value, line, path)
            if not _PLAIN_FLOAT.fullmatch(event.value):
                raise self.not_plain(event.value, number, line, path)
            return number
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = self.loader.yaml_constructors[tag](self.loader, node)
        except Exception:  # PyYAML's scalar constructors fail in several ways on odd text
            if tag == _INT_TAG and len(event.value) > MAX_YAML_NUMBER_DIGITS:
                raise self.too_long(event.value, line, path) from None
            what = {"tag:yaml.org,2002:timestamp": "date", "tag:yaml.org,2002:int": "number"}
            kind = what.get(tag, "value")
            raise self.fail(
                f"'{clip(event.value)}' is not a valid {kind}",
                line,
                path,
                key="yaml.not_valid",
                params={"value": clip(event.value), "kind": kind},
            ) from None
        if isinstance(value, int) and abs(value) >= 10**MAX_YAML_NUMBER_DIGITS:
            raise self.too_long(event.value, line, path)
        if tag == _INT_TAG and not _PLAIN_INT.fullmatch(event.value):
            raise self.not_plain(event.value, value, line, path)
        return value

    def too_long(self, text: str, line: int, path: str) -> StandardError:
        return self.fail(
            f"the number '{clip(text)}' has more than {MAX_YAML_NUMBER_DIGITS} digits before or "
            "after the decimal point, the limit for a YAML file",
            line,
            path,
            key="yaml.number_too_long",
            params={"number": clip(text), "limit": MAX_YAML_NUMBER_DIGITS},
        )

    def alias(self, event: yaml.AliasEvent, path: str, depth: int, line: int) -> bool:
        anchored = self.anchors.get(event.anchor)
        if anchored is None:
            open_anchors = {o.anchor for o in self.stack}
            problem = (
                "refers to the value that contains it"
                if event.anchor in open_anchors
                else "is not defined above"
            )
            raise self.fail(
                f"the alias '*{clip(event.anchor)}' {problem}",
                line,
                path,
                key="yaml.bad_alias",
                params={"alias": clip(event.anchor), "inside": event.anchor in open_anchors},
            )
        self.aliases += 1
        if self.aliases > MAX_YAML_ALIASES:
            raise self.fail(
                f"the file uses more than {MAX_YAML_ALIASES:,} aliases, the limit for a YAML file",
                line,
                path,
                key="yaml.too_many_aliases",
                params={"limit": MAX_YAML_ALIASES},
            )
        nested = isinstance(anchored.value, dict | list)
        if nested and depth + anchored.depth > MAX_YAML_DEPTH:
            raise self.fail(
                f"the data nests deeper than {MAX_YAML_DEPTH} levels (aliases counted as copies), "
                "the limit for a YAML file",
                line,
                path,
                key="yaml.too_deep_aliases",
                params={"limit": MAX_YAML_DEPTH},
            )
        self.count(anchored.size, line, path)
        if nested and self.deepest:
            self.deepest[-1] = max(self.deepest[-1], depth + anchored.depth)
        return self.put(anchored.value)

    def close(self) -> bool:
        done = self.stack.pop()
        deepest = self.deepest.pop()
        if self.deepest:
            self.deepest[-1] = max(self.deepest[-1], deepest)
        if done.anchor is not None:
            self.anchors[done.anchor] = _Anchored(
                done.value, self.values - done.values_before, deepest - done.depth
            )
        return self.put(done.value)

    def put(self, value: Any) -> bool:
        if not self.stack:
            self.out.data = value
            return True
        parent = self.stack[-1]
        if isinstance(parent.value, dict):
            assert parent.key is not None
            parent.value[parent.key] = value
            parent.key = None
        else:
            parent.value.append(value)
        return False


def _plain(value: Any) -> str:
    """A number as a plain decimal: 2000000, 0.5."""
    if isinstance(value, int):
        return str(value)
    number = Decimal(value)
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")
