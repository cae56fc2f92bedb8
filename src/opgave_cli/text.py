"""Text helpers, a leaf module (of ours it imports only ``i18n``, the run's language): the
characters no value may hold and their escapes, how a typed name is compared, Dutch
notation for numbers, money, percentages, dates and roman numerals, and a date or a list
in a message in the run's language.

The renderers show every figure through these functions, and the core uses them only
where a message names a figure or reads what a person typed (``ii`` for speerpunt 2,
``BERG EN DAL`` for Berg en Dal).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from fractions import Fraction

from .i18n import _, current

# A regular-expression character class (without its brackets): C0 and C1 control
# characters (tab and newline too), DEL, the line and paragraph separators, and the
# invisible characters that change how the text around them is shown: zero-width
# characters, direction marks and overrides (U+061C too), the byte order mark.
CONTROL = "\x00-\x1f\x7f-\x9f\u2028\u2029"
INVISIBLE = "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_UNSHOWN = re.compile(f"[{CONTROL}{INVISIBLE}]")
_IGNORED_IN_NAMES = re.compile(r"[\s_\-]+")
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # as the models require a slug


def escape(text: str) -> str:
    """``text`` with control and invisible characters written as escapes (``\\x1b``,
    ``\\n``): an error line is one line, and an argument echoed in it never sends escape
    sequences to the terminal."""
    return _UNSHOWN.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def clip(value: object, limit: int = 60) -> str:
    """A value echoed in a message, shortened so that the message stays one readable line
    (an amount may have thousands of digits, a key any length)."""
    text = str(value)
    if len(text) <= limit:
        return text
    return _("{start}… ({count} characters)").format(
        start=text[: limit - 1], count=number(len(text))
    )


def name_key(text: str) -> str:
    """How a person may type a name: case, spaces, hyphens and underscores do not matter
    ("Berg en Dal" == "berg-en-dal" == "BERGENDAL"). The one rule for resolving what is
    typed and for the uniqueness that `check` requires of names and slugs."""
    return _IGNORED_IN_NAMES.sub("", text.casefold())


def item_label(items: object, index: int) -> str:
    """How a message names item ``index`` of a list of records: by its slug where it has
    one (``arnhem``), else by its number counting from 1 (``#3``), as a person counts."""
    item = items[index] if isinstance(items, list) and 0 <= index < len(items) else None
    slug = item.get("slug") if isinstance(item, dict) else None
    return slug if isinstance(slug, str) and _SLUG.fullmatch(slug) else f"#{index + 1}"


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


def day(d: date) -> str:
    """A date as prose in the language of the run: ``1 februari 2023`` in Dutch, the
    date as written in the data (``2023-02-01``) in English (and in a message)."""
    return dutch_date(d) if current() == "nl" else d.isoformat()


def short_day(d: date) -> str:
    """A date in a table cell: ``01-02-2023`` in Dutch, ``2023-02-01`` in English."""
    return f"{d.day:02d}-{d.month:02d}-{d.year}" if current() == "nl" else d.isoformat()


def number(n: int) -> str:
    """A whole number in a message, in the run's language: ``1,234`` in English, ``1.234`` in
    Dutch."""
    return format_count(n) if current() == "nl" else f"{n:,}"


def listing(items: list[str], conjunction: str) -> str:
    """``a, b or c``: ``items`` joined, the last two by ``conjunction``."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def either(items: list[str]) -> str:
    """``a, b or c`` in the run's language (``a, b of c``)."""
    # TRANSLATORS: the word between the last two of a list: "a, b or c".
    return listing(items, _("or"))


def sentence(text: str) -> str:
    """``text`` as a line of its own: its first letter a capital (a Dutch count line,
    "ondertekend door 1 van de 18 gemeenten", also stands inside parentheses)."""
    return text[:1].upper() + text[1:]


def roman(n: int) -> str:
    """Speerpunten are numbered i, ii, iii, iv in the agreement: 1 -> ``i``, 4 -> ``iv``."""
    if n < 1:
        raise ValueError(f"no roman numeral for {n}")
    out = []
    for value, numeral in _ROMAN:
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)
