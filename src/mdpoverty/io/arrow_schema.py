"""The Arrow schema a Parquet file carries (its ``ARROW:schema`` metadata, as pyarrow and polars
write it), read far enough to find the columns of an Arrow type polars cannot read at all.

polars decodes that schema before it reads any column, and on a type it does not implement
(``list_view``, ``large_list_view``, which pyarrow 16 and later writes) it panics: a Rust crash,
whatever columns are asked for. The Parquet file's own schema stores such a column as a plain
list, which polars reads; `without_arrow_schema` makes a copy of the file whose Arrow schema is
renamed, so polars reads the file by its own schema instead.
"""

from __future__ import annotations

import base64
import binascii
import shutil
import struct
from pathlib import Path

from . import parquet_footer, temporary

KEY = "ARROW:schema"
_HIDDEN = "ARROW:unread"  # as long as KEY: the footer keeps its length and every offset
# Arrow's Type union (format/Schema.fbs): the names a message gives a type
_TYPES = {
    1: "null",
    2: "int",
    3: "float",
    4: "binary",
    5: "string",
    6: "bool",
    7: "decimal",
    8: "date",
    9: "time",
    10: "timestamp",
    11: "interval",
    12: "list",
    13: "struct",
    14: "union",
    15: "fixed_size_binary",
    16: "fixed_size_list",
    17: "map",
    18: "duration",
    19: "large_binary",
    20: "large_string",
    21: "large_list",
    22: "run_end_encoded",
    23: "binary_view",
    24: "string_view",
    25: "list_view",
    26: "large_list_view",
}
# the types polars (2.1) panics on, and any type this table does not know (a newer Arrow's)
_PANICS = {25, 26}
_DEPTH = 64  # nesting followed at most: a deeper schema is left to polars


class _Malformed(ValueError):
    pass


class _Buffer:
    """A flatbuffer's tables, vectors and strings, every read bounds-checked (`struct.error`)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def u8(self, pos: int) -> int:
        return struct.unpack_from("<B", self.data, pos)[0]

    def u16(self, pos: int) -> int:
        return struct.unpack_from("<H", self.data, pos)[0]

    def u32(self, pos: int) -> int:
        return struct.unpack_from("<I", self.data, pos)[0]

    def i32(self, pos: int) -> int:
        return struct.unpack_from("<i", self.data, pos)[0]

    def field(self, table: int, index: int) -> int:
        """The position of a table's field `index`, 0 when it is absent."""
        vtable = table - self.i32(table)
        size = self.u16(vtable)
        slot = 4 + 2 * index
        offset = self.u16(vtable + slot) if slot < size else 0
        return table + offset if offset else 0

    def ref(self, table: int, index: int) -> int:
        """The table, vector or string a field refers to, 0 when it is absent."""
        pos = self.field(table, index)
        return pos + self.u32(pos) if pos else 0

    def vector(self, pos: int) -> list[int]:
        if not pos:
            return []
        count = self.u32(pos)
        if count > len(self.data) // 4:
            raise _Malformed("a vector longer than the schema")
        return [pos + 4 + 4 * i + self.u32(pos + 4 + 4 * i) for i in range(count)]

    def string(self, pos: int) -> str:
        if not pos:
            return ""
        size = self.u32(pos)
        if pos + 4 + size > len(self.data):
            raise _Malformed("a string past the schema's end")
        return self.data[pos + 4 : pos + 4 + size].decode("utf-8", errors="replace")


def _describe(buf: _Buffer, field: int, depth: int) -> tuple[str, bool]:
    """A field's type as a message names it (``list_view<string>``), and whether polars
    panics on it or on a type inside it."""
    if depth > _DEPTH:
        raise _Malformed("nested too deep")
    type_id = buf.u8(pos) if (pos := buf.field(field, 2)) else 0
    name = _TYPES.get(type_id, f"type {type_id}")
    panics = type_id in _PANICS or type_id not in _TYPES
    inner = [_describe(buf, child, depth + 1) for child in buf.vector(buf.ref(field, 5))]
    if inner:
        name += "<" + ", ".join(kind for kind, _ in inner) + ">"
    return name, panics or any(p for _, p in inner)


def panicking_columns(encoded: str) -> dict[str, str]:
    """The columns (name -> type, as a message names it) of an ``ARROW:schema`` value (base64
    of an Arrow IPC schema message) whose type polars panics on; {} for a schema it reads, or
    one this reader cannot follow (polars then reads it, or fails, itself)."""
    try:
        data = base64.b64decode(encoded)
        start = 8 if data[:4] == b"\xff\xff\xff\xff" else 4  # the continuation marker, length
        buf = _Buffer(data[start:])
        message = buf.u32(0)
        header_type = buf.field(message, 1)
        if not header_type or buf.u8(header_type) != 1:  # 1: a Schema
            return {}
        schema = buf.ref(message, 2)
        found = {}
        for field in buf.vector(buf.ref(schema, 1)):
            kind, panics = _describe(buf, field, 0)
            if panics:
                found[buf.string(buf.ref(field, 0))] = kind
        return found
    except (binascii.Error, struct.error, IndexError, _Malformed):
        return {}


def second_durations(encoded: str) -> set[str]:
    """The top-level columns of an ``ARROW:schema`` value whose type is a duration counted in
    seconds (``duration[s]``), which polars reads as milliseconds, multiplying each value by
    1,000 (past 64 bits it wraps); empty for a schema this reader cannot follow."""
    try:
        data = base64.b64decode(encoded)
        start = 8 if data[:4] == b"\xff\xff\xff\xff" else 4
        buf = _Buffer(data[start:])
        message = buf.u32(0)
        header_type = buf.field(message, 1)
        if not header_type or buf.u8(header_type) != 1:
            return set()
        found = set()
        for field in buf.vector(buf.ref(buf.ref(message, 2), 1)):
            type_id = buf.u8(pos) if (pos := buf.field(field, 2)) else 0
            if type_id != 18:  # Duration
                continue
            table = buf.ref(field, 3)
            unit = buf.u16(pos) if table and (pos := buf.field(table, 0)) else 1  # default: ms
            if unit == 0:  # SECOND
                found.add(buf.string(buf.ref(field, 0)))
        return found
    except (binascii.Error, struct.error, IndexError, _Malformed):
        return set()


def without_arrow_schema(file: Path) -> Path | None:
    """A registered temporary copy of the Parquet file `file` whose ``ARROW:schema`` metadata
    key is renamed, so that polars reads the file by its Parquet schema; None when the key is
    not found in the file's footer (an encrypted footer, another writer's layout)."""
    with file.open("rb") as fh:
        span = parquet_footer.footer_span(fh)
        if span is None:
            return None
        footer_start, footer_size = span
        fh.seek(footer_start)
        footer = fh.read(footer_size)
    # a KeyValue's key: the struct's first field (binary, header 0x18) of 12 bytes (0x0c); the
    # file's metadata comes after its schema and row groups, which hold column names
    at = footer.rfind(b"\x18\x0c" + KEY.encode())
    if at < 0:
        return None
    copy = Path(temporary.file_in_tmpdir("mdpoverty-", ".parquet"))
    shutil.copyfile(file, copy)
    with copy.open("r+b") as fh:
        fh.seek(footer_start + at + 2)
        fh.write(_HIDDEN.encode())
    return copy
