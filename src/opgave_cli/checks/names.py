"""The check that names are unique the way a person's input is resolved. Pure."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..i18n import _
from ..text import name_key
from .records import GEMEENTEN, Finding, Records


def unique_names(records: Records, today: date | None) -> Iterator[Finding]:
    """Slugs, names and CBS codes are unique, and slugs and names the way a person's input
    is resolved: one that another party's slug or name equals, ignoring case, spaces and
    hyphens, would make `opgave sign` pick the first silently."""
    owners: dict[str, list[tuple[int, str, str]]] = {}  # key -> (index, field, value)
    if records.agreement is not None:
        cp = records.agreement.counterparty
        counterparty = {"slug": cp.slug, "short_name": cp.short_name}
    else:  # an agreement.yaml with a problem elsewhere: its counterparty as written
        raw = records.raw_counterparty
        counterparty = raw if isinstance(raw, dict) else {}
    for field_name in ("slug", "short_name"):
        text = counterparty.get(field_name)
        if isinstance(text, str) and name_key(text):
            owners.setdefault(name_key(text), []).append((-1, field_name, text))
    codes: dict[str, int] = {}
    for i, item in enumerate(records.raw_gemeenten):
        if not isinstance(item, dict):
            continue
        reported: set[str] = set()  # a clash is reported once per record
        for key in ("slug", "name"):
            value = item.get(key)
            if not isinstance(value, str) or not name_key(value):
                continue
            others = [o for o in owners.get(name_key(value), []) if o[0] != i]
            owners.setdefault(name_key(value), []).append((i, key, value))
            if not others or name_key(value) in reported:
                continue
            reported.add(name_key(value))
            first = next((o for o in others if o[1] == key), others[0])
            where = _("the counterparty") if first[0] < 0 else f"gemeenten[#{first[0] + 1}]"
            if first[1] == key and first[2] == value:
                message = _("{key} '{value}' is used twice (also {where})").format(
                    key=key, value=value, where=where
                )
            else:
                message = _(
                    "{key} '{value}' is the same as {other} '{other_value}' of {where} "
                    "(case, spaces and hyphens aside)"
                ).format(key=key, value=value, other=first[1], other_value=first[2], where=where)
            yield Finding(GEMEENTEN, ("gemeenten", i, key), "unique", message)
        code = item.get("cbs_code")
        if isinstance(code, str):
            if code.upper() in codes:
                yield Finding(
                    GEMEENTEN,
                    ("gemeenten", i, "cbs_code"),
                    "unique",
                    _("{key} '{value}' is used twice (also {where})").format(
                        key="cbs_code", value=code, where=f"gemeenten[#{codes[code.upper()] + 1}]"
                    ),
                )
            else:
                codes[code.upper()] = i
