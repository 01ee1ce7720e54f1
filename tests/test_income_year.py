"""Income per person per year: never offered or read as income per month (nor a household's
income as a person's). CliRunner with stdout and stderr apart."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.columns import fits_income, household_income, income_periods

from .conftest import BASE

runner = CliRunner()
MONTH = "income_per_capita_month"

# the reviewer's list (rv13 B_thu_nhap_nam.xlsx): an office's columns, income per year
ANSWERS = {
    "working_age_unemployed": "Số người không có việc làm hoặc không có hợp đồng lao động",
    "dependents": "Số người phụ thuộc",
    "children_under16_malnourished": "Số trẻ em suy dinh dưỡng",
    "members_6plus_without_health_insurance": "Số người không có BHYT",
    "members_16_30_lacking_education": "Số người 16-30 tuổi thiếu trình độ",
    "children_3_15_not_in_school": "Số trẻ em không đi học đúng độ tuổi",
    "non_durable_main_structures": "Số kết cấu không bền chắc",
    "floor_area_m2": "Diện tích nhà ở (m2)",
    "safe_water": "Nguồn nước sinh hoạt hợp vệ sinh",
    "sanitary_latrine": "Nhà tiêu hợp vệ sinh",
    "uses_internet": "Sử dụng internet",
    "has_information_device": "Có phương tiện thông tin",
}
YEARLY = "Thu nhập bình quân đầu người/năm (đồng)"


def office_list(path: Path, incomes: list[object], income_header: str = YEARLY) -> Path:
    """The reviewer's shape: STT, Mã hộ, Xã, Khu vực, Số nhân khẩu, the income, the answers
    (Có/Không for yes/no), one household per income given (H001, H002...), all rural."""
    header = ["STT", "Mã hộ", "Xã", "Khu vực", "Số nhân khẩu", income_header, *ANSWERS.values()]
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("Danh sách")
    ws.write_row(0, 0, header)
    for i, income in enumerate(incomes, 1):
        answers = [
            ("Có" if BASE[c] == "true" else "Không") if c in ("safe_water", "sanitary_latrine",
            "uses_internet", "has_information_device") else BASE[c]
            for c in ANSWERS
        ]  # fmt: skip
        row = [i, f"H{i:03d}", "Đồn Đạc", "Nông thôn", 4, income, *answers]
        for c, value in enumerate(row):
            if isinstance(value, str):
                ws.write_string(i, c, value)
            else:
                ws.write_number(i, c, value)
    book.close()
    return path


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize(
    "header",
    [
        YEARLY,
        "Thu nhập BQ/người/năm",
        "TNBQ/người/năm",
        "Thu nhap binh quan dau nguoi/nam",
        "Thu nhập bình quân đầu người một năm",
        "Thu nhập bình quân đầu người hằng năm",
        "Thu nhập BQ hàng năm (đồng/người)",
        "Thu nhập (triệu đồng/người/năm)",
        "Thu nhập bình quân đầu người trong năm",
        "Thu nhập 12 tháng (đồng/người)",
        "Income per capita per year",
        "Annual income per capita",
        "Yearly income per person",
        "Income/year",
        "Income p.a.",
    ],
)
def test_a_header_per_year_says_a_year(header):
    assert income_periods(header) == {"year"}
    assert not fits_income(MONTH, header)


@pytest.mark.parametrize(
    "header",
    [
        "Thu nhập bình quân đầu người/tháng",
        "Thu nhập BQ/người/tháng (năm 2024)",  # a date, not the period
        "Thu nhập năm 2024 (đồng/người/tháng)",
        "TNBQ/người/tháng",
        "Thu nhập BQ đầu người hằng tháng",
        "Monthly income per capita",
        "Income per person per month",
    ],
)
def test_a_header_per_month_says_a_month(header):
    assert income_periods(header) == {"month"}
    assert fits_income(MONTH, header)


@pytest.mark.parametrize(
    "header",
    ["Năm sinh", "Ngày/tháng/năm sinh", "Năm sinh chủ hộ", "Thu nhập BQ", "Việt Nam", "Nam/Nữ"],
)
def test_a_date_or_no_period_says_no_year(header):
    assert "year" not in income_periods(header)
    assert fits_income(MONTH, header)


def test_a_header_of_both_or_of_months_other_than_twelve_is_not_a_month():
    # 'Thu nhập năm 2024': that year's income, or its months'? not offered for either
    for header in ("Thu nhập 6 tháng đầu năm", "Thu nhập BQ đầu người năm 2023"):
        assert income_periods(header) == {"year", "month"}
        assert not fits_income(MONTH, header)


@pytest.mark.parametrize(
    "header",
    [
        "Thu nhập bình quân hộ/tháng",
        "Tổng thu nhập của hộ",
        "Thu nhập HGĐ/tháng",
        "Household income",
    ],
)
def test_a_households_income_is_no_persons(header):
    assert household_income(header)
    assert not fits_income(MONTH, header)


@pytest.mark.parametrize(
    "header", ["Thu nhập bình quân đầu người của hộ/tháng", "Thu nhập BQ/nhân khẩu/tháng"]
)
def test_a_persons_income_in_a_household_is_a_persons(header):
    assert not household_income(header)
    assert fits_income(MONTH, header)


@pytest.mark.parametrize(
    "header",
    [
        "Thu nhập BQ đầu người/năm 2024 (đồng/người/năm)",
        "Thu nhập BQ (đồng/người/năm)",
        "Thu nhập bình quân hộ/tháng",
        "Tổng thu nhập của hộ (đồng/tháng)",
    ],
)
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_no_suggestion_offers_a_yearly_or_household_income_for_the_monthly(tmp_path, header, lang):
    path = office_list(tmp_path / "ds.xlsx", [18_000_000], header)
    result = invoke("classify", path, "-o", tmp_path / "kq.xlsx", "--lang", lang)
    assert result.exit_code == 4
    assert MONTH in result.stderr
    # neither 'did you mean' nor a mapping line for the monthly column: a yearly header is
    # offered for the yearly column alone
    for line in result.stderr.splitlines():
        assert header not in line or line.endswith(f": {YEAR}"), line
    assert f"': {MONTH}" not in result.stderr
    assert not (tmp_path / "kq.xlsx").exists()


def test_a_monthly_header_is_still_offered(tmp_path):
    path = office_list(tmp_path / "ds.xlsx", [1_500_000], "Thu nhập BQ (đồng/người/tháng)")
    result = invoke("classify", path, "-o", tmp_path / "kq.xlsx")
    assert result.exit_code == 4
    assert f"'Thu nhập BQ (đồng/người/tháng)': {MONTH}" in result.stderr


@pytest.mark.parametrize(
    ("header", "en", "vi"),
    [
        (
            "Thu nhập BQ (đồng/người/năm)",
            "says an income per year, and income_per_capita_month is an income per month",
            "là thu nhập theo năm, còn income_per_capita_month là thu nhập theo tháng",
        ),
        (
            "Thu nhập bình quân hộ/tháng",
            "says a household's income, and income_per_capita_month is an income per person",
            "là thu nhập của cả hộ, còn income_per_capita_month là thu nhập bình quân đầu người",
        ),
    ],
)
def test_a_mapping_giving_the_monthly_income_another_periods_header_is_refused(
    tmp_path, header, en, vi
):
    path = office_list(tmp_path / "ds.xlsx", [18_000_000], header)
    mapping = tmp_path / "m.yaml"
    mapping.write_text(f"'{header}': {MONTH}\n", "utf-8")
    for lang, said in (("en", en), ("vi", vi)):
        result = invoke("classify", path, "-o", tmp_path / "kq.xlsx", "--columns", mapping,
                        "--lang", lang)  # fmt: skip
        assert result.exit_code == 4, result.stderr
        assert "m.yaml:1" in result.stderr and said in result.stderr
        assert result.stdout == "" and not (tmp_path / "kq.xlsx").exists()


# ---------------------------------------------------------------- income per year, read exactly

YEAR = "income_per_capita_year"


def csv_list(path: Path, households: list[dict], income: str = YEAR) -> Path:
    """A list under the canonical names, each household BASE but for `households`' values;
    the income under `income` (each dict gives it as 'income')."""
    columns = [c if c != MONTH else income for c in BASE]
    columns += [k for k in dict.fromkeys(k for h in households for k in h) if k not in BASE]
    columns.remove("income")
    rows = []
    for i, h in enumerate(households, 1):
        row = {**BASE, "household_id": f"H{i:03d}", **{k: v for k, v in h.items()}}
        row[income] = row.pop("income")
        rows.append(",".join(str(row[c]) for c in columns))
    path.write_text(",".join(columns) + "\n" + "\n".join(rows) + "\n", "utf-8")
    return path


def classes(path: Path, tmp_path: Path, *args: object) -> list[str]:
    import polars as pl

    out = tmp_path / f"{path.stem}.out.csv"
    result = invoke("classify", path, "-o", out, "--as-of", "2024-12-31", *args)
    assert result.exit_code == 0, result.stderr
    frame = pl.read_csv(out, infer_schema=False)
    return frame["class" if "class" in frame.columns else "Phân loại"].to_list()


@pytest.mark.parametrize(
    ("income", "area", "expected"),
    [
        # rural line 1,500,000 a month: 18,000,000 a year is at it
        ("18000000", "rural", "near_poor"),
        ("18000000.00", "rural", "near_poor"),
        ("17999999.99", "rural", "near_poor"),
        ("18000000.01", "rural", "average"),  # a cent above 12 x the line: above it
        ("18000001", "rural", "average"),  # 1,500,000.0833... a month
        ("18000011.99", "rural", "average"),
        # urban line 2,000,000 a month
        ("24000000", "urban", "near_poor"),
        ("24000000.01", "urban", "average"),
        # the average band's top (rural 2,250,000): 27,000,000 a year is in it, a cent more not
        ("27000000", "rural", "average"),
        ("27000000.01", "rural", "not_poor"),
    ],
)
def test_yearly_income_is_compared_at_the_line_exactly(tmp_path, income, area, expected):
    path = csv_list(tmp_path / "ds.csv", [{"income": income, "area": area}])
    assert classes(path, tmp_path) == [expected]


def test_an_annual_line_and_a_yearly_income_meet_exactly(tmp_path):
    # Hồ Chí Minh City's line is 46,000,000 a year: the line / 12 and the income / 12 are
    # both 3,833,333.33... a month, equal, never two amounts rounded apart
    rows = [
        {"income": "46000000", "area": "urban", "working_members_without_social_insurance": 0},
        {"income": "46000000.01", "area": "urban", "working_members_without_social_insurance": 0},
    ]
    path = csv_list(tmp_path / "ds.csv", rows)
    got = classes(path, tmp_path, "--standard", "hochiminh-2024-2025")
    monthly = csv_list(
        tmp_path / "m.csv",
        [{**r, "income": "3833333.33"} for r in rows[:1]],
        income=MONTH,
    )
    assert got[0] == classes(monthly, tmp_path, "--standard", "hochiminh-2024-2025")[0]
    assert got[0] != got[1]


@given(
    st.lists(
        st.tuples(
            st.integers(0, 40_000_000_00 // 12),  # a monthly income in hundredths
            st.sampled_from(["rural", "urban"]),
            st.integers(0, 3),  # deprivations: members without health insurance...
        ),
        min_size=1,
        max_size=12,
    )
)
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_yearly_y_classifies_as_monthly_y_over_12(tmp_path, households):
    """Classifying income Y a year equals classifying Y / 12 a month, where Y / 12 is a whole
    hundredth (a month of a whole number of cents)."""

    def amount(hundredths: int) -> str:
        return f"{hundredths // 100}.{hundredths % 100:02d}"

    rows = [
        {
            "area": area,
            "members_6plus_without_health_insurance": int(n > 0),
            "children_3_15_not_in_school": int(n > 1),
            "working_age_unemployed": int(n > 2),
            "income": cents,
        }
        for cents, area, n in households
    ]
    year = csv_list(tmp_path / "y.csv", [{**r, "income": amount(12 * r["income"])} for r in rows])
    month = csv_list(
        tmp_path / "m.csv", [{**r, "income": amount(r["income"])} for r in rows], income=MONTH
    )
    assert classes(year, tmp_path) == classes(month, tmp_path)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_reviewers_list_of_yearly_income_is_read_per_year(tmp_path, lang):
    # rv13 B_thu_nhap_nam.xlsx: 'Thu nhập bình quân đầu người/năm (đồng)'; once all not poor
    yearly = [18_000_000, 18_000_001, 14_004_000, 27_000_000, 30_000_000, 24_000_000]
    path = office_list(tmp_path / "B_thu_nhap_nam.xlsx", yearly)
    monthly = office_list(
        tmp_path / "thang.xlsx",
        [1_500_000, 1_500_000.5, 1_167_000, 2_250_000, 2_500_000, 2_000_000],
        "Thu nhập bình quân đầu người/tháng",
    )
    got = classes(path, tmp_path, "--lang", lang)
    assert got == classes(monthly, tmp_path, "--lang", lang)
    near, average, not_poor = (
        ("Hộ cận nghèo", "Hộ có mức sống trung bình", "Hộ không nghèo")
        if lang == "vi"
        else ("near_poor", "average", "not_poor")
    )
    assert got == [near, average, near, average, not_poor, average]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "the list gives income per person both per month ('income_per_capita_month') "
         "and per year ('Thu nhập BQ/người/năm')"),
        ("vi", "danh sách có cả thu nhập bình quân đầu người theo tháng "
         "('income_per_capita_month') và theo năm ('Thu nhập BQ/người/năm')"),
    ],
)  # fmt: skip
def test_a_list_with_both_incomes_is_refused(tmp_path, lang, said):
    path = csv_list(tmp_path / "ds.csv", [{"income": "18000000"}])
    text = path.read_text("utf-8").splitlines()
    text[0] += ",Thu nhập BQ/người/năm"
    text[1] += ",1500000"
    text[0] = text[0].replace(YEAR, MONTH)
    path.write_text("\n".join(text) + "\n", "utf-8")
    out = tmp_path / "kq.csv"
    result = invoke("classify", path, "-o", out, "--lang", lang)
    assert result.exit_code == 4
    assert said in result.stderr
    assert result.stdout == "" and not out.exists()


def test_a_mapping_names_the_yearly_income(tmp_path):
    path = office_list(tmp_path / "ds.xlsx", [18_000_000, 18_000_001], "TN năm (đ/người)")
    mapping = tmp_path / "m.yaml"
    mapping.write_text(f"TN năm (đ/người): {YEAR}\n", "utf-8")
    assert classes(path, tmp_path, "--columns", mapping) == ["near_poor", "average"]
    # a monthly header given to the yearly column: refused, naming the column to map it to
    mapping.write_text(f"'TNBQ (đ/người/tháng)': {YEAR}\n", "utf-8")
    path = office_list(tmp_path / "m.xlsx", [1_500_000], "TNBQ (đ/người/tháng)")
    result = invoke("classify", path, "-o", tmp_path / "kq.csv", "--columns", mapping)
    assert result.exit_code == 4
    assert f"map it to {MONTH} ('TNBQ (đ/người/tháng)': {MONTH})" in result.stderr


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "'Thu nhập BQ (đồng/người/năm)' is an income per year: mdpoverty reads it as "
         "income per month / 12, exactly, with this line in a --columns file: "
         "'Thu nhập BQ (đồng/người/năm)': income_per_capita_year"),
        ("vi", "'Thu nhập BQ (đồng/người/năm)' là thu nhập theo năm: mdpoverty đọc nó thành thu"
         " nhập tháng = thu nhập năm / 12, chính xác, với dòng này trong tệp --columns: "
         "'Thu nhập BQ (đồng/người/năm)': income_per_capita_year"),
    ],
)  # fmt: skip
def test_a_yearly_header_not_known_is_offered_for_the_yearly_column(tmp_path, lang, said):
    path = office_list(tmp_path / "ds.xlsx", [18_000_000], "Thu nhập BQ (đồng/người/năm)")
    result = invoke("classify", path, "-o", tmp_path / "kq.csv", "--lang", lang)
    assert result.exit_code == 4
    assert said in result.stderr
    assert f"': {MONTH}" not in result.stderr


def test_a_rejected_yearly_cell_is_named_by_its_header(tmp_path):
    import polars as pl

    path = csv_list(tmp_path / "ds.csv", [{"income": "18000000"}, {"income": "abc"}])
    out = tmp_path / "kq.csv"
    result = invoke("classify", path, "-o", out)
    assert result.exit_code == 3
    assert f"row 3, column '{YEAR}': not a number" in result.stdout
    rejects = pl.read_csv(tmp_path / "kq_rejects.csv", infer_schema=False)
    assert rejects["errors"].to_list() == [f"{YEAR}:not_a_number"]
    assert rejects[YEAR].to_list() == ["abc"]  # the cell as the user wrote it
    assert pl.read_csv(out, infer_schema=False)[YEAR].to_list() == ["18000000"]


@pytest.mark.parametrize(
    ("income", "en", "vi", "at_or_below"),
    [
        (
            18_000_000,
            "Income per person per month: 1,500,000 VND (18,000,000 VND a year ÷ 12); "
            "line applied (rural): 1,500,000 VND: at or below the line",
            "Thu nhập bình quân đầu người/tháng: 1.500.000 đ (18.000.000 đ/năm ÷ 12); "
            "chuẩn áp dụng (Nông thôn): 1.500.000 đ: bằng hoặc thấp hơn chuẩn",
            True,
        ),
        (
            18_000_001,
            "Income per person per month: 1,500,000.0833… VND (18,000,001 VND a year ÷ 12); "
            "line applied (rural): 1,500,000 VND: above the line",
            "Thu nhập bình quân đầu người/tháng: 1.500.000,0833… đ (18.000.001 đ/năm ÷ 12); "
            "chuẩn áp dụng (Nông thôn): 1.500.000 đ: cao hơn chuẩn",
            False,
        ),
    ],
)
def test_explain_shows_the_yearly_income_and_the_monthly_exactly(
    tmp_path, income, en, vi, at_or_below
):
    import json

    path = office_list(tmp_path / "ds.xlsx", [income])
    for lang, said in (("en", en), ("vi", vi)):
        result = invoke("explain", path, "--id", "H001", "--lang", lang, "--as-of", "2024-12-31")
        assert result.exit_code == 0, result.stderr
        assert said in " ".join(result.stdout.split())
    result = invoke("explain", path, "--id", "H001", "--json", "--as-of", "2024-12-31")
    (data,) = json.loads(result.stdout)
    assert data["income_year"] == income
    assert data["income"] == (1_500_000 if income == 18_000_000 else "18000001/12")
    assert data["income_at_or_below_line"] is at_or_below


def test_compare_changes_keeps_the_yearly_income_as_read(tmp_path):
    import polars as pl

    path = office_list(tmp_path / "ds.xlsx", [20_000_000, 30_000_000])
    changes = tmp_path / "thay-doi.csv"
    result = invoke("compare", path, "--base", "vn-2022-2025", "--alt", "quangninh-2023-2025",
                    "--changes", changes)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    frame = pl.read_csv(changes, infer_schema=False)
    assert frame[YEAR].to_list() == ["20000000"]  # rural: near-poor under Quảng Ninh's 2,100,000
