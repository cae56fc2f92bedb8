"""The camt.053 reader (ISO 20022 BankToCustomerStatement, versions 001.02 to 001.08).

The bytes pass defusedxml's parser first, with a DTD, any entity declaration and
any external reference forbidden and no tree built: that finds what is refused (a
DOCTYPE, which every XML bomb and external entity needs, and malformed XML) at
expat's speed. Only then does the standard library's C parser build the tree from
the same bytes, which by then cannot declare an entity. No URL is ever opened:
neither parser fetches anything.

Where the versions differ, both forms are read in every version: the booking date
in ``BookgDt/Dt`` or ``BookgDt/DtTm`` (its date as written), the status as
``<Sts>BOOK</Sts>`` (001.02 to 001.07) or ``<Sts><Cd>BOOK</Cd></Sts>`` (001.08), the
debtor's name in ``Dbtr/Nm`` (to 001.07) or ``Dbtr/Pty/Nm`` (001.08).
"""

from __future__ import annotations

import gc
import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from typing import Any, NoReturn
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET

from ...i18n import N_, _
from .model import (
    Entry,
    Fallbacks,
    Statement,
    account_id,
    refuse,
    shown,
    without,
)

VERSIONS = tuple(f"{n:02d}" for n in range(2, 9))
_NAMESPACE = re.compile(r"urn:iso:std:iso:20022:tech:xsd:(camt\.\d{3})\.001\.(\d{2})")
_DECLARED = re.compile(rb"\A<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_NTRY_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Ntry[\s/>]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_AMOUNT = re.compile(r"\+?(?:\d+(?:\.\d*)?|\.\d+)")
_CURRENCY = re.compile(r"[A-Z]{3}")
# The TxDtls/Refs that name one transaction (see Entry.original_ids).
_REFS = frozenset(
    (
        "AcctSvcrRef",
        "InstrId",
        "EndToEndId",
        "UETR",
        "TxId",
        "ChqNb",
        "ClrSysRef",
        "AcctOwnrTxId",
        "AcctSvcrTxId",
        "MktInfrstrctrTxId",
        "PrcgId",
    )
)
# expat's errors for a document cut short: no element found, unclosed token, partial character.
_ENDS_EARLY = (3, 5, 6)
# Bank transaction sub-families of a return or reversal.
_RETURNS = frozenset({"RRTN", "UPDD", "RPCR"})


class _NoTree:
    """A parser target without start, end or data: defusedxml checks, nothing is built."""

    def close(self) -> None:
        return None


def _check(raw: bytes, source: str) -> None:
    """Refuse a camt file that is not UTF-8 as declared, or not safe, well-formed XML."""
    declared = _DECLARED.match(raw.removeprefix(b"\xef\xbb\xbf"))
    utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and (declared is None or declared.group(1).lower() in (b"utf-8", b"utf8")):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as error:
            message = _("not UTF-8 (byte {byte}), and the XML declaration names no other encoding")
            line = raw.count(b"\n", 0, error.start) + 1
            refuse(source, message, line, byte=f"0x{raw[error.start]:02X}")
    parser = DefusedET.DefusedXMLParser(
        target=_NoTree(), forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    expat_parser: Any = getattr(parser, "parser", None)
    if expat_parser is not None:  # text outside the checks needs no Python callback
        expat_parser.DefaultHandlerExpand = None
    try:
        parser.feed(raw)
        parser.close()
    except DefusedXmlException as error:
        at: int | None = expat_parser.CurrentLineNumber if expat_parser is not None else None
        what = _(_FORBIDDEN.get(type(error).__name__, _FORBIDDEN["DTDForbidden"]))
        message = _(
            "{what} is refused in a statement (no DTD, no entities: they are how XML "
            "bombs and external-entity attacks work)"
        )
        refuse(source, message, at, what=what)
    except (LookupError, ValueError):  # an encoding Python does not know, or multi-byte
        if declared is None:
            raise
        name = shown(declared.group(1).decode("ascii"))
        message = _("the XML declaration names the encoding {name}, which is not read")
        refuse(source, message, name=name)
    except (DefusedET.ParseError, ET.ParseError, expat.ExpatError) as error:
        code = getattr(error, "code", None)
        position: tuple[int, int] = getattr(error, "position", (0, 0))
        reason = expat.ErrorString(code) if isinstance(code, int) else str(error)
        if code in _ENDS_EARLY:
            message = _(
                "not well-formed XML: {reason} (column {column}): the file ends before the "
                "document does (truncated?)"
            )
        else:
            message = _("not well-formed XML: {reason} (column {column})")
        refuse(source, message, position[0], reason=reason, column=position[1] + 1)


# What defusedxml refuses, translated where it is shown.
_FORBIDDEN = {
    "DTDForbidden": N_("a DOCTYPE"),
    "EntitiesForbidden": N_("an entity declaration"),
    "ExternalReferenceForbidden": N_("an external reference"),
}


def camt_version(root: ET.Element, source: str) -> tuple[str, str]:
    """(namespace, version NN) of a camt.053.001.NN document; anything else refused."""
    namespace, _brace, local = (
        root.tag[1:].partition("}") if root.tag.startswith("{") else ("", "", "")
    )
    match = _NAMESPACE.fullmatch(namespace)
    if match is None:
        bare = _("<{tag}> without a namespace").format(tag=root.tag)
        message = _(
            "not a statement: the XML root is {root}, expected a camt.053 "
            "Document (urn:iso:std:iso:20022:tech:xsd:camt.053.001.02 to .08)"
        )
        refuse(source, message, root=shown(root.tag if namespace else bare))
    kind, version = match.groups()
    name = f"{kind}.001.{version}"
    if kind != "camt.053":
        message = _("a {name} document is not a statement: expected camt.053.001.02 to .08")
        refuse(source, message, name=name)
    if version not in VERSIONS:
        message = _("{name} is not read: the versions read are camt.053.001.02 to .08")
        refuse(source, message, name=name)
    if local != "Document":
        message = _("not a statement: the root of the {name} XML is {local}, not Document")
        refuse(source, message, name=name, local=local)
    return namespace, version


def _text(element: ET.Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


class _Reader:
    """Reads the entries; an element's children are looked up by local name."""

    def __init__(self, namespace: str, source: str, lines: list[int] | None) -> None:
        self.q = "{" + namespace + "}"
        self.n = len(self.q)
        self.source = source
        self.lines = lines
        self.entries: list[Entry] = []
        self.fallbacks = Fallbacks()

    def kids(self, element: ET.Element | None) -> dict[str, ET.Element]:
        """The children of ``element`` by local name (the first of each)."""
        found: dict[str, ET.Element] = {}
        if element is not None:
            n = self.n
            for child in element:
                found.setdefault(child.tag[n:], child)
        return found

    def at(self, element: ET.Element | None, *path: str) -> ET.Element | None:
        q = self.q
        for name in path:
            if element is None:
                return None
            element = element.find(q + name)
        return element

    def statement(self, stmt: ET.Element, number: int) -> str:
        identification = self.at(stmt, "Acct", "Id")
        account = _text(self.at(identification, "IBAN")) or _text(
            self.at(identification, "Othr", "Id")
        )
        if account is None:
            message = _("statement {number} has no account (Acct/Id/IBAN or Othr/Id)")
            refuse(self.source, message, number=number)
        account = account_id(account)
        for ntry in stmt.iterfind(self.q + "Ntry"):
            self.entry(ntry, account)
        return account

    def fail(self, index: int, line: int | None, message: str, **values: object) -> NoReturn:
        """Refuse entry ``index``: ``message`` (translated) holds ``{index}``."""
        refuse(self.source, message, line, index=index, **values)

    def day(self, element: ET.Element | None, index: int, line: int | None) -> date | None:
        """The date of a BookgDt or ValDt: its Dt, or the date its DtTm is written with."""
        if element is None:
            return None
        text = _text(element.find(self.q + "Dt")) or _text(element.find(self.q + "DtTm"))
        if text is None:
            return None
        try:
            if not _DATE.match(text):
                raise ValueError(text)
            return date.fromisoformat(text[:10])
        except ValueError:
            name = element.tag[self.n :]
            message = _("entry {index} has a {name} that is not a date: {value}")
            self.fail(index, line, message, name=name, value=shown(text))

    def entry(self, ntry: ET.Element, account: str) -> None:
        index = len(self.entries) + 1
        line = self.lines[index - 1] if self.lines else None
        kids = self.kids(ntry)
        amt = kids.get("Amt")
        amount_text = _text(amt)
        if amt is None or amount_text is None:
            self.fail(index, line, _("entry {index} has no amount (Ntry/Amt)"))
        if not _AMOUNT.fullmatch(amount_text):
            message = _("entry {index} has an amount that is not a positive decimal: {value}")
            self.fail(index, line, message, value=shown(amount_text))
        currency = (amt.get("Ccy") or "").strip()
        if not currency:
            self.fail(index, line, _("entry {index} has no currency (the Ccy of Ntry/Amt)"))
        if not _CURRENCY.fullmatch(currency):
            message = _("entry {index} has a currency that is not ISO 4217: {value}")
            self.fail(index, line, message, value=shown(currency))
        mark = _text(kids.get("CdtDbtInd"))
        if mark not in ("CRDT", "DBIT"):
            message = _("entry {index} has CdtDbtInd {value}, not CRDT or DBIT")
            self.fail(index, line, message, value=shown(mark))
        value_date = self.day(kids.get("ValDt"), index, line)
        booked = self.day(kids.get("BookgDt"), index, line) or value_date
        if booked is None:
            self.fail(index, line, _("entry {index} has no date (BookgDt or ValDt)"))
        sts = kids.get("Sts")
        status = _text(sts) or _text(self.at(sts, "Cd")) or _text(self.at(sts, "Prtry"))
        reversal = (_text(kids.get("RvslInd")) or "").lower() in ("true", "1")
        code = self.kids(kids.get("BkTxCd"))
        domain = self.kids(code.get("Domn"))
        family = self.kids(domain.get("Fmly"))
        codes = [_text(domain.get("Cd")), _text(family.get("Cd")), _text(family.get("SubFmlyCd"))]
        if all(codes):
            bank_code: str | None = "-".join(str(part) for part in codes)
        else:
            bank_code = _text(self.at(code.get("Prtry"), "Cd"))
        found = _Found()
        details = kids.get("NtryDtls")
        if details is not None:
            for tx in details.iterfind(self.q + "TxDtls"):
                self.transaction(tx, found)
        undoes = reversal or found.returned or (codes[2] or "") in _RETURNS
        amount = Decimal(amount_text.removeprefix("+"))
        remittance = " ".join(found.texts)
        iban = found.iban
        alike = (account, booked, value_date, mark, reversal, amount, currency, bank_code)
        bank_id = (
            _text(kids.get("AcctSvcrRef"))
            or _text(kids.get("NtryRef"))
            or self.fallbacks.make(*alike, found.e2e, found.ref, remittance, iban)
        )
        self.entries.append(
            Entry(
                index=index,
                line=line,
                account=account,
                bank_id=bank_id,
                booked=booked,
                value_date=value_date,
                amount=amount,
                currency=currency,
                credit=mark == "CRDT",
                reversal=reversal,
                booked_status=status == "BOOK",
                structured_reference=found.ref,
                remittance=remittance,
                debtor_name=found.name,
                debtor_iban=account_id(iban) if iban else None,
                end_to_end_id=found.e2e,
                original_ids=without(found.references, bank_id) if undoes else (),
                return_reason=found.reason,
                bank_code=bank_code,
            )
        )

    def transaction(self, tx: ET.Element, found: _Found) -> None:
        """Add what one TxDtls says to ``found``: the first of each value, all texts."""
        kids = self.kids(tx)
        refs = self.kids(kids.get("Refs"))
        parties = self.kids(kids.get("RltdPties"))
        remittance = kids.get("RmtInf")
        if remittance is not None:
            for part in remittance:
                local = part.tag[self.n :]
                if local == "Ustrd" and (text := _text(part)):
                    found.texts.append(text)
                elif local == "Strd" and found.ref is None:
                    found.ref = _text(self.at(part, "CdtrRefInf", "Ref"))
        debtor = parties.get("Dbtr")
        found.name = (
            found.name or _text(self.at(debtor, "Nm")) or _text(self.at(debtor, "Pty", "Nm"))
        )
        found.iban = found.iban or _text(self.at(parties.get("DbtrAcct"), "Id", "IBAN"))
        e2e = _text(refs.get("EndToEndId"))
        if e2e and e2e.upper() != "NOTPROVIDED":
            found.e2e = found.e2e or e2e
        for name, element in refs.items():  # in the order of the file (and the schema)
            if name in _REFS and (value := _text(element)) and value.upper() != "NOTPROVIDED":
                found.references.append(value)
        if "Prtry" in refs:
            for proprietary in kids["Refs"].iterfind(self.q + "Prtry"):
                if value := _text(self.at(proprietary, "Ref")):
                    found.references.append(value)
        returned = kids.get("RtrInf")
        if returned is not None:
            found.returned = True
            reason = self.at(returned, "Rsn")
            found.reason = (
                found.reason or _text(self.at(reason, "Cd")) or _text(self.at(reason, "Prtry"))
            )


class _Found:
    """What the TxDtls of an entry say."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.references: list[str] = []
        self.ref: str | None = None
        self.name: str | None = None
        self.iban: str | None = None
        self.e2e: str | None = None
        self.reason: str | None = None
        self.returned = False


def _entry_lines(raw: bytes, count: int) -> list[int] | None:
    """The line of each Ntry start tag, where the raw bytes show them one to one."""
    starts = [match.start() for match in _NTRY_TAG.finditer(raw)]
    if len(starts) != count:
        return None
    lines, line, last = [], 1, 0
    for start in starts:
        line += raw.count(b"\n", last, start)
        last = start
        lines.append(line)
    return lines


def read_camt(raw: bytes, source: str) -> Statement:
    """The statement in a camt.053 document."""
    _check(raw, source)
    # The tree holds no cycles, and the collector's passes over its many elements would
    # take a fifth of the time: it is paused while the tree lives (and then set back).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read_tree(raw, source)
    finally:
        if collecting:
            gc.enable()


def _read_tree(raw: bytes, source: str) -> Statement:
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as error:  # the check passed, so this does not happen
        refuse(source, _("not well-formed XML: {reason}"), reason=error)
    namespace, version = camt_version(root, source)
    q = "{" + namespace + "}"
    statements = root.findall(f"{q}BkToCstmrStmt/{q}Stmt")
    if not statements:
        message = _("{name} document without BkToCstmrStmt/Stmt")
        refuse(source, message, name=f"camt.053.001.{version}")
    count = sum(len(stmt.findall(q + "Ntry")) for stmt in statements)
    reader = _Reader(namespace, source, _entry_lines(raw, count))
    accounts = [reader.statement(stmt, n) for n, stmt in enumerate(statements, 1)]
    return Statement(
        format=f"camt.053.001.{version}", account=accounts[0], entries=tuple(reader.entries)
    )
