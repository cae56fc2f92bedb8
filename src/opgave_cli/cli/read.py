"""Read commands: status, speerpunten, budget."""

from typing import Annotated

import typer

from .app import app, choose, format_flags, parse_date, state, today

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON to stdout.")]
CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV to stdout.")]


@app.command()
def status(
    ctx: typer.Context,
    unsigned: Annotated[
        bool, typer.Option("--unsigned", help="Show only the parties that have not signed.")
    ] = False,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Who has signed, and when, where and by whom; the term.

    Example: opgave status --unsigned
    """
    from ..domain.parties import status as compute_status
    from ..loader import load
    from ..output import Out
    from ..output.status import STATUS_FORMATS

    reporter = choose(STATUS_FORMATS, format_flags(json=as_json, csv=as_csv))
    now = today()
    agreement, gemeenten = load(state(ctx).resolve_data_dir(), now)
    reporter(compute_status(agreement, gemeenten, now, unsigned_only=unsigned), Out())


@app.command()
def speerpunten(
    ctx: typer.Context,
    speerpunt: Annotated[
        str | None,
        typer.Argument(
            help="One speerpunt: its number (2), roman numeral (ii) or slug.", show_default=False
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """The speerpunten and their numbered activities (section 2).

    Example: opgave speerpunten ii
    """
    from ..domain.parties import select_speerpunt
    from ..loader import load
    from ..output import Out
    from ..output.speerpunten import SPEERPUNTEN_FORMATS, Selection

    reporter = choose(SPEERPUNTEN_FORMATS, format_flags(json=as_json))
    agreement, _ = load(state(ctx).resolve_data_dir(), today())
    chosen = list(agreement.speerpunten)
    if speerpunt is not None:
        chosen = [select_speerpunt(speerpunt, chosen)]
    reporter(Selection(agreement.title, chosen), Out())


@app.command()
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
    inhabitants_at: Annotated[
        str | None,
        typer.Option(
            "--inhabitants-at",
            metavar="YYYY-MM-DD",
            help="Split by the counts at this date [default: the date the data states for "
            "--year, else the latest date in the data].",
            show_default=False,
        ),
    ] = None,
    sort: Annotated[
        str, typer.Option("--sort", help="Order the rows by share or by name.")
    ] = "share",
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Each municipality's share of the contribution.

    Shares are by inhabitants of the participating municipalities.

    Shares add up to exactly 100 % and amounts to exactly the total, to the cent.

    Example: opgave budget --total 250000
    """
    from ..domain.budget import SORTS, compute_budget
    from ..domain.money import parse_amount
    from ..loader import load
    from ..output import Out
    from ..output.budget import BUDGET_FORMATS

    order = choose(SORTS, sort, "--sort")
    reporter = choose(BUDGET_FORMATS, format_flags(json=as_json, csv=as_csv))
    what_if = parse_amount(total, "total") if total is not None else None
    when = parse_date(inhabitants_at, "--inhabitants-at") if inhabitants_at else None
    agreement, gemeenten = load(state(ctx).resolve_data_dir(), today())
    report = compute_budget(
        agreement, gemeenten, year=year, total=what_if, sort=order, inhabitants_at=when
    )
    reporter(report, Out())
