"""Pure logic: who has signed, name resolution, signature rules. Returns data, never prints."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from .errors import RefusedError, UsageError
from .formatting import roman
from .rules import signature_date_problem

if TYPE_CHECKING:
    from pydantic import ValidationError

    from .models import Agreement, Evidence, GemeentenFile, Signature, Speerpunt


@dataclass(frozen=True)
class Party:
    """A signatory: one of the municipalities, or the counterparty (the GMR)."""

    slug: str
    name: str
    signature: Signature | None
    is_counterparty: bool = False
    index: int = 0  # position in gemeenten.yaml
    participates: bool = True  # takes part in the opgave (a municipality may not)


def parties(agreement: Agreement, gemeenten: GemeentenFile) -> list[Party]:
    """The municipalities in the order of the signature blocks, then the GMR."""
    cp = agreement.counterparty
    return [
        *(
            Party(g.slug, g.name, g.signature, index=i, participates=g.participates)
            for i, g in enumerate(gemeenten.gemeenten)
        ),
        Party(cp.slug, cp.short_name, cp.signature, is_counterparty=True),
    ]


def parties_as_written(agreement: Any, gemeenten: Any) -> list[Party]:
    """The parties of data that does not validate, as far as its parsed values (or None)
    name them: each item of ``gemeenten`` and the ``counterparty`` with a slug."""

    def text(value: Any, key: str) -> str | None:
        found = value.get(key) if isinstance(value, dict) else None
        return found if isinstance(found, str) and found else None

    items = gemeenten.get("gemeenten") if isinstance(gemeenten, dict) else None
    found = [
        Party(slug, text(item, "name") or slug, None, index=i)
        for i, item in enumerate(items if isinstance(items, list) else [])
        if (slug := text(item, "slug"))
    ]
    cp = agreement.get("counterparty") if isinstance(agreement, dict) else None
    if slug := text(cp, "slug"):
        found.append(Party(slug, text(cp, "short_name") or slug, None, is_counterparty=True))
    return found


@dataclass(frozen=True)
class Status:
    title: str
    agreement_id: str
    parties: list[Party]
    signed: int  # municipalities that take part
    total: int  # municipalities that take part (one with participates: false signs nothing)
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
        if not self.unsigned_only:
            return self.parties
        return [p for p in self.parties if p.signature is None and p.participates]


def status(
    agreement: Agreement, gemeenten: GemeentenFile, today: date, *, unsigned_only: bool = False
) -> Status:
    everyone = parties(agreement, gemeenten)
    taking_part = [p for p in everyone if p.participates and not p.is_counterparty]
    return Status(
        title=agreement.title,
        agreement_id=agreement.id,
        parties=everyone,
        signed=sum(p.signature is not None for p in taking_part),
        total=len(taking_part),
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
    """A signature from option values: text stripped, capacity in any case, each value
    checked as the data file would check it (a usage error naming the option)."""
    from pydantic import ValidationError

    from .models import COUNTERPARTY_CAPACITIES, GEMEENTE_CAPACITIES, Signature

    allowed = COUNTERPARTY_CAPACITIES if party.is_counterparty else GEMEENTE_CAPACITIES
    for option in ("place", "signatory"):
        value = fields.get(option)
        if isinstance(value, str):
            if not value.strip():
                raise UsageError(f"--{option} must not be empty")
            if len(value) > MAX_NAME:
                raise UsageError(
                    f"--{option} is too long ({len(value):,} characters; at most {MAX_NAME})"
                )
            if any("\ud800" <= char <= "\udfff" for char in value):
                raise UsageError(f"--{option} is not text: it holds bytes that are not UTF-8")
            fields[option] = value.strip()
    capacity = fields.get("capacity")
    if isinstance(capacity, str):
        wanted = " ".join(capacity.casefold().split())
        if wanted not in allowed:
            raise UsageError(
                f"--capacity for {party.name} must be {' or '.join(repr(c) for c in allowed)}, "
                f"got {capacity!r}"
            )
        fields["capacity"] = wanted
    try:
        return Signature.model_validate(fields)
    except ValidationError as exc:
        raise UsageError(option_error(exc)) from None


MAX_NAME = 200  # characters of a place or a signatory: a name, not a document
AMENDABLE = ("date", "place", "signatory", "capacity", "evidence")


def amend_signature(party: Party, changes: dict[str, object], clear: set[str]) -> Signature:
    """The recorded signature with only the ``changes`` made and the ``clear`` fields
    removed; everything else as it was."""
    if party.signature is None:
        raise RefusedError(f"{party.name} has no signature recorded; `opgave sign` records one")
    if not changes and not clear:
        raise UsageError(
            "nothing to amend: give --date, --place, --signatory, --capacity, --evidence "
            "or --clear FIELD"
        )
    if "date" in clear:
        raise UsageError("--clear date: a signature always has a date; give --date to change it")
    both = sorted(set(changes) & clear)
    if both:
        raise UsageError(f"--{both[0]} and --clear {both[0]} contradict each other")
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
    if not party.participates:
        raise RefusedError(
            f"{party.name} does not take part in the opgave (participates: false in "
            "gemeenten.yaml), so it does not sign it"
        )
    if party.signature is not None and not force:
        raise RefusedError(
            f"{party.name} already signed on {party.signature.date}; `opgave amend` corrects "
            "some of its fields, --force replaces it, `opgave unsign` removes it"
        )
    if party.signature is not None and not date_given:
        raise UsageError(
            f"--force replaces {party.name}'s signature of {party.signature.date} and needs "
            "its --date (today is never taken for a replacement); `opgave amend` corrects "
            "only the fields you give"
        )
    reason = signature_date_problem(
        signature.date,
        today=today,
        decision=agreement.counterparty.decision.date,
        term_end=agreement.other.term.end,
    )
    if reason:
        hint = "" if date_given else " (no --date was given, so today; give --date YYYY-MM-DD)"
        raise RefusedError(f"cannot record a signature for {party.name}: {reason}{hint}")
