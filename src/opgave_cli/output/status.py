"""Output of `opgave status` (text, JSON, CSV) and the echo of `sign` and `unsign`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import Out, Reporter

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from ..models import Signature
    from ..tracker import Party, Status

BAR_CELLS = 36


def signature_json(signature: Signature | None) -> dict[str, Any]:
    return {
        "signed": signature is not None,
        "date": signature.date.isoformat() if signature else None,
        "place": signature.place if signature else None,
        "signatory": signature.signatory if signature else None,
        "capacity": signature.capacity if signature else None,
    }


def status_json(report: Status, out: Out) -> None:
    cp = report.counterparty
    out.json(
        {
            "agreement": {
                "id": report.agreement_id,
                "title": report.title,
                "term_end": report.term_end.isoformat(),
                "term_ended": report.term_ended,
            },
            "signed": report.signed,
            "total": report.total,
            "counterparty": {"slug": cp.slug, "name": cp.name, **signature_json(cp.signature)},
            "gemeenten": [
                {"slug": p.slug, "name": p.name, **signature_json(p.signature)}
                for p in report.shown
                if not p.is_counterparty
            ],
        }
    )


def status_csv(report: Status, out: Out) -> None:
    rows = []
    for p in report.shown:
        sig = signature_json(p.signature)
        rows.append(
            [
                p.slug,
                p.name,
                "counterparty" if p.is_counterparty else "gemeente",
                "yes" if sig["signed"] else "no",
                *(
                    "" if sig[k] is None else sig[k]
                    for k in ("date", "place", "signatory", "capacity")
                ),
            ]
        )
    out.csv(["slug", "name", "party", "signed", "date", "place", "signatory", "capacity"], rows)


def status_text(report: Status, out: Out) -> None:
    out.print(report.title)
    out.print(status_table(report))
    for line in status_summary(report, out.console):
        out.print(line)


STATUS_FORMATS: dict[str, Reporter[Status]] = {
    "text": status_text,
    "json": status_json,
    "csv": status_csv,
}


def status_table(report: Status) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table()
    table.add_column("Party")
    table.add_column("Status")
    table.add_column("Date")
    table.add_column("Place")
    table.add_column("Signatory")
    for party in report.shown:
        sig = party.signature
        if party.is_counterparty and table.row_count:
            table.add_section()
        table.add_row(
            party.name,
            Text("signed", style="green") if sig else Text("unsigned", style="yellow"),
            sig.date.isoformat() if sig else "",
            (sig.place or "") if sig else "",
            _signatory(sig),
        )
    return table


def _signatory(sig: Signature | None) -> str:
    if sig is None or sig.signatory is None:
        return ""
    return (
        f"{sig.signatory} (namens)"
        if sig.capacity and sig.capacity.startswith("namens")
        else sig.signatory
    )


def status_summary(report: Status, console: Console) -> list[RenderableType]:
    """The lines under the table: count (with a bar in a terminal), GMR, term."""
    from rich.text import Text

    cp = report.counterparty.signature
    lines: list[RenderableType] = []
    count = _count(report)
    if console.is_terminal:
        # Filled and empty cells both drawn, so the bar has a scale without colour too.
        filled = round(BAR_CELLS * report.signed / report.total) if report.total else 0
        empty = BAR_CELLS - filled
        lines.append(Text.assemble(("█" * filled, "green"), ("░" * empty, "dim"), f" {count}"))
    else:
        lines.append(Text(count))
    lines.append(
        Text(f"GMR countersignature: {'signed on ' + cp.date.isoformat() if cp else 'not signed'}")
    )
    term = f"Term: until {report.term_end.isoformat()}"
    if report.term_ended:
        missing = report.total - report.signed + (0 if cp else 1)
        term += " (ended"
        term += (
            f"; {missing} {'party' if missing == 1 else 'parties'} never signed)"
            if missing
            else ")"
        )
    lines.append(Text(term))
    return lines


# --- sign and unsign ------------------------------------------------------------


def _count(report: Status) -> str:
    return f"{report.signed} of {report.total} municipalities signed"


def sign_message(
    party: Party,
    signature: Signature | None,
    report: Status,
    *,
    defaulted: bool,
    dry_run: bool,
) -> str:
    """``Recorded: Arnhem signed on 2023-02-01 in Arnhem (1 of 18 municipalities signed)``,
    after a line on the signature it replaces, if any (``party`` is as it was before)."""
    assert signature is not None
    verb = "countersigned" if party.is_counterparty else "signed"
    when = signature.date.isoformat() + (" (today)" if defaulted else "")
    where = f" in {signature.place}" if signature.place else ", place not given"
    by = f", by {signature.signatory}" if signature.signatory else ""
    head = "Would record" if dry_run else "Recorded"
    lines = []
    if party.signature is not None:
        lines.append(
            f"{'Would replace' if dry_run else 'Replaced'}: {party.name}'s signature of "
            f"{describe(party.signature)}"
        )
    lines.append(f"{head}: {party.name} {verb} on {when}{where}{by} ({_count(report)})")
    return "\n".join(lines)


def unsign_message(party: Party, report: Status, *, dry_run: bool) -> str:
    """``party`` is as it was before: its signature is the one removed."""
    assert party.signature is not None
    head = "Would remove" if dry_run else "Removed"
    return f"{head}: {party.name}'s signature of {describe(party.signature)} ({_count(report)})"


def describe(signature: Signature) -> str:
    """``2023-02-01 in Arnhem by A. Marcouch``"""
    text = signature.date.isoformat()
    if signature.place:
        text += f" in {signature.place}"
    if signature.signatory:
        text += f" by {signature.signatory}"
    return text
