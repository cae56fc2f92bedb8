"""Layouts for narrow terminals: column widths that cut no word, and, where no table fits,
each name on a line of its own with its figures under it, or one paragraph per name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import wrap

NBSP = "\u00a0"
INDENT = "  "
GAP = "  "  # between two figures on a line


def cells(text: object) -> int:
    """The terminal cells that ``text`` takes (a Rich Text counts as its plain text)."""
    from rich.cells import cell_len

    return cell_len(str(text))


def longest_word(texts: Sequence[object]) -> int:
    return max((cells(word) for text in texts for word in str(text).split()), default=0)


def table_room(width: int, columns: int) -> int:
    """What a table with a border and one space of padding either side of each cell
    leaves for the text of its ``columns`` columns."""
    return width - 3 * columns - 1


def fit_widths(natural: list[int], minimum: list[int], room: int) -> list[int] | None:
    """Column widths that add up to at most ``room``: each its ``natural`` width where
    all fit; else the widest shrink first, each to no less than its ``minimum`` (its
    longest word), so that text wraps at its spaces and no word is cut. None if even
    the minimums do not fit."""
    floor = [min(m, n) for m, n in zip(minimum, natural, strict=True)]
    if sum(floor) > room:
        return None
    if sum(natural) <= room:
        return list(natural)
    cap = max(natural)
    while sum(max(f, min(n, cap)) for f, n in zip(floor, natural, strict=True)) > room:
        cap -= 1
    widths = [max(f, min(n, cap)) for f, n in zip(floor, natural, strict=True)]
    for i, n in enumerate(natural):  # what is left, a cell each, from the left
        if sum(widths) < room and widths[i] < n:
            widths[i] += 1
    return widths


def fit_columns(columns: Sequence[Sequence[object]], room: int) -> list[int] | None:
    """Widths for ``columns`` (each the texts of its cells) within ``room`` that cut no
    word (see fit_widths), or None."""
    natural = [max(cells(text) for text in column) for column in columns]
    return fit_widths(natural, [longest_word(column) for column in columns], room)


def stacked(
    head: list[str], rows: list[list[Any]], foot: list[Any], width: int, *, unicode: bool = True
) -> str | None:
    """Each row's name (its first cell) on a line, and its figures on the next, indented
    and right-aligned under the heads of the figures; a rule under the heads and above
    the totals (``foot``). None where the figures do not fit on one line of ``width``."""
    figures = [head[1:], foot[1:], *(row[1:] for row in rows)]
    widths = [max(cells(f) for f in column) for column in zip(*figures, strict=True)]
    line_width = cells(INDENT) + sum(widths) + cells(GAP) * (len(widths) - 1)
    if line_width > width:
        return None

    def lines(name: object, values: list[Any]) -> list[str]:
        shown = [" " * (w - cells(v)) + str(v) for v, w in zip(values, widths, strict=True)]
        return [*wrap(str(name), width).splitlines(), INDENT + GAP.join(shown)]

    rule = ("─" if unicode else "-") * line_width
    out = [*lines(head[0], head[1:]), rule]
    for name, *values in rows:
        out += lines(name, values)
    return "\n".join([*out, rule, *lines(foot[0], foot[1:])])


def paragraphs(head: list[str], rows: list[list[Any]], width: int) -> str:
    """One paragraph per row: ``Nijmegen: due € 56.888,47, paid € 0,00, ...``, wrapped
    at ``width``; a figure is never split over two lines."""
    out = []
    for name, *values in rows:
        # Only the figure is kept whole ("€ 1,00", "2,00 %"); a word after it ("overpaid")
        # may go to the next line.
        parts = ", ".join(
            f"{label.casefold()} {str(value).replace('€ ', '€' + NBSP).replace(' %', NBSP + '%')}"
            for label, value in zip(head[1:], values, strict=True)
        )
        out.append(wrap(f"{name}: {parts}", width))
    return "\n".join(out)
