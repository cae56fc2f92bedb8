"""Output of `opgave status` (text, JSON, CSV) and the echo of `sign`, `amend` and `unsign`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..i18n import _, ngettext
from ..text import day, sentence, short_day
from . import Out, Reporter

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from ..domain.models import Evidence, Signature
    from ..domain.parties import Party, Status

BAR_CELLS = 36
CSV_FIELDS = ("date", "place", "signatory", "capacity")


def signature_json(signature: Signature | None) -> dict[str, Any]:
    evidence = signature.evidence if signature else None
    return {
        "signed": signature is not None,
        "date": signature.date.isoformat() if signature else None,
        "place": signature.place if signature else None,
        "signatory": signature.signatory if signature else None,
        "capacity": signature.capacity if signature else None,
        "evidence": {"file": evidence.file, "sha256": evidence.sha256} if evidence else None,
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
                {
                    "slug": p.slug,
                    "name": p.name,
                    "participates": p.participates,
                    **signature_json(p.signature),
                }
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
                *("" if sig[k] is None else sig[k] for k in CSV_FIELDS),
            ]
        )
    out.csv(["slug", "name", "party", "signed", *CSV_FIELDS], rows)


def status_text(report: Status, out: Out) -> None:
    out.print(report.title)
    if report.shown:
        out.print(status_table(report, out.width))
    else:
        out.print(_("Every party has signed: nobody is still to sign."))
    for line in status_summary(report, out.console):
        out.print(line)


STATUS_FORMATS: dict[str, Reporter[Status]] = {
    "text": status_text,
    "json": status_json,
    "csv": status_csv,
}


def status_table(report: Status, width: int | None = None) -> RenderableType:
    """Names, states and dates whole; places and signatories wrap at their spaces. Where
    ``width`` is too narrow for that, the date, place and signatory share one column, and
    the names wrap, so that nothing is cut off."""
    from rich.table import Table
    from rich.text import Text

    rows = []
    for party in report.shown:
        sig = party.signature
        if sig:
            state = Text(_("signed"), style="green")
        elif not party.participates:
            state = Text(_("not taking part"), style="dim")
        else:
            state = Text(_("unsigned"), style="yellow")
        date = short_day(sig.date) if sig else ""
        rows.append((party, state, date, (sig.place or "") if sig else "", _signatory(sig)))
    head = (_("Party"), _("Status"), _("Date"), _("Place"), _("Signatory"))
    columns = list(zip(head, *((p.name, s.plain, *rest) for p, s, *rest in rows), strict=True))
    widths = _five_columns(columns, width)
    table = Table()
    if widths is None:
        dated = any(p.signature for p in report.shown)
        table.add_column(_("Party"), overflow="fold")
        table.add_column(_("Signature"), overflow="fold", min_width=10 if dated else None)
    else:
        for title, fixed in zip(head, widths, strict=True):
            table.add_column(title, overflow="fold", no_wrap=fixed is None, width=fixed)
    for party, state, date, place, signatory in rows:
        if party.is_counterparty and table.row_count:
            table.add_section()
        if widths is not None:
            table.add_row(party.name, state, date, place, signatory)
        else:
            lines = "\n".join(x for x in (date, place, signatory) if x)
            table.add_row(party.name, Text(lines) if date else state)
    return table


def _five_columns(columns: list[tuple[str, ...]], width: int | None) -> list[int | None] | None:
    """The widths of place and signatory (None: as wide as their text; the others always
    are) that fit the five columns into ``width`` without cutting a word; None if the
    width is too narrow for that."""
    from rich.cells import cell_len

    natural = [max(cell_len(text) for text in column) for column in columns]
    if width is None or 16 + sum(natural) <= width:  # 16: borders and padding
        return [None] * 5
    words = [max((cell_len(w) for text in c for w in text.split()), default=0) for c in columns]
    room = width - 16 - sum(natural[:3])
    if room < words[3] + words[4]:
        return None
    place = min(natural[3], max(words[3], room - natural[4]))
    return [None, None, None, place, room - place]


def _signatory(sig: Signature | None) -> str:
    if sig is None or sig.signatory is None:
        return ""
    return (
        f"{sig.signatory} (namens)"  # the capacity's own word, as the data writes it
        if sig.capacity and sig.capacity.startswith("namens")
        else sig.signatory
    )


def status_summary(report: Status, console: Console) -> list[RenderableType]:
    """The lines under the table: count (with a bar in a terminal), countersignature, term."""
    from rich.text import Text

    cp = report.counterparty
    lines: list[RenderableType] = []
    count = sentence(count_line(report))
    if console.is_terminal:
        # Filled and empty cells both drawn, so the bar has a scale without colour too.
        filled = round(BAR_CELLS * report.signed / report.total) if report.total else 0
        empty = BAR_CELLS - filled
        full, blank = ("█", "░") if console.encoding.startswith("utf") else ("#", ".")
        lines.append(Text.assemble((full * filled, "green"), (blank * empty, "dim"), f" {count}"))
    else:
        lines.append(Text(count))
    if cp.signature:
        signed = _("{party} countersignature: signed on {day}").format(
            party=cp.name, day=day(cp.signature.date)
        )
    else:
        signed = _("{party} countersignature: not signed").format(party=cp.name)
    lines.append(Text(signed))
    term = _("Term: until {day}").format(day=day(report.term_end))
    if report.term_ended:
        missing = report.total - report.signed + (0 if cp.signature else 1)
        term += (
            ngettext(
                " (ended; no signature recorded for {count} party)",
                " (ended; no signature recorded for {count} parties)",
                missing,
            ).format(count=missing)
            if missing
            else _(" (ended)")
        )
    lines.append(Text(term))
    not_taking_part = [p.name for p in report.parties if not p.participates]
    if not_taking_part:
        lines.append(Text(_("Not taking part: {names}").format(names=", ".join(not_taking_part))))
    return lines


# --- sign, amend and unsign -------------------------------------------------------


def count_line(report: Status) -> str:
    """``4 of 18 municipalities signed`` (those that take part)."""
    return ngettext(
        "{signed} of {total} municipality signed",
        "{signed} of {total} municipalities signed",
        report.total,
    ).format(signed=report.signed, total=report.total)


def sign_message(
    party: Party,
    signature: Signature | None,
    report: Status,
    *,
    defaulted: bool,
    dry_run: bool,
    count: bool = True,
) -> str:
    """``Recorded: Arnhem signed on 2023-02-01 in Arnhem (1 of 18 municipalities signed)``
    (the count left out where ``count`` is false: many signatures end with it once),
    after a line on the signature it replaces, if any (``party`` is as it was before),
    naming every field that the replacement changes or drops."""
    from ..domain.signatures import changed_fields

    assert signature is not None
    when = day(signature.date) + (_(" (today)") if defaulted else "")
    where = (
        _(" in {place}").format(place=signature.place)
        if signature.place
        else _(", place not given")
    )
    rest = _details(signature, evidence=signature.evidence.file if signature.evidence else None)
    if party.is_counterparty:
        done = (
            _("Would record: {party} countersigned on {day}")
            if dry_run
            else _("Recorded: {party} countersigned on {day}")
        )
    else:
        done = (
            _("Would record: {party} signed on {day}")
            if dry_run
            else _("Recorded: {party} signed on {day}")
        )
    lines = []
    if party.signature is not None:
        what = _changes(changed_fields(party.signature, signature))
        replaced = (
            _("Would replace: {party}'s signature of {signature}")
            if dry_run
            else _("Replaced: {party}'s signature of {signature}")
        ).format(party=party.name, signature=describe(party.signature))
        lines.append(replaced + (f"; {what}" if what else _("; nothing changes")))
    lines.append(
        done.format(party=party.name, day=when)
        + where
        + rest
        + (f" ({count_line(report)})" if count else "")
    )
    return "\n".join(lines)


def _details(signature: Signature, *, evidence: str | None) -> str:
    """``, by A. Marcouch, burgemeester, evidence ...``: what a signature has beside its
    date and place."""
    by = _(", by {signatory}").format(signatory=signature.signatory) if signature.signatory else ""
    capacity = f", {signature.capacity}" if signature.capacity else ""
    shown = _(", evidence {file}").format(file=evidence) if evidence else ""
    return by + capacity + shown


def amend_message(party: Party, signature: Signature, report: Status, *, dry_run: bool) -> str:
    """``Amended: Renkum's signature of 2023-02-01 in Renkum: signatory A → B``"""
    from ..domain.signatures import changed_fields

    assert party.signature is not None
    what = _changes(changed_fields(party.signature, signature)) or _("nothing changes")
    head = (
        _("Would amend: {party}'s signature of {signature}: {changes}")
        if dry_run
        else _("Amended: {party}'s signature of {signature}: {changes}")
    )
    now = _("Now: {signature} ({count})").format(
        signature=describe(signature), count=count_line(report)
    )
    return (
        head.format(party=party.name, signature=describe(party.signature), changes=what)
        + "\n"
        + now
    )


def _changes(fields: list[tuple[str, object, object]]) -> str:
    """``changes date 2023-02-01 → 2023-02-02; drops place (Arnhem); adds capacity ...``"""
    parts = []
    for name, before, after in fields:
        field = _field(name)
        if after is None:
            parts.append(_("drops {field} ({value})").format(field=field, value=_shown(before)))
        elif before is None:
            parts.append(_("adds {field} {value}").format(field=field, value=_shown(after)))
        else:
            parts.append(
                _("changes {field} {before} → {after}").format(
                    field=field, before=_shown(before), after=_shown(after)
                )
            )
    return "; ".join(parts)


def _field(name: str) -> str:
    """The name of a field of a signature, as a person says it."""
    names = {
        "date": _("date"),
        "place": _("place"),
        "signatory": _("signatory"),
        "capacity": _("capacity"),
        "evidence": _("evidence"),
    }
    return names.get(name, name)


def _shown(value: object) -> str:
    from datetime import date

    if isinstance(value, dict):  # evidence, as the model dumps it
        return f"{value.get('file')} (sha256 {str(value.get('sha256'))[:12]}…)"
    if isinstance(value, date):
        return day(value)
    return str(value)


def unsign_message(party: Party, report: Status, *, dry_run: bool) -> str:
    """``party`` is as it was before: its signature is the one removed."""
    assert party.signature is not None
    head = (
        _("Would remove: {party}'s signature of {signature} ({count})")
        if dry_run
        else _("Removed: {party}'s signature of {signature} ({count})")
    )
    return head.format(
        party=party.name, signature=describe(party.signature), count=count_line(report)
    )


def describe(signature: Signature) -> str:
    """``2023-02-01 in Arnhem by A. Marcouch, namens de burgemeester``"""
    text = day(signature.date)
    if signature.place:
        text += _(" in {place}").format(place=signature.place)
    if signature.signatory:
        text += _(" by {signatory}").format(signatory=signature.signatory)
    if signature.capacity:
        text += f", {signature.capacity}"
    if signature.evidence:
        text += _(", evidence {file}").format(file=_evidence(signature.evidence))
    return text


def _evidence(evidence: Evidence) -> str:
    return f"{evidence.file} (sha256 {evidence.sha256[:12]}…)"
