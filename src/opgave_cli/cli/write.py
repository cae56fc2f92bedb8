"""Write commands: opgave sign and opgave unsign."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from .app import app, complete_party, parse_date, state, today

if TYPE_CHECKING:
    from ..store import Change

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


@app.command()
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
    from ..output.status import sign_message
    from ..store import session
    from ..tracker import check_signature, new_signature, parties, resolve_party, status

    now = today()
    signed = parse_date(on) if on is not None else now
    with session(state(ctx).resolve_data_dir(), now) as data:
        party = resolve_party(gemeente, parties(data.agreement, data.gemeenten))
        signature = new_signature(
            party, data.agreement, signed=signed, place=place, signatory=signatory,
            capacity=capacity,
        )  # fmt: skip
        check_signature(
            party, signature, data.agreement, now, force=force, date_given=on is not None
        )
        data.set_signature(party, signature)
        change = data.save(dry_run=dry_run)
    _landed(change, dry_run)
    if dry_run:
        sys.stdout.write(change.diff())
    message = sign_message(
        party, signature, status(change.agreement, change.gemeenten, now),
        defaulted=on is None, dry_run=dry_run,
    )  # fmt: skip
    _echo(message)


@app.command()
def unsign(ctx: typer.Context, gemeente: PartyArgument, dry_run: DryRunOption = False) -> None:
    """Remove a recorded signature (a correction).

    Example: opgave unsign arnhem
    """
    from ..errors import RefusedError
    from ..output.status import unsign_message
    from ..store import session
    from ..tracker import parties, resolve_party, status

    now = today()
    with session(state(ctx).resolve_data_dir(), now) as data:
        party = resolve_party(gemeente, parties(data.agreement, data.gemeenten))
        if party.signature is None:
            raise RefusedError(f"{party.name} has not signed; there is no signature to remove")
        data.set_signature(party, None)
        change = data.save(dry_run=dry_run)
    _landed(change, dry_run)
    if dry_run:
        sys.stdout.write(change.diff())
    _echo(unsign_message(party, status(change.agreement, change.gemeenten, now), dry_run=dry_run))


def _landed(change: "Change", dry_run: bool) -> None:
    """From here on, the run succeeds even if its confirmation cannot be printed."""
    from ..boundary import landed
    from ..loader import display_name

    if not dry_run and change.edits:
        files = ", ".join(display_name(e.file) for e in change.edits)
        landed(f"the change was written to {files}")


def _echo(message: str) -> None:
    from ..output import Out

    Out().print(message, soft_wrap=True)
