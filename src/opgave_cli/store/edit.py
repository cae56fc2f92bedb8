"""Edits of the YAML text that change one value and leave every other byte as it was."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import WriteError
from ..loader import PathKey, Span, YamlDoc

if TYPE_CHECKING:
    from ..models import Signature


def flow_mapping(signature: Signature | None) -> str:
    """``{date: 2023-02-01, place: Arnhem, signatory: A. Marcouch}``: one line, keys in
    the model's order, only the fields that are set; ``null`` for no signature."""
    if signature is None:
        return "null"
    return flow(signature.model_dump(exclude_none=True))


def flow(fields: Mapping[Any, Any]) -> str:
    """A mapping as one YAML line, ``{key: value, ...}``, in the order given."""
    return "{" + ", ".join(f"{_scalar(k)}: {_scalar(v)}" for k, v in fields.items()) + "}"


_PLAIN = re.compile(r"[A-Za-z\u00c0-\u024f][\w\u00c0-\u024f .'\-]*[\w.]|[A-Za-z]")
_RESERVED = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


def _scalar(value: object) -> str:
    """A YAML scalar that reads back as ``value``: plain where that is unambiguous,
    otherwise double-quoted (a JSON string is a valid YAML double-quoted scalar).
    A Decimal (money) is written as a quoted string, as the data keeps amounts."""
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
    return json.dumps(text, ensure_ascii=False)


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
    if where is not None and "\n" not in text[where.start : where.end]:
        return text[: where.start] + new_value + text[where.end :]
    if where is not None:
        # A signature written by hand over several lines (a block mapping): it becomes
        # one line again, from the key's colon to the end of its last value.
        inner = [v.end for p, v in spans.items() if len(p) > len(key) and p[: len(key)] == key]
        colon = text.index(":", key_spans[key].end)
        end = max(inner, default=where.end)
        return text[: colon + 1] + " " + new_value + text[end:]
    # No `signature` key yet: add one after the party's last key, indented like its keys.
    own_keys = [
        k for p, k in key_spans.items() if len(p) == len(path) + 1 and p[: len(path)] == path
    ]
    values = [v for p, v in spans.items() if len(p) > len(path) and p[: len(path)] == path]
    if not own_keys or not values:
        raise WriteError(f"cannot find where to write the {name} in the data file")
    first_key = min(own_keys, key=lambda s: s.start)
    last_end = max(v.end for v in values)
    line_end = text.find("\n", last_end - 1)
    line_end = len(text) if line_end == -1 else line_end
    indent = " " * (first_key.column - 1)
    return text[:line_end] + f"\n{indent}{name}: {new_value}" + text[line_end:]


def set_block_text(doc: YamlDoc, path: PathKey, fields: Mapping[str, Any]) -> str:
    """The text of ``doc`` with the block mapping at ``path`` written anew from ``fields``,
    one key per line, indented as it was. Lines that stay the same stay byte for byte
    (comments inside the mapping do not survive)."""
    where = doc.spans.get(path)
    if where is None or doc.text[where.start : where.start + 1] in ("{", "[", ""):
        raise WriteError(f"cannot find the block mapping {'.'.join(map(str, path))} to write")
    indent = " " * (where.column - 1)
    lines = [f"{k}: {_scalar(v)}" for k, v in fields.items()]
    block = f"\n{indent}".join(lines)
    end = where.end
    # The span of a block mapping ends at the start of what follows; keep that text.
    while end > where.start and doc.text[end - 1] in " \n\r":
        end -= 1
    return doc.text[: where.start] + block + doc.text[end:]


def append_item_text(doc: YamlDoc, name: str, item: str) -> str:
    """The text of ``doc`` with ``- item`` appended as the last line of the top-level
    list ``name`` (a line at the end of the file, so that git's union merge of two
    appends keeps both). A missing or empty (``name:``, ``name: []``) list is started."""
    text = doc.text
    value = doc.value if isinstance(doc.value, dict) else None
    if value is None or name not in value:
        sep = "" if not text or text.endswith("\n") else "\n"
        return f"{text}{sep}{name}:\n  - {item}\n"
    where = doc.spans[(name,)]
    current = value[name]
    if current is None or current == []:
        if current == []:
            text = text[: where.start].rstrip(" ") + text[where.end :]
    elif not isinstance(current, list) or text[where.start : where.start + 1] == "[":
        raise WriteError(
            f"{doc.file}: `{name}` must be a list with one item per line to append to it"
        )
    if _after(text, where.end):
        raise WriteError(f"{doc.file}: `{name}` must be the last key of the file to append to it")
    items = [s for p, s in doc.spans.items() if len(p) == 2 and p[0] == name]
    indent = "  " if not items else " " * (_line_indent(text, min(items, key=lambda s: s.start)))
    sep = "" if text.endswith("\n") else "\n"
    return f"{text}{sep}{indent}- {item}\n"


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
