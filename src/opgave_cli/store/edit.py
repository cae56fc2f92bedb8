"""Edits of the YAML text that change one value and leave every other byte as it was."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import WriteError
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
                f"the {key} is not text: it holds bytes that are not UTF-8; nothing was written"
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


def set_signature_text(doc: YamlDoc, path: PathKey, signature: Signature | None) -> str:
    """The text of ``doc`` with the signature of the party at ``path`` set to ``signature``
    (one line), wherever and however the signature was written before."""
    return set_value_text(doc, path, "signature", flow_mapping(signature))


def set_value_text(doc: YamlDoc, path: PathKey, name: str, new_value: str) -> str:
    """The text of ``doc`` with the value of key ``name`` of the mapping at ``path`` set to
    ``new_value`` (one line of YAML), wherever and however it was written before; a
    missing key is added after the mapping's last key, indented like its keys."""
    text, spans, key_spans = doc.text, doc.spans, doc.key_spans
    key = (*path, name)
    where = spans.get(key)
    if where is None:
        return _add_key(doc, path, name, new_value)
    if where.start == where.end:
        # `signature:` with nothing after it: the value is written after the colon.
        space = " " if text[where.start - 1 : where.start] == ":" else ""
        return text[: where.start] + space + new_value + text[where.end :]
    if not re.search("[\r\n]", text[where.start : where.end]) or _is_flow(text, where):
        # One line, or a flow mapping over several lines: its span ends at its `}`.
        return text[: where.start] + new_value + text[where.end :]
    # A block mapping written by hand over several lines: it becomes one line again,
    # from the key's colon to the end of its last value. (The mapping's own span runs
    # on to the next key.)
    inner = [v.end for p, v in spans.items() if len(p) > len(key) and p[: len(key)] == key]
    colon = text.index(":", key_spans[key].end)
    end = max(inner, default=where.end)
    while end > colon + 1 and text[end - 1] in "\r\n":
        end -= 1  # a literal block (`|`) ends after its line break; the break stays
    return text[: colon + 1] + " " + new_value + text[end:]


def _is_flow(text: str, where: Span) -> bool:
    """Whether the collection at ``where`` is written in flow style (``{...}``, ``[...]``),
    after any tag or anchor."""
    start = re.compile(r"(?:[!&]\S*\s+)*").match(text, where.start)
    return start is not None and text[start.end() : start.end() + 1] in ("{", "[")


def _add_key(doc: YamlDoc, path: PathKey, name: str, new_value: str) -> str:
    """A mapping without the key ``name`` (a party without `signature`) gets it: after its
    last value, as one more key of its block mapping (indented like its keys), or of its
    flow mapping."""
    text, spans, key_spans = doc.text, doc.spans, doc.key_spans
    own_keys = [
        k for p, k in key_spans.items() if len(p) == len(path) + 1 and p[: len(path)] == path
    ]
    values = [v for p, v in spans.items() if len(p) > len(path) and p[: len(path)] == path]
    if not own_keys or not values or path not in spans:
        raise WriteError(f"cannot find where to write the {name} in the data file")
    last_end = max(v.end for v in values)
    if _is_flow(text, spans[path]):
        return text[:last_end] + f", {name}: {new_value}" + text[last_end:]
    first_key = min(own_keys, key=lambda s: s.start)
    indent = " " * (first_key.column - 1)
    line_end = text.find("\n", last_end - 1)
    if line_end == -1:  # the last line of a file without a final line break
        at, newline = len(text), "\r\n" if "\r\n" in text else "\n"
    elif line_end > 0 and text[line_end - 1] == "\r":
        at, newline = line_end - 1, "\r\n"
    else:
        at, newline = line_end, "\n"
    return text[:at] + f"{newline}{indent}{name}: {new_value}" + text[at:]


def set_block_text(doc: YamlDoc, path: PathKey, fields: Mapping[str, Any]) -> str:
    """The text of ``doc`` with the block mapping at ``path`` written anew from ``fields``,
    one key per line, indented as it was. Lines that stay the same stay byte for byte
    (comments inside the mapping do not survive)."""
    where = doc.spans.get(path)
    if where is None or doc.text[where.start : where.start + 1] in ("{", "[", ""):
        raise WriteError(f"cannot find the block mapping {'.'.join(map(str, path))} to write")
    indent = " " * (where.column - 1)
    lines = [f"{k}: {_scalar(v)}" for k, v in fields.items()]
    block = f"{_newline(doc.text)}{indent}".join(lines)
    end = where.end
    # The span of a block mapping ends at the start of what follows; keep that text.
    while end > where.start and doc.text[end - 1] in " \n\r":
        end -= 1
    return doc.text[: where.start] + block + doc.text[end:]


def append_item_text(doc: YamlDoc, name: str, item: str) -> str:
    """The text of ``doc`` with ``- item`` appended as the last line of the top-level
    list ``name`` (a line at the end of the file, so that git's union merge of two
    appends keeps both). A missing or empty (``name:``, ``name: []``, ``name: ~``) list
    is started; the file's line ending (LF or CRLF) is kept."""
    text = doc.text
    nl = _newline(text)
    value = doc.value if isinstance(doc.value, dict) else None
    if value is None or name not in value:
        sep = "" if not text or text.endswith("\n") else nl
        return f"{text}{sep}{name}:{nl}  - {item}{nl}"
    where = doc.spans[(name,)]
    end = where.end
    current = value[name]
    if current is None or current == []:
        # `name: []`, `name: ~`, `name: null`: the value goes (a comment after it stays).
        head = text[: where.start].rstrip(" ")
        rest = text[where.end :].lstrip(" ")
        text = head + (" " + rest if rest.startswith("#") else rest)
        end = len(head)
    elif not isinstance(current, list) or text[where.start : where.start + 1] == "[":
        raise WriteError(
            f"{doc.file}: `{name}` must be a list with one item per line to append to it"
        )
    if _after(text, end):
        raise WriteError(f"{doc.file}: `{name}` must be the last key of the file to append to it")
    items = [s for p, s in doc.spans.items() if len(p) == 2 and p[0] == name]
    indent = "  " if not items else " " * (_line_indent(text, min(items, key=lambda s: s.start)))
    sep = "" if text.endswith("\n") else nl
    return f"{text}{sep}{indent}- {item}{nl}"


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
