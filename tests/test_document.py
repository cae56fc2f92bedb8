"""The agreement regenerated from the data says what the signed original says."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from opgave_cli.domain.models import Agreement, GemeentenFile, Signature
from opgave_cli.loader import load
from opgave_cli.output.agreement_text import (
    DATE_PLACEHOLDER,
    PLACE_PLACEHOLDER,
    letter,
    render_agreement,
    signed_line,
)
from opgave_cli.text import dutch_date, roman

ROOT = Path(__file__).resolve().parents[1]
SOURCE = (
    ROOT / "docs" / "source" / "opgaveovereenkomst-productieve-regio-2023-2024.txt"
).read_text(encoding="utf-8")
AGREEMENT, GEMEENTEN = load(ROOT / "data")
UNSIGNED = render_agreement(AGREEMENT, GEMEENTEN)

ARNHEM_SIGNATURE = Signature(
    date=date(2023, 2, 1), place="Arnhem", signatory="A. Marcouch", capacity="burgemeester"
)


# --- checking sentences -----------------------------------------------------------------------

# Sentence ends, and the seams of the signature blocks (which have no punctuation).
_BOUNDARY = re.compile(
    r"(?<=[.;:])\s+"
    r"|\s+(?=Ondertekend op)"
    r"|(?<=burgemeester,)\s+"
    r"|\s+(?=\(naam\) \(handtekening\))"
    r"|(?<=\(handtekening\))\s+"
)


def normalise(text: str) -> str:
    """Every run of whitespace (line breaks, page-break blank lines, stray spaces) as one space."""
    return " ".join(text.split())


def sentences(text: str) -> list[str]:
    return [s for s in _BOUNDARY.split(normalise(text)) if s]


def missing_sentences(source: str, output: str) -> list[str]:
    """The sentences of ``source`` that ``output`` lacks, searched in order of the source."""
    out = normalise(output)
    pos = 0
    missing = []
    for sentence in sentences(source):
        found = out.find(sentence, pos)
        if found < 0:
            missing.append(sentence)
        else:
            pos = found + len(sentence)
    return missing


def test_the_source_splits_into_many_sentences() -> None:
    found = sentences(SOURCE)
    assert len(found) > 100
    # nothing is lost by splitting: the pieces are the whole source text
    assert " ".join(found) == normalise(SOURCE)
    assert (
        "ontwikkelen met partners een ecosysteem dat bijdraagt aan meer startups en nieuwe "
        "bedrijven in het MKB." in found
    )


def test_every_sentence_of_the_source_is_rendered_in_order() -> None:
    assert missing_sentences(SOURCE, UNSIGNED) == []


def test_unsigned_render_is_the_source_word_for_word() -> None:
    assert normalise(UNSIGNED) == normalise(SOURCE)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("een ecosysteem dat", "een ecosystem dat"),  # one activity word changed
        ("nieuwe bedrijven in het MKB.", "bedrijven in het MKB."),  # one word dropped
        ("bovenregionaal belang.", "bovenregionaal belang"),  # punctuation dropped
        ("besluit van het dagelijks bestuur d.d", "besluit van het dagelijks bestuur d.d."),
        ("De gemeente Rheden,", "De gemeente Rozendaal,"),  # a municipality renamed
        ("Ondertekend op\u2026\u2026\u2026..,", "Ondertekend op\u2026\u2026..,"),  # placeholder
    ],
)
def test_the_checker_catches_a_changed_word(old: str, new: str) -> None:
    assert UNSIGNED.count(old) >= 1
    assert missing_sentences(SOURCE, UNSIGNED.replace(old, new, 1)) != []


def test_the_checker_ignores_whitespace() -> None:
    mutated = UNSIGNED.replace("Metropoolregio. Voor", "Metropoolregio.\n\n  Voor").replace(
        "      1. ", "1.  "
    )
    assert mutated != UNSIGNED
    assert missing_sentences(SOURCE, mutated) == []


def test_the_checker_catches_swapped_activities() -> None:
    first = "      1. deelnemen aan regionale, nationale en Europese netwerken.\n"
    second = "      2. bijdragen aan de (inter) nationale zichtbaarheid met lobby en profilering.\n"
    assert first + second in UNSIGNED
    assert missing_sentences(SOURCE, UNSIGNED.replace(first + second, second + first)) != []


# --- layout -------------------------------------------------------------------------------------


def test_layout() -> None:
    lines = UNSIGNED.split("\n")
    assert lines[0] == "Opgaveovereenkomst Productieve regio 2023 - 2024"
    assert UNSIGNED.endswith("verder te noemen de “Groene Metropoolregio”\n")
    assert not UNSIGNED.endswith("\n\n")
    assert all(line == line.rstrip() for line in lines)
    for expected in [
        "Bestuurlijke overwegingen",
        "• De ambities van de Groene Metropoolregio zijn:",
        "  o doorgroeien naar een groene metropoolregio van internationale betekenis;",
        "Afspraken",
        "1. Doel van de opgave",
        "2. Resultaten van de opgave",
        "   iii. Doorontwikkeling Health & Hightech en Energy tot (inter)nationale clusters",
        "   iii. Doorontwikkeling van Health, Hightech & Energy tot (inter)nationale clusters:",
        "      5. Uitvoering geven aan het plan van aanpak vergroening van bestaande werklocaties.",
        "   De activiteiten zijn uitgewerkt in de regionale agenda.",
        "3. Bijdrage",
        "4. Overig",
        "a. Deze opgave heeft een looptijd tot en met 31 december 2024.",
        "d. De Algemene voorwaarden Opgavenovereenkomsten zijn van toepassing.",
        "en",
    ]:
        assert expected in lines, expected
    # one paragraph per line: no sentence is broken over lines
    assert AGREEMENT.goal.paragraphs[1] in lines


def test_unsigned_blocks_keep_the_dotted_placeholders() -> None:
    placeholder = "Ondertekend op\u2026\u2026\u2026.., te\u2026\u2026\u2026"
    assert placeholder in SOURCE.splitlines()
    assert signed_line(None) == placeholder
    assert UNSIGNED.count(placeholder + "\n") == 18
    assert (
        "Ondertekend op\u2026\u2026\u2026.., te\u2026\u2026\u2026\n\n"
        "De gemeente Berg en Dal, rechtsgeldig vertegenwoordigd door of namens de burgemeester,\n"
        "\n"
        "\n"
        "(naam) (handtekening)\n\n"
    ) in UNSIGNED


# --- signed -------------------------------------------------------------------------------------


def signed(gemeenten: GemeentenFile, slug: str, signature: Signature) -> GemeentenFile:
    return gemeenten.model_copy(
        update={
            "gemeenten": [
                g.model_copy(update={"signature": signature}) if g.slug == slug else g
                for g in gemeenten.gemeenten
            ]
        }
    )


def test_a_signed_municipality() -> None:
    text = render_agreement(AGREEMENT, signed(GEMEENTEN, "arnhem", ARNHEM_SIGNATURE))
    assert (
        "d. De Algemene voorwaarden Opgavenovereenkomsten zijn van toepassing.\n"
        "\n"
        "Ondertekend op 1 februari 2023, te Arnhem\n"
        "\n"
        "De gemeente Arnhem, rechtsgeldig vertegenwoordigd door of namens de burgemeester,\n"
        "\n"
        "A. Marcouch\n"
        "(naam) (handtekening)\n"
        "\n"
        f"Ondertekend op{DATE_PLACEHOLDER}, te{PLACE_PLACEHOLDER}\n"
        "\n"
        "De gemeente Berg en Dal,"
    ) in text
    assert text.count(f"Ondertekend op{DATE_PLACEHOLDER}") == 17
    # nothing else changes
    unsigned_again = text.replace("Ondertekend op 1 februari 2023, te Arnhem", signed_line(None))
    assert unsigned_again.replace("A. Marcouch\n", "\n") == UNSIGNED


def test_a_signed_municipality_without_place_or_signatory() -> None:
    signature = Signature(date=date(2023, 3, 9))
    text = render_agreement(AGREEMENT, signed(GEMEENTEN, "zevenaar", signature))
    assert (
        f"Ondertekend op 9 maart 2023, te{PLACE_PLACEHOLDER}\n"
        "\n"
        "De gemeente Zevenaar, rechtsgeldig vertegenwoordigd door of namens de burgemeester,\n"
        "\n"
        "\n"
        "(naam) (handtekening)\n"
        "\n"
        "en\n"
    ) in text


def test_the_counterparty_signed() -> None:
    cp = AGREEMENT.counterparty.model_copy(
        update={
            "signature": Signature(
                date=date(2023, 4, 12),
                place="Nijmegen",
                signatory="H.M.F. Bruls",
                capacity="voorzitter",
            )
        }
    )
    agreement: Agreement = AGREEMENT.model_copy(update={"counterparty": cp})
    text = render_agreement(agreement, GEMEENTEN)
    assert text.endswith(
        "(naam) (handtekening)\n"
        "\n"
        "en\n"
        "\n"
        "Ondertekend op 12 april 2023, te Nijmegen\n"
        "\n"
        "De Regio Arnhem-Nijmegen, rechtsgeldig vertegenwoordigd door zijn voorzitter, "
        "H.M.F. Bruls, handelend ter uitvoering van een besluit van het dagelijks bestuur "
        "d.d 31 augustus 2022 verder te noemen de “Groene Metropoolregio”\n"
        "\n"
        "H.M.F. Bruls\n"
        "(naam) (handtekening)\n"
    )


def test_the_counterparty_unsigned_is_the_original_paragraph() -> None:
    assert UNSIGNED.endswith(
        "\n\nen\n\n"
        "De Regio Arnhem-Nijmegen, rechtsgeldig vertegenwoordigd door zijn voorzitter, "
        "H.M.F. Bruls, handelend ter uitvoering van een besluit van het dagelijks bestuur "
        "d.d 31 augustus 2022 verder te noemen de “Groene Metropoolregio”\n"
    )


def test_render_is_pure() -> None:
    before = (AGREEMENT.model_dump(), GEMEENTEN.model_dump())
    assert render_agreement(AGREEMENT, GEMEENTEN) == UNSIGNED
    assert (AGREEMENT.model_dump(), GEMEENTEN.model_dump()) == before


# --- helpers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 1, 1), "1 januari 2023"),
        (date(2023, 2, 1), "1 februari 2023"),
        (date(2023, 3, 15), "15 maart 2023"),
        (date(2023, 4, 30), "30 april 2023"),
        (date(2023, 5, 9), "9 mei 2023"),
        (date(2023, 6, 21), "21 juni 2023"),
        (date(2024, 7, 4), "4 juli 2024"),
        (date(2022, 8, 31), "31 augustus 2022"),
        (date(2024, 9, 10), "10 september 2024"),
        (date(2024, 10, 3), "3 oktober 2024"),
        (date(2024, 11, 11), "11 november 2024"),
        (date(2024, 12, 31), "31 december 2024"),
    ],
)
def test_dutch_date(day: date, expected: str) -> None:
    assert dutch_date(day) == expected


def test_roman_and_letter() -> None:
    assert [roman(n) for n in (1, 2, 3, 4, 5, 9, 14, 40, 1999)] == [
        "i",
        "ii",
        "iii",
        "iv",
        "v",
        "ix",
        "xiv",
        "xl",
        "mcmxcix",
    ]
    assert [letter(i) for i in (0, 1, 3, 25, 26, 27)] == ["a", "b", "d", "z", "aa", "ab"]
    with pytest.raises(ValueError):
        roman(0)
    with pytest.raises(ValueError):
        letter(-1)
