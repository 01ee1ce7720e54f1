"""Unit columns headed as official lists head them, their level's words joined
('Quận/Huyện/Thị xã/Thành phố', 'Xã/Phường/Thị trấn', 'Phường/Xã'), are read as district and
commune: --by and the report's units see them. 'Thành phố' alone, a province or a district, names
neither. CliRunner, stdout and stderr apart; the workbook built with xlsxwriter."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.columns import unit_of
from mdpoverty.io.readers import read_table

from .conftest import BASE

runner = CliRunner()


@pytest.mark.parametrize(
    ("header", "unit"),
    [
        ("Tỉnh/Thành phố", "province"),
        ("Tỉnh/TP", "province"),
        ("Quận/Huyện/Thị xã/Thành phố", "district"),
        ("Huyện/Thị xã/Thành phố", "district"),
        ("huyen/thi xa/thanh pho", "district"),
        ("Huyện/TX/TP", "district"),
        ("Thị xã/Thành phố", "district"),
        ("Quận", "district"),
        ("Xã/Phường/Thị trấn", "commune"),
        ("Phường/Xã", "commune"),
        ("Xã, phường, thị trấn", "commune"),
        ("Xã (phường)", "commune"),
        ("Tên xã", "commune"),
        ("Thị trấn", "commune"),
        ("Thành phố", None),  # a province (Hà Nội) or a district (Hạ Long)
        ("TP", None),
        ("TX/TP", None),
        ("TT", None),  # an order number
        ("TT/NT", None),  # the area
        ("Mã xã", None),
        ("Xã nghèo", None),
        ("Tỉnh/Huyện", None),  # two levels
        ("Thôn/Bản/Tổ dân phố", None),  # a village: `is_village`
    ],
)
def test_unit_headers(header, unit):
    assert unit_of(header) == unit


def workbook(path: Path, units: list[str]) -> Path:
    """Four households in two communes of two districts, units headed `units`."""
    rows = [
        ("Quảng Ninh", "Ba Chẽ", "Xã Đồn Đạc", "H1"),
        ("Quảng Ninh", "Ba Chẽ", "Xã Đồn Đạc", "H2"),
        ("Quảng Ninh", "Hạ Long", "Phường Hà Khánh", "H3"),
        ("Quảng Ninh", "Hạ Long", "Phường Hà Khánh", "H4"),
    ]
    rest = {k: v for k, v in BASE.items() if k not in ("province", "district", "commune")}
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("DS")
    ws.write_row(0, 0, [*units, *rest])
    for n, (p, d, c, hid) in enumerate(rows, 1):
        ws.write_row(n, 0, [p, d, c, *{**rest, "household_id": hid}.values()])
    book.close()
    return path


OFFICIAL = ["Tỉnh/Thành phố", "Quận/Huyện/Thị xã/Thành phố", "Xã/Phường/Thị trấn"]


def test_official_unit_headers_are_read_as_units(tmp_path):
    table = read_table(str(workbook(tmp_path / "ds.xlsx", OFFICIAL)))
    assert {"province", "district", "commune"} <= set(table.columns)
    other = ["Tỉnh/Thành phố", "Huyện/Thị xã/Thành phố", "Phường/Xã"]
    table = read_table(str(workbook(tmp_path / "ds2.xlsx", other)))
    assert {"province", "district", "commune"} <= set(table.columns)


def test_report_groups_by_the_official_unit_headers(tmp_path):
    path = workbook(tmp_path / "ds.xlsx", OFFICIAL)
    out = tmp_path / "bc.json"
    for by in ("district", "Quận/Huyện/Thị xã/Thành phố", "Huyện"):
        result = runner.invoke(
            app,
            ["report", str(path), "--as-of", "2024-12-31", "--by", by, "--format", "json",
             "-o", str(out)],
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        text = out.read_text(encoding="utf-8")
        assert "Ba Chẽ" in text and "Hạ Long" in text, by


def test_thanh_pho_alone_names_no_unit(tmp_path):
    table = read_table(str(workbook(tmp_path / "ds.xlsx", ["Tỉnh", "Thành phố", "Xã"])))
    assert "district" not in table.columns and "Thành phố" in table.columns
