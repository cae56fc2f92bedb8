"""opgave inhabitants import: counts at 1 January from CBS, from a file or the live API."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import N_, _
from .app import app, parse_date, report_change, state, today
from .commands import OpgaveTyper

if TYPE_CHECKING:
    from datetime import date

inhabitants_app = OpgaveTyper(
    name="inhabitants",
    help=N_("Inhabitants at 1 January, from CBS table 03759ned."),
    no_args_is_help=True,
)
app.add_typer(inhabitants_app)


@inhabitants_app.command(
    name="import",
    help=N_(
        "Update the inhabitants in gemeenten.yaml from CBS (measure M000352).\n\n"
        'Only the counts at 1 January ("Bevolking op 1 januari") of the total population '
        "are taken; the file or the API is checked row by row. One line per "
        "municipality changes, and the source block says where the counts come from.\n\n"
        "Example: opgave inhabitants import observations.json --retrieved 2026-07-02"
    ),
)
def import_counts(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(
            metavar=N_("FILE"),
            help=N_("A CBS OData v4 Observations response (JSON) of table 03759ned."),
            show_default=False,
        ),
    ] = None,
    from_cbs: Annotated[
        bool, typer.Option("--from-cbs", help=N_("Fetch the counts from the CBS API instead."))
    ] = False,
    base_url: Annotated[
        str,
        typer.Option(
            "--base-url", metavar=N_("URL"), help=N_("The CBS OData v4 API (with --from-cbs).")
        ),
    ] = "https://datasets.cbs.nl/odata/v1/CBS",
    deadline: Annotated[
        float,
        typer.Option(
            "--timeout",
            metavar=N_("SECONDS"),
            help=N_(
                "With --from-cbs: the most the whole fetch may take, however slowly the "
                "server answers."
            ),
        ),
    ] = 180.0,
    dates: Annotated[
        str | None,
        typer.Option(
            "--dates",
            metavar=N_("DATES"),
            help=N_(
                "Only these 1 Januaries, e.g. 2023-01-01,2024-01-01 "
                "[default: every 1 January in the data from 2022 on]."
            ),
            show_default=False,
        ),
    ] = None,
    properties: Annotated[
        Path | None,
        typer.Option(
            "--properties",
            metavar=N_("FILE"),
            help=N_("The table's /Properties response (JSON), for its version."),
            show_default=False,
        ),
    ] = None,
    periods: Annotated[
        Path | None,
        typer.Option(
            "--periods",
            metavar=N_("FILE"),
            help=N_("The table's /PeriodenCodes response (JSON), for the status of each year."),
            show_default=False,
        ),
    ] = None,
    retrieved: Annotated[
        str | None,
        typer.Option(
            "--retrieved",
            metavar=N_("YYYY-MM-DD"),
            help=N_("When FILE was downloaded from CBS [--from-cbs: today]."),
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("Print the change as a diff; write nothing."))
    ] = False,
) -> None:
    from ..domain.counts import SINCE
    from ..errors import UsageError
    from ..loader import load
    from ..output.inhabitants import import_summary
    from ..store import session
    from ..workflows import import_counts as counts

    if from_cbs == (file is not None):
        raise UsageError(_("give a FILE or --from-cbs (one of them)"))
    if from_cbs and (properties or periods):
        raise UsageError(_("--properties and --periods go with a FILE; --from-cbs fetches them"))
    if not deadline > 0:
        raise UsageError(
            _("--timeout must be a number of seconds above 0, got {seconds}").format(
                seconds=f"{deadline:g}"
            )
        )
    wanted = _dates(dates)
    now = today()
    when = parse_date(retrieved, "--retrieved") if retrieved else None
    if when is not None and when > now:
        raise UsageError(
            _("--retrieved {date} is in the future (today is {today})").format(date=when, today=now)
        )
    data_dir = state(ctx).resolve_data_dir()
    if file is not None:
        found = counts.from_files(file, properties, periods)
    else:
        _agreement, gemeenten = load(data_dir, now)
        codes = [g.cbs_code for g in gemeenten.gemeenten]
        since = min(wanted) if wanted else SINCE
        found = counts.from_cbs(codes, base_url=base_url, since=since, deadline=deadline)
        when = when or now
    with session(data_dir, now) as data:
        done = counts.import_counts(data, found, dates=wanted, retrieved=when, dry_run=dry_run)
    summary = import_summary(
        done.plan, dry_run=dry_run, written=bool(done.change.edits), from_cbs=from_cbs
    )
    report_change(done.change, summary.rstrip("\n"), dry_run=dry_run)


def _dates(text: str | None) -> "list[date] | None":
    """``--dates 2023-01-01,2024-01-01``: each a 1 January."""
    from ..errors import UsageError

    if text is None:
        return None
    found = []
    for part in text.replace(" ", ",").split(","):
        if part:
            when = parse_date(part, "--dates")
            if (when.month, when.day) != (1, 1):
                raise UsageError(
                    _("--dates {date}: CBS counts inhabitants at 1 January only").format(date=part)
                )
            found.append(when)
    if not found:
        raise UsageError(_("--dates needs at least one date, e.g. 2024-01-01"))
    return sorted(set(found))
