"""A Document (``output.document``) as a PDF: ``pdf_bytes``, with fpdf2.

Only the commands that write a PDF import this module, so fpdf (a few tenths of a
second to import) stays out of every other command.

The page: A4 portrait, margins of 2.5 cm, DejaVu Sans Book and Bold at 10.5 pt
(tables 9.5 pt), shipped in ``fonts/`` (DejaVu Sans 2.37 as in Debian's
fonts-dejavu-core, with its LICENSE) and embedded as subsets, so that every
character of the data (``€ ë ĳ Ç “ ” … •``) shows and extracts as itself. At the foot
of each page the document's footer on the left and "Pagina 1 van 3" ("Page 1 of 3")
on the right, drawn once the page count is known. Tables repeat their head row on
every page, never split a row, right-align their numeric columns and wrap long text
in its cell; headings, captions and signature blocks are kept with what follows.

The output is deterministic: the PDF's creation date is ``Document.date`` (midnight
UTC of that day), or left out when it is None, and fpdf2 derives the file's /ID from
the content.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos
from fpdf.output import OutputProducer, PDFInfo

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

FONT_DIR = Path(__file__).with_name("fonts")
FAMILY = "DejaVuSans"
MARGIN = 25.0  # mm, every side
BODY_PT = 10.5
TABLE_PT = 9.5
SMALL_PT = 8.0
PT = 25.4 / 72  # mm per point
LEADING = 1.4

INK = (26, 26, 26)  # #1a1a1a, as the HTML
GREY = (85, 85, 85)  # #555555
RULE = (187, 187, 187)  # #bbbbbb
HEAD_FILL = (238, 242, 238)  # #eef2ee
FOOT_FILL = (246, 246, 246)  # #f6f6f6
CELL_COLOURS = {"ok": (23, 105, 47), "warn": (138, 83, 0), "muted": (89, 89, 89)}

PAGE_LABEL = {"nl": "Pagina {n} van {total}", "en": "Page {n} of {total}"}
LANG_TAG = {"nl": "nl-NL", "en": "en-GB"}
_SPAN = re.compile(r"(\d) – (\d)")


def _nb(text: str) -> str:
    """No line break between an amount and its euro sign, nor in a span of years
    ("2023 – 2024"): no-break spaces there."""
    return _SPAN.sub("\\1\u00a0–\u00a0\\2", text.replace("€ ", "€\u00a0"))


def _line(pt: float) -> float:
    return pt * PT * LEADING


class _Producer(OutputProducer):
    """fpdf2 always writes a /CreationDate; this one leaves it out of the document
    information when the Document has no date, so the bytes do not drift."""

    def _add_info(self) -> PDFInfo:
        info = super()._add_info()
        if not getattr(self.fpdf, "dated", True):
            del info.creation_date  # left out of the dictionary, as every absent entry
        return info


class _Writer(FPDF):
    def __init__(self, doc: Document) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.doc = doc
        self.dated = doc.date is not None
        # fpdf2 hashes this date into the file's /ID too: without a date of its own the
        # Document gets a fixed one there (and none in the document information).
        d = doc.date or dt.date(1970, 1, 1)
        self.set_creation_date(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC))
        self.set_title(doc.title)
        if doc.subtitle:
            self.set_subject(doc.subtitle)
        self.set_lang(LANG_TAG[doc.lang])
        self.set_creator("opgave")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)
        self.c_margin = 0
        self.add_font(FAMILY, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_text_color(*INK)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)

    # --- helpers ---------------------------------------------------------------------

    def font(self, pt: float = BODY_PT, bold: bool = False) -> None:
        self.set_font(FAMILY, "B" if bold else "", pt)

    def at_top(self) -> bool:
        return self.y <= self.t_margin + 0.01

    def keep(self, height: float) -> None:
        """Start a new page unless ``height`` fits on this one."""
        if not self.at_top() and self.y + height > self.page_break_trigger:
            self.add_page()

    def text_height(self, text: str, w: float, pt: float, bold: bool = False) -> float:
        self.font(pt, bold)
        lines = self.multi_cell(w, _line(pt), _nb(text), dry_run=True, output="LINES")
        assert isinstance(lines, list)
        return len(lines) * _line(pt)

    def para(self, text: str, pt: float = BODY_PT, bold: bool = False, after: float = 0) -> None:
        self.font(pt, bold)
        self.multi_cell(0, _line(pt), _nb(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(after)

    # --- blocks -----------------------------------------------------------------------

    def title_block(self) -> None:
        self.para(self.doc.title, 16, bold=True, after=1.5)
        if self.doc.subtitle:
            self.set_text_color(*GREY)
            self.para(self.doc.subtitle, 11)
            self.set_text_color(*INK)
        self.ln(5)

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            pt = 13.0 if block.level == 2 else 11.0
            if not self.at_top():
                self.ln(4 if block.level == 2 else 2.5)
            self.keep(self.text_height(block.text, self.epw, pt, True) + 3 * _line(BODY_PT))
            self.para(block.text, pt, bold=True, after=1.5)
        elif isinstance(block, Paragraph):
            self.para(block.text, bold=block.emphasis, after=2.5)
        elif isinstance(block, Address):
            self.keep(len(block.lines) * _line(BODY_PT))
            for line in block.lines:
                self.para(line)
            self.ln(8)
        elif isinstance(block, Fields):
            self.fields(block)
        elif isinstance(block, Table):
            self.table_block(block)
        elif isinstance(block, NumberedList):
            markers = [f"{block.start + i}." for i in range(len(block.items))]
            self.items(markers, block.items)
        elif isinstance(block, BulletList):
            self.items(["•"] * len(block.items), block.items)
        elif isinstance(block, Signature):
            self.signature(block)
        elif isinstance(block, PageBreak) and not self.at_top():
            self.add_page()

    def fields(self, block: Fields) -> None:
        self.font()
        widest = max((self.get_string_width(f"{label}:") for label, _ in block.rows), default=0)
        label_w = min(widest + 4, self.epw * 0.45)
        lh = _line(BODY_PT)
        self.keep(len(block.rows) * lh)  # together, where they fit
        for label, value in block.rows:
            self.keep(lh)
            y = self.y
            self.multi_cell(label_w, lh, f"{label}:", align="L")
            end = self.y
            self.set_xy(self.l_margin + label_w, y)
            self.multi_cell(self.epw - label_w, lh, _nb(value), align="L")
            self.set_xy(self.l_margin, max(end, self.y))
        self.ln(3)

    def items(self, markers: list[str], texts: tuple[str, ...]) -> None:
        self.font()
        indent = max(6.0, max((self.get_string_width(m) for m in markers), default=0) + 2.5)
        lh = _line(BODY_PT)
        for marker, text in zip(markers, texts, strict=True):
            self.keep(lh)
            y = self.y
            self.cell(indent, lh, marker)
            self.set_xy(self.l_margin + indent, y)
            self.multi_cell(
                self.epw - indent, lh, _nb(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
            self.ln(1)
        self.ln(1.5)

    def signature(self, block: Signature) -> None:
        lh = _line(BODY_PT)
        small = _line(SMALL_PT + 0.5)
        above = sum(self.text_height(line, self.epw, BODY_PT) for line in block.lines)
        self.keep(above + 12 + lh + small + 2)
        for line in block.lines:
            self.para(line)
        self.ln(12)
        self.font()
        self.cell(80, lh, _nb(block.signer or ""), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*GREY)
        self.line(self.l_margin, self.y, self.l_margin + 80, self.y)
        self.set_draw_color(*RULE)
        self.set_text_color(*GREY)
        self.ln(0.8)
        self.para(block.label, SMALL_PT + 0.5)
        self.set_text_color(*INK)
        self.ln(7)

    def col_widths(self, table: Table, pt: float) -> list[float] | None:
        """Every column gets its minimum (a numeric one its widest figure, a text one its
        widest text up to 30 mm, but never less than its longest word: a word is never
        broken); what is left goes first to what they would like (a text column its widest
        text, a numeric one its heading on one line), then to the text columns. Text wraps
        within its column; figures do not. None when the minimums do not fit at ``pt``."""
        pad = 3.6
        cols = range(len(table.head))
        rows = [[as_cell(c).text for c in row] for row in table.rows]
        if table.foot is not None:
            rows.append(list(table.foot))
        self.font(pt, bold=True)  # the head and foot are bold: measure all as bold
        width = self.get_string_width
        texts = [[_nb(h), *(_nb(r[i]) for r in rows)] for i, h in enumerate(table.head)]
        words = [max(width(w) for t in column for w in (t.split() or [""])) for column in texts]
        heads = [width(t[0]) for t in texts]
        body = [max((width(t) for t in column[1:]), default=0) for column in texts]
        text = [i for i in cols if i not in table.numeric] or list(cols)
        want = [max(words[i], heads[i], body[i]) + pad for i in cols]
        least = [max(words[i], body[i]) + pad for i in cols]
        for i in text:
            least[i] = min(want[i], max(30.0, words[i] + pad))
        slack = self.epw - sum(least)
        wish = sum(want) - sum(least)
        if slack < 0:
            return None
        if slack <= wish:
            return [least[i] + (want[i] - least[i]) * slack / wish for i in cols]
        rest = slack - wish
        extra = sum(want[i] for i in text)
        return [want[i] + (rest * want[i] / extra if i in text else 0) for i in cols]

    def table_fit(self, table: Table) -> tuple[float, list[float]]:
        """The table's type size and column widths: TABLE_PT, or smaller (to 6.5 pt) for a
        table whose words do not fit across the page at that size; at the smallest, the
        columns share the page in proportion."""
        pt = TABLE_PT
        while (widths := self.col_widths(table, pt)) is None and pt > 6.5:
            pt -= 0.5
        if widths is None:
            widths = [self.epw / len(table.head)] * len(table.head)
        return pt, widths

    def table_block(self, table: Table) -> None:
        pt, widths = self.table_fit(table)
        lh = _line(pt) * 0.95
        first_row = 2 * (lh + 2.4)
        caption_h = self.text_height(table.caption, self.epw, BODY_PT, True) if table.caption else 0
        self.keep(caption_h + first_row + 1.5)
        if table.caption:
            self.para(table.caption, bold=True, after=1.5)
        align = tuple("RIGHT" if i in table.numeric else "LEFT" for i in range(len(table.head)))
        self.font(pt)
        with self.table(
            col_widths=widths,
            width=self.epw,
            align="LEFT",
            text_align=align,
            v_align="TOP",
            line_height=lh,
            padding=(1.2, 1.8, 1.2, 1.8),
            headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL),
            repeat_headings=1,
        ) as out:
            out.row([_nb(h) for h in table.head])
            for row in table.rows:
                r = out.row()
                for value in row:
                    c = as_cell(value)
                    colour = CELL_COLOURS[c.style] if c.style else None
                    r.cell(_nb(c.text), style=FontFace(color=colour) if colour else None)
            if table.foot is not None:
                out.row(
                    [_nb(v) for v in table.foot],
                    style=FontFace(emphasis="BOLD", fill_color=FOOT_FILL),
                )
        self.ln(4)

    def page_footers(self) -> None:
        """Each page's foot, drawn once the number of pages is known."""
        total = self.pages_count
        self.set_auto_page_break(False)
        self.set_text_color(*GREY)
        self.font(SMALL_PT)
        lh = _line(SMALL_PT)
        for n in range(1, total + 1):
            self.page = n
            self.current_font_is_set_on_page = False  # a page's content starts without it
            label = PAGE_LABEL[self.doc.lang].format(n=n, total=total)
            label_w = self.get_string_width(label)
            top = self.h - MARGIN + 9
            if self.doc.footer:
                self.set_xy(self.l_margin, top)
                self.multi_cell(self.epw - label_w - 6, lh, _nb(self.doc.footer), align="L")
            self.set_xy(self.w - self.r_margin - label_w, top)
            self.cell(label_w, lh, label, align="R")
        self.set_text_color(*INK)


def pdf_bytes(doc: Document) -> bytes:
    """The Document as a PDF: A4, fonts embedded, the same bytes for the same Document."""
    pdf = _Writer(doc)
    pdf.add_page()
    addresses, rest = doc.lead()
    for address in addresses:
        pdf.block(address)
    pdf.title_block()
    for block in rest:
        pdf.block(block)
    pdf.page_footers()
    return bytes(pdf.output(output_producer_class=_Producer))
