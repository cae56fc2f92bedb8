"""Output of `opgave contributions` (text, JSON, CSV) and the echo of `opgave pay`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..i18n import _
from ..text import day, format_count, format_euro
from . import Out, Reporter, wrap

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..domain.ledger import YearContributions
    from ..domain.models import InhabitantsSource, Payment


@dataclass(frozen=True)
class Contributions:
    """What `opgave contributions` shows: the blocks, and where the counts come from."""

    blocks: list[YearContributions]
    counts: InhabitantsSource
    one_year: bool  # --year: JSON is one object, not a list


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _block_json(block: YearContributions) -> dict[str, Any]:
    return {
        "year": block.year,
        "total": _money(block.total),
        "inhabitants_at": block.inhabitants_at.isoformat() if block.inhabitants_at else None,
        "rows": [
            {
                "slug": r.slug,
                "name": r.name,
                "inhabitants": r.inhabitants,
                "due": _money(r.due),
                "paid": _money(r.paid),
                "outstanding": _money(r.outstanding),
            }
            for r in block.shown
        ],
        "totals": {
            "due": _money(block.due),
            "paid": _money(block.paid),
            "outstanding": _money(block.outstanding),
        },
    }


def contributions_json(data: Contributions, out: Out) -> None:
    """One object for one year (``--year``), else a list of them."""
    objects = [_block_json(b) for b in data.blocks]
    out.json(objects[0] if data.one_year else objects)


def contributions_csv(data: Contributions, out: Out) -> None:
    out.csv(
        ["year", "slug", "name", "inhabitants", "due", "paid", "outstanding"],
        [
            [
                b.year,
                r.slug,
                r.name,
                _blank(r.inhabitants),
                _blank(_money(r.due)),
                _money(r.paid),
                _blank(_money(r.outstanding)),
            ]
            for b in data.blocks
            for r in b.shown
        ],
    )


def _blank(value: object) -> object:
    return "" if value is None else value


def contributions_text(data: Contributions, out: Out) -> None:
    from .budget import counts_note

    width = out.width
    for n, block in enumerate(data.blocks):
        if n:
            out.write("\n")
        heading = _("{title}: contributions, {year}").format(title=block.title, year=block.year)
        out.print(wrap(heading, width), soft_wrap=True)
        if block.total is None:
            out.print(wrap(_no_amount(block), width), soft_wrap=True)
            if block.paid:
                out.print(_table(block, width))
        else:
            assert block.inhabitants_at is not None
            out.print(_table(block, width))
            notes = [
                _(
                    "Due: the {year} amount of {amount} in agreement.yaml, split by inhabitants; "
                    "outstanding is due minus paid."
                ).format(year=block.year, amount=format_euro(block.total)),
                counts_note(data.counts, block.inhabitants_at),
            ]
            if block.outstanding_only:
                notes.append(
                    _("Only the municipalities with something left to pay (--outstanding).")
                )
            for note in notes:
                out.print(wrap(note, width), soft_wrap=True)
        if block.not_taking_part:
            names = ", ".join(block.not_taking_part)
            out.print(wrap(_("Not taking part: {names}.").format(names=names), width))


def _no_amount(block: YearContributions) -> str:
    if block.outstanding_only:
        # No rows: nothing is outstanding without an amount. (What was paid is not what
        # --outstanding asks; the JSON's totals, of the rows shown, say 0.00 too.)
        return _(
            "No amount for {year} is recorded in agreement.yaml (contribution.amounts), so "
            "nothing is due or outstanding."
        ).format(year=block.year)
    return _(
        "No amount for {year} is recorded in agreement.yaml (contribution.amounts), so "
        "nothing is due yet. Paid for {year}: {paid}."
    ).format(year=block.year, paid=format_euro(block.paid))


def _table(block: YearContributions, width: int) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    with_amounts = block.total is not None
    inhabitants = _("Inhabitants")
    head = [_("Gemeente"), *([inhabitants, _("Due")] if with_amounts else []), _("Paid")]
    if with_amounts:
        head.append(_("Outstanding"))
    rows: list[list[Any]] = []
    for r in block.shown:
        cells: list[Any] = [r.name]
        if with_amounts:
            cells += [format_count(r.inhabitants or 0), format_euro(r.due or Decimal(0))]
        cells.append(format_euro(r.paid))
        if with_amounts:
            assert r.outstanding is not None
            cells.append(
                Text(
                    _("{amount} overpaid").format(amount=format_euro(r.outstanding)),
                    style="yellow",
                )
                if r.overpaid
                else format_euro(r.outstanding)
            )
        rows.append(cells)
    foot: list[str] = [_("Total")]
    if with_amounts:
        assert block.due is not None and block.outstanding is not None
        foot += [format_count(sum(r.inhabitants or 0 for r in block.shown)), format_euro(block.due)]
    foot.append(format_euro(block.paid))
    if with_amounts:
        assert block.outstanding is not None
        foot.append(format_euro(block.outstanding))
    # Figures are never cut and names wrap at their spaces; where the terminal is too
    # narrow for every column, the inhabitants (shown by `budget`) go first.
    from .narrow import cells as cell_width
    from .narrow import fit_widths, longest_word, paragraphs, table_room

    columns = list(zip(head, foot, *rows, strict=True))
    widths = [max(cell_width(c) for c in column) for column in columns]
    word = longest_word([*columns[0], "(none)"])  # a name's longest word
    keep = list(range(len(head)))
    if fit_widths(widths[:1], [word], table_room(width, len(head)) - sum(widths[1:])) is None:
        keep = [i for i in keep if head[i] != inhabitants]
    room = table_room(width, len(keep)) - sum(widths[i] for i in keep[1:])
    fitted = fit_widths(widths[:1], [word], room)
    if fitted is None:
        return paragraphs(
            [head[i] for i in keep], [[r[i] for i in keep] for r in [*rows, foot]], width
        )
    table = Table(show_footer=True)
    for i in keep:
        table.add_column(
            head[i],
            footer=foot[i],
            justify="left" if i == 0 else "right",
            no_wrap=i > 0,
            width=fitted[0] if i == 0 else None,
            min_width=widths[i] if i > 0 else None,
            overflow="fold",
        )
    for cells in rows:
        table.add_row(*(cells[i] for i in keep))
    if not rows:
        table.add_row("(none)", *[""] * (len(keep) - 1))
    return table


CONTRIBUTIONS_FORMATS: dict[str, Reporter[Contributions]] = {
    "text": contributions_text,
    "json": contributions_json,
    "csv": contributions_csv,
}


def pay_message(name: str, payment: Payment, block: YearContributions, *, dry_run: bool) -> str:
    """``Recorded: Arnhem paid € 52.414,93 for 2023 on 2023-03-01 (F-1).`` and where the
    municipality stands for that year."""
    credit = payment.amount < 0
    if dry_run:
        head = (
            _("Would record: {name} credited {amount} for {year} on {day}")
            if credit
            else _("Would record: {name} paid {amount} for {year} on {day}")
        )
    else:
        head = (
            _("Recorded: {name} credited {amount} for {year} on {day}")
            if credit
            else _("Recorded: {name} paid {amount} for {year} on {day}")
        )
    reference = f" ({payment.reference})" if payment.reference else ""
    first = (
        head.format(
            name=name, amount=format_euro(abs(payment.amount)), year=payment.year,
            day=day(payment.date),
        )
        + reference
        + "."
    )  # fmt: skip
    row = next(r for r in block.rows if r.slug == payment.gemeente)
    values = {"name": name, "year": payment.year, "paid": format_euro(row.paid),
              "due": format_euro(row.due or Decimal(0))}  # fmt: skip
    if row.outstanding is None:
        second = _(
            "No amount for {year} is recorded, so nothing is due yet; {name} has paid {paid} "
            "for {year}."
        ).format(**values)
    elif row.overpaid:
        second = _("{name} has paid {paid} of {due} due for {year}: {over} overpaid.").format(
            **values, over=format_euro(-row.outstanding)
        )
    else:
        second = _("{name} has paid {paid} of {due} due for {year}; outstanding {left}.").format(
            **values, left=format_euro(row.outstanding)
        )
    return f"{first}\n{second}"
