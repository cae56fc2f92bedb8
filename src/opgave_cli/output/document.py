"""A small, frozen document model: what a letter, notice, agreement or report says, in
order, with no layout. The writers lay it out: ``pdf.pdf_bytes`` (fpdf2),
``html_doc.html_page`` and ``markdown_doc.markdown``. Standard library only.

A ``Document`` has a title (the one level-1 heading), a language ("nl" or "en": page
numbers, ``lang`` attributes, PDF metadata) and a sequence of blocks. Address blocks
at the very start are the addressee of a letter: every writer puts them above the
title, top left. The rest follow in order.

Headings are level 2 or 3, and a level 3 needs a level 2 before it (headings in
order, as WCAG asks of the HTML). A table cell's ``style`` ("ok", "warn", "muted")
only colours it: what it means must be in its text as well ("ondertekend", "niet
ondertekend"), for readers who do not see the colour. Text is plain: no markup, and
the writers escape it; a paragraph's line breaks are just spaces.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["nl", "en"]
CellStyle = Literal["ok", "warn", "muted"]

CELL_STYLES: frozenset[str] = frozenset({"ok", "warn", "muted"})
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")


@dataclass(frozen=True)
class Heading:
    """A section heading, level 2 or 3 (the document's title is level 1)."""

    text: str
    level: int = 2

    def __post_init__(self) -> None:
        if self.level not in (2, 3):
            raise ValueError(f"a heading is level 2 or 3, not {self.level}")


@dataclass(frozen=True)
class Paragraph:
    """Running text; ``emphasis`` sets the whole paragraph in bold."""

    text: str
    emphasis: bool = False


@dataclass(frozen=True)
class Address:
    """An addressee block, one line each: "Aan het college van ...", "Postbus 20", ..."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Fields:
    """Label and value pairs, one a line: ("Betalingskenmerk", "RF18 5390 0754 7034")."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Cell:
    """A table cell with a style; a plain ``str`` in a row is a cell without one."""

    text: str
    style: CellStyle | None = None

    def __post_init__(self) -> None:
        if self.style is not None and self.style not in CELL_STYLES:
            raise ValueError(f"a cell's style is one of {sorted(CELL_STYLES)}, not {self.style!r}")


def as_cell(value: Cell | str) -> Cell:
    """A row's entry as a Cell."""
    return value if isinstance(value, Cell) else Cell(value)


@dataclass(frozen=True)
class Table:
    """A table: a head row, body rows, an optional foot row (totals).

    ``numeric`` holds the 0-based indices of the columns that are right-aligned
    (amounts, counts, percentages). The first column names the row (a row header).
    ``id`` is an anchor in the HTML (letters, digits, "-" and "_", a letter first).
    """

    head: tuple[str, ...]
    rows: tuple[tuple[Cell | str, ...], ...]
    foot: tuple[str, ...] | None = None
    numeric: frozenset[int] = field(default_factory=frozenset)
    caption: str | None = None
    id: str | None = None

    def __post_init__(self) -> None:
        width = len(self.head)
        if width == 0:
            raise ValueError("a table has at least one column")
        for row in (*self.rows, *([self.foot] if self.foot is not None else [])):
            if len(row) != width:
                raise ValueError(f"a row of {len(row)} cells in a table of {width} columns")
        if any(not 0 <= i < width for i in self.numeric):
            raise ValueError(f"numeric columns {sorted(self.numeric)} outside 0..{width - 1}")
        if self.id is not None and not _ID.match(self.id):
            raise ValueError(f"{self.id!r} is not a table id (a letter, then [A-Za-z0-9_-])")


@dataclass(frozen=True)
class NumberedList:
    """An ordered list, numbered from ``start``."""

    items: tuple[str, ...]
    start: int = 1

    def __post_init__(self) -> None:
        if self.start < 0:
            raise ValueError(f"a list starts at 0 or more, not {self.start}")


@dataclass(frozen=True)
class BulletList:
    """An unordered list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Signature:
    """A block to sign: ``lines`` above the space for the signature ("Ondertekend op
    ……, te ……", then the party's sentence), then ``signer`` (the name, when known)
    on the line to sign on, and ``label`` below that line. Never split over pages."""

    lines: tuple[str, ...]
    signer: str | None = None
    label: str = "(naam) (handtekening)"


@dataclass(frozen=True)
class PageBreak:
    """The next block starts on a new page (in print; a thematic break on screen)."""


Block = (
    Heading
    | Paragraph
    | Address
    | Fields
    | Table
    | NumberedList
    | BulletList
    | Signature
    | PageBreak
)


@dataclass(frozen=True)
class Document:
    """A whole document. ``date`` is the date it bears: the PDF's creation date (left
    out when None, so the same Document always gives the same bytes). ``footer`` is
    printed at the foot of every PDF page and at the end of the HTML and Markdown."""

    title: str
    lang: Lang
    blocks: tuple[Block, ...]
    subtitle: str | None = None
    footer: str | None = None
    date: dt.date | None = None

    def __post_init__(self) -> None:
        if self.lang not in ("nl", "en"):
            raise ValueError(f"a document's language is 'nl' or 'en', not {self.lang!r}")
        level = 1
        for block in self.blocks:
            if isinstance(block, Heading):
                if block.level > level + 1:
                    raise ValueError(f"heading {block.text!r} (level {block.level}) skips a level")
                level = block.level

    def lead(self) -> tuple[tuple[Address, ...], tuple[Block, ...]]:
        """The addressee blocks at the start (above the title), and the blocks after."""
        n = 0
        while n < len(self.blocks) and isinstance(self.blocks[n], Address):
            n += 1
        addresses = tuple(b for b in self.blocks[:n] if isinstance(b, Address))
        return addresses, self.blocks[n:]
