"""Many signatures at once: the rows of a CSV file from the griffies, read and checked. Pure.

The header names the columns: ``party`` and ``date`` are required; ``place``,
``signatory``, ``capacity`` and ``evidence`` may be there, with empty cells
for what is not known. Commas or semicolons separate the cells (Dutch
spreadsheets export semicolons). Each row keeps its line number, so that every
problem can name it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..errors import OpgaveError
from ..i18n import _, ngettext
from ..text import number

REQUIRED = ("party", "date")
MAX_SHOWN = 20  # problems named one by one: a screenful
OPTIONAL = ("place", "signatory", "capacity", "evidence")


@dataclass(frozen=True)
class Row:
    line: int  # in the file, 1-based; the header is line 1
    cells: dict[str, str]  # column -> cell, empty cells left out
    problem: str | None = None  # what is wrong with the row itself (its cells not read)

    def get(self, column: str) -> str | None:
        return self.cells.get(column)


class RowsError(OpgaveError):
    """Some rows of the file are wrong: each is one line of the message. A problem is a
    text, or a domain error that ``worded`` words (the command line names the columns)."""

    def __init__(
        self,
        file: str,
        problems: Sequence[tuple[int, str | OpgaveError]],
        worded: Callable[[OpgaveError], str] = str,
    ) -> None:
        self.file, self.problems = file, problems
        # At most a screenful: the first rows, and how many more there are.
        self.lines = [f"{file}:{line}: {p if isinstance(p, str) else worded(p)}"
                      for line, p in problems[:MAX_SHOWN]]  # fmt: skip
        if len(problems) > MAX_SHOWN:
            more = len(problems) - MAX_SHOWN
            self.lines.append(
                ngettext(
                    "... and {count} more rows like these",
                    "... and {count} more rows like these",
                    more,
                ).format(count=number(more))
            )
        count = len(problems)
        self.lines.append(
            ngettext(
                "nothing was written: {count} row is wrong",
                "nothing was written: {count} rows are wrong",
                count,
            ).format(count=number(count))
            if problems and problems[0][0] > 1
            else _("nothing was written")
        )
        super().__init__(self.lines[0])

    def worded(self, how: Callable[[OpgaveError], str]) -> RowsError:
        """The same problems, the domain's errors worded by ``how``."""
        return RowsError(self.file, self.problems, how)


def decode(raw: bytes, file: str) -> str:
    """The file's text, which must be UTF-8: a spreadsheet's other encodings would change
    names (``Çelik``) silently."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.start + 1].hex()
        reason = _("not UTF-8 (byte {byte}); save the file as CSV UTF-8").format(byte=f"0x{bad}")
        raise RowsError(file, [(line, reason)]) from None


def read_rows(text: str, file: str) -> list[Row]:
    """The rows of the CSV ``text``; a bad header or malformed CSV refuses the file, and a
    row with too many cells or without a required value has its ``problem``."""
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [h.strip().casefold() for h in next(reader)]
    except StopIteration:
        reason = _("the file is empty; expected a header: {header}").format(header="party,date,...")
        raise RowsError(file, [(1, reason)]) from None
    except csv.Error as exc:
        raise RowsError(file, [(1, _("not a CSV header ({error})").format(error=exc))]) from None
    problems = []
    unknown = [h for h in header if h not in REQUIRED + OPTIONAL]
    if unknown:
        known = ",".join(REQUIRED + OPTIONAL)
        problems.append(
            (
                1,
                _("unknown column {column}; the columns are {known}").format(
                    column=repr(unknown[0]), known=known
                ),
            )
        )
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        problems.append(
            (
                1,
                _("no {column} column; the header needs party and date").format(
                    column=repr(missing[0])
                ),
            )
        )
    twice = [h for h in set(header) if header.count(h) > 1]
    if twice:
        problems.append((1, _("column {column} appears twice").format(column=repr(twice[0]))))
    if problems:
        raise RowsError(file, problems)
    rows = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise RowsError(
                file, [(line, _("not valid CSV ({error})").format(error=exc))]
            ) from None
        if not any(c.strip() for c in cells):
            continue  # a blank line
        if len(cells) > len(header):
            many = _("{cells} cells, but the header has {columns}").format(
                cells=len(cells), columns=len(header)
            )
            rows.append(Row(line, {}, many))
            continue
        values = {h: c.strip() for h, c in zip(header, cells, strict=False) if c.strip()}
        empty = [c for c in REQUIRED if c not in values]
        # A row without a date is refused: today is never assumed for a whole file.
        problem = (
            _("no {column}: every row needs its {column}").format(column=empty[0])
            if empty
            else None
        )
        rows.append(Row(line, values, problem))
    if not rows:
        raise RowsError(file, [(1, _("no rows under the header"))])
    return rows
