"""Rules across fields and records that a schema cannot express. Pure: no I/O.

Each finding names the file and the field path; the loader turns the path into
a line and column. The rules run on every record that can be read, whatever
is wrong elsewhere, so that `check` reports every problem in one run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from .errors import Severity
from .loader.folder import AGREEMENT_FILE as AGREEMENT
from .loader.folder import GEMEENTEN_FILE as GEMEENTEN
from .loader.folder import PAYMENTS_FILE as PAYMENTS

if TYPE_CHECKING:
    from .models import Agreement, Gemeente, Payment, Signature

PathKey = tuple[Any, ...]


@dataclass(frozen=True)
class Finding:
    file: str  # AGREEMENT, GEMEENTEN or PAYMENTS
    path: PathKey
    rule: str
    message: str
    severity: Severity = "error"
    at_key: bool = False


@dataclass(frozen=True)
class Records:
    """What the rules look at: each record that validated, with its index, and the
    parsed values of the municipalities (for uniqueness, valid or not)."""

    agreement: Agreement | None
    gemeenten: list[tuple[int, Gemeente]]
    raw_gemeenten: list[Any]
    payments: list[tuple[int, Payment]] = field(default_factory=list)
    gemeenten_complete: bool = True  # every municipality validated
    raw_counterparty: Any = None  # the counterparty as parsed (for uniqueness, valid or not)


def name_key(text: str) -> str:
    """How a person may type a name: case, spaces, hyphens and underscores do not
    matter ("Berg en Dal" == "berg-en-dal" == "BERGENDAL")."""
    return re.sub(r"[\s_\-]+", "", text.casefold())


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


def semantic_problems(records: Records, today: date | None) -> list[Finding]:
    found = list(_unique(records))
    agreement = records.agreement
    if agreement is not None:
        found += _speerpunten(agreement)
        found += _signatures(agreement, records, today)
        found += _contribution(agreement, records)
    found += _payments(agreement, records, today)
    found += _inhabitants(records)
    return found


def _unique(records: Records) -> Iterator[Finding]:
    """Slugs, names and CBS codes are unique, and slugs and names the way a person's input
    is resolved: one that another party's slug or name equals, ignoring case, spaces and
    hyphens, would make `opgave sign` pick the first silently."""
    owners: dict[str, list[tuple[int, str, str]]] = {}  # key -> (index, field, value)
    if records.agreement is not None:
        cp = records.agreement.counterparty
        counterparty = {"slug": cp.slug, "short_name": cp.short_name}
    else:  # an agreement.yaml with a problem elsewhere: its counterparty as written
        raw = records.raw_counterparty
        counterparty = raw if isinstance(raw, dict) else {}
    for field_name in ("slug", "short_name"):
        text = counterparty.get(field_name)
        if isinstance(text, str) and name_key(text):
            owners.setdefault(name_key(text), []).append((-1, field_name, text))
    codes: dict[str, int] = {}
    for i, item in enumerate(records.raw_gemeenten):
        if not isinstance(item, dict):
            continue
        reported: set[str] = set()  # a clash is reported once per record
        for key in ("slug", "name"):
            value = item.get(key)
            if not isinstance(value, str) or not name_key(value):
                continue
            others = [o for o in owners.get(name_key(value), []) if o[0] != i]
            owners.setdefault(name_key(value), []).append((i, key, value))
            if not others or name_key(value) in reported:
                continue
            reported.add(name_key(value))
            first = next((o for o in others if o[1] == key), others[0])
            where = "the counterparty" if first[0] < 0 else f"gemeenten[{first[0]}]"
            if first[1] == key and first[2] == value:
                message = f"{key} '{value}' is used twice (also {where})"
            else:
                message = (
                    f"{key} '{value}' is the same as {first[1]} '{first[2]}' of {where} "
                    "(case, spaces and hyphens aside)"
                )
            yield Finding(GEMEENTEN, ("gemeenten", i, key), "unique", message)
        code = item.get("cbs_code")
        if isinstance(code, str):
            if code.upper() in codes:
                yield Finding(
                    GEMEENTEN,
                    ("gemeenten", i, "cbs_code"),
                    "unique",
                    f"cbs_code '{code}' is used twice (also gemeenten[{codes[code.upper()]}])",
                )
            else:
                codes[code.upper()] = i


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
    seen: dict[str, int] = {}
    for i, s in enumerate(agreement.speerpunten):
        if s.slug in seen:
            yield Finding(
                AGREEMENT,
                ("speerpunten", i, "slug"),
                "unique",
                f"slug '{s.slug}' is used twice (also speerpunten[{seen[s.slug]}])",
            )
        seen.setdefault(s.slug, i)


def _signatures(agreement: Agreement, records: Records, today: date | None) -> Iterator[Finding]:
    from .models import COUNTERPARTY_CAPACITIES, GEMEENTE_CAPACITIES

    cp = agreement.counterparty
    term_end = agreement.other.term.end
    for i, g in records.gemeenten:
        if not g.participates and g.signature is not None:
            yield Finding(
                GEMEENTEN,
                ("gemeenten", i, "signature"),
                "signature-not-taking-part",
                f"{g.name} does not take part (participates: false) but has a signature, "
                f"which is not counted; remove it (opgave unsign {g.slug}) or set "
                "participates: true",
                "warning",  # contradictory, not unreadable: every command still works
            )
    # The parties to sign: a municipality that does not take part signs nothing.
    parties: list[tuple[str, PathKey, Signature | None, tuple[str, ...]]] = [
        (GEMEENTEN, ("gemeenten", i), g.signature, GEMEENTE_CAPACITIES)
        for i, g in records.gemeenten
        if g.participates
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
    if today is not None and today > term_end and unsigned and records.gemeenten_complete:
        yield Finding(
            AGREEMENT,
            ("other", "term", "end"),
            "term-ended",
            f"the term ended on {term_end} and {len(unsigned)} of {len(parties)} parties "
            "have not signed",
            "warning",
        )


def _contribution(agreement: Agreement, records: Records) -> Iterator[Finding]:
    term = agreement.other.term
    for year, amount in agreement.contribution.amounts.items():
        where = ("contribution", "amounts", year)
        if not term.first_year <= year <= term.end.year:
            yield Finding(
                AGREEMENT,
                where,
                "contribution-year",
                f"year {year} is outside the term ({term.first_year}-{term.end.year})",
                at_key=True,
            )
        missing = [
            g.name
            for _, g in records.gemeenten
            if g.participates and amount.inhabitants_at not in g.inhabitants
        ]
        if missing:
            names = ", ".join(missing[:3]) + (
                f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            )
            yield Finding(
                AGREEMENT,
                (*where, "inhabitants_at"),
                "inhabitants-at",
                f"the {year} amount is split on the inhabitants at {amount.inhabitants_at}, "
                f"but gemeenten.yaml has no count at that date for {names}",
            )


def _inhabitants(records: Records) -> Iterator[Finding]:
    for i, g in records.gemeenten:
        if g.participates and not g.inhabitants:
            yield Finding(
                GEMEENTEN,
                ("gemeenten", i),
                "inhabitants",
                f"{g.name} takes part in the opgave but has no inhabitants: "
                "its budget share cannot be computed",
                "warning",
            )


def _payments(
    agreement: Agreement | None, records: Records, today: date | None
) -> Iterator[Finding]:
    """The rules of each payment; those that need the agreement only where it validated."""
    if not records.payments:
        return
    from .contributions import payment_key, payment_problem

    by_slug = {g.slug: g for _, g in records.gemeenten}
    # A municipality that did not validate still has its slug, as written.
    written = {item.get("slug") for item in records.raw_gemeenten if isinstance(item, dict)}
    can_tell = records.gemeenten_complete or bool(records.raw_gemeenten)
    seen: dict[tuple[str, int, Any, str | None], int] = {}
    for i, payment in records.payments:
        where = ("payments", i)
        if can_tell and payment.gemeente not in by_slug and payment.gemeente not in written:
            yield Finding(
                PAYMENTS,
                (*where, "gemeente"),
                "payment-gemeente",
                f"no municipality with slug '{payment.gemeente}' in gemeenten.yaml",
            )
        gemeente = by_slug.get(payment.gemeente)
        problem = (
            None if agreement is None else payment_problem(payment, gemeente, agreement, today)
        )
        if problem is not None:
            field_name, message = problem
            yield Finding(PAYMENTS, (*where, field_name), "payment", message)
        key = payment_key(payment)
        if key in seen:
            yield Finding(
                PAYMENTS,
                where,
                "payment-duplicate",
                f"the same payment as payments[{seen[key]}] ({payment.gemeente}, "
                f"{payment.year}, {payment.amount}, reference {payment.reference or 'none'}); "
                "if both are real, give them different references",
                "warning",
            )
        seen.setdefault(key, i)
