"""Dates: the one parser of a date, the window a signature or a payment date must lie in,
and the years of the term. Pure.

A date is written YYYY-MM-DD in the data and on the command line. A date of signing lies
between the decision the agreement rests on and the end of the term, and not after
today; a payment date the same, without the end of the term (a contribution may be paid
after it). A year of a contribution or a payment is a year of the term.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from ..errors import FieldError

if TYPE_CHECKING:
    from .models import Term

DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def parse_iso_date(text: str) -> date:
    """A real calendar date written as YYYY-MM-DD (the one date parser: data and options)."""
    if re.fullmatch(DATE_PATTERN, text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text} is not a real calendar date") from None
    raise ValueError("expected a date as YYYY-MM-DD")


def read_date(text: str, field: str) -> date:
    """A date that a person typed for ``field``; a FieldError naming the field otherwise."""
    try:
        return parse_iso_date(text)
    except ValueError as exc:
        if "real calendar date" in str(exc):
            raise FieldError(field, f"{{field}} {text} is not a real calendar date") from None
        raise FieldError(field, f"{{field}} must be a date as YYYY-MM-DD, got {text!r}") from None


def window_problem(
    day: date, *, today: date | None, decision: date, until: date = date.max
) -> str | None:
    """Why ``day`` cannot be the date of a signature (``until``: the end of the term) or of
    a payment (no end), or None. The same rules for the commands and for `check`."""
    if today is not None and day > today:
        return f"{day} is in the future (today is {today})"
    if day < decision:
        return (
            f"{day} is before {decision}, the date of the dagelijks bestuur's decision "
            "that the agreement rests on"
        )
    if day > until:
        return f"{day} is after the end of the term ({until})"
    return None


def term_years(term: Term) -> range:
    """The years of the term: from its first year to the year it ends."""
    return range(term.first_year, term.end.year + 1)


def year_problem(year: int, term: Term) -> str | None:
    """Why ``year`` cannot carry an amount or a payment (it is outside the term), or None."""
    if year not in term_years(term):
        return f"year {year} is outside the term ({term.first_year}-{term.end.year})"
    return None
