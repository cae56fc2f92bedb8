"""`opgave contributions`, the contribution parts of `budget` and `report`: due, paid,
outstanding, to the cent.

The data is a copy of data/ with amounts for both years of the term (2023:
€ 250.000,00 on the inhabitants at 2022-01-01, 2024: € 260.000,00 on those at
2023-01-01) and a few payments. The expected dues are checked against an exact
pro-rata computation with fractions, made here, not by the code under test.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, Run
from opgave_cli.domain.ledger import contributions
from opgave_cli.domain.models import Payment, YearAmount
from opgave_cli.loader import load

AMOUNTS = """\
  amounts:
    2023: {total: "250000.00", inhabitants_at: 2022-01-01}
    2024: {total: "260000.00", inhabitants_at: 2023-01-01}
"""
PAYMENTS = """\
  - {gemeente: arnhem, year: 2023, date: 2023-03-01, amount: "52414.93", reference: F-1}
  - {gemeente: duiven, year: 2023, date: 2023-03-02, amount: "100.00"}
  - {gemeente: nijmegen, year: 2023, date: 2023-03-03, amount: "56422.38", reference: N-1}
  - {gemeente: berg-en-dal, year: 2024, date: 2023-04-01, amount: "1000.00"}
"""
# Population on 1 January 2022 and 2023 (tests/data/cbs/README.md), in file order.
COUNTS = {
    "arnhem": (163888, 165770),
    "berg-en-dal": (34951, 35420),
    "beuningen": (26235, 26573),
    "doesburg": (11036, 11081),
    "druten": (19178, 19505),
    "duiven": (24946, 24937),
    "heumen": (17175, 16824),
    "lingewaard": (46963, 47220),
    "montferland": (36359, 36882),
    "mook-en-middelaar": (7989, 8043),
    "nijmegen": (179100, 182480),
    "overbetuwe": (48266, 48707),
    "renkum": (31358, 31461),
    "rheden": (43435, 43570),
    "rozendaal": (1756, 1754),
    "westervoort": (14944, 15114),
    "wijchen": (41344, 41537),
    "zevenaar": (44645, 45042),
}
SOURCE_2022 = (
    'Inhabitants at 2022-01-01 (definitief): CBS StatLine, tabel 03759ned "Bevolking op 1 '
    'januari en gemiddeld; geslacht, leeftijd en regio" (CC BY 4.0); measure M000352 '
    '"Bevolking op 1 januari", table version 202606230000, retrieved 2026-07-02.'
)


def fill(text: str) -> str:
    return textwrap.fill(text, 100, break_on_hyphens=False) + "\n"


def set_amounts(data_dir: Path, amounts: str = AMOUNTS) -> None:
    path = data_dir / "agreement.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("  amounts: {}\n") == 1
    path.write_text(text.replace("  amounts: {}\n", amounts), encoding="utf-8")


def add_payments(data_dir: Path, lines: str = PAYMENTS) -> None:
    path = data_dir / "payments.yaml"
    path.write_text(path.read_text(encoding="utf-8") + lines, encoding="utf-8")


def set_participates(data_dir: Path, slug: str, value: bool) -> None:
    path = data_dir / "gemeenten.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - slug: {slug}\n")
    at = text.index("    participates: ", start)
    end = text.index("\n", at)
    path.write_text(text[:at] + f"    participates: {str(value).lower()}" + text[end:], "utf-8")


@pytest.fixture
def ledger(data_dir: Path) -> Path:
    set_amounts(data_dir)
    add_payments(data_dir)
    return data_dir


TABLE_2023 = """\
Opgaveovereenkomst Productieve regio 2023 - 2024: contributions, 2023
┏━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━┓
┃ Gemeente          ┃ Inhabitants ┃          Due ┃         Paid ┃        Outstanding ┃
┡━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━┩
│ Arnhem            │     163.888 │  € 51.630,11 │  € 52.414,93 │ € -784,82 overpaid │
│ Berg en Dal       │      34.951 │  € 11.010,71 │       € 0,00 │        € 11.010,71 │
│ Beuningen         │      26.235 │   € 8.264,89 │       € 0,00 │         € 8.264,89 │
│ Doesburg          │      11.036 │   € 3.476,70 │       € 0,00 │         € 3.476,70 │
│ Druten            │      19.178 │   € 6.041,70 │       € 0,00 │         € 6.041,70 │
│ Duiven            │      24.946 │   € 7.858,81 │     € 100,00 │         € 7.758,81 │
│ Heumen            │      17.175 │   € 5.410,69 │       € 0,00 │         € 5.410,69 │
│ Lingewaard        │      46.963 │  € 14.794,89 │       € 0,00 │        € 14.794,89 │
│ Montferland       │      36.359 │  € 11.454,28 │       € 0,00 │        € 11.454,28 │
│ Mook en Middelaar │       7.989 │   € 2.516,80 │       € 0,00 │         € 2.516,80 │
│ Nijmegen          │     179.100 │  € 56.422,38 │  € 56.422,38 │             € 0,00 │
│ Overbetuwe        │      48.266 │  € 15.205,38 │       € 0,00 │        € 15.205,38 │
│ Renkum            │      31.358 │   € 9.878,80 │       € 0,00 │         € 9.878,80 │
│ Rheden            │      43.435 │  € 13.683,45 │       € 0,00 │        € 13.683,45 │
│ Rozendaal         │       1.756 │     € 553,20 │       € 0,00 │           € 553,20 │
│ Westervoort       │      14.944 │   € 4.707,85 │       € 0,00 │         € 4.707,85 │
│ Wijchen           │      41.344 │  € 13.024,72 │       € 0,00 │        € 13.024,72 │
│ Zevenaar          │      44.645 │  € 14.064,64 │       € 0,00 │        € 14.064,64 │
├───────────────────┼─────────────┼──────────────┼──────────────┼────────────────────┤
│ Total             │     793.568 │ € 250.000,00 │ € 108.937,31 │       € 141.062,69 │
└───────────────────┴─────────────┴──────────────┴──────────────┴────────────────────┘
"""


def exact_dues(total_cents: int, weights: list[int]) -> list[Fraction]:
    whole = sum(weights)
    return [Fraction(total_cents * w, whole) for w in weights]


def test_the_dues_of_the_table_are_pro_rata_to_the_cent() -> None:
    """Independent of the code: each due is within a cent of the exact share, and they
    add up to the total; the figures in TABLE_2023 are these."""
    weights = [c[0] for c in COUNTS.values()]
    assert sum(weights) == 793568  # the README's total of 18 for 2022
    dues = [
        int(line.split("│")[3].strip().removeprefix("€ ").replace(".", "").replace(",", ""))
        for line in TABLE_2023.splitlines()[4:22]
    ]
    assert sum(dues) == 25_000_000
    for due, exact in zip(dues, exact_dues(25_000_000, weights), strict=True):
        assert abs(due - exact) < 1


def test_one_year_as_a_table(run: Run, ledger: Path) -> None:
    result = run("contributions", "--year", "2023")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        TABLE_2023
        + fill(
            "Due: the 2023 amount of € 250.000,00 in agreement.yaml, split by inhabitants; "
            "outstanding is due minus paid."
        )
        + fill(SOURCE_2022)
    )


def test_outstanding_only(run: Run, ledger: Path) -> None:
    result = run("contributions", "--year", "2023", "--outstanding")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    names = [line.split("│")[1].strip() for line in lines[4:] if line.startswith("│ ")]
    # Arnhem (overpaid) and Nijmegen (paid in full) have nothing left to pay.
    assert names == [
        "Berg en Dal", "Beuningen", "Doesburg", "Druten", "Duiven", "Heumen", "Lingewaard",
        "Montferland", "Mook en Middelaar", "Overbetuwe", "Renkum", "Rheden", "Rozendaal",
        "Westervoort", "Wijchen", "Zevenaar", "Total",
    ]  # fmt: skip
    assert "│ Total             │     450.580 │ € 141.947,51 │ € 100,00 │ € 141.847,51 │" in lines
    assert lines[-1] == "Only the municipalities with something left to pay (--outstanding)."


def test_json_for_one_year(run: Run, ledger: Path) -> None:
    result = run("contributions", "--year", "2023", "--json")
    assert (result.exit_code, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    assert list(data) == ["year", "total", "inhabitants_at", "rows", "totals"]
    assert (data["year"], data["total"], data["inhabitants_at"]) == (
        2023,
        "250000.00",
        "2022-01-01",
    )
    assert data["totals"] == {"due": "250000.00", "paid": "108937.31", "outstanding": "141062.69"}
    assert [r["slug"] for r in data["rows"]] == list(COUNTS)
    assert data["rows"][0] == {
        "slug": "arnhem",
        "name": "Arnhem",
        "inhabitants": 163888,
        "due": "51630.11",
        "paid": "52414.93",
        "outstanding": "-784.82",
    }
    assert data["rows"][10] == {
        "slug": "nijmegen",
        "name": "Nijmegen",
        "inhabitants": 179100,
        "due": "56422.38",
        "paid": "56422.38",
        "outstanding": "0.00",
    }
    for r in data["rows"]:
        assert [len(r[k].partition(".")[2]) for k in ("due", "paid", "outstanding")] == [2, 2, 2]
        assert Decimal(r["outstanding"]) == Decimal(r["due"]) - Decimal(r["paid"])
        assert r["inhabitants"] == COUNTS[r["slug"]][0]
    for key in ("due", "paid", "outstanding"):
        assert sum(Decimal(r[key]) for r in data["rows"]) == Decimal(data["totals"][key])
    weights = [c[0] for c in COUNTS.values()]
    for r, exact in zip(data["rows"], exact_dues(25_000_000, weights), strict=True):
        assert abs(Decimal(r["due"]) * 100 - Decimal(exact.numerator) / exact.denominator) < 1


def test_json_for_every_year_is_a_list(run: Run, ledger: Path) -> None:
    data = json.loads(run("contributions", "--json").stdout)
    assert [(d["year"], d["total"], d["inhabitants_at"]) for d in data] == [
        (2023, "250000.00", "2022-01-01"),
        (2024, "260000.00", "2023-01-01"),
    ]
    assert data[1]["totals"] == {"due": "260000.00", "paid": "1000.00", "outstanding": "259000.00"}
    assert data[1]["rows"][1] == {
        "slug": "berg-en-dal",
        "name": "Berg en Dal",
        "inhabitants": 35420,
        "due": "11483.94",
        "paid": "1000.00",
        "outstanding": "10483.94",
    }
    weights = [c[1] for c in COUNTS.values()]
    assert sum(weights) == 801920  # the README's total of 18 for 2023
    for r, exact in zip(data[1]["rows"], exact_dues(26_000_000, weights), strict=True):
        assert abs(Decimal(r["due"]) * 100 - Decimal(exact.numerator) / exact.denominator) < 1


def test_csv(run: Run, ledger: Path) -> None:
    result = run("contributions", "--csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["year", "slug", "name", "inhabitants", "due", "paid", "outstanding"]
    assert rows[1] == ["2023", "arnhem", "Arnhem", "163888", "51630.11", "52414.93", "-784.82"]
    assert rows[19] == ["2024", "arnhem", "Arnhem", "165770", "53746.26", "0.00", "53746.26"]
    assert len(rows) == 1 + 2 * 18
    assert sum(Decimal(r[4]) for r in rows[1:19]) == Decimal("250000.00")
    assert sum(Decimal(r[4]) for r in rows[19:]) == Decimal("260000.00")


def test_a_year_without_an_amount(run: Run, data_dir: Path) -> None:
    set_amounts(
        data_dir, '  amounts:\n    2023: {total: "250000.00", inhabitants_at: 2022-01-01}\n'
    )
    add_payments(data_dir)
    result = run("contributions", "--year", "2024")
    assert (result.exit_code, result.stderr) == (0, "")
    no_amount = fill(
        "No amount for 2024 is recorded in agreement.yaml (contribution.amounts), so nothing is "
        "due yet. Paid for 2024: € 1.000,00."
    )
    lines = result.stdout.splitlines(keepends=True)
    assert "".join(lines[:3]) == (
        "Opgaveovereenkomst Productieve regio 2023 - 2024: contributions, 2024\n" + no_amount
    )
    assert "┃ Gemeente          ┃       Paid ┃\n" in lines
    assert "│ Berg en Dal       │ € 1.000,00 │\n" in lines
    assert lines[-2:] == [
        "│ Total             │ € 1.000,00 │\n",
        "└───────────────────┴────────────┘\n",
    ]
    data = json.loads(run("contributions", "--year", "2024", "--json").stdout)
    assert (data["total"], data["inhabitants_at"]) == (None, None)
    assert data["totals"] == {"due": None, "paid": "1000.00", "outstanding": None}
    assert data["rows"][1] == {
        "slug": "berg-en-dal",
        "name": "Berg en Dal",
        "inhabitants": None,
        "due": None,
        "paid": "1000.00",
        "outstanding": None,
    }
    csv_rows = list(csv.reader(io.StringIO(run("contributions", "--year", "2024", "--csv").stdout)))
    assert csv_rows[2] == ["2024", "berg-en-dal", "Berg en Dal", "", "", "1000.00", ""]
    # With --outstanding there are no rows (nothing is outstanding without an amount):
    # the text says so, and does not name a sum paid that the JSON's totals (of the rows
    # shown) do not have.
    result = run("contributions", "--year", "2024", "--outstanding")
    assert result.stdout == (
        "Opgaveovereenkomst Productieve regio 2023 - 2024: contributions, 2024\n"
        + fill(
            "No amount for 2024 is recorded in agreement.yaml (contribution.amounts), so "
            "nothing is due or outstanding."
        )
    )
    data = json.loads(run("contributions", "--year", "2024", "--outstanding", "--json").stdout)
    assert (data["rows"], data["totals"]) == (
        [],
        {"due": None, "paid": "0.00", "outstanding": None},
    )


def test_the_shipped_data_has_no_amounts_and_no_payments(run: Run) -> None:
    result = run("contributions", "--year", "2023")
    assert result.stdout == (
        "Opgaveovereenkomst Productieve regio 2023 - 2024: contributions, 2023\n"
        + fill(
            "No amount for 2023 is recorded in agreement.yaml (contribution.amounts), so nothing "
            "is due yet. Paid for 2023: € 0,00."
        )
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2025"], "year 2025 is outside the term (2023-2024)"),
        (["--year", "2022"], "year 2022 is outside the term (2023-2024)"),
        (["--json", "--csv"], "choose one of --json and --csv"),
    ],
)
def test_usage_errors(run: Run, ledger: Path, args: list[str], message: str) -> None:
    result = run("contributions", *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"opgave: error: {message}\n"


# --- the sums, for any amounts and payments -----------------------------------------

AGREEMENT, GEMEENTEN = load(DATA, date(2023, 6, 1))
SLUGS = [g.slug for g in GEMEENTEN.gemeenten]
cents = st.integers(min_value=-10_000_000, max_value=10_000_000).filter(bool)
payments = st.lists(
    st.builds(
        lambda slug, year, amount: Payment(
            gemeente=slug, year=year, date=date(2023, 3, 1), amount=Decimal(amount) / 100
        ),
        st.sampled_from(SLUGS),
        st.sampled_from([2023, 2024]),
        cents,
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    totals=st.tuples(
        st.integers(min_value=0, max_value=100_000_000_000_000),
        st.integers(min_value=0, max_value=100_000_000_000_000),
    ),
    dates=st.tuples(
        st.sampled_from([date(y, 1, 1) for y in range(2022, 2027)]),
        st.sampled_from([date(y, 1, 1) for y in range(2022, 2027)]),
    ),
    ledger=payments,
    outstanding_only=st.booleans(),
)
def test_the_sums_add_up_exactly(
    totals: tuple[int, int],
    dates: tuple[date, date],
    ledger: list[Payment],
    outstanding_only: bool,
) -> None:
    amounts = {
        year: YearAmount(total=Decimal(total) / 100, inhabitants_at=when)
        for year, total, when in zip((2023, 2024), totals, dates, strict=True)
    }
    contribution = AGREEMENT.contribution.model_copy(update={"amounts": amounts})
    agreement = AGREEMENT.model_copy(update={"contribution": contribution})
    blocks = contributions(agreement, GEMEENTEN, ledger, outstanding_only=outstanding_only)
    assert [b.year for b in blocks] == [2023, 2024]
    for block, total, when in zip(blocks, totals, dates, strict=True):
        assert block.total == Decimal(total) / 100 and block.inhabitants_at == when
        weights = [g.inhabitants[when] for g in GEMEENTEN.gemeenten]
        assert [r.inhabitants for r in block.rows] == weights
        assert sum(r.due or 0 for r in block.rows) == block.total
        for r, exact in zip(block.rows, exact_dues(total, weights), strict=True):
            assert r.due is not None and r.outstanding is not None
            assert abs(r.due * 100 - Decimal(exact.numerator) / exact.denominator) < 1
            assert r.due == r.due.quantize(Decimal("0.01"))
            paid = sum(
                (p.amount for p in ledger if p.year == block.year and p.gemeente == r.slug),
                Decimal(0),
            )
            assert r.paid == paid
            assert r.outstanding == r.due - r.paid
            assert r.overpaid == (r.outstanding < 0)
        shown = block.shown
        if outstanding_only:
            assert shown == [
                r for r in block.rows if r.outstanding is not None and r.outstanding > 0
            ]
        else:
            assert shown == block.rows
            assert block.due == block.total
            assert block.paid == sum((p.amount for p in ledger if p.year == block.year), Decimal(0))
        assert block.due == sum((r.due or Decimal(0) for r in shown), Decimal(0))
        assert block.paid == sum((r.paid for r in shown), Decimal(0))
        assert block.outstanding == block.due - block.paid


# --- a municipality that does not take part -----------------------------------------


def test_not_taking_part_in_contributions(run: Run, ledger: Path) -> None:
    set_participates(ledger, "rozendaal", False)
    result = run("contributions", "--year", "2023")
    assert result.exit_code == 0
    assert result.stdout.endswith(fill(SOURCE_2022) + "Not taking part: Rozendaal.\n")
    assert "Rozendaal " not in result.stdout.split("Not taking part")[0]
    assert "│ Total             │     791.812 │ € 250.000,00 │" in result.stdout
    data = json.loads(run("contributions", "--year", "2023", "--json").stdout)
    assert "rozendaal" not in [r["slug"] for r in data["rows"]]
    assert sum(Decimal(r["due"]) for r in data["rows"]) == Decimal("250000.00")


def test_not_taking_part_in_budget(run: Run, data_dir: Path) -> None:
    set_participates(data_dir, "rozendaal", False)
    result = run("budget", "--total", "1000")
    assert result.exit_code == 0
    assert result.stdout.endswith(
        "Amounts split a what-if total of € 1.000,00 (--total).\nNot taking part: Rozendaal.\n"
    )
    assert "│ Rozendaal" not in result.stdout
    assert "│ Total             │     817.691 │ 100,00 % │ € 1.000,00 │" in result.stdout


# --- budget --inhabitants-at ---------------------------------------------------------


def test_budget_inhabitants_at(run: Run) -> None:
    result = run("budget", "--total", "1000", "--inhabitants-at", "2023-01-01")
    assert result.exit_code == 0
    assert "│ Total             │     801.920 │ 100,00 % │ € 1.000,00 │" in result.stdout
    assert result.stdout.endswith(
        fill(SOURCE_2022.replace("2022-01-01", "2023-01-01"))
        + "Amounts split a what-if total of € 1.000,00 (--total).\n"
    )
    data = json.loads(run("budget", "--inhabitants-at", "2023-01-01", "--json").stdout)
    assert (data["inhabitants_at"], data["reference_date"]) == ("2023-01-01", "2023-01-01")
    assert data["rows"][0]["inhabitants"] == 182480  # Nijmegen
    # By default the latest date in the data.
    assert json.loads(run("budget", "--json").stdout)["inhabitants_at"] == "2026-01-01"


def test_budget_for_a_year_uses_its_date(run: Run, data_dir: Path) -> None:
    set_amounts(data_dir)
    data = json.loads(run("budget", "--year", "2024", "--json").stdout)
    assert (data["total"], data["inhabitants_at"]) == ("260000.00", "2023-01-01")
    assert {r["slug"]: r["amount"] for r in data["rows"]}["berg-en-dal"] == "11483.94"


def test_budget_for_a_year_on_another_date_says_it_is_not_what_is_due(
    run: Run, data_dir: Path
) -> None:
    set_amounts(data_dir)
    result = run("budget", "--year", "2024", "--inhabitants-at", "2026-01-01")
    assert result.exit_code == 0
    assert " ".join(result.stdout.split("\n\n")[-1].split()[-30:]) == (
        "Amounts split the 2024 amount of € 260.000,00 in agreement.yaml, which splits it by "
        "the inhabitants at 2023-01-01; these use 2026-01-01 (--inhabitants-at) instead, so "
        "they are not what is due."
    )
    same = run("budget", "--year", "2024", "--inhabitants-at", "2023-01-01").stdout
    assert same.splitlines()[-1] == (
        "Amounts split the 2024 amount of € 260.000,00 in agreement.yaml."
    )


@pytest.mark.parametrize(
    ("when", "code", "message"),
    [
        (
            "2021-01-01",
            1,
            "cannot compute budget shares: gemeenten.yaml has no inhabitants at 2021-01-01 (it "
            "has 2022-01-01, 2023-01-01, 2024-01-01, 2025-01-01, 2026-01-01)",
        ),
        ("2023-02-30", 2, "--inhabitants-at 2023-02-30 is not a real calendar date"),
    ],
)
def test_budget_inhabitants_at_refused(run: Run, when: str, code: int, message: str) -> None:
    result = run("budget", "--inhabitants-at", when)
    assert (result.exit_code, result.stdout) == (code, "")
    assert result.stderr == f"opgave: error: {message}\n"


# --- report ----------------------------------------------------------------------------

REPORT_CONTRIBUTIONS = """\
## Bijdragen

Doet niet mee: Rozendaal.

### 2023

Het bedrag voor 2023 is € 250.000,00, verdeeld naar het inwonertal op 1 januari 2022; betaald € 52.514,93, openstaand € 197.485,07.

Inwoners op 1 januari 2022 (definitief): CBS StatLine, tabel 03759ned "Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio" (CC BY 4.0); onderwerp M000352 "Bevolking op 1 januari", tabelversie 202606230000, opgehaald op 2 juli 2026.

**Bijdragen 2023**

| Gemeente | Inwoners op 1 januari 2022 | Aandeel | Verschuldigd | Betaald | Openstaand |
| --- | ---: | ---: | ---: | ---: | ---: |
| Arnhem | 163.888 | 20,70 % | € 51.744,61 | € 52.414,93 | € -670,32 te veel betaald |
| Berg en Dal | 34.951 | 4,41 % | € 11.035,13 | € 0,00 | € 11.035,13 |
| Beuningen | 26.235 | 3,31 % | € 8.283,22 | € 0,00 | € 8.283,22 |
| Doesburg | 11.036 | 1,39 % | € 3.484,41 | € 0,00 | € 3.484,41 |
| Druten | 19.178 | 2,42 % | € 6.055,10 | € 0,00 | € 6.055,10 |
| Duiven | 24.946 | 3,15 % | € 7.876,24 | € 100,00 | € 7.776,24 |
| Heumen | 17.175 | 2,17 % | € 5.422,69 | € 0,00 | € 5.422,69 |
| Lingewaard | 46.963 | 5,93 % | € 14.827,70 | € 0,00 | € 14.827,70 |
| Montferland | 36.359 | 4,59 % | € 11.479,68 | € 0,00 | € 11.479,68 |
| Mook en Middelaar | 7.989 | 1,01 % | € 2.522,38 | € 0,00 | € 2.522,38 |
| Nijmegen | 179.100 | 22,62 % | € 56.547,51 | € 0,00 | € 56.547,51 |
| Overbetuwe | 48.266 | 6,10 % | € 15.239,10 | € 0,00 | € 15.239,10 |
| Renkum | 31.358 | 3,96 % | € 9.900,71 | € 0,00 | € 9.900,71 |
| Rheden | 43.435 | 5,49 % | € 13.713,80 | € 0,00 | € 13.713,80 |
| Westervoort | 14.944 | 1,89 % | € 4.718,29 | € 0,00 | € 4.718,29 |
| Wijchen | 41.344 | 5,22 % | € 13.053,60 | € 0,00 | € 13.053,60 |
| Zevenaar | 44.645 | 5,64 % | € 14.095,83 | € 0,00 | € 14.095,83 |
| **Totaal** | **791.812** | **100,00 %** | **€ 250.000,00** | **€ 52.514,93** | **€ 197.485,07** |

### 2024

Het bedrag voor 2024 is nog niet bekend, dus er is niets verschuldigd; betaald voor 2024: € 1.000,00.

## Speerpunten
"""  # noqa: E501


def test_report_contributions_section(run: Run, data_dir: Path) -> None:
    set_amounts(
        data_dir, '  amounts:\n    2023: {total: "250000.00", inhabitants_at: 2022-01-01}\n'
    )
    add_payments(data_dir, "".join(PAYMENTS.splitlines(keepends=True)[i] for i in (0, 1, 3)))
    set_participates(data_dir, "rozendaal", False)
    result = run("report")
    assert (result.exit_code, result.stderr) == (0, "")
    text = result.stdout
    start = text.index("## Bijdragen\n")
    assert text[start : text.index("## Speerpunten\n") + len("## Speerpunten\n")] == (
        REPORT_CONTRIBUTIONS
    )
    weights = [c[0] for slug, c in COUNTS.items() if slug != "rozendaal"]
    lines = REPORT_CONTRIBUTIONS.splitlines()
    first = lines.index("| --- | ---: | ---: | ---: | ---: | ---: |") + 1
    rows = [line.split(" | ") for line in lines[first : first + 17]]
    dues = [Decimal(r[3].removeprefix("€ ").replace(".", "").replace(",", ".")) for r in rows]
    assert sum(dues) == Decimal("250000.00")
    for due, exact in zip(dues, exact_dues(25_000_000, weights), strict=True):
        assert abs(due * 100 - Decimal(exact.numerator) / exact.denominator) < 1
    # Found while writing these tests: the budget section once showed the shares at
    # 2026-01-01 next to amounts split on other dates without saying so, and left out
    # who does not take part. Now each year's table is on its own date, with its shares.
    assert "Aandeel naar inwonertal op" not in text
    html = run("report", "--format", "html").stdout
    assert "<p>Doet niet mee: Rozendaal.</p>" in html
    assert '<table id="contributions-2023">' in html
    assert (
        "<p>Het bedrag voor 2024 is nog niet bekend, dus er is niets verschuldigd; betaald "
        "voor 2024: €\u00a01.000,00.</p>"  # in HTML, no line break inside an amount
    ) in html
