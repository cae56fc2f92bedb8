"""`opgave budget` through the CLI: exact output, machine formats, exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import Run

SOURCE = (
    'Inhabitants at 2026-01-01 (definitief): CBS StatLine, tabel 03759ned "Bevolking op 1 januari '
    'en gemiddeld; geslacht, leeftijd en regio" (CC BY 4.0); measure M000352 "Bevolking op 1 '
    'januari", table version 202606230000, retrieved 2026-07-02.'
)
BY_NAME_250000 = """\
Opgaveovereenkomst Productieve regio 2023 - 2024: contribution by inhabitants
┏━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┓
┃ Gemeente          ┃ Inhabitants ┃    Share ┃       Amount ┃                ┃
┡━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━┩
│ Arnhem            │     171.822 │  20,97 % │  € 52.414,93 │ ████████████▋  │
│ Berg en Dal       │      35.700 │   4,36 % │  € 10.890,42 │ ██▋            │
│ Beuningen         │      26.868 │   3,28 % │   € 8.196,18 │ ██             │
│ Doesburg          │      11.173 │   1,36 % │   € 3.408,36 │ ▉              │
│ Druten            │      20.019 │   2,44 % │   € 6.106,87 │ █▌             │
│ Duiven            │      24.852 │   3,03 % │   € 7.581,19 │ █▉             │
│ Heumen            │      16.978 │   2,07 % │   € 5.179,20 │ █▎             │
│ Lingewaard        │      47.802 │   5,83 % │  € 14.582,17 │ ███▌           │
│ Montferland       │      37.014 │   4,52 % │  € 11.291,26 │ ██▊            │
│ Mook en Middelaar │       8.192 │   1,00 % │   € 2.499,00 │ ▋              │
│ Nijmegen          │     189.871 │  23,17 % │  € 57.920,84 │ ██████████████ │
│ Overbetuwe        │      49.266 │   6,01 % │  € 15.028,77 │ ███▋           │
│ Renkum            │      31.356 │   3,83 % │   € 9.565,26 │ ██▎            │
│ Rheden            │      43.849 │   5,35 % │  € 13.376,30 │ ███▎           │
│ Rozendaal         │       1.837 │   0,22 % │     € 560,38 │ ▏              │
│ Westervoort       │      15.253 │   1,86 % │   € 4.652,98 │ █▏             │
│ Wijchen           │      42.106 │   5,14 % │  € 12.844,59 │ ███▏           │
│ Zevenaar          │      45.570 │   5,56 % │  € 13.901,30 │ ███▍           │
├───────────────────┼─────────────┼──────────┼──────────────┼────────────────┤
│ Total             │     819.528 │ 100,00 % │ € 250.000,00 │                │
└───────────────────┴─────────────┴──────────┴──────────────┴────────────────┘
{source}
Amounts split a what-if total of € 250.000,00 (--total).
"""


def test_budget_table_with_a_what_if_total(run: Run) -> None:
    result = run("budget", "--total", "250000", "--sort", "name")
    assert result.exit_code == 0
    wrapped = textwrap.fill(SOURCE, 100, break_on_hyphens=False)
    assert result.stdout == BY_NAME_250000.format(source=wrapped)


def test_budget_sorted_by_share_by_default(run: Run) -> None:
    result = run("budget", "--total", "250000")
    rows = [
        line.split("│")[1].strip() for line in result.stdout.splitlines() if line.startswith("│ ")
    ]
    assert rows[:3] == ["Nijmegen", "Arnhem", "Overbetuwe"]
    assert rows[-2:] == ["Rozendaal", "Total"]


def test_budget_without_a_total_shows_shares_and_says_how_to_get_amounts(run: Run) -> None:
    result = run("budget")
    assert result.exit_code == 0
    assert "Amount" not in result.stdout
    assert "│ Total             │     819.528 │ 100,00 % │" in result.stdout
    assert " ".join(result.stdout.split()).endswith(
        "No annual amount is known: it comes from the GMR's vastgestelde begroting. Give one "
        "with --total EUR, or record it per year under contribution.amounts in agreement.yaml."
    )
    assert "Inhabitants at 2026-01-01 (definitief)" in result.stdout


def test_budget_json_shape(run: Run) -> None:
    result = run("budget", "--total", "0.17", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {
        k: data[k] for k in ("year", "total", "source", "basis", "reference_date", "sum_amount")
    } == {
        "year": None,
        "total": "0.17",
        "source": "what-if",
        "basis": "inhabitants",
        "reference_date": "2026-01-01",
        "sum_amount": "0.17",
    }
    assert data["rows"][0] == {
        "slug": "nijmegen",
        "name": "Nijmegen",
        "inhabitants": 189871,
        "share": "0.231683",
        "percent": "23.17",
        "amount": "0.04",
    }
    assert sum(Decimal(r["amount"]) for r in data["rows"]) == Decimal("0.17")
    assert sum(Decimal(r["share"]) for r in data["rows"]) == Decimal("1")
    assert json.loads(run("budget", "--json").stdout)["rows"][0]["amount"] is None


def test_budget_csv(run: Run) -> None:
    result = run("budget", "--total", "1234567.89", "--csv", "--sort", "name")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.stdout.splitlines()[0] == "slug,name,inhabitants,share,percent,amount"
    assert rows[0] == {
        "slug": "arnhem",
        "name": "Arnhem",
        "inhabitants": "171822",
        "share": "0.209660",
        "percent": "20.97",
        "amount": "258839.14",
    }
    assert len(rows) == 18
    assert sum(Decimal(r["amount"]) for r in rows) == Decimal("1234567.89")


def test_budget_uses_the_amount_recorded_for_a_year(run: Run, data_dir: Path) -> None:
    path = data_dir / "agreement.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "amounts: {}", 'amounts: {2024: {total: "100000.00", inhabitants_at: 2023-01-01}}'
        ),
        encoding="utf-8",
    )
    data = json.loads(run("budget", "--year", "2024", "--json").stdout)
    assert (data["year"], data["total"], data["source"]) == (2024, "100000.00", "data")
    assert data["sum_amount"] == "100000.00"
    text = run("budget", "--year", "2024").stdout
    assert "Amounts split the 2024 amount of € 100.000,00 in agreement.yaml." in text
    none = run("budget", "--year", "2023").stdout
    assert "No annual amount for 2023 is known" in none


def test_a_participating_municipality_without_inhabitants(run: Run, data_dir: Path) -> None:
    path = data_dir / "gemeenten.yaml"
    path.write_text(
        re.sub(r"    inhabitants: \{2022-01-01: 11036, .*\}\n", "", path.read_text("utf-8")),
        encoding="utf-8",
    )
    result = run("budget", "--total", "1000")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "opgave: error: cannot compute budget shares: Doesburg takes part in the opgave but "
        "has no inhabitants at 2026-01-01 in gemeenten.yaml\n"
    )


def test_a_municipality_that_does_not_take_part_has_no_share(run: Run, data_dir: Path) -> None:
    path = data_dir / "gemeenten.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "2026-01-01: 1837}\n    participates: true", "2026-01-01: 1837}\n    participates: false"
    )
    path.write_text(text, encoding="utf-8")
    data = json.loads(run("budget", "--total", "100", "--json").stdout)
    assert "rozendaal" not in [r["slug"] for r in data["rows"]]
    assert len(data["rows"]) == 17
    assert data["sum_amount"] == "100.00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--total", "-5"], "--total: must not be negative, got '-5'"),
        (
            ["--total", "abc"],
            "--total: expected an amount in euro, e.g. \"250000.00\", got 'abc'",
        ),
        (
            ["--total", "1.2345"],
            "--total: at most two decimals (whole cents), got '1.2345'",
        ),
        (
            ["--total", "250.000"],
            "--total: '250.000' can be read two ways: write 250000 or 250.000,00 for "
            "€ 250.000,00, or 250.00 for € 250,00",
        ),
        (["--year", "2030"], "year 2030 is outside the term (2023-2024)"),
        (["--sort", "size"], "--sort must be share or name, got 'size'"),
        (["--json", "--csv"], "choose one of --json and --csv"),
    ],
)
def test_budget_usage_errors(run: Run, args: list[str], message: str) -> None:
    result = run("budget", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"opgave: error: {message}\n",
    )


@pytest.mark.parametrize("columns", ["50", "60", "70"])
def test_figures_are_never_cut_off_in_a_narrow_terminal(run: Run, columns: str) -> None:
    result = run("budget", "--total", "250000", env={"COLUMNS": columns})
    assert result.exit_code == 0
    assert "…" not in result.stdout
    assert "€ 57.920,84" in result.stdout and "€ 250.000,00" in result.stdout
    assert "█" not in result.stdout  # the bars go first
    assert all(line == line.rstrip() for line in result.stdout.splitlines()[:2])
