"""Trust in the record: opgave log (the audit trail from git) and opgave verify (evidence)."""

from typing import Annotated

import typer

from ..i18n import N_, _
from .app import app, choose, complete_party, format_flags, state, today
from .read import JsonOption


@app.command(
    help=N_(
        "The audit trail: every recorded change of a signature and every payment, from git."
        "\n\nNewest first, one line each: commit, author, date, party, before → after; "
        "uncommitted changes first.\n\n"
        "Example: opgave log arnhem"
    )
)
def log(
    ctx: typer.Context,
    party: Annotated[
        str | None,
        typer.Argument(
            metavar=N_("PARTY"),
            help=N_("Only this party's changes."),
            autocompletion=complete_party,
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from ..boundary import error_line
    from ..domain.parties import Party, parties, parties_as_written, resolve_party
    from ..errors import DataError
    from ..loader import load_all
    from ..output import Out
    from ..output.audit import LOG_FORMATS, Trail
    from ..sources.history import log as history

    reporter = choose(LOG_FORMATS, format_flags(json=as_json))
    data_dir = state(ctx).resolve_data_dir()
    loaded = load_all(data_dir, today())
    try:
        everyone = parties(*loaded.models())
    except DataError as exc:
        # A merge gone wrong is when the trail is needed most: the parties as written.
        first = f" ({exc.problems[0]})" if exc.problems else ""
        error_line(
            _("the data has errors{first}; the parties are named as written").format(first=first),
            "note",
        )
        everyone = parties_as_written(
            *(d.value if d else None for d in (loaded.agreement_doc, loaded.gemeenten_doc))
        )
    cp = next((p.slug for p in everyone if p.is_counterparty), "counterparty")
    entries = history(data_dir, counterparty_slug=cp)
    # A party the history names but the data does not (data with errors, a party since
    # removed) can be asked for by its slug.
    known = {p.slug for p in everyone}
    everyone += [
        Party(s, s, None) for s in dict.fromkeys(e.party for e in entries) if s not in known
    ]
    chosen = resolve_party(party, everyone) if party is not None else None
    if chosen is not None:
        entries = [e for e in entries if e.party == chosen.slug]
    names = {p.slug: p.name for p in everyone}
    reporter(Trail(entries, names, chosen.name if chosen else None), Out())


@app.command(
    help=N_(
        "Recompute the SHA-256 of every recorded evidence file.\n\n"
        "Exit 0 when every file is there and matches; 1 naming each missing or changed file."
        "\n\nExample: opgave verify"
    )
)
def verify(ctx: typer.Context) -> None:
    from ..domain.parties import parties
    from ..errors import Failed
    from ..loader import load
    from ..output import Out
    from ..output.audit import verify_text
    from ..sources.evidence import verify as check_all

    data_dir = state(ctx).resolve_data_dir()
    agreement, gemeenten = load(data_dir, today())
    checks = check_all(parties(agreement, gemeenten), data_dir)
    Out().write(verify_text(checks))
    if any(c.problem is not None for c in checks):
        raise Failed
