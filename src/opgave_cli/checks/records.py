"""What the checks look at and what they find: the records that can be read, and a finding
naming a file and a field path. Pure."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from ..errors import Severity

if TYPE_CHECKING:
    from ..domain.models import Agreement, Gemeente, Payment

PathKey = tuple[Any, ...]
# The file a finding is in: the loader knows their names.
Which = Literal["agreement", "gemeenten", "payments"]
AGREEMENT: Which = "agreement"
GEMEENTEN: Which = "gemeenten"
PAYMENTS: Which = "payments"


class Finding(NamedTuple):
    """One problem a check found: its file, the path of the field, the rule, the message.
    (Named tuples, not dataclasses: as immutable, and cheaper to define at start-up.)"""

    file: Which
    path: PathKey
    rule: str
    message: str
    severity: Severity = "error"
    at_key: bool = False


class Records(NamedTuple):
    """What the rules look at: each record that validated, with its index, and the
    parsed values of the municipalities (for uniqueness, valid or not)."""

    agreement: Agreement | None
    gemeenten: list[tuple[int, Gemeente]]
    raw_gemeenten: list[Any]
    payments: list[tuple[int, Payment]] = []  # noqa: RUF012  (never changed)
    gemeenten_complete: bool = True  # every municipality validated
    raw_counterparty: Any = None  # the counterparty as parsed (for uniqueness, valid or not)
