"""Evidence of a signature: the scanned signed page, where it may lie, and its hash.

A signature may record the file of its signed page and the SHA-256 of its bytes,
with the path relative to the data folder, so that a clone of the data can
verify it. So the file must lie inside the data's git repository (inside the
data folder itself where there is no repository).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.signatures import EvidenceCheck
from ..errors import FieldError, OpgaveError
from ..i18n import _
from .files import file_sha256

if TYPE_CHECKING:
    from ..domain.models import Evidence
    from ..domain.parties import Party


def repository_root(data_dir: Path) -> Path:
    """The top of the git work tree that holds the data, or the data folder without git."""
    from .git import work_tree_top

    return work_tree_top(data_dir) or data_dir.resolve()


MAX_BYTES = 256 * 1024 * 1024  # a scan of a few signed pages is a few MB


def _where(data_dir: Path) -> tuple[Path, str]:
    root = repository_root(data_dir)
    if root != data_dir.resolve():
        return root, _("the data's git repository")
    return root, _("the data folder (which is not in git)")


def problem(file: Path, data_dir: Path) -> str | None:
    """Why ``file`` cannot be (or no longer is) the evidence of a signature, or None: it
    must be a regular file (not a FIFO, a device or a link to one) inside the data's
    repository, and not a data file. The same rules for `sign --evidence` and `verify`."""
    found = _problem(file, data_dir)
    return None if found is None else found[1]


def _problem(file: Path, data_dir: Path) -> tuple[str, str] | None:
    """What kind of problem ``file`` has (``missing``, ``outside``, ``not-regular``,
    ``data-file``), and its words; or None."""
    from ..loader import DATA_FILES

    if not os.path.lexists(file):
        return "missing", _("file not found")
    try:
        target = file.resolve(strict=True)
    except (OSError, RuntimeError):  # a broken link, a loop
        return "missing", _("file not found")
    root, where = _where(data_dir)
    if not target.is_relative_to(root):
        return "outside", _("lies outside {where} {root}").format(where=where, root=root)
    if not target.is_file():
        return "not-regular", _("is not a regular file")
    if target.parent == data_dir.resolve() and target.name in DATA_FILES:
        return "data-file", _("is a data file, which changes as the signature is recorded")
    return None


def record(file: Path, data_dir: Path) -> Evidence:
    """The evidence record of ``file`` (as given): refused, as a FieldError naming the field
    ``evidence``, unless it is a regular file inside the data's repository."""
    from pydantic import ValidationError

    from ..domain.models import Evidence

    shown = str(file)
    found = _problem(file, data_dir)
    if found is not None:
        kind, why = found
        if kind == "outside":
            text = _(
                "{field} {file} {why}: put the file there, so that a clone of the data can "
                "verify it"
            )
        elif kind == "data-file":
            text = _("{field} {file} {why}: give the scanned signed page")
        else:
            text = "{field} {file}: {why}"
        raise FieldError("evidence", text.format(field="{field}", file=shown, why=why))
    target = file.resolve()
    relative = Path(os.path.relpath(target, data_dir.resolve())).as_posix()
    try:
        return Evidence(file=relative, sha256=_sha256(target))
    except ValidationError:
        raise FieldError(
            "evidence",
            _(
                "{field} {file}: its path {path} cannot be recorded (a backslash or a "
                "control character in it); rename the file"
            ).format(field="{field}", file=shown, path=repr(relative)),
        ) from None


def _sha256(path: Path) -> str:
    """The SHA-256 of a regular file of at most MAX_BYTES, read in blocks; one line
    otherwise (an OpgaveError)."""
    return file_sha256(path, MAX_BYTES)


def verify(parties: list[Party], data_dir: Path) -> list[EvidenceCheck]:
    """Recompute the hash of every recorded evidence file, by the rules of `--evidence`:
    a file that has become a FIFO, a link to a device or to a file outside the
    repository is not read."""
    checks = []
    for party in parties:
        evidence = party.signature.evidence if party.signature else None
        if evidence is None:
            continue
        path = data_dir / evidence.file
        found = problem(path, data_dir)
        if found is None:
            try:
                actual = _sha256(path)
            except OpgaveError as exc:
                found = str(exc).rpartition(": ")[2]
            else:
                if actual != evidence.sha256:
                    found = _("changed: its SHA-256 is {actual}, the record says {recorded}")
                    found = found.format(actual=actual, recorded=evidence.sha256)
        checks.append(EvidenceCheck(party.name, evidence.file, found))
    return checks
