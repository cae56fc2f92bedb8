"""The audit trail's entry: one change of one field of a party's signature, or one payment
line, as git's history of the data records it. Pure."""

from __future__ import annotations

from dataclasses import dataclass

SIGNATURE_FIELDS = ("date", "place", "signatory", "capacity", "evidence")


@dataclass(frozen=True, slots=True)
class Entry:
    """One change of one field of one party's signature, or one payment line."""

    commit: str | None  # short hash; None: not committed yet
    author: str | None  # the author's name; None when not committed
    date: str | None  # committer date, "YYYY-MM-DD HH:MM:SS +ZZZZ"; None when not committed
    party: str  # the slug of the municipality or of the counterparty
    field: str  # date, place, signatory, capacity, evidence (or another key); payment
    before: str | None
    after: str | None
