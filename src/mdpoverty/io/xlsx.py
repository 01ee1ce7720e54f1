"""Excel workbooks (.xlsx) ready to use, written as a stream.

Every workbook mdpoverty writes has named sheets, a bold header row that stays in view (frozen)
with an autofilter, readable column widths, numbers stored as numbers with a format (``#,##0``
for money and counts, ``#,##0.00`` for money or areas that are not whole, ``0.00%`` for shares),
and text as text.

The rows of a sheet are turned into SpreadsheetML by polars expressions over whole columns (a
batch at a time) and deflated straight into the zip file: memory stays that of a batch, and
384,000 households take seconds. A writer that calls a library cell by cell (xlsxwriter, even
in its constant-memory mode) spent some 8 microseconds a cell: over a minute for the same file.
The package is the minimal one Excel, LibreOffice and the readers of polars and openpyxl open:
content types, relationships, a workbook, a stylesheet of built-in number formats, the sheets.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

# a sheet holds 1,048,576 rows (the header is one of them) and 16,384 columns
SHEET_ROWS = 1_048_576
SHEET_COLUMNS = 16_384
# Python writes a zip entry of at most 2 GiB without zip64 extensions, which some spreadsheet
# programs do not read: a sheet's XML is kept below it
_ENTRY_LIMIT = (1 << 31) - 1 - (1 << 20)
_COMPRESSLEVEL = 1  # zlib's fastest: a third of level 6's time for a file some 40 % larger
_CHUNK_ROWS = 4_096  # rows rendered at once: bounds the XML text held in memory
_MAX_WIDTH = 50  # characters; a longer text wraps in Excel's cell when the user widens it
_MIN_WIDTH = 6
_WIDTH_SAMPLE = 10_000  # rows whose values set the widths: the first batch's first


class NumberFormat(StrEnum):
    """How the numbers of a column are shown (the cell keeps its exact value)."""

    GENERAL = "general"  # as typed: an STT, a row number
    COUNT = "count"  # #,##0
    MONEY = "money"  # #,##0 when whole, #,##0.00 otherwise (money, m2)
    DECIMAL = "decimal"  # #,##0.00
    SHARE = "share"  # 0.00%
    TEXT = "text"  # text even when it reads as a number


# cellXfs of the stylesheet; numFmtId 3, 4 and 10 are Excel's built-in #,##0, #,##0.00, 0.00%
# (shown with the reader's own separators: 1.500.000 in a Vietnamese Excel)
_XF = {"general": 0, "header": 1, "count": 2, "decimal": 3, "share": 4}

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_FONT = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_NS}">'
    f'<fonts count="2"><font>{_FONT}</font><font><b/>{_FONT}</font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"'
    ' applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)

# a text that is a plain number: an optional minus, no leading zero (a code such as 01 or a
# phone number stays text), at most 15 digits (what a spreadsheet's number holds exactly)
_PLAIN_NUMBER = r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$"
_MAX_DIGITS = 15
# characters XML 1.0 cannot hold, written as SpreadsheetML's _xHHHH_ escapes; a literal
# _xHHHH_ in the text is itself escaped so that it reads back as written
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CONTROL_PATTERN = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
_LITERAL_ESCAPE = r"_(x[0-9A-Fa-f]{4}_)"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


@dataclass(frozen=True)
class Sheet:
    """A sheet to write: its name, its rows, and number formats for some columns (others by
    type: whole numbers as counts, exact decimals as money, text that is a number as typed)."""

    name: str
    frame: pl.DataFrame
    formats: Mapping[str, str] = field(default_factory=dict)


def column_letters(index: int) -> str:
    """Excel's name of the column at 0-based `index`: A, ..., Z, AA, ..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_names(wanted: list[str]) -> list[str]:
    """Names Excel accepts, one per sheet: at most 31 characters, none of ``[]:*?/\\``, not
    blank, not quoted, and no two equal in any case."""
    names: list[str] = []
    for name in wanted:
        clean = _SHEET_FORBIDDEN.sub(" ", name).strip().strip("'").strip() or "Sheet"
        candidate, n = clean[:31], 1
        while candidate.casefold() in {x.casefold() for x in names}:
            n += 1
            suffix = f" ({n})"
            candidate = clean[: 31 - len(suffix)] + suffix
        names.append(candidate)
    return names


def _text(value: str) -> str:
    """User text for an XML attribute or element."""
    value = re.sub(_LITERAL_ESCAPE, r"_x005F_\1", value)
    value = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    # what xml.sax.saxutils.escape(value, {'"': "&quot;"}) does, without the module: it imports
    # urllib.request, http.client and email, some 10 ms of every command's start
    return (
        value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace('"', "&quot;")
    )


def _escaped(col: pl.Expr, series: pl.Series) -> pl.Expr:
    """`col` (text, `series` in this batch) as the content of a ``<t>`` element: each escape
    only when some cell of the batch needs it (household lists seldom do)."""
    import polars as pl

    out = col
    if series.str.contains("[&<>]").any():
        out = out.str.replace_all("&", "&amp;", literal=True)
        out = out.str.replace_all("<", "&lt;", literal=True)
        out = out.str.replace_all(">", "&gt;", literal=True)
    if series.str.contains(_LITERAL_ESCAPE).any():
        out = out.str.replace_all(_LITERAL_ESCAPE, "_x005F_$1")
    if series.str.contains(_CONTROL_PATTERN).any():
        for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]:
            out = out.str.replace_all(chr(code), f"_x{code:04X}_", literal=True)
    if not series.str.contains(r"^\s|\s$").any():
        return pl.concat_str(pl.lit("<t>"), out)
    preserve = col.str.contains(r"^\s|\s$")
    start = pl.when(preserve).then(pl.lit('<t xml:space="preserve">')).otherwise(pl.lit("<t>"))
    return pl.concat_str(start, out)


def _style(fmt: str | None) -> str:
    index = _XF.get(fmt or "general", 0)
    return f' s="{index}"' if index else ""


def _plain(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with any column that is not text, a number or true/false as text."""
    import polars as pl

    def kept(dtype: pl.DataType) -> bool:
        return (
            dtype in (pl.String, pl.Boolean) or dtype.is_numeric() or isinstance(dtype, pl.Decimal)
        )

    other = [n for n, t in frame.schema.items() if not kept(t)]
    return frame.with_columns(pl.col(n).cast(pl.String) for n in other) if other else frame


def _money_style(value: pl.Expr) -> pl.Expr:
    """#,##0 for a whole value (as text), #,##0.00 otherwise."""
    import polars as pl

    whole = ~value.str.contains(r"\.[0-9]*[1-9]")
    return pl.when(whole).then(pl.lit(_style("count"))).otherwise(pl.lit(_style("decimal")))


def _cells(frame: pl.DataFrame, row: pl.Expr, formats: Mapping[str, str]) -> list[pl.Expr]:
    """One expression per column of `frame` (see `_plain`): the cell's XML, or null for an
    empty cell."""
    import polars as pl

    cells: list[pl.Expr] = []
    for index, (name, dtype) in enumerate(frame.schema.items()):
        col = pl.col(name)
        fmt = formats.get(name)
        ref = pl.concat_str(pl.lit(f'<c r="{column_letters(index)}'), row)

        def number(value: pl.Expr, style: str | pl.Expr, ref: pl.Expr = ref) -> pl.Expr:
            style = pl.lit(style) if isinstance(style, str) else style
            return pl.concat_str(ref, pl.lit('"'), style, pl.lit("><v>"), value, pl.lit("</v></c>"))

        if dtype == pl.Boolean:
            value = col.cast(pl.Int8).cast(pl.String)
            cell = pl.concat_str(ref, pl.lit('" t="b"><v>'), value, pl.lit("</v></c>"))
        elif dtype.is_integer():
            cell = number(col.cast(pl.String), _style(fmt or NumberFormat.COUNT))
        elif isinstance(dtype, pl.Decimal) or dtype.is_float():
            value = col.cast(pl.String)
            if isinstance(dtype, pl.Decimal):  # a whole amount whole: 1500000, not 1500000.00
                value = value.str.replace(r"\.0+$", "")
            default = NumberFormat.MONEY if isinstance(dtype, pl.Decimal) else None
            fmt = fmt or default
            style = _money_style(value) if fmt == NumberFormat.MONEY else _style(fmt)
            cell = number(value, style)
            if dtype.is_float():  # NaN and infinity are no number a sheet holds
                cell = pl.when(col.is_finite()).then(cell)
        else:
            text = pl.concat_str(
                ref,
                pl.lit('" t="inlineStr"><is>'),
                _escaped(col, frame.get_column(name)),
                pl.lit("</t></is></c>"),
            )
            if fmt == NumberFormat.TEXT:
                cells.append(text)
                continue
            # the digits of a plain number: its length less a sign and a point
            digits = (
                col.str.len_bytes()
                - col.str.starts_with("-").cast(pl.UInt32)
                - col.str.contains(".", literal=True).cast(pl.UInt32)
            )
            plain = col.str.contains(_PLAIN_NUMBER) & (digits <= _MAX_DIGITS)
            style = _money_style(col) if fmt == NumberFormat.MONEY else _style(fmt)
            # an empty text is an empty cell, as a missing one
            cell = (
                pl.when(col == "").then(None).when(plain).then(number(col, style)).otherwise(text)
            )
        cells.append(cell)
    return cells


def _header_xml(columns: list[str]) -> bytes:
    cells = "".join(
        f'<c r="{column_letters(i)}1" t="inlineStr"{_style("header")}><is><t xml:space="preserve">'
        f"{_text(name)}</t></is></c>"
        for i, name in enumerate(columns)
    )
    return f'<row r="1">{cells}</row>\n'.encode()


def _widths(frame: pl.DataFrame) -> list[float]:
    """A width per column: its header's longest line (bold, with the filter's button) or its
    longest value in `frame` (numbers with their separators), within bounds."""
    import polars as pl

    frame = frame.head(_WIDTH_SAMPLE)
    if frame.height:
        lengths = frame.select(
            (
                pl.col(n).cast(pl.String).str.len_chars()
                * (1.34 if frame.schema[n].is_numeric() else 1.0)  # 1,500,000.00
            ).max()
            for n in frame.columns
        ).row(0)
    else:
        lengths = (0,) * frame.width
    # a header's line breaks are kept (its cell wraps): its longest line sets the width
    return [
        min(
            max(max(map(len, name.splitlines() or [""])) * 1.1 + 3, (data or 0) + 2, _MIN_WIDTH),
            _MAX_WIDTH,
        )
        for name, data in zip(frame.columns, lengths, strict=True)
    ]


class SheetWriter:
    """One sheet's XML, written to `out` (a zip entry) a batch of rows at a time."""

    def __init__(self, out: IO[bytes], formats: Mapping[str, str], selected: bool) -> None:
        self.out = out
        self.formats = dict(formats)
        self.selected = selected
        self.columns: list[str] | None = None
        self.rows = 0  # data rows written
        self.size = 0  # bytes of XML written

    def _write(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > _ENTRY_LIMIT:
            from ..errors import OutputError

            raise OutputError(
                "the sheet would pass 2 GB of XML, more than spreadsheet programs open;"
                " write .csv or .parquet"
            )
        self.out.write(data)

    def _start(self, frame: pl.DataFrame) -> None:
        self.columns = frame.columns
        view = ' tabSelected="1"' if self.selected else ""
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{w:.1f}" customWidth="1"/>'
            for i, w in enumerate(_widths(frame), start=1)
        )
        head = (
            f'{_HEAD}<worksheet xmlns="{_NS}" xmlns:r="{_R_NS}">'
            f'<sheetViews><sheetView workbookViewId="0"{view}>'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            "</sheetView></sheetViews>"
            '<sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{cols}</cols>" if cols else "")
            + "<sheetData>"
        )
        self._write(head.encode())
        if self.columns:
            self._write(_header_xml(self.columns))

    def put(self, frame: pl.DataFrame) -> None:
        """Append `frame`'s rows (the first frame also gives the header and the widths)."""
        import polars as pl

        if self.columns is None:
            self._start(frame)
        if not frame.height or not frame.width:
            return
        if frame.columns != self.columns:
            frame = frame.select(self.columns)  # type: ignore[arg-type]
        frame = _plain(frame)
        for part in frame.iter_slices(_CHUNK_ROWS):
            first = self.rows + 2  # the sheet's row of the part's first row
            row = pl.int_range(first, first + pl.len(), dtype=pl.Int64).cast(pl.String)
            xml = pl.concat_str(
                pl.lit('<row r="'),
                row,
                pl.lit('">'),
                *_cells(part, row, self.formats),
                pl.lit("</row>"),
                ignore_nulls=True,
            )
            # written by polars as bytes: a Python string of the batch cost three times as much
            buffer = io.BytesIO()
            part.select(xml).write_csv(buffer, include_header=False, quote_style="never")
            self._write(buffer.getvalue())
            self.rows += part.height

    def end(self) -> None:
        """The end of the sheet: its autofilter over the header and every row."""
        if self.columns is None:
            import polars as pl

            self._start(pl.DataFrame())
        assert self.columns is not None
        tail = "</sheetData>"
        if self.columns:
            last = f"{column_letters(len(self.columns) - 1)}{self.rows + 1}"
            tail += f'<autoFilter ref="A1:{last}"/>'
        tail += (
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3"'
            ' footer="0.3"/></worksheet>'
        )
        self._write(tail.encode())

    @property
    def filter_range(self) -> str | None:
        if not self.columns:
            return None
        return f"$A$1:${column_letters(len(self.columns) - 1)}${self.rows + 1}"


class Workbook:
    """An .xlsx file written in one pass: sheets one after the other, each a stream of rows.

    `add_sheet` opens a sheet (the one before it is ended); `put` appends rows to the open
    sheet; `close` writes the workbook part and closes the file. `abandon` closes the file
    without finishing it (the caller removes it).
    """

    def __init__(self, path: str) -> None:
        self.zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=_COMPRESSLEVEL)
        self.names: list[str] = []
        self.filters: list[str | None] = []
        self.sheet: SheetWriter | None = None
        self._entry: IO[bytes] | None = None

    def add_sheet(self, name: str, formats: Mapping[str, str] | None = None) -> None:
        self._end_sheet()
        (name,) = sheet_names([*self.names, name])[-1:]
        self.names.append(name)
        self._entry = self.zip.open(f"xl/worksheets/sheet{len(self.names)}.xml", "w")
        self.sheet = SheetWriter(self._entry, formats or {}, selected=len(self.names) == 1)

    def put(self, frame: pl.DataFrame) -> None:
        assert self.sheet is not None, "add_sheet first"
        self.sheet.put(frame)

    def _end_sheet(self) -> None:
        if self.sheet is None or self._entry is None:
            return
        self.sheet.end()
        self._entry.close()
        self.filters.append(self.sheet.filter_range)
        self.sheet, self._entry = None, None

    def close(self) -> None:
        self._end_sheet()
        if not self.names:
            self.add_sheet("Sheet1")
            self._end_sheet()
        n = len(self.names)
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        self.zip.writestr(
            "[Content_Types].xml",
            f'{_HEAD}<Types xmlns="{_PKG}/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{sheets}</Types>",
        )
        self.zip.writestr(
            "_rels/.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_DOC}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        self.zip.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG}/relationships">{rels}'
            f'<Relationship Id="rId{n + 1}" Type="{_DOC}/styles" Target="styles.xml"/>'
            "</Relationships>",
        )
        entries = "".join(
            f'<sheet name="{_text(name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(self.names, start=1)
        )
        # the autofilters' ranges, as Excel itself names them
        defined = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"{_text(_quoted(name))}!{ref}</definedName>"
            for i, (name, ref) in enumerate(zip(self.names, self.filters, strict=True))
            if ref is not None
        )
        self.zip.writestr(
            "xl/workbook.xml",
            f'{_HEAD}<workbook xmlns="{_NS}" xmlns:r="{_R_NS}">'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{entries}</sheets>"
            + (f"<definedNames>{defined}</definedNames>" if defined else "")
            + "</workbook>",
        )
        self.zip.writestr("xl/styles.xml", _STYLES)
        self.zip.close()

    def abandon(self) -> None:
        """Close the file, unfinished (on a failure: the caller removes it)."""
        try:
            if self._entry is not None:
                with contextlib.suppress(Exception):  # the file is being thrown away
                    self._entry.close()
        finally:
            self.zip.close()


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def write_workbook(path: str, sheets: list[Sheet]) -> None:
    """Write `sheets` as one workbook at `path` (small tables: a report, a template)."""
    book = Workbook(path)
    try:
        for sheet in sheets:
            book.add_sheet(sheet.name, sheet.formats)
            book.put(sheet.frame)
        book.close()
    except BaseException:
        book.abandon()
        raise
