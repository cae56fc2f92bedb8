"""Dutch notation for numbers, money, percentages, dates and roman numerals: one leaf module.

The renderers show every figure through these functions, and the core uses
them only where a message names a figure (``--total must be at most € ...``)
or reads what a person typed (``ii`` for speerpunt 2). No project imports.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip

_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def format_count(number: int) -> str:
    """A whole number in Dutch notation: ``format_count(189871) == "189.871"``."""
    return f"{number:,}".replace(",", ".")


def _dutch(value: Decimal) -> str:
    """``value`` rounded to 2 decimals (half to even, exact) in Dutch notation: 1.234,56."""
    if not value.is_finite():
        raise ValueError(f"cannot format {value}")
    cents = round(Fraction(value) * 100)
    sign = "-" if cents < 0 else ""
    whole, fraction = divmod(abs(cents), 100)
    return f"{sign}{format_count(whole)},{fraction:02d}"


def format_euro(amount: Decimal) -> str:
    """Dutch notation with two decimals: ``format_euro(Decimal("1234.5")) == "€ 1.234,50"``."""
    return f"€ {_dutch(amount)}"


def format_percent(percent: Decimal) -> str:
    """Dutch notation with two decimals: ``format_percent(Decimal("22.02")) == "22,02 %"``."""
    return f"{_dutch(percent)} %"


def dutch_date(d: date) -> str:
    """A date as written in Dutch: ``1 februari 2023``, ``31 augustus 2022``."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def roman(n: int) -> str:
    """Speerpunten are numbered i, ii, iii, iv in the agreement: 1 -> ``i``, 4 -> ``iv``."""
    if n < 1:
        raise ValueError(f"no roman numeral for {n}")
    out = []
    for value, numeral in _ROMAN:
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)
