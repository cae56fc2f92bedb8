"""Dates: the one parser of a date, the window a signature or a payment date must lie in,
and the years of the term. Pure.

A date is written YYYY-MM-DD in the data; on the command line also as Dutch people write it,
day-month-year (``1-2-2023``, ``01-02-2023``). A date of signing lies
between the decision the agreement rests on and the end of the term, and not after
today; a payment date the same, without the end of the term (a contribution may be paid
after it). A year of a contribution or a payment is a year of the term.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from ..errors import FieldError
from ..i18n import _
from ..text import day

if TYPE_CHECKING:
    from .models import Term

DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})")  # 1-2-2023, 01-02-2023


class NotACalendarDate(ValueError):
    """Written as a date, but no day of the calendar (``2023-02-30``)."""


def parse_iso_date(text: str) -> date:
    """A real calendar date written as YYYY-MM-DD (the one date parser: data and options)."""
    if re.fullmatch(DATE_PATTERN, text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise NotACalendarDate(
                _("{text} is not a real calendar date").format(text=text)
            ) from None
    raise ValueError(_("expected a date as YYYY-MM-DD"))


def read_date(text: str, field: str, *, dutch: bool = True) -> date:
    """A date that a person typed for ``field``: YYYY-MM-DD, or (``dutch``, on the command
    line) day-month-year as Dutch people write it, ``1-2-2023`` or ``01-02-2023``; a
    FieldError naming the field otherwise. Not ``dutch``: a file's cell, ISO only, as in
    the data files."""
    found = _DAY_MONTH_YEAR.fullmatch(text) if dutch else None
    try:
        if found is None:
            return parse_iso_date(text)
        try:
            return date(int(found[3]), int(found[2]), int(found[1]))
        except ValueError:
            raise NotACalendarDate(text) from None
    except NotACalendarDate:
        raise FieldError(
            field,
            _("{field} {text} is not a real calendar date").format(field="{field}", text=text),
        ) from None
    except ValueError:
        raise FieldError(
            field,
            _("{field} must be a date as YYYY-MM-DD, got {text}").format(
                field="{field}", text=repr(text)
            ),
        ) from None


def window_problem(
    when: date, *, today: date | None, decision: date, until: date = date.max
) -> str | None:
    """Why ``when`` cannot be the date of a signature (``until``: the end of the term) or of
    a payment (no end), or None. The same rules for the commands and for `check`."""
    if today is not None and when > today:
        return _("{day} is in the future (today is {today})").format(
            day=day(when), today=day(today)
        )
    if when < decision:
        return _(
            "{day} is before {decision}, the date of the dagelijks bestuur's decision "
            "that the agreement rests on"
        ).format(day=day(when), decision=day(decision))
    if when > until:
        return _("{day} is after the end of the term ({until})").format(
            day=day(when), until=day(until)
        )
    return None


def term_years(term: Term) -> range:
    """The years of the term: from its first year to the year it ends."""
    return range(term.first_year, term.end.year + 1)


def year_problem(year: int, term: Term) -> str | None:
    """Why ``year`` cannot carry an amount or a payment (it is outside the term), or None."""
    if year not in term_years(term):
        return _("year {year} is outside the term ({first}-{last})").format(
            year=year, first=term.first_year, last=term.end.year
        )
    return None
