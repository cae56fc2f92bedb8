"""Edits of the YAML text that change one value and leave every other byte as it was."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import TYPE_CHECKING

from ..errors import WriteError
from ..loader import PathKey, YamlDoc

if TYPE_CHECKING:
    from ..models import Signature


def flow_mapping(signature: Signature | None) -> str:
    """``{date: 2023-02-01, place: Arnhem, signatory: A. Marcouch}``: one line, keys in
    the model's order, only the fields that are set; ``null`` for no signature."""
    if signature is None:
        return "null"
    fields = signature.model_dump(exclude_none=True)
    parts = [f"{key}: {_scalar(value)}" for key, value in fields.items()]
    return "{" + ", ".join(parts) + "}"


_PLAIN = re.compile(r"[A-Za-z\u00c0-\u024f][\w\u00c0-\u024f .'\-]*[\w.]|[A-Za-z]")
_RESERVED = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


def _scalar(value: object) -> str:
    """A YAML scalar that reads back as ``value``: plain where that is unambiguous,
    otherwise double-quoted (a JSON string is a valid YAML double-quoted scalar)."""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.fullmatch(text) and text.casefold() not in _RESERVED and ": " not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def set_signature_text(doc: YamlDoc, path: PathKey, signature: Signature | None) -> str:
    """The text of ``doc`` with the signature of the party at ``path`` set to ``signature``
    (one line), wherever and however the signature was written before."""
    text, spans, key_spans = doc.text, doc.spans, doc.key_spans
    new_value = flow_mapping(signature)
    key = (*path, "signature")
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
        raise WriteError("cannot find where to write the signature in the data file")
    first_key = min(own_keys, key=lambda s: s.start)
    last_end = max(v.end for v in values)
    line_end = text.find("\n", last_end - 1)
    line_end = len(text) if line_end == -1 else line_end
    indent = " " * (first_key.column - 1)
    return text[:line_end] + f"\n{indent}signature: {new_value}" + text[line_end:]
