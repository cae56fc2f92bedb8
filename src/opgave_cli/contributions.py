"""What each municipality owes per year, what it has paid, and what is outstanding. Pure.

A year's amount is due from the participating municipalities in proportion to
their inhabitants at the reference date that the data states for that year,
split to the cent by the same largest-remainder method as `opgave budget`.
Paid is the sum of the ledger's payments (credits negative) for that year;
outstanding is due minus paid, negative when a municipality has overpaid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from .errors import RefusedError, UsageError, clip
from .rules import signature_date_problem

if TYPE_CHECKING:
    from .models import Agreement, Gemeente, GemeentenFile, Payment

_AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]{1,2})?")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ContributionRow:
    slug: str
    name: str
    inhabitants: int | None  # at the year's reference date; None without an amount
    due: Decimal | None  # None: the year has no amount
    paid: Decimal
    outstanding: Decimal | None  # due - paid; negative: overpaid

    @property
    def overpaid(self) -> bool:
        return self.outstanding is not None and self.outstanding < 0


@dataclass(frozen=True)
class YearContributions:
    title: str  # the agreement's
    year: int
    total: Decimal | None  # the year's amount; None when the data has none
    inhabitants_at: date | None
    rows: list[ContributionRow]  # the participating municipalities, in file order
    not_taking_part: list[str]
    outstanding_only: bool = False

    @property
    def shown(self) -> list[ContributionRow]:
        if not self.outstanding_only:
            return self.rows
        return [r for r in self.rows if r.outstanding is not None and r.outstanding > 0]

    @property
    def due(self) -> Decimal | None:
        return None if self.total is None else _sum(r.due for r in self.shown)

    @property
    def paid(self) -> Decimal:
        return _sum(r.paid for r in self.shown)

    @property
    def outstanding(self) -> Decimal | None:
        return None if self.total is None else _sum(r.outstanding for r in self.shown)


def _sum(values: object) -> Decimal:
    return sum((v for v in values if v is not None), ZERO)  # type: ignore[attr-defined]


def contributions(
    agreement: Agreement,
    gemeenten_file: GemeentenFile,
    payments: list[Payment],
    *,
    year: int | None = None,
    outstanding_only: bool = False,
) -> list[YearContributions]:
    """One block per year of the term (or only ``year``): due, paid and outstanding."""
    from .budget import compute_budget

    term = agreement.other.term
    years = list(range(term.first_year, term.end.year + 1))
    if year is not None:
        if year not in years:
            raise UsageError(f"year {year} is outside the term ({years[0]}-{years[-1]})")
        years = [year]
    participating = [g for g in gemeenten_file.gemeenten if g.participates]
    blocks = []
    for y in years:
        paid: dict[str, Decimal] = {}
        for p in payments:
            if p.year == y:
                paid[p.gemeente] = paid.get(p.gemeente, ZERO) + p.amount
        amount = agreement.contribution.amounts.get(y)
        due: dict[str, tuple[int, Decimal]] = {}
        if amount is not None:
            split = compute_budget(agreement, gemeenten_file, year=y, total=None)
            due = {r.slug: (r.inhabitants, r.amount or ZERO) for r in split.rows}
        rows = []
        for g in participating:
            got = paid.get(g.slug, ZERO)
            inhabitants, owed = due.get(g.slug, (None, None))
            rows.append(
                ContributionRow(
                    slug=g.slug,
                    name=g.name,
                    inhabitants=inhabitants,
                    due=owed,
                    paid=got,
                    outstanding=None if owed is None else owed - got,
                )
            )
        blocks.append(
            YearContributions(
                title=agreement.title,
                year=y,
                total=None if amount is None else amount.total,
                inhabitants_at=None if amount is None else amount.inhabitants_at,
                rows=rows,
                not_taking_part=[g.name for g in gemeenten_file.gemeenten if not g.participates],
                outstanding_only=outstanding_only,
            )
        )
    return blocks


# --- recording a payment ------------------------------------------------------------


def parse_amount(text: str) -> Decimal:
    """``--amount``: euro with '.' as the decimal point, at most two decimals, a minus
    sign for a credit; with exactly two decimals. Anything else is a usage error."""
    from .models import MAX_AMOUNT

    value = text.strip()
    if not _AMOUNT.fullmatch(value):
        hint = ""
        if "," in value or "_" in value or value.count(".") > 1:
            hint = " (use '.' for the decimal point and no thousands separators)"
        elif re.fullmatch(r"-?[0-9]+\.[0-9]{3,}", value):
            hint = " (at most two decimals: whole cents)"
        raise UsageError(
            f"--amount must be an amount in euro such as 52414.93 or -100, got {text!r}{hint}"
        )
    amount = Decimal(value)
    # Before the quantize, which fails beyond Decimal's 28 digits of precision.
    if abs(amount) > MAX_AMOUNT:
        raise UsageError(f"--amount must be at most {MAX_AMOUNT} in size, got {clip(repr(text))}")
    return amount.quantize(Decimal("0.01"))


def payment_problem(
    payment: Payment, gemeente: Gemeente | None, agreement: Agreement, today: date | None
) -> tuple[str, str] | None:
    """The field and the reason that a payment is impossible, or None. The same rules
    for `opgave pay` and for `opgave check` on the ledger."""
    if gemeente is not None and not gemeente.participates:
        return "gemeente", f"{gemeente.name} does not take part in the opgave (participates: false)"
    outside = year_problem(payment.year, agreement)
    if outside:
        return "year", outside
    if payment.amount == 0:
        return "amount", "a payment of 0 is not a payment"
    if payment.amount < 0 and not payment.reference:
        return "reference", "a credit (a negative amount) needs a reference"
    reason = signature_date_problem(
        payment.date,
        today=today,
        decision=agreement.counterparty.decision.date,
        term_end=date.max,  # a contribution may be paid after the term
    )
    if reason:
        return "date", reason
    return None


def year_problem(year: int, agreement: Agreement) -> str | None:
    """Why a payment cannot be for ``year`` (outside the term), or None."""
    term = agreement.other.term
    if not term.first_year <= year <= term.end.year:
        return f"year {year} is outside the term ({term.first_year}-{term.end.year})"
    return None


def new_payment(
    gemeente: Gemeente,
    agreement: Agreement,
    recorded: list[Payment],
    *,
    year: int,
    amount: Decimal,
    paid_on: date,
    reference: str | None,
    today: date,
) -> Payment:
    """The payment to record, by the rules of the ledger (refused: exit 1), with its
    reference as one line of text (else a usage error naming the option)."""
    from pydantic import ValidationError

    from .models import Payment
    from .tracker import option_error

    refused = f"cannot record a payment by {gemeente.name}"
    outside = year_problem(year, agreement)  # before the model's own bounds on a year
    if outside:
        raise RefusedError(f"{refused}: {outside}")
    if amount == 0:
        raise RefusedError(f"{refused}: a payment of 0 is not a payment")
    try:
        payment = Payment(
            gemeente=gemeente.slug,
            year=year,
            date=paid_on,
            amount=amount,
            reference=reference.strip() if reference and reference.strip() else None,
        )
    except ValidationError as exc:
        raise UsageError(option_error(exc)) from None
    check_payment(payment, gemeente, agreement, today, recorded)
    return payment


def payment_key(payment: Payment) -> tuple[str, int, Decimal, str | None]:
    """What makes two ledger lines the same payment: municipality, year, amount and
    reference (two real payments of one amount differ in their reference)."""
    return (payment.gemeente, payment.year, payment.amount, payment.reference)


def check_payment(
    payment: Payment,
    gemeente: Gemeente,
    agreement: Agreement,
    today: date,
    recorded: list[Payment],
) -> None:
    """Refuse a payment that the rules do not allow, or that ``recorded`` already has
    (exit 1)."""
    problem = payment_problem(payment, gemeente, agreement, today)
    if problem is not None:
        raise RefusedError(f"cannot record a payment by {gemeente.name}: {problem[1]}")
    same = [i for i, p in enumerate(recorded) if payment_key(p) == payment_key(payment)]
    if same:
        raise RefusedError(
            f"the same payment is already recorded (payments[{same[0]}]: {gemeente.name}, "
            f"{payment.year}, {payment.amount}, reference {payment.reference or 'none'}); "
            "if this is a second payment, give it its own --reference"
        )
