"""Output of `opgave overview` and `report --overview`: the matrix of several agreements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..domain.overview import LABELS
from . import Out, Reporter

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

    from ..domain.overview import Cell, Matrix


def cell_text(cell: Cell) -> str:
    if cell.state == "signed" and cell.date is not None:
        return f"signed {cell.date.isoformat()}"
    return LABELS[cell.state]


def _head(matrix: Matrix) -> list[str]:
    return [f"{c.short} (until {c.term_end.isoformat()})" for c in matrix.columns]


def _count(matrix: Matrix) -> str:
    n = len(matrix.columns)
    return f"{n} agreement{'' if n == 1 else 's'}"


def _rows(matrix: Matrix) -> list[list[str]]:
    rows = [[r.name, *(cell_text(r.cells[c.id]) for c in matrix.columns)] for r in matrix.shown]
    if matrix.counterparty_shown:
        names = sorted({c.counterparty_name for c in matrix.columns})
        rows.append(
            [f"{' / '.join(names)} (countersignature)"]
            + [cell_text(c.counterparty) for c in matrix.columns]
        )
    return rows


def _counts(matrix: Matrix) -> list[str]:
    return ["Signed", *(f"{c.signed} of {c.total}" for c in matrix.columns)]


def overview_table(matrix: Matrix, width: int) -> RenderableType:
    """The matrix, its columns as wide as ``width`` allows for no word to be cut; where
    it does not, one table per agreement (see overview_blocks)."""
    from rich.console import Group
    from rich.table import Table

    from .narrow import fit_columns, table_room

    head = ["Gemeente", *_head(matrix)]
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
                [f"{column.counterparty_name} (countersignature)", cell_text(column.counterparty)]
            )
        foot = ["Signed", f"{column.signed} of {column.total}"]
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
        out.print("Nothing is still to sign in an agreement whose term has not ended.")
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


def overview_markdown(matrix: Matrix, generated: str) -> str:
    from .report import _md, _md_table

    lines = [f"# Agreements: who has signed which ({_count(matrix)})", ""]
    lines += [_md(f"Generated on {generated}."), ""]
    if matrix.columns:
        # The head holds data too (each agreement's opgave): escaped like the cells.
        head = [_md(h) for h in ["Gemeente", *_head(matrix)]]
        lines += [*_md_table(head, [*_rows(matrix), _counts(matrix)], set()), ""]
    lines += [_md(f"Not shown: {f}: {why}") for f, why in matrix.invalid]
    return "\n".join(lines).rstrip("\n") + "\n"


def overview_html(matrix: Matrix, generated: str) -> str:
    from .report import _e, _html_table, html_head

    title = f"Agreements: who has signed which ({_count(matrix)})"
    parts = [
        *html_head(title),
        f'<p class="meta">Generated on {_e(generated)}.</p>',
    ]
    if matrix.columns:
        parts += _html_table(
            ["Gemeente", *_head(matrix)],
            _rows(matrix),
            table_id="overview",
            numeric=set(),
            foot=_counts(matrix),
        )
    parts += [f"<p>{_e(f'Not shown: {f}: {why}')}</p>" for f, why in matrix.invalid]
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


# opgave report --overview: the documents of the matrix, by --format (the keys of
# REPORT_FORMATS, which the option offers).
OVERVIEW_DOCUMENTS = {"markdown": overview_markdown, "html": overview_html}
