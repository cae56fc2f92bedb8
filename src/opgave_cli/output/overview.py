"""Output of `opgave overview` and `report --overview`: the matrix of several agreements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..overview import LABELS
from . import Out, Reporter

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..overview import Cell, Matrix


def cell_text(cell: Cell) -> str:
    if cell.state == "signed" and cell.date is not None:
        return f"signed {cell.date.isoformat()}"
    return LABELS[cell.state]


def _head(matrix: Matrix) -> list[str]:
    return [f"{c.short} (until {c.term_end.isoformat()})" for c in matrix.columns]


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


def overview_table(matrix: Matrix) -> RenderableType:
    from rich.table import Table

    table = Table(show_footer=True)
    table.add_column("Gemeente", footer="Signed", overflow="fold")
    for head, count in zip(_head(matrix), _counts(matrix)[1:], strict=True):
        table.add_column(head, footer=count, overflow="fold")
    rows = _rows(matrix)
    for i, row in enumerate(rows):
        if matrix.counterparty_shown and i == len(rows) - 1 and i:
            table.add_section()
        table.add_row(*row)
    return table


def overview_text(matrix: Matrix, out: Out) -> None:
    out.print(f"{len(matrix.columns)} agreements")
    if matrix.unsigned_only and not matrix.shown and not matrix.counterparty_shown:
        out.print("Nothing is still to sign in an agreement whose term has not ended.")
    else:
        out.print(overview_table(matrix))
    for folder, why in matrix.invalid:
        out.print(f"Not shown: {folder}: {why}")


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

    lines = [f"# Agreements: who has signed which ({len(matrix.columns)} agreements)", ""]
    lines += [_md(f"Generated on {generated}."), ""]
    lines += _md_table(["Gemeente", *_head(matrix)], [*_rows(matrix), _counts(matrix)], set())
    lines += [""] + [_md(f"Not shown: {f}: {why}") for f, why in matrix.invalid]
    return "\n".join(lines).rstrip("\n") + "\n"


def overview_html(matrix: Matrix, generated: str) -> str:
    from .report import CSS, _e, _html_table

    title = f"Agreements: who has signed which ({len(matrix.columns)} agreements)"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="nl">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{_e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">Generated on {_e(generated)}.</p>',
    ]
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
