"""Output of `opgave inhabitants import`: what changed, in a few lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..domain.counts import ImportPlan, Unstated


def import_summary(plan: ImportPlan, *, dry_run: bool, written: bool, from_cbs: bool) -> str:
    """``Imported inhabitants at 5 dates (2022-01-01 to 2026-01-01) for 18 municipalities
    from CBS 03759ned version 202606230000: 72 added, 0 changed, 18 unchanged.``, then
    what the source block does not state and how to state it, and whether
    gemeenten.yaml changed at all (``written``: it did, or would with ``dry_run``)."""
    dates = plan.dates
    span = dates[0].isoformat() if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
    head = "Would import" if dry_run else "Imported"
    count = f"{len(dates)} date{'s' if len(dates) != 1 else ''} ({span})"
    table = f"CBS {plan.source['table']}" + (f" version {plan.version}" if plan.version else "")
    lines = [
        f"{head} inhabitants at {count} for {plan.municipalities} municipalities from "
        f"{table}: {plan.added} added, {plan.changed} changed, {plan.unchanged} unchanged."
    ]
    if plan.skipped:
        lines.append(f"No counts in the data for (not taking part): {', '.join(plan.skipped)}.")
    if plan.unstated:
        items = ", ".join(_unstated(u, from_cbs=from_cbs) for u in plan.unstated)
        if any(u.every_date for u in plan.unstated):
            why = "it is not known of every count"
        else:
            why = "CBS does not tell" if from_cbs else "the file does not tell"
        lines.append(f"Not stated in gemeenten.yaml, as {why}: {items}.")
    if not written:
        lines.append(f"Nothing {'would change' if dry_run else 'changed'} in gemeenten.yaml.")
    return "\n".join(lines) + "\n"


_FIELDS = {
    "table": ("the table's title and version", "--properties"),
    "table_version": ("the table version", "--properties"),
    "status": ("the status of {dates}", "--periods"),
    "retrieved": ("the retrieval date", "--retrieved"),
}


def _unstated(item: Unstated, *, from_cbs: bool) -> str:
    """``the status of 2026-01-01 (--periods)``: what, and how to state it. With
    --from-cbs the options are not needed (CBS was asked), and a status CBS did not
    give has no option to state it."""
    what, option = _FIELDS[item.field]
    what = what.format(dates=", ".join(d.isoformat() for d in item.dates))
    how = [] if from_cbs else [option]
    if item.every_date:
        how.append("importing every date")
    return f"{what} ({', '.join(how)})" if how else what
