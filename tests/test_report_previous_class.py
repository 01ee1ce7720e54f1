"""A previous list with more than one column that could be its class column stops the report
(exit 4) naming them; `--previous-class` says which. Never the old one, silently. One case is
known by construction: a list classify ran on again holds the input's old `Phân loại` and the
`Phân loại (mới)` classify added (`class`, `class (new)`): the added one is the latest, and is
taken with a note naming both."""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import BASE, EXAMPLES

runner = CliRunner()
AS_OF = "2025-06-30"
POOR = {"safe_water": "false", "sanitary_latrine": "false", "uses_internet": "false"}
HOUSEHOLDS = EXAMPLES / "households.csv"
QN, VN = "quangninh-2023-2025", "vn-2022-2025"
# (file, language, the input's class column, the one classify added) for a list classified twice
RERUN_CASES = [
    (".csv", "en", "class", "class (new)"),
    (".xlsx", "vi", "Phân loại", "Phân loại (mới)"),
]
NOTE = {
    "en": "note: the previous list has the class column classify adds when it runs again on a "
    "list classified already: the class under {ids} is read from {taken}, the latest; "
    "{left} is left unread (to read another, name it with --previous-class)",
    "vi": "lưu ý: danh sách kỳ trước có cột phân loại mà mdpoverty thêm khi phân loại lại một "
    "danh sách đã phân loại: phân loại theo {ids} được đọc từ cột {taken}, kết "
    "quả mới nhất; cột {left} không được đọc (muốn đọc cột khác, hãy nêu cột đó bằng "
    "--previous-class)",
}


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def write(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def classified(tmp_path: Path, lang: str, old: dict[str, str]) -> Path:
    """Last year's list, classified with `old` columns of the input's own (its class as
    written before): one poor household, which the old columns call not poor."""
    source = write(tmp_path / "last.csv", [{**BASE, **POOR, **old}])
    out = tmp_path / "last_out.csv"
    result = invoke("classify", source, "-s", "vn-2022-2025", "--lang", lang, "-o", out)
    assert result.exit_code == 0, result.stderr
    return out


def report(tmp_path: Path, previous: Path, *more: str):
    now = write(tmp_path / "now.csv", [{**BASE, **POOR}])
    return invoke(
        "report", now, "--previous", previous, "--as-of", AS_OF, "--format", "json", *more
    )


@pytest.mark.parametrize(
    ("lang", "old", "new"),
    [
        # the input's Vietnamese class beside classify's English one: neither was added beside
        ("en", {"Phân loại": "Hộ không nghèo"}, "class"),
    ],
)
def test_two_columns_that_could_be_the_class_stop_the_report(tmp_path, lang, old, new):
    previous = classified(tmp_path, lang, old)
    with previous.open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert new in header and all(o in header for o in old), header
    result = report(tmp_path, previous)
    assert result.exit_code == 4, result.stdout
    said = " ".join(result.stderr.split())
    assert "cannot tell which column of the previous list holds the class" in said
    assert "name it with --previous-class" in said
    for name in [*old, new]:
        assert f"'{name}'" in said, (name, said)
    # named: the class classify wrote is read (poor before, poor now: no movement)
    chosen = report(tmp_path, previous, "--previous-class", new)
    assert chosen.exit_code == 0, chosen.stderr
    movements = json.loads(chosen.stdout)["movements"]
    assert movements["poor"]["poor"] == 1, movements


@pytest.mark.parametrize(
    "columns",
    [
        {"Kết quả": "Hộ không nghèo", "class (new)": "poor"},
        {"Phân loại (mới)": "Hộ nghèo", "Class (New)": "poor"},
    ],
)
def test_columns_written_as_classify_adds_them_are_candidates(tmp_path, columns):
    # lists headed as classify adds a column beside one of the input's: written here directly
    previous = write(tmp_path / "before.csv", [{"household_id": "H1", **columns}])
    result = report(tmp_path, previous)
    assert result.exit_code == 4, result.stdout
    said = " ".join(result.stderr.split())
    assert "several could be: " + ", ".join(f"'{c}'" for c in columns) in said
    chosen = report(tmp_path, previous, "--previous-class", list(columns)[-1])
    assert chosen.exit_code == 0, chosen.stderr
    assert json.loads(chosen.stdout)["movements"]["poor"]["poor"] == 1


@pytest.mark.parametrize("general", ["class", "Phân loại", "Kết quả"])
def test_the_column_of_the_standard_beside_a_general_one_stops_the_report(tmp_path, general):
    # either could be the latest: an older run with several standards beside a newer one with
    # this standard alone, the other way round, or the office's own class
    previous = write(
        tmp_path / "before.csv",
        [{"household_id": "H1", "class_vn-2022-2025": "poor", general: "Hộ không nghèo"}],
    )
    result = report(tmp_path, previous)
    assert result.exit_code == 4, result.stderr
    assert result.stdout == ""
    assert f"several could be: 'class_vn-2022-2025', '{general}'" in result.stderr
    assert "--previous-class" in result.stderr
    result = report(tmp_path, previous, "--previous-class", "class_vn-2022-2025")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["movements"]["poor"]["poor"] == 1
    result = report(tmp_path, previous, "--previous-class", general)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["movements"]["not_poor"]["poor"] == 1


def test_an_older_run_with_several_standards_classified_again_with_one_is_refused(tmp_path):
    """Last year's list classified with two standards (class_<id> each), then again with the
    national one alone (`class`, added at the end): which is the list's class is not told by
    the headers, so the report names both and asks."""
    source = write(tmp_path / "last.csv", [{**BASE, **POOR}])
    both = tmp_path / "both.csv"
    first = invoke("classify", source, "-s", VN, "-s", QN, "--as-of", AS_OF, "-o", both)
    assert first.exit_code == 0, first.stderr
    again = tmp_path / "again.csv"
    second = invoke("classify", both, "-s", VN, "--as-of", AS_OF, "-o", again)
    assert second.exit_code == 0, second.stderr
    header = again.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert f"class_{VN}" in header and "class" in header
    result = report(tmp_path, again)
    assert result.exit_code == 4, result.stderr
    assert f"'class_{VN}', 'class'" in result.stderr
    result = report(tmp_path, again, "--previous-class", "class")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["movements"]["poor"]["poor"] == 1


def test_the_standards_own_columns_of_a_run_with_several_are_read_each(tmp_path):
    source = write(tmp_path / "last.csv", [{**BASE, **POOR}])
    both = tmp_path / "both.csv"
    first = invoke("classify", source, "-s", VN, "-s", QN, "--as-of", AS_OF, "-o", both)
    assert first.exit_code == 0, first.stderr
    result = report(tmp_path, both)
    assert result.exit_code == 0, result.stderr


def test_two_of_the_standards_own_columns(tmp_path):
    # two of the standard's own: the input's beside the one classify added is read (the
    # latest), the other two are refused
    for name, exit_code in (("class_vn-2022-2025 (new)", 0), ("CLASS_vn-2022-2025 (new)", 4)):
        previous = write(
            tmp_path / "before2.csv",
            [{"household_id": "H1", "class_vn-2022-2025": "not_poor", name: "poor"}],
        )
        result = report(tmp_path, previous)
        assert result.exit_code == exit_code, result.stderr
        if exit_code == 0:
            assert json.loads(result.stdout)["movements"]["poor"]["poor"] == 1
        else:
            assert f"'class_vn-2022-2025', '{name}'" in result.stderr


def test_one_class_column_as_classify_wrote_it_is_read(tmp_path):
    previous = classified(tmp_path, "vi", {})
    result = report(tmp_path, previous)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["movements"]["poor"]["poor"] == 1


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ({"PHÂN LOẠI": "cũ"}, "Phân loại (mới)"),
        ({"Phan loai": "cũ"}, "Phân loại (mới)"),
        ({"Phân loại": "cũ", "phân loại (MỚI)": "cũ"}, "Phân loại (mới 2)"),
    ],
)
def test_an_added_name_is_free_of_the_inputs_in_any_case_or_accents(tmp_path, old, new):
    source = write(tmp_path / "in.csv", [{**BASE, **old}])
    out = tmp_path / "out.csv"
    result = invoke("classify", source, "--lang", "vi", "--keep-input", "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert f"cột mdpoverty thêm được ghi là '{new}'" in " ".join(result.stderr.split())
    with out.open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert new in header and all(o in header for o in old), header
    folded = [h.casefold() for h in header]
    assert len(set(folded)) == len(folded), header


# --- a list classify ran on again: its added class column is the latest ----------------------


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("suffix", "lang", "old", "new"), RERUN_CASES)
def test_a_list_classified_twice_is_read_by_the_class_classify_added(
    tmp_path, suffix, lang, old, new
):
    """The example classified under Quảng Ninh's standard, that list classified again under the
    national one: the report reads the national class (the added column), as if named."""
    first, twice = tmp_path / f"once{suffix}", tmp_path / f"twice{suffix}"
    for source, target, sid in ((HOUSEHOLDS, first, QN), (first, twice, VN)):
        args = ("classify", source, "-s", sid, "--lang", lang, "-o", target, "--as-of", AS_OF)
        result = invoke(*args)
        assert result.exit_code == 0, result.stderr
    now = ("report", HOUSEHOLDS, "-s", QN, "--as-of", AS_OF, "--previous", twice)

    def movements(*more: str) -> dict:
        result = invoke(*now, "--format", "json", *more)
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)["movements"]

    taken = movements()
    assert taken == movements("--previous-class", new)
    # the old column (Quảng Ninh's class, as the report's) would show no household moving
    assert taken != movements("--previous-class", old)
    result = invoke(*now, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    said = flat(result.stdout)
    note = NOTE[lang].format(ids=QN, taken=f"'{new}'", left=f"'{old}'")
    assert note in said, said
    assert "previous-class" not in result.stderr


def test_a_numbered_added_name_is_taken_beside_the_names_that_made_it(tmp_path):
    """An input with `class` and `Class (New)` gets `class (new 2)`: it is the latest."""
    old = {"class": "not_poor", "Class (New)": "not_poor"}
    source = write(tmp_path / "last.csv", [{**BASE, **POOR, **old}])
    previous = tmp_path / "last_out.csv"
    result = invoke("classify", source, "-s", "vn-2022-2025", "-o", previous)
    assert result.exit_code == 0, result.stderr
    assert "'class (new 2)'" in result.stderr
    result = report(tmp_path, previous)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["movements"]["poor"]["poor"] == 1
    note = NOTE["en"].format(ids=VN, taken="'class (new 2)'", left="'class', 'Class (New)'")
    assert note.replace("is left", "are left") in flat(result.stderr)


def test_an_added_name_written_in_another_unicode_form_is_ours(tmp_path):
    """A header in NFD (a Mac's file names, some keyboards) is the same name in NFC."""
    added = unicodedata.normalize("NFD", "Phân loại (mới)")
    assert added != "Phân loại (mới)"
    previous = write(
        tmp_path / "before.csv",
        [{"household_id": "H1", "Phân loại": "Hộ không nghèo", added: "Hộ nghèo"}],
    )
    result = report(tmp_path, previous)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["movements"]["poor"]["poor"] == 1


@pytest.mark.parametrize(
    "columns",
    [
        {"Phân loại": "Hộ không nghèo", "Kết quả": "Hộ nghèo"},
        {"class": "not_poor", "CLASS (NEW)": "poor"},  # not as classify writes it
        {"class": "not_poor", "class (new 1)": "poor"},
        {"class": "not_poor", "class (new 02)": "poor"},
        {"class": "not_poor", "class  (new)": "poor"},
        {"class": "not_poor", "class (mới)": "poor"},  # classify's languages are not mixed
        {"class": "not_poor", "class (new 2)": "poor"},  # the column that made it is not here
        {"Phân loại": "Hộ không nghèo", "class (new)": "poor"},  # not beside its own name
        {"class": "not_poor", "Kết quả": "Hộ không nghèo", "class (new)": "poor"},
    ],
)
def test_two_candidates_of_which_none_is_classifys_latest_are_refused(tmp_path, columns):
    previous = write(tmp_path / "before.csv", [{"household_id": "H1", **columns}])
    result = report(tmp_path, previous)
    assert result.exit_code == 4, result.stdout
    said = flat(result.stderr)
    assert "cannot tell which column of the previous list holds the class" in said
    assert flat("several could be: " + ", ".join(f"'{c}'" for c in columns)) in said
    assert "note:" not in result.stdout + result.stderr


@pytest.mark.parametrize(("suffix", "lang"), [(".csv", "en"), (".xlsx", "vi")])
def test_a_list_classified_three_times_is_read_by_the_last_added_class(tmp_path, suffix, lang):
    """Classified under Quảng Ninh's standard, then the national one, then Quảng Ninh's again:
    the list holds the class, its '(new)' and its '(new 2)'; the last is read, as if named."""
    lists = [HOUSEHOLDS] + [tmp_path / f"run{n}{suffix}" for n in (1, 2, 3)]
    for source, target, sid in zip(lists[:-1], lists[1:], (QN, VN, QN), strict=True):
        args = ("classify", source, "-s", sid, "--lang", lang, "-o", target, "--as-of", AS_OF)
        result = invoke(*args)
        assert result.exit_code == 0, result.stderr
    now = ("report", HOUSEHOLDS, "-s", VN, "--as-of", AS_OF, "--previous", lists[-1])
    added = "Phân loại (mới 2)" if lang == "vi" else "class (new 2)"
    second = "Phân loại (mới)" if lang == "vi" else "class (new)"

    def movements(*more: str) -> dict:
        result = invoke(*now, "--format", "json", *more)
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)["movements"]

    taken = movements()
    assert taken == movements("--previous-class", added)
    assert taken != movements("--previous-class", second)  # the national class: no movement
    result = invoke(*now, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    assert f"'{added}'" in flat(result.stdout)


# ------------------------------------------------ one general class column, several standards


def two_standards(tmp_path: Path, previous: Path, *more: str, fmt: str = "json"):
    now = write(tmp_path / "now.csv", [{**BASE, **POOR}])
    out = ["--format", "json"] if fmt == "json" else ["-o", str(tmp_path / f"r.{fmt}")]
    return invoke(
        "report", now, "--previous", previous, "--as-of", AS_OF, "-s", VN, "-s", QN, *out, *more
    )


@pytest.mark.parametrize("general", ["class", "Phân loại", "Kết quả", "class (new)"])
def test_a_general_class_column_is_never_taken_for_several_standards(tmp_path, general):
    previous = write(tmp_path / "before.csv", [{"household_id": "H1", general: "Hộ nghèo"}])
    result = two_standards(tmp_path, previous, fmt="xlsx")
    assert result.exit_code == 2, result.stdout
    said = " ".join(result.stderr.split())
    assert f"class column '{general}' does not say which standard it was made under" in said
    assert f"--previous-class {QN}='{general}'" in said
    assert not (tmp_path / "r.xlsx").exists()
    # with one standard it is that standard's, as always
    one = report(tmp_path, previous)
    assert one.exit_code == 0, one.stderr
    assert json.loads(one.stdout)["movements"]["poor"]["poor"] == 1


def test_a_class_column_named_for_one_standard_gives_movements_under_it_alone(tmp_path):
    previous = write(tmp_path / "before.csv", [{"Mã hộ": "H1", "Phân loại": "HN"}])
    result = two_standards(tmp_path, previous, "--previous-class", f"{QN}=Phân loại")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    vn, qn = data["reports"]
    assert (vn["no_previous_class"], vn["movements"], vn["unit_movements"]) == (True, None, None)
    assert qn["no_previous_class"] is False
    assert qn["movements"]["poor"]["poor"] == 1
    assert data["previous"]["class_columns"] == {QN: "Phân loại"}
    said = " ".join(result.stderr.split())
    assert f"note: no movements under {VN}: the previous list has no class column for it" in said
    assert f"--previous-class {VN}=COLUMN" in said


def test_the_workbook_says_which_standard_has_no_movements(tmp_path):
    from openpyxl import load_workbook

    previous = write(tmp_path / "before.csv", [{"Mã hộ": "H1", "Phân loại": "HN"}])
    result = two_standards(
        tmp_path, previous, "--previous-class", f"{QN}=Phân loại", "--lang", "vi", fmt="xlsx"
    )
    assert result.exit_code == 0, result.stdout
    assert f"lưu ý: không có diễn biến theo {VN}" in result.stdout
    wb = load_workbook(tmp_path / "r.xlsx")
    assert [n for n in wb.sheetnames if "Diễn biến" in n] == ["2 Diễn biến"]
    about = {r[0]: r[1] for r in wb["Thông tin"].iter_rows(values_only=True) if r[0]}
    assert about[f"Cột phân loại kỳ trước ({QN})"] == "Phân loại"
    assert about[f"Cột phân loại kỳ trước ({VN})"].startswith("không có: không có diễn biến")


def test_each_standard_named_with_its_column_and_one_found_by_its_own_header(tmp_path):
    previous = write(
        tmp_path / "before.csv",
        [{"household_id": "H1", "KQ 2024": "Hộ cận nghèo", f"class_{VN}": "poor"}],
    )
    # QN named; VN has its own class_<id> column: both have movements
    result = two_standards(tmp_path, previous, "--previous-class", f"{QN}=kq 2024")
    assert result.exit_code == 0, result.stderr
    vn, qn = json.loads(result.stdout)["reports"]
    assert vn["movements"]["poor"]["poor"] == 1
    assert qn["movements"]["near_poor"]["poor"] == 1
    both = two_standards(
        tmp_path, previous, "--previous-class", f"{QN}=KQ 2024", "--previous-class", f"{VN}=KQ 2024"
    )
    assert both.exit_code == 0, both.stderr
    assert json.loads(both.stdout)["reports"][0]["movements"]["near_poor"]["poor"] == 1


@pytest.mark.parametrize(
    "options",
    [
        ["--previous-class", "Phân loại"],  # which standard?
        ["--previous-class", f"{QN}=Phân loại", "--previous-class", "Phân loại"],
        ["--previous-class", f"{QN}=Phân loại", "--previous-class", f"{QN}=Kết quả"],
    ],
)
def test_a_class_column_not_said_for_one_standard_is_a_usage_error(tmp_path, options):
    previous = write(tmp_path / "before.csv", [{"household_id": "H1", "Phân loại": "HN"}])
    result = two_standards(tmp_path, previous, *options)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert "--previous-class" in result.stderr


def test_a_column_whose_name_holds_an_equals_sign_is_named_whole(tmp_path):
    previous = write(tmp_path / "before.csv", [{"household_id": "H1", "KQ=2024": "HN"}])
    result = report(tmp_path, previous, "--previous-class", "KQ=2024")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["movements"]["poor"]["poor"] == 1
    # a standard id before '=' names the standard; the rest is the column
    result = report(tmp_path, previous, "--previous-class", f"{VN}=KQ=2024")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["movements"]["poor"]["poor"] == 1
