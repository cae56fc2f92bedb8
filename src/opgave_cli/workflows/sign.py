"""Recording one signature: the party found by what was typed, the signature by the rules
of the agreement, one line changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.parties import parties, resolve_party
from ..domain.signatures import check_signature, new_signature

if TYPE_CHECKING:
    from ..domain.models import Signature
    from ..domain.parties import Party
    from ..store import Change, Session


@dataclass(frozen=True)
class Planned:
    """A signature planned on a session: the party as it was, and what it gets."""

    party: Party
    signature: Signature
    defaulted: bool  # no date was given: it is today's


@dataclass(frozen=True)
class Signed:
    change: Change
    planned: list[Planned]


def plan(
    data: Session,
    party: Party,
    *,
    on: date | None,
    place: str | None,
    signatory: str | None,
    capacity: str | None,
    evidence: Path | None,
    force: bool,
) -> Planned:
    """Plan the signature of ``party`` on the session, by the rules of `sign` (``on``: None
    for today)."""
    from ..sources.evidence import record

    signature = new_signature(
        party, data.agreement, signed=on or data.today, place=place, signatory=signatory,
        capacity=capacity, evidence=record(evidence, data.data_dir) if evidence else None,
    )  # fmt: skip
    check_signature(party, signature, data.agreement, data.today, force=force,
                    date_given=on is not None)  # fmt: skip
    data.set_signature(party, signature)
    return Planned(party, signature, defaulted=on is None)


def sign(
    data: Session,
    query: str,
    *,
    on: date | None,
    place: str | None,
    signatory: str | None,
    capacity: str | None,
    evidence: Path | None,
    force: bool,
    dry_run: bool,
) -> Signed:
    """Record one signature (``dry_run``: validate it, write nothing)."""
    party = resolve_party(query, parties(data.agreement, data.gemeenten))
    planned = plan(data, party, on=on, place=place, signatory=signatory, capacity=capacity,
                   evidence=evidence, force=force)  # fmt: skip
    return Signed(data.save(dry_run=dry_run), [planned])
