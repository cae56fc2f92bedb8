"""YAML text -> plain values with the position of each, within limits on size and shape.

The YAML is read as a stream of parser events (libyaml's C parser where it is
installed) and built into plain Python values by an iterative builder, not by
PyYAML's constructors. That gives us, in one pass and in bounded memory:

- the position (line, column, offsets) of every value, so that every error
  names ``file:line:column`` and the store can edit a single value in place;
- duplicate keys as errors (PyYAML silently keeps the last one);
- only the standard tags (no ``!!python/...``: nothing is ever executed);
- limits on file size, nesting depth and alias expansion (billion laughs).
"""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import Problem
from .builder import Abort, build
from .document import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    PathKey,
    Span,
    YamlDoc,
    format_path,
    position,
    shown,
)

__all__ = [
    "MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "PathKey", "Span", "YamlDoc", "format_path",
    "parse_yaml", "position", "shown",
]  # fmt: skip

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(
    text: str, file: str, *, as_written: bool = False, anchors: bool = True
) -> tuple[YamlDoc, list[Problem]]:
    """Parse one YAML document into a :class:`YamlDoc`; problems instead of exceptions.
    ``as_written``: plain scalars stay text (but null); ``anchors``: allowed or refused."""
    doc = YamlDoc(file=file, text=text)
    problems: list[Problem] = []

    def problem(start: Any, rule: str, message: str, path: PathKey = ()) -> None:
        problems.append(
            Problem(file, start.line + 1, start.column + 1, format_path(path), rule, message)
        )

    try:
        build(_Loader(text), doc, problem, as_written=as_written, anchors=anchors)
        doc.complete = True
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
            mark = exc.context_mark  # where the unclosed quote or bracket starts
        message = " ".join(s for s in (exc.context, exc.problem) if s) or "invalid YAML"
        if "tab" in message or "\\t" in message:
            message += " (indent with spaces, not tabs)"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.append(Problem(file, line, column, "", "yaml-syntax", f"YAML syntax: {message}"))
    except yaml.reader.ReaderError:
        line, column, char = _unprintable(text)
        problems.append(
            Problem(
                file, line, column, "", "yaml-syntax", f"character {char} is not allowed in YAML"
            )
        )
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())  # one line, whatever the parser said
        problems.append(Problem(file, 1, 1, "", "yaml-syntax", f"YAML syntax: {message}"))
    except Abort:
        pass
    return doc, problems


def _unprintable(text: str) -> tuple[int, int, str]:
    """Line, column and code point (``U+0007``) of the first character YAML forbids."""
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if found is None:
        return 1, 1, "(unknown)"
    line, column = position(text, found.start())
    return line, column, f"U+{ord(found.group()):04X}"
