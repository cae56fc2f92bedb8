"""Output of `opgave speerpunten`: the numbered activities as text or JSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..i18n import _
from ..text import roman
from . import Out, Reporter

if TYPE_CHECKING:
    from ..domain.models import Speerpunt


@dataclass(frozen=True)
class Selection:
    title: str  # the agreement's
    speerpunten: list[Speerpunt]


def speerpunten_json(selection: Selection, out: Out) -> None:
    out.json(
        {
            "speerpunten": [
                {
                    "number": s.number,
                    "roman": roman(s.number),
                    "slug": s.slug,
                    "title": s.title,
                    "heading": s.activities_heading,
                    "activities": list(s.activities),
                }
                for s in selection.speerpunten
            ]
        }
    )


def speerpunten_text(selection: Selection, out: Out) -> None:
    """As in section 2b of the agreement: "i. heading:" then "1. activity", wrapped to the
    console's width with a hanging indent so that wrapped lines stay under their text."""
    import textwrap

    width = max(out.width, 40)
    lines = [_("{title}: speerpunten").format(title=selection.title)]
    for s in selection.speerpunten:
        lines.append("")
        lines += textwrap.wrap(
            f"{s.activities_heading} ({s.slug})",
            width=width,
            initial_indent=f"{roman(s.number) + '.':>4} ",
            subsequent_indent=" " * 5,
            break_on_hyphens=False,
        )
        for n, activity in enumerate(s.activities, start=1):
            lines += textwrap.wrap(
                activity,
                width=width,
                initial_indent=f"{n:>7}. ",
                subsequent_indent=" " * 9,
                break_on_hyphens=False,
            )
    out.print("\n".join(lines), soft_wrap=True)


SPEERPUNTEN_FORMATS: dict[str, Reporter[Selection]] = {
    "text": speerpunten_text,
    "json": speerpunten_json,
}
