"""The parties to the agreement: who they are, who has signed, and finding one (or a
speerpunt) by what a person types. Pure: returns data, never prints."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..i18n import _
from ..text import name_key, roman

if TYPE_CHECKING:
    from .models import Agreement, GemeentenFile, Signature, Speerpunt


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


class Parties:
    """The parties, indexed by how a person may type them (``name_key`` of the slug and
    of the name), so that finding one of thousands, thousands of times (the rows of a
    long CSV) is a lookup, not a search."""

    def __init__(self, candidates: list[Party]) -> None:
        self.candidates = candidates
        self.exact: dict[str, Party] = {}
        for party in candidates:
            for key in (name_key(party.slug), name_key(party.name)):
                self.exact.setdefault(key, party)

    def find(self, query: str) -> Party:
        """A party by slug or name, or a unique prefix of either; else a usage error that
        names the closest matches."""
        wanted = name_key(query)
        if not wanted:
            raise UsageError(_("no municipality given"))
        if wanted in self.exact:
            return self.exact[wanted]
        prefixed = [
            p
            for p in self.candidates
            if name_key(p.slug).startswith(wanted) or name_key(p.name).startswith(wanted)
        ]
        if len(prefixed) == 1:
            return prefixed[0]
        if prefixed:
            names = ", ".join(p.slug for p in prefixed)
            raise UsageError(
                _("'{query}' is ambiguous: it matches {names}").format(query=query, names=names)
            )
        hint = did_you_mean(query, [p.slug for p in self.candidates])
        raise UsageError(
            _("unknown municipality '{query}'{hint} (opgave status lists them all)").format(
                query=query, hint=hint
            )
        )


def did_you_mean(query: str, slugs: list[str]) -> str:
    """``; did you mean: arnhem?``, the closest slugs to what was typed, or nothing."""
    by_norm = {name_key(slug): slug for slug in slugs}
    close = difflib.get_close_matches(name_key(query), list(by_norm), n=3, cutoff=0.6)
    if not close:
        return ""
    return _("; did you mean: {slugs}?").format(slugs=", ".join(by_norm[c] for c in close))


def resolve_party(query: str, candidates: list[Party]) -> Party:
    """A party by slug or name, or a unique prefix of either (see ``Parties.find``)."""
    return Parties(candidates).find(query)


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
        raise UsageError(
            _("'{query}' is ambiguous: it matches {names}").format(query=query, names=slugs)
        )
    known = ", ".join(f"{s.number} ({roman(s.number)}, {s.slug})" for s in speerpunten)
    raise UsageError(
        _("unknown speerpunt '{query}'; choose one of {known}").format(query=query, known=known)
    )
