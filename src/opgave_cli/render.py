"""Output only: Rich tables and text, and JSON. Renderers never compute.

The console lives here. Colour follows NO_COLOR and whether the output is a
terminal (Rich's own rules); tests fix the width through COLUMNS.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from .budget import BudgetReport
    from .errors import Problem
    from .models import Agreement, Signature, Speerpunt
    from .tracker import Party, Status


def stdout() -> Console:
    """The console on stdout. It prints every string as written: no markup (a place
    such as "[/x]" is data, not a closing tag), no emoji codes, no highlighting.
    Styles come only from Text objects built here. (Errors go to stderr as plain
    lines, from the CLI.)"""
    from rich.console import Console

    return Console(markup=False, emoji=False, highlight=False)


def wrap(text: str, width: int) -> str:
    """A paragraph wrapped at word boundaries, without trailing spaces."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width=max(width, 20), break_on_hyphens=False))


def print_json(data: Any) -> None:
    """JSON goes to stdout as plain text, never through Rich's highlighter."""
    import json
    import sys

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# --- status ---------------------------------------------------------------------


def signature_json(signature: Signature | None) -> dict[str, Any]:
    return {
        "signed": signature is not None,
        "date": signature.date.isoformat() if signature else None,
        "place": signature.place if signature else None,
        "signatory": signature.signatory if signature else None,
        "capacity": signature.capacity if signature else None,
    }


def status_json(report: Status, *, unsigned_only: bool) -> dict[str, Any]:
    rows = [p for p in report.gemeenten if not (unsigned_only and p.signature)]
    cp = report.counterparty
    return {
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
            {"slug": p.slug, "name": p.name, **signature_json(p.signature)} for p in rows
        ],
    }


def status_csv(report: Status, *, unsigned_only: bool) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["slug", "name", "party", "signed", "date", "place", "signatory", "capacity"])
    for p in report.parties:
        if unsigned_only and p.signature:
            continue
        sig = signature_json(p.signature)
        writer.writerow(
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
    return out.getvalue()


def status_table(report: Status, *, unsigned_only: bool) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table()
    table.add_column("Party")
    table.add_column("Status")
    table.add_column("Date")
    table.add_column("Place")
    table.add_column("Signatory")
    for party in report.parties:
        sig = party.signature
        if unsigned_only and sig:
            continue
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


BAR_CELLS = 36


def status_summary(report: Status, console: Console) -> list[RenderableType]:
    """The lines under the table: count (with a bar in a terminal), GMR, term."""
    from rich.text import Text

    cp = report.counterparty.signature
    lines: list[RenderableType] = []
    count = f"{report.signed} of {report.total} municipalities signed"
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
    replaced: Signature | None,
    report: Status,
    *,
    defaulted: bool,
    dry_run: bool,
) -> str:
    """``Recorded: Arnhem signed on 2023-02-01 in Arnhem (1 of 18 municipalities signed)``"""
    assert signature is not None
    verb = "countersigned" if party.is_counterparty else "signed"
    when = signature.date.isoformat() + (" (today)" if defaulted else "")
    where = f" in {signature.place}" if signature.place else ", place not given"
    by = f", by {signature.signatory}" if signature.signatory else ""
    head = "Would record" if dry_run else "Recorded"
    lines = []
    if replaced is not None:
        lines.append(
            f"{'Would replace' if dry_run else 'Replaced'}: {party.name}'s signature of "
            f"{describe(replaced)}"
        )
    lines.append(f"{head}: {party.name} {verb} on {when}{where}{by} ({_count(report)})")
    return "\n".join(lines)


def unsign_message(party: Party, removed: Signature, report: Status, *, dry_run: bool) -> str:
    head = "Would remove" if dry_run else "Removed"
    return f"{head}: {party.name}'s signature of {describe(removed)} ({_count(report)})"


def describe(signature: Signature) -> str:
    """``2023-02-01 in Arnhem by A. Marcouch``"""
    text = signature.date.isoformat()
    if signature.place:
        text += f" in {signature.place}"
    if signature.signatory:
        text += f" by {signature.signatory}"
    return text


# --- check ----------------------------------------------------------------------


def problems_text(problems: list[Problem], files: list[str], *, strict: bool) -> str:
    """``data/gemeenten.yaml:42:7: error: gemeenten[3].signature.date: message [rule]``"""
    lines = []
    for p in problems:
        where = f"{p.file}:{p.line}:{p.column}" if p.line else p.file
        field = f" {p.path}:" if p.path else ""
        lines.append(f"{where}: {p.severity}:{field} {p.message} [{p.rule}]")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    counts = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    checked = " and ".join(files)
    failed = errors or (strict and warnings)
    verdict = "Failed" if failed else "OK"
    strictly = " (--strict: warnings fail)" if strict and warnings else ""
    lines.append(f"{verdict}: {checked}: {counts}{strictly}")
    return "\n".join(lines) + "\n"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def problems_json(problems: list[Problem], ok: bool) -> dict[str, Any]:
    return {
        "ok": ok,
        "problems": [
            {
                "file": p.file,
                "line": p.line or None,
                "column": p.column or None,
                "path": p.path,
                "rule": p.rule,
                "severity": p.severity,
                "message": p.message,
            }
            for p in problems
        ],
    }


def problems_github(problems: list[Problem]) -> str:
    """GitHub workflow commands: each problem becomes an annotation on its line."""

    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    lines = []
    for p in problems:
        props = [f"file={prop(p.file)}"]
        if p.line:
            props += [f"line={p.line}", f"col={p.column}"]
        props.append(f"title={prop('opgave check: ' + p.rule)}")
        message = f"{p.path}: {p.message}" if p.path else p.message
        lines.append(f"::{p.severity} {','.join(props)}::{data(message)}")
    return "".join(line + "\n" for line in lines)


# --- budget ---------------------------------------------------------------------

BAR_WIDTH = 14


def budget_json(report: BudgetReport) -> dict[str, Any]:
    def money(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return {
        "year": report.year,
        "total": money(report.total),
        "source": report.source,
        "basis": "inhabitants",
        "reference_date": report.reference_date.isoformat(),
        "rows": [
            {
                "slug": row.slug,
                "name": row.name,
                "inhabitants": row.inhabitants,
                "share": str(row.share),
                "percent": str(row.percent),
                "amount": money(row.amount),
            }
            for row in report.rows
        ],
        "sum_amount": money(report.sum_amount),
    }


def budget_csv(report: BudgetReport) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["slug", "name", "inhabitants", "share", "percent", "amount"])
    for row in report.rows:
        writer.writerow(
            [
                row.slug,
                row.name,
                row.inhabitants,
                row.share,
                row.percent,
                "" if row.amount is None else row.amount,
            ]
        )
    return out.getvalue()


def budget_table(report: BudgetReport, width: int) -> RenderableType:
    """The shares table; the bar column only where ``width`` leaves room for it, so that
    no figure is ever cut off."""
    from rich.table import Table
    from rich.text import Text

    from .budget import format_count, format_euro, format_percent

    head = ["Gemeente", "Inhabitants", "Share"]
    foot = [
        "Total",
        format_count(sum(r.inhabitants for r in report.rows)),
        format_percent(sum((r.percent for r in report.rows), Decimal(0))),
    ]
    rows = [[r.name, format_count(r.inhabitants), format_percent(r.percent)] for r in report.rows]
    if report.total is not None:
        assert report.sum_amount is not None
        head.append("Amount")
        foot.append(format_euro(report.sum_amount))
        for cells, r in zip(rows, report.rows, strict=True):
            assert r.amount is not None
            cells.append(format_euro(r.amount))
    widths = [max(len(c) for c in column) for column in zip(head, foot, *rows, strict=True)]
    # Each column has one space of padding on either side and a border after it.
    with_bar = sum(widths) + 3 * len(widths) + 1 + BAR_WIDTH + 3 <= width

    table = Table(show_footer=True)
    for i, (title, total) in enumerate(zip(head, foot, strict=True)):
        table.add_column(
            title,
            footer=total,
            justify="left" if i == 0 else "right",
            no_wrap=i > 0,
            min_width=widths[i] if i > 0 else None,
            overflow="fold",  # names wrap; figures keep their full width
        )
    if with_bar:
        table.add_column("", no_wrap=True)
    largest = max(r.share for r in report.rows)
    for cells, r in zip(rows, report.rows, strict=True):
        bar = [Text(_bar(r.share / largest if largest else Decimal(0)), style="cyan")]
        table.add_row(*cells, *(bar if with_bar else []))
    return table


def _bar(fraction: Decimal) -> str:
    """A bar of ``fraction`` x BAR_WIDTH cells, in eighths of a cell."""
    eighths = int((fraction * BAR_WIDTH * 8).to_integral_value())
    full, part = divmod(eighths, 8)
    return "█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")


def budget_notes(report: BudgetReport, source: str, status: str | None) -> list[str]:
    """What the figures rest on, under the table (one paragraph per line)."""
    """What the figures rest on, under the table."""
    counts = f"Inhabitants at {report.reference_date.isoformat()}"
    counts += f" ({status})" if status else ""
    lines = [f"{counts}: {source}"]
    if report.source == "what-if":
        lines.append(f"Amounts split a what-if total of {_euro(report.total)} (--total).")
    elif report.source == "data":
        lines.append(
            f"Amounts split the {report.year} amount of {_euro(report.total)} in agreement.yaml."
        )
    else:
        missing = f"for {report.year} " if report.year is not None else ""
        lines.append(
            f"No annual amount {missing}is known: it comes from the GMR's vastgestelde begroting. "
            "Give one with --total EUR, or record it per year under contribution.amounts in "
            "agreement.yaml."
        )
    return lines


def _euro(value: Decimal | None) -> str:
    from .budget import format_euro

    return format_euro(value) if value is not None else ""


# --- speerpunten ----------------------------------------------------------------


def speerpunten_json(speerpunten: list[Speerpunt]) -> dict[str, Any]:
    from .tracker import roman

    return {
        "speerpunten": [
            {
                "number": s.number,
                "roman": roman(s.number),
                "slug": s.slug,
                "title": s.title,
                "heading": s.activities_heading,
                "activities": list(s.activities),
            }
            for s in speerpunten
        ]
    }


def speerpunten_text(agreement: Agreement, speerpunten: list[Speerpunt], width: int) -> str:
    """As in section 2b of the agreement: "i. heading:" then "1. activity", wrapped to
    ``width`` with a hanging indent so that wrapped lines stay under their text."""
    import textwrap

    from .tracker import roman

    lines = [f"{agreement.title}: speerpunten"]
    for s in speerpunten:
        lines.append("")
        lines += textwrap.wrap(
            f"{s.activities_heading} ({s.slug})",
            width=max(width, 40),
            initial_indent=f"{roman(s.number) + '.':>4} ",
            subsequent_indent=" " * 5,
            break_on_hyphens=False,
        )
        for n, activity in enumerate(s.activities, start=1):
            lines += textwrap.wrap(
                activity,
                width=max(width, 40),
                initial_indent=f"{n:>7}. ",
                subsequent_indent=" " * 9,
                break_on_hyphens=False,
            )
    return "\n".join(lines)
