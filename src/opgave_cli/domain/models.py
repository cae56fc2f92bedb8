"""The data model of the agreement, its signatories and its ledger. No I/O.

Models are frozen and reject unknown keys: a misspelt key in the YAML is an
error, not a silently ignored field. Validation is strict (a string is not a
number, a number is not a name); dates are written as YYYY-MM-DD and amounts
as quoted decimal strings, so both get their own parsers below.
"""

from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from .accounts import Email, Iban
from .fields import (
    EVIDENCE_PATH_PATTERN,
    Amount,
    CbsCode,
    Count,
    IsoDate,
    Name,
    PaymentAmount,
    Slug,
    Text,
    Year,
    check_counts,
    check_year_amount,
    relative_path,
)

# "rechtsgeldig vertegenwoordigd door of namens de burgemeester" (signature
# blocks of the municipalities); "door zijn voorzitter" (the GMR's block).
Capacity = Literal["burgemeester", "namens de burgemeester", "voorzitter", "namens de voorzitter"]
GEMEENTE_CAPACITIES: tuple[Capacity, ...] = ("burgemeester", "namens de burgemeester")
COUNTERPARTY_CAPACITIES: tuple[Capacity, ...] = ("voorzitter", "namens de voorzitter")


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, defer_build=True)


class Evidence(Model):
    """The scanned signed page: its path relative to the data folder (``/`` between
    folders, inside the data's repository) and the SHA-256 of its bytes."""

    file: Annotated[
        str, StringConstraints(pattern=EVIDENCE_PATH_PATTERN), AfterValidator(relative_path)
    ]
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class Signature(Model):
    """One signature block filled in: "Ondertekend op <date>, te <place>"."""

    date: IsoDate
    place: Name | None = None
    signatory: Name | None = None
    capacity: Capacity | None = None
    evidence: Evidence | None = None


class Contact(Model):
    """Where letters and reminders for a party go (optional: never invented)."""

    email: Email
    name: Name | None = None


class Reminders(Model):
    """The dates reminders were sent (`opgave remind --record`): for the signature, and
    per year for the contribution."""

    signature: list[IsoDate] = []
    payment: dict[Year, list[IsoDate]] = {}


# --- data/gemeenten.yaml -------------------------------------------------------


class InhabitantsSource(Model):
    """Where the inhabitants of all municipalities come from, once for the file: the
    citation, and what `opgave inhabitants import` records of the CBS table."""

    source: Text
    table: Text | None = None  # CBS table id, e.g. 03759ned
    measure: Text | None = None  # e.g. M000352
    measure_title: Text | None = None  # e.g. Bevolking op 1 januari
    table_version: Text | None = None  # e.g. 202606230000
    retrieved: IsoDate | None = None  # when the counts were taken from CBS
    status: dict[IsoDate, Text] = {}  # per reference date: Definitief, Voorlopig


class Gemeente(Model):
    slug: Slug
    name: Name
    cbs_code: CbsCode
    province: Name
    # Inhabitants at each reference date (1 January), on one line:
    # {2022-01-01: 163888, 2023-01-01: 165770, ...}
    inhabitants: Annotated[dict[IsoDate, Count], BeforeValidator(check_counts)] = {}
    participates: bool
    signature: Signature | None = None
    # The agreement went out for signature on this date (`opgave send`).
    sent: IsoDate | None = None
    reminders: Reminders | None = None
    contact: Contact | None = None
    # The account the municipality pays from, to match a bank statement's credits.
    iban: Iban | None = None

    def inhabitants_at(self, when: date) -> int | None:
        return self.inhabitants.get(when)


class GemeentenFile(Model):
    inhabitants: InhabitantsSource
    gemeenten: Annotated[list[Gemeente], Field(min_length=1)]


# --- data/agreement.yaml -------------------------------------------------------


class Overweging(Model):
    text: Text
    items: list[Text] = []


class Overwegingen(Model):
    heading: Text
    items: Annotated[list[Overweging], Field(min_length=1)]


class Afspraken(Model):
    heading: Text
    text: Text


class Goal(Model):
    heading: Text
    paragraphs: Annotated[list[Text], Field(min_length=1)]


class Results(Model):
    heading: Text
    speerpunten_intro: Text
    activities_intro: Text
    activities_outro: Text


class Speerpunt(Model):
    number: Annotated[int, Field(ge=1, le=1000)]
    slug: Slug
    title: Text
    # The wording above the activities (2b), where it differs from the title (2a).
    heading: Text | None = None
    activities: list[Text]

    @property
    def activities_heading(self) -> str:
        return self.heading or self.title


class YearAmount(Model):
    """A year's amount of the opgave, and the inhabitant reference date it is split on
    (the GMR's rule for that date is not public, so the data names it)."""

    total: Amount
    inhabitants_at: IsoDate
    # The payment term the notices and reminders use; without it, there is none.
    due: IsoDate | None = None


class Contribution(Model):
    heading: Text
    clauses: Annotated[list[Text], Field(min_length=1)]
    allocation_key: Literal["inhabitants"]
    amounts: dict[Year, Annotated[YearAmount, BeforeValidator(check_year_amount)]] = {}


class Term(Model):
    text: Text
    first_year: Year
    end: IsoDate


class Other(Model):
    heading: Text
    term: Term
    legal_basis: Text
    elaboration: Text
    general_conditions: Text


class Decision(Model):
    body: Text
    date: IsoDate


class Counterparty(Model):
    slug: Slug
    name: Name
    also_known_as: Name
    short_name: Name
    representative: Name
    representative_role: Text
    decision: Decision
    signature: Signature | None = None
    sent: IsoDate | None = None
    reminders: Reminders | None = None
    contact: Contact | None = None
    # The account the contributions are paid to (named on the notices).
    iban: Iban | None = None


class Agreement(Model):
    id: Slug
    title: Name  # one line: it heads every output
    opgave: Name
    # The language of the agreement, and so of the documents made from it (the report,
    # the agreement text) unless --lang says otherwise (i18n.document_language).
    language: Literal["nl", "en"]
    # The date by which every party is to have signed; a party is late after it.
    sign_by: IsoDate | None = None
    overwegingen: Overwegingen
    afspraken: Afspraken
    goal: Goal
    results: Results
    speerpunten: Annotated[list[Speerpunt], Field(min_length=1)]
    contribution: Contribution
    other: Other
    counterparty: Counterparty


# --- data/payments.yaml ----------------------------------------------------------


# A payment's identity: written by `opgave pay` (p- and 12 hexadecimal digits), or any
# short lowercase text in a line written by hand.
PAYMENT_ID_PATTERN = r"^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$"
PaymentId = Annotated[str, StringConstraints(pattern=PAYMENT_ID_PATTERN)]


class Payment(Model):
    """One line of the ledger: a contribution paid (or, negative, a credit). Its ``id``
    survives a merge: two lines with one id and other content are the same payment
    edited in two clones."""

    id: PaymentId | None = None
    gemeente: Slug
    year: Year
    date: IsoDate
    amount: PaymentAmount
    reference: Name | None = None
    # The bank's identification of the statement entry it was imported from: importing
    # the same statement again records nothing new.
    bank_entry: Name | None = None
    # A reversal (storno) names the id of the payment it reverses, and why.
    reverses: PaymentId | None = None
    reason: Name | None = None


class PaymentsFile(Model):
    # `payments:` with no items yet is null.
    payments: list[Payment] | None = None
