"""A Document (``output.document``) as one self-contained HTML page: ``html_page``.

The page loads nothing from anywhere: its CSS is inline and a Content-Security-Policy
forbids everything else (no scripts, images, fonts or requests), even where a value
in the data looks like markup, and every value is escaped. The markup is meant to
meet WCAG 2.1 AA: the language on ``<html>``, one ``<h1>``, headings in order
(``Document`` checks), ``<main>`` and ``<footer>`` landmarks, tables with a
``<caption>``, ``<th scope="col">`` heads, ``<th scope="row">`` for the first cell of
each row and the totals in ``<tfoot>``, text colours of 4.5:1 or more on their
background (``COLOURS``; a cell's style is in its text too), ``<address>`` for an
addressee and ``<dl>`` for label: value fields. Printed, it is A4 with the same margins
as the PDF, without backgrounds, with table heads repeated and signature blocks
kept whole. The look is the house style of the overview report.
"""

from __future__ import annotations

import html

from .document import (
    Address,
    Block,
    BulletList,
    Document,
    Fields,
    Heading,
    NumberedList,
    PageBreak,
    Paragraph,
    Signature,
    Table,
    as_cell,
)

# Text colours and the backgrounds they are shown on: the tests hold each pair to 4.5:1.
COLOURS = {
    "text": "#1a1a1a",
    "secondary": "#555555",
    "ok": "#17692f",
    "warn": "#8a5300",
    "muted": "#595959",
}
BACKGROUNDS = {"page": "#ffffff", "head": "#eef2ee", "foot": "#f6f6f6"}

CSS = f"""
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: {COLOURS["text"]};
       background: {BACKGROUNDS["page"]}; line-height: 1.45; }}
h1 {{ font-size: 1.6rem; margin-bottom: .25rem; }}
h2 {{ font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }}
h3 {{ font-size: 1.05rem; margin-bottom: .25rem; }}
p.subtitle {{ color: {COLOURS["secondary"]}; margin-top: 0; }}
address {{ font-style: normal; margin: 0 0 1.5rem; }}
dl.fields {{ display: grid; grid-template-columns: max-content auto; gap: .1rem 1rem;
             margin: .75rem 0; }}
dl.fields dd {{ margin: 0; }}
table {{ border-collapse: collapse; width: 100%; margin: .75rem 0; font-size: .95rem; }}
caption {{ text-align: left; font-weight: bold; padding-bottom: .3rem; }}
th, td {{ border: 1px solid #bbb; padding: .3rem .5rem; text-align: left; vertical-align: top; }}
thead th {{ background: {BACKGROUNDS["head"]}; }}
tbody th {{ font-weight: normal; }}
.num {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
tfoot th, tfoot td {{ font-weight: bold; background: {BACKGROUNDS["foot"]}; }}
.ok {{ color: {COLOURS["ok"]}; font-weight: 600; }}
.warn {{ color: {COLOURS["warn"]}; }}
.muted {{ color: {COLOURS["muted"]}; }}
p.emphasis {{ font-weight: bold; }}
ol, ul {{ margin-top: .25rem; }}
.signature {{ margin: 1.75rem 0; }}
.signature p {{ margin: .2rem 0; }}
.signature .sign-line {{ width: 20rem; max-width: 100%; min-height: 1.45em; padding-top: 2.5rem;
                         border-bottom: 1px solid {COLOURS["secondary"]}; }}
.signature .sign-label {{ color: {COLOURS["secondary"]}; font-size: .85rem; }}
hr.page-break {{ border: 0; border-top: 1px dashed #ccc; margin: 2rem 0; }}
footer {{ color: {COLOURS["secondary"]}; border-top: 1px solid #ccc; margin-top: 2.5rem;
          font-size: .9rem; }}
@page {{ size: A4; margin: 25mm; }}
@media print {{
  body {{ margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }}
  h2, h3, caption {{ break-after: avoid; }}
  tr, li, .signature, address, dl.fields {{ break-inside: avoid; }}
  thead {{ display: table-header-group; }}
  thead th, tfoot th, tfoot td {{ background: none; }}
  hr.page-break {{ break-after: page; border: 0; margin: 0; }}
}}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _lines(lines: tuple[str, ...]) -> str:
    return "<br>\n".join(_e(line) for line in lines)


def _table(table: Table) -> list[str]:
    def attrs(i: int, style: str | None = None) -> str:
        classes = [c for c in ("num" if i in table.numeric else None, style) if c]
        return f' class="{" ".join(classes)}"' if classes else ""

    def body_row(cells: list[tuple[str, str | None]]) -> str:
        out = []
        for i, (text, style) in enumerate(cells):
            if i == 0:
                out.append(f'<th scope="row"{attrs(i, style)}>{_e(text)}</th>')
            else:
                out.append(f"<td{attrs(i, style)}>{_e(text)}</td>")
        return "<tr>" + "".join(out) + "</tr>"

    table_id = f' id="{_e(table.id)}"' if table.id else ""
    out = [f"<table{table_id}>"]
    if table.caption:
        out.append(f"<caption>{_e(table.caption)}</caption>")
    head = "".join(f'<th scope="col"{attrs(i)}>{_e(h)}</th>' for i, h in enumerate(table.head))
    out += [f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for row in table.rows:
        out.append(body_row([(c.text, c.style) for c in map(as_cell, row)]))
    out.append("</tbody>")
    if table.foot is not None:
        out.append("<tfoot>" + body_row([(v, None) for v in table.foot]) + "</tfoot>")
    out.append("</table>")
    return out


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [f"<h{block.level}>{_e(block.text)}</h{block.level}>"]
    if isinstance(block, Paragraph):
        cls = ' class="emphasis"' if block.emphasis else ""
        return [f"<p{cls}>{_e(block.text)}</p>"]
    if isinstance(block, Address):
        return [f"<address>{_lines(block.lines)}</address>"]
    if isinstance(block, Fields):
        rows = [f"<div><dt>{_e(k)}:</dt><dd>{_e(v)}</dd></div>" for k, v in block.rows]
        return ['<dl class="fields">', *rows, "</dl>"]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, NumberedList):
        start = f' start="{block.start}"' if block.start != 1 else ""
        return [f"<ol{start}>", *(f"<li>{_e(x)}</li>" for x in block.items), "</ol>"]
    if isinstance(block, BulletList):
        return ["<ul>", *(f"<li>{_e(x)}</li>" for x in block.items), "</ul>"]
    if isinstance(block, Signature):
        return [
            '<div class="signature">',
            *(f"<p>{_e(line)}</p>" for line in block.lines),
            f'<div class="sign-line">{_e(block.signer or "")}</div>',
            f'<div class="sign-label">{_e(block.label)}</div>',
            "</div>",
        ]
    if isinstance(block, PageBreak):
        return ['<hr class="page-break">']
    raise TypeError(f"not a block: {block!r}")


def html_page(doc: Document) -> str:
    """The Document as a complete HTML page (UTF-8 text, one final newline)."""
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(doc.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Nothing may be loaded from elsewhere, even by a value in the data.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{_e(doc.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
    ]
    addresses, rest = doc.lead()
    for address in addresses:
        parts += _block(address)
    parts.append(f"<h1>{_e(doc.title)}</h1>")
    if doc.subtitle:
        parts.append(f'<p class="subtitle">{_e(doc.subtitle)}</p>')
    for block in rest:
        parts += _block(block)
    parts.append("</main>")
    if doc.footer:
        parts.append(f"<footer><p>{_e(doc.footer)}</p></footer>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
