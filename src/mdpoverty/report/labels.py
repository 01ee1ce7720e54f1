"""The report's words in English and Vietnamese (`--lang en|vi`).

Kept here until a shared labels module for every command exists; then these move there.
"""

from __future__ import annotations

LANGS = ("en", "vi")

_WORDS: dict[str, tuple[str, str]] = {
    # classes
    "poor": ("poor", "Hộ nghèo"),
    "near_poor": ("near-poor", "Hộ cận nghèo"),
    "average": ("average living standard", "Hộ có mức sống trung bình"),
    "not_poor": ("not poor", "Hộ không nghèo"),
    "absent": ("absent", "không có trong danh sách"),
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
    "current_class": ("current class", "Phân loại kỳ này"),
    "indicator": ("indicator", "Chỉ số"),
    "rows_read": ("rows read", "Số dòng đọc"),
    "reported": ("reported", "Số hộ báo cáo"),
    "rejected": ("rejected", "Số dòng bị loại"),
}

# shorter forms for the screen's column headers
_SHORT: dict[str, tuple[str, str]] = {
    "poor": ("poor", "Nghèo"),
    "near_poor": ("near-poor", "Cận nghèo"),
    "average": ("average", "Trung bình"),
    "not_poor": ("not poor", "Không nghèo"),
    "em_households": ("ethnic-minority households", "Hộ DTTS"),
}

SHEETS: dict[str, tuple[str, str]] = {
    "about": ("About", "Thông tin"),
    "households": ("Households", "Hộ nghèo cận nghèo"),
    "deprivation_poor": ("Deprivation poor", "Thiếu hụt hộ nghèo"),
    "deprivation_near_poor": ("Deprivation near-poor", "Thiếu hụt hộ cận nghèo"),
    "movements": ("Movements", "Diễn biến"),
    "transitions": ("Transitions", "Chuyển đổi"),
    "side_by_side": ("Side by side", "So sánh"),
}


def word(key: str, lang: str = "en") -> str:
    """`key`'s label in `lang`; a key with no label is shown as itself."""
    pair = _WORDS.get(key)
    if pair is None:
        return key
    return pair[LANGS.index(lang)]


def short(key: str, lang: str = "en") -> str:
    """A short form of `key`'s label for narrow columns."""
    pair = _SHORT.get(key)
    return word(key, lang) if pair is None else pair[LANGS.index(lang)]


def sheet(key: str, lang: str = "en") -> str:
    return SHEETS[key][LANGS.index(lang)]
