"""The check that every participating municipality has inhabitants to share by. Pure."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..i18n import _
from .records import GEMEENTEN, Finding, Records


def inhabitants(records: Records, today: date | None) -> Iterator[Finding]:
    for i, g in records.gemeenten:
        if g.participates and not g.inhabitants:
            yield Finding(
                GEMEENTEN,
                ("gemeenten", i),
                "inhabitants",
                _(
                    "{name} takes part in the opgave but has no inhabitants: "
                    "its budget share cannot be computed"
                ).format(name=g.name),
                "warning",
            )
