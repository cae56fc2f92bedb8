"""Rules across fields and records that a schema cannot express. Pure: no I/O.

Each finding names the file and the field path; the loader turns the path into
a line and column.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .errors import Severity
from .loader.folder import AGREEMENT_FILE as AGREEMENT
from .loader.folder import GEMEENTEN_FILE as GEMEENTEN

if TYPE_CHECKING:
    from .models import Agreement, GemeentenFile, Signature


@dataclass(frozen=True)
class Finding:
    file: str  # AGREEMENT or GEMEENTEN
    path: tuple[str | int, ...]
    rule: str
    message: str
    severity: Severity = "error"
    at_key: bool = False


def signature_date_problem(
    signed: date, *, today: date | None, decision: date, term_end: date
) -> str | None:
    """Why a signature date is impossible, or None. The same rules for `sign` and `check`."""
    if today is not None and signed > today:
        return f"{signed} is in the future (today is {today})"
    if signed < decision:
        return (
            f"{signed} is before {decision}, the date of the dagelijks bestuur's decision "
            "that the agreement rests on"
        )
    if signed > term_end:
        return f"{signed} is after the end of the term ({term_end})"
    return None


def semantic_problems(
    agreement: Agreement, gemeenten: GemeentenFile, today: date | None
) -> list[Finding]:
    return [
        *_unique(gemeenten),
        *_speerpunten(agreement),
        *_signatures(agreement, gemeenten, today),
        *_contribution(agreement, gemeenten),
    ]


def _duplicates(values: Iterable[str]) -> Iterator[tuple[int, str, int]]:
    """(index, value, index of first occurrence) for each repeated value."""
    seen: dict[str, int] = {}
    for i, value in enumerate(values):
        key = value.casefold()
        if key in seen:
            yield i, value, seen[key]
        else:
            seen[key] = i


def _unique(gemeenten: GemeentenFile) -> Iterator[Finding]:
    rows = gemeenten.gemeenten
    for field in ("slug", "name", "cbs_code"):
        for i, value, first in _duplicates(getattr(g, field) for g in rows):
            yield Finding(
                GEMEENTEN,
                ("gemeenten", i, field),
                "unique",
                f"{field} '{value}' is used twice (also gemeenten[{first}])",
            )


def _speerpunten(agreement: Agreement) -> Iterator[Finding]:
    for i, speerpunt in enumerate(agreement.speerpunten):
        if speerpunt.number != i + 1:
            yield Finding(
                AGREEMENT,
                ("speerpunten", i, "number"),
                "numbering",
                f"speerpunt number {speerpunt.number} should be {i + 1}: "
                "numbers run from 1 in the order of the file",
            )
        if not speerpunt.activities:
            yield Finding(
                AGREEMENT,
                ("speerpunten", i, "activities"),
                "activities",
                f"speerpunt {speerpunt.number} has no activities",
            )
    for i, slug, first in _duplicates(s.slug for s in agreement.speerpunten):
        yield Finding(
            AGREEMENT,
            ("speerpunten", i, "slug"),
            "unique",
            f"slug '{slug}' is used twice (also speerpunten[{first}])",
        )


def _signatures(
    agreement: Agreement, gemeenten: GemeentenFile, today: date | None
) -> Iterator[Finding]:
    from .models import COUNTERPARTY_CAPACITIES, GEMEENTE_CAPACITIES

    cp = agreement.counterparty
    term_end = agreement.other.term.end
    parties: list[tuple[str, tuple[str | int, ...], Signature | None, tuple[str, ...]]] = [
        (GEMEENTEN, ("gemeenten", i), g.signature, GEMEENTE_CAPACITIES)
        for i, g in enumerate(gemeenten.gemeenten)
    ]
    parties.append((AGREEMENT, ("counterparty",), cp.signature, COUNTERPARTY_CAPACITIES))
    unsigned = []
    for file, path, signature, capacities in parties:
        if signature is None:
            unsigned.append(path)
            continue
        where = (*path, "signature")
        reason = signature_date_problem(
            signature.date, today=today, decision=cp.decision.date, term_end=term_end
        )
        if reason:
            yield Finding(file, (*where, "date"), "signature-date", reason)
        if signature.capacity is not None and signature.capacity not in capacities:
            yield Finding(
                file,
                (*where, "capacity"),
                "signature-capacity",
                f"capacity '{signature.capacity}' does not fit this party; "
                f"use {' or '.join(repr(c) for c in capacities)}",
            )
        missing = [f for f in ("place", "signatory") if getattr(signature, f) is None]
        if missing:
            yield Finding(
                file,
                where,
                "signature-incomplete",
                f"signature has no {' and no '.join(missing)}",
                "warning",
            )
    if today is not None and today > term_end and unsigned:
        yield Finding(
            AGREEMENT,
            ("other", "term", "end"),
            "term-ended",
            f"the term ended on {term_end} and {len(unsigned)} of {len(parties)} parties "
            "have not signed",
            "warning",
        )


def _contribution(agreement: Agreement, gemeenten: GemeentenFile) -> Iterator[Finding]:
    term = agreement.other.term
    for year in agreement.contribution.amounts:
        if not term.first_year <= year <= term.end.year:
            yield Finding(
                AGREEMENT,
                ("contribution", "amounts", year),
                "contribution-year",
                f"year {year} is outside the term ({term.first_year}-{term.end.year})",
                at_key=True,
            )
    for i, g in enumerate(gemeenten.gemeenten):
        if g.participates and g.inhabitants is None:
            yield Finding(
                GEMEENTEN,
                ("gemeenten", i),
                "inhabitants",
                f"{g.name} takes part in the opgave but has no inhabitants: "
                "its budget share cannot be computed",
                "warning",
            )
