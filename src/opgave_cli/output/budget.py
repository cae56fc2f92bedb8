"""Output of `opgave budget`: the shares table, JSON and CSV."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..i18n import _
from ..text import day, format_count, format_euro, format_percent
from . import Out, Reporter, wrap

if TYPE_CHECKING:
    from datetime import date

    from rich.console import RenderableType

    from ..domain.budget import BudgetReport
    from ..domain.models import InhabitantsSource

BAR_WIDTH = 14


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def budget_json(report: BudgetReport, out: Out) -> None:
    out.json(
        {
            "year": report.year,
            "total": _money(report.total),
            "source": report.source,
            "basis": "inhabitants",
            "reference_date": report.reference_date.isoformat(),
            "inhabitants_at": report.reference_date.isoformat(),
            "rows": [
                {
                    "slug": row.slug,
                    "name": row.name,
                    "inhabitants": row.inhabitants,
                    "share": str(row.share),
                    "percent": str(row.percent),
                    "amount": _money(row.amount),
                }
                for row in report.rows
            ],
            "sum_amount": _money(report.sum_amount),
        }
    )


def budget_csv(report: BudgetReport, out: Out) -> None:
    out.csv(
        ["slug", "name", "inhabitants", "share", "percent", "amount"],
        [
            [
                r.slug,
                r.name,
                r.inhabitants,
                r.share,
                r.percent,
                "" if r.amount is None else r.amount,
            ]
            for r in report.rows
        ],
    )


def budget_text(report: BudgetReport, out: Out) -> None:
    width = out.width
    title = (
        _("{title}: contribution by inhabitants, {year}").format(
            title=report.title, year=report.year
        )
        if report.year
        else _("{title}: contribution by inhabitants").format(title=report.title)
    )
    out.print(wrap(title, width), soft_wrap=True)
    out.print(budget_table(report, width, unicode=out.unicode))
    for note in budget_notes(report):
        out.print(wrap(note, width), soft_wrap=True)


BUDGET_FORMATS: dict[str, Reporter[BudgetReport]] = {
    "text": budget_text,
    "json": budget_json,
    "csv": budget_csv,
}


def budget_table(report: BudgetReport, width: int, *, unicode: bool = True) -> RenderableType:
    """The shares table; the bar column only where ``width`` leaves room for it. Where
    it is too narrow for the names to wrap at their spaces beside the figures, each name
    has a line of its own with its figures under it (or, narrower still, a paragraph),
    so that no name or figure is ever cut off."""
    from rich.table import Table
    from rich.text import Text

    from .narrow import cells as cell_width
    from .narrow import fit_widths, longest_word, paragraphs, stacked, table_room

    head = [_("Gemeente"), _("Inhabitants"), _("Share")]
    foot = [_("Total"), format_count(report.sum_inhabitants), format_percent(report.sum_percent)]
    rows = [[r.name, format_count(r.inhabitants), format_percent(r.percent)] for r in report.rows]
    if report.total is not None:
        assert report.sum_amount is not None
        head.append(_("Amount"))
        foot.append(format_euro(report.sum_amount))
        for cells, r in zip(rows, report.rows, strict=True):
            assert r.amount is not None
            cells.append(format_euro(r.amount))
    widths = [max(cell_width(c) for c in column) for column in zip(head, foot, *rows, strict=True)]
    names = [head[0], foot[0], *(cells[0] for cells in rows)]
    room = table_room(width, len(head)) - sum(widths[1:])
    fitted = fit_widths(widths[:1], [longest_word(names)], room)
    if fitted is None:
        return stacked(head, rows, foot, width, unicode=unicode) or paragraphs(
            head, [*rows, foot], width
        )
    # Each column has one space of padding on either side and a border after it.
    with_bar = sum(widths) + 3 * len(widths) + 1 + BAR_WIDTH + 3 <= width

    table = Table(show_footer=True)
    for i, (title, total) in enumerate(zip(head, foot, strict=True)):
        table.add_column(
            title,
            footer=total,
            justify="left" if i == 0 else "right",
            no_wrap=i > 0,
            width=fitted[0] if i == 0 else None,
            min_width=widths[i] if i > 0 else None,
            overflow="fold",  # names wrap at their spaces; figures keep their full width
        )
    if with_bar:
        table.add_column("", no_wrap=True)
    largest = max(r.share for r in report.rows)
    for cells, r in zip(rows, report.rows, strict=True):
        fraction = r.share / largest if largest else Decimal(0)
        bar = [Text(_bar(fraction, unicode), style="cyan")]
        table.add_row(*cells, *(bar if with_bar else []))
    return table


def _bar(fraction: Decimal, unicode: bool = True) -> str:
    """A bar of ``fraction`` x BAR_WIDTH cells, in eighths of a cell; in whole cells of
    ``#`` where the output cannot show block characters."""
    if not unicode:
        return "#" * int((fraction * BAR_WIDTH).to_integral_value())
    eighths = int((fraction * BAR_WIDTH * 8).to_integral_value())
    full, part = divmod(eighths, 8)
    return "█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")


def counts_note(counts: InhabitantsSource, when: date) -> str:
    """``Inhabitants at 2026-01-01 (Definitief): CBS StatLine, ...; measure M000352
    "Bevolking op 1 januari", table version 202606230000, retrieved 2026-07-02.``"""
    head = _("Inhabitants at {day}").format(day=day(when))
    status = counts.status.get(when)
    head += f" ({status})" if status else ""
    details = []
    if counts.measure:
        title = f' "{counts.measure_title}"' if counts.measure_title else ""
        details.append(_("measure {measure}").format(measure=counts.measure) + title)
    if counts.table_version:
        details.append(_("table version {version}").format(version=counts.table_version))
    if counts.retrieved:
        details.append(_("retrieved {day}").format(day=day(counts.retrieved)))
    source = counts.source.rstrip(".")
    return f"{head}: {source}" + (f"; {', '.join(details)}." if details else ".")


def budget_notes(report: BudgetReport) -> list[str]:
    """What the figures rest on, under the table (one paragraph per line)."""
    lines = [counts_note(report.counts, report.reference_date)]
    if report.source == "what-if":
        lines.append(
            _("Amounts split a what-if total of {amount} (--total).").format(
                amount=_euro(report.total)
            )
        )
    elif report.source == "data":
        stated = report.stated_date
        if stated is not None and stated != report.reference_date:
            # --inhabitants-at asked for other counts than the data's: a what-if, not what
            # `contributions` counts as due.
            text = _(
                "Amounts split the {year} amount of {amount} in agreement.yaml, which splits "
                "it by the inhabitants at {stated}; these use {used} (--inhabitants-at) "
                "instead, so they are not what is due."
            ).format(
                year=report.year, amount=_euro(report.total), stated=day(stated),
                used=day(report.reference_date),
            )  # fmt: skip
        else:
            text = _("Amounts split the {year} amount of {amount} in agreement.yaml.").format(
                year=report.year, amount=_euro(report.total)
            )
        lines.append(text)
    elif report.year is None and report.years_with_amounts:
        years = ", ".join(str(y) for y in report.years_with_amounts)
        first = report.years_with_amounts[0]
        lines.append(
            _(
                "Shares only: agreement.yaml has amounts for {years}; --year {first} splits "
                "the amount of {first}, --total EUR a what-if amount."
            ).format(years=years, first=first)
        )
    else:
        unknown = (
            _("No annual amount for {year} is known: it comes from the {counterparty}'s "
              "vastgestelde begroting.").format(year=report.year, counterparty=report.counterparty)
            if report.year is not None
            else _("No annual amount is known: it comes from the {counterparty}'s vastgestelde "
                   "begroting.").format(counterparty=report.counterparty)
        )  # fmt: skip
        lines.append(
            unknown
            + " "
            + _(
                "Give one with --total EUR, or record it per year under contribution.amounts "
                "in agreement.yaml."
            )
        )
    if report.not_taking_part:
        lines.append(_("Not taking part: {names}.").format(names=", ".join(report.not_taking_part)))
    return lines


def _euro(value: Decimal | None) -> str:
    return format_euro(value) if value is not None else ""
