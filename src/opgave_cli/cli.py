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
        from .loader import find_data_dir

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


def load(data_dir: Path, on: date) -> Any:
    from .loader import load as load_data

    return load_data(data_dir, on)


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
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV to stdout.")] = False,
) -> None:
    """Who has signed, with date, place and signatory; the GMR countersignature; the term.

    Example: opgave status --unsigned
    """
    from . import render
    from .tracker import status as compute_status

    if as_json and as_csv:
        raise UsageError("choose one of --json and --csv")
    agreement, gemeenten = load(_state(ctx).resolve_data_dir(), today())
    report = compute_status(agreement, gemeenten, today())
    if as_json:
        render.print_json(render.status_json(report, unsigned_only=unsigned))
        return
    if as_csv:
        sys.stdout.write(render.status_csv(report, unsigned_only=unsigned))
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


@app.command()
@handle_errors
def budget(
    ctx: typer.Context,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="Split the amount recorded for this year of the term.",
            show_default=False,
        ),
    ] = None,
    total: Annotated[
        str | None,
        typer.Option(
            "--total",
            metavar="EUR",
            help="Split this annual amount (a what-if), e.g. 250000 or 250000.00.",
            show_default=False,
        ),
    ] = None,
    sort: Annotated[
        str, typer.Option("--sort", help="Order the rows by share or by name.")
    ] = "share",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON to stdout.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV to stdout.")] = False,
) -> None:
    """Each participating municipality's share of the contribution, by inhabitants.

    Shares add up to exactly 100 % and amounts to exactly the total, to the cent.

    Example: opgave budget --total 250000
    """
    from . import render
    from .budget import compute_budget, parse_total

    if sort not in ("share", "name"):
        raise UsageError(f"--sort must be share or name, got {sort!r}")
    if as_json and as_csv:
        raise UsageError("choose one of --json and --csv")
    what_if = parse_total(total) if total is not None else None
    agreement, gemeenten = load(_state(ctx).resolve_data_dir(), today())
    report = compute_budget(
        agreement,
        gemeenten,
        year=year,
        total=what_if,
        sort=sort,  # type: ignore[arg-type]
    )
    if as_json:
        render.print_json(render.budget_json(report))
    elif as_csv:
        sys.stdout.write(render.budget_csv(report))
    else:
        console = render.stdout()
        title = f"{agreement.title}: contribution by inhabitants" + (f", {year}" if year else "")
        notes = render.budget_notes(
            report, gemeenten.inhabitants.source, gemeenten.inhabitants.status
        )
        console.print(render.wrap(title, console.width), markup=False, soft_wrap=True)
        console.print(render.budget_table(report, console.width))
        for note in notes:
            console.print(render.wrap(note, console.width), markup=False, soft_wrap=True)


@app.command()
@handle_errors
def check(
    ctx: typer.Context,
    output: Annotated[
        str,
        typer.Option("--format", help="text, json, or github (workflow annotations)."),
    ] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Validate both data files and report every problem, with file, line and column.

    Exit 0 when there are no errors (warnings are shown), 1 when there are
    (or warnings under --strict).

    Example: opgave check --format github
    """
    from . import render
    from .loader import AGREEMENT_FILE, GEMEENTEN_FILE, display_name, load_all

    if output not in ("text", "json", "github"):
        raise UsageError(f"--format must be text, json or github, got {output!r}")
    data_dir = _state(ctx).resolve_data_dir()
    problems = load_all(data_dir, today()).problems
    failed = any(p.severity == "error" or strict for p in problems)
    if output == "json":
        render.print_json(render.problems_json(problems, ok=not failed))
    elif output == "github":
        sys.stdout.write(render.problems_github(problems))
    else:
        files = [display_name(data_dir / name) for name in (AGREEMENT_FILE, GEMEENTEN_FILE)]
        sys.stdout.write(render.problems_text(problems, files, strict=strict))
    if failed:
        raise typer.Exit(1)


@app.command()
@handle_errors
def schema(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Folder to write to [default: schemas/ beside data/].", show_default=False
        ),
    ] = None,
) -> None:
    """Write JSON Schemas of both data files, generated from the models, for editors
    and other validators.

    Example: opgave schema --out schemas
    """
    from .loader import display_name
    from .schemas import json_schemas
    from .store import write_new

    folder = out if out is not None else _state(ctx).resolve_data_dir().parent / "schemas"
    for name, text in json_schemas().items():
        write_new(folder / name, text)
        sys.stdout.write(f"Wrote {display_name(folder / name)}\n")


OutOption = Annotated[
    Path | None,
    typer.Option(
        "-o", "--output", help="Write to this file instead of stdout.", show_default=False
    ),
]


def _emit(text: str, out: Path | None, data_dir: Path) -> None:
    """A document goes to stdout, or atomically to a file (never over the data)."""
    if out is None:
        sys.stdout.write(text)
        return
    from .loader import display_name
    from .store import write_document

    write_document(out, text, data_dir)
    sys.stderr.write(f"Wrote {display_name(out)}\n")


@app.command()
@handle_errors
def report(
    ctx: typer.Context,
    output_format: Annotated[
        str, typer.Option("--format", help="markdown or html (one self-contained page).")
    ] = "markdown",
    out: OutOption = None,
) -> None:
    """One overview document: signing status, budget shares and the speerpunten.

    Example: opgave report --format html -o report.html
    """
    from . import render
    from .budget import compute_budget
    from .loader import git_revision
    from .report import Overview, html_page, markdown
    from .tracker import status as compute_status

    if output_format not in ("markdown", "html"):
        raise UsageError(f"--format must be markdown or html, got {output_format!r}")
    data_dir = _state(ctx).resolve_data_dir()
    now = today()
    agreement, gemeenten = load(data_dir, now)
    shares = compute_budget(agreement, gemeenten, year=None, total=None)
    counts = gemeenten.inhabitants
    overview = Overview(
        agreement=agreement,
        status=compute_status(agreement, gemeenten, now),
        shares=shares,
        by_year={
            year: compute_budget(agreement, gemeenten, year=year, total=None)
            for year in sorted(agreement.contribution.amounts)
        },
        inhabitants_note=render.budget_notes(shares, counts.source, counts.status)[0],
        generated=now,
        revision=git_revision(data_dir),
    )
    _emit(html_page(overview) if output_format == "html" else markdown(overview), out, data_dir)


@app.command(name="render")
@handle_errors
def render_text(ctx: typer.Context, out: OutOption = None) -> None:
    """The agreement text in Dutch, regenerated from the data, signature blocks filled in.

    Example: opgave render -o overeenkomst.txt
    """
    from .document import render_agreement

    data_dir = _state(ctx).resolve_data_dir()
    agreement, gemeenten = load(data_dir, today())
    _emit(render_agreement(agreement, gemeenten), out, data_dir)


# --- write commands --------------------------------------------------------------

PartyArgument = Annotated[
    str,
    typer.Argument(
        metavar="GEMEENTE",
        help="Slug or name of a municipality (any case, spaces or hyphens, or a unique "
        "start), or gmr for the countersignature.",
        autocompletion=complete_party,
        show_default=False,
    ),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Print the change as a diff; write nothing.")
]


def parse_date(text: str, option: str = "--date") -> date:
    """A real calendar date written as YYYY-MM-DD, else a usage error (exit 2)."""
    import re

    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise UsageError(f"{option} {text} is not a real calendar date") from None
    raise UsageError(f"{option} must be a date as YYYY-MM-DD, got {text!r}")


def _find(query: str) -> Callable[..., Any]:
    def find(agreement: Any, gemeenten: Any) -> Any:
        from .tracker import parties, resolve_party

        return resolve_party(query, parties(agreement, gemeenten))

    return find


@app.command()
@handle_errors
def sign(
    ctx: typer.Context,
    gemeente: PartyArgument,
    on: Annotated[
        str | None,
        typer.Option(
            "--date", help="Date of signing, YYYY-MM-DD [default: today].", show_default=False
        ),
    ] = None,
    place: Annotated[
        str | None, typer.Option("--place", help='Where it was signed: the "te ..." of the block.')
    ] = None,
    signatory: Annotated[
        str | None, typer.Option("--signatory", help="Name of the person who signed.")
    ] = None,
    capacity: Annotated[
        str | None,
        typer.Option(
            "--capacity",
            help="burgemeester or 'namens de burgemeester' (for the GMR: voorzitter).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a signature that is already recorded.")
    ] = False,
    dry_run: DryRunOption = False,
) -> None:
    """Record a signature in the data (one line changes).

    Example: opgave sign arnhem --date 2023-02-01 --place Arnhem --signatory "A. Marcouch"
    """
    from . import render
    from .store import update_signature
    from .tracker import check_signature, new_signature, status

    now = today()
    signed = parse_date(on) if on is not None else now
    replaced: list[Any] = []

    def decide(agreement: Any, gemeenten: Any, party: Any) -> Any:
        signature = new_signature(
            party, agreement, signed=signed, place=place, signatory=signatory, capacity=capacity
        )
        check_signature(party, signature, agreement, now, force=force, date_given=on is not None)
        replaced.append(party.signature)
        return signature

    change = update_signature(
        _state(ctx).resolve_data_dir(), _find(gemeente), decide, today=now, dry_run=dry_run
    )
    report = status(change.agreement, change.gemeenten, now)
    console = render.stdout()
    if dry_run:
        sys.stdout.write(change.diff())
    console.print(
        render.sign_message(
            change.party,
            change.signature,
            replaced[0],
            report,
            defaulted=on is None,
            dry_run=dry_run,
        ),
        markup=False,
        soft_wrap=True,
    )


@app.command()
@handle_errors
def unsign(ctx: typer.Context, gemeente: PartyArgument, dry_run: DryRunOption = False) -> None:
    """Remove a recorded signature (a correction).

    Example: opgave unsign arnhem
    """
    from . import render
    from .errors import RefusedError
    from .store import update_signature
    from .tracker import status

    now = today()
    removed: list[Any] = []

    def decide(agreement: Any, gemeenten: Any, party: Any) -> None:
        if party.signature is None:
            raise RefusedError(f"{party.name} has not signed; there is no signature to remove")
        removed.append(party.signature)

    change = update_signature(
        _state(ctx).resolve_data_dir(), _find(gemeente), decide, today=now, dry_run=dry_run
    )
    report = status(change.agreement, change.gemeenten, now)
    if dry_run:
        sys.stdout.write(change.diff())
    render.stdout().print(
        render.unsign_message(change.party, removed[0], report, dry_run=dry_run),
        markup=False,
        soft_wrap=True,
    )


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="opgave")
    except KeyboardInterrupt:
        sys.stderr.write("opgave: interrupted\n")
        sys.exit(130)
