"""Output only: where a command's output goes, and the registry of its formats.

Each command family (status, budget, check, ...) has one registry, a dict from
format name to reporter, in its own module here; the CLI picks a reporter by
``--format``, ``--json`` or ``--csv`` and hands it the data the core computed.
Reporters never compute. The Rich console is made on first use, so that the
JSON and CSV reporters do not import Rich. Colour follows NO_COLOR and whether
the output is a terminal (Rich's own rules); tests fix the width through COLUMNS.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

if TYPE_CHECKING:
    from rich.console import Console

T = TypeVar("T")
MIN_WIDTH = 20  # columns; narrower is not a terminal anyone reads (wrap() has it too)
DEFAULT_WIDTH = 80


class Out:
    """A command's standard output, as plain text or through a Rich console."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdout
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        """The console on this stream. It prints every string as written: no markup (a
        place such as "[/x]" is data, not a closing tag), no emoji codes, no
        highlighting. Styles come only from Text objects built by the reporters."""
        if self._console is None:
            from rich.console import Console

            console = Console(file=self.stream, markup=False, emoji=False, highlight=False)
            if console.width < MIN_WIDTH:
                # Not a width anyone reads at (COLUMNS=0 would print nothing at all, and
                # COLUMNS=5 a column of ellipses): the width Rich assumes when none is known.
                console.width = DEFAULT_WIDTH
            self._console = console
        return self._console

    @property
    def unicode(self) -> bool:
        """Whether the stream's encoding can show any character (``€``, ``█``): else
        tables are drawn in ASCII (Rich does so itself) and the text that cannot be
        shown is escaped (``\\u20ac``, see entry.py)."""
        encoding = getattr(self.stream, "encoding", None) or "utf-8"
        return encoding.lower().replace("_", "-").startswith("utf")

    @property
    def width(self) -> int:
        return self.console.width

    def write(self, text: str) -> None:
        self.stream.write(text)

    def print(self, renderable: Any, *, soft_wrap: bool = False) -> None:
        self.console.print(renderable, soft_wrap=soft_wrap)

    def json(self, data: Any) -> None:
        """JSON goes to the stream as plain text, never through Rich's highlighter."""
        import json

        # Where the encoding cannot show every character, JSON's own escapes (\\u00eb) keep
        # it valid JSON.
        self.write(json.dumps(data, ensure_ascii=not self.unicode, indent=2) + "\n")

    def csv(self, header: list[str], rows: list[list[Any]]) -> None:
        """RFC 4180 CSV, every cell that a spreadsheet would run as a formula neutralised
        (``csv_cell``)."""
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([csv_cell(cell) for cell in row] for row in rows)
        self.write(buffer.getvalue())


_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def csv_cell(value: Any) -> Any:
    """A cell as a spreadsheet must not run it: text that begins with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return (``=HYPERLINK(...)``, ``=cmd|...``) gets a
    leading ``'``, as OWASP advises for CSV injection; a plain number (a negative
    amount, ``-100.00``) stays a number."""
    formula = isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r")
    return "'" + value if formula and not _NUMBER.fullmatch(value) else value


Reporter = Callable[[T, Out], None]


def wrap(text: str, width: int, *, hyphens: bool = False) -> str:
    """A paragraph wrapped at word boundaries (and, with ``hyphens``, after a hyphen
    between letters, as in a long id), without trailing spaces; an amount
    (``€ 1.000,00``) is never split from its euro sign."""
    import textwrap

    kept = text.replace("€ ", "€\0")  # not a space to textwrap: one word
    lines = textwrap.wrap(kept, width=max(width, MIN_WIDTH), break_on_hyphens=hyphens)
    return "\n".join(lines).replace("€\0", "€ ")
