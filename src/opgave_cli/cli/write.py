"""Write commands for signatures: opgave sign (one, or many --from a CSV), amend, unsign."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import N_, _
from .app import app, complete_party, parse_date, report_change, state, today

if TYPE_CHECKING:
    from ..workflows.sign import Signed

PARTY = typer.Argument(
    metavar=N_("PARTY"),
    help=N_(
        "Slug or name of a municipality (any case, spaces or hyphens, or a unique "
        "start), or the counterparty's slug for its countersignature."
    ),
    autocompletion=complete_party,
    show_default=False,
)
PartyArgument = Annotated[str, PARTY]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help=N_("Print the change as a diff; write nothing."))
]
PlaceOption = Annotated[
    str | None,
    typer.Option("--place", help=N_('Where it was signed: the "te ..." of the block.')),
]
SignatoryOption = Annotated[
    str | None,
    typer.Option("--signatory", metavar=N_("NAME"), help=N_("Name of the person who signed.")),
]
CapacityOption = Annotated[
    str | None,
    typer.Option(
        "--capacity",
        help=N_(
            "burgemeester or 'namens de burgemeester' (the counterparty: voorzitter), in any case."
        ),
    ),
]
EvidenceOption = Annotated[
    Path | None,
    typer.Option(
        "--evidence",
        metavar=N_("FILE"),
        help=N_(
            "The scanned signed page, inside the data's repository: its path and SHA-256 "
            "are recorded."
        ),
        show_default=False,
    ),
]


@app.command(
    help=N_(
        "Record a signature in the data (one line changes).\n\n"
        'Example: opgave sign arnhem --date 2023-02-01 --place Arnhem --signatory "A. Marcouch"'
    )
)
def sign(
    ctx: typer.Context,
    gemeente: Annotated[str | None, PARTY] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar=N_("YYYY-MM-DD"),
            help=N_("Date of signing [default: today]."),
            show_default=False,
        ),
    ] = None,
    place: PlaceOption = None,
    signatory: SignatoryOption = None,
    capacity: CapacityOption = None,
    evidence: EvidenceOption = None,
    from_csv: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar=N_("FILE"),
            help=N_(
                "Record every row of this CSV (party,date,place,signatory,capacity) in one "
                "write, or nothing."
            ),
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help=N_("Replace a recorded signature (needs --date).")),
    ] = False,
    dry_run: DryRunOption = False,
) -> None:
    from ..errors import UsageError
    from ..store import session

    if from_csv is not None:
        given = [o for o, v in ((_("PARTY"), gemeente), ("--date", on), ("--place", place),
                 ("--signatory", signatory), ("--capacity", capacity),
                 ("--evidence", evidence)) if v is not None]  # fmt: skip
        if given:
            raise UsageError(
                _("--from takes every value from the file; {given} goes without it").format(
                    given=given[0]
                )
            )
        return _sign_many(ctx, from_csv, force=force, dry_run=dry_run)
    if gemeente is None:
        raise UsageError(
            _("Missing argument {party} or --from FILE.csv").format(party=repr(_("PARTY")))
            + " "
            + _("(see `{command} --help`)").format(command="opgave sign")
        )
    from ..workflows.sign import sign as record

    signed_on = parse_date(on) if on is not None else None
    with session(state(ctx).resolve_data_dir(), today()) as data:
        done = record(
            data, gemeente, on=signed_on, place=place, signatory=signatory,
            capacity=capacity, evidence=evidence, force=force, dry_run=dry_run,
        )  # fmt: skip
    _report(done, dry_run)


def _sign_many(ctx: typer.Context, file: Path, *, force: bool, dry_run: bool) -> None:
    from ..sources.csv_rows import decode, read_rows
    from ..sources.files import read_input
    from ..store import session
    from ..workflows.sign_many import sign_many

    name = str(file)
    rows = read_rows(decode(read_input(file, 1024 * 1024), name), name)
    with session(state(ctx).resolve_data_dir(), today()) as data:
        done = sign_many(data, rows, name, force=force, dry_run=dry_run)
    _report(done, dry_run)


def _report(done: "Signed", dry_run: bool) -> None:
    """The diff (dry run), then one line per recorded signature."""
    from ..domain.parties import status
    from ..output.status import count_line, sign_message
    from ..text import sentence

    report = status(done.change.agreement, done.change.gemeenten, today())
    one = len(done.planned) == 1
    lines = [
        sign_message(p.party, p.signature, report, defaulted=p.defaulted, dry_run=dry_run,
                     count=one)
        for p in done.planned
    ]  # fmt: skip
    if not one:
        lines.append(sentence(count_line(report)))
    report_change(done.change, "\n".join(lines), dry_run=dry_run)


@app.command(
    help=N_(
        "Correct only the given fields of a recorded signature; keep the rest.\n\n"
        'Example: opgave amend renkum --signatory "A. Schmidt-Çelik"'
    )
)
def amend(
    ctx: typer.Context,
    gemeente: PartyArgument,
    on: Annotated[
        str | None,
        typer.Option("--date", metavar=N_("YYYY-MM-DD"), help=N_("The date of signing.")),
    ] = None,
    place: PlaceOption = None,
    signatory: SignatoryOption = None,
    capacity: CapacityOption = None,
    evidence: EvidenceOption = None,
    clear: Annotated[
        list[str] | None,
        typer.Option(
            "--clear",
            metavar=N_("FIELD"),
            help=N_(
                "Remove a field: place, signatory, capacity or evidence (repeatable); "
                "--place '' does the same."
            ),
            show_default=False,
        ),
    ] = None,
    dry_run: DryRunOption = False,
) -> None:
    from ..domain.parties import status
    from ..domain.signatures import NotSigned
    from ..errors import RefusedError, UsageError
    from ..output.status import amend_message
    from ..store import session
    from ..workflows.amend import amend as correct

    removed = set(clear or [])
    for field in removed - {"place", "signatory", "capacity", "evidence", "date"}:
        raise UsageError(
            _("--clear {field}: choose place, signatory, capacity or evidence").format(field=field)
        )
    changes: dict[str, object] = {}
    for field, value in (("place", place), ("signatory", signatory), ("capacity", capacity)):
        if value is not None and not value.strip():
            removed.add(field)  # --place '' removes the place
        elif value is not None:
            changes[field] = value
    if on is not None:
        changes["date"] = parse_date(on)
    if not changes and not removed and evidence is None:
        raise UsageError(
            _(
                "nothing to amend: give --date, --place, --signatory, --capacity, --evidence "
                "or --clear FIELD"
            )
        )
    if "date" in removed:
        raise UsageError(_("--clear date: a signature always has a date; give --date to change it"))
    both = sorted(set(changes) & removed) or (
        ["evidence"] if evidence and "evidence" in removed else []
    )
    if both:
        raise UsageError(
            _("--{field} and --clear {field} contradict each other").format(field=both[0])
        )
    now = today()
    try:
        with session(state(ctx).resolve_data_dir(), now) as data:
            done = correct(data, gemeente, changes, removed, evidence=evidence, dry_run=dry_run)
    except NotSigned as exc:
        raise RefusedError(_("{error}; `opgave sign` records one").format(error=exc)) from None
    report = status(done.change.agreement, done.change.gemeenten, now)
    message = amend_message(done.party, done.signature, report, dry_run=dry_run)
    report_change(done.change, message, dry_run=dry_run)


@app.command(
    help=N_("Remove a recorded signature (a correction).\n\nExample: opgave unsign arnhem")
)
def unsign(ctx: typer.Context, gemeente: PartyArgument, dry_run: DryRunOption = False) -> None:
    from ..domain.parties import status
    from ..domain.signatures import NotSigned
    from ..errors import RefusedError
    from ..output.status import unsign_message
    from ..store import session
    from ..workflows.unsign import unsign as remove

    now = today()
    try:
        with session(state(ctx).resolve_data_dir(), now) as data:
            done = remove(data, gemeente, dry_run=dry_run)
    except NotSigned as exc:
        raise RefusedError(_("{error}; there is none to remove").format(error=exc)) from None
    report = status(done.change.agreement, done.change.gemeenten, now)
    report_change(done.change, unsign_message(done.party, report, dry_run=dry_run), dry_run=dry_run)
