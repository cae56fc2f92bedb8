"""Correcting a recorded signature: only the given fields change, the rest stays."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.parties import parties, resolve_party
from ..domain.signatures import amend_signature, check_signature

if TYPE_CHECKING:
    from ..domain.models import Signature
    from ..domain.parties import Party
    from ..store import Change, Session


@dataclass(frozen=True)
class Amended:
    change: Change
    party: Party  # as it was, with the signature amended
    signature: Signature  # as it is now


def amend(
    data: Session,
    query: str,
    changes: dict[str, object],
    clear: set[str],
    *,
    evidence: Path | None,
    dry_run: bool,
) -> Amended:
    """Make ``changes`` (field -> value) and remove the ``clear`` fields of a party's
    signature; ``evidence``: a new scanned page."""
    from ..sources.evidence import record

    party = resolve_party(query, parties(data.agreement, data.gemeenten))
    if evidence is not None:
        changes = {**changes, "evidence": record(evidence, data.data_dir)}
    signature = amend_signature(party, changes, clear)
    check_signature(party, signature, data.agreement, data.today, force=True)
    data.set_signature(party, signature)
    return Amended(data.save(dry_run=dry_run), party, signature)
