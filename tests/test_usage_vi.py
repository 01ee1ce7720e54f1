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
        (["classify"], "lỗi: thiếu tệp dữ liệu đầu vào (INPUT)", "Missing argument"),
        (["explain", "x.csv"], "lỗi: thiếu tùy chọn bắt buộc --id", "Missing option"),
        (["classify", "a.csv", "b.csv"], "lỗi: thừa giá trị không dùng đến: 'b.csv'", "extra"),
        (
            ["classify", "a.csv", "--size-mismatch", "maybe"],
            "lỗi: giá trị không hợp lệ cho --size-mismatch: 'maybe' không phải là một trong"
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
            "lỗi: tùy chọn --as-of cần có một giá trị",
            "requires",
        ),
        (["--debug=1", "classify", "a.csv"], "lỗi: tùy chọn --debug không nhận giá trị", "take"),
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
    for word in (
        "Error",
        "Usage",
        "Try",
        "Invalid",
        "Missing",
        "No such",
        "Got",
        "Option",
        "OPTIONS",
    ):
        assert word not in vietnamese.stderr, vietnamese.stderr
    if "cần có một giá trị" not in vi and "không nhận giá trị" not in vi:  # click: no usage
        lines = vietnamese.stderr.splitlines()
        assert lines[0].startswith("Cách dùng: mdpoverty ") and "[TÙY CHỌN]" in lines[0]
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


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("--a\nb", "--a\\x0ab"),
        ("--a\rb", "--a\\x0db"),
        ("--a\x1b[31mb", "--a\\x1b[31mb"),
        ("--a\u200bb", "--a\\u200bb"),
        ("--a\u202eb", "--a\\u202eb"),
    ],
)
def test_an_option_name_is_escaped_alike_in_both_languages(typed, shown):
    english = run("classify", "a.csv", typed)
    vietnamese = run("classify", "a.csv", "--lang", "vi", typed)
    assert english.exit_code == vietnamese.exit_code == 2
    assert f"No such option: {shown}" in english.stderr
    assert f"lỗi: không có tùy chọn {shown}" in vietnamese.stderr
    for result in (english, vietnamese):
        # one line per message: the typed character itself is nowhere
        assert typed[3] not in result.stderr.replace("\n", "") or typed[3] == "\n"
        assert len(result.stderr.strip().splitlines()) == 4


def test_every_value_is_escaped_under_lang_vi():
    extra = run("classify", "a.csv", "b c", "d\ne", "--lang", "vi")
    assert "lỗi: thừa giá trị không dùng đến: 'b c', 'd\\x0ae'" in extra.stderr
    # click's English writes a value not among the choices as Python does ('x\u200b\n'): so here
    choice = run("classify", "a.csv", "--lang", "vi", "--size-mismatch", "x\u200b\n")
    assert "'x\\u200b\\n' không phải là một trong các giá trị" in choice.stderr
    english = run("classify", "a.csv", "--size-mismatch", "x\u200b\n")
    assert "'x\\u200b\\n' is not one of" in english.stderr
    command = run("cl\u200basify", "--lang", "vi")
    assert "không có lệnh 'cl\\u200basify'" in command.stderr
    for result in (extra, choice, command):
        assert "\u200b" not in result.stderr
        assert result.stderr.strip().splitlines()[-1].startswith("lỗi: ")


def test_lang_before_the_command_says_where_it_goes():
    vietnamese = run("--lang", "vi", "classify", "a.csv")
    assert vietnamese.exit_code == 2
    assert "lỗi: không có tùy chọn --lang ở vị trí này: --lang đặt sau tên lệnh" in (
        vietnamese.stderr
    )
    assert vietnamese.stderr.startswith("Cách dùng: mdpoverty [TÙY CHỌN] LỆNH [ĐỐI SỐ]...")
    english = run("--lang=en", "classify", "a.csv")
    assert english.exit_code == 2
    assert "No such option: --lang: --lang goes after the command's name" in english.stderr


def test_lang_is_read_whatever_its_case():
    assert lang_of(["classify", "a", "--lang", "VI"]) == "vi"
    result = run("classify", "a.csv", "--lang", "VI", "--nope")
    assert result.exit_code == 2
    assert "lỗi: không có tùy chọn --nope" in result.stderr
    listed = run("standards", "list", "--lang", "Vi")
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.splitlines()[0].split()[:2] == ["mã", "phạm"]
    assert "Chuẩn nghèo đa chiều quốc gia giai đoạn 2022-2025" in listed.stdout
    assert "01/01/2022 - 31/12/2026" in listed.stdout


def test_a_missing_argument_is_named_by_what_it_is():
    result = run("standards", "test", "--lang", "vi")
    assert "lỗi: thiếu tệp các trường hợp kiểm thử (FILES)" in result.stderr
