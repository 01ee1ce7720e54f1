"""A column listing the deprivations by name ('Việc làm; BHYT'), as mdpoverty's own output writes
them: read for the indicators that have neither answers nor marks, an unknown name or a count that
differs rejecting the row. CliRunner with stdout and stderr apart; the round trip classifies
mdpoverty's own outputs again."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.standard.loader import load_standard

from .conftest import BASE, EXAMPLES
from .reference import ORDER

runner = CliRunner()
NATIONAL = load_standard("vn-2022-2025").model
LABELS = {i.id: i.label.vi for i in NATIONAL.indicators}
LABELS_EN = {i.id: i.label.en for i in NATIONAL.indicators}
SHORT = {i.id: list(i.mark_headers or []) for i in NATIONAL.indicators}
ANSWERS = [c for c in BASE if c not in ("household_id", "area", "household_size")]
ANSWERS.remove("income_per_capita_month")
HEADER = ["STT", "Mã hộ", "Khu vực", "Số nhân khẩu", "Thu nhập bình quân đầu người/tháng"]


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def office(path: Path, rows: list[list[object]], count: bool = True) -> Path:
    """The office's results list as a workbook: a count column, then the list column."""
    header = [*HEADER, *(["Số chỉ số thiếu hụt"] if count else []), "Các chỉ số thiếu hụt"]
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            if value not in ("", None):
                sheet.write(r, c, value)
    book.close()
    return path


def household(n: int, income: str, count: object, listed: str) -> list[object]:
    return [n, f"H{n}", "Nông thôn", 4, income, count, listed]


def classify(path: Path, tmp_path: Path, *args: object):
    out = tmp_path / "out.csv"
    result = invoke(
        "classify", path, "-s", "vn-2022-2025", "-o", out, "--as-of", "2024-12-31", *args
    )
    return result, out


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_offices_list_is_read_and_said(tmp_path):
    rows = [
        household(1, "1.500.000", 3, "Việc làm; BHYT; Nhà tiêu HVS"),
        household(2, "1.400.000", 2, "viec lam,  bhyt"),  # no accents, other separator
        household(3, "1.400.000", "", ""),  # a blank list names none; a blank count is no check
        household(4, "2.000.000", 1, "health_insurance"),  # an id names its indicator
    ]
    result, out = classify(
        office(tmp_path / "kq.xlsx", rows), tmp_path, "--rejects", tmp_path / "r.csv"
    )
    assert result.exit_code == 0, result.stderr
    said = flat(result.stderr)
    assert "read from the list of deprivations in column 'Các chỉ số thiếu hụt'" in said
    assert "employment, dependents" in said
    frame = pl.read_csv(out, infer_schema=False)
    assert frame["class"].to_list() == ["poor", "near_poor", "near_poor", "average"]
    assert frame["deprivation_count"].to_list() == ["3", "2", "0", "1"]
    assert frame["deprived"].to_list()[:2] == [
        "employment;health_insurance;sanitation",
        "employment;health_insurance",
    ]
    # the input's columns pass through as written
    assert frame["Các chỉ số thiếu hụt"].to_list()[0] == "Việc làm; BHYT; Nhà tiêu HVS"
    assert not (tmp_path / "r.csv").exists()


def test_an_unknown_name_and_a_count_that_differs_reject_the_row(tmp_path):
    rows = [
        household(1, "1.500.000", 1, "[bold]Vệc làm[/bold]"),  # a typo, markup-like
        household(2, "1.500.000", 5, "BHYT+Nước SH"),  # 2 named, 5 counted
        household(3, "1.500.000", "ba", "BHYT"),
        household(4, "1.500.000", "2.0", "BHYT\nNước SH"),  # 2.0 is 2: kept
        household(5, "1.500.000", 1, "BHYT; Bảo hiểm y tế"),  # one indicator, twice
    ]
    rejects = tmp_path / "r.csv"
    result, out = classify(office(tmp_path / "kq.xlsx", rows), tmp_path, "--rejects", rejects)
    assert result.exit_code == 3, result.stderr
    assert "rows read 5 = classified 2 + rejected 3 + skipped 0" in result.stdout
    # the name is shown as written, escaped: rich reads no markup in it
    assert "unknown_indicator" not in result.stdout  # said in words
    assert "names no indicator of the standard ('[bold]Vệc làm[/bold]')" in result.stdout
    assert "row 3, column 'Số chỉ số thiếu hụt'" in result.stdout
    errors = pl.read_csv(rejects, infer_schema=False)["errors"].to_list()
    assert errors == [
        "Các chỉ số thiếu hụt:unknown_indicator@[bold]Vệc làm[/bold]",
        "Số chỉ số thiếu hụt:mismatch@2",
        "Số chỉ số thiếu hụt:not_an_integer",
    ]
    assert pl.read_csv(out, infer_schema=False)["deprivation_count"].to_list() == ["2", "1"]


def test_a_long_unknown_name_is_cut_and_never_splits_the_reasons(tmp_path):
    name = "x\u200b" + "y" * 200
    rows = [household(1, "1.500.000", "", name)]
    rejects = tmp_path / "r.csv"
    result, _ = classify(office(tmp_path / "kq.xlsx", rows), tmp_path, "--rejects", rejects)
    assert result.exit_code == 3
    (error,) = pl.read_csv(rejects, infer_schema=False)["errors"].to_list()
    assert error.startswith("Các chỉ số thiếu hụt:unknown_indicator@x?yyy")
    assert error.endswith("...") and len(error) < 120


def test_a_mapping_line_names_the_list_and_english_headers_are_read(tmp_path):
    path = tmp_path / "l.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["household_id", "area", "household_size", "income_per_capita_month", "TH"])
        w.writerow(["A", "rural", 3, 1_500_000, "employment;water;sanitation"])
        w.writerow(["B", "urban", 3, 1_500_000, ""])
    mapping = tmp_path / "m.yaml"
    mapping.write_text("TH: deprived_list\n", "utf-8")
    result, out = classify(path, tmp_path, "--columns", mapping)
    assert result.exit_code == 0, result.stderr
    assert "column 'TH'" in flat(result.stderr)
    frame = pl.read_csv(out, infer_schema=False)
    assert frame["deprivation_count"].to_list() == ["3", "0"]
    # without the line, the column is no list: the answers are missing
    result, _ = classify(path, tmp_path)
    assert result.exit_code == 4


def test_two_list_columns_are_refused(tmp_path):
    path = tmp_path / "l.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([*BASE_IDENTITY, "deprived", "Các chỉ số thiếu hụt"])
        w.writerow(["A", "rural", 3, 1_500_000, "water", "Nước SH"])
    result, _ = classify(path, tmp_path)
    assert result.exit_code == 4
    assert "two columns list the household's deprivations: 'deprived' and" in flat(result.stderr)


BASE_IDENTITY = ["household_id", "area", "household_size", "income_per_capita_month"]


def test_the_offered_line_for_two_lists_maps_a_header_with_an_invisible_character(tmp_path):
    import re

    from mdpoverty.errors import InputError
    from mdpoverty.io.mark_list import find_list
    from mdpoverty.messages import message

    header = "Danh sách\u200b"  # a zero-width space, as a pasted header holds it
    # two lines mapping the list: the --columns check refuses them first; find_list, asked,
    # offers the first one's line all the same
    with pytest.raises(InputError) as refused:
        find_list({header: "deprived_list", "DS": "deprived_list"}, "l.csv")
    en, vi = message(refused.value, "en"), message(refused.value, "vi")
    (line,) = re.findall(r"\('(.+: deprived_list)'\)", en)
    assert line == '"Danh sách\\u200b": deprived_list'
    assert f"('{line}')" in vi
    path = tmp_path / "l.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([*BASE_IDENTITY, header, "DS"])
        w.writerow(["A", "rural", 3, 1_500_000, "employment;water;sanitation", "x"])
    mapping = tmp_path / "m.yaml"
    mapping.write_text(line + "\n", "utf-8")
    result, out = classify(path, tmp_path, "--columns", mapping)
    assert result.exit_code == 0, result.stderr
    assert pl.read_csv(out, infer_schema=False)["deprivation_count"].to_list() == ["3"]


def test_answers_come_first_and_the_unread_list_is_said(tmp_path):
    path = tmp_path / "l.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([*BASE, "deprived"])
        w.writerow([*BASE.values(), "this is not read"])
    result, _ = classify(path, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "the list of deprivations in column 'deprived' is not read" in flat(result.stderr)


# --- the round trip: mdpoverty's own output, its answer columns dropped, classifies again -----


def _drop_answers(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    from mdpoverty.columns import BY_NAME

    names = [c for c in ANSWERS if c in BY_NAME]
    dropped = {BY_NAME[c].vi_header if lang == "vi" else c for c in names}
    # the example's column for vn-2027-2030
    dropped |= {c for c in frame.columns if c.startswith(("waste_", "Rác thải"))}
    return frame.drop([c for c in frame.columns if c in dropped])


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_outputs_classify_again_to_the_same_classes(tmp_path, suffix, lang):
    first = tmp_path / f"first.{suffix}"
    result = invoke(
        "classify", EXAMPLES / "households.csv", "-s", "vn-2022-2025", "-o", first,
        "--lang", lang, "--as-of", "2024-12-31",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    frame = pl.read_csv(first, infer_schema=False) if suffix == "csv" else pl.read_excel(first)
    frame = frame.select(pl.all().cast(pl.String))
    listed = _drop_answers(frame, lang)
    assert len(listed.columns) < len(frame.columns) - 10
    again = tmp_path / f"listed.{suffix}"
    if suffix == "csv":
        listed.write_csv(again)
    else:
        listed.write_excel(again)
    out = tmp_path / "again.csv"
    result = invoke(
        "classify", again, "-s", "vn-2022-2025", "-o", out, "--lang", lang, "--as-of", "2024-12-31"
    )
    assert result.exit_code == 0, result.stderr
    # the list-read note, naming the list column as the first run headed it
    said = {
        "vi": "được đọc từ danh sách thiếu hụt ở cột 'Các chỉ số thiếu hụt'",
        "en": "from the list of deprivations in column 'deprived'",
    }
    assert said[lang] in flat(result.stderr)
    second = pl.read_csv(out, infer_schema=False)
    cls, new = ("Phân loại", "Phân loại (mới)") if lang == "vi" else ("class", "class (new)")
    count = "Số chỉ số thiếu hụt" if lang == "vi" else "deprivation_count"
    assert second.height == 3000
    assert second[new].to_list() == second[cls].to_list()
    assert second[f"{count} (mới)" if lang == "vi" else f"{count} (new)"].to_list() == (
        second[count].to_list()
    )
    # a test that could not fail otherwise: the list decides classes, and names deprivations
    assert len(set(second[cls].to_list())) >= 3
    assert sum(int(n) for n in second[count].to_list()) > 500


# --- property: any subset of names, in any order, case and separators ------------------------


@st.composite
def listed(draw):
    chosen = draw(st.lists(st.sampled_from(ORDER), unique=True, max_size=len(ORDER)))
    items = []
    for ind_id in chosen:
        names = [LABELS[ind_id], LABELS_EN[ind_id], ind_id, *SHORT[ind_id]]
        name = draw(st.sampled_from(names))
        case = draw(st.sampled_from([str.lower, str.upper, str.title, lambda s: s]))
        pad = draw(st.sampled_from(["", " ", "  "]))
        items.append(pad + case(name) + pad)
    seps = draw(st.lists(st.sampled_from([";", ",", "+", "\n", "; ", " , "]), min_size=len(items)))
    text = "".join(i + s for i, s in zip(items, seps, strict=False)).rstrip(";,+\n ")
    return text, set(chosen)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(listed(), min_size=1, max_size=8))
def test_any_names_in_any_order_case_and_separators_give_the_count(tmp_path, households):
    path = tmp_path / "p.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([*BASE_IDENTITY, "deprivation_count", "deprived"])
        for n, (text, chosen) in enumerate(households):
            w.writerow([f"H{n}", "rural", 4, 3_000_000, len(chosen), text])
    result, out = classify(path, tmp_path)
    assert result.exit_code == 0, (result.stderr, households)
    frame = pl.read_csv(out, infer_schema=False)
    assert frame["deprivation_count (new)"].to_list() == [str(len(c)) for _, c in households]
    assert frame["deprived (new)"].fill_null("").to_list() == [
        ";".join(i for i in ORDER if i in c) for _, c in households
    ]


# --- the pieces: separators in effect, and the polars fold against the marks' own -------------


def test_a_separator_some_name_holds_is_not_one():
    from mdpoverty.io.mark_list import separators

    assert separators({"water": ["Nước SH"]}) == ";,+\n"
    assert separators({"housing": ["Nhà ở, đất ở"], "water": ["Nước + điện"]}) == ";\n"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aAđĐươƯƠ ệẾ\u0301\u0300 \t\nxX()Đ-9", max_size=30))
def test_the_polars_fold_is_the_marks_fold(text):
    from mdpoverty.io.mark_names import mark_key
    from mdpoverty.run.mark_list import folded

    got = pl.select(folded(pl.lit(text, dtype=pl.String))).item()
    assert got == mark_key(text)
