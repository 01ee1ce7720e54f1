"""Writing a standard: the messages a person writing a provincial standard meets.

Every kind of error the models can raise is said in the project's words (pydantic's own never
reaches the user), unknown keys get a did-you-mean at any depth, an error in an inherited part
names the file it was written in, and an extending file tells changing from adding apart.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import textwrap
import types
import typing
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError
from typer.testing import CliRunner

from mdpoverty import messages
from mdpoverty.cli.app import app
from mdpoverty.engine.classifier import load_checked
from mdpoverty.errors import ExpressionError, Said, StandardError
from mdpoverty.standard import problems
from mdpoverty.standard.loader import load_standard
from mdpoverty.standard.model import Standard, StandardOverlay
from mdpoverty.standard.wording import not_a_number
from mdpoverty.standard.yaml_strict import load_yaml_file

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "thresholds"
NATIONAL = SHIPPED / "vn-2022-2025.yaml"

# pydantic's wording: none of it may reach a user
PYDANTIC = re.compile(
    r"Input should|Field required|validation error|type=|For further information|"
    r"Extra inputs|Value error|String should|should have at least|valid dictionary|"
    r"instance of|unable to interpret|Datetimes provided|input is too short|"
    r"errors\.pydantic\.dev|\[type"
)

_names = itertools.count()


# ------------------------------------------------------------------- every pydantic error type

WRONG = [
    "text",
    "Housing Area",
    "1.950.000",
    "31/12/2024",
    "",
    5,
    -3,
    0,
    Decimal("1.5"),
    Decimal("2026.1"),
    True,
    None,
    dt.date(2022, 1, 1),
    dt.datetime(2022, 1, 1, 10, 0),
    [],
    ["a"],
    {},
    {"a": 1},
]


def _model_fields(model: type[BaseModel]) -> dict[str, typing.Any]:
    return {f.alias or name: f.annotation for name, f in model.model_fields.items()}


def _strip(annotation):
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
            annotation = args[0]
            continue
        return annotation


def _mutations(data, annotation):
    """Every copy of `data` with one value made wrong: replaced by each WRONG value, a key
    dropped, an unknown key added, an absent optional key given a wrong value."""
    annotation = _strip(annotation)
    if (
        isinstance(annotation, type)
        and issubclass(annotation, BaseModel)
        and isinstance(data, dict)
    ):
        fields = _model_fields(annotation)
        for key in fields:
            if key in data:
                for child in _mutations(data[key], fields[key]):
                    yield {**data, key: child}
                yield {k: v for k, v in data.items() if k != key}
            else:
                for wrong in WRONG:
                    yield {**data, key: wrong}
        yield {**data, "zzz_unknown": 1}
    elif typing.get_origin(annotation) is list and isinstance(data, list):
        for i, item in enumerate(data[:2]):  # the other items are of the same model
            for child in _mutations(item, typing.get_args(annotation)[0]):
                yield [*data[:i], child, *data[i + 1 :]]
    elif typing.get_origin(annotation) is dict and isinstance(data, dict):
        for key, item in data.items():
            for child in _mutations(item, typing.get_args(annotation)[1]):
                yield {**data, key: child}
    for wrong in WRONG:
        yield wrong


# a complete standard, an extending one, and one with extra columns: every model and field
SOURCES = [
    (SHIPPED / "vn-2022-2025.yaml", Standard),
    (SHIPPED / "vn-2027-2030.yaml", StandardOverlay),
    (ROOT / "tests" / "standards" / "hcmc-like.yaml", Standard),
]

# the error types the mutations must reach, so the test cannot pass by reaching few
EXPECTED_TYPES = {
    "extra_forbidden",
    "missing",
    "model_type",
    "dict_type",
    "list_type",
    "too_short",
    "string_type",
    "string_pattern_mismatch",
    "enum",
    "literal_error",
    "bool_type",
    "bool_parsing",
    "int_type",
    "int_parsing",
    "int_from_float",
    "date_type",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
    "value_error",
}


def test_every_pydantic_error_the_models_can_raise_is_said_in_the_projects_words():
    seen: set[str] = set()
    checked = 0
    for path, model in SOURCES:
        data = load_yaml_file(path).data
        for mutated in _mutations(data, model):
            try:
                model.model_validate(mutated)
            except ValidationError as exc:
                types = {e["type"] for e in exc.errors()}
                assert types <= problems.KNOWN_TYPES, types - problems.KNOWN_TYPES
                seen |= types
                error = problems.as_error(exc, model, "s.yaml", lambda p: ("s.yaml", p, 7, None))
                text = str(error)
                assert not PYDANTIC.search(text), text
                # every problem is a sentence of its own, at a place, and has its Vietnamese
                # form (--lang vi), chosen by the error's kind, that fits its values
                for item in problems.describe(exc, model):
                    assert item.message and "is not accepted here" not in item.message, item
                    assert isinstance(item.message, Said), item
                    vi = messages.said(item.message, "vi")
                    assert vi != str(item.message) and "{" not in vi.replace("{vi:", ""), item
                checked += 1
    assert seen >= EXPECTED_TYPES, EXPECTED_TYPES - seen
    assert checked > 2_000


# --------------------------------------------------------------- the same through the command


def write(folder: Path, text: str, name: str | None = None) -> Path:
    path = folder / (name or f"s{next(_names)}.yaml")
    path.write_text(text, encoding="utf-8")
    return path


def mutate(tmp_path: Path, old: str, new: str, source: Path = NATIONAL) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    return write(tmp_path, text.replace(old, new, 1))


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def validate(path: Path):
    result = CliRunner().invoke(app, ["standards", "validate", str(path)])
    assert "Traceback" not in result.stdout + result.stderr
    return result


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        ('version: "2026.2"', "version: 2026.2", "version",
         'must be text, not the number 2026.2: put it in quotes, "2026.2"'),
        ("valid_to: 2026-12-31", "valid_until: 2026-12-31", "valid_until",
         "unknown key 'valid_until' (did you mean 'valid_to'?)"),
        ("    deprived_when: working_age_unemployed >= 1",
         "    deprived_whn: working_age_unemployed >= 1", "indicators[0].deprived_whn",
         "unknown key 'deprived_whn' (did you mean 'deprived_when'?)"),
        ("      rural: 1500000", "      rural: 1.500.000", "parameters.income_line.values.rural",
         "'1.500.000' is text to YAML, not a number: numbers in YAML are written without "
         "thousands separators, e.g. 1500000"),
        ("      rural: 1500000", "      rural: 1,500,000", "parameters.income_line.values.rural",
         "e.g. 1500000"),
        ("      rural: 1500000", "      rural: 1500000 VND", "parameters.income_line.values.rural",
         "write the number alone, without a unit"),
        ('      rural: 1500000', '      rural: "1500000"', "parameters.income_line.values.rural",
         "'1500000' is in quotes, so YAML reads it as text: write it without quotes"),
        ("valid_from: 2022-01-01", "valid_from: 01/01/2022", "valid_from",
         "'01/01/2022' is not a date YAML reads: write it year first, 2022-01-01"),
        ("valid_from: 2022-01-01", "valid_from: 2022-01-01 08:00:00", "valid_from",
         "must be a date without a time of day, e.g. 2022-01-01"),
        ("valid_from: 2022-01-01", "valid_from: yes", "valid_from",
         "must be a date written year-month-day, e.g. 2022-01-01, not the true/false value true"),
        ("format_version: 1", "format_version: 2", "format_version",
         "must be 1, not the number 2"),
        ("id: vn-2022-2025", "id: Chuẩn Đồng Nai", "id",
         "'Chuẩn Đồng Nai' is not a valid id: an id is lowercase letters a-z, digits and '-'; "
         "did you mean 'chuan-dong-nai'?"),
        ("  - id: employment\n", "  - id: Việc làm\n", "indicators[0].id",
         "did you mean 'viec_lam'?"),
        ("    status: legal\n", "    status: verified\n", "parameters.income_line.status",
         "must be legal, news, secondary or unverified, not the text 'verified' "
         "(did you mean 'unverified'?)"),
        ("jurisdiction:\n  level: national", "jurisdiction:\n  level: province", "jurisdiction.level",
         "must be national or provincial, not the text 'province' (did you mean 'provincial'?)"),
        ("    reference: [decree-07-2021]\n    by: area", "    reference: decree-07-2021\n    by: area",
         "parameters.income_line.reference",
         "must be a list (one '- ' line per item, or [a, b]), not the text 'decree-07-2021': "
         "write [decree-07-2021]"),
        ("jurisdiction:\n  level: national\n", "jurisdiction:\n  level: national\n  province: X\n",
         "jurisdiction", "a provincial standard names its province; a national one does not"),
        ("valid_from: 2022-01-01", "valid_from: 2022-01-01\nprovisional: maybe", "provisional",
         "must be true or false, not the text 'maybe'"),
        ("title:\n", "title: Chuẩn nghèo\nx_title:\n", "title",
         "must be a mapping of vi and en, such as {vi: Nhà ở, en: Housing}"),
        ("  - {id: employment, label: {vi: Việc làm, en: Employment}}",
         "  - {id: employment, label: [Việc làm, Employment]}",
         "dimensions[0].label", "must be a mapping of vi and en, such as {vi: Nhà ở, en: Housing}"),
        ("    otherwise: true", "    otherwise: false", "classes[3].otherwise",
         "must be true, not the true/false value false"),
        ("    by: area\n", "    by: district\n", "parameters.income_line.by",
         "must be area, not the text 'district'"),
        ("    deprived_when: working_age_unemployed >= 1", "    deprived_when: [a]",
         "indicators[0].deprived_when", "must be text, not a list"),
    ],
    ids=[
        "version-number", "valid_until", "deprived_whn", "thousands-dots", "thousands-commas",
        "unit", "quoted-number", "dd/mm/yyyy", "datetime", "bool-date", "format-version",
        "standard-id", "indicator-id", "status", "level", "reference-text", "value-error",
        "bool", "label-text", "label-list", "otherwise-false", "by", "expression-list",
    ],
)  # fmt: skip
def test_each_kind_of_mistake_is_one_sentence_with_file_line_and_path(
    tmp_path, old, new, path, message
):
    file = mutate(tmp_path, old, new)
    result = validate(file)
    assert result.exit_code == 4, result.stdout
    assert not PYDANTIC.search(result.stderr), result.stderr
    assert f": {path}: " in result.stderr, result.stderr
    assert message in " ".join(result.stderr.split()), result.stderr
    assert str(file.name) in result.stderr
    assert re.search(rf"({re.escape(file.name)}:|line )\d+", result.stderr), result.stderr


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_day_first_date_is_shown_clipped_on_one_line(tmp_path, lang):
    # the date read by its digits, the spaces and line breaks around it kept in the value
    padded = '"01/01/2022' + "\\n" * 3 + " " * 5000 + '"'
    file = mutate(tmp_path, "valid_from: 2022-01-01", f"valid_from: {padded}")
    result = CliRunner().invoke(app, ["standards", "validate", str(file), "--lang", lang])
    assert result.exit_code == 4, result.stdout
    (line,) = [ln for ln in result.stderr.splitlines() if "01/01/2022" in ln]
    assert "'01/01/2022\\n\\n\\n " in line and "2022-01-01" in line
    assert len(line) < 300, line


def test_a_missing_required_key_and_a_wrong_type_in_a_test_case_file_are_in_our_words(tmp_path):
    cases = write(
        tmp_path,
        "standard: vn-2022-2025\ncases:\n  - name: a\n    input: {}\n"
        "    expectd: {class: poor}\n    deprived: yes\n",
    )
    result = CliRunner().invoke(app, ["standards", "test", str(cases)])
    assert result.exit_code == 4
    assert not PYDANTIC.search(result.stderr), result.stderr
    assert "not a valid test-case file (2 problems)" in result.stderr
    assert "line 6: cases[0].deprived: unknown key 'deprived'; the keys here are name, input, " \
        "members or expected" in result.stderr  # fmt: skip
    assert "line 5: cases[0].expectd: unknown key 'expectd' (did you mean 'expected'?)" in (
        result.stderr
    )


def test_a_problem_in_a_file_with_many_is_listed_by_line():
    text = NATIONAL.read_text(encoding="utf-8")
    text = text.replace("    status: legal\n", "    status: Legal\n").replace(
        "valid_to:", "valid_until:"
    )
    with pytest.raises(StandardError) as info:
        load_standard(write(Path(_tmp()), text))
    lines = [int(m) for m in re.findall(r"^  line (\d+):", str(info.value), re.M)]
    assert lines == sorted(lines) and len(lines) >= 3
    assert "did you mean 'legal'?" in str(info.value)


def _tmp() -> str:
    import tempfile

    return tempfile.mkdtemp(prefix="mdp-msg-")


def test_the_number_messages():
    assert not_a_number("1.950.000") == (
        "'1.950.000' is text to YAML, not a number: numbers in YAML are written without "
        "thousands separators, e.g. 1950000"
    )
    assert "e.g. 1950000.5" in not_a_number("1.950.000,5")
    assert "e.g. 1950000" in not_a_number("1 950 000")
    assert "1950, or 1.950 if the comma marks decimals" in not_a_number("1,950")
    assert not_a_number([1]) == "must be a number, not a list"
    assert not_a_number(True, whole=True) == "must be a whole number, not the true/false value true"
    assert not_a_number("abc") == "must be a number, not the text 'abc'"
    assert not_a_number("2.000.000đ").endswith(
        "write the number alone, without a unit or thousands separators, e.g. 2000000"
    )
    assert not_a_number("1e5") == "must be a number, not the text '1e5'"


# ----------------------------------------------------------------- unknown keys at any depth


@pytest.mark.parametrize(
    ("anchor", "key", "path", "suggestion"),
    [
        ("valid_from: 2022-01-01", "valid_untl: 2026-12-31", "valid_untl", "valid_to"),
        ("  level: national", "  countri: VN", "jurisdiction.countri", "country"),
        ("    unit: VND/person/month", "    units: x", "parameters.income_line.units", "unit"),
        ("    deprived_when: working_age_unemployed >= 1", "    reference_: [x]",
         "indicators[0].reference_", "reference"),
        ("    otherwise: true", "    labels: x", "classes[3].labels", "label"),
        ("  - id: decree-07-2021", "    titel: x", "references[0].titel", "title"),
        ("  - {id: employment, label: {vi: Việc làm, en: Employment}}",
         "  - {id: employment, label: {vi_: Việc làm, en: Employment}}",
         "dimensions[0].label.vi_", "vi"),
    ],
)  # fmt: skip
def test_an_unknown_key_anywhere_gets_a_did_you_mean_with_its_line(
    tmp_path, anchor, key, path, suggestion
):
    if key.startswith("  - {"):
        file = mutate(tmp_path, anchor, key)
        expected_line = line_of(file, key)
    else:
        file = mutate(tmp_path, anchor, f"{anchor}\n{key}")
        expected_line = line_of(file, key)
    with pytest.raises(StandardError) as info:
        load_standard(file)
    error = info.value
    assert (error.file, error.line, error.yaml_path) == (file.name, expected_line, path) or (
        error.file.endswith(file.name) and error.line == expected_line and error.yaml_path == path
    )
    assert f"(did you mean '{suggestion}'?)" in error.message


def test_an_unknown_key_with_no_near_name_lists_the_keys_allowed_there(tmp_path):
    file = mutate(tmp_path, "  level: national", "  level: national\n  flag: red")
    with pytest.raises(StandardError, match="unknown key 'flag'; the keys here are level, "
                       "country or province"):  # fmt: skip
        load_standard(file)


def test_an_extending_key_in_a_standard_that_extends_nothing_says_so(tmp_path):
    file = mutate(tmp_path, "valid_to: 2026-12-31", "valid_to: 2026-12-31\nadd_indicators: []")
    with pytest.raises(StandardError, match="only for a standard that extends another"):
        load_standard(file)


# ------------------------------------------------------------------- extending: add vs change


def overlay(rest: str = "", sid: str = "x", extends: str = "vn-2022-2025") -> str:
    return textwrap.dedent(
        f"""\
        format_version: 1
        id: {sid}
        version: "1"
        title: {{vi: Thử, en: Test}}
        jurisdiction: {{level: provincial, province: Quảng Ninh}}
        extends: {extends}
        valid_from: 2023-01-01
        references:
          - {{id: r, title: a test}}
        """
    ) + textwrap.dedent(rest)


INDICATOR = """\
  - id: {id}
    dimension: housing
    label: {{vi: Nhà, en: Housing}}
    deprived_when: floor_area_m2 < 9 * household_size
    status: news
    reference: [r]
"""


def test_a_typo_in_an_indicator_id_is_an_error_not_a_thirteenth_indicator(tmp_path):
    file = write(tmp_path, overlay("indicators:\n" + INDICATOR.format(id="housing_aera")))
    with pytest.raises(StandardError) as info:
        load_checked(file)
    error = info.value
    assert error.file.endswith(file.name) and error.yaml_path == "indicators[0].id"
    assert error.line == line_of(file, "housing_aera")
    assert "'housing_aera' is not an indicator of vn-2022-2025 (did you mean 'housing_area'?)" in (
        error.message
    )
    assert "a new indicator goes under 'add_indicators'" in error.message


def test_indicators_in_an_extending_file_change_the_parents_in_place(tmp_path):
    file = write(tmp_path, overlay("indicators:\n" + INDICATOR.format(id="housing_area")))
    model = load_checked(file).model
    national = load_standard("vn-2022-2025").model
    assert [i.id for i in model.indicators] == [i.id for i in national.indicators]
    area = next(i for i in model.indicators if i.id == "housing_area")
    assert area.deprived_when == "floor_area_m2 < 9 * household_size"


def test_add_indicators_adds_after_the_parents_and_refuses_an_existing_id(tmp_path):
    file = write(tmp_path, overlay("add_indicators:\n" + INDICATOR.format(id="crowding")))
    ids = [i.id for i in load_checked(file).model.indicators]
    assert len(ids) == 13 and ids[-1] == "crowding"
    again = write(tmp_path, overlay("add_indicators:\n" + INDICATOR.format(id="housing_area")))
    with pytest.raises(StandardError) as info:
        load_checked(again)
    assert info.value.yaml_path == "add_indicators[0].id"
    assert "'housing_area' is an indicator of vn-2022-2025 already: to change it, give it under " \
        "'indicators'" in info.value.message  # fmt: skip


@pytest.mark.parametrize(
    ("rest", "path", "message"),
    [
        ("indicators:\n" + INDICATOR.format(id="water") + INDICATOR.format(id="water"),
         "indicators[1].id", "indicator 'water' is given twice (first at indicators[0])"),
        ("add_indicators:\n" + INDICATOR.format(id="a") + "indicators:\n"
         + INDICATOR.format(id="a"), "indicators[0].id", "'a' is not an indicator of"),
        ("remove_indicators: [water]\nindicators:\n" + INDICATOR.format(id="water"),
         "indicators[0].id", "indicator 'water' is changed here and also removed"),
        ("remove_indicators: [watr]\n", "remove_indicators[0]",
         "remove_indicators names 'watr', which vn-2022-2025 does not have (did you mean 'water'?)"),
    ],
    ids=["twice", "added-then-changed", "changed-and-removed", "remove-typo"],
)  # fmt: skip
def test_contradictions_between_add_change_and_remove_are_refused(tmp_path, rest, path, message):
    file = write(tmp_path, overlay(rest))
    with pytest.raises(StandardError) as info:
        load_checked(file)
    assert info.value.yaml_path == path and info.value.file.endswith(file.name)
    assert message in info.value.message


PARAMETER = """\
  {name}: {{unit: m2/person, status: news, reference: [r], value: 9}}
"""


def test_parameters_change_and_add_parameters_add(tmp_path):
    typo = write(
        tmp_path, overlay("parameters:\n" + PARAMETER.format(name="floor_area_per_persn_min"))
    )
    with pytest.raises(StandardError) as info:
        load_checked(typo)
    assert info.value.yaml_path == "parameters.floor_area_per_persn_min"
    assert "(did you mean 'floor_area_per_person_min'?)" in info.value.message
    assert "a new parameter goes under 'add_parameters'" in info.value.message

    changed = write(
        tmp_path, overlay("parameters:\n" + PARAMETER.format(name="floor_area_per_person_min"))
    )
    assert load_checked(changed).model.parameters["floor_area_per_person_min"].value == 9

    added = write(tmp_path, overlay("add_parameters:\n" + PARAMETER.format(name="crowding_min")))
    params = load_checked(added).model.parameters
    assert params["crowding_min"].value == 9 and "income_line" in params

    again = write(tmp_path, overlay("add_parameters:\n" + PARAMETER.format(name="income_line")))
    with pytest.raises(StandardError, match="'income_line' is a parameter of vn-2022-2025 already"):
        load_checked(again)


def test_shipped_extending_standards_only_change_what_their_parent_has():
    # vn-2027-2030 adds household_waste with add_indicators; the provinces change lines only
    for sid in ("vn-2027-2030", "dongnai-2022-2025", "quangninh-2023-2025"):
        data = load_yaml_file(SHIPPED / f"{sid}.yaml").data
        parent = load_standard(data["extends"]).model
        assert set(data.get("parameters") or {}) <= set(parent.parameters)
        assert {i["id"] for i in data.get("indicators") or []} <= {i.id for i in parent.indicators}
    waste = load_yaml_file(SHIPPED / "vn-2027-2030.yaml").data["add_indicators"]
    assert [i["id"] for i in waste] == ["household_waste"]


def test_the_schema_knows_add_indicators_and_add_parameters():
    result = CliRunner().invoke(app, ["standards", "schema"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    overlay_props = doc["$defs"]["StandardOverlay"]["properties"]
    assert {"add_indicators", "add_parameters", "indicators", "parameters"} <= set(overlay_props)
    assert "add_indicators" not in doc["$defs"]["Standard"]["properties"]


# ------------------------------------------------------------- errors in inherited parts


def test_an_error_in_an_inherited_indicator_names_the_parents_file_and_index(tmp_path):
    # the overlay's own dimensions leave out 'employment', which the inherited indicators use
    file = write(
        tmp_path,
        overlay("dimensions:\n  - {id: housing, label: {vi: Nhà ở, en: Housing}}\n"),
    )
    with pytest.raises(StandardError) as info:
        load_checked(file)
    error = info.value
    assert error.file.endswith("vn-2022-2025.yaml")
    assert error.yaml_path == "indicators[0].dimension"
    assert error.line == line_of(NATIONAL, "dimension: employment")
    assert "unknown dimension 'employment'" in error.message
    assert f"{file} inherits this from " in error.details[0]
    assert "gives its own dimensions" in error.details[0]


def test_an_expression_error_in_an_inherited_indicator_names_the_parents_file(tmp_path):
    # vn-2027-2030's household_waste reads its own column; an overlay that gives its own
    # columns leaves it out
    file = write(
        tmp_path,
        overlay(
            "columns:\n  my_flag: {type: boolean, label: {vi: Cờ, en: Flag}}\n",
            extends="vn-2027-2030",
        ),
    )
    with pytest.raises(ExpressionError) as info:
        load_checked(file)
    error = info.value
    source = SHIPPED / "vn-2027-2030.yaml"
    assert error.file.endswith("vn-2027-2030.yaml")
    # its own index in its own file: add_indicators[0], not the merged list's 11
    assert error.yaml_path == "add_indicators[0].deprived_when"
    assert error.line == line_of(source, "deprived_when: not waste_handled_hygienically")
    assert "unknown name 'waste_handled_hygienically'" in error.message
    assert any("inherits this from" in d and "gives its own columns" in d for d in error.details)


def test_an_inherited_indicator_two_files_up_names_the_first_file(tmp_path):
    middle = write(tmp_path, overlay(sid="middle"), "middle.yaml")
    child = write(
        tmp_path,
        overlay(
            "dimensions:\n  - {id: health, label: {vi: Y tế, en: Health}}\n", extends=middle.name
        ),
    )
    with pytest.raises(StandardError) as info:
        load_checked(child)
    assert info.value.file.endswith("vn-2022-2025.yaml")
    assert info.value.yaml_path == "indicators[0].dimension"


def test_an_error_in_the_extending_files_own_indicator_names_it(tmp_path):
    file = write(
        tmp_path,
        overlay(
            "add_indicators:\n" + INDICATOR.format(id="crowding").replace("housing", "housng", 1)
        ),
    )
    with pytest.raises(StandardError) as info:
        load_checked(file)
    assert info.value.file.endswith(file.name)
    assert info.value.yaml_path == "add_indicators[0].dimension"
    assert "unknown dimension 'housng' (did you mean 'housing'?)" in info.value.message
    assert not info.value.details


def test_an_inherited_status_names_the_extending_file(tmp_path):
    file = write(tmp_path, overlay("inherited_indicators_status: unverified\n"))
    loaded = load_checked(file)
    assert loaded.where("indicators[0].status")["yaml_path"] == "inherited_indicators_status"
    assert loaded.where("indicators[0].label")["file"].endswith("vn-2022-2025.yaml")


def test_unknown_references_and_areas_get_a_did_you_mean(tmp_path):
    file = mutate(tmp_path, "reference: [decree-07-2021]\n    by: area",
                  "reference: [decree-07-2012]\n    by: area")  # fmt: skip
    with pytest.raises(StandardError) as info:
        load_standard(file)
    assert info.value.yaml_path == "parameters.income_line.reference[0]"
    assert "(did you mean 'decree-07-2021'?)" in info.value.message
    area = mutate(tmp_path, "      urban: 2000000", "      urbn: 2000000")
    with pytest.raises(StandardError) as info:
        load_standard(area)
    assert info.value.yaml_path == "parameters.income_line.values.urbn"
    assert "unknown area 'urbn' (did you mean 'urban'?)" in info.value.message


# ------------------------------------------------------------------------ what README shows

README_EXAMPLE = """\
format_version: 1
id: x
version: 2026.1
title: {vi: x, en: x}
jurisdiction: {level: provincial, province: X}
extends: vn-2022-2025
valid_from: 31/12/2024
valid_until: 2025-12-31
references: [{id: r, title: r}]
parameters:
  income_line:
    unit: VND/person/month
    status: verified
    reference: [r]
    by: area
    values:
      rural: 1.950.000
      urban: 2500000
"""


def test_readmes_example_of_messages_is_what_the_command_prints(tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**Mistakes and their messages.**") :]
    block = section[section.index("```console\n") + len("```console\n") :]
    block = block[: block.index("```")]
    command, *shown = block.splitlines()
    assert command == "$ mdpoverty standards validate my-province.yaml"
    monkeypatch.chdir(tmp_path)
    write(tmp_path, README_EXAMPLE, "my-province.yaml")
    result = CliRunner().invoke(app, ["standards", "validate", "my-province.yaml"])
    assert result.exit_code == 4
    assert result.stderr.splitlines() == shown


def test_a_line_number_that_is_an_emoji_code_is_printed_as_a_number(tmp_path):
    # rich turns ':100:' into an emoji unless told not to
    padding = "# a comment\n" * 99
    file = write(tmp_path, padding + "zzz: 1\n" + NATIONAL.read_text(encoding="utf-8"))
    result = validate(file)
    assert result.exit_code == 4
    assert f"{file.name}:100: zzz: unknown key 'zzz'" in result.stderr, result.stderr


def test_the_list_reads_a_line_status_from_added_parameters_too():
    from mdpoverty.standard.catalog import _line_status

    parent = {"id": "p", "parameters": {"line": {"status": "legal"}}, "income_line": "line"}
    child = {
        "id": "c",
        "extends": "p",
        "income_line": "max(line, own_line)",
        "add_parameters": {"own_line": {"status": "unverified"}},
    }
    assert _line_status(child, {"p": parent}) == "unverified"
    assert _line_status(parent, {}) == "legal"
