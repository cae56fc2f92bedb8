"""Money: the one reader of an amount in euro, and the exact split of a total in proportion
to weights. Pure; never a float.

An amount is read by one function, from a data file (where it is a quoted decimal
string) and from what a person types, with one wording for each mistake: unquoted in
YAML, a decimal comma, thousands separators, more than two decimals, negative, zero
(for a payment), too large. On the command line a Dutch decimal comma is understood
(``1234,56``, ``1.234,56``); ``250.000`` stays refused (thousands, or three decimals?),
and so does ``1,234.56``. Splits use the largest remainder method in integers, so
that the parts add up to exactly the whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from ..errors import FieldError
from ..i18n import _
from ..text import clip, format_euro

# A sanity bound on every amount: far below Decimal's default precision (28 digits), and
# far above the GMR's budget, which is millions.
MAX_AMOUNT = Decimal("1000000000000.00")
AMOUNT_PATTERN = r"^[0-9]+(\.[0-9]{1,2})?$"  # for JSON Schema: a total
SIGNED_AMOUNT_PATTERN = r"^-?[0-9]+(\.[0-9]{1,2})?$"  # a payment (negative: a credit)

_PLAIN = re.compile(r"-?[0-9]+(\.[0-9]{1,2})?")
_DECIMALS = re.compile(r"-?[0-9]+\.[0-9]{3,}")
_COMMA = re.compile(r"-?([0-9]+|[0-9]{1,3}(\.[0-9]{3})+),[0-9]{1,2}")  # 1234,56 or 1.234,56
_THOUSANDS = re.compile(r"-?[0-9]{1,3}(\.[0-9]{3})+")  # 250.000: thousands, or decimals?
_SEPARATED = re.compile(r"-?[0-9]{1,3}([,._ ][0-9]{3})+([.,][0-9]{1,2})?|-?[0-9][0-9_ ]*[0-9]")


class AmountError(ValueError):
    """An amount that cannot be read; the message names the mistake."""


def read_amount(
    value: object, *, signed: bool = False, payment: bool = False, decimal_comma: bool = False
) -> Decimal:
    """An amount in euro: a string of digits with at most two decimals after a point (a
    minus sign where ``signed``; ``decimal_comma``: after a comma too, with points between
    the thousands, as typed on the command line), or a Decimal; at most MAX_AMOUNT in
    size, and not 0 for a ``payment``. Anything else is an AmountError naming the
    mistake, which shows the amount as it was written."""
    if isinstance(value, Decimal):
        amount, text = value, str(value)
        if not value.is_finite():
            raise AmountError(_got(_('expected an amount in euro, e.g. "250000.00"'), text))
        if (Fraction(value) * 100).denominator != 1:
            raise AmountError(_got(_("at most two decimals (whole cents)"), text))
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        raise AmountError(
            _(
                'write the amount as a quoted string, e.g. "{example}": unquoted, YAML '
                "reads it as a number"
            ).format(example=_example(value))
        )
    elif isinstance(value, str):
        text = value.strip()
        plain = text
        if decimal_comma and _COMMA.fullmatch(text):
            plain = text.replace(".", "").replace(",", ".")  # 1.234,56 -> 1234.56
        elif decimal_comma and _THOUSANDS.fullmatch(text):
            raise AmountError(_ambiguous(text))
        if not _PLAIN.fullmatch(plain):
            raise AmountError(_got(_mistake(text), value))
        amount = Decimal(plain)
    else:
        raise AmountError(_got(_('expected an amount in euro, e.g. "250000.00"'), value))
    if amount < 0 and not signed:
        raise AmountError(_got(_("must not be negative"), text))
    if abs(amount) > MAX_AMOUNT:
        raise AmountError(
            _got(
                _("more than the largest amount allowed, {most}").format(
                    most=format_euro(MAX_AMOUNT)
                ),
                text,
            )
        )
    if amount == 0 and payment:
        raise AmountError(_("a payment of 0 is not a payment"))
    return amount


def _got(mistake: str, value: object) -> str:
    """The mistake, and the value as written: ``must not be negative, got '-1'``."""
    return _("{mistake}, got {value}").format(mistake=mistake, value=_shown(value))


def _shown(value: object) -> str:
    return clip(repr(value))


def _mistake(text: str) -> str:
    """What is wrong with ``text``, which is not a plain amount."""
    if _COMMA.fullmatch(text):
        plain = text.replace(".", "").replace(",", ".")
        return _('use a decimal point, not a decimal comma: "{amount}"').format(amount=plain)
    if _DECIMALS.fullmatch(text):  # the point is the decimal point: "250.000" too
        return _("at most two decimals (whole cents)")
    if _SEPARATED.fullmatch(text):
        return _('write the amount without thousands separators, e.g. "250000.00"')
    return _('expected an amount in euro, e.g. "250000.00"')


def _ambiguous(text: str) -> str:
    """``250.000`` typed where a Dutch reader means thousands and an English one decimals
    (``1.250.000`` can only be thousands, but is still asked, not guessed)."""
    whole = Decimal(text.replace(".", ""))
    if text.count(".") > 1:
        return _("{text!r}: write {plain} or {dutch} for {whole}").format(
            text=text, plain=f"{whole}", dutch=f"{text},00", whole=format_euro(whole)
        )
    return _(
        "{text!r} can be read two ways: write {plain} or {dutch} for {whole}, or {point} "
        "for {small}"
    ).format(
        text=text,
        plain=f"{whole}",
        dutch=f"{text},00",
        whole=format_euro(whole),
        point=f"{Decimal(text):.2f}",
        small=format_euro(Decimal(text)),
    )


def _example(number: int | float) -> str:
    try:
        return f"{Decimal(str(number)):.2f}" if abs(number) < MAX_AMOUNT else "250000.00"
    except (ArithmeticError, ValueError):  # inf, nan
        return "250000.00"


def parse_amount(text: str, field: str, *, signed: bool = False) -> Decimal:
    """An amount that a person typed for ``field`` (``total``, ``amount``), with a decimal
    point or a Dutch decimal comma (``1234,56``, ``1.234,56``), with exactly two
    decimals; a FieldError naming the field otherwise."""
    try:
        return read_amount(text, signed=signed, decimal_comma=True).quantize(Decimal("0.01"))
    except AmountError as exc:
        raise FieldError(field, f"{{field}}: {exc}") from None


# --- splitting in proportion ----------------------------------------------------------


def largest_remainder(weights: Sequence[int], units: int) -> list[int]:
    """Split ``units`` over ``weights`` in proportion, exactly (largest remainder method).

    Every part first gets ``floor(units * w / W)``, where ``W = sum(weights)``.
    The units left over (fewer than the number of weights) then go one each to
    the parts with the largest remainders ``units * w mod W``.

    Tie rule: among equal remainders, the part that comes first in ``weights``
    (the lower index) gets its unit first. The result therefore depends only
    on the input, and equal weights get parts that never increase along the list.

    The parts add up to exactly ``units``, and each differs from its exact
    pro-rata value ``units * w / W`` by less than one unit.

    Raises ValueError if ``units`` or a weight is negative, or all weights are 0
    (including no weights at all).
    """
    if isinstance(units, bool) or not isinstance(units, int):
        raise TypeError("units must be an int")
    if any(isinstance(w, bool) or not isinstance(w, int) for w in weights):
        raise TypeError("weights must be ints")
    if units < 0:
        raise ValueError(f"units must not be negative, got {units}")
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    whole = sum(weights)
    if whole == 0:
        raise ValueError("cannot split in proportion to weights that are all 0")
    parts: list[int] = []
    remainders: list[int] = []
    for w in weights:
        part, remainder = divmod(units * w, whole)
        parts.append(part)
        remainders.append(remainder)
    # All remainders share the denominator W, so comparing the integers is exact.
    left = units - sum(parts)
    by_remainder = sorted(range(len(parts)), key=lambda i: (-remainders[i], i))
    for i in by_remainder[:left]:
        parts[i] += 1
    return parts


def fixed(units: int, places: int) -> Decimal:
    """``units / 10**places`` as a Decimal with exactly ``places`` decimals (exact)."""
    sign = "-" if units < 0 else ""
    whole, fraction = divmod(abs(units), 10**places)
    return Decimal(f"{sign}{whole}.{fraction:0{places}d}")


def cents(amount: Decimal) -> int:
    """An amount read by ``read_amount`` (at most two decimals) in whole cents."""
    value = Fraction(amount) * 100
    if value.denominator != 1:
        raise ValueError(f"{amount} is not in whole cents")
    return value.numerator
