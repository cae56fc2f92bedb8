"""Output of `opgave inhabitants import`: what changed, in a few lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import N_, _, ngettext
from ..text import day

if TYPE_CHECKING:
    from ..domain.counts import ImportPlan, Unstated


def import_summary(plan: ImportPlan, *, dry_run: bool, written: bool, from_cbs: bool) -> str:
    """``Imported inhabitants at 5 dates (2022-01-01 to 2026-01-01) for 18 municipalities
    from CBS 03759ned version 202606230000: 72 added, 0 changed, 18 unchanged.``, then
    what the source block does not state and how to state it, and whether
    gemeenten.yaml changed at all (``written``: it did, or would with ``dry_run``)."""
    dates = plan.dates
    span = (
        day(dates[0])
        if len(dates) == 1
        else _("{first} to {last}").format(first=day(dates[0]), last=day(dates[-1]))
    )
    count = ngettext("{count} date ({span})", "{count} dates ({span})", len(dates)).format(
        count=len(dates), span=span
    )
    table = f"CBS {plan.source['table']}" + (
        _(" version {version}").format(version=plan.version) if plan.version else ""
    )
    head = (
        _("Would import inhabitants at {dates} for {count} municipalities from {table}: "
          "{added} added, {changed} changed, {unchanged} unchanged.")
        if dry_run
        else _("Imported inhabitants at {dates} for {count} municipalities from {table}: "
               "{added} added, {changed} changed, {unchanged} unchanged.")
    )  # fmt: skip
    lines = [
        head.format(
            dates=count, count=plan.municipalities, table=table, added=plan.added,
            changed=plan.changed, unchanged=plan.unchanged,
        )
    ]  # fmt: skip
    if plan.skipped:
        lines.append(
            _("No counts in the data for (not taking part): {names}.").format(
                names=", ".join(plan.skipped)
            )
        )
    if plan.unstated:
        items = ", ".join(_unstated(u, from_cbs=from_cbs) for u in plan.unstated)
        if any(u.every_date for u in plan.unstated):
            line = _("Not stated in gemeenten.yaml, as it is not known of every count: {items}.")
        elif from_cbs:
            line = _("Not stated in gemeenten.yaml, as CBS does not tell: {items}.")
        else:
            line = _("Not stated in gemeenten.yaml, as the file does not tell: {items}.")
        lines.append(line.format(items=items))
    if not written:
        lines.append(
            _("Nothing would change in gemeenten.yaml.")
            if dry_run
            else _("Nothing changed in gemeenten.yaml.")
        )
    return "\n".join(lines) + "\n"


_FIELDS = {
    "table": (N_("the table's title and version"), "--properties"),
    "table_version": (N_("the table version"), "--properties"),
    "status": (N_("the status of {dates}"), "--periods"),
    "retrieved": (N_("the retrieval date"), "--retrieved"),
}


def _unstated(item: Unstated, *, from_cbs: bool) -> str:
    """``the status of 2026-01-01 (--periods)``: what, and how to state it. With
    --from-cbs the options are not needed (CBS was asked), and a status CBS did not
    give has no option to state it."""
    what, option = _FIELDS[item.field]
    what = _(what).format(dates=", ".join(day(d) for d in item.dates))
    how = [] if from_cbs else [option]
    if item.every_date:
        how.append(_("importing every date"))
    return f"{what} ({', '.join(how)})" if how else what
