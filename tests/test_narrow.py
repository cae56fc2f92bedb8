"""Narrow terminals: `budget` and `contributions` keep every name and every figure
whole at any width, as a table where the names can wrap at their spaces beside the
figures, else each name on a line of its own with its figures under it (budget), or a
paragraph per municipality; and the column widths that cut no word."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run
from opgave_cli.output.narrow import fit_widths, stacked
from test_small_things import with_amounts

TITLE_40 = [
    "Opgaveovereenkomst Productieve regio",
    "2023 - 2024: contribution by",
    "inhabitants, 2023",
]
TITLE_45 = [
    "Opgaveovereenkomst Productieve regio 2023 -",
    "2024: contribution by inhabitants, 2023",
]
# The 2023 amount (with_amounts) split by the counts at 2023-01-01, a name on a line
# and its figures under it.
STACKED_2023 = [
    "Gemeente",
    "  Inhabitants     Share        Amount",
    "─────────────────────────────────────",
    "Nijmegen",
    "      182.480   22,76 %   € 56.888,47",
    "Arnhem",
    "      165.770   20,67 %   € 51.679,10",
    "Overbetuwe",
    "       48.707    6,07 %   € 15.184,50",
    "Lingewaard",
    "       47.220    5,89 %   € 14.720,92",
    "Zevenaar",
    "       45.042    5,62 %   € 14.041,92",
    "Rheden",
    "       43.570    5,43 %   € 13.583,03",
    "Wijchen",
    "       41.537    5,18 %   € 12.949,23",
    "Montferland",
    "       36.882    4,60 %   € 11.498,03",
    "Berg en Dal",
    "       35.420    4,42 %   € 11.042,25",
    "Renkum",
    "       31.461    3,92 %    € 9.808,02",
    "Beuningen",
    "       26.573    3,31 %    € 8.284,18",
    "Duiven",
    "       24.937    3,11 %    € 7.774,15",
    "Druten",
    "       19.505    2,43 %    € 6.080,72",
    "Heumen",
    "       16.824    2,10 %    € 5.244,91",
    "Westervoort",
    "       15.114    1,89 %    € 4.711,82",
    "Doesburg",
    "       11.081    1,38 %    € 3.454,52",
    "Mook en Middelaar",
    "        8.043    1,00 %    € 2.507,42",
    "Rozendaal",
    "        1.754    0,22 %      € 546,81",
    "─────────────────────────────────────",
    "Total",
    "      801.920  100,00 %  € 250.000,00",
]
NOTES_40 = [
    "Inhabitants at 2023-01-01 (definitief):",
    'CBS StatLine, tabel 03759ned "Bevolking',
    "op 1 januari en gemiddeld; geslacht,",
    'leeftijd en regio" (CC BY 4.0); measure',
    'M000352 "Bevolking op 1 januari", table',
    "version 202606230000, retrieved",
    "2026-07-02.",
    "Amounts split the 2023 amount of",  # the amount is not split from its euro sign
    "€ 250.000,00 in agreement.yaml.",
]
TABLE_2023_60 = [
    "┏━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━━━━━┓",
    "┃ Gemeente         ┃ Inhabitants ┃    Share ┃       Amount ┃",
    "┡━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━━━━┩",
    "│ Nijmegen         │     182.480 │  22,76 % │  € 56.888,47 │",
    "│ Arnhem           │     165.770 │  20,67 % │  € 51.679,10 │",
    "│ Overbetuwe       │      48.707 │   6,07 % │  € 15.184,50 │",
    "│ Lingewaard       │      47.220 │   5,89 % │  € 14.720,92 │",
    "│ Zevenaar         │      45.042 │   5,62 % │  € 14.041,92 │",
    "│ Rheden           │      43.570 │   5,43 % │  € 13.583,03 │",
    "│ Wijchen          │      41.537 │   5,18 % │  € 12.949,23 │",
    "│ Montferland      │      36.882 │   4,60 % │  € 11.498,03 │",
    "│ Berg en Dal      │      35.420 │   4,42 % │  € 11.042,25 │",
    "│ Renkum           │      31.461 │   3,92 % │   € 9.808,02 │",
    "│ Beuningen        │      26.573 │   3,31 % │   € 8.284,18 │",
    "│ Duiven           │      24.937 │   3,11 % │   € 7.774,15 │",
    "│ Druten           │      19.505 │   2,43 % │   € 6.080,72 │",
    "│ Heumen           │      16.824 │   2,10 % │   € 5.244,91 │",
    "│ Westervoort      │      15.114 │   1,89 % │   € 4.711,82 │",
    "│ Doesburg         │      11.081 │   1,38 % │   € 3.454,52 │",
    "│ Mook en          │       8.043 │   1,00 % │   € 2.507,42 │",
    "│ Middelaar        │             │          │              │",
    "│ Rozendaal        │       1.754 │   0,22 % │     € 546,81 │",
    "├──────────────────┼─────────────┼──────────┼──────────────┤",
    "│ Total            │     801.920 │ 100,00 % │ € 250.000,00 │",
    "└──────────────────┴─────────────┴──────────┴──────────────┘",
]


def test_budget_at_40_columns_puts_the_figures_under_each_name(run: Run, data_dir: Path) -> None:
    with_amounts(data_dir)
    result = run("budget", "--year", "2023", env={"COLUMNS": "40"})
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [*TITLE_40, *STACKED_2023, *NOTES_40]


def test_budget_at_45_columns_is_the_same_layout(run: Run, data_dir: Path) -> None:
    # Before: a table whose name column was three cells wide, "Gemeente" a letter a line.
    with_amounts(data_dir)
    lines = run("budget", "--year", "2023", env={"COLUMNS": "45"}).stdout.splitlines()
    assert lines[:2] == TITLE_45
    assert lines[2 : 2 + len(STACKED_2023)] == STACKED_2023
    assert all(len(line) <= 45 for line in lines)


def test_budget_at_60_columns_is_the_table(run: Run, data_dir: Path) -> None:
    with_amounts(data_dir)
    lines = run("budget", "--year", "2023", env={"COLUMNS": "60"}).stdout.splitlines()
    assert lines[:2] == [
        "Opgaveovereenkomst Productieve regio 2023 - 2024:",
        "contribution by inhabitants, 2023",
    ]
    assert lines[2 : 2 + len(TABLE_2023_60)] == TABLE_2023_60


def test_budget_with_a_what_if_total_at_40_columns(run: Run) -> None:
    # Before: the names column collapsed to nothing, every name gone.
    result = run("budget", "--total", "1000", env={"COLUMNS": "40"})
    lines = result.stdout.splitlines()
    assert lines[:9] == [
        "Opgaveovereenkomst Productieve regio",
        "2023 - 2024: contribution by inhabitants",
        "Gemeente",
        "  Inhabitants     Share      Amount",
        "───────────────────────────────────",
        "Nijmegen",
        "      189.871   23,17 %    € 231,68",
        "Arnhem",
        "      171.822   20,97 %    € 209,66",
    ]
    assert lines[lines.index("Total") - 1 : lines.index("Total") + 2] == [
        "───────────────────────────────────",
        "Total",
        "      819.528  100,00 %  € 1.000,00",
    ]
    assert lines[-2:] == ["Amounts split a what-if total of", "€ 1.000,00 (--total)."]
    # Every name whole, on a line of its own, in the order of the shares.
    assert lines[5 : lines.index("Total") - 1 : 2] == [
        "Nijmegen", "Arnhem", "Overbetuwe", "Lingewaard", "Zevenaar", "Rheden", "Wijchen",
        "Montferland", "Berg en Dal", "Renkum", "Beuningen", "Duiven", "Druten", "Heumen",
        "Westervoort", "Doesburg", "Mook en Middelaar", "Rozendaal",
    ]  # fmt: skip


def test_budget_shares_only_at_40_columns_is_still_a_table(run: Run) -> None:
    lines = run("budget", env={"COLUMNS": "40"}).stdout.splitlines()
    assert lines[2:6] == [
        "┏━━━━━━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━━━━┓",
        "┃ Gemeente    ┃ Inhabitants ┃    Share ┃",
        "┡━━━━━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━━━┩",
        "│ Nijmegen    │     189.871 │  23,17 % │",
    ]
    assert "│ Mook en     │       8.192 │   1,00 % │" in lines
    assert "│ Middelaar   │             │          │" in lines


def test_budget_narrower_still_is_a_paragraph_per_municipality(run: Run, data_dir: Path) -> None:
    with_amounts(data_dir)
    lines = run("budget", "--year", "2023", env={"COLUMNS": "30"}).stdout.splitlines()
    assert lines[4:10] == [
        "Nijmegen: inhabitants 182.480,",
        "share 22,76\u00a0%, amount",
        "€\u00a056.888,47",
        "Arnhem: inhabitants 165.770,",
        "share 20,67\u00a0%, amount",
        "€\u00a051.679,10",
    ]
    assert all(len(line) <= 30 for line in lines)


@pytest.mark.parametrize("columns", ["51", "53"])
def test_contributions_never_cut_a_name(run: Run, data_dir: Path, columns: str) -> None:
    # Before: a name column of 8 to 10 cells, "Montferlan|d", "Beuninge|n".
    with_amounts(data_dir)
    lines = run("contributions", "--year", "2023", env={"COLUMNS": columns}).stdout.splitlines()
    assert lines[2:4] == ["Arnhem: due €\u00a051.679,10, paid €\u00a00,00, outstanding",
                          "€\u00a051.679,10"]  # fmt: skip
    assert "Montferland: due €\u00a011.498,03, paid €\u00a00,00," in lines


def test_contributions_at_54_columns_is_a_table_of_whole_names(run: Run, data_dir: Path) -> None:
    with_amounts(data_dir)
    lines = run("contributions", "--year", "2023", env={"COLUMNS": "54"}).stdout.splitlines()
    assert lines[2:6] == [
        "┏━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━━━━━━━┓",
        "┃ Gemeente    ┃          Due ┃   Paid ┃  Outstanding ┃",
        "┡━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━━━━━┩",
        "│ Arnhem      │  € 51.679,10 │ € 0,00 │  € 51.679,10 │",
    ]
    assert "│ Montferland │  € 11.498,03 │ € 0,00 │  € 11.498,03 │" in lines
    assert "│ Mook en     │   € 2.507,42 │ € 0,00 │   € 2.507,42 │" in lines
    assert "│ Middelaar   │              │        │              │" in lines


def test_fit_widths() -> None:
    assert fit_widths([5, 10], [3, 4], 20) == [5, 10]  # all fit
    assert fit_widths([22, 46, 46, 45], [18, 11, 11, 11], 57) == [18, 13, 13, 13]
    assert fit_widths([22, 46, 46, 45], [18, 11, 11, 11], 147) == [22, 42, 42, 41]
    assert fit_widths([22, 17], [18, 10], 33) == [18, 15]
    assert fit_widths([22, 17], [18, 10], 27) is None  # a word would be cut
    assert fit_widths([2, 17], [8, 10], 12) == [2, 10]  # no wider than the text


def test_stacked_in_ascii_and_where_the_figures_do_not_fit() -> None:
    head, rows, foot = (
        ["Gemeente", "A", "Bb"],
        [["Mook en Middelaar", "1", "22"]],
        ["Total", "1", "22"],
    )
    assert stacked(head, rows, foot, 20, unicode=False) == "\n".join(
        ["Gemeente", "  A  Bb", "-------", "Mook en Middelaar", "  1  22", "-------", "Total",
         "  1  22"]
    )  # fmt: skip
    assert stacked(head, rows, foot, 6) is None


def test_a_paragraph_keeps_an_overpaid_amount_whole(run: Run, data_dir: Path) -> None:
    # Before: "outstanding € -10.00" and "0,00 overpaid" at 20 columns, the figure and
    # "overpaid" one unbreakable word wider than the line.
    with_amounts(data_dir)
    assert run("pay", "arnhem", "--year", "2023", "--amount", "61679.10",
               "--date", "2023-03-01").exit_code == 0  # fmt: skip
    lines = run("contributions", "--year", "2023", env={"COLUMNS": "20"}).stdout.splitlines()
    at = lines.index("Arnhem: due")
    assert lines[at : at + 6] == [
        "Arnhem: due",
        "€\u00a051.679,10, paid",
        "€\u00a061.679,10,",
        "outstanding",
        "€\u00a0-10.000,00",
        "overpaid",
    ]
    assert all(len(line) <= 20 for line in lines)


def test_a_name_in_wide_characters_is_measured_in_cells(run: Run, data_dir: Path) -> None:
    # Before: its width counted in characters (11), not cells (22): folded at 17 cells,
    # "阿纳姆市政府办公" and "室大楼", at any width.
    from test_small_things import edit

    name = "阿纳姆市政府办公室大楼"
    edit(data_dir / "gemeenten.yaml", "name: Arnhem", f"name: {name}")
    with_amounts(data_dir)
    for command in ("budget", "contributions"):
        out = run(command, "--year", "2023", env={"COLUMNS": "120"}).stdout
        assert f"│ {name} │" in out, out
