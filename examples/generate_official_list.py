"""Write `danh-sach-ra-soat.xlsx`: a synthetic household list laid out as a commune office keeps it.

SYNTHETIC DATA: no real household is in it; names, villages and numbers are made up. The layout
is what real lists look like (see the README, "The input"): two title rows and a blank row above
the header, an `STT` column, header cells with line breaks, a numbering row `(1) (2) (3) ...`
under the header, yes/no columns marked `x` for yes and left blank for no, and a totals row
(`Tổng cộng`) at the bottom. Incomes are numbers shown with thousands separators, household
codes are text (`0101` keeps its zero).

It classifies with no hand edits, with the mapping file beside it, which maps the one header
that differs from mdpoverty's Vietnamese headers and says that a blank means "no" in the four
yes/no columns:

    pip install xlsxwriter  # or '.[test]': mdpoverty itself does not need it
    python examples/generate_official_list.py
    mdpoverty classify examples/danh-sach-ra-soat.xlsx \\
        --columns examples/danh-sach-ra-soat.mapping.yaml --as-of 2024-12-31

The output is the same on every run (seeded; the workbook's creation date is fixed).

`--two-row-header` writes the same list with its header merged over two rows (rows 4-5): the
indicator columns under one group label merged across them, the other header cells merged down.

`--marks` writes the same households as a list of deprivation marks, as offices keep the
review's result: under the group label `Các chỉ số thiếu hụt` (a header over two rows), one
column per indicator of the national 2022-2025 standard, `x` where the household is deprived,
blank where it is not, in place of the answers. Classified, it gives the same classes and
deprivation counts as the list of answers of the same seed (tests/test_marks.py checks it):

    python examples/generate_official_list.py --marks -o /tmp/danh-sach-thieu-hut.xlsx
    mdpoverty classify /tmp/danh-sach-thieu-hut.xlsx \
        --columns examples/danh-sach-ra-soat.mapping.yaml --as-of 2024-12-31
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

try:
    import xlsxwriter
except ImportError:  # a test dependency, not mdpoverty's
    raise SystemExit("this generator needs xlsxwriter: pip install xlsxwriter") from None

HERE = Path(__file__).parent
SEED = 20241231
HOUSEHOLDS = 30
VILLAGES = ["Thôn Khe Lọng", "Thôn Làng Cổng", "Thôn Tầu Tiên", "Thôn Khe Tâm"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vi", "Lý", "Đặng", "Triệu", "Bàn"]
MIDDLE = ["Văn", "Thị", "Đức", "Ngọc", "Minh", "Thu", "Quốc"]
GIVEN = ["An", "Bình", "Chiến", "Dung", "Giang", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Sơn"]

# (header as the office writes it, width); line breaks as in the cells
COLUMNS = [
    ("STT", 5),
    ("Mã hộ", 8),
    ("Họ và tên\nchủ hộ", 22),
    ("Thôn", 16),
    ("Khu vực", 11),
    ("Số nhân\nkhẩu", 8),
    ("Thu nhập BQ\nđầu người/tháng\n(đồng)", 16),
    ("Số người\nthiếu việc làm", 10),
    ("Số người\nphụ thuộc", 10),
    ("Số trẻ em\nsuy dinh dưỡng", 10),
    ("Số người\nkhông có BHYT", 10),
    ("Số người 16-30 tuổi\nthiếu trình độ", 12),
    ("Số trẻ em không đi học\nđúng độ tuổi", 12),
    ("Số kết cấu\nkhông bền chắc", 10),
    ("Diện tích\nnhà ở (m2)", 10),
    ("Nước\nsạch", 7),
    ("Nhà tiêu\nhợp vệ sinh", 9),
    ("Sử dụng\ninternet", 9),
    ("Có phương tiện\nthông tin", 11),
    ("Ghi chú", 14),
]
COUNTS = range(7, 13)  # the columns of member counts
GROUPED = range(7, 19)  # under the group label, with --two-row-header
GROUP = "Các chỉ số dịch vụ xã hội cơ bản"  # the answers; not "thiếu hụt": marks
MARKS = range(15, 19)  # the yes/no columns: x or blank
DEPRIVATION_GROUP = "Các chỉ số thiếu hụt"  # with --marks, over the indicators' columns
# with --marks: the indicators of vn-2022-2025 in its order, each column headed by the
# indicator's name as a list writes it, and whether a household (its cells in COLUMNS' order)
# is deprived in it, by the standard's rule (thresholds/vn-2022-2025.yaml)
INDICATOR_MARKS = [
    ("Việc làm", lambda h: h[7] >= 1),
    ("Người phụ thuộc\ntrong hộ gia đình", lambda h: 2 * h[8] > h[5]),  # share > 0.5
    ("Dinh dưỡng", lambda h: h[9] >= 1),
    ("BHYT", lambda h: h[10] >= 1),  # bảo hiểm y tế, as lists abbreviate it
    ("Trình độ giáo dục\ncủa người lớn", lambda h: h[11] >= 1),
    ("Tình trạng đi học\ncủa trẻ em", lambda h: h[12] >= 1),
    ("Chất lượng\nnhà ở", lambda h: h[13] >= 2),
    ("Diện tích nhà ở\nbình quân đầu người", lambda h: h[14] < 8 * h[5]),  # m2 per person < 8
    ("Nguồn nước\nsinh hoạt", lambda h: h[15] != "x"),
    ("Nhà tiêu\nhợp vệ sinh", lambda h: h[16] != "x"),
    ("Sử dụng dịch vụ\nviễn thông", lambda h: h[17] != "x"),
    ("Phương tiện phục vụ\ntiếp cận thông tin", lambda h: h[18] != "x"),
]


def household(rng: random.Random, number: int) -> list[object]:
    """One household's cells, in COLUMNS' order."""
    size = rng.choice([1, 2, 3, 3, 4, 4, 4, 5, 5, 6, 7])
    kind = rng.random()
    if kind < 0.2:  # at or below the rural line (1,500,000), often deprived
        income = rng.randrange(700_000, 1_500_001, 10_000)
        weight = 0.45
    elif kind < 0.35:  # in the average band (up to 2,250,000)
        income = rng.randrange(1_510_000, 2_250_001, 10_000)
        weight = 0.2
    else:
        income = rng.randrange(2_300_000, 6_000_001, 50_000)
        weight = 0.08
    if number == 1:
        income = 1_500_000  # exactly at the line: near-poor or poor, never average
    counts = [min(size, 1) if rng.random() < weight else 0 for _ in COUNTS]
    counts[1] = size // 2 + 1 if rng.random() < weight else 0  # dependants: more than half
    structures = rng.choice([0, 0, 0, 1, 2]) if rng.random() < weight else 0
    area = rng.choice([6, 7, 8]) * size if rng.random() < weight else rng.randrange(30, 120)
    marks = ["" if rng.random() < weight else "x" for _ in MARKS]
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    note = rng.choice(["", "", "", "Hộ mới tách", "Chủ hộ là người cao tuổi"])
    return [
        number,
        f"01{number:02d}",
        name,
        rng.choice(VILLAGES),
        "Nông thôn",
        size,
        income,
        *counts,
        structures,
        area,
        *marks,
        note,
    ]


def as_marks(values: list[object]) -> list[object]:
    """A household's cells in a list of deprivation marks: the answers (COLUMNS 7-18) replaced
    by one cell per indicator, x where it is deprived, blank where not."""
    marks = ["x" if deprived(values) else "" for _, deprived in INDICATOR_MARKS]
    return [*values[:7], *marks, values[-1]]


def write(
    path: Path,
    seed: int = SEED,
    households: int = HOUSEHOLDS,
    two_rows: bool = False,
    marks: bool = False,
) -> None:
    rng = random.Random(seed)
    rows = [household(rng, i + 1) for i in range(households)]
    columns, group, counts, marked = COLUMNS, GROUP, COUNTS, MARKS
    if marks:  # a header over two rows, the indicators' marks under their group label
        two_rows, group, counts = True, DEPRIVATION_GROUP, range(0)
        columns = [*COLUMNS[:7], *((name, 11) for name, _ in INDICATOR_MARKS), COLUMNS[-1]]
        marked = range(7, 7 + len(INDICATOR_MARKS))
        rows = [as_marks(values) for values in rows]
    book = xlsxwriter.Workbook(str(path))
    book.set_properties(
        {"title": "Danh sách hộ gia đình rà soát (dữ liệu tổng hợp, không có thật)",
         "created": dt.datetime(2024, 12, 31)}
    )  # fmt: skip
    sheet = book.add_worksheet("Danh sách")
    title = book.add_format({"bold": True, "align": "center", "font_size": 13})
    plain = book.add_format({"align": "center"})
    head = book.add_format(
        {"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1}
    )
    numbering = book.add_format({"italic": True, "align": "center", "border": 1})
    cell = book.add_format({"border": 1})
    money = book.add_format({"border": 1, "num_format": "#,##0"})
    mark = book.add_format({"border": 1, "align": "center"})
    total = book.add_format({"bold": True, "border": 1})
    total_number = book.add_format({"bold": True, "border": 1, "num_format": "#,##0"})
    last = len(columns) - 1

    sheet.merge_range(0, 0, 0, last, "DANH SÁCH HỘ GIA ĐÌNH RÀ SOÁT NĂM 2024", title)
    sheet.merge_range(1, 0, 1, last, "Xã Đồn Đạc, huyện Ba Chẽ, tỉnh Quảng Ninh", plain)
    header = 3  # the sheet's row 4
    below = header + 2 if two_rows else header + 1  # the numbering row
    for col, (text, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        if not two_rows:
            sheet.write_string(header, col, text, head)
        elif col in GROUPED:
            sheet.write_string(header + 1, col, text, head)
        else:
            sheet.merge_range(header, col, header + 1, col, text, head)
        sheet.write_string(below, col, f"({col + 1})", numbering)
    if two_rows:
        sheet.merge_range(header, GROUPED[0], header, GROUPED[-1], group, head)
        sheet.set_row(header, 24)
        sheet.set_row(header + 1, 62)
    else:
        sheet.set_row(header, 62)
    first = below + 1
    for r, values in enumerate(rows):
        for col, value in enumerate(values):
            if col == 1:
                sheet.write_string(first + r, col, str(value), cell)  # a code, not a number
            elif col == 6:
                sheet.write_number(first + r, col, value, money)
            elif col in marked:
                sheet.write_string(first + r, col, str(value), mark)
            elif isinstance(value, int):
                sheet.write_number(first + r, col, value, cell)
            else:
                sheet.write_string(first + r, col, str(value), cell)
    end = first + len(rows)
    sheet.merge_range(end, 0, end, 2, "Tổng cộng", total)
    sheet.write_number(end, 5, sum(int(v[5]) for v in rows), total_number)
    for col in counts:
        sheet.write_number(end, col, sum(int(v[col]) for v in rows), total_number)
    sheet.freeze_panes(first, 0)
    book.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=HERE / "danh-sach-ra-soat.xlsx")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--households", type=int, default=HOUSEHOLDS)
    parser.add_argument(
        "--two-row-header", action="store_true", help="the header merged over two rows"
    )
    parser.add_argument(
        "--marks",
        action="store_true",
        help="a list of deprivation marks (x where deprived) in place of the answers",
    )
    args = parser.parse_args()
    write(args.output, args.seed, args.households, args.two_row_header, args.marks)


if __name__ == "__main__":
    main()
