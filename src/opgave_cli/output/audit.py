"""Output of `opgave log` (the audit trail, text or JSON) and of `opgave verify`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..i18n import _, ngettext
from . import Out, Reporter

if TYPE_CHECKING:
    from ..domain.signatures import EvidenceCheck
    from ..domain.trail import Entry


@dataclass(frozen=True)
class Trail:
    entries: list[Entry]
    names: dict[str, str]  # slug -> name, as the data now has them
    party: str | None  # the party asked for, if any (its name)


def log_json(trail: Trail, out: Out) -> None:
    out.json(
        [
            {
                "commit": e.commit,
                "author": e.author,
                "date": e.date,
                "party": e.party,
                "field": e.field,
                "before": e.before,
                "after": e.after,
            }
            for e in trail.entries
        ]
    )


def log_text(trail: Trail, out: Out) -> None:
    """One line per change: ``3f5a1b2  Jan Jansen  2026-11-28  Arnhem  place: (none) → Arnhem``
    (commit, author, commit date, party, before → after)."""
    if not trail.entries:
        message = (
            _("No recorded change of {party} in the history of the data.").format(party=trail.party)
            if trail.party
            else _("No recorded change in the history of the data.")
        )
        out.write(message + "\n")
        return
    lines = []
    for e in trail.entries:
        when = (
            f"{e.commit}  {e.author or ''}  {e.date[:10] if e.date else ''}"
            if e.commit
            else _("uncommitted")
        )
        name = trail.names.get(e.party, e.party)
        if e.field == "unreadable":  # a version of a file that could not be read
            lines.append(
                f"{when}  " + _("{what} (this version could not be read)").format(what=e.after)
            )
            continue
        if e.field == "payment":
            what = (
                _("payment removed: {payment}").format(payment=e.before)
                if e.after is None
                else _("payment {payment}").format(payment=e.after)
            )
        else:
            none = _("(none)")
            what = f"{e.field}: {e.before or none} → {e.after or none}"
        lines.append(f"{when}  {name}  {what}")
    from ..text import escape  # an author name from git may hold an escape sequence

    out.write("\n".join(escape(line) for line in lines) + "\n")


LOG_FORMATS: dict[str, Reporter[Trail]] = {"text": log_text, "json": log_json}


def verify_text(checks: list[EvidenceCheck]) -> str:
    """One line per evidence file, and a verdict."""
    if not checks:
        return _("No evidence is recorded: nothing to verify.") + "\n"
    lines = [
        (_("OK: {party}: {file}") if c.problem is None else _("FAILED: {party}: {file}")).format(
            party=c.party, file=c.file
        )
        + ("" if c.problem is None else f": {c.problem}")
        for c in checks
    ]
    failed = sum(c.problem is not None for c in checks)
    lines.append(
        ngettext(
            "{ok} of {count} evidence file matches its recorded SHA-256",
            "{ok} of {count} evidence files match their recorded SHA-256",
            len(checks),
        ).format(ok=len(checks) - failed, count=len(checks))
    )
    return "\n".join(lines) + "\n"
