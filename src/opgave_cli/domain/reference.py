"""The payment reference of a municipality's contribution for a year: an ISO 11649
structured creditor reference ("RF" reference), printed on the notice and matched in
the bank statement. No I/O.

Why ISO 11649 and not the Dutch betalingskenmerk: the betalingskenmerk (16 digits with
a weighted check digit) belonged to the acceptgiro, which ended in 2019, and it is only
recognised as structured by Dutch banks; an RF reference is the structured creditor
reference of the SEPA rulebook, travels in ``CdtrRefInf/Ref`` of every camt.053 and is
checked by the banks' own apps when a payer types it. Its check is ISO 7064 MOD 97-10,
as in the IBAN.

The body is 13 characters: the year (4 digits), the CBS number of the municipality
(the 4 digits of GM0202) and 5 characters of the agreement (from the SHA-256 of its id,
in base 36): unique per agreement, municipality and year, readable by a person, and
nothing secret in it. Printed in groups of four: Arnhem's for 2023 in the shipped
agreement is ``RF54 2023 0202 XNUF C``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

BODY = re.compile(r"[0-9]{4}[0-9]{4}[0-9A-Z]{5}")
# In free text: RF, two digits and the body, with or without spaces between groups.
_IN_TEXT = re.compile(r"(?<![0-9A-Z])R\s?F\s?[0-9]{2}(?:\s?[0-9A-Z]){13}(?![0-9A-Z])", re.I)
_DIGITS36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _as_number(text: str) -> int:
    return int("".join(str(_DIGITS36.index(c)) for c in text))


def check_digits(body: str) -> str:
    """The two check digits of an RF reference with this body (ISO 11649)."""
    return f"{98 - _as_number(body + 'RF00') % 97:02d}"


def agreement_tag(agreement_id: str) -> str:
    """Five characters that stand for the agreement in its references."""
    number = int.from_bytes(hashlib.sha256(agreement_id.encode("utf-8")).digest()[:8], "big")
    tag = ""
    for _ in range(5):
        number, digit = divmod(number, 36)
        tag += _DIGITS36[digit]
    return tag


def payment_reference(agreement_id: str, cbs_code: str, year: int) -> str:
    """The reference, compact (as in the data and the JSON), e.g. RF5420230202XNUFC."""
    body = f"{year:04d}{cbs_code.removeprefix('GM')}{agreement_tag(agreement_id)}"
    return f"RF{check_digits(body)}{body}"


def printed(reference: str) -> str:
    """In groups of four, as a person types it from a letter."""
    return " ".join(reference[i : i + 4] for i in range(0, len(reference), 4))


@dataclass(frozen=True)
class Reference:
    year: int
    cbs_code: str
    tag: str  # the agreement's (agreement_tag)

    def is_for(self, agreement_id: str) -> bool:
        return self.tag == agreement_tag(agreement_id)


def read_reference(text: str) -> Reference | None:
    """The reference in ``text`` (compact or printed, any case) when it is one of ours
    with valid check digits; None otherwise."""
    compact = re.sub(r"\s", "", text).upper()
    if len(compact) != 17 or not compact.startswith("RF") or not BODY.fullmatch(compact[4:]):
        return None
    body = compact[4:]
    if compact[2:4] != check_digits(body):
        return None
    return Reference(year=int(body[:4]), cbs_code=f"GM{body[4:8]}", tag=body[8:])


def references_in(text: str) -> list[Reference]:
    """Every valid reference of ours in a free text (a statement's unstructured
    remittance information), in order."""
    found = (read_reference(m.group()) for m in _IN_TEXT.finditer(text))
    return [r for r in found if r is not None]
