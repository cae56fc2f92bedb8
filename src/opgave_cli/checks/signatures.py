"""The checks of the signatures: by the same rules as `opgave sign`. Pure."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from ..domain.dates import window_problem
from ..i18n import _, ngettext
from ..text import day, either
from .records import AGREEMENT, GEMEENTEN, Finding, PathKey, Records, Which

if TYPE_CHECKING:
    from ..domain.models import Signature


def signatures(records: Records, today: date | None) -> Iterator[Finding]:
    """Each signature's date in its window, a capacity that fits the party, place and
    signatory given; a signature of a party that does not take part; the term ended with
    parties unsigned."""
    from ..domain.models import COUNTERPARTY_CAPACITIES, GEMEENTE_CAPACITIES

    agreement = records.agreement
    if agreement is None:
        return
    cp = agreement.counterparty
    term_end = agreement.other.term.end
    for i, g in records.gemeenten:
        if not g.participates and g.signature is not None:
            yield Finding(
                GEMEENTEN,
                ("gemeenten", i, "signature"),
                "signature-not-taking-part",
                _(
                    "{name} does not take part (participates: false) but has a signature, "
                    "which is not counted; remove it (opgave unsign {slug}) or set "
                    "participates: true"
                ).format(name=g.name, slug=g.slug),
                "warning",  # contradictory, not unreadable: every command still works
            )
    # The parties to sign: a municipality that does not take part signs nothing.
    parties: list[tuple[Which, PathKey, Signature | None, tuple[str, ...]]] = [
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
        reason = window_problem(
            signature.date, today=today, decision=cp.decision.date, until=term_end
        )
        if reason:
            yield Finding(file, (*where, "date"), "signature-date", reason)
        if signature.capacity is not None and signature.capacity not in capacities:
            yield Finding(
                file,
                (*where, "capacity"),
                "signature-capacity",
                _("capacity '{capacity}' does not fit this party; use {capacities}").format(
                    capacity=signature.capacity, capacities=either([repr(c) for c in capacities])
                ),
            )
        missing = [f for f in ("place", "signatory") if getattr(signature, f) is None]
        if missing:
            yield Finding(
                file,
                where,
                "signature-incomplete",
                _("signature has no {field}").format(field=missing[0])
                if len(missing) == 1
                else _("signature has no {field} and no {other}").format(
                    field=missing[0], other=missing[1]
                ),
                "warning",
            )
    if today is not None and today > term_end and unsigned and records.gemeenten_complete:
        yield Finding(
            AGREEMENT,
            ("other", "term", "end"),
            "term-ended",
            ngettext(
                "the term ended on {day} and {count} of {total} parties have not signed",
                "the term ended on {day} and {count} of {total} parties have not signed",
                len(unsigned),
            ).format(day=day(term_end), count=len(unsigned), total=len(parties)),
            "warning",
        )
