"""Output of `opgave overview` and `report --overview`: the matrix of several agreements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import i18n
from ..i18n import _, ngettext
from ..text import day, short_day
from . import Out, Reporter

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from rich.console import RenderableType
    from rich.table import Table

    from ..domain.overview import Cell, Matrix
    from .document import Document


def cell_text(cell: Cell) -> str:
    if cell.state == "signed" and cell.date is not None:
        return _("signed {day}").format(day=short_day(cell.date))
    labels = {
        "signed": _("signed"),
        "unsigned": _("unsigned"),
        "not-taking-part": _("not taking part"),
        "not-a-party": _("not a party"),
    }
    return labels[cell.state]


def _head(matrix: Matrix) -> list[str]:
    return [
        _("{agreement} (until {day})").format(agreement=c.short, day=day(c.term_end))
        for c in matrix.columns
    ]


def _count(matrix: Matrix) -> str:
    n = len(matrix.columns)
    return ngettext("{count} agreement", "{count} agreements", n).format(count=n)


def _rows(matrix: Matrix) -> list[list[str]]:
    rows = [[r.name, *(cell_text(r.cells[c.id]) for c in matrix.columns)] for r in matrix.shown]
    if matrix.counterparty_shown:
        names = sorted({c.counterparty_name for c in matrix.columns})
        rows.append(
            [_("{names} (countersignature)").format(names=" / ".join(names))]
            + [cell_text(c.counterparty) for c in matrix.columns]
        )
    return rows


def _counts(matrix: Matrix) -> list[str]:
    return [
        _("Signed"),
        *(_("{signed} of {total}").format(signed=c.signed, total=c.total) for c in matrix.columns),
    ]


def overview_table(matrix: Matrix, width: int) -> RenderableType:
    """The matrix, its columns as wide as ``width`` allows for no word to be cut; where
    it does not, one table per agreement (see overview_blocks)."""
    from rich.console import Group
    from rich.table import Table

    from .narrow import fit_columns, table_room

    head = [_("Gemeente"), *_head(matrix)]
    rows = _rows(matrix)
    counts = _counts(matrix)
    widths = fit_columns(list(zip(head, counts, *rows, strict=True)), table_room(width, len(head)))
    if widths is None:
        return Group(*overview_blocks(matrix, width))
    table = Table(show_footer=True)
    for title, count, fixed in zip(head, counts, widths, strict=True):
        table.add_column(title, footer=count, overflow="fold", width=fixed)
    _add_rows(table, rows, matrix.counterparty_shown)
    return table


def _add_rows(table: Table, rows: list[list[str]], counterparty_last: bool) -> None:
    """The rows, the counterparty's (the last, where shown) in a section of its own."""
    for i, row in enumerate(rows):
        if counterparty_last and i == len(rows) - 1 and i:
            table.add_section()
        table.add_row(*row)


def overview_blocks(matrix: Matrix, width: int) -> list[RenderableType]:
    """Too narrow for the matrix: each agreement in turn, after a blank line, its heading
    on a line of its own and under it a table of its column (the municipalities that are
    a party to it, the countersignature, the count); where even that does not fit,
    ``name: state`` lines."""
    from rich.table import Table
    from rich.text import Text

    from . import wrap
    from .narrow import fit_columns, table_room

    parts: list[RenderableType] = []
    for column, heading in zip(matrix.columns, _head(matrix), strict=True):
        states = [(r.name, r.cells[column.id]) for r in matrix.shown]
        rows = [[name, cell_text(c)] for name, c in states if c.state != "not-a-party"]
        if matrix.counterparty_shown:
            rows.append(
                [
                    _("{names} (countersignature)").format(names=column.counterparty_name),
                    cell_text(column.counterparty),
                ]
            )
        foot = [
            _("Signed"),
            _("{signed} of {total}").format(signed=column.signed, total=column.total),
        ]
        parts += [Text(""), Text(wrap(heading, width, hyphens=True), style="bold")]
        widths = fit_columns(list(zip(*rows, foot, strict=True)), table_room(width, 2))
        if widths is None:
            # Rich wraps these at the width, in terminal cells.
            parts += [Text(f"{name}: {state}") for name, state in [*rows, foot]]
            continue
        table = Table(show_header=False, show_footer=True)
        table.add_column(footer=foot[0], width=widths[0], overflow="fold")
        table.add_column(footer=foot[1], width=widths[1], overflow="fold")
        _add_rows(table, rows, matrix.counterparty_shown)
        parts.append(table)
    return parts


def overview_text(matrix: Matrix, out: Out) -> None:
    """The table; the folders that could not be shown are the command's to report
    (one line each on stderr, which every format shares)."""
    out.print(_count(matrix))
    if not matrix.columns:
        return
    if matrix.unsigned_only and not matrix.shown and not matrix.counterparty_shown:
        out.print(_("Nothing is still to sign in an agreement whose term has not ended."))
    else:
        out.print(overview_table(matrix, out.width))


def overview_json(matrix: Matrix, out: Out) -> None:
    def cell(c: Cell) -> dict[str, Any]:
        return {"state": c.state, "date": c.date.isoformat() if c.date else None}

    out.json(
        {
            "agreements": [
                {
                    "id": c.id,
                    "title": c.title,
                    "term_end": c.term_end.isoformat(),
                    "signed": c.signed,
                    "total": c.total,
                    "counterparty": cell(c.counterparty),
                }
                for c in matrix.columns
            ],
            "gemeenten": [
                {
                    "cbs_code": r.cbs_code,
                    "name": r.name,
                    "agreements": {i: cell(c) for i, c in r.cells.items()},
                }
                for r in matrix.shown
            ],
            "invalid": [{"folder": f, "problem": why} for f, why in matrix.invalid],
        }
    )


def overview_csv(matrix: Matrix, out: Out) -> None:
    out.csv(
        ["cbs_code", "name", *(c.id for c in matrix.columns)],
        [
            [r.cbs_code, r.name, *(cell_text(r.cells[c.id]) for c in matrix.columns)]
            for r in matrix.shown
        ],
    )


OVERVIEW_FORMATS: dict[str, Reporter[Matrix]] = {
    "text": overview_text,
    "json": overview_json,
    "csv": overview_csv,
}


def overview_document(matrix: Matrix, generated: date) -> Document:
    """The matrix as a document (for `report --overview`), in the language in use."""
    from .document import Document, Paragraph, Table

    title = _("Agreements: who has signed which ({count})").format(count=_count(matrix))
    blocks: list[Any] = []
    if matrix.columns:
        blocks.append(
            Table(
                head=(_("Gemeente"), *_head(matrix)),
                rows=tuple(tuple(row) for row in _rows(matrix)),
                foot=tuple(_counts(matrix)),
                caption=_("Signatures of each municipality, by agreement"),
                id="overview",
            )
        )
    blocks += [
        Paragraph(_("Not shown: {folder}: {why}").format(folder=f, why=why))
        for f, why in matrix.invalid
    ]
    return Document(
        title=title,
        lang="nl" if i18n.current() == "nl" else "en",
        blocks=tuple(blocks),
        subtitle=_("Made on {day}.").format(day=day(generated)),
        date=generated,
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


# opgave report --overview: the documents of the matrix, by --format (the keys of
# REPORT_FORMATS, which the option offers).
OVERVIEW_DOCUMENTS: dict[str, Callable[[Document], str | bytes]] = {
    "markdown": _markdown,
    "html": _html,
    "pdf": _pdf,
}
