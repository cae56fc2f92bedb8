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


def record(file: Path, data_dir: Path) -> Evidence:
    """The evidence record of ``file`` (as given): refused, as a FieldError naming the field
    ``evidence``, unless it is a regular file inside the data's repository."""
    from ..domain.models import Evidence

    shown = str(file)
    if not file.exists():
        raise FieldError("evidence", f"{{field}} {shown}: file not found")
    if not file.is_file():
        raise FieldError("evidence", f"{{field}} {shown}: is not a regular file")
    root = repository_root(data_dir)
    target = file.resolve()
    if not target.is_relative_to(root):
        where = (
            "the data's git repository"
            if root != data_dir.resolve()
            else "the data folder (which is not in git)"
        )
        raise FieldError(
            "evidence",
            f"{{field}} {shown} lies outside {where} {root}: "
            "put the file there, so that a clone of the data can verify it",
        )
    from pydantic import ValidationError

    from ..loader import DATA_FILES

    if target.parent == data_dir.resolve() and target.name in DATA_FILES:
        raise FieldError(
            "evidence",
            f"{{field}} {shown} is a data file, which changes as the signature is recorded: "
            "give the scanned signed page",
        )
    relative = Path(os.path.relpath(target, data_dir.resolve())).as_posix()
    try:
        return Evidence(file=relative, sha256=file_sha256(target))
    except ValidationError:
        raise FieldError(
            "evidence",
            f"{{field}} {shown}: its path {relative!r} cannot be recorded (a backslash or a "
            "control character in it); rename the file",
        ) from None


def verify(parties: list[Party], data_dir: Path) -> list[EvidenceCheck]:
    """Recompute the hash of every recorded evidence file."""
    checks = []
    for party in parties:
        evidence = party.signature.evidence if party.signature else None
        if evidence is None:
            continue
        path = data_dir / evidence.file
        try:
            actual = file_sha256(path)
        except OpgaveError as exc:
            problem: str | None = str(exc).rpartition(": ")[2]
        else:
            problem = (
                None
                if actual == evidence.sha256
                else (f"changed: its SHA-256 is {actual}, the record says {evidence.sha256}")
            )
        checks.append(EvidenceCheck(party.name, evidence.file, problem))
    return checks
