"""The core's messages in Dutch (issue #22): a refused `sign`, `check` of broken data (text
and GitHub format), a CBS refusal, the rows of a CSV, a write error, and the error
boundary's own lines (its prefix ``opgave: fout:`` / ``opgave: let op:``, a bug, Ctrl-C),
each exactly as printed; dates in Dutch prose (``1 februari 2023``), ISO in English. And
under LANG=nl_NL.UTF-8 `check` on broken data says nothing in English, under LANG=C
nothing in Dutch.

What `check` prints around its findings (the severity word, the summary line) is the
output's, not the core's: the text format is compared here message by message."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest

import opgave_cli.domain.parties
from conftest import Run
from opgave_cli import boundary, entry, i18n
from opgave_cli.i18n import _
from opgave_cli.text import day, number
from processes import OPGAVE, environment, project
from test_boundary import FullStream, boom

NL = ("--lang", "nl")


def test_a_date_in_a_message_is_iso_in_english_and_prose_in_dutch() -> None:
    assert (day(date(2023, 2, 1)), number(189871)) == ("2023-02-01", "189,871")
    i18n.use("nl")
    assert (day(date(2023, 2, 1)), number(189871)) == ("1 februari 2023", "189.871")
    assert day(date(2024, 12, 31)) == "31 december 2024"


# --- refusals of the commands ----------------------------------------------------------


def test_a_refused_sign_in_dutch(run: Run) -> None:
    assert run("sign", "arnhem", "--date", "2023-02-01").exit_code == 0
    again = run("sign", "arnhem", "--date", "2023-03-01", *NL)
    assert (again.exit_code, again.stdout, again.stderr) == (
        1,
        "",
        "opgave: fout: Arnhem heeft al ondertekend op 1 februari 2023; `opgave amend` verbetert "
        "enkele velden, --force vervangt de handtekening, `opgave unsign` verwijdert die\n",
    )
    future = run("sign", "nijmegen", "--date", "1-1-2024", *NL)
    assert (future.exit_code, future.stderr) == (
        1,
        "opgave: fout: opgave kan de handtekening van Nijmegen niet vastleggen: 1 januari 2024 "
        "ligt in de toekomst (vandaag is het 1 juni 2023)\n",
    )
    unknown = run("sign", "arnhm", *NL)
    assert (unknown.exit_code, unknown.stderr) == (
        2,
        "opgave: fout: onbekende gemeente 'arnhm'; bedoelt u: arnhem? (opgave status toont ze "
        "allemaal)\n",
    )
    capacity = run("sign", "renkum", "--date", "2023-02-01", "--capacity", "wethouder", *NL)
    assert capacity.stderr == (
        "opgave: fout: --capacity moet voor Renkum 'burgemeester' of 'namens de burgemeester' "
        "zijn, niet 'wethouder'\n"
    )


def test_a_refused_payment_in_dutch(run: Run) -> None:
    result = run("pay", "arnhem", "--year", "2026", "--amount", "5", "--date", "2023-03-01", *NL)
    assert (result.exit_code, result.stderr) == (
        1,
        "opgave: fout: opgave kan de betaling van Arnhem niet vastleggen: jaar 2026 valt buiten "
        "de looptijd (2023-2024)\n",
    )
    result = run(
        "pay", "arnhem", "--year", "2023", "--amount", "1,234.5", "--date", "1-3-2023", *NL
    )
    assert (result.exit_code, result.stderr) == (
        2,
        "opgave: fout: --amount: schrijf het bedrag zonder scheidingstekens tussen de "
        "duizendtallen, bijv. \"250000.00\" (gegeven: '1,234.5')\n",
    )


# --- check on broken data --------------------------------------------------------------


def set_signature(text: str, slug: str, value: str) -> str:
    start = text.index(f"  - slug: {slug}\n")
    at = text.index("    signature: null", start)
    return text[:at] + f"    signature: {value}" + text[at + len("    signature: null") :]


def break_gemeenten(data_dir: Path) -> None:
    """Six problems in gemeenten.yaml: a pattern, a date in the future, a signature without
    place and signatory, a capacity of the other party, an unknown key, no such date."""
    path = data_dir / "gemeenten.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("cbs_code: GM0202", "cbs_code: GM202", 1)
    text = text.replace("    name: Nijmegen\n", "    name: Nijmegen\n    naam: Nijmegen\n", 1)
    text = set_signature(text, "renkum", "{date: 2023-02-30, place: Renkum}")
    text = set_signature(text, "heumen", "{date: 2023-03-01, capacity: voorzitter}")
    text = set_signature(text, "beuningen", "{date: 2024-01-01, place: Beuningen, signatory: X}")
    path.write_text(text, encoding="utf-8")


FINDINGS_NL = [
    ("data/gemeenten.yaml:30:15", "gemeenten[arnhem].cbs_code: 'GM202' is geen "
     "CBS-gemeentecode: GM en vier cijfers, bijv. GM0202 [format]"),
    ("data/gemeenten.yaml:50:23", "gemeenten[beuningen].signature.date: 1 januari 2024 ligt in "
     "de toekomst (vandaag is het 1 juni 2023) [signature-date]"),
    ("data/gemeenten.yaml:82:16", "gemeenten[heumen].signature: bij de handtekening ontbreken "
     "place en signatory [signature-incomplete]"),
    ("data/gemeenten.yaml:82:45", "gemeenten[heumen].signature.capacity: capacity 'voorzitter' "
     "past niet bij deze partij; gebruik 'burgemeester' of 'namens de burgemeester' "
     "[signature-capacity]"),
    ("data/gemeenten.yaml:110:5", "gemeenten[nijmegen].naam: onbekende sleutel 'naam' "
     "[unknown-key]"),
    ("data/gemeenten.yaml:131:23", "gemeenten[renkum].signature.date: 2023-02-30 is geen "
     "bestaande datum [date]"),
]  # fmt: skip
FINDING = re.compile(r"(?P<where>\S+:\d+:\d+): (?P<severity>[^:]+): (?P<message>.*)")


def test_check_on_broken_data_in_dutch(run: Run, data_dir: Path) -> None:
    break_gemeenten(data_dir)
    result = run("check", *NL)
    assert result.exit_code == 1
    found = [FINDING.fullmatch(line) for line in result.stdout.splitlines()]
    assert [(m["where"], m["message"]) for m in found if m] == FINDINGS_NL


def test_check_on_broken_data_in_dutch_for_github(run: Run, data_dir: Path) -> None:
    break_gemeenten(data_dir)
    result = run("check", "--format", "github", *NL)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"::{kind} file=data/gemeenten.yaml,line={line},col={column},title=opgave check%3A "
        f"{rule}::{message.rpartition(' [')[0]}"
        for (where, message), kind in zip(
            FINDINGS_NL, ["error", "error", "warning", "error", "error", "error"], strict=True
        )
        for _file, line, column in [where.split(":")]
        for rule in [message.rpartition("[")[2].rstrip("]")]
    ]


def test_a_command_on_broken_data_says_its_first_problem_in_dutch(run: Run, data_dir: Path) -> None:
    break_gemeenten(data_dir)
    result = run("status", *NL)
    assert (result.exit_code, result.stderr) == (
        1,
        "opgave: fout: data/gemeenten.yaml:30:15: gemeenten[arnhem].cbs_code: 'GM202' is geen "
        "CBS-gemeentecode: GM en vier cijfers, bijv. GM0202 (en nog 4; `opgave check` toont "
        "ze allemaal)\n",
    )


# English words of the core's messages, and Dutch ones: none is a rule name, a file name, a
# key, a value of the data or a word of what `check` prints around its findings.
ENGLISH = re.compile(
    r"\b(the|is not|must|does not|has no|expected|unknown key|not a real|signature has|"
    r"future|cannot|today)\b"
)
DUTCH = re.compile(
    r"\b(niet|geen|moet|ontbreken|onbekende|bestaande|gebruik|handtekening|sleutel|"
    r"toekomst|vandaag|januari)\b"
)
LOCALE = {"OPGAVE_LANG": None, "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None}


def test_check_under_a_dutch_locale_says_nothing_in_english(run: Run, data_dir: Path) -> None:
    break_gemeenten(data_dir)
    result = run("check", env={**LOCALE, "LANG": "nl_NL.UTF-8"})
    findings = [m["message"] for m in map(FINDING.fullmatch, result.stdout.splitlines()) if m]
    assert len(findings) == 6
    assert [f for f in findings if ENGLISH.search(f)] == []
    assert all(DUTCH.search(f) for f in findings), findings


def test_check_under_the_c_locale_says_nothing_in_dutch(run: Run, data_dir: Path) -> None:
    break_gemeenten(data_dir)
    result = run("check", env={**LOCALE, "LANG": "C"})
    assert result.exit_code == 1
    assert DUTCH.search(result.stdout) is None, result.stdout
    assert len(ENGLISH.findall(result.stdout)) >= 6


# --- the readers and the store -----------------------------------------------------------


def test_a_cbs_refusal_in_dutch(run: Run) -> None:
    Path("observations.json").write_text("[1, 2]", encoding="utf-8")
    result = run("inhabitants", "import", "observations.json", *NL)
    assert (result.exit_code, result.stderr) == (
        1,
        "opgave: fout: observations.json: geen OData-antwoord van Observations (de JSON is geen "
        "object: [1, 2])\n",
    )


def test_the_rows_of_a_csv_in_dutch(run: Run, project: Path) -> None:
    rows = "party,date\narnhm,2023-02-01\nnijmegen,2023-02-30\nrheden,2023-02-01,x\nduiven,\n"
    (project / "rows.csv").write_text(rows, encoding="utf-8")
    result = run("sign", "--from", "rows.csv", *NL)
    assert (result.exit_code, result.stderr.splitlines()) == (
        1,
        [
            "opgave: fout: rows.csv:2: onbekende gemeente 'arnhm'; bedoelt u: arnhem? (opgave "
            "status toont ze allemaal)",
            "opgave: fout: rows.csv:3: date 2023-02-30 is geen bestaande datum",
            "opgave: fout: rows.csv:4: 3 cellen, maar de eerste regel heeft er 2",
            "opgave: fout: rows.csv:5: geen date: elke rij heeft een date nodig",
            "opgave: fout: er is niets opgeslagen: 4 rijen zijn fout",
        ],
    )


def test_a_write_error_in_dutch(run: Run, project: Path) -> None:
    (project / "schemas.txt").write_text("not a folder\n", encoding="utf-8")
    result = run("schema", "--out", "schemas.txt", *NL)
    assert (result.exit_code, result.stderr) == (
        1,
        "opgave: fout: schemas.txt: is geen map; er is niets opgeslagen\n",
    )


# --- the boundary ----------------------------------------------------------------------


def test_a_bug_in_dutch(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    monkeypatch.setattr(opgave_cli.domain.parties, "status", boom)
    result = run("status", *NL)
    assert (result.exit_code, result.stderr) == (
        3,
        "opgave: fout: dit is een programmafout in opgave (RuntimeError: boom); de details "
        "konden niet worden opgeslagen (No such file or directory); meld dit alstublieft\n",
    )


def test_ctrl_c_in_process_in_dutch(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(opgave_cli.domain.parties, "status", interrupt)
    result = run("status", *NL)
    assert (result.exit_code, result.stderr) == (130, "opgave: fout: onderbroken\n")


def test_a_note_in_dutch(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    i18n.use("nl")
    monkeypatch.setattr(sys, "stdout", FullStream())
    landed = _("the change was written to {files}").format(files="data/gemeenten.yaml")
    assert boundary.run(lambda: boundary.confirm(landed, lambda: print("x")) or 0) == 0
    assert capsys.readouterr().err == (
        "opgave: let op: de wijziging is opgeslagen in data/gemeenten.yaml, maar de bevestiging "
        "kon niet worden getoond: No space left on device\n"
    )


def test_the_line_of_ctrl_c_is_the_boundarys_in_each_language() -> None:
    """entry.py's handler cannot look its line up in the catalogue; it holds it per language."""
    for language in i18n.LANGUAGES:
        i18n.use(language)
        line = f"opgave: {_(boundary.KINDS['error'])}: {_('interrupted')}\n"
        assert entry.INTERRUPTED[language] == line.encode()


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_ctrl_c_of_the_console_script_in_dutch(tmp_path: Path) -> None:
    from filelock import FileLock

    root = project(tmp_path)
    with FileLock(root / "data" / ".opgave.lock"):
        process = subprocess.Popen(
            [*OPGAVE, "sign", "arnhem", "--date", "2023-02-01"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment(root, OPGAVE_LANG="nl"),
            cwd=root,
        )
        time.sleep(1.0)  # the language chosen and waiting for the lock by now
        assert process.poll() is None
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert (process.returncode, out, err) == (130, b"", b"opgave: fout: onderbroken\n")


@pytest.mark.slow
def test_the_console_script_speaks_dutch_from_the_locale(tmp_path: Path) -> None:
    root = project(tmp_path)
    environ = environment(root, unset=("OPGAVE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"))
    done = subprocess.run(
        [*OPGAVE, "sign", "arnhem", "--date", "2024-01-01"],
        capture_output=True,
        env={**environ, "LANG": "nl_NL.UTF-8"},
        cwd=root,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr.decode()) == (
        1,
        "opgave: fout: opgave kan de handtekening van Arnhem niet vastleggen: 1 januari 2024 "
        "ligt in de toekomst (vandaag is het 1 juni 2023)\n",
    )
