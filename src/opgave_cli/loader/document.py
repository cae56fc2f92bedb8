"""A parsed YAML file: its text, its value and where each value is, the limits on what is
read, and how a position or a path is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from ..text import clip

# One set of limits, for what is read and for what is about to be written.
MAX_BYTES = 4 * 1024 * 1024  # the real files are ~10 kB; 200x scaled data ~1 MB
MAX_DEPTH = 32  # the real files nest 5 deep
MAX_NODES = 100_000  # values and keys, aliases expanded; the real files have ~300 each

PathKey = tuple[Any, ...]  # keys and indexes: text, numbers, dates


class Span(NamedTuple):
    """Where a value is: 1-based line and column, and 0-based character offsets."""

    line: int
    column: int
    start: int
    end: int


@dataclass
class YamlDoc:
    """A parsed YAML file: its text, its value, and where each value is."""

    file: str
    text: str
    value: Any = None
    complete: bool = False  # False when parsing stopped early (syntax error, limit)
    spans: dict[PathKey, Span] = field(default_factory=dict)
    key_spans: dict[PathKey, Span] = field(default_factory=dict)

    def locate(self, path: Sequence[Any], *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at ``path``, or of its nearest existing parent."""
        p = tuple(path)
        if key and p in self.key_spans:
            span = self.key_spans[p]
            return span.line, span.column
        while p not in self.spans and p:
            p = p[:-1]
        found = self.spans.get(p)
        return (found.line, found.column) if found else (1, 1)


def format_path(path: Sequence[Any], value: Any = None) -> str:
    """``("gemeenten", 3, "signature")`` -> ``gemeenten[berg-en-dal].signature`` with the
    parsed ``value`` of the file: an item of a list by its slug, else by its number
    counting from 1 (``payments[#4]``); a key that is a number or a date is indexed too
    (``contribution.amounts[2023]``, ``inhabitants[2026-01-01]``)."""
    from ..text import item_label

    out = ""
    node = value
    for part in path:
        if isinstance(part, str):
            out += f".{part}" if out else part
        elif isinstance(node, list) and isinstance(part, int):
            out += f"[{item_label(node, part)}]"
        else:
            out += f"[{part.isoformat() if isinstance(part, date) else part}]"
        node = _child(node, part)
    return out


def _child(node: Any, part: Any) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def position(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of the character (or byte) at ``offset`` in ``text``."""
    newline: Any = "\n" if isinstance(text, str) else b"\n"
    line = text.count(newline, 0, offset) + 1
    return line, offset - (text.rfind(newline, 0, offset) + 1) + 1


def shown(value: Any) -> str:
    return clip(repr(value))
