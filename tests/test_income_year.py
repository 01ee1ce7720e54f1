"""Income per person per year: never offered or read as income per month (nor a household's
income as a person's). CliRunner with stdout and stderr apart."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter
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
    assert header not in result.stderr  # neither 'did you mean' nor a mapping line
    assert "--columns file:" not in result.stderr and "trong tệp --columns:" not in result.stderr
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
