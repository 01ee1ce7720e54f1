"""Words and numbers for people, in English or Vietnamese: every label of the tool in one place.

The classify and compare outputs, the rejects file's descriptions and every screen take their
words from here (indicator, dimension and parameter names come from the standard's own YAML
labels). English keeps the machine-readable ids in files (``poor``, ``rural``, ``true``);
Vietnamese writes what an office posts (``Hộ nghèo``, ``Nông thôn``, ``Có``) and numbers the
Vietnamese way (``1.500.000 đ``, ``12,50%``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction


class Lang(StrEnum):
    """The language of what is written for people."""

    EN = "en"
    VI = "vi"


EN, VI = Lang.EN, Lang.VI


# the name a column with values and no header gets (`io.readers.no_header_name`), which every
# message, note and screen of a Vietnamese run says in Vietnamese
_NO_HEADER = re.compile(r"\(no header, column ([A-Z]+)\)")


def no_header_said(text: str, lang: str) -> str:
    """`text` with each column named for having no header in `lang`.

    >>> no_header_said("'(no header, column B)', 'Khu vực'", "vi")
    "'(không có tiêu đề, cột B)', 'Khu vực'"
    """
    return _NO_HEADER.sub(r"(không có tiêu đề, cột \1)", text) if lang == VI else text


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == VI else pair[0]


# ----------------------------------------------------------------------------- classes

# in files: English keeps the ids other programs read; Vietnamese the names offices use
_CLASS_VALUES = {
    "poor": ("poor", "Hộ nghèo"),
    "near_poor": ("near_poor", "Hộ cận nghèo"),
    "average": ("average", "Hộ có mức sống trung bình"),
    "not_poor": ("not_poor", "Hộ không nghèo"),
}
# on screen
_CLASS_LABELS = {
    "poor": ("poor · nghèo", "Hộ nghèo"),
    "near_poor": ("near-poor · cận nghèo", "Hộ cận nghèo"),
    "average": ("average · trung bình", "Hộ có mức sống trung bình"),
    "not_poor": ("not poor · không nghèo", "Hộ không nghèo"),
}
# column heads of narrow tables (a transition matrix); in Vietnamese the full terms, as every
# other table, sheet and file heads them
_CLASS_SHORT = {
    "poor": ("poor", "Hộ nghèo"),
    "near_poor": ("near-poor", "Hộ cận nghèo"),
    "average": ("average", "Hộ có mức sống trung bình"),
    "not_poor": ("not poor", "Hộ không nghèo"),
}


def class_value(cls: str, lang: str) -> str:
    """A class as written in an output file."""
    return _pick(_CLASS_VALUES[cls], lang) if cls in _CLASS_VALUES else cls


def class_label(cls: str, lang: str) -> str:
    """A class as shown on screen."""
    return _pick(_CLASS_LABELS[cls], lang) if cls in _CLASS_LABELS else cls


def class_short(cls: str, lang: str) -> str:
    return _pick(_CLASS_SHORT[cls], lang) if cls in _CLASS_SHORT else cls


# ----------------------------------------------------------------------------- values

_AREA_VALUES = {"rural": ("rural", "Nông thôn"), "urban": ("urban", "Thành thị")}
_YES_NO = {True: ("true", "Có"), False: ("false", "Không")}
_DIRECTIONS = {
    "worse": ("worse", "Khó khăn hơn"),
    "better": ("better", "Khá hơn"),
    "same status": ("same status", "Không đổi tình trạng"),
}


def area_value(area: str, lang: str) -> str:
    return _pick(_AREA_VALUES[area], lang) if area in _AREA_VALUES else area


def yes_no(value: bool, lang: str) -> str:
    return _pick(_YES_NO[bool(value)], lang)


def direction_value(direction: str, lang: str) -> str:
    """How a household's status moves from one standard to the other."""
    return _pick(_DIRECTIONS[direction], lang) if direction in _DIRECTIONS else direction


# ----------------------------------------------------------------------------- columns

# the columns classify adds; with several standards each name gets the standard's id
_ADDED = {
    "class": ("class", "Phân loại"),
    "deprivation_count": ("deprivation_count", "Số chỉ số thiếu hụt"),
    "deprived": ("deprived", "Các chỉ số thiếu hụt"),
    "income_line": ("income_line", "Chuẩn thu nhập áp dụng"),
    # under a standard with weights or k (Alkire-Foster): the weighted score, and exactly
    "deprivation_score": ("deprivation_score", "Điểm thiếu hụt"),
    "deprivation_score_exact": ("deprivation_score_exact", "Điểm thiếu hụt (phân số)"),
}
_CHANGES = {  # columns of compare's --changes file that classify does not write
    "row": ("row", "Dòng"),
    "direction": ("direction", "Thay đổi"),
}
DEPRIVED_SEPARATOR = {EN: ";", VI: "; "}  # a Vietnamese list is read by people, not split


def added_column(output: str, lang: str, standard_id: str | None = None) -> str:
    """The header of an added column; `standard_id` when several standards are written."""
    if lang != VI:
        return f"{output}_{standard_id}" if standard_id else output
    name = _pick(_ADDED[output], lang) if output in _ADDED else _pick(_CHANGES[output], lang)
    return f"{name} ({standard_id})" if standard_id else name


def changes_column(output: str, lang: str) -> str:
    return _pick(_CHANGES[output], lang)


_SHEETS = {  # the sheets of the workbooks mdpoverty writes (at most 31 characters each)
    "results": ("results", "Kết quả"),
    "rejects": ("rejects", "Loại bỏ"),
    "member_rejects": ("member rejects", "Thành viên bị loại"),
    "previous_rejects": ("previous rejects", "Danh sách trước bị loại"),
    "changes": ("changes", "Hộ thay đổi phân loại"),
    "summary": ("summary", "Tổng hợp"),
    "classes": ("households per class", "Số hộ theo phân loại"),
    "weighted_classes": ("weighted, per class", "Theo trọng số, theo phân loại"),
    "matrix": ("transition matrix", "Ma trận chuyển đổi"),
    "weighted_matrix": ("weighted transition matrix", "Ma trận chuyển đổi, trọng số"),
    "by": ("by {column}", "Theo {column}"),
    # 'weighted' first: a long column's name, cut at 31 characters, keeps the two sheets apart
    "weighted_by": ("weighted by {column}", "Trọng số theo {column}"),
    "rates": ("deprivation rates", "Tỷ lệ thiếu hụt"),
    "weighted_rates": ("weighted deprivation rates", "Tỷ lệ thiếu hụt theo trọng số"),
    "diff": ("parameter diff", "Khác biệt tham số"),
    "template": ("households", "Danh sách hộ"),
    "member_template": ("members", "Thành viên"),
    "columns": ("columns", "Mô tả các cột"),
}


def sheet_name(key: str, lang: str, **fields: str) -> str:
    """The name of a workbook's sheet: `results`, `rejects`, ... (Vietnamese: `Kết quả`...)."""
    return _pick(_SHEETS[key], lang).format(**fields)


_TYPES = {
    "text": ("text", "văn bản"),
    "area": ("rural/urban", "nông thôn/thành thị"),
    "integer": ("whole number", "số nguyên"),
    "money": ("VND", "đồng"),
    "decimal": ("number, 2 decimals", "số, 2 chữ số thập phân"),
    "boolean": ("yes/no", "có/không"),
}


def type_word(ctype: str, lang: str) -> str:
    """A column type (columns.ColumnType) in words."""
    return _pick(_TYPES[ctype], lang) if ctype in _TYPES else ctype


_STATUS = {
    "legal": ("legal", "văn bản pháp luật"),
    "news": ("news", "báo chí (từ hai nguồn)"),
    "secondary": ("secondary", "một nguồn thứ cấp"),
    "unverified": ("unverified", "chưa kiểm chứng"),
}


def status_word(status: str, lang: str) -> str:
    """How sure a standard's value is (standard.model.Status) in words."""
    return _pick(_STATUS[status], lang) if status in _STATUS else status


# the units the shipped standards give their parameters (`unit:`, free text in the YAML); a
# unit of another standard is shown as its file writes it
_UNITS = {
    "VND/person/month": "đồng/người/tháng",
    "VND/person/year": "đồng/người/năm",
    "indicators": "chỉ số",
    "m2/person": "m2/người",
    "share of members": "tỷ lệ trên số nhân khẩu",
    "structures": "kết cấu",
    "structures (of walls, frame/columns, roof)": "kết cấu (tường, khung/cột, mái)",
    "years": "tuổi",  # every such parameter is an age
}


def unit_word(unit: str, lang: str) -> str:
    """A parameter's unit in `lang`: ``đồng/người/tháng`` for ``VND/person/month``."""
    return _UNITS.get(unit, unit) if lang == VI else unit


REJECT_DESCRIPTION = ("error_description", "Mô tả lỗi")  # the rejects file's column for people
# the rejects file's row number and error codes (column:reason;...), headed for people in
# Vietnamese; the codes themselves stay machine-readable
_REJECT_FIXED = {"row": ("row", "Dòng"), "errors": ("errors", "Mã lỗi")}


def reject_fixed(name: str, lang: str) -> str:
    """The header of the rejects file's `row` or `errors` column in `lang`."""
    return _pick(_REJECT_FIXED[name], lang) if name in _REJECT_FIXED else name


_REASONS = {
    "missing_value": ("missing value", "thiếu giá trị (ô trống)"),
    "excel_error": (
        "the cell holds an Excel error (#DIV/0!, #N/A, #VALUE!, #REF!...): the formula that fills"
        " it failed",
        "ô chứa lỗi Excel (#DIV/0!, #N/A, #VALUE!, #REF!...): công thức tính ô này bị lỗi",
    ),
    "not_a_number": ("not a number", "không phải là số"),
    "not_an_integer": ("not a whole number", "không phải số nguyên"),
    "ambiguous_number": (
        "ambiguous number (thousands or decimals?) or more than 2 decimals",
        "số không rõ nghĩa (dấu phân cách hàng nghìn hay thập phân?) hoặc quá 2 chữ số thập phân",
    ),
    "too_many_decimals": ("more than 2 decimals", "quá 2 chữ số thập phân"),
    "out_of_range": ("out of range", "ngoài khoảng cho phép"),
    "more_than_household_size": (
        "more than the household's size",
        "lớn hơn số nhân khẩu của hộ",
    ),
    "unknown_category": ("unknown category", "giá trị không có trong danh mục"),
    "not_true_false": (
        "not true/false (có/không, 1/0, x, yes/no)",
        "không phải có/không (có/không, 1/0, x)",
    ),
    "duplicate_id": ("household_id appears more than once", "mã hộ xuất hiện nhiều lần"),
    "bad_mark": (
        "not a deprivation mark (x, 1, có, yes or ✓ where deprived; blank, 0, không or no where"
        " not)",
        "không phải dấu thiếu hụt (x, 1, có hoặc ✓ khi thiếu hụt; để trống, 0 hoặc không khi"
        " không thiếu hụt)",
    ),
    "unknown_indicator": (
        "names no indicator of the standard",
        "không phải tên một chỉ số của chuẩn",
    ),
    "mismatch": (
        "differs from the number of indicators the list of deprivations names",
        "khác số chỉ số mà danh sách thiếu hụt ghi",
    ),
    "not_a_weight": (
        "not a sampling weight (a number >= 0 as survey programs write it: 523.4321899414062,"
        " .5, 1e-12; up to 18 significant digits)",
        "không phải trọng số mẫu (một số >= 0 như các chương trình khảo sát ghi: 523.4321899414062,"
        " .5, 1e-12; tối đa 18 chữ số có nghĩa)",
    ),
    "division_by_zero": (
        "a rule of the standard divides by a value made from it, 0 on this row: the rule's"
        " result is unknown, so the household is not classified",
        "một quy tắc của chuẩn chia cho một giá trị tính từ cột này, bằng 0 ở dòng này: kết quả"
        " của quy tắc không xác định được, nên hộ không được phân loại",
    ),
    "no_members": ("no row in the member file", "hộ này không có dòng nào trong tệp thành viên"),
    "member_rejected": (
        "a member row of this household was rejected",
        "một dòng thành viên của hộ bị loại",
    ),
    "roster_size_mismatch": (
        "differs from the number of member rows",
        "khác số dòng thành viên của hộ",
    ),
    "unknown_from_members": (
        "blank in a member row where the indicator needs it",
        "ô trống ở dòng thành viên mà chỉ số cần",
    ),
    "unknown_household": (
        "no household of the household file has this id",
        "không có hộ nào trong tệp hộ có mã này",
    ),
    "member_id_collision": (
        "two household ids of the member file share a hash (refused, never mixed)",
        "hai mã hộ trong tệp thành viên trùng giá trị băm (bị loại, không gộp)",
    ),
}
# the detail after '@' in a reason: the member row it cites, or the roster's size
_DETAIL = {
    "member_rejected": ("member row {}", "dòng thành viên {}"),
    "unknown_from_members": ("member row {}", "dòng thành viên {}"),
    "roster_size_mismatch": ("{} member rows", "{} dòng thành viên"),
    "unknown_indicator": ("'{}'", "'{}'"),
    "mismatch": ("it names {}", "danh sách ghi {}"),
}
_DETAIL_ONE = {"roster_size_mismatch": ("1 member row", "1 dòng thành viên")}  # detail '1'


def member_reason_patterns(
    lang: str, headers: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """(regex, replacement) turning a members' item 'column:reason[@detail]' into words, for
    the rejects file's description column (the detail is a member row or a roster size); the
    columns in `headers` named as they say (a file's own headers), first."""
    import re

    out = []
    reasons = ("no_members", "member_id_collision", "unknown_household")
    named = sorted((headers or {}).items())
    for reason in reasons:
        for column, header in named:
            shown = header.replace("$", "$$")
            out.append(
                (rf"^{re.escape(column)}:{reason}$", f"{shown}: {reason_text(reason, lang)}")
            )
        out.append((rf"^([^:]*):{reason}$", "${1}: " + reason_text(reason, lang)))
    for reason, pair in _DETAIL.items():
        if reason in _DETAIL_ONE:  # first: a roster of one member row
            one = f"{reason_text(reason, lang)} ({_pick(_DETAIL_ONE[reason], lang)})"
            for column, header in named:
                shown = header.replace("$", "$$")
                out.append((rf"^{re.escape(column)}:{reason}@1$", f"{shown}: {one}"))
            out.append((rf"^([^:]*):{reason}@1$", "${1}: " + one))
        detail = _pick(pair, lang).format("${1}")
        for column, header in named:
            shown = header.replace("$", "$$")
            out.append(
                (
                    rf"^{re.escape(column)}:{reason}@(.*)$",
                    f"{shown}: {reason_text(reason, lang)} ({detail})",
                )
            )
        detail2 = _pick(pair, lang).format("${2}")
        out.append(
            (rf"^([^:]*):{reason}@(.*)$", "${1}: " + f"{reason_text(reason, lang)} ({detail2})")
        )
    return out


# what to do about a rejected cell, where the reason alone does not say it; never the value
_ADVICE = {
    # a formula's result (yearly income / 12 / members) keeps every decimal in the cell: the
    # comparison at the line is exact on cents, so mdpoverty never rounds it for the office
    "too_many_decimals": (
        "round the cell in Excel, e.g. =ROUND(the cell's formula,2) (with ; for , where"
        " Excel's settings ask), give it a number format of at most 2 decimals (#,##0), which"
        " is read as Excel shows it, or type the rounded number: mdpoverty does not round",
        "hãy làm tròn ô trong Excel, ví dụ =ROUND(công thức của ô;2) (dấu , thay"
        " cho ; tùy cài đặt của Excel), định dạng số của ô tối đa 2 chữ số thập phân (#,##0),"
        " được đọc như Excel hiển thị, hoặc ghi số đã làm tròn: mdpoverty không tự làm tròn",
    ),
}


def reason_advice(reason: str, lang: str) -> str | None:
    """What to do about a cell rejected for `reason`, when the reason alone does not say it."""
    pair = _ADVICE.get(reason.partition("@")[0])
    return _pick(pair, lang) if pair else None


def reason_text(reason: str, lang: str, advice: bool = False) -> str:
    """A rejection reason (validation's closed list) in words; 'reason@detail' with its detail
    (the member row it cites, the roster's size) in parentheses; with `advice`, what to do
    about it in parentheses (`reason_advice`), for the rejects file's description."""
    reason, _, detail = reason.partition("@")
    text = _pick(_REASONS[reason], lang) if reason in _REASONS else reason
    if detail == "1" and reason in _DETAIL_ONE:
        return f"{text} ({_pick(_DETAIL_ONE[reason], lang)})"
    if detail and reason in _DETAIL:
        text = f"{text} ({_pick(_DETAIL[reason], lang).format(detail)})"
    elif detail:
        text = f"{text} ({detail})"
    told = reason_advice(reason, lang) if advice else None
    return f"{text} ({told})" if told else text


# ----------------------------------------------------------------------------- screen words

_WORDS = {
    "class": ("class", "Phân loại"),
    "all": ("all", "Chung"),
    "total": ("total", "Tổng"),
    "households": ("households", "Số hộ"),
    "rural": ("rural", "Nông thôn"),
    "urban": ("urban", "Thành thị"),
    "blank": ("(blank)", "(trống)"),
    "province": ("province", "Tỉnh"),
    "district": ("district", "Huyện"),
    "commune": ("commune", "Xã"),
    "version": ("version", "phiên bản"),
    "provisional": ("PROVISIONAL", "TẠM THỜI"),
    "column": ("column", "Cột"),
    "reason": ("reason", "Lý do"),
    "cells": ("cells", "Số ô"),
    # column headers (compare's by-group tables and sheets): capitalised as the others
    "worse": ("worse", "Khó khăn hơn"),
    "better": ("better", "Khá hơn"),
    # after a group column's header that a table's own column has ('Households (group)')
    "group": ("group", "nhóm"),
}


def word(key: str, lang: str) -> str:
    return _pick(_WORDS[key], lang)


# what a row of the parameter diff compares (`standard.diff.DiffRow.kind`): in English its id,
# as the CSV and JSON keep it
_DIFF_KINDS = {
    "parameter": "Tham số",
    "indicator": "Chỉ số",
    "weight": "Trọng số",
    "k": "Ngưỡng k",
    "class_rule": "Quy tắc phân loại",
    "income_line": "Chuẩn thu nhập",
}


def diff_kind(kind: str, lang: str) -> str:
    """A parameter diff row's kind for people: `Tham số` for ``parameter`` in Vietnamese."""
    return _DIFF_KINDS.get(kind, kind) if lang == VI else kind


# ----------------------------------------------------------------------------- numbers


def count(n: int, lang: str) -> str:
    """A count with thousands separators: 2,971 (en) or 2.971 (vi)."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang == VI else text


def signed_count(n: int, lang: str) -> str:
    text = f"{n:+,}"
    return text.replace(",", ".") if lang == VI else text


def share(n: int | Fraction, total: int | Fraction, lang: str) -> str:
    """n as a percentage of total (`percent`), computed exactly: 12.50% (en) or 12,50% (vi);
    `-` when total is 0."""
    if not total:
        return "-"
    return percent(Fraction(n) / Fraction(total), lang)


def percent(rate: Fraction | float | int, lang: str) -> str:
    """A share as a percentage with two decimals: 12.50% (en), 12,50% (vi). A share that is
    not 0 but rounds to 0.00% (1 household in 27 million) is `<0.01%`, and one that is not
    1 but rounds to 100.00% is `>99.99%`: a count that is there is never shown as none, nor
    one that is missing as all. The one function every percentage on screen or in a text cell
    goes through; the JSON keeps the exact numbers."""
    exact = Fraction(rate)
    hundredths = round(exact * 10_000)
    if exact > 0 and hundredths == 0:
        text = "<0.01%"
    elif exact < 1 and hundredths == 10_000 and exact > 0:
        text = ">99.99%"
    elif exact < 0 and hundredths == 0:
        text = ">-0.01%"
    else:
        sign = "-" if hundredths < 0 else ""
        whole, part = divmod(abs(hundredths), 100)
        text = f"{sign}{whole}.{part:02d}%"
    return text.replace(".", ",") if lang == VI else text


def number(value: int | Decimal | Fraction | float, lang: str, places: int | None = None) -> str:
    """A number exactly as held, grouped by thousands: 1,500,000.5 (en), 1.500.000,5 (vi).

    Whole values are written whole; a decimal keeps its own digits (trailing zeros dropped,
    0.50 -> 0.5) or, with `places`, exactly that many (money: 1,500,000.50); a fraction that
    is not a short decimal keeps its form (1/3).
    """
    if isinstance(value, bool):
        return yes_no(value, lang)
    if isinstance(value, Fraction):
        if value.denominator == 1:
            value = value.numerator
        else:
            as_decimal = Decimal(value.numerator) / Decimal(value.denominator)
            if Fraction(as_decimal) != value:
                return f"{value.numerator}/{value.denominator}"
            value = as_decimal
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            value = int(value)
        else:
            sign = "-" if value < 0 else ""
            shown = (
                abs(value).normalize()
                if places is None
                else abs(value).quantize(Decimal(1).scaleb(-places))
            )
            whole, _, frac = format(shown, "f").partition(".")
            head = count(int(whole), lang)
            return f"{sign}{head}{',' if lang == VI else '.'}{frac}"
    return count(int(value), lang)


def day(value: dt.date, lang: str) -> str:
    """A date as people write it: 2025-06-30 (en), 30/06/2025 (vi)."""
    return value.strftime("%d/%m/%Y") if lang == VI else value.isoformat()


def money(value: int | Decimal | Fraction, lang: str) -> str:
    """An amount of VND: 1,500,000 VND (en) or 1.500.000 đ (vi)."""
    return f"{number(value, lang, places=2)} {'đ' if lang == VI else 'VND'}"


def money_exact(value: int | Decimal | Fraction, lang: str) -> str:
    """An amount that may be no two-place one (a yearly income / 12), never rounded: two
    places when it has them, else its first four places and '…' when it goes on (1,500,000.0833…
    VND for 18,000,001 / 12).

    >>> money_exact(Fraction(18_000_006, 12), "vi"), money_exact(Fraction(18_000_001, 12), "en")
    ('1.500.000,50 đ', '1,500,000.0833… VND')
    """
    exact = Fraction(value)
    if (exact * 100).denominator == 1:
        return money(exact, lang)
    places = 4
    shown = Fraction(math.floor(abs(exact) * 10**places), 10**places)
    digits = Decimal(shown.numerator) / Decimal(shown.denominator)
    text = number(digits.quantize(Decimal(1).scaleb(-places)), lang, places=places)
    sign = "-" if exact < 0 else ""
    more = "…" if shown != abs(exact) else ""
    return f"{sign}{text}{more} {'đ' if lang == VI else 'VND'}"


# ----------------------------------------------------------------------------- report

# the words of `mdpoverty report`: tables, sections, movements, the workbook's sheets
_REPORT: dict[str, tuple[str, str]] = {
    # classes
    "poor": ("poor", "Hộ nghèo"),
    "near_poor": ("near-poor", "Hộ cận nghèo"),
    "average": ("average living standard", "Hộ có mức sống trung bình"),
    "not_poor": ("not poor", "Hộ không nghèo"),
    "absent": ("absent", "Không có trong danh sách"),
    # sections
    "urban": ("urban", "Thành thị"),
    "rural": ("rural", "Nông thôn"),
    "all": ("all areas", "Chung"),
    "unknown_area": ("area unknown", "Không rõ khu vực"),
    # units
    "province": ("province", "Tỉnh"),
    "district": ("district", "Huyện"),
    "commune": ("commune", "Xã"),
    "total": ("Total", "Tổng cộng"),
    "blank_unit": ("(blank)", "(trống)"),
    "unknown_unit": ("(unit not in the previous list)", "(danh sách kỳ trước không có đơn vị)"),
    "area": ("area", "Khu vực"),
    "level": ("level", "Cấp"),
    "unit": ("unit", "Đơn vị"),
    # household table
    "households": ("households", "Tổng số hộ"),
    "share": ("%", "Tỷ lệ %"),
    "em_households": ("ethnic-minority households", "Hộ dân tộc thiểu số"),
    "em_poor": ("of which ethnic-minority: poor", "Trong đó hộ DTTS: hộ nghèo"),
    "em_near_poor": ("of which ethnic-minority: near-poor", "Trong đó hộ DTTS: hộ cận nghèo"),
    "em_average": (
        "of which ethnic-minority: average",
        "Trong đó hộ DTTS: hộ có mức sống trung bình",
    ),
    "em_not_poor": ("of which ethnic-minority: not poor", "Trong đó hộ DTTS: hộ không nghèo"),
    # deprivation
    "deprived_households": ("households", "Số hộ"),
    # movements
    "poor_before": ("poor at the previous review", "Hộ nghèo kỳ trước"),
    "near_poor_before": ("near-poor at the previous review", "Hộ cận nghèo kỳ trước"),
    "escaped_poverty": ("escaped poverty", "Thoát nghèo"),
    "poor_to_near_poor": ("of which became near-poor", "Trong đó thoát nghèo thành cận nghèo"),
    "escaped_near_poverty": ("escaped near-poverty", "Thoát cận nghèo"),
    "near_poor_to_poor": ("near-poor who became poor", "Hộ cận nghèo thành hộ nghèo"),
    "newly_poor": ("newly poor", "Hộ nghèo phát sinh"),
    "newly_near_poor": ("newly near-poor", "Hộ cận nghèo phát sinh"),
    "absent_now": ("absent now (in the previous list only)", "Không còn trong danh sách"),
    "absent_poor": ("of which poor before", "Trong đó hộ nghèo kỳ trước"),
    "absent_near_poor": ("of which near-poor before", "Trong đó hộ cận nghèo kỳ trước"),
    "new": ("new to this list", "Hộ mới trong danh sách"),
    "new_poor": ("of which poor now", "Trong đó hộ nghèo"),
    "new_near_poor": ("of which near-poor now", "Trong đó hộ cận nghèo"),
    "rejected_before": (
        "previous row rejected (class unknown)",
        "Dòng kỳ trước bị loại (không rõ phân loại)",
    ),
    "rejected_poor_now": ("of which poor now", "Trong đó hộ nghèo kỳ này"),
    "rejected_near_poor_now": ("of which near-poor now", "Trong đó hộ cận nghèo kỳ này"),
    "rejected_absent_now": ("of which absent now", "Trong đó không còn trong danh sách"),
    "rejected_now": (
        "row in this list rejected (class unknown)",
        "Dòng kỳ này bị loại (không rõ phân loại)",
    ),
    "rejected_now_poor": ("of which poor before", "Trong đó hộ nghèo kỳ trước"),
    "rejected_now_near_poor": ("of which near-poor before", "Trong đó hộ cận nghèo kỳ trước"),
    "rejected_now_rejected_before": (
        "of which previous row rejected too",
        "Trong đó dòng kỳ trước cũng bị loại",
    ),
    "rejected_new": (
        "row in this list rejected, not on the previous list",
        "Dòng kỳ này bị loại, không có trong danh sách kỳ trước",
    ),
    # the transitions' row of households whose previous row was rejected
    "previous_rejected": (
        "previous row rejected (class unknown)",
        "Dòng kỳ trước bị loại (không rõ phân loại)",
    ),
    # the transitions' column of households whose row in this list was rejected
    "current_rejected": (
        "row in this list rejected (class unknown)",
        "Dòng kỳ này bị loại (không rõ phân loại)",
    ),
    "poor_now": ("poor at this review", "Hộ nghèo kỳ này"),
    "near_poor_now": ("near-poor at this review", "Hộ cận nghèo kỳ này"),
    # titles
    "title_households": (
        "Poor and near-poor households by unit",
        "Tổng hợp hộ nghèo, hộ cận nghèo theo đơn vị",
    ),
    "title_deprivation_poor": (
        "Deprivation among poor households",
        "Thiếu hụt các chỉ số dịch vụ xã hội cơ bản của hộ nghèo",
    ),
    "title_deprivation_near_poor": (
        "Deprivation among near-poor households",
        "Thiếu hụt các chỉ số dịch vụ xã hội cơ bản của hộ cận nghèo",
    ),
    "title_deprivation": (
        "Deprivation among poor and near-poor households (households deprived, % of the class)",
        "Thiếu hụt các chỉ số của hộ nghèo, hộ cận nghèo (số hộ thiếu hụt, % số hộ)",
    ),
    "title_ethnic": (
        "Of which ethnic-minority households",
        "Trong đó hộ dân tộc thiểu số",
    ),
    "title_movements": (
        "Movements since the previous review",
        "Diễn biến hộ nghèo, hộ cận nghèo so với kỳ rà soát trước",
    ),
    "title_transitions": (
        "Households by previous and current class",
        "Số hộ theo phân loại kỳ trước và kỳ này",
    ),
    "title_side_by_side": ("Standards side by side", "So sánh các chuẩn nghèo"),
    "title_about": ("About this report", "Thông tin báo cáo"),
    "standard": ("Standard", "Chuẩn nghèo"),
    "reference": ("Legal reference", "Căn cứ pháp lý"),
    "data_file": ("Data file", "Tệp dữ liệu"),
    "run_date": ("Run on", "Ngày lập"),
    "as_of": ("Standard in force on", "Chuẩn áp dụng ngày"),
    "previous_file": ("Previous review's list", "Danh sách kỳ trước"),
    "previous_class": ("previous class", "Phân loại kỳ trước"),
    "previous_class_column": ("Previous list's class column", "Cột phân loại kỳ trước"),
    "no_previous_class": (
        "none: no movements under this standard (--previous-class ID=COLUMN names one)",
        "không có: không có diễn biến theo chuẩn này (nêu cột bằng --previous-class ID=CỘT)",
    ),
    "current_class": ("current class", "Phân loại kỳ này"),
    "indicator": ("indicator", "Chỉ số"),
    "rows_read": ("rows read", "Số dòng đọc"),
    "reported": ("reported", "Số hộ báo cáo"),
    "rejected": ("rejected", "Số dòng bị loại"),
}

# shorter forms for the screen's column headers (a class keeps its full Vietnamese term, as
# everywhere else)
_REPORT_SHORT: dict[str, tuple[str, str]] = {
    "poor": ("poor", "Hộ nghèo"),
    "near_poor": ("near-poor", "Hộ cận nghèo"),
    "average": ("average", "Hộ có mức sống\ntrung bình"),  # on two lines: a narrow column
    "not_poor": ("not poor", "Hộ không nghèo"),
    "em_households": ("ethnic-minority households", "Hộ DTTS"),
}

_REPORT_SHEETS: dict[str, tuple[str, str]] = {
    "about": ("About", "Thông tin"),
    "households": ("Households", "Hộ nghèo cận nghèo"),
    "deprivation_poor": ("Deprivation poor", "Thiếu hụt hộ nghèo"),
    "deprivation_near_poor": ("Deprivation near-poor", "Thiếu hụt hộ cận nghèo"),
    "movements": ("Movements", "Diễn biến"),
    "transitions": ("Transitions", "Chuyển đổi"),
    "side_by_side": ("Side by side", "So sánh"),
}


def report_word(key: str, lang: str) -> str:
    """A word of `mdpoverty report`; a key with no label is shown as itself."""
    return _pick(_REPORT[key], lang) if key in _REPORT else key


def report_short(key: str, lang: str) -> str:
    """A shorter form of a report word, for narrow columns."""
    return _pick(_REPORT_SHORT[key], lang) if key in _REPORT_SHORT else report_word(key, lang)


def report_sheet(key: str, lang: str) -> str:
    """The name of a sheet of the report's workbook (at most 31 characters)."""
    return _pick(_REPORT_SHEETS[key], lang)


# ----------------------------------------------------------------------------- measures

# the words of `mdpoverty measures`' tables (its screen and .txt report); H, A and M0 stay
# symbols, as the literature writes them in both languages
_MEASURES: dict[str, tuple[str, str]] = {
    "title": (
        "Alkire-Foster measures under {id} (version {version}) on {rows} {rows_word} from {source}",
        "Chỉ số nghèo đa chiều Alkire-Foster theo chuẩn {id} (phiên bản {version}) trên {rows}"
        " dòng của tệp {source}",
    ),
    "population": (
        "population: {how}; missing values: {missing}",
        "đơn vị tính: {how}; giá trị thiếu: {missing}",
    ),
    "people_members": (
        "people: each household's member rows{times}",
        "người (số dòng thành viên của mỗi hộ{times})",
    ),
    "people_size": (
        "people: each household's household_size{times}",
        "người (số nhân khẩu của mỗi hộ{times})",
    ),
    "times_weight": (" x its weight in '{weight}'", ", nhân với trọng số ở cột '{weight}'"),
    "sum_weights": ("sum of the weights in '{weight}'", "hộ (tổng trọng số ở cột '{weight}')"),
    "one_per_row": ("one per row", "hộ (mỗi dòng một hộ)"),
    "unit_households": ("households", "hộ"),
    "unit_people": ("people", "người"),
    "missing_reject": (
        "rows with an empty cell an indicator reads are rejected",
        "loại các dòng có ô trống ở cột mà chỉ số cần đọc",
    ),
    "missing_not-deprived": (
        "an indicator that reads an empty cell counts as not deprived",
        "chỉ số gặp ô trống được tính là không thiếu hụt",
    ),
    "missing_reweight": (
        "a row's score is over the weights of the indicators it has",
        "điểm của một dòng tính trên tổng trọng số các chỉ số có dữ liệu",
    ),
    "k_title": (
        "{k}: poor when the weighted deprivation score >= k",
        "{k}: nghèo khi điểm thiếu hụt có trọng số >= k",
    ),
    "group": ("group", "nhóm"),
    "rows": ("rows", "số dòng"),
    "population_head": ("population", "số {unit}"),
    "pop_share": ("% pop", "% tổng số {unit}"),
    "all": ("all", "toàn bộ"),
    "blank": ("(blank)", "(trống)"),
    "more_groups": (
        "{n} more {groups} in --format json, csv or xlsx",
        "còn {n} nhóm nữa trong --format json, csv hoặc xlsx",
    ),
    "indicators_title": (
        "Indicators at {k} (whole population)",
        "Các chỉ số thiếu hụt tại {k} (tính trên toàn bộ {unit})",
    ),
    "indicator": ("indicator", "chỉ số"),
    "dimension": ("dimension", "chiều"),
    "weight": ("weight", "trọng số"),
    "uncensored": ("uncensored", "thiếu hụt"),
    "censored": ("censored", "nghèo và thiếu hụt"),
    "contribution": ("contribution", "đóng góp"),
    "undecided": (
        "Indicators undecided (an empty cell{members}), {how}: {items}",
        "Chỉ số không xác định được (ô trống{members}), {how}: {items}",
    ),
    "undecided_members": (
        ", or left unknown by the members",
        " hoặc các thành viên không đủ dữ liệu để xác định",
    ),
    "reweighted": ("reweighted", "đã tính lại trọng số"),
    "reweight_note": (
        "Reweighted rows score over the weights they have, so a contribution is the indicator's"
        " part of the poor's reweighted scores: it is not the weight shown x censored / M0 (the"
        " contributions still add up to 100%)",
        "Dòng được tính lại trọng số có điểm theo các trọng số của chỉ số xác định được, nên đóng"
        " góp là phần của chỉ số trong điểm (đã tính lại trọng số) của người nghèo, không phải"
        " trọng số ghi ở đây x tỷ lệ thiếu hụt có kiểm duyệt / M0 (tổng các đóng góp vẫn là 100%)",
    ),
    "not_deprived": ("counted as not deprived", "được tính là không thiếu hụt"),
    "undecided_item": ("{id} {n} {rows}", "{id}: {n} dòng"),
    "whole_dimension": ("(whole dimension)", "(cả chiều)"),
    "legend": (
        "H: headcount ratio (share poor); A: average deprivation score of the poor; M0 = H x A: "
        "adjusted headcount ratio; uncensored: share deprived in the indicator; censored: share "
        "poor and deprived in it; contribution: share of M0",
        "H: tỷ lệ nghèo đa chiều; A: cường độ thiếu hụt bình quân của {unit} nghèo; M0 = H × A:"
        " chỉ số nghèo đa chiều điều chỉnh; thiếu hụt: tỷ lệ thiếu hụt chung (tính trên toàn"
        " bộ); nghèo và thiếu hụt: tỷ lệ vừa nghèo vừa thiếu hụt; đóng góp: tỷ lệ đóng góp vào"
        " M0",
    ),
}


def measures_word(key: str, lang: str, **fields: object) -> str:
    """A word or line of `mdpoverty measures`' tables in `lang`, its `fields` placed."""
    text = _pick(_MEASURES[key], lang)
    return text.format(**fields) if fields else text
