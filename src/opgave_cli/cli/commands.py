"""Every command's help page and usage errors in the run's language.

Typer 0.29 carries its own copy of Click, without gettext: the words it prints itself
("Usage:", "Options", "Show this message and exit.", "No such option: --foo", "Missing
argument 'PARTY'.") are in English. The command classes here write the help page
themselves (usage line, help text, sections) through the catalogue; their parameters
get the translating classes of ``params``; and ``usage_message`` rewords click's own
usage errors from their attributes. ``OpgaveTyper`` makes every command and group of the
app one of these classes.
"""

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from difflib import get_close_matches
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand, TyperGroup

from ..i18n import N_, _, ngettext
from .params import I18nArgument, I18nOption, Worded, adopt, invalid, missing

if TYPE_CHECKING:
    from typer._click.core import Context
    from typer._click.formatting import HelpFormatter
    from typer.models import CommandFunctionType

OPTIONS_METAVAR = N_("[OPTIONS]")
COMMAND_METAVAR = N_("COMMAND [ARGS]...")
# Texts that Typer and Click give their own options and errors, translated by the
# catalogue where they are shown (the msgids are Typer's words).
TYPER_TEXTS = (
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("Missing command."),
)


@contextmanager
def _translated(command: Any) -> Iterator[None]:
    """``command``'s help and short help in the language in use, for the moment."""
    saved = command.help, command.short_help
    command.help = _(saved[0]) if saved[0] else saved[0]
    command.short_help = _(saved[1]) if saved[1] else saved[1]
    try:
        yield
    finally:
        command.help, command.short_help = saved


class I18nCommandMixin:
    """The help page of a command or group, in the language in use."""

    params: list[Any]
    help: str | None
    options_metavar: str | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            adopt(param)

    def get_params(self, ctx: "Context") -> list[Any]:
        return [adopt(p) for p in super().get_params(ctx)]  # type: ignore[misc]

    def parse_args(self, ctx: "Context", args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc, no-any-return]
        except typer.BadParameter:
            raise
        except typer.TyperException as exc:
            # The parser's own errors (an option without its value) know no command:
            # this one, so that they say where its help is.
            if getattr(exc, "ctx", ctx) is None:
                exc.ctx = ctx  # type: ignore[attr-defined]
            raise

    def format_usage(self, ctx: "Context", formatter: "HelpFormatter") -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), _("Usage: "))

    def collect_usage_pieces(self, ctx: "Context") -> list[str]:
        pieces = [_(self.options_metavar)] if self.options_metavar else []
        for param in self.get_params(ctx):
            pieces += param.get_usage_pieces(ctx)
        return pieces

    def format_help_text(self, ctx: "Context", formatter: "HelpFormatter") -> None:
        if self.help:
            text = inspect.cleandoc(_(self.help)).partition("\f")[0]
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def format_options(self, ctx: "Context", formatter: "HelpFormatter") -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None:
                kind = arguments if param.param_type_name == "argument" else options
                kind.append(record)
        if arguments:
            with formatter.section(_("Arguments")):
                formatter.write_dl(arguments)
        if options:
            with formatter.section(_("Options")):
                formatter.write_dl(options)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated(self):
            return super().get_short_help_str(limit)  # type: ignore[misc, no-any-return]


class I18nCommand(I18nCommandMixin, TyperCommand):
    """A command of the app."""

    def parse_args(self, ctx: "Context", args: list[str]) -> list[str]:
        # Click's "Got unexpected extra argument(s) (...)", in one form or the other.
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest: list[str] = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            raise Worded(
                ngettext(
                    "Got unexpected extra argument ({arguments})",
                    "Got unexpected extra arguments ({arguments})",
                    len(rest),
                ).format(arguments=" ".join(rest)),
                ctx,
            )
        return rest


class I18nGroup(I18nCommandMixin, TyperGroup):
    """A group of commands of the app (the app itself, ``inhabitants``)."""

    def collect_usage_pieces(self, ctx: "Context") -> list[str]:
        return [*super().collect_usage_pieces(ctx), _(COMMAND_METAVAR)]

    def format_options(self, ctx: "Context", formatter: "HelpFormatter") -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: "Context", formatter: "HelpFormatter") -> None:
        shown = [(n, c) for n in self.list_commands(ctx) if not (c := self.commands[n]).hidden]
        if shown:
            limit = formatter.width - 6 - max(len(name) for name, _c in shown)
            with formatter.section(_("Commands")):
                formatter.write_dl([(name, c.get_short_help_str(limit)) for name, c in shown])

    def resolve_command(self, ctx: "Context", args: list[str]) -> Any:
        name = args[0]
        known = self.get_command(ctx, name) is not None or (
            ctx.token_normalize_func is not None
            and self.get_command(ctx, ctx.token_normalize_func(name)) is not None
        )
        if known or ctx.resilient_parsing or name.startswith("-"):
            return super().resolve_command(ctx, args)
        text = _("No such command {name}.").format(name=repr(name))
        matches = get_close_matches(name, list(self.commands))
        if matches:
            text += " " + did_you_mean([repr(m) for m in matches])
        raise Worded(text, ctx)


class OpgaveTyper(typer.Typer):
    """A ``typer.Typer`` whose groups and commands are the translating classes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", I18nGroup)
        super().__init__(**kwargs)

    def command(
        self, *args: Any, **kwargs: Any
    ) -> "Callable[[CommandFunctionType], CommandFunctionType]":
        kwargs.setdefault("cls", I18nCommand)
        return super().command(*args, **kwargs)


# --- click's own usage errors, reworded ----------------------------------------------


def listing(items: list[str], conjunction: str) -> str:
    """``a, b or c``: ``items`` joined, the last by ``conjunction`` (``_("or")``)."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def did_you_mean(names: list[str]) -> str:
    """``Did you mean --csv or --json?``"""
    # TRANSLATORS: the word between the last two of a list: "a, b or c".
    word = _("or")
    return _("Did you mean {names}?").format(names=listing(names, word))


def _kinds(exc: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(exc).__mro__}


def _option_usage(exc: Any) -> str:
    """``Option '--date' requires an argument.`` and kin (BadOptionUsage has only its
    message to tell them apart)."""
    name, text = repr(exc.option_name), exc.message
    if text.endswith("requires an argument."):
        return requires_value(exc.option_name)
    if text.endswith("does not take a value."):
        return _("Option {name} does not take a value.").format(name=name)
    return str(text)


def requires_value(option: str) -> str:
    """``Option '--date' requires an argument.``"""
    return _("Option {name} requires an argument.").format(name=repr(option))


def usage_message(exc: Any) -> str:
    """A usage error of Typer or Click, in the language in use."""
    kinds = _kinds(exc)
    if "Worded" in kinds:
        return str(exc.format_message())
    if "NoSuchOption" in kinds:
        text = _("No such option: {name}").format(name=exc.option_name)
        if exc.possibilities:
            text += ". " + did_you_mean(sorted(exc.possibilities))
        return text
    if "BadOptionUsage" in kinds:
        return _option_usage(exc)
    param = getattr(exc, "param", None)
    if "MissingParameter" in kinds and param is not None:
        return missing(param)
    if "BadParameter" in kinds and param is not None:
        return invalid(param, str(exc.message))
    return _(str(exc.message))  # "Missing command."; else Click's words as they are


__all__ = ["I18nArgument", "I18nCommand", "I18nGroup", "I18nOption", "OpgaveTyper", "usage_message"]
