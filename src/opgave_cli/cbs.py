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
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple, TypeAlias

from .errors import OpgaveError, UsageError

POPULATION = "M000352"  # Bevolking op 1 januari
AVERAGE = "M000365"  # Gemiddelde bevolking: half of 1 January plus half of 31 December
TOTALS = {"Geslacht": "T001038", "Leeftijd": "10000", "BurgerlijkeStaat": "T001019"}
BASE_URL = "https://datasets.cbs.nl/odata/v1/CBS"
TABLE = "03759ned"
SINCE = date(2022, 1, 1)
TIMEOUT = 30.0  # seconds, per request
MAX_PAGES = 1000  # the 18 municipalities from 2022 on fit in one page
MAX_BYTES = 50 * 1024 * 1024  # per response; a full page of 03759ned is 3.5 MB

_YEAR = re.compile(r"(?!0000)([0-9]{4})JJ00")
_FIELDS = operator.itemgetter("Measure", "RegioS", "Perioden", "Value")
_NAME = re.compile(r"[A-Za-z0-9]{1,32}")  # table ids and region codes: nothing to quote
_URL = re.compile(r"https?://\S+?(?=:? |$)")  # a URL in a message, up to ": " or the end
_MAX_URL = 160  # the filter for 18 municipalities makes a 900-character URL
_MAX_MESSAGE = 1000


class CbsError(OpgaveError):
    """A CBS response that cannot be used, or a request that failed: one line, exit 1."""

    def __init__(self, message: str) -> None:
        super().__init__(_one_line(message))


class Unusable(NamedTuple):
    """A cell that is present but is not a count: what it held, and why it is refused."""

    value: str  # the JSON text of the value, e.g. "null" or "17533043.5"
    reason: str


Cell: TypeAlias = int | Unusable


@dataclass(frozen=True)
class Observations:
    """The M000352 totals of one or more Observations pages: region -> 1 January -> cell."""

    source: str  # named in refusals, e.g. "CBS 03759ned"
    counts: dict[str, dict[date, Cell]]


@dataclass(frozen=True)
class TableInfo:
    """What a ``/Properties`` response says about the table: enough to cite it."""

    identifier: str
    title: str
    version: str
    modified: datetime | None
    release_date: datetime | None


@dataclass(frozen=True)
class Fetched:
    """Everything :func:`fetch` read, with the URLs in the order they were requested."""

    observations: Observations
    table: TableInfo
    periods: dict[date, str]  # 1 January of the year -> "Definitief" / "Voorlopig"
    urls: tuple[str, ...]


def parse_observations(payload: object, *, source: str = "CBS response") -> Observations:
    """Read one Observations response (JSON text, bytes, or already parsed)."""
    counts: dict[str, dict[date, Cell]] = {}
    found, _ = _read_page(load_payload(payload, source), counts, source)
    _require_population(found, counts, source)
    return Observations(source, counts)


def select(
    observations: Observations,
    wanted: Mapping[str, str],
    dates: Iterable[date] | None = None,
    *,
    since: date = SINCE,
) -> dict[str, dict[date, int]]:
    """The counts of ``wanted`` (code -> name, for messages) on ``dates``, all whole.
    ``dates=None``: every 1 January from ``since`` on that has a row for a wanted code."""
    source = observations.source
    if dates is None:
        chosen = sorted(
            {when for code in wanted for when in observations.counts.get(code, {}) if when >= since}
        )
        if wanted and not chosen:
            codes = ", ".join(wanted)
            raise CbsError(f"{source}: no counts from 1 January {since.year} on for {codes}")
    else:
        chosen = sorted(_first_of_january(when) for when in set(dates))
    result: dict[str, dict[date, int]] = {code: {} for code in wanted}
    for code, name in wanted.items():
        for when in chosen:
            cell = observations.counts.get(code, {}).get(when)
            if not isinstance(cell, int):
                reason = "no count of M000352 in the data" if cell is None else cell.reason
                raise CbsError(f"{source}: {name} ({code}), 1 January {when.year}: {reason}")
            result[code][when] = cell
    return result


def parse_properties(payload: object, *, source: str = "CBS response") -> TableInfo:
    """Read a ``/Properties`` response: identifier, title, version and dates."""
    data = _response(load_payload(payload, source), "Properties", source)
    texts: list[str] = []
    for key in ("Identifier", "Title", "Version"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise _not(source, "Properties", f"no {key} text")
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
            raise _not(source, "PeriodenCodes", f"row {index} has no Identifier and Status texts")
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


def fetch(
    *,
    base_url: str = BASE_URL,
    table: str = TABLE,
    codes: Iterable[str],
    since: date = SINCE,
    timeout: float = TIMEOUT,
    max_pages: int = MAX_PAGES,
    max_bytes: int = MAX_BYTES,
) -> Fetched:
    """Fetch the counts of ``codes`` from 1 January of ``since``'s year on, with the
    table's properties and period statuses. The rows are checked as in
    :func:`parse_observations`, whatever the server did with the filter."""
    if isinstance(codes, str):
        raise UsageError(f"codes must be a list of CBS codes, not the text {codes!r}")
    wanted = list(dict.fromkeys(code.strip() for code in codes))
    for name in (table, *wanted):
        if not _NAME.fullmatch(name):
            raise UsageError(f"{name!r} is not a CBS table id or region code")
    if not wanted:
        raise UsageError("no CBS region codes to fetch")
    _first_of_january(since)
    base = base_url.rstrip("/")
    origin = url_origin(base)
    if origin[0] not in ("http", "https") or not origin[1]:
        raise UsageError(f"{base_url!r} is not an http(s) URL")
    root = f"{base}/{table}"
    urls = [f"{root}/Properties", f"{root}/PeriodenCodes"]
    from .cbs_http import get_json, next_url

    info = parse_properties(get_json(urls[0], timeout, max_bytes), source=urls[0])
    periods = parse_periods(get_json(urls[1], timeout, max_bytes), source=urls[1])
    query = urllib.parse.quote(observations_filter(wanted, since), safe="")
    first = f"{root}/Observations?$filter={query}"
    url: str | None = first
    counts: dict[str, dict[date, Cell]] = {}
    found = 0
    while url is not None:
        if len(urls) - 2 >= max_pages:
            raise CbsError(f"{first}: more than {max_pages} pages of observations")
        if url in urls:
            raise CbsError(f"{urls[-1]}: @odata.nextLink goes back to {url}")
        urls.append(url)
        rows, link = _read_page(get_json(url, timeout, max_bytes), counts, url)
        found += rows
        url = None if link is None else next_url(url, link, origin)
    source = f"CBS {table}"
    _require_population(found, counts, source)
    return Fetched(Observations(source, counts), info, periods, tuple(urls))


def _read_page(
    parsed: object, counts: dict[str, dict[date, Cell]], source: str
) -> tuple[int, object]:
    """Add one page's M000352 totals to ``counts``; return how many M000352 rows it
    had (of any slice or period) and its ``@odata.nextLink``, if any."""
    data = _response(parsed, "Observations", source)
    found = 0
    for index, row in enumerate(_rows(data, "Observations", source)):
        if not isinstance(row, dict):
            raise _not(source, "Observations", f"row {index} is not an object: {json_excerpt(row)}")
        try:
            measure, region, period, value = _FIELDS(row)
        except KeyError as missing:
            raise _not(source, "Observations", f"row {index} has no {missing}") from None
        if not (isinstance(measure, str) and isinstance(region, str) and isinstance(period, str)):
            raise _not(source, "Observations", f"row {index}: Measure, RegioS or Perioden not text")
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
                f"{source}: {code} on 1 January {when.year} has two different M000352 values"
                f" ({_show(earlier)} and {_show(cell)})"
            )
    return found, data.get("@odata.nextLink")


def _cell(value: object, attribute: object) -> Cell:
    """A count, or why the value is not one (kept for a refusal if it is asked for)."""
    if type(value) is int:
        return value if value >= 0 else Unusable(str(value), f"the count is negative ({value})")
    text = json_excerpt(value)
    if value is None:
        return Unusable(text, f"the count is null (ValueAttribute {attribute!r})")
    if isinstance(value, float):
        kind = "a decimal number, not an integer" if value.is_integer() else "not a whole number"
        return Unusable(text, f"the count is {kind} ({text})")
    return Unusable(text, f"the count is not a number ({text})")


def _require_population(found: int, counts: Mapping[str, object], source: str) -> None:
    if not found:
        raise CbsError(f"{source}: no rows of measure {POPULATION} (Bevolking op 1 januari)")
    if not counts:
        raise CbsError(f"{source}: no {POPULATION} rows for the total population on a 1 January")


def _response(data: object, entity: str, source: str) -> dict[str, Any]:
    """The JSON object of an OData response, refused if it names another entity set."""
    if not isinstance(data, dict):
        raise _not(source, entity, f"the JSON is not an object: {json_excerpt(data)}")
    context = data.get("@odata.context")
    if context is not None:
        fragment = context.rpartition("#")[2] if isinstance(context, str) else json_excerpt(context)
        if fragment != entity and not fragment.startswith((f"{entity}(", f"{entity}/")):
            raise _not(source, entity, f"@odata.context names {fragment!r}")
    return data


def _rows(data: Mapping[str, Any], entity: str, source: str) -> list[Any]:
    rows = data.get("value")
    if not isinstance(rows, list):
        raise _not(source, entity, "no 'value' list")
    return rows


def load_payload(payload: object, source: str) -> object:
    """JSON text or bytes parsed; anything else is taken as parsed already."""
    if not isinstance(payload, bytes | bytearray | str):
        return payload
    try:
        return json.loads(payload)
    except (ValueError, RecursionError) as error:  # JSONDecodeError, UnicodeDecodeError
        raise CbsError(f"{source}: the response is not JSON ({error})") from None


def _datetime(data: Mapping[str, Any], key: str, source: str) -> datetime | None:
    value = data.get(key)
    try:
        return None if value is None else datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise CbsError(f"{source}: {key} is not a date and time ({json_excerpt(value)})") from None


def json_excerpt(value: object) -> str:
    try:
        return json.dumps(value)[:60]
    except (TypeError, ValueError):  # parsed JSON passed in by a caller may hold anything
        return repr(value)[:60]


def _show(cell: Cell) -> str:
    return str(cell) if isinstance(cell, int) else cell.value


def _not(source: str, entity: str, detail: str) -> CbsError:
    return CbsError(f"{source}: not an OData {entity} response ({detail})")


def _first_of_january(when: date) -> date:
    if type(when) is not date or (when.month, when.day) != (1, 1):
        raise UsageError(f"{when} is not a 1 January: CBS counts the population on 1 January")
    return when


def _one_line(text: str) -> str:
    """Control characters and line breaks out, long URLs cut: the CLI prints one line."""
    text = " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", text).split())
    text = _URL.sub(lambda m: m[0] if len(m[0]) <= _MAX_URL else m[0][: _MAX_URL - 1] + "…", text)
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def url_origin(url: str) -> tuple[str, str]:
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return ("", "")
    return (parts.scheme.lower(), parts.netloc.lower())
