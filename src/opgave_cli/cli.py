"""The command line: parse options, call the core, pick a renderer, map errors to exit codes.

Only this module imports Typer. Heavy modules (pydantic, Rich tables) are
imported inside the commands that need them, so that `--version`, `--help`
and shell completion start fast.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from . import __version__
from .errors import DataError, OpgaveError, UsageError

TODAY_ENV = "OPGAVE_TODAY"

app = typer.Typer(
    name="opgave",
    help="Track who has signed the GMR Opgaveovereenkomst Productieve regio 2023-2024, "
    "and what each municipality contributes.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class State:
    data_dir: Path | None = None

    def resolve_data_dir(self) -> Path:
        from .loader import find_data_dir

        return find_data_dir(self.data_dir)


def today() -> date:
    """Today's date; OPGAVE_TODAY=YYYY-MM-DD fixes it (tests, reproducible reports)."""
    fixed = os.environ.get(TODAY_ENV)
    if not fixed:
        return date.today()
    try:
        return date.fromisoformat(fixed)
    except ValueError:
        raise UsageError(f"{TODAY_ENV}={fixed!r} is not a date as YYYY-MM-DD") from None


F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(command: F) -> F:
    """The one error boundary: an expected error is one line on stderr and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DataError as exc:
            errors = [p for p in exc.problems if p.severity == "error"]
            line = str(errors[0]) if errors else str(exc)
            if len(errors) > 1:
                line += f" (and {len(errors) - 1} more; run `opgave check` to see all)"
            _fail(line, exc.exit_code)
        except OpgaveError as exc:
            _fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            _fail("interrupted", 130)

    return wrapper  # type: ignore[return-value]


def _fail(message: str, code: int) -> None:
    sys.stderr.write(f"opgave: error: {message}\n")
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"opgave {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            envvar="OPGAVE_DATA_DIR",
            help="Folder with agreement.yaml and gemeenten.yaml "
            "[default: the nearest data/ at or above the current folder].",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    ctx.obj = State(data_dir)


def _state(ctx: typer.Context) -> State:
    obj = ctx.find_object(State)
    return obj if obj is not None else State()


def complete_party(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion: the slugs of the parties, read without building the models."""
    from .loader import party_slugs

    try:
        data_dir = _state(ctx).resolve_data_dir()
        return [s for s in party_slugs(data_dir) if s.startswith(incomplete.casefold())]
    except (OpgaveError, OSError):
        return []


# --- read commands ---------------------------------------------------------------


@app.command()
@handle_errors
def status(
    ctx: typer.Context,
    unsigned: Annotated[
        bool, typer.Option("--unsigned", help="Show only the parties that have not signed.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON to stdout.")] = False,
) -> None:
    """Who has signed, with date, place and signatory; the GMR countersignature; the term.

    Example: opgave status --unsigned
    """
    from . import render
    from .loader import load
    from .tracker import status as compute_status

    agreement, gemeenten = load(_state(ctx).resolve_data_dir(), today())
    report = compute_status(agreement, gemeenten, today())
    if as_json:
        render.print_json(render.status_json(report, unsigned_only=unsigned))
        return
    console = render.stdout()
    console.print(report.title, markup=False)
    console.print(render.status_table(report, unsigned_only=unsigned))
    for line in render.status_summary(report, console):
        console.print(line)


@app.command()
@handle_errors
def speerpunten(
    ctx: typer.Context,
    speerpunt: Annotated[
        str | None,
        typer.Argument(
            help="One speerpunt: its number (2), roman numeral (ii) or slug.", show_default=False
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON to stdout.")] = False,
) -> None:
    """The four speerpunten of the opgave with their numbered activities (section 2).

    Example: opgave speerpunten ii
    """
    from . import render
    from .loader import load
    from .tracker import select_speerpunt

    agreement, _ = load(_state(ctx).resolve_data_dir(), today())
    chosen = list(agreement.speerpunten)
    if speerpunt is not None:
        chosen = [select_speerpunt(speerpunt, chosen)]
    if as_json:
        render.print_json(render.speerpunten_json(chosen))
    else:
        console = render.stdout()
        console.print(
            render.speerpunten_text(agreement, chosen, console.width), markup=False, soft_wrap=True
        )


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("opgave: interrupted\n")
        sys.exit(130)
