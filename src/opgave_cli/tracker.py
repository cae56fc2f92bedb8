"""Pure logic: who has signed, name resolution, signature rules. Returns data, never prints."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .errors import RefusedError, UsageError
from .formatting import roman
from .rules import signature_date_problem

if TYPE_CHECKING:
    from pydantic import ValidationError

    from .models import Agreement, GemeentenFile, Signature, Speerpunt


@dataclass(frozen=True)
class Party:
    """A signatory: one of the municipalities, or the counterparty (the GMR)."""

    slug: str
    name: str
    signature: Signature | None
    is_counterparty: bool = False
    index: int = 0  # position in gemeenten.yaml


def parties(agreement: Agreement, gemeenten: GemeentenFile) -> list[Party]:
    """The municipalities in the order of the signature blocks, then the GMR."""
    cp = agreement.counterparty
    return [
        *(Party(g.slug, g.name, g.signature, index=i) for i, g in enumerate(gemeenten.gemeenten)),
        Party(cp.slug, cp.short_name, cp.signature, is_counterparty=True),
    ]


@dataclass(frozen=True)
class Status:
    title: str
    agreement_id: str
    parties: list[Party]
    signed: int  # municipalities only
    total: int
    counterparty: Party
    term_end: date
    term_ended: bool
    unsigned_only: bool = False

    @property
    def gemeenten(self) -> list[Party]:
        return [p for p in self.parties if not p.is_counterparty]

    @property
    def shown(self) -> list[Party]:
        """The parties to list: all, or those still to sign."""
        return [p for p in self.parties if not (self.unsigned_only and p.signature)]


def status(
    agreement: Agreement, gemeenten: GemeentenFile, today: date, *, unsigned_only: bool = False
) -> Status:
    everyone = parties(agreement, gemeenten)
    municipalities = [p for p in everyone if not p.is_counterparty]
    return Status(
        title=agreement.title,
        agreement_id=agreement.id,
        parties=everyone,
        signed=sum(p.signature is not None for p in municipalities),
        total=len(municipalities),
        counterparty=everyone[-1],
        term_end=agreement.other.term.end,
        term_ended=today > agreement.other.term.end,
        unsigned_only=unsigned_only,
    )


# --- finding a party or a speerpunt by what a person types ----------------------


def _norm(text: str) -> str:
    """Case, spaces, hyphens and underscores do not matter: "Berg en Dal" == "berg-en-dal"."""
    return re.sub(r"[\s_\-]+", "", text.casefold())


def resolve_party(query: str, candidates: list[Party]) -> Party:
    """A party by slug or name, or a unique prefix of either; else a usage error that
    names the closest matches."""
    wanted = _norm(query)
    if not wanted:
        raise UsageError("no municipality given")
    exact = [p for p in candidates if wanted in (_norm(p.slug), _norm(p.name))]
    if exact:
        return exact[0]
    prefixed = [
        p
        for p in candidates
        if _norm(p.slug).startswith(wanted) or _norm(p.name).startswith(wanted)
    ]
    if len(prefixed) == 1:
        return prefixed[0]
    if prefixed:
        names = ", ".join(p.slug for p in prefixed)
        raise UsageError(f"'{query}' is ambiguous: it matches {names}")
    by_norm = {_norm(p.slug): p.slug for p in candidates}
    close = difflib.get_close_matches(wanted, list(by_norm), n=3, cutoff=0.6)
    hint = f"; did you mean: {', '.join(by_norm[c] for c in close)}?" if close else ""
    raise UsageError(f"unknown municipality '{query}'{hint} (opgave status lists them all)")


def select_speerpunt(query: str, speerpunten: list[Speerpunt]) -> Speerpunt:
    """A speerpunt by number (2), roman numeral (ii), or slug or a unique prefix of it."""
    wanted = query.strip().casefold().rstrip(".")
    for s in speerpunten:
        if wanted in (str(s.number), roman(s.number), s.slug):
            return s
    prefixed = [s for s in speerpunten if s.slug.startswith(wanted)] if wanted else []
    if len(prefixed) == 1:
        return prefixed[0]
    if prefixed:
        slugs = ", ".join(s.slug for s in prefixed)
        raise UsageError(f"'{query}' is ambiguous: it matches {slugs}")
    known = ", ".join(f"{s.number} ({roman(s.number)}, {s.slug})" for s in speerpunten)
    raise UsageError(f"unknown speerpunt '{query}'; choose one of {known}")


# --- signing --------------------------------------------------------------------


def new_signature(
    party: Party,
    agreement: Agreement,
    *,
    signed: date,
    place: str | None,
    signatory: str | None,
    capacity: str | None,
) -> Signature:
    """The signature to record. For the GMR, the signatory and capacity default to
    what its signature block says: "vertegenwoordigd door zijn voorzitter, H.M.F. Bruls"."""
    from pydantic import ValidationError

    from .models import COUNTERPARTY_CAPACITIES, GEMEENTE_CAPACITIES, Signature

    allowed = COUNTERPARTY_CAPACITIES if party.is_counterparty else GEMEENTE_CAPACITIES
    if party.is_counterparty:
        cp = agreement.counterparty
        signatory = signatory or cp.representative
        capacity = capacity or "voorzitter"
    if capacity is not None and capacity not in allowed:
        raise UsageError(
            f"--capacity for {party.name} must be {' or '.join(repr(c) for c in allowed)}, "
            f"got {capacity!r}"
        )
    for option, value in (("--place", place), ("--signatory", signatory)):
        if value is not None and not value.strip():
            raise UsageError(f"{option} must not be empty")
    try:
        return Signature(
            date=signed,
            place=place.strip() if place else None,
            signatory=signatory.strip() if signatory else None,
            capacity=capacity,
        )
    except ValidationError as exc:
        raise UsageError(option_error(exc)) from None


def option_error(exc: ValidationError) -> str:
    """A model's validation error as the command line sees it: ``--place: message``."""
    err = exc.errors(include_url=False)[0]
    option = "--" + str(err["loc"][0]).replace("_", "-") if err["loc"] else "value"
    message = str(err["ctx"]["error"]) if err["type"] == "value_error" else str(err["msg"])
    return f"{option}: {message}"


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
    reason = signature_date_problem(
        signature.date,
        today=today,
        decision=agreement.counterparty.decision.date,
        term_end=agreement.other.term.end,
    )
    if reason:
        hint = "" if date_given else " (no --date was given, so today; give --date YYYY-MM-DD)"
        raise RefusedError(f"cannot record a signature for {party.name}: {reason}{hint}")
    if party.signature is not None and not force:
        raise RefusedError(
            f"{party.name} already signed on {party.signature.date}; "
            "use --force to replace that signature, or `opgave unsign` to remove it"
        )
