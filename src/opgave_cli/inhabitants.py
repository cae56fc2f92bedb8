"""Importing inhabitants from CBS into gemeenten.yaml: what changes, and the new source. Pure.

The counts are CBS table 03759ned, measure M000352 "Bevolking op 1 januari"
(``cbs`` reads them). Each municipality's series is updated at the imported
dates and keeps any other date it has; the source block says where the counts
now come from, with the table version, the status of each date and when they
were retrieved, where those are known, and nothing where they are not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from .cbs import POPULATION, SINCE, TABLE, CbsError, Observations, TableInfo, select

if TYPE_CHECKING:
    from .models import GemeentenFile

MEASURE_TITLE = "Bevolking op 1 januari"


@dataclass(frozen=True)
class ImportPlan:
    dates: list[date]
    counts: dict[int, dict[date, int]]  # index in gemeenten.yaml -> its whole new series
    source: dict[str, Any]  # the new source block
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
            f"the properties are those of CBS table {table.identifier}, not {TABLE} "
            "(Bevolking op 1 januari)"
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
                f"{observations.source}: no counts from 1 January {SINCE.year} on "
                "for any municipality in gemeenten.yaml"
            )
    kept = sorted({d for _, g in rows for d in g.inhabitants} - set(chosen))
    if kept and gemeenten_file.inhabitants.table != TABLE:
        # One source is stated for all counts: counts from elsewhere that this import
        # does not replace would be labelled CBS.
        raise CbsError(
            f"gemeenten.yaml also has counts at {', '.join(d.isoformat() for d in kept)} "
            f"from another source ({_clip(gemeenten_file.inhabitants.source)}); import "
            "those dates too (--dates), or remove them first, so that one source holds "
            "for all counts"
        )
    skipped = []
    for _, g in rows:
        if not g.participates:
            try:
                selected.update(select(observations, {g.cbs_code: g.name}, chosen))
            except CbsError:
                skipped.append(g.name)
    counts: dict[int, dict[date, int]] = {}
    added = changed = unchanged = 0
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
        series = {**g.inhabitants, **new}
        counts[index] = dict(sorted(series.items()))
    return ImportPlan(
        dates=chosen,
        counts=counts,
        source=_source(gemeenten_file, chosen, table, periods, retrieved),
        added=added,
        changed=changed,
        unchanged=unchanged,
        municipalities=len(counts),
        skipped=skipped,
    )


def _source(
    gemeenten_file: GemeentenFile,
    dates: list[date],
    table: TableInfo | None,
    periods: Mapping[date, str],
    retrieved: date | None,
) -> dict[str, Any]:
    """The new source block: CBS, and what is known of this retrieval."""
    title = f' "{table.title}"' if table is not None else ""
    status = {d: s for d, s in gemeenten_file.inhabitants.status.items() if d not in dates}
    status.update({d: periods[d].casefold() for d in dates if d in periods})
    fields: dict[str, Any] = {
        "source": f"CBS StatLine, tabel {TABLE}{title} (CC BY 4.0)",
        "table": TABLE,
        "measure": POPULATION,
        "measure_title": MEASURE_TITLE,
    }
    if table is not None:
        fields["table_version"] = table.version
    if retrieved is not None:
        fields["retrieved"] = retrieved
    if status:
        fields["status"] = dict(sorted(status.items()))
    return fields


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
