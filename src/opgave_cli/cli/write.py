"""Write commands for signatures: opgave sign (one, or many --from a CSV), amend, unsign."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .app import app, complete_party, parse_date, state, today

if TYPE_CHECKING:
    from ..models import Signature
    from ..store import Change, Session
    from ..tracker import Party

PARTY = typer.Argument(
    metavar="PARTY",
    help="Slug or name of a municipality (any case, spaces or hyphens, or a unique "
    "start), or the counterparty's slug for its countersignature.",
    autocompletion=complete_party,
    show_default=False,
)
PartyArgument = Annotated[str, PARTY]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Print the change as a diff; write nothing.")
]
PlaceOption = Annotated[
    str | None, typer.Option("--place", help='Where it was signed: the "te ..." of the block.')
]
SignatoryOption = Annotated[
    str | None, typer.Option("--signatory", help="Name of the person who signed.")
]
CapacityOption = Annotated[
    str | None,
    typer.Option(
        "--capacity",
        help="burgemeester or 'namens de burgemeester' (the counterparty: voorzitter), "
        "in any case.",
    ),
]
EvidenceOption = Annotated[
    Path | None,
    typer.Option(
        "--evidence",
        help="The scanned signed page, inside the data's repository: its path and SHA-256 "
        "are recorded.",
        show_default=False,
    ),
]


@app.command()
def sign(
    ctx: typer.Context,
    gemeente: Annotated[str | None, PARTY] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--date", help="Date of signing, YYYY-MM-DD [default: today].", show_default=False
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
            help="Record every row of this CSV (party,date,place,signatory,capacity) in one "
            "write, or nothing.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace a recorded signature (needs --date)."),
    ] = False,
    dry_run: DryRunOption = False,
) -> None:
    """Record a signature in the data (one line changes).

    Example: opgave sign arnhem --date 2023-02-01 --place Arnhem --signatory "A. Marcouch"
    """
    from ..errors import UsageError
    from ..store import session

    if from_csv is not None:
        given = [o for o, v in (("PARTY", gemeente), ("--date", on), ("--place", place),
                 ("--signatory", signatory), ("--capacity", capacity),
                 ("--evidence", evidence)) if v is not None]  # fmt: skip
        if given:
            raise UsageError(f"--from takes every value from the file; {given[0]} goes without it")
        return _sign_many(ctx, from_csv, force=force, dry_run=dry_run)
    if gemeente is None:
        raise UsageError("Missing argument 'PARTY' or --from FILE.csv (see `opgave sign --help`)")
    now = today()
    data_dir = state(ctx).resolve_data_dir()
    with session(data_dir, now) as data:
        party, signature = _plan(
            data, gemeente, on, place, signatory, capacity, evidence, force=force
        )
        change = data.save(dry_run=dry_run)
    _report(change, dry_run, [(party, signature, on is None)])


def _plan(
    data: "Session",
    query: str,
    on: str | None,
    place: str | None,
    signatory: str | None,
    capacity: str | None,
    evidence: Path | None,
    *,
    force: bool,
    date_label: str = "--date",
) -> "tuple[Party, Signature]":
    """Plan one signature on the session, by the rules of `sign`."""
    from .. import evidence as proof
    from ..tracker import check_signature, new_signature, parties, resolve_party

    now = data.today
    party = resolve_party(query, parties(data.agreement, data.gemeenten))
    signature = new_signature(
        party, data.agreement, signed=parse_date(on, date_label) if on is not None else now,
        place=place, signatory=signatory, capacity=capacity,
        evidence=proof.record(evidence, data.data_dir) if evidence is not None else None,
    )  # fmt: skip
    check_signature(party, signature, data.agreement, now, force=force, date_given=on is not None)
    data.set_signature(party, signature)
    return party, signature


def _sign_many(ctx: typer.Context, file: Path, *, force: bool, dry_run: bool) -> None:
    from ..batch import RowsError, decode, read_rows
    from ..errors import OpgaveError
    from ..loader.folder import read_input
    from ..store import session

    name = str(file)
    rows = read_rows(decode(read_input(file, 1024 * 1024), name), name)
    now = today()
    planned = []
    problems: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    with session(state(ctx).resolve_data_dir(), now) as data:
        for row in rows:
            if row.problem is not None:
                problems.append((row.line, row.problem))
                continue
            try:
                party, signature = _plan(
                    data, row.get("party") or "", row.get("date"), row.get("place"),
                    row.get("signatory"), row.get("capacity"),
                    Path(row.get("evidence") or "") if row.get("evidence") else None,
                    force=force, date_label="date",
                )  # fmt: skip
            except OpgaveError as exc:
                problems.append((row.line, str(exc)))
                continue
            if party.slug in seen:
                problems.append((row.line, f"{party.name} is listed twice (also line "
                                           f"{seen[party.slug]})"))  # fmt: skip
                continue
            seen[party.slug] = row.line
            planned.append((party, signature, False))
        if problems:
            raise RowsError(name, problems)
        change = data.save(dry_run=dry_run)
    _report(change, dry_run, planned)


def _report(
    change: "Change", dry_run: bool, planned: "list[tuple[Party, Signature, bool]]"
) -> None:
    """The diff (dry run), then one line per recorded signature."""
    from ..output import Out
    from ..output.status import count_line, sign_message
    from ..tracker import status

    _landed(change, dry_run)
    if dry_run:
        sys.stdout.write(change.diff())
    report = status(change.agreement, change.gemeenten, today())
    out = Out()
    one = len(planned) == 1
    for party, signature, defaulted in planned:
        message = sign_message(
            party, signature, report, defaulted=defaulted, dry_run=dry_run, count=one
        )
        out.print(message, soft_wrap=True)
    if not one:
        out.print(count_line(report), soft_wrap=True)


@app.command()
def amend(
    ctx: typer.Context,
    gemeente: PartyArgument,
    on: Annotated[
        str | None, typer.Option("--date", help="The date of signing, YYYY-MM-DD.")
    ] = None,
    place: PlaceOption = None,
    signatory: SignatoryOption = None,
    capacity: CapacityOption = None,
    evidence: EvidenceOption = None,
    clear: Annotated[
        list[str] | None,
        typer.Option(
            "--clear",
            metavar="FIELD",
            help="Remove a field: place, signatory, capacity or evidence (repeatable); "
            "--place '' does the same.",
            show_default=False,
        ),
    ] = None,
    dry_run: DryRunOption = False,
) -> None:
    """Correct only the given fields of a recorded signature; keep the rest.

    Example: opgave amend renkum --signatory "A. Schmidt-Çelik"
    """
    from .. import evidence as proof
    from ..errors import UsageError
    from ..output.status import amend_message
    from ..store import session
    from ..tracker import amend_signature, check_signature, parties, resolve_party, status

    removed = set(clear or [])
    for field in removed - {"place", "signatory", "capacity", "evidence", "date"}:
        raise UsageError(f"--clear {field}: choose place, signatory, capacity or evidence")
    changes: dict[str, object] = {}
    for field, value in (("place", place), ("signatory", signatory), ("capacity", capacity)):
        if value is not None and not value.strip():
            removed.add(field)  # --place '' removes the place
        elif value is not None:
            changes[field] = value
    if on is not None:
        changes["date"] = parse_date(on)
    now = today()
    with session(state(ctx).resolve_data_dir(), now) as data:
        party = resolve_party(gemeente, parties(data.agreement, data.gemeenten))
        if evidence is not None:
            changes["evidence"] = proof.record(evidence, data.data_dir)
        signature = amend_signature(party, changes, removed)
        check_signature(party, signature, data.agreement, now, force=True)
        data.set_signature(party, signature)
        change = data.save(dry_run=dry_run)
    _landed(change, dry_run)
    if dry_run:
        sys.stdout.write(change.diff())
    report = status(change.agreement, change.gemeenten, now)
    _echo(amend_message(party, signature, report, dry_run=dry_run))


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
            raise RefusedError(f"{party.name} has no signature recorded; there is none to remove")
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
