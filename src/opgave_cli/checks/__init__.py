"""The checks across fields and records that a schema cannot express: one registry of
functions with one signature, as beancount's validations. Pure: no I/O.

Each check takes the records that can be read and today's date (None: not known) and
yields findings, each naming its file and field path; the loader turns the path into a
line and column. Every check runs on every record that can be read, whatever is wrong
elsewhere, so that `check` reports every problem in one run. A new rule is one function
in one module of this package, added to ``CHECKS``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from . import agreement, counts, ledger, names, signatures
from .records import AGREEMENT, GEMEENTEN, PAYMENTS, Finding, PathKey, Records, Which

Check = Callable[[Records, "date | None"], Iterable[Finding]]

CHECKS: tuple[Check, ...] = (
    names.unique_names,
    agreement.speerpunten,
    signatures.signatures,
    agreement.contribution_years,
    ledger.payments,
    counts.inhabitants,
)

__all__ = [
    "AGREEMENT", "CHECKS", "GEMEENTEN", "PAYMENTS", "Check", "Finding", "PathKey", "Records",
    "Which", "run_checks",
]  # fmt: skip


def run_checks(records: Records, today: date | None) -> list[Finding]:
    """Every finding of every check, in the order of ``CHECKS``."""
    return [finding for check in CHECKS for finding in check(records, today)]
