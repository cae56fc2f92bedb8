"""Removing a signature recorded by mistake."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..domain.parties import parties, resolve_party
from ..domain.signatures import NotSigned

if TYPE_CHECKING:
    from ..domain.parties import Party
    from ..store import Change, Session


@dataclass(frozen=True)
class Unsigned:
    change: Change
    party: Party  # as it was: its signature is the one removed


def unsign(data: Session, query: str, *, dry_run: bool) -> Unsigned:
    party = resolve_party(query, parties(data.agreement, data.gemeenten))
    if party.signature is None:
        raise NotSigned(party)
    data.set_signature(party, None)
    return Unsigned(data.save(dry_run=dry_run), party)
