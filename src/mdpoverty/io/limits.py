"""What an input file may ask of the machine: each limit with its reason (README: Limits).

A file over a limit is refused before the work it would cost is done, with a message that names
the limit; every limit is far above what a real household table needs.
"""

from __future__ import annotations

from ..errors import ResourceError

# Columns in a table: Excel's widest sheet (XFD). A household table has a few dozen; a wider file
# is not one, and every column costs planning and memory in each batch of rows. Batches are
# bounded by their cells (io/batches.py), so 1,000 survey columns stay within a household run's
# memory; 4,000 (a large DHS recode) took 0.9 GB and 16,000 took 2.0 GB (benchmarks/README.md,
# "Wide inputs"): kept, as refusing a real survey file would be worse than that memory.
MAX_COLUMNS = 16_384

# Bytes in one line of a CSV/TSV file, the header included: 64 columns of Excel's longest cell
# (32,767 characters) fit. A file without line breaks would otherwise be read as one record,
# at about ten times its size in memory (1 GB took 10.5 GB).
MAX_LINE_BYTES = 8 << 20

# Bytes of text in one cell of a Parquet file: a workbook's cell is held to as much XML
# (readers._CELL_BYTES), eight times Excel's longest cell. A 16 KB Parquet file (zstd) holding a
# 300 MB cell otherwise cost 1.6 GB and wrote 900 MB of output. Checked on each batch as it is
# read, before any of it is written; the row group holding the cell is read whole first (polars
# gives no size of a cell before it reads it).
MAX_PARQUET_CELL_BYTES = 1 << 18

# An .xlsx workbook is read whole into memory, so it is checked from its zip directory first.
# Uncompressed size of all its parts: a full Excel sheet (1,048,576 rows) of the household
# columns is about 0.8 GB of XML; larger tables belong in CSV or Parquet, which are streamed.
XLSX_MAX_UNCOMPRESSED = 1 << 30
# How many times larger than its compressed size a part may be: real sheets compress 5-20 times;
# a "zip bomb" compresses hundreds of times. 100 is Apache POI's threshold for the same check.
XLSX_MAX_RATIO = 100
# Parts smaller than this are not held to the ratio: tiny parts (styles, a one-cell sheet) may
# compress very well, and cannot cost much whatever their ratio.
XLSX_RATIO_FROM_BYTES = 1 << 20
# Cells in the range a sheet spans (rows x columns from its first to its last cell): the reader
# holds every cell of that range, empty or not (about 30-65 bytes each), so two cells placed far
# apart in a 6 KB file asked for 24 GB. A full Excel sheet of the household columns fits.
XLSX_MAX_CELLS = 20_000_000
# A sheet spanning more than this many cells must hold at least one cell in
# `XLSX_MAX_SPARSENESS` of them: a few cells typed far below or beside a table (a stray value in
# row 200,000) would otherwise cost the memory of the whole range and as many empty rows.
XLSX_SPARSE_CELLS = 1_000_000
XLSX_MAX_SPARSENESS = 10

# A workbook's styles part (xl/styles.xml) is read whole, and each cell style's number format
# looked at when a money cell's decimals are read as shown (`readers._read_as_shown`): a 5 KB
# workbook whose 15,000 styles named one 50,000-character format ran over 5 minutes, and 3,000,000
# styles (37 MB) cost 102 s and 0.9 GB for 2 rows. Excel itself allows 64,000 cell formats and
# number formats of 255 characters; a styles part of Excel's most (64,000 cell formats, as many
# named ones, fonts and fills) is some 30 MB.
XLSX_MAX_STYLES_BYTES = 64 << 20
XLSX_MAX_CELL_STYLES = 64_000
XLSX_MAX_FORMAT_CHARS = 255
# Text a sheet's cells may give when each shared-string cell is expanded to its string (the
# string's XML, an upper bound of its text, counted once for every cell that refers to it; inline
# text counts in the sheet's own size). A cell refers to a shared string by its index, so a 430 KB
# workbook of 120,000 cells naming one 30,000-character string asked for 3.6 billion characters
# and took 7.1 GB (450 MB of it took 1 GB). A sheet may expand to this much, or to as much as its
# own XML (which `XLSX_MAX_UNCOMPRESSED` bounds): sharing then costs no more than the same text
# written in each cell. A full Excel sheet of household columns expands to about its XML's size.
XLSX_MAX_SHEET_TEXT = 256 << 20

# Characters in a header: a cell of the header row (or rows), a group label, and a column's
# combined name under one (`group / sub`). The longest header in the shipped forms and office
# lists is under 200 characters. A group label is copied into every column under it, and each
# name is folded and matched many times: a 16 KB label over 200 columns cost 5.9 s, and a
# label as long as a line allows over 16,384 columns would be gigabytes of names. A standard's
# mark_headers are held to it too, so the value lives in columns.py (the loader sits below io).
from ..columns import MAX_HEADER_CHARS as MAX_HEADER_CHARS  # noqa: E402

# Characters of all a table's headers together. Each name is held, folded and matched in several
# passes, and polars copies long names: 16,000 columns under a 900-character group label (a 3 MB
# file) cost 49 s and 3.7 GB, about 200 bytes a character. A million characters (16,384 columns
# of 61 on average; a 4,000-column survey recode has about 40,000) bounds that near 200 MB.
MAX_HEADER_TOTAL_CHARS = 1_000_000


def out_of_memory(file: str | None = None) -> ResourceError:
    """The one message for a run the machine refused memory or a thread."""
    return ResourceError(
        "not enough memory: the system refused mdpoverty memory or a thread (a limit such as"
        " `ulimit -v` or a container's, or other work on the machine); classify and compare"
        " use about 600 MB whatever the input's size (README, 'National scale'), with"
        " --members about 900 MB at national scale, and polars reserves more address space"
        " than it uses (a `ulimit -v` needs several GB); free memory or raise the limit, and"
        " run the command again",
        file=file,
        key="run.out_of_memory",
    )
