"""YAML parser events built into plain values, with the position of each, within the
limits: only the standard tags, duplicate keys reported, aliases counted as expanded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from ..i18n import _
from ..text import clip, number
from .document import MAX_DEPTH, MAX_NODES, PathKey, Span, YamlDoc, shown

_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}
_NULL = "tag:yaml.org,2002:null"
_NULLS = {"", "~", "null", "Null", "NULL"}
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
# C0 and C1 control characters but tab and newline, and DEL.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class _Frame:
    __slots__ = ("anchor", "container", "key", "key_span", "path", "size", "start")

    def __init__(
        self, container: dict[Any, Any] | list[Any], path: PathKey, start: Any, anchor: str | None
    ) -> None:
        self.container = container
        self.path = path
        self.start = start
        self.anchor = anchor
        self.size = 1
        self.key: Any = _NO_KEY
        self.key_span: Span | None = None


_NO_KEY = object()


def _span(start: Any, end: Any) -> Span:
    return Span(start.line + 1, start.column + 1, start.index, end.index)


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _tag_refused(tag: str) -> str:
    return _("tag {tag} is not allowed in the data files").format(tag=_short(tag))


def _key_refused() -> str:
    return _("a key must be a plain value, not a list or mapping")


class Abort(Exception):
    """A limit was hit; the problem is already recorded."""


def _events(loader: Any) -> Iterator[Any]:
    try:
        while loader.check_event():
            yield loader.get_event()
    finally:
        loader.dispose()


def build(
    loader: Any, doc: YamlDoc, problem: Any, *, as_written: bool = False, anchors: bool = True
) -> None:
    """Build ``doc``'s value from the parser's events, within the limits. ``as_written``:
    every plain scalar stays the text written, but for null (an old version of a file
    from git history, compared as it was written); ``anchors``: whether anchors and
    aliases are allowed (the ledger holds every payment written out)."""
    builder = _Builder(doc, problem, as_written=as_written, anchors=anchors)
    handlers = {
        yaml.DocumentStartEvent: builder.document,
        yaml.ScalarEvent: builder.scalar,
        yaml.AliasEvent: builder.alias,
        yaml.MappingStartEvent: builder.start,
        yaml.SequenceStartEvent: builder.start,
        yaml.MappingEndEvent: builder.end,
        yaml.SequenceEndEvent: builder.end,
    }
    for event in _events(loader):
        handler = handlers.get(type(event))
        if handler is not None:
            handler(event)


class _Builder:
    """Plain values from parser events: a stack of the collections being built, the
    anchors seen, and the count of values (aliases expanded) against MAX_NODES."""

    def __init__(self, doc: YamlDoc, problem: Any, *, as_written: bool, anchors: bool) -> None:
        self.doc = doc
        self.problem = problem
        self.as_written = as_written
        self.allow_anchors = anchors
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.documents = 0

    def document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            self.problem(
                event.start_mark,
                "yaml-documents",
                _("more than one YAML document ('---') in the file"),
            )
            raise Abort

    def scalar(self, event: Any) -> None:
        self.no_anchor(event)
        value = _scalar(
            event, self.problem, self.stack, self.child_path if self.stack else None,
            as_written=self.as_written,
        )  # fmt: skip
        self.emit(value, 1, _span(event.start_mark, event.end_mark), event.start_mark, event.anchor)

    def no_anchor(self, event: Any) -> None:
        """Refuse an anchor or an alias where none is allowed (in the ledger)."""
        if event.anchor and not self.allow_anchors:
            alias = isinstance(event, yaml.AliasEvent)
            what = (
                _("an alias (*{name})").format(name=event.anchor)
                if alias
                else _("an anchor (&{name})").format(name=event.anchor)
            )
            self.problem(
                event.start_mark,
                "yaml-alias",
                _(
                    "{what} in the ledger: each payment is written out on its own line, so "
                    "that a copy cannot pass for a second payment"
                ).format(what=what),
            )
            raise Abort

    def alias(self, event: Any) -> None:
        self.no_anchor(event)
        if event.anchor not in self.anchors:
            self.problem(
                event.start_mark,
                "yaml-alias",
                _("alias *{name} refers to an anchor that is not defined before it").format(
                    name=event.anchor
                ),
            )
            raise Abort
        value, size = self.anchors[event.anchor]
        self.emit(value, size, _span(event.start_mark, event.end_mark), event.start_mark, None)

    def start(self, event: Any) -> None:
        """A mapping or a sequence begins: checked, and pushed."""
        self.no_anchor(event)
        stack, tag = self.stack, event.tag
        if tag not in (None, "!") and tag not in _COLLECTION_TAGS:
            self.problem(
                event.start_mark,
                "yaml-tag",
                _tag_refused(tag),
                self.child_path() if stack else (),
            )
        if len(stack) >= MAX_DEPTH:
            self.problem(
                event.start_mark,
                "yaml-limits",
                _("nested more than {depth} levels deep").format(depth=MAX_DEPTH),
            )
            raise Abort
        if stack and isinstance(stack[-1].container, dict) and stack[-1].key is _NO_KEY:
            self.problem(event.start_mark, "yaml-key", _key_refused(), stack[-1].path)
            raise Abort
        path: PathKey = self.child_path() if stack else ()
        container: dict[Any, Any] | list[Any] = (
            {} if isinstance(event, yaml.MappingStartEvent) else []
        )
        stack.append(_Frame(container, path, event.start_mark, event.anchor))

    def end(self, event: Any) -> None:
        frame = self.stack.pop()
        self.emit(
            frame.container,
            frame.size,
            _span(frame.start, event.end_mark),
            frame.start,
            frame.anchor,
            new=1,
        )

    def child_path(self) -> PathKey:
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        return (*top.path, top.key)

    def emit(
        self,
        value: Any,
        size: int,
        span: Span,
        start: Any,
        anchor: str | None,
        new: int | None = None,
    ) -> None:
        """Put a finished value where it belongs: the document, the next item of a list,
        a key, or the value of the key before it. ``size``: the values in ``value``,
        itself included (what an alias to it expands to); ``new``: how many of them are
        not counted yet (a collection's items were counted as they came)."""
        doc = self.doc
        self.nodes += size if new is None else new
        if self.nodes > MAX_NODES:
            self.problem(
                start,
                "yaml-limits",
                _("too many values (more than {count} after expanding aliases)").format(
                    count=number(MAX_NODES)
                ),
            )
            raise Abort
        if anchor:
            self.anchors[anchor] = (value, size)
        if not self.stack:
            doc.value = value
            doc.spans[()] = span
            return
        top = self.stack[-1]
        top.size += size
        if isinstance(top.container, list):
            path = (*top.path, len(top.container))
            top.container.append(value)
            doc.spans[path] = span
        elif top.key is _NO_KEY:
            if isinstance(value, (dict, list)):
                self.problem(start, "yaml-key", _key_refused(), top.path)
                raise Abort
            top.key = value
            top.key_span = span
        else:
            self._set(top, value, span)

    def _set(self, top: _Frame, value: Any, span: Span) -> None:
        """The value of the key just read; a key that the mapping has already is reported
        (PyYAML would keep the last silently) and its first value kept."""
        doc = self.doc
        key, top.key = top.key, _NO_KEY
        path = (*top.path, key)
        assert top.key_span is not None
        if key in top.container:
            first = doc.key_spans[path]
            self.problem(
                _Mark(top.key_span),
                "duplicate-key",
                _("duplicate key '{key}' (first on line {line})").format(
                    key=clip(str(key)), line=first.line
                ),
                path,
            )
            return
        top.container[key] = value
        doc.spans[path] = span
        doc.key_spans[path] = top.key_span


class _Mark:
    """A yaml-like mark made from a span, for reporting at a recorded position."""

    def __init__(self, span: Span) -> None:
        self.line = span.line - 1
        self.column = span.column - 1


def _scalar(
    event: Any, problem: Any, stack: list[_Frame], child_path: Any, *, as_written: bool = False
) -> Any:
    tag = event.tag
    if tag is None and as_written:
        tag = _NULL if event.implicit[0] and event.value in _NULLS else _STR
    if tag in (None, "!"):
        tag = (
            _STR
            if tag == "!"
            else _resolver.resolve(  # type: ignore[no-untyped-call]
                yaml.ScalarNode, event.value, event.implicit
            )
        )
    control = _CONTROL.search(event.value) if tag == _STR else None
    if tag == _STR and control is None:
        return event.value
    path = (
        child_path()
        if child_path and not (isinstance(stack[-1].container, dict) and stack[-1].key is _NO_KEY)
        else ()
    )
    if control is not None:
        # Written as an escape ("\e", "\x07", "\0"): the file itself is clean, but the
        # value would reach the terminal as a control sequence.
        problem(
            event.start_mark,
            "control-character",
            _("control character {code} in the text; {allowed}").format(
                code=f"U+{ord(control.group()):04X}", allowed=_("only printable text is allowed")
            ),
            path,
        )
        return event.value
    if tag not in _SCALAR_TAGS:
        problem(event.start_mark, "yaml-tag", _tag_refused(tag), path)
        return None
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
    try:
        return _constructor.construct_object(node)
    except (ValueError, yaml.YAMLError):
        if tag.endswith(":timestamp"):
            message = _("{text} is not a real calendar date").format(text=event.value)
            problem(event.start_mark, "date", message, path)
        elif tag.endswith(":int"):
            digits = sum(c.isdigit() for c in event.value)
            message = _("a number of {count} digits").format(count=number(digits))
            problem(event.start_mark, "yaml-value", message, path)
        else:
            message = _("cannot read {value}").format(value=shown(event.value))
            problem(event.start_mark, "yaml-value", message, path)
        return event.value
