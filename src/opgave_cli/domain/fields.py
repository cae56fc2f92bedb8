"""The scalar fields of the data files: dates, amounts, names and text, slugs and CBS
codes, each with its parser and the pattern its JSON Schema states. No I/O."""

import itertools
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StringConstraints
from pydantic.json_schema import WithJsonSchema

from ..i18n import _
from ..text import CONTROL, INVISIBLE, clip
from .dates import DATE_PATTERN, parse_iso_date
from .money import AMOUNT_PATTERN, SIGNED_AMOUNT_PATTERN, read_amount

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
CBS_CODE_PATTERN = r"^GM[0-9]{4}$"
# No value holds a control or invisible character (errors.CONTROL, INVISIBLE); prose
# may hold a newline (a YAML block scalar), a name or any one-line value may not.
_PROSE_CONTROL = CONTROL.replace("\x00-\x1f", "\x00-\x09\x0b-\x1f")  # \n allowed
_UNPRINTABLE = re.compile(f"[{CONTROL}{INVISIBLE}]")
_UNPRINTABLE_IN_PROSE = re.compile(f"[{_PROSE_CONTROL}{INVISIBLE}]")
_INVISIBLE = re.compile(f"[{INVISIBLE}]")


def _schema_pattern(chars: str) -> str:
    """A pattern for JSON Schema that refuses ``chars`` (a class body: characters and
    ranges), each written as a \\u escape, so that the schema stays readable."""
    return "^[^" + "".join(c if c == "-" else f"\\u{ord(c):04x}" for c in chars) + "]+$"


NAME_PATTERN = _schema_pattern(CONTROL + INVISIBLE)  # for JSON Schema
TEXT_PATTERN = _schema_pattern(_PROSE_CONTROL + INVISIBLE)  # a newline allowed
# A relative path with / between its parts, each printable and not empty; ".." only at
# the start (the repository may hold the data folder and, beside it, the evidence).
EVIDENCE_PATH_PATTERN = r"^[^/\x00-\x1f\x7f\\]+(/[^/\x00-\x1f\x7f\\]+)*$"


def _parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        raise ValueError(_("expected a date without a time, as YYYY-MM-DD"))
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_iso_date(value)
    raise ValueError(_("expected a date as YYYY-MM-DD"))


MAX_INHABITANTS = 100_000_000  # a municipality; the Netherlands has 18 million people


def _parse_amount(value: Any) -> Decimal:
    return read_amount(value)


def _parse_payment_amount(value: Any) -> Decimal:
    return read_amount(value, signed=True, payment=True)


def check_counts(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError(
            _("expected the counts per reference date, e.g. {example}, got {value}").format(
                example=f"{{2026-01-01: {value}}}", value=value
            )
        )
    return value


def check_year_amount(value: Any) -> Any:
    if isinstance(value, (str, int, float, Decimal)) and not isinstance(value, bool):
        raise ValueError(
            _(
                "expected the amount and the date of the inhabitants it is split on, e.g. "
                "{example}, got {value}"
            ).format(
                example='{total: "250000.00", inhabitants_at: 2022-01-01}', value=clip(repr(value))
            )
        )
    return value


def relative_path(value: str) -> str:
    """``evidence/arnhem.pdf`` or ``../scans/arnhem.pdf``: ".." only at the start, no "."."""
    parts = value.split("/")
    ups = len(parts) - len(list(itertools.dropwhile(lambda p: p == "..", parts)))
    if ups == len(parts) or any(p in (".", "..") for p in parts[ups:]):
        raise ValueError(
            _("{path} is not a relative path to a file, e.g. evidence/arnhem.pdf").format(
                path=repr(value)
            )
        )
    return value


def _refusing(unprintable: re.Pattern[str], *, lines: bool) -> Any:
    """A validator that refuses a string with a character of ``unprintable`` (``lines``:
    the text may run over several lines)."""

    def check(value: Any) -> Any:
        found = unprintable.search(value) if isinstance(value, str) else None
        if found:
            code = f"U+{ord(found.group()):04X}"
            if _INVISIBLE.fullmatch(found.group()):
                message = _("invisible character {code} in the text; {allowed}")
            else:
                message = _("control character {code} in the text; {allowed}")
            allowed = (
                _("only printable text is allowed")
                if lines
                else _("only printable text on one line is allowed")
            )
            raise ValueError(message.format(code=code, allowed=allowed))
        return value

    return check


IsoDate = Annotated[
    date,
    BeforeValidator(_parse_date),
    WithJsonSchema({"type": "string", "pattern": DATE_PATTERN, "format": "date"}),
]
Amount = Annotated[
    Decimal,
    BeforeValidator(_parse_amount),
    WithJsonSchema({"type": "string", "pattern": AMOUNT_PATTERN}),
]
PaymentAmount = Annotated[
    Decimal,
    BeforeValidator(_parse_payment_amount),
    WithJsonSchema({"type": "string", "pattern": SIGNED_AMOUNT_PATTERN}),
]
# Printable text: a title, a heading, a clause (which may run over several lines).
Text = Annotated[
    str,
    StringConstraints(min_length=1),
    BeforeValidator(_refusing(_UNPRINTABLE_IN_PROSE, lines=True)),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": TEXT_PATTERN}),
]
# One line of printable text: a name, a place, a reference.
Name = Annotated[
    str,
    StringConstraints(min_length=1),
    BeforeValidator(_refusing(_UNPRINTABLE, lines=False)),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": NAME_PATTERN}),
]
Count = Annotated[int, Field(gt=0, le=MAX_INHABITANTS)]
Year = Annotated[int, Field(ge=1900, le=2999)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
CbsCode = Annotated[str, StringConstraints(pattern=CBS_CODE_PATTERN)]
