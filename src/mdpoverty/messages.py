"""Error messages in Vietnamese: the form of each domain error's `key`, and the one function
that says an error in the run's language.

The core raises errors in English with a `key` and the `params` its Vietnamese form places
(errors.py); the CLI's error handler asks `say(exc, lang)` for the text it prints. A form is a
`str.format` template over the params, or a function of them for a message whose parts depend
on a value. Whole numbers are written the Vietnamese way (`1.234`); a `Said` value is said in
Vietnamese too. A form that is missing or does not fit its params gives the English message:
a message is never worth a crash (a test checks every raise site against its form).
"""

from __future__ import annotations

import datetime as dt
import errno
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from . import labels
from .columns import BY_NAME
from .errors import ExpressionError, MdpovertyError, Said
from .files import WHAT_VI
from .text import one_line, quoted

Form = str | Callable[[dict[str, Any]], str]


def _yes(p: dict[str, Any], name: str) -> bool:
    return p.get(name) not in (None, "", False, "False")


VI: dict[str, Form] = {}

# how a YAML file's number not written plainly is read (yaml_strict.not_plain), in Vietnamese
_NUMBER_FORMS = {
    "a base-60 number (YAML 1.1)": "số cơ số 60 (YAML 1.1)",
    "a hexadecimal number": "số thập lục phân",
    "an octal number": "số bát phân",
    "a binary number": "số nhị phân",
    "a number with underscores": "số có dấu gạch dưới",
    "a number with a '+'": "số có dấu '+'",
    "a number in scientific notation": "số viết dạng khoa học",
    "an octal number (YAML 1.1: a leading 0)": "số bát phân (YAML 1.1: có số 0 ở đầu)",
    "a number with a point at an end": "số có dấu chấm ở đầu hoặc cuối",
}
_PERIOD_VI = {"year": "năm", "month": "tháng"}


def _income_period(column: str) -> str:
    from .columns import INCOME_PERIOD

    return INCOME_PERIOD.get(column, column)


def _period_vi(period: str) -> str:
    return _PERIOD_VI.get(period, period)


# what a name of an indicator is (standard.loader.mark_names), in Vietnamese
_MARK_WHAT = {"id": "mã", "label": "nhãn", "mark header": "tiêu đề dấu thiếu hụt"}


def _vi_value(value: object) -> object:
    if isinstance(value, Said):
        return said(value, labels.VI)
    if isinstance(value, int) and not isinstance(value, bool):
        return labels.count(value, labels.VI)
    if isinstance(value, dt.date):
        return labels.day(value, labels.VI)
    return value


def said(text: str, lang: str) -> str:
    """A `Said` text (or a plain one, which stays as it is) in `lang`."""
    if lang != labels.VI or not isinstance(text, Said):
        return str(text)
    return _cut_vi(_form(text.key, text.params) or str(text))


def _form(key: str | None, params: dict[str, object]) -> str | None:
    form = VI.get(key) if key else None
    if form is None:
        return None
    try:
        if isinstance(form, str):
            return form.format(**{name: _vi_value(v) for name, v in params.items()})
        # a function places numbers itself (it may compare them); Said values are said here
        return form(
            {n: said(v, labels.VI) if isinstance(v, Said) else v for n, v in params.items()}
        )
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return None


# what stands for a file in `where` when there is no file name
_FILES = {"<standard output>": "<đầu ra chuẩn>"}


_CUT = re.compile(r"\.\.\. \(([\d,]+) characters\)")


def _cut_vi(text: str) -> str:
    """`text.shorten`'s '... (200 characters)' (user text cut for a message) and the name of
    a column with no header ('(no header, column B)') in Vietnamese."""
    text = _CUT.sub(
        lambda m: f"... ({labels.count(int(m[1].replace(',', '')), labels.VI)} ký tự)", text
    )
    return labels.no_header_said(text, labels.VI)


def where(exc: MdpovertyError, lang: str) -> str:
    """Where the problem is (file, YAML path, row, column) in `lang`."""
    if lang != labels.VI:
        return exc.where
    place = exc.located("dòng", "cột")
    if exc.file in _FILES:  # what stands for a file with no name, in Vietnamese
        place = _FILES[exc.file] + place[len(exc.file) :]
    return _cut_vi(place)


def message(exc: MdpovertyError, lang: str) -> str:
    """The error's message (without where and details) in `lang`; English when it has no form."""
    if lang != labels.VI:
        return exc.message
    text = _form(exc.key, exc.params)
    if text is None:
        return exc.message
    if isinstance(exc, ExpressionError):
        text += f" (tại ký tự {exc.position + 1})"
    return _cut_vi(text)


def say(exc: MdpovertyError, lang: str) -> str:
    """The whole error as printed: where, message and detail lines, in `lang`."""
    if lang != labels.VI:
        return str(exc)
    place = where(exc, lang)
    text = message(exc, lang)
    head = f"{place}: {text}" if place else text
    return "\n".join([head, *("  " + said(d, lang) for d in exc.details)])


# ----------------------------------------------------------------------------- forms
# Each form says what its English message says, for an office: hộ, dòng, cột, tệp. Column
# names, file names, values and option names are placed as they are.


def _typed(template: str, *typed: str) -> Callable[[dict[str, Any]], str]:
    """A form whose `typed` values are an option's value as the user typed it (1500, never
    1.500); the others are placed as in any form (counts grouped: 1.500 dòng)."""

    def form(p: dict[str, Any]) -> str:
        return template.format(**{n: str(v) if n in typed else _vi_value(v) for n, v in p.items()})

    return form


def _ranked(items: list, shown: Callable[[Any], str]) -> str:
    return ", ".join(shown(i) for i in items)


def _csv_ragged(p: dict[str, Any]) -> str:
    problems = []
    lone_cr, found = p["lone_cr"], p["found"]
    if lone_cr:
        problems.append(
            "có dòng kết thúc bằng một ký tự CR đơn lẻ trong khi các dòng khác kết thúc bằng LF"
            " hoặc CRLF, nên dòng này nối liền sang dòng sau: "
            + _ranked(lone_cr, lambda r: f"dòng {r}")
            + (" (chỉ nêu 10 dòng đầu)" if len(lone_cr) >= 10 else "")
            + "; hãy lưu lại tệp với một kiểu xuống dòng"
        )
    if found or not lone_cr:
        listed = _ranked(found, lambda f: f"dòng {f[0]} có {f[1]}")
        problems.append(
            f"có dòng nhiều trường hơn {p['width']} cột của dòng tiêu đề:"
            f" {listed or '(không tìm thấy)'}"
            + (" (chỉ nêu 10 dòng đầu)" if len(found) >= 10 else "")
            + "; hãy kiểm tra dấu phân cách nằm trong một giá trị mà không có dấu ngoặc kép"
        )
    return "; ".join(problems)


def _no_required_column(p: dict[str, Any]) -> str:
    template = (
        "`mdpoverty template --members` ghi ra các tiêu đề cần có"
        if p["kind"] == "member"
        else "`mdpoverty template` ghi ra các tiêu đề cần có"
    )
    kind = "danh sách thành viên" if p["kind"] == "member" else "danh sách hộ"
    sheets = (
        f"; các trang tính của tệp: {p['sheets']} (chọn một trang bằng {p['option']})"
        if p["sheets"]
        else ""
    )
    # explainfix: another sheet that names required columns
    choose = (
        f"; trang tính {p['other']} có vẻ là {kind} (các tiêu đề {p['other_headers']} là cột"
        f" bắt buộc): hãy chọn trang đó bằng {p['choose']}"
        if p.get("other")
        else ""
    )
    return (
        f"không có cột bắt buộc nào: tệp này có vẻ không phải {kind} (các tiêu đề đầu tiên, ở"
        f" dòng {p['rows']}: {p['headers']}); {template}{sheets}{choose}"
    )


def _missing_column_detail(p: dict[str, Any]) -> str:
    text = p["name"]
    if p["label"]:
        text += f" [tiêu đề tiếng Việt: '{p['label']}']"
    if p["needed_by"]:
        text += f", chuẩn {p['needed_by']} cần cột này"
    if p["close"]:
        text += f" (có phải là {p['close']}?)"
    return text


def _formats(p: dict[str, Any]) -> str:
    """The output formats an .xlsx limit's message advises, in Vietnamese."""
    return " hoặc ".join(p["instead"])


# the reasons a file cannot be written (errno), as io/writers.py says them in English
_WRITE_REASONS = {
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EDQUOT: "đã hết hạn mức dung lượng đĩa",
    errno.EFBIG: "tệp sẽ lớn hơn mức hệ thống cho phép",
    errno.EACCES: "không có quyền ghi",
    errno.EPERM: "không có quyền ghi",
    errno.EROFS: "hệ thống tệp chỉ cho đọc",
    errno.ENOENT: "thư mục không tồn tại (hoặc không còn)",
    errno.EISDIR: "đây là một thư mục",
}

# what an output would overwrite (io/writers.check_targets, from the commands' read_files)
_WHAT = {
    "the input": "tệp dữ liệu vào",
    "the --members file": "tệp --members",
    "the --columns file": "tệp --columns",
    "a standard file": "một tệp chuẩn nghèo",
    "the previous list": "danh sách kỳ trước",
}


def _output_unknown_format(p: dict[str, Any]) -> str:
    text = (
        f"không rõ định dạng '{p['suffix']}' của {p['option']}: hãy dùng {p['formats']}"
        if p["suffix"] != "(none)"
        else f"tên tệp của {p['option']} không có phần mở rộng: hãy dùng {p['formats']}"
    )
    return text + (" hoặc - để ghi CSV ra màn hình" if p["option"] == "-o" else "")


def _quoted_or_none(value: str) -> str:
    return value if value != "'(none)'" else "(không có)"


VI.update(
    {
        # ---- input files (io/readers, io/batches, io/layout)
        "input.not_found": "không tìm thấy tệp",
        "input.folder": "đây là một thư mục, không phải một tệp",
        "input.not_a_folder": (
            "không phải thư mục: {file} là một tệp, và đường dẫn không thể đi tiếp sau một tệp;"
            " để đọc tệp đó, hãy ghi đúng đường dẫn của nó, {file}"
        ),
        "input.not_regular": lambda p: (
            f"đây là {WHAT_VI.get(p['kind'], p['kind'])}, không phải một tệp thông thường; để đọc một"
            " luồng dữ liệu, hãy ghi - và chuyển dữ liệu vào đầu vào chuẩn"
        ),
        "input.empty": "tệp rỗng",
        "input.header_reader_name": (
            "tiêu đề {header} là tên bộ đọc CSV đặt cho cột không có tiêu đề, mà tệp này có cột"
            " không có tiêu đề: hãy đổi tên nó"
        ),
        "input.looks_xlsx": (
            "tệp này có vẻ là bảng tính Excel, không phải tệp CSV: hãy đặt phần mở rộng .xlsx"
        ),
        "input.looks_parquet": "tệp này có vẻ là tệp Parquet: hãy đặt phần mở rộng .parquet",
        "input.looks_xls": (
            "đây là bảng tính .xls cũ hoặc bảng tính có mật khẩu: hãy lưu thành .xlsx không"
            " mật khẩu, hoặc thành CSV"
        ),
        "input.sheet_for_non_workbook": (
            "có chỉ định trang tính ({sheet}) cho tệp này, nhưng tệp không phải bảng tính Excel"
            " (.xlsx) nên không có trang tính"
        ),
        "input.header_row_parquet": (
            "--header-row chỉ dùng cho tệp CSV và Excel: tiêu đề của tệp Parquet là tên các cột"
        ),
        "input.unknown_type": lambda p: (
            f"không rõ loại tệp {_quoted_or_none(p['suffix'])}: hãy dùng .csv, .tsv, .xlsx"
            " hoặc .parquet"
        ),
        "input.header_line_unreadable": "không đọc được dòng tiêu đề: {reason}",
        "input.csv_unreadable": "không đọc được tệp CSV này: {reason}",
        "input.parquet_unreadable": "không đọc được tệp Parquet này: {reason}",
        "input.xlsx_unreadable": "không đọc được bảng tính này: {reason}",
        "input.xlsx_needs_fastexcel": "cần gói fastexcel để đọc tệp .xlsx",
        "input.no_such_sheet": "bảng tính không có trang {sheet} (các trang: {sheets})",
        "input.sheet_empty": "trang tính {sheet} trống",
        "input.no_header": "tệp không có dòng tiêu đề",
        "input.unknown_encoding": (
            "không rõ bảng mã {encoding} (tệp từ Windows tiếng Việt: cp1258)"
        ),
        "input.not_a_text_encoding": (
            "{encoding} không phải bảng mã văn bản (nó đổi byte thành byte); hãy cho biết bảng"
            " mã tệp đã được lưu, chẳng hạn utf-8, cp1258 hoặc utf-16"
        ),
        "input.not_valid_encoding": "tệp không phải {encoding} hợp lệ (tại byte thứ {byte})",
        "input.cannot_decode": lambda p: (
            f"không đọc được tệp theo bảng mã {p['encoding']}: {p['reason']}"
            + (
                f"; khi không có dấu thứ tự byte (BOM), hãy cho biết thứ tự: {p['option']}"
                " utf-16-le (Windows) hoặc utf-16-be"
                if p["bom"]
                else ""
            )
        ),
        "input.not_utf8": (
            "tệp không phải UTF-8 hợp lệ; nếu tệp được lưu từ Windows tiếng Việt, hãy thử"
            " {option} cp1258"
        ),
        "input.changed_while_read": "tệp đã bị thay đổi trong lúc đang đọc; hãy chạy lại lệnh",
        "input.reader_failed": (
            "polars, thư viện đọc tệp, gặp lỗi ở một giá trị của tệp ({reason}); hãy lưu lại"
            " tệp với kiểu dữ liệu đơn giản hơn (số, văn bản, ngày trong các năm 1-9999) hoặc"
            " thành CSV"
        ),
        "input.not_utf8_as": (
            "tệp không phải UTF-8 hợp lệ; nếu tệp được lưu từ Windows tiếng Việt, hãy thử"
            " {option} cp1258 (đang đọc theo {encoding})"
        ),
        "input.nul_byte": (
            "đây không phải bảng dữ liệu văn bản: dòng {line} chứa byte NUL (dữ liệu nhị phân,"
            " tệp bị hỏng, hoặc văn bản UTF-16 không có dấu thứ tự byte: khi đó hãy dùng"
            " {option} utf-16-le)"
        ),
        "input.line_too_long": (
            "dòng {line} dài hơn {mb} MB: không hộ nào có bản ghi dài như vậy, nên đây không"
            " phải bảng mỗi dòng một bản ghi (hoặc cách xuống dòng không phải LF, CRLF hay CR)"
        ),
        "input.too_many_columns": (
            "bảng có {columns} cột, nhiều hơn {limit} cột mà mdpoverty đọc (một danh sách hộ"
            " chỉ có vài chục cột)"
        ),
        "input.columns_without_header": lambda p: (
            f"cột {p['first']} và cột {p['second']} không có tiêu đề"
            + (f" (tiêu đề được đọc ở dòng {p['at']})" if p["at"] else "")
            + ": hãy đặt tiêu đề cho mọi cột có giá trị, hoặc xóa các cột trống; nếu tiêu đề nằm"
            " ở dòng khác, hãy cho biết dòng đó bằng --header-row"
        ),
        "input.header_too_long": (
            "dòng {row}, cột {column}: tiêu đề{together} {header} dài hơn {limit} ký tự mà"
            " mdpoverty đọc cho một tiêu đề (tiêu đề thật chỉ vài chục ký tự): hãy rút ngắn,"
            " hoặc chỉ rõ dòng tiêu đề bằng --header-row"
        ),
        "input.header_too_long_column": (
            "tiêu đề của cột {number}, {header}, dài hơn {limit} ký tự mà mdpoverty đọc cho"
            " một tiêu đề (tiêu đề thật chỉ vài chục ký tự)"
        ),
        "input.headers_too_long": (
            "{columns} tiêu đề của bảng có tổng cộng {total} ký tự, nhiều hơn {limit} ký tự mà"
            " mdpoverty đọc cho phần tiêu đề (tiêu đề của một bảng hộ chỉ vài nghìn ký tự): hãy"
            " rút ngắn các tiêu đề, hoặc nhãn nhóm ghi trên nhiều cột"
        ),
        "input.header_twice": "tiêu đề {header} xuất hiện hai lần (cột {first} và cột {second})",
        "input.two_headers_one_column": (
            "hai tiêu đề cùng ứng với cột {column}: {header} và một tiêu đề khác"
        ),
        "input.two_headers_one_column2": "hai tiêu đề cùng ứng với cột {column}: {first} và {second}",
        "input.headers_differ_in_case": (
            "hai tiêu đề {first} và {second} chỉ khác nhau về chữ hoa/thường, dấu hoặc khoảng"
            " trắng, mà việc nhận tiêu đề bỏ qua những khác biệt này: hãy đổi tên một cột"
            " trong tệp"
        ),
        "input.xlsx_bad_shared_string": lambda p: (
            (f"ô {p['cell']}" if p["cell"] else "một ô")
            + f" của trang {p['sheet']} trỏ tới văn bản của nó bằng một giá trị không phải số"
            " nguyên từ 0 trở lên, điều Excel không bao giờ ghi: bảng tính bị hỏng hoặc được tạo"
            " để đánh lừa; hãy mở bằng Excel hoặc LibreOffice rồi lưu lại"
        ),
        "input.xlsx_bad_reference": (
            "một ô hoặc một dòng của trang {sheet} có địa chỉ {reference}, không chỉ tới vị trí"
            " nào (địa chỉ của một ô là các chữ cái của cột rồi số dòng từ 1, như C5; của một"
            " dòng là số của nó), điều Excel không bao giờ ghi: bảng tính bị hỏng hoặc do một"
            " chương trình khác tạo; hãy mở bằng Excel hoặc LibreOffice rồi lưu lại"
        ),
        "input.xlsx_cell_too_long": lambda p: (
            (f"ô {p['cell']}" if p["cell"] else "một ô")
            + f" của trang {p['sheet']} được ghi bằng hơn {p['kb']} KB XML, dài hơn mọi ô Excel"
            " ghi: bảng tính bị hỏng hoặc được tạo để đánh lừa; hãy mở bằng Excel hoặc"
            " LibreOffice rồi lưu lại"
        ),
        "run.out_of_memory": (
            "không đủ bộ nhớ: hệ thống không cấp cho mdpoverty bộ nhớ hoặc một luồng (một giới"
            " hạn như `ulimit -v` hay của container, hoặc việc khác trên máy); classify và"
            " compare dùng khoảng 600 MB dù tệp lớn đến đâu (README, 'National scale'), với"
            " --members khoảng 900 MB ở quy mô cả nước, và polars giữ trước nhiều không gian"
            " địa chỉ hơn số nó dùng (`ulimit -v` cần vài GB); hãy giải phóng bộ nhớ hoặc nâng"
            " giới hạn, rồi chạy lại lệnh"
        ),
        "input.parquet_cell_too_long": (
            "một ô chứa hơn {kb} KB văn bản, dài hơn mọi ô một bảng hộ cần (Excel chứa tối đa"
            " 32.767 ký tự): tệp bị hỏng hoặc được tạo để đánh lừa; hãy rút ngắn ô đó, hoặc bỏ"
            " cột đó khỏi tệp"
        ),
        "input.parquet_type": (
            "cột {column} có kiểu dữ liệu mdpoverty không đọc được ({type}); hãy chuyển nó"
            " thành số hoặc văn bản có kiểu đơn giản hơn rồi lưu lại tệp"
        ),
        "input.parquet_binary_not_utf8": lambda p: (
            "một cột nhị phân của tệp Parquet này chứa byte không phải văn bản UTF-8 (các cột"
            f" nhị phân: {p['columns'] or 'không có'}); mdpoverty đọc cột nhị phân như văn bản"
        ),
        "input.xlsx_too_large": (
            "bảng tính này chiếm {mb} MB khi giải nén, nhiều hơn {limit} MB cho phép với tệp"
            " .xlsx đầu vào (tệp được đọc toàn bộ vào bộ nhớ): hãy lưu bảng thành CSV hoặc"
            " Parquet"
        ),
        "input.xlsx_zip_bomb": (
            "phần {part} của bảng tính này lớn gấp {ratio} lần khi giải nén (bảng tính thật:"
            " dưới {limit} lần): bị từ chối vì có thể là zip bomb"
        ),
        "input.xlsx_part_larger": (
            "phần {part} của bảng tính này lớn hơn mức ghi trong danh mục zip: tệp bị hỏng"
            " hoặc được tạo ra để đánh lừa"
        ),
        "input.xlsx_too_many_errors": (
            "trang tính {sheet} có {count} ô chứa lỗi Excel (#DIV/0!, #N/A, #VALUE!...), nhiều"
            " hơn {limit} ô mdpoverty phân biệt được với ô trống: hãy sửa các công thức bị lỗi,"
            " hoặc xóa các cột chứa chúng"
        ),
        "input.xlsx_styles_too_large": (
            "định dạng ô của bảng tính này không phải của Excel: phần kiểu dáng {part} nặng {mb}"
            " MB, nhiều hơn {limit} MB cho phép; tệp bị hỏng hoặc được tạo ra để đánh lừa: hãy"
            " mở bằng Excel hoặc LibreOffice rồi lưu lại, hoặc lưu bảng thành CSV"
        ),
        "input.xlsx_too_many_styles": (
            "định dạng ô của bảng tính này không phải của Excel: tệp có {count} kiểu ô, nhiều hơn"
            " mức {limit} của Excel; tệp bị hỏng hoặc được tạo ra để đánh lừa: hãy mở bằng Excel"
            " hoặc LibreOffice rồi lưu lại, hoặc lưu bảng thành CSV"
        ),
        "input.xlsx_format_too_long": (
            "định dạng ô của bảng tính này không phải của Excel: một định dạng số dài {length} ký"
            " tự, nhiều hơn mức {limit} của Excel; tệp bị hỏng hoặc được tạo ra để đánh lừa: hãy"
            " mở bằng Excel hoặc LibreOffice rồi lưu lại, hoặc lưu bảng thành CSV"
        ),
        "input.xlsx_text_too_large": (
            "trang tính {sheet} sẽ bung ra khoảng {mb} MB văn bản: các ô của nó trỏ tới văn bản"
            " dùng chung của tệp, một văn bản dài lặp lại trong nhiều ô, nhiều hơn {limit} MB một"
            " trang tính được phép (hoặc kích thước của chính nó); hãy xóa các văn bản dài (ghi chú, tài liệu dán vào) khỏi các"
            " ô của bảng, hoặc lưu bảng thành CSV"
        ),
        "input.xlsx_sparse": (
            "trang tính {sheet} trải trên {rows} dòng x {columns} cột nhưng chỉ có khoảng"
            " {cells} ô: bộ đọc sẽ phải giữ mọi ô trống ở giữa; hãy xóa các ô lạc nằm xa bảng"
            " (Ctrl+End trong Excel đến ô cuối cùng)"
        ),
        "input.xlsx_too_many_cells": (
            "trang tính {sheet} trải trên {rows} dòng x {columns} cột, nhiều hơn {limit} ô cho"
            " phép với tệp .xlsx đầu vào (bộ đọc giữ mọi ô trong vùng đó, dù trống hay không):"
            " hãy xóa các ô lạc nằm xa bảng, hoặc lưu thành CSV"
        ),
        "input.csv_ragged": _csv_ragged,
        "input.csv_bad_row": (
            'một dòng không phải văn bản CSV hợp lệ, thường do một dấu ngoặc kép (") không'
            " được đóng; dòng không được hiển thị (có thể chứa dữ liệu cá nhân)"
        ),
        "input.csv_unclosed_quote": (
            'một dấu ngoặc kép (") mở ở dòng này và không bao giờ được đóng, nên các dòng sau'
            " nó dồn thành một giá trị; hãy đóng hoặc xóa dấu ngoặc kép đó (dòng không được"
            " hiển thị: có thể chứa dữ liệu cá nhân)"
        ),
        "input.csv_unclosed_quote_head": (
            'dòng {row} mở một dấu ngoặc kép (") không được đóng trong {kb} KB đầu của tệp,'
            " nên mọi dòng sau nó được đọc thành một ô và không tìm thấy tiêu đề: hãy đóng"
            " hoặc xóa dấu ngoặc kép đó"
        ),
        "input.csv_bad_value": (
            'một giá trị không phải văn bản CSV hợp lệ, thường do một dấu ngoặc kép (") không'
            " được đóng; giá trị không được hiển thị (có thể chứa dữ liệu cá nhân)"
        ),
        "input.unreadable": "không đọc được dữ liệu vào: {reason}",
        "input.header_row_past_end": _typed("--header-row {line}: tệp chỉ có {lines} dòng", "line"),
        "input.header_row_no_record": _typed(
            "--header-row {line}: tiêu đề được tìm trong {kb} KB đầu của tệp, dòng {line} nằm"
            " ngoài phần đó",
            "line",
        ),
        "input.header_row_past_sheet": _typed(
            "--header-row {line}: trang tính chỉ có {rows} dòng", "line"
        ),
        "input.header_row_row_empty": _typed("--header-row {line}: dòng đó trống", "line"),
        "input.no_required_column": _no_required_column,
        "input.missing_columns": "thiếu {count} cột bắt buộc: {columns}",
        "input.standard_columns_absent": lambda p: (
            f"không có cột nào trong {labels.count(p['count'], labels.VI)} cột mà"
            f" {p['standards']} đọc: {p['first']}"
            + (f" và {labels.count(p['more'], labels.VI)} cột khác" if p["more"] else "")
            + f" (tiêu đề, ở dòng {p['rows']}, có {p['headers']}); tệp này dành cho chuẩn"
            " khác, hay các cột được đặt tiêu đề theo cách riêng của tệp? khi đó hãy gán các"
            " tiêu đề đó cho các tên này bằng --columns mapping.yaml"
        ),
        "input.detail.header_read_on": lambda p: (
            f"tiêu đề được đọc ở dòng {p['rows']}: mdpoverty đọc tiêu đề một dòng hoặc hai dòng"
            " (một nhãn nhóm trên tên các cột của nó); --header-row cho biết dòng đầu của tiêu"
            " đề, hoặc cả hai dòng (--header-row 4-5)"
            + ("; tiêu đề từ ba dòng trở lên: hãy giữ lại một hoặc hai dòng" if p["three"] else "")
        ),
        "input.detail.mapping_line": "  trong tệp --columns: {line}",
        "input.detail.yearly_mapping_line": (
            "  {header} là thu nhập theo năm: mdpoverty đọc nó thành thu nhập tháng = thu nhập"
            " năm / 12, chính xác, với dòng này trong tệp --columns: {line}"
        ),
        "input.detail.deprivation_marks": lambda p: (
            f"{labels.count(p['count'], labels.VI)} cột dưới {p['label']} ghi dấu thiếu hụt (x khi"
            " hộ bị thiếu hụt) nhưng không mang tên chỉ số nào của chuẩn, nên không được đọc: "
            + re.sub(
                r" and (\d+) more$",
                r" và \1 cột khác",
                p["columns"].replace("closest:", "gần nhất:"),
            )
            + f"; hãy đặt tên mỗi cột theo tên hoặc mã chỉ số, hoặc gán cột bằng --columns"
            f" ({p['example']})"
        ),
        "input.header_second_row_refused": (
            "{option}: dòng thứ hai không phải dòng tiêu đề: dòng đó trống, hoặc có ô nằm dưới một"
            " cột mà dòng đầu đã đặt tên, không nằm dưới một nhãn nhóm (ô gộp qua từ hai cột trở"
            " lên)"
        ),
        "input.header_rows_apart": "{option}: tiêu đề chỉ chiếm một dòng hoặc hai dòng liền nhau",
        "input.detail.header_elsewhere": (
            "nếu tiêu đề nằm ở dòng khác, hãy cho biết số thứ tự dòng bằng --header-row"
        ),
        "input.detail.how_to_map": (
            "có thể gán tiêu đề riêng của tệp cho các cột này bằng --columns mapping.yaml"
            " (xem README, mục 'The input')"
        ),
        "input.detail.missing_column": _missing_column_detail,
        "input.detail.mapped_header_absent": (
            "  {where} gán cho cột này tiêu đề '{header}', nhưng tệp này không có tiêu đề đó"
        ),
        "input.detail.sheets": ("các trang tính của tệp: {sheets} (chọn một trang bằng {option})"),
        # ---- the --columns mapping file (io/mapping)
        "mapping.format": (
            "tệp ánh xạ cột là một bảng YAML dạng 'tiêu đề trong tệp: tên_cột_chuẩn' (và có"
            " thể thêm 'blank_means_false: [cột, ...]')"
        ),
        "mapping.no_such_column": lambda p: (
            f"không có cột nào tên '{p['target']}'"
            + (
                f": có phải là '{p['close']}'?"
                if p["close"]
                else ": một tiêu đề ánh xạ tới một cột chuẩn (`mdpoverty template` liệt kê các"
                " cột này) hoặc một cột bổ sung của chuẩn nghèo"
            )
        ),
        "mapping.no_such_yes_no_column": lambda p: (
            f"không có cột nào tên '{p['column']}'"
            + (f": có phải là '{p['close']}'?" if p["close"] else "")
        ),
        "input.income_month_and_year": (
            "danh sách có cả thu nhập bình quân đầu người theo tháng ({month}) và theo năm"
            " ({year}): mdpoverty chỉ đọc một trong hai; hãy bỏ cột kia khỏi tệp, hoặc đặt cho"
            " nó một tiêu đề riêng (như 'Ghi chú: thu nhập năm'), không cột nào đọc tiêu đề đó"
        ),
        "mapping.household_income": (
            "'{header}' là thu nhập của cả hộ, còn {target} là thu nhập bình quân đầu người:"
            " hãy gán cho cột này một cột thu nhập bình quân đầu người (thu nhập của hộ chia"
            " cho số nhân khẩu)"
        ),
        "mapping.income_period": lambda p: (
            f"'{p['header']}' là thu nhập theo {_period_vi(p['said'])}, còn {p['target']} là"
            f" thu nhập theo {_period_vi(_income_period(p['target']))}: mdpoverty không đọc"
            f" cái này thành cái kia; hãy ánh xạ nó sang {p['instead']} ('{p['header']}':"
            f" {p['instead']}), cột mdpoverty đọc chính xác"
        ),
        "mapping.not_yes_no": lambda p: (
            f"'{p['column']}' không phải cột có/không (cột này chứa giá trị kiểu"
            f" {labels.type_word(str(p['type']), labels.VI)})"
        ),
        "mapping.blank_means_false_list": (
            "cần một danh sách các cột có/không, ví dụ 'blank_means_false: [safe_water,"
            " sanitary_latrine]'"
        ),
        "mapping.not_one_name": lambda p: (
            "mỗi tiêu đề ánh xạ tới đúng một tên cột (văn bản)"
            + (f"; có phải là tùy chọn '{p['option']}'?" if p["option"] else "")
        ),
        "mapping.misspelt_option": (
            "'{key}' không phải một tùy chọn; có phải là tùy chọn '{option}'?"
        ),
        "mapping.close_column": "không có cột nào tên '{value}': có phải là '{close}'?",
        "mapping.values_format": (
            "'values' cho biết, theo từng cột, mỗi mã và giá trị mà mã đó thay thế, trong các"
            " dòng như 'values:', '  area:', '    1: urban', '    2: rural'"
        ),
        "mapping.codes_twice": "cột '{column}' có hai lần danh sách mã",
        "mapping.too_many_codes": lambda p: (
            f"một cột có hơn {p['limit']:,} mã, giới hạn của tệp ánh xạ".replace(",", ".")
        ),
        "mapping.blank_code": (
            "ô trống không phải là một mã (với cột có/không mà ô trống nghĩa là không, hãy liệt kê"
            " cột đó trong 'blank_means_false')"
        ),
        "mapping.code_value": (
            "mỗi mã thay cho đúng một giá trị (một từ hoặc một số), ví dụ '1: urban'"
        ),
        "mapping.code_twice": (
            "mã '{code}' được cho hai lần (mã được so sánh như ô dữ liệu: bỏ qua khoảng trắng hai"
            " đầu, 1.0 là 1)"
        ),
        "mapping.codes_no_such_column": lambda p: (
            f"'{p['column']}' không phải cột mà mdpoverty đọc"
            + (f": có phải là '{p['close']}'?" if p["close"] else "")
            + " (mã được cho theo cột chuẩn hoặc cột bổ sung của chuẩn nghèo, không bao giờ cho"
            " household_id; 'class' cho nhãn phân loại của danh sách kỳ trước)"
        ),
        "mapping.class_code_value": (
            "'{value}' không phải một phân loại: nhãn của cột phân loại trong danh sách kỳ trước"
            " thay cho một trong {classes}"
        ),
        "mapping.code_yaml_boolean": (
            "YAML đọc giá trị này là đúng/sai, mà '{column}' không phải cột có/không: hãy đặt từ"
            " đó trong dấu ngoặc kép, ví dụ '1: \"yes\"'"
        ),
        "mapping.code_bad_value": (
            "'{value}' không phải giá trị của cột {column} (một ô có giá trị này sẽ bị loại:"
            " {reason}); mã '{code}' không thể thay cho giá trị đó"
        ),
        "mapping.header_twice": (
            "tiêu đề '{header}' được ánh xạ hai lần (cả ở dòng {line}; tiêu đề được so sánh"
            " không phân biệt chữ hoa/thường, dấu và khoảng trắng)"
        ),
        # ---- outputs (io/writers, io/xlsx)
        "output.writer_failed": (
            "polars, thư viện ghi tệp, gặp lỗi ở một giá trị ({reason}); một cột của tệp đầu vào"
            " chứa giá trị không ghi được: hãy lưu lại tệp đầu vào với kiểu dữ liệu đơn giản hơn"
            " (số, văn bản, ngày trong các năm 1-9999)"
        ),
        "output.cannot_write": lambda p: (
            f"không ghi được tệp này: {_WRITE_REASONS.get(p['code'], p['reason'])}"
        ),
        "output.would_overwrite": lambda p: (
            f"{p['option']} sẽ ghi đè lên {_WHAT.get(p['what'], p['what'])}; hãy chọn"
            f" {p['option']} khác"
        ),
        "output.same_file": "{option} và {other} trỏ tới cùng một tệp; hãy chọn {option} khác",
        "output.folder": "đây là một thư mục; hãy cho {option} một tên tệp",
        "output.not_a_folder": (
            "không phải thư mục: {file} là một tệp, và đường dẫn không thể đi tiếp sau một tệp;"
            " hãy cho {option} một tên tệp"
        ),
        "output.not_regular": lambda p: (
            "không phải một tệp thông thường (liên kết, thiết bị hay named pipe); hãy cho"
            f" {p['option']} đường dẫn của chính một tệp"
            + (", hoặc - để ghi ra màn hình" if p["option"] == "-o" else "")
        ),
        "output.unknown_format": _output_unknown_format,
        "output.no_folder": "thư mục của {option} không tồn tại",
        "output.exists": "tệp đã tồn tại; hãy chọn tên khác",
        "output.xlsx_too_many_columns": lambda p: (
            f"{_vi_value(p['columns'])} cột: một trang .xlsx chứa tối đa"
            f" {_vi_value(p['limit'])} cột; hãy ghi {_formats(p)}"
        ),
        "output.xlsx_too_many_rows": lambda p: (
            f"nhiều hơn {_vi_value(p['limit'])} dòng: một trang .xlsx không chứa"
            f" được nhiều hơn; hãy ghi {_formats(p)}"
        ),
        "output.xlsx_long_header": lambda p: (
            f"một tiêu đề dài {_vi_value(p['length'])} ký tự: một ô .xlsx chứa tối"
            f" đa {_vi_value(p['limit'])} ký tự; hãy ghi {_formats(p)}"
        ),
        "output.xlsx_long_text": lambda p: (
            f"một đoạn văn bản dài {_vi_value(p['length'])} ký tự"
            + (
                f" (ở dòng {_vi_value(p['sheet_row'])} của trang tính)"
                if p["sheet_row"] is not None
                else ""
            )
            + f": một ô .xlsx chứa tối đa {_vi_value(p['limit'])} ký tự (Excel"
            f" sẽ cắt bớt); hãy ghi {_formats(p)}"
        ),
        "output.xlsx_too_large": (
            "trang tính sẽ vượt quá 2 GB XML, lớn hơn mức các chương trình bảng tính mở được;"
            " hãy ghi .csv hoặc .parquet"
        ),
    }
)


def _day(value: object) -> str:
    return labels.day(value, labels.VI) if isinstance(value, dt.date) else str(value)


def _several_provinces(p: dict[str, Any]) -> str:
    listed = ", ".join(f"{name} ({labels.count(n, labels.VI)} dòng)" for name, n in p["provinces"])
    if p["more"] > 0:
        listed += f" và {labels.count(p['more'], labels.VI)} tỉnh khác"
    own = ", ".join(f"{sid} cho {province}" for sid, province in p["own"])
    return (
        f"không có --alt và dữ liệu có {labels.count(p['count'], labels.VI)} tỉnh: {listed}. Chuẩn"
        " nghèo của một tỉnh áp dụng cho các hộ của tỉnh đó, vì vậy hãy so sánh từng tỉnh một"
        " (mỗi tỉnh một tệp), hoặc dùng --alt để so sánh mọi dòng theo cùng một chuẩn"
        + (f"; có hiệu lực ngày {_day(p['on'])}: {own}" if own else "")
        + f". Các chuẩn của tỉnh có sẵn: {p['choices']}"
    )


def _reasons(errors: object, separator: str, headers: object = None) -> str:
    """A row's rejection reasons ('column:reason;...') in Vietnamese; a column named by the
    file's own header (`headers`: column -> header) when known, as classify's lines do."""
    items = []
    for item in str(errors).split(";"):
        column, _, reason = item.partition(":")
        if not reason:
            items.append(item)
            continue
        shown = column
        if isinstance(headers, dict):
            known = BY_NAME.get(column)
            shown = quoted(
                one_line(headers.get(column) or (known.vi_header if known is not None else column))
            )
        items.append(f"{shown}: {labels.reason_text(reason, labels.VI, advice=True)}")
    return separator.join(items)


_CASE_FIELDS = {
    "class": "phân loại",
    "deprived": "các chỉ số thiếu hụt",
    "deprivation_count": "số chỉ số thiếu hụt",
    "income_line": "chuẩn thu nhập",
}


def _case_value(what: str, value: object) -> str:
    """An expected or found value of a test case as an office reads it: a class by its label,
    numbers grouped by thousands (2.000.000)."""
    if what == "class":
        return labels.class_label(str(value), labels.VI)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(không có)"
    if isinstance(value, int | Decimal | Fraction) and not isinstance(value, bool):
        return labels.number(value, labels.VI)
    return str(value)


def _case_differences(p: dict[str, Any]) -> str:
    return "; ".join(
        f"{_CASE_FIELDS.get(what, what)} (kỳ vọng: {_case_value(what, want)}, kết quả:"
        f" {_case_value(what, got)})"
        for what, want, got in p["problems"]
    )


# exact.py's and Cutoff.parse's reasons for a bad number (--k), in Vietnamese
_NUMBER_REASONS = {
    "too many digits": "quá nhiều chữ số",
    "not a finite number": "không phải số hữu hạn",
    "not a number": "không phải là số",
    "division by zero": "mẫu số bằng 0",
    "a percentage is not allowed here": "không dùng tỷ lệ phần trăm ở đây",
    "not an exact number: write a fraction (1/6), a decimal (0.25)": (
        "không phải số chính xác: hãy viết phân số (1/6), số thập phân (0.25)"
    ),
    "not an exact number: write a fraction (1/6), a decimal (0.25) or a percentage (33.33%)": (
        "không phải số chính xác: hãy viết phân số (1/6), số thập phân (0,25) hoặc tỷ lệ phần"
        " trăm (33,33%)"
    ),
}


def _bad_k(p: dict[str, Any]) -> str:
    reason = str(p["reason"])
    share = re.fullmatch(r"k is a share .*, not (.*)", reason, re.S)
    if share:
        return (
            "k là một tỷ lệ của điểm thiếu hụt có trọng số, lớn hơn 0 và không quá 1 (1/3, 0,5,"
            f" 33,33%), không phải {share[1]}"
        )
    ambiguous = re.fullmatch(r"ambiguous number .*: write (.*) or (.*)", reason, re.S)
    if ambiguous:  # the decimal reading with a point: with a comma it would be as ambiguous
        return (
            f"{p['value']}: số không rõ nghĩa (dấu phân cách hàng nghìn hay dấu thập phân?):"
            f" hãy viết {ambiguous[1]} hoặc {ambiguous[2]}"
        )
    return f"{p['value']}: {_NUMBER_REASONS.get(reason, reason)}"


def _choices(p: dict[str, Any]) -> str:
    return ", ".join(
        f"{sid} ({_day(start)} – {_day(end) if end else '...'})" for sid, start, end in p["spans"]
    )


VI.update(
    {
        # ---- runs (run/), the views and the commands
        "input.no_rows": "tệp có dòng tiêu đề nhưng không có dòng dữ liệu nào",
        "input.member_file_no_rows": (
            "tệp thành viên có dòng tiêu đề nhưng không có dòng dữ liệu nào"
        ),
        "input.of_member_file": "tệp thành viên: {inner}",
        "input.roster_too_large": (
            "một hộ có hơn {limit} dòng thành viên, nhiều nhất một hộ có thể có (có lẽ tệp"
            " thành viên không phải danh sách nhân khẩu, hoặc mã hộ chưa được điền)"
        ),
        "input.option_names_no_column": (
            "{option} {name} không phải cột nào của tệp dữ liệu; các cột của tệp: {columns}"
        ),
        "input.columns_shown": lambda p: (
            p["shown"]
            + (f" và {labels.count(p['more'], labels.VI)} cột khác" if p["more"] else "")
            + (f" (gần nhất với {p['close']})" if p["close"] else "")
        ),
        "input.reserved_column": (
            "tệp dữ liệu có cột tên '{name}', một tên mdpoverty dành riêng cho mình"
        ),
        "input.column_written_by_mdpoverty": lambda p: (
            "mdpoverty ghi một cột cùng tên này vào "
            + {
                "the output": "tệp kết quả",
                "the rejects file": "tệp các dòng bị loại",
                "the member rejects file": "tệp các dòng thành viên bị loại",
            }.get(str(p["where"]), str(p["where"]))
            + "; hãy đổi tên cột này trong tệp"
        ),
        "input.detail.give_members": (
            "{columns}: chuẩn nghèo cũng tính {indicators} từ tệp thành viên: hãy cho một tệp"
            " bằng --members members.csv (mỗi người một dòng: household_id, age ...; xem"
            " README, mục 'Household members')"
        ),
        "output.two_columns_named": (
            "tệp kết quả sẽ có hai cột cùng tên '{name}'; hãy đổi tên cột đó trong tệp dữ liệu"
            " (hoặc chọn --lang khác)"
        ),
        "output.xlsx_input_too_long": (
            "tệp dữ liệu có {rows} dòng, mà một trang .xlsx chứa tối đa {limit} dòng dưới dòng"
            " tiêu đề; hãy ghi .csv hoặc .parquet"
        ),
        "output.unknown_report_format": lambda p: (
            f"không rõ định dạng báo cáo '{p['suffix']}' của -o: hãy dùng .txt (các bảng như"
            " trên màn hình), .csv (dạng bảng dọc), .json hoặc .xlsx (mỗi bảng một trang)"
        ),
        "standard.named_twice": "chuẩn nghèo '{id}' được nêu hai lần",
        "standard.members_required": (
            "{id}: các chỉ số {indicators} chỉ tính được từ thành viên của hộ: hãy cho tệp"
            " thành viên bằng --members FILE (hoặc một cột dấu thiếu hụt của danh sách cho"
            " mỗi chỉ số)"
        ),
        "cases.unknown_column": lambda p: (
            f"ca kiểm thử {p['case']}: {p['key']} không phải cột"
            f" {'thành viên' if p['kind'] == 'member' else 'hộ'} nào của chuẩn nghèo này"
            + (f" (có phải là {p['close']}?)" if p["close"] else "")
            + "; một cột viết sai khiến ca kiểm thử không kiểm tra được gì"
        ),
        "cases.reserved_column": (
            "dữ liệu vào của một ca kiểm thử có cột bắt đầu bằng '__' ({name}), tiền tố dành"
            " cho các cột làm việc của mdpoverty"
        ),
        "cases.member_gives_id": (
            "ca kiểm thử {case}: một thành viên có household_id; thành viên của một ca là của"
            " chính hộ trong ca đó, nên hãy bỏ cột này"
        ),
        "compare.same_standard": "chuẩn cơ sở và chuẩn so sánh là cùng một chuẩn ('{id}')",
        "compare.no_income_line": (
            "compare so sánh thu nhập với chuẩn thu nhập, mà chuẩn này không có income_line"
            " (một đặc tả Alkire-Foster thuần): hãy dùng classify, hoặc đo bằng"
            " `mdpoverty measures`"
        ),
        "compare.no_province_column": (
            "không có --alt và dữ liệu không có cột tỉnh; hãy chọn --alt trong: {choices}"
        ),
        "compare.province_column_empty": (
            "không có --alt và cột tỉnh của dữ liệu trống; hãy chọn --alt trong: {choices}"
        ),
        "compare.several_provinces": _several_provinces,
        "compare.choices": _choices,
        "compare.no_provincial_standard": (
            "không có --alt và không có chuẩn có sẵn nào của {province} có hiệu lực ngày {on};"
            " hãy chọn --alt trong: {choices}"
        ),
        "explain.no_income_line": (
            "explain trình bày thu nhập so với chuẩn thu nhập, mà chuẩn này không có"
            " income_line (một đặc tả Alkire-Foster thuần): hãy dùng classify"
        ),
        # explainfix: --id no row has, with the file's close ids
        "explain.no_household": lambda p: (
            f"không có hộ nào mã {p['id']} (cột {p['column']})"
            + (f" (có phải là {p['close']}?)" if p.get("close") else "")
        ),
        "explain.household_twice": "mã hộ {id} (cột {column}) xuất hiện ở các dòng {rows}",
        "measures.no_k": "không có ngưỡng k: hãy dùng --k, hoặc đặt k trong tệp chuẩn nghèo",
        "measures.too_many_indicators": (
            "measures xử lý tối đa {limit} chỉ số; chuẩn nghèo này có {count}"
        ),
        "input.weight_read_by_standard": ("--weight nêu '{name}', một cột mà chuẩn nghèo đọc"),
        "measures.weight_is_indicator_column": (
            "--weight nêu '{name}', một cột mà các chỉ số của chuẩn nghèo đọc"
        ),
        "previous.no_such_column": (
            "danh sách kỳ trước không có cột '{name}' (--previous-class); các cột: {columns}"
        ),
        "previous.which_class_column": lambda p: (
            "không xác định được cột nào của danh sách kỳ trước ghi phân loại theo"
            f" {p['id']} (đã tìm 'class_{p['id']}', 'class', 'Phân loại', 'Kết quả', mỗi tên có"
            " hoặc không có ' (mới)' hay ' (new)' phía sau); "
            + (
                f"có thể là một trong: {p['several']}"
                if p["several"]
                else f"các cột của danh sách: {p['columns']}"
            )
            + "; hãy nêu cột đó bằng --previous-class"
        ),
        "previous.class_named_twice": "--previous-class nêu cột cho {id} hai lần",
        "previous.class_for_which_standard": (
            "--previous-class {name} không cho biết cột đó được lập theo chuẩn nghèo nào, mà báo"
            " cáo có nhiều chuẩn ({ids}): hãy nêu cột cho từng chuẩn mà nó thuộc về, ví dụ"
            " {example} (chuẩn không có cột phân loại thì không có diễn biến)"
        ),
        "previous.class_standard_unsaid": (
            "cột phân loại {column} của danh sách kỳ trước không cho biết được lập theo chuẩn"
            " nghèo nào, mà báo cáo có nhiều chuẩn ({ids}): việc đổi chuẩn sẽ bị tính là diễn"
            " biến. Hãy nêu chuẩn bằng {example} (lặp lại cho chuẩn khác; chuẩn không có cột"
            " phân loại thì không có diễn biến), hoặc lập báo cáo chỉ theo chuẩn đó"
        ),
        "previous.no_id_column": (
            "danh sách kỳ trước không có cột household_id (tiêu đề tiếng Việt: 'Mã hộ')"
        ),
        "previous.no_rows": "danh sách kỳ trước có dòng tiêu đề nhưng không có dòng nào",
        "report.too_many_units": (
            "hơn {limit} đơn vị ({by}): báo cáo có một dòng cho mỗi đơn vị; có phải một cột"
            " --by là giá trị riêng của từng hộ (tên, mã)?"
        ),
        "report.ethnic_abbreviated": (
            "cột {header} có thể là ethnic_minority (Dân tộc thiểu số): cột này không được đọc"
            " như vậy; để đếm hộ dân tộc thiểu số, hãy khai báo trong tệp --columns: {line}"
        ),
        "report.too_many_units_both": (
            "danh sách này và danh sách kỳ trước cộng lại có hơn {limit} đơn vị: báo cáo có một"
            " dòng cho mỗi đơn vị; có phải một cột --by là giá trị riêng của từng hộ (tên, mã)?"
        ),
        "cli.default_choice": lambda p: (
            f"chuẩn quốc gia có hiệu lực ngày {_day(p['on'])} ("
            + (f"--as-of {p['as_of']}" if p["as_of"] else "hôm nay; chọn ngày khác bằng --as-of")
            + ")"
        ),
        "cli.named_with": "được chọn bằng {option}",
        "cli.province_choice": "là chuẩn của tỉnh có tên trong dữ liệu, có hiệu lực ngày {on}",
        "cli.detail.why_chosen": "{id}: {reason}",
        "cases.rejected": lambda p: "hộ bị loại: " + _reasons(p["errors"], "; "),
        "cases.differences": _case_differences,
        # ---- option values (a usage error, exit 2: typer writes its own first words)
        "option.not_header_rows": (
            "{value} không phải số thứ tự một dòng (5) hay hai dòng của tiêu đề (4-5)"
        ),
        "option.not_a_date": "{value} không phải ngày: hãy viết 2024-12-31 hoặc 31/12/2024",
        "option.rejects_to_stdout": "không thể ghi các dòng bị loại ra màn hình",
        "option.member_rejects_to_stdout": (
            "không thể ghi các dòng thành viên bị loại ra màn hình"
        ),
        "option.xlsx_needs_file": "báo cáo XLSX cần một tệp: hãy thêm -o bao-cao.xlsx",
        "option.format_contradicts": (
            "--format {format} mâu thuẫn với -o {output}, là tệp {suffix}: phần mở rộng đã cho"
            " biết định dạng, nên có thể bỏ --format"
        ),
        "option.members_from_stdin": (
            "tệp hộ được đọc từ đầu vào chuẩn ('-'); hãy cho tệp thành viên bằng tên tệp (đầu"
            " vào chuẩn chỉ chứa một tệp)"
        ),
        "option.stdout_has_report": lambda p: (
            "báo cáo được ghi ra màn hình: "
            + ("hãy bỏ -o" if p["option"] == "-o" else f"hãy cho {p['option']} một tên tệp")
        ),
        "option.stdout_has_report_give_file": "báo cáo được ghi ra màn hình: hãy cho một tên tệp",
        "option.bad_k": _bad_k,
        "option.no_k": (
            "thiếu --k: chuẩn nghèo '{id}' không quy định ngưỡng k; thêm, ví dụ --k 1/3"
        ),
        "option.not_a_unit": lambda p: (
            f"{quoted(p['name'])} không phải đơn vị"
            + (" (báo cáo đã chia theo thành thị / nông thôn)" if p["name"] == "area" else "")
        ),
        "option.column_named_twice": "một cột được nêu hai lần",
        "option.empty_path": "một đường dẫn rỗng (một biến shell chưa được đặt?)",
        "option.empty_value": "một giá trị rỗng (một biến shell chưa được đặt?)",
        "option.one_stdin": "chỉ một tệp dữ liệu có thể đọc từ đầu vào chuẩn",
    }
)

# ---- report --previous: --previous-class naming the previous list's id column
VI.update(
    {
        "previous.class_is_id": (
            "--previous-class nêu cột mã hộ của danh sách kỳ trước ('{name}'): hãy nêu cột ghi"
            " phân loại hộ"
        ),
    }
)


# what a reserved column name is (columns.reserved), in Vietnamese
_RESERVED_VI = {
    "a column mdpoverty adds to its output": "tên một cột mdpoverty thêm vào kết quả",
    "a column of mdpoverty's rejects files": "tên một cột của tệp các dòng bị loại",
    "how mdpoverty names a column of deprivation marks": (
        "cách mdpoverty đặt tên một cột dấu thiếu hụt"
    ),
    "how mdpoverty names a column it adds for each standard when several are run at once"
    " (class_<standard id>)": (
        "cách mdpoverty đặt tên một cột nó thêm cho mỗi chuẩn khi chạy nhiều chuẩn cùng lúc"
        " (class_<mã chuẩn>)"
    ),
}


def _standard_file_not_found(p: dict[str, Any]) -> str:
    kind = p.get("kind") or ""
    what = f"là {WHAT_VI.get(kind, kind)}, không phải tệp chuẩn nghèo" if kind else "không tồn tại"
    looked = f" (đã tìm {p['looked']})" if p["looked"] else ""
    return f"tệp chuẩn nghèo '{p['ref']}' {what}{looked}"


def _no_such_id(p: dict[str, Any]) -> str:
    hint = f"; để dùng tệp '{p['id']}', hãy viết đường dẫn của nó: ./{p['id']}" if p["hint"] else ""
    return f"không có chuẩn nghèo nào mã '{p['id']}' (các chuẩn có sẵn: {p['known']}){hint}"


def _national_in_force(p: dict[str, Any]) -> str:
    on = _day(p["on"])
    if not p["ids"]:
        return (
            f"không có chuẩn quốc gia nào có hiệu lực ngày {on}; hãy chọn một chuẩn bằng"
            " --standard (`mdpoverty standards list` liệt kê các chuẩn có sẵn)"
        )
    return (
        f"có nhiều chuẩn quốc gia cùng có hiệu lực ngày {on} ({p['ids']}); hãy"
        " chọn một chuẩn bằng --standard"
    )


VI.update(
    {
        # ---- choosing a standard (-s/--standard, --as-of, `standards validate FILE`)
        "standard.file_not_found": _standard_file_not_found,
        "standard.name_twice_in_list": (
            "'{name}' được ghi hai lần trong danh sách này (lần đầu ở mục thứ {first}): mỗi tên"
            " chỉ ghi một lần"
        ),
        "mapping.name_twice_in_list": (
            "'{name}' được ghi hai lần trong blank_means_false (lần đầu ở dòng {first}): mỗi cột"
            " chỉ ghi một lần"
        ),
        "standard.reserved_column": lambda p: (
            f"tên cột '{p['name']}' là {_RESERVED_VI.get(p['what'], p['what'])}: một cột của"
            " tệp đầu vào mang tên này sẽ bị hiểu nhầm là cột đó; hãy đặt tên khác cho cột"
        ),
        "standard.column_not_a_name": lambda p: (
            f"không biểu thức nào gọi được {p['what_vi']} '{p['name']}': một tên chỉ gồm chữ cái"
            " ASCII, chữ số và '_', không bắt đầu bằng chữ số, và không phải and, or, not, true,"
            " false" + (f"; chẳng hạn '{p['like']}'" if p["like"] else "")
        ),
        "standard.no_such_id": _no_such_id,
        "standard.national_in_force": _national_in_force,
        "standard.shipped_missing": "bản cài đặt này thiếu các chuẩn nghèo có sẵn",
        # ---- labels placed into messages where an option's name would be
        "label.the_template": "tệp mẫu",
    }
)


VI.update(
    {
        # ---- YAML files: standards, test cases and --columns mappings (standard/yaml_strict)
        "yaml.not_found": "không tìm thấy tệp",
        "yaml.folder": "đây là một thư mục, không phải một tệp",
        "yaml.not_regular": lambda p: (
            f"đây là {WHAT_VI.get(p['kind'], p['kind'])}, không phải một tệp thông thường: hãy cho đường dẫn"
            " của một tệp YAML"
        ),
        "yaml.unreadable": "không đọc được tệp: {reason}",
        "yaml.too_large": "tệp lớn hơn {limit} byte, giới hạn cho một tệp YAML",
        "yaml.not_utf8": (
            "tệp không phải UTF-8 hợp lệ (tại byte thứ {byte}): hãy lưu tệp dưới dạng UTF-8"
            " (trong Notepad: File > Save As, mục Encoding chọn UTF-8)"
        ),
        "yaml.syntax": "lỗi cú pháp YAML: {problem}",
        "yaml.key_too_long": (
            "khóa dài hơn {limit} ký tự, mức dài nhất YAML đọc được (khóa này có {length} ký tự)"
        ),
        "yaml.empty": "tệp rỗng",
        "yaml.several_documents": "tệp chứa nhiều hơn một tài liệu YAML ('---')",
        "yaml.too_deep": "dữ liệu lồng sâu hơn {limit} cấp, giới hạn cho một tệp YAML",
        "yaml.too_deep_aliases": (
            "dữ liệu lồng sâu hơn {limit} cấp (alias được tính như bản sao), giới hạn cho một"
            " tệp YAML"
        ),
        "yaml.key_not_text": "khóa của bảng YAML phải là văn bản",
        "yaml.merge_key": "không được dùng khóa gộp YAML (<<)",
        "yaml.anchor_on_key": "không được đặt anchor trên khóa của bảng",
        "yaml.duplicate_key": "khóa '{key}' bị lặp (lần đầu ở dòng {line})",
        "yaml.tag": "không được dùng thẻ YAML '{tag}'",
        "yaml.too_many_values": (
            "tệp chứa hơn {limit} giá trị (một alias được tính như bản sao của giá trị nó trỏ"
            " tới), giới hạn cho một tệp YAML"
        ),
        "yaml.too_many_aliases": "tệp dùng hơn {limit} alias, giới hạn cho một tệp YAML",
        "yaml.bad_alias": lambda p: (
            f"alias '*{p['alias']}' "
            + ("trỏ tới chính giá trị chứa nó" if p["inside"] else "chưa được định nghĩa ở trên")
        ),
        "yaml.not_plain_number": lambda p: (
            f"'{p['value']}' là "
            + _NUMBER_FORMS.get(p["form"], p["form"])
            + (
                f", YAML đọc nó là văn bản, không phải {p['plain']}"
                if p["as_text"]
                else f", YAML đọc nó là {p['plain']}"
            )
            + f": hãy viết số ở dạng thập phân thông thường ({p['plain']}), hoặc đặt văn bản"
            " trong dấu nháy"
        ),
        "yaml.not_finite": "'{value}' không phải số hữu hạn",
        "yaml.not_valid": lambda p: (
            f"'{p['value']}' không phải "
            + {"date": "ngày", "number": "số"}.get(p["kind"], "giá trị")
            + " hợp lệ"
        ),
        "yaml.number_too_long": (
            "số '{number}' có hơn {limit} chữ số trước hoặc sau dấu thập phân, giới hạn cho một"
            " tệp YAML"
        ),
        # ---- standard files, as the engine compiles them (engine/classifier)
        "standard.canonical_column": "'{name}' đã là một cột chuẩn",
        "standard.canonical_member_column": "'{name}' đã là một cột thành viên chuẩn",
        "standard.internal_column": (
            "'{name}': tên cột bắt đầu bằng '{prefix}' là của riêng mdpoverty"
        ),
        "standard.column_is_inherited_parameter": (
            "cột '{name}' trùng tên một tham số mà chuẩn này kế thừa ({at}): hãy đặt tên khác"
            " cho cột"
        ),
        "standard.parameter_is_column": "tham số '{name}' trùng tên một cột",
        "standard.parameter_is_member_column": "tham số '{name}' trùng tên một cột thành viên",
        "standard.denominator_too_large": (
            "mẫu số chung của các trọng số ({den}) quá lớn: hãy dùng phân số đơn giản hơn"
        ),
        "standard.not_a_mapping": (
            "tệp chuẩn nghèo phải là một bảng khóa-giá trị YAML (mapping: 'khóa: giá trị'),"
            " không phải danh sách hay một giá trị đơn"
        ),
        "standard.no_class_rules": (
            "chuẩn nghèo này không có quy tắc phân loại và không có k, nên không phân loại được:"
            " hãy thêm k (ngưỡng Alkire-Foster) hoặc classes vào tệp; `mdpoverty measures --k`"
            " đo được chuẩn này"
        ),
    }
)

# ---- typer's own usage errors, said by cli/usage.py when the command line has --lang vi
VI.update(
    {
        "usage.usage": "Cách dùng: {usage}",
        "usage.hint": "Chạy '{command}' để xem hướng dẫn.",
        "usage.no_such_option": "không có tùy chọn {option}",
        "usage.no_such_option_close": (
            "không có tùy chọn {option} (các tùy chọn có tên gần giống: {close})"
        ),
        "usage.lang_after_command": (
            "không có tùy chọn {option} ở vị trí này: --lang đặt sau tên lệnh, ví dụ"
            " mdpoverty classify danh-sach-ho.csv --lang vi"
        ),
        "usage.missing_argument": "thiếu {name}",
        "usage.missing_option": "thiếu tùy chọn bắt buộc {name}",
        "usage.missing_parameter": "thiếu tham số {name}",
        "usage.choose_from": "; chọn một trong các giá trị {choices}",
        "usage.invalid": "giá trị không hợp lệ: {reason}",
        "usage.invalid_for": "giá trị không hợp lệ cho {option}: {reason}",
        "usage.not_one_of": "{value} không phải là một trong các giá trị {choices}",
        "usage.requires_value": "tùy chọn {option} cần có một giá trị đi kèm",
        "usage.requires_values": "tùy chọn {option} cần có {count} giá trị đi kèm",
        "usage.takes_no_value": "tùy chọn {option} không nhận giá trị",
        "usage.extra_arguments": "thừa giá trị không dùng đến: {arguments}",
        "usage.no_such_command": "không có lệnh {command}",
        "usage.no_such_command_close": "không có lệnh {command}; có phải là {close}?",
        "usage.missing_command": "thiếu lệnh",
    }
)


def _problem_line(p: dict[str, Any]) -> str:
    """A line of a standard or case file's problems: where (file:line or 'dòng N'), the YAML
    path as written and the problem."""
    head = p["head"] or (f"dòng {p['line']}" if p["line"] else "")
    text = ": ".join(str(x) for x in (head, p["path"], p["message"]) if x)
    return text + (f" ({p['note']})" if p["note"] else "")


# ---- a standard file's (and a test-case file's) field checks (standard/problems.py); the YAML
# path, keys and values stay as written
VI.update(
    {
        "standard.problem": "{message}",
        "standard.problem_line": _problem_line,
        "standard.problems_more": "... và {count} lỗi khác",
        "standard.problems": lambda p: (
            "không phải "
            + {
                "standard file": "tệp chuẩn nghèo",
                "test-case file": "tệp các trường hợp kiểm thử",
            }.get(p["what"], "tệp")
            + f" hợp lệ ({labels.count(int(p['count']), labels.VI)} lỗi)"
        ),
        "standard.key_missing": "thiếu khóa bắt buộc {name}",
        "standard.unknown_key": "khóa {name} không hợp lệ ở vị trí này",
        "standard.unknown_key_close": "khóa {name} không hợp lệ ở vị trí này (có phải là {close}?)",
        "standard.unknown_key_keys": (
            "khóa {name} không hợp lệ ở vị trí này; các khóa dùng được ở đây: {keys}"
        ),
        "standard.unknown_key_overlay": (
            "khóa {name} chỉ dùng cho một chuẩn mở rộng chuẩn khác (có 'extends: ...')"
        ),
    }
)


# ---- a standard file's values and types (standard/problems.py, model.py, wording.py), its
# references, areas, weights and k (standard/loader.py, weights.py), and its expressions
# (engine/expressions.py): said by the error's kind and values, never by its English words.
# Ids, YAML paths, keys and the user's values stay as written.


def _or(items: list[Any]) -> str:
    """'a, b hoặc c'."""
    names = [str(i) for i in items]
    return ", ".join(names[:-1]) + " hoặc " + names[-1] if len(names) > 1 else "".join(names)


def _and(items: list[Any]) -> str:
    """'a, b và c'."""
    names = [str(i) for i in items]
    return ", ".join(names[:-1]) + " và " + names[-1] if len(names) > 1 else "".join(names)


def _close(p: dict[str, Any], quote: str = "'") -> str:
    """' (có phải là 'x'?)' when the error found a near name, else ''."""
    close = p.get("close")
    return f" (có phải là {quote}{close}{quote}?)" if close else ""


def _mapping_wanted(p: dict[str, Any]) -> str:
    lines = " (các dòng 'khóa: giá trị' thụt vào bên dưới)"
    shape = {
        "label": " gồm vi và en, ví dụ {vi: Nhà ở, en: Housing}",
        "keys": f" có các khóa {_and(p['keys'])}{lines}",
    }.get(p["shape"], lines)
    hint = f"; {p['hint']}" if p["hint"] else ""
    return f"phải là một bảng khóa-giá trị{shape}, không phải {p['value']}{hint}"


_BOUNDS = {
    "greater_than": "phải lớn hơn {limit}",
    "greater_than_equal": "không được nhỏ hơn {limit}",
    "less_than": "phải nhỏ hơn {limit}",
    "less_than_equal": "không được lớn hơn {limit}",
    "multiple_of": "phải là bội số của {limit}",
}

# an expression's kinds of value (engine.expressions.Kind), as a message names them
_KIND = {"number": "một số", "true/false": "một giá trị đúng/sai", "text": "văn bản"}


def _kind(value: object) -> str:
    return _KIND.get(str(value), str(value))


def _arity(p: dict[str, Any]) -> str:
    low, high = p["low"], p["high"]
    takes = (
        f"đúng {low}"
        if low == high
        else f"ít nhất {low}"
        if high in (None, "None", "")
        else f"từ {low} đến {high}"
    )
    return f"sai số đối số của {p['name']}(): hàm này nhận {takes} đối số"


def _inherited_note(p: dict[str, Any]) -> str:
    text = f"{p['file']} thừa hưởng phần này từ {p['parent']}"
    if p["replaced"]:
        text += f"; {p['file']} có {_and(p['replaced'])} riêng, thay cho của chuẩn gốc"
    return text


VI.update(
    {
        # a YAML value, as a message names it (wording.what)
        "value.empty": "một giá trị trống",
        "value.bool": "giá trị đúng/sai {value}",
        "value.number": "số {value}",
        "value.text": "văn bản '{value}'",
        "value.datetime": "ngày giờ {value}",
        "value.date": "ngày {value}",
        "value.list": "một danh sách",
        "value.mapping": "một bảng khóa-giá trị",
        "value.other": "một giá trị kiểu khác",
        # what an id is made of (problems._ID_RULES)
        "id_rule.underscore": "chữ thường a-z, chữ số và '_', bắt đầu bằng một chữ cái",
        "id_rule.hyphen": "chữ thường a-z, chữ số và '-'",
        "id_rule.both": "chữ thường a-z, chữ số, '_' và '-', bắt đầu bằng một chữ cái",
        # a value's kind, form or range (problems._message)
        "standard.value_not_accepted": "giá trị này không được chấp nhận ở đây",
        "standard.not_accepted": "{value} không được chấp nhận ở đây",
        "standard.list_wanted": lambda p: (
            "phải là một danh sách (mỗi mục một dòng '- ', hoặc [a, b]), không phải"
            f" {p['value']}" + (f": hãy viết [{p['write']}]" if p["write"] else "")
        ),
        "standard.too_few_items": "phải có ít nhất {limit} mục",
        "standard.too_many_items": "chỉ được có nhiều nhất {limit} mục",
        "standard.text_wanted": "phải là văn bản, không phải {value}",
        "standard.text_wanted_not_bool": (
            "phải là văn bản, không phải {value}: YAML đọc yes, no, on, off, true và false là"
            " giá trị đúng/sai; hãy đặt văn bản trong dấu ngoặc kép"
        ),
        "standard.text_wanted_quoted": (
            'phải là văn bản, không phải {value}: hãy đặt trong dấu ngoặc kép, "{shown}"'
        ),
        "standard.bad_form": "'{value}' không đúng dạng của khóa này",
        "standard.bad_id": lambda p: (
            f"'{p['value']}' không phải mã hợp lệ: mã chỉ gồm {p['rule']}"
            + (f"; có phải là '{p['close']}'?" if p["close"] else "")
        ),
        "standard.text_too_short": "phải dài ít nhất {limit} ký tự",
        "standard.text_too_long": "chỉ được dài nhiều nhất {limit} ký tự",
        "standard.expected_value": "phải là {expected}, không phải {value}",
        "standard.choice_wanted": lambda p: (
            f"phải là {_or(p['allowed'])}, không phải {p['value']}{_close(p)}"
        ),
        "standard.bool_wanted": "phải là true hoặc false, không phải {value}",
        "standard.number_wanted": "phải là một số, không phải {value}",
        "standard.whole_number_wanted": "phải là một số nguyên, không phải {value}",
        "standard.number_grouped": (
            "'{written}' được YAML đọc là văn bản, không phải số: số trong YAML viết liền, không có"
            " dấu phân cách hàng nghìn, ví dụ {digits}"
        ),
        "standard.number_grouped_comma": (
            "'{written}' được YAML đọc là văn bản, không phải số: số trong YAML viết liền, không có"
            " dấu phân cách hàng nghìn, ví dụ {digits}, hoặc {decimal} nếu dấu phẩy là dấu thập"
            " phân"
        ),
        "standard.number_with_unit_grouped": (
            "'{written}' được YAML đọc là văn bản, không phải số: hãy chỉ ghi con số, không kèm đơn"
            " vị hay dấu phân cách hàng nghìn, ví dụ {digits}"
        ),
        "standard.number_with_unit": (
            "'{written}' được YAML đọc là văn bản, không phải số: hãy chỉ ghi con số, không kèm đơn vị"
        ),
        "standard.number_quoted": (
            "'{written}' nằm trong dấu ngoặc kép nên YAML đọc là văn bản: hãy bỏ dấu ngoặc kép"
        ),
        "standard.date_no_time": "phải là ngày, không kèm giờ, ví dụ {day}",
        "standard.date_year_first": (
            "'{value}' không phải ngày mà YAML đọc được: hãy viết năm trước, {day}"
        ),
        "standard.date_wanted": (
            "phải là ngày viết theo năm-tháng-ngày, ví dụ 2022-01-01, không phải {value}"
        ),
        "standard.out_of_bounds": lambda p: (
            _BOUNDS.get(p["bound"], "không hợp lệ so với {limit}").format(limit=p["limit"])
            + f", không phải {p['value']}"
        ),
        "standard.mapping_wanted": _mapping_wanted,
        # the models' own checks (model.py)
        "standard.finite_number_wanted": "phải là số hữu hạn",
        "standard.parameter_digits": (
            "một tham số có nhiều nhất {digits} chữ số trước dấu thập phân và {decimals} chữ số"
            " sau dấu thập phân"
        ),
        "standard.exact_wanted": "phải là một số hoặc một phân số như 1/6, không phải {value}",
        "standard.province_iff_provincial": (
            "chuẩn cấp tỉnh phải ghi tỉnh (province); chuẩn quốc gia thì không ghi"
        ),
        "standard.parameter_one_value": (
            "tham số không có 'by' thì có một 'value' (và không có 'values')"
        ),
        "standard.parameter_values_by": (
            "tham số có 'by' thì có 'values' cho từng nhóm (và không có 'value')"
        ),
        "standard.parameter_negative": (
            "giá trị của tham số không bao giờ âm (chuẩn thu nhập, tuổi, tỷ lệ, diện tích hay số"
            " chỉ số)"
        ),
        "standard.indicator_form": "chỉ số phải có 'deprived_when', 'from_members' hoặc cả hai",
        "standard.class_rule_form": (
            "quy tắc phân loại có 'when' hoặc 'otherwise: true' (một trong hai)"
        ),
        # a weight or k as an exact number (exact.py; --k says its own, messages' _bad_k)
        "number.not_exact_kind": "hãy viết số dưới dạng văn bản hoặc phân số, ví dụ 1/3 hoặc 0.25",
        "number.too_many_digits": (
            "quá nhiều chữ số: nhiều nhất {limit} chữ số liền nhau (số thập phân vô hạn tuần hoàn"
            " viết chính xác thành phân số: 1/12, không phải 0,08333...)"
        ),
        "number.too_long": "quá dài: một số được viết bằng nhiều nhất {limit} ký tự",
        "number.not_finite": "không phải số hữu hạn",
        "number.not_a_number": "không phải là số",
        "number.not_exact": lambda p: (
            "không phải số chính xác: hãy viết phân số (1/6), số thập phân (0.25)"
            + (" hoặc tỷ lệ phần trăm (33.33%)" if _yes(p, "percent") else "")
        ),
        "number.division_by_zero": "mẫu số bằng 0",
        "number.no_percentage": "không dùng tỷ lệ phần trăm ở đây",
        # weights and k (weights.py)
        "standard.weights_some": (
            "có chỉ số có trọng số và {count} chỉ số không có ({ids}): hãy cho mọi chỉ số một"
            " trọng số, hoặc không cho chỉ số nào để dùng trọng số mặc định (chia đều theo"
            " chiều, rồi theo chỉ số trong mỗi chiều)"
        ),
        "standard.weight_not_exact": "{reason}",
        "standard.weight_negative": ("trọng số phải lớn hơn 0 và không quá 1: {value} là số âm"),
        "standard.weight_range": "trọng số phải lớn hơn 0 và không quá 1, không phải {value}",
        "standard.weights_relative": (
            "trọng số là phần của 1, còn đây là trọng số tương đối có tổng {total} ({weights}):"
            " hãy chia mỗi trọng số cho {total} (trọng số 1 thành 1/{total})"
        ),
        "standard.weights_total": lambda p: (
            f"tổng các trọng số là {p['total']} ({p['decimal']}),"
            f" {'lớn' if _yes(p, 'more') else 'nhỏ'} hơn 1 đúng {p['difference']}: {p['weights']}"
        ),
        "standard.k_not_exact": "{reason}",
        "standard.k_negative": (
            "k là một tỷ lệ của điểm thiếu hụt có trọng số, lớn hơn 0 và không quá 1: {value} là"
            " số âm"
        ),
        "standard.k_range": (
            "k là một tỷ lệ của điểm thiếu hụt có trọng số, lớn hơn 0 và không quá 1, không phải"
            " {value}"
        ),
        # references, areas, dimensions and class rules (loader._check_references)
        "standard.unknown_reference": lambda p: (
            f"không có nguồn '{p['id']}'{_close(p)}: một nguồn (reference) là mã của một mục"
            " trong 'references'"
        ),
        "standard.unknown_area": lambda p: (
            f"không rõ khu vực '{p['area']}'{_close(p)}: giá trị theo khu vực ghi đúng rural"
            " (nông thôn) và urban (thành thị)"
        ),
        "standard.area_missing": ("giá trị theo khu vực phải ghi đủ {areas}; còn thiếu {missing}"),
        "standard.indicator_twice": "chỉ số '{id}' được định nghĩa hai lần",
        "standard.unknown_dimension": lambda p: (
            f"không rõ chiều '{p['id']}'{_close(p)}: các chiều là {_or(p['dimensions'])}"
        ),
        "standard.otherwise_not_last": "'otherwise' phải là quy tắc phân loại cuối cùng",
        "standard.last_rule_not_otherwise": (
            "quy tắc phân loại cuối cùng phải là 'otherwise: true', để hộ nào cũng được phân loại"
        ),
        "standard.valid_to_before": "valid_to (ngày hết hiệu lực) trước valid_from (ngày có hiệu lực)",
        # a standard that extends another (loader._merge, _load_path, _place)
        "standard.inherited_note": _inherited_note,
        "standard.extended_by": "tệp này là tệp mà 'extends' tại {file}:{line} trỏ tới",
        "standard.not_a_parent_parameter": lambda p: (
            f"'{p['name']}' không phải tham số của {p['parent']}{_close(p)}: 'parameters' ở đây"
            " sửa các tham số của chuẩn gốc; tham số mới ghi trong 'add_parameters'"
        ),
        "standard.parent_parameter_added": (
            "'{name}' đã là tham số của {parent}: để sửa, hãy ghi nó trong 'parameters'"
        ),
        "standard.remove_unknown_indicator": lambda p: (
            f"remove_indicators nêu '{p['id']}', nhưng {p['parent']} không có chỉ số này"
            + _close(p)
        ),
        "standard.indicator_given_twice": "chỉ số '{id}' được ghi hai lần (lần đầu ở {first})",
        "standard.not_a_parent_indicator": lambda p: (
            f"'{p['id']}' không phải chỉ số của {p['parent']}{_close(p)}: 'indicators' ở đây"
            " sửa các chỉ số của chuẩn gốc; chỉ số mới ghi trong 'add_indicators'"
        ),
        "standard.parent_indicator_added": (
            "'{id}' đã là chỉ số của {parent}: để sửa, hãy ghi nó trong 'indicators'"
        ),
        "standard.indicator_changed_and_removed": (
            "chỉ số '{id}' vừa được sửa ở đây vừa bị bỏ trong remove_indicators"
        ),
        "standard.extends_too_long": (
            "chuỗi 'extends' bắt đầu từ {file} dài hơn {limit} chuẩn nghèo, mức giới hạn"
        ),
        "standard.extends_cycle": "'extends' tạo thành một vòng: {files}",
        # expressions (engine/expressions.py); the position is added as (tại ký tự N)
        "expression.unexpected_character": lambda p: (
            f"ký tự '{p['char']}' không dùng được trong biểu thức"
            + (f": {p['hint']}" if p["hint"] else "")
        ),
        "expression.hint.equals": "để so sánh bằng, hãy viết ==",
        "expression.hint.attribute": "biểu thức không có phép lấy thuộc tính bằng dấu chấm",
        "expression.hint.indexing": "biểu thức không có phép lấy phần tử bằng [ ]",
        "expression.hint.and": "hãy viết 'and'",
        "expression.hint.or": "hãy viết 'or'",
        "expression.hint.not": "hãy viết 'not'",
        "expression.too_long": "biểu thức dài hơn {limit} ký tự, mức giới hạn",
        "expression.too_long_has": (
            "biểu thức dài hơn {limit} ký tự, mức giới hạn (biểu thức này có {length} ký tự)"
        ),
        "expression.too_deep": (
            "biểu thức lồng sâu hơn {limit} cấp, mức giới hạn (mỗi cặp ngoặc, lời gọi hàm, not,"
            " dấu trừ đứng trước và mỗi phép toán trong một chuỗi đều tính một cấp)"
        ),
        "expression.too_many_terms": (
            "biểu thức có hơn {limit} thành phần (tên, số, văn bản), mức giới hạn"
        ),
        "expression.expected": "cần '{wanted}' ở vị trí này, nhưng gặp '{token}'",
        "expression.expected_at_end": "cần '{wanted}' ở vị trí này, nhưng biểu thức đã kết thúc",
        "expression.unexpected": "'{token}' không hợp lệ ở vị trí này",
        "expression.unexpected_end": "biểu thức kết thúc khi chưa viết xong",
        "expression.empty": "biểu thức để trống",
        "expression.too_large": (
            "biểu thức này khi tính sẽ cần hơn {limit} phép toán, mức giới hạn: hãy lồng ít"
            " min()/max() hơn, hoặc chia cho cột ít lần hơn"
        ),
        "expression.unknown_name": lambda p: (
            f"không rõ tên '{p['name']}'" + (f" (có phải là {p['close']}?)" if p["close"] else "")
        ),
        "expression.by_area_in_aggregate": (
            "'{name}' có giá trị theo khu vực, là giá trị của hộ: không đọc được bên trong một"
            " hàm tổng hợp theo thành viên (hãy so sánh kết quả của hàm tổng hợp với nó ở bên"
            " ngoài)"
        ),
        "expression.unsupported": "biểu thức không được hỗ trợ",
        "expression.division_by_zero": (
            "phép chia cho 0: số mà '/' chia cho bằng 0 với mọi hộ, nên kết quả không bao giờ"
            " xác định được; hãy chia cho một giá trị khác 0"
        ),
        "expression.division_by_zero_in_area": (
            "phép chia cho 0: số mà '/' chia cho bằng 0 ở khu vực {areas} (giá trị của một tham"
            " số ở đó), nên kết quả không bao giờ xác định được với các hộ ở đó; hãy cho tham số"
            " một giá trị khác 0 ở đó, hoặc chia cho giá trị khác"
        ),
        "expression.overflow": (
            "phép tính này có thể vượt quá phạm vi số nguyên chính xác 128 bit với dữ liệu hợp lệ"
            " (số nguyên đến 15 chữ số, tiền và m2 tính đến hai chữ số thập phân): hãy nhân ít"
            " giá trị với nhau hơn"
        ),
        "expression.overflow_number": lambda p: (
            "phép tính này có thể vượt quá phạm vi số nguyên chính xác 128 bit (2^127 - 1) với dữ"
            " liệu hợp lệ (số nguyên đến 15 chữ số, tiền và m2 tính đến hai chữ số thập phân) vì"
            f" số quá dài {p['numbers']}: hãy viết "
            + ("số này" if p["count"] == 1 else "các số này")
            + " với ít chữ số hơn"
        ),
        "expression.number_too_large": (
            "số {number} quá lớn để tính chính xác: một số trong biểu thức không vượt quá"
            " {limit} (2^127 - 1)"
        ),
        "expression.number_too_fine": (
            "số {number} có quá nhiều chữ số thập phân để tính chính xác: hãy viết với nhiều nhất"
            " {places} chữ số thập phân"
        ),
        "expression.number_too_long": (
            "số {number} có quá nhiều chữ số để tính chính xác: viết liền không có dấu thập phân,"
            " một số trong biểu thức không vượt quá {limit} (2^127 - 1)"
        ),
        "expression.needs": lambda p: (
            f"{p['what']} cần {_kind(p['wanted'])}, không phải {_kind(p['got'])}"
        ),
        "expression.cannot_compare": lambda p: (
            f"không so sánh được {_kind(p['left'])} với {_kind(p['right'])}"
        ),
        "expression.order_needs_numbers": lambda p: (
            f"'{p['op']}' cần số, không phải {_kind(p['got'])}"
        ),
        "expression.deprived_outside_classes": (
            "deprived() chỉ dùng được trong các quy tắc phân loại (classes)"
        ),
        "expression.deprived_argument": (
            'deprived() nhận mã của một chỉ số, đặt trong dấu ngoặc kép: deprived("water")'
        ),
        "expression.unknown_indicator": "không có chỉ số mã '{id}' (các chỉ số: {known})",
        "expression.unknown_function": "không có hàm '{name}' (các hàm có: {known})",
        "expression.arity": _arity,
        "expression.nested_aggregate": (
            "không lồng được hàm tổng hợp: {name}() nằm trong một hàm tổng hợp khác"
        ),
        "expression.aggregate_outside_members": (
            "{name}() tổng hợp theo các thành viên của hộ: chỉ dùng được trong from_members của"
            " một chỉ số"
        ),
        "expression.aggregate_needs": lambda p: (
            f"{p['name']}() cần {_kind(p['wanted'])} cho mỗi thành viên, không phải"
            f" {_kind(p['got'])}"
        ),
        "expression.aggregate_division": (
            "{name}() nhận một biểu thức theo thành viên không có phép chia cho một cột"
        ),
        "expression.not_text": "biểu thức phải là văn bản",
        "expression.must_give": lambda p: (
            f"biểu thức này phải cho {_kind(p['wanted'])}, nhưng lại cho {_kind(p['got'])}"
        ),
        "expression.members_without_aggregate": (
            "biểu thức from_members tổng hợp theo các thành viên của hộ: hãy dùng any(), all(),"
            " count(), share(), sum(), min() hoặc max() trên các cột thành viên"
        ),
        # a test-case file's own checks (standard/cases.py, run/cases.py)
        "cases.names_twice": "tên các ca kiểm thử phải khác nhau: {names}",
        "cases.unknown_indicator": lambda p: (
            f"ca kiểm thử {p['case']}: kỳ vọng thiếu hụt {p['id']}, nhưng {p['standard']} không"
            f" có chỉ số này" + (f" (có phải là {p['close']}?)" if p["close"] else "")
        ),
    }
)


VI.update(
    {
        # ---- lists of deprivation marks (io/marks, run/marks)
        "marks.note.read": (
            "các chỉ số {ids_vi} được đọc từ dấu thiếu hụt của danh sách{under_vi}: x, 1, có,"
            " yes hoặc ✓ là thiếu hụt; ô trống, 0, không hoặc no là không thiếu hụt"
        ),
        "marks.note.unread": (
            "dấu thiếu hụt của danh sách cho các chỉ số {ids_vi}{under_vi} không được đọc: chuẩn"
            " tính các chỉ số đó từ câu trả lời của hộ (hoặc từ tệp thành viên)"
        ),
        "input.detail.marks_group_one_row": (
            "{ids_vi}: một cột dấu thiếu hụt của danh sách cũng được (x khi hộ bị thiếu hụt); dòng"
            " {row} có nhãn nhóm {group}, được đọc như tiêu đề một dòng: nếu tên các chỉ số nằm"
            " ở dòng dưới, tiêu đề chiếm hai dòng: hãy dùng {option}"
        ),
        "input.detail.looks_like_marks": (
            "  {header} có vẻ là cột dấu thiếu hụt của chỉ số {id} (x khi hộ bị thiếu hụt, ngược"
            " với 'có'), không phải câu trả lời này: để đọc cột đó như vậy, hãy gán bằng"
            " --columns ('{own}: deprived:{id}')"
        ),
        "input.detail.names_indicator": (
            "  {header} nêu tên chỉ số {id}, nhưng không có gì cho biết dấu x trong cột là thiếu"
            " hụt hay ngược lại, nên cột không được đọc: hãy nói rõ bằng --columns, '{own}:"
            " {answer}' (ô là câu trả lời của hộ) hoặc '{own}: deprived:{id}' (dấu x là thiếu hụt)"
        ),
        "input.detail.indicators_named": (
            "{count} cột nêu tên một chỉ số nhưng không cho biết dấu x là thiếu hụt hay ngược lại"
            " (không có nhãn nhóm thiếu hụt như 'Các chỉ số thiếu hụt' ở trên, không có 'Thiếu"
            " hụt' trong tiêu đề), nên không được đọc: {columns}; hãy nói rõ mỗi cột chứa gì bằng"
            " --columns, '{own}: <cột câu trả lời>' (ô là câu trả lời của hộ) hoặc '{own}:"
            " deprived:{id}' (dấu x là thiếu hụt)"
        ),
        "input.detail.looks_like_marks_of_none": (
            "  {header} có vẻ là một cột dấu thiếu hụt (x khi hộ bị thiếu hụt, ngược với 'có'),"
            " không phải câu trả lời này: nếu đúng vậy, hãy gán bằng --columns ('{own}:"
            " deprived:<mã chỉ số>')"
        ),
        "input.option_repeat": (
            "{option} {name} không phải tên một cột của tệp; để nhóm theo nhiều cột, hãy lặp lại"
            " tùy chọn: {repeated}"
        ),
        "input.marks_or_answer": lambda p: (
            f"cột {p['header']} có thể đọc theo hai cách: là câu trả lời {p['target']} của hộ,"
            f" hoặc là dấu thiếu hụt của chỉ số {p['label']} ({p['id']}) mà tiêu đề của cột gọi"
            " tên (x ở đó: thiếu hụt, ngược với 'có'); danh sách này được đọc dấu thiếu hụt cho"
            f" {p['ids_vi']}, nên mdpoverty không đoán: hãy nói rõ trong tệp --columns,"
            f" '{p['own']}: deprived:{p['id']}' (dấu thiếu hụt) hoặc '{p['own']}: {p['target']}'"
            " (câu trả lời)" + (f"; cũng vậy với {p['also']}" if p.get("also") else "")
        ),
        "input.detail.size_needed": lambda p: (
            "cần household_size (Số nhân khẩu)"
            + (f" cho quy tắc của {p['rules']}, vốn đọc cột này" if p["rules"] else "")
            + (" và" if p["rules"] and p["counts"] else "")
            + (
                f" để kiểm tra các cột đếm số người ({p['counts']}), không bao giờ vượt quá"
                " số nhân khẩu"
                if p["counts"]
                else ""
            )
            + "; nếu dấu thiếu hụt của danh sách cho các chỉ số đó thì không cần cột này"
        ),
        "input.detail.answers_name_indicators": lambda p: (
            f"{p['columns']}: {'cột này được' if p['count'] == 1 else 'các cột này được'} đọc là"
            " câu trả lời của hộ, nhưng tiêu đề cũng gọi tên một chỉ số; nếu các cột trên được"
            " đọc là dấu thiếu hụt, mdpoverty sẽ không đoán cột nào là gì: hãy nói rõ cả"
            f" {'cột này' if p['count'] == 1 else 'các cột này'} trong tệp --columns,"
            f" '{p['own']}: deprived:{p['id']}' (dấu thiếu hụt) hoặc '{p['own']}: {p['target']}'"
            " (câu trả lời)"
        ),
        "input.detail.marks_would_do": (
            "{ids_vi}: một cột dấu thiếu hụt của danh sách cũng được (x khi hộ bị thiếu hụt), dưới"
            " một nhãn nhóm như 'Các chỉ số thiếu hụt' và mang tên chỉ số (ví dụ '{label}'),"
            " hoặc có tiêu đề 'Thiếu hụt {label}' hay 'deprived_{first}' (xem README, 'Lists of"
            " deprivation marks')"
        ),
        "input.mark_rule_differs": (
            "chỉ số {id} ({label}) được đọc từ dấu thiếu hụt của danh sách (cột {header}), nhưng"
            " {first} và {second} xác định chỉ số này theo quy tắc khác nhau (biểu thức hoặc giá"
            " trị tham số): dấu được ghi theo một quy tắc nên không dùng được cho cả hai; hãy"
            " cung cấp câu trả lời của hộ ({columns}) để mỗi chuẩn áp dụng quy tắc của mình"
        ),
        "input.two_mark_columns": "hai cột cùng ghi dấu thiếu hụt của {id}: {first} và {second}",
        "mapping.no_such_indicator": (
            "tệp ánh xạ gán {header} cho {target}, nhưng không chuẩn nào có chỉ số mã {id}"
            " (các mã có: {ids})"
        ),
        "standard.mark_header_too_long": (
            "tiêu đề dấu thiếu hụt '{name}' của {id} dài {length} ký tự, quá {limit} ký tự mà"
            " mdpoverty đọc cho một tiêu đề: hãy ghi tiêu đề như danh sách ghi"
        ),
        "standard.mark_header_control": (
            "tiêu đề dấu thiếu hụt '{name}' của {id} chứa ký tự điều khiển {char}, điều không"
            " tiêu đề nào trong danh sách có: hãy bỏ nó đi"
        ),
        "standard.mark_header_blank": (
            "một tiêu đề dấu thiếu hụt (mark_headers) của {id} để trống: hãy ghi tiêu đề như"
            " danh sách ghi, hoặc bỏ nó đi"
        ),
        "standard.mark_header_column": (
            "tiêu đề dấu thiếu hụt '{name}' của {id} là tên cột {column}: cột dấu thiếu hụt"
            " không bao giờ mang tên một cột"
        ),
        "standard.mark_name_twice": lambda p: (
            f"'{p['name']}' là tên của hai chỉ số, {p['first']} ({_MARK_WHAT.get(p['first_what'], p['first_what'])})"
            f" và {p['second']} ({_MARK_WHAT.get(p['what'], p['what'])}): một cột dấu thiếu hụt mang tên này"
            " có thể được đọc cho chỉ số nào cũng được; hãy cho mỗi chỉ số tên riêng"
        ),
        "standard.mark_name_across": (
            "các chuẩn {first} và {second} đặt tên {name} cho hai chỉ số khác nhau: {first_id}"
            " ({first}) và {second_id} ({second}); một cột dấu thiếu hụt mang tên này có thể"
            " được đọc cho chỉ số nào cũng được, nên hai chuẩn này không thể cùng đọc một danh"
            " sách dấu thiếu hụt: hãy đổi tên chỉ số trong một chuẩn"
        ),
        "input.unclear_deprivation_label": (
            "nhãn nhóm {label} nói đến thiếu hụt nhưng không rõ là dấu thiếu hụt của danh"
            " sách (nhãn có một từ ngoài các từ của nhãn thường như 'Các chỉ số thiếu hụt', mà một"
            " từ như không, chưa, not hay đạt chuẩn thì đảo nghĩa nó): dấu x dưới"
            " nhãn ({columns}) có thể là thiếu hụt hoặc không thiếu hụt, và mdpoverty không"
            " đoán. Hãy ghi rõ mỗi cột trong tệp --columns: '{header}: <cột câu trả lời>'"
            " (ô là câu trả lời của hộ) hoặc '{header}: deprived:{id}' (dấu x là thiếu hụt)"
        ),
    }
)


VI.update(
    {
        # ---- a deprivation group label whose legend says the reverse of the marks (io/marks)
        "input.legend_contradicts_marks": (
            "nhãn nhóm {label} có chú thích ghi {legend}, ngược với cách mdpoverty đọc dấu thiếu"
            " hụt của danh sách (x, 1, có, yes hoặc ✓ là thiếu hụt; ô trống, 0, không hoặc no là"
            " không thiếu hụt): các cột dưới nhãn ({columns}) không được đọc như dấu thiếu hụt."
            " Hãy ghi rõ mỗi cột trong tệp --columns: '{header}: <cột câu trả lời>' (ô là câu"
            " trả lời của hộ) hoặc '{header}: deprived:{id}' (dấu x là thiếu hụt)"
        ),
        "previous.note.rerun_column": lambda p: (
            "danh sách kỳ trước có cột phân loại mà mdpoverty thêm khi phân loại lại một danh"
            f" sách đã phân loại: phân loại theo {p['ids']} được đọc từ cột {p['taken']}, kết"
            f" quả mới nhất; cột {p['left']} không được đọc (muốn đọc cột khác, hãy nêu cột đó"
            " bằng --previous-class)"
        ),
    }
)


VI.update(
    {
        # ---- review round 8's mends (attackfix)
        "mapping.stdin": (
            "không đọc được tệp ánh xạ từ đầu vào chuẩn (stdin): hãy ghi đường dẫn của tệp YAML"
        ),
    }
)


# a column listing the deprivations by name (io.mark_list, run.marks)
VI.update(
    {
        "input.two_list_columns": lambda p: (
            f"hai cột cùng {'ghi danh sách' if p.get('what') == 'list' else 'ghi số'} chỉ số"
            f" thiếu hụt của hộ: {p['first']} và {p['second']}; mdpoverty đọc một cột và không"
            " đoán cột nào: hãy đổi tên cột kia"
            + (
                f", hoặc ghi rõ trong tệp --columns ('{p['line']}')"
                if p.get("what") == "list"
                else ""
            )
        ),
        "marks.note.list_read": (
            "các chỉ số {ids_vi} được đọc từ danh sách thiếu hụt ở cột {column}: thiếu hụt khi ô"
            " ghi tên chỉ số (nhãn, mã hoặc tiêu đề dấu thiếu hụt; các tên cách nhau bằng"
            " {separators_vi}), không thiếu hụt khi ô không ghi; ô trống là không thiếu hụt chỉ"
            " số nào"
        ),
        "marks.note.list_unread": (
            "danh sách thiếu hụt ở cột {column} không được đọc: chuẩn tính mọi chỉ số từ câu trả"
            " lời của hộ (hoặc từ tệp thành viên, hoặc các cột dấu thiếu hụt)"
        ),
    }
)


VI.update(
    {
        # ---- office files as they are (readfix): a roster with years of birth, no ages
        "input.detail.birth_not_age": (
            "{header} là năm sinh hoặc ngày sinh, không phải tuổi: mdpoverty chỉ đọc tuổi (cột"
            " Tuổi: số tuổi tròn tại thời điểm rà soát, số nguyên) và không tính tuổi từ năm"
            " sinh hay ngày sinh (chỉ có năm sinh thì không biết tuổi tròn: sinh năm 2008, năm"
            " 2024 có thể 15 hoặc 16 tuổi); hãy thêm cột Tuổi, ví dụ tính trong Excel từ ngày"
            ' sinh đầy đủ: =DATEDIF(ngày sinh;ngày rà soát;"Y")'
        ),
    }
)
