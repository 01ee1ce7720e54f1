"""The standard file format (format_version 1), as pydantic models.

`mdpoverty standards schema` prints the JSON Schema generated from these models.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, model_validator

from ..columns import STANDARD_ID as ID_FORM
from ..columns import ColumnType
from ..errors import Said
from ..exact import INTEGER_DIGITS
from .wording import not_a_number, what

IDENT = r"^[a-z][a-z0-9_]*$"
STANDARD_ID = rf"^{ID_FORM}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Status(StrEnum):
    """How sure a value is (as in shared/legal/vietnam-standards.md)."""

    LEGAL = "legal"  # the legal wording was seen quoted
    NEWS = "news"  # two or more independent summaries
    SECONDARY = "secondary"  # one secondary source
    UNVERIFIED = "unverified"  # not found; an assumption, said as such


class ClassId(StrEnum):
    """Household classes, from worst off to best off."""

    POOR = "poor"
    NEAR_POOR = "near_poor"
    AVERAGE = "average"
    NOT_POOR = "not_poor"


CLASS_ORDER = [c.value for c in ClassId]


class Label(Strict):
    vi: str
    en: str


class Reference(Strict):
    id: str = Field(pattern=IDENT.replace("_", "_-"))
    title: str
    href: str | None = None
    date: dt.date | None = None
    note: str | None = None


class Jurisdiction(Strict):
    level: Literal["national", "provincial"]
    country: str = "VN"
    province: str | None = None

    @model_validator(mode="after")
    def _province_iff_provincial(self) -> Jurisdiction:
        if (self.level == "provincial") != (self.province is not None):
            raise ValueError(
                Said(
                    "a provincial standard names its province; a national one does not",
                    "standard.province_iff_provincial",
                )
            )
        return self


# Limits (README, "Limits"): a parameter is an amount of VND or a count, with at most as many
# digits as a whole number in the data, or a ratio such as 0.5 or 1.4; six decimal places are
# more than any legal text gives. Bounded so, every parameter is an exact fraction the expression
# compiler proves within 128-bit integers, whatever it is multiplied by.
PARAMETER_DIGITS = INTEGER_DIGITS
PARAMETER_DECIMALS = 6


def _decimal_places(value: Decimal) -> int:
    _sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    text = "".join(map(str, digits))
    return max(0, -exponent - (len(text) - len(text.rstrip("0"))))


def _number(value: object) -> int | Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValueError(not_a_number(value))
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(Said("must be a finite number", "standard.finite_number_wanted"))
    if abs(value) >= 10**PARAMETER_DIGITS or (
        isinstance(value, Decimal) and _decimal_places(value) > PARAMETER_DECIMALS
    ):
        raise ValueError(
            Said(
                f"a parameter has at most {PARAMETER_DIGITS} digits before the decimal point "
                f"and {PARAMETER_DECIMALS} after it",
                "standard.parameter_digits",
                digits=PARAMETER_DIGITS,
                decimals=PARAMETER_DECIMALS,
            )
        )
    return value


Number = Annotated[int | Decimal, PlainValidator(_number, json_schema_input_type=int | Decimal)]


def _exact_text(value: object) -> int | Decimal | str:
    """A weight or k as written (checked in full by `standard.weights` when the file loads)."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise ValueError(
            Said(
                f"must be a number or a fraction such as 1/6, not {what(value)}",
                "standard.exact_wanted",
                value=what(value),
            )
        )
    return value


# an exact number as written: 1, 0.25, or fraction text such as "1/6" (percentages for k only)
ExactText = Annotated[
    int | Decimal | str, PlainValidator(_exact_text, json_schema_input_type=int | Decimal | str)
]


class Parameter(Strict):
    label: Label | None = None
    description: str | None = None
    unit: str
    status: Status
    reference: list[str] = Field(min_length=1, description="ids from the standard's references")
    note: str | None = None
    last_checked: dt.date | None = Field(
        default=None, description="when someone last checked the value against its source"
    )
    by: Literal["area"] | None = Field(
        default=None, description="the column the value is broken down by"
    )
    value: Number | None = None
    values: dict[str, Number] | None = None

    @model_validator(mode="after")
    def _value_xor_values(self) -> Parameter:
        if self.by is None:
            if self.value is None or self.values is not None:
                raise ValueError(
                    Said(
                        "a parameter without 'by' has one 'value' (and no 'values')",
                        "standard.parameter_one_value",
                    )
                )
        elif self.values is None or self.value is not None:
            raise ValueError(
                Said(
                    "a parameter with 'by' has 'values' per category (and no 'value')",
                    "standard.parameter_values_by",
                )
            )
        # every parameter counts or measures (a line in đồng, an age, a share, m2, a number of
        # indicators): a negative one is a typo that would silently change every class
        values = [self.value] if self.value is not None else list((self.values or {}).values())
        if any(v < 0 for v in values):
            raise ValueError(
                Said(
                    "a parameter's value is never negative (a line, an age, a share, an area or a "
                    "number of indicators)",
                    "standard.parameter_negative",
                )
            )
        return self


class Dimension(Strict):
    id: str = Field(pattern=IDENT)
    label: Label


class ExtraColumn(Strict):
    """A column a standard needs beyond the canonical ones."""

    type: ColumnType
    label: Label
    minimum: int = 0
    maximum: int | None = None


class Indicator(Strict):
    id: str = Field(pattern=IDENT)
    dimension: str
    label: Label
    deprived_when: str | None = Field(
        default=None,
        description="expression over columns and parameters (the household form); optional "
        "when from_members is given",
    )
    from_members: str | None = Field(
        default=None,
        description="the member form, used with --members: an expression over household columns, "
        "parameters and aggregates of member expressions, such as "
        "any(age >= health_insurance_age_min and not has_health_insurance)",
    )
    weight: ExactText | None = Field(
        default=None,
        description="weight in the deprivation score, exact: 1/6 (as text), 0.25, 1. Give every "
        "indicator a weight, or none: the default nests equal weights by dimension",
    )
    status: Status
    reference: list[str] = Field(min_length=1)
    note: str | None = None
    mark_headers: list[str] | None = Field(
        default=None,
        description="other headers of the indicator's column in a list of deprivation marks "
        "(plain text, matched ignoring case, accents and spaces), such as [BHYT]; its labels "
        "and id are always recognised",
    )

    @model_validator(mode="after")
    def _some_form(self) -> Indicator:
        if self.deprived_when is None and self.from_members is None:
            raise ValueError(
                Said(
                    "an indicator has 'deprived_when', 'from_members' or both",
                    "standard.indicator_form",
                )
            )
        return self


class ClassRule(Strict):
    class_: ClassId = Field(alias="class")
    label: Label | None = None
    when: str | None = Field(
        default=None,
        description="expression over income, deprivation_count, indicators and parameters",
    )
    otherwise: Literal[True] | None = None
    status: Status | None = None
    reference: list[str] | None = None

    @model_validator(mode="after")
    def _when_xor_otherwise(self) -> ClassRule:
        if (self.when is None) == (self.otherwise is None):
            raise ValueError(
                Said(
                    "a class rule has either 'when' or 'otherwise: true'",
                    "standard.class_rule_form",
                )
            )
        return self


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def names_in(texts: Iterable[object]) -> set[str]:
    """Every name the expressions `texts` use (what is not text is skipped): a parameter none of
    a standard's expressions names is not part of that standard."""
    return {name for text in texts if isinstance(text, str) for name in _NAME.findall(text)}


class Standard(Strict):
    """A complete standard, after `extends` has been applied."""

    format_version: Literal[1]
    id: str = Field(pattern=STANDARD_ID)
    version: str = Field(description="version of this file's content, e.g. 2025.1")
    title: Label
    jurisdiction: Jurisdiction
    extends: str | None = None
    provisional: bool = False
    valid_from: dt.date
    valid_to: dt.date | None = None
    references: list[Reference] = Field(min_length=1)
    notes: str | None = None
    columns: dict[str, ExtraColumn] = Field(default_factory=dict)
    member_columns: dict[str, ExtraColumn] = Field(
        default_factory=dict,
        description="columns of the member file (--members) beyond the canonical ones",
    )
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    dimensions: list[Dimension] = Field(min_length=1)
    indicators: list[Indicator] = Field(min_length=1)
    income_line: str | None = Field(
        default=None,
        description="expression: the income line reported per household; none in a pure "
        "Alkire-Foster specification",
    )
    classes: list[ClassRule] = Field(
        default_factory=list,
        description="first match wins; without classes, a standard with k classifies poor when "
        "deprivation_score >= k",
    )
    k: ExactText | None = Field(
        default=None,
        description="the Alkire-Foster poverty cut-off: a share of the weighted deprivation "
        "score, exact (1/3 as text, 0.25, or 33.33% as written)",
    )

    def label_of_class(self, class_id: str, lang: str) -> str:
        for rule in self.classes:
            if rule.class_.value == class_id and rule.label is not None:
                return rule.label.vi if lang == "vi" else rule.label.en
        return class_id


class StandardOverlay(Strict):
    """A standard that `extends` another: identity in full, everything else optional.

    `parameters` and `indicators` change the parent's, by name and id (a name the parent does
    not have is an error, so a typo never adds one); `add_parameters` and `add_indicators` add
    new ones; `remove_indicators` drops inherited ones; `dimensions`, `classes`, `columns`,
    `member_columns`,
    `income_line` and `k` replace the parent's when given.
    """

    format_version: Literal[1]
    id: str = Field(pattern=STANDARD_ID)
    version: str
    title: Label
    jurisdiction: Jurisdiction
    extends: str
    provisional: bool = False
    valid_from: dt.date
    valid_to: dt.date | None = None
    references: list[Reference] = Field(min_length=1)
    notes: str | None = None
    columns: dict[str, ExtraColumn] | None = None
    member_columns: dict[str, ExtraColumn] | None = None
    parameters: dict[str, Parameter] | None = Field(
        default=None, description="changes to the parent's parameters, by name"
    )
    add_parameters: dict[str, Parameter] | None = Field(
        default=None, description="parameters the parent does not have"
    )
    dimensions: list[Dimension] | None = None
    indicators: list[Indicator] | None = Field(
        default=None, description="changes to the parent's indicators, by id"
    )
    add_indicators: list[Indicator] | None = Field(
        default=None, description="indicators the parent does not have, after its own"
    )
    remove_indicators: list[str] | None = None
    inherited_indicators_status: Status | None = Field(
        default=None,
        description="status of the indicators taken unchanged from the parent, when the sources "
        "do not say the province adopts them (a parent's weaker status is kept)",
    )
    inherited_parameters_status: Status | None = Field(
        default=None,
        description="status of the parameters taken unchanged from the parent, when a source says "
        "this standard adopts the parent's values (a parent's weaker status is kept); without it "
        "an inherited parameter is unverified for this standard: the parent's sources speak of "
        "the parent",
    )
    income_line: str | None = None
    classes: list[ClassRule] | None = None
    k: ExactText | None = None
