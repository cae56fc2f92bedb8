"""The CBS reader: population counts on 1 January from StatLine's OData v4 API.

The counts decide each municipality's share, so each must be one row meaning
exactly "Bevolking op 1 januari": measure M000352 (never M000365, the year's
average, with nearly the same numbers), the totals of the fixed dimensions, a
period YYYYJJ00. A null or non-integer value is recorded and refused only when
asked for: the table is full of dissolved municipalities, all null. No files
are read and HTTP is the standard library's. Every refusal is one line.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from ..domain.counts import (
    POPULATION,
    CbsError,
    Cell,
    Observations,
    TableInfo,
    Unusable,
)
from ..i18n import _

TOTALS = {"Geslacht": "T001038", "Leeftijd": "10000", "BurgerlijkeStaat": "T001019"}
TIMEOUT = 30.0  # seconds, per request
MAX_PAGES = 1000  # the 18 municipalities from 2022 on fit in one page
MAX_BYTES = 50 * 1024 * 1024  # per response; a full page of 03759ned is 3.5 MB

_YEAR = re.compile(r"(?!0000)([0-9]{4})JJ00")
_FIELDS = operator.itemgetter("Measure", "RegioS", "Perioden", "Value")


def parse_observations(payload: object, *, source: str = "CBS response") -> Observations:
    """Read one Observations response (JSON text, bytes, or already parsed)."""
    counts: dict[str, dict[date, Cell]] = {}
    found, _ = read_page(load_payload(payload, source), counts, source)
    require_population(found, counts, source)
    return Observations(source, counts)


def parse_properties(payload: object, *, source: str = "CBS response") -> TableInfo:
    """Read a ``/Properties`` response: identifier, title, version and dates."""
    data = _response(load_payload(payload, source), "Properties", source)
    texts: list[str] = []
    for key in ("Identifier", "Title", "Version"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise _not(source, "Properties", _("no {key} text").format(key=key))
        texts.append(value.strip())
    modified, released = (_datetime(data, key, source) for key in ("Modified", "ReleaseDate"))
    return TableInfo(texts[0], texts[1], texts[2], modified, released)


def parse_periods(payload: object, *, source: str = "CBS response") -> dict[date, str]:
    """Read a ``/PeriodenCodes`` response: the status of each year (``YYYYJJ00``)."""
    data = _response(load_payload(payload, source), "PeriodenCodes", source)
    statuses: dict[date, str] = {}
    for index, row in enumerate(_rows(data, "PeriodenCodes", source)):
        identifier = row.get("Identifier") if isinstance(row, dict) else None
        status = row.get("Status") if isinstance(row, dict) else None
        if not isinstance(identifier, str) or not isinstance(status, str):
            raise _not(
                source,
                "PeriodenCodes",
                _("row {index} has no Identifier and Status texts").format(index=index),
            )
        match = _YEAR.fullmatch(identifier.strip())
        if match:
            statuses[date(int(match[1]), 1, 1)] = status
    return statuses


def observations_filter(codes: Iterable[str], since: date) -> str:
    """The OData ``$filter`` that asks for exactly the rows the reader keeps."""
    slices = " and ".join(f"{key} eq '{value}'" for key, value in TOTALS.items())
    regions = " or ".join(f"RegioS eq '{code}'" for code in codes)
    return (
        f"Measure eq '{POPULATION}' and {slices} and ({regions})"
        f" and Perioden ge '{since.year:04d}JJ00'"
    )


def read_page(
    parsed: object, counts: dict[str, dict[date, Cell]], source: str
) -> tuple[int, object]:
    """Add one page's M000352 totals to ``counts``; return how many M000352 rows it
    had (of any slice or period) and its ``@odata.nextLink``, if any."""
    data = _response(parsed, "Observations", source)
    found = 0
    for index, row in enumerate(_rows(data, "Observations", source)):
        if not isinstance(row, dict):
            detail = _("row {index} is not an object: {row}").format(
                index=index, row=json_excerpt(row)
            )
            raise _not(source, "Observations", detail)
        try:
            measure, region, period, value = _FIELDS(row)
        except KeyError as missing:
            detail = _("row {index} has no {key}").format(index=index, key=missing)
            raise _not(source, "Observations", detail) from None
        if not (isinstance(measure, str) and isinstance(region, str) and isinstance(period, str)):
            detail = _("row {index}: Measure, RegioS or Perioden not text").format(index=index)
            raise _not(source, "Observations", detail)
        if measure != POPULATION:
            continue
        found += 1
        if any(row.get(key, total) != total for key, total in TOTALS.items()):
            continue  # a slice (men only, an age group, ...), never mixed into the totals
        match = _YEAR.fullmatch(period.strip())
        if match is None:
            continue  # a quarter or a month: not a count at 1 January
        code, when = region.strip(), date(int(match[1]), 1, 1)
        cell = _cell(value, row.get("ValueAttribute"))
        cells = counts.setdefault(code, {})
        earlier = cells.setdefault(when, cell)
        if earlier != cell:
            raise CbsError(
                _(
                    "{source}: {code} on 1 January {year} has two different {measure} values"
                    " ({first} and {second})"
                ).format(
                    source=source,
                    code=code,
                    year=when.year,
                    measure=POPULATION,
                    first=_show(earlier),
                    second=_show(cell),
                )
            )
    return found, data.get("@odata.nextLink")


def _cell(value: object, attribute: object) -> Cell:
    """A count, or why the value is not one (kept for a refusal if it is asked for)."""
    if type(value) is int:
        if value >= 0:
            return value
        return Unusable(str(value), _("the count is negative ({value})").format(value=value))
    text = json_excerpt(value)
    if value is None:
        reason = _("the count is null (ValueAttribute {attribute})")
        return Unusable(text, reason.format(attribute=repr(attribute)))
    if isinstance(value, float):
        if value.is_integer():
            reason = _("the count is a decimal number, not an integer ({value})")
        else:
            reason = _("the count is not a whole number ({value})")
        return Unusable(text, reason.format(value=text))
    return Unusable(text, _("the count is not a number ({value})").format(value=text))


def require_population(found: int, counts: Mapping[str, object], source: str) -> None:
    if not found:
        raise CbsError(
            _("{source}: no rows of measure {measure} (Bevolking op 1 januari)").format(
                source=source, measure=POPULATION
            )
        )
    if not counts:
        raise CbsError(
            _("{source}: no {measure} rows for the total population on a 1 January").format(
                source=source, measure=POPULATION
            )
        )


def _response(data: object, entity: str, source: str) -> dict[str, Any]:
    """The JSON object of an OData response, refused if it names another entity set."""
    if not isinstance(data, dict):
        raise _not(
            source, entity, _("the JSON is not an object: {json}").format(json=json_excerpt(data))
        )
    context = data.get("@odata.context")
    if context is not None:
        fragment = context.rpartition("#")[2] if isinstance(context, str) else json_excerpt(context)
        if fragment != entity and not fragment.startswith((f"{entity}(", f"{entity}/")):
            raise _not(source, entity, _("@odata.context names {name}").format(name=repr(fragment)))
    return data


def _rows(data: Mapping[str, Any], entity: str, source: str) -> list[Any]:
    rows = data.get("value")
    if not isinstance(rows, list):
        raise _not(source, entity, _("no 'value' list"))
    return rows


def load_payload(payload: object, source: str) -> object:
    """JSON text or bytes parsed; anything else is taken as parsed already."""
    if not isinstance(payload, bytes | bytearray | str):
        return payload
    try:
        return json.loads(payload)
    except (ValueError, RecursionError) as error:  # JSONDecodeError, UnicodeDecodeError
        raise CbsError(
            _("{source}: the response is not JSON ({error})").format(source=source, error=error)
        ) from None


def _datetime(data: Mapping[str, Any], key: str, source: str) -> datetime | None:
    value = data.get(key)
    try:
        return None if value is None else datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise CbsError(
            _("{source}: {key} is not a date and time ({value})").format(
                source=source, key=key, value=json_excerpt(value)
            )
        ) from None


def json_excerpt(value: object) -> str:
    try:
        return json.dumps(value)[:60]
    except (TypeError, ValueError):  # parsed JSON passed in by a caller may hold anything
        return repr(value)[:60]


def _show(cell: Cell) -> str:
    return str(cell) if isinstance(cell, int) else cell.value


def _not(source: str, entity: str, detail: str) -> CbsError:
    return CbsError(
        _("{source}: not an OData {entity} response ({detail})").format(
            source=source, entity=entity, detail=detail
        )
    )
