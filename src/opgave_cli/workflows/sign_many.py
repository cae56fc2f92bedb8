"""Recording the signatures of a CSV file's rows in one write, or none: every row is
checked by the rules of `sign` first, and every row that fails is named by its line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import OpgaveError
from ..i18n import _
from ..sources.csv_rows import RowsError
from .sign import Planned, Signed, plan

if TYPE_CHECKING:
    from ..sources.csv_rows import Row
    from ..store import Session


def sign_many(data: Session, rows: list[Row], file: str, *, force: bool, dry_run: bool) -> Signed:
    """Plan every row; if one is wrong, a RowsError naming each wrong row (with the
    domain's error, for the command line to word), else save them all."""
    from ..domain.dates import read_date
    from ..domain.parties import Parties, parties

    everyone = Parties(parties(data.agreement, data.gemeenten))
    planned: list[Planned] = []
    problems: list[tuple[int, str | OpgaveError]] = []
    seen: dict[str, int] = {}
    for row in rows:
        if row.problem is not None:
            problems.append((row.line, row.problem))
            continue
        try:
            party = everyone.find(row.get("party") or "")
            if party.slug in seen:
                twice = _("{party} is listed twice (also line {line})").format(
                    party=party.name, line=seen[party.slug]
                )
                problems.append((row.line, twice))
                continue
            seen[party.slug] = row.line
            when = row.get("date")
            evidence = row.get("evidence")
            planned.append(plan(
                data, party, on=read_date(when, "date", dutch=False) if when else None,
                place=row.get("place"), signatory=row.get("signatory"),
                capacity=row.get("capacity"), evidence=Path(evidence) if evidence else None,
                force=force,
            ))  # fmt: skip
        except OpgaveError as exc:
            problems.append((row.line, exc))
    if problems:
        raise RowsError(file, problems)
    return Signed(data.save(dry_run=dry_run), planned)
