"""What a bank statement is read into (Entry, Statement), its one error (StatementError),
and what the camt and MT940 readers share: the one-line refusal, the account
identification, and the fallback bank_id of an entry the bank gave no reference."""

from __future__ import annotations

import functools
import hashlib
import re
import string
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NoReturn

from ...errors import OpgaveError
from ...text import clip

MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Entry:
    """One entry (booking) of a statement.

    ``bank_id`` is the bank's identification of the entry, the same each time the
    same or an overlapping statement is read: camt ``Ntry/AcctSvcrRef``, else
    ``Ntry/NtryRef``; MT940 the ``:61:`` bank reference after ``//``. An entry
    without one gets ``h`` and 16 hex digits of a SHA-256 over the account, the
    dates, the mark, amount and currency, the bank code and the references and
    text of the entry, with ``-2``, ``-3`` ... for the second and later entries of
    the file that are alike in all of these (so it is stable as long as a statement
    holds all the alike entries of their day, as a day's statement does).

    ``booked`` is camt ``BookgDt``, or ``ValDt`` where there is none (a pending entry
    need not have one); MT940 the ``:61:`` entry date, else its value date.
    ``remittance``: camt every ``RmtInf/Ustrd`` of the entry's ``TxDtls`` joined by
    spaces; MT940 Structured ``/REMI/USTD//`` (Rabobank: the ``/REMI/`` text); plain
    MT940 the ``:86:`` lines joined by spaces. ``debtor_name`` and ``debtor_iban``:
    camt ``RltdPties/Dbtr`` and ``DbtrAcct/Id/IBAN`` as the file gives them (for a
    debit, the account holder); MT940 the counterparty of a credit (``/CNTP/``,
    ``/ORDP/``, ABN AMRO's ``/NAME/`` and ``/IBAN/``, Rabobank's account on the
    second line of ``:61:``), the account only when it is an IBAN. ``bank_code``:
    camt ``BkTxCd/Domn`` as ``PMNT-RCDT-ESCT``, else ``BkTxCd/Prtry/Cd``; MT940 the
    ``:61:`` transaction type (``NTRF``, ``N541``).

    ``original_ids``: for a reversal (camt ``RvslInd`` true, MT940 mark RC/RD) or
    a return (camt ``RtrInf``, or bank code sub-family RRTN/UPDD/RPCR; MT940
    ``/RTRN/``), every reference the file gives that names the entry undone, in
    file order, without repeats and without the entry's own ``bank_id``:

    - camt.053 (001.02 to 001.08): its ``RtrInf`` holds only ``OrgnlBkTxCd``,
      ``Orgtr``, ``Rsn`` and ``AddtlInf`` (the schemas have no ``OrgnlTxRef``:
      that is pacs.004's); the references of the returned or reversed transaction
      come in the ``TxDtls/Refs`` of the return or reversal, the payer's
      ``EndToEndId`` above all (ING and Rabobank return scenarios; a bank that
      quotes the original booking puts its ``AcctSvcrRef`` there). So these are
      the ``Refs`` that name one transaction: ``AcctSvcrRef``, ``InstrId``,
      ``EndToEndId`` (not NOTPROVIDED), ``UETR``, ``TxId``, ``ChqNb``,
      ``ClrSysRef``, ``AcctOwnrTxId``, ``AcctSvcrTxId``, ``MktInfrstrctrTxId``,
      ``PrcgId`` and ``Prtry/Ref``; not ``MsgId`` and ``PmtInfId`` (a batch) nor
      ``MndtId`` (a mandate, shared by every collection under it).
    - MT940 Structured (ING, Rabobank, BNG; ABN AMRO's /TRTP/ layout alike): a
      return carries ``/RTRN/`` with the reason and, as ING's examples show
      (``/RTRN/MS03//EREF/...//MARF/...``), the original's ``/EREF/``; also
      ``/IREF/`` and ``/KREF/`` where given, and the ``:61:`` customer reference
      when it is a reference and not one of the words EREF, PREF, MARF, IREF,
      NONREF, NOTPROVIDED. Not ``/PREF/`` (a batch) nor ``/MARF/`` (a mandate).
    """

    index: int
    line: int | None
    account: str
    bank_id: str
    booked: date
    value_date: date | None
    amount: Decimal
    currency: str
    credit: bool
    reversal: bool
    booked_status: bool
    structured_reference: str | None
    remittance: str
    debtor_name: str | None
    debtor_iban: str | None
    end_to_end_id: str | None
    original_ids: tuple[str, ...]
    return_reason: str | None
    bank_code: str | None


@dataclass(frozen=True)
class Statement:
    """A statement file: its format, the first statement's account, all entries."""

    format: str  # "camt.053.001.02" ... "camt.053.001.08", "mt940", "mt940s"
    account: str
    entries: tuple[Entry, ...]


class StatementError(OpgaveError):
    """A file that cannot be read as a statement: one line, exit 1."""


def refuse(source: str, message: str, line: int | None = None, **values: object) -> NoReturn:
    """Raise the one-line StatementError ``source[:line]: message``; ``values`` fill the
    placeholders of ``message`` (a translated text)."""
    where = f"{source}:{line}" if line else source
    raise StatementError(f"{where}: {message.format(**values) if values else message}")


def shown(value: object) -> str:
    """A value from the file as a message shows it: quoted, escaped, shortened."""
    return clip(repr(value))


_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}")
_DIGITS = {ord(letter): str(ord(letter) - ord("A") + 10) for letter in string.ascii_uppercase}


@functools.lru_cache(maxsize=4096)
def iban_valid(text: str) -> bool:
    """Whether ``text`` (upper case, no spaces) is an IBAN with a correct check."""
    if not _IBAN.fullmatch(text):
        return False
    return int((text[4:] + text[:4]).translate(_DIGITS)) % 97 == 1


def account_id(text: str) -> str:
    """An account as an Entry holds it: upper case, without spaces."""
    return "".join(text.split()).upper()


def nonempty(text: str | None) -> str | None:
    """``text`` stripped, or None when there is nothing left."""
    if text is None:
        return None
    text = text.strip()
    return text or None


class Fallbacks:
    """The fallback bank_id of entries without a bank reference (see Entry)."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def make(self, *parts: object) -> str:
        key = "\x1f".join("" if part is None else str(part) for part in parts)
        digest = "h" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        count = self._seen.get(digest, 0) + 1
        self._seen[digest] = count
        return digest if count == 1 else f"{digest}-{count}"


def without(ids: list[str], own: str) -> tuple[str, ...]:
    """``ids`` in order without repeats, empty ones and the entry's own bank_id."""
    kept: list[str] = []
    for value in ids:
        if value and value != own and value not in kept:
            kept.append(value)
    return tuple(kept)
