"""The data model of the agreement and its signatories. No I/O, no project imports.

Models are frozen and reject unknown keys: a misspelt key in the YAML is an
error, not a silently ignored field. Validation is strict (a string is not a
number, a number is not a name); dates are written as YYYY-MM-DD and amounts
as quoted decimal strings, so both get their own parsers below.
"""

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic.json_schema import WithJsonSchema

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
CBS_CODE_PATTERN = r"^GM[0-9]{4}$"
AMOUNT_PATTERN = r"^[0-9]+(\.[0-9]{1,2})?$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def parse_iso_date(text: str) -> date:
    """A real calendar date written as YYYY-MM-DD (the one date parser: data and options)."""
    if re.fullmatch(DATE_PATTERN, text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text} is not a real calendar date") from None
    raise ValueError("expected a date as YYYY-MM-DD")


def _parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        raise ValueError("expected a date without a time, as YYYY-MM-DD")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_iso_date(value)
    raise ValueError("expected a date as YYYY-MM-DD")


def _parse_amount(value: Any) -> Decimal:
    if isinstance(value, str) and re.fullmatch(AMOUNT_PATTERN, value):
        return Decimal(value)
    if isinstance(value, Decimal) and value >= 0:
        return value
    raise ValueError(
        "expected an amount in euro as a quoted decimal string with at most two decimals, "
        'e.g. "250000.00"'
    )


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
Text = Annotated[str, StringConstraints(min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
CbsCode = Annotated[str, StringConstraints(pattern=CBS_CODE_PATTERN)]

# "rechtsgeldig vertegenwoordigd door of namens de burgemeester" (signature
# blocks of the municipalities); "door zijn voorzitter" (the GMR's block).
Capacity = Literal["burgemeester", "namens de burgemeester", "voorzitter", "namens de voorzitter"]
GEMEENTE_CAPACITIES: tuple[Capacity, ...] = ("burgemeester", "namens de burgemeester")
COUNTERPARTY_CAPACITIES: tuple[Capacity, ...] = ("voorzitter", "namens de voorzitter")


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class Signature(Model):
    """One signature block filled in: "Ondertekend op <date>, te <place>"."""

    date: IsoDate
    place: Text | None = None
    signatory: Text | None = None
    capacity: Capacity | None = None


# --- data/gemeenten.yaml -------------------------------------------------------


class InhabitantsSource(Model):
    """Where the inhabitants of all municipalities come from: one reference date."""

    reference_date: IsoDate
    status: Text | None = None
    source: Text


class Gemeente(Model):
    slug: Slug
    name: Text
    cbs_code: CbsCode
    province: Text
    inhabitants: Annotated[int, Field(gt=0)] | None = None
    participates: bool
    signature: Signature | None = None


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
    number: Annotated[int, Field(ge=1)]
    slug: Slug
    title: Text
    # The wording above the activities (2b), where it differs from the title (2a).
    heading: Text | None = None
    activities: list[Text]

    @property
    def activities_heading(self) -> str:
        return self.heading or self.title


class Contribution(Model):
    heading: Text
    clauses: Annotated[list[Text], Field(min_length=1)]
    allocation_key: Literal["inhabitants"]
    amounts: dict[int, Amount] = {}


class Term(Model):
    text: Text
    first_year: int
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
    name: Text
    also_known_as: Text
    short_name: Text
    representative: Text
    representative_role: Text
    decision: Decision
    signature: Signature | None = None


class Agreement(Model):
    id: Slug
    title: Text
    opgave: Text
    overwegingen: Overwegingen
    afspraken: Afspraken
    goal: Goal
    results: Results
    speerpunten: Annotated[list[Speerpunt], Field(min_length=1)]
    contribution: Contribution
    other: Other
    counterparty: Counterparty
