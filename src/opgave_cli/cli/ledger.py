"""The contribution ledger: opgave pay and opgave contributions."""

from typing import Annotated

import typer

from ..i18n import N_
from .app import app, choose, complete_party, format_flags, parse_date, report_change, state, today
from .read import CsvOption, JsonOption


@app.command(
    help=N_(
        "Record a payment in the ledger, payments.yaml (one line is added).\n\n"
        "Example: opgave pay arnhem --year 2023 --amount 52414.93 --date 2023-03-01 "
        "--reference F-1"
    )
)
def pay(
    ctx: typer.Context,
    gemeente: Annotated[
        str,
        typer.Argument(
            metavar=N_("MUNICIPALITY"),
            help=N_("Slug or name of the municipality that paid."),
            autocompletion=complete_party,
            show_default=False,
        ),
    ],
    year: Annotated[
        int,
        typer.Option(
            "--year",
            metavar=N_("YEAR"),
            help=N_("The year of the term it pays for."),
            show_default=False,
        ),
    ],
    amount: Annotated[
        str,
        typer.Option(
            "--amount",
            metavar=N_("EUR"),
            help=N_("Euro, e.g. 52414.93; negative for a credit (with --reference)."),
            show_default=False,
        ),
    ],
    on: Annotated[
        str,
        typer.Option(
            "--date",
            metavar=N_("YYYY-MM-DD"),
            help=N_("Date of the payment."),
            show_default=False,
        ),
    ],
    reference: Annotated[
        str | None,
        typer.Option("--reference", help=N_("Invoice or booking number."), show_default=False),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("Print the change as a diff; write nothing."))
    ] = False,
) -> None:
    from ..domain.money import parse_amount
    from ..output.contributions import pay_message
    from ..store import session
    from ..workflows.pay import pay as record

    money = parse_amount(amount, "amount", signed=True)
    paid_on = parse_date(on)
    with session(state(ctx).resolve_data_dir(), today(), ledger=True) as data:
        done = record(data, gemeente, year=year, amount=money, paid_on=paid_on,
                      reference=reference, dry_run=dry_run)  # fmt: skip
    message = pay_message(done.name, done.payment, done.block, dry_run=dry_run)
    report_change(done.change, message, dry_run=dry_run)


@app.command(
    name="contributions",
    help=N_(
        "What each municipality owes per year, has paid, and has outstanding.\n\n"
        "Due is the year's amount split by inhabitants at the year's reference date "
        "(as `opgave budget --year` splits it); paid comes from payments.yaml.\n\n"
        "Example: opgave contributions --year 2023 --outstanding"
    ),
)
def contributions_command(
    ctx: typer.Context,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", metavar=N_("YEAR"), help=N_("Only this year of the term."), show_default=False
        ),
    ] = None,
    outstanding: Annotated[
        bool,
        typer.Option(
            "--outstanding", help=N_("Only the municipalities with something left to pay.")
        ),
    ] = False,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    from ..domain.ledger import contributions
    from ..loader import load_all
    from ..output import Out
    from ..output.contributions import CONTRIBUTIONS_FORMATS, Contributions

    reporter = choose(CONTRIBUTIONS_FORMATS, format_flags(json=as_json, csv=as_csv))
    loaded = load_all(state(ctx).resolve_data_dir(), today())
    agreement, gemeenten = loaded.models()
    blocks = contributions(
        agreement, gemeenten, loaded.ledger(), year=year, outstanding_only=outstanding
    )
    reporter(Contributions(blocks, gemeenten.inhabitants, one_year=year is not None), Out())
