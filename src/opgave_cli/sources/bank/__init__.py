"""A pure reader of bank statement files: camt.053 (001.02 to 001.08), MT940 and MT940
Structured, from bytes to frozen Entry and Statement records.

No printing and no file access: the caller reads the bytes and names them
(``source``, shown in messages). The format is told by the content, not the file
name: XML whose root namespace is camt.053.001.NN, else MT940 tags. Whatever
cannot be read is one StatementError line, ``source[:line]: ...``. The modules:
``model`` (the records, the error), ``camt`` (camt.053), ``swift`` (MT940) and
``details`` (MT940's :86: code words).
"""

from __future__ import annotations

from ...i18n import N_, _
from ...text import number
from .camt import read_camt
from .model import MAX_BYTES, Entry, Statement, StatementError, refuse
from .swift import decode, looks_like_mt940, read_mt940

__all__ = ["MAX_BYTES", "Entry", "Statement", "StatementError", "read_statement"]

# Translated where it is shown.
EXPECTED = N_("expected a camt.053 XML statement or an MT940 file (:20:, :25:, :60F:, :61: tags)")


def read_statement(raw: bytes, source: str) -> Statement:
    """The statement in ``raw``, the bytes of the file ``source``."""
    if len(raw) > MAX_BYTES:
        refuse(
            source,
            _("{count} bytes is more than a statement may have ({most} bytes, 50 MiB)").format(
                count=number(len(raw)), most=number(MAX_BYTES)
            ),
        )
    head = raw[:4096].removeprefix(b"\xef\xbb\xbf")
    expected = _(EXPECTED)
    if not raw.removeprefix(b"\xef\xbb\xbf").strip():
        refuse(source, _("empty file: {expected}").format(expected=expected))
    if head.lstrip().startswith(b"<") or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return read_camt(raw, source)
    if b"\x00" in head:
        refuse(source, _("not a statement but binary data: {expected}").format(expected=expected))
    text = decode(raw)
    if not looks_like_mt940(text):
        refuse(source, _("not a statement: {expected}").format(expected=expected))
    return read_mt940(text, source)
