"""typer's own usage errors (an unknown option, a missing argument, a value not among an
option's choices...) in the run's language.

typer (its click) writes these itself, before a command's code runs. With `--lang vi` on the
command line, the group that holds the commands catches them where they are raised and gives
typer, which prints them and exits 2, one that says itself in Vietnamese: the usage line, the
hint and the message after the project's `lỗi:`. Option names, values and commands are placed
as they were typed, each made visible as click makes them in English (a line break as \\x0a) and
so are invisible format characters (a zero-width space as \\u200b), in either language. Option
names are written bare (--as-of), what the user typed in single quotes ('b.csv'). Without
`--lang vi` typer says them as it always has.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import IO, Any

# typer vendors click (pinned to typer 0.28 in pyproject.toml); its exceptions are not exported
from typer._click import exceptions as click_errors
from typer.core import TyperGroup

from ..errors import Said
from ..labels import Lang
from ..text import visible

_META = "mdpoverty.lang"


def said(text: str, lang: str) -> str:
    """`messages.said`, imported when a usage error is said: its forms (some 1,700 lines) are
    read by no command that runs without an error."""
    from ..messages import said as say

    return say(text, lang)


def lang_of(args: Sequence[str]) -> str:
    """The language a command line asks for: its last `--lang X` or `--lang=X` (before a
    `--`, after which everything is an argument), else English."""
    lang = Lang.EN.value
    args = list(args)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            lang = args[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.partition("=")[2]
    return Lang.VI.value if lang.strip().lower() == Lang.VI.value else Lang.EN.value


def _typed(text: str) -> str:
    """A name or value as typed, its control and format characters made visible."""
    return visible(text)


def _bare(option: str) -> str:
    """An option's name as the messages write it: without click's quotes ('--as-of' -> --as-of)."""
    parts = [p.strip() for p in option.split(" / ")]
    return " / ".join(p[1:-1] if len(p) > 1 and p[0] == p[-1] == "'" else p for p in parts)


def _invisible_escaped(text: str) -> str:
    """click's English message with the format characters it leaves in (a zero-width space, a
    right-to-left mark) made visible too; its control characters it has escaped itself."""
    import unicodedata

    if all(unicodedata.category(ch) not in ("Cf", "Zl", "Zp") for ch in text):
        return text
    return "".join(
        visible(ch) if unicodedata.category(ch) in ("Cf", "Zl", "Zp") else ch for ch in text
    )


def _extras(text: str, typed: Sequence[str]) -> list[str]:
    """The extra arguments click lists as one escaped, space-joined text, found again among
    the arguments as typed (one may hold a space); the text's words when they are not."""
    found: list[str] = []
    rest = text
    for arg in typed:
        shown = visible(arg)
        if rest == shown or rest.startswith(shown + " "):
            found.append(arg)
            rest = rest[len(shown) + 1 :]
            if not rest:
                return found
    return text.split(" ")


def _hint(exc: click_errors.BadParameter) -> str | None:
    """The option or argument the error is about, as click names it ('--lang', 'input')."""
    hint: Any = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint(exc.ctx)  # type: ignore[arg-type]
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(hint)
    return None if hint is None else _bare(hint)


# what a missing argument is, by command and the argument's name; its metavar after it
_ARGUMENTS = {
    ("*", "input"): "tệp dữ liệu đầu vào",
    ("show", "standard"): "chuẩn nghèo (mã hoặc tệp YAML)",
    ("validate", "files"): "tệp chuẩn nghèo",
    ("test", "files"): "tệp các trường hợp kiểm thử",
    ("diff", "base"): "chuẩn gốc (mã hoặc tệp YAML)",
    ("diff", "alt"): "chuẩn so sánh (mã hoặc tệp YAML)",
    ("template", "output"): "tệp mẫu cần ghi",
}


def _argument(exc: click_errors.MissingParameter) -> str:
    """A missing argument in words, with its metavar ('tệp dữ liệu đầu vào (INPUT)')."""
    name = getattr(exc.param, "name", None) or ""
    command = getattr(getattr(exc.ctx, "command", None), "name", None) or ""
    what = _ARGUMENTS.get((command, name)) or _ARGUMENTS.get(("*", name))
    metavar = name.upper()
    return f"{what} ({metavar})" if what else metavar


def _choices(param: Any) -> str | None:
    choices = getattr(getattr(param, "type", None), "choices", None)
    if not choices:
        return None
    return ", ".join(repr(str(getattr(c, "value", c))) for c in choices)


_NOT_ONE_OF = re.compile(r"(?s)(.*) is not one of (.*)\.")
_REQUIRES = re.compile(r"Option (.+) requires (?:an argument|(\d+) arguments)\.")
_NO_VALUE = re.compile(r"Option (.+) does not take a value\.")
_EXTRA = re.compile(r"(?s)Got unexpected extra argument(?:\(s\)|s)? \((.*)\)")
_NO_COMMAND = re.compile(r"(?s)No such command (.+?)\.(?: Did you mean (.+)\?)?")


def _reason(message: str) -> str:
    """The part of an invalid value's message after 'Invalid value for X:' (a Said of ours, or
    click's text for a value not among an option's choices)."""
    if isinstance(message, Said):
        return said(message, Lang.VI)
    found = _NOT_ONE_OF.fullmatch(message)
    if found:
        value = _typed(found[1])
        return said(Said(message, "usage.not_one_of", value=value, choices=found[2]), Lang.VI)
    return _typed(message)


def _lang_too_early(exc: click_errors.ClickException) -> bool:
    """`mdpoverty --lang vi classify ...`: --lang given to the group, before the command."""
    return (
        isinstance(exc, click_errors.NoSuchOption)
        and exc.option_name.partition("=")[0] == "--lang"
        and exc.ctx is not None
        and exc.ctx.parent is None
    )


def vietnamese(exc: click_errors.ClickException, typed: Sequence[str] = ()) -> str:
    """The error line (without 'lỗi:') of a usage error, in Vietnamese; click's English for one
    this does not know. `typed`: the command line's arguments as typed, where click's message
    has them joined."""
    text = exc.message
    if isinstance(text, Said):  # ours, raised by a command
        return said(text, Lang.VI)
    if isinstance(exc, click_errors.NoSuchOption):
        option = _typed(exc.option_name)
        if _lang_too_early(exc):
            found = Said(text, "usage.lang_after_command", option=option)
        elif exc.possibilities:
            found = Said(
                exc.format_message(),
                "usage.no_such_option_close",
                option=option,
                close=", ".join(sorted(exc.possibilities)),
            )
        else:
            found = Said(text, "usage.no_such_option", option=option)
        return said(found, Lang.VI)
    if isinstance(exc, click_errors.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "parameter")
        name, english = _hint(exc) or "", exc.format_message()
        if kind == "argument":
            missing = said(Said(english, "usage.missing_argument", name=_argument(exc)), Lang.VI)
        elif kind == "option":
            missing = said(Said(english, "usage.missing_option", name=name), Lang.VI)
        else:
            missing = said(Said(english, "usage.missing_parameter", name=name), Lang.VI)
        choices = _choices(exc.param)
        if choices:
            missing += said(
                Said(f"; choose from {choices}", "usage.choose_from", choices=choices), Lang.VI
            )
        return missing
    if isinstance(exc, click_errors.BadParameter):
        hint = _hint(exc)
        reason = _reason(text)
        if hint is None:
            return said(Said(exc.format_message(), "usage.invalid", reason=reason), Lang.VI)
        return said(
            Said(exc.format_message(), "usage.invalid_for", option=hint, reason=reason),
            Lang.VI,
        )
    if found := _REQUIRES.fullmatch(text):
        option = _typed(_bare(found[1]))
        if found[2]:
            return said(
                Said(text, "usage.requires_values", option=option, count=int(found[2])),
                Lang.VI,
            )
        return said(Said(text, "usage.requires_value", option=option), Lang.VI)
    if found := _NO_VALUE.fullmatch(text):
        return said(Said(text, "usage.takes_no_value", option=_typed(_bare(found[1]))), Lang.VI)
    if found := _EXTRA.fullmatch(text):
        extras = ", ".join(f"'{_typed(a)}'" for a in _extras(found[1], typed))
        return said(Said(text, "usage.extra_arguments", arguments=extras), Lang.VI)
    if found := _NO_COMMAND.fullmatch(text):
        if found[2]:
            return said(
                Said(
                    text,
                    "usage.no_such_command_close",
                    command=_typed(found[1]),
                    close=_typed(found[2]),
                ),
                Lang.VI,
            )
        return said(Said(text, "usage.no_such_command", command=_typed(found[1])), Lang.VI)
    if text == "Missing command.":
        return said(Said(text, "usage.missing_command"), Lang.VI)
    return exc.format_message()


class VietnameseUsageError(click_errors.UsageError):
    """A usage error said in Vietnamese: what typer shows and exits 2 with."""

    def __init__(self, original: click_errors.UsageError, typed: Sequence[str] = ()) -> None:
        super().__init__(original.message, original.ctx)
        self.original = original
        self.typed = list(typed)

    def format_message(self) -> str:
        return vietnamese(self.original, self.typed)

    def show(self, file: IO[Any] | None = None) -> None:
        from .common import err_console, styled

        console = err_console()
        ctx = self.ctx
        if ctx is not None:
            usage = ctx.get_usage()
            if usage.startswith("Usage:"):
                usage = said(
                    Said(usage, "usage.usage", usage=_usage_words(usage[len("Usage:") :].strip())),
                    Lang.VI,
                )
            console.print(usage)
            if ctx.command.get_help_option(ctx) is not None:
                command = f"{ctx.command_path} {ctx.help_option_names[0]}"
                console.print(
                    said(Said(f"Try '{command}' for help.", "usage.hint", command=command), Lang.VI)
                )
            console.print()
        console.print(styled(("lỗi:", "bold red"), " ", self.format_message()))


# click's placeholders in a usage line; an argument's own name (INPUT) stays, as --help shows it
_USAGE_WORDS = {"[OPTIONS]": "[TÙY CHỌN]", "COMMAND": "LỆNH", "[ARGS]...": "[ĐỐI SỐ]..."}


def _usage_words(usage: str) -> str:
    """'mdpoverty [OPTIONS] COMMAND [ARGS]...' -> 'mdpoverty [TÙY CHỌN] LỆNH [ĐỐI SỐ]...'."""
    return " ".join(_USAGE_WORDS.get(word, word) for word in usage.split(" "))


def _said(
    exc: click_errors.UsageError, lang: str, typed: Sequence[str] = ()
) -> click_errors.UsageError:
    """The usage error in the command line's language."""
    if isinstance(exc, VietnameseUsageError | click_errors.NoArgsIsHelpError):
        return exc  # said already; or the help itself, asked for by giving nothing
    if lang == Lang.VI:
        return VietnameseUsageError(exc, typed)
    if isinstance(exc.message, Said):
        return exc
    if _lang_too_early(exc):
        exc.message = (
            f"{exc.message}: --lang goes after the command's name, e.g. "
            "mdpoverty classify households.csv --lang vi"
        )
    exc.message = _invisible_escaped(exc.message)
    return exc


class Group(TyperGroup):
    """The `mdpoverty` group: typer's usage errors said in the command line's --lang."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: Any = None,
        **extra: Any,
    ) -> Any:
        lang = lang_of(args)
        try:
            ctx = super().make_context(info_name, args, parent, **extra)
        except click_errors.UsageError as exc:
            raise _said(exc, lang, args) from exc
        ctx.meta[_META] = lang
        return ctx

    def invoke(self, ctx: Any) -> Any:
        typed = [*ctx._protected_args, *ctx.args]  # the command's arguments, before click parses
        try:
            return super().invoke(ctx)
        except click_errors.UsageError as exc:
            raise _said(exc, ctx.meta.get(_META, Lang.EN.value), typed) from exc
