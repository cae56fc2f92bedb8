"""Write commands: opgave sign and opgave unsign."""

import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from .app import app, complete_party, handle_errors, parse_date, state, today

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


def _find(query: str) -> Callable[..., Any]:
    def find(agreement: Any, gemeenten: Any) -> Any:
        from ..tracker import parties, resolve_party

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
    from .. import render
    from ..store import update_signature
    from ..tracker import check_signature, new_signature, status

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
        state(ctx).resolve_data_dir(), _find(gemeente), decide, today=now, dry_run=dry_run
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
        soft_wrap=True,
    )


@app.command()
@handle_errors
def unsign(ctx: typer.Context, gemeente: PartyArgument, dry_run: DryRunOption = False) -> None:
    """Remove a recorded signature (a correction).

    Example: opgave unsign arnhem
    """
    from .. import render
    from ..errors import RefusedError
    from ..store import update_signature
    from ..tracker import status

    now = today()
    removed: list[Any] = []

    def decide(agreement: Any, gemeenten: Any, party: Any) -> None:
        if party.signature is None:
            raise RefusedError(f"{party.name} has not signed; there is no signature to remove")
        removed.append(party.signature)

    change = update_signature(
        state(ctx).resolve_data_dir(), _find(gemeente), decide, today=now, dry_run=dry_run
    )
    report = status(change.agreement, change.gemeenten, now)
    if dry_run:
        sys.stdout.write(change.diff())
    render.stdout().print(
        render.unsign_message(change.party, removed[0], report, dry_run=dry_run),
        soft_wrap=True,
    )
