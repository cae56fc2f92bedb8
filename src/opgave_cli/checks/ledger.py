"""The checks of the ledger: each payment by the rules of `opgave pay`, and payments that
are the same. Pure."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from ..i18n import _
from .records import PAYMENTS, Finding, Records

if TYPE_CHECKING:
    from ..domain.models import Payment


def payments(records: Records, today: date | None) -> Iterator[Finding]:
    """The rules of each payment; those that need the agreement only where it validated."""
    if not records.payments:
        return
    from ..domain.ledger import payment_key, payment_problem
    from ..domain.parties import did_you_mean

    agreement = records.agreement
    by_slug = {g.slug: g for _, g in records.gemeenten}
    # A municipality that did not validate still has its slug, as written.
    written = {item.get("slug") for item in records.raw_gemeenten if isinstance(item, dict)}
    can_tell = records.gemeenten_complete or bool(records.raw_gemeenten)
    seen: dict[tuple[str, int, Any, str | None], int] = {}
    ids: dict[str, tuple[int, Payment]] = {}
    for i, payment in records.payments:
        where = ("payments", i)
        if can_tell and payment.gemeente not in by_slug and payment.gemeente not in written:
            yield Finding(
                PAYMENTS,
                (*where, "gemeente"),
                "payment-gemeente",
                _("no municipality with slug '{slug}' in gemeenten.yaml{hint}").format(
                    slug=payment.gemeente,
                    hint=did_you_mean(payment.gemeente, [s for s in (*by_slug, *written) if s]),
                ),
            )
        gemeente = by_slug.get(payment.gemeente)
        problem = (
            None if agreement is None else payment_problem(payment, gemeente, agreement, today)
        )
        if problem is not None:
            field_name, message = problem
            yield Finding(PAYMENTS, (*where, field_name), "payment", message)
        first = ids.setdefault(payment.id, (i, payment)) if payment.id else (i, payment)
        if first[0] != i and first[1] != payment:
            yield Finding(PAYMENTS, (*where, "id"), "payment-id", _edited_twice(first, payment))
            continue  # the same payment, not a second one: no duplicate warning
        key = payment_key(payment)
        if key in seen:
            yield Finding(
                PAYMENTS,
                where,
                "payment-duplicate",
                _(
                    "the same payment as payments[#{number}] ({slug}, {year}, {amount}, "
                    "reference {reference}); if both are real, give them different references"
                ).format(
                    number=seen[key] + 1,
                    slug=payment.gemeente,
                    year=payment.year,
                    amount=payment.amount,
                    reference=payment.reference or _("none"),
                ),
                "warning",
            )
        seen.setdefault(key, i)


def _edited_twice(first: tuple[int, Payment], payment: Payment) -> str:
    """One id, two contents: what differs, and what to do."""
    index, other = first
    theirs, ours = other.model_dump(), payment.model_dump()
    fields = [k for k in ours if ours[k] != theirs[k]]
    differs = "; ".join(
        _("{field} {there} there, {here} here").format(
            field=k, there=_shown(theirs[k]), here=_shown(ours[k])
        )
        for k in fields
    )
    return _(
        "id {id} is also payments[#{number}], with other content ({differs}): the "
        "same payment edited in two clones; keep one of the two lines"
    ).format(id=payment.id, number=index + 1, differs=differs)


def _shown(value: Any) -> str:
    return _("none") if value is None else str(value)
