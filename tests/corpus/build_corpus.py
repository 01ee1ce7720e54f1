"""Write the corpus of awkward and bad input files (run once; the files are committed).

    python tests/corpus/build_corpus.py

Each file is small and holds the same three households unless the case is about breaking them.
`cases.yaml` beside it says, for each file, the command's arguments, the exit code and what the
messages must say. Files that must hold exact bytes (BOM, cp1258, CRLF, binary) are made here
rather than typed.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import polars as pl

HERE = Path(__file__).parent / "files"

HEADER = [
    "household_id", "province", "district", "commune", "area", "household_size",
    "income_per_capita_month", "working_age_unemployed", "dependents",
    "children_under16_malnourished", "members_6plus_without_health_insurance",
    "members_16_30_lacking_education", "children_3_15_not_in_school",
    "non_durable_main_structures", "floor_area_m2", "safe_water", "sanitary_latrine",
    "uses_internet", "has_information_device",
]  # fmt: skip
VI_HEADER = [
    "Mã hộ", "Tỉnh", "Huyện", "Xã", "Khu vực", "Số nhân khẩu",
    "Thu nhập bình quân đầu người/tháng", "Số người thiếu việc làm", "Số người phụ thuộc",
    "Số trẻ em suy dinh dưỡng", "Số người không có BHYT", "Số người 16-30 tuổi thiếu trình độ",
    "Số trẻ em không đi học đúng độ tuổi", "Số kết cấu không bền chắc", "Diện tích nhà ở (m2)",
    "Nước sạch", "Nhà tiêu hợp vệ sinh", "Sử dụng internet", "Có phương tiện thông tin",
]  # fmt: skip
# poor (at the rural line, 3 deprivations), near-poor (urban, 2), not poor
ROWS = [
    ["001", "Quảng Ninh", "Ba Chẽ", "Xã Đồn Đạc", "nông thôn", "4", "1500000", "1", "2", "0", "1", "0", "0", "0", "32", "có", "không", "có", "có"],
    ["002", "Quảng Ninh", "Hạ Long", "Phường Bãi Cháy", "thành thị", "3", "2000000", "0", "1", "0", "0", "0", "0", "2", "30", "có", "có", "không", "có"],
    ["003", "Quảng Ninh", "Hạ Long", "Phường Hồng Gai", "đô thị", "2", "5200000", "0", "0", "0", "0", "0", "0", "0", "60,5", "có", "có", "có", "có"],
]  # fmt: skip


def text(rows, header=HEADER, sep=",", eol="\n") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator=eol)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def put(name: str, content: str | bytes, encoding: str = "utf-8") -> None:
    path = HERE / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))


def with_cell(row: int, column: str, value: str, rows=ROWS) -> list[list[str]]:
    out = [list(r) for r in rows]
    out[row][HEADER.index(column)] = value
    return out


def windows_vietnamese(s: str) -> bytes:
    """Encode like Vietnamese Windows (cp1258): base letters precomposed, tone marks combining."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in s:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out.append(base + "".join(p for p in parts if p in tones))
    return "".join(out).encode("cp1258")


def money(value: str, style: str) -> str:
    n = int(value)
    grouped = f"{n:,}"
    return {"dot": grouped.replace(",", "."), "comma": grouped, "space": grouped.replace(",", " ")}[
        style
    ]


def main() -> None:
    HERE.mkdir(exist_ok=True)
    base = text(ROWS)
    # --- readable inputs that must classify
    put("ok_utf8.csv", base)
    put("ok_utf8_bom.csv", "\ufeff" + base)
    put("ok_cp1258.csv", windows_vietnamese(text(ROWS, VI_HEADER)))
    put(
        "ok_semicolon_dots.csv", text([[*r[:6], money(r[6], "dot"), *r[7:]] for r in ROWS], sep=";")
    )
    put("ok_money_spaces_commas.csv", text([
        [*ROWS[0][:6], money(ROWS[0][6], "space"), *ROWS[0][7:]],
        [*ROWS[1][:6], money(ROWS[1][6], "comma"), *ROWS[1][7:]],
        [*ROWS[2][:6], "5.200.000,50", *ROWS[2][7:]],
    ]))  # fmt: skip
    put("ok_tab.tsv", text(ROWS, sep="\t"))
    put("ok_tab_in_csv.csv", text(ROWS, sep="\t"))
    put("ok_vietnamese_headers.csv", text(ROWS, VI_HEADER))
    put(
        "ok_headers_no_accents.csv",
        text(
            ROWS,
            [
                unicodedata.normalize("NFD", h.replace("đ", "d"))
                .encode("ascii", "ignore")
                .decode()
                .upper()
                for h in VI_HEADER
            ],
        ),
    )
    put("ok_mapped_headers.csv", text(ROWS, ["ID", *HEADER[1:4], "KV", "NK", "TN", *HEADER[7:]]))
    put(
        "mapping.yaml",
        "ID: household_id\nKV: area\nNK: household_size\nTN: income_per_capita_month\n",
    )
    put("ok_booleans.csv", text([
        [*ROWS[0][:15], "x", "0", "yes", "1"],
        [*ROWS[1][:15], "Có", "KHÔNG", "no", "true"],
        [*ROWS[2][:15], "TRUE", "y", "đúng", "x"],
    ]))  # fmt: skip
    put(
        "ok_area_variants.csv",
        text(
            [
                with_cell(0, "area", "Nông Thôn")[0],
                with_cell(1, "area", "THÀNH THỊ")[1],
                with_cell(2, "area", "Urban")[2],
            ]
        ),
    )
    put("ok_decomposed.csv", unicodedata.normalize("NFD", base))
    put("ok_crlf.csv", text(ROWS, eol="\r\n"))
    put(
        "ok_extra_columns.csv",
        text([[*r, "ghi chú", "x"] for r in ROWS], [*HEADER, "Ghi chú", "note2"]),
    )
    put("ok_quoted_fields.csv", text(with_cell(0, "commune", 'Xã "Đồn Đạc", thôn 1')))
    put("ok_spaces_around.csv", text([[f" {c} " for c in r] for r in ROWS]))
    frame = pl.DataFrame([dict(zip(VI_HEADER, r, strict=True)) for r in ROWS])
    frame.write_excel(HERE / "ok_vietnamese_headers.xlsx", worksheet="Hộ gia đình")
    import xlsxwriter

    book = xlsxwriter.Workbook(HERE / "ok_second_sheet.xlsx")
    book.add_worksheet("Hướng dẫn").write_row(0, 0, ["Bảng này để trống"])
    sheet = book.add_worksheet("Dữ liệu")
    sheet.write_row(0, 0, HEADER)
    for i, r in enumerate(ROWS, 1):
        sheet.write_row(
            i,
            0,
            [
                r[0],
                *r[1:5],
                int(r[5]),
                int(r[6]),
                *map(int, r[7:14]),
                float(r[14].replace(",", ".")),
                *r[15:],
            ],
        )
    book.close()
    typed = pl.DataFrame(
        {
            **{h: [r[i] for r in ROWS] for i, h in enumerate(HEADER[:5])},
            **{h: [int(r[HEADER.index(h)]) for r in ROWS] for h in HEADER[5:14]},
            "floor_area_m2": [32.0, 30.0, 60.5],
            **{h: [r[HEADER.index(h)] in ("có", "true") for r in ROWS] for h in HEADER[15:]},
        }
    )
    typed.write_parquet(HERE / "ok_typed.parquet")
    typed.with_columns(
        income_per_capita_month=pl.Series([None, 10**17, 5_200_000]),
        floor_area_m2=pl.Series([32.0, 30.125, 60.5]),
    ).write_parquet(HERE / "rej_typed.parquet")
    # --- rows that must be rejected, with the rest classified
    put("rej_missing_value.csv", text(with_cell(1, "household_size", "")))
    put("rej_not_a_number.csv", text(with_cell(1, "income_per_capita_month", "hai triệu")))
    put("rej_ambiguous_area_m2.csv", text(with_cell(1, "floor_area_m2", "1.500")))
    put("rej_ambiguous_money.csv", text(with_cell(1, "income_per_capita_month", "1500.000")))
    put("rej_negative_income.csv", text(with_cell(1, "income_per_capita_month", "-5000")))
    put("rej_size_zero.csv", text(with_cell(1, "household_size", "0")))
    put("rej_structures_four.csv", text(with_cell(1, "non_durable_main_structures", "4")))
    put("rej_more_than_size.csv", text(with_cell(1, "dependents", "7")))
    put("rej_unknown_area.csv", text(with_cell(1, "area", "ngoại ô")))
    put("rej_not_true_false.csv", text(with_cell(1, "safe_water", "có lẽ")))
    put("rej_duplicate_id.csv", text(with_cell(2, "household_id", "001")))
    put("rej_not_integer.csv", text(with_cell(1, "dependents", "1.5")))
    put("rej_short_row.csv", base + "004,Quảng Ninh,Cô Tô\n")
    put(
        "rej_many_errors_one_row.csv",
        text(
            with_cell(
                1, "area", "?", with_cell(1, "safe_water", "?", with_cell(1, "household_size", ""))
            )
        ),
    )
    put(
        "rej_all_rows.csv", text([with_cell(i, "income_per_capita_month", "")[i] for i in range(3)])
    )
    # --- whole files that cannot be used
    missing = text([[c for j, c in enumerate(r) if HEADER[j] not in ("safe_water", "dependents")] for r in ROWS],
                   [h if h != "area" else "aera" for h in HEADER if h not in ("safe_water", "dependents")])  # fmt: skip
    put("bad_missing_columns.csv", missing)
    put("bad_header_repeated.csv", text([[*r, r[4]] for r in ROWS], [*HEADER, "area"]))
    put("bad_two_headers_same_column.csv", text([[*r, r[4]] for r in ROWS], [*HEADER, "Khu vực"]))
    put("bad_empty.csv", b"")
    put("bad_blank_lines.csv", "\n\n  \n")
    put("bad_header_only.csv", text([]))
    put("bad_xlsx_named_csv.csv", (HERE / "ok_vietnamese_headers.xlsx").read_bytes())
    put("bad_binary.csv", bytes(range(256)) * 4)
    put("bad_cp1258_without_option.csv", windows_vietnamese(text(ROWS, VI_HEADER)))
    put(
        "bad_ragged.csv",
        base
        + "004,Quảng Ninh,Cô Tô,Xã Cô Tô,nông thôn,4,1200000,0,0,0,0,0,0,0,40,có,có,có,có,thừa\n",
    )
    put(
        "bad_unclosed_quote.csv",
        base + '"004,Quảng Ninh,Cô Tô,Xã Cô Tô,nông thôn,4,1200000,0,0,0,0,0,0,0,40,có,có,có,có\n',
    )
    put("bad_extension.docx", base)
    put("bad_standard_syntax.yaml", "format_version: 1\nid: [broken\n")
    put(
        "bad_standard_unknown_key.yaml",
        "format_version: 1\nid: x\nversion: '1'\ntitle: {vi: x, en: x}\njurisdiction: {level: national}\nextends: vn-2022-2025\nvalid_from: 2024-01-01\nreferences: [{id: r, title: r}]\nincome_lines: {}\n",
    )
    put("bad_mapping.yaml", "- ID\n- household_id\n")
    put("bad_not_a_table.csv", "Báo cáo kết quả rà soát hộ nghèo năm 2024\n")


if __name__ == "__main__":
    main()
