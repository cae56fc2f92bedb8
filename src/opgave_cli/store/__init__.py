"""The only writer of the data files: a locked session of validated, atomic, minimal edits.

A write is a session: under the data folder's lock, the data is read and
validated, the command plans its edits on it (each replaces exactly the span
of one value, located through the loader's positions: ``edit``), and ``save``
validates the edited texts together with the other files before it replaces
any file (atomically: ``files``). Everything else in a file (comments, key
order, quoting, blank lines) stays byte for byte, and the lock serialises
concurrent writers, so parallel signs of different parties all land.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import WriteError, errors_only
from ..loader import (
    AGREEMENT_FILE,
    GEMEENTEN_FILE,
    Loaded,
    PathKey,
    YamlDoc,
    display_name,
    load_all,
)
from ..loader.yamldoc import parse_yaml
from .edit import set_signature_text
from .files import lock, remove_stale_temporary_files, write_atomic, write_document, write_new

if TYPE_CHECKING:
    from ..models import Agreement, GemeentenFile, Signature
    from ..tracker import Party

__all__ = [
    "Change",
    "FileEdit",
    "Session",
    "session",
    "write_atomic",
    "write_document",
    "write_new",
]


@dataclass(frozen=True)
class FileEdit:
    file: Path
    before: str
    after: str


@dataclass(frozen=True)
class Change:
    """A planned or written set of edits, and the data as it is after them."""

    edits: list[FileEdit]
    agreement: Agreement
    gemeenten: GemeentenFile

    def diff(self) -> str:
        out: list[str] = []
        for edit in self.edits:
            name = display_name(edit.file)
            out += difflib.unified_diff(
                edit.before.splitlines(keepends=True),
                edit.after.splitlines(keepends=True),
                fromfile=f"a/{name}",
                tofile=f"b/{name}",
            )
        return "".join(out)


class Session:
    """The data as read under the lock, and the edits planned on it."""

    def __init__(self, loaded: Loaded, today: date) -> None:
        self.data_dir = loaded.data_dir
        self.today = today
        self.agreement, self.gemeenten = loaded.models()
        docs = {AGREEMENT_FILE: loaded.agreement_doc, GEMEENTEN_FILE: loaded.gemeenten_doc}
        self._docs: dict[str, YamlDoc] = {k: v for k, v in docs.items() if v is not None}
        self._before = {name: doc.text for name, doc in self._docs.items()}

    def set_signature(self, party: Party, signature: Signature | None) -> None:
        """Plan to set (or, with None, remove) one party's signature: one line changes."""
        path: PathKey
        if party.is_counterparty:
            name, path = AGREEMENT_FILE, ("counterparty",)
        else:
            name, path = GEMEENTEN_FILE, ("gemeenten", party.index)
        doc = self._docs[name]
        after = set_signature_text(doc, path, signature)
        # Parsed again, so that a later edit of the same file finds its spans.
        self._docs[name], _ = parse_yaml(after, doc.file)

    def save(self, *, dry_run: bool = False) -> Change:
        """Validate the edited texts together with the other files; then, unless
        ``dry_run``, replace each edited file atomically."""
        texts = {
            name: doc.text for name, doc in self._docs.items() if doc.text != self._before[name]
        }
        check = load_all(self.data_dir, self.today, texts=texts)
        errors = errors_only(check.problems)
        if errors or check.agreement is None or check.gemeenten is None:
            raise WriteError(
                f"the edit would make the data invalid, nothing was written: {errors[0]}"
                if errors
                else "the edit would make the data invalid, nothing was written"
            )
        edits = [FileEdit(self.data_dir / n, self._before[n], t) for n, t in texts.items()]
        if not dry_run:
            for edit in edits:
                remove_stale_temporary_files(edit.file)
                write_atomic(edit.file, edit.after)
        return Change(edits, check.agreement, check.gemeenten)


@contextlib.contextmanager
def session(data_dir: Path, today: date) -> Iterator[Session]:
    """Hold the data folder's lock, read the data, and give a session to edit it.
    Data that is already invalid is not written to (a DataError)."""
    with lock(data_dir):
        yield Session(load_all(data_dir, today), today)
