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
        return root, "the data's git repository"
    return root, "the data folder (which is not in git)"


def problem(file: Path, data_dir: Path) -> str | None:
    """Why ``file`` cannot be (or no longer is) the evidence of a signature, or None: it
    must be a regular file (not a FIFO, a device or a link to one) inside the data's
    repository, and not a data file. The same rules for `sign --evidence` and `verify`."""
    from ..loader import DATA_FILES

    if not os.path.lexists(file):
        return "file not found"
    try:
        target = file.resolve(strict=True)
    except (OSError, RuntimeError):  # a broken link, a loop
        return "file not found"
    root, where = _where(data_dir)
    if not target.is_relative_to(root):
        return f"lies outside {where} {root}"
    if not target.is_file():
        return "is not a regular file"
    if target.parent == data_dir.resolve() and target.name in DATA_FILES:
        return "is a data file, which changes as the signature is recorded"
    return None


def record(file: Path, data_dir: Path) -> Evidence:
    """The evidence record of ``file`` (as given): refused, as a FieldError naming the field
    ``evidence``, unless it is a regular file inside the data's repository."""
    from pydantic import ValidationError

    from ..domain.models import Evidence

    shown = str(file)
    why = problem(file, data_dir)
    if why is not None:
        hint = {
            "lies": ": put the file there, so that a clone of the data can verify it",
            "is a data file": ": give the scanned signed page",
        }
        extra = next((h for k, h in hint.items() if why.startswith(k)), "")
        colon = "" if why.startswith(("lies", "is a data file")) else ":"
        raise FieldError("evidence", f"{{field}} {shown}{colon} {why}{extra}")
    target = file.resolve()
    relative = Path(os.path.relpath(target, data_dir.resolve())).as_posix()
    try:
        return Evidence(file=relative, sha256=_sha256(target))
    except ValidationError:
        raise FieldError(
            "evidence",
            f"{{field}} {shown}: its path {relative!r} cannot be recorded (a backslash or a "
            "control character in it); rename the file",
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
                    found = f"changed: its SHA-256 is {actual}, the record says {evidence.sha256}"
        checks.append(EvidenceCheck(party.name, evidence.file, found))
    return checks
