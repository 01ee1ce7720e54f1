from __future__ import annotations

import datetime as dt
import os
import re
import textwrap
from pathlib import Path

import pytest

from mdpoverty.engine.classifier import load_checked
from mdpoverty.errors import ExpressionError, StandardError, StandardNotFound
from mdpoverty.run.cases import run_cases
from mdpoverty.standard.cases import load_cases
from mdpoverty.standard.loader import (
    load_standard,
    national_in_force,
    provincial_for,
    shipped_ids,
    shipped_standards,
)

from . import reference

HERE = Path(__file__).parent
SHIPPED = HERE.parent / "thresholds" / "vn-2022-2025.yaml"


def test_six_standards_ship_and_load():
    assert shipped_ids() == [
        "dongnai-2022-2025",
        "hochiminh-2024-2025",
        "quangninh-2023-2025",
        "vn-2016-2020",
        "vn-2022-2025",
        "vn-2027-2030",
    ]
    for s in shipped_standards():
        for name, param in s.model.parameters.items():
            assert param.status and param.reference, name  # every number has status and source
        for ind in s.model.indicators:
            assert ind.status and ind.reference, ind.id


def test_every_shipped_standard_has_test_cases():
    cases = {p.stem for p in (HERE.parent / "thresholds" / "tests").glob("*.yaml")}
    assert cases == set(shipped_ids())


def test_national_2022_2025_has_the_twelve_indicators_in_order():
    s = load_standard("vn-2022-2025").model
    # the order, which the independent reference also follows
    assert [i.id for i in s.indicators] == reference.ORDER
    assert len(s.dimensions) == 6
    assert s.parameters["income_line"].values == {"rural": 1500000, "urban": 2000000}
    assert s.parameters["income_line"].status.value == "legal"


def test_quang_ninh_extends_and_overrides_only_the_lines():
    qn = load_standard("quangninh-2023-2025")
    assert qn.files[1].endswith("vn-2022-2025.yaml")
    assert qn.model.parameters["income_line"].values == {"rural": 2100000, "urban": 2600000}
    assert qn.model.parameters["floor_area_per_person_min"].value == 8  # inherited
    assert [r.class_.value for r in qn.model.classes] == ["poor", "near_poor", "not_poor"]
    assert len(qn.model.indicators) == 12


def test_dong_nai_extends_with_its_lines_cutoff_and_band_all_news():
    dn = load_standard("dongnai-2022-2025")
    assert dn.files[1].endswith("vn-2022-2025.yaml")
    m = dn.model
    assert m.jurisdiction.province == "Đồng Nai"
    assert (m.valid_from, m.valid_to) == (dt.date(2022, 8, 10), dt.date(2025, 12, 31))
    assert m.parameters["income_line"].values == {"rural": 2000000, "urban": 2500000}
    assert m.parameters["average_band_top"].values == {"rural": 3000000, "urban": 3750000}
    assert m.parameters["deprivation_cutoff"].value == 2
    for name in ("income_line", "average_band_top", "deprivation_cutoff"):
        assert m.parameters[name].status.value == "news"
        assert m.parameters[name].reference == ["dongnai-2022-regulation"]
    assert [r.class_.value for r in m.classes] == ["poor", "near_poor", "average", "not_poor"]
    assert all(r.status.value == "news" for r in m.classes[:3])
    assert [i.id for i in m.indicators] == reference.ORDER  # the national 12, assumed
    assert "misprint" in m.notes and "valid_to 2025-12-31 is assumed" in m.notes


def test_ho_chi_minh_city_is_provisional_annual_and_city_wide():
    m = load_standard("hochiminh-2024-2025").model
    assert m.provisional and m.extends is None
    assert (m.valid_from, m.valid_to) == (dt.date(2024, 10, 1), dt.date(2025, 12, 31))
    line = m.parameters["poor_line_year"]
    assert (line.value, line.unit, line.by, line.status.value) == (
        46000000,
        "VND/person/year",
        None,
        "news",
    )
    assert len(m.indicators) == 13 and "social_insurance" in [i.id for i in m.indicators]
    # the conflicting readings are said, not hidden
    assert "54 million" in m.notes and "69 million" in m.notes
    assert m.parameters["average_band_top_year"].status.value == "secondary"


def test_corrected_dates_and_statuses():
    old = load_standard("vn-2016-2020").model
    assert old.valid_from == dt.date(2016, 1, 5)
    assert old.parameters["poverty_line"].status.value == "legal"
    assert old.parameters["near_poverty_line"].status.value == "legal"
    assert {i.status.value for i in old.indicators} == {"unverified"}
    qn = load_standard("quangninh-2023-2025").model
    assert qn.valid_from == dt.date(2023, 3, 30) and "date of effect was not found" in qn.notes
    national = {i.id: i for i in load_standard("vn-2022-2025").model.indicators}
    assert "without a labour contract" in national["employment"].note
    assert "monthly social allowance" in national["dependents"].note
    new = load_standard("vn-2027-2030").model
    assert "2026-2030" in new.title.en and "2026-2030" in new.notes


def test_2027_removes_information_assets_and_adds_waste():
    s = load_standard("vn-2027-2030").model
    ids = [i.id for i in s.indicators]
    assert "information_assets" not in ids and ids[-1] == "household_waste"
    assert s.provisional


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2016-01-05", "vn-2016-2020"),
        ("2021-12-31", "vn-2016-2020"),
        ("2022-01-01", "vn-2022-2025"),
        ("2026-12-31", "vn-2022-2025"),
        ("2027-01-01", "vn-2027-2030"),
    ],
)
def test_national_standard_in_force(day, expected):
    assert national_in_force(dt.date.fromisoformat(day)).id == expected


@pytest.mark.parametrize("day", [dt.date(2010, 1, 1), dt.date(2016, 1, 4)])
def test_no_standard_in_force_is_an_error(day):
    # 2016-01-04: the day before Decision 59/2015 took effect
    with pytest.raises(StandardNotFound, match="found none"):
        national_in_force(day)


def test_provincial_standard_by_province_name_any_spelling():
    on = dt.date(2024, 6, 1)
    assert provincial_for("Quảng Ninh", on).id == "quangninh-2023-2025"
    assert provincial_for("quang ninh", on).id == "quangninh-2023-2025"
    assert provincial_for("Hà Nội", on) is None
    assert provincial_for("Tỉnh Đồng Nai", on).id == "dongnai-2022-2025"
    assert provincial_for("DONG NAI", on).id == "dongnai-2022-2025"
    assert provincial_for("Đồng Nai", dt.date(2022, 8, 9)) is None  # before it took effect
    assert provincial_for("Đồng Nai", dt.date(2026, 1, 1)) is None  # after 2025
    assert provincial_for("TP. Hồ Chí Minh", on) is None  # the amendment is from 1 Oct 2024
    for name in ("Thành phố Hồ Chí Minh", "TP.Hồ Chí Minh", "tp ho chi minh"):
        assert provincial_for(name, dt.date(2024, 10, 1)).id == "hochiminh-2024-2025"
    assert provincial_for("TP.HCM", dt.date(2025, 1, 1)) is None  # abbreviations are not guessed


@pytest.mark.parametrize("suite", ["hcmc-like.cases.yaml"])
def test_hcmc_shaped_standard_needs_no_code(suite):
    results = run_cases(load_cases(HERE / "standards" / suite))
    failures = [(c.name, p) for c, p in results if p]
    assert not failures
    assert len(results) == 6


def _standard(tmp_path: Path, body: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def _overlay(tmp_path: Path, extends: str, rest: str = "", sid: str = "x") -> Path:
    """A provincial standard extending `extends`, plus `rest` (YAML at top level)."""
    body = (
        f"format_version: 1\nid: {sid}\nversion: '1'\ntitle: {{vi: x, en: x}}\n"
        "jurisdiction: {level: provincial, province: X}\n"
        f"extends: {extends}\nvalid_from: 2023-01-01\nreferences: [{{id: r, title: r}}]\n"
    )
    return _standard(tmp_path, body + textwrap.dedent(rest))


def _copy_shipped(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    return _standard(tmp_path, text.replace(old, new, count))


def test_unknown_key_is_named_with_its_line(tmp_path):
    path = _copy_shipped(tmp_path, "valid_from: 2022-01-01", "valid_from: 2022-01-01\ncolour: red")
    with pytest.raises(StandardError) as info:
        load_checked(path)
    assert "colour: unknown key 'colour'" in str(info.value)
    assert info.value.line == SHIPPED.read_text().splitlines().index("valid_from: 2022-01-01") + 2


@pytest.mark.parametrize(
    ("old", "new", "error", "message"),
    [
        ("      urban: 2000000\n", "", StandardError, "missing urban"),
        ("      urban: 2000000\n", "      urban: 2000000\n      suburban: 1\n", StandardError,
         "unknown area 'suburban' (did you mean 'urban'?)"),
        ("deprived_when: working_age_unemployed >= 1", "deprived_when: working_age_unemployed + 1",
         ExpressionError, "must give true/false"),
        ("reference: [decree-07-2021]\n    by: area", "reference: [decree-99]\n    by: area",
         StandardError, "unknown reference 'decree-99'"),
        ("valid_to: 2026-12-31", "valid_to: 2026-12-31\nvalid_to: 2025-12-31", StandardError,
         "duplicate key 'valid_to'"),
        ("    otherwise: true", "    when: income_per_capita_month > 0", StandardError,
         "must be 'otherwise: true'"),
    ],
    ids=["area-missing", "area-unknown", "number-as-verdict", "reference", "duplicate", "otherwise"],
)  # fmt: skip
def test_broken_standard_is_refused(tmp_path, old, new, error, message):
    with pytest.raises(error, match=re.escape(message)):
        load_checked(_copy_shipped(tmp_path, old, new))


def test_expression_error_names_file_path_and_line(tmp_path):
    path = _copy_shipped(
        tmp_path,
        "deprived_when: working_age_unemployed >= 1",
        "deprived_when: working_age_unemploy >= 1",
    )
    with pytest.raises(ExpressionError) as info:
        load_checked(path)
    message = str(info.value)
    assert "indicators[0].deprived_when: unknown name 'working_age_unemploy'" in message
    assert "did you mean 'working_age_unemployed'" in message
    assert f"{path.name}:" in message


def test_extends_unknown_parent(tmp_path):
    path = _overlay(tmp_path, "vn-1999")
    with pytest.raises(StandardNotFound, match="no standard with id 'vn-1999'"):
        load_checked(path)


def test_extends_remove_unknown_indicator(tmp_path):
    path = _overlay(tmp_path, "vn-2022-2025", "remove_indicators: [televisions]\n")
    with pytest.raises(StandardError, match="remove_indicators names 'televisions'"):
        load_checked(path)


def test_provincial_overlay_with_lower_cutoff(tmp_path):
    # a Đồng Nai-like change: poor needs only 2 deprivations; only the parameter changes
    path = _overlay(
        tmp_path,
        "vn-2022-2025",
        """\
        parameters:
          deprivation_cutoff: {unit: indicators, status: unverified, reference: [r], value: 2}
        """,
        sid="cutoff-two",
    )
    s = load_checked(path)
    assert s.model.parameters["deprivation_cutoff"].value == 2
    assert s.model.parameters["income_line"].values["rural"] == 1500000


def test_schema_is_generated_from_the_models():
    from pydantic import TypeAdapter

    from mdpoverty.standard.model import Standard, StandardOverlay

    schema = TypeAdapter(Standard | StandardOverlay).json_schema(by_alias=True)
    text = str(schema)
    assert "deprived_when" in text and "format_version" in text and "'class'" in text


def test_a_settled_provincial_standard_is_preferred_to_a_provisional_one(monkeypatch):
    from dataclasses import replace

    from mdpoverty.standard import loader

    real = {s.id: s for s in loader.shipped_summaries()}
    settled = real["quangninh-2023-2025"]
    draft = replace(real["hochiminh-2024-2025"], province="Quảng Ninh")  # provisional
    on = dt.date(2025, 1, 1)
    for order in ([draft, settled], [settled, draft]):
        monkeypatch.setattr(loader, "shipped_summaries", lambda order=order: order)
        assert provincial_for("Quảng Ninh", on).id == "quangninh-2023-2025"
    monkeypatch.setattr(loader, "shipped_summaries", lambda: [draft])
    assert provincial_for("Quảng Ninh", on).id == "hochiminh-2024-2025"  # only when alone


def test_province_key_drops_the_administrative_prefix():
    from mdpoverty.text import province_key

    assert province_key("Tỉnh Đồng Nai") == province_key("đồng  nai") == "dong nai"
    assert province_key("Thành phố Hồ Chí Minh") == province_key("TP.Hồ Chí Minh") == "ho chi minh"
    assert province_key("TP. Hồ Chí Minh") == province_key("tp ho chi minh") == "ho chi minh"
    assert province_key("Tỉnh") == "tinh"  # a bare prefix is left alone
    assert province_key("Tây Ninh") == "tay ninh"  # not a prefix: a word starting with "t"


def test_provinces_inherit_the_national_indicators_as_unverified():
    national = load_standard("vn-2022-2025").model
    for province in ("dongnai-2022-2025", "quangninh-2023-2025"):
        model = load_standard(province).model
        assert [i.id for i in model.indicators] == [i.id for i in national.indicators]
        assert {i.status.value for i in model.indicators} == {"unverified"}
    # the parent keeps its own statuses
    assert "secondary" in {i.status.value for i in national.indicators}


def test_inherited_status_never_strengthens_a_status(tmp_path):
    path = _overlay(tmp_path, "vn-2022-2025", "inherited_indicators_status: news\n")
    model = load_checked(path).model
    national = {i.id: i.status for i in load_standard("vn-2022-2025").model.indicators}
    for ind in model.indicators:
        weaker_of = max(
            national[ind.id].value, "news", key=["legal", "news", "secondary", "unverified"].index
        )
        assert ind.status.value == weaker_of


def test_a_case_naming_a_working_column_is_refused(tmp_path):
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "standard: vn-2022-2025\ncases:\n  - name: x\n    input: {__row__: 1, household_id: a}\n"
        "    expected: {class: poor}\n",
        encoding="utf-8",
    )
    with pytest.raises(StandardError, match="reserved for mdpoverty's working columns"):
        run_cases(load_cases(cases))


@pytest.mark.parametrize(
    ("line", "other"),
    [("      rural: -1500000", "rural"), ("      urban: -1", "urban")],
)
def test_a_negative_parameter_is_refused_in_both_languages(tmp_path, line, other):
    from typer.testing import CliRunner

    from mdpoverty.cli.app import app

    from .conftest import ROOT

    text = (ROOT / "thresholds" / "vn-2022-2025.yaml").read_text(encoding="utf-8")
    found = re.search(rf"^      {other}: [0-9]+$", text, re.M)
    assert found
    path = tmp_path / "neg.yaml"
    path.write_text(text[: found.start()] + line + text[found.end() :], encoding="utf-8")
    for lang, said in [("en", "never negative"), ("vi", "không bao giờ âm")]:
        result = CliRunner().invoke(app, ["standards", "validate", str(path), "--lang", lang])
        assert result.exit_code == 4
        assert said in result.stderr and "parameters.income_line" in result.stderr
    assert load_checked(ROOT / "thresholds" / "vn-2022-2025.yaml") is not None


def test_a_standard_rewritten_at_the_same_path_is_read_again(tmp_path):
    """The loader keeps what it loaded, but a file rewritten at the same path in the same
    process (same size, same second) is read again, and so is a child whose parent changed."""
    parent = tmp_path / "parent.yaml"
    child = tmp_path / "child.yaml"
    shipped = SHIPPED.read_text(encoding="utf-8")
    line = "      rural: 1500000\n"
    assert shipped.count(line) == 1
    parent.write_text(shipped.replace("id: vn-2022-2025", "id: parent-std"), encoding="utf-8")
    child.write_text(
        "format_version: 1\nid: child-std\nversion: '1'\ntitle: {vi: x, en: x}\n"
        "jurisdiction: {level: provincial, province: X}\nextends: parent.yaml\n"
        "valid_from: 2023-01-01\nreferences: [{id: r, title: r}]\n",
        encoding="utf-8",
    )
    stamp = (parent.stat().st_mtime_ns, child.stat().st_mtime_ns)
    rural = lambda path: load_standard(path).model.parameters["income_line"].values["rural"]  # noqa: E731
    assert rural(parent) == rural(child) == 1500000
    changed = shipped.replace(line, line.replace("1500000", "1600000"))
    parent.write_text(changed.replace("id: vn-2022-2025", "id: parent-std"), encoding="utf-8")
    os.utime(parent, ns=(stamp[0], stamp[0]))  # the same time and size: only the bytes differ
    assert rural(parent) == rural(child) == 1600000
    child.write_text(child.read_text().replace("child-std", "child-st2"), encoding="utf-8")
    os.utime(child, ns=(stamp[1], stamp[1]))
    assert load_standard(child).id == "child-st2"
    assert load_standard(child) is load_standard(child)  # unchanged: kept, not read again
