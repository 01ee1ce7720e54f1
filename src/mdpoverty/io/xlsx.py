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

A sheet may also have title lines above its header, a boxed header, rows or columns in bold
and columns frozen beside the header (`Layout`): the report's tables.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import IO, TYPE_CHECKING

from ..columns import col as column

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
    TEXT = "text"  # text even when it reads as a number (a number keeps its own format)
    BOOLEAN = "boolean"  # the texts true and false as TRUE and FALSE, any other text as text


# cellXfs of the stylesheet; numFmtId 3, 4 and 10 are Excel's built-in #,##0, #,##0.00, 0.00%
# (shown with the reader's own separators: 1.500.000 in a Vietnamese Excel)
_XF = {"general": 0, "header": 1, "count": 2, "decimal": 3, "share": 4}
_XF_BOLD = {"general": 5, "count": 6, "decimal": 7, "share": 8}
_XF_TITLE = 9
_XF_BOXED_HEADER = 10

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_FONT = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
_THIN = '<left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
_THIN += _THIN.replace("left", "top").replace("right", "bottom")
_WRAP = '<alignment vertical="top" wrapText="1"/>'
_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_NS}">'
    f'<fonts count="3"><font>{_FONT}</font><font><b/>{_FONT}</font>'
    '<font><b/><sz val="13"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/>'
    "</patternFill></fill></fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    f"<border>{_THIN}<diagonal/></border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="11">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"'
    f' applyAlignment="1">{_WRAP}</xf>'
    '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    # the same four in bold (_XF_BOLD), a title, and the report's boxed header
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    + "".join(
        f'<xf numFmtId="{n}" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"'
        ' applyFont="1"/>'
        for n in (3, 4, 10)
    )
    + '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1"'
    f' applyBorder="1" applyAlignment="1">{_WRAP}</xf>'
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
class Layout:
    """How a sheet is laid out around its rows. The default is mdpoverty's tables: the column
    names as a bold header on row 1, kept in view, with a filter; widths from the values."""

    titles: tuple[str, ...] = ()  # lines above the header (the first as a title), then a blank
    header: tuple[str, ...] | None = None  # the header's texts (default: the column names)
    headless: bool = False  # no header, so no filter or frozen rows: a sheet of lines
    boxed_header: bool = False  # the header cells bordered on a light blue fill
    bold_rows: str | None = None  # a Boolean column (not written): its true rows in bold
    bold_columns: frozenset[str] = frozenset()
    frozen_columns: int = 0  # columns kept in view beside the data
    widths: tuple[float, ...] | None = None  # a width per column, in characters

    @property
    def header_row(self) -> int:
        """The sheet's row of the header (1-based): below the titles and a blank row."""
        return len(self.titles) + (2 if self.titles else 1)

    @property
    def first_row(self) -> int:
        """The sheet's row of the first row of data."""
        return self.header_row + (0 if self.headless else 1)


@dataclass(frozen=True)
class Sheet:
    """A sheet to write: its name, its rows, and number formats for some columns (others by
    type: whole numbers as counts, exact decimals as money, text that is a number as typed).

    The rows are a frame, or frames written one below the other: a column may hold text in
    one and numbers in another (an About sheet's values)."""

    name: str
    frame: pl.DataFrame | Sequence[pl.DataFrame]
    formats: Mapping[str, str] = field(default_factory=dict)
    layout: Layout = field(default_factory=Layout)


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


def _style(fmt: str | None, bold: bool = False) -> str:
    index = (_XF_BOLD if bold else _XF).get(fmt or "general", _XF_BOLD["general"] if bold else 0)
    return f' s="{index}"' if index else ""


def _styled(fmt: str | None, bold: pl.Expr | bool) -> pl.Expr:
    """The style attribute of a cell of format `fmt`, in bold where `bold` is true."""
    import polars as pl

    if isinstance(bold, bool):
        return pl.lit(_style(fmt, bold))
    return pl.when(bold).then(pl.lit(_style(fmt, True))).otherwise(pl.lit(_style(fmt)))


def _plain(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with any column that is not text, a number or true/false as text."""
    import polars as pl

    def kept(dtype: pl.DataType) -> bool:
        return (
            dtype in (pl.String, pl.Boolean) or dtype.is_numeric() or isinstance(dtype, pl.Decimal)
        )

    other = [n for n, t in frame.schema.items() if not kept(t)]
    return frame.with_columns(column(n).cast(pl.String) for n in other) if other else frame


def _money_style(value: pl.Expr, bold: pl.Expr | bool = False) -> pl.Expr:
    """#,##0 for a whole value (as text), #,##0.00 otherwise."""
    import polars as pl

    whole = ~value.str.contains(r"\.[0-9]*[1-9]")
    return pl.when(whole).then(_styled("count", bold)).otherwise(_styled("decimal", bold))


def _cells(
    frame: pl.DataFrame,
    columns: list[str],
    row: pl.Expr,
    formats: Mapping[str, str],
    bold: pl.Expr | bool = False,
    bold_columns: frozenset[str] = frozenset(),
) -> list[pl.Expr]:
    """One expression per column of `columns` in `frame` (see `_plain`): the cell's XML, or
    null for an empty cell; in bold where `bold` is true and in `bold_columns`."""
    import polars as pl

    cells: list[pl.Expr] = []
    for index, name in enumerate(columns):
        dtype = frame.schema[name]
        col = column(name)
        fmt = formats.get(name)
        strong = True if name in bold_columns else bold
        ref = pl.concat_str(pl.lit(f'<c r="{column_letters(index)}'), row)

        def number(value: pl.Expr, style: pl.Expr, ref: pl.Expr = ref) -> pl.Expr:
            return pl.concat_str(ref, pl.lit('"'), style, pl.lit("><v>"), value, pl.lit("</v></c>"))

        if fmt == NumberFormat.TEXT and dtype != pl.String:
            fmt = None  # a number among text (an About sheet's counts) keeps its own format
        if dtype == pl.Boolean:
            value = col.cast(pl.Int8).cast(pl.String)
            style = _styled(None, strong)
            cell = pl.concat_str(ref, pl.lit('"'), style, pl.lit(' t="b"><v>'), value)
            cell = pl.concat_str(cell, pl.lit("</v></c>"))
        elif dtype.is_integer():
            cell = number(col.cast(pl.String), _styled(fmt or NumberFormat.COUNT, strong))
        elif isinstance(dtype, pl.Decimal) or dtype.is_float():
            value = col.cast(pl.String)
            if isinstance(dtype, pl.Decimal):  # a whole amount whole: 1500000, not 1500000.00
                value = value.str.replace(r"\.0+$", "")
            default = NumberFormat.MONEY if isinstance(dtype, pl.Decimal) else None
            fmt = fmt or default
            money = fmt == NumberFormat.MONEY
            style = _money_style(value, strong) if money else _styled(fmt, strong)
            cell = number(value, style)
            if dtype.is_float():  # NaN and infinity are no number a sheet holds
                cell = pl.when(col.is_finite()).then(cell)
        else:
            text = pl.concat_str(
                ref,
                pl.lit('"'),
                _styled(None, strong),
                pl.lit(' t="inlineStr"><is>'),
                _escaped(col, frame.get_column(name).alias("cells")),
                pl.lit("</t></is></c>"),
            )
            if fmt == NumberFormat.TEXT:
                cells.append(text)
                continue
            truth = None
            if fmt == NumberFormat.BOOLEAN:
                fmt = None
                value = pl.when(col == "true").then(pl.lit("1")).otherwise(pl.lit("0"))
                truth = pl.concat_str(
                    ref, pl.lit('"'), _styled(None, strong), pl.lit(' t="b"><v>'), value
                )
                truth = pl.concat_str(truth, pl.lit("</v></c>"))
            # the digits of a plain number: its length less a sign and a point
            digits = (
                col.str.len_bytes()
                - col.str.starts_with("-").cast(pl.UInt32)
                - col.str.contains(".", literal=True).cast(pl.UInt32)
            )
            plain = col.str.contains(_PLAIN_NUMBER) & (digits <= _MAX_DIGITS)
            money = fmt == NumberFormat.MONEY
            style = _money_style(col, strong) if money else _styled(fmt, strong)
            # an empty text is an empty cell, as a missing one
            cell = (
                pl.when(col == "").then(None).when(plain).then(number(col, style)).otherwise(text)
            )
            if truth is not None:
                cell = pl.when(col.is_in(["true", "false"])).then(truth).otherwise(cell)
        cells.append(cell)
    return cells


def _line_xml(texts: Sequence[str], row: int, style: int) -> bytes:
    """A row of text cells from column A, such as the header."""
    s = f' s="{style}"' if style else ""
    cells = "".join(
        f'<c r="{column_letters(i)}{row}" t="inlineStr"{s}><is><t xml:space="preserve">'
        f"{_text(text)}</t></is></c>"
        for i, text in enumerate(texts)
    )
    return f'<row r="{row}">{cells}</row>\n'.encode()


def _pane(x: int, y: int) -> str:
    """The frozen pane of `x` columns and `y` rows (y > 0), and its selections, as Excel writes
    them."""
    corner = f"{column_letters(x)}{y + 1}"
    if not x:
        return (
            f'<pane ySplit="{y}" topLeftCell="{corner}" activePane="bottomLeft" state="frozen"/>'
            f'<selection pane="bottomLeft" activeCell="{corner}" sqref="{corner}"/>'
        )
    right, below = f"{column_letters(x)}1", f"A{y + 1}"
    return (
        f'<pane xSplit="{x}" ySplit="{y}" topLeftCell="{corner}" activePane="bottomRight"'
        ' state="frozen"/>'
        f'<selection pane="topRight" activeCell="{right}" sqref="{right}"/>'
        f'<selection pane="bottomLeft" activeCell="{below}" sqref="{below}"/>'
        '<selection pane="bottomRight"/>'
    )


def _widths(frame: pl.DataFrame, header: Sequence[str]) -> list[float]:
    """A width per column: its header's longest line (bold, with the filter's button) or its
    longest value in `frame` (numbers with their separators), within bounds."""
    import polars as pl

    frame = frame.head(_WIDTH_SAMPLE)
    if frame.height:
        lengths = frame.select(
            (
                column(n).cast(pl.String).str.len_chars()
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
        for name, data in zip(header, lengths, strict=True)
    ]


class SheetWriter:
    """One sheet's XML, written to `out` (a zip entry) a batch of rows at a time."""

    def __init__(
        self,
        out: IO[bytes],
        formats: Mapping[str, str],
        selected: bool,
        layout: Layout | None = None,
    ) -> None:
        self.out = out
        self.formats = dict(formats)
        self.selected = selected
        self.layout = layout or Layout()
        self.columns: list[str] | None = None
        self.rows = 0  # data rows written
        self.size = 0  # bytes of XML written
        self.header_row = self.layout.header_row
        self.first_row = self.layout.first_row

    def _write(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > _ENTRY_LIMIT:
            from ..errors import OutputError

            raise OutputError(
                "the sheet would pass 2 GB of XML, more than spreadsheet programs open;"
                " write .csv or .parquet",
                key="output.xlsx_too_large",
            )
        self.out.write(data)

    def _start(self, frame: pl.DataFrame) -> None:
        layout = self.layout
        self.columns = [c for c in frame.columns if c != layout.bold_rows]
        header = list(layout.header) if layout.header is not None else self.columns
        assert len(header) == len(self.columns), "a header text for each column"
        widths = layout.widths or _widths(frame.select(column(c) for c in self.columns), header)
        view = ' tabSelected="1"' if self.selected else ""
        pane = "" if layout.headless else _pane(layout.frozen_columns, self.header_row)
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{w:.1f}" customWidth="1"/>'
            for i, w in enumerate(widths, start=1)
        )
        head = (
            f'{_HEAD}<worksheet xmlns="{_NS}" xmlns:r="{_R_NS}">'
            f'<sheetViews><sheetView workbookViewId="0"{view}>{pane}</sheetView></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{cols}</cols>" if cols else "")
            + "<sheetData>"
        )
        self._write(head.encode())
        for i, title in enumerate(layout.titles):
            self._write(_line_xml([title], i + 1, _XF_TITLE if i == 0 else 0))
        if self.columns and not layout.headless:
            style = _XF_BOXED_HEADER if layout.boxed_header else _XF["header"]
            self._write(_line_xml(header, self.header_row, style))

    def put(self, frame: pl.DataFrame) -> None:
        """Append `frame`'s rows (the first frame also gives the header and the widths)."""
        import polars as pl

        if self.columns is None:
            self._start(frame)
        assert self.columns is not None
        if not frame.height or not self.columns:
            return
        bold = self.layout.bold_rows
        wanted = [*self.columns, *([bold] if bold else [])]
        if frame.columns != wanted:
            frame = frame.select(column(c) for c in wanted)
        frame = _plain(frame)
        for part in frame.iter_slices(_CHUNK_ROWS):
            first = self.first_row + self.rows  # the sheet's row of the part's first row
            row = pl.int_range(first, first + pl.len(), dtype=pl.Int64).cast(pl.String)
            cells = _cells(
                part,
                self.columns,
                row,
                self.formats,
                pl.col(bold) if bold else False,
                self.layout.bold_columns,
            )
            xml = pl.concat_str(
                pl.lit('<row r="'), row, pl.lit('">'), *cells, pl.lit("</row>"), ignore_nulls=True
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
        tail = "</sheetData>"
        if self.filter_range is not None:
            tail += f'<autoFilter ref="{self.filter_range.replace("$", "")}"/>'
        tail += (
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3"'
            ' footer="0.3"/></worksheet>'
        )
        self._write(tail.encode())

    @property
    def filter_range(self) -> str | None:
        if not self.columns or self.layout.headless:
            return None
        last = column_letters(len(self.columns) - 1)
        return f"$A${self.header_row}:${last}${self.header_row + self.rows}"


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

    def add_sheet(
        self, name: str, formats: Mapping[str, str] | None = None, layout: Layout | None = None
    ) -> None:
        self._end_sheet()
        (name,) = sheet_names([*self.names, name])[-1:]
        self.names.append(name)
        self._entry = self.zip.open(f"xl/worksheets/sheet{len(self.names)}.xml", "w")
        self.sheet = SheetWriter(self._entry, formats or {}, len(self.names) == 1, layout)

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
        """Close the file, unfinished (on a failure: the caller removes it). It never raises:
        closing writes the zip's directory, which fails again on a full disk, and that must
        not hide the failure that is being reported."""
        with contextlib.suppress(Exception):  # the file is being thrown away
            if self._entry is not None:
                self._entry.close()
        with contextlib.suppress(Exception):  # zipfile closes its file in a `finally`
            self.zip.close()


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def write_workbook(path: str, sheets: list[Sheet]) -> None:
    """Write `sheets` as one workbook at `path` (small tables: a report, a template)."""
    import polars as pl

    book = Workbook(path)
    try:
        for sheet in sheets:
            book.add_sheet(sheet.name, sheet.formats, sheet.layout)
            frames = [sheet.frame] if isinstance(sheet.frame, pl.DataFrame) else sheet.frame
            for frame in frames:
                book.put(frame)
        book.close()
    except BaseException:
        book.abandon()  # never raises: the failure is the one reported
        raise
