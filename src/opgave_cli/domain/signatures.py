"""Signatures: a new one from what was given, a correction of some of its fields, and the
rules a signature must meet. Pure: returns data or raises domain errors, never prints.

A value given for a field that the rules refuse is a ``FieldError`` naming the field
(``place``); the command line calls it by its option, a CSV file by its column.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..errors import FieldError, RefusedError, UsageError
from ..i18n import _
from ..text import day, either, number
from .dates import window_problem

if TYPE_CHECKING:
    from pydantic import ValidationError

    from .models import Agreement, Evidence, Signature
    from .parties import Party


def new_signature(
    party: Party,
    agreement: Agreement,
    *,
    signed: date,
    place: str | None,
    signatory: str | None,
    capacity: str | None,
    evidence: Evidence | None = None,
) -> Signature:
    """The signature to record. For the counterparty, the signatory and capacity default
    to what its signature block says ("vertegenwoordigd door zijn voorzitter, ...")."""
    if party.is_counterparty:
        cp = agreement.counterparty
        signatory = signatory or cp.representative
        capacity = capacity or "voorzitter"
    fields = {"date": signed, "place": place, "signatory": signatory, "capacity": capacity}
    return _signature(party, {**fields, "evidence": evidence})


def _signature(party: Party, fields: dict[str, object]) -> Signature:
    """A signature from given values: text stripped, capacity in any case, each value
    checked as the data file would check it (a FieldError naming the field)."""
    from pydantic import ValidationError

    from .models import COUNTERPARTY_CAPACITIES, GEMEENTE_CAPACITIES, Signature

    allowed = COUNTERPARTY_CAPACITIES if party.is_counterparty else GEMEENTE_CAPACITIES
    for name in ("place", "signatory"):
        value = fields.get(name)
        if isinstance(value, str):
            if not value.strip():
                raise FieldError(name, _("{field} must not be empty"))
            if len(value) > MAX_NAME:
                raise FieldError(
                    name,
                    _("{field} is too long ({count} characters; at most {most})").format(
                        field="{field}", count=number(len(value)), most=MAX_NAME
                    ),
                )
            if any("\ud800" <= char <= "\udfff" for char in value):
                raise FieldError(name, _("{field} is not text: it holds bytes that are not UTF-8"))
            fields[name] = value.strip()
    capacity = fields.get("capacity")
    if isinstance(capacity, str):
        wanted = " ".join(capacity.casefold().split())
        if wanted not in allowed:
            raise FieldError(
                "capacity",
                _("{field} for {party} must be {capacities}, got {value}").format(
                    field="{field}",
                    party=party.name,
                    capacities=either([repr(c) for c in allowed]),
                    value=repr(capacity),
                ),
            )
        fields["capacity"] = wanted
    try:
        return Signature.model_validate(fields)
    except ValidationError as exc:
        raise field_error(exc) from None


MAX_NAME = 200  # characters of a place or a signatory: a name, not a document
AMENDABLE = ("date", "place", "signatory", "capacity", "evidence")


def amend_signature(party: Party, changes: dict[str, object], clear: set[str]) -> Signature:
    """The recorded signature with only the ``changes`` made and the ``clear`` fields
    removed (never the date); everything else as it was."""
    if party.signature is None:
        raise NotSigned(party)
    assert "date" not in clear, "a signature always has a date"
    fields: dict[str, object] = party.signature.model_dump(exclude_none=True)
    fields.pop("evidence", None)
    for name in clear:
        fields.pop(name, None)
    return _signature(
        party,
        {
            **fields,
            "evidence": None if "evidence" in clear else party.signature.evidence,
            **changes,
        },
    )


def changed_fields(
    before: Signature | None, after: Signature | None
) -> list[tuple[str, object, object]]:
    """``(field, before, after)`` for each field that differs (None: not set)."""
    old = before.model_dump() if before else {}
    new = after.model_dump() if after else {}
    return [
        (name, old.get(name), new.get(name)) for name in AMENDABLE if old.get(name) != new.get(name)
    ]


def field_error(exc: ValidationError) -> FieldError:
    """A model's validation error of one given value, as a FieldError naming its field."""
    err = exc.errors(include_url=False)[0]
    field = str(err["loc"][0]) if err["loc"] else "value"
    message = str(err["ctx"]["error"]) if err["type"] == "value_error" else str(err["msg"])
    return FieldError(field, f"{{field}}: {message}")


class NotSigned(RefusedError):
    """A correction of a signature that is not there."""

    def __init__(self, party: Party) -> None:
        super().__init__(_("{party} has no signature recorded").format(party=party.name))
        self.party = party


class AlreadySigned(RefusedError):
    """A second signature of a party that has signed (without ``force``)."""

    def __init__(self, party: Party, signed: date) -> None:
        super().__init__(
            _("{party} already signed on {day}").format(party=party.name, day=day(signed))
        )
        self.party, self.signed = party, signed


class ReplacementNeedsDate(UsageError):
    """Replacing a signature needs its date: today is never taken for a replacement."""

    def __init__(self, party: Party, signed: date) -> None:
        super().__init__(
            _(
                "replacing {party}'s signature of {day} needs its date (today is never "
                "taken for a replacement)"
            ).format(party=party.name, day=day(signed))
        )
        self.party, self.signed = party, signed


class DateRefused(RefusedError):
    """A date of signing outside its window; ``defaulted``: the date was today's because
    none was given."""

    def __init__(self, party: Party, reason: str, *, defaulted: bool) -> None:
        super().__init__(
            _("cannot record a signature for {party}: {reason}").format(
                party=party.name, reason=reason
            )
        )
        self.defaulted = defaulted


def check_signature(
    party: Party,
    signature: Signature,
    agreement: Agreement,
    today: date,
    *,
    force: bool,
    date_given: bool = True,
) -> None:
    """Refuse a signature that the agreement's rules do not allow (exit 1)."""
    if not party.participates:
        raise RefusedError(
            _(
                "{party} does not take part in the opgave (participates: false in "
                "gemeenten.yaml), so it does not sign it"
            ).format(party=party.name)
        )
    if party.signature is not None and not force:
        raise AlreadySigned(party, party.signature.date)
    if party.signature is not None and not date_given:
        raise ReplacementNeedsDate(party, party.signature.date)
    reason = window_problem(
        signature.date,
        today=today,
        decision=agreement.counterparty.decision.date,
        until=agreement.other.term.end,
    )
    if reason:
        raise DateRefused(party, reason, defaulted=not date_given)


@dataclass(frozen=True)
class EvidenceCheck:
    """One recorded evidence file verified: ``problem`` is None when it is there and its
    hash matches."""

    party: str  # its name
    file: str  # as recorded
    problem: str | None
