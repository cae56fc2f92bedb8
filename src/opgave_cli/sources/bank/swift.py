"""The MT940 reader (SWIFT customer statement, plain and MT940 Structured).

The file is cut into tags here, so that each keeps its line; the tags' contents
are read with the ``mt-940`` package's own patterns and models (``:25:``,
``:60F:``, ``:61:``), the :86: by ``details``. Accepted around and between the
statements: the SWIFT blocks ``{1:...}{2:...}{3:{...}}{4:`` and the ``-}`` or
``-`` that ends a message, header lines before a ``:20:`` (ABN AMRO's
``ABNANL2A``/``940``, Rabobank's ``:940:``, BNG's ``0200 ...``), CRLF or LF.
A file that is not UTF-8 is read as Windows-1252 (ISO-8859-1 where a byte is not
Windows-1252): Dutch banks deliver MT940 in ISO-8859-1 or Windows-1252.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, cast

import mt940

from ...i18n import _
from .details import Details, read_details
from .model import (
    Entry,
    Fallbacks,
    Statement,
    account_id,
    iban_valid,
    nonempty,
    refuse,
    shown,
    without,
)

_TAG = re.compile(r":(\d{2}[A-Z]?|NS):")
_KNOWN = frozenset(
    (
        "13",
        "13D",
        "20",
        "21",
        "25",
        "28",
        "28C",
        "34F",
        "60",
        "60F",
        "60M",
        "61",
        "62",
        "62F",
        "62M",
        "64",
        "65",
        "86",
        "90C",
        "90D",
        "NS",
    )
)
_ENDS_ENTRY = frozenset({"20", "21", "25", "28", "28C", "62", "62F", "62M", "64", "65"})
_OPENING = ("60F", "60M", "60")
_CLOSING = ("62F", "62M", "62")
_SIGNS = re.compile(r"(?m)^(?:\{[^\n]*)?:(?:20|25|28C?|60[FM]?|61):")
_AMOUNT = re.compile(r"\d+,\d*")
_CURRENCY = re.compile(r"[A-Z]{3}")
# Words banks put in the :61: customer reference instead of a reference.
_NOT_A_REFERENCE = frozenset({"EREF", "PREF", "MARF", "IREF", "KREF", "NONREF", "NOTPROVIDED"})
_OPTIONS = mt940.Options(case_insensitive_marks=True)
_STATEMENT_LINE = mt940.tags.Statement()
_NO_DETAILS = Details(False, "", None, None, None, None, None, ())


def decode(raw: bytes) -> str:
    """The text of an MT940 file: UTF-8, else Windows-1252, else ISO-8859-1."""
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def looks_like_mt940(text: str) -> bool:
    """Whether the text has a line that starts with an MT940 statement tag."""
    return _SIGNS.search(text) is not None


@dataclass
class _Tag:
    name: str
    line: int
    lines: list[str]

    def value(self) -> str:
        return "\n".join(part for part in (line.strip() for line in self.lines) if part)


@dataclass
class _Block:
    """One statement: the tags from a :20: to the end of its message."""

    tags: list[_Tag] = field(default_factory=list)


def _unwrap(line: str) -> str:
    """The line without the SWIFT blocks {1:..}{2:..}{3:{..}} and the {4: before the text."""
    while line.startswith("{"):
        if line.startswith("{4:"):
            return line[3:]
        depth = 0
        for position, char in enumerate(line):
            depth += {"{": 1, "}": -1}.get(char, 0)
            if depth == 0:
                line = line[position + 1 :]
                break
        else:
            return ""
    return line


def _blocks(text: str, source: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Tag | None = None
    inside = False
    for number, raw_line in enumerate(text.split("\n"), 1):
        line = _unwrap(raw_line.rstrip("\r"))
        stripped = line.strip()
        if not stripped:
            continue
        if stripped == "-" or stripped.startswith("-}"):
            inside, current = False, None
            continue
        match = _TAG.match(line)
        if match and match.group(1) in _KNOWN:
            name = match.group(1)
            if name == "20":
                blocks.append(_Block())
                inside = True
            elif not inside:
                refuse(
                    source,
                    _(
                        "MT940 tag :{name}: outside a statement (a statement begins with :20:)"
                    ).format(name=name),
                    number,
                )
            current = _Tag(name, number, [line[match.end() :]])
            blocks[-1].tags.append(current)
        elif inside and current is not None:
            current.lines.append(line)
    return blocks


def _account(tag: _Tag | None, block: _Block, source: str) -> str:
    if tag is None:
        refuse(source, _("MT940 statement without :25: (the account)"), block.tags[0].line)
    text = account_id(tag.value().split("\n")[0])
    if "/" in text:  # BIC/account, bank code/account
        text = text.rsplit("/", 1)[1]
    # ING and Rabobank put the currency after the IBAN: NL69INGB0123456789EUR
    if text[-3:].isalpha() and not iban_valid(text) and iban_valid(text[:-3]):
        text = text[:-3]
    if not text:
        refuse(source, _("MT940 :25: is empty (the account)"), tag.line)
    return text


def _balance_currency(tag: _Tag, transactions: Any, source: str) -> str:
    parser = mt940.tags.TAG_BY_ID.get(tag.name) or mt940.tags.TAG_BY_ID[int(tag.name[:2])]
    value = tag.value()
    match = parser.re.match(value)
    if match is None:
        message = _("MT940 :{name}: is not a balance: {value}")
        refuse(source, message.format(name=tag.name, value=shown(value)), tag.line)
    currency = str(match.group("currency")).upper()
    if not _CURRENCY.fullmatch(currency):
        message = _("MT940 :{name}: has no ISO 4217 currency: {value}")
        refuse(source, message.format(name=tag.name, value=shown(value)), tag.line)
    try:
        transactions.data.update(parser(transactions, match.groupdict()))
    except (ValueError, ArithmeticError):
        message = _("MT940 :{name}: has an impossible date or amount: {value}")
        refuse(source, message.format(name=tag.name, value=shown(value)), tag.line)
    return currency


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.entries: list[Entry] = []
        self.structured = False
        self.fallbacks = Fallbacks()

    def block(self, block: _Block) -> str:
        by_name = {tag.name: tag for tag in reversed(block.tags)}  # the first of each
        account = _account(by_name.get("25"), block, self.source)
        transactions = mt940.models.Transactions(options=_OPTIONS)
        currency: str | None = None
        for name in _OPENING + _CLOSING:
            if name in by_name:
                currency = _balance_currency(by_name[name], transactions, self.source)
                break
        pending: tuple[_Tag, list[str]] | None = None
        for tag in block.tags:
            if tag.name == "61":
                if pending:
                    self.entry(*pending, account, currency, transactions)
                pending = (tag, [])
            elif tag.name == "86" and pending:
                pending[1].extend(tag.lines)
            elif tag.name in _ENDS_ENTRY and pending:
                self.entry(*pending, account, currency, transactions)
                pending = None
        if pending:
            self.entry(*pending, account, currency, transactions)
        return account

    def entry(
        self,
        tag: _Tag,
        info: list[str],
        account: str,
        currency: str | None,
        transactions: Any,
    ) -> None:
        index = len(self.entries) + 1
        source, line = self.source, tag.line
        value = tag.value()
        match = _STATEMENT_LINE.re.match(value)
        if match is None:
            refuse(
                source,
                _(
                    "entry {index}: the MT940 :61: cannot be read (value date, mark C/D/RC/RD, "
                    "amount, type): {value}"
                ).format(index=index, value=shown(value)),
                line,
            )
        groups = cast("dict[str, Any]", match.groupdict())
        amount_text = str(groups["amount"])
        if not _AMOUNT.fullmatch(amount_text):
            refuse(
                source,
                _(
                    "entry {index}: the :61: amount {value} is not digits with one decimal comma"
                ).format(index=index, value=shown(amount_text)),
                line,
            )
        if currency is None:
            refuse(
                source,
                _(
                    "entry {index} has no currency: its statement has no :60F: (opening balance)"
                ).format(index=index),
                line,
            )
        try:
            data = _STATEMENT_LINE(transactions, groups)
        except (ValueError, ArithmeticError):
            message = _("entry {index}: the :61: has an impossible date: {value}")
            refuse(source, message.format(index=index, value=shown(value)), line)
        value_date = _plain(cast("date", data["date"]))
        entry_date = data.get("entry_date")
        booked = _plain(cast("date", entry_date)) if entry_date else value_date
        mark = str(groups["status"]).upper()
        credit = mark in ("C", "RD")
        reversal = mark.startswith("R")
        amount = Decimal(amount_text.replace(",", "."))
        bank_code = nonempty(groups.get("id"))
        customer = nonempty(groups.get("customer_reference")) or ""
        bank_ref = (nonempty(groups.get("bank_reference")) or "").split("/")[0].strip()
        extra = nonempty(groups.get("extra_details")) or ""
        details = read_details(info) if info else _NO_DETAILS
        self.structured = self.structured or details.structured
        if not bank_ref or bank_ref.upper() == "NONREF":
            alike = (account, booked, value_date, mark, amount, currency, bank_code, customer)
            bank_ref = self.fallbacks.make(*alike, "".join(info))
        given = details.payer_account or account_id(extra)  # Rabobank: in the :61:
        payer_account = given if iban_valid(given) else None
        originals: list[str] = []
        if reversal or details.return_reason:
            originals = list(details.references)
            if customer.upper() not in _NOT_A_REFERENCE:
                originals.append(customer)
        self.entries.append(
            Entry(
                index=index,
                line=line,
                account=account,
                bank_id=bank_ref,
                booked=booked,
                value_date=value_date,
                amount=amount,
                currency=currency,
                credit=credit,
                reversal=reversal,
                booked_status=True,
                structured_reference=details.structured_reference,
                remittance=details.remittance,
                debtor_name=details.payer_name if credit else None,
                debtor_iban=payer_account if credit else None,
                end_to_end_id=details.end_to_end_id,
                original_ids=without(originals, bank_ref),
                return_reason=details.return_reason,
                bank_code=bank_code,
            )
        )


def _plain(value: date) -> date:
    """The package's Date as a plain date."""
    return date(value.year, value.month, value.day)


def read_mt940(text: str, source: str) -> Statement:
    """The statement in MT940 text (see ``looks_like_mt940``)."""
    blocks = _blocks(text, source)
    if not blocks:
        refuse(source, _("MT940 file without a :20: (a statement begins with :20:)"))
    reader = _Reader(source)
    accounts = [reader.block(block) for block in blocks]
    return Statement(
        format="mt940s" if reader.structured else "mt940",
        account=accounts[0],
        entries=tuple(reader.entries),
    )
