"""The Typer app, its global options, and the helpers the commands share.

Only the `cli` package imports Typer. Heavy modules (pydantic, Rich tables)
are imported inside the commands that need them, so that `--help` and shell
completion start fast. Commands raise; the one error boundary
(``opgave_cli.boundary``) turns every way a run ends into an exit code, both
for the console script and for ``CliRunner`` (through ``OpgaveGroup.main``).
"""

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from .. import __version__, i18n, text
from ..errors import FieldError, Finished, OpgaveError, UsageError
from ..i18n import N_, _
from .commands import I18nGroup, OpgaveTyper, listing, requires_value, usage_message

if TYPE_CHECKING:
    from ..store import Change

TODAY_ENV = "OPGAVE_TODAY"
ZONE = "Europe/Amsterdam"  # the agreement's time zone: "today" is the date there

# opgave uses no pydantic plugins, and looking for them (package metadata) costs
# ~10 ms at every start; Typer switches them off for its own adapters too.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")


class OpgaveGroup(I18nGroup):
    """The app's click group. Its ``main`` runs under the one error boundary when it is
    the whole program (``standalone_mode``, as ``CliRunner`` calls it); the console
    script calls it with ``standalone_mode=False`` from inside the boundary. It chooses
    the run's language before click reads a word, so that its errors are in it too."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        def invoke() -> int:
            return self._invoke(args, prog_name, complete_var, **extra)

        if not standalone_mode:
            return invoke()
        from ..boundary import main

        main(invoke)

    def _invoke(
        self, args: Any, prog_name: str | None, complete_var: str | None, **extra: Any
    ) -> int:
        args = sys.argv[1:] if args is None else list(args)
        i18n.use(i18n.language_from(args, os.environ))
        try:
            return self._click_main(args, prog_name, complete_var, **extra)
        except OpgaveError as exc:
            raise reworded(exc) from None

    def _click_main(
        self, args: Any, prog_name: str | None, complete_var: str | None, **extra: Any
    ) -> int:
        try:
            code = super().main(
                global_options_first(list(args), strict=True),
                prog_name,
                complete_var,
                standalone_mode=False,
                **extra,
            )
        except typer.Abort:
            raise KeyboardInterrupt from None
        except typer.TyperException as exc:  # click's UsageError, BadParameter, ...
            if type(exc).__name__ == "NoArgsIsHelpError" and getattr(exc, "ctx", None):
                # No command: the help, on stderr and exit 2 as click does, since it is a
                # usage error (`opgave --help` prints it on stdout and exits 0).
                sys.stderr.write(exc.ctx.get_help() + "\n")  # type: ignore[attr-defined]
                return 2
            context = getattr(exc, "ctx", None)
            text = " ".join(usage_message(exc).split())
            if context is not None:
                text += " " + _("(see `{command} --help`)").format(command=context.command_path)
            error = UsageError(text)
            error.exit_code = exc.exit_code
            raise error from None
        if code == 130:
            # Typer turns a KeyboardInterrupt in a command into a silent exit 130; the
            # boundary gives it its line. (No command returns 130 itself.)
            raise KeyboardInterrupt
        return code if isinstance(code, int) else 0

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        if extra.get("resilient_parsing"):
            # Shell completion parses the words itself: a --data-dir after the command
            # names the folder to complete from there too.
            args = global_options_first(list(args))
        return super().make_context(info_name, args, parent, **extra)


GLOBAL_OPTIONS = ("--data-dir", i18n.OPTION)  # options of the app that take a value


def global_options_first(args: list[str], *, strict: bool = False) -> list[str]:
    """``opgave status --data-dir D`` as ``opgave --data-dir D status``: a global option
    given after the command goes where click expects it (before ``--`` only). One
    without its value stays where it is, or is a usage error where ``strict``, as is
    one given twice (which would otherwise win silently)."""
    front: list[str] = []
    rest: list[str] = []
    seen_command = False
    given: set[str] = set()
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            if strict and name in given:
                raise UsageError(_("{option} is given twice; give it once").format(option=name))
            given.add(name)
        if seen_command and name in GLOBAL_OPTIONS:
            takes = 1 if "=" in arg else 2
            if i + takes > len(args):
                if strict:
                    raise UsageError(requires_value(name))
                rest.append(arg)
                break
            front += args[i : i + takes]
            i += takes
            continue
        if not arg.startswith("-"):
            seen_command = True
        elif name in GLOBAL_OPTIONS and "=" not in arg:
            rest += args[i : i + 2]
            i += 2
            continue
        rest.append(arg)
        i += 1
    return front + rest


app = OpgaveTyper(
    name="opgave",
    cls=OpgaveGroup,
    # Nothing here names one agreement: the data names it (title, counterparty).
    help=N_(
        "Track who has signed an agreement between municipalities and their region (an "
        "opgaveovereenkomst), and what each municipality contributes."
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    # Plain help: Rich-formatted help would import Rich on every --help (issue #8).
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class State:
    data_dir: Path | None = None
    # --lang as given (None when the language came from the environment): documents
    # follow it over the agreement's own language (i18n.document_language).
    lang: str | None = None

    def resolve_data_dir(self) -> Path:
        from ..loader import find_data_dir

        return find_data_dir(self.data_dir)


def amsterdam_date(instant: datetime) -> date:
    """The date in Europe/Amsterdam at ``instant``, an aware datetime: the machine's time
    zone (``TZ``) plays no part."""
    if instant.utcoffset() is None:
        raise ValueError(f"{instant!r} has no time zone: it is no instant")
    from zoneinfo import ZoneInfo

    return instant.astimezone(ZoneInfo(ZONE)).date()


def _now() -> datetime:
    return datetime.now(UTC)


def today(now: Callable[[], datetime] = _now) -> date:
    """Today's date in Europe/Amsterdam, whatever the machine's time zone;
    OPGAVE_TODAY=YYYY-MM-DD fixes it (tests, reproducible reports), else ``now()``, the
    clock, gives the instant."""
    fixed = os.environ.get(TODAY_ENV)
    if fixed:
        return parse_date(fixed, TODAY_ENV)
    return amsterdam_date(now())


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"opgave {__version__}\n")
        raise Finished


def _lang(value: str | None) -> str | None:
    """``--lang``: nl or en (the run's language was chosen from it already)."""
    if value is not None and value not in i18n.LANGUAGES:
        raise typer.BadParameter(_("{value} is not nl or en.").format(value=repr(value)))
    return value


@app.callback()
def main_options(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            envvar="OPGAVE_DATA_DIR",
            metavar=N_("FOLDER"),
            help=N_(
                "Folder with agreement.yaml, gemeenten.yaml and payments.yaml "
                "[default: the nearest data/ at or above the current folder]."
            ),
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            i18n.OPTION,
            metavar=N_("nl|en"),
            callback=_lang,
            help=N_(
                "Language of the output: nl (Dutch) or en (English) [default: "
                "$OPGAVE_LANG, else the locale's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), "
                "else en]."
            ),
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=N_("Show the version.")),
    ] = False,
) -> None:
    ctx.obj = State(data_dir, lang)


def state(ctx: typer.Context) -> State:
    obj = ctx.find_object(State)
    return obj if obj is not None else State()


def complete_party(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion: the slugs of the parties, read without building the models, from
    the folder that ``--data-dir`` (or the environment) names."""
    from ..loader import party_slugs

    try:
        given = ctx.find_root().params.get("data_dir")
        data_dir = State(Path(given) if given else None).resolve_data_dir()
        return [s for s in party_slugs(data_dir) if s.startswith(incomplete.casefold())]
    except (OpgaveError, OSError):
        return []


def parse_date(text: str, option: str = "--date") -> date:
    """A real calendar date written as YYYY-MM-DD, else a usage error (exit 2)."""
    from ..domain.dates import read_date

    try:
        return read_date(text, option)
    except FieldError as exc:
        raise UsageError(exc.worded(option)) from None


R = TypeVar("R")


def choose(formats: Mapping[str, R], name: str, option: str = "--format") -> R:
    """The reporter called ``name`` in a command's registry, or a usage error naming them."""
    if name in formats:
        return formats[name]
    raise UsageError(
        _("{option} must be {names}, got {value}").format(
            option=option, names=listing(list(formats), _("or")), value=repr(name)
        )
    )


def format_flags(**flags: bool) -> str:
    """The format that ``--json``/``--csv`` (at most one of them) ask for, else "text"."""
    chosen = [name for name, on in flags.items() if on]
    if len(chosen) > 1:
        # TRANSLATORS: the word between the last two of a list: "a, b and c".
        options = listing(["--" + n for n in chosen], _("and"))
        raise UsageError(_("choose one of {options}").format(options=options))
    return chosen[0] if chosen else "text"


# --- the domain's errors in the words of the command line -----------------------------


def option(field: str) -> str:
    """The option of a field of the domain: ``inhabitants_at`` -> ``--inhabitants-at``."""
    return "--" + field.replace("_", "-")


def describe(exc: OpgaveError, *, column: bool = False) -> str:
    """A domain error as the command line says it: a field by its option (``column``: by
    its column in a CSV file), with what to do where an option does it."""
    from ..domain.ledger import DuplicatePayment
    from ..domain.signatures import AlreadySigned, DateRefused, ReplacementNeedsDate

    if isinstance(exc, FieldError):
        return exc.worded(exc.field if column else option(exc.field))
    if isinstance(exc, AlreadySigned):
        return _(
            "{error}; `opgave amend` corrects some of its fields, --force replaces it, "
            "`opgave unsign` removes it"
        ).format(error=exc)
    if isinstance(exc, ReplacementNeedsDate):
        return _(
            "--force replaces {party}'s signature of {date} and needs its --date (today is "
            "never taken for a replacement); `opgave amend` corrects only the fields you give"
        ).format(party=exc.party.name, date=text.day(exc.signed))
    if isinstance(exc, DateRefused) and exc.defaulted:
        return _("{error} (no --date was given, so today; give --date YYYY-MM-DD)").format(
            error=exc
        )
    if isinstance(exc, DuplicatePayment):
        return _("{error}; if this is a second payment, give it its own --reference").format(
            error=exc
        )
    return str(exc)


def reworded(exc: OpgaveError) -> OpgaveError:
    """``exc``, or an error of the same exit code in the command line's words."""
    from ..sources.csv_rows import RowsError

    if isinstance(exc, RowsError):
        return exc.worded(lambda e: describe(e, column=True))
    text = describe(exc)
    if text == str(exc):
        return exc
    error = OpgaveError(text)
    error.exit_code = exc.exit_code
    return error


def report_change(change: "Change", message: str, *, dry_run: bool) -> None:
    """What a write command prints: the diff (in a dry run), then its echo. Once the files
    are written, the run succeeds even if the echo cannot be printed."""
    from ..boundary import confirm
    from ..loader import display_name
    from ..output import Out

    landed = None
    if not dry_run and change.edits:
        files = ", ".join(display_name(e.file) for e in change.edits)
        landed = _("the change was written to {files}").format(files=files)

    def write() -> None:
        if dry_run:
            sys.stdout.write(change.diff())
        Out().print(message, soft_wrap=True)

    confirm(landed, write)
