"""The data says what the signed text says, word for word."""

from __future__ import annotations

import re
from datetime import date

import pytest

from conftest import AGREEMENT_TEXT, DATA
from opgave_cli.loader import load

TEXT = " ".join(AGREEMENT_TEXT.read_text(encoding="utf-8").split())
AGREEMENT, GEMEENTEN = load(DATA)


def test_four_speerpunten_with_23_activities() -> None:
    assert [len(s.activities) for s in AGREEMENT.speerpunten] == [6, 6, 6, 5]
    assert [s.number for s in AGREEMENT.speerpunten] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("number", "activity"),
    [(s.number, a) for s in AGREEMENT.speerpunten for a in s.activities],
)
def test_every_activity_is_verbatim(number: int, activity: str) -> None:
    assert activity in TEXT


def test_speerpunt_titles_and_headings_are_verbatim() -> None:
    roman = ["i", "ii", "iii", "iv"]
    for s in AGREEMENT.speerpunten:
        # 2a lists the titles, 2b puts the (sometimes different) heading above the activities
        assert f"{roman[s.number - 1]}. {s.title}" in TEXT
        assert f"{roman[s.number - 1]}. {s.activities_heading}:" in TEXT
    iii = AGREEMENT.speerpunten[2]
    assert iii.title == "Doorontwikkeling Health & Hightech en Energy tot (inter)nationale clusters"
    assert iii.heading == (
        "Doorontwikkeling van Health, Hightech & Energy tot (inter)nationale clusters"
    )


def test_clauses_are_verbatim() -> None:
    a = AGREEMENT
    texts = [
        a.afspraken.text,
        *a.goal.paragraphs,
        a.results.speerpunten_intro,
        a.results.activities_intro,
        a.results.activities_outro,
        *a.contribution.clauses,
        a.other.term.text,
        a.other.legal_basis,
        a.other.elaboration,
        a.other.general_conditions,
    ]
    for item in a.overwegingen.items:
        texts += [item.text, *item.items]
    for text in texts:
        assert text in TEXT


def test_term_and_counterparty() -> None:
    assert str(AGREEMENT.other.term.end) == "2024-12-31"
    assert "artikel 27, lid 1 van de Regeling" in AGREEMENT.other.legal_basis
    cp = AGREEMENT.counterparty
    assert (cp.name, cp.representative, str(cp.decision.date)) == (
        "Regio Arnhem-Nijmegen",
        "H.M.F. Bruls",
        "2022-08-31",
    )
    assert (
        f"De {cp.name}, rechtsgeldig vertegenwoordigd door zijn {cp.representative_role}, "
        f"{cp.representative}, handelend ter uitvoering van een besluit van het "
        f"{cp.decision.body} d.d 31 augustus 2022" in TEXT
    )
    assert cp.signature is None


def test_the_18_municipalities_of_the_signature_blocks_in_order() -> None:
    blocks = re.findall(r"De gemeente ([^,.]+), rechtsgeldig vertegenwoordigd", TEXT)
    assert len(blocks) == 18
    assert [g.name for g in GEMEENTEN.gemeenten] == blocks
    assert all(g.signature is None for g in GEMEENTEN.gemeenten)
    assert all(g.participates for g in GEMEENTEN.gemeenten)


def test_facts_not_in_the_text() -> None:
    by_slug = {g.slug: g for g in GEMEENTEN.gemeenten}
    assert by_slug["mook-en-middelaar"].province == "Limburg"
    assert by_slug["mook-en-middelaar"].cbs_code == "GM0944"
    # The sums of the 18 at each 1 January, CBS 03759ned, M000352 (facts.md).
    sums = {2022: 793568, 2023: 801920, 2024: 809164, 2025: 814445, 2026: 819528}
    for year, total in sums.items():
        assert sum(g.inhabitants[date(year, 1, 1)] for g in GEMEENTEN.gemeenten) == total
    assert all(len(g.inhabitants) == 5 for g in GEMEENTEN.gemeenten)
    source = GEMEENTEN.inhabitants
    assert (source.table, source.measure, source.table_version) == (
        "03759ned",
        "M000352",
        "202606230000",
    )
    assert set(source.status.values()) == {"definitief"}
    # The annual amounts are not public: they stay unset.
    assert AGREEMENT.contribution.amounts == {}
