"""Lists of deprivation marks against hostile and ambiguous input: a negated group label, a
pathological header, a data header written as a mapping line, standards whose mark names are
ambiguous, internal names, member-only indicators. CliRunner with stdout and stderr apart."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.io import layout, mark_names
from mdpoverty.io.limits import MAX_HEADER_CHARS

from .reference import ORDER
from .test_marks import ANSWERS

runner = CliRunner()
IDS = ORDER  # the national standard's indicators, in its order
LABELS = [
    "Việc làm",
    "Người phụ thuộc trong hộ gia đình",
    "Dinh dưỡng",
    "BHYT",
    "Trình độ giáo dục của người lớn",
    "Tình trạng đi học của trẻ em",
    "Chất lượng nhà ở",
    "Diện tích nhà ở bình quân đầu người",
    "Nguồn nước sinh hoạt",
    "Nhà tiêu hợp vệ sinh",
    "Sử dụng dịch vụ viễn thông",
    "Phương tiện phục vụ tiếp cận thông tin",
]
FRONT = ["Mã hộ", "Khu vực", "Số nhân khẩu", "Thu nhập bình quân đầu người/tháng"]
IDENTITY = ["household_id", "area", "household_size", "income_per_capita_month"]


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def write(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def grouped(path: Path, label: str, marked: int = 9) -> Path:
    """A list as an office lays it out: the group label over the indicators' names (two
    header rows), one household with an x in its first `marked` indicators."""
    return write(
        path,
        [
            [*FRONT, label, *[""] * (len(LABELS) - 1)],
            [""] * len(FRONT) + LABELS,
            ["H1", "nông thôn", 3, 1_000_000, *(["x"] * marked), *[""] * (len(LABELS) - marked)],
        ],
    )


# --- 1. a negated group label is no deprivation group: refused, never inverted ----------------


@pytest.mark.parametrize(
    "label",
    ["Các chỉ số không thiếu hụt (đạt chuẩn)", "Not deprived", "Non-deprived"],
)
def test_a_negated_group_label_stops_the_run_naming_it(tmp_path, label):
    path = grouped(tmp_path / "ds.csv", label)
    out = tmp_path / "out.csv"
    result = invoke("classify", path, "-s", "vn-2022-2025", "-o", out)
    assert result.exit_code == 4, result.stderr
    assert f"the group label '{label}' names deprivation, but not clearly" in result.stderr
    assert f"'{label} / Việc làm: deprived:employment'" in result.stderr
    assert f"'{label} / Việc làm: <answer column>'" in result.stderr
    assert not out.exists()


def test_the_negated_label_message_in_vietnamese(tmp_path):
    path = grouped(tmp_path / "ds.csv", "Not deprived")
    result = invoke(
        "classify", path, "-s", "vn-2022-2025", "-o", tmp_path / "o.csv", "--lang", "vi"
    )
    assert result.exit_code == 4
    assert "nhãn nhóm 'Not deprived' nói đến thiếu hụt nhưng không rõ" in result.stderr


@pytest.mark.parametrize("command", ["report", "measures", "compare"])
def test_every_command_refuses_the_negated_label(tmp_path, command):
    path = grouped(tmp_path / "ds.csv", "Non-deprived")
    args = {
        "report": ("report", path, "-s", "vn-2022-2025", "-o", tmp_path / "r.xlsx"),
        "measures": ("measures", path, "-s", "vn-2022-2025", "--k", "1/3"),
        "compare": ("compare", path, "--base", "vn-2022-2025", "--alt", "vn-2027-2030"),
    }[command]
    result = invoke(*args)
    assert result.exit_code == 4, result.stderr
    assert "the group label 'Non-deprived' names deprivation" in result.stderr


def test_a_negated_group_mapped_line_by_line_is_read_as_the_mapping_says(tmp_path):
    path = grouped(tmp_path / "ds.csv", "Not deprived", marked=3)
    mapping = tmp_path / "m.yaml"
    lines = [f"'Not deprived / {lab}': deprived:{i}" for i, lab in zip(IDS, LABELS, strict=True)]
    mapping.write_text("\n".join(lines) + "\n", "utf-8")
    out = tmp_path / "out.csv"
    result = invoke("classify", path, "-s", "vn-2022-2025", "-o", out, "--columns", mapping)
    assert result.exit_code == 0, result.stderr
    df = pl.read_csv(out, infer_schema=False)
    assert df["deprived"].to_list() == ["employment;dependents;nutrition"]
    assert df["class"].to_list() == ["poor"]


def test_a_negated_group_mapped_by_its_own_cells_reads_marks_and_answers_refused(tmp_path):
    path = grouped(tmp_path / "ds.csv", "Non-deprived", marked=2)
    mapping = tmp_path / "m.yaml"
    lines = [f"'{lab}': deprived:{i}" for i, lab in zip(IDS, LABELS, strict=True)]
    mapping.write_text("\n".join(lines) + "\n", "utf-8")
    out = tmp_path / "out.csv"
    result = invoke("classify", path, "-s", "vn-2022-2025", "-o", out, "--columns", mapping)
    assert result.exit_code == 0, result.stderr
    assert pl.read_csv(out, infer_schema=False)["deprived"].to_list() == ["employment;dependents"]
    # its own cell never makes it an answer: 'Nhà tiêu hợp vệ sinh' is sanitary_latrine's header
    only = tmp_path / "one.yaml"
    only.write_text("'Việc làm': deprived:employment\n", "utf-8")
    refused = invoke("classify", path, "-s", "vn-2022-2025", "-o", out, "--columns", only)
    assert refused.exit_code == 4
    assert "the group label 'Non-deprived' names deprivation" in refused.stderr
    assert "'Non-deprived / Người phụ thuộc trong hộ gia đình: deprived:dependents'" in (
        refused.stderr
    )


def test_a_plain_deprivation_group_still_reads_its_marks(tmp_path):
    path = grouped(tmp_path / "ds.csv", "Các chỉ số thiếu hụt", marked=2)
    out = tmp_path / "out.csv"
    result = invoke("classify", path, "-s", "vn-2022-2025", "-o", out)
    assert result.exit_code == 0, result.stderr
    df = pl.read_csv(out, infer_schema=False)
    assert df["deprived"].to_list() == ["employment;dependents"]


NEGATIONS = [
    "không",
    "Không",
    "KHÔNG",
    "khong",
    "không bị",
    "chưa",
    "chua",
    "ko",
    "k",
    "not",
    "Not",
    "NOT",
    "non-",
    "Non ",
    "no",
    "without",
]
DEPRIVATION = ["thiếu hụt", "THIẾU HỤT", "thieu hut", "deprived", "deprivation", "deprivations"]


@given(
    before=st.sampled_from(["", "Các chỉ số ", "Chỉ số ", "Hộ ", "Indicators "]),
    negation=st.sampled_from(NEGATIONS),
    word=st.sampled_from(DEPRIVATION),
    after=st.sampled_from(["", " (đạt chuẩn)", ":", " các chỉ số", " indicators"]),
)
def test_any_negated_deprivation_label_is_unclear_never_a_marks_group(
    before, negation, word, after
):
    sep = "" if negation.endswith(("-", " ")) else " "
    label = f"{before}{negation}{sep}{word}{after}"
    assert not layout.is_deprivation_label(label), label
    assert layout.is_unclear_deprivation_label(label), label


@pytest.mark.parametrize(
    "label",
    ["Các chỉ số thiếu hụt", "Chỉ số thiếu hụt", "THIẾU HỤT", "Deprivations", "Deprived in"],
)
def test_plain_deprivation_labels_are_marks_groups(label):
    assert layout.is_deprivation_label(label)
    assert not layout.is_unclear_deprivation_label(label)


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(negation=st.sampled_from(NEGATIONS), word=st.sampled_from(DEPRIVATION))
def test_a_run_with_any_negated_group_label_is_refused(tmp_path, negation, word):
    sep = "" if negation.endswith(("-", " ")) else " "
    label = f"Các chỉ số {negation}{sep}{word}"
    path = grouped(tmp_path / "ds.csv", label)
    result = invoke("classify", path, "-s", "vn-2022-2025", "-o", tmp_path / "o.csv")
    assert result.exit_code == 4, (label, result.stderr)
    assert "names deprivation, but not clearly" in result.stderr


# --- 2. a pathological header costs what its last few parts cost --------------------------------


def test_a_header_of_thousands_of_separators_folds_a_bounded_number_of_parts(monkeypatch):
    calls: list[int] = []
    real = mark_names.mark_key

    def counted(text: str) -> str:
        calls.append(len(text))
        return real(text)

    monkeypatch.setattr(mark_names, "mark_key", counted)
    names = {"viec lam": "employment", "employment": "employment"}
    header = "Các chỉ số thiếu hụt" + " / a" * 5000 + " / Việc làm"
    assert mark_names.indicator_of([header], names, under_group=True) == "employment"
    wild = "Các chỉ số thiếu hụt" + " / a" * 5000
    assert mark_names.indicator_of([wild], names, under_group=True) is None
    # the whole header once per text (the one-row forms), then a few short parts
    assert sum(1 for n in calls if n > 100) == 2
    assert len(calls) < 2 + 2 * 4


def test_own_cells_are_those_after_each_separator_longest_first():
    assert mark_names._own_cells("A / B / Việc làm", 20) == ["b / viec lam", "viec lam"]
    assert mark_names._own_cells("A / B / Việc làm", 8) == ["viec lam"]
    assert mark_names._own_cells("no separator", 20) == []


# --- 4. a data header written as a mapping line is a header like any other ---------------------


@pytest.mark.parametrize("header", ["deprived:water", "deprived:bogus", "Deprived:Water"])
def test_a_data_header_deprived_colon_is_no_mapping_line(tmp_path, header):
    cols = [*IDENTITY, *(f"deprived_{i}" if i != "water" else header for i in IDS)]
    path = write(tmp_path / "ds.csv", [cols, ["H1", "rural", 3, 1_000_000, *[""] * 12]])
    result = invoke("classify", path, "-s", "vn-2022-2025", "-o", tmp_path / "o.csv")
    assert result.exit_code == 4
    assert "the mapping gives" not in result.stderr
    assert "1 required column missing: safe_water" in result.stderr


# --- 3. a standard whose names make a column of marks ambiguous is refused when it loads -------

VN = Path(__file__).resolve().parent.parent / "thresholds" / "vn-2022-2025.yaml"
TELECOM = "    label: {vi: Sử dụng dịch vụ viễn thông, en: Use of telecom services}\n"
TELECOM_MARKS = "    mark_headers: [Viễn thông, Dịch vụ viễn thông]\n"


def variant(tmp_path: Path, old: str, new: str, sid: str = "vn-variant") -> Path:
    text = VN.read_text("utf-8")
    assert old in text
    text = text.replace(old, new, 1).replace("id: vn-2022-2025", f"id: {sid}", 1)
    path = tmp_path / f"{sid}.yaml"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("mark_headers", "said"),
    [
        (
            "[Nguồn nước sinh hoạt]",
            "'Nguồn nước sinh hoạt' names two indicators, water (its label)",
        ),
        ("[BHYT]", "'BHYT' names two indicators, health_insurance (its mark header)"),
        ("[' NGUỒN NƯỚC  SINH HOẠT ']", "names two indicators, water (its label)"),
        ("[water]", "'water' names two indicators, water (its id)"),
        ("[deprived_water]", "'deprived_water' names two indicators, water (its id)"),
        ("[' ']", "a mark header of telecom is blank"),
        ("['']", "a mark header of telecom is blank"),
        ("[household_id]", "the mark header 'household_id' of telecom names the column"),
        ("[Income_Per_Capita_Month]", "names the column income_per_capita_month"),
    ],
)
def test_an_ambiguous_mark_header_is_refused_with_its_yaml_path(tmp_path, mark_headers, said):
    path = variant(tmp_path, TELECOM_MARKS, f"    mark_headers: {mark_headers}\n")
    result = invoke("standards", "validate", path)
    assert result.exit_code == 4, result.stdout
    assert said in result.stderr
    assert "indicators[10]" in result.stderr


def test_two_indicators_with_one_label_blame_the_standard_not_the_data(tmp_path):
    path = variant(
        tmp_path,
        TELECOM,
        "    label: {vi: Nguồn nước sinh hoạt, en: Use of telecom services}\n",
    )
    result = invoke("standards", "validate", path)
    assert result.exit_code == 4
    assert "indicators[10].label.vi" in result.stderr
    assert "'Nguồn nước sinh hoạt' names two indicators, water (its label)" in result.stderr
    vi = invoke("standards", "validate", path, "--lang", "vi")
    assert "là tên của hai chỉ số, water (nhãn) và telecom (nhãn)" in vi.stderr
    data = grouped(tmp_path / "ds.csv", "Các chỉ số thiếu hụt")
    run = invoke("classify", data, "-s", path, "-o", tmp_path / "o.csv")
    assert run.exit_code == 4
    assert "rename that column in the data file" not in run.stderr
    assert "names two indicators" in run.stderr


def test_every_shipped_standard_names_each_indicator_alone():
    for path in sorted(VN.parent.glob("*.yaml")):
        result = invoke("standards", "validate", path)
        assert result.exit_code == 0, (path, result.stderr)


def test_a_name_two_standards_give_different_indicators_stops_a_run_of_marks(tmp_path):
    # BHYT: health insurance in the national standard, telecom in the other
    text = VN.read_text("utf-8").replace("[BHYT, BH y tế]", "[BH y tế]", 1)
    text = text.replace(TELECOM_MARKS, "    mark_headers: [Viễn thông, BHYT]\n", 1)
    text = text.replace("id: vn-2022-2025", "id: vn-x", 1)
    other = tmp_path / "vn-x.yaml"
    other.write_text(text, "utf-8")
    assert invoke("standards", "validate", other).exit_code == 0
    data = grouped(tmp_path / "ds.csv", "Các chỉ số thiếu hụt")
    result = invoke("compare", data, "--base", "vn-2022-2025", "--alt", other)
    assert result.exit_code == 4, result.stderr
    assert (
        "the standards vn-2022-2025 and vn-x give the name 'BHYT' to different indicators: "
        "health_insurance (mark header in vn-2022-2025) and telecom (mark header in vn-x)"
    ) in result.stderr
    assert "vn-x.yaml" in result.stderr
    # a list of answers holds no marks: the two standards compare as always
    answers = write(
        tmp_path / "answers.csv",
        [
            [*IDENTITY, *ANSWERS],
            ["H1", "rural", 3, 1_000_000, 0, 0, 0, 0, 0, 0, 0, 50, "x", "x", "x", "x"],
        ],
    )
    fine = invoke("compare", answers, "--base", "vn-2022-2025", "--alt", other)
    assert fine.exit_code == 0, fine.stderr


# --- 6. a mark serves an indicator with a member form only, without --members ----------------

EMPLOYMENT = "    deprived_when: working_age_unemployed >= 1\n"


def tidy(path: Path, rows: list[tuple[str, int, set[str]]], ids: list[str] = IDS) -> Path:
    header = [*IDENTITY, *(f"deprived_{i}" for i in ids)]
    body = [[h, "rural", 3, income, *("x" if i in m else "" for i in ids)] for h, income, m in rows]
    return write(path, [header, *body])


def test_a_mark_lifts_the_members_requirement_of_a_member_only_indicator(tmp_path):
    text = VN.read_text("utf-8")
    assert text.count(EMPLOYMENT) == 1
    std = tmp_path / "memonly.yaml"
    std.write_text(text.replace(EMPLOYMENT, "").replace("id: vn-2022-2025", "id: memonly", 1))
    three = {"employment", "dependents", "nutrition"}
    path = tidy(
        tmp_path / "ds.csv", [("H1", 1_000_000, three), ("H2", 1_000_000, three - {"employment"})]
    )
    out = tmp_path / "out.csv"
    result = invoke("classify", path, "-s", std, "-o", out)
    assert result.exit_code == 0, result.stderr
    df = pl.read_csv(out, infer_schema=False)
    assert df["class"].to_list() == ["poor", "near_poor"]
    assert df["deprivation_count"].to_list() == ["3", "2"]
    # without its column of marks, the indicator still needs --members
    others = [i for i in IDS if i != "employment"]
    bare = tidy(tmp_path / "bare.csv", [("H1", 1_000_000, set())], others)
    refused = invoke("classify", bare, "-s", std, "-o", tmp_path / "o2.csv")
    assert refused.exit_code == 2
    assert "the indicators employment are computed from household members only" in refused.stderr
    assert not (tmp_path / "o2.csv").exists()


# --- 5. the marks' working names meet no user's column and no output's ------------------------


def test_a_standard_whose_id_is_an_indicators_id_reads_the_marks(tmp_path):
    std = tmp_path / "water.yaml"
    std.write_text(VN.read_text("utf-8").replace("id: vn-2022-2025", "id: water", 1), "utf-8")
    header = [*IDENTITY, *(f"deprived_{i}" for i in IDS)]
    header[IDENTITY.__len__() + IDS.index("water")] = "Thiếu hụt Nguồn nước sinh hoạt"
    three = ["x", "x", "x", *[""] * 9]
    path = write(tmp_path / "ds.csv", [header, ["H1", "rural", 3, 1_000_000, *three]])
    out = tmp_path / "out.csv"
    result = invoke("classify", path, "-s", std, "-s", "vn-2022-2025", "-o", out)
    assert result.exit_code == 0, result.stderr
    df = pl.read_csv(out, infer_schema=False)
    # the indicator water's marks keep their name; the standard water's list takes a free one
    assert df["deprived_water"].to_list() == ["false"]
    assert df["deprived_water (new)"].to_list() == ["employment;dependents;nutrition"]
    assert df["deprived_employment"].to_list() == ["true"]
    assert df["class_water"].to_list() == df["class_vn-2022-2025"].to_list() == ["poor"]
    # one standard: the marks keep their documented name
    alone = invoke("classify", path, "-s", std, "-o", tmp_path / "alone.csv")
    assert alone.exit_code == 0, alone.stderr
    assert "deprived_water" in pl.read_csv(tmp_path / "alone.csv", infer_schema=False).columns


def test_a_bad_mark_is_rejected_under_its_documented_name(tmp_path):
    header = [*IDENTITY, *(f"deprived_{i}" for i in IDS)]
    header[4] = "Thiếu hụt Việc làm"
    path = write(tmp_path / "ds.csv", [header, ["H1", "rural", 3, 1_000_000, "?", *[""] * 11]])
    rejects = tmp_path / "rej.csv"
    result = invoke(
        "classify", path, "-s", "vn-2022-2025", "-o", tmp_path / "o.csv", "--rejects", rejects
    )
    assert result.exit_code == 3, result.stderr
    rej = pl.read_csv(rejects, infer_schema=False)
    row = rej.row(0, named=True)
    assert row["errors"] == "deprived_employment:bad_mark"
    assert row["error_description"].startswith("Thiếu hụt Việc làm: not a deprivation mark")
    assert not any("__" in c for c in rej.columns)


# --- 8. an unclosed quote is named by the row it opens on --------------------------------------

ROW = "{},rural,3,1000000,0,0,0,0,0,0,0,50,true,true,true,true\n"


def test_an_unclosed_quote_in_a_title_row_is_named_with_its_row(tmp_path):
    body = "".join(ROW.format(f"H{i}") for i in range(20_000))
    path = tmp_path / "ds.csv"
    path.write_text('"DANH SÁCH HỘ NGHÈO,,\n' + ",".join([*IDENTITY, *ANSWERS]) + "\n" + body)
    result = invoke("classify", path, "-s", "vn-2022-2025", "-o", tmp_path / "o.csv")
    assert result.exit_code == 4
    assert 'row 1 opens a quote (") that is not closed' in result.stderr
    assert "H19999" not in result.stderr


@pytest.mark.parametrize("at", [3, 5])
def test_an_unclosed_quote_among_data_rows_gives_the_row_it_opens_on(tmp_path, at):
    rows = [ROW.format(f"H{i}") for i in range(1, 8)]
    rows[at - 2] = '"' + rows[at - 2]
    path = tmp_path / "ds.csv"
    path.write_text(",".join([*IDENTITY, *ANSWERS]) + "\n" + "".join(rows))
    result = invoke("classify", path, "-s", "vn-2022-2025", "-o", tmp_path / "o.csv")
    assert result.exit_code == 4, result.stderr
    assert f"row {at}:" in result.stderr
    assert 'a quote (") opens on this row and is never closed' in result.stderr


def test_a_quoted_cell_with_line_breaks_is_no_unclosed_quote(tmp_path):
    from mdpoverty.io.readers import unclosed_quote_row

    path = tmp_path / "x.csv"
    path.write_text('a,b\n1,"two\nlines ""quoted"""\n3,4\n"open,5\n6,7\n')
    assert unclosed_quote_row(path) == 4
    path.write_text('a,b\n1,"two\nlines"\n3,4\n')
    assert unclosed_quote_row(path) is None


def test_unread_columns_under_a_pathological_group_are_looked_at_in_bounded_work(
    tmp_path, monkeypatch
):
    from mdpoverty.io import readers

    read: list[int] = []
    real = readers.mark_key

    def counted(text: str) -> str:
        read.append(len(text))
        return real(text)

    monkeypatch.setattr(readers, "mark_key", counted)
    own = [*LABELS[:-1], "c1", "c2"]  # information_assets missing; two columns naming nothing
    # as many separators as a header within the limit holds with the longest name under it
    # (a longer label is refused as a header: tests/test_header_limits.py)
    room = MAX_HEADER_CHARS - len("Các chỉ số thiếu hụt / ") - max(map(len, own))
    label = "Các chỉ số thiếu hụt" + " / x" * (room // 4)  # words of a plain label: still marks
    path = write(
        tmp_path / "ds.csv",
        [
            [*FRONT, label, *[""] * (len(own) - 1)],
            [""] * len(FRONT) + own,
            ["H1", "nông thôn", 3, 1_000_000, *["x"] * 3, *[""] * (len(own) - 3)],
        ],
    )
    result = invoke("classify", path, "-s", "vn-2022-2025", "-o", tmp_path / "o.csv")
    assert result.exit_code == 4
    assert "required column missing" in result.stderr
    # each header read whole a few times, never once per separator (240 x 1 KB)
    assert read and sum(read) < 20 * len(own) * len(label)
