"""explain as an office meets it: a household classify rejects for its own cells (no class,
exit 3, the rejects file's reasons), a mistyped --id (the close ids offered)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import BASE

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
