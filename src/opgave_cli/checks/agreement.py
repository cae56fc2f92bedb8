"""The checks of the agreement itself: its speerpunten, and the years of its amounts. Pure."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..domain.dates import year_problem
from ..i18n import _
from ..text import day
from .records import AGREEMENT, Finding, Records


def speerpunten(records: Records, today: date | None) -> Iterator[Finding]:
    """Speerpunten numbered from 1 in the order of the file, each with activities, each
    slug once."""
    agreement = records.agreement
    if agreement is None:
        return
    for i, speerpunt in enumerate(agreement.speerpunten):
        if speerpunt.number != i + 1:
            yield Finding(
                AGREEMENT,
                ("speerpunten", i, "number"),
                "numbering",
                _(
                    "speerpunt number {number} should be {expected}: "
                    "numbers run from 1 in the order of the file"
                ).format(number=speerpunt.number, expected=i + 1),
            )
        if not speerpunt.activities:
            yield Finding(
                AGREEMENT,
                ("speerpunten", i, "activities"),
                "activities",
                _("speerpunt {number} has no activities").format(number=speerpunt.number),
            )
    seen: dict[str, int] = {}
    for i, s in enumerate(agreement.speerpunten):
        if s.slug in seen:
            yield Finding(
                AGREEMENT,
                ("speerpunten", i, "slug"),
                "unique",
                _("slug '{slug}' is used twice (also speerpunten[#{number}])").format(
                    slug=s.slug, number=seen[s.slug] + 1
                ),
            )
        seen.setdefault(s.slug, i)


def contribution_years(records: Records, today: date | None) -> Iterator[Finding]:
    """Each year's amount in the term, with counts at its date for every municipality
    that takes part."""
    agreement = records.agreement
    if agreement is None:
        return
    term = agreement.other.term
    for year, amount in agreement.contribution.amounts.items():
        where = ("contribution", "amounts", year)
        outside = year_problem(year, term)
        if outside:
            yield Finding(AGREEMENT, where, "contribution-year", outside, at_key=True)
        missing = [
            g.name
            for _, g in records.gemeenten
            if g.participates and amount.inhabitants_at not in g.inhabitants
        ]
        if missing:
            names = ", ".join(missing[:3])
            if len(missing) > 3:
                names = _("{names} and {count} more").format(names=names, count=len(missing) - 3)
            yield Finding(
                AGREEMENT,
                (*where, "inhabitants_at"),
                "inhabitants-at",
                _(
                    "the {year} amount is split on the inhabitants at {day}, "
                    "but gemeenten.yaml has no count at that date for {names}"
                ).format(year=year, day=day(amount.inhabitants_at), names=names),
            )
