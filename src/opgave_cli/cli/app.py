"""The Typer app, its global options and the one error boundary, shared by the commands.

Only the `cli` package imports Typer. Heavy modules (pydantic, Rich tables)
are imported inside the commands that need them, so that `--help` and shell
completion start fast.
"""

import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from .. import __version__
from ..errors import DataError, OpgaveError, UsageError

TODAY_ENV = "OPGAVE_TODAY"

# opgave uses no pydantic plugins, and looking for them (package metadata) costs
# ~10 ms at every start; Typer switches them off for its own adapters too.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")

app = typer.Typer(
    name="opgave",
    help="Track who has signed the GMR Opgaveovereenkomst Productieve regio 2023-2024, "
    "and what each municipality contributes.",
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

    def resolve_data_dir(self) -> Path:
        from ..loader import find_data_dir

        return find_data_dir(self.data_dir)


def today() -> date:
    """Today's date; OPGAVE_TODAY=YYYY-MM-DD fixes it (tests, reproducible reports)."""
    fixed = os.environ.get(TODAY_ENV)
    return parse_date(fixed, TODAY_ENV) if fixed else date.today()


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


def error_line(message: str) -> None:
    """Every expected error, as one line on stderr."""
    sys.stderr.write(f"opgave: error: {message}\n")


def _fail(message: str, code: int) -> None:
    error_line(message)
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


def state(ctx: typer.Context) -> State:
    obj = ctx.find_object(State)
    return obj if obj is not None else State()


def load(data_dir: Path, on: date) -> Any:
    from ..loader import load as load_data

    return load_data(data_dir, on)


def complete_party(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion: the slugs of the parties, read without building the models."""
    from ..loader import party_slugs

    try:
        data_dir = state(ctx).resolve_data_dir()
        return [s for s in party_slugs(data_dir) if s.startswith(incomplete.casefold())]
    except (OpgaveError, OSError):
        return []


def parse_date(text: str, option: str = "--date") -> date:
    """A real calendar date written as YYYY-MM-DD, else a usage error (exit 2)."""
    import re

    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise UsageError(f"{option} {text} is not a real calendar date") from None
    raise UsageError(f"{option} must be a date as YYYY-MM-DD, got {text!r}")
