from __future__ import annotations

import json

import pytest

from conftest import Run

HUMAN_CAPITAL = """\
Opgaveovereenkomst Productieve regio 2023 - 2024: speerpunten

 ii. Human Capital (human-capital)
      1. borgen van de afspraken uit de Human Capital Agenda en het Human Capital Akkoord.
      2. zorgen voor verbindingen tussen behoefte MKB en aanbod en zorgen voor kennisdeling.
      3. zorgen voor een aantrekkelijke regio om talent te behouden.
      4. inzicht geven in financieringsbronnen en deze inzetten voor alle projecten die nodig zijn
         om tot een evenwichtige arbeidsmarkt te komen.
      5. verbinding leggen tussen lokale en regionale projecten en de Investeringsagenda.
      6. samenwerkingspartner van TEB en provincie om gezamenlijk met andere stakeholders tot een
         goede evenwichtige arbeidsmarkt te komen.
"""


@pytest.mark.parametrize("query", ["2", "ii", "II", "ii.", "human-capital", "human"])
def test_select_one_speerpunt(run: Run, query: str) -> None:
    result = run("speerpunten", query)
    assert result.exit_code == 0
    assert result.stdout == HUMAN_CAPITAL


def test_all_speerpunten_in_order_with_2b_headings(run: Run) -> None:
    result = run("speerpunten")
    assert result.exit_code == 0
    headings = [
        line
        for line in result.stdout.splitlines()
        if line[:5].strip().endswith(".") and not line.startswith("      ")
    ]
    assert headings == [
        "  i. Stimuleren ondernemerschap MKB (stimuleren-ondernemerschap-mkb)",
        " ii. Human Capital (human-capital)",
        "iii. Doorontwikkeling van Health, Hightech & Energy tot (inter)nationale clusters",
        " iv. Toekomstbestendige werklocaties (toekomstbestendige-werklocaties)",
    ]
    assert "     (health-hightech-energy)\n      1. deelnemen aan regionale" in result.stdout
    assert result.stdout.count("      1. ") == 4


def test_speerpunten_json(run: Run) -> None:
    result = run("speerpunten", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)["speerpunten"]
    assert [(s["number"], s["roman"], s["slug"], len(s["activities"])) for s in data] == [
        (1, "i", "stimuleren-ondernemerschap-mkb", 6),
        (2, "ii", "human-capital", 6),
        (3, "iii", "health-hightech-energy", 6),
        (4, "iv", "toekomstbestendige-werklocaties", 5),
    ]
    assert data[2]["title"] != data[2]["heading"]
    assert data[3]["activities"][-1] == (
        "Uitvoering geven aan het plan van aanpak vergroening van bestaande werklocaties."
    )
    one = json.loads(run("speerpunten", "iv", "--json").stdout)["speerpunten"]
    assert [s["number"] for s in one] == [4]


@pytest.mark.parametrize("query", ["5", "v", "x", "", "-"])
def test_unknown_speerpunt_is_a_usage_error(run: Run, query: str) -> None:
    result = run("speerpunten", query)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"opgave: error: unknown speerpunt '{query}'; choose one of "
        "1 (i, stimuleren-ondernemerschap-mkb), 2 (ii, human-capital), "
        "3 (iii, health-hightech-energy), 4 (iv, toekomstbestendige-werklocaties)\n"
    )


def test_every_command_has_help_with_an_example(run: Run) -> None:
    from opgave_cli.cli import app

    names = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
    assert names
    for name in names:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example: opgave " + name in " ".join(result.stdout.split()), name


def test_an_ambiguous_start_names_the_candidates(run: Run) -> None:
    result = run("speerpunten", "h")
    assert (result.exit_code, result.stderr) == (
        2,
        "opgave: error: 'h' is ambiguous: it matches human-capital, health-hightech-energy\n",
    )
