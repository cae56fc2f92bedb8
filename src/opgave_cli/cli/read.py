"""Read commands: status, speerpunten, budget."""

from typing import Annotated

import typer

from ..i18n import N_
from .app import app, choose, format_flags, parse_date, state, today

JsonOption = Annotated[bool, typer.Option("--json", help=N_("Print JSON to stdout."))]
CsvOption = Annotated[bool, typer.Option("--csv", help=N_("Print CSV to stdout."))]


@app.command(
    help=N_(
        "Who has signed, and when, where and by whom; the term.\n\n"
        "Example: opgave status --unsigned"
    )
)
def status(
    ctx: typer.Context,
    unsigned: Annotated[
        bool, typer.Option("--unsigned", help=N_("Show only the parties that have not signed."))
    ] = False,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    from ..domain.parties import status as compute_status
    from ..loader import load
    from ..output import Out
    from ..output.status import STATUS_FORMATS

    reporter = choose(STATUS_FORMATS, format_flags(json=as_json, csv=as_csv))
    now = today()
    agreement, gemeenten = load(state(ctx).resolve_data_dir(), now)
    reporter(compute_status(agreement, gemeenten, now, unsigned_only=unsigned), Out())


@app.command(
    help=N_(
        "The speerpunten and their numbered activities (section 2).\n\n"
        "Example: opgave speerpunten ii"
    )
)
def speerpunten(
    ctx: typer.Context,
    speerpunt: Annotated[
        str | None,
        typer.Argument(
            metavar=N_("SPEERPUNT"),
            help=N_("One speerpunt: its number (2), roman numeral (ii) or slug."),
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from ..domain.parties import select_speerpunt
    from ..loader import load
    from ..output import Out
    from ..output.speerpunten import SPEERPUNTEN_FORMATS, Selection

    reporter = choose(SPEERPUNTEN_FORMATS, format_flags(json=as_json))
    agreement, _gemeenten = load(state(ctx).resolve_data_dir(), today())
    chosen = list(agreement.speerpunten)
    if speerpunt is not None:
        chosen = [select_speerpunt(speerpunt, chosen)]
    reporter(Selection(agreement.title, chosen), Out())


@app.command(
    help=N_(
        "Each municipality's share of the contribution.\n\n"
        "Shares are by inhabitants of the participating municipalities.\n\n"
        "Shares add up to exactly 100 % and amounts to exactly the total, to the cent.\n\n"
        "Example: opgave budget --total 250000"
    )
)
def budget(
    ctx: typer.Context,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            metavar=N_("YEAR"),
            help=N_("Split the amount recorded for this year of the term."),
            show_default=False,
        ),
    ] = None,
    total: Annotated[
        str | None,
        typer.Option(
            "--total",
            metavar=N_("EUR"),
            help=N_("Split this annual amount (a what-if), e.g. 250000 or 250000.00."),
            show_default=False,
        ),
    ] = None,
    inhabitants_at: Annotated[
        str | None,
        typer.Option(
            "--inhabitants-at",
            metavar=N_("YYYY-MM-DD"),
            help=N_(
                "Split by the counts at this date [default: the date the data states for "
                "--year, else the latest date in the data]."
            ),
            show_default=False,
        ),
    ] = None,
    sort: Annotated[
        str,
        typer.Option("--sort", metavar=N_("ORDER"), help=N_("Order the rows by share or by name.")),
    ] = "share",
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
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
