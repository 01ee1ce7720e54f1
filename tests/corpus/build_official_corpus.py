"""Write the corpus of lists laid out as offices keep them (files `off_*`; run once, committed).

    python tests/corpus/build_official_corpus.py

Title rows and blank rows above the header, an `STT` column, header cells with line breaks, a
numbering row under the header, totals and blank rows among the households, `x`/blank yes-no
columns and the mapping files that describe them. `cases_official.yaml` says, for each file,
the arguments, the exit code, the counts (rows read, classified, rejected, skipped) and what the
messages must say. The households are `build_corpus.ROWS`: 001 poor, 002 near-poor, 003 not poor.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import xlsxwriter

sys.path.insert(0, str(Path(__file__).parent))
from build_corpus import HEADER, HERE, ROWS, VI_HEADER, put, text

TITLE = ["DANH SÁCH HỘ GIA ĐÌNH RÀ SOÁT NĂM 2024", "Xã Đồn Đạc, huyện Ba Chẽ, tỉnh Quảng Ninh"]
BROKEN = {  # header cells with line breaks, as offices write them
    "Số nhân khẩu": "Số nhân\nkhẩu",
    "Thu nhập bình quân đầu người/tháng": "Thu nhập bình quân\nđầu người/tháng",
}
OFFICIAL = ["STT", *(BROKEN.get(h, h) for h in VI_HEADER)]
NUMBERS = [f"({i + 1})" for i in range(len(OFFICIAL))]
WIDTH = len(OFFICIAL)


def official(rows: list[list[str]]) -> list[list[str]]:
    """The households with their STT."""
    return [[str(i + 1), *r] for i, r in enumerate(rows)]


def totals(label: str = "Tổng cộng", at: int = 0, household_id: str = "") -> list[str]:
    """A totals row: `label` in column `at`, the sums of the member counts."""
    row = [""] * WIDTH
    row[at] = label
    row[1] = household_id  # the Mã hộ column
    for column in range(6, 15):
        if column != 7:  # income is not summed
            row[column] = str(sum(int(r[column - 1]) for r in ROWS if r[column - 1].isdigit()))
    return row


def padded(cells: list[str]) -> list[str]:
    return [*cells, *[""] * (WIDTH - len(cells))]


def marks(rows: list[list[str]]) -> list[list[str]]:
    """Yes/no cells as `x` for yes and blank for no."""
    out = []
    for r in rows:
        out.append([*r[:16], *("x" if c in ("có", "true") else "" for c in r[16:])])
    return out


def workbook(name: str, rows: list[list[object]], header_row: int) -> None:
    """A sheet with `rows` from its row 1 (None or '' cells left empty); `header_row` bold."""
    book = xlsxwriter.Workbook(HERE / name)
    book.set_properties({"created": dt.datetime(2024, 12, 31)})  # the same bytes every run
    sheet = book.add_worksheet("Danh sách")
    bold = book.add_format({"bold": True, "text_wrap": True})
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            if value is None or value == "":
                continue
            if isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value), bold if r + 1 == header_row else None)
    book.close()


def typed(row: list[str]) -> list[object]:
    """An official row as Excel holds it: STT, counts and money as numbers."""
    numeric = (0, *range(6, 15))  # STT, size, income, member counts
    return [int(c) if i in numeric and c.isdigit() else c for i, c in enumerate(row)]


def main() -> None:
    households = official(ROWS)
    # --- CSV saved from an official sheet: title lines padded with separators, a blank line,
    # a header whose cells break over lines (row 4, lines 4-6), the numbering row on row 5,
    # households on rows 6-8, the totals row on row 9: the rows Excel shows, as the workbook's
    put(
        "off_title_rows.csv",
        text(
            [padded([TITLE[1]]), padded([]), OFFICIAL, NUMBERS, *households, totals()],
            header=padded([TITLE[0]]),
        ),
    )
    # --- the same as a workbook: title rows 1-2, blank row 3, header 4, numbering 5,
    # households 6-8, totals 9
    workbook(
        "off_title_rows.xlsx",
        [[TITLE[0]], [TITLE[1]], [], OFFICIAL, NUMBERS, *map(typed, households), totals()],
        header_row=4,
    )
    put(
        "off_numbering_plain.csv", text([[str(i + 1) for i in range(WIDTH)], *households], OFFICIAL)
    )
    workbook(
        "off_numbering_letters.xlsx",
        [OFFICIAL, ["A", "B", *range(1, WIDTH - 1)], *map(typed, households)],
        header_row=1,
    )
    # --- totals rows of every kind: a word in any text column, any case or accents, id empty or
    # the word itself; a household named "Cộng" in the commune "Tổng" is a household
    named = [*households[0][:4], "Tổng", *households[0][5:]]
    named[1], named[0] = "004", "4"
    cong = [*households[1]]
    cong[1], cong[0], cong[4] = "005", "5", "Cộng"
    put(
        "off_totals_words.csv",
        text(
            [
                *households,
                named,
                cong,
                totals("Cộng"),
                totals("TỔNG SỐ:", at=4),
                totals("Tong", at=3),
                totals("", household_id="Tổng cộng"),
            ],
            OFFICIAL,
        ),
    )
    # a totals row whose id cell holds the number of households is not recognised: a reject
    put("off_totals_id_count.csv", text([*households, totals(household_id="3")], OFFICIAL))
    # --- blank rows among the households (one of cells that hold only spaces); the sheet's own
    # row numbers in the rejects file: the bad household is on row 6
    bad = [*households[2]]
    bad[1], bad[7] = "006", "hai triệu"
    workbook(
        "off_blank_rows.xlsx",
        [OFFICIAL, typed(households[0]), [], typed(households[1]), [" "] * WIDTH, bad],
        header_row=1,
    )
    # --- a household on row 29 of a sheet with title rows is 'row 29'
    many = []
    for i in range(24):
        row = [str(i + 1), f"{i + 1:03d}", *ROWS[i % 3][1:]]
        many.append(row)
    many[-1][7] = "không rõ"  # row 6 + 23 = 29
    workbook(
        "off_reject_row_29.xlsx",
        [[TITLE[0]], [TITLE[1]], [], OFFICIAL, NUMBERS, *map(typed, many)],
        header_row=4,
    )
    # --- x for yes, blank for no, with the mapping that says so (and without it)
    workbook(
        "off_marks.xlsx",
        [[TITLE[0]], [], OFFICIAL, NUMBERS, *map(typed, marks(households)), totals()],
        header_row=3,
    )
    put(
        "off_marks.mapping.yaml",
        "# x for yes, blank for no\n"
        "blank_means_false: [safe_water, sanitary_latrine, uses_internet, has_information_device]\n",
    )
    # --- mapping files with mistakes: each is refused with its line
    mapped = [*OFFICIAL]
    mapped[7] = "Thu nhập BQ"
    put("off_mapped.csv", text(households, mapped))
    put("off_mapping_typo.yaml", "# income\nThu nhập BQ: income_per_capita_mont\n")
    put("off_mapping_unknown_option.yaml", "blank_mean_false: [safe_water]\n")
    put(
        "off_mapping_not_yes_no.yaml",
        "Thu nhập BQ: income_per_capita_month\nblank_means_false: [area]\n",
    )
    put(
        "off_mapping_absent_header.yaml",
        "Thu nhập BQ: income_per_capita_month\nMã HGĐ: household_id\n",
    )
    put("off_mapping_wrong_header.yaml", "TNBQ: income_per_capita_month\n")
    # --- the header named with --header-row; a title block that is no header
    put("off_header_row.csv", "Ghi chú: số liệu năm 2024\n\n" + text(households, OFFICIAL))
    workbook(
        "off_no_known_header.xlsx",
        [[TITLE[0]], [], ["STT", "Tên", "Địa chỉ", "Điện thoại"], ["1", "A", "B", "C"]],
        header_row=3,
    )
    # --- an extra column of vn-2016-2020 under its Vietnamese label; and missing
    sick = "Số thành viên bị ốm đau không đi khám chữa bệnh"
    put("off_extra_label.csv", text([[*r, "0"] for r in ROWS], [*HEADER, sick]))


if __name__ == "__main__":
    main()
