"""The report for the jaarverslag (`opgave report`): the signing status, the contributions
and the speerpunten as one document, written in the language of the agreement unless
``--lang`` says otherwise, as Markdown, one self-contained accessible HTML page, or PDF.
Output only: the figures come from the core.

It reads as a document, not as a print of the data: no file names or repository paths,
dates as a reader writes them (``1 februari 2023``, never split over two lines), and
one basis per table: a year's contributions show the inhabitants, shares and amounts
at that year's own reference date; the shares by inhabitants at the latest date are
shown only while no year has an amount, and say that they are an indication.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from ..i18n import _, ngettext
from ..text import day, format_count, format_euro, format_percent, roman
from .budget import counts_note
from .document import Cell, Document, Heading, NumberedList, Paragraph, Table

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..domain.budget import BudgetReport
    from ..domain.ledger import YearContributions
    from ..domain.models import Agreement, Signature
    from ..domain.parties import Party, Status

NBSP = "\u00a0"


@dataclass(frozen=True)
class Overview:
    """Everything the document shows, computed beforehand."""

    agreement: Agreement
    status: Status
    shares: BudgetReport  # shares, no amounts, at the latest date
    contributions: list[YearContributions]  # due, paid, outstanding per year of the term
    generated: date
    revision: str | None  # the data's git revision, when it is in a repository


def whole(day_text: str) -> str:
    """A date (or an amount) that must not be split over two lines."""
    return day_text.replace(" ", NBSP)


def _day(d: date) -> str:
    return whole(day(d))


def _meta(o: Overview) -> str:
    term = _("Term: until {day}").format(day=_day(o.status.term_end))
    if o.status.term_ended:
        term += _(" (ended)")
    made = (
        _("Made on {day} from data revision {revision}.").format(
            day=_day(o.generated), revision=o.revision
        )
        if o.revision
        else _("Made on {day}.").format(day=_day(o.generated))
    )
    return f"{term}. {made}"


def _signed_summary(o: Overview) -> str:
    cp = o.status.counterparty
    count = ngettext(
        "{signed} of {total} municipalities has signed",
        "{signed} of {total} municipalities have signed",
        o.status.signed,
    ).format(signed=o.status.signed, total=o.status.total)
    if cp.signature:
        counter = _("the countersignature of the {party}: signed on {day}").format(
            party=cp.name, day=_day(cp.signature.date)
        )
    else:
        counter = _("the countersignature of the {party}: not yet signed").format(party=cp.name)
    return f"{count}; {counter}."


def _state(party: Party) -> Cell:
    if party.signature is not None:
        return Cell(_("signed"), "ok")
    if not party.participates:
        return Cell(_("not taking part"), "muted")
    return Cell(_("not yet signed"), "warn")


def _evidence(signature: Signature) -> str:
    """The scanned page by its file's name and the start of its hash (no path)."""
    if signature.evidence is None:
        return ""
    name = signature.evidence.file.rsplit("/", 1)[-1]
    return f"{name} (SHA-256 {signature.evidence.sha256[:12]})"


def _party_row(party: Party) -> tuple[Cell | str, ...]:
    sig = party.signature
    if sig is None:
        return (party.name, _state(party), "", "", "", "", "")
    return (
        party.name,
        _state(party),
        _day(sig.date),
        sig.place or "",
        sig.signatory or "",
        sig.capacity or "",
        _evidence(sig),
    )


def _party_head(first: str) -> tuple[str, ...]:
    return (first, _("Status"), _("Date"), _("Place"), _("Signatory"), _("Capacity"),
            _("Evidence"))  # fmt: skip


def _signatures(o: Overview) -> list[object]:
    municipalities = [p for p in o.status.parties if not p.is_counterparty]
    cp = o.status.counterparty
    return [
        Heading(_("Signatures")),
        Paragraph(_signed_summary(o)),
        Table(
            head=_party_head(_("Gemeente")),
            rows=tuple(_party_row(p) for p in municipalities),
            caption=_("Signature of each municipality"),
            id="status",
        ),
        Table(
            head=_party_head(_("Party")),
            rows=(_party_row(cp),),
            caption=_("Countersignature of the {party}").format(party=cp.name),
            id="counterparty",
        ),
    ]


def _year(o: Overview, block: YearContributions) -> list[object]:
    """One year of the term: its amount and the split it rests on, or why there is none."""
    heading = Heading(str(block.year), level=3)
    if block.total is None or block.inhabitants_at is None:
        return [
            heading,
            Paragraph(
                _(
                    "No amount for {year} is known yet, so nothing is due; paid for {year}: {paid}."
                ).format(year=block.year, paid=whole(format_euro(block.paid)))
            ),
        ]
    assert block.due is not None and block.outstanding is not None
    at = _day(block.inhabitants_at)
    total_inhabitants = sum(r.inhabitants or 0 for r in block.rows)
    total_percent = sum((r.percent or Decimal(0) for r in block.rows), Decimal(0))
    sentence = _(
        "The amount for {year} is {total}, split by the inhabitants at {day}; paid {paid}, "
        "outstanding {outstanding}."
    ).format(
        year=block.year, total=whole(format_euro(block.total)), day=at,
        paid=whole(format_euro(block.paid)), outstanding=whole(format_euro(block.outstanding)),
    )  # fmt: skip
    rows = []
    for r in block.rows:
        outstanding = format_euro(r.outstanding or Decimal(0))
        rows.append((
            r.name,
            format_count(r.inhabitants or 0),
            format_percent(r.percent or Decimal(0)),
            format_euro(r.due or Decimal(0)),
            format_euro(r.paid),
            Cell(_("{amount} overpaid").format(amount=outstanding), "warn")
            if r.overpaid else outstanding,
        ))  # fmt: skip
    foot = (
        _("Total"), format_count(total_inhabitants), format_percent(total_percent),
        format_euro(block.due), format_euro(block.paid), format_euro(block.outstanding),
    )  # fmt: skip
    return [
        heading,
        Paragraph(sentence),
        Paragraph(counts_note(o.shares.counts, block.inhabitants_at)),
        Table(
            head=(
                _("Gemeente"),
                _("Inhabitants at {day}").format(day=at),
                _("Share"),
                _("Due"),
                _("Paid"),
                _("Outstanding"),
            ),
            rows=tuple(rows),
            foot=foot,
            numeric=frozenset({1, 2, 3, 4, 5}),
            caption=_("Contributions {year}").format(year=block.year),
            id=f"contributions-{block.year}",
        ),
    ]


def _indicative_shares(o: Overview) -> list[object]:
    """The shares at the latest counts, while no year has an amount: an indication."""
    shares = o.shares
    return [
        Paragraph(
            _(
                "No annual amount is known yet: it comes from the vastgestelde begroting of "
                "the {party}. As an indication, each municipality's share by its inhabitants "
                "at {day} (a year's amount is split by the inhabitants at the date set for "
                "that year)."
            ).format(party=o.status.counterparty.name, day=_day(shares.reference_date))
        ),
        Paragraph(counts_note(shares.counts, shares.reference_date)),
        Table(
            head=(_("Gemeente"), _("Inhabitants"), _("Share")),
            rows=tuple(
                (r.name, format_count(r.inhabitants), format_percent(r.percent))
                for r in shares.rows
            ),
            foot=(
                _("Total"),
                format_count(shares.sum_inhabitants),
                format_percent(shares.sum_percent),
            ),
            numeric=frozenset({1, 2}),
            caption=_("Shares by inhabitants at {day}").format(day=_day(shares.reference_date)),
            id="budget",
        ),
    ]


def _contributions(o: Overview) -> list[object]:
    blocks: list[object] = [Heading(_("Contributions"))]
    if o.shares.not_taking_part:  # before the years: it holds for each of them
        names = ", ".join(o.shares.not_taking_part)
        blocks.append(Paragraph(_("Not taking part: {names}.").format(names=names)))
    if not any(b.total is not None for b in o.contributions):
        blocks += _indicative_shares(o)
    for block in o.contributions:
        blocks += _year(o, block)
    return blocks


def _speerpunten(o: Overview) -> list[object]:
    blocks: list[object] = [Heading(_("Speerpunten"))]
    for s in o.agreement.speerpunten:
        blocks.append(Heading(f"{roman(s.number)}. {s.activities_heading}", level=3))
        blocks.append(NumberedList(tuple(s.activities)))
    return blocks


def report_document(o: Overview, lang: str) -> Document:
    """The report as a document in ``lang`` (the language in use must be ``lang``)."""
    blocks = [*_signatures(o), *_contributions(o), *_speerpunten(o)]
    return Document(
        title=o.agreement.title,
        lang="nl" if lang == "nl" else "en",
        blocks=tuple(blocks),  # type: ignore[arg-type]
        subtitle=_meta(o),
        date=o.generated,
    )


def _markdown(doc: Document) -> str:
    from .markdown_doc import markdown

    return markdown(doc)


def _html(doc: Document) -> str:
    from .html_doc import html_page

    return html_page(doc)


def _pdf(doc: Document) -> bytes:
    from .pdf import pdf_bytes

    return pdf_bytes(doc)


# Documents are whole texts (or bytes), written to stdout or to a file.
REPORT_FORMATS: dict[str, Callable[[Document], str | bytes]] = {
    "markdown": _markdown,
    "html": _html,
    "pdf": _pdf,
}
