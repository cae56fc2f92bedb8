"""`opgave overview` where the matrix does not fit the terminal, and the headings of its
columns (#16): each agreement in turn, nothing cut or blank; two agreements of the same
opgave and term told apart by their ids; a term within one year named by its year."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import Run
from test_overview import GREEN, ID, NEW, OLD, agreements, overview, replace_once

__all__ = ["agreements"]  # the fixture, for the tests here

# At 40 columns: an agreement at a time, the municipalities that are a party to it
# (Montferland is none to the 2025-2028 ones), then its countersignature and count.
BLOCKS_40 = """\
3 agreements

Productieve regio 2023-2024 (until
2024-12-31)
┌────────────────────┬─────────────────┐
│ Arnhem             │ signed          │
│                    │ 2023-02-01      │
│ Berg-en-Dal        │ unsigned        │
│ gemeente           │                 │
│ Beuningen          │ unsigned        │
│ Doesburg           │ unsigned        │
│ Druten             │ unsigned        │
│ Duiven             │ unsigned        │
│ Heumen             │ unsigned        │
│ Lingewaard         │ unsigned        │
│ Mook en Middelaar  │ unsigned        │
│ Nijmegen           │ signed          │
│                    │ 2023-02-15      │
│ Overbetuwe         │ unsigned        │
│ Renkum             │ unsigned        │
│ Rheden             │ unsigned        │
│ Rozendaal          │ unsigned        │
│ Westervoort        │ unsigned        │
│ Wijchen            │ unsigned        │
│ Zevenaar           │ unsigned        │
│ Montferland        │ signed          │
│                    │ 2023-02-20      │
├────────────────────┼─────────────────┤
│ GMR                │ signed          │
│ (countersignature) │ 2023-03-01      │
├────────────────────┼─────────────────┤
│ Signed             │ 3 of 18         │
└────────────────────┴─────────────────┘

Groene groeiregio 2025-2028 (until
2028-12-31)
┌────────────────────┬─────────────────┐
│ Arnhem             │ unsigned        │
│ Berg-en-Dal        │ signed          │
│ gemeente           │ 2025-01-28      │
│ Beuningen          │ unsigned        │
│ Doesburg           │ unsigned        │
│ Druten             │ unsigned        │
│ Duiven             │ unsigned        │
│ Heumen             │ unsigned        │
│ Lingewaard         │ unsigned        │
│ Mook en Middelaar  │ not taking part │
│ Nijmegen           │ signed          │
│                    │ 2025-01-30      │
│ Overbetuwe         │ unsigned        │
│ Renkum             │ unsigned        │
│ Rheden             │ unsigned        │
│ Rozendaal          │ unsigned        │
│ Westervoort        │ unsigned        │
│ Wijchen            │ unsigned        │
│ Zevenaar           │ unsigned        │
├────────────────────┼─────────────────┤
│ GMR                │ signed          │
│ (countersignature) │ 2025-02-01      │
├────────────────────┼─────────────────┤
│ Signed             │ 2 of 16         │
└────────────────────┴─────────────────┘

Productieve regio 2025-2028 (until
2028-12-31)
┌────────────────────┬─────────────────┐
│ Arnhem             │ signed          │
│                    │ 2025-01-20      │
│ Berg-en-Dal        │ signed          │
│ gemeente           │ 2025-01-27      │
│ Beuningen          │ unsigned        │
│ Doesburg           │ unsigned        │
│ Druten             │ unsigned        │
│ Duiven             │ unsigned        │
│ Heumen             │ unsigned        │
│ Lingewaard         │ unsigned        │
│ Mook en Middelaar  │ unsigned        │
│ Nijmegen           │ unsigned        │
│ Overbetuwe         │ unsigned        │
│ Renkum             │ unsigned        │
│ Rheden             │ unsigned        │
│ Rozendaal          │ not taking part │
│ Westervoort        │ unsigned        │
│ Wijchen            │ unsigned        │
│ Zevenaar           │ unsigned        │
├────────────────────┼─────────────────┤
│ GMR                │ unsigned        │
│ (countersignature) │                 │
├────────────────────┼─────────────────┤
│ Signed             │ 2 of 16         │
└────────────────────┴─────────────────┘
"""


def test_too_narrow_for_the_matrix_each_agreement_in_turn(run: Run, agreements: Path) -> None:
    # Before: columns of no width (blank cells) and names spilling over.
    result = overview(run, "agreements", COLUMNS="40")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == BLOCKS_40


def test_at_60_columns_each_state_is_on_one_line(run: Run, agreements: Path) -> None:
    lines = overview(run, "agreements", COLUMNS="60").stdout.splitlines()
    assert lines[:7] == [
        "3 agreements",
        "",
        "Productieve regio 2023-2024 (until 2024-12-31)",
        "┌────────────────────────┬───────────────────┐",
        "│ Arnhem                 │ signed 2023-02-01 │",
        "│ Berg-en-Dal gemeente   │ unsigned          │",
        "│ Beuningen              │ unsigned          │",
    ]
    assert lines[21:28] == [
        "│ Montferland            │ signed 2023-02-20 │",
        "├────────────────────────┼───────────────────┤",
        "│ GMR (countersignature) │ signed 2023-03-01 │",
        "├────────────────────────┼───────────────────┤",
        "│ Signed                 │ 3 of 18           │",
        "└────────────────────────┴───────────────────┘",
        "",
    ]
    assert lines[28] == "Groene groeiregio 2025-2028 (until 2028-12-31)"
    assert all(len(line) <= 60 for line in lines)


def test_unsigned_too_narrow_for_the_matrix(run: Run, agreements: Path) -> None:
    # The rows of the matrix with --unsigned (not Berg-en-Dal, not Montferland).
    lines = overview(run, "agreements", "--unsigned", COLUMNS="60").stdout.splitlines()
    last = lines.index("Productieve regio 2025-2028 (until 2028-12-31)")
    assert lines[last:] == [
        "Productieve regio 2025-2028 (until 2028-12-31)",
        "┌────────────────────────┬───────────────────┐",
        "│ Arnhem                 │ signed 2025-01-20 │",
        "│ Beuningen              │ unsigned          │",
        "│ Doesburg               │ unsigned          │",
        "│ Druten                 │ unsigned          │",
        "│ Duiven                 │ unsigned          │",
        "│ Heumen                 │ unsigned          │",
        "│ Lingewaard             │ unsigned          │",
        "│ Mook en Middelaar      │ unsigned          │",
        "│ Nijmegen               │ unsigned          │",
        "│ Overbetuwe             │ unsigned          │",
        "│ Renkum                 │ unsigned          │",
        "│ Rheden                 │ unsigned          │",
        "│ Rozendaal              │ not taking part   │",
        "│ Westervoort            │ unsigned          │",
        "│ Wijchen                │ unsigned          │",
        "│ Zevenaar               │ unsigned          │",
        "├────────────────────────┼───────────────────┤",
        "│ GMR (countersignature) │ unsigned          │",
        "├────────────────────────┼───────────────────┤",
        "│ Signed                 │ 2 of 16           │",
        "└────────────────────────┴───────────────────┘",
    ]


def test_narrower_still_a_line_per_municipality(run: Run, agreements: Path) -> None:
    lines = overview(run, "agreements", COLUMNS="30").stdout.splitlines()
    assert lines[:6] == [
        "3 agreements",
        "",
        "Productieve regio 2023-2024",
        "(until 2024-12-31)",
        "Arnhem: signed 2023-02-01",
        "Berg-en-Dal gemeente: unsigned",
    ]
    assert lines[21:25] == [
        "Montferland: signed 2023-02-20",
        "GMR (countersignature): signed",
        "2023-03-01",
        "Signed: 3 of 18",
    ]
    assert all(len(line) <= 30 for line in lines)


def same_opgave_and_term(agreements: Path) -> None:
    """A copy of the first agreement under another id (the same opgave and term), and
    the Groene groeiregio agreement turned into one of a single year, 2028."""
    copy = agreements / "zz-copy"
    shutil.copytree(agreements / OLD, copy)
    replace_once(copy / "agreement.yaml", f"id: {ID[OLD]}", f"id: {ID[OLD]}-copy")
    replace_once(agreements / GREEN / "agreement.yaml", "first_year: 2025", "first_year: 2028")


HEADINGS = [
    f"Productieve regio 2023-2024, {ID[OLD]} (until 2024-12-31)",
    f"Productieve regio 2023-2024, {ID[OLD]}-copy (until 2024-12-31)",
    "Groene groeiregio 2028 (until 2028-12-31)",  # before: "Groene groeiregio 2028-2028"
    "Productieve regio 2025-2028 (until 2028-12-31)",
]


def test_headings_that_would_read_the_same_name_their_ids(run: Run, agreements: Path) -> None:
    same_opgave_and_term(agreements)
    text = overview(run, "agreements", COLUMNS="80")
    assert (text.exit_code, text.stderr) == (0, "")
    lines = text.stdout.splitlines()
    assert [lines[i : i + 2] for i, line in enumerate(lines) if line == ""] == [
        [
            "",
            "Productieve regio 2023-2024, opgaveovereenkomst-productieve-regio-2023-2024",
        ],
        [
            "",
            "Productieve regio 2023-2024, opgaveovereenkomst-productieve-regio-2023-2024-copy",
        ],
        ["", "Groene groeiregio 2028 (until 2028-12-31)"],
        ["", "Productieve regio 2025-2028 (until 2028-12-31)"],
    ]
    wide = overview(run, "agreements", COLUMNS="250").stdout.splitlines()
    assert wide[2].split("┃")[2:4] == [
        " Productieve regio 2023-2024,                                    ",
        " Productieve regio 2023-2024,                                   ",
    ]
    assert wide[3].split("┃")[2:4] == [
        f" {ID[OLD]} (until           ",
        f" {ID[OLD]}-copy (until     ",
    ]
    assert [cell.strip() for cell in wide[4].split("┃")[4:6]] == HEADINGS[2:]
    md = run("report", "--overview", "agreements", "--lang", "en", today="2025-06-01").stdout
    assert md.splitlines()[6] == "| Gemeente | " + " | ".join(HEADINGS) + " |"
    html = run(
        "report", "--overview", "agreements", "--format", "html", "--lang", "en",
        today="2025-06-01",
    ).stdout  # fmt: skip
    th = "".join(f'<th scope="col">{h}</th>' for h in ["Gemeente", *HEADINGS])
    assert f"<thead><tr>{th}</tr></thead>" in html
    # CSV and JSON name each agreement by its id, as before.
    csv_head = overview(run, "agreements", "--csv").stdout.splitlines()[0]
    ids = [ID[OLD], f"{ID[OLD]}-copy", ID[GREEN], ID[NEW]]
    assert csv_head == ",".join(["cbs_code", "name", *ids])
    as_json = json.loads(overview(run, "agreements", "--json").stdout)
    assert [a["id"] for a in as_json["agreements"]] == ids
