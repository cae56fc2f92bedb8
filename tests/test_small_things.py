"""The small things of issue #14 (part 5): budget with yearly amounts, a municipality that
does not take part, nothing hard-coded to this agreement, narrow terminals, the wording
for data with no signatures, `status --unsigned` when all have signed, completion and
`--data-dir` after the command, and the capacity."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Run


def edit(path: Path, old: str, new: str, *, after: str = "") -> None:
    """Replace the first ``old`` (after ``after``) in the file."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old, text.index(after) if after else 0)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")


def montferland_out(data_dir: Path) -> None:
    edit(
        data_dir / "gemeenten.yaml",
        "participates: true",
        "participates: false",
        after="  - slug: montferland",
    )


def with_amounts(data_dir: Path) -> None:
    edit(
        data_dir / "agreement.yaml",
        "  amounts: {}",
        '  amounts: {2023: {total: "250000.00", inhabitants_at: 2023-01-01}, '
        '2024: {total: "260000.00", inhabitants_at: 2024-01-01}}',
    )


# --- budget without options, when the data has yearly amounts ----------------------


def test_budget_without_options_names_the_years_and_year(run: Run, data_dir: Path) -> None:
    with_amounts(data_dir)
    result = run("budget")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-2:] == [
        "Shares only: agreement.yaml has amounts for 2023, 2024; --year 2023 splits the amount "
        "of 2023,",
        "--total EUR a what-if amount.",
    ]
    assert "€" not in result.stdout  # shares only: no amount is made up
    assert run("budget", "--year", "2024").stdout.splitlines()[-1] == (
        "Amounts split the 2024 amount of € 260.000,00 in agreement.yaml."
    )


# --- a municipality that does not take part ------------------------------------------


def test_not_taking_part_is_named_under_budget_and_contributions(run: Run, data_dir: Path) -> None:
    montferland_out(data_dir)
    with_amounts(data_dir)
    budget = run("budget", "--year", "2023")
    assert budget.exit_code == 0
    assert budget.stdout.splitlines()[-1] == "Not taking part: Montferland."
    assert "│ Montferland" not in budget.stdout
    contributions = run("contributions", "--year", "2023")
    assert contributions.exit_code == 0
    assert contributions.stdout.splitlines()[-1] == "Not taking part: Montferland."
    assert "│ Montferland" not in contributions.stdout
    rows = json.loads(run("budget", "--json").stdout)["rows"]
    assert "montferland" not in [r["slug"] for r in rows]


def test_status_marks_a_municipality_that_does_not_take_part(run: Run, data_dir: Path) -> None:
    montferland_out(data_dir)
    result = run("status")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "│ Montferland       │ not taking part │      │       │           │" in lines
    assert lines[-1] == "Not taking part: Montferland"
    data = json.loads(run("status", "--json").stdout)
    montferland = next(g for g in data["gemeenten"] if g["slug"] == "montferland")
    assert (montferland["participates"], montferland["signed"]) == (False, False)
    report = run("report").stdout
    assert "| Montferland | doet niet mee |  |  |  |  |  |" in report.splitlines()


def test_the_count_and_unsigned_leave_out_a_municipality_that_does_not_take_part(
    run: Run, data_dir: Path
) -> None:
    # It has nothing to sign: "N of 17", as overview counts, and not listed as still to sign.
    montferland_out(data_dir)
    assert run("sign", "arnhem", "--date", "2023-02-01").exit_code == 0
    lines = run("status").stdout.splitlines()
    assert lines[-4:-2] == ["1 of 17 municipalities signed", "GMR countersignature: not signed"]
    data = json.loads(run("status", "--json").stdout)
    assert (data["signed"], data["total"]) == (1, 17)
    unsigned = run("status", "--unsigned").stdout.splitlines()
    assert not [line for line in unsigned if line.startswith("│ Montferland")]
    assert "│ Berg en Dal       │ unsigned │      │       │           │" in unsigned
    assert unsigned[-1] == "Not taking part: Montferland"


def test_sign_refuses_a_municipality_that_does_not_take_part(run: Run, data_dir: Path) -> None:
    montferland_out(data_dir)
    before = (data_dir / "gemeenten.yaml").read_bytes()
    for args in (["montferland", "--date", "2023-02-01"], ["Montferland", "--dry-run"]):
        result = run("sign", *args)
        assert (result.exit_code, result.stdout, result.stderr) == (
            1,
            "",
            "opgave: error: Montferland does not take part in the opgave (participates: false "
            "in gemeenten.yaml), so it does not sign it\n",
        )
    assert (data_dir / "gemeenten.yaml").read_bytes() == before


# --- nothing hard-coded to this agreement -----------------------------------------


HARD_CODED = ("GMR", "Groene", "Metropoolregio", "Productieve", "Arnhem-Nijmegen")


@pytest.fixture
def other_agreement(data_dir: Path) -> Path:
    """A copy whose title and counterparty (names and slug) are another's."""
    path = data_dir / "agreement.yaml"
    edit(path, "title: Opgaveovereenkomst Productieve regio 2023 - 2024",
         "title: Samenwerkingsovereenkomst Testregio 2025")  # fmt: skip
    edit(path, "  slug: gmr", "  slug: ran")
    edit(path, "  name: Regio Arnhem-Nijmegen", "  name: Regio Testland", after="counterparty:")
    edit(path, "  also_known_as: Groene Metropoolregio", "  also_known_as: Testregio")
    edit(path, "  short_name: GMR", "  short_name: RAN")
    return data_dir


def test_title_and_counterparty_come_from_the_data(run: Run, other_agreement: Path) -> None:
    status = run("status")
    assert status.exit_code == 0
    lines = status.stdout.splitlines()
    assert lines[0] == "Samenwerkingsovereenkomst Testregio 2025"
    assert "│ RAN               │ unsigned │      │       │           │" in lines
    assert lines[-2] == "RAN countersignature: not signed"
    data = json.loads(run("status", "--json").stdout)
    assert data["agreement"]["title"] == "Samenwerkingsovereenkomst Testregio 2025"
    assert (data["counterparty"]["slug"], data["counterparty"]["name"]) == ("ran", "RAN")

    signed = run("sign", "ran", "--date", "2023-03-01", "--place", "Nijmegen")
    assert signed.stdout == (
        "Recorded: RAN countersigned on 2023-03-01 in Nijmegen, by H.M.F. Bruls, voorzitter "
        "(0 of 18 municipalities signed)\n"
    )
    assert run("status").stdout.splitlines()[-2] == "RAN countersignature: signed on 2023-03-01"

    budget = run("budget").stdout
    assert (
        budget.splitlines()[0]
        == "Samenwerkingsovereenkomst Testregio 2025: contribution by inhabitants"
    )
    assert "it comes from the RAN's vastgestelde begroting" in budget

    report = run("report", "--lang", "en").stdout.splitlines()
    assert report[0] == "# Samenwerkingsovereenkomst Testregio 2025"
    assert (
        "0 of 18 municipalities have signed; the countersignature of the RAN: signed on 2023-03-01."
    ) in report
    page = run("report", "--format", "html").stdout
    assert "<title>Samenwerkingsovereenkomst Testregio 2025</title>" in page
    assert '<th scope="row">RAN</th>' in page


@pytest.mark.parametrize(
    "args",
    [
        ["status"], ["status", "--json"], ["status", "--csv"], ["status", "--unsigned"],
        ["budget"], ["budget", "--total", "1000"], ["budget", "--json"], ["contributions"],
        ["speerpunten"], ["report"], ["report", "--format", "html"], ["check"],
        ["sign", "ran", "--date", "2023-03-01", "--dry-run"], ["verify"],
        ["--help"], ["status", "--help"], ["sign", "--help"], ["amend", "--help"],
        ["unsign", "--help"], ["log", "--help"], ["verify", "--help"], ["budget", "--help"],
        ["contributions", "--help"], ["pay", "--help"], ["report", "--help"],
        ["render", "--help"], ["check", "--help"], ["speerpunten", "--help"],
    ],
)  # fmt: skip
def test_no_output_names_this_agreement_unless_the_data_does(
    run: Run, other_agreement: Path, args: list[str]
) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    for word in HARD_CODED:
        assert word not in result.stdout + result.stderr, (args, word)


# --- narrow terminals --------------------------------------------------------------


def sign_two(run: Run) -> None:
    assert run("sign", "arnhem", "--date", "2023-02-01", "--place", "Arnhem",
               "--signatory", "A. Marcouch").exit_code == 0  # fmt: skip
    assert run("sign", "mook", "--date", "2023-02-11", "--place", "Mook",
               "--signatory", "W.A.H. Hillenaar-van der Velden",
               "--capacity", "namens de burgemeester").exit_code == 0  # fmt: skip


UNSIGNED = [f"│ {name:<17} │ unsigned         │" for name in (
    "Berg en Dal", "Beuningen", "Doesburg", "Druten", "Duiven", "Heumen", "Lingewaard",
    "Montferland")]  # fmt: skip
UNSIGNED_AFTER = [f"│ {name:<17} │ unsigned         │" for name in (
    "Nijmegen", "Overbetuwe", "Renkum", "Rheden", "Rozendaal", "Westervoort", "Wijchen",
    "Zevenaar")]  # fmt: skip


def test_at_40_columns_every_name_and_date_is_whole(run: Run) -> None:
    sign_two(run)
    result = run("status", env={"COLUMNS": "40"})
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Opgaveovereenkomst Productieve regio ",
        "2023 - 2024",
        "┏━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━┓",
        "┃ Party             ┃ Signature        ┃",
        "┡━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━┩",
        "│ Arnhem            │ 2023-02-01       │",
        "│                   │ Arnhem           │",
        "│                   │ A. Marcouch      │",
        *UNSIGNED,
        "│ Mook en Middelaar │ 2023-02-11       │",
        "│                   │ Mook             │",
        "│                   │ W.A.H.           │",
        "│                   │ Hillenaar-van    │",
        "│                   │ der Velden       │",
        "│                   │ (namens)         │",
        *UNSIGNED_AFTER,
        "├───────────────────┼──────────────────┤",
        "│ GMR               │ unsigned         │",
        "└───────────────────┴──────────────────┘",
        "2 of 18 municipalities signed",
        "GMR countersignature: not signed",
        "Term: until 2024-12-31",
    ]


def test_at_60_columns_nothing_is_cut(run: Run) -> None:
    unsigned = run("status", env={"COLUMNS": "60"})
    assert unsigned.stdout.splitlines()[1:5] == [
        "┏━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━┳━━━━━━━┳━━━━━━━━━━━┓",
        "┃ Party             ┃ Status   ┃ Date ┃ Place ┃ Signatory ┃",
        "┡━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━╇━━━━━━━╇━━━━━━━━━━━┩",
        "│ Arnhem            │ unsigned │      │       │           │",
    ]
    sign_two(run)
    for columns in ("60", "72", "80"):
        lines = run("status", env={"COLUMNS": columns}).stdout.splitlines()
        table = lines[lines.index(next(x for x in lines if x.startswith("┏"))) :]
        assert all(len(x) <= int(columns) for x in lines), columns
        body = [x for x in table if x.startswith("│")]
        assert all(x.endswith("│") for x in body), columns  # never cut off
        names = [x.split("│")[1].strip() for x in body]
        assert "Mook en Middelaar" in names and "Westervoort" in names, columns
        assert sum("2023-02-01" in x for x in body) == 1
        assert sum("2023-02-11" in x for x in body) == 1
    assert run("status", env={"COLUMNS": "72"}).stdout.splitlines()[2] == (
        "┃ Party             ┃ Status   ┃ Date       ┃ Place  ┃ Signatory       ┃"
    )


@pytest.mark.parametrize(
    ("columns", "args"), [("60", ["--total", "250000"]), ("60", []), ("40", [])]
)
def test_budget_at_narrow_widths_keeps_every_name_and_figure(
    run: Run, columns: str, args: list[str]
) -> None:
    result = run("budget", *args, env={"COLUMNS": columns})
    lines = result.stdout.splitlines()
    assert all(len(x) <= int(columns) for x in lines)
    body = [x for x in lines if x.startswith("│")]
    assert all(x.endswith("│") for x in body)
    names = " ".join(x.split("│")[1].strip() for x in body)
    for name in ("Mook en Middelaar", "Westervoort", "Berg en Dal", "Total"):
        assert name in names or all(w in names.split() for w in name.split())


def test_contributions_at_60_columns_keeps_every_name(run: Run, data_dir: Path) -> None:
    with_amounts(data_dir)
    result = run("contributions", "--year", "2023", env={"COLUMNS": "60"})
    body = [x for x in result.stdout.splitlines() if x.startswith("│")]
    assert body and all(x.endswith("│") and len(x) <= 60 for x in body)
    assert "Nijmegen" in result.stdout
    assert "┃ Inhabitants" not in result.stdout  # no room: budget shows them
    narrow = run("contributions", "--year", "2023", env={"COLUMNS": "40"})
    lines = narrow.stdout.splitlines()
    assert all(len(line) <= 40 for line in lines)
    # Too narrow for a table: a paragraph per municipality, no amount split over lines.
    assert re.search(
        r"^Nijmegen: due €\u00a0[0-9.]+,[0-9]{2}, paid €\u00a00,00,", narrow.stdout, re.M
    )


# --- no signatures, and everyone signed --------------------------------------------


def test_after_the_term_with_no_signature_it_says_no_signature_recorded(run: Run) -> None:
    result = run("status", today="2025-01-01")
    assert result.stdout.splitlines()[-1] == (
        "Term: until 2024-12-31 (ended; no signature recorded for 19 parties)"
    )
    for args in (["status"], ["report"], ["check"], ["status", "--unsigned"]):
        assert "never" not in run(*args, today="2025-01-01").stdout


def test_unsigned_when_all_have_signed_says_so(run: Run, data_dir: Path) -> None:
    slugs = [
        line.split()[-1]
        for line in (data_dir / "gemeenten.yaml").read_text(encoding="utf-8").splitlines()
        if line.startswith("  - slug: ")
    ]
    rows = "".join(f"{slug},2023-02-01\n" for slug in [*slugs, "gmr"])
    (data_dir.parent / "all.csv").write_text("party,date\n" + rows, encoding="utf-8")
    assert run("sign", "--from", "all.csv").exit_code == 0
    result = run("status", "--unsigned")
    assert (result.exit_code, result.stdout) == (
        0,
        "Opgaveovereenkomst Productieve regio 2023 - 2024\n"
        "Every party has signed: nobody is still to sign.\n"
        "18 of 18 municipalities signed\n"
        "GMR countersignature: signed on 2023-02-01\n"
        "Term: until 2024-12-31\n",
    )
    assert "┏" not in result.stdout


# --- --data-dir after the command, and completion that honours it --------------------


def test_data_dir_after_the_command(
    run: Run,
    data_dir: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    assert run("status", "--data-dir", str(data_dir), "--unsigned").exit_code == 0
    assert run("status", f"--data-dir={data_dir}", "--json").exit_code == 0
    signed = run("sign", "arnhem", "--date", "2023-02-01", "--data-dir", str(data_dir))
    assert signed.exit_code == 0
    assert json.loads(run("--data-dir", str(data_dir), "status", "--json").stdout)["signed"] == 1
    missing = run("status", "--unsigned", "--data-dir")
    assert (missing.exit_code, missing.stderr) == (
        2,
        "opgave: error: Option '--data-dir' requires an argument.\n",
    )

    # After `--`, it is an argument, not the option.
    from opgave_cli.cli.app import global_options_first

    assert global_options_first(["sign", "--", "--data-dir", "x"]) == [
        "sign", "--", "--data-dir", "x",
    ]  # fmt: skip
    assert global_options_first(["log", "--data-dir", "d", "arnhem"]) == [
        "--data-dir", "d", "log", "arnhem",
    ]  # fmt: skip
    # Given both before and after the command, one would win without a word.
    for twice in (
        ["--data-dir", str(data_dir), "status", "--data-dir", "elsewhere"],
        [f"--data-dir={data_dir}", "status", f"--data-dir={data_dir}"],
    ):
        result = run(*twice)
        assert (result.exit_code, result.stdout, result.stderr) == (
            2,
            "",
            "opgave: error: --data-dir is given twice; give it once\n",
        )


def complete(cwd: Path, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "opgave_cli"],
        capture_output=True, text=True, check=False, cwd=cwd,
        env={**{k: v for k, v in os.environ.items() if k != "OPGAVE_DATA_DIR"}, **env},
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    return done.stdout


@pytest.mark.slow
def test_completion_of_a_party_honours_data_dir(
    data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    nowhere = tmp_path_factory.mktemp("nowhere")  # no data/ at or above it
    d = str(data_dir)
    zsh = {"_OPGAVE_COMPLETE": "complete_zsh"}
    assert complete(nowhere, **zsh, _TYPER_COMPLETE_ARGS=f"opgave --data-dir {d} sign ar") == (
        "_arguments '*: :((\"arnhem\"))'\n"
    )
    assert complete(nowhere, **zsh, _TYPER_COMPLETE_ARGS=f"opgave --data-dir={d} amend r") == (
        '_arguments \'*: :(("renkum"\n"rheden"\n"rozendaal"))\'\n'
    )
    assert complete(nowhere, **zsh, _TYPER_COMPLETE_ARGS=f"opgave unsign --data-dir {d} w") == (
        '_arguments \'*: :(("westervoort"\n"wijchen"))\'\n'
    )
    assert complete(nowhere, **zsh, _TYPER_COMPLETE_ARGS="opgave sign ar") == "_files\n"

    bash = {"_OPGAVE_COMPLETE": "complete_bash"}
    assert complete(nowhere, **bash, COMP_WORDS=f"opgave --data-dir {d} sign ar",
                    COMP_CWORD="4") == "arnhem\n"  # fmt: skip
    assert complete(nowhere, **bash, COMP_WORDS=f"opgave --data-dir={d} log m",
                    COMP_CWORD="3") == "montferland\nmook-en-middelaar\n"  # fmt: skip
    assert complete(nowhere, **bash, COMP_WORDS=f"opgave amend --data-dir {d} ren",
                    COMP_CWORD="4") == "renkum\n"  # fmt: skip
    assert complete(nowhere, **bash, COMP_WORDS="opgave sign ar", COMP_CWORD="2") == ""
    assert complete(nowhere, **bash, OPGAVE_DATA_DIR=d, COMP_WORDS="opgave pay g",
                    COMP_CWORD="2") == "gmr\n"  # fmt: skip


@pytest.mark.parametrize("cword", ["x", "", "2.5", "-1", "99"])
def test_completion_with_a_word_number_bash_never_sends_is_no_crash(
    data_dir: Path, cword: str
) -> None:
    """COMP_CWORD=x was exit 3 and a crash log (issue #21): a number that is not one gets
    no answer; one out of range is Typer's to answer (exit 0, nothing on stderr)."""
    bash = {"_OPGAVE_COMPLETE": "complete_bash", "OPGAVE_DATA_DIR": str(data_dir)}
    answer = complete(data_dir, **bash, COMP_WORDS="opgave sign ar", COMP_CWORD=cword)
    if cword in ("x", "", "2.5"):
        assert answer == ""


def test_help_names_the_optional_party_once(run: Run) -> None:
    for command in ("sign", "log"):
        usage = run(command, "--help").stdout.splitlines()[0]
        assert usage == f"Usage: opgave {command} [OPTIONS] [PARTY]"
    assert run("amend", "--help").stdout.splitlines()[0] == (
        "Usage: opgave amend [OPTIONS] {PARTY}"
    )


# --- capacity: any case, and shown ----------------------------------------------------


def test_capacity_in_any_case_is_recorded_and_shown(run: Run, data_dir: Path) -> None:
    result = run(
        "sign", "heumen", "--date", "2023-02-01", "--place", "Malden",
        "--signatory", "A.W.J. Engels", "--capacity", "NAMENS De  Burgemeester",
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.stdout == (
        "Recorded: Heumen signed on 2023-02-01 in Malden, by A.W.J. Engels, namens de "
        "burgemeester (1 of 18 municipalities signed)\n"
    )
    text = (data_dir / "gemeenten.yaml").read_text(encoding="utf-8")
    assert (
        "    signature: {date: 2023-02-01, place: Malden, signatory: A.W.J. Engels, "
        "capacity: namens de burgemeester}\n"
    ) in text
    assert (
        "| Heumen | signed | 2023-02-01 | Malden | A.W.J. Engels | namens de burgemeester |  |"
        in run("report", "--lang", "en").stdout.splitlines()
    )
    assert (
        '<tr><th scope="row">Heumen</th><td class="ok">signed</td><td>2023-02-01</td>'
        "<td>Malden</td><td>A.W.J. Engels</td><td>namens de burgemeester</td><td></td></tr>"
        in run("report", "--format", "html", "--lang", "en").stdout
    )
    assert run("sign", "gmr", "--date", "2023-03-01", "--capacity", "VOORZITTER").exit_code == 0


# --- found in an audit: a municipality that does not take part is not "still to sign" --


def test_not_taking_part_is_not_counted_as_still_to_sign(run: Run, data_dir: Path) -> None:
    montferland_out(data_dir)
    slugs = [
        line.split()[-1]
        for line in (data_dir / "gemeenten.yaml").read_text(encoding="utf-8").splitlines()
        if line.startswith("  - slug: ") and "montferland" not in line
    ]
    rows = "".join(f"{slug},2023-02-01\n" for slug in [*slugs, "gmr"])
    (data_dir.parent / "all.csv").write_text("party,date\n" + rows, encoding="utf-8")
    assert run("sign", "--from", "all.csv").exit_code == 0
    result = run("status", "--unsigned")
    assert "┏" not in result.stdout
    assert "17 of 17 municipalities signed" in result.stdout.splitlines()
    ended = run("status", today="2025-01-01").stdout.splitlines()
    assert "Term: until 2024-12-31 (ended)" in ended
    data = json.loads(run("status", "--json").stdout)
    assert (data["signed"], data["total"]) == (17, 17)


def test_a_malformed_sha256_is_not_called_a_slug(run: Run, data_dir: Path) -> None:
    (data_dir / "scan.pdf").write_bytes(b"scan")
    signed = run("sign", "renkum", "--date", "2023-02-01", "--evidence", str(data_dir / "scan.pdf"))
    assert signed.exit_code == 0, signed.stderr
    text = (data_dir / "gemeenten.yaml").read_text(encoding="utf-8")
    (data_dir / "gemeenten.yaml").write_text(
        re.sub(r"sha256: \"?([0-9a-f]{64})", lambda m: "sha256: " + m.group(1).upper(), text),
        encoding="utf-8",
    )
    result = run("check")
    assert result.exit_code == 1
    assert "a SHA-256: 64 lowercase hexadecimal digits" in result.stdout + result.stderr
    assert "slug" not in result.stdout + result.stderr
