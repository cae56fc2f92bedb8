"""Read commands: status, speerpunten, budget."""

import sys
from typing import Annotated

import typer

from ..errors import UsageError
from .app import app, handle_errors, load, state, today


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
    """Who has signed, and when, where and by whom; the term.

    Example: opgave status --unsigned
    """
    from .. import render
    from ..tracker import status as compute_status

    if as_json and as_csv:
        raise UsageError("choose one of --json and --csv")
    now = today()
    agreement, gemeenten = load(state(ctx).resolve_data_dir(), now)
    report = compute_status(agreement, gemeenten, now)
    if as_json:
        render.print_json(render.status_json(report, unsigned_only=unsigned))
        return
    if as_csv:
        sys.stdout.write(render.status_csv(report, unsigned_only=unsigned))
        return
    console = render.stdout()
    console.print(report.title)
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
    """The speerpunten and their numbered activities (section 2).

    Example: opgave speerpunten ii
    """
    from .. import render
    from ..tracker import select_speerpunt

    agreement, _ = load(state(ctx).resolve_data_dir(), today())
    chosen = list(agreement.speerpunten)
    if speerpunt is not None:
        chosen = [select_speerpunt(speerpunt, chosen)]
    if as_json:
        render.print_json(render.speerpunten_json(chosen))
    else:
        console = render.stdout()
        console.print(render.speerpunten_text(agreement, chosen, console.width), soft_wrap=True)


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
    """Each municipality's share of the contribution.

    Shares are by inhabitants of the participating municipalities.

    Shares add up to exactly 100 % and amounts to exactly the total, to the cent.

    Example: opgave budget --total 250000
    """
    from .. import render
    from ..budget import compute_budget, parse_total

    if sort not in ("share", "name"):
        raise UsageError(f"--sort must be share or name, got {sort!r}")
    if as_json and as_csv:
        raise UsageError("choose one of --json and --csv")
    what_if = parse_total(total) if total is not None else None
    agreement, gemeenten = load(state(ctx).resolve_data_dir(), today())
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
        console.print(render.wrap(title, console.width), soft_wrap=True)
        console.print(render.budget_table(report, console.width))
        for note in notes:
            console.print(render.wrap(note, console.width), soft_wrap=True)
