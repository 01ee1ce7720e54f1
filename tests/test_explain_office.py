"""explain as an office meets it: a household classify rejects for its own cells (no class,
exit 3, the rejects file's reasons), a mistyped --id (the close ids offered), and the table of a
list whose marks stand under one group label (the label said once, readable at 100 columns)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import BASE
from .test_marks_office import FULL, rows, xlsx

runner = CliRunner()
AS_OF = ("--as-of", "2024-12-31")


def invoke(*args: object, **env: str):
    return runner.invoke(app, [str(a) for a in args], env=env or None)


def write(path: Path, households: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(households[0]))
        writer.writeheader()
        writer.writerows(households)
    return path


# ------------------------------------------------ 1. a household rejected for its own cells


def test_explain_gives_classify_s_verdict_for_households_rejected_for_their_own_cells(tmp_path):
    spoilt = {
        "H01": {"income_per_capita_month": ""},  # blank income: the line is known, no verdict
        "H02": {"area": "núi"},  # unknown area: no line either
        "H03": {"household_size": "-3"},
        "H04": {"safe_water": "maybe", "floor_area_m2": "abc"},  # two reasons, in order
        "H05": {},
        "H06": {"income_per_capita_month": "1500000", "working_age_unemployed": "2"},
    }
    households = [{**BASE, "household_id": hid, **cells} for hid, cells in spoilt.items()]
    path = write(tmp_path / "h.csv", households)
    out = tmp_path / "o.csv"
    classified = invoke("classify", path, "-o", out, *AS_OF)
    assert classified.exit_code == 3, classified.output
    with out.open(encoding="utf-8") as fh:
        classes = {r["household_id"]: r["class"] for r in csv.DictReader(fh)}
    with (tmp_path / "o_rejects.csv").open(encoding="utf-8") as fh:
        rejected = {r["household_id"]: r["errors"] for r in csv.DictReader(fh)}
    assert set(rejected) == {"H01", "H02", "H03", "H04"} and set(classes) == {"H05", "H06"}
    for hid in spoilt:
        result = invoke("explain", path, "--id", hid, "--json", *AS_OF)
        (got,) = json.loads(result.stdout)
        if hid in rejected:
            assert result.exit_code == 3, hid
            assert got["class_id"] is None and got["rule_index"] is None, hid
            assert ";".join(got["rejected"]) == rejected[hid], hid
        else:
            assert result.exit_code == 0, result.output
            assert got["rejected"] == [] and got["class_id"] == classes[hid], hid


def test_a_blank_income_shows_the_indicators_and_no_class(tmp_path):
    households = [
        {**BASE, "household_id": "H1", "income_per_capita_month": "", "safe_water": "false"},
        {**BASE, "household_id": "H2", "safe_water": "false"},  # the same, its income given
    ]
    path = write(tmp_path / "h.csv", households)
    (blank,) = json.loads(invoke("explain", path, "--id", "H1", "--json", *AS_OF).stdout)
    (given,) = json.loads(invoke("explain", path, "--id", "H2", "--json", *AS_OF).stdout)
    assert blank["income"] is None and blank["income_at_or_below_line"] is None
    assert blank["income_line"] == given["income_line"] == 1500000  # rural, 2022-2025
    # every indicator as classify computes it with the income given: none reads the income
    verdicts = [(v["id"], v["deprived"], v["unknown"]) for v in blank["indicators"]]
    assert verdicts == [(v["id"], v["deprived"], v["unknown"]) for v in given["indicators"]]
    assert blank["deprivation_count"] == given["deprivation_count"] == 1
    assert blank["rejected"] == ["income_per_capita_month:missing_value"]
    vi = invoke("explain", path, "--id", "H1", "--lang", "vi", *AS_OF, COLUMNS="100")
    assert vi.exit_code == 3 and vi.stderr == ""
    assert (
        "Thu nhập bình quân đầu người/tháng: —; chuẩn áp dụng (Nông thôn): 1.500.000 đ:"
        " chưa so sánh được (ô bị classify loại)\n" in vi.stdout
    )
    assert vi.stdout.endswith(
        "Không phân loại: classify loại hộ này (mã thoát 3), vì:\n"
        "  income_per_capita_month: thiếu giá trị (ô trống)\n"  # the file's own header
    )
    assert "Phân loại:" not in vi.stdout and "Số chỉ số thiếu hụt:" not in vi.stdout


def test_an_own_bad_cell_and_a_member_s_are_both_given(tmp_path):
    h = tmp_path / "h.csv"
    h.write_text(
        "household_id,area,income_per_capita_month,non_durable_main_structures,floor_area_m2,"
        "safe_water,sanitary_latrine,uses_internet,has_information_device\n"
        "H1,rural,,0,50,1,1,1,1\n",
        encoding="utf-8",
    )
    m = tmp_path / "m.csv"
    m.write_text(
        "household_id,age,in_working_age,unemployed_or_no_contract,receives_social_allowance,"
        "malnourished,has_health_insurance,in_training_or_has_degree_for_age,"
        "attends_school_at_right_level\n"
        "H1,40,1,0,0,0,maybe,1,\n",
        encoding="utf-8",
    )
    result = invoke("explain", h, "--members", m, "--id", "H1", "--json", *AS_OF)
    assert result.exit_code == 3, result.output
    (got,) = json.loads(result.stdout)
    assert got["class_id"] is None
    assert got["rejected"] == [
        "income_per_capita_month:missing_value",
        "has_health_insurance:member_rejected@2",  # its member row 2
    ]


# ------------------------------------------------------------------ 1b. a mistyped --id


def _ids(tmp_path: Path, ids: list[str]) -> Path:
    households = [
        {**BASE, "household_id": hid, "commune": f"Thôn bí mật {n}"} for n, hid in enumerate(ids)
    ]
    return write(tmp_path / "h.csv", households)


def test_a_mistyped_id_is_offered_the_close_ids(tmp_path):
    path = _ids(tmp_path, [f"QN-TL-{n:03d}" for n in range(1, 121)])
    result = invoke("explain", path, "--id", "QN-TL-99", *AS_OF)
    assert result.exit_code == 4
    assert result.stderr.endswith(
        "no household with household_id 'QN-TL-99' (did you mean 'QN-TL-099'?)\n"
    )
    vi = invoke("explain", path, "--id", "qn_tl_99", "--lang", "vi", *AS_OF)
    assert "không có hộ nào mã 'qn_tl_99' (cột 'household_id') (có phải là 'QN-TL-099'?)" in (
        vi.stderr
    )
    typo = invoke("explain", path, "--id", "QN-TL-1O1", *AS_OF)  # the letter O for a zero
    assert "(did you mean 'QN-TL-101', 'QN-TL-111'?)" in typo.stderr  # the closest first
    # a prefix many ids share: at most five, and never another cell of their rows
    many = invoke("explain", path, "--id", "QN-TL-01", *AS_OF)
    offered = re.search(r"\(did you mean (.*)\?\)", many.stderr)
    assert offered is not None
    assert len(offered.group(1).split(", ")) == 5
    assert "'QN-TL-001'" in offered.group(1) and "'QN-TL-010'" in offered.group(1)
    assert "bí mật" not in many.stderr
    far = invoke("explain", path, "--id", "HN-0042", *AS_OF)
    assert far.exit_code == 4 and "did you mean" not in far.stderr


def test_the_close_ids_are_shown_as_text_never_as_markup(tmp_path):
    path = _ids(tmp_path, ["[bold]H1[/bold]", "H2"])
    result = invoke("explain", path, "--id", "[bold]H1[/bold", *AS_OF)
    assert result.exit_code == 4
    assert "(did you mean '[bold]H1[/bold]'?)" in result.stderr


# ------------------------------------------- 2. marks under a group label, at 100 columns

GROUP = "Các chỉ số thiếu hụt dịch vụ xã hội cơ bản"


def test_the_group_label_is_said_once_and_the_table_fits_100_columns(tmp_path):
    path = xlsx(tmp_path / "ds.xlsx", rows(FULL, GROUP))
    income = tmp_path / "m.yaml"
    income.write_text("Thu nhập BQ (đồng): income_per_capita_month\n", "utf-8")
    for lang, said in (
        ("vi", f"Dấu thiếu hụt của danh sách được đọc từ các cột dưới '{GROUP}'."),
        ("en", f"The list's marks are read from the columns under '{GROUP}'."),
    ):
        result = invoke(
            "explain", path, "--columns", income, "--id", "0101", "--lang", lang, *AS_OF,
            COLUMNS="100",
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        lines = result.stdout.splitlines()
        assert said in lines
        assert result.stdout.count(GROUP) == 1  # not in each indicator's row
        table = [line for line in lines if line[:1] in "┏┃┡│└"]
        assert max(len(line) for line in table) <= 100
        # each indicator on at most two lines, by its own cell
        assert len(table) <= 7 + 2 * 12
        assert ("dấu ở cột 'Việc làm'" if lang == "vi" else "mark in column 'Việc làm'") in (
            result.stdout
        )
    data = json.loads(
        invoke("explain", path, "--columns", income, "--id", "0101", "--json", *AS_OF).stdout
    )[0]
    latrine = next(v for v in data["indicators"] if v["id"] == "sanitation")
    assert latrine["mark_column"] == f"{GROUP} / Nhà tiêu hợp vệ sinh"
    assert (latrine["mark_group"], latrine["mark_cell"]) == (GROUP, "Nhà tiêu hợp vệ sinh")


def test_marks_without_a_group_keep_their_whole_header(tmp_path):
    path = xlsx(tmp_path / "ds.xlsx", rows([f"Thiếu hụt {n}" for n in FULL], None))
    income = tmp_path / "m.yaml"
    income.write_text("Thu nhập BQ (đồng): income_per_capita_month\n", "utf-8")
    result = invoke("explain", path, "--columns", income, "--id", "0101", *AS_OF, COLUMNS="100")
    assert result.exit_code == 0, result.stderr
    assert "columns under" not in result.stdout
    assert "│ mark in column 'Thiếu hụt BHYT'" in result.stdout
    (data,) = json.loads(
        invoke("explain", path, "--columns", income, "--id", "0101", "--json", *AS_OF).stdout
    )
    assert data["indicators"][0]["mark_group"] is None


def test_a_header_s_brackets_are_text_in_the_table(tmp_path):
    names = list(FULL)
    names[3] = "[red]BHYT[/red]"  # a cell rich would read as markup
    group = "Các chỉ số thiếu hụt [bold]x[/bold]"
    path = xlsx(tmp_path / "ds.xlsx", rows(names, group))
    ids = [
        "employment", "dependents", "nutrition", "health_insurance", "adult_education",
        "child_schooling", "housing_quality", "housing_area", "water", "sanitation", "telecom",
        "information_assets",
    ]  # fmt: skip
    lines = [
        f"'{group} / {' '.join(n.split())}': deprived:{i}\n"
        for n, i in zip(names, ids, strict=True)
    ]
    mapping = tmp_path / "m.yaml"
    mapping.write_text("Thu nhập BQ (đồng): income_per_capita_month\n" + "".join(lines), "utf-8")
    result = invoke("explain", path, "--columns", mapping, "--id", "0101", *AS_OF, COLUMNS="100")
    assert result.exit_code == 0, result.stderr
    assert f"The list's marks are read from the columns under '{group}'." in result.stdout
    assert "│ mark in column '[red]BHYT[/red]'" in result.stdout
