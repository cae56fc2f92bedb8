"""The agreement text in Dutch, regenerated from the models: the `render` command. Pure: no I/O.

``render_agreement`` lays the text out as the signed original
(``docs/source/opgaveovereenkomst-productieve-regio-2023-2024.txt``) with the
signature blocks filled in from the data. On unsigned data its words and
punctuation are those of the original, in the same order: only whitespace
differs (see the tests).

Layout decisions:

- Plain UTF-8 text, lines joined with ``\\n``, one final newline, no trailing
  spaces. Paragraphs are not hard-wrapped: every paragraph, clause, bullet and
  list item is one line, so that sentences stay intact and can be searched
  and diffed; wrapping is left to the viewer.
- Sections are numbered 1-4 by position (goal, results, contribution, other);
  clauses within a section are lettered a, b, c ... from their list index;
  the speerpunten use lower-case roman numerals from their ``number``; the
  activities are numbered 1, 2, 3 ... from their list index.
- Nested lists are indented by a fixed step: the "o " sub-items by 2 under
  their "• " bullet; the "i. " speerpunten by 3 under their "a. "/"b. "
  clause, and their "1. " activities by 6.
- One signature block per municipality, in file order. An unsigned block keeps
  the dotted placeholders of the original; a signed one shows the date in
  Dutch, the place (or the dotted placeholder when it is unknown) and the
  signatory's name on the line above "(naam) (handtekening)".
- The counterparty's block follows "en", worded as in the original (including
  "d.d" without a final dot). The original has no signature line for it; when
  the GMR has signed, its "Ondertekend op ..., te ..." line is put above its
  block and its signatory and "(naam) (handtekening)" below it, mirroring the
  municipalities' blocks. Unsigned, the block is exactly the original's.
"""

from __future__ import annotations

from ..domain.models import Agreement, Counterparty, Gemeente, GemeentenFile, Signature
from ..text import dutch_date, roman

# The dotted placeholders of the unsigned original, character for character:
# "Ondertekend op……….., te………" (U+2026 HORIZONTAL ELLIPSIS and full stops).
DATE_PLACEHOLDER = "\u2026\u2026\u2026.."
PLACE_PLACEHOLDER = "\u2026\u2026\u2026"

BULLET = "• "
SUB_BULLET = "o "
SIGNATURE_LABEL = "(naam) (handtekening)"


def letter(index: int) -> str:
    """The list letter of a 0-based index: 0 -> ``a``, 25 -> ``z``, 26 -> ``aa``."""
    if index < 0:
        raise ValueError(f"no list letter for {index}")
    out = ""
    n = index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def signed_line(signature: Signature | None) -> str:
    """``Ondertekend op <date>, te <place>``, dotted where the data has no value."""
    if signature is None:
        return f"Ondertekend op{DATE_PLACEHOLDER}, te{PLACE_PLACEHOLDER}"
    place = f" {signature.place}" if signature.place else PLACE_PLACEHOLDER
    return f"Ondertekend op {dutch_date(signature.date)}, te{place}"


def _indent(level: int, text: str) -> str:
    return " " * level + text


def _overwegingen(agreement: Agreement) -> list[str]:
    ov = agreement.overwegingen
    lines = [ov.heading]
    for item in ov.items:
        lines.append(BULLET + item.text)
        lines += [_indent(len(BULLET), SUB_BULLET + sub) for sub in item.items]
    return lines


def _afspraken(agreement: Agreement) -> list[str]:
    return [agreement.afspraken.heading, "", agreement.afspraken.text]


def _goal(agreement: Agreement, number: int) -> list[str]:
    lines = [f"{number}. {agreement.goal.heading}"]
    for paragraph in agreement.goal.paragraphs:
        lines += ["", paragraph]
    return lines


def _results(agreement: Agreement, number: int) -> list[str]:
    results = agreement.results
    pad = len("a. ")
    lines = [f"{number}. {results.heading}", f"{letter(0)}. {results.speerpunten_intro}", ""]
    lines += [_indent(pad, f"{roman(s.number)}. {s.title}") for s in agreement.speerpunten]
    lines += ["", f"{letter(1)}. {results.activities_intro}"]
    for s in agreement.speerpunten:
        lines += ["", _indent(pad, f"{roman(s.number)}. {s.activities_heading}:")]
        lines += [
            _indent(2 * pad, f"{i}. {activity}") for i, activity in enumerate(s.activities, start=1)
        ]
    lines += ["", _indent(pad, results.activities_outro)]
    return lines


def _clauses(heading: str, number: int, clauses: list[str], *, spaced: bool) -> list[str]:
    lines = [f"{number}. {heading}"]
    for i, clause in enumerate(clauses):
        if spaced and i:
            lines.append("")
        lines.append(f"{letter(i)}. {clause}")
    return lines


def _gemeente_block(gemeente: Gemeente) -> list[str]:
    signature = gemeente.signature
    signatory = signature.signatory if signature and signature.signatory else ""
    return [
        signed_line(signature),
        "",
        f"De gemeente {gemeente.name}, rechtsgeldig vertegenwoordigd door of namens de "
        "burgemeester,",
        "",
        signatory,
        SIGNATURE_LABEL,
    ]


def counterparty_text(cp: Counterparty) -> str:
    """The counterparty's paragraph of the signature page, worded as in the original."""
    return (
        f"De {cp.name}, rechtsgeldig vertegenwoordigd door zijn {cp.representative_role}, "
        f"{cp.representative}, handelend ter uitvoering van een besluit van het "
        f"{cp.decision.body} d.d {dutch_date(cp.decision.date)} verder te noemen de "
        f"“{cp.also_known_as}”"
    )


def _counterparty_block(cp: Counterparty) -> list[str]:
    signature = cp.signature
    if signature is None:
        return [counterparty_text(cp)]
    return [
        signed_line(signature),
        "",
        counterparty_text(cp),
        "",
        signature.signatory or "",
        SIGNATURE_LABEL,
    ]


def render_agreement(agreement: Agreement, gemeenten: GemeentenFile) -> str:
    """The full agreement text in Dutch, with the signature blocks filled in."""
    other = agreement.other
    blocks: list[list[str]] = [
        [agreement.title],
        _overwegingen(agreement),
        _afspraken(agreement),
        _goal(agreement, 1),
        _results(agreement, 2),
        _clauses(
            agreement.contribution.heading, 3, list(agreement.contribution.clauses), spaced=True
        ),
        _clauses(
            other.heading,
            4,
            [other.term.text, other.legal_basis, other.elaboration, other.general_conditions],
            spaced=False,
        ),
        *(_gemeente_block(g) for g in gemeenten.gemeenten),
        ["en"],
        _counterparty_block(agreement.counterparty),
    ]
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"
