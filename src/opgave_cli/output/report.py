"""One overview document (signing status, budget shares, speerpunten) as Markdown or
as a single self-contained HTML page. Output only: the figures come from the core.

The HTML has its CSS inline and loads nothing from anywhere (no fonts, scripts
or images), is readable when printed, and escapes every value taken from the
data. The Markdown renders on GitHub; values are escaped for it too.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from ..text import format_count, format_euro, format_percent, roman
from .budget import counts_note

if TYPE_CHECKING:
    from ..domain.budget import BudgetReport
    from ..domain.ledger import YearContributions
    from ..domain.models import Agreement, Signature
    from ..domain.parties import Party, Status


@dataclass(frozen=True)
class Overview:
    """Everything the document shows, computed beforehand."""

    agreement: Agreement
    status: Status
    shares: BudgetReport  # shares, no amounts
    contributions: list[YearContributions]  # due, paid, outstanding per year of the term
    generated: date
    revision: str | None  # the data's git revision, when it is in a repository


def _term(o: Overview) -> str:
    text = f"Term: until {o.status.term_end.isoformat()}"
    return text + (" (ended)" if o.status.term_ended else "")


def _provenance(o: Overview) -> str:
    text = f"Generated on {o.generated.isoformat()}"
    if o.revision:
        text += f" from data revision {o.revision}"
    return text + "."


def _signed_summary(o: Overview) -> str:
    cp = o.status.counterparty.signature
    signed = f"signed on {cp.date.isoformat()}" if cp else "not signed"
    name = o.status.counterparty.name
    return (
        f"{o.status.signed} of {o.status.total} municipalities signed; "
        f"{name} countersignature: {signed}."
    )


def _amounts_note(o: Overview) -> str:
    years = [b for b in o.contributions if b.total is not None and b.inhabitants_at]
    if years:
        # Each year's amount is split on its own reference date, which need not be the
        # date of the shares here: its split is under Contributions, with its counts.
        dates = ", ".join(f"{b.year} by the inhabitants at {b.inhabitants_at}" for b in years)
        return (
            "The annual amounts recorded in agreement.yaml are split under Contributions, "
            f"each on its own date: {dates}."
        )
    return (
        f"No annual amount is known: it comes from the {o.status.counterparty.name}'s "
        "vastgestelde begroting, "
        "so only the shares are shown."
    )


def _not_taking_part(o: Overview) -> str:
    return f"Not taking part: {', '.join(o.shares.not_taking_part)}."


def _contribution_parts(
    o: Overview,
) -> list[tuple[str, tuple[list[str], list[list[str]], list[str]] | None]]:
    """Per year: a sentence, and a table (head, rows, totals) where the year has an amount."""
    parts: list[tuple[str, tuple[list[str], list[list[str]], list[str]] | None]] = []
    for block in o.contributions:
        if block.total is None or block.inhabitants_at is None:
            parts.append(
                (
                    f"{block.year}: no amount is recorded, so nothing is due yet; "
                    f"paid {format_euro(block.paid)}.",
                    None,
                )
            )
            continue
        assert block.due is not None and block.outstanding is not None
        sentence = (
            f"{block.year}: {format_euro(block.total)}, split by the inhabitants at "
            f"{block.inhabitants_at.isoformat()}; paid {format_euro(block.paid)}, "
            f"outstanding {format_euro(block.outstanding)}."
        )
        rows = [
            [
                r.name,
                format_count(r.inhabitants or 0),
                format_euro(r.due or Decimal(0)),
                format_euro(r.paid),
                format_euro(r.outstanding or Decimal(0)) + (" overpaid" if r.overpaid else ""),
            ]
            for r in block.rows
        ]
        inhabitants = format_count(sum(r.inhabitants or 0 for r in block.rows))
        foot = ["Total", inhabitants, format_euro(block.due), format_euro(block.paid)]
        foot.append(format_euro(block.outstanding))
        head = ["Gemeente", f"Inhabitants at {block.inhabitants_at}", "Due", "Paid", "Outstanding"]
        parts.append((sentence, (head, rows, foot)))
    return parts


PARTY_HEAD = ["Status", "Date", "Place", "Signatory", "Capacity", "Evidence"]


def _party_cells(party: Party, *, short_hash: bool = False) -> list[str]:
    """A party's row; the evidence as its file and SHA-256 (the first 12 digits where
    ``short_hash``, in the HTML page)."""
    sig: Signature | None = party.signature
    if sig is None:
        state = "unsigned" if party.participates else "not taking part"
        return [party.name, state, "", "", "", "", ""]
    evidence = ""
    if sig.evidence is not None:
        digest = sig.evidence.sha256[:12] if short_hash else sig.evidence.sha256
        evidence = f"{sig.evidence.file} (SHA-256 {digest})"
    return [
        party.name,
        "signed",
        sig.date.isoformat(),
        sig.place or "",
        sig.signatory or "",
        sig.capacity or "",
        evidence,
    ]


def _share_rows(o: Overview) -> tuple[list[str], list[list[str]], list[str]]:
    head = ["Gemeente", "Inhabitants", "Share"]
    rows = [[r.name, format_count(r.inhabitants), format_percent(r.percent)] for r in o.shares.rows]
    foot = ["Total", format_count(o.shares.sum_inhabitants), format_percent(o.shares.sum_percent)]
    return head, rows, foot


# --- Markdown -----------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: str) -> str:
    """Escape a value from the data so Markdown shows it as it is."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_table(head: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    align = ["---:" if i in right else "---" for i in range(len(head))]
    return [
        "| " + " | ".join(head) + " |",
        "| " + " | ".join(align) + " |",
        *("| " + " | ".join(_md(c) for c in row) + " |" for row in rows),
    ]


def markdown(o: Overview) -> str:
    a = o.agreement
    lines = [f"# {_md(a.title)}", "", f"{_md(_term(o))}. {_md(_provenance(o))}", ""]
    lines += ["## Signatures", "", _md(_signed_summary(o)), ""]
    lines += _md_table(
        ["Party", *PARTY_HEAD],
        [_party_cells(p) for p in o.status.parties],
        set(),
    )
    head, rows, foot = _share_rows(o)
    lines += ["", "## Contribution by inhabitants", ""]
    lines += [
        _md(counts_note(o.shares.counts, o.shares.reference_date)),
        "",
        _md(_amounts_note(o)),
        "",
        *([_md(_not_taking_part(o)), ""] if o.shares.not_taking_part else []),
    ]
    lines += _md_table(head, [*rows, foot], set(range(1, len(head))))
    lines += ["", "## Contributions", ""]
    for sentence, table in _contribution_parts(o):
        lines += [_md(sentence), ""]
        if table is not None:
            lines += [*_md_table(table[0], [*table[1], table[2]], {1, 2, 3, 4}), ""]
    lines += ["## Speerpunten"]
    for s in a.speerpunten:
        lines += ["", f"### {roman(s.number)}. {_md(s.activities_heading)}", ""]
        lines += [f"{n}. {_md(activity)}" for n, activity in enumerate(s.activities, 1)]
    return "\n".join(lines) + "\n"


# --- HTML ---------------------------------------------------------------------------

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05rem; margin-bottom: .25rem; }
p.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .75rem 0; font-size: .95rem; }
th, td { border: 1px solid #bbb; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef2ee; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: bold; background: #f6f6f6; }
.signed { color: #17692f; font-weight: 600; }
.unsigned { color: #8a5300; }
ol { margin-top: .25rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  tr, li { break-inside: avoid; }
  th { background: none; }
}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _html_table(
    head: list[str],
    rows: list[list[str]],
    *,
    table_id: str,
    numeric: set[int],
    foot: list[str] | None = None,
    status_column: int | None = None,
) -> list[str]:
    def cell(tag: str, i: int, value: str) -> str:
        cls = []
        if i in numeric:
            cls.append("num")
        if i == status_column and value in ("signed", "unsigned"):
            cls.append(value)
        attr = f' class="{" ".join(cls)}"' if cls else ""
        return f"<{tag}{attr}>{_e(value)}</{tag}>"

    out = [
        f'<table id="{table_id}">',
        "<thead><tr>" + "".join(cell("th", i, h) for i, h in enumerate(head)) + "</tr></thead>",
        "<tbody>",
    ]
    out += ["<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in rows]
    out.append("</tbody>")
    if foot is not None:
        out.append(
            "<tfoot><tr>" + "".join(cell("td", i, v) for i, v in enumerate(foot)) + "</tr></tfoot>"
        )
    out.append("</table>")
    return out


def html_head(title: str) -> list[str]:
    """The start of a self-contained page, up to and with its ``<h1>``."""
    return [
        "<!DOCTYPE html>",
        '<html lang="nl">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Nothing may be loaded from elsewhere, even by a value in the data.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{_e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(title)}</h1>",
    ]


def html_page(o: Overview) -> str:
    a = o.agreement
    parts = [
        *html_head(a.title),
        f'<p class="meta">{_e(_term(o))}. {_e(_provenance(o))}</p>',
        "<h2>Signatures</h2>",
        f"<p>{_e(_signed_summary(o))}</p>",
    ]
    municipalities = [p for p in o.status.parties if not p.is_counterparty]
    parts += _html_table(
        ["Gemeente", *PARTY_HEAD],
        [_party_cells(p, short_hash=True) for p in municipalities],
        table_id="status",
        numeric=set(),
        status_column=1,
    )
    parts += _html_table(
        ["Counterparty", *PARTY_HEAD],
        [_party_cells(o.status.counterparty, short_hash=True)],
        table_id="counterparty",
        numeric=set(),
        status_column=1,
    )
    head, rows, foot = _share_rows(o)
    parts += [
        "<h2>Contribution by inhabitants</h2>",
        f"<p>{_e(counts_note(o.shares.counts, o.shares.reference_date))}</p>",
        f"<p>{_e(_amounts_note(o))}</p>",
        *([f"<p>{_e(_not_taking_part(o))}</p>"] if o.shares.not_taking_part else []),
    ]
    parts += _html_table(head, rows, table_id="budget", numeric=set(range(1, len(head))), foot=foot)
    parts.append("<h2>Contributions</h2>")
    for (sentence, table), block in zip(_contribution_parts(o), o.contributions, strict=True):
        parts.append(f"<p>{_e(sentence)}</p>")
        if table is not None:
            head, rows, foot = table
            parts += _html_table(
                head, rows, table_id=f"contributions-{block.year}", numeric={1, 2, 3, 4}, foot=foot
            )
    parts.append("<h2>Speerpunten</h2>")
    for s in a.speerpunten:
        parts.append(f"<h3>{roman(s.number)}. {_e(s.activities_heading)}</h3>")
        parts.append("<ol>" + "".join(f"<li>{_e(x)}</li>" for x in s.activities) + "</ol>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


# Documents are whole texts (written to stdout or to a file), not streamed reporters.
REPORT_FORMATS = {"markdown": markdown, "html": html_page}
