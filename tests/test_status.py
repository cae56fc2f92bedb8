from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from conftest import Run

UNSIGNED_TABLE = """\
Opgaveovereenkomst Productieve regio 2023 - 2024
┏━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━┳━━━━━━━┳━━━━━━━━━━━┓
┃ Party             ┃ Status   ┃ Date ┃ Place ┃ Signatory ┃
┡━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━╇━━━━━━━╇━━━━━━━━━━━┩
│ Arnhem            │ unsigned │      │       │           │
│ Berg en Dal       │ unsigned │      │       │           │
│ Beuningen         │ unsigned │      │       │           │
│ Doesburg          │ unsigned │      │       │           │
│ Druten            │ unsigned │      │       │           │
│ Duiven            │ unsigned │      │       │           │
│ Heumen            │ unsigned │      │       │           │
│ Lingewaard        │ unsigned │      │       │           │
│ Montferland       │ unsigned │      │       │           │
│ Mook en Middelaar │ unsigned │      │       │           │
│ Nijmegen          │ unsigned │      │       │           │
│ Overbetuwe        │ unsigned │      │       │           │
│ Renkum            │ unsigned │      │       │           │
│ Rheden            │ unsigned │      │       │           │
│ Rozendaal         │ unsigned │      │       │           │
│ Westervoort       │ unsigned │      │       │           │
│ Wijchen           │ unsigned │      │       │           │
│ Zevenaar          │ unsigned │      │       │           │
├───────────────────┼──────────┼──────┼───────┼───────────┤
│ GMR               │ unsigned │      │       │           │
└───────────────────┴──────────┴──────┴───────┴───────────┘
0 of 18 municipalities signed
GMR countersignature: not signed
"""


def test_status_of_the_shipped_data(run: Run) -> None:
    result = run("status")
    assert result.exit_code == 0
    assert result.stdout == UNSIGNED_TABLE + "Term: until 2024-12-31\n"
    assert result.stderr == ""


def test_status_notes_when_the_term_has_ended(run: Run) -> None:
    result = run("status", today="2026-11-27")
    assert result.exit_code == 0
    assert result.stdout.endswith(
        "0 of 18 municipalities signed\n"
        "GMR countersignature: not signed\n"
        "Term: until 2024-12-31 (ended; no signature recorded for 19 parties)\n"
    )


def test_status_json_shape(run: Run) -> None:
    result = run("status", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["agreement"] == {
        "id": "opgaveovereenkomst-productieve-regio-2023-2024",
        "title": "Opgaveovereenkomst Productieve regio 2023 - 2024",
        "term_end": "2024-12-31",
        "term_ended": False,
    }
    assert (data["signed"], data["total"]) == (0, 18)
    assert data["counterparty"] == {
        "slug": "gmr",
        "name": "GMR",
        "signed": False,
        "date": None,
        "place": None,
        "signatory": None,
        "capacity": None,
        "evidence": None,
    }
    assert len(data["gemeenten"]) == 18
    assert data["gemeenten"][1] == {
        "slug": "berg-en-dal",
        "name": "Berg en Dal",
        "participates": True,
        "signed": False,
        "date": None,
        "place": None,
        "signatory": None,
        "capacity": None,
        "evidence": None,
    }


def test_status_with_signatures(run: Run, data_dir) -> None:  # type: ignore[no-untyped-def]
    path = data_dir / "gemeenten.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "2026-01-01: 171822}\n    participates: true\n    signature: null",
        "2026-01-01: 171822}\n    participates: true\n"
        "    signature: {date: 2023-02-01, place: Arnhem, signatory: A. Marcouch, "
        "capacity: burgemeester}",
    ).replace(
        "2026-01-01: 189871}\n    participates: true\n    signature: null",
        "2026-01-01: 189871}\n    participates: true\n"
        "    signature: {date: 2023-03-15, place: Nijmegen, signatory: J. Jansen, "
        "capacity: namens de burgemeester}",
    )
    path.write_text(text, encoding="utf-8")

    table = run("status", "--unsigned")
    assert table.exit_code == 0
    assert "Arnhem" not in table.stdout and "Nijmegen" not in table.stdout
    assert "│ Berg en Dal       │ unsigned │" in table.stdout
    assert table.stdout.endswith(
        "2 of 18 municipalities signed\nGMR countersignature: not signed\nTerm: until 2024-12-31\n"
    )

    full = run("status")
    assert (
        "│ Arnhem            │ signed   │ 2023-02-01 │ Arnhem   │ A. Marcouch        │"
        in full.stdout
    )
    assert (
        "│ Nijmegen          │ signed   │ 2023-03-15 │ Nijmegen │ J. Jansen (namens) │"
        in full.stdout
    )

    data = json.loads(run("status", "--json", "--unsigned").stdout)
    assert data["signed"] == 2
    assert [g["slug"] for g in data["gemeenten"]][:2] == ["berg-en-dal", "beuningen"]
    assert len(data["gemeenten"]) == 16
    everyone = json.loads(run("status", "--json").stdout)["gemeenten"]
    assert everyone[10] == {
        "slug": "nijmegen",
        "name": "Nijmegen",
        "participates": True,
        "signed": True,
        "date": "2023-03-15",
        "place": "Nijmegen",
        "signatory": "J. Jansen",
        "capacity": "namens de burgemeester",
        "evidence": None,
    }


def test_no_data_folder_is_a_clear_error(run: Run, project) -> None:  # type: ignore[no-untyped-def]
    (project / "data" / "agreement.yaml").unlink()
    result = run("status")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("opgave: error: ")
    assert (
        "no data/agreement.yaml here or in any parent folder; pass --data-dir DIR or set "
        "OPGAVE_DATA_DIR" in result.stderr
    )
    assert result.stderr.count("\n") == 1


def test_data_dir_option_and_environment(run: Run, project, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (project / "data").rename(elsewhere / "mydata")
    assert run("status").exit_code == 1
    assert run("--data-dir", str(elsewhere / "mydata"), "status").exit_code == 0
    assert run("status", env={"OPGAVE_DATA_DIR": str(elsewhere / "mydata")}).exit_code == 0
    missing = run("--data-dir", str(elsewhere / "nope"), "status")
    assert missing.exit_code == 1
    assert missing.stderr == f"opgave: error: {elsewhere / 'nope'}: no such data folder\n"


def test_data_dir_is_found_from_a_subfolder(run: Run, project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (project / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(project / "deep" / "er")
    assert run("status", "--json").exit_code == 0


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == "opgave 0.1.0\n"


def test_in_a_terminal_a_bar_with_a_scale_leads_the_count(data_dir) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from rich.console import Console

    from opgave_cli.domain.parties import status
    from opgave_cli.loader import load
    from opgave_cli.output.status import status_summary

    agreement, gemeenten = load(data_dir)
    console = Console(force_terminal=True, no_color=True, width=100, record=True)
    for line in status_summary(status(agreement, gemeenten, date(2023, 6, 1)), console):
        console.print(line)
    assert console.export_text().splitlines()[0] == "░" * 36 + " 0 of 18 municipalities signed"


def test_in_colour_the_bar_is_green_and_dim_and_the_count_plain(data_dir) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from rich.console import Console

    from opgave_cli.domain.parties import status
    from opgave_cli.loader import load
    from opgave_cli.output.status import status_summary

    agreement, gemeenten = load(data_dir)
    report = status(agreement, gemeenten, date(2023, 6, 1))
    report = dataclasses.replace(report, signed=9)
    console = Console(force_terminal=True, color_system="standard", width=100, record=True)
    console.print(status_summary(report, console)[0])
    assert console.export_text(styles=True).splitlines()[0] == (
        "\x1b[32m"
        + "█" * 18
        + "\x1b[0m\x1b[2m"
        + "░" * 18
        + "\x1b[0m 9 of 18 municipalities signed"
    )


def test_data_dir_at_the_repository_instead_of_data(run: Run, project) -> None:  # type: ignore[no-untyped-def]
    result = run("--data-dir", str(project), "status")
    assert result.exit_code == 1
    assert result.stderr == (
        f"opgave: error: {project}: no agreement.yaml in this folder; "
        f"did you mean --data-dir {project / 'data'}?\n"
    )


@pytest.mark.parametrize("place", ['=HYPERLINK("http://x","y")', "+1", "-cmd", "@SUM(A1)"])
def test_csv_cells_a_spreadsheet_would_run_are_neutralised(run: Run, place: str) -> None:
    """A place beginning with =, +, -, @ was written raw, and a spreadsheet ran it
    (issue #21): it gets a leading ' (OWASP's advice)."""
    assert run("sign", "arnhem", "--date", "2023-02-01", "--place", place).exit_code == 0
    rows = list(csv.reader(io.StringIO(run("status", "--csv").stdout)))
    assert rows[1][:5] == ["arnhem", "Arnhem", "gemeente", "yes", "2023-02-01"]
    assert rows[1][5] == "'" + place


def test_a_negative_number_in_csv_stays_a_number() -> None:
    from opgave_cli.output import csv_cell

    assert [csv_cell(v) for v in ("-100.00", "-5", "-", "-x", "\t1", 3)] == [
        "-100.00", "-5", "'-", "'-x", "'\t1", 3,
    ]  # fmt: skip
