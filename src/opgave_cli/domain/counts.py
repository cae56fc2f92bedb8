"""Inhabitants from CBS: the counts as read, which of them a share may rest on, and what an
import into gemeenten.yaml changes, with the new source. Pure.

The counts are CBS table 03759ned, measure M000352 "Bevolking op 1 januari"
(``sources.cbs`` reads them into ``Observations``). A count must be a whole number
at 1 January; the table is full of dissolved municipalities, all null, so a cell that
is not a count is kept with why, and refused only when it is asked for.

In an import, each municipality's series is updated at the imported dates and keeps
any other date it has; the source block says where the counts
now come from, with the table version, the status of each date and when they
were retrieved, where those are known, and nothing where they are not.

What the block already says still holds of the counts the import confirms (all
equal) and of those it leaves alone (at dates it does not import): it stays,
unless the import states something newer that holds for every count. What no
longer holds for every count goes, and the plan names what is then not stated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeAlias, TypeVar

from ..errors import FieldError, OpgaveError, UsageError
from ..i18n import _
from ..text import clip, day

if TYPE_CHECKING:
    from .models import GemeentenFile

POPULATION = "M000352"  # Bevolking op 1 januari
AVERAGE = "M000365"  # Gemiddelde bevolking: half of 1 January plus half of 31 December
TABLE = "03759ned"
SINCE = date(2022, 1, 1)
MEASURE_TITLE = "Bevolking op 1 januari"
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
            raise CbsError(
                _("{source}: no counts from 1 January {year} on for {codes}").format(
                    source=source, year=since.year, codes=codes
                )
            )
    else:
        chosen = sorted(first_of_january(when) for when in set(dates))
    result: dict[str, dict[date, int]] = {code: {} for code in wanted}
    for code, name in wanted.items():
        for when in chosen:
            cell = observations.counts.get(code, {}).get(when)
            if not isinstance(cell, int):
                reason = (
                    _("no count of {measure} in the data").format(measure=POPULATION)
                    if cell is None
                    else cell.reason
                )
                raise CbsError(
                    _("{source}: {name} ({code}), 1 January {year}: {reason}").format(
                        source=source, name=name, code=code, year=when.year, reason=reason
                    )
                )
            result[code][when] = cell
    return result


def first_of_january(when: date) -> date:
    if type(when) is not date or (when.month, when.day) != (1, 1):
        raise UsageError(
            _("{day} is not a 1 January: CBS counts the population on 1 January").format(
                day=day(when) if type(when) is date else when
            )
        )
    return when


def _one_line(text: str) -> str:
    """Control characters and line breaks out, long URLs cut: the CLI prints one line."""
    text = " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", text).split())
    text = _URL.sub(lambda m: m[0] if len(m[0]) <= _MAX_URL else m[0][: _MAX_URL - 1] + "…", text)
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


T = TypeVar("T")


@dataclass(frozen=True)
class Unstated:
    """What the new source block does not state: the table's title and version
    (``table``) or its version only, the retrieval date, or the status of ``dates``."""

    field: Literal["table", "table_version", "status", "retrieved"]
    dates: list[date]  # status: the imported dates without one
    every_date: bool  # counts kept at dates not imported rule out one statement for all


@dataclass(frozen=True)
class ImportPlan:
    dates: list[date]
    counts: dict[int, dict[date, int]]  # index in gemeenten.yaml -> its whole new series
    source: dict[str, Any]  # the new source block
    version: str | None  # the version of the imported table, where the import tells it
    unstated: list[Unstated]  # what the new source block cannot state, in this order
    added: int
    changed: int
    unchanged: int
    municipalities: int  # that got counts
    skipped: list[str]  # not taking part, and without counts in the file


def plan_import(
    gemeenten_file: GemeentenFile,
    observations: Observations,
    *,
    dates: list[date] | None,
    table: TableInfo | None,
    periods: Mapping[date, str],
    retrieved: date | None,
) -> ImportPlan:
    """What an import of ``observations`` changes. Every participating municipality
    must have a whole count at every imported date (else a one-line CbsError); one
    that does not take part gets its counts where the file has them."""
    if table is not None and table.identifier.casefold() != TABLE:
        raise CbsError(
            _(
                "the properties are those of CBS table {table}, not {expected} "
                "(Bevolking op 1 januari)"
            ).format(table=table.identifier, expected=TABLE)
        )
    rows = list(enumerate(gemeenten_file.gemeenten))
    wanted = {g.cbs_code: g.name for _, g in rows if g.participates}
    selected = select(observations, wanted, dates)
    chosen = sorted({d for series in selected.values() for d in series} | set(dates or []))
    if not chosen:
        # No municipality takes part: the dates the data has for any of them.
        chosen = sorted(
            {
                when
                for _, g in rows
                for when in observations.counts.get(g.cbs_code, {})
                if when >= SINCE
            }
        )
        if not chosen:
            raise CbsError(
                _(
                    "{source}: no counts from 1 January {year} on "
                    "for any municipality in gemeenten.yaml"
                ).format(source=observations.source, year=SINCE.year)
            )
    kept = sorted({d for _, g in rows for d in g.inhabitants} - set(chosen))
    if kept and gemeenten_file.inhabitants.table != TABLE:
        # One source is stated for all counts: counts from elsewhere that this import
        # does not replace would be labelled CBS.
        raise FieldError(
            "dates",
            _(
                "gemeenten.yaml also has counts at {dates} from another source ({source}); "
                "import those dates too ({field}), or remove them first, so that one source "
                "holds for all counts"
            ).format(
                dates=", ".join(day(d) for d in kept),
                source=clip(gemeenten_file.inhabitants.source),
                field="{field}",
            ),
            exit_code=1,
        )
    skipped = []
    for _index, g in rows:
        if not g.participates:
            try:
                selected.update(select(observations, {g.cbs_code: g.name}, chosen))
            except CbsError:
                skipped.append(g.name)
    counts: dict[int, dict[date, int]] = {}
    added = changed = unchanged = 0
    touched: set[date] = set()  # the dates at which a count is added or changed
    for index, g in rows:
        new = selected.get(g.cbs_code)
        if new is None:
            continue
        for when, count in new.items():
            old = g.inhabitants.get(when)
            if old is None:
                added += 1
            elif old != count:
                changed += 1
            else:
                unchanged += 1
            if old != count:
                touched.add(when)
        series = {**g.inhabitants, **new}
        counts[index] = dict(sorted(series.items()))
    source, unstated = _source(
        gemeenten_file, chosen, touched, bool(kept), table, periods, retrieved
    )
    return ImportPlan(
        dates=chosen,
        counts=counts,
        source=source,
        version=table.version if table is not None else None,
        unstated=unstated,
        added=added,
        changed=changed,
        unchanged=unchanged,
        municipalities=len(counts),
        skipped=skipped,
    )


def _source(
    gemeenten_file: GemeentenFile,
    dates: list[date],
    touched: set[date],
    kept: bool,
    table: TableInfo | None,
    periods: Mapping[date, str],
    retrieved: date | None,
) -> tuple[dict[str, Any], list[Unstated]]:
    """The new source block: CBS, and what is known of the counts after the import;
    and what it cannot state. ``touched``: the dates with a count added or changed;
    ``kept``: whether the file keeps counts at dates not imported."""
    old = gemeenten_file.inhabitants
    # The block speaks of these counts: the same table and measure.
    ours = old.table == TABLE and old.measure == POPULATION
    confirmed = ours and not touched
    version = _holds(
        old.table_version if ours else None,
        table.version if table is not None else None,
        confirmed=confirmed,
        kept=kept,
    )
    when = _holds(old.retrieved if ours else None, retrieved, confirmed=confirmed, kept=kept)
    bare = f"CBS StatLine, tabel {TABLE} (CC BY 4.0)"
    if table is not None and version == table.version:
        source = f'CBS StatLine, tabel {TABLE} "{table.title}" (CC BY 4.0)'
    elif version is not None or confirmed:
        source = old.source  # with the title it gives, which still holds
    else:
        source = bare
    status = {d: s for d, s in old.status.items() if d not in dates}
    no_status = []
    for d in dates:
        if d in periods:
            status[d] = periods[d].casefold()
        elif ours and d not in touched and d in old.status:
            status[d] = old.status[d]
        else:
            no_status.append(d)
    fields: dict[str, Any] = {
        "source": source,
        "table": TABLE,
        "measure": POPULATION,
        "measure_title": MEASURE_TITLE,
    }
    unstated = []
    if version is not None:
        fields["table_version"] = version
    else:
        what: Literal["table", "table_version"] = "table" if source == bare else "table_version"
        unstated.append(Unstated(what, [], every_date=kept))
    if no_status:
        unstated.append(Unstated("status", no_status, every_date=False))
    if when is not None:
        fields["retrieved"] = when
    else:
        unstated.append(Unstated("retrieved", [], every_date=kept))
    if status:
        fields["status"] = dict(sorted(status.items()))
    return fields, unstated


def _holds(old: T | None, new: T | None, *, confirmed: bool, kept: bool) -> T | None:
    """The value of a field stated once for all counts that holds for every count
    after the import: the import's (``new``, None where it does not tell), else the
    block's (``old``), else none. The import's holds for the counts it imports; the
    block's for the counts it confirms (``confirmed``: no count added or changed, and
    the block speaks of this table) and for those it leaves at dates it does not
    import (``kept``: there are such counts)."""
    if new is not None and (not kept or new == old):
        return new
    return old if confirmed else None
