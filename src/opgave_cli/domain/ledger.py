"""What each municipality owes per year, what it has paid, and what is outstanding. Pure.

A year's amount is due from the participating municipalities in proportion to
their inhabitants at the reference date that the data states for that year,
split to the cent by the same largest-remainder method as `opgave budget`.
Paid is the sum of the ledger's payments (credits negative) for that year;
outstanding is due minus paid, negative when a municipality has overpaid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from ..errors import RefusedError, UsageError
from ..i18n import _
from .dates import term_years, window_problem, year_problem
from .money import AmountError, read_amount

if TYPE_CHECKING:
    from .models import Agreement, Gemeente, GemeentenFile, Payment

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ContributionRow:
    slug: str
    name: str
    inhabitants: int | None  # at the year's reference date; None without an amount
    percent: Decimal | None  # its share of the year, 2 decimals (they add up to 100.00)
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

    years = list(term_years(agreement.other.term))
    if year is not None:
        outside = year_problem(year, agreement.other.term)
        if outside:
            raise UsageError(outside)
        years = [year]
    participating = [g for g in gemeenten_file.gemeenten if g.participates]
    blocks = []
    for y in years:
        paid: dict[str, Decimal] = {}
        for p in payments:
            if p.year == y:
                paid[p.gemeente] = paid.get(p.gemeente, ZERO) + p.amount
        amount = agreement.contribution.amounts.get(y)
        due: dict[str, tuple[int, Decimal, Decimal]] = {}
        if amount is not None:
            split = compute_budget(agreement, gemeenten_file, year=y, total=None)
            due = {r.slug: (r.inhabitants, r.percent, r.amount or ZERO) for r in split.rows}
        rows = []
        for g in participating:
            got = paid.get(g.slug, ZERO)
            inhabitants, percent, owed = due.get(g.slug, (None, None, None))
            rows.append(
                ContributionRow(
                    slug=g.slug,
                    name=g.name,
                    inhabitants=inhabitants,
                    percent=percent,
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


def payment_problem(
    payment: Payment, gemeente: Gemeente | None, agreement: Agreement, today: date | None
) -> tuple[str, str] | None:
    """The field and the reason that a payment is impossible, or None. The same rules
    for `opgave pay` and for `opgave check` on the ledger."""
    if gemeente is not None and not gemeente.participates:
        return "gemeente", _(
            "{name} does not take part in the opgave (participates: false)"
        ).format(name=gemeente.name)
    outside = year_problem(payment.year, agreement.other.term)
    if outside:
        return "year", outside
    if payment.amount < 0 and not payment.reference:
        return "reference", _("a credit (a negative amount) needs a reference")
    # A contribution may be paid after the term: no end to the window.
    reason = window_problem(
        payment.date, today=today, decision=agreement.counterparty.decision.date
    )
    if reason:
        return "date", reason
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
    from .signatures import field_error

    outside = year_problem(year, agreement.other.term)  # before the model's bounds on a year
    if outside:
        raise _refused(gemeente, outside)
    try:  # refused (exit 1), not a usage error: the amount itself can be read
        read_amount(amount, signed=True, payment=True)
    except AmountError as exc:
        raise _refused(gemeente, str(exc)) from None
    try:
        payment = Payment(
            gemeente=gemeente.slug,
            year=year,
            date=paid_on,
            amount=amount,
            reference=reference.strip() if reference and reference.strip() else None,
        )
    except ValidationError as exc:
        raise field_error(exc) from None
    check_payment(payment, gemeente, agreement, today, recorded)
    return with_id(payment, recorded)


def with_id(payment: Payment, recorded: list[Payment]) -> Payment:
    """``payment`` with its identity: ``p-`` and 12 hexadecimal digits of a hash of its
    content (longer only if a recorded payment has those). It depends on nothing else, not
    the clock: two clones that record the very same payment give it the same line, which
    git's union merge keeps once; a line edited in two clones keeps its id with two
    contents, which `check` refuses."""
    import hashlib

    content = payment.model_dump_json(exclude={"id"}, exclude_none=True)
    digest = hashlib.sha256(content.encode()).hexdigest()
    taken = {p.id for p in recorded}
    for length in range(12, 65):  # a clash in 48 bits is unlikely; in 64 hex digits, none
        if (candidate := f"p-{digest[:length]}") not in taken:
            return payment.model_copy(update={"id": candidate})
    raise AssertionError("no free payment id")  # pragma: no cover - SHA-256 collided


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
        raise _refused(gemeente, problem[1])
    same = [i for i, p in enumerate(recorded) if payment_key(p) == payment_key(payment)]
    if same:
        raise DuplicatePayment(same[0], gemeente.name, payment)


def _refused(gemeente: Gemeente, reason: str) -> RefusedError:
    return RefusedError(
        _("cannot record a payment by {name}: {reason}").format(name=gemeente.name, reason=reason)
    )


class DuplicatePayment(RefusedError):
    """A payment that the ledger already has (the same municipality, year, amount and
    reference)."""

    def __init__(self, index: int, name: str, payment: Payment) -> None:
        super().__init__(
            _(
                "the same payment is already recorded (payments[#{number}]: {name}, {year}, "
                "{amount}, reference {reference})"
            ).format(
                number=index + 1,
                name=name,
                year=payment.year,
                amount=payment.amount,
                reference=payment.reference or _("none"),
            )
        )
