"""The closed list of reasons a cell fails validation (`validation`): ``column:reason`` in the
rejects file, stable for other programs. Apart from `validation`, so that the modules it reads
columns through (`mark_list`) name their reasons from it too.
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    MISSING_VALUE = "missing_value"
    NOT_A_NUMBER = "not_a_number"
    NOT_AN_INTEGER = "not_an_integer"
    AMBIGUOUS_NUMBER = "ambiguous_number"
    TOO_MANY_DECIMALS = "too_many_decimals"
    OUT_OF_RANGE = "out_of_range"
    MORE_THAN_HOUSEHOLD_SIZE = "more_than_household_size"
    UNKNOWN_CATEGORY = "unknown_category"
    NOT_TRUE_FALSE = "not_true_false"
    DUPLICATE_ID = "duplicate_id"
    BAD_MARK = "bad_mark"
    UNKNOWN_INDICATOR = "unknown_indicator"  # an item of a list of deprivations (`mark_list`)
    MISMATCH = "mismatch"  # a count of deprivations that is not the list's
    EXCEL_ERROR = "excel_error"  # a workbook's cell holding an Excel error (#DIV/0!, #N/A...)
    NOT_A_WEIGHT = "not_a_weight"  # a sampling weight (`--weight`) that is no number >= 0
    # a rule of the standard divides by this column's value, 0 on the row: its result unknown
    DIVISION_BY_ZERO = "division_by_zero"
