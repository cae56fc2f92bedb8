"""`opgave overview PATH...`, `opgave check PATH...` and `opgave report --overview`
(#16): several agreements side by side, municipalities matched by CBS code.

The layout is built in a temporary folder, as a repository of agreements would hold
it: the shipped agreement, and two of the 2025-2028 period derived from it (17
municipalities without Montferland, a later term, a municipality that does not take
part, a name that differs from the shipped one under the same CBS code). What is
derived is test data only: nothing of it goes into data/.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, Result, Run

OLD = "productieve-regio-2023-2024"
NEW = "productieve-regio-2025-2028"
GREEN = "groene-groeiregio-2025-2028"
ID = {name: f"opgaveovereenkomst-{name}" for name in (OLD, NEW, GREEN)}
AFTER_THE_FIRST_TERM = "2025-06-01"
WIDE = {"COLUMNS": "160"}

# The shipped order, with Montferland last where the 2025-2028 agreements leave it out.
CODES = {
    "Arnhem": "GM0202", "Berg-en-Dal gemeente": "GM1945", "Beuningen": "GM0209",
    "Doesburg": "GM0221", "Druten": "GM0225", "Duiven": "GM0226", "Heumen": "GM0252",
    "Lingewaard": "GM1705", "Mook en Middelaar": "GM0944", "Nijmegen": "GM0268",
    "Overbetuwe": "GM1734", "Renkum": "GM0274", "Rheden": "GM0275", "Rozendaal": "GM0277",
    "Westervoort": "GM0293", "Wijchen": "GM0296", "Zevenaar": "GM0299",
    "Montferland": "GM1955",
}  # fmt: skip


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def drop_gemeente(path: Path, slug: str) -> None:
    """Removes the block of one municipality (it is not a party to this agreement)."""
    head, _, body = path.read_text(encoding="utf-8").partition("gemeenten:\n")
    blocks = body.split("\n\n")
    kept = [b for b in blocks if f"slug: {slug}\n" not in b]
    assert len(kept) == len(blocks) - 1
    path.write_text(head + "gemeenten:\n" + "\n\n".join(kept), encoding="utf-8")


def not_taking_part(path: Path, slug: str) -> None:
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - slug: {slug}\n")
    at = text.index("participates: true", start)
    path.write_text(
        text[:at] + "participates: false" + text[at + len("participates: true") :],
        encoding="utf-8",
    )


def period_2025_2028(folder: Path, name: str, opgave: str) -> None:
    """The shipped agreement turned into one of the 2025-2028 period (test data)."""
    agreement = folder / "agreement.yaml"
    replace_once(agreement, f"id: {ID[OLD]}", f"id: {ID[name]}")
    replace_once(
        agreement,
        "title: Opgaveovereenkomst Productieve regio 2023 - 2024",
        f"title: Opgaveovereenkomst {opgave} 2025 - 2028",
    )
    replace_once(agreement, "opgave: Productieve regio", f"opgave: {opgave}")
    replace_once(agreement, "first_year: 2023", "first_year: 2025")
    replace_once(agreement, "end: 2024-12-31", "end: 2028-12-31")
    # A stand-in for the decision: the date of the "Regionale agenda 2025-2028 &
    # begroting 2025-2028" (facts.md), not a decision to sign these agreements.
    replace_once(agreement, "date: 2022-08-31", "date: 2024-09-11")
    # Montferland left the GMR on 1 January 2025.
    drop_gemeente(folder / "gemeenten.yaml", "montferland")


def sign(run: Run, folder: Path, party: str, when: str) -> None:
    result = run(
        "--data-dir", str(folder), "sign", party, "--date", when,
        "--place", "Nijmegen", "--signatory", "T. Est", today=when,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr


def build(run: Run, root: Path) -> Path:
    """``root/agreements/`` with three agreements, some of them signed."""
    agreements = root / "agreements"
    old, new, green = (agreements / name for name in (OLD, NEW, GREEN))
    for folder in (old, new, green):
        shutil.copytree(DATA, folder)
    period_2025_2028(new, NEW, "Productieve regio")
    period_2025_2028(green, GREEN, "Groene groeiregio")
    # The same municipality (CBS code GM1945) under another name in the newest agreement.
    replace_once(new / "gemeenten.yaml", "name: Berg en Dal\n", "name: Berg-en-Dal gemeente\n")
    not_taking_part(new / "gemeenten.yaml", "rozendaal")
    not_taking_part(green / "gemeenten.yaml", "mook-en-middelaar")
    sign(run, old, "arnhem", "2023-02-01")
    sign(run, old, "nijmegen", "2023-02-15")
    sign(run, old, "montferland", "2023-02-20")
    sign(run, old, "gmr", "2023-03-01")
    sign(run, new, "arnhem", "2025-01-20")
    sign(run, new, "berg-en-dal", "2025-01-27")
    sign(run, green, "berg-en-dal", "2025-01-28")
    sign(run, green, "nijmegen", "2025-01-30")
    sign(run, green, "gmr", "2025-02-01")
    return agreements


@pytest.fixture
def agreements(run: Run, project: Path) -> Path:
    return build(run, project)


def overview(run: Run, *args: str, today: str = AFTER_THE_FIRST_TERM, **env: str) -> Result:
    return run("overview", *args, today=today, env={**WIDE, **env})


TABLE = """\
3 agreements
┏━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
┃                        ┃ Productieve regio 2023-2024 (until         ┃ Groene groeiregio 2025-2028 (until         ┃ Productieve regio 2025-2028 (until        ┃
┃ Gemeente               ┃ 2024-12-31)                                ┃ 2028-12-31)                                ┃ 2028-12-31)                               ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩
│ Arnhem                 │ signed 2023-02-01                          │ unsigned                                   │ signed 2025-01-20                         │
│ Berg-en-Dal gemeente   │ unsigned                                   │ signed 2025-01-28                          │ signed 2025-01-27                         │
│ Beuningen              │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Doesburg               │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Druten                 │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Duiven                 │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Heumen                 │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Lingewaard             │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Mook en Middelaar      │ unsigned                                   │ not taking part                            │ unsigned                                  │
│ Nijmegen               │ signed 2023-02-15                          │ signed 2025-01-30                          │ unsigned                                  │
│ Overbetuwe             │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Renkum                 │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Rheden                 │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Rozendaal              │ unsigned                                   │ unsigned                                   │ not taking part                           │
│ Westervoort            │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Wijchen                │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Zevenaar               │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Montferland            │ signed 2023-02-20                          │ not a party                                │ not a party                               │
├────────────────────────┼────────────────────────────────────────────┼────────────────────────────────────────────┼───────────────────────────────────────────┤
│ GMR (countersignature) │ signed 2023-03-01                          │ signed 2025-02-01                          │ unsigned                                  │
├────────────────────────┼────────────────────────────────────────────┼────────────────────────────────────────────┼───────────────────────────────────────────┤
│ Signed                 │ 3 of 18                                    │ 2 of 16                                    │ 2 of 16                                   │
└────────────────────────┴────────────────────────────────────────────┴────────────────────────────────────────────┴───────────────────────────────────────────┘
"""  # noqa: E501

NARROW = """\
3 agreements
┏━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃                    ┃ Productieve   ┃ Groene        ┃ Productieve   ┃
┃                    ┃ regio         ┃ groeiregio    ┃ regio         ┃
┃                    ┃ 2023-2024     ┃ 2025-2028     ┃ 2025-2028     ┃
┃                    ┃ (until        ┃ (until        ┃ (until        ┃
┃ Gemeente           ┃ 2024-12-31)   ┃ 2028-12-31)   ┃ 2028-12-31)   ┃
┡━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ Arnhem             │ signed        │ unsigned      │ signed        │
│                    │ 2023-02-01    │               │ 2025-01-20    │
│ Berg-en-Dal        │ unsigned      │ signed        │ signed        │
│ gemeente           │               │ 2025-01-28    │ 2025-01-27    │
│ Beuningen          │ unsigned      │ unsigned      │ unsigned      │
│ Doesburg           │ unsigned      │ unsigned      │ unsigned      │
│ Druten             │ unsigned      │ unsigned      │ unsigned      │
│ Duiven             │ unsigned      │ unsigned      │ unsigned      │
│ Heumen             │ unsigned      │ unsigned      │ unsigned      │
│ Lingewaard         │ unsigned      │ unsigned      │ unsigned      │
│ Mook en Middelaar  │ unsigned      │ not taking    │ unsigned      │
│                    │               │ part          │               │
│ Nijmegen           │ signed        │ signed        │ unsigned      │
│                    │ 2023-02-15    │ 2025-01-30    │               │
│ Overbetuwe         │ unsigned      │ unsigned      │ unsigned      │
│ Renkum             │ unsigned      │ unsigned      │ unsigned      │
│ Rheden             │ unsigned      │ unsigned      │ unsigned      │
│ Rozendaal          │ unsigned      │ unsigned      │ not taking    │
│                    │               │               │ part          │
│ Westervoort        │ unsigned      │ unsigned      │ unsigned      │
│ Wijchen            │ unsigned      │ unsigned      │ unsigned      │
│ Zevenaar           │ unsigned      │ unsigned      │ unsigned      │
│ Montferland        │ signed        │ not a party   │ not a party   │
│                    │ 2023-02-20    │               │               │
├────────────────────┼───────────────┼───────────────┼───────────────┤
│ GMR                │ signed        │ signed        │ unsigned      │
│ (countersignature) │ 2023-03-01    │ 2025-02-01    │               │
├────────────────────┼───────────────┼───────────────┼───────────────┤
│ Signed             │ 3 of 18       │ 2 of 16       │ 2 of 16       │
└────────────────────┴───────────────┴───────────────┴───────────────┘
"""

UNSIGNED = """\
3 agreements
┏━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
┃                        ┃ Productieve regio 2023-2024 (until         ┃ Groene groeiregio 2025-2028 (until         ┃ Productieve regio 2025-2028 (until        ┃
┃ Gemeente               ┃ 2024-12-31)                                ┃ 2028-12-31)                                ┃ 2028-12-31)                               ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩
│ Arnhem                 │ signed 2023-02-01                          │ unsigned                                   │ signed 2025-01-20                         │
│ Beuningen              │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Doesburg               │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Druten                 │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Duiven                 │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Heumen                 │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Lingewaard             │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Mook en Middelaar      │ unsigned                                   │ not taking part                            │ unsigned                                  │
│ Nijmegen               │ signed 2023-02-15                          │ signed 2025-01-30                          │ unsigned                                  │
│ Overbetuwe             │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Renkum                 │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Rheden                 │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Rozendaal              │ unsigned                                   │ unsigned                                   │ not taking part                           │
│ Westervoort            │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Wijchen                │ unsigned                                   │ unsigned                                   │ unsigned                                  │
│ Zevenaar               │ unsigned                                   │ unsigned                                   │ unsigned                                  │
├────────────────────────┼────────────────────────────────────────────┼────────────────────────────────────────────┼───────────────────────────────────────────┤
│ GMR (countersignature) │ signed 2023-03-01                          │ signed 2025-02-01                          │ unsigned                                  │
├────────────────────────┼────────────────────────────────────────────┼────────────────────────────────────────────┼───────────────────────────────────────────┤
│ Signed                 │ 3 of 18                                    │ 2 of 16                                    │ 2 of 16                                   │
└────────────────────────┴────────────────────────────────────────────┴────────────────────────────────────────────┴───────────────────────────────────────────┘
"""  # noqa: E501

CSV = """\
cbs_code,name,opgaveovereenkomst-productieve-regio-2023-2024,opgaveovereenkomst-groene-groeiregio-2025-2028,opgaveovereenkomst-productieve-regio-2025-2028
GM0202,Arnhem,signed 2023-02-01,unsigned,signed 2025-01-20
GM1945,Berg-en-Dal gemeente,unsigned,signed 2025-01-28,signed 2025-01-27
GM0209,Beuningen,unsigned,unsigned,unsigned
GM0221,Doesburg,unsigned,unsigned,unsigned
GM0225,Druten,unsigned,unsigned,unsigned
GM0226,Duiven,unsigned,unsigned,unsigned
GM0252,Heumen,unsigned,unsigned,unsigned
GM1705,Lingewaard,unsigned,unsigned,unsigned
GM0944,Mook en Middelaar,unsigned,not taking part,unsigned
GM0268,Nijmegen,signed 2023-02-15,signed 2025-01-30,unsigned
GM1734,Overbetuwe,unsigned,unsigned,unsigned
GM0274,Renkum,unsigned,unsigned,unsigned
GM0275,Rheden,unsigned,unsigned,unsigned
GM0277,Rozendaal,unsigned,unsigned,not taking part
GM0293,Westervoort,unsigned,unsigned,unsigned
GM0296,Wijchen,unsigned,unsigned,unsigned
GM0299,Zevenaar,unsigned,unsigned,unsigned
GM1955,Montferland,signed 2023-02-20,not a party,not a party
"""

MARKDOWN = """\
# Agreements: who has signed which (3 agreements)

Made on 2025-06-01.

**Signatures of each municipality, by agreement**

| Gemeente | Productieve regio 2023-2024 (until 2024-12-31) | Groene groeiregio 2025-2028 (until 2028-12-31) | Productieve regio 2025-2028 (until 2028-12-31) |
| --- | --- | --- | --- |
| Arnhem | signed 2023-02-01 | unsigned | signed 2025-01-20 |
| Berg-en-Dal gemeente | unsigned | signed 2025-01-28 | signed 2025-01-27 |
| Beuningen | unsigned | unsigned | unsigned |
| Doesburg | unsigned | unsigned | unsigned |
| Druten | unsigned | unsigned | unsigned |
| Duiven | unsigned | unsigned | unsigned |
| Heumen | unsigned | unsigned | unsigned |
| Lingewaard | unsigned | unsigned | unsigned |
| Mook en Middelaar | unsigned | not taking part | unsigned |
| Nijmegen | signed 2023-02-15 | signed 2025-01-30 | unsigned |
| Overbetuwe | unsigned | unsigned | unsigned |
| Renkum | unsigned | unsigned | unsigned |
| Rheden | unsigned | unsigned | unsigned |
| Rozendaal | unsigned | unsigned | not taking part |
| Westervoort | unsigned | unsigned | unsigned |
| Wijchen | unsigned | unsigned | unsigned |
| Zevenaar | unsigned | unsigned | unsigned |
| Montferland | signed 2023-02-20 | not a party | not a party |
| GMR (countersignature) | signed 2023-03-01 | signed 2025-02-01 | unsigned |
| **Signed** | **3 of 18** | **2 of 16** | **2 of 16** |
"""  # noqa: E501

# Each municipality's state in the three columns, oldest agreement first: a date is
# "signed" on that date.
STATES = {
    "Arnhem": ("2023-02-01", "unsigned", "2025-01-20"),
    "Berg-en-Dal gemeente": ("unsigned", "2025-01-28", "2025-01-27"),
    "Beuningen": ("unsigned", "unsigned", "unsigned"),
    "Doesburg": ("unsigned", "unsigned", "unsigned"),
    "Druten": ("unsigned", "unsigned", "unsigned"),
    "Duiven": ("unsigned", "unsigned", "unsigned"),
    "Heumen": ("unsigned", "unsigned", "unsigned"),
    "Lingewaard": ("unsigned", "unsigned", "unsigned"),
    "Mook en Middelaar": ("unsigned", "not-taking-part", "unsigned"),
    "Nijmegen": ("2023-02-15", "2025-01-30", "unsigned"),
    "Overbetuwe": ("unsigned", "unsigned", "unsigned"),
    "Renkum": ("unsigned", "unsigned", "unsigned"),
    "Rheden": ("unsigned", "unsigned", "unsigned"),
    "Rozendaal": ("unsigned", "unsigned", "not-taking-part"),
    "Westervoort": ("unsigned", "unsigned", "unsigned"),
    "Wijchen": ("unsigned", "unsigned", "unsigned"),
    "Zevenaar": ("unsigned", "unsigned", "unsigned"),
    "Montferland": ("2023-02-20", "not-a-party", "not-a-party"),
}
COLUMNS = (OLD, GREEN, NEW)  # by term end, then id


def cell(value: str) -> dict[str, Any]:
    if value[0].isdigit():
        return {"state": "signed", "date": value}
    return {"state": value, "date": None}


def expected_json(names: list[str]) -> dict[str, Any]:
    return {
        "agreements": [
            {
                "id": ID[OLD],
                "title": "Opgaveovereenkomst Productieve regio 2023 - 2024",
                "term_end": "2024-12-31",
                "signed": 3,
                "total": 18,
                "counterparty": cell("2023-03-01"),
            },
            {
                "id": ID[GREEN],
                "title": "Opgaveovereenkomst Groene groeiregio 2025 - 2028",
                "term_end": "2028-12-31",
                "signed": 2,
                "total": 16,
                "counterparty": cell("2025-02-01"),
            },
            {
                "id": ID[NEW],
                "title": "Opgaveovereenkomst Productieve regio 2025 - 2028",
                "term_end": "2028-12-31",
                "signed": 2,
                "total": 16,
                "counterparty": cell("unsigned"),
            },
        ],
        "gemeenten": [
            {
                "cbs_code": CODES[name],
                "name": name,
                "agreements": {
                    ID[column]: cell(state)
                    for column, state in zip(COLUMNS, STATES[name], strict=True)
                },
            }
            for name in names
        ],
        "invalid": [],
    }


def open_rows() -> list[str]:
    """The municipalities with something to sign in an agreement still running (the
    2025-2028 ones, after the first term): not Berg-en-Dal (signed both), not
    Montferland (a party only to the first)."""
    return [n for n, states in STATES.items() if "unsigned" in states[1:]]


# The overview.


def test_overview_is_one_table_of_every_agreement(run: Run, agreements: Path) -> None:
    result = overview(run, "agreements")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == TABLE
    lines = result.stdout.splitlines()
    assert lines[-4] == (
        "│ GMR (countersignature) │ signed 2023-03-01                          "
        "│ signed 2025-02-01                          "
        "│ unsigned                                  │"
    ), "the countersignatures are the last row"
    assert lines[-2] == (
        "│ Signed                 │ 3 of 18                                    "
        "│ 2 of 16                                    "
        "│ 2 of 16                                   │"
    ), (
        "the counts of those who take part: Montferland is no party after 2024, "
        "Mook en Middelaar and Rozendaal each stay out of one"
    )


def test_names_wrap_in_a_narrow_terminal(run: Run, agreements: Path) -> None:
    result = overview(run, "agreements", COLUMNS="70")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == NARROW
    assert max(len(line) for line in result.stdout.splitlines()) <= 70
    assert "│ (countersignature) │" in result.stdout  # no word cut (before: "(countersignat|ure)")


def test_one_row_per_cbs_code_named_as_in_the_newest_agreement(run: Run, agreements: Path) -> None:
    # "Berg en Dal" in the first two agreements, "Berg-en-Dal gemeente" in the newest.
    rows = json.loads(overview(run, "agreements", "--json").stdout)["gemeenten"]
    assert [r["name"] for r in rows if r["cbs_code"] == "GM1945"] == ["Berg-en-Dal gemeente"]
    assert "Berg en Dal" not in overview(run, "agreements").stdout
    assert len(rows) == 18


def test_overview_json(run: Run, agreements: Path) -> None:
    result = overview(run, "agreements", "--json")
    assert (result.exit_code, result.stderr) == (0, "")
    expected = expected_json(list(STATES))
    assert json.loads(result.stdout) == expected
    assert result.stdout == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"


def test_overview_csv(run: Run, agreements: Path) -> None:
    result = overview(run, "agreements", "--csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == CSV
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["name"] for r in rows] == list(STATES)
    assert rows[-1] == {
        "cbs_code": "GM1955",
        "name": "Montferland",
        ID[OLD]: "signed 2023-02-20",
        ID[GREEN]: "not a party",
        ID[NEW]: "not a party",
    }


def test_unsigned_counts_only_the_agreements_still_running(run: Run, agreements: Path) -> None:
    result = overview(run, "agreements", "--unsigned")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == UNSIGNED
    as_json = json.loads(overview(run, "agreements", "--unsigned", "--json").stdout)
    assert as_json == expected_json(open_rows())
    names = [
        r.split(",")[1]
        for r in overview(run, "agreements", "--unsigned", "--csv").stdout.splitlines()[1:]
    ]
    assert names == open_rows()


def test_unsigned_leaves_out_the_countersignatures_when_all_are_in(
    run: Run, agreements: Path
) -> None:
    sign(run, agreements / NEW, "gmr", "2025-03-01")
    result = overview(run, "agreements", "--unsigned")
    assert result.exit_code == 0
    assert "countersignature" not in result.stdout
    assert result.stdout.splitlines()[-4].startswith("│ Zevenaar ")
    # Without --unsigned the row is there, with every countersignature.
    assert "│ GMR (countersignature) │ signed 2023-03-01 " in overview(run, "agreements").stdout


def test_unsigned_with_nothing_left_to_sign(run: Run, agreements: Path) -> None:
    # The first agreement's term has ended: nothing in it is still to sign.
    result = overview(run, "--unsigned", f"agreements/{OLD}")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "1 agreement\nNothing is still to sign in an agreement whose term has not ended.\n"
    )


def test_a_folder_given_twice_is_read_once(run: Run, agreements: Path) -> None:
    result = overview(run, f"agreements/{OLD}", "agreements", f"./agreements/{OLD}/")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == TABLE


def test_the_data_folder_options_do_not_change_what_overview_reads(
    run: Run, agreements: Path
) -> None:
    result = run(
        "--data-dir", f"agreements/{OLD}", "overview", "agreements",
        today=AFTER_THE_FIRST_TERM, env={**WIDE, "OPGAVE_DATA_DIR": f"agreements/{NEW}"},
    )  # fmt: skip
    assert (result.exit_code, result.stdout) == (0, TABLE)


# Folders that cannot be shown.


def break_folder(agreements: Path, name: str = "broken") -> Path:
    """A fourth agreement with two errors: an empty title and a malformed CBS code."""
    folder = agreements / name
    shutil.copytree(agreements / NEW, folder)
    replace_once(folder / "agreement.yaml", f"id: {ID[NEW]}", "id: broken")
    replace_once(
        folder / "agreement.yaml",
        "title: Opgaveovereenkomst Productieve regio 2025 - 2028",
        'title: ""',
    )
    replace_once(folder / "gemeenten.yaml", "cbs_code: GM0202", "cbs_code: XX0202")
    return folder


BROKEN = (
    "opgave: error: not shown: agreements/broken: agreements/broken/agreement.yaml:14:8: "
    "title: must not be empty (and 1 more)\n"
)


def test_an_invalid_folder_is_named_and_the_others_are_shown(run: Run, agreements: Path) -> None:
    break_folder(agreements)
    result = overview(run, "agreements")
    assert (result.exit_code, result.stdout, result.stderr) == (1, TABLE, BROKEN)
    # The first error is the one `opgave check` lists first.
    check = run("check", "agreements/broken", today=AFTER_THE_FIRST_TERM)
    assert check.exit_code == 1
    assert check.stdout.startswith(
        "agreements/broken/agreement.yaml:14:8: error: title: must not be empty [empty]\n"
        "agreements/broken/gemeenten.yaml:30:15: error: gemeenten[arnhem].cbs_code: "
    )


def test_an_invalid_folder_in_json_and_csv(run: Run, agreements: Path) -> None:
    break_folder(agreements)
    as_csv = overview(run, "agreements", "--csv")
    assert (as_csv.exit_code, as_csv.stdout, as_csv.stderr) == (1, CSV, BROKEN)
    as_json = overview(run, "agreements", "--json")
    assert (as_json.exit_code, as_json.stderr) == (1, BROKEN)
    assert json.loads(as_json.stdout)["invalid"] == [
        {
            "folder": "agreements/broken",
            "problem": "agreements/broken/agreement.yaml:14:8: title: must not be empty "
            "(and 1 more)",
        }
    ]


def test_an_invalid_folder_alone_shows_no_table(run: Run, agreements: Path) -> None:
    break_folder(agreements)
    result = overview(run, "agreements/broken")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "0 agreements\n", BROKEN)


def test_a_folder_whose_ledger_fails_check_is_not_shown(run: Run, agreements: Path) -> None:
    ledger = agreements / OLD / "payments.yaml"
    ledger.write_text(ledger.read_text(encoding="utf-8") + "payments: []\n", encoding="utf-8")
    result = overview(run, "agreements")
    assert result.exit_code == 1
    assert result.stdout.startswith("2 agreements\n")
    assert result.stderr == (
        f"opgave: error: not shown: agreements/{OLD}: agreements/{OLD}/payments.yaml:10:1: "
        "payments: duplicate key 'payments' (first on line 9)\n"
    )
    assert run("check", f"agreements/{OLD}", today=AFTER_THE_FIRST_TERM).exit_code == 1


def test_two_folders_with_the_same_id(run: Run, agreements: Path) -> None:
    shutil.copytree(agreements / OLD, agreements / "zz-copy")
    result = overview(run, "agreements")
    assert (result.exit_code, result.stdout) == (1, TABLE)
    assert result.stderr == (
        f"opgave: error: not shown: agreements/zz-copy: agreement id '{ID[OLD]}' "
        f"is also the id in agreements/{OLD}\n"
    )
    check = run("check", "agreements", today=AFTER_THE_FIRST_TERM)
    assert check.exit_code == 1
    assert (
        f"agreements/zz-copy/agreement.yaml:13:5: error: id: agreement id '{ID[OLD]}' "
        f"is also the id in agreements/{OLD} [duplicate-id]\n"
    ) in check.stdout


@pytest.mark.parametrize("command", ["overview", "check"])
def test_paths_that_hold_no_agreement_are_usage_errors(
    run: Run, agreements: Path, command: str
) -> None:
    (agreements.parent / "empty" / "below").mkdir(parents=True)
    (agreements / OLD / "notes.txt").write_text("not a data file\n", encoding="utf-8")
    for path, why in (
        ("nowhere", "nowhere: no such folder"),
        ("empty", "empty: no agreement.yaml in it or in a folder directly below it"),
        (f"agreements/{OLD}/notes.txt", f"agreements/{OLD}/notes.txt: not a folder"),
    ):
        result = run(command, "agreements", path, today=AFTER_THE_FIRST_TERM)
        assert (result.exit_code, result.stdout, result.stderr) == (
            2,
            "",
            f"opgave: error: {why}\n",
        ), path


@pytest.mark.parametrize("command", ["overview", "check"])
def test_a_data_file_names_its_folder(run: Run, agreements: Path, command: str) -> None:
    """As pre-commit passes the files a commit changes (issue #21)."""
    by_file = run(command, f"agreements/{OLD}/payments.yaml", today=AFTER_THE_FIRST_TERM)
    by_folder = run(command, f"agreements/{OLD}", today=AFTER_THE_FIRST_TERM)
    assert (by_file.exit_code, by_file.stdout) == (by_folder.exit_code, by_folder.stdout)
    assert by_file.exit_code == 0


def test_overview_needs_a_path_and_one_format(run: Run, agreements: Path) -> None:
    result = overview(run)
    assert (result.exit_code, result.stdout) == (2, "")
    assert "Missing argument 'PATH'." in result.stderr
    both = overview(run, "agreements", "--json", "--csv")
    assert (both.exit_code, both.stdout, both.stderr) == (
        2,
        "",
        "opgave: error: choose one of --json and --csv\n",
    )


# opgave check PATH...


def test_check_of_a_repository_of_agreements(run: Run, agreements: Path) -> None:
    files = [
        f"agreements/{n}/{f}.yaml"
        for n in sorted(COLUMNS)
        for f in ("agreement", "gemeenten", "payments")
    ]
    result = run("check", "agreements", today=AFTER_THE_FIRST_TERM)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"agreements/{OLD}/agreement.yaml:120:10: warning: other.term.end: the term ended "
        "on 2024-12-31 and 15 of 19 parties have not signed [term-ended]\n"
        f"OK: {', '.join(files[:-1])} and {files[-1]}: 0 errors, 1 warning\n"
    )
    strict = run("check", "--strict", "agreements", today=AFTER_THE_FIRST_TERM)
    assert strict.exit_code == 1


def test_check_of_several_folders_lists_every_problem_of_each(run: Run, agreements: Path) -> None:
    break_folder(agreements)
    other = agreements.parent / "other"
    shutil.copytree(agreements / GREEN, other)
    replace_once(other / "gemeenten.yaml", "cbs_code: GM0299", "cbs_code: GM0202")
    result = run("check", "agreements/broken", "other", today=AFTER_THE_FIRST_TERM)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "agreements/broken/agreement.yaml:14:8: error: title: must not be empty [empty]",
        "agreements/broken/gemeenten.yaml:30:15: error: gemeenten[arnhem].cbs_code: 'XX0202' is "
        "not a CBS gemeentecode: GM and four digits, e.g. GM0202 [format]",
        "other/gemeenten.yaml:158:15: error: gemeenten[zevenaar].cbs_code: cbs_code 'GM0202' is "
        "used twice (also gemeenten[#1]) [unique]",
        "Failed: agreements/broken/agreement.yaml, agreements/broken/gemeenten.yaml, "
        "agreements/broken/payments.yaml, other/agreement.yaml, other/gemeenten.yaml and "
        "other/payments.yaml: 3 errors, 0 warnings",
    ]
    assert result.stderr == ""
    # GitHub annotations for both folders, from one run.
    github = run(
        "check", "--format", "github", "agreements/broken", "other", today=AFTER_THE_FIRST_TERM
    )
    assert github.exit_code == 1
    assert [line.split(",")[0] for line in github.stdout.splitlines()] == [
        "::error file=agreements/broken/agreement.yaml",
        "::error file=agreements/broken/gemeenten.yaml",
        "::error file=other/gemeenten.yaml",
    ]
    good = run("check", f"agreements/{OLD}", f"agreements/{NEW}", today=AFTER_THE_FIRST_TERM)
    assert good.exit_code == 0


# opgave report --overview


def test_report_overview_markdown(run: Run, agreements: Path) -> None:
    result = run(
        "report", "--overview", "agreements", "--format", "markdown", "--lang", "en",
        today=AFTER_THE_FIRST_TERM,
    )  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == MARKDOWN
    # Without --lang, in the agreements' own language (all three are in Dutch).
    dutch = run("report", "--overview", "agreements", today=AFTER_THE_FIRST_TERM).stdout
    lines = dutch.splitlines()
    assert lines[:5] == [
        "# Overeenkomsten: wie heeft welke ondertekend (3 overeenkomsten)",
        "",
        "Gemaakt op 1 juni 2025.",
        "",
        "**Ondertekening per gemeente en per overeenkomst**",
    ]
    assert lines[8] == (
        "| Arnhem | ondertekend 01-02-2023 | nog niet ondertekend | ondertekend 20-01-2025 |"
    )
    assert lines[-1] == "| **Ondertekend** | **3 van 18** | **2 van 16** | **2 van 16** |"


VOID = {"meta", "br", "hr", "img", "input", "link", "wbr"}


class Page(HTMLParser):
    """The tags of a page, checked for balance, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: set[str] = set()
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"</{tag}> closes nothing open")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_page(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    assert parser.problems == [] and parser.open == [], (parser.problems, parser.open)
    return parser


def test_report_overview_html_escapes_every_value(run: Run, agreements: Path) -> None:
    markup = "<script>alert(1)</script>"
    green = agreements / GREEN / "agreement.yaml"
    replace_once(
        green, "title: Opgaveovereenkomst Groene groeiregio 2025 - 2028", f'title: "{markup} & |"'
    )
    replace_once(green, "opgave: Groene groeiregio", f'opgave: "{markup} | *groei*"')
    # In the newest agreement, which names the rows.
    replace_once(
        agreements / NEW / "gemeenten.yaml", "name: Zevenaar", f'name: "Zevenaar {markup}"'
    )
    broken = break_folder(agreements, "<b>broken")
    result = run(
        "report", "--overview", "agreements", "--format", "html", "--lang", "en",
        today=AFTER_THE_FIRST_TERM,
    )  # fmt: skip
    assert result.exit_code == 1
    page = result.stdout
    assert "<script" not in page and "<b>" not in page
    parsed = parse_page(page)
    # Only the tags of the page itself: nothing from the data became markup.
    assert parsed.tags == {
        "html", "head", "meta", "title", "style", "body", "main", "h1", "p",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    }  # fmt: skip
    text = "".join(parsed.text)
    assert f"{markup} | *groei* 2025-2028 (until 2028-12-31)" in text
    assert f"Zevenaar {markup}" in text
    assert (
        "Not shown: agreements/<b>broken: agreements/<b>broken/agreement.yaml:14:8: "
        "title: must not be empty (and 1 more)"
    ) in text
    md = run("report", "--overview", "agreements", today=AFTER_THE_FIRST_TERM).stdout
    assert (
        "| \\<script\\>alert(1)\\</script\\> \\| \\*groei\\* 2025-2028 (tot en met 31 december "
        "2028) |"
    ) in md
    assert "| Zevenaar \\<script\\>alert(1)\\</script\\> | nog niet ondertekend |" in md
    as_json = json.loads(overview(run, "agreements", "--json").stdout)
    assert as_json["agreements"][1]["title"] == f"{markup} & |"
    assert broken.name in result.stderr


def test_report_overview_to_a_file(run: Run, agreements: Path) -> None:
    result = run(
        "report", "--overview", "agreements", "-o", "out/overview.md", "--lang", "en",
        today=AFTER_THE_FIRST_TERM,
    )  # fmt: skip
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "Wrote out/overview.md\n")
    assert (agreements.parent / "out" / "overview.md").read_text(encoding="utf-8") == MARKDOWN
    # With an invalid folder the document is still written, says what it leaves out,
    # and the run fails.
    break_folder(agreements)
    html = run(
        "report", "--overview", "agreements", "--format", "html", "-o", "out/overview.html",
        "--lang", "en", today=AFTER_THE_FIRST_TERM,
    )  # fmt: skip
    assert (html.exit_code, html.stdout) == (1, "")
    assert html.stderr == "Wrote out/overview.html\n" + BROKEN
    page = (agreements.parent / "out" / "overview.html").read_text(encoding="utf-8")
    assert "<p>Not shown: agreements/broken: " in page
    parse_page(page)


def test_report_overview_usage_errors(run: Run, agreements: Path) -> None:
    for args, message in (
        (["--overview"], "--overview needs the PATH... of the agreements"),
        (["agreements"], "PATH... goes with --overview; for one agreement use --data-dir"),
        (
            ["--overview", "agreements", "--format", "docx"],
            "--format must be markdown, html or pdf, got 'docx'",
        ),
        (["--overview", "nowhere"], "nowhere: no such folder"),
    ):
        result = run("report", *args, today=AFTER_THE_FIRST_TERM)
        assert (result.exit_code, result.stdout, result.stderr) == (
            2,
            "",
            f"opgave: error: {message}\n",
        ), args


def test_check_names_an_agreement_that_is_a_broken_link(run: Run, agreements: Path) -> None:
    # Found in an audit: the folder was skipped without a word (exists() follows links).
    broken = agreements / "broken-link"
    broken.mkdir()
    shutil.copy(agreements / GREEN / "gemeenten.yaml", broken)
    (broken / "agreement.yaml").symlink_to(agreements / "nowhere.yaml")
    result = run("check", "agreements/broken-link", today=AFTER_THE_FIRST_TERM)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "agreements/broken-link/agreement.yaml: error: a symbolic link to a file that is not "
        "there [file]"
    )
    every = run("check", "agreements", today=AFTER_THE_FIRST_TERM)
    assert every.exit_code == 1
    assert "agreements/broken-link/agreement.yaml: error:" in every.stdout


def test_check_escapes_control_characters_in_folder_names(run: Run, agreements: Path) -> None:
    odd = agreements.parent / "esc\x1b[31mred"
    shutil.copytree(agreements / GREEN, odd)
    replace_once(odd / "gemeenten.yaml", "cbs_code: GM0299", "cbs_code: GM0202")
    for args in ([], ["--format", "github"]):
        result = run("check", *args, "esc\x1b[31mred", today=AFTER_THE_FIRST_TERM)
        assert result.exit_code == 1
        assert "\x1b" not in result.stdout
        assert "esc\\x1b[31mred/gemeenten.yaml" in result.stdout


def test_a_folder_that_cannot_be_read_is_an_error_not_left_out(
    run: Run, agreements: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder of mode 000 (as root without DAC capabilities) was silently dropped:
    os.path.lexists says False on EACCES (issue #21). It is named, exit 1. Simulated
    where the tests run as root (who reads it anyway), for real otherwise."""
    import errno
    import os

    locked = agreements / GREEN
    if os.geteuid() == 0:
        real = os.lstat

        def denied(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
            if Path(os.path.abspath(path)).parent == locked:  # noqa: PTH100 (no lstat)
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            return real(path, *args, **kwargs)

        monkeypatch.setattr(os, "lstat", denied)
    else:
        locked.chmod(0)
    try:
        result = overview(run, "agreements")
    finally:
        locked.chmod(0o755)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"opgave: error: agreements/{GREEN}: cannot read the folder: Permission denied\n"
    )
