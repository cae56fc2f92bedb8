"""The :86: field of an MT940 entry read into Details: the code words of MT940
Structured (ING, Rabobank, BNG Bank) and of ABN AMRO's /TRTP/ layout, or free text.

MT940 Structured writes ``/CODE/value`` in a row. ING ends each value with a slash
and gives subfields by position (``/EREF/x//CNTP/iban/bic/name/city///REMI/USTD//text/``,
``/REMI/STRD/CUR/reference/``); Rabobank shares the slash between values and names
subfields with code words of their own (``/EREF/x/ORDP//NAME/n/ID/i/REMI/text``,
``/REMI//CDTRREFTP//CD/SCOR/ISSR/CUR/CDTRREF/reference``); ABN AMRO writes
``/TRTP/SEPA OVERBOEKING/IBAN/x/BIC/y/NAME/n/REMI/text/EREF/e``. The lines of the
field are joined without a separator, as the banks break them at 65 characters
wherever that falls, and the field is cut at every known code word between
slashes (a value that holds a code word between slashes is cut there too).
Free text (no code word first) is the lines joined by spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import account_id, nonempty

# The code words of MT940 Structured as ING, Rabobank and BNG Bank deliver them.
STRUCTURED = (
    "EREF",
    "PREF",
    "IREF",
    "KREF",
    "MARF",
    "CSID",
    "CNTP",
    "ORDP",
    "BENM",
    "ULTC",
    "ULTD",
    "ULTB",
    "INIT",
    "REMI",
    "PURP",
    "RTRN",
    "TRCD",
    "BUSP",
    "ISDT",
    "OCMT",
    "EXCH",
    "CHGS",
    "SUM",
    "RREF",
    "RCMT",
    "CHRG",
    "XCRT",
    "ACCW",
)
# ABN AMRO's first code words, and the subfield code words of all of them.
ABN_AMRO = ("TRTP", "RTYP")
SUBFIELDS = (
    "NAME",
    "ADDR",
    "ID",
    "IBAN",
    "BIC",
    "CD",
    "ISSR",
    "CDTRREFTP",
    "CDTRREF",
    "NRTX",
    "SVCL",
)
_CODE = re.compile("/(" + "|".join(STRUCTURED + ABN_AMRO + SUBFIELDS) + ")/")
_PARTIES = frozenset({"CNTP", "ORDP", "BENM", "ULTC", "ULTD", "ULTB", "INIT"})
_PLACEHOLDER = frozenset({"NOTPROVIDED", "NONREF"})


@dataclass(frozen=True)
class Details:
    """What an entry's :86: says."""

    structured: bool  # MT940 Structured code words (ABN AMRO's layout is not)
    remittance: str
    structured_reference: str | None
    payer_name: str | None  # the counterparty: /CNTP/, /ORDP/, ABN AMRO's /NAME/
    payer_account: str | None
    end_to_end_id: str | None
    return_reason: str | None
    references: tuple[str, ...]  # /EREF/, /IREF/, /KREF/: what a return names


def read_details(lines: list[str]) -> Details:
    """The Details of an :86: field given as its lines (without the ``:86:``)."""
    joined = "".join(lines)
    first = _CODE.match(joined)
    if first is None:
        text = " ".join(part for part in (line.strip() for line in lines) if part)
        return Details(False, text, None, None, None, None, None, ())
    tokens = _tokens(joined)
    return _interpret(tokens, structured=first.group(1) in STRUCTURED)


def _tokens(text: str) -> list[tuple[str, str]]:
    """``(code, value)`` in order; a value loses the one slash that ends it."""
    matches = list(_CODE.finditer(text))
    tokens: list[tuple[str, str]] = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[match.end() : end]
        tokens.append((match.group(1), value.removesuffix("/")))
    return tokens


def _interpret(tokens: list[tuple[str, str]], *, structured: bool) -> Details:
    parties: dict[str, dict[str, str]] = {}
    party = ""  # ABN AMRO's NAME and IBAN stand alone: the counterparty
    remittance = ""
    reference: str | None = None
    end_to_end: str | None = None
    reason: str | None = None
    references: list[str] = []
    for code, value in tokens:
        if code in _PARTIES:
            party = code
            fields = parties.setdefault(code, {})
            if code == "CNTP" and value:
                # ING: account/BIC/name/city by position
                parts = value.split("/")
                fields["IBAN"] = parts[0]
                if len(parts) > 2:
                    fields["NAME"] = "/".join(parts[2:-1] if len(parts) > 3 else parts[2:])
        elif code in ("NAME", "IBAN", "ADDR", "ID", "BIC"):
            parties.setdefault(party, {})[code] = value
        elif code == "REMI":
            remittance, strd = _remittance(value)
            reference = strd or reference
        elif code == "CDTRREF":  # Rabobank's structured reference
            reference = nonempty(value) or reference
        elif code == "EREF":
            eref = nonempty(value)
            if eref and eref.upper() not in _PLACEHOLDER:
                end_to_end = end_to_end or eref
                references.append(eref)
        elif code in ("IREF", "KREF"):
            kept = nonempty(value)
            if kept and kept.upper() not in _PLACEHOLDER:
                references.append(kept)
        elif code == "RTRN":
            reason = nonempty(value.split("/")[0])
    payer = parties.get("CNTP") or parties.get("ORDP") or parties.get("") or {}
    name = nonempty(payer.get("NAME"))
    account = nonempty(payer.get("IBAN"))
    return Details(
        structured=structured,
        remittance=remittance,
        structured_reference=reference,
        payer_name=name,
        payer_account=account_id(account) if account else None,
        end_to_end_id=end_to_end,
        return_reason=reason,
        references=tuple(references),
    )


def _remittance(value: str) -> tuple[str, str | None]:
    """(free text, structured reference) of a /REMI/ value."""
    kind, _, rest = value.partition("/")
    if kind == "USTD":  # ING: USTD//text
        return rest.removeprefix("/").strip(), None
    if kind == "STRD":  # ING: STRD/issuer/reference (CUR: a Dutch payment reference)
        _, _, ref = rest.partition("/")
        return "", nonempty(ref)
    return value.strip(), None
