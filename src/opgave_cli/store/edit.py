"""Edits of the YAML text that change one value and leave every other byte as it was."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import WriteError
from ..i18n import _
from ..loader import PathKey, Span, YamlDoc

if TYPE_CHECKING:
    from ..domain.models import Signature


def flow_mapping(signature: Signature | None) -> str:
    """``{date: 2023-02-01, place: Arnhem, signatory: A. Marcouch}``: one line, keys in
    the model's order, only the fields that are set; ``null`` for no signature."""
    if signature is None:
        return "null"
    fields = signature.model_dump(exclude_none=True)
    for key, value in fields.items():
        if isinstance(value, str) and _SURROGATE.search(value):
            raise WriteError(
                _(
                    "the {key} is not text: it holds bytes that are not UTF-8; nothing was written"
                ).format(key=key)
            )
    return flow(fields)


def flow(fields: Mapping[Any, Any]) -> str:
    """A mapping as one YAML line, ``{key: value, ...}``, in the order given."""
    return "{" + ", ".join(f"{_scalar(k)}: {_scalar(v)}" for k, v in fields.items()) + "}"


_PLAIN = re.compile(r"[A-Za-z\u00c0-\u024f][\w\u00c0-\u024f .'\-]*[\w.]|[A-Za-z]")
_RESERVED = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}
_SURROGATE = re.compile("[\ud800-\udfff]")
# Written as an escape in a double-quoted scalar: what YAML reads as a line break
# (U+0085, U+2028, U+2029) and would fold, what it does not allow unescaped, and
# what a reader of the file could not see (format characters, unassigned ones).
_ESCAPED_CATEGORIES = {"Cc", "Cf", "Cn", "Co", "Zl", "Zp"}
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _scalar(value: object) -> str:
    """A YAML scalar that reads back as ``value``: plain where that is unambiguous,
    otherwise double-quoted, with every character that YAML would fold, refuse or
    hide written as an escape (``\\u2028``). A Decimal (money) is written as a quoted
    string, as the data keeps amounts; a mapping as a flow mapping."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return flow(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.casefold() not in _RESERVED and ": " not in text:
        return text
    return '"' + "".join(_escape(char) for char in text) + '"'


def _escape(char: str) -> str:
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    if unicodedata.category(char) not in _ESCAPED_CATEGORIES:
        return char
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02X}"
    if code < 0x10000:
        return f"\\u{code:04X}"
    return f"\\U{code:08X}"


class Splice(NamedTuple):
    """Replace ``text[start:end]`` with ``text``: an edit of one value, or an insert."""

    start: int
    end: int
    text: str


def apply_splices(text: str, splices: Sequence[Splice]) -> str:
    """``text`` with the splices made, each at its place in the original; splices at the
    same offset in the order given. They must not overlap (each edits its own value)."""
    out: list[str] = []
    at = 0
    for _order, splice in sorted(enumerate(splices), key=lambda item: (item[1].start, item[0])):
        if splice.start < at:
            raise WriteError(_("two edits of the same place in the data file; nothing was written"))
        out += [text[at : splice.start], splice.text]
        at = splice.end
    return "".join([*out, text[at:]])


def signature_splice(doc: YamlDoc, path: PathKey, signature: Signature | None) -> Splice:
    """The signature of the party at ``path`` set to ``signature`` (one line), wherever and
    however the signature was written before."""
    return value_splice(doc, path, "signature", flow_mapping(signature))


def value_splice(doc: YamlDoc, path: PathKey, name: str, new_value: str) -> Splice:
    """The value of key ``name`` of the mapping at ``path`` set to ``new_value`` (one line
    of YAML), wherever and however it was written before; a missing key is added after
    the mapping's last key, indented like its keys."""
    text, spans, key_spans = doc.text, doc.spans, doc.key_spans
    key = (*path, name)
    where = spans.get(key)
    if where is None:
        return _add_key(doc, path, name, new_value)
    if where.start == where.end:
        # `signature:` with nothing after it: the value is written after the colon.
        space = " " if text[where.start - 1 : where.start] == ":" else ""
        return Splice(where.start, where.end, space + new_value)
    if not re.search("[\r\n]", text[where.start : where.end]) or _is_flow(text, where):
        # One line, or a flow mapping over several lines: its span ends at its `}`.
        return Splice(where.start, where.end, new_value)
    # A block mapping written by hand over several lines: it becomes one line again,
    # from the key's colon to the end of its last value. (The mapping's own span runs
    # on to the next key.)
    inner = [v.end for p, v in spans.items() if len(p) > len(key) and p[: len(key)] == key]
    colon = text.index(":", key_spans[key].end)
    end = max(inner, default=where.end)
    while end > colon + 1 and text[end - 1] in "\r\n":
        end -= 1  # a literal block (`|`) ends after its line break; the break stays
    return Splice(colon + 1, end, " " + new_value)


def _is_flow(text: str, where: Span) -> bool:
    """Whether the collection at ``where`` is written in flow style (``{...}``, ``[...]``),
    after any tag or anchor."""
    start = re.compile(r"(?:[!&]\S*\s+)*").match(text, where.start)
    return start is not None and text[start.end() : start.end() + 1] in ("{", "[")


def value_at(value: Any, path: PathKey) -> Any:
    """The parsed value at ``path``, or None where there is none."""
    for part in path:
        found = (isinstance(value, dict) and part in value) or (
            isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)
        )
        if not found:
            return None
        value = value[part]
    return value


def _add_key(doc: YamlDoc, path: PathKey, name: str, new_value: str) -> Splice:
    """A mapping without the key ``name`` (a party without `signature`) gets it: after its
    last value, as one more key of its block mapping (indented like its keys), or of its
    flow mapping. (Its keys are looked up, not searched for: a file of thousands of
    parties is edited at once.)"""
    text, spans, key_spans = doc.text, doc.spans, doc.key_spans
    mapping = value_at(doc.value, path)
    keys = list(mapping) if isinstance(mapping, dict) else []
    own_keys = [key_spans[(*path, k)] for k in keys if (*path, k) in key_spans]
    values = [spans[(*path, k)] for k in keys if (*path, k) in spans]
    if not own_keys or not values or path not in spans:
        raise WriteError(
            _("cannot find where to write the {key} in the data file").format(key=name)
        )
    last_end = max(v.end for v in values)
    if _is_flow(text, spans[path]):
        return Splice(last_end, last_end, f", {name}: {new_value}")
    first_key = min(own_keys, key=lambda s: s.start)
    indent = " " * (first_key.column - 1)
    line_end = text.find("\n", last_end - 1)
    if line_end == -1:  # the last line of a file without a final line break
        at, newline = len(text), "\r\n" if "\r\n" in text else "\n"
    elif line_end > 0 and text[line_end - 1] == "\r":
        at, newline = line_end - 1, "\r\n"
    else:
        at, newline = line_end, "\n"
    return Splice(at, at, f"{newline}{indent}{name}: {new_value}")


def block_splice(doc: YamlDoc, path: PathKey, fields: Mapping[str, Any]) -> Splice:
    """The block mapping at ``path`` written anew from ``fields``, one key per line,
    indented as it was (comments inside the mapping do not survive)."""
    where = doc.spans.get(path)
    if where is None or doc.text[where.start : where.start + 1] in ("{", "[", ""):
        raise WriteError(
            _("cannot find the block mapping {path} to write").format(path=".".join(map(str, path)))
        )
    indent = " " * (where.column - 1)
    lines = [f"{k}: {_scalar(v)}" for k, v in fields.items()]
    block = f"{_newline(doc.text)}{indent}".join(lines)
    end = where.end
    # The span of a block mapping ends at the start of what follows; keep that text.
    while end > where.start and doc.text[end - 1] in " \n\r":
        end -= 1
    return Splice(where.start, end, block)


def append_splices(doc: YamlDoc, name: str, items: Sequence[str]) -> list[Splice]:
    """``- item`` for each of ``items`` appended as the last lines of the top-level list
    ``name`` (lines at the end of the file, so that git's union merge of two appends keeps
    both). A missing or empty (``name:``, ``name: []``, ``name: ~``) list is started; the
    file's line ending (LF or CRLF) is kept."""
    text = doc.text
    nl = _newline(text)
    value = doc.value if isinstance(doc.value, dict) else None
    if value is None or name not in value:
        sep = "" if not text or text.endswith("\n") else nl
        lines = "".join(f"  - {item}{nl}" for item in items)
        return [Splice(len(text), len(text), f"{sep}{name}:{nl}{lines}")]
    where = doc.spans[(name,)]
    end = where.end
    current = value[name]
    splices = []
    if current is None or current == []:
        # `name: []`, `name: ~`, `name: null`: the value goes (a comment after it stays).
        head = len(text[: where.start].rstrip(" "))
        rest = text[where.end :]
        tail = len(rest) - len(rest.lstrip(" "))
        comment = rest.lstrip(" ").startswith("#")
        splices.append(Splice(head, where.end + tail, " " if comment else ""))
        end = head
    elif not isinstance(current, list) or text[where.start : where.start + 1] == "[":
        raise WriteError(
            _("{file}: `{key}` must be a list with one item per line to append to it").format(
                file=doc.file, key=name
            )
        )
    if _after(text, max(end, where.end) if splices else end):
        raise WriteError(
            _("{file}: `{key}` must be the last key of the file to append to it").format(
                file=doc.file, key=name
            )
        )
    first = doc.spans.get((name, 0))
    indent = "  " if first is None else " " * _line_indent(text, first)
    sep = "" if text.endswith("\n") else nl
    lines = "".join(f"{indent}- {item}{nl}" for item in items)
    splices.append(Splice(len(text), len(text), sep + lines))
    return splices


def _newline(text: str) -> str:
    """The file's line ending, for the lines an edit adds: CRLF if its first line has one."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _after(text: str, offset: int) -> bool:
    """Whether anything but blank lines and comments follows ``offset``."""
    return any(
        line.strip() and not line.lstrip().startswith("#") for line in text[offset:].splitlines()
    )


def _line_indent(text: str, span: Span) -> int:
    """The indent of the ``- `` that starts the list item at ``span``."""
    line_start = text.rfind("\n", 0, span.start) + 1
    line = text[line_start : span.start]
    return len(line) - len(line.lstrip(" "))
