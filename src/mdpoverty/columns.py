"""The canonical household columns: type, meaning in Vietnamese and English, accepted headers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl


class ColumnType(StrEnum):
    TEXT = "text"
    AREA = "area"  # rural / urban
    INTEGER = "integer"  # whole counts, >= 0
    MONEY = "money"  # VND, >= 0, exact to 2 decimals
    DECIMAL = "decimal"  # a measure such as m2, >= 0, exact to 2 decimals
    BOOLEAN = "boolean"


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    vi: str
    en: str
    vi_header: str  # the documented Vietnamese header accepted as is
    minimum: int = 0
    maximum: int | None = None
    # what the column counts, in detail, with how sure that definition is (not header aliases)
    note_vi: str = ""
    note_en: str = ""
    # other headers an office writes for the column (matched as vi_header is: case, accents
    # and spaces ignored)
    aliases: tuple[str, ...] = ()
    # the abbreviations an office list heads it with ('KV' for Khu vực): suggested when the
    # column is missing, never matched (two letters may stand for something else)
    abbreviations: tuple[str, ...] = ()


AREAS = ("rural", "urban")

CANONICAL: tuple[Column, ...] = (
    Column(
        "household_id",
        ColumnType.TEXT,
        "Mã hộ",
        "Household id (unique)",
        "Mã hộ",
        aliases=("Mã hộ gia đình", "Mã HGĐ", "Mã số hộ"),
        abbreviations=("MSH", "Mã số HGĐ"),
    ),
    Column("province", ColumnType.TEXT, "Tỉnh/thành phố", "Province", "Tỉnh"),
    Column("district", ColumnType.TEXT, "Quận/huyện", "District", "Huyện"),
    Column("commune", ColumnType.TEXT, "Xã/phường", "Commune", "Xã"),
    Column(
        "ethnic_minority",
        ColumnType.BOOLEAN,
        "Hộ dân tộc thiểu số",
        "Ethnic-minority household (optional; read by `report`)",
        "Dân tộc thiểu số",
        abbreviations=("DTTS", "Hộ DTTS"),
    ),
    Column(
        "area",
        ColumnType.AREA,
        "Khu vực: nông thôn hoặc thành thị (đô thị)",
        "Area: rural or urban",
        "Khu vực",
        abbreviations=("KV", "TT/NT", "NT/TT", "Thành thị/Nông thôn", "Nông thôn/Thành thị"),
    ),
    Column(
        "household_size",
        ColumnType.INTEGER,
        "Số nhân khẩu của hộ",
        "Household members",
        "Số nhân khẩu",
        minimum=1,
        abbreviations=("Số NK", "NK"),
    ),
    Column(
        "income_per_capita_month",
        ColumnType.MONEY,
        "Thu nhập bình quân đầu người/tháng (đồng)",
        "Average income per person per month (VND)",
        "Thu nhập bình quân đầu người/tháng",
        abbreviations=("TNBQ", "TNBQ/người/tháng"),
    ),
    Column(
        "working_age_unemployed",
        ColumnType.INTEGER,
        "Số người trong độ tuổi lao động có khả năng, có nhu cầu làm việc nhưng không có việc "
        "làm hoặc làm việc không có hợp đồng lao động",
        "Working-age members able and wanting to work with no job or no labour contract",
        # the legal indicator's words ('không có việc làm'), as the member file's column says
        # them; 'thiếu việc làm' is under-employment, read as an older header only
        "Số người không có việc làm hoặc không có hợp đồng lao động",
        note_vi="Tính người thất nghiệp, hoặc làm công hưởng lương mà không có hợp đồng lao động. "
        "Mức tin cậy: vế 'không có việc làm' là lời văn của Nghị định 07/2021 (văn bản pháp "
        "luật); vế 'làm công hưởng lương không có hợp đồng lao động' theo một nguồn thứ cấp.",
        note_en="Counts members who are unemployed, or work for a wage without a labour contract. "
        "Status: 'no job' is the wording of Decree 07/2021 (legal); 'wage work without a labour "
        "contract' is from a secondary source (secondary).",
        aliases=(
            "Số người thiếu việc làm",  # mdpoverty's header before 2026-11
            "Số người không có việc làm hoặc không có HĐLĐ",
            "Số người không có việc làm",
        ),
    ),
    Column(
        "dependents",
        ColumnType.INTEGER,
        "Số người phụ thuộc",
        "Members who are dependants",
        "Số người phụ thuộc",
        note_vi="Người phụ thuộc: trẻ em dưới 16 tuổi, người cao tuổi hoặc người khuyết tật đang "
        "hưởng trợ cấp xã hội hằng tháng. Mức tin cậy: một nguồn thứ cấp, chưa thấy phụ "
        "lục của Nghị định 07/2021.",
        note_en="Dependants: children under 16, and elderly or disabled people receiving a monthly "
        "social allowance. Status: secondary (the appendix of Decree 07/2021 was not seen).",
    ),
    Column(
        "children_under16_malnourished",
        ColumnType.INTEGER,
        "Số trẻ em dưới 16 tuổi suy dinh dưỡng (thấp còi hoặc nhẹ cân)",
        "Children under 16 stunted or underweight",
        "Số trẻ em suy dinh dưỡng",
    ),
    Column(
        "members_6plus_without_health_insurance",
        ColumnType.INTEGER,
        "Số người từ 6 tuổi trở lên không có bảo hiểm y tế",
        "Members aged 6 or over without health insurance",
        "Số người không có BHYT",
    ),
    Column(
        "members_16_30_lacking_education",
        ColumnType.INTEGER,
        "Số người 16-30 tuổi không tham gia học tập và không có bằng cấp phù hợp độ tuổi",
        "Members aged 16-30 not in training and without the degree for their age",
        "Số người 16-30 tuổi thiếu trình độ",
    ),
    Column(
        "children_3_15_not_in_school",
        ColumnType.INTEGER,
        "Số trẻ em từ 3 đến dưới 16 tuổi không được học đúng bậc học phù hợp độ tuổi",
        "Children aged 3 to under 16 not at the school level for their age",
        "Số trẻ em không đi học đúng độ tuổi",
    ),
    Column(
        "non_durable_main_structures",
        ColumnType.INTEGER,
        "Số kết cấu chính (tường, khung/cột, mái) bằng vật liệu không bền chắc (0-3)",
        "Main structures (walls, frame/columns, roof) of non-durable materials (0-3)",
        "Số kết cấu không bền chắc",
        maximum=3,
    ),
    Column(
        "floor_area_m2",
        ColumnType.DECIMAL,
        "Diện tích nhà ở (m2)",
        "Living floor area of the dwelling (m2)",
        "Diện tích nhà ở (m2)",
    ),
    Column(
        "safe_water",
        ColumnType.BOOLEAN,
        # the legal indicator's term ('Nguồn nước sinh hoạt'), as 'Nhà tiêu hợp vệ sinh' is
        "Có tiếp cận nguồn nước sinh hoạt hợp vệ sinh",
        "Has access to safe domestic water",
        "Nguồn nước sinh hoạt hợp vệ sinh",
        aliases=("Nước sạch",),  # mdpoverty's header before 2026-11
    ),
    Column(
        "sanitary_latrine",
        ColumnType.BOOLEAN,
        "Có nhà tiêu hợp vệ sinh",
        "Has a hygienic latrine",
        "Nhà tiêu hợp vệ sinh",
    ),
    Column(
        "uses_internet",
        ColumnType.BOOLEAN,
        "Có thành viên sử dụng dịch vụ internet",
        "A member uses internet (telecom) services",
        "Sử dụng internet",
    ),
    Column(
        "has_information_device",
        ColumnType.BOOLEAN,
        "Có phương tiện tiếp cận thông tin (TV, radio, máy tính, điện thoại...)",
        "Has an information device (TV, radio, computer, phone...)",
        "Có phương tiện thông tin",
    ),
)

# Columns read instead of a canonical one, never beside it, so no template writes them: income
# per person per year, read as income_per_capita_month = it / 12 exactly (`engine.classifier`)
INSTEAD: tuple[Column, ...] = (
    Column(
        "income_per_capita_year",
        ColumnType.MONEY,
        "Thu nhập bình quân đầu người/năm (đồng)",
        "Average income per person per year (VND), read instead of the monthly income: "
        "income_per_capita_month is it / 12, exactly",
        "Thu nhập bình quân đầu người/năm",
        aliases=(
            "Thu nhập BQ/người/năm",
            "Thu nhập BQ/người/năm (đồng)",
            "Thu nhập bình quân/người/năm",
            "Thu nhập bình quân người/năm",
            "Thu nhập BQ đầu người/năm",
            "TNBQ/người/năm",
            "TNBQ đầu người/năm",
        ),
        abbreviations=("TNBQ/năm",),
    ),
)
# every household column mdpoverty reads by its name or header
HOUSEHOLD_COLUMNS: tuple[Column, ...] = CANONICAL + INSTEAD
BY_NAME: dict[str, Column] = {c.name: c for c in HOUSEHOLD_COLUMNS}

# The canonical columns of a member file (--members): one row per person. True/false cells are
# read as the household's are (x, có/không, 1/0...); an empty cell is unknown, which an
# aggregate makes harmless where the question was not asked (a 40-year-old's schooling).
MEMBER_CANONICAL: tuple[Column, ...] = (
    Column(
        "household_id",
        ColumnType.TEXT,
        "Mã hộ",
        "The member's household id",
        "Mã hộ",
        aliases=("Mã hộ gia đình", "Mã HGĐ", "Mã số hộ"),
    ),
    Column(
        "age",
        ColumnType.INTEGER,
        "Tuổi (số năm tròn)",
        "Age in completed years",
        "Tuổi",
        aliases=("Số tuổi", "Tuổi (năm)", "Tuổi tròn"),
    ),
    Column(
        "in_working_age",
        ColumnType.BOOLEAN,
        "Trong độ tuổi lao động (theo Bộ luật Lao động)",
        "Of working age under the labour law",
        "Trong độ tuổi lao động",
        aliases=("Trong tuổi lao động", "Độ tuổi lao động", "Trong độ tuổi LĐ", "Trong tuổi LĐ"),
    ),
    Column(
        "unemployed_or_no_contract",
        ColumnType.BOOLEAN,
        "Có khả năng, có nhu cầu làm việc nhưng không có việc làm, hoặc làm công hưởng lương "
        "không có hợp đồng lao động",
        "Able and wanting to work with no job, or wage work without a labour contract",
        "Không có việc làm hoặc không có hợp đồng lao động",
        aliases=(
            "Thiếu việc làm",
            "Không có việc làm",
            "Không có việc làm hoặc không có HĐLĐ",
            "Không có việc làm hoặc không có hợp đồng",
            "Thất nghiệp hoặc không có hợp đồng lao động",
            "Thất nghiệp hoặc không có HĐLĐ",
        ),
    ),
    Column(
        "receives_social_allowance",
        ColumnType.BOOLEAN,
        "Người cao tuổi hoặc người khuyết tật đang hưởng trợ cấp xã hội hằng tháng",
        "Elderly or disabled person receiving a monthly social allowance",
        "Hưởng trợ cấp xã hội hằng tháng",
        aliases=(
            "Hưởng trợ cấp xã hội",
            "Hưởng trợ cấp xã hội hàng tháng",
            "Trợ cấp xã hội",
            "Trợ cấp xã hội hằng tháng",
            "Trợ cấp xã hội hàng tháng",
            "Hưởng TCXH",
            "Hưởng trợ cấp bảo trợ xã hội",
            "Hưởng trợ cấp BTXH",
        ),
    ),
    Column(
        "malnourished",
        ColumnType.BOOLEAN,
        "Suy dinh dưỡng (thấp còi hoặc nhẹ cân)",
        "Stunted or underweight",
        "Suy dinh dưỡng",
        aliases=(
            "Trẻ suy dinh dưỡng",
            "SDD",
            "Thấp còi hoặc nhẹ cân",
            "Thấp còi, nhẹ cân",
            "Suy dinh dưỡng (thấp còi hoặc nhẹ cân)",
        ),
    ),
    Column(
        "has_health_insurance",
        ColumnType.BOOLEAN,
        "Có thẻ bảo hiểm y tế",
        "Has health insurance",
        "Có bảo hiểm y tế",
        aliases=(
            "Có BHYT",
            "BHYT",
            "Có thẻ BHYT",
            "Bảo hiểm y tế",
            "Thẻ BHYT",
            "Tham gia BHYT",
            "Có tham gia BHYT",
        ),
    ),
    Column(
        "in_training_or_has_degree_for_age",
        ColumnType.BOOLEAN,
        "Đang tham gia học tập hoặc có bằng cấp phù hợp độ tuổi (hỏi người 16-30 tuổi)",
        "In training or has the degree for their age (asked for ages 16-30)",
        "Đang học hoặc có bằng cấp phù hợp",
        aliases=(
            "Đang đi học hoặc có bằng",
            "Đang học hoặc có bằng",
            "Đang đi học hoặc có bằng cấp phù hợp",
            "Đang học hoặc có bằng cấp",
            "Đang đi học hoặc có bằng cấp",
            "Đang học hoặc có bằng cấp phù hợp độ tuổi",
        ),
    ),
    Column(
        "attends_school_at_right_level",
        ColumnType.BOOLEAN,
        "Được học đúng bậc học phù hợp độ tuổi (hỏi trẻ em 3 đến dưới 16 tuổi)",
        "At the school level for their age (asked for ages 3 to under 16)",
        "Đi học đúng bậc học",
        aliases=(
            "Đi học đúng độ tuổi",
            "Học đúng độ tuổi",
            "Đi học đúng bậc",
            "Đi học đúng bậc học phù hợp độ tuổi",
            "Được học đúng bậc học",
            "Học đúng bậc học",
        ),
    ),
)
MEMBER_BY_NAME: dict[str, Column] = {c.name: c for c in MEMBER_CANONICAL}

# Every standard with an income line needs these, whatever its indicators use. household_size
# is read where a rule reads it (dependents per member, floor area per member) or a count of
# members is read (a count can never exceed it): a list whose indicators are all read from its
# deprivation marks needs none
IDENTITY_COLUMNS = ("household_id", "area", "income_per_capita_month")
# counts of members, which can never exceed the household's size
MEMBER_COUNTS = (
    "working_age_unemployed",
    "dependents",
    "children_under16_malnourished",
    "members_6plus_without_health_insurance",
    "members_16_30_lacking_education",
    "children_3_15_not_in_school",
)
OPTIONAL_UNITS = ("province", "district", "commune")

# A list of deprivation marks (an x where the household is deprived in an indicator) holds each
# indicator's marks in a column named so while mdpoverty works ('deprived_health_insurance'),
# whatever its header; a `--columns` file names it with MARK_TARGET ('deprived:sanitation'),
# which no column's name can be.
MARK_PREFIX = "deprived_"
MARK_TARGET = "deprived:"
# ... and while mdpoverty works, under an internal name (it starts with INTERNAL), so that it
# never meets a user's column or an output's ('deprived_water' of a standard whose id is water)
MARK_HELD = "__mark__"
# A list of deprivations as one text column, the indicators' names joined ('Việc làm; BHYT'),
# as mdpoverty's own output writes them: a `--columns` file names such a column so
LIST_TARGET = "deprived_list"

# The columns mdpoverty adds to a household's row (`engine.classifier` computes them; an input
# holding one already is an earlier run's output), then those a standard with weights or k adds:
# the weighted deprivation score as a number and as its exact fraction
OUTPUTS = ("class", "deprivation_count", "deprived", "income_line")
SCORE_OUTPUTS = ("deprivation_score", "deprivation_score_exact")
# the rejects files (households and members): the row's number in its input, then
# 'column:reason;...'
REJECT_ROW = "row"
REJECT_ERRORS = "errors"


# A standard's id (`standard.model.Standard.id`): the suffix of its outputs' names when a run
# writes several standards (`output_name`)
STANDARD_ID = r"[a-z0-9][a-z0-9-]*"


def output_name(output: str, standard_id: str, several: bool) -> str:
    """The name of the added column `output` (one of OUTPUTS, SCORE_OUTPUTS) for the standard
    `standard_id`: its own when one standard is written, suffixed by the id when several are.

    >>> output_name("class", "vn-2022-2025", True)
    'class_vn-2022-2025'
    """
    return f"{output}_{standard_id}" if several else output


def _suffixed_outputs() -> re.Pattern[str]:
    """Every name `output_name` gives an output of any standard written beside others, made
    from `output_name` itself, so that the two cannot drift apart."""
    mark = "\0"  # in no output's name
    forms = []
    for output in OUTPUTS + SCORE_OUTPUTS:
        before, after = output_name(output, mark, True).split(mark)
        forms.append(re.escape(before) + STANDARD_ID + re.escape(after))
    return re.compile("|".join(forms))


_SUFFIXED_OUTPUTS = _suffixed_outputs()

# A name an expression of a standard file can read (`engine.expressions`' tokens): ASCII
# letters, digits and underscores, not starting with a digit, and no keyword of the language
EXPRESSION_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
EXPRESSION_KEYWORDS = frozenset({"and", "or", "not", "true", "false"})


def expression_name(name: str) -> bool:
    """Whether an expression can name `name` (a standard's column or parameter).

    >>> expression_name("floor_area_m2"), expression_name("class_vn-2022-2025")
    (True, False)
    """
    return re.fullmatch(EXPRESSION_NAME, name, re.ASCII) is not None and (
        name not in EXPRESSION_KEYWORDS
    )


def header_key(name: str) -> str:
    """The key a header is matched by (`text.fold`: no case, no accents, single spaces): two
    names with one key are one column to a reader (`Class` and `class`, `PHÂN LOẠI` and `Phân
    loại`), so no output holds two columns of one key that mdpoverty named itself."""
    from .text import fold

    return fold(name)


def apart(name: str, taken: Iterable[str], word: str) -> str:
    """`name`, else `name (word)`, then `name (word 2)`...: the first that no name of `taken`
    has as headers are matched (`header_key`).

    >>> apart("households", ["Households", "poor"], "group")
    'households (group)'
    """
    keys = {header_key(t) for t in taken}
    candidate, n = name, 1
    while header_key(candidate) in keys:
        candidate = f"{name} ({word})" if n == 1 else f"{name} ({word} {n})"
        n += 1
    return candidate


def reserved(name: str) -> str | None:
    """What `name` is to mdpoverty when a standard's own column may not have it (None: nothing):
    an output column (of one standard, or of any standard written beside others:
    'class_<id>'), a rejects file's column, or a column of deprivation marks. Compared as
    headers are matched (`header_key`: case aside), since an input's `CLASS` is read as
    `class`.

    >>> reserved("Class_BB") is not None, reserved("classes")
    (True, None)
    """
    name = header_key(name)
    if name in OUTPUTS or name in SCORE_OUTPUTS:
        return "a column mdpoverty adds to its output"
    if name in (REJECT_ROW, REJECT_ERRORS):
        return "a column of mdpoverty's rejects files"
    if name == LIST_TARGET or name.startswith(MARK_PREFIX):
        return "how mdpoverty names a column of deprivation marks"
    if _SUFFIXED_OUTPUTS.fullmatch(name):
        return (
            "how mdpoverty names a column it adds for each standard when several are run at once"
            " (class_<standard id>)"
        )
    return None


# The longest header read (README: Limits; the reason in io/limits.py): here for the standard's
# mark_headers, which are headers too, and the loader sits below io
MAX_HEADER_CHARS = 1_000


def mark_column(indicator_id: str) -> str:
    """The column holding an indicator's deprivation marks while mdpoverty works; it is shown
    as ``deprived_<id>`` (`user_name`)."""
    return MARK_HELD + indicator_id


# Income columns by the period they count: a header that says the other period (or a household's
# income, not a person's) is never offered for one, nor accepted for it from a --columns file
INCOME_MONTH = "income_per_capita_month"
INCOME_YEAR = "income_per_capita_year"
INCOME_PERIOD = {INCOME_MONTH: "month", INCOME_YEAR: "year"}

# a date in a header is no period ('Năm sinh', 'năm 2024', 'tháng 12', 'Ngày/tháng/năm', '12/2024')
_DATES = re.compile(
    r"ng[aà]y\s*/\s*th[aá]ng\s*/\s*n[aă]m|th[aá]ng\s*/\s*n[aă]m|dd\s*/\s*mm\s*/\s*yyyy|"
    r"\b(?:n[aă]m|th[aá]ng)\s+(?:sinh|h[oọ]c)\b|\bn[aă]m\s*\d{2,4}\b|\bth[aá]ng\s*\d{1,2}\b(?!\s*th)|"
    r"\b\d{1,2}\s*/\s*\d{4}\b|\b(?:19|20)\d{2}\b|\bbirth\b|\byear of\b|\bmonth of\b"
)
_DATED_YEAR = re.compile(r"\bnam\s*(?:19|20)\d{2}\b")
# a period of N months: 12 is a year, another N neither period ('6 tháng đầu năm')
_MONTHS = re.compile(r"\b(\d{1,2})\s*(?:th[aá]ng|months?)\b")
_YEAR = re.compile(
    r"\bnăm\b|"  # with its accent the word is a year ('năm' as five is no income header's)
    r"/\s*nam\b(?!\s*/?\s*nu)|\b(?:mot|moi|hang|ca|trong|1)\s+nam\b|\bnam\s*\)|"
    r"\bper\s+(?:year|annum)\b|\bannual(?:ly)?\b|\byearly\b|/\s*(?:year|yr)\b|"
    r"\b(?:a|each|every|one)\s+year\b|(?<!\w)p\.\s?a\.?(?!\w)"
)
_MONTH = re.compile(
    r"\bth[aá]ng\b|\bper\s+month\b|\bmonthly\b|/\s*(?:month|mo)\b|"
    r"\b(?:a|each|every|one)\s+month\b"
)
_PERSON = re.compile(
    r"\bnguoi\b|\bnhan khau\b|\bkhau\b|\bnk\b|\bthanh vien\b|capita|\bpersons?\b|"
    r"\bper head\b|\bhead\b|\bmember\b"
)
_HOUSEHOLD = re.compile(r"\bho\b|\bhgd\b|\bgia dinh\b|\bhouseholds?\b|\btong\b|\btotal\b")


def income_periods(header: str) -> frozenset[str]:
    """The periods a header says its amounts count ('year', 'month'; both when it says both,
    none when it says neither): `/năm`, `một năm`, `hằng năm`, `per year`, `annual`, `p.a.`,
    `12 tháng` are a year; `/tháng`, `hằng tháng`, `monthly` a month; a date is neither
    (`Năm sinh`, `tháng 12`, `Ngày/tháng/năm`); `6 tháng` is both (not one), and so is
    `Thu nhập năm 2024` (a year's income, or its months'?) unless a period is said too.

    >>> sorted(income_periods("Thu nhập bình quân đầu người/năm (đồng)"))
    ['year']
    >>> sorted(income_periods("Thu nhập BQ/người/tháng (năm 2024)")), sorted(income_periods("Năm sinh"))
    (['month'], [])
    """
    from .text import nfc

    text = " ".join(nfc(header).lower().split())
    # 'Thu nhập năm 2023' may be that year's income or its months': neither said for sure
    dated_year = bool(_DATED_YEAR.search(text.replace("ă", "a")))
    text = _DATES.sub(" ", text)
    periods: set[str] = set()
    for match in _MONTHS.finditer(text):
        periods |= {"year"} if match.group(1) == "12" else {"year", "month"}
    text = _MONTHS.sub(" ", text)
    # the unaccented forms ('/nam', 'mot nam') on the text as written, never 'Nam' with an accent
    # folded away ('Việt Nam' keeps none, 'nam' as male is no period after '/')
    plain = text.replace("đ", "d")
    if _YEAR.search(text) or _YEAR.search(plain):
        periods.add("year")
    if _MONTH.search(text) or _MONTH.search(_fold(text)):
        periods.add("month")
    if dated_year and not periods:
        periods = {"year", "month"}
    return frozenset(periods)


def household_income(header: str) -> bool:
    """Whether an income header says a household's income (`Thu nhập bình quân hộ/tháng`,
    `Tổng thu nhập của hộ`, `Household income`), not a person's: it names a household or a
    total, and no person (`đầu người`, `nhân khẩu`, `per capita`)."""
    folded = _fold(header).replace("chu ho", " ")  # the head of the household is a person
    return bool(_HOUSEHOLD.search(folded)) and not _PERSON.search(folded)


def fits_income(column: str, header: str) -> bool:
    """Whether `header` may be offered for the income column `column` (any other column: yes):
    not when it says another period than the column's, nor a household's income."""
    period = INCOME_PERIOD.get(column)
    if period is None:
        return True
    other = income_periods(header) - {period}
    return not other and not household_income(header)


def income_misread(column: str, header: str) -> str | None:
    """Why a --columns line giving `header` to the income column `column` is refused: the
    header says the other period alone ('year'), or a household's income ('household');
    None when it may be read so (a header saying both periods is the user's to decide)."""
    period = INCOME_PERIOD.get(column)
    if period is None:
        return None
    said = income_periods(header)
    if said and period not in said:
        return next(iter(said))
    return "household" if household_income(header) else None


def _fold(text: str) -> str:
    from .text import fold

    return fold(text)


# A village's own column, as offices head it (folded: no accents, no case): a unit below the
# commune, never a canonical column, so known by its header alone: it begins with village words,
# whatever follows a '/', ',', '(', ';' or '-' ('Thôn/Bản', 'Thôn (bản)', 'Thôn/TDP', 'Thôn, bản,
# tổ dân phố'); 'Tên thôn' is one too. A word straight after is no village ('Thôn nghèo': a flag)
_VILLAGE_WORDS = frozenset(
    {"thon", "ap", "ban", "to", "xom", "lang", "buon", "soc", "plei", "khom", "khu", "village",
     "hamlet"}
)  # fmt: skip
_VILLAGE_PHRASES = frozenset({"khu pho", "to dan pho", "to dan cu"})


def is_village(name: str) -> bool:
    """Whether the column `name` (its header; under a group label, its own cell) holds a
    village, the unit below the commune: it begins with village words (`Thôn`, `Ấp`, `Bản`,
    `Tổ dân phố`, `Tên thôn`), whatever follows a separator (`Thôn/Bản`, `Thôn (bản)`,
    `Thôn/TDP`)."""
    from .text import fold

    own = fold(user_name(name).rsplit(" / ", 1)[-1])
    own = own[4:] if own.startswith("ten ") else own
    first = re.split(r"[/,;(\-]", own, maxsplit=1)[0].strip()
    if first in _VILLAGE_PHRASES:
        return True
    words = first.split()
    return bool(words) and all(w in _VILLAGE_WORDS for w in words)


# The words of each administrative level above the village (folded), as official headers join
# them: 'Tỉnh/Thành phố', 'Quận/Huyện/Thị xã/Thành phố', 'Xã/Phường/Thị trấn'. 'Thành phố' is
# a province (Hà Nội) or a district (Hạ Long): alone it names neither, joined it takes the level
# of the words beside it. The abbreviations (TP, TX, TT) count only beside a word ('TT' alone is
# an order number, 'TT/NT' the area)
_UNIT_WORDS = {
    "province": frozenset({"tinh", "thanh pho", "tp"}),
    "district": frozenset({"quan", "huyen", "thi xa", "thanh pho", "tx", "tp"}),
    "commune": frozenset({"xa", "phuong", "thi tran", "tt"}),
}
_UNIT_ABBREVIATIONS = frozenset({"tp", "tx", "tt"})


def unit_of(header: str) -> str | None:
    """The administrative unit (`province`, `district`, `commune`) a header names by its level's
    words, joined by '/', ',', ';', '(' or ' - ' (`Tỉnh/Thành phố`, `Quận/Huyện/Thị xã/Thành
    phố`, `Huyện/Thị xã/Thành phố`, `Xã/Phường/Thị trấn`, `Phường/Xã`, `Xã, phường, thị trấn`,
    `Huyện/TX/TP`), or a word alone (`Quận`, `Phường`, `Tên xã`); None for any other header
    (`Mã xã`, `Xã nghèo`), for words of two levels (`Tỉnh/Huyện`), and for `Thành phố` alone,
    which is a province or a district.

    >>> [unit_of(h) for h in ("Quận/Huyện/Thị xã/Thành phố", "Phường/Xã", "Thành phố", "Mã xã")]
    ['district', 'commune', None, None]
    """
    from .text import fold

    own = fold(header)
    own = own[4:] if own.startswith("ten ") else own
    parts = [p.strip().rstrip(".") for p in re.split(r"[/,;()]| - ", own)]
    parts = [p for p in parts if p]
    if not parts or all(p in _UNIT_ABBREVIATIONS for p in parts):
        return None
    levels = [level for level, words in _UNIT_WORDS.items() if all(p in words for p in parts)]
    return levels[0] if len(levels) == 1 else None


# a column of personal identifiers, by its header (folded), as whole words: the names and the
# abbreviations offices write (CMTND, SĐT, BHXH, MST, STK)
_PERSONAL = re.compile(
    r"\b(?:cccd|cmnd|cmtnd|cmt|can cuoc|chung minh|dinh danh|so dien thoai|dien thoai|sdt|dtdd|"
    r"phone|mobile|tel|id card|identity|national id|passport|ho chieu|bhxh|email|e-mail|zalo|"
    r"tai khoan|stk|account|ma so thue|mst|"
    # a health-insurance card's number, not a count of the uninsured ('Số người không có BHYT')
    r"(?:so|ma|the|ma so|so the|ma the)\s+bhyt)\b"
)
# 'ĐT' (điện thoại) told from 'DT' (diện tích) by its đ, before folding
_PHONE = re.compile(r"(?<!\w)(?:s|so\s)?đt(?:dđ)?(?!\w)")


def is_personal(header: str) -> bool:
    """Whether a column's header says it holds a personal identifier or contact (`Số CCCD chủ
    hộ`, `CMND`, `Số CMTND`, `Số điện thoại`, `Số ĐT`, `SĐT`, `Số thẻ BHYT`, `Số BHYT`, `BHXH`,
    `Email`): a file to post leaves it out. Words and abbreviations match whole, case and
    accents aside (`Diện tích (DT)` is not a phone)."""
    from .text import fold

    return bool(_PERSONAL.search(fold(header))) or bool(_PHONE.search(header.lower()))


def unit_path(name: str, present: list[str] | set[str]) -> tuple[str, ...]:
    """The columns a breakdown by `name` groups on: an administrative unit (province, district,
    commune, village) together with the units above it that the table has, whether or not they
    were asked for, so a commune is never merged with a commune of the same name in another
    district, nor a `Thôn 1` with the `Thôn 1` of another commune; any other column alone.
    Every command that groups by a unit (classify, compare, report, measures) groups so."""
    if name in OPTIONAL_UNITS:
        above = OPTIONAL_UNITS[: OPTIONAL_UNITS.index(name) + 1]
        return tuple(u for u in above if u in present)
    if is_village(name):
        return (*(u for u in OPTIONAL_UNITS if u in present), name)
    return (name,)


def unit_names(keys: list[tuple[str | None, ...]], blank: str) -> list[str]:
    """A name per group of a unit breakdown (keys: the units above, then the unit; `blank`
    names an empty one): the unit's own name, followed by the units above it in parentheses
    when another group has that name too (`Hải Lạng (Đầm Hà)`, `Hải Lạng (Tiên Yên)`)."""
    names = [key[-1] if key[-1] not in (None, "") else blank for key in keys]
    seen: dict[str, int] = {}
    for name in names:
        seen[name] = seen.get(name, 0) + 1
    shown = []
    for key, name in zip(keys, names, strict=True):
        # inside the brackets a blank unit is its word alone: 'Đồn Đạc (blank)', never '((blank))'
        inner = blank[1:-1] if blank.startswith("(") and blank.endswith(")") else blank
        above = [v if v not in (None, "") else inner for v in key[:-1]]
        shown.append(f"{name} ({' / '.join(above)})" if seen[name] > 1 and above else name)
    return shown


# Every column mdpoverty adds to a frame while it works (the row number, parsed and raw cells,
# reasons, indicator verdicts...) has a name starting with INTERNAL. A user's column whose name
# starts with it too is held under USER + its name, and given its own name back in every file
# written: so no header, whatever it is, can meet an internal name.
INTERNAL = "__"
USER = "__user__"


def held_name(name: str) -> str:
    """The name a user's column has while mdpoverty works: its own, unless it looks internal
    or polars would read it as more than a name (`^...$` is a pattern of names, `*` every
    column), so a header such as `^x$` can neither vanish nor select other columns."""
    return USER + name if name.startswith(INTERNAL) or _pattern(name) else name


def _pattern(name: str) -> bool:
    """Whether polars reads `name` as more than a name."""
    return name == "*" or (name.startswith("^") and name.endswith("$"))


def col(name: str) -> pl.Expr:
    """The column named exactly `name`, whatever it is: `pl.col` reads `^...$` as a pattern of
    names and `*` as every column (a user's header may be either, once its own name is back)."""
    import polars as pl

    if _pattern(name):
        import polars.selectors as cs

        return cs.by_name(name).as_expr()
    return pl.col(name)


def user_name(name: str) -> str:
    """The user's own name of a column `held_name` gave; a column of marks: ``deprived_<id>``."""
    if name.startswith(MARK_HELD):
        return MARK_PREFIX + name[len(MARK_HELD) :]
    return name[len(USER) :] if name.startswith(USER) else name
