"""typer's own usage errors (an unknown option, a missing argument, a value not among an
option's choices...) in the run's language.

typer (its click) writes these itself, before a command's code runs. With `--lang vi` on the
command line, the group that holds the commands catches them where they are raised and gives
typer, which prints them and exits 2, one that says itself in Vietnamese: the usage line, the
hint and the message after the project's `lỗi:`. Option names, values and commands are placed
as they were typed. Without `--lang vi` typer says them as it always has.
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
from ..messages import said

_META = "mdpoverty.lang"


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
    return Lang.VI.value if lang == Lang.VI.value else Lang.EN.value


def _hint(exc: click_errors.BadParameter) -> str | None:
    """The option or argument the error is about, as click names it ('--lang', 'input')."""
    hint: Any = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint(exc.ctx)  # type: ignore[arg-type]
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(repr(h) for h in hint)
    return hint


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
        return said(Said(message, "usage.not_one_of", value=found[1], choices=found[2]), Lang.VI)
    return message


def vietnamese(exc: click_errors.ClickException) -> str:
    """The error line (without 'lỗi:') of a usage error, in Vietnamese; click's English for one
    this does not know."""
    text = exc.message
    if isinstance(exc, click_errors.NoSuchOption):
        if exc.possibilities:
            found = Said(
                exc.format_message(),
                "usage.no_such_option_close",
                option=exc.option_name,
                close=", ".join(sorted(exc.possibilities)),
            )
        else:
            found = Said(text, "usage.no_such_option", option=exc.option_name)
        return said(found, Lang.VI)
    if isinstance(exc, click_errors.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "parameter")
        name, english = _hint(exc) or "", exc.format_message()
        if kind == "argument":
            missing = said(Said(english, "usage.missing_argument", name=name), Lang.VI)
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
        if found[2]:
            return said(
                Said(text, "usage.requires_values", option=found[1], count=int(found[2])),
                Lang.VI,
            )
        return said(Said(text, "usage.requires_value", option=found[1]), Lang.VI)
    if found := _NO_VALUE.fullmatch(text):
        return said(Said(text, "usage.takes_no_value", option=found[1]), Lang.VI)
    if found := _EXTRA.fullmatch(text):
        return said(Said(text, "usage.extra_arguments", arguments=found[1]), Lang.VI)
    if found := _NO_COMMAND.fullmatch(text):
        if found[2]:
            return said(
                Said(text, "usage.no_such_command_close", command=found[1], close=found[2]),
                Lang.VI,
            )
        return said(Said(text, "usage.no_such_command", command=found[1]), Lang.VI)
    if text == "Missing command.":
        return said(Said(text, "usage.missing_command"), Lang.VI)
    return exc.format_message()


class VietnameseUsageError(click_errors.UsageError):
    """A usage error said in Vietnamese: what typer shows and exits 2 with."""

    def __init__(self, original: click_errors.UsageError) -> None:
        super().__init__(original.message, original.ctx)
        self.original = original

    def format_message(self) -> str:
        return vietnamese(self.original)

    def show(self, file: IO[Any] | None = None) -> None:
        from .common import err_console, styled

        console = err_console()
        ctx = self.ctx
        if ctx is not None:
            usage = ctx.get_usage()
            if usage.startswith("Usage:"):
                usage = said(
                    Said(usage, "usage.usage", usage=usage[len("Usage:") :].strip()), Lang.VI
                )
            console.print(usage)
            if ctx.command.get_help_option(ctx) is not None:
                command = f"{ctx.command_path} {ctx.help_option_names[0]}"
                console.print(
                    said(Said(f"Try '{command}' for help.", "usage.hint", command=command), Lang.VI)
                )
            console.print()
        console.print(styled(("lỗi:", "bold red"), " ", self.format_message()))


def _in_vietnamese(exc: click_errors.UsageError, lang: str) -> click_errors.UsageError:
    if lang != Lang.VI or isinstance(exc, VietnameseUsageError):
        return exc
    if isinstance(exc, click_errors.NoArgsIsHelpError):
        return exc  # the help itself, asked for by giving nothing
    return VietnameseUsageError(exc)


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
            raise _in_vietnamese(exc, lang) from exc
        ctx.meta[_META] = lang
        return ctx

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except click_errors.UsageError as exc:
            raise _in_vietnamese(exc, ctx.meta.get(_META, Lang.EN.value)) from exc
