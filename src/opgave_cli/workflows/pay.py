"""Recording a payment: one line appended to the ledger, by the rules of the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from ..domain.ledger import contributions, new_payment
from ..domain.parties import parties, resolve_party

if TYPE_CHECKING:
    from ..domain.ledger import YearContributions
    from ..domain.models import Payment
    from ..store import Change, Session


@dataclass(frozen=True)
class Paid:
    change: Change
    name: str  # the municipality's
    payment: Payment
    block: YearContributions  # the year it pays for, with the payment


def pay(
    data: Session,
    query: str,
    *,
    year: int,
    amount: Decimal,
    paid_on: date,
    reference: str | None,
    dry_run: bool,
) -> Paid:
    municipalities = [p for p in parties(data.agreement, data.gemeenten) if not p.is_counterparty]
    party = resolve_party(query, municipalities)
    payment = new_payment(
        data.gemeenten.gemeenten[party.index], data.agreement, data.payments,
        year=year, amount=amount, paid_on=paid_on, reference=reference, today=data.today,
    )  # fmt: skip
    data.append_payment(payment)
    change = data.save(dry_run=dry_run)
    block = contributions(change.agreement, change.gemeenten, change.payments, year=year)[0]
    return Paid(change, party.name, payment, block)
