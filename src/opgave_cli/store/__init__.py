"""The only writer of the data files: a locked session of validated, atomic, minimal edits.

A write is a session: under the data folder's lock, the data is read and
validated, the command plans its edits on it (each replaces exactly the span
of one value, located through the loader's positions: ``edit``), and ``save``
validates the edited texts together with the other files before it replaces
any file (atomically: ``files``). Everything else in a file (comments, key
order, quoting, blank lines) stays byte for byte, and the lock (``lock``)
serialises concurrent writers, so parallel signs of different parties all land.

Each edit is parsed again at once and must read back as exactly what was meant,
with every other value as it was; each file must still be what the session read
when it is replaced. Generated documents go through ``targets``.
"""

from __future__ import annotations

import contextlib
import difflib
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from ..errors import WriteError, errors_only
from ..i18n import _, ngettext
from ..loader import (
    AGREEMENT_FILE,
    GEMEENTEN_FILE,
    PAYMENTS_FILE,
    Loaded,
    PathKey,
    YamlDoc,
    display_name,
    load_all,
)
from ..loader.yamldoc import format_path, parse_yaml
from .edit import (
    Splice,
    append_splices,
    apply_splices,
    block_splice,
    flow,
    signature_splice,
    value_at,
    value_splice,
)
from .files import (
    NOTHING_WRITTEN,
    create_new,
    ensure_unchanged,
    remove_stale_temporary_files,
    write_atomic,
)
from .lock import lock
from .targets import make_folder, own_stream, write_document

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ..domain.models import Agreement, GemeentenFile, Payment, Signature
    from ..domain.parties import Party

M = TypeVar("M", bound="BaseModel")

__all__ = [
    "Change",
    "FileEdit",
    "Session",
    "make_folder",
    "own_stream",
    "session",
    "write_atomic",
    "write_document",
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
    payments: list[Payment]  # empty when the session did not read the ledger

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
    """The data as read under the lock, and the edits planned on it.

    Edits are planned as splices of the text as read (each the span of one value, found
    by the loader's positions), and made all at once when the session saves: each file
    is then parsed once, whatever the number of its edits, so that signing the rows of a
    long CSV or appending payments to a long ledger is linear work.
    """

    def __init__(self, loaded: Loaded, today: date, *, ledger: bool) -> None:
        self.data_dir = loaded.data_dir
        self.today = today
        self.ledger = ledger
        self.agreement, self.gemeenten = loaded.models()
        self.payments: list[Payment] = loaded.ledger() if ledger else []
        self._docs: dict[str, YamlDoc] = dict(loaded.docs)
        self._before = {name: doc.text for name, doc in self._docs.items()}
        # Per file: (path, key) -> the splice of its value, and what it must read back as.
        self._edits: dict[str, dict[tuple[PathKey, str], _Edit]] = {}
        self._appended: list[Payment] = []

    def set_signature(self, party: Party, signature: Signature | None) -> None:
        """Plan to set (or, with None, remove) one party's signature: one line changes."""
        path: PathKey
        if party.is_counterparty:
            name, path = AGREEMENT_FILE, ("counterparty",)
        else:
            name, path = GEMEENTEN_FILE, ("gemeenten", party.index)
        from ..domain.models import Signature

        splice = signature_splice(self._docs[name], path, signature)
        self._edit(name, path, "signature", splice, lambda v: _as(Signature, v) == signature)

    def set_inhabitants(self, index: int, counts: Mapping[date, int]) -> None:
        """Plan to set the counts of the municipality at ``index``: one line changes."""
        path = ("gemeenten", index)
        splice = value_splice(self._docs[GEMEENTEN_FILE], path, "inhabitants", flow(dict(counts)))
        self._edit(GEMEENTEN_FILE, path, "inhabitants", splice, lambda v: v == dict(counts))

    def set_inhabitants_source(self, fields: Mapping[str, Any]) -> None:
        """Plan to write the source of the counts (the top-level ``inhabitants`` block)."""
        splice = block_splice(self._docs[GEMEENTEN_FILE], ("inhabitants",), fields)
        self._edit(GEMEENTEN_FILE, (), "inhabitants", splice, lambda v: v == dict(fields))

    def append_payment(self, payment: Payment) -> None:
        """Plan to append one line to the ledger (started if there is none yet)."""
        assert self.ledger, "a session for payments reads the ledger"
        if PAYMENTS_FILE not in self._docs:
            self._before[PAYMENTS_FILE] = ""
            self._docs[PAYMENTS_FILE], _ = parse_yaml(LEDGER_HEADER, PAYMENTS_FILE)
        self._appended.append(payment)
        self._edits.setdefault(PAYMENTS_FILE, {})

    def _edit(
        self, name: str, path: PathKey, key: str, splice: Splice, matches: Callable[[object], bool]
    ) -> None:
        """Plan ``splice`` of file ``name``: the value of ``key`` at ``path`` must then read
        back so that it ``matches``. A second edit of the same value replaces the first."""
        self._edits.setdefault(name, {})[(path, key)] = _Edit(splice, matches)

    def _edited(self, name: str) -> str:
        """The text of file ``name`` with every planned edit made, once it has been parsed
        again and reads back as intended: each edited value ``matches``, and every other
        value is exactly as it was."""
        from ..domain.models import Payment

        doc = self._docs[name]
        edits = self._edits.get(name, {})
        splices = [e.splice for e in edits.values()]
        lines = [flow(p.model_dump(exclude_none=True)) for p in self._appended]
        if name == PAYMENTS_FILE and lines:
            splices += append_splices(doc, "payments", lines)
        after = apply_splices(doc.text, splices)
        if after == doc.text:
            return after
        edited, _ = parse_yaml(after, doc.file, anchors=name != PAYMENTS_FILE)
        keys = list(edits)
        if name == PAYMENTS_FILE and lines:
            keys.append(((), "payments"))
        for (path, key), edit in edits.items():
            if not (edited.complete and edit.matches(value_at(edited.value, (*path, key)))):
                raise _not_as_intended(doc, path, key)
        if name == PAYMENTS_FILE and lines:
            before = value_at(doc.value, ("payments",)) or []
            added = value_at(edited.value, ("payments",))
            count = len(self._appended)
            if not (
                edited.complete
                and isinstance(added, list)
                and isinstance(before, list)
                and added[:-count] == before
                and [_as(Payment, v) for v in added[-count:]] == self._appended
            ):
                raise _not_as_intended(doc, (), "payments")
        if _without(doc.value, keys) != _without(edited.value, keys):
            path, key = keys[0]
            raise _not_as_intended(doc, path, key)
        return after

    def save(self, *, dry_run: bool = False) -> Change:
        """Validate the edited texts together with the other files; then, unless
        ``dry_run``, replace each edited file atomically."""
        texts = {name: self._edited(name) for name in self._edits}
        texts = {name: text for name, text in texts.items() if text != self._before[name]}
        check = load_all(self.data_dir, self.today, texts=texts, ledger=self.ledger)
        errors = errors_only(check.problems)
        if errors or check.agreement is None or check.gemeenten is None:
            raise WriteError(
                _("the edit would make the data invalid, nothing was written: {problem}").format(
                    problem=errors[0]
                )
                if errors
                else _("the edit would make the data invalid, nothing was written")
            )
        edits = [FileEdit(self.data_dir / n, self._before[n], t) for n, t in texts.items()]
        if not dry_run:
            # Every file is checked against what was read before the first is replaced,
            # so that a change by another program to the second file does not leave
            # the first written (sign --from with the counterparty: "all or nothing").
            for edit in edits:
                if not (edit.before == "" and not os.path.lexists(edit.file)):
                    ensure_unchanged(edit.file, edit.before)
            written: list[str] = []
            for edit in edits:
                try:
                    remove_stale_temporary_files(edit.file)
                    if edit.before == "" and not os.path.lexists(edit.file):
                        create_new(edit.file, edit.after)
                    else:
                        write_atomic(edit.file, edit.after, expected=edit.before)
                except WriteError as exc:
                    if not written:
                        raise
                    # Not "nothing was written", nor "run the command again": what
                    # landed would be recorded twice.
                    # TRANSLATORS: the word between the last two of a list: "a, b and c".
                    both = " " + _("and") + " "
                    raise WriteError(
                        ngettext(
                            "{files} was written, but not the rest: {error}",
                            "{files} were written, but not the rest: {error}",
                            len(written),
                        ).format(
                            files=both.join(written),
                            error=str(exc).removesuffix(_(NOTHING_WRITTEN)),
                        )
                    ) from None
                written.append(display_name(edit.file))
        return Change(edits, check.agreement, check.gemeenten, check.payments or [])


def _as(model: type[M], value: object) -> M | None:
    """``value`` as ``model``, or None when it is None or does not validate."""
    from pydantic import ValidationError

    try:
        return None if value is None else model.model_validate(value)
    except ValidationError:
        return None


def _without(value: object, keys: list[tuple[PathKey, str]]) -> object:
    """``value`` with each ``key`` of the mapping at its ``path`` left out."""
    for path, key in keys:
        value = _without_one(value, path, key)
    return value


def _without_one(value: object, path: PathKey, key: str) -> object:
    if not path:
        return {k: v for k, v in value.items() if k != key} if isinstance(value, dict) else value
    head, rest = path[0], path[1:]
    if isinstance(value, dict) and head in value:
        return {**value, head: _without_one(value[head], rest, key)}
    if isinstance(value, list) and isinstance(head, int) and head < len(value):
        return [*value[:head], _without_one(value[head], rest, key), *value[head + 1 :]]
    return value


class _Edit(NamedTuple):
    splice: Splice
    matches: Callable[[object], bool]


def _not_as_intended(doc: YamlDoc, path: PathKey, key: str) -> WriteError:
    return WriteError(
        _("{file}: the edit of {path} would not read back as intended; nothing was written").format(
            file=doc.file, path=format_path((*path, key), doc.value)
        )
    )


@contextlib.contextmanager
def session(data_dir: Path, today: date, *, ledger: bool = False) -> Iterator[Session]:
    """Hold the data folder's lock, read the data, and give a session to edit it.
    Data that is already invalid is not written to (a DataError). ``ledger``: read
    (and check) the ledger too, to append to it."""
    with lock(data_dir):
        yield Session(load_all(data_dir, today, ledger=ledger), today, ledger=ledger)


LEDGER_HEADER = """\
# Checked by `opgave check`; `opgave schema --out DIR` writes JSON Schemas for editors.
#
# The ledger of contributions paid: one line per payment (a credit is negative
# and has a reference), appended by `opgave pay`; earlier lines never change.
# Git merges it with its union driver (.gitattributes: payments.yaml merge=union),
# so that payments recorded in two clones both land. `opgave check` checks it.
payments:
"""
