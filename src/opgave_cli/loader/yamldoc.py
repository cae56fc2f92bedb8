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
from ..i18n import _
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
    found: list[tuple[int, int, PathKey, str, str]] = []  # paths named once the value is built

    def problem(start: Any, rule: str, message: str, path: PathKey = ()) -> None:
        found.append((start.line + 1, start.column + 1, path, rule, message))

    try:
        build(_Loader(text), doc, problem, as_written=as_written, anchors=anchors)
        doc.complete = True
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        unclosed = "end of stream" in (exc.problem or "") or "flow" in (exc.context or "")
        if exc.context_mark is not None and (unclosed or "simple key" in (exc.context or "")):
            mark = exc.context_mark  # where the unclosed quote or bracket, or the key, starts
        message = _syntax(_what_to_fix(exc, text))
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.append(Problem(file, line, column, "", "yaml-syntax", message))
    except yaml.reader.ReaderError:
        line, column, char = _unprintable(text)
        message = _("character {char} is not allowed in YAML").format(char=char)
        problems.append(Problem(file, line, column, "", "yaml-syntax", message))
    except yaml.YAMLError as exc:
        message = _syntax(" ".join(str(exc).split()))  # one line, whatever the parser said
        problems.append(Problem(file, 1, 1, "", "yaml-syntax", message))
    except Abort:
        pass
    problems += [Problem(file, line, column, format_path(path, doc.value), rule, message)
                 for line, column, path, rule, message in found]  # fmt: skip
    return doc, problems


def _syntax(message: str) -> str:
    return _("YAML syntax: {message}").format(message=message)


def _what_to_fix(exc: yaml.MarkedYAMLError, text: str) -> str:
    """The parser's complaint said as what a person would fix: which line, and how. A
    complaint it does not know is given as the parser put it."""
    context, problem = exc.context or "", exc.problem or ""
    at = exc.context_mark.line + 1 if exc.context_mark else None
    here = exc.problem_mark.line + 1 if exc.problem_mark else at
    mark = exc.problem_mark
    char = text[mark.index : mark.index + 1] if mark is not None else ""
    if "tab" in problem or char == "\t":
        return _("line {line} has a tab: indent with spaces, not tabs").format(line=here)
    if "expected '-' indicator" in problem:
        return _(
            "line {line} is indented less than the list it belongs to (its item on line "
            "{item}): indent it like the lines above it"
        ).format(line=here, item=at)
    if "did not find expected key" in problem:
        return _(
            "line {line} does not line up with the keys of the mapping on line {mapping}: "
            "indent it like the key above it"
        ).format(line=here, mapping=at)
    if "could not find expected ':'" in problem:
        return _("line {line} has a key without a ':' after it: write key: value").format(line=at)
    if "mapping values are not allowed" in problem:
        return _(
            "line {line} has a ':' where none can be: it is indented further than the key "
            "above it, or its value holds ': ' and needs quotes"
        ).format(line=here)
    if "flow mapping" in context or "flow sequence" in context:
        bracket, close = ("{", "}") if "mapping" in context else ("[", "]")
        return _(
            "the '{bracket}' on line {line} is not closed with '{close}' (or two of its "
            "values have no ',' between them)"
        ).format(bracket=bracket, line=at, close=close)
    if "quoted scalar" in context and "end of stream" in problem:
        return _("the quote on line {line} is not closed").format(line=at)
    return " ".join(s for s in (context, problem) if s) or _("invalid YAML")


def _unprintable(text: str) -> tuple[int, int, str]:
    """Line, column and code point (``U+0007``) of the first character YAML forbids."""
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if found is None:
        return 1, 1, "(unknown)"
    line, column = position(text, found.start())
    return line, column, f"U+{ord(found.group()):04X}"
