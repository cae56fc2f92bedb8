"""A party's accounts: its IBAN (validated as ISO 13616 says) and its e-mail address."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, StringConstraints, WithJsonSchema

from ..text import clip

IBAN_PATTERN = r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$"
EMAIL_PATTERN = r'^[^@\s<>()\[\],;:"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$'


def _iban(value: Any) -> Any:
    """An IBAN as the bank prints it on one line, without spaces, and with a valid check
    (ISO 13616: the number with its first four characters moved to the end, letters as
    10..35, is 1 modulo 97)."""
    if not isinstance(value, str) or not re.fullmatch(IBAN_PATTERN, value):
        raise ValueError(
            f"an IBAN is written without spaces, in capitals, e.g. NL02ABNA0123456789, "
            f"got {clip(repr(value))}"
        )
    if int("".join(str(int(c, 36)) for c in value[4:] + value[:4])) % 97 != 1:
        raise ValueError(f"{value} is not a valid IBAN: its check digits do not match")
    return value


Iban = Annotated[
    str,
    BeforeValidator(_iban),
    WithJsonSchema({"type": "string", "pattern": IBAN_PATTERN}),
]
Email = Annotated[str, StringConstraints(pattern=EMAIL_PATTERN, max_length=254)]
