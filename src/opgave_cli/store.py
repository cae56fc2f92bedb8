"""The only writer of the data files: locked, validated, atomic, minimal-diff edits.

A write is a session: under the data folder's lock, the data is read and
validated, the command plans its edits on it (each replaces exactly the span
of one value, located through the loader's positions), and ``save`` validates
the edited texts together with the other files before it replaces any file.
Everything else in a file (comments, key order, quoting, blank lines) stays
byte for byte. The replace is atomic (temporary file in the same folder,
flush, fsync, rename), and the lock serialises concurrent writers, so parallel
signs of different parties all land.
"""

from __future__ import annotations

import contextlib
import difflib
import glob
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UsageError, WriteError, errors_only
from .loader import (
    AGREEMENT_FILE,
    DATA_FILES,
    GEMEENTEN_FILE,
    Loaded,
    PathKey,
    Span,
    YamlDoc,
    display_name,
    load_all,
)
from .loader.yamldoc import parse_yaml

if TYPE_CHECKING:
    from .models import Agreement, GemeentenFile, Signature
    from .tracker import Party

LOCK_NAME = ".opgave.lock"
LOCK_TIMEOUT_S = 30.0
BOM = b"\xef\xbb\xbf"


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
        after = _edit(doc.text, doc.spans, doc.key_spans, path, signature)
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
                _remove_stale_temporary_files(edit.file)
                write_atomic(edit.file, edit.after)
        return Change(edits, check.agreement, check.gemeenten)


@contextlib.contextmanager
def session(data_dir: Path, today: date) -> Iterator[Session]:
    """Hold the data folder's lock, read the data, and give a session to edit it.
    Data that is already invalid is not written to (a DataError)."""
    with _lock(data_dir):
        yield Session(load_all(data_dir, today), today)


# --- the edit -------------------------------------------------------------------


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


def _edit(
    text: str,
    spans: dict[PathKey, Span],
    key_spans: dict[PathKey, Span],
    path: PathKey,
    signature: Signature | None,
) -> str:
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


# --- writing safely -------------------------------------------------------------


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that a crash at any point leaves either the
    old or the new file: temporary file in the same folder, flush, fsync, rename.
    The file's permissions and a UTF-8 byte order mark are kept."""
    try:
        old_mode = path.stat().st_mode & 0o7777
        with path.open("rb") as fh:
            had_bom = fh.read(3) == BOM
    except OSError as exc:
        raise WriteError(f"{display_name(path)}: cannot read: {exc.strerror or exc}") from None
    data = (BOM if had_bom else b"") + text.encode("utf-8")
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, old_mode)  # noqa: PTH101 - the tests fail os.* at each step
        os.replace(tmp, path)  # noqa: PTH105
        tmp = None
        _fsync_dir(path.parent)
    except OSError as exc:
        raise WriteError(
            f"{display_name(path)}: cannot write ({exc.strerror or exc}); the file is unchanged"
        ) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)  # noqa: PTH108


def _remove_stale_temporary_files(path: Path) -> None:
    """Remove the temporary files that a writer killed mid-write left beside ``path``.
    Called under the lock, which every writer of the data files holds while its
    temporary file exists, so any such file found now is stale."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def write_document(path: Path, text: str, data_dir: Path) -> None:
    """Write a generated document (``-o FILE``), never over a data file or a folder."""
    data_files = {(data_dir / name).resolve() for name in DATA_FILES}
    if path.resolve() in data_files:
        raise UsageError(f"-o {path} is a data file; write the document somewhere else")
    if path.is_dir():
        raise UsageError(f"-o {path} is a folder; give a file name")
    write_new(path, text)


def write_new(path: Path, text: str) -> None:
    """Write a generated file (a schema, a report) atomically, creating its folder."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.touch(mode=0o644)
    except OSError as exc:
        raise WriteError(f"{path}: cannot create ({exc.strerror or exc})") from None
    write_atomic(path, text)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); not possible everywhere, so best effort."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class _lock:
    """The data folder's lock file. The operating system releases the lock when the
    holder dies (even by SIGKILL), so a left-over lock file never blocks a run."""

    def __init__(self, data_dir: Path) -> None:
        from filelock import FileLock

        self.path = data_dir / LOCK_NAME
        self._lock = FileLock(self.path, timeout=LOCK_TIMEOUT_S)

    def __enter__(self) -> None:
        from filelock import Timeout

        try:
            self._lock.acquire()
        except Timeout:
            raise WriteError(
                f"{display_name(self.path)}: another opgave has been writing the data for "
                f"{LOCK_TIMEOUT_S:.0f} s; try again when it has finished"
            ) from None
        except OSError as exc:
            raise WriteError(
                f"{display_name(self.path)}: cannot create the lock file "
                f"({exc.strerror or exc}); is the data folder writable?"
            ) from None

    def __exit__(self, *exc: object) -> None:
        self._lock.release()
