"""Several agreements at once: who has signed which, as one matrix. Pure: no I/O.

The GMR has one opgaveovereenkomst per opgave and period, and each municipality
decides which opgaven it joins. Rows are municipalities, matched across the
agreements by CBS code and named as in the newest agreement; columns are the
agreements; a last row holds each counterparty's countersignature.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from ..i18n import _
from .parties import Party, parties

if TYPE_CHECKING:
    from ..errors import Problem
    from .models import Agreement, GemeentenFile

# A data folder as read: its name, its models (None where invalid) and every problem.
Folder = tuple[str, "Agreement | None", "GemeentenFile | None", "list[Problem]"]

State = Literal["signed", "unsigned", "not-taking-part", "not-a-party"]


@dataclass(frozen=True)
class Cell:
    state: State
    date: date | None = None


@dataclass(frozen=True)
class Column:
    """One agreement."""

    id: str
    title: str
    short: str  # "Productieve regio 2023-2024", "Verbonden regio 2025"; see _short
    term_end: date
    term_ended: bool
    signed: int  # municipalities that take part and have signed
    total: int  # municipalities that take part
    counterparty: Cell
    counterparty_name: str
    language: str = "nl"  # the agreement's own


@dataclass(frozen=True)
class Row:
    cbs_code: str
    name: str
    cells: dict[str, Cell]  # by agreement id


@dataclass(frozen=True)
class Matrix:
    columns: list[Column]
    rows: list[Row]
    unsigned_only: bool = False
    invalid: list[tuple[str, str]] = field(default_factory=list)  # (folder, why)

    @property
    def languages(self) -> list[str]:
        """The agreements' own languages, in column order."""
        return [c.language for c in self.columns]

    @property
    def shown(self) -> list[Row]:
        if not self.unsigned_only:
            return self.rows
        open_ids = {c.id for c in self.columns if not c.term_ended}
        return [r for r in self.rows if any(r.cells[i].state == "unsigned" for i in open_ids)]

    @property
    def counterparty_shown(self) -> bool:
        if not self.columns:
            return False
        if not self.unsigned_only:
            return True
        return any(c.counterparty.state == "unsigned" and not c.term_ended for c in self.columns)


def _cell(party: Party | None) -> Cell:
    if party is None:
        return Cell("not-a-party")
    if party.signature is not None:
        return Cell("signed", party.signature.date)
    return Cell("unsigned" if party.participates else "not-taking-part")


def matrix(
    agreements: list[tuple[Agreement, GemeentenFile]],
    today: date,
    *,
    unsigned_only: bool = False,
    invalid: list[tuple[str, str]] | None = None,
) -> Matrix:
    """The matrix of ``agreements`` (valid ones, ids unique), oldest column first."""
    ordered = sorted(agreements, key=lambda a: (a[0].other.term.end, a[0].id))
    columns = []
    by_code: dict[str, dict[str, Party]] = {}
    names: dict[str, str] = {}
    order: list[str] = []
    for agreement, gemeenten in ordered:
        everyone = parties(agreement, gemeenten)
        municipalities = [p for p in everyone if not p.is_counterparty]
        term = agreement.other.term
        taking_part = [p for p in municipalities if p.participates]
        columns.append(
            Column(
                id=agreement.id,
                title=agreement.title,
                short=_short(agreement),
                term_end=term.end,
                term_ended=today > term.end,
                signed=sum(p.signature is not None for p in taking_part),
                total=len(taking_part),
                counterparty=_cell(everyone[-1]),
                counterparty_name=everyone[-1].name,
                language=agreement.language,
            )
        )
        for gemeente, party in zip(gemeenten.gemeenten, municipalities, strict=True):
            by_code.setdefault(gemeente.cbs_code, {})[agreement.id] = party
            names[gemeente.cbs_code] = gemeente.name  # the newest agreement's name wins
    # Rows in the order of the newest agreement, then those it does not have.
    for _agreement, gemeenten in reversed(ordered):
        order += [g.cbs_code for g in gemeenten.gemeenten if g.cbs_code not in order]
    rows = [
        Row(code, names[code], {c.id: _cell(by_code[code].get(c.id)) for c in columns})
        for code in order
    ]
    return Matrix(_distinct(columns), rows, unsigned_only, invalid or [])


def _short(agreement: Agreement) -> str:
    """The opgave and the years of its term: ``Productieve regio 2023-2024``, or
    ``Verbonden regio 2025`` for a term within one year."""
    term = agreement.other.term
    years = str(term.first_year)
    if term.end.year != term.first_year:
        years += f"-{term.end.year}"
    return f"{agreement.opgave} {years}"


def _distinct(columns: list[Column]) -> list[Column]:
    """The columns, each of those that share their opgave, years and end of term with
    another (and so would share its heading) with its id added to its short title:
    ``Productieve regio 2023-2024, opgaveovereenkomst-productieve-regio-2023-2024-01``."""
    from collections import Counter
    from dataclasses import replace

    shared = Counter((c.short, c.term_end) for c in columns)
    return [
        replace(c, short=f"{c.short}, {c.id}") if shared[c.short, c.term_end] > 1 else c
        for c in columns
    ]


def usable(
    folders: list[Folder],
) -> tuple[list[tuple[Agreement, GemeentenFile]], list[tuple[str, str]]]:
    """The agreements that can be shown, and each folder that cannot, with why: its
    first error (as `opgave check` finds it), or an agreement id that an earlier folder
    already has."""
    from ..errors import errors_only

    valid: list[tuple[Agreement, GemeentenFile]] = []
    invalid: list[tuple[str, str]] = []
    ids: dict[str, str] = {}
    for folder, agreement, gemeenten, problems in folders:
        errors = errors_only(problems)
        if errors or agreement is None or gemeenten is None:
            first = str(errors[0]) if errors else _("invalid data")
            if len(errors) > 1:
                first = _("{problem} (and {count} more)").format(
                    problem=first, count=len(errors) - 1
                )
            invalid.append((folder, first))
            continue
        if agreement.id in ids:
            invalid.append(
                (
                    folder,
                    _("agreement id '{id}' is also the id in {folder}").format(
                        id=agreement.id, folder=ids[agreement.id]
                    ),
                )
            )
            continue
        ids[agreement.id] = folder
        valid.append((agreement, gemeenten))
    return valid, invalid
