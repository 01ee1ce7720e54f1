"""typer's own usage errors under --lang vi (cli/usage.py): Vietnamese usage line, hint and
message, option names and values as typed, exit code 2; English unchanged without --lang vi.
CliRunner with stdout and stderr apart."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.cli.usage import lang_of

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.mark.parametrize(
    ("args", "vi", "en"),
    [
        (["classify", "x.csv", "--nope"], "lỗi: không có tùy chọn --nope", "No such option"),
        (
            ["classify", "x.csv", "--as-o", "2024-12-31"],
            "lỗi: không có tùy chọn --as-o (các tùy chọn có tên gần giống: --add-bom, --as-of)",
            "Possible options",
        ),
        (["classify"], "lỗi: thiếu đối số 'input'", "Missing argument"),
        (["explain", "x.csv"], "lỗi: thiếu tùy chọn '--id'", "Missing option"),
        (["classify", "a.csv", "b.csv"], "lỗi: thừa đối số không dùng đến: b.csv", "extra"),
        (
            ["classify", "a.csv", "--size-mismatch", "maybe"],
            "lỗi: giá trị không hợp lệ cho '--size-mismatch': 'maybe' không phải là một trong"
            " các giá trị 'reject', 'warn'",
            "Invalid value",
        ),
        (
            ["classify", "a.csv", "--as-of", "31/31/2024"],
            "lỗi: giá trị không hợp lệ cho --as-of: '31/31/2024' không phải ngày",
            "Invalid value for --as-of",
        ),
        (["clasify", "a.csv"], "lỗi: không có lệnh 'clasify'; có phải là 'classify'?", "command"),
        (["standards", "shw"], "lỗi: không có lệnh 'shw'; có phải là 'show'?", "No such command"),
        (
            ["classify", "a.csv", "--as-of"],
            "lỗi: tùy chọn '--as-of' cần có một giá trị",
            "requires",
        ),
        (["--debug=1", "classify", "a.csv"], "lỗi: tùy chọn '--debug' không nhận giá trị", "take"),
    ],
)
def test_usage_errors_in_vietnamese(args, vi, en):
    english = run(*args)
    assert english.exit_code == 2, english.output
    assert en in english.stderr and "lỗi" not in english.stderr
    # an option left without its value last: --lang before it, or --lang would be its value
    at = len(args) - 1 if args[-1] == "--as-of" else len(args)
    vietnamese = run(*args[:at], "--lang", "vi", *args[at:])
    assert vietnamese.exit_code == 2, vietnamese.output
    assert vietnamese.stdout == ""
    assert vi in vietnamese.stderr, vietnamese.stderr
    last = vietnamese.stderr.strip().splitlines()[-1]
    assert last.startswith("lỗi: ")
    # no English left in the message line, nor click's own words anywhere
    for word in ("Error", "Usage", "Try", "Invalid", "Missing", "No such", "Got", "Option"):
        assert word not in vietnamese.stderr, vietnamese.stderr
    if "cần có một giá trị" not in vi and "không nhận giá trị" not in vi:  # click: no usage
        lines = vietnamese.stderr.splitlines()
        assert lines[0].startswith("Cách dùng: mdpoverty ")
        assert lines[1].startswith("Chạy 'mdpoverty ") and lines[1].endswith(
            " --help' để xem hướng dẫn."
        )


def test_lang_equals_form_and_user_text_shown_as_typed():
    result = run("classify", "a.csv", "--lang=vi", "--[red]x\x1b[31m")
    assert result.exit_code == 2
    assert "lỗi: không có tùy chọn --[red]x\\x1b[31m" in result.stderr
    assert "\x1b" not in result.stderr


def test_a_wrong_lang_value_stays_english():
    result = run("classify", "a.csv", "--lang", "vn")
    assert result.exit_code == 2
    assert "Invalid value for '--lang': 'vn' is not one of 'en', 'vi'." in result.stderr


def test_lang_of():
    assert lang_of(["classify", "a", "--lang", "vi"]) == "vi"
    assert lang_of(["classify", "--lang=vi", "a", "--lang", "en"]) == "en"
    assert lang_of(["classify", "--", "--lang", "vi"]) == "en"
    assert lang_of(["classify", "--lang"]) == "en"
