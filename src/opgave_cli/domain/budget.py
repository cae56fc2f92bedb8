"""Budget shares: split an annual amount over the participating municipalities.

Pure: no I/O, no printing. Each participating municipality's share is its
inhabitants divided by the inhabitants of all participating municipalities
(DESIGN.md, "Budget shares"). Shares, percentages and amounts are each split
with the largest remainder method in exact integer arithmetic (never float),
so they add up to exactly 1.000000, 100.00 and the total, to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from ..errors import FieldError, RefusedError, UsageError
from ..i18n import _, ngettext
from ..text import day
from .dates import year_problem
from .money import AmountError, cents, fixed, largest_remainder, read_amount

if TYPE_CHECKING:
    from .models import Agreement, Gemeente, GemeentenFile, InhabitantsSource

Source = Literal["data", "what-if", "none"]
Sort = Literal["share", "name"]
SORTS: dict[str, Sort] = {"share": "share", "name": "name"}  # --sort

SHARE_UNITS = 1_000_000  # shares in millionths: 6 decimals
PERCENT_UNITS = 10_000  # percentages in hundredths of a percent: 2 decimals


@dataclass(frozen=True)
class ShareRow:
    """One participating municipality's share of the budget."""

    slug: str
    name: str
    inhabitants: int
    share: Decimal  # 6 decimals; the shares of a report add up to exactly 1.000000
    percent: Decimal  # 2 decimals; the percentages add up to exactly 100.00
    amount: Decimal | None  # 2 decimals (euro); add up to exactly the total; None: no total


@dataclass(frozen=True)
class BudgetReport:
    title: str  # the agreement's
    counterparty: str  # its short name, whose begroting sets the amounts
    year: int | None
    total: Decimal | None  # euro with exactly 2 decimals; None when unknown
    reference_date: date  # of the inhabitant counts
    counts: InhabitantsSource  # where the counts come from, as the data says
    not_taking_part: list[str]  # names of the municipalities that do not take part
    years_with_amounts: list[int]  # the years with an amount in the data
    rows: list[ShareRow]
    sum_amount: Decimal | None  # the sum of the rows' amounts (== total); None when unknown
    source: Source  # "data": the agreement's amount for the year; "what-if": given; "none"
    stated_date: date | None = None  # the date the data splits the year's amount on

    @property
    def sum_inhabitants(self) -> int:
        return sum(r.inhabitants for r in self.rows)

    @property
    def sum_percent(self) -> Decimal:
        """Exactly 100.00: the percentages are split by largest remainder."""
        return sum((r.percent for r in self.rows), Decimal(0))


def latest_date(gemeenten_file: GemeentenFile) -> date | None:
    """The latest reference date at which the data has counts, or None."""
    return max((d for g in gemeenten_file.gemeenten for d in g.inhabitants), default=None)


def _participants(gemeenten_file: GemeentenFile, when: date) -> list[tuple[Gemeente, int]]:
    participating = [g for g in gemeenten_file.gemeenten if g.participates]
    if not participating:
        raise RefusedError(
            _(
                "cannot compute budget shares: no municipality in gemeenten.yaml takes part "
                "in the opgave (participates: true)"
            )
        )
    missing = [g.name for g in participating if when not in g.inhabitants]
    if len(missing) == len(participating) > 1:
        known = sorted({d for g in gemeenten_file.gemeenten for d in g.inhabitants})
        has = _(" (it has {dates})").format(dates=", ".join(day(d) for d in known)) if known else ""
        raise RefusedError(
            _(
                "cannot compute budget shares: gemeenten.yaml has no inhabitants at {day}{has}"
            ).format(day=day(when), has=has)
        )
    if missing:
        raise RefusedError(
            ngettext(
                "cannot compute budget shares: {names} takes part in the opgave but has "
                "no inhabitants at {day} in gemeenten.yaml",
                "cannot compute budget shares: {names} take part in the opgave but have "
                "no inhabitants at {day} in gemeenten.yaml",
                len(missing),
            ).format(names=", ".join(missing), day=day(when))
        )
    return [(g, g.inhabitants[when]) for g in participating]


def _total(
    agreement: Agreement, year: int | None, total: Decimal | None
) -> tuple[int | None, Source]:
    """The total in cents (or None) and where it comes from."""
    outside = year_problem(year, agreement.other.term) if year is not None else None
    if outside:
        raise UsageError(outside)
    if total is not None:
        try:
            return cents(read_amount(total)), "what-if"
        except AmountError as exc:
            raise FieldError("total", f"{{field}}: {exc}") from None
    if year is not None:
        amount = agreement.contribution.amounts.get(year)
        if amount is not None:
            return cents(amount.total), "data"
    # Without a year, no amount is picked implicitly, even if the data has some.
    return None, "none"


def reference_date(
    agreement: Agreement,
    gemeenten_file: GemeentenFile,
    year: int | None,
    inhabitants_at: date | None,
) -> date:
    """The date whose counts a split uses: the one asked for, else the one the data states
    for the year, else the latest in the data."""
    if inhabitants_at is not None:
        return inhabitants_at
    amount = agreement.contribution.amounts.get(year) if year is not None else None
    if amount is not None:
        return amount.inhabitants_at
    latest = latest_date(gemeenten_file)
    if latest is None:
        raise RefusedError(
            _(
                "cannot compute budget shares: gemeenten.yaml has no inhabitants "
                "(run `opgave inhabitants import`)"
            )
        )
    return latest


def compute_budget(
    agreement: Agreement,
    gemeenten_file: GemeentenFile,
    *,
    year: int | None,
    total: Decimal | None,
    sort: Sort = "share",
    inhabitants_at: date | None = None,
) -> BudgetReport:
    """Each participating municipality's share of the budget, and of the total if known.

    ``total`` (a what-if amount) wins over the agreement's amount for ``year``;
    a ``year`` outside the term is a UsageError either way. The counts are those at
    ``inhabitants_at``, else at the date the data states for ``year``, else at the
    latest date in the data. Allocation follows the order of gemeenten.yaml (which
    decides ties); ``sort`` only orders the rows: "share" by inhabitants descending
    then name, "name" by name.
    """
    cents, source = _total(agreement, year, total)
    when = reference_date(agreement, gemeenten_file, year, inhabitants_at)
    participants = _participants(gemeenten_file, when)
    weights = [inhabitants for _, inhabitants in participants]
    shares = largest_remainder(weights, SHARE_UNITS)
    percents = largest_remainder(weights, PERCENT_UNITS)
    amounts: list[int | None] = (
        [None] * len(weights) if cents is None else list(largest_remainder(weights, cents))
    )
    rows = [
        ShareRow(
            slug=g.slug,
            name=g.name,
            inhabitants=inhabitants,
            share=fixed(share, 6),
            percent=fixed(percent, 2),
            amount=None if amount is None else fixed(amount, 2),
        )
        for (g, inhabitants), share, percent, amount in zip(
            participants, shares, percents, amounts, strict=True
        )
    ]
    if sort == "share":
        rows.sort(key=lambda r: (-r.inhabitants, r.name.casefold(), r.name, r.slug))
    elif sort == "name":
        rows.sort(key=lambda r: (r.name.casefold(), r.name, r.slug))
    else:
        raise ValueError(f"unknown sort {sort!r}")
    return BudgetReport(
        title=agreement.title,
        counterparty=agreement.counterparty.short_name,
        year=year,
        total=None if cents is None else fixed(cents, 2),
        reference_date=when,
        counts=gemeenten_file.inhabitants,
        not_taking_part=[g.name for g in gemeenten_file.gemeenten if not g.participates],
        years_with_amounts=sorted(agreement.contribution.amounts),
        rows=rows,
        sum_amount=None if cents is None else fixed(sum(a or 0 for a in amounts), 2),
        source=source,
        stated_date=reference_date(agreement, gemeenten_file, year, None) if year else None,
    )
