"""Output of `opgave inhabitants import`: what changed, in a few lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..inhabitants import ImportPlan


def import_summary(plan: ImportPlan, *, dry_run: bool) -> str:
    """``Imported inhabitants at 5 dates (2022-01-01 to 2026-01-01) for 18 municipalities
    from CBS 03759ned: 72 added, 0 changed, 18 unchanged.``"""
    dates = plan.dates
    span = dates[0].isoformat() if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
    head = "Would import" if dry_run else "Imported"
    count = f"{len(dates)} date{'s' if len(dates) != 1 else ''} ({span})"
    version = plan.source.get("table_version")
    table = f"CBS {plan.source['table']}" + (f" version {version}" if version else "")
    lines = [
        f"{head} inhabitants at {count} for {plan.municipalities} municipalities from "
        f"{table}: {plan.added} added, {plan.changed} changed, {plan.unchanged} unchanged."
    ]
    if plan.skipped:
        lines.append(f"No counts in the data for (not taking part): {', '.join(plan.skipped)}.")
    return "\n".join(lines) + "\n"
