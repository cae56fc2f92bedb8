"""Importing inhabitants from CBS: the counts read from saved responses or fetched from the
API (outside the lock), then one line per municipality and the source block changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..domain.counts import ImportPlan, Observations, TableInfo
    from ..store import Change, Session


@dataclass(frozen=True)
class Counts:
    """What CBS says: the counts, and where known the table and the status of each year."""

    observations: Observations
    table: TableInfo | None = None
    periods: dict[date, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Imported:
    change: Change
    plan: ImportPlan


def from_files(observations: Path, properties: Path | None, periods: Path | None) -> Counts:
    """The counts of a saved Observations response, with the table's saved /Properties and
    /PeriodenCodes responses where given."""
    from ..sources import cbs
    from ..sources.files import read_input

    def read(path: Path) -> bytes:
        return read_input(path, cbs.MAX_BYTES)

    return Counts(
        cbs.parse_observations(read(observations), source=str(observations)),
        cbs.parse_properties(read(properties), source=str(properties)) if properties else None,
        cbs.parse_periods(read(periods), source=str(periods)) if periods else {},
    )


def from_cbs(codes: list[str], *, base_url: str, since: date, deadline: float) -> Counts:
    """The counts of the municipalities with ``codes`` from CBS's API, from ``since``,
    all of it within ``deadline`` seconds."""
    from ..sources.cbs_fetch import fetch

    fetched = fetch(base_url=base_url, codes=codes, since=since, deadline=deadline)
    return Counts(fetched.observations, fetched.table, fetched.periods)


def import_counts(
    data: Session,
    counts: Counts,
    *,
    dates: list[date] | None,
    retrieved: date | None,
    dry_run: bool,
) -> Imported:
    """Update each municipality's counts at the imported dates, and the source block."""
    from ..domain.counts import plan_import

    plan = plan_import(
        data.gemeenten, counts.observations, dates=dates, table=counts.table,
        periods=counts.periods, retrieved=retrieved,
    )  # fmt: skip
    for index, series in plan.counts.items():
        data.set_inhabitants(index, series)
    data.set_inhabitants_source(plan.source)
    return Imported(data.save(dry_run=dry_run), plan)
