"""A Parquet file's footer (its Thrift ``FileMetaData``), read far enough for what polars does
not tell: each row group's rows and, for each top-level column, its column chunks' statistics
(the stored minimum, maximum and null count) and sizes.

polars converts some stored values without a word: a time of day outside 0-24 h becomes an
empty cell, a duration stored in seconds (Arrow's ``duration[s]``) is multiplied into
milliseconds and wraps past 64 bits. The values as stored are only in the file, and the
statistics a writer keeps (pyarrow, polars, Spark all do by default) tell whether any is out of
range without reading a value.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

_MAX_FOOTER = 64 << 20  # a footer larger than this is not read (polars reads it, or fails)
_DEPTH = 32


class Malformed(ValueError):
    """The footer is not Thrift as this reader follows it."""


@dataclass
class Chunk:
    """One column chunk of a row group: its statistics' raw min and max (None when not kept),
    null count (None when not kept), and sizes in bytes."""

    minimum: bytes | None = None
    maximum: bytes | None = None
    nulls: int | None = None
    uncompressed: int = 0
    values: int = 0


@dataclass
class Footer:
    """Row groups' rows, and each top-level column's chunks (by name, one per row group)."""

    rows: list[int] = field(default_factory=list)
    chunks: dict[str, list[Chunk]] = field(default_factory=dict)
    # the top-level columns of times of day, by name: units their stored values count a second
    time_units: dict[str, int] = field(default_factory=dict)
    # the top-level columns stored as INT96 (Spark's and Impala's times, in nanoseconds)
    int96: set[str] = field(default_factory=set)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def byte(self) -> int:
        if self.at >= len(self.data):
            raise Malformed("past the footer's end")
        self.at += 1
        return self.data[self.at - 1]

    def varint(self) -> int:
        shift = result = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            if not b & 0x80:
                return result
            shift += 7
            if shift > 70:
                raise Malformed("a varint too long")

    def zigzag(self) -> int:
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def binary(self) -> bytes:
        size = self.varint()
        if self.at + size > len(self.data):
            raise Malformed("a binary past the footer's end")
        self.at += size
        return self.data[self.at - size : self.at]

    def value(self, kind: int, depth: int):
        """A value of compact type `kind`: ints, bytes, lists, structs as {field id: value}."""
        if depth > _DEPTH:
            raise Malformed("nested too deep")
        if kind in (1, 2):
            return kind == 1
        if kind == 3:
            return self.byte()
        if kind in (4, 5, 6):
            return self.zigzag()
        if kind == 7:
            self.at += 8
            return None
        if kind == 8:
            return self.binary()
        if kind in (9, 10):
            head = self.byte()
            size, inner = head >> 4, head & 0x0F
            if size == 15:
                size = self.varint()
            if size > len(self.data):
                raise Malformed("a list longer than the footer")
            if inner in (1, 2):  # booleans in a list: one byte each
                return [self.byte() == 1 for _ in range(size)]
            return [self.value(inner, depth + 1) for _ in range(size)]
        if kind == 11:
            size = self.varint()
            if size > len(self.data):
                raise Malformed("a map longer than the footer")
            if size == 0:
                return {}
            types = self.byte()
            return {
                self.value(types >> 4, depth + 1): self.value(types & 0x0F, depth + 1)
                for _ in range(size)
            }
        if kind == 12:
            return self.struct(depth + 1)
        raise Malformed(f"an unknown Thrift type {kind}")

    def struct(self, depth: int = 0) -> dict[int, object]:
        fields: dict[int, object] = {}
        last = 0
        while True:
            head = self.byte()
            if head == 0:
                return fields
            delta, kind = head >> 4, head & 0x0F
            last = last + delta if delta else self.zigzag()
            fields[last] = self.value(kind, depth)


def footer_span(fh: BinaryIO, limit: int | None = None) -> tuple[int, int] | None:
    """Where the footer of the open Parquet file `fh` starts and how long it is, from the file's
    last 8 bytes; None when they are not a Parquet tail, or the length does not fit the file (or
    passes `limit`)."""
    fh.seek(0, 2)
    size = fh.tell()
    if size < 12:
        return None
    fh.seek(size - 8)
    tail = fh.read(8)
    length = struct.unpack("<I", tail[:4])[0]
    if tail[4:] != b"PAR1" or length > size - 12 or (limit is not None and length > limit):
        return None
    return size - 8 - length, length


def read(file: Path) -> Footer | None:
    """The footer of the Parquet file `file`, or None when it cannot be followed (encrypted,
    damaged, or not Parquet: polars then says why, or reads it)."""
    try:
        with file.open("rb") as fh:
            span = footer_span(fh, _MAX_FOOTER)
            if span is None:
                return None
            fh.seek(span[0])
            meta = _Reader(fh.read(span[1])).struct()
    except (OSError, Malformed, struct.error, RecursionError):
        return None
    footer = Footer()
    try:
        footer.time_units = _time_units(meta.get(2) or [])
        footer.int96 = {
            e.get(4, b"").decode("utf-8", "replace")
            for e in (meta.get(2) or [])[1:]
            if e.get(1) == 3 and not e.get(5)
        }
        for group in meta.get(4) or []:
            footer.rows.append(int(group.get(3, 0)))
            for column in group.get(1) or []:
                data = column.get(3) or {}
                path = data.get(3) or []
                if len(path) != 1:
                    continue  # a nested column's leaf: no single value per cell
                stats = data.get(12) or {}
                name = path[0].decode("utf-8", "replace")
                footer.chunks.setdefault(name, []).append(
                    Chunk(
                        minimum=stats.get(6, stats.get(2)),
                        maximum=stats.get(5, stats.get(1)),
                        nulls=stats.get(3),
                        uncompressed=int(data.get(6, 0)),
                        values=int(data.get(5, 0)),
                    )
                )
    except (AttributeError, TypeError, ValueError, IndexError):
        return None
    return footer


def _time_units(elements: list) -> dict[str, int]:
    """The top-level columns of the schema `elements` (depth first, the root first) holding
    times of day, with the units a second their values count (INT32: milliseconds)."""
    units: dict[str, int] = {}
    at = 1
    for _ in range(int(elements[0].get(5, 0)) if elements else 0):
        element = elements[at]
        skip, at = int(element.get(5, 0)), at + 1
        while skip:  # the element's subtree, depth first
            skip, at = skip - 1 + int(elements[at].get(5, 0)), at + 1
        time = (element.get(10) or {}).get(7)
        converted = element.get(6)
        if time is None and converted not in (7, 8):
            continue
        name = element.get(4, b"").decode("utf-8", "replace")
        unit = (time or {}).get(2) or {}
        if element.get(1) == 1 or converted == 7 or 1 in unit:
            units[name] = 1_000
        elif 3 in unit:
            units[name] = 1_000_000_000
        else:
            units[name] = 1_000_000
    return units


def as_int(raw: bytes | None) -> int | None:
    """A statistic of an INT32 or INT64 column (little-endian, signed), None when absent."""
    if raw is None or len(raw) not in (4, 8):
        return None
    return int.from_bytes(raw, "little", signed=True)
