"""The bank-statement reader (opgave_cli.sources.bank) against statements written for
these tests in tests/data/bank/, after the message definitions: the ISO 20022 camt.053
schemas 001.02 to 001.08, the Dutch banks' camt.053 and MT940 (Structured) format
descriptions (ING, Rabobank, ABN AMRO, BNG Bank) and the SWIFT MT940 definition.

The expected entries are written out by hand from the files, not computed by the code
under test; the fallback bank_ids of entries without a bank reference are pinned, as a
statement read again later must give the same ones. Every refusal is one line naming
the file. No test reaches the network (pytest-socket), and the XML tests also fail on
any connection attempt at all, loopback included.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import socket
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from opgave_cli.errors import OpgaveError
from opgave_cli.sources.bank import MAX_BYTES, Entry, Statement, StatementError, read_statement

DATA = Path(__file__).resolve().parent / "data" / "bank"
PACKAGE = Path(__file__).resolve().parent.parent / "src" / "opgave_cli" / "sources" / "bank"
NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
EXPECTED = "expected a camt.053 XML statement or an MT940 file (:20:, :25:, :60F:, :61: tags)"
DOCTYPE_REFUSED = (
    "a DOCTYPE is refused in a statement (no DTD, no entities: they are how XML bombs and "
    "external-entity attacks work)"
)


def read(name: str) -> Statement:
    return read_statement((DATA / name).read_bytes(), name)


def refused(raw: bytes, source: str = "statement.xml") -> str:
    """The message of the StatementError that reading ``raw`` raises: one line, exit 1."""
    with pytest.raises(StatementError) as info:
        read_statement(raw, source)
    error = info.value
    assert isinstance(error, OpgaveError)
    assert error.exit_code == 1
    message = str(error)
    assert "\n" not in message and "\r" not in message
    assert "Traceback" not in message
    return message


def entry(**fields: object) -> Entry:
    """An Entry with every field given; the defaults are those of an ordinary booking."""
    values: dict[str, object] = {
        "value_date": None,
        "currency": "EUR",
        "credit": True,
        "reversal": False,
        "booked_status": True,
        "structured_reference": None,
        "remittance": "",
        "debtor_name": None,
        "debtor_iban": None,
        "end_to_end_id": None,
        "original_ids": (),
        "return_reason": None,
        "bank_code": None,
    }
    values.update(fields)
    return Entry(**values)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- camt.053


def test_camt_053_001_02_ing() -> None:
    statement = read("ing-camt053-v02.xml")
    assert statement.format == "camt.053.001.02"
    assert statement.account == "NL69INGB0123456789"
    day = date(2024, 3, 15)
    ing = {"account": "NL69INGB0123456789", "booked": day, "value_date": day}
    assert statement.entries == (
        entry(
            **ing, index=1, line=33, bank_id="24075000000001", amount=Decimal("45312.50"),
            structured_reference="3000202400000118", debtor_name="Gemeente Arnhem",
            debtor_iban="NL15BNGH0285005678", end_to_end_id="ARN-2024-0042",
            bank_code="PMNT-RCDT-ESCT",
        ),
        entry(
            **ing, index=2, line=67, bank_id="24075000000002", amount=Decimal("12040.00"),
            remittance="Bijdrage Opgaveovereenkomst Productieve regio 2023-2024 termijn 1",
            debtor_name="Gemeente Nijmegen", debtor_iban="NL13BNGH0285009012",
            bank_code="PMNT-RCDT-ESCT",
        ),
        entry(
            **ing, index=3, line=91, bank_id="24075000000003", amount=Decimal("2500.00"),
            credit=False, remittance="Factuur 2024-017 procesbegeleiding",
            end_to_end_id="GMR-BET-2024-017", bank_code="PMNT-ICDT-ESCT",
        ),
        # pending, without a booking date: its value date stands in; NtryRef is its id
        entry(
            index=4, line=116, account="NL69INGB0123456789", bank_id="0005",
            booked=date(2024, 3, 18), value_date=date(2024, 3, 18), amount=Decimal("800.00"),
            booked_status=False, remittance="Voorschot bijdrage 2024",
            debtor_name="Gemeente Overbetuwe", debtor_iban="NL63BNGH0285003456",
            end_to_end_id="OVB-0800", bank_code="PMNT-RCDT-ESCT",
        ),
        # the reversal of entry 1, naming its AcctSvcrRef and EndToEndId
        entry(
            **ing, index=5, line=136, bank_id="24075000000006", amount=Decimal("45312.50"),
            credit=False, reversal=True, structured_reference="3000202400000118",
            debtor_name="Gemeente Arnhem", debtor_iban="NL15BNGH0285005678",
            end_to_end_id="ARN-2024-0042", original_ids=("24075000000001", "ARN-2024-0042"),
            bank_code="PMNT-RCDT-ESCT",
        ),
        # the SEPA return of entry 3 (AC04); not PmtInfId, a batch
        entry(
            **ing, index=6, line=164, bank_id="24075000000007", amount=Decimal("2500.00"),
            remittance="Factuur 2024-017 procesbegeleiding",
            debtor_name="Adviesbureau De Linge B.V.", debtor_iban="NL31RABO0300087233",
            end_to_end_id="GMR-BET-2024-017",
            original_ids=("GMR-INSTR-017", "GMR-BET-2024-017", "SCT-RTN-88"),
            return_reason="AC04", bank_code="PMNT-ICDT-RRTN",
        ),
        # the second statement: the USD account, its IBAN written with spaces
        entry(
            index=7, line=209, account="NL69INGB0123456789", bank_id="24075000000101",
            booked=day, value_date=date(2024, 3, 14), amount=Decimal("1500.00"),
            currency="USD", remittance="Contribution workshop",
            debtor_name="Regional Partners Inc.", bank_code="PMNT-RCDT-XBCT",
        ),
    )  # fmt: skip


def test_camt_053_001_04_rabobank() -> None:
    statement = read("rabobank-camt053-v04.xml")
    assert statement.format == "camt.053.001.04"
    assert statement.account == "NL44RABO0123456789"
    day = date(2024, 4, 2)
    rabo = {"account": "NL44RABO0123456789", "booked": day}
    assert statement.entries == (
        # booking dates are DtTm here: the date as written, not converted to UTC
        entry(
            **rabo, index=1, line=14, bank_id="2024093000123401", value_date=day,
            amount=Decimal("23617.00"), structured_reference="RF18539007547034",
            debtor_name="Gemeente Lingewaard", debtor_iban="NL32INGB0000012345",
            end_to_end_id="LGW-2024-Q2-001", bank_code="PMNT-RCDT-ESCT",
        ),
        entry(
            **rabo, index=2, line=29, bank_id="2024093000123402", value_date=day,
            amount=Decimal("6150.75"),
            remittance="GMR opgave productieve regio bijdrage 2024 factuur 2024-0031",
            debtor_name="Gemeente Zevenaar", debtor_iban="NL91ABNA0417164300",
            end_to_end_id="ZVN/2024/118", bank_code="PMNT-RCDT-ESCT",
        ),
        entry(
            **rabo, index=3, line=43, bank_id="2024093000123403", value_date=date(2024, 4, 1),
            amount=Decimal("14.95"), credit=False, bank_code="ACMT-MDOP-CHRG",
        ),
        entry(
            **rabo, index=4, line=53, bank_id="2024093000123404", value_date=day,
            amount=Decimal("320.00"), currency="GBP", credit=False, remittance="Conference fee",
            end_to_end_id="GMR-UK-2024-02", bank_code="PMNT-ICDT-XBCT",
        ),
        entry(
            index=5, line=68, account="NL44RABO0123456789", bank_id="2024094000000017",
            booked=date(2024, 4, 3), value_date=date(2024, 4, 3), amount=Decimal("9800.00"),
            booked_status=False, remittance="Bijdrage 2024", debtor_name="Gemeente Renkum",
            debtor_iban="NL14BNGH0285001234", bank_code="PMNT-RCDT-ESCT",
        ),
        # the reversal of the costs of entry 3
        entry(
            **rabo, index=6, line=81, bank_id="2024093000123406", value_date=date(2024, 4, 1),
            amount=Decimal("14.95"), reversal=True, original_ids=("2024093000123403",),
            bank_code="ACMT-MDOP-CHRG",
        ),
        # a direct debit of the GMR's own, refunded (MD06): not MndtId, a mandate
        entry(
            **rabo, index=7, line=95, bank_id="2024093000123407", value_date=day,
            amount=Decimal("96.00"), remittance="Telefonie maart",
            debtor_name="Groene Metropoolregio Arnhem-Nijmegen",
            debtor_iban="NL44RABO0123456789", end_to_end_id="KPN202403001177",
            original_ids=("KPN-INC-778", "KPN202403001177"), return_reason="MD06",
            bank_code="PMNT-RDDT-UPDD",
        ),
        # no AcctSvcrRef, no NtryRef: the fallback, the second one alike numbered
        entry(
            **rabo, index=8, line=110, bank_id="hb2cd4071b5cdeb64", amount=Decimal("10.00"),
            credit=False, bank_code="ACMT-MDOP-CHRG",
        ),
        entry(
            **rabo, index=9, line=117, bank_id="hb2cd4071b5cdeb64-2", amount=Decimal("10.00"),
            credit=False, bank_code="ACMT-MDOP-CHRG",
        ),
    )  # fmt: skip


def test_camt_053_001_08_abnamro() -> None:
    statement = read("abnamro-camt053-v08.xml")
    assert statement.format == "camt.053.001.08"
    assert statement.account == "NL02ABNA0123456789"
    day = date(2024, 6, 10)
    abn = {"account": "NL02ABNA0123456789", "booked": day}
    assert statement.entries == (
        entry(
            **abn, index=1, line=24, bank_id="0610F4Q2Z1X8ABCD", value_date=day,
            amount=Decimal("8841.25"), structured_reference="7000202400000335",
            debtor_name="Gemeente Renkum", debtor_iban="NL14BNGH0285001234",
            end_to_end_id="RNK-2024-17", bank_code="PMNT-RCDT-ESCT",
        ),
        entry(
            **abn, index=2, line=59, bank_id="0610F4Q2Z1X8ABCE", value_date=day,
            amount=Decimal("3075.10"), remittance="Bijdrage GMR 2024 debiteur 4711",
            debtor_name="Gemeente Mook en Middelaar", debtor_iban="NL49TRIO0390123456",
            bank_code="PMNT-RCDT-ESCT",
        ),
        entry(
            **abn, index=3, line=84, bank_id="0610F4Q2Z1X8ABCF", value_date=day,
            amount=Decimal("12500"), credit=False, remittance="Subsidie project 9",
            debtor_name="Groene Metropoolregio Arnhem-Nijmegen",
            debtor_iban="NL02ABNA0123456789", end_to_end_id="GMR-2024-PRJ-09",
            bank_code="PMNT-ICDT-ESCT",
        ),
        # not an IBAN (DbtrAcct/Id/Othr): no debtor_iban
        entry(
            **abn, index=4, line=108, bank_id="0610F4Q2Z1X8ABCG", value_date=date(2024, 6, 12),
            amount=Decimal("450.00"), currency="CHF", remittance="Kostenbeteiligung Studienreise",
            debtor_name="Verein Regionalentwicklung Basel", bank_code="PMNT-RCDT-XBCT",
        ),
        entry(
            index=5, line=129, account="NL02ABNA0123456789", bank_id="5",
            booked=date(2024, 6, 11), value_date=date(2024, 6, 11), amount=Decimal("17250.00"),
            booked_status=False, remittance="Tweede termijn 2024", debtor_name="Gemeente Arnhem",
            debtor_iban="NL15BNGH0285005678", end_to_end_id="ARN-2024-0107",
            bank_code="PMNT-RCDT-ESCT",
        ),
        entry(
            **abn, index=6, line=149, bank_id="0610F4Q2Z1X8ABCH", value_date=day,
            amount=Decimal("8841.25"), credit=False, reversal=True,
            debtor_name="Gemeente Renkum", debtor_iban="NL14BNGH0285001234",
            end_to_end_id="RNK-2024-17",
            original_ids=(
                "0610F4Q2Z1X8ABCD", "RNK-2024-17", "3f2a1c9e-7b4d-4e8a-9c1f-2d6b8a0e5f13"
            ),
            bank_code="PMNT-RCDT-ESCT",
        ),
        # a return: not MsgId; UETR and the proprietary reference
        entry(
            **abn, index=7, line=175, bank_id="0610F4Q2Z1X8ABCI", value_date=day,
            amount=Decimal("12500.00"), debtor_name="Stichting Kennispark Gelderland",
            debtor_iban="NL67ABNA0562399340", end_to_end_id="GMR-2024-PRJ-09",
            original_ids=(
                "GMR-2024-PRJ-09", "9b0c6a2e-1d3f-4c5b-8e7a-6f4d2c1b0a99", "RTN-20240610-0003"
            ),
            return_reason="AC04", bank_code="PMNT-ICDT-RRTN",
        ),
    )  # fmt: skip
    # the amounts exactly as written
    assert [str(e.amount) for e in statement.entries][:3] == ["8841.25", "3075.10", "12500"]


MINIMAL = """<?xml version="1.0" encoding="{encoding}"?>
<{p}Document xmlns{colon}{prefix}="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}">
<{p}BkToCstmrStmt><{p}Stmt><{p}Acct><{p}Id><{p}IBAN>nl69ingb0123456789</{p}IBAN></{p}Id></{p}Acct>
<{p}Ntry><{p}Amt Ccy="EUR">1.00</{p}Amt><{p}CdtDbtInd>CRDT</{p}CdtDbtInd>{status}
<{p}BookgDt><{p}DtTm>2024-12-31T23:30:00-01:00</{p}DtTm></{p}BookgDt>
<{p}NtryDtls><{p}TxDtls><{p}RltdPties>{debtor}</{p}RltdPties>
<{p}RmtInf><{p}Ustrd>Zoë en Renée</{p}Ustrd></{p}RmtInf></{p}TxDtls></{p}NtryDtls>
</{p}Ntry></{p}Stmt></{p}BkToCstmrStmt></{p}Document>
"""


def minimal(
    version: str = "02",
    *,
    status: str = "<Sts>BOOK</Sts>",
    debtor: str = "<Dbtr><Nm>Gemeente Rheden</Nm></Dbtr>",
    encoding: str = "UTF-8",
    prefix: str = "",
) -> bytes:
    p = f"{prefix}:" if prefix else ""
    if p:
        status = status.replace("<", f"<{p}").replace(f"<{p}/", f"</{p}")
        debtor = debtor.replace("<", f"<{p}").replace(f"<{p}/", f"</{p}")
    text = MINIMAL.format(
        version=version, status=status, debtor=debtor, encoding=encoding, p=p,
        colon=":" if prefix else "", prefix=prefix,
    )  # fmt: skip
    return text.encode("utf-8" if encoding == "UTF-8" else encoding)


MINIMAL_ENTRY = entry(
    index=1,
    line=4,
    account="NL69INGB0123456789",
    bank_id="hf1ea396abb9dd5f2",
    booked=date(2024, 12, 31),
    amount=Decimal("1.00"),
    remittance="Zoë en Renée",
    debtor_name="Gemeente Rheden",
)


@pytest.mark.parametrize("version", ["02", "03", "04", "05", "06", "07", "08"])
@pytest.mark.parametrize(
    ("status", "debtor"),
    [
        ("<Sts>BOOK</Sts>", "<Dbtr><Nm>Gemeente Rheden</Nm></Dbtr>"),  # 001.02 to 001.07
        ("<Sts><Cd>BOOK</Cd></Sts>", "<Dbtr><Pty><Nm>Gemeente Rheden</Nm></Pty></Dbtr>"),  # 08
    ],
)
def test_every_version_reads_both_forms(version: str, status: str, debtor: str) -> None:
    statement = read_statement(minimal(version, status=status, debtor=debtor), "s.xml")
    assert statement.format == f"camt.053.001.{version}"
    assert statement.entries == (MINIMAL_ENTRY,)


def test_camt_encoding_declared_prefix_and_utf16() -> None:
    latin = read_statement(minimal(encoding="ISO-8859-1"), "latin.xml").entries[0]
    windows = read_statement(minimal(encoding="windows-1252"), "windows.xml").entries[0]
    prefixed = read_statement(minimal(prefix="c"), "prefixed.xml").entries[0]
    plain = read_statement(minimal(), "plain.xml").entries[0]
    assert latin == windows == prefixed == plain
    assert plain.remittance == "Zoë en Renée"
    utf16 = minimal().decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    wide = read_statement(utf16.encode("utf-16"), "wide.xml").entries[0]
    assert wide == replace(plain, line=None)  # lines are not known in UTF-16


def test_entry_lines_unknown_where_the_bytes_do_not_show_them() -> None:
    commented = minimal().replace(b"<Ustrd>", b"<!-- <Ntry> --><Ustrd>")
    assert read_statement(commented, "c.xml").entries == (replace(MINIMAL_ENTRY, line=None),)


def test_format_is_told_by_content_not_name() -> None:
    camt = (DATA / "ing-camt053-v02.xml").read_bytes()
    mt940 = (DATA / "ing-mt940s.940").read_bytes()
    assert read_statement(camt, "afschrift.940") == read("ing-camt053-v02.xml")
    assert read_statement(mt940, "afschrift.xml") == read("ing-mt940s.940")
    assert read_statement(b"\xef\xbb\xbf" + camt, "bom.xml") == read("ing-camt053-v02.xml")


def test_entries_and_statements_are_frozen() -> None:
    statement = read("ing-camt053-v02.xml")
    with pytest.raises(dataclasses.FrozenInstanceError):
        statement.entries[0].amount = Decimal(0)  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        statement.account = "x"  # type: ignore[misc]


# ------------------------------------------------------------------------------- MT940


def test_mt940s_ing() -> None:
    statement = read("ing-mt940s.940")
    assert statement.format == "mt940s"
    assert statement.account == "NL69INGB0123456789"  # ":25:NL69INGB0123456789EUR"
    day = date(2024, 3, 15)
    ing = {"account": "NL69INGB0123456789", "booked": day, "value_date": day}
    assert statement.entries == (
        # /REMI/STRD/CUR/: the structured reference; /CNTP/ the payer
        entry(
            **ing, index=1, line=6, bank_id="24075000000001", amount=Decimal("45312.50"),
            structured_reference="3000202400000118", debtor_name="Gemeente Arnhem",
            debtor_iban="NL15BNGH0285005678", end_to_end_id="ARN-2024-0042", bank_code="NTRF",
        ),
        # /REMI/USTD//, broken over two lines; /EREF/NOTPROVIDED is no reference
        entry(
            **ing, index=2, line=10, bank_id="24075000000002", amount=Decimal("12040.00"),
            remittance="Bijdrage Opgaveovereenkomst Productieve regio 2023-2024 termijn 1",
            debtor_name="Gemeente Nijmegen", debtor_iban="NL13BNGH0285009012",
            bank_code="NTRF",
        ),
        # a debit: the counterparty is the creditor, not a payer
        entry(
            **ing, index=3, line=15, bank_id="24075000000003", amount=Decimal("2500.00"),
            credit=False, remittance="Factuur 2024-017 procesbegeleiding",
            end_to_end_id="GMR-BET-2024-017", bank_code="NTRF",
        ),
        # RC: the reversal of the credit of entry 1
        entry(
            **ing, index=4, line=20, bank_id="24075000000006", amount=Decimal("45312.50"),
            credit=False, reversal=True, structured_reference="3000202400000118",
            end_to_end_id="ARN-2024-0042", original_ids=("ARN-2024-0042",), bank_code="NTRF",
        ),
        # /RTRN/AC04 with the original's /EREF/
        entry(
            **ing, index=5, line=24, bank_id="24075000000007", amount=Decimal("2500.00"),
            remittance="Factuur 2024-017 procesbegeleiding",
            debtor_name="Adviesbureau De Linge B.V.", debtor_iban="NL31RABO0300087233",
            end_to_end_id="GMR-BET-2024-017", original_ids=("GMR-BET-2024-017",),
            return_reason="AC04", bank_code="NRTI",
        ),
        # the second message: the USD account; the counterparty's account is no IBAN
        entry(
            **ing, index=6, line=39, bank_id="24075000000101", amount=Decimal("1500.00"),
            currency="USD", remittance="Contribution workshop",
            debtor_name="Regional Partners Inc.", bank_code="NTRF",
        ),
    )  # fmt: skip


def test_mt940s_rabobank_iso_8859_1() -> None:
    raw = (DATA / "rabobank-mt940s.940").read_bytes()
    assert "Café Zoë".encode("iso-8859-1") in raw  # the file really is ISO-8859-1
    statement = read("rabobank-mt940s.940")
    assert statement.format == "mt940s"
    assert statement.account == "NL44RABO0123456789"  # ":25:NL44RABO0123456789 EUR"
    day = date(2024, 4, 2)
    rabo = {"account": "NL44RABO0123456789", "booked": day, "value_date": day}
    assert statement.entries == (
        # /REMI//CDTRREFTP//CD/SCOR/ISSR/CUR/CDTRREF/; the payer's IBAN on :61:'s second line
        entry(
            **rabo, index=1, line=6, bank_id="2024093000123401", amount=Decimal("23617.00"),
            structured_reference="3000202400000231", debtor_name="Gemeente Lingewaard",
            debtor_iban="NL32INGB0000012345", end_to_end_id="LGW-2024-Q2-001",
            bank_code="N541",
        ),
        entry(
            **rabo, index=2, line=10, bank_id="2024093000123402", amount=Decimal("150.00"),
            remittance="Bijdrage netwerkdag Overbetuwe, één keer",
            debtor_name="Stichting Café Zoë", debtor_iban="NL91ABNA0417164300",
            bank_code="N541",
        ),
        entry(
            **rabo, index=3, line=15, bank_id="2024093000123403", amount=Decimal("14.95"),
            credit=False, remittance="Kosten betalingsverkeer maart 2024", bank_code="N093",
        ),
        entry(
            **rabo, index=4, line=19, bank_id="2024093000123406", amount=Decimal("23617.00"),
            credit=False, reversal=True, remittance="Storno bijschrijving",
            end_to_end_id="LGW-2024-Q2-001", original_ids=("LGW-2024-Q2-001",),
            bank_code="N541",
        ),
        entry(
            **rabo, index=5, line=23, bank_id="2024093000123407", amount=Decimal("2500.00"),
            remittance="Factuur 2024-017 procesbegeleiding",
            debtor_name="Adviesbureau De Linge B.V.", debtor_iban="NL31RABO0300087233",
            end_to_end_id="GMR-BET-2024-017", original_ids=("GMR-BET-2024-017",),
            return_reason="AC04", bank_code="N593",
        ),
        # the second statement of the file: the GBP account
        entry(
            **rabo, index=6, line=33, bank_id="2024093000123404", amount=Decimal("320.00"),
            currency="GBP", credit=False, remittance="Conference fee",
            end_to_end_id="GMR-UK-2024-02", bank_code="N101",
        ),
    )  # fmt: skip


def test_mt940_abnamro_windows_1252() -> None:
    statement = read("abnamro-mt940.940")
    assert statement.format == "mt940"  # ABN AMRO's /TRTP/ layout is not MT940 Structured
    assert statement.account == "NL02ABNA0123456789"
    day = date(2024, 1, 2)
    abn = {"account": "NL02ABNA0123456789", "booked": day, "value_date": day}
    assert statement.entries == (
        # value date 2023-12-31, booked 0102: in the next year
        entry(
            index=1, line=8, account="NL02ABNA0123456789", bank_id="h2f0289e39129b479",
            booked=day, value_date=date(2023, 12, 31), amount=Decimal("8841.25"),
            remittance="Bijdrage GMR 2024 kenmerk 7000202400000335",
            debtor_name="Gemeente Renkum", debtor_iban="NL14BNGH0285001234",
            end_to_end_id="RNK-2024-17", bank_code="N658",
        ),
        # free text, its lines joined by a space
        entry(
            **abn, index=2, line=12, bank_id="hb3dfb730e4b9b615", amount=Decimal("3075.10"),
            remittance="GIRO  123456 Gemeente Mook en Middelaar BIJDRAGE NETWERKDAG CAFÉ ZOË",
            bank_code="N196",
        ),
        entry(
            **abn, index=3, line=15, bank_id="hf2fa1cb6813f4d10", amount=Decimal("12500.00"),
            credit=False, remittance="Subsidie project 9 € 12.500",
            end_to_end_id="GMR-2024-PRJ-09", bank_code="N654",
        ),
        entry(
            **abn, index=4, line=19, bank_id="hfde6cbc9b316adaa", amount=Decimal("8841.25"),
            credit=False, reversal=True, remittance="Storno", end_to_end_id="RNK-2024-17",
            original_ids=("RNK-2024-17",), bank_code="N658",
        ),
        entry(
            **abn, index=5, line=22, bank_id="h08ce6c955828d197", amount=Decimal("12500.00"),
            remittance="Subsidie project 9", debtor_name="Stichting Kennispark Gelderland",
            debtor_iban="NL67ABNA0562399340", end_to_end_id="GMR-2024-PRJ-09",
            original_ids=("GMR-2024-PRJ-09",), return_reason="AC04", bank_code="N654",
        ),
        entry(
            **abn, index=6, line=35, bank_id="ha5cc7a744515c181", amount=Decimal("1500"),
            currency="USD", remittance="Contribution workshop Regional Partners Inc.",
            bank_code="N196",
        ),
    )  # fmt: skip


def test_mt940_bng_unstructured() -> None:
    statement = read("bng-mt940.940")
    assert statement.format == "mt940"
    assert statement.account == "0285001234"
    day = date(2024, 9, 12)
    bng = {"account": "0285001234", "booked": day, "value_date": day, "bank_code": "NMSC"}
    assert statement.entries == (
        entry(
            **bng, index=1, line=8, bank_id="h9a5fef56f8929d65", amount=Decimal("45312.50"),
            remittance="0285005678                       Gemeente Arnhem Arnhem BET KENMERK: "
            "3000202400000118",
        ),
        entry(
            **bng, index=2, line=11, bank_id="h99340f5968c085df", amount=Decimal("100.00"),
            credit=False, remittance="EB BATCH: 123456789               POSTEN: 000057",
        ),
    )  # fmt: skip


def without_lines(statement: Statement) -> tuple[Entry, ...]:
    return tuple(replace(e, line=None) for e in statement.entries)


def test_mt940_line_endings_and_swift_blocks_do_not_matter() -> None:
    raw = (DATA / "ing-mt940s.940").read_bytes()
    lf = raw.replace(b"\r\n", b"\n")
    bare = re.sub(rb"\{1:[^\n]*\{4:\r?\n", b"", raw).replace(b"-}{5:}", b"-").replace(b"-}", b"-")
    assert b"{" not in bare
    ing = read("ing-mt940s.940")
    assert read_statement(lf, "lf.940") == ing
    assert without_lines(read_statement(bare, "bare.940")) == without_lines(ing)


def test_bank_ids_are_stable_across_overlapping_statements() -> None:
    """Read again, or in a statement that shares some of its entries, an entry keeps its
    bank_id, the fallback one too."""
    lines = (DATA / "abnamro-mt940.940").read_bytes().replace(b"\r\n", b"\n").split(b"\n")
    # entries 3 to 5 and a new one, without the first two (lines 8 to 14 of the file)
    overlap = b"\n".join(
        lines[:7] + lines[14:25] + [b":61:240103C1,00N196NONREF", b":86:Nieuw"] + lines[25:]
    )
    first, again = read("abnamro-mt940.940"), read("abnamro-mt940.940")
    other = read_statement(overlap, "overlap.940")
    assert [e.bank_id for e in again.entries] == [e.bank_id for e in first.entries]
    shared = {e.bank_id for e in first.entries} & {e.bank_id for e in other.entries}
    assert shared == {e.bank_id for e in first.entries[2:]}
    assert len({e.bank_id for e in other.entries}) == len(other.entries)


# ---------------------------------------------------------------------------- refusals

V02 = (DATA / "ing-camt053-v02.xml").read_bytes()
MT = b":20:X\n:25:NL69INGB0123456789\n:60F:C240101EUR0,00\n"
DOCUMENT = f'<Document xmlns="{NS}"/>'.encode()
REFUSALS = [
    ("empty", b"", f"statement.xml: empty file: {EXPECTED}"),
    ("whitespace only", b" \r\n\t\n", f"statement.xml: empty file: {EXPECTED}"),
    ("text", b"Dit is geen afschrift.\n", f"statement.xml: not a statement: {EXPECTED}"),
    (
        "binary junk",
        bytes(range(256)) * 8,
        f"statement.xml: not a statement but binary data: {EXPECTED}",
    ),
    (
        "truncated",
        V02[:5000],
        "statement.xml:132: not well-formed XML: no element found (column 36): the file ends "
        "before the document does (truncated?)",
    ),
    (
        "malformed",
        f'<Document xmlns="{NS}">\n<BkToCstmrStmt>\n</Stmt>\n</Document>'.encode(),
        "statement.xml:3: not well-formed XML: mismatched tag (column 3)",
    ),
    ("doctype alone", b"<?xml version='1.0'?>\n<!DOCTYPE Document>\n" + DOCUMENT,
     f"statement.xml:2: {DOCTYPE_REFUSED}"),
    (
        "billion laughs",
        b'<?xml version="1.0"?>\n<!DOCTYPE Document [\n <!ENTITY lol "lol">\n'
        b' <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
        b' <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">\n'
        b' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n'
        b"]>\n" + f'<Document xmlns="{NS}">&lol3;</Document>'.encode(),
        f"statement.xml:2: {DOCTYPE_REFUSED}",
    ),
    (
        "internal entity",
        b'<!DOCTYPE Document [<!ENTITY name "Gemeente Arnhem">]>'
        + f'<Document xmlns="{NS}">&name;</Document>'.encode(),
        f"statement.xml:1: {DOCTYPE_REFUSED}",
    ),
    (
        "external entity over http",
        b'<?xml version="1.0"?>\n<!DOCTYPE Document [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>'
        + f'\n<Document xmlns="{NS}">&x;</Document>'.encode(),
        f"statement.xml:2: {DOCTYPE_REFUSED}",
    ),
    (
        "external entity from a file",
        b'<?xml version="1.0"?>\n\n<!DOCTYPE Document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + f'\n<Document xmlns="{NS}">&x;</Document>'.encode(),
        f"statement.xml:3: {DOCTYPE_REFUSED}",
    ),
    (
        "parameter entity",
        b'<?xml version="1.0"?>\n<!DOCTYPE Document [\n<!ENTITY % p SYSTEM '
        b'"http://127.0.0.1:9/p.dtd">\n%p;\n]>\n' + DOCUMENT,
        f"statement.xml:2: {DOCTYPE_REFUSED}",
    ),
    (
        "external DTD",
        b'<!DOCTYPE Document SYSTEM "http://127.0.0.1:9/camt.dtd">\n' + DOCUMENT,
        f"statement.xml:1: {DOCTYPE_REFUSED}",
    ),
    (
        "camt.053.001.09",
        V02.replace(b"camt.053.001.02", b"camt.053.001.09"),
        "statement.xml: camt.053.001.09 is not read: the versions read are camt.053.001.02 "
        "to .08",
    ),
    (
        "camt.053.001.01",
        V02.replace(b"camt.053.001.02", b"camt.053.001.01"),
        "statement.xml: camt.053.001.01 is not read: the versions read are camt.053.001.02 "
        "to .08",
    ),
    (
        "camt.054",
        V02.replace(b"camt.053.001.02", b"camt.054.001.02"),
        "statement.xml: a camt.054.001.02 document is not a statement: expected "
        "camt.053.001.02 to .08",
    ),
    (
        "other XML",
        b"<html><body>Uw afschrift</body></html>",
        "statement.xml: not a statement: the XML root is '<html> without a namespace', "
        "expected a camt.053 Document (urn:iso:std:iso:20022:tech:xsd:camt.053.001.02 to .08)",
    ),
    (
        "not UTF-8",
        V02.replace(b"Gemeente Nijmegen", "Gemeente Nijmégen".encode("latin-1")),
        "statement.xml:81: not UTF-8 (byte 0xE9), and the XML declaration names no other "
        "encoding",
    ),
    (
        "an encoding not known",
        minimal().replace(b'encoding="UTF-8"', b'encoding="EBCDIC-XYZ"'),
        "statement.xml: the XML declaration names the encoding 'EBCDIC-XYZ', which is not read",
    ),
    (
        "an undefined entity",
        minimal().replace("Zoë".encode(), b"&zoe;"),
        "statement.xml:7: not well-formed XML: undefined entity (column 16)",
    ),
    (
        "no account",
        V02.replace(b"<IBAN>NL69INGB0123456789</IBAN>", b""),
        "statement.xml: statement 1 has no account (Acct/Id/IBAN or Othr/Id)",
    ),
    (
        "entry without an amount",
        V02.replace(b'<Amt Ccy="EUR">12040.00</Amt>', b""),
        "statement.xml:67: entry 2 has no amount (Ntry/Amt)",
    ),
    (
        "entry without a currency",
        V02.replace(b'<Amt Ccy="EUR">12040.00</Amt>', b"<Amt>12040.00</Amt>"),
        "statement.xml:67: entry 2 has no currency (the Ccy of Ntry/Amt)",
    ),
    (
        "entry without a date",
        V02.replace(b"<ValDt><Dt>2024-03-18</Dt></ValDt>", b""),
        "statement.xml:116: entry 4 has no date (BookgDt or ValDt)",
    ),
    (
        "entry with a negative amount",
        V02.replace(b'"EUR">12040.00<', b'"EUR">-12040.00<'),
        "statement.xml:67: entry 2 has an amount that is not a positive decimal: '-12040.00'",
    ),
    (
        "entry with an impossible date",
        V02.replace(b"<BookgDt><Dt>2024-03-15</Dt>", b"<BookgDt><Dt>2024-02-30</Dt>", 1),
        "statement.xml:33: entry 1 has a BookgDt that is not a date: '2024-02-30'",
    ),
    (
        "a long value, shortened",
        V02.replace(b">DBIT<", b">" + b"X" * 300 + b"<", 1),
        f"statement.xml:91: entry 3 has CdtDbtInd '{'X' * 58}… (302 characters), not CRDT or "
        "DBIT",
    ),
    (
        "MT940 without :25:",
        b":20:X\n:60F:C240101EUR0,00\n:61:240102C1,00NTRFNONREF\n",
        "statement.xml:1: MT940 statement without :25: (the account)",
    ),
    (
        "MT940 with a broken :61:",
        MT + b":61:2401XXC1,00NTRFNONREF\n:86:/EREF/X/\n",
        "statement.xml:4: entry 1: the MT940 :61: cannot be read (value date, mark C/D/RC/RD, "
        "amount, type): '2401XXC1,00NTRFNONREF'",
    ),
    (
        "MT940 :61: without an amount",
        MT + b":61:240102CNTRFNONREF\n",
        "statement.xml:4: entry 1: the MT940 :61: cannot be read (value date, mark C/D/RC/RD, "
        "amount, type): '240102CNTRFNONREF'",
    ),
    (
        "MT940 amount with two commas",
        MT + b":61:240102C1,0,0NTRFNONREF\n",
        "statement.xml:4: entry 1: the :61: amount '1,0,0' is not digits with one decimal comma",
    ),
    (
        "MT940 impossible date",
        MT + b":61:240230C1,00NTRFNONREF\n",
        "statement.xml:4: entry 1: the :61: has an impossible date: '240230C1,00NTRFNONREF'",
    ),
    (
        "MT940 without a currency",
        b":20:X\n:25:NL69INGB0123456789\n:61:240102C1,00NTRFNONREF\n",
        "statement.xml:3: entry 1 has no currency: its statement has no :60F: (opening balance)",
    ),
    (
        "MT940 broken balance",
        b":20:X\n:25:NL69INGB0123456789\n:60F:X240101EUR0,00\n",
        "statement.xml:3: MT940 :60F: is not a balance: 'X240101EUR0,00'",
    ),
    (
        "MT940 balance without a currency",
        b":20:X\n:25:NL69INGB0123456789\n:60F:C240101E1R0,00\n",
        "statement.xml:3: MT940 :60F: has no ISO 4217 currency: 'C240101E1R0,00'",
    ),
    (
        "MT940 balance with an impossible date",
        b":20:X\n:25:NL69INGB0123456789\n:60F:C240231EUR0,00\n",
        "statement.xml:3: MT940 :60F: has an impossible date or amount: 'C240231EUR0,00'",
    ),
    (
        "camt.053 without a statement",
        f'<Document xmlns="{NS}"><BkToCstmrStmt/></Document>'.encode(),
        "statement.xml: camt.053.001.02 document without BkToCstmrStmt/Stmt",
    ),
    (
        "MT940 tag before :20:",
        b":25:NL69INGB0123456789\n:20:X\n",
        "statement.xml:1: MT940 tag :25: outside a statement (a statement begins with :20:)",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "message"), [case[1:] for case in REFUSALS], ids=[case[0] for case in REFUSALS]
)
def test_refused_with_one_line(raw: bytes, message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reader opened a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    assert refused(raw) == message


def test_larger_than_max_bytes_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.xml"
    content = minimal()
    big.write_bytes(content + b" " * (MAX_BYTES + 1 - len(content)))
    raw = big.read_bytes()
    assert len(raw) == MAX_BYTES + 1
    assert refused(raw, "big.xml") == (
        "big.xml: 52,428,801 bytes is more than a statement may have (52,428,800 bytes, 50 MiB)"
    )
    assert read_statement(raw[:MAX_BYTES], "just.xml").entries == (MINIMAL_ENTRY,)


def test_the_package_imports_only_what_it_may() -> None:
    """Pure: the standard library, defusedxml, mt940 and the leaf modules errors, text and
    i18n (the refusals are in the run's language)."""
    allowed = set(sys.stdlib_module_names) | {"defusedxml", "mt940"}
    modules = sorted(PACKAGE.glob("*.py"))
    assert len(modules) >= 4
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), path.name
        assert len(path.read_text(encoding="utf-8").splitlines()) < 400, path.name
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level == 1:
                    continue  # the package's own modules
                if node.level == 3:  # the leaf modules: OpgaveError; clip; _
                    assert node.module in ("errors", "text", "i18n"), path.name
                    continue
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, (path.name, name)
        calls = {
            node.func.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        assert not calls & {"print", "open", "input"}, path.name


# ------------------------------------------------------------------------------- speed


def generated_camt(count: int) -> bytes:
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>'
        "<GrpHdr><MsgId>M</MsgId><CreDtTm>2024-03-16T06:00:00</CreDtTm></GrpHdr><Stmt><Id>S</Id>"
        "<Acct><Id><IBAN>NL69INGB0123456789</IBAN></Id></Acct>\n"
    )
    ntry = (
        '<Ntry>\n<Amt Ccy="EUR">{i}.{c:02d}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd>'
        "</Sts><BookgDt><Dt>2024-03-15</Dt></BookgDt><ValDt><Dt>2024-03-15</Dt></ValDt>"
        "<AcctSvcrRef>REF{i:08d}</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd>"
        "<SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls><TxDtls><Refs>"
        "<EndToEndId>E2E-{i}</EndToEndId></Refs><RltdPties><Dbtr><Pty><Nm>Gemeente {i}</Nm>"
        "</Pty></Dbtr><DbtrAcct><Id><IBAN>NL15BNGH0285005678</IBAN></Id></DbtrAcct></RltdPties>"
        "<RmtInf><Ustrd>Bijdrage {i}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n"
    )
    body = "".join(ntry.format(i=i, c=i % 100) for i in range(1, count + 1))
    return (head + body + "</Stmt></BkToCstmrStmt></Document>\n").encode()


def generated_mt940s(count: int) -> bytes:
    lines = [":20:P1", ":25:NL69INGB0123456789EUR", ":28C:1", ":60F:C240314EUR0,00"]
    for i in range(1, count + 1):
        lines += [
            f":61:240315C{i},{i % 100:02d}NTRFEREF//{i:014d}",
            "/TRCD/00100/",
            f":86:/EREF/E2E-{i}//CNTP/NL15BNGH0285005678/BNGHNL2G/Gemeente {i}///REMI/USTD//B",
            f"ijdrage {i}/",
        ]
    lines.append(":62F:C240315EUR1,00")
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.mark.parametrize("make", [generated_camt, generated_mt940s])
def test_ten_thousand_entries(make: Callable[[int], bytes]) -> None:
    """What a statement of 10,000 entries gives (its speed is measured by hand, not here)."""
    statement = read_statement(make(10_000), "big")
    assert len(statement.entries) == 10_000
    last = statement.entries[-1]
    assert (last.index, last.amount, last.debtor_name, last.debtor_iban, last.end_to_end_id) == (
        10_000, Decimal("10000.00"), "Gemeente 10000", "NL15BNGH0285005678", "E2E-10000",
    )  # fmt: skip
    assert last.remittance == "Bijdrage 10000"
    assert len({e.bank_id for e in statement.entries}) == 10_000
