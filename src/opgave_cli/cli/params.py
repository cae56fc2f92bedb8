"""Every option and argument in the run's language, and read without pydantic.

Typer makes each parameter a ``TyperOption`` or ``TyperArgument`` and has no hook to
choose another class, so each command gives its parameters (its own, Typer's help
option and completion options too) the subclasses here when it lists them: ``adopt``,
from ``get_params``, switches the class of the object Typer made. They write the help
record themselves (the metavar, the help text, ``[default: ...; required]``) in the
language in use, and read the plain kinds (text, numbers, flags, paths, and lists of
them) themselves: Typer builds a pydantic ``TypeAdapter`` for each parameter
it reads (importing pydantic and building them costs 20-100 ms at every start) and
words its errors in pydantic's terms ("Input should be a valid integer"). A kind not
read here falls back to Typer's own reading (``tests/test_cli_i18n.py`` holds every
parameter of the app to the plain kinds).
"""

import os
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args, get_origin

import typer
from typer.core import TyperArgument, TyperOption

from ..i18n import N_, _

if TYPE_CHECKING:
    from typer._click.core import Context  # typer.Context is a subclass


class Worded(typer.BadParameter):
    """A usage error already in the words of the command line and the language in use:
    shown as it is (not as "Invalid value for ...: ")."""

    def __init__(self, message: str, ctx: "Context | None" = None) -> None:
        super().__init__(message, ctx)

    def format_message(self) -> str:
        return self.message


# The value of an option that takes one, where the option names no metavar of its own.
TYPE_LABELS: dict[type, str] = {
    str: N_("TEXT"),
    int: N_("NUMBER"),
    float: N_("NUMBER"),
    Path: N_("PATH"),
}


def _item_type(param: Any) -> Any:
    """The annotation of one value: ``int`` for ``int``, ``Path`` for ``list[Path]``."""
    annotation = param.type_descriptor.annotation
    if get_origin(annotation) is list:
        return get_args(annotation)[0]
    return annotation


def display_name(param: Any) -> str:
    """The metavar (``PARTY``) in the language in use: in the usage line, the help and the
    errors."""
    return _(param.metavar) if param.metavar is not None else str(param.name).upper()


def value_label(param: Any) -> str:
    """What an option's value is called in the help: its metavar, else its kind."""
    if param.metavar is not None:
        return _(param.metavar)
    return _(TYPE_LABELS.get(_item_type(param), N_("TEXT")))


def help_text(param: Any, ctx: "Context") -> str:
    """The help text in the language in use, with its bracketed notes: env var, default,
    range, required."""
    notes = []
    if param.show_envvar and param.envvar:
        names = param.envvar if isinstance(param.envvar, str) else ", ".join(param.envvar)
        notes.append(_("env var: {name}").format(name=names))
    if isinstance(param.show_default, str):
        notes.append(_("default: {value}").format(value=_(param.show_default)))
    elif param.show_default or ctx.show_default:
        value = _default_text(param, ctx)
        if value:
            notes.append(_("default: {value}").format(value=value))
    number_range = param._get_number_range_help_str()
    if number_range:
        notes.append(number_range)  # x>=1: no words to translate
    if param.required:
        notes.append(_("required"))
    text = _(param.help) if param.help else ""
    if notes:
        text = f"{text}  [{'; '.join(notes)}]" if text else f"[{'; '.join(notes)}]"
    return text


def process_value(
    param: Any, ctx: "Context", value: Any, typers: Callable[["Context", Any], Any]
) -> Any:
    """A parameter's value read (the plain kinds without pydantic; others by ``typers``,
    Typer's own), checked that it was given if required, and passed to its callback."""
    read = lean_reader(param)
    if read is None:
        return typers(ctx, value)
    many = param.multiple or param.nargs == -1
    if value is None:
        value = () if many else None
    elif many:
        value = [read(v, param, ctx) for v in value]
    elif not (isinstance(value, bool) and _item_type(param) is bool):
        value = read(value, param, ctx)
    if param.required and param.value_is_missing(value):
        raise Worded(missing(param), ctx)
    if param.callback is not None:
        value = param.callback(ctx, param, value)
    return value


def _default_text(param: Any, ctx: "Context") -> str:
    """The default as the help shows it (a flag that is off shows none)."""
    resilient = ctx.resilient_parsing
    ctx.resilient_parsing = True
    try:
        default = param.get_default(ctx, call=False)
    finally:
        ctx.resilient_parsing = resilient
    if default is None or callable(default):
        return ""
    if getattr(param, "is_flag", False) and not getattr(param, "secondary_opts", None):
        return ""
    if isinstance(default, (list, tuple)):
        return ", ".join(str(d) for d in default)
    if isinstance(default, Enum):
        return str(default.value)
    return str(default)


def missing(param: Any) -> str:
    """The error for a required parameter that was not given."""
    if param.param_type_name == "argument":
        return _("Missing argument {name}.").format(name=param.get_error_hint())
    return _("Missing option {name}.").format(name=param.get_error_hint())


# Single inheritance from Typer's classes (the shared code is the functions above): an
# object can take a class whose layout is its own class's.


class I18nOption(TyperOption):
    """An option whose help record and errors are in the language in use."""

    @property
    def display_name_raw(self) -> str:
        return display_name(self)

    def process_value(self, ctx: "Context", value: Any) -> Any:
        return process_value(self, ctx, value, super().process_value)

    def get_help_record(self, ctx: "Context") -> tuple[str, str] | None:
        if self.hidden:
            return None
        names = [self._names(self.opts)]
        if self.secondary_opts:
            names.append(self._names(self.secondary_opts))
        return " / ".join(names), help_text(self, ctx)

    def _names(self, opts: list[str]) -> str:
        """``-o, --output FILE``: the short names first, as click joins them."""
        joined = ", ".join(sorted(opts, key=lambda o: len(o) - len(o.lstrip("-/"))))
        if self.is_flag or self.count:
            return joined
        return f"{joined} {value_label(self)}"


class I18nArgument(TyperArgument):
    """An argument whose help record and errors are in the language in use."""

    @property
    def display_name_raw(self) -> str:
        return display_name(self)

    def process_value(self, ctx: "Context", value: Any) -> Any:
        return process_value(self, ctx, value, super().process_value)

    def get_help_record(self, ctx: "Context") -> tuple[str, str] | None:
        if self.hidden:
            return None
        name = self.display_name_raw + ("..." if self.nargs != 1 else "")
        return name, help_text(self, ctx)


def adopt(param: Any) -> Any:
    """Give a parameter that Typer made the translating class (idempotent). Typer's own
    completion option says what it did in the language in use too."""
    if type(param) is TyperOption:
        param.__class__ = I18nOption
        if param.name == "install_completion":
            param.callback = _install_completion
    elif type(param) is TyperArgument:
        param.__class__ = I18nArgument
    return param


def _install_completion(ctx: "Context", param: Any, value: Any) -> Any:
    """``--install-completion``, as Typer's, with its two lines in the language in use."""
    if not value or ctx.resilient_parsing:
        return value
    from typer._completion_shared import install

    from ..errors import Finished

    shell, path = install(shell=value if isinstance(value, str) else None)
    typer.secho(_("{shell} completion installed in {path}").format(shell=shell, path=path))
    typer.echo(_("Completion takes effect once you restart the terminal."))
    raise Finished


# --- the plain kinds -----------------------------------------------------------------

Reader = Callable[[Any, Any, "Context"], Any]
FLAG_WORDS = {"1": True, "true": True, "t": True, "yes": True, "y": True, "on": True,
              "0": False, "false": False, "f": False, "no": False, "n": False, "off": False,
              "": False}  # fmt: skip


def _text(value: Any, param: Any, ctx: "Context") -> str:
    return os.fsdecode(value) if isinstance(value, bytes) else str(value)


def _whole_number(value: Any, param: Any, ctx: "Context") -> int:
    if type(value) is int:
        return value
    text = str(value).strip()
    digits = text[1:] if text[:1] in ("+", "-") else text
    if digits.isascii() and digits.isdigit():
        return int(text)
    raise Worded(invalid(param, _("{value} is not a whole number.").format(value=repr(value))))


def _number(value: Any, param: Any, ctx: "Context") -> float:
    if type(value) in (int, float):
        return float(value)
    text = str(value).strip()
    try:
        if text.isascii():
            return float(text)
    except ValueError:
        pass
    raise Worded(invalid(param, _("{value} is not a number.").format(value=repr(value))))


def _flag(value: Any, param: Any, ctx: "Context") -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in FLAG_WORDS:
        return FLAG_WORDS[word]
    raise Worded(invalid(param, _("{value} is not yes or no.").format(value=repr(value))))


def _path(value: Any, param: Any, ctx: "Context") -> Path:
    path = Path(os.fsdecode(value))
    # Typer's default for a path (readable=True): one that exists must be readable.
    if path.exists() and not os.access(path, os.R_OK):
        raise Worded(invalid(param, _("{path} cannot be read.").format(path=repr(str(path)))))
    return path


def invalid(param: Any, reason: str) -> str:
    """``Invalid value for '--year': 'x' is not a whole number.``"""
    name = param.get_error_hint()
    return _("Invalid value for {name}: {reason}").format(name=name, reason=reason)


READERS: dict[Any, Reader] = {
    str: _text,
    int: _whole_number,
    float: _number,
    bool: _flag,
    Path: _path,
}


def lean_reader(param: Any) -> Reader | None:
    """The reader of this parameter's values, or None where Typer's own must read them
    (a choice, a file, a tuple, a number range, a parser of its own, a path with checks)."""
    descriptor = param.type_descriptor
    info = descriptor.parameter_info
    read = READERS.get(_item_type(param))
    if read is None or descriptor.is_tuple or descriptor.is_file or info.parser is not None:
        return None
    if info.min is not None or info.max is not None:
        return None
    if read is _path and not _plain_path(info):
        return None
    return read


def _plain_path(info: Any) -> bool:
    """A path that Typer only turns into a Path (readable if it exists)."""
    return (
        not info.exists and info.file_okay and info.dir_okay and not info.writable
        and not info.resolve_path and not info.allow_dash and info.path_type is None
    )  # fmt: skip
